/*
 * rfm.c — recency, frequency and monetary scores (retail CRM), the RFM
 * segment rule table, and churn risk.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "callsite.h"
#include "checks.h"
#include "time_util.h"

#define RFM_BOUNDARIES 4

/* rfm_segment labels, worst first (the enum's order) */
static const char *const rfm_segment_labels[] = {
	"Lost", "At Risk", "New Customers", "Potential Loyalists",
	"Loyal Customers", "VIP", "Champions"
};

enum RfmSegment
{
	SEG_LOST, SEG_AT_RISK, SEG_NEW, SEG_POTENTIAL, SEG_LOYAL, SEG_VIP,
	SEG_CHAMPIONS
};

/* Monetary boundaries are compared at this many decimals. */
#define MONETARY_SCALE 8

/*
 * Thresholds of the three scores.  recency_days are the largest day counts
 * that still score 5, 4, 3, 2 (ascending); frequency and monetary are the
 * smallest values that score 5, 4, 3, 2 (descending); below all of them 1.
 * A monetary boundary is kept scaled by 10^MONETARY_SCALE when that is exact
 * (then total >= boundary iff floor(total * 10^scale) >= it, for totals of
 * any scale), else as numeric.
 */
typedef struct RfmThresholds
{
	int64		recency_days[RFM_BOUNDARIES];
	int64		frequency[RFM_BOUNDARIES];
	int64		monetary_scaled[RFM_BOUNDARIES];
	Numeric		monetary_numeric[RFM_BOUNDARIES];	/* NULL when scaled is exact */
} RfmThresholds;

static const RfmThresholds default_thresholds = {
	{30, 60, 90, 180},
	{10, 7, 4, 2},
	{500000000000, 250000000000, 100000000000, 50000000000},
	{NULL, NULL, NULL, NULL}
};

/*
 * RfmSegmentIndex — the first matching rule of SPEC §3.3.  The rules cover
 * all 125 cells: anything not matched above "At Risk" has R <= 2 and F, M <= 2.
 */
static int
RfmSegmentIndex(int r, int f, int m)
{
	if (r >= 4 && f >= 4 && m >= 4)
		return SEG_CHAMPIONS;
	if (m == 5 && r >= 3)
		return SEG_VIP;
	if (f >= 4 && r >= 3)
		return SEG_LOYAL;
	if (f == 1 && r >= 4)
		return SEG_NEW;
	if (r >= 3)
		return SEG_POTENTIAL;
	if (f >= 3 || m >= 3)
		return SEG_AT_RISK;
	return SEG_LOST;
}

static int
RecencyScore(int64 days, const RfmThresholds *t)
{
	for (int i = 0; i < RFM_BOUNDARIES; i++)
		if (days <= t->recency_days[i])
			return 5 - i;
	return 1;
}

static int
AtLeastScore(int64 value, const int64 *bounds)
{
	for (int i = 0; i < RFM_BOUNDARIES; i++)
		if (value >= bounds[i])
			return 5 - i;
	return 1;
}

static bool
MonetaryReaches(PackedNumeric total, ScaledNumeric total_scaled, const RfmThresholds *t,
				int i)
{
	if (t->monetary_numeric[i] == NULL)
		return total_scaled.floor_value >= t->monetary_scaled[i];
	return DatumGetInt32(DirectFunctionCall2(numeric_cmp, PackedNumericGetDatum(total),
											 NumericGetDatum(t->monetary_numeric[i]))) >= 0;
}

static int
MonetaryScore(PackedNumeric total, const RfmThresholds *t)
{
	ScaledNumeric total_scaled = NumericToScaled(total, MONETARY_SCALE);

	for (int i = 0; i < RFM_BOUNDARIES; i++)
		if (MonetaryReaches(total, total_scaled, t, i))
			return 5 - i;
	return 1;
}

static void
CheckRfmScore(int32 score, const char *argname)
{
	if (score < 1 || score > 5)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s must be between 1 and 5", argname)));
}

