-- test/tenant_isolation.sql — with row-level security on customers ONLY (the
-- usual multi-tenant set-up; no other table has a policy), a tenant cannot
-- read, count or change another tenant's customer through any function of the
-- extension (issue "Production readiness", item 3).
--
-- customers gets a tenant column and one policy; two tenant roles have the
-- application tier, and tenant A's administrator the administrator tier.  As
-- tenant A, every function of the extension that takes a customer_id (listed
-- from the catalog; the list below must equal it, so a new function cannot be
-- forgotten) is called with tenant B's customer and with an id that does not
-- exist: the two results (or errors) must be the same, once the id itself is
-- masked.  Then tenant B's rows, as a digest of every table of the
-- extension, must be what they were; the aggregates must count only A's
-- customers; and gdpr_erase run by A's administrator on B's customer must
-- have no effect.
--
-- pgTAP keeps its bookkeeping in temp tables of the session user, so what the
-- tenants do is only collected (into ti_seen, by pg_temp.ti_try); the
-- assertions run after RESET ROLE.
-- Needs: CREATE EXTENSION pgtap; CREATE EXTENSION customer_scoring; in public.
BEGIN;
SELECT plan(86);
SET LOCAL TimeZone = 'UTC';
SET LOCAL client_min_messages = warning;

-- ---------------------------------------------------------------------------
-- tenants: a column and a policy on customers, nothing else
-- ---------------------------------------------------------------------------

CREATE ROLE cs_ti_a NOLOGIN NOSUPERUSER NOBYPASSRLS;
CREATE ROLE cs_ti_b NOLOGIN NOSUPERUSER NOBYPASSRLS;
CREATE ROLE cs_ti_admin_a NOLOGIN NOSUPERUSER NOBYPASSRLS IN ROLE cs_ti_a;
SELECT customer_scoring_grant('cs_ti_a', 'application'),
       customer_scoring_grant('cs_ti_b', 'application'),
       customer_scoring_grant('cs_ti_admin_a', 'administrator');
GRANT USAGE ON SCHEMA public TO cs_ti_a, cs_ti_b, cs_ti_admin_a;

ALTER TABLE customers ADD COLUMN tenant name NOT NULL DEFAULT current_user;
ALTER TABLE customers ENABLE ROW LEVEL SECURITY;
-- a tenant's roles (its administrator is a member of it) see its customers
CREATE POLICY tenant_rows ON customers
    USING (pg_has_role(current_user, tenant, 'MEMBER'))
    WITH CHECK (pg_has_role(current_user, tenant, 'MEMBER'));

-- ---------------------------------------------------------------------------
-- both tenants' data, written as the superuser through the normal paths
-- ---------------------------------------------------------------------------

INSERT INTO customers (id, tenant, first_name, last_name, email, phone, date_of_birth, anniversary_date)
VALUES (881001, 'cs_ti_a', 'Ada', 'Alpha', 'ada@a.example', '+4910001', current_date - 9000, current_date - 3000),
       (881002, 'cs_ti_a', 'Abe', 'Alpha', 'abe@a.example', '+4910002', NULL, NULL),
       (882001, 'cs_ti_b', 'Bea', 'Beta', 'bea@b.example', '+4920001', current_date - 8000, current_date - 2000),
       (882002, 'cs_ti_b', 'Bob', 'Beta', 'bob@b.example', '+4920002', NULL, NULL);

DO $$
DECLARE
    cid bigint;
    oid_ bigint;
