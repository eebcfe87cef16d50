/*
 * customer_scoring.c — module entry: settings, and the helpers that let C
 * code run SQL safely (prepared, kept plans naming the extension's schema).
 */
#include "customer_scoring.h"

#include <math.h>

#include "access/htup_details.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

char	   *cs_change_trigger = NULL;
char	   *cs_change_description = NULL;
static double cs_vip_threshold = 100000;
static char *cs_ltv_tiers = NULL;
static char *cs_positive_outcomes = NULL;
static int	cs_leap_day_observed = 0;

static const struct config_enum_entry leap_day_options[] = {
	{"feb28", 0, false},
	{"mar1", 1, false},
	{NULL, 0, false}
};

/* ltv_tiers: comma-separated numbers, strictly increasing, not negative. */
static bool
CheckLtvTiers(char **newval, void **extra, GucSource source)
{
	char	   *copy = pstrdup(*newval);
	char	   *token;
	char	   *save = NULL;
	double		previous = -1;

	for (token = strtok_r(copy, ",", &save); token; token = strtok_r(NULL, ",", &save))
	{
		char	   *end;
		double		value = strtod(token, &end);

		while (*end == ' ')
			end++;
		if (end == token || *end != '\0' || !isfinite(value) || !(value > previous))
		{
			GUC_check_errdetail("customer_scoring.ltv_tiers must be increasing non-negative numbers separated by commas.");
			pfree(copy);
			return false;
		}
		previous = value;
	}
	pfree(copy);
	if (previous < 0)
	{
		GUC_check_errdetail("customer_scoring.ltv_tiers must list at least one number.");
		return false;
	}
	return true;
}

void
_PG_init(void)
{
	DefineCustomStringVariable("customer_scoring.change_trigger",
							   "What caused the warmth changes of this transaction or session.",
							   "Recorded as change_trigger in customer_warmth_history; "
							   "empty means insert or manual_update.",
							   &cs_change_trigger, "", PGC_USERSET, 0,
							   NULL, NULL, NULL);
	DefineCustomStringVariable("customer_scoring.change_description",
							   "Description recorded with the warmth changes of this transaction or session.",
							   NULL,
							   &cs_change_description, "", PGC_USERSET, 0,
							   NULL, NULL, NULL);
	DefineCustomRealVariable("customer_scoring.vip_threshold",
							 "Lifetime value from which a customer is a VIP.",
							 NULL, &cs_vip_threshold, 100000, 0, 1e15,
							 PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomStringVariable("customer_scoring.ltv_tiers",
							   "Lifetime values that each add one point of call priority.",
							   "Comma-separated, increasing.",
							   &cs_ltv_tiers, "10000,50000,100000", PGC_USERSET, 0,
							   CheckLtvTiers, NULL, NULL);
	DefineCustomStringVariable("customer_scoring.positive_outcomes",
							   "Interaction outcomes that count as positive for the best call time.",
							   "Comma-separated, matched case-insensitively.",
							   &cs_positive_outcomes,
							   "interested,purchased,converted,callback_requested,positive",
							   PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomEnumVariable("customer_scoring.leap_day_observed",
							 "When a 29 February birthday or anniversary falls in common years.",
							 NULL, &cs_leap_day_observed, 0, leap_day_options,
							 PGC_USERSET, 0, NULL, NULL, NULL);
	MarkGUCPrefixReserved("customer_scoring");
	RegisterWarmthCaches();
}

/* SettingOrNull — a string setting's value, NULL when empty. */
const char *
SettingOrNull(const char *value)
{
	return (value == NULL || value[0] == '\0') ? NULL : value;
}

/*
 * FunctionSchema — the schema of the calling function, which is the
 * extension's schema.  Looked up through the syscache, never by name, so a
 * trigger firing on a Citus shard or under any search_path finds its tables.
 */
Oid
FunctionSchema(FunctionCallInfo fcinfo)
{
	return get_func_namespace(fcinfo->flinfo->fn_oid);
}

/*
 * PrepareInSchema — a kept SPI plan for sql, where every "@s." stands for the
 * quoted extension schema.  The plan is cached in *cached and rebuilt only
 * when the schema changes (the extension was re-created elsewhere).
 * Parameters are of built-in types; extension types are cast in the SQL, so
 * that plans survive DROP / CREATE EXTENSION.  Caller must be SPI-connected.
 */
SPIPlanPtr
PrepareInSchema(SchemaPlan *cached, Oid schema, const char *sql, int nargs,
				Oid *argtypes)
{
	StringInfoData query;
	const char *quoted;
	const char *p;
	SPIPlanPtr	plan;

	if (cached->plan != NULL && cached->schema == schema)
		return cached->plan;

	quoted = quote_identifier(get_namespace_name(schema));
	initStringInfo(&query);
	for (p = sql; *p; p++)
	{
		if (strncmp(p, "@s.", 3) == 0)
		{
			appendStringInfo(&query, "%s.", quoted);
			p += 2;
		}
		else
			appendStringInfoChar(&query, *p);
	}
	plan = SPI_prepare(query.data, nargs, argtypes);
	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed for \"%s\": %s", query.data,
			 SPI_result_code_string(SPI_result));
	if (SPI_keepplan(plan) != 0)
		elog(ERROR, "SPI_keepplan failed");
	if (cached->plan != NULL)
		SPI_freeplan(cached->plan);
	cached->plan = plan;
	cached->schema = schema;
	return plan;
}

/* ExecutePlan — run a kept plan and check the result code. */
void
ExecutePlan(SPIPlanPtr plan, Datum *values, const char *nulls, int expected)
{
	int			rc = SPI_execute_plan(plan, values, nulls, false, 0);

	if (rc != expected)
		elog(ERROR, "SPI_execute_plan returned %s", SPI_result_code_string(rc));
}

/*
 * CheckTrigger — the trigger-protocol checks every trigger function starts
 * with (moddatetime's order): called as a trigger, for the right level and
 * timing.  Returns the TriggerData.
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
 * PinSearchPath — run the SQL that follows with search_path set to
 * pg_catalog, pg_temp, whatever the caller's is, so that no object a user
 * creates can stand in for a built-in operator or function.  Undo it with
 * RestoreSearchPath(level); an error undoes it too.
 */
int
PinSearchPath(void)
{
	int			level = NewGUCNestLevel();

	(void) set_config_option("search_path", "pg_catalog, pg_temp",
							 PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE,
							 true, 0, false);
	return level;
}

void
RestoreSearchPath(int level)
{
	AtEOXact_GUC(true, level);
}

/*
 * setting(name) — the value of the setting customer_scoring.<name>.  SQL
 * code reads settings through this C function rather than current_setting():
 * calling it loads the library, which defines the settings and their
 * defaults, so they exist even as the first thing a session does.
 */
PG_FUNCTION_INFO_V1(customer_scoring_setting);
Datum
customer_scoring_setting(PG_FUNCTION_ARGS)
{
	char	   *name = text_to_cstring(PG_GETARG_TEXT_PP(0));
	char	   *full = psprintf("customer_scoring.%s", name);
	const char *value = GetConfigOption(full, true, false);

	if (value == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("unrecognized configuration parameter \"%s\"", full)));
	PG_RETURN_TEXT_P(cstring_to_text(value));
}
