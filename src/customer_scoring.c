/*
 * customer_scoring.c — module entry: _PG_init, and the extension's settings.
 *
 * Two kinds of settings:
 *
 *   table settings    what changes what is computed or stored (the VIP
 *                     threshold, lifetime-value tiers, alert thresholds, ...)
 *                     is a row of customer_scoring_settings, so that every
 *                     session, pooled connection, trigger, replica and Citus
 *                     worker reads the same committed value.  Each backend
 *                     caches the rows and drops the cache when the table
 *                     changes (a statement trigger sends the invalidation).
 *   session context   customer_scoring.change_trigger / .change_description
 *                     describe the current transaction's changes for the
 *                     warmth history; they are meant for SET LOCAL.
 */
#include "postgres.h"

#include <ctype.h>
#include <math.h>

#include "catalog/pg_namespace.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "numeric_util.h"
#include "settings.h"
#include "spi_util.h"
#include "trigger_util.h"
#include "warmth_triggers.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

/* ----- session context: the GUCs ----- */

/* change_trigger is stored in varchar(255); a description is kept short too. */
#define CHANGE_TRIGGER_MAX_CHARS 255
#define CHANGE_DESCRIPTION_MAX_CHARS 4096

char	   *cs_change_trigger = NULL;
char	   *cs_change_description = NULL;

static bool
CheckLength(const char *value, int max_chars)
{
	if (value != NULL && pg_mbstrlen(value) > max_chars)
	{
		GUC_check_errdetail("The value must be at most %d characters long.", max_chars);
		return false;
	}
	return true;
}

static bool
CheckChangeTrigger(char **newval, void **extra, GucSource source)
{
	return CheckLength(*newval, CHANGE_TRIGGER_MAX_CHARS);
}

static bool
CheckChangeDescription(char **newval, void **extra, GucSource source)
{
	return CheckLength(*newval, CHANGE_DESCRIPTION_MAX_CHARS);
}

/* SettingOrNull — a string setting's value, NULL when empty. */
const char *
SettingOrNull(const char *value)
{
	return (value == NULL || value[0] == '\0') ? NULL : value;
}

/* ----- table settings: names, defaults, and the rules of their values ----- */

typedef enum SettingKind
{
	SETTING_NUMBER,				/* one number within [min, max] */
	SETTING_OPTIONAL_NUMBER,	/* the same, or empty (= unset) */
	SETTING_INTEGER,			/* a whole number within [min, max] */
	SETTING_INCREASING_NUMBERS, /* comma-separated, increasing, >= min */
	SETTING_WORDS,				/* comma-separated, none empty */
	SETTING_CHOICE				/* one of choices */
} SettingKind;

typedef struct SettingRule
{
	const char *name;
	const char *default_value;
	const char *description;
	SettingKind kind;
	double		min;
	bool		min_inclusive;
	double		max;
	bool		max_inclusive;
	const char *choices;		/* SETTING_CHOICE: "a|b" */
} SettingRule;

static const SettingRule setting_rules[] = {
	{"vip_threshold", "100000",
		"Lifetime value from which a customer is a VIP (customer_type vip): a number >= 0",
	SETTING_NUMBER, 0, true, 1e15, true, NULL},
	{"ltv_tiers", "10000,50000,100000",
		"Lifetime values that each add one point of call priority: increasing numbers >= 0, comma-separated",
	SETTING_INCREASING_NUMBERS, 0, true, 1e15, true, NULL},
	{"positive_outcomes", "interested,purchased,converted,callback_requested,positive",
		"Interaction outcomes that count as positive for the best call time, matched case-insensitively: comma-separated",
	SETTING_WORDS, 0, false, 0, false, NULL},
	{"leap_day_observed", "feb28",
		"When a 29 February birthday or anniversary falls in common years: feb28 or mar1",
	SETTING_CHOICE, 0, false, 0, false, "feb28|mar1"},
	{"monthly_discount", "0.01",
		"Monthly discount rate of the 12-month customer lifetime value: a number in [0, 1)",
	SETTING_NUMBER, 0, true, 1, false, NULL},
	{"reward_points", "1000",
		"Points balance from which a customer gets a loyalty_reward opportunity: a whole number >= 0",
	SETTING_INTEGER, 0, true, PG_INT32_MAX, true, NULL},
	{"alert_health_drop", "15",
		"Health score drop that raises a health_drop alert: a number in (0, 100]",
	SETTING_NUMBER, 0, false, 100, true, NULL},
	{"alert_warmth_drop", "20",
		"Warmth score drop that raises a warmth_drop alert: a number in (0, 100]",
	SETTING_NUMBER, 0, false, 100, true, NULL},
	{"alert_p_alive", "0.5",
		"P(alive) below which a valuable customer raises a valuable_at_risk alert: a number in [0, 1]",
	SETTING_NUMBER, 0, true, 1, true, NULL},
	{"industry_health_average", "",
		"Industry average health score for the benchmark comparison: empty (unknown) or a number in [0, 100]",
	SETTING_OPTIONAL_NUMBER, 0, true, 100, true, NULL},
};