BEGIN
    FOREACH cid IN ARRAY ARRAY[881001, 881002, 882001, 882002] LOOP
        INSERT INTO orders (customer_id, total_amount, ordered_at)
        VALUES (cid, 120, now() - interval '3 days') RETURNING id INTO oid_;
        INSERT INTO order_items (customer_id, order_id, product_id, quantity, unit_price)
        VALUES (cid, oid_, 'p-' || cid, 1, 120);
        INSERT INTO customer_engagement_events (customer_id, engagement_type, occurred_at)
        VALUES (cid, 'test_drive', now() - interval '1 day');
        PERFORM track_interaction(cid, '{"interaction_type": "call", "interaction_direction": "inbound", "outcome": "interested"}');
        PERFORM track_behavior(cid, jsonb_build_object('behavior_type', 'product_view', 'product_id', 'v-' || cid));
        PERFORM track_dropoff(cid, '{"stage": "add_to_cart", "cart_value": 50}');
        PERFORM add_family_member(cid, '{"name": "Kid", "relationship": "child", "date_of_birth": "2015-05-05"}');
        PERFORM add_customer_address(cid, '{"line1": "Main 1", "city": "Berlin", "is_default": true}');
        PERFORM set_customer_preferences(cid, '{"sms_notifications": true}');
        PERFORM add_tag(cid, 'vip', 'gold');
        PERFORM add_note(cid, '{"content": "likes coffee"}');
        PERFORM log_communication(cid, '{"channel": "email", "status": "sent"}');
        PERFORM update_customer_warmth(cid, '{"budget_qualification_score": 70}');
        PERFORM loyalty_earn(cid, 100);
        INSERT INTO leads (customer_id, name, phone) VALUES (cid, 'Lead ' || cid, '+1' || cid);
    END LOOP;
    PERFORM refresh_rfm_scores();
    PERFORM refresh_health_scores();
    PERFORM refresh_warmth_scores();
    PERFORM create_segment('everyone', '{"all": []}');
END
$$;

-- the ids the calls use: B's customer, an unknown id, and rows of B's
CREATE TEMP TABLE ti_ids AS
SELECT 882001::bigint AS b, 889999::bigint AS unknown,
       (SELECT m.id FROM customer_family_members m WHERE m.customer_id = 882001) AS member,
       (SELECT d.id FROM customer_dropoff_tracking d WHERE d.customer_id = 882001) AS dropoff,
       (SELECT s.id FROM customer_segments s WHERE s.name = 'everyone') AS segment;

-- Tenant B's rows in every table of the extension, as one digest.
CREATE FUNCTION pg_temp.ti_digest_b() RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    t record;
    part text;
    parts text := '';
BEGIN
    SELECT string_agg(to_jsonb(c)::text, '|' ORDER BY c.id) INTO part
    FROM customers c WHERE c.tenant = 'cs_ti_b';
    parts := parts || part;
    FOR t IN SELECT * FROM customer_scoped_tables() LOOP
        EXECUTE format('SELECT string_agg(to_jsonb(x)::text, ''|'' ORDER BY to_jsonb(x)::text) FROM %s x
                        WHERE x.customer_id IN (SELECT c.id FROM customers c WHERE c.tenant = ''cs_ti_b'')',
                       t.relation)
            INTO part;
        parts := parts || t.table_name || ':' || COALESCE(part, '');
    END LOOP;
    RETURN md5(parts);
END
$$;
CREATE TEMP TABLE ti_digest AS SELECT pg_temp.ti_digest_b() AS before;

-- ---------------------------------------------------------------------------
-- every function that takes a customer_id, and how to call it
-- ---------------------------------------------------------------------------
-- :id is the customer; :member, :dropoff and :segment are B's rows.

