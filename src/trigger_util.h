/*
 * trigger_util.h — what every trigger function of the extension shares: the
 * trigger-protocol checks, columns found by name, and the row of a BEFORE
 * trigger read and rewritten in one pass.
 */
#ifndef TRIGGER_UTIL_H
#define TRIGGER_UTIL_H

#include "fmgr.h"
#include "access/htup.h"
#include "commands/trigger.h"
#include "utils/rel.h"

extern TriggerData *CheckTrigger(FunctionCallInfo fcinfo, const char *funcname,
								 bool for_row, bool before);
extern HeapTuple TriggerNewTuple(TriggerData *trigdata, const char *funcname);
extern int	TriggerColumn(Relation rel, const char *name);
extern void InvalidateCachedTable(FunctionCallInfo fcinfo, TriggerData *trigdata,
								  const char *table_name, void (*invalidate) (void));

/*
 * The row a BEFORE trigger reads and rewrites, deformed once.  The arrays are
 * allocated once per statement (in the trigger's fn_mcxt) and reused.
 */
typedef struct TriggerRow
{
	int			natts;
	Datum	   *values;
	bool	   *nulls;
} TriggerRow;

extern void TriggerRowDeform(TriggerRow *row, MemoryContext mcxt,
							 HeapTuple tuple, TupleDesc desc);
extern HeapTuple TriggerRowForm(const TriggerRow *row, HeapTuple original,
								TupleDesc desc);

/* TriggerRowSet — one column of the row, by attribute number. */
static inline void
TriggerRowSet(TriggerRow *row, int attnum, Datum value, bool isnull)
{
	row->values[attnum - 1] = value;
	row->nulls[attnum - 1] = isnull;
}

#endif							/* TRIGGER_UTIL_H */
