#!/usr/bin/env bash
# test/shell/concurrent_events.sh — the engagement-event trigger and the
# customer_warmth triggers under heavy contention (SPEC §4: "one row per event,
# correct under concurrent inserts").  pgbench runs 8 clients against only 5
# customers in a database of its own:
#   phase 1: 4000 event inserts (one per transaction, random customer and type);
#   phase 2: event inserts mixed with direct UPDATEs of a warmth component.
# Afterwards every customer's counters, engagement component, last engagement,
# history (one row per event, an unbroken previous_score chain) and composite
# score must be exactly what the rows say, and no transaction may have failed
# (no deadlock, no serialization error) and no backend may have crashed.
set -euo pipefail

DB=cs_conc_$$
# shellcheck source=test/shell/lib/tap.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/tap.sh"
drop_at_exit "$DB"

TYPES="'inquiry','website_visit','email_open','email_reply','phone_call','chat_message',
'showroom_visit','test_drive','financing_inquiry','trade_in_appraisal','quote_request',
'reservation','purchase','unsubscribe'"
TYPES=${TYPES//$'\n'/}

# ---- set-up -------------------------------------------------------------------
createdb "$DB"
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" >/dev/null <<SQL
CREATE EXTENSION customer_scoring;
-- Every rule counts every event with a small positive impact that never
-- decays within the test: the engagement component is then the plain sum of
-- the impacts of all the customer's events (far below the clamp at 100), so a
-- single event missed by a concurrent recomputation changes it.  Impacts
-- differ by type, so a wrong type shows too.
UPDATE warmth_scoring_triggers
SET base_score_impact = 0.01 * (1 + id % 3), decay_rate = 0, max_occurrences = 1000000;
INSERT INTO customers (id, first_name, last_name)
SELECT i, 'Conc', 'Customer ' || i FROM generate_series(1, 5) i;
-- Components of every kind, customer 5 with unknown (NULL) ones.
INSERT INTO customer_warmth (customer_id, interaction_frequency_score, response_rate_score,
    budget_qualification_score, timeline_urgency_score, decision_making_authority_score,
    demographic_fit_score, past_purchase_behavior_score)
SELECT i, 10 * i, 55, 20 + 15 * i, CASE WHEN i = 5 THEN NULL ELSE 70 END, 40,
       CASE WHEN i >= 4 THEN NULL ELSE 65.5 END, 12.25 * i
FROM generate_series(1, 5) i;
SQL

cat >"$TMP/event.sql" <<SQL
\set c random(1, 5)
\set t random(0, 13)
INSERT INTO customer_engagement_events (customer_id, engagement_type)
VALUES (:c, (ARRAY[$TYPES])[:t + 1]::engagement_type);
SQL
cat >"$TMP/update.sql" <<'SQL'
\set c random(1, 5)
UPDATE customer_warmth SET interaction_frequency_score = random() * 100 WHERE customer_id = :c;
SQL

# check_invariants PHASE — what must hold for every customer after a run.
check_invariants() {
    local p=$1
    none "SELECT c.id, w.customer_id, w.total_interactions, count(e.id)
          FROM customers c
          LEFT JOIN customer_warmth w ON w.customer_id = c.id
          LEFT JOIN customer_engagement_events e ON e.customer_id = c.id
          GROUP BY c.id, w.customer_id, w.total_interactions
          HAVING w.customer_id IS NULL OR w.total_interactions <> count(e.id)" \
        "$p: total_interactions = number of the customer's events, for every customer"
    none "SELECT w.customer_id, w.meaningful_interactions,
                 (SELECT count(*) FROM customer_engagement_events e
                  WHERE e.customer_id = w.customer_id AND e.meaningful)
          FROM customer_warmth w
          WHERE w.meaningful_interactions <>
                (SELECT count(*) FROM customer_engagement_events e
                 WHERE e.customer_id = w.customer_id AND e.meaningful)
          UNION ALL
          SELECT customer_id, id, NULL FROM customer_engagement_events WHERE meaningful IS NULL" \
        "$p: meaningful_interactions = number of meaningful events (meaningful always filled in)"
    none "SELECT e.customer_id, e.id, count(h.id)
          FROM customer_engagement_events e
          LEFT JOIN customer_warmth_history h
                 ON h.customer_id = e.customer_id AND h.engagement_event_id = e.id
          GROUP BY e.customer_id, e.id HAVING count(h.id) <> 1
          UNION ALL
          SELECT h.customer_id, h.engagement_event_id, -1 FROM customer_warmth_history h
          WHERE h.engagement_event_id IS NOT NULL AND NOT EXISTS
                (SELECT 1 FROM customer_engagement_events e
                 WHERE e.customer_id = h.customer_id AND e.id = h.engagement_event_id)" \
        "$p: every event has exactly one history row, and every event history row its event"
    none "SELECT h.id, h.change_trigger, e.engagement_type
          FROM customer_warmth_history h
          JOIN customer_engagement_events e
            ON e.customer_id = h.customer_id AND e.id = h.engagement_event_id
          WHERE h.change_trigger IS DISTINCT FROM e.engagement_type::text" \
        "$p: each event's history row has change_trigger = the event type"
    # Independent of engagement_component(): the plain sum of the impacts.
    none "SELECT w.customer_id, w.engagement_score, x.direct, x.component
          FROM customer_warmth w
          CROSS JOIN LATERAL (
              SELECT (SELECT COALESCE(sum(r.base_score_impact), 0)
                      FROM customer_engagement_events e
                      JOIN warmth_scoring_triggers r ON r.trigger_type = e.engagement_type
                      WHERE e.customer_id = w.customer_id) AS direct,
                     engagement_component(w.customer_id, now()) AS component) x
          WHERE w.engagement_score IS DISTINCT FROM x.direct
             OR w.engagement_score IS DISTINCT FROM x.component" \
        "$p: engagement_score = engagement_component(customer_id, now()) = sum of the event impacts"
    none "SELECT w.customer_id, w.last_engagement_date, w.last_engagement_type, m.max_at
          FROM customer_warmth w
          CROSS JOIN LATERAL (SELECT max(occurred_at) AS max_at FROM customer_engagement_events e
                              WHERE e.customer_id = w.customer_id) m
          WHERE w.last_engagement_date IS DISTINCT FROM m.max_at
             OR NOT EXISTS (SELECT 1 FROM customer_engagement_events e
                            WHERE e.customer_id = w.customer_id AND e.occurred_at = m.max_at
                              AND e.engagement_type = w.last_engagement_type)" \
        "$p: last_engagement_date = max(occurred_at), last_engagement_type = that event's type"
    # History ids are drawn while the warmth row is locked, so in id order each
    # row's previous_score is the snapshot of the row before it (a lost update
    # or an unlocked read breaks the chain), and the last snapshot is current.
    none "SELECT customer_id, id, change_trigger, previous_score, prev_snapshot, score_change
          FROM (SELECT h.*, lag(warmth_score_snapshot) OVER w AS prev_snapshot,
                       row_number() OVER w AS n
                FROM customer_warmth_history h WINDOW w AS (PARTITION BY customer_id ORDER BY id)) h
          WHERE (n = 1 AND (change_trigger <> 'insert' OR previous_score IS NOT NULL))
             OR (n > 1 AND (previous_score IS DISTINCT FROM prev_snapshot
                            OR score_change IS DISTINCT FROM warmth_score_snapshot - previous_score))" \
        "$p: per customer, history in id order is an unbroken chain (previous_score = prior snapshot)"
    none "SELECT w.customer_id, w.overall_warmth_score, w.warmth_level, h.warmth_score_snapshot,
                 h.warmth_level_snapshot
          FROM customer_warmth w
          JOIN LATERAL (SELECT * FROM customer_warmth_history h WHERE h.customer_id = w.customer_id
                        ORDER BY h.id DESC LIMIT 1) h ON true
          WHERE h.warmth_score_snapshot IS DISTINCT FROM w.overall_warmth_score
             OR h.warmth_level_snapshot IS DISTINCT FROM w.warmth_level" \
        "$p: the latest history snapshot of every customer equals its current score and level"
    none "SELECT customer_id, overall_warmth_score, c.expected, warmth_level,
                 purchase_probability, scoring_algorithm_used
          FROM customer_warmth
          CROSS JOIN LATERAL (SELECT calculate_composite_warmth_score(
                 engagement_score, interaction_frequency_score, response_rate_score,
                 budget_qualification_score, timeline_urgency_score,
                 decision_making_authority_score, demographic_fit_score,
                 past_purchase_behavior_score) AS expected) c
          WHERE overall_warmth_score IS DISTINCT FROM c.expected
             OR warmth_level IS DISTINCT FROM warmth_level(c.expected)
             OR purchase_probability IS DISTINCT FROM purchase_probability(c.expected)
             OR scoring_algorithm_used IS DISTINCT FROM 'default'" \
        "$p: overall_warmth_score = calculate_composite_warmth_score(components), level and probability match"
}

# ---- phase 1: 4000 events, 8 clients, 5 customers -----------------------------
start=$SECONDS
run_pgbench "phase 1 (events)" 4000 -t 500 -f "$TMP/event.sql"
is "$(q 'SELECT count(*) FROM customer_engagement_events')" 4000 \
    "phase 1: 4000 engagement events were stored"
is "$(q 'SELECT count(*) FROM customer_warmth_history WHERE engagement_event_id IS NOT NULL')" 4000 \
    "phase 1: 4000 history rows carry an engagement_event_id"
is "$(q 'SELECT count(DISTINCT customer_id) FROM customer_engagement_events')" 5 \
    "phase 1: all 5 customers got events"
check_invariants "phase 1"

# ---- phase 2: events mixed with direct updates of a component ------------------
events_before=$(q 'SELECT count(*) FROM customer_engagement_events')
run_pgbench "phase 2 (events + updates)" 2400 -t 300 \
    -f "$TMP/event.sql@3" -f "$TMP/update.sql@1"
# With several scripts pgbench reports each one's transaction count.
event_tx=$(pgbench_script_tx "$LAST_PGBENCH" 1)
update_tx=$(pgbench_script_tx "$LAST_PGBENCH" 2)
unattributed=$((2400 - ${event_tx:-0} - ${update_tx:-0}))
within "$(($(q 'SELECT count(*)::int FROM customer_engagement_events') - events_before))" \
    "${event_tx:-0}" "$((${event_tx:-0} + unattributed))" \
    "phase 2: every event transaction stored its event (pgbench: ${event_tx:-?} events, ${update_tx:-?} updates, $unattributed unattributed)"
none "SELECT count(*) FROM customer_warmth_history WHERE change_trigger = 'manual_update'
      HAVING count(*) = 0 OR count(*) > ${update_tx:-0}" \
    "phase 2: the direct updates wrote manual_update history (at most one row per update)"
check_invariants "phase 2"

# ---- the server ---------------------------------------------------------------
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
