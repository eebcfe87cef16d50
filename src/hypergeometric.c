/*
 * hypergeometric.c — the Gauss hypergeometric function 2F1 where the BG/NBD
 * model needs it (SPEC §3.7), accurate when its argument approaches 1.
 *
 * The BG/NBD expected number of purchases is P(alive) times
 *
 *   J = E[(1 - (1 + p k)^-n) / p],  p ~ Beta(a, beta),
 *     = c/(a-1) [1 - (1-z)^n 2F1(n, beta; c; z)],  c = a + beta - 1,
 *
 * with k = t/(alpha+T), z = k/(1+k), n = r + x, beta = b + x.  The closed
 * form has a removable singularity at a = 1, its series converges slowly as
 * z -> 1, and near z = 1 the connection formula to 1 - z cancels when
 * m = n + 1 - a is close to an integer.  So:
 *   - z <= 0.9: a series of J itself, free of the singularity at a = 1
 *     (at most a few hundred terms);
 *   - z > 0.9 and m >= 8: the same series, whose terms then fall like
 *     j^-(m+1) whatever z (m = beta - (c - n));
 *   - a >= 30 (a model whose drop-out probability hardly varies) and m < 1:
 *     the Gauss series of 2F1(n, beta; c; z), whose terms fall like
 *     j^(m-1) z^j (the series of J would need about a z terms);
 *   - z > 0.9 and m < 8: the connection formula (Abramowitz & Stegun
 *     15.3.6), both of its series in 1 - z < 0.1; where a is close to 1 or m
 *     close to an integer, J is interpolated in a from points away from them
 *     (J is analytic in a).  For large m the formula would add terms much
 *     larger than J, hence the series there.
 */
#include "postgres.h"

#include <math.h>

#include "miscadmin.h"

#include "hypergeometric.h"

/* a series stops when a term is below this fraction of the sum */
#define SERIES_EPSILON 1e-17
#define SERIES_MAX_TERMS 100000000

/* from this a on, the Gauss series of 2F1 itself where it converges fast */
#define LARGE_A 30.0
/* the series of J is used up to this z, and beyond it from this m on */
#define SERIES_MAX_K 9.0
#define SERIES_MIN_M 8.0
/* the connection formula loses 1/distance digits near its poles */
#define NEAR_POLE 1e-3
/* interpolation nodes are this far apart in a */
#define NODE_STEP 2e-3
#define NODES 6

/* true once a series term can be dropped: small, and the terms decreasing */
static inline bool
SeriesDone(double term, double sum, double ratio)
{
	return term == 0.0 ||
		(fabs(term) <= SERIES_EPSILON * fabs(sum) && fabs(ratio) < 1.0);
}

/* Reachable only with absurd arguments (x near 2^31 and a horizon near 1e300). */
static void
SeriesFailed(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("hypergeometric series did not converge for these arguments")));
}

/* Hyp2f1Series(a, b, c, z) — the Gauss series (for |z| < 1; its callers keep the terms decreasing soon). */
double
Hyp2f1Series(double a, double b, double c, double z)
{
	double		sum = 1.0;
	double		term = 1.0;

	for (int j = 0; j < SERIES_MAX_TERMS; j++)
	{
		double		ratio = (a + j) * (b + j) / ((c + j) * (j + 1)) * z;

		term *= ratio;
		sum += term;
		if (SeriesDone(term, sum, ratio))
			return sum;
		if ((j & 0xFFFF) == 0xFFFF)
			CHECK_FOR_INTERRUPTS();
	}
	SeriesFailed();
	return 0.0;					/* keep the compiler quiet */
}

/*
 * J by its own series (see the top of the file for where).  Euler's transformation gives
 * (1-z)^n 2F1(n, beta; c; z) = (1-z)^(a-1) 2F1(c-n, a-1; c; z), and the
 * factor (a-1) of every term of the latter cancels the 1/(a-1):
 *   J = -c ln(1-z) phi((a-1) ln(1-z)) - (1-z)^(a-1) S,
 *   S = sum_{j>=1} (c-n)_j (a)_{j-1} / ((a+beta)_{j-1} j!) z^j,
 * phi(e) = (e^e - 1)/e.  No term divides by c, so c <= 0 (x = 0, a + b < 1)
 * is fine too.
 */
static double
RepeatExpectationSeries(double a, double beta, double n, double k)
{
	double		c = a + beta - 1.0;
	double		z = k / (1.0 + k);
	double		log_w = -log1p(k);	/* ln(1 - z) */
	double		e = (a - 1.0) * log_w;
	double		phi = (e == 0.0) ? 1.0 : expm1(e) / e;
	double		term = (c - n) * z;
	double		sum = 0.0;

	for (int j = 1; j < SERIES_MAX_TERMS; j++)
	{
		double		ratio = (c - n + j) * (a + j - 1.0) / ((a + beta + j - 1.0) * (j + 1)) * z;

		sum += term;
		if (SeriesDone(term, sum, ratio))
			return -c * log_w * phi - exp(e) * sum;
		term *= ratio;
		if ((j & 0xFFFF) == 0xFFFF)
			CHECK_FOR_INTERRUPTS();
	}
	SeriesFailed();
	return 0.0;
}

