#!/usr/bin/env bash
# test/shell/nightly.sh — the nightly maintenance recipe of the README
# ("Nightly maintenance"), run the way cron runs it.
#   * A small data set goes into a database of its own: customers, warmth
#     rows, engagement events, interactions, communications, loyalty entries,
#     and orders imported "from the old system" with the triggers off
#     (session_replication_role = replica), so that only the nightly job can
#     bring the customers' totals and lifecycle up to date.
#   * The crontab line's command, psql -X -q -d DB -c 'CALL run_nightly_refresh()'
#     >> LOG 2>&1, runs in cron's bare environment (env -i: PATH and the
#     connection variables only).  It must exit 0 and log one progress NOTICE
#     per step and a final one; the lifecycle, warmth, RFM and health tables
#     must then be filled and right.
#   * A second run changes nothing: every step reports 0 rows changed and
#     the scored tables and their histories are identical, row for row.
#   * Per-batch progress of refresh_warmth_scores on a run larger than a batch;
#     as_of NULL is refused; inside BEGIN ... COMMIT the procedure fails
#     (it commits after each step) and leaves nothing half done;
#     scripts/nightly.sql (the step-by-step psql variant) runs clean.
# pg_cron is not installed here (CI stays lean); the test only says whether
# the package would be available.
# Needs: PGHOST PGPORT PGUSER of a server with customer_scoring installed;
# CS_ROOT (the repo root) or run from it.
set -euo pipefail

ROOT=${CS_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}

DB=cs_nightly_$$
# shellcheck source=test/shell/lib/tap.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/tap.sh"
drop_at_exit "$DB"
comment() { printf '%s\n' "$@" | sed 's/^/# /'; }

# The crontab line's command, in cron's environment: no profile, no PGDATABASE,
# only PATH (cron's default) and how to reach this test's server.
cron_run() {
    env -i PATH=/usr/bin:/bin HOME="$TMP" PGHOST="${PGHOST:-}" PGPORT="${PGPORT:-}" \
        PGUSER="${PGUSER:-}" \
        sh -c "psql -X -q -d '$DB' -c 'CALL run_nightly_refresh()' >> '$1' 2>&1"
}

# row-by-row signature of the tables the job writes
signature() {
    local t out=""
    for t in customers customer_warmth customer_warmth_history customer_rfm_scores \
             customer_health_scores customer_health_score_history; do
        out+="$t: $(q "SELECT count(*) || ' rows, md5 ' || COALESCE(md5(string_agg(t::text, '|' ORDER BY t::text)), '-') FROM $t t")"$'\n'
    done
    printf '%s' "$out"
}

echo "1..21"

createdb "$DB"
q "CREATE EXTENSION customer_scoring" >/dev/null

