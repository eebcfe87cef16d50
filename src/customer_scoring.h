/*
 * customer_scoring.h — shared declarations of the customer_scoring extension.
 *
 * Scores are numeric(5,2) values in [0, 100].  To be both exact and fast, the
 * scoring code reads numerics as "scaled integers" (hundredths) whenever the
 * value has at most two decimals, and falls back to PostgreSQL's own numeric
 * arithmetic otherwise, so that every answer equals the SQL formula evaluated
 * in numeric and rounded with round(x, 2).
 */
#ifndef CUSTOMER_SCORING_H
#define CUSTOMER_SCORING_H

#include "postgres.h"

#include "fmgr.h"
#include "utils/numeric.h"
#include "access/htup.h"
#include "access/tupdesc.h"
#include "utils/timestamp.h"

/* Score bounds in hundredths. */
#define CS_SCORE_MIN_CENTS	0
#define CS_SCORE_MAX_CENTS	10000

/* ----- customer_scoring.c: settings and SQL from C ----- */

extern char *cs_change_trigger;
extern char *cs_change_description;
extern const char *SettingOrNull(const char *value);

/* A kept SPI plan and the schema it was prepared for. */
typedef struct SchemaPlan
{
	Oid			schema;
	struct _SPI_plan *plan;
} SchemaPlan;

struct TriggerData;
extern struct TriggerData *CheckTrigger(FunctionCallInfo fcinfo,
										const char *funcname, bool for_row,
										bool before);
extern int	PinSearchPath(void);
extern void RestoreSearchPath(int level);
extern Oid	FunctionSchema(FunctionCallInfo fcinfo);
extern struct _SPI_plan *PrepareInSchema(SchemaPlan *cached, Oid schema,
										 const char *sql, int nargs,
										 Oid *argtypes);
extern void ExecutePlan(struct _SPI_plan *plan, Datum *values,
						const char *nulls, int expected);

/*
 * The row a BEFORE trigger reads and rewrites, deformed once.  The arrays are
 * allocated once per statement (in the trigger's fn_mcxt) and reused.
 */
typedef struct TriggerRow
{
	int			natts;
	Datum	   *values;
	bool	   *nulls;
} TriggerRow;

struct RelationData;
extern int	TriggerColumn(struct RelationData *rel, const char *name);
extern void TriggerRowDeform(TriggerRow *row, MemoryContext mcxt,
							 HeapTuple tuple, TupleDesc desc);
extern HeapTuple TriggerRowForm(const TriggerRow *row, HeapTuple original,
								TupleDesc desc);

/* ----- numeric_util.c: exact numeric helpers ----- */

/*
 * A numeric read at a fixed decimal scale: floor(value * 10^scale), saturated
 * to +-CS_SCALED_SATURATED, and whether that floor is the exact value.
 */
#define CS_SCALED_SATURATED	((int64) 1000000000000000000)	/* 1e18 */

typedef struct ScaledNumeric
{
	int64		floor_value;	/* floor(value * 10^scale), saturated */
	bool		exact;			/* value * 10^scale is that integer */
} ScaledNumeric;

typedef enum NumericSpecialKind
{
	CS_FINITE, CS_IS_NAN, CS_IS_PINF, CS_IS_NINF
} NumericSpecialKind;

/*
 * ScoreFastCents — the hot path of reading a score: a non-negative value
 * below 10000 with at most two decimals, stored in the short numeric format
 * (base-10000 weight 0 or -1), as hundredths.  Returns false for anything
 * else, which then takes the general path.  Reads packed datums in place.
 */
/*
 * NumericWord — the i-th 16-bit word after a numeric's varlena header.  A
 * numeric with a one-byte header may start at any address, so words are
 * copied out rather than dereferenced (an unaligned load is undefined in C).
 */
static inline uint16
NumericWord(Numeric num, int i)
{
	uint16		word;

	memcpy(&word, VARDATA_ANY(num) + i * sizeof(uint16), sizeof(uint16));
	return word;
}

static inline bool
ScoreFastCents(Numeric num, int64 *cents)
{
	uint16		header = NumericWord(num, 0);
	int			ndigits = (VARSIZE_ANY_EXHDR(num) - sizeof(uint16)) / sizeof(int16);
	int64		whole = 0;
	int64		fraction = 0;

	if ((header & 0xE000) != 0x8000)	/* short format, positive */
		return false;
	switch (header & 0x007F)			/* the weight, in base-10000 digits */
	{
		case 0x0000:			/* 1 <= x < 10000 (or 0) */
			if (ndigits > 2)
				return false;
			whole = ndigits > 0 ? (int16) NumericWord(num, 1) : 0;
			fraction = ndigits > 1 ? (int16) NumericWord(num, 2) : 0;
			break;
		case 0x007F:			/* weight -1: 0 < x < 1 */
			if (ndigits > 1)
				return false;
			fraction = ndigits > 0 ? (int16) NumericWord(num, 1) : 0;
			break;
		default:
			return false;
	}
	if (fraction % 100 != 0)
		return false;
	*cents = whole * 100 + fraction / 100;
	return true;
}

/*
 * NumericArg — a numeric Datum without copying it.  Values of a few digits
 * (every score) are stored with a one-byte "short" varlena header, and
 * PG_GETARG_NUMERIC would copy each one into a fresh allocation; the code of
 * this extension reads the short form in place.  PostgreSQL's own numeric C
 * functions do not, so pass such a value through NumericUnpacked first.
 */
