/*
 * cdm.c — customer data management rules (retail ERP): the customer
 * temperature from order recency and recent interactions.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/lsyscache.h"

#include "callsite.h"
#include "checks.h"
#include "time_util.h"

static const char *const customer_temperature_labels[] = {"cold", "warm", "hot"};

enum CustomerTemperature
{
	TEMP_COLD, TEMP_WARM, TEMP_HOT
};

/*
 * CustomerTemperatureIndex — hot if ordered within 30 days or 3+ interactions
 * in 30 days; warm if within 90 days or any interaction; else cold.
 * days < 0 means the customer never ordered.
 */
static int
CustomerTemperatureIndex(int32 days_since_last_order, bool has_ordered,
						 int32 interactions_30d)
{
	if ((has_ordered && days_since_last_order <= 30) || interactions_30d >= 3)
		return TEMP_HOT;
	if ((has_ordered && days_since_last_order <= 90) || interactions_30d >= 1)
		return TEMP_WARM;
	return TEMP_COLD;
}

/*
 * customer_temperature(days_since_last_order, interactions_30d) — not strict:
 * NULL days means never ordered, NULL interactions means none.
 */
PG_FUNCTION_INFO_V1(customer_temperature);
Datum
customer_temperature(PG_FUNCTION_ARGS)
{
	bool		has_ordered = !PG_ARGISNULL(0);
	int32		days = has_ordered ? PG_GETARG_INT32(0) : 0;
	int32		interactions = PG_ARGISNULL(1) ? 0 : PG_GETARG_INT32(1);

	CheckNonNegativeCount(days, "days_since_last_order");
	CheckNonNegativeCount(interactions, "interactions_30d");
	return ResultEnumLabel(fcinfo, customer_temperature_labels,
						   lengthof(customer_temperature_labels),
						   CustomerTemperatureIndex(days, has_ordered, interactions));
}

/* ----- lifecycle and customer type (SPEC §3.5) ----- */

#define INACTIVE_AFTER_DAYS 180
#define NEW_CUSTOMER_DAYS 30

static const char *const lifecycle_stage_labels[] = {
	"lead", "prospect", "first_buyer", "repeat_buyer", "loyal", "inactive"
};

enum LifecycleStage
{
	STAGE_LEAD, STAGE_PROSPECT, STAGE_FIRST_BUYER, STAGE_REPEAT_BUYER,
	STAGE_LOYAL, STAGE_INACTIVE
};

static const char *const customer_type_labels[] = {"new", "repeat", "vip", "inactive"};

enum CustomerType
{
	TYPE_NEW, TYPE_REPEAT, TYPE_VIP, TYPE_INACTIVE
};

/* Has the customer not ordered for more than 180 whole days? */
static bool
OrderedLongAgo(TimestampTz last_order_at, TimestampTz as_of)
{
	return ElapsedWholeDays(last_order_at, as_of) > INACTIVE_AFTER_DAYS;
}

/*
 * lifecycle_stage_for(completed_orders, last_order_at, has_activity, as_of):
 * lead (nothing) → prospect (activity, no orders) → first_buyer (1 order) →
 * repeat_buyer (2-4) → loyal (5+); inactive (has orders, last > 180 days)
 * takes precedence.  Not strict: NULL orders = 0, NULL activity = none.
 */
PG_FUNCTION_INFO_V1(lifecycle_stage_for);
Datum
lifecycle_stage_for(PG_FUNCTION_ARGS)
{
	int32		orders = PG_ARGISNULL(0) ? 0 : PG_GETARG_INT32(0);
	bool		has_activity = !PG_ARGISNULL(2) && PG_GETARG_BOOL(2);
	int			stage;

	CheckNonNegativeCount(orders, "completed_orders");
	if (PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("as_of must not be null")));
	if (orders == 0)
		stage = has_activity ? STAGE_PROSPECT : STAGE_LEAD;
	else if (!PG_ARGISNULL(1) &&
			 OrderedLongAgo(PG_GETARG_TIMESTAMPTZ(1), PG_GETARG_TIMESTAMPTZ(3)))
		stage = STAGE_INACTIVE;
	else if (orders == 1)
		stage = STAGE_FIRST_BUYER;
	else if (orders <= 4)
		stage = STAGE_REPEAT_BUYER;
	else
		stage = STAGE_LOYAL;
	return ResultEnumLabel(fcinfo, lifecycle_stage_labels,
						   lengthof(lifecycle_stage_labels), stage);
}