CREATE TEMP TABLE ti_call (fn text PRIMARY KEY, q text NOT NULL);
INSERT INTO ti_call VALUES
('add_customer_address(bigint,jsonb)', $$SELECT add_customer_address(:id, '{"line1": "x", "is_default": true}')::text$$),
('add_family_member(bigint,jsonb)', $$SELECT add_family_member(:id, '{"name": "Eve"}')::text$$),
('add_note(bigint,jsonb)', $$SELECT add_note(:id, '{"content": "x"}')::text$$),
('add_segment_member(bigint,bigint)', $$SELECT add_segment_member(:segment, :id)::text$$),
('add_tag(bigint,text,text)', $$SELECT add_tag(:id, 'vip', 'red')::text$$),
('acknowledge_alert(bigint,bigint)', $$SELECT acknowledge_alert(:id, (SELECT max(id) FROM customer_alerts))::text$$),
('customer_alert_payload(bigint,bigint,text,text,numeric,numeric,timestamp with time zone,jsonb)', $$SELECT customer_alert_payload(:id, 1, 'warmth_drop', 'medium', 50, 20, '2026-01-01', '{}')$$),
('raise_customer_alert(bigint,text,text,numeric,numeric,jsonb)', $$SELECT raise_customer_alert(:id, 'warmth_drop', 'medium', 50, 20, '{}')::text$$),
('customer_predictions_json(bigint)', $$SELECT customer_predictions_json(:id)::text$$),
('customer_opportunities(bigint,date)', $$SELECT count(*)::text FROM customer_opportunities(:id)$$),
('customer_risk_assessment(bigint,timestamp with time zone)', $$SELECT customer_risk_assessment(:id)::text$$),
('customer_health_insights(bigint,timestamp with time zone)', $$SELECT customer_health_insights(:id)::text$$),
('api_customer_exists(bigint)', $$SELECT api_customer_exists(:id)::text$$),
('api_require_customer(bigint)', $$SELECT api_require_customer(:id)::text$$),
('best_call_time(bigint)', $$SELECT best_call_time(:id)$$),
('customer_360(bigint)', $$SELECT customer_360(:id)::text$$),
('customer_addresses_list(bigint)', $$SELECT customer_addresses_list(:id)::text$$),
('customer_analytics_json(bigint)', $$SELECT customer_analytics_json(:id)::text$$),
('customer_behaviors(bigint,integer,text)', $$SELECT customer_behaviors(:id)::text$$),
('customer_communications_list(bigint,text,text,integer,integer)', $$SELECT customer_communications_list(:id)::text$$),
('customer_dropoffs(bigint)', $$SELECT customer_dropoffs(:id)::text$$),
('customer_has_activity(bigint)', $$SELECT customer_has_activity(:id)::text$$),
('customer_health(bigint)', $$SELECT customer_health(:id)::text$$),
('customer_health_history(bigint,integer)', $$SELECT customer_health_history(:id)::text$$),
('customer_interactions_list(bigint,integer,text)', $$SELECT customer_interactions_list(:id)::text$$),
('customer_lead_ids(bigint,text,text)', $$SELECT customer_lead_ids(:id, NULL, NULL)::text$$),
('customer_notes_list(bigint)', $$SELECT customer_notes_list(:id)::text$$),
('customer_preferences_json(bigint)', $$SELECT customer_preferences_json(:id)::text$$),
('customer_profile(bigint)', $$SELECT customer_profile(:id)::text$$),
('customer_profile_completeness(bigint)', $$SELECT customer_profile_completeness(:id)::text$$),
('customer_recommendation(bigint)', $$SELECT customer_recommendation(:id)::text$$),
('customer_rfm(bigint)', $$SELECT customer_rfm(:id)::text$$),
('customer_tags_list(bigint)', $$SELECT customer_tags_list(:id)::text$$),
('customer_visible(bigint)', $$SELECT customer_visible(:id)::text$$),
('customer_warmth_json(bigint)', $$SELECT customer_warmth_json(:id)::text$$),
('delete_family_member(bigint,bigint)', $$SELECT delete_family_member(:id, :member)::text$$),
('demographic_insights(bigint)', $$SELECT demographic_insights(:id)::text$$),
('engagement_component(bigint,timestamp with time zone)', $$SELECT engagement_component(:id, now())::text$$),
('explain_engagement(bigint,timestamp with time zone)', $$SELECT count(*)::text FROM explain_engagement(:id, now())$$),
('family_members(bigint)', $$SELECT family_members(:id)::text$$),
('gdpr_anonymize_table(text,bigint,bigint[])', $$SELECT gdpr_anonymize_table('customer_notes', :id, '{}')::text$$),
('gdpr_erase(bigint,text)', $$SELECT gdpr_erase(:id)::text$$),
('gdpr_export(bigint)', $$SELECT gdpr_export(:id)::text$$),
('interaction_stats(bigint)', $$SELECT interaction_stats(:id)::text$$),
('log_communication(bigint,jsonb)', $$SELECT log_communication(:id, '{"channel": "sms"}')::text$$),
('loyalty_balance(bigint,bigint,integer)', $$SELECT loyalty_balance(:id)::text$$),
('loyalty_checked_program(bigint,integer,bigint,bigint)', $$SELECT loyalty_checked_program(:id, 10, 1, NULL)::text$$),
('loyalty_earn(bigint,integer,bigint,text,bigint)', $$SELECT loyalty_earn(:id, 10)::text$$),
('loyalty_redeem(bigint,integer,bigint,text,bigint)', $$SELECT loyalty_redeem(:id, 10)::text$$),
('most_viewed_products(bigint,integer)', $$SELECT most_viewed_products(:id)::text$$),
('recommended_products(bigint,integer)', $$SELECT string_agg(product_id, ',') FROM recommended_products(:id, 10)$$),
('recover_dropoff(bigint,bigint,text)', $$SELECT recover_dropoff(:id, :dropoff, 'email')::text$$),
('remove_tag(bigint,text)', $$SELECT remove_tag(:id, 'vip')::text$$),
('segments_list(bigint)', $$SELECT segments_list(:id) -> 'customer_segments'$$),
('set_customer_preferences(bigint,jsonb)', $$SELECT set_customer_preferences(:id, '{"sms_notifications": false}')::text$$),
('track_behavior(bigint,jsonb)', $$SELECT track_behavior(:id, '{"behavior_type": "product_view"}')::text$$),
('track_dropoff(bigint,jsonb)', $$SELECT track_dropoff(:id, '{"stage": "checkout"}')::text$$),
('track_interaction(bigint,jsonb)', $$SELECT track_interaction(:id, '{"interaction_type": "call"}')::text$$),
('update_customer(bigint,jsonb)', $$SELECT update_customer(:id, '{"first_name": "Mallory"}')::text$$),
('update_customer_warmth(bigint,jsonb)', $$SELECT update_customer_warmth(:id, '{"engagement_score": 1}')::text$$),
('update_family_member(bigint,bigint,jsonb)', $$SELECT update_family_member(:id, :member, '{"name": "Mallory"}')::text$$);

