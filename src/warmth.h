/*
 * warmth.h — the warmth rules (car dealership) that the SQL functions and the
 * triggers share: the weighted composite, levels, purchase probability and
 * the decay of event rules.
 */
#ifndef WARMTH_H
#define WARMTH_H

#include "numeric_util.h"

#define WARMTH_COMPONENTS 8
#define WARMTH_LEVELS 7

/* Weights of a warmth algorithm: scaled by 10^CS_WEIGHT_SCALE, or numeric. */
typedef struct WarmthWeights
{
	int64		scaled[WARMTH_COMPONENTS];
	bool		exact[WARMTH_COMPONENTS];
	Numeric		numeric[WARMTH_COMPONENTS];	/* NULL: use scaled */
} WarmthWeights;

extern const char *const warmth_level_labels[WARMTH_LEVELS];
extern WarmthWeights WarmthWeightsDefault(void);
extern WarmthWeights WarmthWeightsFromNumerics(Numeric numerics[WARMTH_COMPONENTS]);
extern Numeric WarmthComposite(PackedNumeric components[WARMTH_COMPONENTS],
							   const ScaledNumeric scaled[WARMTH_COMPONENTS],
							   const WarmthWeights *weights, Numeric *confidence);
extern int	WarmthLevelIndex(PackedNumeric score, const char *argname);

/* The probabilities of one call site, by score (see CachedPurchaseProbability). */
typedef struct ProbabilityCache ProbabilityCache;

extern Numeric PurchaseProbability(PackedNumeric score, float8 intercept, float8 slope);
extern Numeric CachedPurchaseProbability(ProbabilityCache **cache,
										 MemoryContext mcxt, PackedNumeric score,
										 float8 intercept, float8 slope);
extern Numeric EventImpact(PackedNumeric base, PackedNumeric decay_rate,
						   int32 age_days, int32 window_days);

#endif							/* WARMTH_H */
