/*
 * callsite.c — what a function computes once per call site and keeps in its
 * fn_extra (in the function's own memory context), never once per row:
 *
 *   enum values   the OID of each label of the enum the function returns or
 *                 writes, looked up by the enum type (from the declared
 *                 result or the column), never by type name, so the
 *                 extension's schema and the caller's search_path do not
 *                 matter;
 *   result rows   the blessed descriptor of a composite result, and the
 *                 formed rows of a result that depends on a small key (an
 *                 RFM cell).
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_enum.h"
#include "funcapi.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "callsite.h"

#define ENUM_CACHE_SLOTS 4
#define ENUM_MAX_LABELS 16

typedef struct EnumCacheSlot
{
	Oid			enumtypid;
	int			nlabels;
	Oid			label_oids[ENUM_MAX_LABELS];
} EnumCacheSlot;

typedef struct CallSiteCache
{
	Oid			result_type;	/* the function's declared result type */
	TupleDesc	result_desc;	/* blessed, for composite results */
	HeapTupleHeader *rows;		/* CachedResultRow: formed rows by key */
	int			nrows;
	EnumCacheSlot slots[ENUM_CACHE_SLOTS];
} CallSiteCache;

/* EnumLabelOid — the OID of one label of an enum type. */
Oid
EnumLabelOid(Oid enumtypid, const char *label)
{
	Oid			oid = GetSysCacheOid2(ENUMTYPOIDNAME, Anum_pg_enum_oid,
									  ObjectIdGetDatum(enumtypid),
									  CStringGetDatum(label));

	if (!OidIsValid(oid))
		elog(ERROR, "enum type %u has no label \"%s\"", enumtypid, label);
	return oid;
}

static CallSiteCache *
GetCallSiteCache(FmgrInfo *flinfo)
{
	if (flinfo->fn_extra == NULL)
		flinfo->fn_extra = MemoryContextAllocZero(flinfo->fn_mcxt,
												  sizeof(CallSiteCache));
	return (CallSiteCache *) flinfo->fn_extra;
}

static EnumCacheSlot *
EnumCacheLookup(FmgrInfo *flinfo, Oid enumtypid, const char *const *labels,
				int nlabels)
{
	CallSiteCache *cache = GetCallSiteCache(flinfo);

	Assert(nlabels <= ENUM_MAX_LABELS);
	for (int i = 0; i < ENUM_CACHE_SLOTS; i++)
	{
		EnumCacheSlot *slot = &cache->slots[i];

		if (slot->enumtypid == enumtypid)
			return slot;
		if (!OidIsValid(slot->enumtypid))
		{
			for (int j = 0; j < nlabels; j++)
				slot->label_oids[j] = EnumLabelOid(enumtypid, labels[j]);
			slot->nlabels = nlabels;
			slot->enumtypid = enumtypid;	/* set last: valid only when complete */
			return slot;
		}
	}
	elog(ERROR, "too many enum types in one function");
	return NULL;				/* keep compiler quiet */
}

/*
 * EnumLabelDatum — the enum value labels[index] of enum type enumtypid, with
 * the label OIDs cached on the calling function's FmgrInfo.
 */
Datum
EnumLabelDatum(FunctionCallInfo fcinfo, Oid enumtypid,
			   const char *const *labels, int nlabels, int index)
{
	EnumCacheSlot *slot = EnumCacheLookup(fcinfo->flinfo, enumtypid,
										  labels, nlabels);

	if (index < 0 || index >= slot->nlabels)
		elog(ERROR, "enum label index %d out of range", index);
	return ObjectIdGetDatum(slot->label_oids[index]);
}

/*
 * ResultEnumLabel — labels[index] of the enum type the calling function is
 * declared to return.
 */
Datum
ResultEnumLabel(FunctionCallInfo fcinfo, const char *const *labels,
				int nlabels, int index)
{
	CallSiteCache *cache = GetCallSiteCache(fcinfo->flinfo);

	if (!OidIsValid(cache->result_type))
		cache->result_type = get_func_rettype(fcinfo->flinfo->fn_oid);
	return EnumLabelDatum(fcinfo, cache->result_type, labels, nlabels, index);
}

/*
 * ResultTupleDesc — the blessed descriptor of the calling function's
 * composite result, built once per call site rather than once per row.
 */
TupleDesc
ResultTupleDesc(FunctionCallInfo fcinfo)
{
	CallSiteCache *cache = GetCallSiteCache(fcinfo->flinfo);

	if (cache->result_desc == NULL)
	{
		TupleDesc	desc;
		MemoryContext old;

		if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "function returning a record called in a context that cannot accept it");
		old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		cache->result_desc = BlessTupleDesc(CreateTupleDescCopy(desc));
		MemoryContextSwitchTo(old);
	}
	return cache->result_desc;
}

/*
 * CachedResultRow — a composite result that is a function of a small key
 * (an RFM cell: 125 keys), formed once per call site by build() and then
 * only copied: forming the row, its text and enum values costs more than
 * the score itself.
 */
Datum
CachedResultRow(FunctionCallInfo fcinfo, int key, int nkeys,
				ResultRowBuilder build, const void *arg)
{
	CallSiteCache *cache = GetCallSiteCache(fcinfo->flinfo);
	HeapTupleHeader row;
	HeapTupleHeader copy;

	if (key < 0 || key >= nkeys)
		elog(ERROR, "result row key %d out of range", key);
	if (cache->rows == NULL || cache->nrows != nkeys)
	{
		cache->rows = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt,
											 sizeof(HeapTupleHeader) * nkeys);
		cache->nrows = nkeys;
	}
	row = cache->rows[key];
	if (row == NULL)
	{
		TupleDesc	desc = ResultTupleDesc(fcinfo);
		Datum	   *values = palloc(sizeof(Datum) * desc->natts);
		bool	   *nulls = palloc0(sizeof(bool) * desc->natts);
		HeapTuple	formed;
		MemoryContext old;

		build(fcinfo, desc, arg, values, nulls);
		old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		formed = heap_form_tuple(desc, values, nulls);
		MemoryContextSwitchTo(old);
		row = formed->t_data;
		cache->rows[key] = row;
	}
	copy = palloc(HeapTupleHeaderGetDatumLength(row));
	memcpy(copy, row, HeapTupleHeaderGetDatumLength(row));
	return HeapTupleHeaderGetDatum(copy);
}
