#!/usr/bin/env bash
# test/shell/hostile_schema_name.sh — the extension works in a schema whose
# name is legal but hostile to code that pastes it into SQL text (issue
# "Production readiness", item 5: "cs%s" broke create_segment and
# customers_matching with "too few arguments for format()").
#
# The schema is named  Cs%s x.y%I  — upper case, a space, a dot and format()
# directives, so it must be quoted everywhere and can never be part of a
# format string.  (PostgreSQL itself refuses an extension schema name with a
# quote, backslash or dollar sign, so those cannot occur.)  In a database of
# its own, with search_path = pg_catalog so that every name is qualified, the
# key flows run: customers, orders, events, interactions, tags; segments with
# every kind of criterion (field, rfm_segment, temperature, tags_any,
# tags_all, lifetime_value, lifecycle_stage, customer_type, relative dates)
# through create_segment, customers_matching, segment_members, refresh_segment
# and add_segment_member; the refreshes and the nightly procedure; the JSON
# functions; the privilege tiers; GDPR export and both erase modes.  Each step
# must succeed with the expected answer.
set -euo pipefail

TAG=$$
DB=cs_schema_name_$TAG
ROLE=cs_schema_app_$TAG
S='"Cs%s x.y%I"'
# shellcheck source=test/shell/lib/tap.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/tap.sh"
drop_at_exit "$DB"
test_cleanup() { psql -X -q -d postgres -c "DROP ROLE IF EXISTS $ROLE" >/dev/null 2>&1; }
# q SQL — one statement in $DB with every name qualified; output or the error
q() {
    psql -X -A -t -q -v ON_ERROR_STOP=1 -d "$DB" -c "SET search_path = pg_catalog" \
        -c "SET client_min_messages = warning" -c "$1" 2>&1
}
# step DESCRIPTION EXPECTED SQL — the statement's output must be EXPECTED
step() { local got; got=$(q "$3") || true; is "$got" "$2" "$1"; }

createdb "$DB"
step "CREATE EXTENSION in the schema $S" "" \
     "CREATE SCHEMA $S; CREATE EXTENSION customer_scoring SCHEMA $S"
step "the extension's schema is named Cs%s x.y%I" 'Cs%s x.y%I' \
     "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'customer_scoring'"

# ---- customers and their activity -----------------------------------------------------

step "create_customer" "1,2,3" "
    SELECT string_agg(($S.create_customer(p) ->> 'id'), ',' ORDER BY p ->> 'firstName')
    FROM (VALUES ('{\"firstName\": \"Ann\", \"city\": \"Berlin\", \"email\": \"ann@example.com\", \"dateOfBirth\": \"1990-01-01\"}'::jsonb),
                 ('{\"firstName\": \"Ben\", \"city\": \"Berlin\"}'::jsonb),
                 ('{\"firstName\": \"Cid\", \"city\": \"Paris\"}'::jsonb)) AS v(p)"
step "orders through the trigger" "2/700.00" "
    INSERT INTO $S.orders (customer_id, total_amount, ordered_at)
    VALUES (1, 500, now() - interval '3 days'), (1, 200, now() - interval '1 day'), (2, 50, now() - interval '400 days');
    SELECT total_orders || '/' || lifetime_value FROM $S.customers WHERE id = 1"
step "engagement events, interactions and tags" "t" "
    INSERT INTO $S.customer_engagement_events (customer_id, engagement_type) VALUES (1, 'test_drive'), (2, 'inquiry');
    SELECT $S.track_interaction(1, '{\"interaction_type\": \"call\", \"outcome\": \"interested\"}') IS NOT NULL
       AND $S.add_tag(1, 'vip') IS NOT NULL AND $S.add_tag(1, 'gold') IS NOT NULL AND $S.add_tag(2, 'vip') IS NOT NULL"
step "the refreshes" "t" "
    SELECT $S.refresh_customer_lifecycle() >= 0 AND $S.refresh_rfm_scores() = 2
       AND $S.refresh_health_scores() >= 2 AND $S.refresh_warmth_scores() >= 0"
# (two customers cannot identify the prediction models: their fits warn)
psql -X -q -d "$DB" -c "SET client_min_messages = error" -c "CALL $S.run_nightly_refresh()" >/dev/null 2>&1 || true
step "the nightly procedure" "5 steps, 5 ok" "
    SELECT count(*) || ' steps, ' || count(*) FILTER (WHERE error_sqlstate IS NULL) || ' ok'
    FROM $S.customer_scoring_nightly_log"

# ---- segments: every kind of criterion ----------------------------------------------------

step "customers_matching: a field condition" "1,2" \
     "SELECT string_agg(m::text, ',' ORDER BY m) FROM $S.customers_matching('{\"field\": \"city\", \"value\": \"Berlin\"}') m"
