/*
 * warmth.c — warmth scoring (car dealership): the weighted composite of eight
 * behaviour components, warmth levels, purchase probability and event rules.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/float.h"

#include "callsite.h"
#include "checks.h"
#include "warmth.h"

const char *const warmth_level_labels[WARMTH_LEVELS] = {
	"ice_cold", "cold", "cool", "lukewarm", "warm", "hot", "scorching"
};

/* lower bounds of cold .. scorching */
static const int warmth_level_bounds[] = {15, 30, 45, 60, 75, 90};

/* argument names of calculate_composite_warmth_score, in weight order */
static const char *const warmth_component_names[WARMTH_COMPONENTS] = {
	"engagement_score", "interaction_frequency_score", "response_rate_score",
	"budget_qualification_score", "timeline_urgency_score",
	"decision_authority_score", "demographic_fit_score", "past_behavior_score"
};

/* SPEC §3.1 weights, scaled by 10^CS_WEIGHT_SCALE */
static const int64 warmth_default_weights[WARMTH_COMPONENTS] = {
	200000, 150000, 100000, 200000, 150000, 100000, 50000, 50000
};

/* WarmthWeightsDefault — the built-in algorithm's weights. */
WarmthWeights
WarmthWeightsDefault(void)
{
	WarmthWeights weights;

	for (int i = 0; i < WARMTH_COMPONENTS; i++)
	{
		weights.scaled[i] = warmth_default_weights[i];
		weights.exact[i] = true;
		weights.numeric[i] = NULL;
	}
	return weights;
}

/*
 * WarmthComposite — the overall score of components (NULL = unknown, others
 * already checked) under the given weights, the present components' weights
 * rescaled to sum to 1; NULL when nothing is known.  When confidence is not
 * NULL it receives the percentage of the weight the known components carry.
 */
Numeric
WarmthComposite(PackedNumeric components[WARMTH_COMPONENTS],
				const ScaledNumeric scaled[WARMTH_COMPONENTS],
				const WarmthWeights *weights, Numeric *confidence)
{
	WeightedInput inputs[WARMTH_COMPONENTS];

	for (int i = 0; i < WARMTH_COMPONENTS; i++)
	{
		inputs[i].value = components[i];
		if (components[i] != NULL)
			inputs[i].scaled = scaled[i];
		inputs[i].weight = weights->numeric[i];
		inputs[i].weight_scaled = weights->scaled[i];
		inputs[i].weight_exact = weights->exact[i];
	}
	if (confidence != NULL)
		*confidence = KnownWeightPercent(inputs, WARMTH_COMPONENTS);
	return WeightedScore(inputs, WARMTH_COMPONENTS);
}

/* WarmthLevelIndex — position of a score's band in warmth_level_labels. */
int
WarmthLevelIndex(PackedNumeric score, const char *argname)
{
	return LevelIndex(score, argname, warmth_level_bounds,
					  lengthof(warmth_level_bounds));
}

/* calculate_composite_warmth_score(8 components) — the SPEC §3.1 weights. */
PG_FUNCTION_INFO_V1(calculate_composite_warmth_score);
Datum
calculate_composite_warmth_score(PG_FUNCTION_ARGS)
{
	WeightedInput inputs[WARMTH_COMPONENTS];
	Numeric		result;

	ReadScoreArguments(fcinfo, warmth_component_names, warmth_default_weights,
					   WARMTH_COMPONENTS, inputs);
	result = WeightedScore(inputs, WARMTH_COMPONENTS);
	if (result == NULL)
		PG_RETURN_NULL();
	PG_RETURN_NUMERIC(result);
}

/*
 * Elements of a one-dimensional numeric[] of WARMTH_COMPONENTS elements;
 * nulls[i] marks NULL elements.
 */
static void
DeconstructEightNumerics(ArrayType *array, const char *argname,
						 Datum **values, bool **nulls)
{
	int			count;

	if (ARR_NDIM(array) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a one-dimensional array", argname)));
	deconstruct_array(array, NUMERICOID, -1, false, TYPALIGN_INT,
					  values, nulls, &count);
	if (count != WARMTH_COMPONENTS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must have %d elements, not %d",
						argname, WARMTH_COMPONENTS, count)));
}

