/*
 * risk.c — risk assessment of the health insights (SPEC §3.8): churn,
 * engagement and value risk, each 0-100 at 2 decimals, the severity band of a
 * risk and the mitigation step for a severity.
 *
 * Every result equals the SPEC's formula evaluated exactly in numeric and
 * rounded half away from zero to 2 decimals (round(x, 2)).  These functions
 * are called once per customer for an insight, not per row of a refresh, so
 * they use PostgreSQL's numeric arithmetic throughout instead of a
 * scaled-integer fast path.
 */
#include "postgres.h"

#include <math.h>

#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/numeric.h"

#include "checks.h"

static const char *const risk_severity_labels[] = {"low", "medium", "high", "critical"};
static const int risk_severity_bounds[] = {25, 50, 75};

/* SPEC §3.8, by severity */
static const char *const risk_mitigation_texts[] = {
	"Keep the regular cadence",
	"Send a personalised offer within two weeks",
	"Call this week with a win-back offer",
	"Escalate to the account owner: call within 24 hours"
};

/* ----- numeric helpers ----- */

static Numeric
NumericInt(int64 value)
{
	return int64_to_numeric(value);
}

static Numeric
NumericAdd(Numeric a, Numeric b)
{
	return numeric_add_opt_error(a, b, NULL);
}

static Numeric
NumericSub(Numeric a, Numeric b)
{
	return numeric_sub_opt_error(a, b, NULL);
}

static Numeric
NumericMul(Numeric a, Numeric b)
{
	return numeric_mul_opt_error(a, b, NULL);
}

static int
NumericCompare(Numeric a, Numeric b)
{
	return DatumGetInt32(DirectFunctionCall2(numeric_cmp, NumericGetDatum(a),
											 NumericGetDatum(b)));
}

/* min(100, max(0, x)) rounded half away from zero to 2 decimals */
static Numeric
ClampRound(Numeric x)
{
	if (NumericCompare(x, NumericInt(0)) < 0)
		x = NumericInt(0);
	else if (NumericCompare(x, NumericInt(100)) > 0)
		x = NumericInt(100);
	return NumericRound2(x);
}

/* A score argument in [0, 100] as a plain numeric (22003 / 22023 otherwise). */
static Numeric
ScoreArgument(FunctionCallInfo fcinfo, int argno, const char *argname)
{
	PackedNumeric value = PackedNumericArg(PG_GETARG_DATUM(argno));

	(void) ReadScore(value, argname);
	return PackedNumericPlain(value);
}

/* An amount argument: finite and not negative (22023 otherwise). */
static Numeric
AmountArgument(FunctionCallInfo fcinfo, int argno, const char *argname)
{
	PackedNumeric value = PackedNumericArg(PG_GETARG_DATUM(argno));

	CheckNonNegativeNumeric(value, argname);
	return PackedNumericPlain(value);
}

