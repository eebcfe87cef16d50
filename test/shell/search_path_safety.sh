#!/usr/bin/env bash
# test/shell/search_path_safety.sh — no user's objects or search_path can change
# what the extension does (issue "Reliability and security", item 6; SPEC §1
# "Every reference inside the extension script and inside C code that runs SQL
# is schema-qualified ... so no user's search_path can redirect it"; STYLE.md
# rule 4).
#
# The extension is installed in its own schema crm (CREATE EXTENSION
# customer_scoring SCHEMA crm), so that public is separate.  A role
# cs_hostile_<pid> is made owner of public and fills it with traps:
#   - functions named like the extension's internals (whole_days_between,
#     engagement_component, event_impact, setting, api_json_object,
#     customer_scoped_tables, recompute_customer_totals, loyalty_tier, ...),
#   - functions named like built-ins it uses (now, lower, btrim, round, exp,
#     to_jsonb / jsonb_populate_record for its row types, format, ...),
#   - aggregates count(bigint), sum(numeric), max/min(timestamptz),
#     avg(numeric), jsonb_agg(jsonb),
#   - tables named like its tables (customers, orders, customer_warmth_history,
#     ..., and the temp-table names of the refreshes),
#   - = operators for every enum type of the extension and for bigint, text,
#     integer and timestamptz; + - * / for numeric; - >= <= for timestamptz;
#     || for text,
# each of which logs its call into public.hostile_calls and returns a wrong
# answer.  Then one workload — inserts into customer_warmth, engagement events,
# leads and orders (with updates and deletes), the four batch refreshes and
# the nightly procedure, JSON functions (customer_360, track_interaction,
# loyalty earn / redeem / balance, segments, gdpr_export, gdpr_erase, ...) —
# runs as cs_hostile and as another non-superuser role, each with the search
# paths 'public, crm' (hostile first), 'crm, public' and 'public, pg_catalog,
# crm' (hostile even before the built-ins).  Its effects (scores, history,
# counters, leads, RFM, health, loyalty, segments, every JSON result with its
# timestamps removed) must be identical to the same workload in a clean
# database, no hostile function may have been called, and the hostile tables
# must stay empty.
#
# The workload itself names everything with its schema (crm.…, pg_catalog.…,
# OPERATOR(pg_catalog.=)), because a user's own unqualified SQL follows the
# user's search_path — that is the user's choice, not the extension's.
set -euo pipefail

TAG=$$
H=cs_hostile_$TAG            # owns public, creates the traps
O=cs_other_$TAG              # an ordinary user of the extension
CLEAN=cs_sp_clean_$TAG       # template: extension, grants, no traps
TPL=cs_sp_$TAG               # template: extension, grants, traps
# shellcheck source=test/shell/lib/tap.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/tap.sh"
drop_at_exit "$CLEAN" "$TPL"
test_cleanup() {
    psql -X -q -d postgres -c "DROP ROLE IF EXISTS $H" -c "DROP ROLE IF EXISTS $O" >/dev/null 2>&1
}
# q DB SQL — one query, unaligned, tuples only, as the superuser with a safe path.
q() { psql -X -A -t -q -v ON_ERROR_STOP=1 -d "$1" -c "SET search_path = pg_catalog" -c "$2" 2>&1; }

# ---- roles and the two templates --------------------------------------------------

psql -X -q -v ON_ERROR_STOP=1 -d postgres \
    -c "CREATE ROLE $H NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS" \
    -c "CREATE ROLE $O NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS"

# setup_db DB — the extension in schema crm, usable by both roles, and a
# superuser-owned schema snap where the workload leaves its JSON results.
setup_db() {
    createdb "$1"
    psql -X -q -v ON_ERROR_STOP=1 -d "$1" <<SQL
CREATE SCHEMA crm;
CREATE EXTENSION customer_scoring SCHEMA crm;
SELECT crm.customer_scoring_grant('$H', 'administrator'), crm.customer_scoring_grant('$O', 'administrator');

CREATE SCHEMA snap;
CREATE TABLE snap.results (k text PRIMARY KEY, v jsonb);
GRANT USAGE ON SCHEMA snap TO $H, $O;
GRANT INSERT ON snap.results TO $H, $O;
-- JSON without the keys whose values depend on the wall clock
CREATE FUNCTION snap.strip(j jsonb) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog AS \$\$
BEGIN
    RETURN CASE jsonb_typeof(j)
        WHEN 'object' THEN COALESCE((SELECT jsonb_object_agg(e.key, snap.strip(e.value))
                                     FROM jsonb_each(j) e
                                     WHERE e.key NOT IN ('created_at', 'updated_at', 'calculated_at',
                                                         'exported_at', 'erased_at', 'evaluated_at',
                                                         'last_evaluated_at', 'last_activity_at',
                                                         'added_at', 'gdpr_consent_at', 'expires_at',
                                                         'first_contact_at', 'last_viewed_at',
                                                         'recovered_at')),
                                    '{}'::jsonb)
        WHEN 'array' THEN COALESCE((SELECT jsonb_agg(snap.strip(a.value) ORDER BY a.i)
                                    FROM jsonb_array_elements(j) WITH ORDINALITY a(value, i)),
                                   '[]'::jsonb)
        ELSE j END;
END
\$\$;
CREATE FUNCTION snap.row_count(rel regclass) RETURNS bigint
LANGUAGE plpgsql SET search_path = pg_catalog AS \$\$
DECLARE
    n bigint;
BEGIN
    EXECUTE format('SELECT count(*) FROM %s', rel) INTO n;
    RETURN n;
END
\$\$;
SQL
}