-- Functions in files that this branch does not change, found leaking here:
-- reported, and marked TODO until they are fixed.
CREATE TEMP TABLE ti_known_leak (fn text PRIMARY KEY, why text);
INSERT INTO ti_known_leak VALUES
('none', 'no function is known to leak');

-- ---------------------------------------------------------------------------
-- collecting what the tenants get
-- ---------------------------------------------------------------------------

CREATE TEMP TABLE ti_seen (who name, check_name text, arg text, got text);
GRANT INSERT, SELECT ON ti_seen TO cs_ti_a, cs_ti_admin_a;
GRANT SELECT ON ti_call, ti_ids TO cs_ti_a, cs_ti_admin_a;

-- The first column of the first row of q (with :id and the row ids
-- replaced), the customer id itself masked as ID; or "ERROR <sqlstate>:
-- <message>".  With the caller's rights.
CREATE FUNCTION pg_temp.ti_try(q text, id bigint) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    i record;
    r text;
BEGIN
    SELECT * INTO i FROM ti_ids;
    q := replace(replace(replace(replace(q, ':id', id::text), ':member', i.member::text),
                         ':dropoff', i.dropoff::text), ':segment', i.segment::text);
    BEGIN
        EXECUTE q INTO r;
    EXCEPTION WHEN OTHERS THEN
        r := 'ERROR ' || SQLSTATE || ': ' || SQLERRM;
    END;
    RETURN replace(r, id::text, 'ID');