static inline Numeric
NumericArg(Datum datum)
{
	struct varlena *value = (struct varlena *) DatumGetPointer(datum);

	if (VARATT_IS_EXTERNAL(value) || VARATT_IS_COMPRESSED(value))
		return (Numeric) pg_detoast_datum_packed(value);
	return (Numeric) value;
}
extern Numeric NumericUnpacked(Numeric num);
extern NumericSpecialKind NumericSpecial(Numeric num);
extern ScaledNumeric NumericToScaled(Numeric num, int scale);
extern Numeric CentsToNumeric(int64 cents);
extern float8 NumericToFloat8(Numeric num);
extern Numeric NumericRound2(Numeric num);
extern Numeric NumericFromCString(const char *str);

/* A component of a weighted composite: value (NULL = missing) and weight. */
typedef struct WeightedInput
{
	Numeric		value;			/* NULL when the component is missing */
	ScaledNumeric scaled;		/* value read at scale 2 */
	Numeric		weight;			/* weight as numeric, or NULL: use weight_scaled */
	int64		weight_scaled;	/* weight * 10^CS_WEIGHT_SCALE */
	bool		weight_exact;	/* weight_scaled is the exact weight */
} WeightedInput;

#define CS_WEIGHT_SCALE 6

extern bool NumericIsZero(Numeric num);
extern bool WeightedScoreCents(const WeightedInput *inputs, int n,
							   int64 *cents_out, bool *missing);
extern Numeric WeightedScore(const WeightedInput *inputs, int n);
extern Numeric KnownWeightPercent(const WeightedInput *inputs, int n);
extern void ReadScoreArguments(FunctionCallInfo fcinfo, const char *const *names,
							   const int64 *weights_scaled, int n,
							   WeightedInput *inputs);

/* ----- checks.c: argument checks shared by every function ----- */

extern void CheckFiniteNumeric(Numeric num, const char *argname);
extern ScaledNumeric ReadScoreSlow(Numeric num, const char *argname);

/* ReadScore — a finite score in [0, 100], read at scale 2 (errors otherwise). */
static inline ScaledNumeric
ReadScore(Numeric num, const char *argname)
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
extern void CheckNonNegativeNumeric(Numeric num, const char *argname);
extern void CheckNonNegativeCount(int64 value, const char *argname);
extern int	LevelIndex(Numeric score, const char *argname,
					   const int *bounds, int nbounds);
extern int	LevelIndexInt(int32 score, const char *argname,
						  const int *bounds, int nbounds);

/* ----- enum_util.c: enum label OIDs, cached per call site ----- */

extern Datum EnumLabelDatum(FunctionCallInfo fcinfo, Oid enumtypid,
							const char *const *labels, int nlabels, int index);
extern Datum ResultEnumLabel(FunctionCallInfo fcinfo, const char *const *labels,
							 int nlabels, int index);
extern Oid	EnumLabelOid(Oid enumtypid, const char *label);
extern TupleDesc ResultTupleDesc(FunctionCallInfo fcinfo);
typedef void (*ResultRowBuilder) (FunctionCallInfo fcinfo, TupleDesc desc,
								  const void *arg, Datum *values, bool *nulls);
extern Datum CachedResultRow(FunctionCallInfo fcinfo, int key, int nkeys,
							 ResultRowBuilder build, const void *arg);

/* ----- time_util.c: elapsed time between instants ----- */

extern int64 ElapsedMicroseconds(TimestampTz from, TimestampTz to);
extern int64 ElapsedWholeDays(TimestampTz from, TimestampTz to);

/* ----- scoring rules shared by the SQL functions and the triggers ----- */

/* warmth.c */
#define WARMTH_COMPONENTS 8

/* Weights of a warmth algorithm: scaled by 10^CS_WEIGHT_SCALE, or numeric. */
typedef struct WarmthWeights
{
	int64		scaled[WARMTH_COMPONENTS];
	bool		exact[WARMTH_COMPONENTS];
	Numeric		numeric[WARMTH_COMPONENTS];	/* NULL: use scaled */
} WarmthWeights;

extern const char *const warmth_level_labels[];
extern const char *const warmth_component_names[WARMTH_COMPONENTS];
extern const int64 warmth_default_weights[WARMTH_COMPONENTS];
extern WarmthWeights WarmthWeightsDefault(void);
extern WarmthWeights WarmthWeightsFromNumerics(Numeric numerics[WARMTH_COMPONENTS]);
extern Numeric WarmthComposite(Numeric components[WARMTH_COMPONENTS],
							   const ScaledNumeric scaled[WARMTH_COMPONENTS],
							   const WarmthWeights *weights, Numeric *confidence);
extern int	WarmthLevelIndex(Numeric score, const char *argname);
extern Numeric PurchaseProbability(Numeric score, float8 intercept, float8 slope);
typedef struct ProbabilityCache ProbabilityCache;
extern Numeric CachedPurchaseProbability(ProbabilityCache **cache,
										 MemoryContext mcxt, Numeric score,
										 float8 intercept, float8 slope);
extern Numeric EventImpact(Numeric base, Numeric decay_rate, int32 age_days,
						   int32 window_days);

/* warmth_triggers.c */
extern void RegisterWarmthCaches(void);

/* lead.c */
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

typedef struct LeadScore
{
	int32		engagement;
	int32		qualification;
	int32		recency;
	int32		total;
} LeadScore;

extern const char *const lead_temperature_labels[];
extern LeadScore ComputeLeadScore(const LeadScoreInput *in);
extern int	LeadTemperatureIndex(int32 score);

/* cdm.c */
extern int	CustomerTemperatureIndex(int32 days_since_last_order,
									 bool has_ordered, int32 interactions_30d);

#endif							/* CUSTOMER_SCORING_H */