setup_db "$CLEAN"
setup_db "$TPL"

# ---- the traps, created by the owner of public --------------------------------------

cat >"$TMP/hostile.sql" <<SQL
ALTER SCHEMA public OWNER TO $H;
SET ROLE $H;
SET search_path = public, pg_catalog;

CREATE TABLE public.hostile_calls (fn text, called_at timestamptz DEFAULT pg_catalog.clock_timestamp());
GRANT SELECT, INSERT ON public.hostile_calls TO PUBLIC;
CREATE FUNCTION public.hostile_log(fn text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog AS \$\$
BEGIN
    INSERT INTO public.hostile_calls (fn) VALUES (fn);
    RAISE NOTICE 'hostile % called', fn;
END
\$\$;

-- trap_function NAME, ARGUMENTS, RETURN TYPE, RETURN VALUE
CREATE FUNCTION public.trap_function(name text, args text, rettype text, retval text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog AS \$\$
BEGIN
    EXECUTE format('CREATE FUNCTION public.%I(%s) RETURNS %s LANGUAGE plpgsql SET search_path = pg_catalog AS %L',
                   name, args, rettype,
                   format('BEGIN PERFORM public.hostile_log(%L); RETURN %s; END', name || '(' || args || ')', retval));
END
\$\$;

-- named like the extension's functions that it calls internally
SELECT public.trap_function('whole_days_between', 'timestamptz, timestamptz', 'integer', '99999');
SELECT public.trap_function('engagement_component', 'bigint, timestamptz', 'numeric', '100');
SELECT public.trap_function('event_impact', 'numeric, numeric, integer, integer', 'numeric', '100');
SELECT public.trap_function('setting', 'text', 'text', '''1''');
SELECT public.trap_function('customer_temperature', 'integer, integer', 'crm.customer_temperature', '''hot''');
SELECT public.trap_function('recompute_customer_totals', 'bigint[], timestamptz, numeric', 'bigint', '0');
SELECT public.trap_function('api_json_object', 'jsonb, text', 'jsonb', '''{"first_name": "Hacked"}''');
SELECT public.trap_function('api_non_negative', 'integer, text', 'integer', '0');
SELECT public.trap_function('loyalty_tier', 'jsonb, bigint', 'text', '''Hacked''');
SELECT public.trap_function('rfm_score', 'timestamptz, integer, numeric, timestamptz', 'crm.rfm', '(5, 5, 5, ''555'', 15, ''Champions'')::crm.rfm');
SELECT public.trap_function('churn_risk', 'integer, integer, numeric', 'float8', '0.5');
SELECT public.trap_function('health_score', 'numeric, numeric, numeric, numeric, numeric, numeric', 'numeric', '1');
SELECT public.trap_function('health_level', 'numeric', 'crm.health_level', '''EXCELLENT''');
SELECT public.trap_function('engagement_level', 'numeric', 'crm.engagement_level', '''EXCEPTIONAL''');
SELECT public.trap_function('completeness_level', 'numeric', 'crm.completeness_level', '''COMPLETE''');
SELECT public.trap_function('profile_completeness', 'jsonb, text[]', 'numeric', '1');
SELECT public.trap_function('profile_missing_fields', 'jsonb, text[]', 'text[]', '''{}''');
SELECT public.trap_function('profile_fields', '', 'text[]', '''{}''');
SELECT public.trap_function('calculate_composite_warmth_score', 'numeric, numeric, numeric, numeric, numeric, numeric, numeric, numeric', 'numeric', '1');
SELECT public.trap_function('warmth_level', 'numeric', 'crm.warmth_level', '''scorching''');
SELECT public.trap_function('purchase_probability', 'numeric, float8, float8', 'numeric', '1');
SELECT public.trap_function('lifecycle_stage_for', 'integer, timestamptz, boolean, timestamptz', 'crm.lifecycle_stage', '''loyal''');
SELECT public.trap_function('customer_type_for', 'integer, timestamptz, numeric, numeric, timestamptz', 'crm.customer_type', '''vip''');
SELECT public.trap_function('customer_has_activity', 'bigint', 'boolean', 'true');
SELECT public.trap_function('call_priority', 'crm.customer_temperature, numeric, boolean, numeric[]', 'integer', '10');
SELECT public.trap_function('next_action', 'integer', 'text', '''Hacked''');
SELECT public.trap_function('offer_type', 'crm.customer_temperature, crm.lifecycle_stage, integer, boolean', 'text', '''Hacked''');
SELECT public.trap_function('next_occurrence', 'date, date, text', 'date', '''2000-01-01''');
SELECT public.trap_function('positive_outcomes', '', 'text[]', '''{}''');
SELECT public.trap_function('ltv_tiers', '', 'numeric[]', '''{0}''');
SELECT public.trap_function('best_call_time', 'bigint', 'text', '''Hacked''');
SELECT public.trap_function('text_bar', 'numeric, integer', 'text', '''Hacked''');
SELECT public.trap_function('segment_criteria_sql', 'jsonb, jsonb', 'record', 'NULL');
SELECT public.trap_function('refresh_customer_lifecycle', 'timestamptz, integer', 'bigint', '0');
SELECT public.trap_function('refresh_segment', 'bigint', 'jsonb', '''{}''');
SELECT public.trap_function('customer_360', 'bigint', 'jsonb', '''{}''');
SELECT public.trap_function('rfm_distribution', '', 'jsonb', '''{}''');
-- named like built-ins it uses
SELECT public.trap_function('now', '', 'timestamptz', '''2000-01-01''');
SELECT public.trap_function('lower', 'text', 'text', '''hacked''');
SELECT public.trap_function('btrim', 'text', 'text', '''hacked''');
SELECT public.trap_function('round', 'numeric, integer', 'numeric', '999');
SELECT public.trap_function('round', 'numeric', 'numeric', '999');
SELECT public.trap_function('floor', 'numeric', 'numeric', '999');
SELECT public.trap_function('exp', 'numeric', 'numeric', '999');
SELECT public.trap_function('repeat', 'text, integer', 'text', '''hacked''');
SELECT public.trap_function('lpad', 'text, integer, text', 'text', '''hacked''');
SELECT public.trap_function('regexp_split_to_array', 'text, text', 'text[]', '''{hacked}''');
SELECT public.trap_function('format', 'text, VARIADIC text[]', 'text', '''hacked''');
SELECT public.trap_function('jsonb_build_object', 'VARIADIC text[]', 'jsonb', '''{}''');
SELECT public.trap_function('to_jsonb', 'crm.customers', 'jsonb', '''{}''');
SELECT public.trap_function('to_jsonb', 'crm.customer_warmth', 'jsonb', '''{}''');
SELECT public.trap_function('jsonb_populate_record', 'crm.customers, jsonb', 'crm.customers', '\$1');
SELECT public.trap_function('jsonb_populate_record', 'crm.customer_interactions, jsonb', 'crm.customer_interactions', '\$1');
SELECT public.trap_function('jsonb_typeof', 'jsonb', 'text', '''object''');
SELECT public.trap_function('make_interval', 'integer, integer, integer, integer, integer, integer, double precision', 'interval', '''0''');
SELECT public.trap_function('set_config', 'text, text, boolean', 'text', '''hacked''');
SELECT public.trap_function('current_setting', 'text, boolean', 'text', '''hacked''');
SELECT public.trap_function('to_regclass', 'text', 'regclass', 'NULL');

-- aggregates that beat the built-ins on argument type, or equal them
CREATE FUNCTION public.trap_sfunc(state bigint, value anyelement) RETURNS bigint
LANGUAGE plpgsql SET search_path = pg_catalog AS \$\$
BEGIN PERFORM public.hostile_log('aggregate'); RETURN 999; END
\$\$;
CREATE FUNCTION public.trap_nsfunc(state numeric, value numeric) RETURNS numeric
LANGUAGE plpgsql SET search_path = pg_catalog AS \$\$
BEGIN PERFORM public.hostile_log('numeric aggregate'); RETURN 999; END
\$\$;
CREATE FUNCTION public.trap_tsfunc(state timestamptz, value timestamptz) RETURNS timestamptz
LANGUAGE plpgsql SET search_path = pg_catalog AS \$\$
BEGIN PERFORM public.hostile_log('timestamptz aggregate'); RETURN '2000-01-01'; END
\$\$;
CREATE FUNCTION public.trap_jsfunc(state jsonb, value jsonb) RETURNS jsonb
LANGUAGE plpgsql SET search_path = pg_catalog AS \$\$
BEGIN PERFORM public.hostile_log('jsonb aggregate'); RETURN '[]'; END
\$\$;
CREATE AGGREGATE public.count(bigint) (sfunc = public.trap_sfunc, stype = bigint, initcond = '999');
CREATE AGGREGATE public.count(integer) (sfunc = public.trap_sfunc, stype = bigint, initcond = '999');
CREATE AGGREGATE public.count(text) (sfunc = public.trap_sfunc, stype = bigint, initcond = '999');
CREATE AGGREGATE public.sum(numeric) (sfunc = public.trap_nsfunc, stype = numeric, initcond = '999');
CREATE AGGREGATE public.avg(numeric) (sfunc = public.trap_nsfunc, stype = numeric, initcond = '999');
CREATE AGGREGATE public.max(timestamptz) (sfunc = public.trap_tsfunc, stype = timestamptz);
CREATE AGGREGATE public.min(timestamptz) (sfunc = public.trap_tsfunc, stype = timestamptz);
CREATE AGGREGATE public.jsonb_agg(jsonb) (sfunc = public.trap_jsfunc, stype = jsonb, initcond = '[]');

-- operators: exact types beat the built-in anyenum ones; identical ones win
-- when public comes before pg_catalog
-- trap_operator LEFT, RIGHT, OPERATOR, RETURN TYPE, RETURN VALUE
CREATE FUNCTION public.trap_operator(l text, r text, op text, rettype text, retval text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog AS \$\$
DECLARE
    fn text := 'trap_op_' || md5(l || op || r);
BEGIN
    EXECUTE format('CREATE FUNCTION public.%I(%s, %s) RETURNS %s LANGUAGE plpgsql SET search_path = pg_catalog AS %L',
                   fn, l, r, rettype,
                   format('BEGIN PERFORM public.hostile_log(%L); RETURN %s; END', op || ' (' || l || ', ' || r || ')', retval));
    EXECUTE format('CREATE OPERATOR public.%s (leftarg = %s, rightarg = %s, function = public.%I)', op, l, r, fn);
END
\$\$;
SELECT public.trap_operator(t, t, '=', 'boolean', 'true') FROM unnest(ARRAY[
    'crm.warmth_level', 'crm.engagement_type', 'crm.lead_temperature', 'crm.rfm_segment',
    'crm.health_level', 'crm.engagement_level', 'crm.completeness_level',
    'crm.customer_temperature', 'crm.lifecycle_stage', 'crm.customer_type',
    'bigint', 'integer', 'text', 'timestamptz', 'boolean', 'numeric', 'jsonb']) t;
SELECT public.trap_operator('numeric', 'numeric', o, 'numeric', '999') FROM unnest(ARRAY['+', '-', '*', '/']) o;
SELECT public.trap_operator(t, t, o, 'boolean', 'true')
FROM unnest(ARRAY['numeric', 'timestamptz', 'integer', 'crm.engagement_level']) t,
     unnest(ARRAY['>=', '<=', '>', '<', '<>']) o;
SELECT public.trap_operator('text', 'text', '||', 'text', '''hacked''');
SELECT public.trap_operator('timestamptz', 'timestamptz', '-', 'interval', '''0''');
SELECT public.trap_operator('integer', 'integer', o, 'integer', '999') FROM unnest(ARRAY['+', '-']) o;

-- types and tables named like the extension's
CREATE TYPE public.warmth_level AS ENUM ('scorching');
CREATE TYPE public.engagement_type AS ENUM ('purchase');
CREATE TYPE public.rfm AS (hacked integer);
CREATE FUNCTION public.trap_table(name text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog AS \$\$
BEGIN
    IF to_regclass('crm.' || name) IS NOT NULL THEN
        EXECUTE format('CREATE TABLE public.%I (LIKE crm.%I)', name, name);
    ELSE
        EXECUTE format('CREATE TABLE public.%I (customer_id bigint)', name);
    END IF;
    EXECUTE format('GRANT ALL ON public.%I TO PUBLIC', name);
END
\$\$;
SELECT public.trap_table(t) FROM unnest(ARRAY[
    'customers', 'orders', 'order_items', 'customer_warmth', 'customer_warmth_history',
    'customer_engagement_events', 'warmth_scoring_algorithms', 'warmth_scoring_triggers',
    'leads', 'customer_interactions', 'customer_behavior', 'customer_rfm_scores',
    'customer_health_scores', 'customer_health_score_history', 'customer_loyalty_points',
    'customer_loyalty_ledger', 'loyalty_programs', 'customer_segments',
    'customer_segment_members', 'customer_tags', 'customer_360_view', 'ai_call_recommendations',
    'cs_rfm_fresh', 'cs_health_fresh']) t;
RESET ROLE;
SQL

if out=$(psql -X -q -v ON_ERROR_STOP=1 -d "$TPL" -f "$TMP/hostile.sql" 2>&1); then
    pass "the hostile objects are created in public by its owner $H"
else
    fail "the hostile objects are created in public by its owner $H" "$out"
fi
n=$(q "$TPL" "SELECT (SELECT count(*) FROM pg_proc WHERE pronamespace = 'public'::regnamespace)
                  || ' functions, ' || (SELECT count(*) FROM pg_operator WHERE oprnamespace = 'public'::regnamespace)
                  || ' operators, ' || (SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r')
                  || ' tables'")
echo "# traps in public: $n"

# The traps are live: an unqualified call from a user's own SQL finds them.
SANITY=cs_sp_sanity_$TAG; drop_at_exit "$SANITY"
createdb -T "$TPL" "$SANITY"
got=$(psql -X -A -t -q -d "$SANITY" 2>/dev/null <<SQL
SET ROLE $O;
SET search_path = public, crm;
SELECT 'hot'::crm.customer_temperature = 'cold'::crm.customer_temperature,
       whole_days_between('2024-01-01', '2024-01-02');
SELECT count(*) FROM public.hostile_calls;
SET search_path = public, pg_catalog, crm;
SELECT now() = '2000-01-01'::timestamptz, 1::bigint = 2::bigint;
SQL
)
is_live=$(printf '%s' "$got" | tr '\n' ' ')
if [ "$is_live" = "t|99999 2 t|t" ]; then
    pass "the traps are live for a user's own unqualified SQL (enum =, whole_days_between, now(), bigint =)"
else
    fail "the traps are live for a user's own unqualified SQL (enum =, whole_days_between, now(), bigint =)" \
         "got: $is_live" "expected: t|99999 2 t|t"
fi

# ---- the workload -----------------------------------------------------------------------

cat >"$TMP/workload.sql" <<'SQL'
-- customers, warmth, events
INSERT INTO crm.customers (first_name, last_name, email, phone, city, district, gender,
                           date_of_birth, anniversary_date, profession, available_time)
VALUES ('Ann', 'Ash', 'ann@example.com', '+4911', 'Berlin', 'Mitte', 'f', '1990-05-01', '2015-06-01', 'nurse', '14:00-16:00'),
       ('Ben', 'Birch', 'ben@example.com', NULL, 'Paris', NULL, 'm', '1984-02-29', NULL, NULL, NULL),
       ('Cid', 'Cole', NULL, NULL, 'Berlin', NULL, NULL, NULL, NULL, NULL, NULL);

INSERT INTO crm.customer_warmth (customer_id, engagement_score, interaction_frequency_score,
                                 budget_qualification_score, timeline_urgency_score,
                                 predicted_purchase_value)
VALUES (1, 40, 60, 85, 70, 30000), (2, -5, 150, NULL, 30, 12000.50);
UPDATE crm.customer_warmth SET response_rate_score = 80, decision_making_authority_score = 75
WHERE customer_id OPERATOR(pg_catalog.=) 1;
SET customer_scoring.change_trigger = 'campaign';
SET customer_scoring.change_description = 'spring campaign';
UPDATE crm.customer_warmth SET demographic_fit_score = 60 WHERE customer_id OPERATOR(pg_catalog.=) 2;
RESET customer_scoring.change_trigger;
RESET customer_scoring.change_description;

INSERT INTO crm.customer_engagement_events (customer_id, engagement_type, occurred_at, notes)
VALUES (1, 'test_drive', '2024-05-01 10:00+00', 'drove the SUV'),
       (1, 'inquiry', '2024-05-02 11:00+00', NULL),
       (3, 'unsubscribe', '2024-05-03 12:00+00', NULL),
       (2, 'website_visit', '2024-05-04 13:00+00', NULL),
       (1, 'quote_request', '2099-01-01 00:00+00', 'future');
UPDATE crm.warmth_scoring_triggers SET base_score_impact = 40 WHERE trigger_type OPERATOR(pg_catalog.=) 'reservation';
INSERT INTO crm.customer_engagement_events (customer_id, engagement_type, occurred_at)
VALUES (2, 'reservation', '2024-05-20 09:00+00');

-- a second algorithm becomes active: the cache must follow
UPDATE crm.warmth_scoring_algorithms SET is_active = false;
INSERT INTO crm.warmth_scoring_algorithms
    (name, version, engagement_weight, interaction_frequency_weight, response_rate_weight,
     budget_qualification_weight, timeline_urgency_weight, decision_authority_weight,
     demographic_fit_weight, past_behavior_weight, is_active)
VALUES ('heavy engagement', '2.0', 0.40, 0.10, 0.10, 0.10, 0.10, 0.10, 0.05, 0.05, true);
UPDATE crm.customer_warmth SET past_purchase_behavior_score = 50 WHERE customer_id OPERATOR(pg_catalog.=) 1;

-- leads
INSERT INTO crm.leads (name, phone, budget_max, transaction_type, property_type, location,
                       qr_scan_count, catalog_views, messages_count, has_voice_message, last_activity_at)
VALUES ('L1', '+9711', 500000, 'buy', 'villa', 'Marina', 2, 3, 5, true, '2024-05-01'),
       ('L2', NULL, NULL, NULL, NULL, NULL, 0, 0, 0, false, NULL),
       ('L3', '  ', 0, '', NULL, NULL, 2147483647, 0, 0, false, '2099-01-01');
UPDATE crm.leads SET messages_count = 9, phone = '+1' WHERE name OPERATOR(pg_catalog.=) 'L2';

-- orders, with an update and a delete
INSERT INTO crm.orders (customer_id, total_amount, ordered_at, status)
VALUES (1, 1200, '2024-03-01', 'completed'), (1, 800, '2024-05-01', 'completed'),
       (1, 50, '2024-05-10', 'cancelled'), (2, 6000, '2024-05-15', 'completed'),
       (2, 99.99, '2024-05-16', 'completed'), (3, 20, '2023-01-01', 'completed');
UPDATE crm.orders SET status = 'completed'
WHERE customer_id OPERATOR(pg_catalog.=) 1 AND status OPERATOR(pg_catalog.=) 'cancelled';
DELETE FROM crm.orders WHERE customer_id OPERATOR(pg_catalog.=) 2
                         AND total_amount OPERATOR(pg_catalog.=) 99.99;
INSERT INTO crm.order_items (customer_id, order_id, product_id, quantity, unit_price)
VALUES (1, 1, 'p-suv', 1, 1200);

-- the JSON API
INSERT INTO snap.results VALUES
 ('track_interaction 1', crm.track_interaction(1, '{"interactionType": "call", "interaction_direction": "outbound", "outcome": "Interested", "interaction_date": "2024-05-01 15:30+00", "feedback_score": 80}')),
 ('track_interaction 2', crm.track_interaction(2, '{"interaction_type": "whatsapp", "interaction_direction": "inbound", "outcome": "callback_requested", "interaction_date": "2024-05-02 09:10+00"}'));
INSERT INTO snap.results VALUES
 ('track_behavior', crm.track_behavior(2, '{"behavior_type": "product_view", "productId": "p-van", "productName": "Van"}')),
 ('track_behavior 2', crm.track_behavior(1, '{"behavior_type": "product_view", "productId": "p-suv", "productName": "SUV"}')),
 ('track_behavior 3', crm.track_behavior(1, '{"behavior_type": "product_view", "productId": "p-bike", "productName": "Bike"}')),
 ('track_dropoff', crm.track_dropoff(1, '{"stage": "checkout_initiated", "cart_value": 300}')),
 ('add_family_member', crm.add_family_member(1, '{"name": "Kid", "relationship": "child", "date_of_birth": "2016-02-29"}')),
 ('log_communication', crm.log_communication(1, '{"channel": "email", "status": "replied", "sent_at": "2024-05-01 08:00+00"}')),
 ('log_communication 2', crm.log_communication(2, '{"channel": "sms", "status": "sent", "sent_at": "2024-05-01 08:00+00"}')),
 ('add_note', crm.add_note(1, '{"content": "likes SUVs", "noteType": "call"}')),
 ('add_tag 1', crm.add_tag(1, ' vip ')),
 ('add_tag 2', crm.add_tag(2, 'vip', 'gold')),
 ('add_tag 3', crm.add_tag(2, 'new')),
 ('update_customer_warmth', crm.update_customer_warmth(3, '{"budgetQualificationScore": 55, "notes": "call back"}')),
 ('set_customer_preferences', crm.set_customer_preferences(2, '{"preferred_contact_method": "sms", "gdpr_consent": true}')),
 ('add_customer_address', crm.add_customer_address(1, '{"line1": "Main St 1", "city": "Berlin", "is_default": true}')),
 ('create_customer', crm.create_customer('{"firstName": "Dee", "lastName": "Dunn", "customerType": "wholesale", "city": "Rome"}')),
 ('update_customer', crm.update_customer(4, '{"phone": "+3906", "customerType": "retail"}'));
INSERT INTO snap.results VALUES
 ('loyalty_earn', crm.loyalty_earn(1, 500, description => 'welcome')),
 ('loyalty_earn 2', crm.loyalty_earn(2, 40));
INSERT INTO snap.results VALUES
 ('loyalty_redeem', crm.loyalty_redeem(1, 120, description => 'voucher')),
 ('loyalty_points_for_amount', pg_catalog.to_jsonb(crm.loyalty_points_for_amount(123.45)));
INSERT INTO snap.results VALUES
 ('loyalty_balance', crm.loyalty_balance(1));

-- the batch refreshes, at a fixed instant
INSERT INTO snap.results VALUES ('refresh_warmth_scores', pg_catalog.to_jsonb(crm.refresh_warmth_scores('2024-06-01', 2)));
INSERT INTO snap.results VALUES ('refresh_customer_lifecycle', pg_catalog.to_jsonb(crm.refresh_customer_lifecycle('2024-06-01', 2)));
INSERT INTO snap.results VALUES ('refresh_rfm_scores', pg_catalog.to_jsonb(crm.refresh_rfm_scores('2024-06-01')));
INSERT INTO snap.results VALUES ('refresh_health_scores', pg_catalog.to_jsonb(crm.refresh_health_scores('2024-06-01')));
INSERT INTO snap.results VALUES ('recompute_customer_totals', pg_catalog.to_jsonb(crm.recompute_customer_totals(ARRAY[1, 2, 3]::bigint[], '2024-06-01', 5000)));
CALL crm.run_nightly_refresh('2024-06-02');

-- segments: compiled into dynamic SQL with enum and text comparisons
INSERT INTO snap.results VALUES
 ('create_segment berlin vip', crm.create_segment('berlin vip', '{"all": [{"field": "city", "value": "Berlin"}, {"tags_any": ["vip"]}]}')),
 ('create_segment buyers', crm.create_segment('buyers', '{"lifecycle_stage": ["repeat_buyer", "loyal", "first_buyer"]}')),
 ('create_segment rich', crm.create_segment('rich', '{"any": [{"lifetime_value": {"min": 1000}}, {"customer_type": "vip"}]}')),
 ('create_segment rfm', crm.create_segment('rfm', '{"not": {"rfm_segment": ["Lost"]}}')),
 ('create_segment warm', crm.create_segment('warm', '{"temperature": ["hot", "warm"]}')),
 ('create_segment names', crm.create_segment('names', '{"all": [{"field": "first_name", "op": "ilike", "value": "%n%"}, {"field": "total_orders", "op": ">=", "value": 1}, {"field": "created_at", "op": "<", "value": {"days_ago": -1}}]}')),
 ('create_segment manual', crm.create_segment('manual', NULL));
INSERT INTO snap.results VALUES
 ('add_segment_member', crm.add_segment_member(7, 3)),
 ('customers_matching', (SELECT pg_catalog.to_jsonb(pg_catalog.array_agg(m)) FROM crm.customers_matching('{"any": [{"field": "customer_type", "op": "in", "value": ["vip", "repeat"]}, {"tags_all": ["vip", "new"]}]}') m)),
 ('segments_list', crm.segments_list(2));

-- reads
INSERT INTO snap.results VALUES
 ('customer_360 1', crm.customer_360(1)),
 ('customer_360 2', crm.customer_360(2)),
 ('customer_360_list', crm.customer_360_list()),
 ('customers_by_type', crm.customers_by_type('repeat')),
 ('family_members', crm.family_members(1)),
 ('customer_interactions_list', crm.customer_interactions_list(1)),
 ('interaction_stats', crm.interaction_stats(1)),
 ('customer_behaviors', crm.customer_behaviors(1)),
 ('most_viewed_products', crm.most_viewed_products(NULL)),
 ('customer_dropoffs', crm.customer_dropoffs(1)),
 ('upcoming_events', (SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(e)) FROM crm.upcoming_events(366, '2024-02-01') e)),
 ('call_recommendations', crm.call_recommendations()),
 ('customer_recommendation', crm.customer_recommendation(1)),
 ('dashboard_statistics', crm.dashboard_statistics()),
 ('customer_rfm', crm.customer_rfm(1)),
 ('rfm_distribution', crm.rfm_distribution()),
 ('rfm_scores', crm.rfm_scores()),
 ('customer_health', crm.customer_health(1)),
 ('customer_health_history', crm.customer_health_history(1)),
 ('health_overview', crm.health_overview()),
 ('customer_profile_completeness', crm.customer_profile_completeness(2)),
 ('customer_analytics_json', crm.customer_analytics_json(1)),
 ('demographic_insights', crm.demographic_insights(1)),
 ('customer_warmth_json', crm.customer_warmth_json(1)),
 ('warmth_analytics_json', crm.warmth_analytics_json()),
 ('customer_profiles', crm.customer_profiles()),
 ('customer_communications_list', crm.customer_communications_list(1)),
 ('customer_notes_list', crm.customer_notes_list(1)),
 ('customer_tags_list', crm.customer_tags_list(2)),
 ('customer_addresses_list', crm.customer_addresses_list(1)),
 ('customer_preferences_json', crm.customer_preferences_json(2)),
 ('explain_engagement', (SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x)) FROM crm.explain_engagement(1, '2024-06-01') x)),
 ('engagement_component', pg_catalog.to_jsonb(crm.engagement_component(1, '2024-06-01'))),
 ('views', pg_catalog.jsonb_build_object(
     'warmth_pipeline', (SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(p) ORDER BY p.warmth_level) FROM crm.warmth_pipeline p),
     'warmth_trends', (SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(t) OPERATOR(pg_catalog.-) 'trend_date' ORDER BY t.customer_id, t.trend_date) FROM crm.warmth_trends t),
     'upcoming', (SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(u)) FROM crm.upcoming_birthdays_anniversaries u),
     'rfm_segment_distribution', (SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(r) ORDER BY r.segment) FROM crm.rfm_segment_distribution r),
     'health_score_overview', (SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(h) ORDER BY h.health_level) FROM crm.health_score_overview h))),
 ('pure', pg_catalog.jsonb_build_array(
     crm.whole_days_between('2024-01-01', '2024-06-01'),
     crm.calculate_composite_warmth_score(75, 60, 80, 85, 70, 75, 60, 70),
     crm.rfm_score('2024-05-01', 8, 3100, '2024-06-01'),
     crm.lead_score_breakdown(1, 1, 2, true, true, true, true, true, true, false, '2024-06-01', '2024-06-01'),
     crm.churn_risk(200, 5, 40), crm.health_score(50, NULL, 70, 80, 90, 100),
     crm.next_occurrence('2000-02-29', '2023-03-01'), crm.text_bar(55),
     crm.setting('vip_threshold'), crm.best_call_time(1),
     crm.profile_completeness('{"a": 1, "b": ""}', '{a,b}'),
     crm.call_priority('hot', 60000, true), crm.offer_type('warm', 'lead', 0, false)));
