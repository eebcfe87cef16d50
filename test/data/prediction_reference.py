#!/usr/bin/python3
"""Reference values for test/prediction_models.sql, computed independently of
the C code: the formulas of SPEC §3.7 evaluated with mpmath at 50 significant
digits (mpmath's own hyp2f1, which handles every argument and the degenerate
parameter cases).  The removable singularity at a = 1 is evaluated at
a = 1 + 1e-30, which changes the result in its 30th digit.

Usage: python3 test/data/prediction_reference.py > test/data/prediction_reference.csv
(needs Debian's python3-mpmath).  Columns: kind, the model parameters, the
customer's arguments, expected (printed with 17 significant digits)."""
import csv
import sys
from mpmath import mp, mpf, hyp2f1, power

mp.dps = 50

# BG/NBD models (r, alpha, a, b): the published CDNOW maximum; a = 1 exactly;
# m = r + x + 1 - a an integer for every x (r = a) and close to one; a close
# to 1; c = a + b - 1 < 0 for x = 0; a pole of 1/Gamma(a + b - 1 - r); a > 1.
BGNBD = [
    ("0.242593", "4.413537", "0.792886", "2.425755"),
    ("0.5", "10", "1", "3"),
    ("0.5", "5", "0.5", "2"),
    ("0.5", "5", "0.5003", "2"),
    ("0.8", "20", "1.0005", "4"),
    ("0.3", "2", "0.3", "0.4"),
    ("0.5", "3", "0.75", "0.75"),
    ("2", "30", "3.5", "8"),
    ("0.6", "25", "100", "250"),
]
# customers (frequency, recency, age)
CUSTOMERS = [(0, "0", "38.86"), (1, "1.71", "38.86"), (2, "30.43", "38.86"),
             (10, "35", "38.86"), (50, "300", "310"), (1, "0", "0"), (0, "0", "0"),
             (1000, "700", "730")]
# horizons, up to where z = t/(alpha+T+t) is within 1e-7 of 1
HORIZONS = ["0", "1", "10", "52", "100", "1000", "100000", "100000000"]

GAMMA_GAMMA = [("6.248804", "3.744588", "15.447743"), ("2", "1.5", "100"), ("0.5", "20", "3")]
SPENDS = [(0, "0"), (1, "12.5"), (5, "300"), (100, "20.25")]

CLV = [  # months, monthly_discount, days_per_unit
    (0, "0.01", "1"), (1, "0.01", "1"), (12, "0.01", "1"), (24, "0", "7"),
    (12, "-0.5", "7"), (12, "0.2", "1")]


def unsingular(a):
    return a + mpf("1e-30") if a == 1 else a


def p_alive(r, alpha, a, b, x, tx, T):
    if x == 0:
        return mpf(1)
    return 1 / (1 + a / (b + x - 1) * power((alpha + T) / (alpha + tx), r + x))


def expected_purchases(r, alpha, a, b, t, x, tx, T):
    if t == 0:
        return mpf(0)
    a = unsingular(a)
    z = t / (alpha + T + t)
    bracket = 1 - power((alpha + T) / (alpha + T + t), r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z)
    return (a + b + x - 1) / (a - 1) * bracket * p_alive(r, alpha, a, b, x, tx, T)


def expected_value(p, q, v, x, m):
    return p * (v + x * m) / (p * x + q - 1)


def clv(model, gg, x, tx, T, m, months, d, u):
    spend = expected_value(*gg, x, m)
    total, previous = mpf(0), mpf(0)
    for i in range(1, months + 1):
        current = expected_purchases(*model, 30 * mpf(i) / u, x, tx, T)
        total += (current - previous) * spend / power(1 + d, i)
        previous = current
    return total


def main():
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["kind", "r", "alpha", "a", "b", "p", "q", "v", "frequency", "recency", "age",
                  "horizon", "avg_value", "months", "monthly_discount", "days_per_unit", "expected"])
    fmt = lambda value: mp.nstr(value, 17, min_fixed=-30, max_fixed=30)
    for model in BGNBD:
        params = [mpf(s) for s in model]
        for x, tx, T in CUSTOMERS:
            out.writerow(["p_alive", *model, "", "", "", x, tx, T, "", "", "", "", "",
                          fmt(p_alive(*params, x, mpf(tx), mpf(T)))])
            for t in HORIZONS:
                out.writerow(["expected_purchases", *model, "", "", "", x, tx, T, t, "", "", "", "",
                              fmt(expected_purchases(*params, mpf(t), x, mpf(tx), mpf(T)))])
    for gg in GAMMA_GAMMA:
        for x, m in SPENDS:
            out.writerow(["expected_value", "", "", "", "", *gg, x, "", "", "", m, "", "", "",
                          fmt(expected_value(*[mpf(s) for s in gg], x, mpf(m)))])
    for model in BGNBD[:3] + BGNBD[7:8]:
        for x, tx, T in CUSTOMERS[:5]:
            for months, d, u in CLV:
                gg, (_, m) = GAMMA_GAMMA[0], SPENDS[min(x, 1)]
                value = clv([mpf(s) for s in model], [mpf(s) for s in gg], x, mpf(tx), mpf(T),
                            mpf(m), months, mpf(d), mpf(u))
                out.writerow(["clv", *model, *gg, x, tx, T, "", m, months, d, u, fmt(value)])


main()
