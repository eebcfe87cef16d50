#!/usr/bin/env bash
# bench/predictions.sh — speed of the prediction models (SPEC §3.7), in one
# run: bgnbd_fit over N simulated customers (serial, and with
# max_parallel_workers_per_gather = 2), bgnbd_p_alive and
# bgnbd_expected_purchases against the bare scan of the same rows,
# refresh_predictions over R customers' orders, and beside them the
# lifetimes-like Python fit (../shared/bench/lifetimes_like.py, when present)
# of the same number of customers.
#
#   bench/predictions.sh [N [R]]     N customers (default 1000000) for the
#                                    model functions, R (default 200000) for
#                                    refresh_predictions
#
# Runs against the server of PGHOST / PGPORT / PGUSER, which must have the
# extension installed (bench/run's cluster with --keep, or any other); it
# creates the database cs_bench_predictions and drops it at the end.  Each
# case runs REPEAT times (default 5) after one warm-up; the median is shown.
# The customers are drawn in SQL from a BG/NBD process in days (r 0.5,
# alpha 40, a 0.5, b 3; ages 30-729 days; recency in whole days), the kind
# of data lifetimes_like.py simulates (r 0.6, alpha 40, a 0.8, b 3).
set -Eeuo pipefail

N=${1:-1000000}
R=${2:-200000}
REPEAT=${REPEAT:-5}
DB=cs_bench_predictions
LIFETIMES=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../../shared/bench/lifetimes_like.py

bpsql() { psql -X -q -v ON_ERROR_STOP=1 -d "$DB" "$@"; }

# ms SQL... — the server-side time of the last statement, in ms (\timing)
ms() {
    bpsql -c '\timing on' "$@" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1
}

# median_ms SETUP SQL — median over REPEAT runs (after one warm-up) of SQL
# run after SETUP in one session
median_ms() {
    local setup=$1 sql=$2 i times=()
    ms -c "$setup" -c "$sql" >/dev/null
    for ((i = 0; i < REPEAT; i++)); do times+=("$(ms -c "$setup" -c "$sql")"); done
    printf '%s\n' "${times[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true' EXIT
bpsql -c 'CREATE EXTENSION customer_scoring'

# ---------------------------------------------------------------------------
# N customers of a BG/NBD process: lambda ~ Gamma(0.5, 40) and
# p ~ Beta(0.5, 3) as chi-square variables, then purchases at exponential
# intervals, each followed by a drop-out with probability p, until the age
# ---------------------------------------------------------------------------
start=$(date +%s)
bpsql -o /dev/null <<SQL
SELECT setseed(0.42);
CREATE FUNCTION pg_temp.normal() RETURNS float8 LANGUAGE sql VOLATILE
AS \$\$ SELECT sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) \$\$;
CREATE UNLOGGED TABLE sim_param AS
SELECT id, greatest(z1 * z1, 1e-12) / 2 / 40.0 AS lambda,
       z2 * z2 / (z2 * z2 + z3 * z3 + z4 * z4 + z5 * z5 + z6 * z6 + z7 * z7 + z8 * z8) AS p,
       floor(30 + 700 * random()) AS age
FROM (SELECT id, pg_temp.normal() z1, pg_temp.normal() z2, pg_temp.normal() z3, pg_temp.normal() z4,
             pg_temp.normal() z5, pg_temp.normal() z6, pg_temp.normal() z7, pg_temp.normal() z8
      FROM generate_series(1, $N) id) z;
CREATE UNLOGGED TABLE sim AS
WITH RECURSIVE walk AS (
    SELECT id, lambda, p, age, 0.0::float8 AS t, 0 AS x, 0.0::float8 AS tx, false AS done
    FROM sim_param
  UNION ALL
    SELECT w.id, w.lambda, w.p, w.age, s.t_next,
           CASE WHEN s.t_next <= w.age THEN w.x + 1 ELSE w.x END,
           CASE WHEN s.t_next <= w.age THEN floor(s.t_next) ELSE w.tx END,
           s.t_next > w.age OR random() < w.p
    FROM walk w, LATERAL (SELECT w.t - ln(1 - random()) / w.lambda AS t_next) s
    WHERE NOT w.done)
SELECT id, x AS frequency, tx AS recency, age FROM walk WHERE done;
VACUUM ANALYZE sim;
SQL
echo "simulated $N customers in $(($(date +%s) - start)) s: $(bpsql -A -t -c "SELECT format('repeat buyers %s, distinct (x, t_x, T) %s', round(avg((frequency > 0)::int), 3), count(DISTINCT (frequency, recency, age))) FROM sim")"

