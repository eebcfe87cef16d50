#!/usr/bin/env bash
# test/shell/concurrent_redeem.sh — loyalty redeems under contention (SPEC §4:
# "a redeem that would make the balance negative fails with a clear error,
# also under concurrency").  In a database of its own, one customer earns 1000
# points; then pgbench runs 8 clients x 100 transactions that each try
# loyalty_redeem(1, 7): 800 attempts worth 5600 points against 1000.  Each
# attempt runs in a DO block that swallows only "insufficient loyalty points"
# (SQLSTATE 22023) and records the refusal, so any other error aborts the
# client and fails the run.  Afterwards exactly floor(1000 / 7) = 142 redeems
# must have succeeded, the balance must be 1000 - 7 x 142 = 6, and the ledger
# must replay the balance exactly.  Phase 2 mixes earns into the redeems and
# checks the same ledger invariants.  No deadlock, no failed transaction, no
# backend crash.
set -euo pipefail

DB=cs_redeem_$$
# shellcheck source=test/shell/lib/tap.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/tap.sh"
drop_at_exit "$DB"

# ---- set-up -------------------------------------------------------------------
createdb "$DB"
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" >/dev/null <<'SQL'
CREATE EXTENSION customer_scoring;
INSERT INTO customers (id, first_name, last_name) VALUES (1, 'Rita', 'Redeemer');
SELECT loyalty_earn(1, 1000, description => 'starting balance');
-- one row per redeem that was refused for lack of points
CREATE TABLE redeem_refusals (id bigint GENERATED ALWAYS AS IDENTITY, detail text);
SQL

cat >"$TMP/redeem.sql" <<'SQL'
DO $$
DECLARE
    detail text;
BEGIN
    PERFORM loyalty_redeem(1, 7);
EXCEPTION WHEN invalid_parameter_value THEN
    IF SQLERRM <> 'insufficient loyalty points' THEN
        RAISE;
    END IF;
    GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
    INSERT INTO redeem_refusals (detail) VALUES (detail);
END
$$;
SQL
cat >"$TMP/earn.sql" <<'SQL'
SELECT loyalty_earn(1, 5);
SQL

# check_ledger PHASE — the ledger replays the balance.
check_ledger() {
    local p=$1
    none "SELECT p.points_balance, l.total, l.last_after
          FROM customer_loyalty_points p
          CROSS JOIN LATERAL (
              SELECT sum(g.points) AS total,
                     (array_agg(g.balance_after ORDER BY g.id DESC))[1] AS last_after
              FROM customer_loyalty_ledger g
              WHERE g.customer_id = p.customer_id AND g.program_id = p.program_id) l
          WHERE p.customer_id = 1
            AND (p.points_balance < 0 OR p.points_balance IS DISTINCT FROM l.total
                 OR p.points_balance IS DISTINCT FROM l.last_after)" \
        "$p: balance >= 0, = sum of ledger points, = balance_after of the last ledger row"
    # Entries are numbered while the balance row is locked, so in id order
    # each balance_after is the previous one plus the entry's points.
    none "SELECT id, entry_type, points, balance_after, prev
          FROM (SELECT g.*, lag(balance_after, 1, 0) OVER (ORDER BY id) AS prev
                FROM customer_loyalty_ledger g WHERE customer_id = 1) x
          WHERE balance_after <> prev + points OR balance_after < 0" \
        "$p: in id order every ledger row's balance_after = the previous one + its points"
    none "SELECT p.lifetime_points_earned, p.lifetime_points_redeemed, e.earned, e.redeemed
          FROM customer_loyalty_points p
          CROSS JOIN LATERAL (
              SELECT sum(points) FILTER (WHERE entry_type = 'earn') AS earned,
                     -sum(points) FILTER (WHERE entry_type = 'redeem') AS redeemed
              FROM customer_loyalty_ledger g WHERE g.customer_id = 1) e
          WHERE p.customer_id = 1
            AND (p.lifetime_points_earned IS DISTINCT FROM e.earned
                 OR p.lifetime_points_redeemed IS DISTINCT FROM e.redeemed)" \
        "$p: lifetime points earned and redeemed = the ledger's earn and redeem totals"
}