/*
 * WarmthWeightsFromNumerics — custom weights: each finite and >= 0, and
 * summing to exactly 1.  Used by the array overload and by the algorithms
 * table of the triggers.
 */
WarmthWeights
WarmthWeightsFromNumerics(Numeric numerics[WARMTH_COMPONENTS])
{
	WarmthWeights weights;
	Numeric		sum = int64_to_numeric(0);
	ScaledNumeric sum_scaled;

	for (int i = 0; i < WARMTH_COMPONENTS; i++)
	{
		ScaledNumeric scaled;

		CheckFiniteNumeric(PackedFromNumeric(numerics[i]), "weights");
		scaled = NumericToScaled(PackedFromNumeric(numerics[i]), CS_WEIGHT_SCALE);
		if (scaled.floor_value < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("weights must not be negative")));
		weights.numeric[i] = numerics[i];
		weights.scaled[i] = scaled.floor_value;
		weights.exact[i] = scaled.exact;
		sum = numeric_add_opt_error(sum, numerics[i], NULL);
	}
	sum_scaled = NumericToScaled(PackedFromNumeric(sum), 0);
	if (!sum_scaled.exact || sum_scaled.floor_value != 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weights must sum to 1"),
				 errdetail("The weights sum to %s.",
						   DatumGetCString(DirectFunctionCall1(numeric_out,
															   NumericGetDatum(sum))))));
	return weights;
}

/* calculate_composite_warmth_score(scores numeric[], weights numeric[]) */
PG_FUNCTION_INFO_V1(calculate_composite_warmth_score_weighted);
Datum
calculate_composite_warmth_score_weighted(PG_FUNCTION_ARGS)
{
	Datum	   *score_values;
	bool	   *score_nulls;
	Datum	   *weight_values;
	bool	   *weight_nulls;
	PackedNumeric components[WARMTH_COMPONENTS];
	Numeric		weight_numerics[WARMTH_COMPONENTS];
	ScaledNumeric scaled[WARMTH_COMPONENTS];
	WarmthWeights weights;
	Numeric		result;

	DeconstructEightNumerics(PG_GETARG_ARRAYTYPE_P(0), "scores",
							 &score_values, &score_nulls);
	DeconstructEightNumerics(PG_GETARG_ARRAYTYPE_P(1), "weights",
							 &weight_values, &weight_nulls);
	for (int i = 0; i < WARMTH_COMPONENTS; i++)
	{
		if (weight_nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("weights must not contain nulls")));
		weight_numerics[i] = DatumGetNumeric(weight_values[i]);
		components[i] = score_nulls[i] ? NULL : PackedNumericArg(score_values[i]);
		if (components[i] != NULL)
			scaled[i] = ReadScore(components[i], "scores");
	}
	weights = WarmthWeightsFromNumerics(weight_numerics);
	result = WarmthComposite(components, scaled, &weights, NULL);
	if (result == NULL)
		PG_RETURN_NULL();
	PG_RETURN_NUMERIC(result);
}

/* warmth_level(score) — the warmth band of a 0-100 score. */
PG_FUNCTION_INFO_V1(warmth_level);
Datum
warmth_level(PG_FUNCTION_ARGS)
{
	int			index = WarmthLevelIndex(PackedNumericArg(PG_GETARG_DATUM(0)), "score");

	return ResultEnumLabel(fcinfo, warmth_level_labels,
						   lengthof(warmth_level_labels), index);
}

/* A checked score as float8: exact hundredths divide exactly as strtod reads them. */
static float8
ScoreToFloat8(PackedNumeric score, ScaledNumeric scaled)
{
	if (scaled.exact)
		return (float8) scaled.floor_value / 100.0;
	return NumericToFloat8(score);
}

static Numeric PercentToNumeric(float8 percent);

/*
 * PurchaseProbability — 100 / (1 + e^-(intercept + slope * score)) in
 * percent, rounded to 2 decimals.  The logistic is evaluated in the form that
 * cannot overflow, so extreme parameters give 0.00 or 100.00, not an error.
 */