/* rfm_segment(r, f, m) — the segment of one RFM cell. */
PG_FUNCTION_INFO_V1(rfm_segment);
Datum
rfm_segment(PG_FUNCTION_ARGS)
{
	int32		r = PG_GETARG_INT32(0);
	int32		f = PG_GETARG_INT32(1);
	int32		m = PG_GETARG_INT32(2);

	CheckRfmScore(r, "recency_score");
	CheckRfmScore(f, "frequency_score");
	CheckRfmScore(m, "monetary_score");
	return ResultEnumLabel(fcinfo, rfm_segment_labels,
						   lengthof(rfm_segment_labels),
						   RfmSegmentIndex(r, f, m));
}

/* The three scores of an RFM cell. */
typedef struct RfmCell
{
	int			r;
	int			f;
	int			m;
} RfmCell;

/* The rfm composite of a cell: scores, "rfm_cell" text, total, segment. */
static void
BuildRfmRow(FunctionCallInfo fcinfo, TupleDesc desc, const void *arg,
			Datum *values, bool *nulls)
{
	const RfmCell *c = (const RfmCell *) arg;
	char		cell[3] = {'0' + c->r, '0' + c->f, '0' + c->m};

	values[0] = Int32GetDatum(c->r);
	values[1] = Int32GetDatum(c->f);
	values[2] = Int32GetDatum(c->m);
	values[3] = PointerGetDatum(cstring_to_text_with_len(cell, 3));
	values[4] = Int32GetDatum(c->r + c->f + c->m);
	values[5] = EnumLabelDatum(fcinfo, TupleDescAttr(desc, 5)->atttypid,
							   rfm_segment_labels, lengthof(rfm_segment_labels),
							   RfmSegmentIndex(c->r, c->f, c->m));
}

/* The rfm composite for one customer, or NULL (purchase_count = 0). */
static Datum
RfmResult(FunctionCallInfo fcinfo, TimestampTz last_purchase,
		  int32 purchase_count, PackedNumeric total_spent, TimestampTz as_of,
		  const RfmThresholds *t)
{
	RfmCell		cell;

	CheckNonNegativeCount(purchase_count, "purchase_count");
	CheckNonNegativeNumeric(total_spent, "total_spent");
	if (purchase_count == 0)
		PG_RETURN_NULL();

	cell.r = RecencyScore(ElapsedWholeDays(last_purchase, as_of), t);
	cell.f = AtLeastScore(purchase_count, t->frequency);
	cell.m = MonetaryScore(total_spent, t);
	/* 125 possible rows: each is formed once per query, then copied */
	return CachedResultRow(fcinfo, (cell.r - 1) * 25 + (cell.f - 1) * 5 + (cell.m - 1),
						   125, BuildRfmRow, &cell);
}

/* rfm_score(last_purchase, purchase_count, total_spent, as_of) — fixed thresholds. */
PG_FUNCTION_INFO_V1(rfm_score);
Datum
rfm_score(PG_FUNCTION_ARGS)
{
	return RfmResult(fcinfo, PG_GETARG_TIMESTAMPTZ(0), PG_GETARG_INT32(1),
					 PackedNumericArg(PG_GETARG_DATUM(2)), PG_GETARG_TIMESTAMPTZ(3),
					 &default_thresholds);
}

/* Four non-null elements of a one-dimensional array, as Datums. */
static Datum *
FourBoundaries(ArrayType *array, Oid elemtype, int elemlen, bool byval,
			   char align, const char *argname)
{
	Datum	   *values;
	bool	   *nulls;
	int			count;

	if (ARR_NDIM(array) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a one-dimensional array", argname)));
	deconstruct_array(array, elemtype, elemlen, byval, align,
					  &values, &nulls, &count);
	if (count != RFM_BOUNDARIES)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must have %d elements, not %d",
						argname, RFM_BOUNDARIES, count)));
	for (int i = 0; i < RFM_BOUNDARIES; i++)
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s must not contain nulls", argname)));
	return values;
}

/* Boundaries must be >= 0 and strictly increasing (or decreasing). */
static void
CheckBoundaries(const int64 *bounds, bool ascending, const char *argname)
{
	for (int i = 0; i < RFM_BOUNDARIES; i++)
	{
		if (bounds[i] < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s must not contain negative values", argname)));
		if (i > 0 && (ascending ? bounds[i] <= bounds[i - 1]
					  : bounds[i] >= bounds[i - 1]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s must be strictly %s", argname,
							ascending ? "increasing" : "decreasing")));
	}
}