# ---- the data set -----------------------------------------------------------
load=$(psql -X -q -v ON_ERROR_STOP=1 -d "$DB" 2>&1 <<'SQL'
INSERT INTO customers (first_name, last_name, email, phone, city, created_at)
SELECT 'First' || i, 'Last' || i, 'c' || i || '@example.com',
       CASE WHEN i % 3 <> 0 THEN '+1-555-' || lpad(i::text, 4, '0') END,
       (ARRAY['Lisbon', 'Berlin', 'Austin'])[1 + i % 3],
       now() - (100 + i) * interval '1 day'
FROM generate_series(1, 30) AS i;

INSERT INTO customer_warmth (customer_id, interaction_frequency_score, budget_qualification_score,
                             timeline_urgency_score, first_contact_at)
SELECT id, (id * 7) % 100, (id * 13) % 100, (id * 29) % 100, created_at FROM customers;

INSERT INTO customer_engagement_events (customer_id, engagement_type, occurred_at)
SELECT c.id, (ARRAY['inquiry', 'email_reply', 'test_drive', 'showroom_visit']::engagement_type[])[1 + (c.id + g) % 4],
       now() - ((c.id * g) % 100) * interval '1 day'
FROM customers c, generate_series(1, 1 + c.id % 4) AS g
WHERE c.id % 5 <> 0;

INSERT INTO customer_interactions (customer_id, interaction_type, channel, interaction_date,
                                   outcome, feedback_score)
SELECT c.id, 'call', 'phone', now() - (c.id % 20) * interval '1 day', 'interested', 40 + c.id
FROM customers c WHERE c.id % 2 = 0;

INSERT INTO customer_communications (customer_id, channel, direction, status, sent_at)
SELECT c.id, 'email', 'outbound', CASE WHEN c.id % 3 = 0 THEN 'replied' ELSE 'delivered' END,
       now() - (c.id % 10) * interval '1 day'
FROM customers c;

-- Orders imported from the previous system with the triggers off, as a
-- restore or bulk import does: customers' totals stay stale until the job.
SET session_replication_role = replica;
INSERT INTO orders (customer_id, ordered_at, total_amount, status)
SELECT c.id,
       now() - ((c.id * 11 + g * 37) % (CASE WHEN c.id % 6 = 0 THEN 60 ELSE 400 END)
                + CASE WHEN c.id % 6 = 0 THEN 200 ELSE 0 END) * interval '1 day',
       100 + (c.id * g * 53) % 4000,
       CASE WHEN (c.id + g) % 9 = 0 THEN 'cancelled' ELSE 'completed' END
FROM customers c, generate_series(1, c.id % 7) AS g
WHERE c.id % 10 <> 7;
RESET session_replication_role;

SELECT count(loyalty_earn(o.customer_id, 10, order_id => o.id))
FROM orders o WHERE o.customer_id % 4 = 0 AND o.status = 'completed' \g /dev/null
SQL
) || { fail "load the data set" "$load"; exit 1; }
comment "data: $(q "SELECT count(*) FROM customers") customers, $(q "SELECT count(*) FROM orders") orders, $(q "SELECT count(*) FROM customer_engagement_events") engagement events"

# ---- 1. the cron job ----------------------------------------------------------
LOG=$TMP/customer_scoring_nightly.log
rc=0; cron_run "$LOG" || rc=$?
is "$rc" 0 "cron: psql -X -q -d DB -c 'CALL run_nightly_refresh()' >> log 2>&1 exits 0"
comment "log of the first run:"; comment "$(cat "$LOG")"

steps=$(grep -cE '^NOTICE:  run_nightly_refresh: [1-5]/5 refresh_[a-z_]+: [0-9]+ rows changed in [0-9:.]+$' "$LOG" || true)
is "$steps" 5 "the log has one progress NOTICE per step (5), with rows changed and time"
if grep -qE '^NOTICE:  run_nightly_refresh: done in [0-9:.]+, [0-9]+ rows changed$' "$LOG"; then
    pass "the log ends with a summary NOTICE"
else
    fail "the log ends with a summary NOTICE" "$(cat "$LOG")"
fi
if grep -q 'ERROR' "$LOG"; then fail "no ERROR in the log" "$(cat "$LOG")"; else pass "no ERROR in the log"; fi

n=$(sed -nE 's/^NOTICE:  run_nightly_refresh: 1\/5 refresh_customer_lifecycle: ([0-9]+) rows changed.*/\1/p' "$LOG")
if [ "${n:-0}" -gt 0 ]; then pass "lifecycle step changed $n customers (stale after the import)"
else fail "lifecycle step changed customers" "got: '${n:-}'"; fi

# ---- 2. the tables are filled, and right ---------------------------------------
is "$(q "SELECT count(*) FROM customers c,
         LATERAL (SELECT count(*) AS n, COALESCE(sum(o.total_amount), 0) AS ltv, max(o.ordered_at) AS last_at
                  FROM orders o WHERE o.customer_id = c.id AND o.status = 'completed') k
         WHERE (c.total_orders, c.lifetime_value, c.last_order_at) IS DISTINCT FROM (k.n, k.ltv, k.last_at)")" 0 \
   "lifecycle: every customer's totals match its completed orders"
is "$(q "SELECT count(*) FILTER (WHERE lifecycle_stage = 'inactive') > 0
            AND count(*) FILTER (WHERE customer_type = 'inactive') > 0
            AND count(*) FILTER (WHERE lifecycle_stage IN ('repeat_buyer', 'loyal')) > 0
         FROM customers")" t \
   "lifecycle: long-silent buyers are inactive, others repeat buyers or loyal"
