/*
 * checks.h — argument checks and level lookup shared by the scoring
 * functions.
 *
 * SQLSTATEs follow the project's rule: a value outside its allowed range is
 * 22003 (numeric_value_out_of_range); NaN, infinity and negative counts or
 * amounts are 22023 (invalid_parameter_value).
 */
#ifndef CHECKS_H
#define CHECKS_H

#include "fmgr.h"

#include "numeric_util.h"

extern void CheckFiniteNumeric(PackedNumeric num, const char *argname);
extern void CheckNonNegativeNumeric(PackedNumeric num, const char *argname);
extern void CheckFiniteFloat8(float8 value, const char *argname);
extern void CheckNonNegativeCount(int64 value, const char *argname);
extern ScaledNumeric ReadScoreSlow(PackedNumeric num, const char *argname);

/* ReadScore — a finite score in [0, 100], read at scale 2 (errors otherwise). */
static inline ScaledNumeric
ReadScore(PackedNumeric num, const char *argname)
{
	ScaledNumeric result;

	if (ScoreFastCents(num, &result.floor_value) &&
		result.floor_value <= CS_SCORE_MAX_CENTS)
	{
		result.exact = true;
		return result;
	}
	return ReadScoreSlow(num, argname);
}

extern void ReadScoreArguments(FunctionCallInfo fcinfo, const char *const *names,
							   const int64 *weights_scaled, int n,
							   WeightedInput *inputs);
extern int	LevelIndex(PackedNumeric score, const char *argname,
					   const int *bounds, int nbounds);
extern int	LevelIndexInt(int32 score, const char *argname,
						  const int *bounds, int nbounds);

#endif							/* CHECKS_H */
