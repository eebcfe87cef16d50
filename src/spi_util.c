/*
 * spi_util.c — running SQL from C code safely: the extension's schema found
 * through the catalog, every name in the SQL qualified with it, plans
 * prepared once and kept, and search_path pinned while they run.
 */
#include "postgres.h"

#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "spi_util.h"

/*
 * Bumped whenever a schema's catalog row changes (ALTER SCHEMA ... RENAME
 * among others): a kept plan holds the schema's name in its query text, and
 * PostgreSQL re-parses that text when it revalidates the plan.
 */
static uint64 schema_generation = 1;

static void
SchemaChanged(Datum arg, int cacheid, uint32 hashvalue)
{
	schema_generation++;
}

/* RegisterSchemaPlanInvalidation — called once from _PG_init. */
void
RegisterSchemaPlanInvalidation(void)
{
	CacheRegisterSyscacheCallback(NAMESPACEOID, SchemaChanged, (Datum) 0);
}

/*
 * SpiBegin — connect to SPI and run the SQL that follows with search_path set
 * to pg_catalog, pg_temp, whatever the caller's is, so that no object a user
 * creates can stand in for a built-in operator or function.  SpiEnd() undoes
 * both; an error undoes them too.
 */
void
SpiBegin(SpiScope *scope)
{
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	scope->guc_level = NewGUCNestLevel();
	(void) set_config_option("search_path", "pg_catalog, pg_temp",
							 PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE,
							 true, 0, false);
}

/*
 * SpiAllowLocalReferenceReads — inside SpiBegin/SpiEnd, let the reads that
 * follow reach a reference table (settings, algorithms) from a trigger that
 * fires on a Citus shard.  Citus refuses any distributed query from a query
 * on a shard unless citus.allow_nested_distributed_execution is on; a
 * reference table has a copy on every node, so the read stays local.  Only
 * the caches of those two tables call it.  Without Citus the variable does
 * not exist and nothing is set.
 */
void
SpiAllowLocalReferenceReads(void)
{
	if (GetConfigOption("citus.allow_nested_distributed_execution", true, false) != NULL)
		(void) set_config_option("citus.allow_nested_distributed_execution", "on",
								 PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE,
								 true, 0, false);
}

void
SpiEnd(SpiScope *scope)
{
	AtEOXact_GUC(true, scope->guc_level);
	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");
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
 * quoted extension schema.  The plan is cached in *cached and prepared again
 * only when the schema is another (the extension was re-created elsewhere) or
 * a schema was renamed.  Parameters are of built-in types; extension types
 * are cast in the SQL, so that plans survive DROP / CREATE EXTENSION.  Caller
 * must be SPI-connected.
 */
SPIPlanPtr
PrepareInSchema(SchemaPlan *cached, Oid schema, const char *sql, int nargs,
				Oid *argtypes)
{
	StringInfoData query;
	const char *quoted;
	const char *p;
	SPIPlanPtr	plan;

	if (cached->plan != NULL && cached->schema == schema &&
		cached->generation == schema_generation)
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
	cached->generation = schema_generation;
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

/* SingleResultValue — a column of the one row the last SPI query returned. */
Datum
SingleResultValue(int column, bool *isnull)
{
	if (SPI_processed != 1)
		elog(ERROR, "expected one row, got " UINT64_FORMAT, SPI_processed);
	return SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, column, isnull);
}
