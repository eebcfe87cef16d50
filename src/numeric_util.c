/*
 * numeric_util.c — exact arithmetic on numeric scores.
 *
 * Converting numerics to float8 is slow and gets about one row in 150 wrong by
 * a cent (double rounding at half cents).  Instead we read the numeric's
 * base-10000 digits straight into a 64-bit integer at a fixed decimal scale.
 * The on-disk numeric format is stable within a major version (pg_upgrade
 * keeps it); we only ever read it, never build one by hand, and
 * NumericLayoutSelfCheck() compares every reader with the public API when the
 * library is loaded.  Anything the integer path cannot represent exactly goes
 * through PostgreSQL's own numeric functions, so both paths give the same
 * answer.  This file and numeric_util.h are the only ones that know the
 * layout.
 */
#include "postgres.h"

#include <float.h>

#include "common/int.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "numeric_util.h"

/* ----- the on-disk numeric format (see src/backend/utils/adt/numeric.c) ----- */

#define CS_NBASE			10000
#define CS_DEC_DIGITS		4

typedef int16 CsNumericDigit;

#define CS_SIGN_MASK		0xC000
#define CS_NEG				0x4000
#define CS_SHORT			0x8000
#define CS_SPECIAL			0xC000
#define CS_SHORT_SIGN_MASK	0x2000
#define CS_SHORT_WEIGHT_SIGN_MASK 0x0040
#define CS_SHORT_WEIGHT_MASK 0x003F

/*
 * A short varlena holds at most VARATT_SHORT_MAX - 1 data bytes: a plain copy
 * of one fits on the stack.
 */
typedef union PlainNumericBuffer
{
	struct varlena header;
	char		bytes[VARHDRSZ + VARATT_SHORT_MAX];
} PlainNumericBuffer;

/*
 * PlainNumeric — num in the plain (4-byte header) form that core numeric
 * functions read: num itself, or a copy in *buf when its header is short.
 */
static Numeric
PlainNumeric(PackedNumeric num, PlainNumericBuffer *buf)
{
	struct varlena *value = (struct varlena *) num;
	Size		datalen;

	if (!VARATT_IS_SHORT(value))
		return (Numeric) value;
	datalen = VARSIZE_SHORT(value) - VARHDRSZ_SHORT;
	SET_VARSIZE(&buf->header, datalen + VARHDRSZ);
	memcpy(VARDATA(&buf->header), VARDATA_SHORT(value), datalen);
	return (Numeric) &buf->header;
}

/* PackedNumericPlain — a palloc'd-if-needed plain form of num, for any core function. */
Numeric
PackedNumericPlain(PackedNumeric num)
{
	return DatumGetNumeric(PointerGetDatum(num));
}

/*
 * NumericSpecial — NAN, PINF, NINF or CS_FINITE, by the public tests
 * numeric_is_nan and numeric_is_inf (on a plain copy when the header is short).
 */
NumericSpecialKind
NumericSpecial(PackedNumeric num)
{
	PlainNumericBuffer buf;
	Numeric		plain = PlainNumeric(num, &buf);

	if (numeric_is_nan(plain))
		return CS_IS_NAN;
	if (!numeric_is_inf(plain))
		return CS_FINITE;
	return DatumGetInt32(DirectFunctionCall2(numeric_cmp, NumericGetDatum(plain),
											 NumericGetDatum(int64_to_numeric(0)))) > 0
		? CS_IS_PINF : CS_IS_NINF;
}

/*
 * Decode sign, weight and the digit array of a finite numeric.  Works on
 * packed (short varlena) and plain datums alike, since it goes through
 * VARDATA_ANY / VARSIZE_ANY_EXHDR.
 */
