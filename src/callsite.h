/*
 * callsite.h — enum values and composite result rows, computed once per call
 * site and kept in fn_extra.
 */
#ifndef CALLSITE_H
#define CALLSITE_H

#include "fmgr.h"
#include "access/tupdesc.h"

extern Oid	EnumLabelOid(Oid enumtypid, const char *label);
extern Datum EnumLabelDatum(FunctionCallInfo fcinfo, Oid enumtypid,
							const char *const *labels, int nlabels, int index);
extern Datum ResultEnumLabel(FunctionCallInfo fcinfo, const char *const *labels,
							 int nlabels, int index);
extern TupleDesc ResultTupleDesc(FunctionCallInfo fcinfo);

/* Fills values/nulls of the result row that arg describes. */
typedef void (*ResultRowBuilder) (FunctionCallInfo fcinfo, TupleDesc desc,
								  const void *arg, Datum *values, bool *nulls);
extern Datum CachedResultRow(FunctionCallInfo fcinfo, int key, int nkeys,
							 ResultRowBuilder build, const void *arg);

#endif							/* CALLSITE_H */
