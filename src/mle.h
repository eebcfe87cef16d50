/*
 * mle.h — maximum likelihood by Newton's method, and the special functions
 * the likelihoods' derivatives need.
 */
#ifndef MLE_H
#define MLE_H

#define MLE_MAX_PARAMS 4

/*
 * A log-likelihood of n parameters: returns its value at theta and, when grad
 * is not NULL, fills grad[n] and hess[n * n] (row-major) too.  A value that
 * is not finite means "outside the domain".
 */
typedef double (*LogLikelihood) (const double *theta, double *grad, double *hess,
								 void *arg);

extern bool MaximizeLogLikelihood(int n, double *theta, LogLikelihood fn, void *arg,
								  double *log_likelihood);
extern double Digamma(double x);
extern double Trigamma(double x);

#endif							/* MLE_H */