static void
DecodeNumeric(PackedNumeric num, bool *negative, int *weight,
			  const CsNumericDigit **digits, int *ndigits)
{
	const char *data = VARDATA_ANY(num);
	int			datalen = VARSIZE_ANY_EXHDR(num);
	uint16		header = NumericWord(num, 0);

	if ((header & CS_SIGN_MASK) == CS_SPECIAL)
		elog(ERROR, "cannot decode a special numeric value");

	if ((header & CS_SIGN_MASK) == CS_SHORT)
	{
		*negative = (header & CS_SHORT_SIGN_MASK) != 0;
		*weight = (header & CS_SHORT_WEIGHT_SIGN_MASK) ?
			(int) (~CS_SHORT_WEIGHT_MASK | (header & CS_SHORT_WEIGHT_MASK)) :
			(int) (header & CS_SHORT_WEIGHT_MASK);
		data += sizeof(uint16);
		datalen -= sizeof(uint16);
	}
	else
	{
		int16		w;

		*negative = (header & CS_SIGN_MASK) == CS_NEG;
		memcpy(&w, data + sizeof(uint16), sizeof(int16));	/* may be unaligned */
		*weight = w;
		data += sizeof(uint16) + sizeof(int16);
		datalen -= sizeof(uint16) + sizeof(int16);
	}
	*digits = (const CsNumericDigit *) data;
	*ndigits = datalen / (int) sizeof(CsNumericDigit);
}

static const int64 pow10_table[] = {
	1LL, 10LL, 100LL, 1000LL, 10000LL, 100000LL, 1000000LL, 10000000LL,
	100000000LL, 1000000000LL, 10000000000LL, 100000000000LL,
	1000000000000LL, 10000000000000LL, 100000000000000LL,
	1000000000000000LL, 10000000000000000LL, 100000000000000000LL,
	1000000000000000000LL
};

/*
 * NumericToScaled — floor(num * 10^scale) as a saturated int64, and whether it
 * is exact.  num must be finite (checked by the callers with
 * CheckFiniteNumeric); 0 <= scale <= 8.
 */
ScaledNumeric
NumericToScaled(PackedNumeric num, int scale)
{
	ScaledNumeric result = {0, true};
	bool		negative;
	int			weight;
	const CsNumericDigit *digits;
	int			ndigits;
	int64		truncated = 0;
	bool		saturated = false;

	Assert(scale >= 0 && scale <= 8);
	if (scale == 2 && ScoreFastCents(num, &result.floor_value))
		return result;
	DecodeNumeric(num, &negative, &weight, &digits, &ndigits);

	for (int i = 0; i < ndigits && !saturated; i++)
	{
		int16		raw;
		int64		digit;
		int			exponent = (weight - i) * CS_DEC_DIGITS + scale;	/* of 10 */

		memcpy(&raw, &digits[i], sizeof(raw));	/* may be unaligned */
		digit = raw;

		if (digit == 0)
			continue;
		if (exponent >= 0)
		{
			int64		term;

			if (exponent > 18 ||
				pg_mul_s64_overflow(digit, pow10_table[exponent], &term) ||
				pg_add_s64_overflow(truncated, term, &truncated) ||
				truncated > CS_SCALED_SATURATED)
				saturated = true;
		}
		else if (exponent > -CS_DEC_DIGITS)
		{
			/* this digit straddles the scale: keep its high part */
			truncated += digit / pow10_table[-exponent];
			if (digit % pow10_table[-exponent] != 0)
				result.exact = false;
		}
		else
			result.exact = false;	/* wholly below the scale */
	}

	if (saturated || truncated > CS_SCALED_SATURATED)
	{
		truncated = CS_SCALED_SATURATED;
		result.exact = false;
	}
	if (negative)
		result.floor_value = -truncated - (result.exact ? 0 : 1);
	else
		result.floor_value = truncated;
	return result;
}

/* NumericIsZero — whether a finite numeric equals 0. */
bool
NumericIsZero(PackedNumeric num)
{
	ScaledNumeric whole = NumericToScaled(num, 0);

	return whole.exact && whole.floor_value == 0;
}

/*
 * CentsToNumeric — an integer count of hundredths as numeric with scale 2.
 * Scores take one of only 10001 values, so each is built once per backend
 * (by PostgreSQL itself) and handed out as a fresh copy, which is cheaper
 * than building it again for every row.
 */