END
$$;

SET LOCAL ROLE cs_ti_a;
INSERT INTO ti_seen
SELECT current_user, c.fn, a.arg, pg_temp.ti_try(c.q, CASE a.arg WHEN 'b' THEN i.b ELSE i.unknown END)
FROM ti_call c CROSS JOIN ti_ids i CROSS JOIN (VALUES ('b'), ('unknown')) AS a(arg)
ORDER BY c.fn, a.arg;
-- aggregates over everyone
INSERT INTO ti_seen (who, check_name, got) VALUES
(current_user, 'dashboard_statistics', dashboard_statistics() ->> 'total_customers'),
(current_user, 'dashboard warmth levels', (SELECT sum(v::bigint)::text FROM jsonb_each_text(dashboard_statistics() -> 'warmth_levels') AS e(k, v))),
(current_user, 'dashboard rfm segments', (SELECT sum(v::bigint)::text FROM jsonb_each_text(dashboard_statistics() -> 'rfm_segments') AS e(k, v))),
(current_user, 'dashboard health levels', (SELECT sum(v::bigint)::text FROM jsonb_each_text(dashboard_statistics() -> 'health_levels') AS e(k, v))),
(current_user, 'rfm_distribution', rfm_distribution() ->> 'total'),
(current_user, 'rfm_scores', (SELECT (rfm_scores() ->> 'total') || '/' || string_agg(e ->> 'customer_id', ',' ORDER BY e ->> 'customer_id') FROM jsonb_array_elements(rfm_scores() -> 'scores') e)),
(current_user, 'health_overview', (health_overview() ->> 'total') || '/' || (SELECT sum(v::bigint)::text FROM jsonb_each_text(health_overview() -> 'levels') AS e(k, v))),
(current_user, 'customer_profiles', customer_profiles() ->> 'total'),
(current_user, 'customer_360_list', (SELECT string_agg(e ->> 'customer_id', ',' ORDER BY e ->> 'customer_id') FROM jsonb_array_elements(customer_360_list()) e)),
(current_user, 'customers_by_temperature', (SELECT string_agg(e ->> 'customer_id', ',' ORDER BY e ->> 'customer_id') FROM jsonb_array_elements(customers_by_temperature((SELECT customer_temperature FROM customer_360_view WHERE customer_id = 881001))) e)),
(current_user, 'call_recommendations', (SELECT string_agg(e ->> 'customer_id', ',' ORDER BY e ->> 'customer_id') FROM jsonb_array_elements(call_recommendations()) e)),
(current_user, 'top_priority_customers', (SELECT COALESCE(string_agg(e ->> 'customer_id', ',' ORDER BY e ->> 'customer_id'), '') FROM jsonb_array_elements(top_priority_customers(100)) e WHERE (e ->> 'customer_id')::bigint NOT IN (881001, 881002))),
(current_user, 'warmth_analytics_json', (SELECT string_agg(e ->> 'customer_id', ',' ORDER BY e ->> 'customer_id') FROM jsonb_array_elements(warmth_analytics_json()) e)),
(current_user, 'most_viewed_products(everyone)', (SELECT string_agg(e ->> 'product_id', ',' ORDER BY e ->> 'product_id') FROM jsonb_array_elements(most_viewed_products(NULL)) e)),
(current_user, 'upcoming_birthdays', (SELECT string_agg(DISTINCT e ->> 'customer_id', ',') FROM jsonb_array_elements(upcoming_birthdays(366)) e)),
(current_user, 'customers_matching', (SELECT string_agg(m::text, ',' ORDER BY m) FROM customers_matching('{"all": []}') m)),
(current_user, 'refresh_segment', (SELECT refresh_segment((SELECT segment FROM ti_ids)) ->> 'removed'));
RESET ROLE;