Numeric
PurchaseProbability(PackedNumeric score, float8 intercept, float8 slope)
{
	ScaledNumeric scaled = ReadScore(score, "score");
	float8		z;
	float8		percent;

	CheckFiniteFloat8(intercept, "intercept");
	CheckFiniteFloat8(slope, "slope");
	z = intercept + slope * ScoreToFloat8(score, scaled);
	if (isnan(z))				/* inf - inf from huge parameters */
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("intercept + slope * score is out of range")));
	if (z >= 0)
		percent = 100.0 / (1.0 + exp(-z));
	else
		percent = 100.0 * exp(z) / (1.0 + exp(z));
	return PercentToNumeric(percent);
}

/*
 * PercentToNumeric — round(percent::numeric, 2) for a percent in [0, 100].
 * The float8 → numeric cast keeps 15 significant digits, which moves the
 * value by less than 1e-12; unless 100 × percent lies within 1e-6 of a
 * half-cent, rounding the double directly gives the same cent, without the
 * cost of printing and parsing the number.
 */
static Numeric
PercentToNumeric(float8 percent)
{
	float8		hundredths = percent * 100.0;
	float8		fraction = hundredths - floor(hundredths);

	if (fabs(fraction - 0.5) > 1e-6)
		return CentsToNumeric((int64) floor(hundredths + 0.5));
	return NumericRound2(DatumGetNumeric(DirectFunctionCall1(float8_numeric,
															 Float8GetDatum(percent))));
}

/*
 * The probabilities of one call site's intercept and slope, by score in
 * hundredths (a score has at most 10,001 values of 2 decimals): exp() and
 * the conversion to numeric run once per distinct score.
 */
struct ProbabilityCache
{
	float8		intercept;
	float8		slope;
	int16		cents[CS_SCORE_MAX_CENTS + 1];	/* -1: not computed yet */
};

/*
 * CachedPurchaseProbability — PurchaseProbability through *cache (allocated
 * in mcxt on first use, emptied when intercept or slope change).
 */
Numeric
CachedPurchaseProbability(ProbabilityCache **cache, MemoryContext mcxt,
						  PackedNumeric score, float8 intercept, float8 slope)
{
	ProbabilityCache *c = *cache;
	int64		score_cents;

	if (!ScoreFastCents(score, &score_cents) || score_cents > CS_SCORE_MAX_CENTS ||
		isnan(intercept) || isnan(slope))
		return PurchaseProbability(score, intercept, slope);
	if (c == NULL)
	{
		c = *cache = MemoryContextAlloc(mcxt, sizeof(ProbabilityCache));
		c->intercept = NAN;
	}
	if (c->intercept != intercept || c->slope != slope)
	{
		c->intercept = intercept;
		c->slope = slope;
		memset(c->cents, -1, sizeof(c->cents));
	}
	if (c->cents[score_cents] < 0)
		c->cents[score_cents] = (int16)
			NumericToScaled(PackedFromNumeric(PurchaseProbability(score, intercept, slope)), 2).floor_value;
	return CentsToNumeric(c->cents[score_cents]);
}

/* purchase_probability(score, intercept, slope) — logistic link, percent. */
PG_FUNCTION_INFO_V1(purchase_probability);
Datum
purchase_probability(PG_FUNCTION_ARGS)
{
	PG_RETURN_NUMERIC(CachedPurchaseProbability((ProbabilityCache **) &fcinfo->flinfo->fn_extra,
												fcinfo->flinfo->fn_mcxt,
												PackedNumericArg(PG_GETARG_DATUM(0)),
												PG_GETARG_FLOAT8(1),
												PG_GETARG_FLOAT8(2)));
}

#ifdef HAVE_INT128
/*
 * RoundedQuotient — num / den (den > 0, |result| < 2^63) rounded half away
 * from zero, as numeric round().  In 64 bits when both fit: a 128-bit
 * division is a library call several times slower.
 */
static int64
RoundedQuotient(int128 num, int128 den)
{
	int128		quotient;
	int128		twice_remainder;

	if (den <= PG_INT64_MAX / 2 && num <= PG_INT64_MAX && num >= -PG_INT64_MAX)
	{
		int64		q64 = (int64) num / (int64) den;
		int64		r64 = 2 * ((int64) num % (int64) den);

		return q64 + (r64 >= (int64) den) - (r64 <= -(int64) den);
	}
	quotient = num / den;
	twice_remainder = 2 * (num % den);
	return (int64) (quotient + (twice_remainder >= den) - (twice_remainder <= -den));
}

