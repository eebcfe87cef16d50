#!/usr/bin/env bash
# test/shell/concurrent_orders.sh — the orders trigger under heavy contention
# (SPEC §4: "orders AFTER INSERT/UPDATE/DELETE: customer totals,
# lifecycle_stage, customer_type").  pgbench runs 8 clients against only 5
# customers in a database of its own:
#   phase 1: 8 × 300 transactions, each inserting one completed order for a
#            random customer with a random amount (numeric(12,2)) and date;
#   phase 2: 8 × 300 transactions mixing those inserts with UPDATEs that set a
#            random order's status to 'cancelled' or back to 'completed'.
# Afterwards every customer's total_orders, lifetime_value, first_order_at and
# last_order_at must equal the aggregates over its completed orders, and its
# lifecycle_stage and customer_type must equal lifecycle_stage_for() and
# customer_type_for() of those aggregates; no transaction may have failed
# (no deadlock, no serialization error) and no backend may have crashed.
set -euo pipefail

DB=cs_orders_$$
# shellcheck source=test/shell/lib/tap.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/tap.sh"
drop_at_exit "$DB"

# ---- set-up -------------------------------------------------------------------
createdb "$DB"
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" >/dev/null <<'SQL'
CREATE EXTENSION customer_scoring;
INSERT INTO customers (id, first_name, last_name)
SELECT i, 'Orders', 'Customer ' || i FROM generate_series(1, 5) i;
SQL

# Customer c spends up to c × 100.00 per order, so that after the runs the
# small customers are repeat buyers and the big ones cross the default VIP
# threshold (100000).  Orders are dated up to 400 days back, to the second.
cat >"$TMP/insert.sql" <<'SQL'
\set c random(1, 5)
\set cents random(1, :c * 10000)
\set age random(0, 400 * 86400)
INSERT INTO orders (customer_id, ordered_at, total_amount, status)
VALUES (:c, now() - :age * interval '1 second', (:cents / 100.0)::numeric(12,2), 'completed');
SQL
# A random order of a random customer becomes cancelled or completed.
cat >"$TMP/update.sql" <<'SQL'
\set c random(1, 5)
\set s random(0, 1)
UPDATE orders SET status = (ARRAY['cancelled', 'completed'])[:s + 1], updated_at = now()
WHERE customer_id = :c
  AND id = (SELECT id FROM orders WHERE customer_id = :c ORDER BY random() LIMIT 1);
SQL

# check_invariants PHASE — what must hold for every customer after a run.
check_invariants() {
    local p=$1
    none "SELECT c.id, c.total_orders, a.n, c.lifetime_value, a.ltv
          FROM customers c
          CROSS JOIN LATERAL (SELECT count(*)::int AS n, COALESCE(sum(total_amount), 0) AS ltv
                              FROM orders o WHERE o.customer_id = c.id AND o.status = 'completed') a
          WHERE c.total_orders <> a.n OR c.lifetime_value <> a.ltv" \
        "$p: total_orders and lifetime_value = count and sum of the completed orders, for every customer"
    none "SELECT c.id, c.first_order_at, a.first_at, c.last_order_at, a.last_at
          FROM customers c
          CROSS JOIN LATERAL (SELECT min(ordered_at) AS first_at, max(ordered_at) AS last_at
                              FROM orders o WHERE o.customer_id = c.id AND o.status = 'completed') a
          WHERE c.first_order_at IS DISTINCT FROM a.first_at
             OR c.last_order_at IS DISTINCT FROM a.last_at" \
        "$p: first_order_at and last_order_at = min and max ordered_at of the completed orders"
    none "SELECT c.id, c.lifecycle_stage, x.stage, c.customer_type, x.type
          FROM customers c
          CROSS JOIN LATERAL (SELECT count(*)::int AS n, COALESCE(sum(total_amount), 0) AS ltv,
                                     max(ordered_at) AS last_at
                              FROM orders o WHERE o.customer_id = c.id AND o.status = 'completed') a
          CROSS JOIN LATERAL (SELECT
                  lifecycle_stage_for(a.n, a.last_at, a.n = 0 AND customer_has_activity(c.id), now()) AS stage,
                  customer_type_for(a.n, a.last_at, a.ltv,
                                    setting('vip_threshold')::numeric, now()) AS type) x
          WHERE c.lifecycle_stage IS DISTINCT FROM x.stage
             OR c.customer_type IS DISTINCT FROM x.type" \
        "$p: lifecycle_stage and customer_type = lifecycle_stage_for / customer_type_for of those aggregates"
    none "SELECT id, total_orders FROM customers WHERE total_orders = 0" \
        "$p: every customer has completed orders (the run reached all 5)"
}

