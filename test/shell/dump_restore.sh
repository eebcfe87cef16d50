#!/usr/bin/env bash
# test/shell/dump_restore.sh — backup and restore round trip (SPEC §4 "Backup,
# restore, replication").  A database A using the extension is filled
# (customers, warmth rows, engagement events and their history, leads, orders,
# an edited seeded rule, a new active algorithm), then dumped and restored
#   - in custom format with pg_restore  into a new database B,
#   - in plain format  with psql        into a new database C,
# both under PGOPTIONS='-c session_replication_role=replica', the documented
# restore setting.  Every table of the extension must come back row for row,
# sequences included, with no error and without a trigger firing; afterwards
# the restored database must keep working (new rows get fresh ids, the events
# trigger uses the restored rule and algorithm).  Last, DROP EXTENSION ...
# CASCADE followed by CREATE EXTENSION must work in a scratch database.
set -euo pipefail

A=cs_dump_a_$$ B=cs_dump_b_$$ C=cs_dump_c_$$ S=cs_dump_s_$$
# shellcheck source=test/shell/lib/tap.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/tap.sh"
drop_at_exit "$A" "$B" "$C" "$S"
# qd DB SQL — one query, unaligned, tuples only; errors go to the output.
qd() { psql_value "$@"; }

# The relations (relkind r or S) that belong to extension customer_scoring.
ext_relations() {
    qd "$1" "SELECT c.oid::regclass::text
             FROM pg_depend d
             JOIN pg_extension e ON d.refclassid = 'pg_extension'::regclass AND d.refobjid = e.oid
             JOIN pg_class c ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
             WHERE e.extname = 'customer_scoring' AND d.deptype = 'e' AND c.relkind = '$2'
             ORDER BY 1"
}
# table_signature DB TABLE — row count and md5 of all rows in a fixed order.
table_signature() {
    qd "$1" "SELECT count(*) || ' rows, md5 ' || COALESCE(md5(string_agg(t::text, '|' ORDER BY t::text)), '-')
             FROM $2 t"
}
# sequence_state DB — last_value and is_called of every sequence of the extension.
sequence_state() {
    local s
    for s in $(ext_relations "$1" S); do
        printf '%s=%s ' "$s" "$(qd "$1" "SELECT last_value || '/' || is_called FROM $s")"
    done
}

# ---- database A ---------------------------------------------------------------
createdb "$A"
psql -X -q -v ON_ERROR_STOP=1 -d "$A" >/dev/null <<'SQL'
CREATE EXTENSION customer_scoring;

-- A user's edit of a seeded rule, and a new active algorithm.
UPDATE warmth_scoring_triggers SET base_score_impact = 40 WHERE trigger_type = 'test_drive';
UPDATE warmth_scoring_algorithms SET is_active = false;
INSERT INTO warmth_scoring_algorithms
    (name, version, engagement_weight, interaction_frequency_weight, response_rate_weight,
     budget_qualification_weight, timeline_urgency_weight, decision_authority_weight,
     demographic_fit_weight, past_behavior_weight, is_active, description)
VALUES ('custom', '2.0', 0.30, 0.10, 0.05, 0.25, 0.10, 0.10, 0.05, 0.05, true,
        'Engagement-heavy weights of the dump test');

INSERT INTO customers (first_name, last_name, email, phone, company_name, city, gender,
                       date_of_birth, anniversary_date, status, source, gdpr_consent)
SELECT 'First' || i, CASE WHEN i % 7 = 0 THEN NULL ELSE 'Last' || i END,
       'c' || i || '@example.com', '+1-555-' || lpad(i::text, 4, '0'),
       CASE WHEN i % 4 = 0 THEN 'Company ' || i END,
       (ARRAY['Dubai', 'Berlin', 'Austin'])[1 + i % 3], (ARRAY['f', 'm'])[1 + i % 2],
       date '1970-01-01' + i * 400, CASE WHEN i % 5 = 0 THEN date '2000-06-01' + i END,
       CASE WHEN i % 9 = 0 THEN 'vip' ELSE 'active' END, 'referral', i % 2 = 0
FROM generate_series(1, 30) i;