INSERT INTO snap.results VALUES ('gdpr_export', crm.gdpr_export(2));

-- GDPR erase and anonymize, and TRUNCATE of orders (its statement trigger)
INSERT INTO snap.results VALUES ('gdpr_erase', crm.gdpr_erase(3));
INSERT INTO snap.results VALUES ('gdpr_anonymize', crm.gdpr_erase(4, 'anonymize'));
INSERT INTO snap.results VALUES ('recover_dropoff', crm.recover_dropoff(1, 1, 'phone'));
INSERT INTO snap.results VALUES ('remove_tag', pg_catalog.to_jsonb(crm.remove_tag(2, 'new')));
INSERT INTO snap.results VALUES ('delete_family_member', pg_catalog.to_jsonb(crm.delete_family_member(1, 1)));
SQL

# The state the workload leaves, as the superuser with a safe search_path.
cat >"$TMP/snapshot.sql" <<'SQL'
SET search_path = pg_catalog;
SELECT 'customers', id, name, email, phone, total_orders, lifetime_value, first_order_at, last_order_at,
       lifecycle_stage, customer_type, status, account_type, do_not_contact
FROM crm.customers ORDER BY id;
SELECT 'warmth', customer_id, id, engagement_score, interaction_frequency_score, response_rate_score,
       budget_qualification_score, timeline_urgency_score, decision_making_authority_score,
       demographic_fit_score, past_purchase_behavior_score, overall_warmth_score, warmth_level,
       purchase_probability, confidence_level, total_interactions, meaningful_interactions,
       last_engagement_type, last_engagement_date, days_since_first_contact, days_since_last_interaction,
       scoring_algorithm_used, algorithm_version, warmth_notes