static const SettingRule *
FindSettingRule(const char *name)
{
	for (int i = 0; i < lengthof(setting_rules); i++)
		if (strcmp(setting_rules[i].name, name) == 0)
			return &setting_rules[i];
	return NULL;
}

/*
 * ParseDecimal — a plain decimal number ("12", "0.5", ".5", "-3"), nothing
 * else: no exponent, hexadecimal, NaN or infinity, which strtod() would take.
 */
static bool
ParseDecimal(const char *start, const char *end, double *value)
{
	const char *p = start;
	int			digits = 0;
	char	   *copy;

	while (p < end && isspace((unsigned char) *p))
		p++;
	while (end > p && isspace((unsigned char) end[-1]))
		end--;
	if (p < end && (*p == '+' || *p == '-'))
		p++;
	for (; p < end && isdigit((unsigned char) *p); p++)
		digits++;
	if (p < end && *p == '.')
		for (p++; p < end && isdigit((unsigned char) *p); p++)
			digits++;
	if (p != end || digits == 0)
		return false;
	copy = pnstrdup(start, end - start);
	*value = strtod(copy, NULL);
	pfree(copy);
	return true;
}

static bool
WithinRange(const SettingRule *rule, double value)
{
	return (rule->min_inclusive ? value >= rule->min : value > rule->min) &&
		(rule->max_inclusive ? value <= rule->max : value < rule->max);
}

/* The range of a rule in words, for messages: "between 0 and 100", ... */
static char *
RangeText(const SettingRule *rule)
{
	return psprintf("%s%g, %g%s", rule->min_inclusive ? "[" : "(", rule->min,
					rule->max, rule->max_inclusive ? "]" : ")");
}

/*
 * SettingValueProblem — NULL when value is valid for rule, else why not (a
 * sentence for errdetail).
 */
static char *
SettingValueProblem(const SettingRule *rule, const char *value)
{
	double		number;
	double		previous = -INFINITY;
	const char *item;
	int			items = 0;

	switch (rule->kind)
	{
		case SETTING_OPTIONAL_NUMBER:
			if (strspn(value, " \t") == strlen(value))
				return NULL;
			/* FALLTHROUGH */
		case SETTING_NUMBER:
			if (!ParseDecimal(value, value + strlen(value), &number) ||
				!WithinRange(rule, number))
				return psprintf("The value must be a number in %s%s.", RangeText(rule),
								rule->kind == SETTING_OPTIONAL_NUMBER ? ", or empty" : "");
			return NULL;
		case SETTING_INTEGER:
			if (!ParseDecimal(value, value + strlen(value), &number) ||
				strchr(value, '.') != NULL || !WithinRange(rule, number))
				return psprintf("The value must be a whole number in %s.", RangeText(rule));
			return NULL;
		case SETTING_CHOICE:
			for (item = rule->choices; *item;)
			{
				size_t		len = strcspn(item, "|");

				if (strlen(value) == len && strncmp(value, item, len) == 0)
					return NULL;
				item += len + (item[len] == '|');
			}
			return psprintf("The value must be one of %s.", rule->choices);
		case SETTING_INCREASING_NUMBERS:
		case SETTING_WORDS:
			for (item = value;; item++)
			{
				const char *end = item + strcspn(item, ",");
				const char *p = item;

				while (p < end && isspace((unsigned char) *p))
					p++;
				if (p == end)
					return psprintf("The value must be a comma-separated list without empty items.");
				if (rule->kind == SETTING_INCREASING_NUMBERS)
				{
					if (!ParseDecimal(item, end, &number) || !WithinRange(rule, number) ||
						!(number > previous))
						return psprintf("The value must be increasing numbers in %s, comma-separated.",
										RangeText(rule));
					previous = number;
				}
				items++;
				item = end;
				if (*item == '\0')
					break;
			}
			return items > 0 ? NULL : psprintf("The value must list at least one item.");
	}
	return NULL;
}