Numeric
CentsToNumeric(int64 cents)
{
	static Numeric score_cache[CS_SCORE_MAX_CENTS + 1];
	Numeric		cached;

	if (cents < CS_SCORE_MIN_CENTS || cents > CS_SCORE_MAX_CENTS)
		return int64_div_fast_to_numeric(cents, 2);
	cached = score_cache[cents];
	if (cached == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);

		cached = int64_div_fast_to_numeric(cents, 2);
		MemoryContextSwitchTo(old);
		score_cache[cents] = cached;
	}
	return (Numeric) pg_detoast_datum_copy((struct varlena *) cached);
}

/* NumericRound2 — round(num, 2), half away from zero, as SQL does. */
Numeric
NumericRound2(Numeric num)
{
	return DatumGetNumeric(DirectFunctionCall2(numeric_round,
											   NumericGetDatum(num),
											   Int32GetDatum(2)));
}

/* NumericFromCString — a numeric constant. */
Numeric
NumericFromCString(const char *str)
{
	return DatumGetNumeric(DirectFunctionCall3(numeric_in,
											   CStringGetDatum(str),
											   ObjectIdGetDatum(InvalidOid),
											   Int32GetDatum(-1)));
}

/* Round num / den half away from zero; den > 0. */
static inline int64
DivideRoundHalfAway(int128 num, int128 den)
{
	int128		magnitude = num < 0 ? -num : num;
	int128		quotient;

	/* 64-bit division is much cheaper, and scores always fit */
	if (magnitude < ((int128) 1 << 60) && den < ((int128) 1 << 60))
		quotient = ((int64) magnitude * 2 + (int64) den) / ((int64) den * 2);
	else
		quotient = (2 * magnitude + den) / (2 * den);
	return (int64) (num < 0 ? -quotient : quotient);
}

/*
 * WeightedScoreCents — the integer fast path of WeightedScore.
 *
 * With values x_i in hundredths and weights w_i at any common scale, the
 * score  sum(w_i x_i) / sum(w_i)  in hundredths is exactly the integer ratio
 * of the two sums (the weight scale cancels), rounded half away from zero.
 * Returns false when some input is not exact at its scale; sets *missing when
 * the present components carry no weight (the score is then NULL).
 */
bool
WeightedScoreCents(const WeightedInput *inputs, int n, int64 *cents_out,
				   bool *missing)
{
	/* values <= 10^4 hundredths, weights <= 10^6 each: no overflow in int64 */
	int64		weighted_sum = 0;
	int64		weight_sum = 0;

	for (int i = 0; i < n; i++)
	{
		if (inputs[i].value == NULL)
			continue;
		if (!inputs[i].scaled.exact || !inputs[i].weight_exact)
			return false;
		Assert(inputs[i].scaled.floor_value <= CS_SCORE_MAX_CENTS &&
			   inputs[i].weight_scaled <= 1000000);
		weighted_sum += inputs[i].weight_scaled * inputs[i].scaled.floor_value;
		weight_sum += inputs[i].weight_scaled;
	}
	*missing = (weight_sum == 0);
	if (!*missing)
		*cents_out = DivideRoundHalfAway(weighted_sum, weight_sum);
	return true;
}

/* The weight of one input as numeric, built from its scaled form if needed. */
static Numeric
InputWeight(const WeightedInput *input)
{
	if (input->weight != NULL)
		return input->weight;
	return int64_div_fast_to_numeric(input->weight_scaled, CS_WEIGHT_SCALE);
}

/*
 * WeightedScore — round(sum(w_i x_i) / sum(w_i), 2) over the present inputs,
 * or NULL when they carry no weight.  Values must already be checked.
 */
Numeric
WeightedScore(const WeightedInput *inputs, int n)
{
	int64		cents;
	bool		missing;
	Numeric		weighted_sum;
	Numeric		weight_sum;

	if (WeightedScoreCents(inputs, n, &cents, &missing))
		return missing ? NULL : CentsToNumeric(cents);

	/* general path: the same formula in numeric arithmetic */
	weighted_sum = int64_to_numeric(0);
	weight_sum = int64_to_numeric(0);
	for (int i = 0; i < n; i++)
	{
		Numeric		weight;

		if (inputs[i].value == NULL)
			continue;
		weight = InputWeight(&inputs[i]);
		weighted_sum = numeric_add_opt_error(weighted_sum,
											 numeric_mul_opt_error(weight,
																   PackedNumericPlain(inputs[i].value),
																   NULL),
											 NULL);
		weight_sum = numeric_add_opt_error(weight_sum, weight, NULL);
	}
	if (NumericIsZero(PackedFromNumeric(weight_sum)))
		return NULL;
	return NumericRound2(numeric_div_opt_error(weighted_sum, weight_sum, NULL));
}