FROM crm.customer_warmth ORDER BY customer_id;
SELECT 'history', customer_id, id, customer_warmth_id, warmth_score_snapshot, warmth_level_snapshot,
       previous_score, score_change, change_trigger, change_description, engagement_event_id,
       algorithm_version
FROM crm.customer_warmth_history ORDER BY customer_id, id;
SELECT 'events', customer_id, id, engagement_type, occurred_at, meaningful, notes
FROM crm.customer_engagement_events ORDER BY customer_id, id;
SELECT 'rules', id, trigger_type, base_score_impact FROM crm.warmth_scoring_triggers ORDER BY id;
SELECT 'algorithms', id, name, version, is_active FROM crm.warmth_scoring_algorithms ORDER BY id;
SELECT 'leads', id, name, phone, total_interactions, lead_score, temperature FROM crm.leads ORDER BY id;
SELECT 'orders', customer_id, id, total_amount, ordered_at, status FROM crm.orders ORDER BY customer_id, id;
SELECT 'rfm', customer_id, recency_days, last_purchase_at, purchase_count, total_spent, recency_score,
       frequency_score, monetary_score, rfm_cell, rfm_total, segment, churn_risk,
       avg_days_between_purchases, as_of
FROM crm.customer_rfm_scores ORDER BY customer_id;
SELECT 'health', customer_id, visit_frequency, spending_behavior, loyalty_engagement, feedback_sentiment,
       communication_response, recency_factor, health_score, health_level, engagement_score,
       engagement_level, churn_risk, profile_completeness, completeness_level, missing_fields, as_of