-- Warmth rows with known and unknown components for customers 1..24 (history: insert).
INSERT INTO customer_warmth (customer_id, interaction_frequency_score, response_rate_score,
    budget_qualification_score, timeline_urgency_score, decision_making_authority_score,
    demographic_fit_score, past_purchase_behavior_score, interested_vehicle_types,
    price_range_min, price_range_max, preferred_features, first_contact_at)
SELECT i, (i * 7) % 101, CASE WHEN i % 3 = 0 THEN NULL ELSE 50 + i END, (i * 13) % 101,
       CASE WHEN i % 5 = 0 THEN NULL ELSE 35.5 END, 60, 45.25, (i * 3) % 101,
       ARRAY['suv', 'sedan'], 10000 + i, 30000 + i, jsonb_build_object('color', 'red', 'n', i),
       now() - (i || ' days')::interval
FROM generate_series(1, 24) i;

-- Events, some in the past (decay), also for customers 25..30 without a warmth
-- row yet (the trigger creates it); each writes one history row.
INSERT INTO customer_engagement_events (customer_id, engagement_type, occurred_at, notes, channel)
SELECT 1 + (i * 11) % 30,
       (enum_range(NULL::engagement_type))[1 + (i * 5) % 14],
       now() - ((i % 40) || ' days')::interval - (i || ' minutes')::interval,
       CASE WHEN i % 6 = 0 THEN 'note ' || i END,
       (ARRAY['web', 'phone', 'showroom'])[1 + i % 3]
FROM generate_series(1, 240) i;

-- Direct updates (manual_update history) and one with a custom change trigger.
UPDATE customer_warmth SET budget_qualification_score = budget_qualification_score + 15
WHERE customer_id % 4 = 0;
BEGIN;
SET LOCAL customer_scoring.change_trigger = 'crm_import';
SET LOCAL customer_scoring.change_description = 'nightly import';
UPDATE customer_warmth SET timeline_urgency_score = 90 WHERE customer_id IN (2, 3, 5);
COMMIT;

INSERT INTO leads (name, phone, email, budget_min, budget_max, transaction_type, property_type,
                   location, payment_method, has_voice_message, qr_scan_count, catalog_views,
                   messages_count, last_activity_at, source)
SELECT 'Lead ' || i, CASE WHEN i % 2 = 0 THEN '+971-50-' || i END, 'lead' || i || '@example.com',
       100000 * i, 150000 * i, 'buy', (ARRAY['apartment', 'villa'])[1 + i % 2], 'Dubai Marina',
       CASE WHEN i % 3 = 0 THEN 'cash' END, i % 4 = 0, i % 6, i % 5, i % 12,
       now() - (i || ' hours')::interval, 'chatbot'
FROM generate_series(1, 20) i;
SQL

# Orders and order items, where the tables exist.
if [ "$(qd "$A" "SELECT to_regclass('orders') IS NOT NULL")" = t ]; then
    qd "$A" "INSERT INTO orders (customer_id, total_amount, ordered_at, status, order_number)
             SELECT 1 + i % 20, 100 * i + 0.99, now() - (i * 9 || ' days')::interval,
                    CASE WHEN i % 10 = 0 THEN 'cancelled' ELSE 'completed' END, 'ORD-' || i
             FROM generate_series(1, 40) i" >/dev/null
fi
if [ "$(qd "$A" "SELECT to_regclass('order_items') IS NOT NULL")" = t ]; then
    qd "$A" "INSERT INTO order_items (customer_id, order_id, product_id, quantity, unit_price)
             SELECT o.customer_id, o.id, 'SKU-' || (o.id % 7), 1 + o.id % 3, 25.50
             FROM orders o" >/dev/null
fi

TABLES=$(ext_relations "$A" r)
A_SEQ=$(sequence_state "$A")
A_HISTORY=$(qd "$A" "SELECT count(*) FROM customer_warmth_history")
A_EVENTS=$(qd "$A" "SELECT count(*) FROM customer_engagement_events")
MAXIDS_SQL="SELECT (SELECT max(id) FROM customers) || ' ' || (SELECT max(id) FROM customer_engagement_events)
                   || ' ' || (SELECT max(id) FROM customer_warmth_history) || ' ' || (SELECT max(id) FROM leads)"
read -r A_MAX_CUSTOMER A_MAX_EVENT A_MAX_HISTORY A_MAX_LEAD <<<"$(qd "$A" "$MAXIDS_SQL")"