/*
 * KnownWeightPercent — the percentage of the total weight that the present
 * inputs carry, rounded to 2 decimals (the confidence of a composite).
 */
Numeric
KnownWeightPercent(const WeightedInput *inputs, int n)
{
	int128		known = 0;
	int128		total = 0;
	bool		all_exact = true;
	Numeric		known_numeric = int64_to_numeric(0);
	Numeric		total_numeric = int64_to_numeric(0);

	for (int i = 0; i < n; i++)
	{
		all_exact &= inputs[i].weight_exact;
		total += inputs[i].weight_scaled;
		if (inputs[i].value != NULL)
			known += inputs[i].weight_scaled;
	}
	if (all_exact)
		return total == 0 ? CentsToNumeric(0) :
			CentsToNumeric(DivideRoundHalfAway(known * 10000, total));

	for (int i = 0; i < n; i++)
	{
		Numeric		weight = InputWeight(&inputs[i]);

		total_numeric = numeric_add_opt_error(total_numeric, weight, NULL);
		if (inputs[i].value != NULL)
			known_numeric = numeric_add_opt_error(known_numeric, weight, NULL);
	}
	if (NumericIsZero(PackedFromNumeric(total_numeric)))
		return CentsToNumeric(0);
	return NumericRound2(numeric_div_opt_error(numeric_mul_opt_error(known_numeric,
																	 int64_to_numeric(100),
																	 NULL),
											   total_numeric, NULL));
}

/*
 * NumericToFloat8 — a finite numeric as float8, without the range error of
 * the numeric -> float8 cast: magnitudes beyond float8's range become
 * +-DBL_MAX, non-zero magnitudes below it +-DBL_MIN (so a tiny positive
 * value stays positive).
 */
float8
NumericToFloat8(PackedNumeric num)
{
	bool		negative;
	int			weight;
	const CsNumericDigit *digits;
	int			ndigits;

	ScaledNumeric micro = NumericToScaled(num, 6);

	/*
	 * Up to six decimals and below 2^53 millionths, the quotient of two exact
	 * doubles is correctly rounded, as strtod() of the numeric's text is: the
	 * same double, without printing and parsing.
	 */
	if (micro.exact && micro.floor_value > -((int64) 1 << 53) &&
		micro.floor_value < ((int64) 1 << 53))
		return (float8) micro.floor_value / 1000000.0;

	DecodeNumeric(num, &negative, &weight, &digits, &ndigits);
	if (ndigits == 0)
		return 0.0;
	/* the value is below NBASE^(weight + 1) and at least NBASE^weight */
	if (weight * CS_DEC_DIGITS > 300)
		return negative ? -DBL_MAX : DBL_MAX;
	if ((weight + 1) * CS_DEC_DIGITS < -300)
		return negative ? -DBL_MIN : DBL_MIN;
	return DatumGetFloat8(DirectFunctionCall1(numeric_float8, PackedNumericGetDatum(num)));
}

/* ----- the load-time self-check ----- */

/*
 * ShortCopy — num with a one-byte header, as a tuple stores a small numeric,
 * at an odd address (the readers must not assume alignment); NULL when num
 * is too long for a short header.
 */
static PackedNumeric
ShortCopy(Numeric num)
{
	Size		datalen = VARSIZE(num) - VARHDRSZ;
	char	   *copy;

	if (datalen + VARHDRSZ_SHORT > VARATT_SHORT_MAX)
		return NULL;
	copy = (char *) palloc(datalen + VARHDRSZ_SHORT + 1) + 1;
	SET_VARSIZE_SHORT(copy, datalen + VARHDRSZ_SHORT);
	memcpy(VARDATA_SHORT(copy), VARDATA(num), datalen);
	return (PackedNumeric) copy;
}

