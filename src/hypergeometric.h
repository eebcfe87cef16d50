/*
 * hypergeometric.h — the Gauss hypergeometric function 2F1 and the BG/NBD
 * expectation built on it.
 */
#ifndef HYPERGEOMETRIC_H
#define HYPERGEOMETRIC_H

extern double Hyp2f1Series(double a, double b, double c, double z);
extern double BetaRepeatExpectation(double a, double beta, double n, double z);

#endif							/* HYPERGEOMETRIC_H */