/*
 * customer_type_for(completed_orders, last_order_at, lifetime_value,
 * vip_threshold, as_of): inactive > vip > repeat > new.  Not strict: NULL
 * orders = 0, NULL lifetime value = 0.
 */
PG_FUNCTION_INFO_V1(customer_type_for);
Datum
customer_type_for(PG_FUNCTION_ARGS)
{
	int32		orders = PG_ARGISNULL(0) ? 0 : PG_GETARG_INT32(0);
	int			type = TYPE_NEW;

	CheckNonNegativeCount(orders, "completed_orders");
	if (PG_ARGISNULL(3) || PG_ARGISNULL(4))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be null", PG_ARGISNULL(3) ? "vip_threshold" : "as_of")));
	CheckNonNegativeNumeric(PackedNumericArg(PG_GETARG_DATUM(3)), "vip_threshold");
	if (!PG_ARGISNULL(2))
		CheckNonNegativeNumeric(PackedNumericArg(PG_GETARG_DATUM(2)), "lifetime_value");

	if (orders > 0 && !PG_ARGISNULL(1) &&
		OrderedLongAgo(PG_GETARG_TIMESTAMPTZ(1), PG_GETARG_TIMESTAMPTZ(4)))
		type = TYPE_INACTIVE;
	else if (!PG_ARGISNULL(2) &&
			 DatumGetInt32(DirectFunctionCall2(numeric_cmp, PG_GETARG_DATUM(2),
											   PG_GETARG_DATUM(3))) >= 0)
		type = TYPE_VIP;
	else if (orders >= 2)
		type = TYPE_REPEAT;
	return ResultEnumLabel(fcinfo, customer_type_labels,
						   lengthof(customer_type_labels), type);
}

/* ----- call recommendations (SPEC §3.5) ----- */

static const int temperature_base_priority[] = {1, 3, 6};	/* cold, warm, hot */

/*
 * call_priority(temperature, lifetime_value, recent_dropoff, ltv_tiers):
 * temperature base (hot 6, warm 3, cold 1) + one point per lifetime-value
 * tier reached (ascending boundaries, default 10000, 50000, 100000) + 1 for
 * an unrecovered drop-off in the last 14 days, capped at 10.
 */
PG_FUNCTION_INFO_V1(call_priority);
Datum
call_priority(PG_FUNCTION_ARGS)
{
	char	   *temperature = DatumGetCString(DirectFunctionCall1(enum_out, PG_GETARG_DATUM(0)));
	Numeric		lifetime_value = PG_GETARG_NUMERIC(1);
	bool		recent_dropoff = PG_GETARG_BOOL(2);
	ArrayType  *tiers = PG_GETARG_ARRAYTYPE_P(3);
	Datum	   *bounds;
	bool	   *nulls;
	int			nbounds;
	int			priority = 0;

	CheckNonNegativeNumeric(PackedFromNumeric(lifetime_value), "lifetime_value");
	if (ARR_NDIM(tiers) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("ltv_tiers must be a one-dimensional array")));
	deconstruct_array(tiers, NUMERICOID, -1, false, TYPALIGN_INT, &bounds, &nulls, &nbounds);

	for (int i = 0; i < (int) lengthof(customer_temperature_labels); i++)
		if (strcmp(temperature, customer_temperature_labels[i]) == 0)
			priority = temperature_base_priority[i];
	if (priority == 0)
		elog(ERROR, "unknown customer temperature \"%s\"", temperature);

	for (int i = 0; i < nbounds; i++)
	{
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("ltv_tiers must not contain nulls")));
		CheckFiniteNumeric(PackedNumericArg(bounds[i]), "ltv_tiers");
		if (NumericToScaled(PackedNumericArg(bounds[i]), 0).floor_value < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("ltv_tiers must not contain negative values")));
		if (i > 0 && DatumGetInt32(DirectFunctionCall2(numeric_cmp, bounds[i], bounds[i - 1])) <= 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("ltv_tiers must be strictly increasing")));
		if (DatumGetInt32(DirectFunctionCall2(numeric_cmp, NumericGetDatum(lifetime_value),
											  bounds[i])) >= 0)
			priority++;
	}
	if (recent_dropoff)
		priority++;
	PG_RETURN_INT32(priority > 10 ? 10 : priority);
}

