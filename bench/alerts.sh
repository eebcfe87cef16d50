#!/usr/bin/env bash
# bench/alerts.sh — what the alert triggers (SPEC §3.8) add to the writes
# that cause them, in one run, each case with its alert trigger enabled vs
# disabled (ALTER TABLE ... DISABLE TRIGGER):
#   * the warmth path (BEFORE trigger rescoring every row, AFTER triggers
#     writing history), trigger customer_warmth_alert:
#       - typical: UPDATE of W customer_warmth rows nudging one component by
#         at most 5 points, so the alert trigger's WHEN clause is evaluated
#         on every row and lets almost none through;
#       - stress: UPDATE of the W rows rewriting two components, so that one
#         row in six drops by 20 points or more and runs the alert function;
#   * refresh_health_scores over N customers, trigger
#     customer_health_scores_alert, night after night (each run scores as of
#     one day later: recency moves for everyone, orders leave the 90-day
#     window, some scores fall by the alert threshold).
# Variants alternate within each round (A B B A, or A B / B A from round to
# round), after one warm-up round that is not counted; the medians of RUNS
# runs (default 3) and their ratio (target: enabled / disabled <= 1.10) are
# printed.
#
#   bench/alerts.sh [N [W]]     N customers (default 200000) for the health
#                               refresh, W warmth rows (default 200000)
#
# Runs against the server of PGHOST / PGPORT / PGUSER, which must have the
# extension installed (bench/run's cluster with --keep, or any other); it
# creates the database cs_bench_alerts and drops it at the end.  The data are
# loaded with session_replication_role = replica (no row triggers, as
# pg_restore does; SPEC §4): the refresh reads only the source tables.
set -Eeuo pipefail

N=${1:-200000}
W=${2:-200000}
RUNS=${RUNS:-3}
DB=cs_bench_alerts

bpsql() { psql -X -q -v ON_ERROR_STOP=1 -d "$DB" "$@"; }

# ms SQL... — the server-side time of the last statement, in ms (\timing)
ms() {
    bpsql -c '\timing on' "$@" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1
}
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
add() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a + b }'; }

psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true' EXIT
bpsql -c 'CREATE EXTENSION customer_scoring'

start=$(date +%s)
bpsql -o /dev/null <<SQL
SELECT setseed(0.44);
SET session_replication_role = replica;
INSERT INTO customers (id, first_name, last_name, email, city)
SELECT g, 'c' || g, 'bench', 'c' || g || '@example.com', 'Lisbon' FROM generate_series(1, greatest($N, $W)) g;
-- 0-8 completed orders in the 200 days before 2026-01-01, spread so that
-- the 90-day windows of T1 and T2 see different visits and spend
INSERT INTO orders (customer_id, ordered_at, total_amount, status)
SELECT c, timestamptz '2026-01-01 12:00+00' - (random() * 200) * interval '1 day',
       round((20 + 300 * random())::numeric, 2), 'completed'
FROM generate_series(1, $N) c, generate_series(1, (random() * 8)::int) k;
INSERT INTO customer_loyalty_points (customer_id, program_id, points_balance, lifetime_points_earned)
SELECT c, (SELECT min(id) FROM loyalty_programs), 10 * (1 + c % 5) * (2 + c % 5) / 2,
       10 * (1 + c % 5) * (2 + c % 5) / 2
FROM generate_series(1, $N, 3) c;
INSERT INTO customer_loyalty_ledger (customer_id, program_id, entry_type, points, balance_after, created_at)
SELECT c, (SELECT min(id) FROM loyalty_programs), 'earn', 10, 10 * k,
       timestamptz '2026-01-01 12:00+00' - (random() * 200) * interval '1 day'
FROM generate_series(1, $N, 3) c, generate_series(1, 1 + c % 5) k;
INSERT INTO customer_interactions (customer_id, interaction_type, interaction_date, feedback_score)
SELECT c, 'call', timestamptz '2025-06-01 12:00+00', (random() * 100)::int
FROM generate_series(1, $N, 2) c;
INSERT INTO customer_communications (customer_id, channel, direction, status)
SELECT c, 'email', 'outbound', CASE WHEN random() < 0.3 THEN 'replied' ELSE 'delivered' END
FROM generate_series(1, $N, 4) c, generate_series(1, 3) k;
SET session_replication_role = origin;
-- warmth rows through the triggers, every component known
INSERT INTO customer_warmth (customer_id, engagement_score, interaction_frequency_score,
                             response_rate_score, budget_qualification_score,
                             timeline_urgency_score, decision_making_authority_score,
                             demographic_fit_score, past_purchase_behavior_score)