# ---- phase 1: 2400 order inserts, 8 clients, 5 customers ----------------------
start=$SECONDS
run_pgbench "phase 1 (inserts)" 2400 -t 300 -f "$TMP/insert.sql"
is "$(q 'SELECT count(*) FROM orders')" 2400 "phase 1: 2400 orders were stored"
check_invariants "phase 1"

# ---- phase 2: inserts mixed with status updates --------------------------------
orders_before=$(q 'SELECT count(*) FROM orders')
run_pgbench "phase 2 (inserts + status updates)" 2400 -t 300 \
    -f "$TMP/insert.sql@1" -f "$TMP/update.sql@1"
# With several scripts pgbench reports each one's transaction count.
insert_tx=$(pgbench_script_tx "$LAST_PGBENCH" 1)
update_tx=$(pgbench_script_tx "$LAST_PGBENCH" 2)
unattributed=$((2400 - ${insert_tx:-0} - ${update_tx:-0}))
within "$(($(q 'SELECT count(*) FROM orders') - orders_before))" \
    "${insert_tx:-0}" "$((${insert_tx:-0} + unattributed))" \
    "phase 2: every insert transaction stored its order (pgbench: ${insert_tx:-?} inserts, ${update_tx:-?} updates, $unattributed unattributed)"
none "SELECT count(*) FROM orders WHERE status = 'cancelled'
      HAVING count(*) = 0 OR count(*) > ${update_tx:-0}" \
    "phase 2: the updates cancelled some orders (at most one per update)"
check_invariants "phase 2"
echo "# customers after phase 2: $(q "SELECT string_agg(format('%s: %s orders, %s, %s/%s', id, total_orders,
        lifetime_value, lifecycle_stage, customer_type), '; ' ORDER BY id) FROM customers")"
# The customers' classification also survives a full recomputation unchanged.
# (Run in a session that has already loaded the module by calling one of its
# C functions; the fresh-session case is the known bug below.)
got=$(printf '%s\n' 'SELECT customer_temperature(0) \g /dev/null' 'SELECT refresh_customer_lifecycle();' |
      psql -X -A -t -q -v ON_ERROR_STOP=1 -d "$DB" 2>&1) || true
is "$got" 0 "after both phases refresh_customer_lifecycle() finds nothing to change"
# A session that has not loaded the module yet still finds the settings
# (they are read through the C function setting(), which loads it).
is "$(q 'SELECT refresh_customer_lifecycle()')" 0 \
    "refresh_customer_lifecycle() works as the first statement of a fresh session"

# ---- deadlocks and the server ---------------------------------------------------
# pg_stat_database counts the deadlocks detected in this database only (the
# pgbench backends have exited, so their statistics are flushed).
is "$(q 'SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()')" 0 \
    "no deadlock was detected in $DB (pg_stat_database.deadlocks)"
if [ -n "${CS_LOG:-}" ] && [ -r "$CS_LOG" ]; then
    crash=$(tail -c +"$((LOG_OFFSET + 1))" "$CS_LOG" |
            grep -E 'terminated by signal|terminating connection because of crash|PANIC' || true)
    if [ -z "$crash" ]; then pass "no backend crashed during the runs (server log)"
    else fail "no backend crashed during the runs (server log)" "$(printf '%s\n' "$crash" | head -n 10)"; fi
else
    pass "no backend crashed during the runs # SKIP CS_LOG not readable"
fi

echo "# both phases took $((SECONDS - start)) s"
echo "1..$N"
