/*
 * cdm_triggers.c — triggers that keep the customer record current:
 *
 *   orders AFTER INSERT/UPDATE/DELETE   customer totals (completed orders,
 *                                       lifetime value, first/last order),
 *                                       lifecycle_stage and customer_type
 *   interactions / behaviour / events   a lead with activity becomes a
 *   AFTER INSERT                        prospect
 *
 * The computation itself is the SQL function recompute_customer_totals(),
 * which the nightly refresh runs set-based over all customers.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/pg_type.h"
#include "utils/timestamp.h"

#include "spi_util.h"
#include "trigger_util.h"

static SchemaPlan lock_customer_plan;
static SchemaPlan recompute_plan;
static SchemaPlan prospect_plan;

/* The customer_id of a row. */
static Datum
RowCustomerId(Relation rel, HeapTuple tuple, bool *isnull)
{
	return heap_getattr(tuple, TriggerColumn(rel, "customer_id"),
						RelationGetDescr(rel), isnull);
}

/*
 * RecomputeCustomer — lock the customer, then recompute from its orders in a
 * new command (and so a new snapshot): concurrent orders of one customer are
 * applied one after another, each seeing the ones committed before.
 */
static void
RecomputeCustomer(Oid schema, Datum customer_id)
{
	Oid			lock_types[1] = {INT8OID};
	Oid			recompute_types[2] = {INT8OID, TIMESTAMPTZOID};
	Datum		args[2];

	args[0] = customer_id;
	args[1] = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());
	ExecutePlan(PrepareInSchema(&lock_customer_plan, schema,
								"SELECT 1 FROM @s.customers WHERE id = $1 FOR NO KEY UPDATE",
								1, lock_types),
				args, NULL, SPI_OK_SELECT);
	if (SPI_processed == 0)
		return;					/* the customer is being deleted (cascade) */
	ExecutePlan(PrepareInSchema(&recompute_plan, schema,
								"SELECT @s.recompute_customer_totals(ARRAY[$1], $2)",
								2, recompute_types),
				args, NULL, SPI_OK_SELECT);
}

/* orders_after() — AFTER INSERT OR UPDATE OR DELETE ON orders FOR EACH ROW. */
PG_FUNCTION_INFO_V1(orders_after);
Datum
orders_after(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = CheckTrigger(fcinfo, "orders_after", true, false);
	Relation	rel = trigdata->tg_relation;
	Oid			schema = FunctionSchema(fcinfo);
	bool		new_null = true;
	bool		old_null = true;
	Datum		new_customer = 0;
	Datum		old_customer = 0;
	SpiScope	spi;

	if (TRIGGER_FIRED_BY_INSERT(trigdata->tg_event))
		new_customer = RowCustomerId(rel, trigdata->tg_trigtuple, &new_null);
	else if (TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event))
	{
		new_customer = RowCustomerId(rel, trigdata->tg_newtuple, &new_null);
		old_customer = RowCustomerId(rel, trigdata->tg_trigtuple, &old_null);
		if (!old_null && !new_null && DatumGetInt64(old_customer) == DatumGetInt64(new_customer))
			old_null = true;
	}
	else if (TRIGGER_FIRED_BY_DELETE(trigdata->tg_event))
		old_customer = RowCustomerId(rel, trigdata->tg_trigtuple, &old_null);
	else
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("orders_after: must be fired on INSERT, UPDATE or DELETE")));

	SpiBegin(&spi);
	if (!new_null)
		RecomputeCustomer(schema, new_customer);
	if (!old_null)
		RecomputeCustomer(schema, old_customer);
	SpiEnd(&spi);
	return PointerGetDatum(NULL);
}

/* customer_activity_after() — AFTER INSERT FOR EACH ROW: lead → prospect. */
PG_FUNCTION_INFO_V1(customer_activity_after);
Datum
customer_activity_after(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = CheckTrigger(fcinfo, "customer_activity_after", true, false);
	Oid			types[1] = {INT8OID};
	Datum		args[1];
	bool		isnull;
	SpiScope	spi;

	if (!TRIGGER_FIRED_BY_INSERT(trigdata->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("customer_activity_after: must be fired on INSERT")));
	args[0] = RowCustomerId(trigdata->tg_relation, trigdata->tg_trigtuple, &isnull);
	if (isnull)
		return PointerGetDatum(NULL);
	SpiBegin(&spi);
	ExecutePlan(PrepareInSchema(&prospect_plan, FunctionSchema(fcinfo),
								"UPDATE @s.customers SET lifecycle_stage = 'prospect' "
								"WHERE id = $1 AND lifecycle_stage = 'lead'",
								1, types),
				args, NULL, SPI_OK_UPDATE);
	SpiEnd(&spi);
	return PointerGetDatum(NULL);
}