FROM crm.customer_health_scores ORDER BY customer_id;
SELECT 'health_history', customer_id, id, health_score, health_level, previous_score, score_change,
       change_trigger
FROM crm.customer_health_score_history ORDER BY customer_id, id;
SELECT 'loyalty', customer_id, program_id, points_balance, lifetime_points_earned,
       lifetime_points_redeemed, tier
FROM crm.customer_loyalty_points ORDER BY customer_id, program_id;
SELECT 'ledger', customer_id, id, entry_type, points, balance_after, description
FROM crm.customer_loyalty_ledger ORDER BY customer_id, id;
SELECT 'segments', id, name, is_dynamic, member_count FROM crm.customer_segments ORDER BY id;
SELECT 'members', segment_id, customer_id, source FROM crm.customer_segment_members ORDER BY 2, 3;
SELECT 'tags', customer_id, tag, color FROM crm.customer_tags ORDER BY 2, 3;
SELECT 'result', k, snap.strip(v) FROM snap.results ORDER BY k;
SQL

# run_workload DB ROLE SEARCH_PATH — the workload as ROLE with SEARCH_PATH;
# its output and errors in $TMP/DB.log.
run_workload() {
    {
        printf 'SET ROLE %s;\nSET search_path = %s;\n' "$2" "$3"
        cat "$TMP/workload.sql"
    } | psql -X -q -v ON_ERROR_STOP=1 -d "$1" >"$TMP/$1.log" 2>&1
}
snapshot() { psql -X -A -t -q -v ON_ERROR_STOP=1 -d "$1" -f "$TMP/snapshot.sql" 2>&1; }

