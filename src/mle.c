/*
 * mle.c — maximum likelihood for the prediction models (SPEC §3.7).
 *
 * The models are fitted in log-parameter space (every parameter positive) by
 * Newton's method with a backtracking line search.  Where the Hessian is not
 * negative definite (far from the maximum) the step is damped towards the
 * gradient (Levenberg-Marquardt), so that every step goes uphill.  With
 * analytic derivatives a fit takes a few dozen evaluations of the
 * likelihood, where a derivative-free search takes hundreds.
 */
#include "postgres.h"

#include <math.h>

#include "miscadmin.h"

#include "mle.h"

#define MAX_ITERATIONS 200
#define MAX_HALVINGS 60
/* no step moves a log-parameter further than this (a factor e^3) */
#define MAX_STEP 3.0
/* leaving |log-parameter| <= this means the data do not identify the model */
#define THETA_BOUND 30.0
#define ARMIJO 1e-4

/*
 * The predicted gain of the Newton step, g' H^-1 g / 2, relative to
 * |log-likelihood| + 1.  Below GAIN_CONVERGED the maximum is reached (far
 * below the rounding noise of the sum, the parameters many digits beyond
 * what the published checks ask); from there on up to POLISH_STEPS full
 * Newton steps (quadratic convergence) bring the gain below GAIN_EXACT, so
 * that fits of the same rows in another order (parallel workers) agree to
 * about 1e-12.
 */
#define GAIN_CONVERGED 1e-11
#define GAIN_EXACT 1e-17
#define POLISH_STEPS 3

/* Cholesky factor of the n x n matrix m (in place, lower); false if not PD. */
static bool
Cholesky(int n, double *m)
{
	for (int j = 0; j < n; j++)
	{
		double		d = m[j * n + j];

		for (int k = 0; k < j; k++)
			d -= m[j * n + k] * m[j * n + k];
		if (!(d > 0.0) || !isfinite(d))
			return false;
		m[j * n + j] = sqrt(d);
		for (int i = j + 1; i < n; i++)
		{
			double		s = m[i * n + j];

			for (int k = 0; k < j; k++)
				s -= m[i * n + k] * m[j * n + k];
			m[i * n + j] = s / m[j * n + j];
		}
	}
	return true;
}

/* Solve L L' x = b with the Cholesky factor l. */
static void
CholeskySolve(int n, const double *l, const double *b, double *x)
{
	for (int i = 0; i < n; i++)
	{
		double		s = b[i];

		for (int k = 0; k < i; k++)
			s -= l[i * n + k] * x[k];
		x[i] = s / l[i * n + i];
	}
	for (int i = n - 1; i >= 0; i--)
	{
		double		s = x[i];

		for (int k = i + 1; k < n; k++)
			s -= l[k * n + i] * x[k];
		x[i] = s / l[i * n + i];
	}
}

/*
 * The ascent direction: solve (-H + mu I) step = grad with the smallest mu
 * (0 if -H is positive definite) that makes the matrix positive definite.
 * Returns false when no mu does (non-finite Hessian); *damped tells whether
 * mu > 0 was needed.
 */
static bool
NewtonStep(int n, const double *grad, const double *hess, double *step, bool *damped)
{
	double		scale = 0.0;
	double		mu = 0.0;

	for (int i = 0; i < n; i++)
		scale = Max(scale, fabs(hess[i * n + i]));
	for (int attempt = 0; attempt < 60; attempt++)
	{
		double		m[MLE_MAX_PARAMS * MLE_MAX_PARAMS];

		for (int i = 0; i < n * n; i++)
			m[i] = -hess[i];
		for (int i = 0; i < n; i++)
			m[i * n + i] += mu;
		if (Cholesky(n, m))
		{
			CholeskySolve(n, m, grad, step);
			*damped = (mu > 0.0);
			return true;
		}
		mu = (mu == 0.0) ? 1e-8 * (scale + 1.0) : mu * 10.0;
	}
	return false;
}

/* Shorten the step so that no component exceeds MAX_STEP. */
static void
LimitStep(int n, double *step)
{
	double		largest = 0.0;

	for (int i = 0; i < n; i++)
		largest = Max(largest, fabs(step[i]));
	if (largest > MAX_STEP)
		for (int i = 0; i < n; i++)
			step[i] *= MAX_STEP / largest;
}

/*
 * Backtracking line search from theta along step (slope = grad'step > 0):
 * the first fraction 1, 1/2, 1/4, ... that gains at least ARMIJO of the
 * predicted gain.  Writes the point to next, with the value and derivatives
 * there; false if no fraction gains.  The full step is evaluated with its
 * derivatives at once, since near the maximum it is nearly always taken.
 */
