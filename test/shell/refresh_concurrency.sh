#!/usr/bin/env bash
# test/shell/refresh_concurrency.sh — a refresh never overwrites a write that
# committed while it ran, and refuses to run on a logical-replication
# subscriber.
#
# For each refresh, one session holds a transaction open with an order (or an
# engagement event) of a customer — its trigger has already updated that
# customer's totals (or warmth row) — while a second session runs the
# refresh; the writer commits while the refresh waits for its row, and the
# refresh must then leave exactly what a quiet re-run computes: the order
# totals of every customer equal to its completed orders, and a second run of
# the same refresh changing nothing.  The nightly job, as one CALL, too.
# Needs: PGHOST PGPORT PGUSER of a server with customer_scoring installed.
set -euo pipefail
# shellcheck source=test/shell/lib/tap.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/tap.sh"

DB=cs_refresh_race_$$
drop_at_exit "$DB"
createdb "$DB"
q "CREATE EXTENSION customer_scoring" >/dev/null
echo "1..16"

q "INSERT INTO customers (id, first_name) SELECT i, 'C' || i FROM generate_series(1, 50) AS i;
   INSERT INTO orders (customer_id, total_amount, ordered_at, status)
   SELECT c, 100 + c, now() - c * interval '3 days', 'completed' FROM generate_series(1, 50) AS c;
   INSERT INTO customer_warmth (customer_id, interaction_frequency_score, budget_qualification_score)
   SELECT i, 40, 50 FROM generate_series(1, 50) AS i;
   INSERT INTO customer_engagement_events (customer_id, engagement_type, occurred_at)
   SELECT i, 'inquiry', now() - i * interval '1 day' FROM generate_series(1, 50) AS i" >/dev/null

# totals that disagree with the customer's completed orders (must be none)
wrong_totals() {
    q "SELECT string_agg(c.id::text, ',' ORDER BY c.id) FROM customers c
       LEFT JOIN (SELECT customer_id, count(*) AS n, sum(total_amount) AS v FROM orders
                  WHERE status = 'completed' GROUP BY customer_id) o ON o.customer_id = c.id
       WHERE (c.total_orders, c.lifetime_value) IS DISTINCT FROM (coalesce(o.n, 0)::integer, coalesce(o.v, 0))"
}
# waiting SESSION_PID_FILE — the refresh's backend is waiting for a row lock
lock_waiters() {
    q "SELECT count(*) FROM pg_stat_activity
       WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%$1%'"
}
wait_for_lock_wait() {
    local i
    for i in $(seq 1 100); do
        [ "$(lock_waiters "$1")" -ge 1 ] && return 0
        sleep 0.1
    done
    return 1
}

session_start writer
session_start refresher

# race REFRESH WRITE — the writer opens a transaction with WRITE, the
# refresher starts REFRESH and must block on the writer's row; the writer
# commits; prints the refresher's output
race() {
    session_run writer "BEGIN; $2" >/dev/null
    session_send refresher "$1"
    if wait_for_lock_wait "${1%%(*}"; then echo "waited"; else echo "did not wait"; fi
    session_run writer "COMMIT;" >/dev/null
    session_wait refresher
}

# ---- refresh_customer_lifecycle against an order ----------------------------
# customer 7's stage is stale (an import with the triggers off), so the
# refresh has to write it
q "SET session_replication_role = replica;
   UPDATE customers SET lifecycle_stage = 'lead', customer_type = 'new' WHERE id = 7" >/dev/null
out=$(race "SELECT refresh_customer_lifecycle();" \
           "INSERT INTO orders (customer_id, total_amount, status) VALUES (7, 477.77, 'completed');")
case $out in waited*) pass "refresh_customer_lifecycle waits for the customer an open order transaction holds" ;;
             *) fail "refresh_customer_lifecycle waits for the open order transaction" "$out" ;; esac
is "$(wrong_totals)" "" "... and after the order commits, every customer's totals equal its completed orders"
is "$(q "SELECT total_orders || ' ' || lifetime_value || ' ' || lifecycle_stage FROM customers WHERE id = 7")" \
   "2 584.77 repeat_buyer" "... customer 7 has both orders and is a repeat buyer (not the stale totals)"
is "$(q "SELECT refresh_customer_lifecycle()")" "0" "... and a quiet re-run changes nothing"