/* One monetary boundary: scaled when exact at MONETARY_SCALE, else numeric. */
static void
SetMonetaryBoundary(RfmThresholds *t, int i, Numeric boundary)
{
	ScaledNumeric scaled = NumericToScaled(PackedFromNumeric(boundary), MONETARY_SCALE);

	t->monetary_scaled[i] = scaled.floor_value;
	t->monetary_numeric[i] = scaled.exact ? NULL : boundary;
}

/* Monetary boundaries: finite, not negative, strictly decreasing. */
static void
CheckMonetaryBoundaries(const Datum *m)
{
	for (int i = 0; i < RFM_BOUNDARIES; i++)
	{
		CheckFiniteNumeric(PackedNumericArg(m[i]), "monetary_amounts");
		if (NumericToScaled(PackedNumericArg(m[i]), 0).floor_value < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("monetary_amounts must not contain negative values")));
		if (i > 0 && DatumGetInt32(DirectFunctionCall2(numeric_cmp, m[i], m[i - 1])) >= 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("monetary_amounts must be strictly decreasing")));
	}
}

/* RfmThresholdsFromArrays — checked custom thresholds. */
static RfmThresholds
RfmThresholdsFromArrays(ArrayType *recency, ArrayType *frequency,
						ArrayType *monetary)
{
	RfmThresholds t;
	Datum	   *r = FourBoundaries(recency, INT4OID, 4, true, TYPALIGN_INT,
								   "recency_days");
	Datum	   *f = FourBoundaries(frequency, INT4OID, 4, true, TYPALIGN_INT,
								   "frequency_counts");
	Datum	   *m = FourBoundaries(monetary, NUMERICOID, -1, false, TYPALIGN_INT,
								   "monetary_amounts");

	CheckMonetaryBoundaries(m);
	for (int i = 0; i < RFM_BOUNDARIES; i++)
	{
		t.recency_days[i] = DatumGetInt32(r[i]);
		t.frequency[i] = DatumGetInt32(f[i]);
		SetMonetaryBoundary(&t, i, DatumGetNumeric(m[i]));
	}
	CheckBoundaries(t.recency_days, true, "recency_days");
	CheckBoundaries(t.frequency, false, "frequency_counts");
	return t;
}

/*
 * rfm_score(last_purchase, purchase_count, total_spent, recency_days,
 * frequency_counts, monetary_amounts, as_of) — custom thresholds.
 */
PG_FUNCTION_INFO_V1(rfm_score_thresholds);
Datum
rfm_score_thresholds(PG_FUNCTION_ARGS)
{
	RfmThresholds t = RfmThresholdsFromArrays(PG_GETARG_ARRAYTYPE_P(3),
											  PG_GETARG_ARRAYTYPE_P(4),
											  PG_GETARG_ARRAYTYPE_P(5));

	return RfmResult(fcinfo, PG_GETARG_TIMESTAMPTZ(0), PG_GETARG_INT32(1),
					 PackedNumericArg(PG_GETARG_DATUM(2)), PG_GETARG_TIMESTAMPTZ(6), &t);
}

/*
 * churn_risk(days_since_last_purchase, purchase_count,
 * avg_days_between_purchases) — 1 - e^(-max(0, t - mu) / mu), mu being the
 * customer's usual interval (90 days without at least two purchases or a
 * positive average).  Not strict: only the average may be NULL.
 */
PG_FUNCTION_INFO_V1(churn_risk);
Datum
churn_risk(PG_FUNCTION_ARGS)
{
	int32		days;
	int32		purchase_count;
	float8		mu = 90.0;
	float8		overdue;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	days = PG_GETARG_INT32(0);
	purchase_count = PG_GETARG_INT32(1);
	CheckNonNegativeCount(days, "days_since_last_purchase");
	CheckNonNegativeCount(purchase_count, "purchase_count");

	if (!PG_ARGISNULL(2))
	{
		PackedNumeric average = PackedNumericArg(PG_GETARG_DATUM(2));

		CheckFiniteNumeric(average, "avg_days_between_purchases");
		if (purchase_count >= 2)
		{
			float8		value = NumericToFloat8(average);

			if (value > 0)
				mu = value;
		}
	}
	overdue = (float8) days - mu;
	if (overdue <= 0)
		PG_RETURN_FLOAT8(0.0);
	PG_RETURN_FLOAT8(-expm1(-overdue / mu));
}