-- tenant A's administrator: GDPR erase of B's customer, both modes
SET LOCAL ROLE cs_ti_admin_a;
INSERT INTO ti_seen
SELECT current_user, 'gdpr_erase ' || m.mode, a.arg,
       pg_temp.ti_try(format('SELECT gdpr_erase(:id, %L) - ''erased_at''', m.mode),
                      CASE a.arg WHEN 'b' THEN i.b ELSE i.unknown END)
FROM ti_ids i CROSS JOIN (VALUES ('delete'), ('anonymize')) AS m(mode)
CROSS JOIN (VALUES ('b'), ('unknown')) AS a(arg);
INSERT INTO ti_seen (who, check_name, got)
VALUES (current_user, 'admin dashboard_statistics', dashboard_statistics() ->> 'total_customers');
RESET ROLE;

-- ---------------------------------------------------------------------------
-- assertions
-- ---------------------------------------------------------------------------

SELECT is(current_user::text, session_user::text, 'back to the session user after RESET ROLE');

-- the list of functions above is the catalog's
SELECT is(
    (SELECT array_agg(p.oid::regprocedure::text ORDER BY p.oid::regprocedure::text)
     FROM pg_proc p
     JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
     JOIN pg_extension e ON d.refclassid = 'pg_extension'::regclass AND d.refobjid = e.oid
     WHERE e.extname = 'customer_scoring'
       AND EXISTS (SELECT 1
                   FROM unnest(p.proargnames,
                               COALESCE(p.proargmodes::text[],
                                        array_fill('i'::text, ARRAY[COALESCE(cardinality(p.proargnames), 0)])))
                        AS a(name, mode)
                   WHERE a.name = 'customer_id' AND a.mode IN ('i', 'b', 'v'))),
    (SELECT array_agg(fn ORDER BY fn) FROM ti_call),
    'the functions tested are exactly those of the extension with a customer_id argument');

-- one assertion per function: B's customer is an unknown customer to A
CREATE FUNCTION pg_temp.ti_assert_all() RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
    c record;
BEGIN
    FOR c IN
        SELECT s.check_name, max(s.got) FILTER (WHERE s.arg = 'b') AS got_b,
               max(s.got) FILTER (WHERE s.arg = 'unknown') AS got_unknown,
               count(*) FILTER (WHERE s.arg = 'b') AS n_b, l.why
        FROM ti_seen s LEFT JOIN ti_known_leak l ON l.fn = s.check_name
        WHERE s.who = 'cs_ti_a' AND s.arg IS NOT NULL
        GROUP BY s.check_name, l.why ORDER BY s.check_name
    LOOP
        IF c.why IS NOT NULL THEN
            PERFORM todo(c.why, 1);
        END IF;
        RETURN NEXT is(c.got_b, c.got_unknown,
                       format('tenant A: %s of B''s customer = of an unknown one', split_part(c.check_name, '(', 1)));
    END LOOP;
END
$$;
SELECT * FROM pg_temp.ti_assert_all();

SELECT is((SELECT before FROM ti_digest), pg_temp.ti_digest_b(),
          'tenant B''s rows in every table are unchanged after tenant A called everything');

-- aggregates count only tenant A's customers
CREATE TEMP VIEW ti_agg AS SELECT check_name, got FROM ti_seen WHERE who = 'cs_ti_a' AND arg IS NULL;
SELECT is((SELECT got FROM ti_agg WHERE check_name = 'dashboard_statistics'), '2',
          'tenant A: dashboard_statistics counts only A''s customers');
SELECT is((SELECT got FROM ti_agg WHERE check_name = 'dashboard warmth levels'), '2',
          'tenant A: dashboard warmth levels count only A''s customers');
SELECT is((SELECT got FROM ti_agg WHERE check_name = 'dashboard rfm segments'), '2',
          'tenant A: dashboard RFM segments count only A''s customers');