is "$(q "SELECT count(*) FROM customer_warmth
         WHERE days_since_first_contact IS NULL OR overall_warmth_score IS NULL
            OR (last_engagement_date IS NOT NULL AND days_since_last_interaction IS NULL)")" 0 \
   "warmth: every row has its day counters and an overall score"
is "$(q "SELECT (SELECT count(*) FROM customer_rfm_scores WHERE segment IS NOT NULL)
              = (SELECT count(DISTINCT customer_id) FROM orders WHERE status = 'completed')")" t \
   "rfm: one scored row per customer with completed orders"
is "$(q "SELECT (SELECT count(*) FROM customer_health_scores
                 WHERE health_score IS NOT NULL AND health_level IS NOT NULL)
              = (SELECT count(*) FROM customers)
            AND (SELECT count(*) FROM customer_health_score_history)
              = (SELECT count(*) FROM customers)")" t \
   "health: one scored row and one history row per customer"

# ---- 3. a second run changes nothing -----------------------------------------------
before=$(signature)
LOG2=$TMP/second.log
rc=0; cron_run "$LOG2" || rc=$?
after=$(signature)
zero=$(grep -cE '^NOTICE:  run_nightly_refresh: [1-5]/5 refresh_[a-z_]+: 0 rows changed' "$LOG2" || true)
if [ "$rc" -eq 0 ] && [ "$zero" -eq 5 ] && grep -qE 'done in .*, 0 rows changed$' "$LOG2"; then
    pass "second run: exits 0 and every step reports 0 rows changed"
else
    fail "second run: exits 0 and every step reports 0 rows changed" "exit $rc" "$(cat "$LOG2")"
fi
if [ "$before" = "$after" ]; then
    pass "second run: customers, scores and histories identical row for row"
else
    fail "second run: customers, scores and histories identical row for row" \
         "before:" "$before" "after:" "$after"
fi

# ---- 4. progress per batch, bad as_of, inside a transaction, the psql script ----
out=$(psql -X -q -v ON_ERROR_STOP=1 -d "$DB" \
           -c "SELECT refresh_warmth_scores(now() + interval '40 days', batch_size => 10)" 2>&1) || true
batches=$(printf '%s\n' "$out" | grep -cE '^NOTICE:  refresh_warmth_scores: (10|20|30) of 30 customers, [0-9]+ changed$' || true)
is "$batches" 3 "refresh_warmth_scores reports progress per batch (30 customers, batches of 10)"
comment "$out"

out=$(psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -c "CALL run_nightly_refresh(NULL)" 2>&1) && rc=0 || rc=$?
if [ "$rc" -ne 0 ] && printf '%s' "$out" | grep -q 'ERROR:  as_of must not be null'; then
    pass "CALL run_nightly_refresh(NULL) fails: as_of must not be null"
else
    fail "CALL run_nightly_refresh(NULL) fails: as_of must not be null" "exit $rc" "$out"
fi

before=$(signature)
out=$(psql -X -q -v ON_ERROR_STOP=1 -d "$DB" \
           -c "BEGIN" -c "CALL run_nightly_refresh(now() + interval '400 days')" -c "COMMIT" 2>&1) \
    && rc=0 || rc=$?
after=$(signature)
if [ "$rc" -ne 0 ] && printf '%s' "$out" | grep -q 'ERROR:  invalid transaction termination' \
   && [ "$before" = "$after" ]; then
    pass "inside BEGIN ... COMMIT the procedure fails (it commits per step) and changes nothing"
else
    fail "inside BEGIN ... COMMIT the procedure fails and changes nothing" "exit $rc" "$out"
fi

out=$(psql -X -v ON_ERROR_STOP=1 -d "$DB" -f "$ROOT/scripts/nightly.sql" 2>&1) && rc=0 || rc=$?
if [ "$rc" -eq 0 ] && printf '%s' "$out" | grep -q 'health_rows_changed' \
   && printf '%s' "$out" | grep -q '^Time: ' && printf '%s' "$out" | grep -q 'customer_rfm_scores'; then
    pass "scripts/nightly.sql runs clean: four timed steps and a summary"
