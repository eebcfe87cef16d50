/*
 * cdm.c — customer data management rules (retail ERP): the customer
 * temperature from order recency and recent interactions.
 */
#include "customer_scoring.h"

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
int
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