SERIAL='SET max_parallel_workers_per_gather = 0'
PARALLEL='SET max_parallel_workers_per_gather = 2'
model=$(bpsql -A -t -c "$SERIAL" -c "SELECT bgnbd_fit(frequency, recency, age) FROM sim")
echo "model: $model"
workers=$(bpsql -A -t -c "$PARALLEL" -c "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT bgnbd_fit(frequency, recency, age) FROM sim" \
          | sed -n 's/.*Workers Launched: \([0-9]*\).*/\1/p')

bare=$(median_ms "$SERIAL" "SELECT sum(frequency + recency + age) FROM sim")
fit=$(median_ms "$SERIAL" "SELECT bgnbd_fit(frequency, recency, age) FROM sim")
fit_par=$(median_ms "$PARALLEL" "SELECT bgnbd_fit(frequency, recency, age) FROM sim")
alive=$(median_ms "$SERIAL" "SELECT sum(bgnbd_p_alive('$model', frequency, recency, age)) FROM sim")
e90=$(median_ms "$SERIAL" "SELECT sum(bgnbd_expected_purchases('$model', 90, frequency, recency, age)) FROM sim")
e365=$(median_ms "$SERIAL" "SELECT sum(bgnbd_expected_purchases('$model', 365, frequency, recency, age)) FROM sim")

# ---------------------------------------------------------------------------
# refresh_predictions over the orders of the first R simulated customers:
# one order on each purchase day (first purchase on a random day of
# 2024-2025, as_of the end of their age)
# ---------------------------------------------------------------------------
bpsql -o /dev/null <<SQL
-- loaded without the extension's row triggers (as pg_restore does, SPEC §4):
-- refresh_predictions reads only the orders
SET session_replication_role = replica;
SELECT setseed(0.43);
INSERT INTO customers (id, first_name) SELECT id, 'c' || id FROM sim WHERE id <= $R;
INSERT INTO customer_warmth (customer_id) SELECT id FROM sim WHERE id <= $R;
CREATE UNLOGGED TABLE purchase_days AS
SELECT s.id, s.age, d.day
FROM sim s, LATERAL (SELECT 0 AS day
                     UNION ALL
                     SELECT floor(s.recency * k / greatest(s.frequency, 1))::int
                     FROM generate_series(1, s.frequency) k) d
WHERE s.id <= $R;
INSERT INTO orders (customer_id, ordered_at, total_amount, status)
SELECT id, timestamptz '2026-01-01 12:00+00' - (age - day) * interval '1 day',
       round((20 + 200 * random())::numeric, 2), 'completed'
FROM purchase_days;
VACUUM ANALYZE customers, orders, customer_warmth;
SQL
orders=$(bpsql -A -t -c "SELECT count(*) FROM orders")
refresh=$(median_ms "SET client_min_messages = error" "SELECT refresh_predictions('2026-01-01 12:00+00')")

printf '\n| case (%s customers, %s runs, median) | ms | × bare scan |\n|---|---:|---:|\n' "$N" "$REPEAT"
printf '| bare scan sum(frequency + recency + age) | %s | 1.00 |\n' "$bare"
printf '| bgnbd_fit, serial | %s | %s |\n' "$fit" "$(ratio "$fit" "$bare")"
printf '| bgnbd_fit, max_parallel_workers_per_gather = 2 (%s workers launched) | %s | %s |\n' "$workers" "$fit_par" "$(ratio "$fit_par" "$bare")"
printf '| bgnbd_p_alive (target ≤ 2×) | %s | %s |\n' "$alive" "$(ratio "$alive" "$bare")"
printf '| bgnbd_expected_purchases, horizon 90 days (target ≤ 4×) | %s | %s |\n' "$e90" "$(ratio "$e90" "$bare")"
printf '| bgnbd_expected_purchases, horizon 365 days | %s | %s |\n' "$e365" "$(ratio "$e365" "$bare")"
printf '| refresh_predictions, %s customers, %s orders | %s | |\n' "$R" "$orders" "$refresh"

if [ -f "$LIFETIMES" ] && /usr/bin/python3 -c 'import numpy, scipy' 2>/dev/null; then
    printf '\nlifetimes-like Python fit (numpy/scipy BFGS) of %s simulated customers:\n' "$N"
    /usr/bin/python3 "$LIFETIMES" "$N"
else
    printf '\n(lifetimes_like.py or python3-numpy/python3-scipy not found: no Python comparison)\n'
fi