else
    fail "scripts/nightly.sql runs clean" "exit $rc" "$out"
fi

# ---- 5. the log table, and a failing step ------------------------------------------
runs=$(q "SELECT count(DISTINCT run_started_at) || ' runs, ' || count(*) || ' rows, '
              || count(*) FILTER (WHERE error_sqlstate IS NULL AND rows_changed >= 0) || ' ok, by '
              || string_agg(DISTINCT run_by, ',')
          FROM customer_scoring_nightly_log")
is "$runs" "2 runs, 10 rows, 10 ok, by $(q 'SELECT current_user')" \
   "customer_scoring_nightly_log has one row per step of each run, with rows changed and the caller"
is "$(q "SELECT string_agg(step || ':' || step_name || ':' || rows_changed, ' ' ORDER BY step)
         FROM customer_scoring_nightly_log
         WHERE run_started_at = (SELECT min(run_started_at) FROM customer_scoring_nightly_log)")" \
   "1:refresh_customer_lifecycle:23 2:refresh_warmth_scores:30 3:refresh_rfm_scores:23 4:refresh_health_scores:30 5:refresh_predictions:23" \
   "... the first run's rows agree with its NOTICEs"

# A step that fails (here: a trigger of the user's on the RFM table) is rolled
# back and logged; the steps after it still run and commit; the call fails.
q "CREATE FUNCTION public.refuse_rfm() RETURNS trigger LANGUAGE plpgsql AS
       \$\$BEGIN RAISE EXCEPTION 'RFM writes are frozen' USING ERRCODE = 'P0001'; END\$\$;
   CREATE TRIGGER refuse_rfm BEFORE INSERT OR UPDATE ON customer_rfm_scores
       FOR EACH ROW EXECUTE FUNCTION public.refuse_rfm();
   UPDATE orders SET total_amount = total_amount + 1
   WHERE id = (SELECT min(id) FROM orders WHERE status = 'completed')" >/dev/null
out=$(psql -X -q -d "$DB" -c "CALL run_nightly_refresh('2030-01-01')" 2>&1) && rc=0 || rc=$?
if [ "$rc" -ne 0 ] && printf '%s' "$out" | grep -q 'ERROR:  run_nightly_refresh: 1 of 5 steps failed: refresh_rfm_scores' \
   && printf '%s' "$out" | grep -q 'WARNING:  run_nightly_refresh: 3/5 refresh_rfm_scores failed'; then
    pass "a failing step: the call ends with an ERROR naming it, after a WARNING"
else
    fail "a failing step: the call ends with an ERROR naming it" "exit $rc" "$out"
fi
is "$(q "SELECT string_agg(step || ':' || coalesce(error_sqlstate, 'ok') || ':' || coalesce(error_message, ''), ' ' ORDER BY step)
         FROM customer_scoring_nightly_log WHERE as_of = '2030-01-01'")" \
   "1:ok: 2:ok: 3:P0001:RFM writes are frozen 4:ok: 5:ok:" \
   "... the log has the error of that step, and the other steps ran"
is "$(q "SELECT (SELECT count(*) FROM customer_health_scores WHERE as_of = '2030-01-01') > 0
           AND (SELECT count(*) FROM customer_rfm_scores WHERE as_of = '2030-01-01') = 0")" "t" \
   "... the steps after it committed their work, the failed one none"
q "DROP TRIGGER refuse_rfm ON customer_rfm_scores" >/dev/null

# ---- pg_cron ------------------------------------------------------------------------
if command -v apt-cache >/dev/null 2>&1; then
    cand=$(apt-cache policy postgresql-15-cron 2>/dev/null | sed -n 's/^ *Candidate: //p')
    comment "pg_cron: Debian package postgresql-15-cron candidate '${cand:-none}'; not installed by this test" \
            "(CI stays lean). With it: SELECT cron.schedule('customer-scoring-nightly', '30 2 * * *'," \
            "'CALL run_nightly_refresh()') runs the same statement as the cron line above."
else
    comment "pg_cron: no apt-cache here; not installed by this test."
fi