/* CheckSetting — a valid value for a known setting, or ERROR 22023. */
static void
CheckSetting(const char *name, const char *value)
{
	const SettingRule *rule = FindSettingRule(name);
	char	   *problem;

	if (rule == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown setting \"%s\"", name),
				 errhint("The settings are the rows of customer_scoring_settings; setting_defaults() lists them.")));
	problem = SettingValueProblem(rule, value);
	if (problem != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid value for setting \"%s\": \"%s\"", name, value),
				 errdetail_internal("%s", problem)));
}

/* ----- table settings: the per-backend cache ----- */

typedef struct SettingsCache
{
	bool		valid;
	Oid			schema;			/* extension schema it was read from */
	Oid			relid;			/* customer_scoring_settings, for invalidation */
	int			count;
	char	   *names[lengthof(setting_rules)];	/* in TopMemoryContext */
	char	   *values[lengthof(setting_rules)];
} SettingsCache;

static SettingsCache settings_cache;

static void
SettingsRelcacheCallback(Datum arg, Oid relid)
{
	if (relid == InvalidOid || relid == settings_cache.relid)
		settings_cache.valid = false;
}

static void
SettingsCacheClear(void)
{
	for (int i = 0; i < settings_cache.count; i++)
	{
		pfree(settings_cache.names[i]);
		pfree(settings_cache.values[i]);
	}
	settings_cache.count = 0;
}

static void
SettingsCacheAdd(const char *name, const char *value)
{
	if (settings_cache.count >= lengthof(setting_rules) || FindSettingRule(name) == NULL)
		return;					/* unknown names cannot be in the table */
	settings_cache.names[settings_cache.count] = MemoryContextStrdup(TopMemoryContext, name);
	settings_cache.values[settings_cache.count] = MemoryContextStrdup(TopMemoryContext, value);
	settings_cache.count++;
}

/*
 * SettingsFromDatabaseConfig — without the settings table (the 1.0 schema,
 * between installing this library and ALTER EXTENSION ... UPDATE), the values
 * 1.0 read: those set with ALTER DATABASE ... SET customer_scoring.<name>.
 */
static void
SettingsFromDatabaseConfig(void)
{
	static SchemaPlan plan;

	ExecutePlan(PrepareInSchema(&plan, PG_CATALOG_NAMESPACE,
								"SELECT substr(c, 18, strpos(c, '=') - 18), substr(c, strpos(c, '=') + 1) "
								"FROM pg_catalog.pg_db_role_setting s, pg_catalog.unnest(s.setconfig) AS c "
								"WHERE s.setdatabase = (SELECT oid FROM pg_catalog.pg_database "
								"                        WHERE datname = pg_catalog.current_database()) "
								"  AND s.setrole = 0 AND c LIKE 'customer\\_scoring.%=%'",
								0, NULL),
				NULL, NULL, SPI_OK_SELECT);
	for (uint64 i = 0; i < SPI_processed; i++)
		SettingsCacheAdd(SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1),
						 SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2));
}

/*
 * LoadSettings — read the settings table of the extension's schema.  The
 * cache is marked valid before reading, so that an invalidation arriving
 * meanwhile is not lost, and invalid again if reading fails.
 */
static void
LoadSettings(Oid schema)
{
	static SchemaPlan plan;
	SpiScope	spi;

	SettingsCacheClear();
	settings_cache.valid = true;
	settings_cache.schema = schema;
	settings_cache.relid = get_relname_relid("customer_scoring_settings", schema);
	PG_TRY();
	{
		SpiBegin(&spi);
		SpiAllowLocalReferenceReads();
		if (!OidIsValid(settings_cache.relid))
			SettingsFromDatabaseConfig();
		else
		{
			ExecutePlan(PrepareInSchema(&plan, schema,
										"SELECT name, value FROM @s.customer_scoring_settings",
										0, NULL),
						NULL, NULL, SPI_OK_SELECT);
			for (uint64 i = 0; i < SPI_processed; i++)
				SettingsCacheAdd(SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1),
								 SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2));
		}
		SpiEnd(&spi);
	}
	PG_CATCH();
	{
		settings_cache.valid = false;
		PG_RE_THROW();
	}
	PG_END_TRY();
}