SELECT is((SELECT got FROM ti_agg WHERE check_name = 'dashboard health levels'), '2',
          'tenant A: dashboard health levels count only A''s customers');
SELECT is((SELECT got FROM ti_agg WHERE check_name = 'rfm_distribution'), '2',
          'tenant A: rfm_distribution counts only A''s customers');
SELECT is((SELECT got FROM ti_agg WHERE check_name = 'rfm_scores'), '2/881001,881002',
          'tenant A: rfm_scores lists and counts only A''s customers');
SELECT is((SELECT got FROM ti_agg WHERE check_name = 'health_overview'), '2/2',
          'tenant A: health_overview counts only A''s customers');
SELECT is((SELECT got FROM ti_agg WHERE check_name = 'customer_profiles'), '2',
          'tenant A: customer_profiles counts only A''s customers');
SELECT is((SELECT got FROM ti_agg WHERE check_name = 'customer_360_list'), '881001,881002',
          'tenant A: customer_360_list lists only A''s customers');
SELECT ok((SELECT got FROM ti_agg WHERE check_name = 'customers_by_temperature') IN ('881001', '881001,881002'),
          'tenant A: customers_by_temperature lists only A''s customers');
SELECT is((SELECT got FROM ti_agg WHERE check_name = 'call_recommendations'), '881001,881002',
          'tenant A: call_recommendations lists only A''s customers');
SELECT is((SELECT got FROM ti_agg WHERE check_name = 'top_priority_customers'), '',
          'tenant A: top_priority_customers lists none of B''s customers');
SELECT is((SELECT got FROM ti_agg WHERE check_name = 'warmth_analytics_json'), '881001,881002',
          'tenant A: warmth_analytics_json lists only A''s customers');
SELECT is((SELECT got FROM ti_agg WHERE check_name = 'most_viewed_products(everyone)'), 'v-881001,v-881002',
          'tenant A: most_viewed_products(NULL) counts only A''s views');
SELECT is((SELECT got FROM ti_agg WHERE check_name = 'upcoming_birthdays'), '881001,881002',
          'tenant A: upcoming_birthdays lists only A''s customers (and their family)');
SELECT is((SELECT got FROM ti_agg WHERE check_name = 'customers_matching'), '881001,881002',
          'tenant A: customers_matching matches only A''s customers');
SELECT is((SELECT got FROM ti_agg WHERE check_name = 'refresh_segment'), '0',
          'tenant A: refresh_segment removes none of B''s memberships');

-- tenant A's administrator
SELECT is((SELECT got FROM ti_seen WHERE who = 'cs_ti_admin_a' AND check_name = 'admin dashboard_statistics'), '2',
          'A''s administrator: dashboard_statistics counts only A''s customers');
SELECT is((SELECT got FROM ti_seen WHERE who = 'cs_ti_admin_a' AND check_name = 'gdpr_erase delete' AND arg = 'b'),
          (SELECT got FROM ti_seen WHERE who = 'cs_ti_admin_a' AND check_name = 'gdpr_erase delete' AND arg = 'unknown'),
          'A''s administrator: gdpr_erase(delete) of B''s customer = of an unknown one');
SELECT is((SELECT got FROM ti_seen WHERE who = 'cs_ti_admin_a' AND check_name = 'gdpr_erase anonymize' AND arg = 'b'),
          (SELECT got FROM ti_seen WHERE who = 'cs_ti_admin_a' AND check_name = 'gdpr_erase anonymize' AND arg = 'unknown'),
          'A''s administrator: gdpr_erase(anonymize) of B''s customer = of an unknown one');
SELECT is((SELECT before FROM ti_digest), pg_temp.ti_digest_b(),
          'tenant B''s rows are unchanged after A''s administrator erased B''s customer');
SELECT is((SELECT count(*)::integer FROM customers WHERE tenant = 'cs_ti_b'), 2,
          'both of tenant B''s customers are still there');

SELECT * FROM finish();
ROLLBACK;
