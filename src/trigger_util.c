/*
 * trigger_util.c — the trigger-protocol checks every trigger function starts
 * with (contrib/spi's moddatetime order), the new row of an INSERT or UPDATE,
 * columns by name, and a BEFORE trigger's row deformed and formed once.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "executor/spi.h"
#include "utils/builtins.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"

#include "trigger_util.h"

/*
 * CheckTrigger — called as a trigger, for the right level and timing.
 * Returns the TriggerData.
 */
TriggerData *
CheckTrigger(FunctionCallInfo fcinfo, const char *funcname, bool for_row,
			 bool before)
{
	TriggerData *trigdata;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("%s: not called by trigger manager", funcname)));
	trigdata = (TriggerData *) fcinfo->context;
	if ((TRIGGER_FIRED_FOR_ROW(trigdata->tg_event) != 0) != for_row)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("%s: must be fired for each %s", funcname,
						for_row ? "row" : "statement")));
	if ((TRIGGER_FIRED_BEFORE(trigdata->tg_event) != 0) != before)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("%s: must be fired %s the event", funcname,
						before ? "before" : "after")));
	return trigdata;
}

/*
 * TriggerNewTuple — the row as it will be stored: the inserted row, or the
 * new version of an updated one.  Any other event is a protocol error.
 */
HeapTuple
TriggerNewTuple(TriggerData *trigdata, const char *funcname)
{
	if (TRIGGER_FIRED_BY_INSERT(trigdata->tg_event))
		return trigdata->tg_trigtuple;
	if (TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event))
		return trigdata->tg_newtuple;
	ereport(ERROR,
			(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
			 errmsg("%s: must be fired on INSERT or UPDATE", funcname)));
	return NULL;				/* keep compiler quiet */
}

/* TriggerColumn — the number of a column a trigger needs, by name. */
int
TriggerColumn(Relation rel, const char *name)
{
	int			attnum = SPI_fnumber(RelationGetDescr(rel), name);

	if (attnum <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("column \"%s\" of relation \"%s\" does not exist",
						name, RelationGetRelationName(rel)),
				 errhint("The customer_scoring triggers need the columns the extension created.")));
	return attnum;
}

/*
 * TriggerRowDeform — every column of a trigger's row in one pass.  Reading
 * columns one by one with heap_getattr walks the tuple from its start for
 * each column behind a NULL or a variable-length one, and
 * heap_modify_tuple_by_cols would deform the row a second time.
 */
void
TriggerRowDeform(TriggerRow *row, MemoryContext mcxt, HeapTuple tuple,
				 TupleDesc desc)
{
	if (row->values == NULL || row->natts != desc->natts)
	{
		row->natts = desc->natts;
		row->values = MemoryContextAlloc(mcxt, sizeof(Datum) * Max(1, row->natts));
		row->nulls = MemoryContextAlloc(mcxt, sizeof(bool) * Max(1, row->natts));
	}
	heap_deform_tuple(tuple, desc, row->values, row->nulls);
}

/*
 * TriggerRowForm — the new row of a BEFORE trigger from the (changed)
 * values, with the identity of the original, as heap_modify_tuple keeps it.
 */
HeapTuple
TriggerRowForm(const TriggerRow *row, HeapTuple original, TupleDesc desc)
{
	HeapTuple	result = heap_form_tuple(desc, row->values, row->nulls);

	result->t_data->t_ctid = original->t_data->t_ctid;
	result->t_self = original->t_self;
	result->t_tableOid = original->t_tableOid;
	return result;
}

/*
 * InvalidateCachedTable — make every backend drop what it cached of the
 * trigger's table when this transaction commits, and this backend at once
 * (invalidate()).  On Citus the trigger fires on a shard, while the caches
 * are keyed on the table of the extension's schema (named table_name): that
 * one is invalidated too.
 */
void
InvalidateCachedTable(FunctionCallInfo fcinfo, TriggerData *trigdata,
					  const char *table_name, void (*invalidate) (void))
{
	Oid			table = get_relname_relid(table_name,
										  get_func_namespace(fcinfo->flinfo->fn_oid));

	CacheInvalidateRelcache(trigdata->tg_relation);
	if (OidIsValid(table) && table != RelationGetRelid(trigdata->tg_relation))
		CacheInvalidateRelcacheByRelid(table);
	if (invalidate != NULL)
		invalidate();
}

/*
 * cached_table_changed(table_name) — AFTER ... FOR EACH STATEMENT on a table
 * that backends cache (the active warmth algorithm, the settings): every
 * session re-reads it at its next statement.  The relcache invalidation it
 * sends reaches the caches' callbacks, this backend's included.
 */
PG_FUNCTION_INFO_V1(cached_table_changed);
Datum
cached_table_changed(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = CheckTrigger(fcinfo, "cached_table_changed", false, false);

	if (trigdata->tg_trigger->tgnargs != 1)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("cached_table_changed: needs the cached table's name as its one argument")));
	InvalidateCachedTable(fcinfo, trigdata, trigdata->tg_trigger->tgargs[0], NULL);
	return PointerGetDatum(NULL);
}