step "customers_matching: rfm_segment" "1,2" "
    SELECT string_agg(m::text, ',' ORDER BY m) FROM $S.customers_matching(
        jsonb_build_object('rfm_segment', (SELECT to_jsonb(array_agg(DISTINCT segment)) FROM $S.customer_rfm_scores))) m"
step "customers_matching: temperature" "1,2,3" \
     "SELECT string_agg(m::text, ',' ORDER BY m) FROM $S.customers_matching('{\"temperature\": [\"hot\", \"warm\", \"cold\"]}') m"
step "customers_matching: tags_any, tags_all" "1,2|1" "
    SELECT (SELECT string_agg(m::text, ',' ORDER BY m) FROM $S.customers_matching('{\"tags_any\": [\"vip\"]}') m)
           || '|' || (SELECT string_agg(m::text, ',' ORDER BY m) FROM $S.customers_matching('{\"tags_all\": [\"vip\", \"gold\"]}') m)"
step "customers_matching: lifetime_value, lifecycle_stage, customer_type, a relative date" "1" "
    SELECT string_agg(m::text, ',' ORDER BY m) FROM $S.customers_matching('{\"all\": [
        {\"lifetime_value\": {\"min\": 100}},
        {\"not\": {\"lifecycle_stage\": [\"inactive\"]}},
        {\"customer_type\": [\"new\", \"repeat\", \"vip\"]},
        {\"field\": \"last_order_at\", \"op\": \">=\", \"value\": {\"days_ago\": 30}},
        {\"field\": \"customer_type\", \"op\": \"in\", \"value\": [\"repeat\", \"new\"]}]}') m"
step "create_segment evaluates the criteria" "2" \
     "SELECT $S.create_segment('vips', '{\"any\": [{\"tags_any\": \"vip\"}, {\"rfm_segment\": \"Champions\"}]}') ->> 'member_count'"
step "segment_members" "1,2" "
    SELECT string_agg(m::text, ',' ORDER BY m)
    FROM $S.customer_segments s, $S.segment_members(s.id) m WHERE s.name = 'vips'"
step "add_segment_member" "manual" \
     "SELECT $S.add_segment_member(s.id, 3) ->> 'source' FROM $S.customer_segments s WHERE s.name = 'vips'"
step "refresh_segment keeps the manual member" "3" \
     "SELECT $S.refresh_segment(s.id) ->> 'member_count' FROM $S.customer_segments s WHERE s.name = 'vips'"
step "segments_list" "1" \
     "SELECT jsonb_array_length($S.segments_list(1) -> 'customer_segments')"

# ---- JSON functions, tiers, loyalty -----------------------------------------------------

step "JSON reads" "1|1|3|2|true" "
    SELECT ($S.customer_360(1) ->> 'customer_id') || '|'
        || ($S.interaction_stats(1) ->> 'total_interactions') || '|'
        || ($S.dashboard_statistics() ->> 'total_customers') || '|'
        || ($S.rfm_scores() ->> 'total') || '|'
        || ($S.customer_360_list() IS NOT NULL AND $S.health_overview() IS NOT NULL
            AND $S.customer_analytics_json(1) IS NOT NULL AND $S.call_recommendations() IS NOT NULL)::text"
q "CREATE ROLE $ROLE NOLOGIN" >/dev/null
step "customer_scoring_grant" "t" \
     "SELECT has_table_privilege('$ROLE', '$S.orders', 'INSERT') FROM (SELECT $S.customer_scoring_grant('$ROLE', 'application')) g"
step "customer_scoring_revoke" "f" \
     "SELECT has_table_privilege('$ROLE', '$S.orders', 'INSERT') FROM (SELECT $S.customer_scoring_revoke('$ROLE')) r"
step "loyalty_earn" "100" "SELECT $S.loyalty_earn(1, 100) ->> 'points_balance'"
step "loyalty_redeem" "70" "SELECT $S.loyalty_redeem(1, 30) ->> 'points_balance'"

# ---- GDPR -----------------------------------------------------------------------------

step "gdpr_export" "1|2" "
    SELECT (j -> 'row_counts' ->> 'customers') || '|' || (j -> 'row_counts' ->> 'orders')
    FROM (SELECT $S.gdpr_export(1) AS j) x"
step "gdpr_erase anonymize" "anonymize" "SELECT $S.gdpr_erase(2, 'anonymize') ->> 'mode'"
step "gdpr_erase delete" "t" "SELECT ($S.gdpr_erase(1) ->> 'total_rows_deleted')::integer > 3"
step "nothing of the erased customer is left" "0" "SELECT count(*) FROM $S.orders WHERE customer_id = 1"

echo "1..$N"