# ---- refresh_warmth_scores against an engagement event ------------------------
# customer 9's engagement score is stale, so the refresh has to write it
q "SET session_replication_role = replica;
   UPDATE customer_warmth SET engagement_score = 0 WHERE customer_id = 9" >/dev/null
out=$(race "SELECT refresh_warmth_scores();" \
           "INSERT INTO customer_engagement_events (customer_id, engagement_type) VALUES (9, 'test_drive');")
case $out in waited*) pass "refresh_warmth_scores waits for the warmth row an open event transaction holds" ;;
             *) fail "refresh_warmth_scores waits for the open event transaction" "$out" ;; esac
is "$(q "SELECT last_engagement_type FROM customer_warmth WHERE customer_id = 9")" "test_drive" \
   "... and after the event commits, customer 9's warmth row has it"
is "$(q "SELECT w.engagement_score = least(100, (SELECT sum(contribution) FROM explain_engagement(9)))
         FROM customer_warmth w WHERE w.customer_id = 9")" "t" \
   "... with the engagement score of all its events"
is "$(q "SELECT refresh_warmth_scores()")" "0" "... and a quiet re-run changes nothing"

# ---- RFM and health: an order committed meanwhile ---------------------------
# These tables are written by the refreshes only; the order's totals are
# the trigger's, and the refresh must not touch them.
out=$(race "SELECT refresh_rfm_scores() >= 0, refresh_health_scores() >= 0;" \
           "INSERT INTO orders (customer_id, total_amount, status, ordered_at) VALUES (11, 50, 'completed', now() - interval '1 day');")
is "$(wrong_totals)" "" "RFM and health refreshes racing an order leave every customer's totals right"
q "SELECT refresh_rfm_scores()" >/dev/null
is "$(q "SELECT purchase_count FROM customer_rfm_scores WHERE customer_id = 11")" "2" \
   "... and the next run counts the order"
is "$(q "SELECT refresh_rfm_scores()")" "0" "... then a quiet re-run changes nothing"

# ---- the nightly job as one CALL against an order -------------------------------
# customer 13's stage is made stale (as an import with the triggers off
# would), so that the job has to write that customer
q "SET session_replication_role = replica;
   UPDATE customers SET lifecycle_stage = 'lead', customer_type = 'new' WHERE id = 13" >/dev/null
out=$(race "CALL run_nightly_refresh();" \
           "INSERT INTO orders (customer_id, total_amount, status) VALUES (13, 1000, 'completed');")
case $out in waited*) pass "run_nightly_refresh waits for the customer an open order transaction holds" ;;
             *) fail "run_nightly_refresh waits for the open order transaction" "$out" ;; esac
is "$(wrong_totals)" "" "... and after the order commits, every customer's totals equal its completed orders"
is "$(q "SELECT total_orders || ' ' || lifecycle_stage FROM customers WHERE id = 13")" "2 repeat_buyer" \
   "... customer 13 has both orders and the stage they make"

session_end writer
session_end refresher

# ---- a logical-replication subscriber refuses to refresh ------------------------
# A subscription to a publication that does not have to exist: created
# without connecting, disabled, its tables added to pg_subscription_rel as
# the initial synchronisation would.
q "CREATE SUBSCRIPTION cs_replica CONNECTION 'dbname=nowhere' PUBLICATION p
   WITH (connect = false, enabled = false, create_slot = false, slot_name = NONE)" >/dev/null
q "INSERT INTO pg_subscription_rel (srsubid, srrelid, srsubstate, srsublsn)
   SELECT s.oid, 'orders'::regclass, 'r', NULL FROM pg_subscription s WHERE s.subname = 'cs_replica'" >/dev/null
out=$(q "SELECT refresh_rfm_scores()") || true
case $out in
    *'refresh_rfm_scores does not run on a logical-replication subscriber'*'Subscription "cs_replica"'*)
        pass "on a subscriber of the extension's tables a refresh fails, naming the subscription" ;;
    *) fail "on a subscriber a refresh fails naming the subscription" "$out" ;;
esac
out=$(psql -X -q -d "$DB" -c "CALL run_nightly_refresh()" 2>&1) || true
case $out in
    *'5 of 5 steps failed'*) pass "... and so does every step of the nightly job" ;;
    *) fail "... and so does every step of the nightly job" "$out" ;;
esac
q "DROP SUBSCRIPTION cs_replica" >/dev/null