# ---- the clean references, then the same workload among the traps ----------------------
# One clean reference per role: loyalty ledger entries record current_user.

run=0
for role in "$H" "$O"; do
    who=${role%_"$TAG"}
    ref=cs_sp_ref_${who}_$TAG; drop_at_exit "$ref"
    createdb -T "$CLEAN" "$ref"
    if run_workload "$ref" "$role" 'crm, public'; then
        pass "as $who in a clean database: the workload runs"
    else
        fail "as $who in a clean database: the workload runs" "$(tail -n 20 "$TMP/$ref.log")"
    fi
    snapshot "$ref" >"$TMP/reference.txt" || true
    lines=$(wc -l <"$TMP/reference.txt")
    if [ "$lines" -gt 100 ] && ! grep -q ERROR "$TMP/reference.txt"; then
        pass "as $who in a clean database: a reference state of $lines lines"
    else
        fail "as $who in a clean database: a reference state of $lines lines" \
             "$(head -n 20 "$TMP/reference.txt" | cut -c1-300)"
    fi
    dropdb --if-exists "$ref" >/dev/null 2>&1 || true

    for path in 'public, crm' 'crm, public' 'public, pg_catalog, crm'; do
        run=$((run + 1))
        db=cs_sp_run${run}_$TAG; drop_at_exit "$db"
        createdb -T "$TPL" "$db"
        what="as $who with search_path '$path'"
        if run_workload "$db" "$role" "$path"; then
            pass "$what: the workload runs"
        else
            fail "$what: the workload runs" "$(tail -n 20 "$TMP/$db.log")"
        fi
        snapshot "$db" >"$TMP/$db.txt" || true
        if diff -u "$TMP/reference.txt" "$TMP/$db.txt" >"$TMP/$db.diff"; then
            pass "$what: scores, history, counters, RFM, health, loyalty, segments and JSON results equal the clean run"
        else
            fail "$what: scores, history, counters, RFM, health, loyalty, segments and JSON results equal the clean run" \
                 "$(head -n 30 "$TMP/$db.diff" | cut -c1-300)"
        fi
        calls=$(q "$db" "SELECT COALESCE(string_agg(DISTINCT fn, ', '), '') FROM public.hostile_calls") || true
        if [ -z "$calls" ]; then
            pass "$what: no hostile function or operator was called"
        else
            fail "$what: no hostile function or operator was called" "called: $calls"
        fi
        rows=$(q "$db" "SELECT COALESCE(string_agg(c.relname || '=' || snap.row_count(c.oid), ' ' ORDER BY c.relname)
                               FILTER (WHERE snap.row_count(c.oid) > 0), '')
                        FROM pg_class c
                        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
                          AND c.relname <> 'hostile_calls'") || true
        if [ -z "$rows" ]; then
            pass "$what: the hostile tables in public stay empty"
        else
            fail "$what: the hostile tables in public stay empty" "rows: $rows"
        fi
        dropdb --if-exists "$db" >/dev/null 2>&1 || true
    done
done

echo "1..$N"