/*
 * SettingValue — the committed value of a table setting of the extension in
 * schema; a setting without a row has its default.  The result stays valid
 * until the next call.
 */
const char *
SettingValue(Oid schema, const char *name)
{
	const SettingRule *rule = FindSettingRule(name);

	if (rule == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("unknown setting \"%s\"", name),
				 errhint("The settings are the rows of customer_scoring_settings; setting_defaults() lists them.")));
	if (!settings_cache.valid || settings_cache.schema != schema)
		LoadSettings(schema);
	for (int i = 0; i < settings_cache.count; i++)
		if (strcmp(settings_cache.names[i], name) == 0)
			return settings_cache.values[i];
	return rule->default_value;
}

/*
 * setting(name) — the value of a setting: a row of customer_scoring_settings
 * (its default when the row is missing), or for change_trigger and
 * change_description the current transaction's context.
 */
PG_FUNCTION_INFO_V1(customer_scoring_setting);
Datum
customer_scoring_setting(PG_FUNCTION_ARGS)
{
	char	   *name = text_to_cstring(PG_GETARG_TEXT_PP(0));

	if (strcmp(name, "change_trigger") == 0)
		PG_RETURN_TEXT_P(cstring_to_text(cs_change_trigger ? cs_change_trigger : ""));
	if (strcmp(name, "change_description") == 0)
		PG_RETURN_TEXT_P(cstring_to_text(cs_change_description ? cs_change_description : ""));
	PG_RETURN_TEXT_P(cstring_to_text(SettingValue(FunctionSchema(fcinfo), name)));
}

/* setting_defaults() — every table setting with its default and description. */
PG_FUNCTION_INFO_V1(customer_scoring_setting_defaults);
Datum
customer_scoring_setting_defaults(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	InitMaterializedSRF(fcinfo, 0);
	for (int i = 0; i < lengthof(setting_rules); i++)
	{
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		values[0] = CStringGetTextDatum(setting_rules[i].name);
		values[1] = CStringGetTextDatum(setting_rules[i].default_value);
		values[2] = CStringGetTextDatum(setting_rules[i].description);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/*
 * customer_scoring_settings_check() — BEFORE INSERT OR UPDATE FOR EACH ROW on
 * customer_scoring_settings: a known name and a valid value (22023
 * otherwise, and the statement changes nothing).
 */
PG_FUNCTION_INFO_V1(customer_scoring_settings_check);
Datum
customer_scoring_settings_check(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = CheckTrigger(fcinfo, "customer_scoring_settings_check",
										 true, true);
	Relation	rel = trigdata->tg_relation;
	HeapTuple	tuple = TriggerNewTuple(trigdata, "customer_scoring_settings_check");
	char	   *name = SPI_getvalue(tuple, RelationGetDescr(rel), TriggerColumn(rel, "name"));
	char	   *value = SPI_getvalue(tuple, RelationGetDescr(rel), TriggerColumn(rel, "value"));

	if (name == NULL || value == NULL)
		return PointerGetDatum(tuple);	/* the NOT NULL constraints report it */
	CheckSetting(name, value);
	return PointerGetDatum(tuple);
}

void
_PG_init(void)
{
	DefineCustomStringVariable("customer_scoring.change_trigger",
							   "What caused the warmth changes of this transaction (use SET LOCAL).",
							   "Recorded as change_trigger in customer_warmth_history; "
							   "empty means insert or manual_update.",
							   &cs_change_trigger, "", PGC_USERSET, 0,
							   CheckChangeTrigger, NULL, NULL);
	DefineCustomStringVariable("customer_scoring.change_description",
							   "Description recorded with the warmth changes of this transaction (use SET LOCAL).",
							   NULL,
							   &cs_change_description, "", PGC_USERSET, 0,
							   CheckChangeDescription, NULL, NULL);
	MarkGUCPrefixReserved("customer_scoring");
	NumericLayoutSelfCheck();
	RegisterSchemaPlanInvalidation();
	CacheRegisterRelcacheCallback(SettingsRelcacheCallback, (Datum) 0);
	RegisterWarmthCaches();
}
