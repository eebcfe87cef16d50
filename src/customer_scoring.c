/*
 * customer_scoring.c — module entry: _PG_init, and the extension's settings.
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/guc.h"

#include "numeric_util.h"
#include "settings.h"
#include "spi_util.h"
#include "warmth_triggers.h"

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
	NumericLayoutSelfCheck();
	RegisterSchemaPlanInvalidation();
	RegisterWarmthCaches();
}

/* SettingOrNull — a string setting's value, NULL when empty. */
const char *
SettingOrNull(const char *value)
{
	return (value == NULL || value[0] == '\0') ? NULL : value;
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