# The fill itself must have produced what the round trip is meant to carry.
is "$(qd "$A" "SELECT (SELECT count(*) FROM customer_warmth) || ' warmth, '
                      || (SELECT count(*) FROM customer_warmth_history WHERE engagement_event_id IS NOT NULL)
                      || ' event history, '
                      || (SELECT count(*) FROM customer_warmth_history WHERE change_trigger = 'crm_import')
                      || ' crm_import, '
                      || (SELECT count(*) FROM customer_warmth WHERE scoring_algorithm_used = 'custom')
                      || ' custom'")" \
   "30 warmth, 240 event history, 3 crm_import, 30 custom" \
   "database A is filled: warmth rows, event history, custom history, algorithm 'custom' in use"

# ---- the round trips ------------------------------------------------------------
# verify DB FORMAT — every check of a restored database against A.
verify() {
    local db=$1 f=$2 t sa sb
    is "$(ext_relations "$db" r | tr '\n' ' ')" "$(printf '%s\n' "$TABLES" | tr '\n' ' ')" \
        "$f: the restored extension has the same tables as A"
    for t in $TABLES; do
        sa=$(table_signature "$A" "$t")
        sb=$(table_signature "$db" "$t")
        is "$sb" "$sa" "$f: $t has the same rows as in A (${sa%%,*})"
    done
    is "$(sequence_state "$db")" "$A_SEQ" "$f: every sequence of the extension has A's state"
    is "$(qd "$db" "SELECT base_score_impact FROM warmth_scoring_triggers WHERE trigger_type = 'test_drive'")
$(qd "$db" "SELECT count(*) FROM warmth_scoring_triggers")" "40.00
14" "$f: the edited test_drive rule (40.00) came back, no duplicate rule"
    is "$(qd "$db" "SELECT string_agg(name || ' ' || version || ' ' || is_active, ', ' ORDER BY id)
                    FROM warmth_scoring_algorithms")" "default 1.0 false, custom 2.0 true" \
        "$f: the algorithms came back, 'custom' the only active one"
    is "$(qd "$db" "SELECT count(*) FROM customer_warmth_history")" "$A_HISTORY" \
        "$f: history did not grow during the restore ($A_HISTORY rows, no trigger fired)"

    # The restored database keeps working.
    local out rc=0 cid
    out=$(psql -X -A -t -q -v ON_ERROR_STOP=1 -d "$db" 2>&1 <<'SQL'
INSERT INTO customer_engagement_events (customer_id, engagement_type, notes)
VALUES (4, 'inquiry', 'after restore');
INSERT INTO customers (first_name, last_name) VALUES ('After', 'Restore') RETURNING id;
SQL
) || rc=$?
    if [ "$rc" -eq 0 ]; then pass "$f: new event and new customer insert after the restore"
    else fail "$f: new event and new customer insert after the restore" "$out"; fi
    cid=$(printf '%s\n' "$out" | tail -n 1)
    out=$(qd "$db" "INSERT INTO customer_engagement_events (customer_id, engagement_type)
                    VALUES (${cid:-0}, 'test_drive')") || true
    is "$out" "" "$f: an event for the new customer inserts"
    is "$(qd "$db" "SELECT (SELECT max(id) FROM customers) > $A_MAX_CUSTOMER,
                           (SELECT min(id) FROM customer_engagement_events WHERE id > $A_MAX_EVENT) > $A_MAX_EVENT,
                           (SELECT count(*) FROM customer_engagement_events) = $A_EVENTS + 2,
                           (SELECT count(*) FROM customer_warmth_history
                            WHERE engagement_event_id > $A_MAX_EVENT AND id > $A_MAX_HISTORY) = 2")" \
       "t|t|t|t" "$f: new rows got fresh ids from the restored sequences, one history row per new event"
    is "$(qd "$db" "SELECT scoring_algorithm_used || ' ' || algorithm_version || ' ' ||
                           (overall_warmth_score = calculate_composite_warmth_score(
                               ARRAY[engagement_score, interaction_frequency_score, response_rate_score,
                                     budget_qualification_score, timeline_urgency_score,
                                     decision_making_authority_score, demographic_fit_score,
                                     past_purchase_behavior_score],
                               ARRAY[0.30, 0.10, 0.05, 0.25, 0.10, 0.10, 0.05, 0.05]))::text || ' ' ||
                           total_interactions
                    FROM customer_warmth WHERE customer_id = 4")" \
       "custom 2.0 true $(( $(qd "$A" "SELECT total_interactions FROM customer_warmth WHERE customer_id = 4") + 1 ))" \
       "$f: after a new event the trigger scores with algorithm 'custom' 2.0 and its weights"
    is "$(qd "$db" "SELECT engagement_score || ' ' || scoring_algorithm_used || ' ' || total_interactions
                    FROM customer_warmth WHERE customer_id = ${cid:-0}")" "40.00 custom 1" \
       "$f: a new customer's test_drive event scores with the restored rule (40.00)"
    is "$(qd "$db" "INSERT INTO leads (name, phone) VALUES ('New lead', '+1') RETURNING id > $A_MAX_LEAD")" "t" \
       "$f: a new lead gets a fresh id"
}

# a. custom format, pg_restore
rc=0
pg_dump -Fc -d "$A" -f "$TMP/a.dump" 2>"$TMP/dump.err" || rc=$?
is "$rc $(grep -ci error "$TMP/dump.err" || true)" "0 0" "pg_dump -Fc of A exits 0 without errors"
createdb "$B"
rc=0
PGOPTIONS='-c session_replication_role=replica' \
    pg_restore -d "$B" "$TMP/a.dump" >"$TMP/restore.out" 2>"$TMP/restore.err" || rc=$?
if [ "$rc" -eq 0 ] && ! grep -qi error "$TMP/restore.err"; then
    pass "custom format: pg_restore into B exits 0 and reports no error"
else
    fail "custom format: pg_restore into B exits 0 and reports no error" "exit status $rc" \
        "$(head -n 30 "$TMP/restore.err")"
fi
verify "$B" "custom format"

# b. plain format, psql
rc=0
pg_dump -d "$A" -f "$TMP/a.sql" 2>"$TMP/dump.err" || rc=$?
is "$rc $(grep -ci error "$TMP/dump.err" || true)" "0 0" "pg_dump (plain) of A exits 0 without errors"
createdb "$C"
rc=0
PGOPTIONS='-c session_replication_role=replica' \
    psql -X -q -v ON_ERROR_STOP=1 -d "$C" -f "$TMP/a.sql" >"$TMP/psql.out" 2>"$TMP/psql.err" || rc=$?
if [ "$rc" -eq 0 ] && ! grep -qi error "$TMP/psql.err"; then
    pass "plain format: psql -f into C exits 0 and reports no error"
else
    fail "plain format: psql -f into C exits 0 and reports no error" "exit status $rc" \
        "$(head -n 30 "$TMP/psql.err")"
fi
verify "$C" "plain format"

# A itself was not touched by the dumps.
is "$(qd "$A" "SELECT count(*) FROM customer_warmth_history")" "$A_HISTORY" \
   "A still has its $A_HISTORY history rows"

# ---- DROP EXTENSION ... CASCADE, then CREATE EXTENSION -------------------------
createdb "$S"
rc=0
out=$(psql -X -A -t -q -v ON_ERROR_STOP=1 -d "$S" 2>&1 <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION customer_scoring;
INSERT INTO customers (first_name) VALUES ('Scratch');
INSERT INTO customer_engagement_events (customer_id, engagement_type)
SELECT id, 'test_drive' FROM customers;
CREATE VIEW my_hot AS SELECT customer_id FROM customer_warmth WHERE warmth_level >= 'warm';
DROP EXTENSION customer_scoring CASCADE;
CREATE EXTENSION customer_scoring;
SELECT (SELECT count(*) FROM customers) || ' ' || (SELECT count(*) FROM customer_warmth_history)
       || ' ' || (SELECT count(*) FROM warmth_scoring_triggers)
       || ' ' || (SELECT string_agg(name, ',') FROM warmth_scoring_algorithms WHERE is_active)
       || ' ' || (to_regclass('my_hot') IS NULL);
SQL
) || rc=$?
is "$rc: $out" "0: 0 0 14 default true" \
   "DROP EXTENSION customer_scoring CASCADE; CREATE EXTENSION customer_scoring works (fresh seeds, no leftovers)"

echo "1..$N"