/*
 * EventImpactExact — base * (1 - decay / 10000)^windows rounded to cents, in
 * integers, for the usual case: base with at most 2 decimals, a decay rate
 * with at most 4, and powers that fit in 128 bits (a decay of 0.1 for some
 * 30 windows).  The exact value, without numeric power's series.  Returns false
 * where it does not apply; the caller then computes in numeric.
 */
static bool
EventImpactExact(PackedNumeric base, int64 decay, int32 windows, int64 *cents)
{
	const int128 limit = (int128) 1 << 125;	/* ~4.3e37: twice it still fits */
	ScaledNumeric b = NumericToScaled(base, 2);
	int64		p;
	int64		q = 10000;
	int64		a;
	int64		c;
	int128		num;
	int128		den = 1;
	int128		num_limit;
	int128		den_limit;

	if (!b.exact || b.floor_value > PG_INT32_MAX ||
		b.floor_value < -PG_INT32_MAX)
		return false;
	/* retained fraction p / q = 1 - decay_rate, in lowest terms */
	p = q - decay;
	if (p == 0)
	{
		*cents = 0;
		return true;
	}
	for (a = p, c = q; c != 0;)
	{
		int64		t = a % c;

		a = c;
		c = t;
	}
	p /= a;
	q /= a;
	num_limit = limit / p;
	den_limit = limit / q;
	num = b.floor_value;
	for (int i = 0; i < windows; i++)
	{
		/* q >= 2 here, so den passes the limit within 125 rounds */
		if (num > num_limit || num < -num_limit || den > den_limit)
			return false;
		num *= p;
		den *= q;
	}
	*cents = RoundedQuotient(num, den);
	return true;
}
#endif

/*
 * EventImpact — base * (1 - decay_rate)^floor(age_days / window_days),
 * rounded to 2 decimals, exactly (in integers where they suffice, else in
 * numeric): full impact during the first window, then decay_rate less per
 * window.  Each contribution is rounded so that an explanation of the
 * engagement component adds up exactly.  The numerics may be packed.
 */
Numeric
EventImpact(PackedNumeric base, PackedNumeric decay_rate, int32 age_days, int32 window_days)
{
	ScaledNumeric decay;		/* in ten-thousandths */
	int32		windows;
	Numeric		retained;
	Numeric		factor;

	CheckFiniteNumeric(base, "base_score_impact");
	CheckFiniteNumeric(decay_rate, "decay_rate");
	decay = NumericToScaled(decay_rate, 4);
	if (decay.floor_value < 0 || decay.floor_value > 10000 ||
		(decay.floor_value == 10000 && !decay.exact))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("decay_rate must be between 0 and 1")));
	if (age_days < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("age_days must not be negative")));
	if (window_days <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("time_window_days must be greater than 0")));

	windows = age_days / window_days;
	if (windows == 0 || (decay.floor_value == 0 && decay.exact))
		return NumericRound2(PackedNumericPlain(base));
#ifdef HAVE_INT128
	if (decay.exact)
	{
		int64		cents;

		if (EventImpactExact(base, decay.floor_value, windows, &cents))
			return CentsToNumeric(cents);
	}
#endif
	/* numeric's own arithmetic reads only the plain form */
	retained = numeric_sub_opt_error(int64_to_numeric(1), PackedNumericPlain(decay_rate), NULL);
	factor = DatumGetNumeric(DirectFunctionCall2(numeric_power,
												 NumericGetDatum(retained),
												 NumericGetDatum(int64_to_numeric(windows))));
	return NumericRound2(numeric_mul_opt_error(PackedNumericPlain(base), factor, NULL));
}

/* event_impact(base, decay_rate, age_days, window_days) — one event's contribution. */
PG_FUNCTION_INFO_V1(event_impact);
Datum
event_impact(PG_FUNCTION_ARGS)
{
	PG_RETURN_NUMERIC(EventImpact(PackedNumericArg(PG_GETARG_DATUM(0)),
								  PackedNumericArg(PG_GETARG_DATUM(1)),
								  PG_GETARG_INT32(2), PG_GETARG_INT32(3)));
}
