/*
 * checks.c — argument checks and level lookup shared by every scoring function.
 */
#include "postgres.h"

#include <math.h>

#include "checks.h"

/* CheckFiniteNumeric — reject NaN and +-Infinity (packed or not). */
void
CheckFiniteNumeric(PackedNumeric num, const char *argname)
{
	NumericSpecialKind kind = NumericSpecial(num);

	if (kind == CS_IS_NAN)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not be NaN", argname)));
	if (kind != CS_FINITE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be finite", argname)));
}

/* ReadScoreSlow — ReadScore for values off its fast path. */
ScaledNumeric
ReadScoreSlow(PackedNumeric num, const char *argname)
{
	ScaledNumeric scaled;

	CheckFiniteNumeric(num, argname);
	scaled = NumericToScaled(num, 2);
	/* v >= 0 iff floor(100 v) >= 0;  v <= 100 iff floor(100 v) < 10000, or = 10000 exactly */
	if (scaled.floor_value < CS_SCORE_MIN_CENTS ||
		scaled.floor_value > CS_SCORE_MAX_CENTS ||
		(scaled.floor_value == CS_SCORE_MAX_CENTS && !scaled.exact))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s must be between 0 and 100", argname)));
	return scaled;
}

/* CheckNonNegativeNumeric — a finite amount that is not negative. */
void
CheckNonNegativeNumeric(PackedNumeric num, const char *argname)
{
	CheckFiniteNumeric(num, argname);
	if (NumericToScaled(num, 0).floor_value < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not be negative", argname)));
}

/* CheckFiniteFloat8 — a float8 argument is neither NaN nor infinite (22023). */
void
CheckFiniteFloat8(float8 value, const char *argname)
{
	if (isnan(value))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not be NaN", argname)));
	if (isinf(value))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be finite", argname)));
}

/* CheckNonNegativeCount — counts are never negative. */
void
CheckNonNegativeCount(int64 value, const char *argname)
{
	if (value < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not be negative", argname)));
}

/*
 * LevelIndex — the band of a score in [0, 100]: the number of band lower
 * bounds (whole points, ascending, the first band's bound 0 left out) that the
 * score reaches.  Because the bounds are whole numbers, score >= bound exactly
 * when floor(score) >= bound, whatever the score's scale.
 */
int
LevelIndex(PackedNumeric score, const char *argname, const int *bounds, int nbounds)
{
	ScaledNumeric scaled = ReadScore(score, argname);
	int			index = 0;

	while (index < nbounds && scaled.floor_value >= (int64) bounds[index] * 100)
		index++;
	return index;
}

/*
 * ReadScoreArguments — the score arguments of a weighted composite SQL
 * function, all nullable (NULL = missing), each checked to be in [0, 100],
 * paired with fixed weights scaled by 10^CS_WEIGHT_SCALE.
 */
void
ReadScoreArguments(FunctionCallInfo fcinfo, const char *const *names,
				   const int64 *weights_scaled, int n, WeightedInput *inputs)
{
	for (int i = 0; i < n; i++)
	{
		inputs[i].value = PG_ARGISNULL(i) ? NULL : PackedNumericArg(PG_GETARG_DATUM(i));
		if (inputs[i].value != NULL)
			inputs[i].scaled = ReadScore(inputs[i].value, names[i]);
		inputs[i].weight = NULL;
		inputs[i].weight_scaled = weights_scaled[i];
		inputs[i].weight_exact = true;
	}
}

/* LevelIndexInt — the same for an integer score in [0, 100]. */
int
LevelIndexInt(int32 score, const char *argname, const int *bounds, int nbounds)
{
	int			index = 0;

	if (score < 0 || score > 100)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s must be between 0 and 100", argname)));
	while (index < nbounds && score >= bounds[index])
		index++;
	return index;
}