/* J for large a: c/(a-1) [1 - (1-z)^n 2F1(n, beta; c; z)] as it stands. */
static double
RepeatExpectationLargeA(double a, double beta, double n, double k)
{
	double		c = a + beta - 1.0;
	double		f = Hyp2f1Series(n, beta, c, k / (1.0 + k));

	return -c / (a - 1.0) * expm1(log(f) - n * log1p(k));
}

/* ln|Gamma(x)| and the sign of Gamma(x), for x not a pole. */
static double
LogAbsGamma(double x, int *sign)
{
	*sign = (x > 0.0 || ((int64) floor(x)) % 2 == 0) ? 1 : -1;
	return lgamma(x);
}

/* true when x is 0, -1, -2, ... (where 1/Gamma(x) = 0) */
static inline bool
IsGammaPole(double x)
{
	return x <= 0.0 && x == floor(x);
}

/* distance from x to the nearest integer */
static inline double
IntegerDistance(double x)
{
	return fabs(x - rint(x));
}

/*
 * J for k > 9 by the connection formula, with w = 1 - z < 0.1, A = c - n,
 * m = n + 1 - a:
 *   2F1(A, a-1; c; z) = G1 F(A, a-1; 1-m; w) + w^m G2 z^(2-a-beta) F(2-a, 1-A; m+1; w)
 * (the second series after Euler's transformation, so that its parameters
 * stay small when x is large), and J = [c - w^(a-1) c 2F1(A, a-1; c; z)]/(a-1).
 * Needs a != 1 and m not an integer.
 */
static double
RepeatExpectationConnection(double a, double beta, double n, double k)
{
	double		c = a + beta - 1.0;
	double		A = c - n;
	double		m = n + 1.0 - a;
	double		log_w = -log1p(k);
	double		log_z = log(k) + log_w;
	double		w = 1.0 / (1.0 + k);
	int			s_c,
				s_m,
				s_n,
				s_beta,
				s_negm,
				s_A,
				s_am1;
	double		lg_c = LogAbsGamma(c + 1.0, &s_c);
	double		log_g1 = lg_c + LogAbsGamma(m, &s_m) - LogAbsGamma(n, &s_n) -
		LogAbsGamma(beta, &s_beta);
	double		t1 = s_c * s_m * s_n * s_beta * exp(log_g1 + (a - 1.0) * log_w) *
		Hyp2f1Series(A, a - 1.0, 1.0 - m, w);
	double		t2 = 0.0;

	if (!IsGammaPole(A))
	{
		double		log_g2 = lg_c + LogAbsGamma(-m, &s_negm) - LogAbsGamma(A, &s_A) -
			LogAbsGamma(a - 1.0, &s_am1);

		t2 = s_c * s_negm * s_A * s_am1 *
			exp(log_g2 + n * log_w + (2.0 - a - beta) * log_z) *
			Hyp2f1Series(2.0 - a, 1.0 - A, m + 1.0, w);
	}
	return (c - t1 - t2) / (a - 1.0);
}

/*
 * J near a pole of the connection formula (a0, where a = 1 or m is an
 * integer): Lagrange interpolation through NODES values at a0 + s h, s =
 * +-1, +-2, +-3 (all on one side when a0 is too close to 0).
 */
static double
RepeatExpectationInterpolated(double a, double a0, double beta, double n, double k)
{
	double		nodes[NODES];
	double		result = 0.0;

	for (int i = 0; i < NODES; i++)
	{
		int			s = (a0 > (NODES / 2 + 1) * NODE_STEP) ?
			(i < NODES / 2 ? i - NODES / 2 : i - NODES / 2 + 1) : i + 1;

		nodes[i] = a0 + s * NODE_STEP;
	}
	for (int i = 0; i < NODES; i++)
	{
		double		weight = 1.0;

		for (int j = 0; j < NODES; j++)
			if (j != i)
				weight *= (a - nodes[j]) / (nodes[i] - nodes[j]);
		result += weight * RepeatExpectationConnection(nodes[i], beta, n, k);
	}
	return result;
}

/*
 * BetaRepeatExpectation(a, beta, n, k) — E[(1 - (1 + p k)^-n) / p] for
 * p ~ Beta(a, beta), k >= 0 (all parameters positive): the factor of the
 * BG/NBD expected purchases after P(alive).
 */
double
BetaRepeatExpectation(double a, double beta, double n, double k)
{
	double		m;

	if (k == 0.0)
		return 0.0;
	m = n + 1.0 - a;
	if (a >= LARGE_A && m < 1.0)
		return RepeatExpectationLargeA(a, beta, n, k);
	if (k <= SERIES_MAX_K || m >= SERIES_MIN_M)
		return RepeatExpectationSeries(a, beta, n, k);
	if (fabs(a - 1.0) < NEAR_POLE)
		return RepeatExpectationInterpolated(a, 1.0, beta, n, k);
	if (IntegerDistance(m) < NEAR_POLE)
		return RepeatExpectationInterpolated(a, n + 1.0 - rint(m), beta, n, k);
	return RepeatExpectationConnection(a, beta, n, k);
}