static bool
LineSearch(int n, const double *theta, const double *step, double slope, double f,
		   LogLikelihood fn, void *arg, double *next, double *f_next,
		   double *grad, double *hess)
{
	double		fraction = 1.0;

	for (int halving = 0; halving < MAX_HALVINGS; halving++, fraction *= 0.5)
	{
		double		value;

		for (int i = 0; i < n; i++)
			next[i] = theta[i] + fraction * step[i];
		value = (halving == 0) ? fn(next, grad, hess, arg) : fn(next, NULL, NULL, arg);
		if (isfinite(value) && value >= f + ARMIJO * fraction * slope)
		{
			*f_next = (halving == 0) ? value : fn(next, grad, hess, arg);
			return true;
		}
	}
	return false;
}

static bool
InsideBound(int n, const double *theta)
{
	for (int i = 0; i < n; i++)
		if (!(fabs(theta[i]) <= THETA_BOUND))
			return false;
	return true;
}

/*
 * MaximizeLogLikelihood — Newton ascent from theta (updated in place to the
 * last point reached, which is always finite); *log_likelihood gets the
 * value there.  Returns true when the maximum was reached: the predicted
 * gain is negligible at an undamped step (so -H is positive definite, the
 * maximum is strict) inside THETA_BOUND.  False when the data do not
 * identify the parameters: a ridge, a boundary, or no progress.
 */
bool
MaximizeLogLikelihood(int n, double *theta, LogLikelihood fn, void *arg,
					  double *log_likelihood)
{
	double		grad[MLE_MAX_PARAMS];
	double		hess[MLE_MAX_PARAMS * MLE_MAX_PARAMS];
	double		f = fn(theta, grad, hess, arg);

	Assert(n <= MLE_MAX_PARAMS);
	*log_likelihood = f;
	if (!isfinite(f))
		return false;
	for (int iteration = 0, polish = 0; iteration < MAX_ITERATIONS; iteration++)
	{
		double		step[MLE_MAX_PARAMS];
		double		next[MLE_MAX_PARAMS];
		double		next_grad[MLE_MAX_PARAMS];
		double		next_hess[MLE_MAX_PARAMS * MLE_MAX_PARAMS];
		double		gain = 0.0;
		double		f_next;
		bool		damped;

		CHECK_FOR_INTERRUPTS();
		if (!NewtonStep(n, grad, hess, step, &damped))
			return false;
		for (int i = 0; i < n; i++)
			gain += grad[i] * step[i] / 2.0;
		if (!damped && gain <= GAIN_EXACT * (1.0 + fabs(f)))
			return true;
		if (!damped && gain <= GAIN_CONVERGED * (1.0 + fabs(f)))
		{
			/* polishing: the full step, no line search (f is at its noise) */
			if (++polish > POLISH_STEPS)
				return true;
			for (int i = 0; i < n; i++)
				next[i] = theta[i] + step[i];
			f_next = fn(next, next_grad, next_hess, arg);
			if (!isfinite(f_next) || !InsideBound(n, next))
				return true;
		}
		else
		{
			LimitStep(n, step);
			gain = 0.0;
			for (int i = 0; i < n; i++)
				gain += grad[i] * step[i];
			if (!LineSearch(n, theta, step, gain, f, fn, arg, next, &f_next,
							next_grad, next_hess) ||
				!InsideBound(n, next))
				return false;
		}
		memcpy(theta, next, n * sizeof(double));
		memcpy(grad, next_grad, n * sizeof(double));
		memcpy(hess, next_hess, n * n * sizeof(double));
		f = f_next;
		*log_likelihood = f;
	}
	return false;
}

/* Digamma(x), x > 0: recurrence up to 10, then the asymptotic series. */
double
Digamma(double x)
{
	double		result = 0.0;
	double		f;

	while (x < 10.0)
	{
		result -= 1.0 / x;
		x += 1.0;
	}
	f = 1.0 / (x * x);
	return result + log(x) - 0.5 / x -
		f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f * (1.0 / 132)))));
}

/* Trigamma(x), x > 0: recurrence up to 10, then the asymptotic series. */
double
Trigamma(double x)
{
	double		result = 0.0;
	double		f;

	while (x < 10.0)
	{
		result += 1.0 / (x * x);
		x += 1.0;
	}
	f = 1.0 / (x * x);
	return result + 1.0 / x + f / 2.0 +
		f / x * (1.0 / 6 - f * (1.0 / 30 - f * (1.0 / 42 - f * (1.0 / 30 - f * (5.0 / 66)))));
}