# ---- phase 1: 800 redeems of 7 points against 1000 -----------------------------
start=$SECONDS
run_pgbench "phase 1 (redeems)" 800 -t 100 -f "$TMP/redeem.sql"
is "$(q "SELECT count(*) FROM customer_loyalty_ledger WHERE customer_id = 1 AND entry_type = 'redeem'")" 142 \
    "phase 1: exactly floor(1000 / 7) = 142 redeems succeeded"
is "$(q 'SELECT count(*) FROM redeem_refusals')" 658 \
    "phase 1: the other 658 were refused with 'insufficient loyalty points'"
is "$(q 'SELECT points_balance FROM customer_loyalty_points WHERE customer_id = 1 AND program_id = 1')" 6 \
    "phase 1: balance = 1000 - 7 x 142 = 6"
is "$(q "SELECT points_balance = 1000 - 7 * (SELECT count(*) FROM customer_loyalty_ledger
                                              WHERE customer_id = 1 AND entry_type = 'redeem')
         FROM customer_loyalty_points WHERE customer_id = 1")" t \
    "phase 1: balance = 1000 - 7 x (number of redeem ledger rows)"
none "SELECT detail FROM redeem_refusals
      WHERE detail !~ '^Customer 1 has [0-6] points? in program 1; 7 were requested\.$'" \
    "phase 1: every refusal's DETAIL names a balance below 7 and the 7 points requested"
check_ledger "phase 1"

# ---- phase 2: earns of 5 mixed with redeems of 7 -------------------------------
refusals_before=$(q 'SELECT count(*) FROM redeem_refusals')
redeems_before=$(q "SELECT count(*) FROM customer_loyalty_ledger WHERE customer_id = 1 AND entry_type = 'redeem'")
earns_before=$(q "SELECT count(*) FROM customer_loyalty_ledger WHERE customer_id = 1 AND entry_type = 'earn'")
run_pgbench "phase 2 (earns + redeems)" 800 -t 100 -f "$TMP/earn.sql@1" -f "$TMP/redeem.sql@2"
# With several scripts pgbench reports each one's transaction count.
earn_tx=$(pgbench_script_tx "$LAST_PGBENCH" 1)
redeem_tx=$(pgbench_script_tx "$LAST_PGBENCH" 2)
unattributed=$((800 - ${earn_tx:-0} - ${redeem_tx:-0}))
earned=$(q "SELECT count(*) FROM customer_loyalty_ledger WHERE customer_id = 1 AND entry_type = 'earn'")
tried=$(q "SELECT (SELECT count(*) FROM customer_loyalty_ledger WHERE customer_id = 1 AND entry_type = 'redeem')
                  - $redeems_before + (SELECT count(*) FROM redeem_refusals) - $refusals_before")
within "$((earned - earns_before))" "${earn_tx:-0}" "$((${earn_tx:-0} + unattributed))" \
    "phase 2: one earn ledger row per earn transaction (${earn_tx:-?}, $unattributed unattributed)"
within "$tried" "${redeem_tx:-0}" "$((${redeem_tx:-0} + unattributed))" \
    "phase 2: every redeem transaction (${redeem_tx:-?}) either succeeded or was refused"
is "$((earned - earns_before + tried))" 800 \
    "phase 2: the earns and the redeem attempts add up to the 800 transactions"
check_ledger "phase 2"

# ---- the server ---------------------------------------------------------------
if [ -n "${CS_LOG:-}" ] && [ -r "$CS_LOG" ]; then
    bad=$(tail -c +"$((LOG_OFFSET + 1))" "$CS_LOG" |
          grep -E 'terminated by signal|terminating connection because of crash|PANIC|deadlock detected' || true)
    if [ -z "$bad" ]; then pass "no deadlock and no backend crash in the server log"
    else fail "no deadlock and no backend crash in the server log" "$(printf '%s\n' "$bad" | head -n 10)"; fi
else
    pass "no deadlock and no backend crash in the server log # SKIP CS_LOG not readable"
fi

echo "# both phases took $((SECONDS - start)) s"
echo "1..$N"