SELECT g, (random() * 100)::int, (random() * 100)::int, (random() * 100)::int, (random() * 100)::int,
       (random() * 100)::int, (random() * 100)::int, (random() * 100)::int, (random() * 100)::int
FROM generate_series(1, $W) g;
VACUUM ANALYZE;
SQL
echo "loaded $N customers for the refresh, $W warmth rows, in $(($(date +%s) - start)) s: $(bpsql -A -t -c "SELECT format('%s orders, %s loyalty entries, %s interactions, %s communications', (SELECT count(*) FROM orders), (SELECT count(*) FROM customer_loyalty_ledger), (SELECT count(*) FROM customer_interactions), (SELECT count(*) FROM customer_communications))")"

# ---------------------------------------------------------------------------
# the warmth path.  typical: run R nudges the engagement component of every
# row by -5 ... +5 points (the overall score moves by at most 1: the alert
# trigger's WHEN clause is evaluated and lets almost nothing through).
# stress: run R rewrites engagement and budget qualification with values
# drawn from (customer, R), so that about one row in six drops by 20 points
# or more and goes through the alert function (one alert per customer, kind
# and day is kept; the later ones are skipped as duplicates).
# ---------------------------------------------------------------------------
typical_e() { echo "least(100, greatest(0, engagement_score + ((customer_id + $1) % 11 - 5)))"; }
stress_e() { echo "(customer_id * 37 + $1 * 61) % 101"; }
stress_b() { echo "(customer_id * 53 + $1 * 29) % 101"; }
typical_update() { echo "UPDATE customer_warmth SET engagement_score = $(typical_e "$1")"; }
stress_update() {
    echo "UPDATE customer_warmth SET engagement_score = $(stress_e "$1"), budget_qualification_score = $(stress_b "$1")"
}
# rows of a run whose overall score drops by 20 or more (what the WHEN clause lets through,
# besides falls into ice_cold): E and B are the new engagement and budget expressions
fired() {
    bpsql -A -t -c "SELECT count(*) FROM customer_warmth w
        WHERE w.overall_warmth_score - calculate_composite_warmth_score($1, w.interaction_frequency_score,
            w.response_rate_score, $2, w.timeline_urgency_score, w.decision_making_authority_score,
            w.demographic_fit_score, w.past_purchase_behavior_score) >= 20"
}
WARMTH_ON='ALTER TABLE customer_warmth ENABLE TRIGGER customer_warmth_alert'
WARMTH_OFF='ALTER TABLE customer_warmth DISABLE TRIGGER customer_warmth_alert'
HEALTH_ON='ALTER TABLE customer_health_scores ENABLE TRIGGER customer_health_scores_alert'
HEALTH_OFF='ALTER TABLE customer_health_scores DISABLE TRIGGER customer_health_scores_alert'
# the nightly refresh: night K scores as of 2026-01-01 + K days
night() { echo "SET client_min_messages = warning; SELECT refresh_health_scores(timestamptz '2026-01-01 12:00+00' + $1 * interval '1 day')"; }

