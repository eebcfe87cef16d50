/*
 * lead.c — lead scoring (real-estate chat bot): engagement (max 40) +
 * qualification (max 40) + recency (max 20), and the lead temperature.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "parser/scansup.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "callsite.h"
#include "checks.h"
#include "time_util.h"
#include "trigger_util.h"

static const char *const lead_temperature_labels[] = {"cold", "warm", "hot", "burning"};

/* What a lead score is computed from. */
typedef struct LeadScoreInput
{
	int32		qr_scans;
	int32		catalog_views;
	int32		messages;
	bool		has_voice;
	bool		has_phone;
	bool		has_budget;
	bool		has_transaction_type;
	bool		has_property_type;
	bool		has_location;
	bool		has_payment_method;
	bool		has_last_activity;
	TimestampTz last_activity;
	TimestampTz as_of;
} LeadScoreInput;

/* The parts of a lead score. */
typedef struct LeadScore
{
	int32		engagement;
	int32		qualification;
	int32		recency;
	int32		total;
} LeadScore;

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
static LeadScore
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
static int
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

	tupdesc = ResultTupleDesc(fcinfo);

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

/* ----- leads BEFORE INSERT OR UPDATE ----- */

/* A text value "is known" when it holds something other than white space. */
static bool
TextIsKnown(const TriggerRow *row, int attnum)
{
	text	   *t;
	const char *p;
	int			len;

	if (row->nulls[attnum - 1])
		return false;
	t = DatumGetTextPP(row->values[attnum - 1]);
	p = VARDATA_ANY(t);
	len = VARSIZE_ANY_EXHDR(t);
	for (int i = 0; i < len; i++)
		if (!scanner_isspace(p[i]))
			return true;
	return false;
}

static inline bool
IsNotNull(const TriggerRow *row, int attnum)
{
	return !row->nulls[attnum - 1];
}

static inline int32
IntOrZero(const TriggerRow *row, int attnum)
{
	return row->nulls[attnum - 1] ? 0 : DatumGetInt32(row->values[attnum - 1]);
}

/* The columns leads_before reads and writes, looked up once per statement. */
typedef struct LeadColumns
{
	Oid			relid;
	int			qr_scans;
	int			catalog_views;
	int			messages;
	int			has_voice;
	int			phone;
	int			budget_max;
	int			budget_min;
	int			transaction_type;
	int			property_type;
	int			location;
	int			payment_method;
	int			last_activity;
	int			total_interactions;
	int			lead_score;
	int			temperature;
	int			updated_at;
	Oid			temperature_labels[lengthof(lead_temperature_labels)];
	TriggerRow	row;			/* the row being scored */
} LeadColumns;

static LeadColumns *
GetLeadColumns(FunctionCallInfo fcinfo, Relation rel)
{
	LeadColumns *cols = (LeadColumns *) fcinfo->flinfo->fn_extra;
	Oid			temperature_type;

	if (cols != NULL && cols->relid == RelationGetRelid(rel))
		return cols;
	cols = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(LeadColumns));
	cols->relid = RelationGetRelid(rel);
	cols->qr_scans = TriggerColumn(rel, "qr_scan_count");
	cols->catalog_views = TriggerColumn(rel, "catalog_views");
	cols->messages = TriggerColumn(rel, "messages_count");
	cols->has_voice = TriggerColumn(rel, "has_voice_message");
	cols->phone = TriggerColumn(rel, "phone");
	cols->budget_max = TriggerColumn(rel, "budget_max");
	cols->budget_min = TriggerColumn(rel, "budget_min");
	cols->transaction_type = TriggerColumn(rel, "transaction_type");
	cols->property_type = TriggerColumn(rel, "property_type");
	cols->location = TriggerColumn(rel, "location");
	cols->payment_method = TriggerColumn(rel, "payment_method");
	cols->last_activity = TriggerColumn(rel, "last_activity_at");
	cols->total_interactions = TriggerColumn(rel, "total_interactions");
	cols->lead_score = TriggerColumn(rel, "lead_score");
	cols->temperature = TriggerColumn(rel, "temperature");
	cols->updated_at = TriggerColumn(rel, "updated_at");
	temperature_type = SPI_gettypeid(RelationGetDescr(rel), cols->temperature);
	for (int i = 0; i < (int) lengthof(lead_temperature_labels); i++)
		cols->temperature_labels[i] = EnumLabelOid(temperature_type,
												   lead_temperature_labels[i]);
	fcinfo->flinfo->fn_extra = cols;
	return cols;
}

/*
 * leads_before() — BEFORE INSERT OR UPDATE FOR EACH ROW: total_interactions
 * (QR scans + catalog views + messages), lead_score and temperature, scored
 * at the transaction's start time, and updated_at.
 */
PG_FUNCTION_INFO_V1(leads_before);
Datum
leads_before(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = CheckTrigger(fcinfo, "leads_before", true, true);
	Relation	rel = trigdata->tg_relation;
	TupleDesc	desc = RelationGetDescr(rel);
	HeapTuple	tuple;
	LeadColumns *cols;
	TriggerRow *row;
	LeadScoreInput in;
	LeadScore	score;
	int64		interactions;

	tuple = TriggerNewTuple(trigdata, "leads_before");
	cols = GetLeadColumns(fcinfo, rel);
	row = &cols->row;
	TriggerRowDeform(row, fcinfo->flinfo->fn_mcxt, tuple, desc);
	in.qr_scans = IntOrZero(row, cols->qr_scans);
	in.catalog_views = IntOrZero(row, cols->catalog_views);
	in.messages = IntOrZero(row, cols->messages);
	in.has_voice = IsNotNull(row, cols->has_voice) &&
		DatumGetBool(row->values[cols->has_voice - 1]);
	in.has_phone = TextIsKnown(row, cols->phone);
	in.has_budget = IsNotNull(row, cols->budget_max) || IsNotNull(row, cols->budget_min);
	in.has_transaction_type = TextIsKnown(row, cols->transaction_type);
	in.has_property_type = TextIsKnown(row, cols->property_type);
	in.has_location = TextIsKnown(row, cols->location);
	in.has_payment_method = TextIsKnown(row, cols->payment_method);
	in.has_last_activity = IsNotNull(row, cols->last_activity);
	in.last_activity = in.has_last_activity ?
		DatumGetTimestampTz(row->values[cols->last_activity - 1]) : 0;
	in.as_of = GetCurrentTransactionStartTimestamp();

	/* name the columns, not the function's arguments, in errors */
	CheckNonNegativeCount(in.qr_scans, "qr_scan_count");
	CheckNonNegativeCount(in.catalog_views, "catalog_views");
	CheckNonNegativeCount(in.messages, "messages_count");
	score = ComputeLeadScore(&in);
	interactions = (int64) in.qr_scans + in.catalog_views + in.messages;
	if (interactions > PG_INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("total_interactions is out of range for type integer"),
				 errdetail("qr_scan_count + catalog_views + messages_count = " INT64_FORMAT ".",
						   interactions)));

	TriggerRowSet(row, cols->total_interactions, Int32GetDatum((int32) interactions), false);
	TriggerRowSet(row, cols->lead_score, Int32GetDatum(score.total), false);
	TriggerRowSet(row, cols->temperature,
				  ObjectIdGetDatum(cols->temperature_labels[LeadTemperatureIndex(score.total)]),
				  false);
	TriggerRowSet(row, cols->updated_at, TimestampTzGetDatum(in.as_of), false);
	return PointerGetDatum(TriggerRowForm(row, tuple, desc));
}
