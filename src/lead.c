/*
 * lead.c — lead scoring (real-estate chat bot): engagement (max 40) +
 * qualification (max 40) + recency (max 20), and the lead temperature.
 */
#include "customer_scoring.h"

#include "access/htup_details.h"
#include "funcapi.h"

const char *const lead_temperature_labels[] = {"cold", "warm", "hot", "burning"};

/* lower bounds of warm, hot, burning */
static const int lead_temperature_bounds[] = {25, 50, 70};

/* points for count * per_unit, capped; cannot overflow for any int32 count */
static inline int32
CappedPoints(int32 count, int32 per_unit, int32 cap)
{
	return count >= (cap + per_unit - 1) / per_unit ? cap : count * per_unit;
}

/* Recency points by hours since the last activity: < 1 h 20 … < 72 h 5. */
static int32
RecencyPoints(const LeadScoreInput *in)
{
	int64		elapsed;

	if (!in->has_last_activity)
		return 0;
	elapsed = ElapsedMicroseconds(in->last_activity, in->as_of);
	if (elapsed < 1 * USECS_PER_HOUR)
		return 20;
	if (elapsed < 6 * USECS_PER_HOUR)
		return 15;
	if (elapsed < 24 * USECS_PER_HOUR)
		return 10;
	if (elapsed < 72 * USECS_PER_HOUR)
		return 5;
	return 0;
}

/* ComputeLeadScore — the three parts and the total of a lead's score. */
LeadScore
ComputeLeadScore(const LeadScoreInput *in)
{
	LeadScore	score;

	CheckNonNegativeCount(in->qr_scans, "qr_scans");
	CheckNonNegativeCount(in->catalog_views, "catalog_views");
	CheckNonNegativeCount(in->messages, "messages");

	score.engagement = CappedPoints(in->qr_scans, 3, 15) +
		CappedPoints(in->catalog_views, 2, 10) +
		CappedPoints(in->messages, 1, 10) +
		(in->has_voice ? 5 : 0);
	score.qualification = (in->has_phone ? 10 : 0) +
		(in->has_budget ? 10 : 0) +
		(in->has_transaction_type ? 5 : 0) +
		(in->has_property_type ? 5 : 0) +
		(in->has_location ? 5 : 0) +
		(in->has_payment_method ? 5 : 0);
	score.recency = RecencyPoints(in);
	score.total = score.engagement + score.qualification + score.recency;
	return score;
}

/* LeadTemperatureIndex — position of a score's band in lead_temperature_labels. */
int
LeadTemperatureIndex(int32 score)
{
	return LevelIndexInt(score, "score", lead_temperature_bounds,
						 lengthof(lead_temperature_bounds));
}

static inline int32
IntArgOrZero(FunctionCallInfo fcinfo, int argno)
{
	return PG_ARGISNULL(argno) ? 0 : PG_GETARG_INT32(argno);
}

static inline bool
BoolArgOrFalse(FunctionCallInfo fcinfo, int argno)
{
	return PG_ARGISNULL(argno) ? false : PG_GETARG_BOOL(argno);
}

/*
 * The arguments shared by calculate_lead_score and lead_score_breakdown:
 * a NULL count is 0, a NULL flag false, a NULL last_activity gives no
 * recency points; as_of is required.
 */
static LeadScoreInput
ReadLeadArguments(FunctionCallInfo fcinfo)
{
	LeadScoreInput in;

	in.qr_scans = IntArgOrZero(fcinfo, 0);
	in.catalog_views = IntArgOrZero(fcinfo, 1);
	in.messages = IntArgOrZero(fcinfo, 2);
	in.has_voice = BoolArgOrFalse(fcinfo, 3);
	in.has_phone = BoolArgOrFalse(fcinfo, 4);
	in.has_budget = BoolArgOrFalse(fcinfo, 5);
	in.has_transaction_type = BoolArgOrFalse(fcinfo, 6);
	in.has_property_type = BoolArgOrFalse(fcinfo, 7);
	in.has_location = BoolArgOrFalse(fcinfo, 8);
	in.has_payment_method = BoolArgOrFalse(fcinfo, 9);
	in.has_last_activity = !PG_ARGISNULL(10);
	in.last_activity = in.has_last_activity ? PG_GETARG_TIMESTAMPTZ(10) : 0;
	if (PG_ARGISNULL(11))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("as_of must not be null")));
	in.as_of = PG_GETARG_TIMESTAMPTZ(11);
	return in;
}

/* calculate_lead_score(...) — the lead's score, 0-100. */
PG_FUNCTION_INFO_V1(calculate_lead_score);
Datum
calculate_lead_score(PG_FUNCTION_ARGS)
{
	LeadScoreInput in = ReadLeadArguments(fcinfo);

	PG_RETURN_INT32(ComputeLeadScore(&in).total);
}

/* lead_temperature(score) — the temperature band of a 0-100 lead score. */
PG_FUNCTION_INFO_V1(lead_temperature);
Datum
lead_temperature(PG_FUNCTION_ARGS)
{
	return ResultEnumLabel(fcinfo, lead_temperature_labels,
						   lengthof(lead_temperature_labels),
						   LeadTemperatureIndex(PG_GETARG_INT32(0)));
}

/* lead_score_breakdown(...) — engagement, qualification, recency, total, temperature. */
PG_FUNCTION_INFO_V1(lead_score_breakdown);
Datum
lead_score_breakdown(PG_FUNCTION_ARGS)
{
	LeadScoreInput in = ReadLeadArguments(fcinfo);
	LeadScore	score = ComputeLeadScore(&in);
	TupleDesc	tupdesc;
	Datum		values[5];
	bool		nulls[5] = {false, false, false, false, false};

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "lead_score_breakdown must return a composite type");
	tupdesc = BlessTupleDesc(tupdesc);

	values[0] = Int32GetDatum(score.engagement);
	values[1] = Int32GetDatum(score.qualification);
	values[2] = Int32GetDatum(score.recency);
	values[3] = Int32GetDatum(score.total);
	values[4] = EnumLabelDatum(fcinfo, TupleDescAttr(tupdesc, 4)->atttypid,
							   lead_temperature_labels,
							   lengthof(lead_temperature_labels),
							   LeadTemperatureIndex(score.total));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}