run=0 nights=0
typ_on=() typ_off=() str_on=() str_off=() health_on=() health_off=() typ_fired=() str_fired=() night_changed=()
for ((round = 0; round <= RUNS; round++)); do
    if [ $((round % 2)) -eq 0 ]; then order='on off'; else order='off on'; fi
    # typical: A B B A (a run of a variant = its two updates of the round)
    for variant in on off off on; do
        run=$((run + 1))
        [ "$variant" = on ] && typ_fired+=("$(fired "$(typical_e "$run")" budget_qualification_score)")
        if [ "$variant" = on ]; then t=$(ms -c "$WARMTH_ON" -c "$(typical_update "$run")")
        else t=$(ms -c "$WARMTH_OFF" -c "$(typical_update "$run")"); fi
        [ "$round" -eq 0 ] && continue
        if [ "$variant" = on ]; then typ_on+=("$t"); else typ_off+=("$t"); fi
    done
    # stress: A B or B A
    for variant in $order; do
        run=$((run + 1))
        [ "$variant" = on ] && str_fired+=("$(fired "$(stress_e "$run")" "$(stress_b "$run")")")
        if [ "$variant" = on ]; then t=$(ms -c "$WARMTH_ON" -c "$(stress_update "$run")")
        else t=$(ms -c "$WARMTH_OFF" -c "$(stress_update "$run")"); fi
        [ "$round" -eq 0 ] && continue
        if [ "$variant" = on ]; then str_on+=("$t"); else str_off+=("$t"); fi
    done
    # the nightly refresh: one night each, A B or B A
    for variant in $order; do
        nights=$((nights + 1))
        if [ "$variant" = on ]; then sw=$HEALTH_ON; else sw=$HEALTH_OFF; fi
        before=$(bpsql -A -t -c "SELECT count(*) FROM customer_alerts WHERE kind IN ('health_drop', 'health_poor')")
        t=$(ms -c "$sw" -c "$(night "$nights")")
        after=$(bpsql -A -t -c "SELECT count(*) FROM customer_alerts WHERE kind IN ('health_drop', 'health_poor')")
        [ "$variant" = on ] && night_changed+=("$((after - before))")
        [ "$round" -eq 0 ] && continue
        if [ "$variant" = on ]; then health_on+=("$t"); else health_off+=("$t"); fi
    done
    echo "round $round done ($(($(date +%s) - start)) s)" >&2
done

# pair the typical runs per variant: run i = updates 2i-1 and 2i of the variant
pairs() { local -a v=("$@"); local i out=(); for ((i = 0; i + 1 < ${#v[@]}; i += 2)); do out+=("$(add "${v[i]}" "${v[i+1]}")"); done; echo "${out[@]}"; }
# shellcheck disable=SC2046
to=$(median $(pairs "${typ_on[@]}"))
# shellcheck disable=SC2046
tf=$(median $(pairs "${typ_off[@]}"))
so=$(median "${str_on[@]}")
sf=$(median "${str_off[@]}")
ho=$(median "${health_on[@]}")
hf=$(median "${health_off[@]}")
alerts=$(bpsql -A -t -c "SELECT string_agg(kind || ' ' || n, ', ' ORDER BY kind) FROM (SELECT kind, count(*) AS n FROM customer_alerts GROUP BY kind) x")
history=$(bpsql -A -t -c "SELECT count(*) FROM customer_health_score_history")
rows_per_night=$(bpsql -A -t -c "SELECT count(*) FROM customer_health_scores")

printf '\n| case (%s runs each after a warm-up, median) | alert trigger enabled, ms | disabled, ms | enabled / disabled (target ≤ 1.10) |\n|---|---:|---:|---:|\n' "$RUNS"
printf '| warmth, typical: 2 × UPDATE of %s rows, engagement ±5 (BEFORE + AFTER triggers) | %s | %s | %s |\n' "$W" "$to" "$tf" "$(ratio "$to" "$tf")"
printf '| warmth, stress: UPDATE of %s rows, one in six drops by ≥ 20 | %s | %s | %s |\n' "$W" "$so" "$sf" "$(ratio "$so" "$sf")"
printf '| refresh_health_scores of %s customers, one night later each run | %s | %s | %s |\n' "$N" "$ho" "$hf" "$(ratio "$ho" "$hf")"
printf '\nrows dropping by ≥ 20 per enabled warmth update: typical %s; stress %s (of %s)\n' \
    "$(echo "${typ_fired[@]}" | tr ' ' ',')" "$(echo "${str_fired[@]}" | tr ' ' ',')" "$W"
printf 'health alerts raised per enabled night (health_drop + health_poor): %s (of %s customers)\n' \
    "$(echo "${night_changed[@]}" | tr ' ' ',')" "$rows_per_night"
printf 'alerts in customer_alerts at the end (at most one per customer, kind and day): %s\n' "${alerts:-none}"
printf 'health history rows at the end: %s\n' "$history"
