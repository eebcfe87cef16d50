/*
 * numeric_util.h — exact arithmetic on numeric scores.
 *
 * Scores are numeric(5,2) values in [0, 100].  To be both exact and fast, the
 * scoring code reads numerics as "scaled integers" (hundredths) whenever the
 * value has at most two decimals, and falls back to PostgreSQL's own numeric
 * arithmetic otherwise, so that every answer equals the SQL formula evaluated
 * in numeric and rounded with round(x, 2).
 *
 * This header and numeric_util.c are the only code that reads numeric's
 * on-disk layout (src/backend/utils/adt/numeric.c keeps it private).  Include
 * it only where that fast path is needed.  Values read in place, which may
 * carry a one-byte ("short") varlena header, have their own type,
 * PackedNumeric, so that the compiler refuses to hand one to a core numeric
 * function; PackedNumericPlain() gives the form those functions accept.
 */
#ifndef NUMERIC_UTIL_H
#define NUMERIC_UTIL_H

#include "fmgr.h"
#include "utils/numeric.h"

/*
 * The layout read here is the one of PostgreSQL 15's numeric.c (NumericShort
 * and NumericLong, NUMERIC_SHORT = 0x8000, NBASE 10000).  Another major
 * version must be checked against its numeric.c before it is allowed here;
 * NumericLayoutSelfCheck() also compares every reader with the public API
 * each time the library is loaded.
 */
#if PG_VERSION_NUM < 150000 || PG_VERSION_NUM >= 160000
#error "numeric_util reads the numeric layout of PostgreSQL 15: check numeric.c of this version, then widen this guard"
#endif

/* Score bounds in hundredths. */
#define CS_SCORE_MIN_CENTS	0
#define CS_SCORE_MAX_CENTS	10000

/*
 * A numeric as stored, possibly with a short varlena header.  An incomplete
 * type: it converts to nothing implicitly.
 */
typedef struct PackedNumericData *PackedNumeric;

/*
 * PackedNumericArg — a numeric argument or column value without copying it.
 * Values of a few digits (every score) are stored with a one-byte header, and
 * PG_GETARG_NUMERIC would copy each one into a fresh allocation.
 */
static inline PackedNumeric
PackedNumericArg(Datum datum)
{
	struct varlena *value = (struct varlena *) DatumGetPointer(datum);

	if (VARATT_IS_EXTERNAL(value) || VARATT_IS_COMPRESSED(value))
		return (PackedNumeric) pg_detoast_datum_packed(value);
	return (PackedNumeric) value;
}

/* A plain numeric is also a valid PackedNumeric (the other way needs a copy). */
static inline PackedNumeric
PackedFromNumeric(Numeric num)
{
	return (PackedNumeric) num;
}

/* As a Datum: fmgr functions detoast their arguments, so any form is fine there. */
static inline Datum
PackedNumericGetDatum(PackedNumeric num)
{
	return PointerGetDatum(num);
}

extern Numeric PackedNumericPlain(PackedNumeric num);

/*
 * NumericWord — the i-th 16-bit word after a numeric's varlena header.  A
 * numeric with a one-byte header may start at any address, so words are
 * copied out rather than dereferenced (an unaligned load is undefined in C).
 */
static inline uint16
NumericWord(PackedNumeric num, int i)
{
	uint16		word;

	memcpy(&word, VARDATA_ANY(num) + i * sizeof(uint16), sizeof(uint16));
	return word;
}

/*
 * ScoreFastCents — the hot path of reading a score: a non-negative value
 * below 10000 with at most two decimals, stored in the short numeric format
 * (base-10000 weight 0 or -1), as hundredths.  Returns false for anything
 * else, which then takes the general path.
 */
static inline bool
ScoreFastCents(PackedNumeric num, int64 *cents)
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
 * A numeric read at a fixed decimal scale: floor(value * 10^scale), saturated
 * to +-CS_SCALED_SATURATED, and whether that floor is the exact value.
 */
#define CS_SCALED_SATURATED	((int64) 1000000000000000000)	/* 1e18 */

typedef struct ScaledNumeric
{
	int64		floor_value;	/* floor(value * 10^scale), saturated */
	bool		exact;			/* value * 10^scale is that integer */
} ScaledNumeric;

/* What a numeric is besides a finite number (through the public API). */
typedef enum NumericSpecialKind
{
	CS_FINITE, CS_IS_NAN, CS_IS_PINF, CS_IS_NINF
} NumericSpecialKind;

extern NumericSpecialKind NumericSpecial(PackedNumeric num);
extern ScaledNumeric NumericToScaled(PackedNumeric num, int scale);
extern bool NumericIsZero(PackedNumeric num);
extern float8 NumericToFloat8(PackedNumeric num);
extern Numeric CentsToNumeric(int64 cents);
extern Numeric NumericRound2(Numeric num);
extern Numeric NumericFromCString(const char *str);

/* A component of a weighted composite: value (NULL = missing) and weight. */
typedef struct WeightedInput
{
	PackedNumeric value;		/* NULL when the component is missing */
	ScaledNumeric scaled;		/* value read at scale 2 */
	Numeric		weight;			/* weight as numeric, or NULL: use weight_scaled */
	int64		weight_scaled;	/* weight * 10^CS_WEIGHT_SCALE */
	bool		weight_exact;	/* weight_scaled is the exact weight */
} WeightedInput;

#define CS_WEIGHT_SCALE 6

extern bool WeightedScoreCents(const WeightedInput *inputs, int n,
							   int64 *cents_out, bool *missing);
extern Numeric WeightedScore(const WeightedInput *inputs, int n);
extern Numeric KnownWeightPercent(const WeightedInput *inputs, int n);

extern void NumericLayoutSelfCheck(void);

#endif							/* NUMERIC_UTIL_H */