/* A probability in [0, 1]: not NaN, not infinite (22023 otherwise). */
static inline void
CheckProbability(float8 p, const char *argname)
{
	if (isnan(p))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not be NaN", argname)));
	if (!(p >= 0.0 && p <= 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be between 0 and 1", argname)));
}

/*
 * churn_risk_score(p_alive) — 100 * (1 - p_alive), p_alive in [0, 1] taken
 * as numeric the way p_alive::numeric does.
 */
PG_FUNCTION_INFO_V1(churn_risk_score);
Datum
churn_risk_score(PG_FUNCTION_ARGS)
{
	float8		p_alive = PG_GETARG_FLOAT8(0);
	Numeric		p;

	CheckProbability(p_alive, "p_alive");
	p = DatumGetNumeric(DirectFunctionCall1(float8_numeric, Float8GetDatum(p_alive)));
	PG_RETURN_NUMERIC(NumericRound2(NumericMul(NumericInt(100),
											   NumericSub(NumericInt(1), p))));
}

/*
 * engagement_risk_score(engagement_now, engagement_90_days_ago) —
 * min(100, (100 - E) + 2 * max(0, E90 - E)).  Not strict: a NULL
 * engagement_90_days_ago (no record that old) makes the decline term 0; a
 * NULL engagement_now gives NULL.
 */
PG_FUNCTION_INFO_V1(engagement_risk_score);
Datum
engagement_risk_score(PG_FUNCTION_ARGS)
{
	Numeric		now_score;
	Numeric		risk;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	now_score = ScoreArgument(fcinfo, 0, "engagement_now");
	risk = NumericSub(NumericInt(100), now_score);
	if (!PG_ARGISNULL(1))
	{
		Numeric		then_score = ScoreArgument(fcinfo, 1, "engagement_90_days_ago");
		Numeric		decline = NumericSub(then_score, now_score);

		if (NumericCompare(decline, NumericInt(0)) > 0)
			risk = NumericAdd(risk, NumericMul(NumericInt(2), decline));
	}
	PG_RETURN_NUMERIC(ClampRound(risk));
}

/*
 * value_risk_score(spend_last_90, spend_previous_90) — the spend drop S1
 * against S0 in percent: 0 when S0 is 0 or NULL, else
 * min(100, max(0, (S0 - S1) / S0 * 100)).  Not strict: a NULL amount is no
 * spend (sum() over no orders), so a NULL S1 with S0 > 0 is 100.
 *
 * The quotient is rounded exactly: q = trunc(N / S0) and r = N - q * S0 with
 * N = (S0 - S1) * 10000, then q + 1 when 2r >= S0, which is round(x, 2) of
 * the true value whatever the scale of the amounts (below 1e131000).
 */
PG_FUNCTION_INFO_V1(value_risk_score);
Datum
value_risk_score(PG_FUNCTION_ARGS)
{
	Numeric		last90 = NULL;
	Numeric		previous90;
	Numeric		zero = NumericInt(0);
	Numeric		drop;
	Numeric		scaled;
	Numeric		quotient;
	Numeric		remainder;

	if (!PG_ARGISNULL(0))
		last90 = AmountArgument(fcinfo, 0, "spend_last_90");
	if (PG_ARGISNULL(1))
		PG_RETURN_NUMERIC(NumericRound2(zero));
	previous90 = AmountArgument(fcinfo, 1, "spend_previous_90");
	if (NumericCompare(previous90, zero) == 0)
		PG_RETURN_NUMERIC(NumericRound2(zero));
	if (last90 == NULL)
		last90 = zero;
	drop = NumericSub(previous90, last90);
	if (NumericCompare(drop, zero) <= 0)
		PG_RETURN_NUMERIC(NumericRound2(zero));

	/*
	 * A drop so large that drop * 10000 would overflow numeric (more than
	 * 131000 digits before the decimal point, far beyond any money column):
	 * the quotient as the SQL formula computes it.
	 */
	if (NumericCompare(drop, NumericFromCString("1e131000")) >= 0)
		PG_RETURN_NUMERIC(ClampRound(NumericMul(numeric_div_opt_error(drop, previous90, NULL),
												NumericInt(100))));

	/* 0 < drop <= previous90, so the quotient is in (0, 10000] hundredths */
	scaled = NumericMul(drop, NumericInt(10000));
	quotient = DatumGetNumeric(DirectFunctionCall2(numeric_div_trunc,
												   NumericGetDatum(scaled),
												   NumericGetDatum(previous90)));
	remainder = NumericSub(scaled, NumericMul(quotient, previous90));
	if (NumericCompare(NumericMul(NumericInt(2), remainder), previous90) >= 0)
		quotient = NumericAdd(quotient, NumericInt(1));
	PG_RETURN_NUMERIC(NumericRound2(numeric_div_opt_error(quotient, NumericInt(100), NULL)));
}

/* risk_severity(score) — low < 25 <= medium < 50 <= high < 75 <= critical. */
PG_FUNCTION_INFO_V1(risk_severity);
Datum
risk_severity(PG_FUNCTION_ARGS)
{
	int			index = LevelIndex(PackedNumericArg(PG_GETARG_DATUM(0)), "score",
								   risk_severity_bounds,
								   lengthof(risk_severity_bounds));

	PG_RETURN_TEXT_P(cstring_to_text(risk_severity_labels[index]));
}

/* risk_mitigation(severity) — the SPEC's mitigation step for a severity. */
PG_FUNCTION_INFO_V1(risk_mitigation);
Datum
risk_mitigation(PG_FUNCTION_ARGS)
{
	char	   *severity = text_to_cstring(PG_GETARG_TEXT_PP(0));

	for (int i = 0; i < lengthof(risk_severity_labels); i++)
		if (strcmp(severity, risk_severity_labels[i]) == 0)
			PG_RETURN_TEXT_P(cstring_to_text(risk_mitigation_texts[i]));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid severity: \"%s\"", severity),
			 errhint("Use low, medium, high or critical.")));
	PG_RETURN_NULL();			/* keep compiler quiet */
}