static bool
NumericEquals(Numeric a, Numeric b)
{
	return DatumGetInt32(DirectFunctionCall2(numeric_cmp, NumericGetDatum(a),
											 NumericGetDatum(b))) == 0;
}

/*
 * CheckReaders — every layout reader on one value (plain or packed) against
 * what the public numeric API says of its plain form; the first disagreement,
 * or NULL.
 */
static const char *
CheckReaders(PackedNumeric value, Numeric plain)
{
	static const int scales[] = {0, 2, 4, 6, 8};
	NumericSpecialKind kind = NumericSpecial(value);
	int64		cents;

	if ((kind == CS_IS_NAN) != numeric_is_nan(plain) ||
		(kind == CS_IS_PINF || kind == CS_IS_NINF) != numeric_is_inf(plain))
		return "NumericSpecial";
	if (kind != CS_FINITE)
		return ScoreFastCents(value, &cents) ? "ScoreFastCents on a special value" : NULL;

	for (int i = 0; i < lengthof(scales); i++)
	{
		Numeric		power = DatumGetNumeric(DirectFunctionCall2(numeric_power,
																NumericGetDatum(int64_to_numeric(10)),
																NumericGetDatum(int64_to_numeric(scales[i]))));
		Numeric		product = numeric_mul_opt_error(plain, power, NULL);
		Numeric		floored = DatumGetNumeric(DirectFunctionCall1(numeric_floor,
																  NumericGetDatum(product)));
		ScaledNumeric scaled = NumericToScaled(value, scales[i]);
		bool		saturated = scaled.floor_value >= CS_SCALED_SATURATED ||
			scaled.floor_value <= -CS_SCALED_SATURATED;

		if (!saturated &&
			(!NumericEquals(floored, int64_to_numeric(scaled.floor_value)) ||
			 scaled.exact != NumericEquals(floored, product)))
			return "NumericToScaled";
		if (scales[i] == 2 && ScoreFastCents(value, &cents) &&
			(saturated || !scaled.exact || cents != scaled.floor_value))
			return "ScoreFastCents";
	}
	if (NumericToFloat8(value) !=
		DatumGetFloat8(DirectFunctionCall1(numeric_float8, NumericGetDatum(plain))))
		return "NumericToFloat8";
	if (NumericIsZero(value) != NumericEquals(plain, int64_to_numeric(0)))
		return "NumericIsZero";
	return NULL;
}

/*
 * NumericLayoutSelfCheck — run once when the library is loaded: the readers
 * of this file must agree with PostgreSQL's public numeric functions on
 * values of every shape, plain and packed.  If the layout ever differs from
 * the one this build reads, the library refuses to load instead of scoring
 * wrongly.
 */
void
NumericLayoutSelfCheck(void)
{
	static const char *const samples[] = {
		"0", "1", "0.01", "0.5", "0.0001", "0.000001", "12.34", "73.50", "99.99",
		"100", "100.00", "100.001", "5000", "9999.99", "10000", "123456789.123456789",
		"-1", "-0.01", "-12.345", "1e20", "-1e-20", "1e-30", "NaN", "Infinity",
		"-Infinity"
	};
	int			checked = 0;

	for (int i = 0; i < lengthof(samples); i++)
	{
		Numeric		plain = NumericFromCString(samples[i]);
		PackedNumeric packed = ShortCopy(plain);
		const char *failed = CheckReaders(PackedFromNumeric(plain), plain);

		if (failed == NULL && packed != NULL)
			failed = CheckReaders(packed, plain);
		if (failed != NULL)
			ereport(ERROR,
					(errcode(ERRCODE_INTERNAL_ERROR),
					 errmsg("customer_scoring cannot read this server's numeric values"),
					 errdetail("%s disagrees with PostgreSQL's numeric functions on %s.",
							   failed, samples[i]),
					 errhint("The library was built for the numeric layout of PostgreSQL %d.",
							 PG_VERSION_NUM / 10000)));
		checked++;
	}
	elog(DEBUG1, "customer_scoring: numeric layout self-check passed on %d values, plain and packed",
		 checked);
}