/* next_action(priority) — what the agent should do, by call priority. */
PG_FUNCTION_INFO_V1(next_action);
Datum
next_action(PG_FUNCTION_ARGS)
{
	int32		priority = PG_GETARG_INT32(0);
	const char *action;

	if (priority < 1 || priority > 10)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("priority must be between 1 and 10")));
	if (priority >= 9)
		action = "URGENT: Call within 24 hours";
	else if (priority >= 7)
		action = "Call within 3 days";
	else if (priority >= 4)
		action = "Send a WhatsApp follow-up this week";
	else
		action = "Add to nurture campaign";
	PG_RETURN_TEXT_P(cstring_to_text(action));
}

/*
 * offer_type(temperature, lifecycle_stage, completed_orders, recent_dropoff):
 * the first matching offer of SPEC §3.5.
 */
PG_FUNCTION_INFO_V1(offer_type);
Datum
offer_type(PG_FUNCTION_ARGS)
{
	char	   *temperature = DatumGetCString(DirectFunctionCall1(enum_out, PG_GETARG_DATUM(0)));
	char	   *stage = DatumGetCString(DirectFunctionCall1(enum_out, PG_GETARG_DATUM(1)));
	int32		orders = PG_GETARG_INT32(2);
	bool		recent_dropoff = PG_GETARG_BOOL(3);
	bool		hot = strcmp(temperature, "hot") == 0;
	const char *offer;

	CheckNonNegativeCount(orders, "completed_orders");
	if (recent_dropoff)
		offer = "Cart recovery discount";
	else if (hot && (strcmp(stage, "repeat_buyer") == 0 || strcmp(stage, "loyal") == 0))
		offer = "Premium product upsell";
	else if (hot)
		offer = "Cross-sell accessories";
	else if (strcmp(temperature, "warm") == 0)
		offer = "Loyalty discount";
	else if (orders > 0)
		offer = "Reactivation offer";
	else
		offer = "Welcome offer";
	PG_RETURN_TEXT_P(cstring_to_text(offer));
}

/* ----- birthdays and anniversaries ----- */

/* the year of the largest date PostgreSQL represents, 5874897-12-31 */
#define LARGEST_DATE_YEAR 5874897

/*
 * NextOccurrence — the first yearly recurrence of month/day on or after
 * `from`.  29 February falls on 28 February (or 1 March when
 * leap_day_mar1) in common years.
 */
static DateADT
NextOccurrence(int month, int day, DateADT from, bool leap_day_mar1)
{
	int			year,
				from_month,
				from_day;

	j2date(from + POSTGRES_EPOCH_JDATE, &year, &from_month, &from_day);
	for (int y = year; y <= year + 1 && y <= LARGEST_DATE_YEAR; y++)
	{
		int			m = month;
		int			d = day;
		DateADT		candidate;

		if (m == 2 && d == 29 && !isleap(y))
		{
			if (leap_day_mar1)
				m = 3, d = 1;
			else
				d = 28;
		}
		candidate = date2j(y, m, d) - POSTGRES_EPOCH_JDATE;
		if (candidate >= from)
			return candidate;
	}
	ereport(ERROR,
			(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
			 errmsg("the next occurrence is after the largest date")));
	return 0;					/* keep compiler quiet */
}

/*
 * next_occurrence(event_date, from_date, leap_day) — next birthday or
 * anniversary on or after from_date; leap_day is 'feb28' or 'mar1'.
 */
PG_FUNCTION_INFO_V1(next_occurrence);
Datum
next_occurrence(PG_FUNCTION_ARGS)
{
	DateADT		event = PG_GETARG_DATEADT(0);
	DateADT		from = PG_GETARG_DATEADT(1);
	char	   *leap_day = text_to_cstring(PG_GETARG_TEXT_PP(2));
	int			year,
				month,
				day;
	bool		mar1;

	if (strcmp(leap_day, "feb28") == 0)
		mar1 = false;
	else if (strcmp(leap_day, "mar1") == 0)
		mar1 = true;
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid leap_day: \"%s\"", leap_day),
				 errhint("Use feb28 or mar1.")));
	if (DATE_NOT_FINITE(event) || DATE_NOT_FINITE(from))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("dates must be finite")));
	j2date(event + POSTGRES_EPOCH_JDATE, &year, &month, &day);
	PG_RETURN_DATEADT(NextOccurrence(month, day, from, mar1));
}
