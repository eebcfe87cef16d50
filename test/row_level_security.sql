-- test/row_level_security.sql — row-level security reaches through every view
-- and JSON function (issue "Reliability and security", item 5; SPEC §4
-- "Views (all security_invoker ...)", README "not applicable anywhere:
-- authentication, authorization ... use database roles, GRANTs and row-level
-- security").
--
-- Two tenants share one database.  A mapping table made here says which
-- customer belongs to which tenant (the extension's tables are not altered),
-- and a policy on customers and on every customer-scoped table of the
-- extension shows a role only its own customers' rows.  Then, as the
-- non-superuser role cs_tenant_a, every view and every read JSON function
-- must return only tenant A's rows; tenant B's customer is invisible to the
-- point functions (NULL, or "does not exist"), and A's writes and batch
-- refreshes cannot reach B's rows.  Last, the catalog: no function of the
-- extension is SECURITY DEFINER (but raise_customer_alert and the alert
-- trigger functions, which raise an alert whoever made the change and which
-- nobody else may call), and every view is security_invoker.
--
-- pgTAP keeps its bookkeeping in temp tables of the session user, so the
-- checks run as the tenant only collect their results (into the temp table
-- rls_seen, via pg_temp.rls_try); the assertions run after RESET ROLE.
-- Needs: CREATE EXTENSION pgtap; CREATE EXTENSION customer_scoring; in public.
BEGIN;
SELECT plan(64);
SET LOCAL TimeZone = 'UTC';
SET LOCAL client_min_messages = warning;

-- ---------------------------------------------------------------------------
-- roles, grants, tenants, policies
-- ---------------------------------------------------------------------------

CREATE ROLE cs_tenant_a NOLOGIN NOSUPERUSER NOBYPASSRLS;
CREATE ROLE cs_tenant_b NOLOGIN NOSUPERUSER NOBYPASSRLS;

CREATE TABLE public.tenant_customers (
    customer_id bigint PRIMARY KEY,
    tenant      name NOT NULL
);
GRANT SELECT ON public.tenant_customers TO cs_tenant_a, cs_tenant_b;
GRANT USAGE ON SCHEMA public TO cs_tenant_a, cs_tenant_b;

-- The extension's tables and sequences, found in the catalog.
CREATE TEMP VIEW rls_extension_relations AS
SELECT c.oid::regclass AS rel, c.relkind,
       EXISTS (SELECT 1 FROM pg_attribute a
               WHERE a.attrelid = c.oid AND a.attname = 'customer_id' AND NOT a.attisdropped)
           AS has_customer_id
FROM pg_depend d
JOIN pg_extension e ON d.refclassid = 'pg_extension'::regclass AND d.refobjid = e.oid
JOIN pg_class c ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
WHERE e.extname = 'customer_scoring' AND d.deptype = 'e';

DO $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT * FROM rls_extension_relations LOOP
        IF r.relkind = 'r' THEN
            EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO cs_tenant_a, cs_tenant_b', r.rel);
        ELSIF r.relkind IN ('v', 'm') THEN
            EXECUTE format('GRANT SELECT ON %s TO cs_tenant_a, cs_tenant_b', r.rel);
        ELSIF r.relkind = 'S' THEN
            EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE %s TO cs_tenant_a, cs_tenant_b', r.rel);
        END IF;
        IF r.relkind = 'r' AND r.has_customer_id THEN
            EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', r.rel);
            EXECUTE format('CREATE POLICY tenant_rows ON %s USING (EXISTS (
                                SELECT 1 FROM public.tenant_customers t
                                WHERE t.customer_id = %s.customer_id AND t.tenant = current_user))',
                           r.rel, r.rel);
        END IF;
    END LOOP;
END
$$;
ALTER TABLE customers ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_rows ON customers USING (EXISTS (
    SELECT 1 FROM public.tenant_customers t
    WHERE t.customer_id = customers.id AND t.tenant = current_user));

-- ---------------------------------------------------------------------------
-- data of both tenants, written as the superuser
-- ---------------------------------------------------------------------------

INSERT INTO tenant_customers VALUES
    (991001, 'cs_tenant_a'), (991002, 'cs_tenant_a'),
    (992001, 'cs_tenant_b'), (992002, 'cs_tenant_b');

INSERT INTO customers (id, first_name, last_name, email, phone, date_of_birth, anniversary_date)
SELECT t.customer_id, CASE WHEN t.tenant = 'cs_tenant_a' THEN 'Alice' ELSE 'Bob' END,
       'Tenant' || t.customer_id, 'c' || t.customer_id || '@example.com', '+100' || t.customer_id,
       (current_date + 3 - interval '36 years')::date, (current_date + 5 - interval '10 years')::date
FROM tenant_customers t;

INSERT INTO orders (customer_id, total_amount, ordered_at)
SELECT t.customer_id, 100 * g, now() - g * interval '10 days'
FROM tenant_customers t CROSS JOIN generate_series(1, 3) g;

INSERT INTO customer_engagement_events (customer_id, engagement_type, occurred_at)
SELECT t.customer_id, e, now() - interval '1 day'
FROM tenant_customers t CROSS JOIN unnest('{test_drive,inquiry}'::engagement_type[]) e;

INSERT INTO customer_interactions (customer_id, interaction_type, interaction_direction, outcome, feedback_score)
SELECT customer_id, 'call', 'inbound', 'interested', 80 FROM tenant_customers;

INSERT INTO customer_behavior (customer_id, behavior_type, product_id, product_name)
SELECT customer_id, 'product_view',
       CASE WHEN tenant = 'cs_tenant_a' THEN 'prod-a' ELSE 'prod-b' END, 'Product of ' || tenant
FROM tenant_customers;

INSERT INTO customer_family_members (customer_id, name, relationship, date_of_birth)
SELECT customer_id, 'Kid of ' || customer_id, 'child', (current_date + 7 - interval '8 years')::date
FROM tenant_customers;

INSERT INTO customer_dropoff_tracking (customer_id, stage, cart_value)
SELECT customer_id, 'add_to_cart', 50 FROM tenant_customers;

INSERT INTO customer_tags (customer_id, tag) SELECT customer_id, 'vip' FROM tenant_customers;

INSERT INTO leads (customer_id, name, phone) SELECT customer_id, 'Lead of ' || customer_id, '+1' FROM tenant_customers;

DO $$
BEGIN
    PERFORM loyalty_earn(customer_id, 100) FROM tenant_customers;
    PERFORM refresh_rfm_scores();
    PERFORM refresh_health_scores();
END
$$;

-- ---------------------------------------------------------------------------
-- collecting results as a tenant
-- ---------------------------------------------------------------------------

CREATE TEMP TABLE rls_seen (tenant name, check_name text, got text);
GRANT INSERT, SELECT ON rls_seen TO cs_tenant_a, cs_tenant_b;

-- The first column of the first row of q as text, or "ERROR <sqlstate>".
-- Runs with the caller's rights (not SECURITY DEFINER).
CREATE FUNCTION pg_temp.rls_try(q text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    r text;
BEGIN
    EXECUTE q INTO r;
    RETURN r;
EXCEPTION WHEN OTHERS THEN
    RETURN 'ERROR ' || SQLSTATE;
END
$$;

-- Every check: its name and a query that yields one text.  The customer ids
-- a check sees are listed comma-separated in order, so a foreign row shows.
CREATE TEMP TABLE rls_check (id serial, check_name text, q text);
GRANT SELECT ON rls_check TO cs_tenant_a, cs_tenant_b;
INSERT INTO rls_check (check_name, q) VALUES
-- views
('view warmth_analytics', $$SELECT string_agg(customer_id::text, ',' ORDER BY customer_id) FROM warmth_analytics$$),
('view warmth_trends', $$SELECT string_agg(DISTINCT customer_id::text, ',') FROM warmth_trends$$),
('view warmth_pipeline', $$SELECT sum(customer_count)::text FROM warmth_pipeline$$),
('view customer_360_view', $$SELECT string_agg(customer_id::text, ',' ORDER BY customer_id) FROM customer_360_view$$),
('view upcoming_birthdays_anniversaries', $$SELECT string_agg(DISTINCT customer_id::text, ',') FROM upcoming_birthdays_anniversaries$$),
('view ai_call_recommendations', $$SELECT string_agg(customer_id::text, ',' ORDER BY customer_id) FROM ai_call_recommendations$$),
('view rfm_segment_distribution', $$SELECT sum(customers)::text FROM rfm_segment_distribution$$),
('view health_score_overview', $$SELECT sum(customers)::text FROM health_score_overview$$),
-- read JSON functions over everyone
('customer_360_list()', $$SELECT string_agg(e ->> 'customer_id', ',' ORDER BY e ->> 'customer_id') FROM jsonb_array_elements(customer_360_list()) e$$),
('customers_by_lifecycle()', $$SELECT string_agg(e ->> 'customer_id', ',' ORDER BY e ->> 'customer_id') FROM jsonb_array_elements(customers_by_lifecycle((SELECT lifecycle_stage FROM customers WHERE id IN (991001, 992001) ORDER BY id LIMIT 1))) e$$),
('dashboard_statistics()', $$SELECT dashboard_statistics() ->> 'total_customers'$$),
('call_recommendations()', $$SELECT string_agg(e ->> 'customer_id', ',' ORDER BY e ->> 'customer_id') FROM jsonb_array_elements(call_recommendations()) e$$),
('top_priority_customers() has no foreign row', $$SELECT count(*)::text FROM jsonb_array_elements(top_priority_customers(100)) e WHERE (e ->> 'customer_id')::bigint NOT IN (SELECT customer_id FROM tenant_customers WHERE tenant = current_user)$$),
('rfm_distribution()', $$SELECT rfm_distribution() ->> 'total'$$),
('rfm_scores()', $$SELECT string_agg(e ->> 'customer_id', ',' ORDER BY e ->> 'customer_id') FROM jsonb_array_elements(rfm_scores() -> 'scores') e$$),
('health_overview()', $$SELECT health_overview() ->> 'total'$$),
('most_viewed_products(everyone)', $$SELECT string_agg(e ->> 'product_id', ',' ORDER BY e ->> 'product_id') FROM jsonb_array_elements(most_viewed_products(NULL)) e$$),
('upcoming_birthdays()', $$SELECT string_agg(DISTINCT e ->> 'customer_id', ',') FROM jsonb_array_elements(upcoming_birthdays(366)) e$$),
('upcoming_anniversaries()', $$SELECT string_agg(DISTINCT e ->> 'customer_id', ',') FROM jsonb_array_elements(upcoming_anniversaries(366)) e$$),
('warmth_analytics_json()', $$SELECT string_agg(e ->> 'customer_id', ',' ORDER BY e ->> 'customer_id') FROM jsonb_array_elements(warmth_analytics_json()) e$$),
('customer_profiles()', $$SELECT customer_profiles() ->> 'total'$$),
('customers_matching(everyone)', $$SELECT string_agg(m::text, ',' ORDER BY m) FROM customers_matching('{"all": []}') m$$),
('customers_matching(tags_any)', $$SELECT string_agg(m::text, ',' ORDER BY m) FROM customers_matching('{"tags_any": ["vip"]}') m$$),
-- point reads of the other tenant's customer
('customer_360(other)', $$SELECT customer_360(other.id) FROM other$$),
('customer_profile(other)', $$SELECT customer_profile(other.id) FROM other$$),
('customer_warmth_json(other)', $$SELECT customer_warmth_json(other.id) FROM other$$),
('customer_rfm(other)', $$SELECT customer_rfm(other.id) FROM other$$),
('customer_health(other)', $$SELECT customer_health(other.id) FROM other$$),
('customer_recommendation(other)', $$SELECT customer_recommendation(other.id) FROM other$$),
('family_members(other)', $$SELECT family_members(other.id) FROM other$$),
('interaction_stats(other)', $$SELECT interaction_stats(other.id) FROM other$$),
('customer_analytics_json(other)', $$SELECT customer_analytics_json(other.id) FROM other$$),
('explain_engagement(other)', $$SELECT count(*)::text FROM other, explain_engagement(other.id)$$),
('gdpr_export(other)', $$SELECT gdpr_export(other.id)::text FROM other$$),
('loyalty_balance(other)', $$SELECT loyalty_balance(other.id)::text FROM other$$),
-- point reads of the tenant's own customer work
('customer_360(own)', $$SELECT customer_360(own.id) ->> 'customer_id' FROM own$$),
('gdpr_export(own)', $$SELECT gdpr_export(own.id) -> 'row_counts' ->> 'customers' FROM own$$),
-- writes
('update_customer(other)', $$SELECT update_customer(other.id, '{"first_name": "Mallory"}')::text FROM other$$);

-- "other" and "own": the first customer of the other tenant and of this one.
CREATE TEMP VIEW other AS
SELECT min(customer_id) AS id FROM tenant_customers WHERE tenant <> current_user;
CREATE TEMP VIEW own AS
SELECT min(customer_id) AS id FROM tenant_customers WHERE tenant = current_user;
GRANT SELECT ON other, own TO cs_tenant_a, cs_tenant_b;

-- ---------------------------------------------------------------------------
-- as tenant A
-- ---------------------------------------------------------------------------

SET LOCAL ROLE cs_tenant_a;
INSERT INTO rls_seen SELECT current_user, c.check_name, pg_temp.rls_try(c.q) FROM rls_check c ORDER BY c.id;
-- writes that must not reach tenant B
INSERT INTO rls_seen SELECT current_user, 'insert event for other',
    pg_temp.rls_try($$INSERT INTO customer_engagement_events (customer_id, engagement_type) VALUES (992001, 'purchase') RETURNING 'no error'$$);
INSERT INTO rls_seen SELECT current_user, 'insert event for own',
    pg_temp.rls_try($$INSERT INTO customer_engagement_events (customer_id, engagement_type) VALUES (991001, 'quote_request') RETURNING 'ok'$$);
INSERT INTO rls_seen SELECT current_user, 'loyalty_earn(other)',
    pg_temp.rls_try($$SELECT loyalty_earn(992001, 10)::text$$);
INSERT INTO rls_seen SELECT current_user, 'refresh_rfm_scores()',
    pg_temp.rls_try($$SELECT refresh_rfm_scores()::text$$);
INSERT INTO rls_seen SELECT current_user, 'refresh_health_scores()',
    pg_temp.rls_try($$SELECT refresh_health_scores()::text$$);
INSERT INTO rls_seen SELECT current_user, 'refresh_customer_lifecycle()',
    pg_temp.rls_try($$SELECT refresh_customer_lifecycle()::text$$);
INSERT INTO rls_seen SELECT current_user, 'gdpr_erase(other)',
    pg_temp.rls_try($$SELECT gdpr_erase(992001) ->> 'total_rows_deleted'$$);
INSERT INTO rls_seen SELECT current_user, 'delete other customer',
    pg_temp.rls_try($$WITH d AS (DELETE FROM customers WHERE id = 992002 RETURNING 1) SELECT count(*)::text FROM d$$);
RESET ROLE;

-- ---------------------------------------------------------------------------
-- as tenant B, the symmetric view of a few checks
-- ---------------------------------------------------------------------------

SET LOCAL ROLE cs_tenant_b;
INSERT INTO rls_seen SELECT current_user, c.check_name, pg_temp.rls_try(c.q) FROM rls_check c
WHERE c.check_name IN ('view customer_360_view', 'customer_360_list()', 'dashboard_statistics()',
                       'most_viewed_products(everyone)', 'customer_360(other)');
RESET ROLE;

-- ---------------------------------------------------------------------------
-- assertions (as the session user again)
-- ---------------------------------------------------------------------------

CREATE TEMP VIEW rls_a AS SELECT check_name, got FROM rls_seen WHERE tenant = 'cs_tenant_a';
\set a_ids '''991001,991002'''

SELECT is(current_user::text, session_user::text, 'back to the session user after RESET ROLE');
SELECT is((SELECT got FROM rls_a WHERE check_name = 'view warmth_analytics'), :a_ids,
          'tenant A: warmth_analytics shows only A''s customers');
SELECT is((SELECT got FROM rls_a WHERE check_name = 'view warmth_trends'), :a_ids,
          'tenant A: warmth_trends shows only A''s customers');
SELECT is((SELECT got FROM rls_a WHERE check_name = 'view warmth_pipeline'), '2',
          'tenant A: warmth_pipeline counts only A''s customers');
SELECT is((SELECT got FROM rls_a WHERE check_name = 'view customer_360_view'), :a_ids,
          'tenant A: customer_360_view shows only A''s customers');
SELECT is((SELECT got FROM rls_a WHERE check_name = 'view upcoming_birthdays_anniversaries'), :a_ids,
          'tenant A: upcoming_birthdays_anniversaries shows only A''s customers');
SELECT is((SELECT got FROM rls_a WHERE check_name = 'view ai_call_recommendations'), :a_ids,
          'tenant A: ai_call_recommendations shows only A''s customers');
SELECT is((SELECT got FROM rls_a WHERE check_name = 'view rfm_segment_distribution'), '2',
          'tenant A: rfm_segment_distribution counts only A''s customers');
SELECT is((SELECT got FROM rls_a WHERE check_name = 'view health_score_overview'), '2',
          'tenant A: health_score_overview counts only A''s customers');

SELECT is((SELECT got FROM rls_a WHERE check_name = 'customer_360_list()'), :a_ids,
          'tenant A: customer_360_list() lists only A''s customers');
SELECT is((SELECT got FROM rls_a WHERE check_name = 'customers_by_lifecycle()'), :a_ids,
          'tenant A: customers_by_lifecycle() lists only A''s customers');
SELECT is((SELECT got FROM rls_a WHERE check_name = 'dashboard_statistics()'), '2',
          'tenant A: dashboard_statistics() counts only A''s customers');
SELECT is((SELECT got FROM rls_a WHERE check_name = 'call_recommendations()'), :a_ids,
          'tenant A: call_recommendations() lists only A''s customers');
SELECT is((SELECT got FROM rls_a WHERE check_name = 'top_priority_customers() has no foreign row'), '0',
          'tenant A: top_priority_customers() lists no customer of B');
SELECT is((SELECT got FROM rls_a WHERE check_name = 'rfm_distribution()'), '2',
          'tenant A: rfm_distribution() counts only A''s customers');
SELECT is((SELECT got FROM rls_a WHERE check_name = 'rfm_scores()'), :a_ids,
          'tenant A: rfm_scores() lists only A''s customers');
SELECT is((SELECT got FROM rls_a WHERE check_name = 'health_overview()'), '2',
          'tenant A: health_overview() counts only A''s customers');
SELECT is((SELECT got FROM rls_a WHERE check_name = 'most_viewed_products(everyone)'), 'prod-a',
          'tenant A: most_viewed_products(NULL) shows only products A''s customers viewed');
SELECT is((SELECT got FROM rls_a WHERE check_name = 'upcoming_birthdays()'), :a_ids,
          'tenant A: upcoming_birthdays() lists only A''s customers and their families');
SELECT is((SELECT got FROM rls_a WHERE check_name = 'upcoming_anniversaries()'), :a_ids,
          'tenant A: upcoming_anniversaries() lists only A''s customers');
SELECT is((SELECT got FROM rls_a WHERE check_name = 'warmth_analytics_json()'), :a_ids,
          'tenant A: warmth_analytics_json() lists only A''s customers');
SELECT is((SELECT got FROM rls_a WHERE check_name = 'customer_profiles()'), '2',
          'tenant A: customer_profiles() counts only A''s customers');
SELECT is((SELECT got FROM rls_a WHERE check_name = 'customers_matching(everyone)'), :a_ids,
          'tenant A: customers_matching() (dynamic SQL) matches only A''s customers');
SELECT is((SELECT got FROM rls_a WHERE check_name = 'customers_matching(tags_any)'), :a_ids,
          'tenant A: customers_matching() on tags matches only A''s customers');

SELECT is((SELECT got FROM rls_a WHERE check_name = 'customer_360(other)'), NULL,
          'tenant A: customer_360() of B''s customer is NULL');
SELECT is((SELECT got FROM rls_a WHERE check_name = 'customer_profile(other)'), NULL,
          'tenant A: customer_profile() of B''s customer is NULL');
SELECT is((SELECT got FROM rls_a WHERE check_name = 'customer_warmth_json(other)'), NULL,
          'tenant A: customer_warmth_json() of B''s customer is NULL');
SELECT is((SELECT got FROM rls_a WHERE check_name = 'customer_rfm(other)'), NULL,
          'tenant A: customer_rfm() of B''s customer is NULL');
SELECT is((SELECT got FROM rls_a WHERE check_name = 'customer_health(other)'), NULL,
          'tenant A: customer_health() of B''s customer is NULL');
SELECT is((SELECT got FROM rls_a WHERE check_name = 'customer_recommendation(other)'), NULL,
          'tenant A: customer_recommendation() of B''s customer is NULL');
SELECT is((SELECT got FROM rls_a WHERE check_name = 'family_members(other)'), NULL,
          'tenant A: family_members() of B''s customer is NULL');
SELECT is((SELECT got FROM rls_a WHERE check_name = 'interaction_stats(other)'), NULL,
          'tenant A: interaction_stats() of B''s customer is NULL');
SELECT is((SELECT got FROM rls_a WHERE check_name = 'customer_analytics_json(other)'), NULL,
          'tenant A: customer_analytics_json() of B''s customer is NULL');
SELECT is((SELECT got FROM rls_a WHERE check_name = 'explain_engagement(other)'), '0',
          'tenant A: explain_engagement() of B''s customer explains nothing');
SELECT is((SELECT got FROM rls_a WHERE check_name = 'gdpr_export(other)'), 'ERROR 22023',
          'tenant A: gdpr_export() of B''s customer says it does not exist');
SELECT is((SELECT got FROM rls_a WHERE check_name = 'loyalty_balance(other)'), 'ERROR 22023',
          'tenant A: loyalty_balance() of B''s customer says it does not exist');
SELECT is((SELECT got FROM rls_a WHERE check_name = 'customer_360(own)'), '991001',
          'tenant A: customer_360() of its own customer works');
SELECT is((SELECT got FROM rls_a WHERE check_name = 'gdpr_export(own)'), '1',
          'tenant A: gdpr_export() of its own customer works');

SELECT is((SELECT got FROM rls_a WHERE check_name = 'update_customer(other)'), NULL,
          'tenant A: update_customer() of B''s customer changes nothing');
SELECT is((SELECT first_name FROM customers WHERE id = 992001), 'Bob',
          'tenant A: ... B''s customer keeps its name');
SELECT is((SELECT got FROM rls_a WHERE check_name = 'insert event for other'), 'ERROR 42501',
          'tenant A: an event for B''s customer violates the policy');
SELECT is((SELECT count(*) FROM customer_engagement_events WHERE customer_id = 992001), 2::bigint,
          'tenant A: ... and B''s events are unchanged');
SELECT is((SELECT got FROM rls_a WHERE check_name = 'insert event for own'), 'ok',
          'tenant A: an event for its own customer works (the triggers run as A)');
SELECT is((SELECT format('%s %s', total_interactions, last_engagement_type) FROM customer_warmth
           WHERE customer_id = 991001),
          '3 quote_request', 'tenant A: ... and its warmth row followed');
SELECT is((SELECT got FROM rls_a WHERE check_name = 'loyalty_earn(other)'), 'ERROR 22023',
          'tenant A: loyalty_earn() for B''s customer says it does not exist');
SELECT is((SELECT points_balance FROM customer_loyalty_points WHERE customer_id = 992001), 100,
          'tenant A: ... and B''s balance is unchanged');
SELECT matches((SELECT got FROM rls_a WHERE check_name = 'refresh_rfm_scores()'), '^[0-9]+$',
               'tenant A: refresh_rfm_scores() runs');
SELECT is((SELECT count(*) FROM customer_rfm_scores WHERE customer_id IN (992001, 992002)), 2::bigint,
          'tenant A: ... and leaves B''s RFM rows alone');
SELECT matches((SELECT got FROM rls_a WHERE check_name = 'refresh_health_scores()'), '^[0-9]+$',
               'tenant A: refresh_health_scores() runs');
SELECT is((SELECT count(*) FROM customer_health_scores WHERE customer_id IN (992001, 992002)), 2::bigint,
          'tenant A: ... and leaves B''s health rows alone');
SELECT matches((SELECT got FROM rls_a WHERE check_name = 'refresh_customer_lifecycle()'), '^[0-9]+$',
               'tenant A: refresh_customer_lifecycle() runs');
SELECT is((SELECT got FROM rls_a WHERE check_name = 'gdpr_erase(other)'), '0',
          'tenant A: gdpr_erase() of B''s customer deletes nothing');
SELECT is((SELECT got FROM rls_a WHERE check_name = 'delete other customer'), '0',
          'tenant A: DELETE of B''s customer deletes nothing');
SELECT is((SELECT count(*) FROM customers WHERE id IN (992001, 992002)), 2::bigint,
          'tenant A: ... B''s customers are still there');
SELECT is((SELECT count(*) FROM customer_interactions WHERE customer_id IN (992001, 992002)), 2::bigint,
          'tenant A: ... with all their rows');

SELECT is((SELECT got FROM rls_seen WHERE tenant = 'cs_tenant_b' AND check_name = 'view customer_360_view'),
          '992001,992002', 'tenant B: customer_360_view shows only B''s customers');
SELECT is((SELECT got FROM rls_seen WHERE tenant = 'cs_tenant_b' AND check_name = 'customer_360_list()'),
          '992001,992002', 'tenant B: customer_360_list() lists only B''s customers');
SELECT is((SELECT got FROM rls_seen WHERE tenant = 'cs_tenant_b' AND check_name = 'dashboard_statistics()'),
          '2', 'tenant B: dashboard_statistics() counts only B''s customers');
SELECT is((SELECT got FROM rls_seen WHERE tenant = 'cs_tenant_b' AND check_name = 'most_viewed_products(everyone)'),
          'prod-b', 'tenant B: most_viewed_products(NULL) shows only B''s products');
SELECT is((SELECT got FROM rls_seen WHERE tenant = 'cs_tenant_b' AND check_name = 'customer_360(other)'),
          NULL, 'tenant B: customer_360() of A''s customer is NULL');

-- ---------------------------------------------------------------------------
-- the catalog: invoker rights everywhere
-- ---------------------------------------------------------------------------

SELECT is(ARRAY(SELECT p.oid::regprocedure::text
                FROM pg_proc p
                JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
                JOIN pg_extension e ON d.refclassid = 'pg_extension'::regclass AND d.refobjid = e.oid
                WHERE e.extname = 'customer_scoring' AND p.prosecdef
                  AND NOT (p.proname IN ('raise_customer_alert', 'customer_warmth_alert',
                                         'customer_health_alert', 'leads_alert',
                                         'customer_predictions_alert')
                           AND 'search_path=pg_catalog, pg_temp' = ANY (p.proconfig)
                           AND NOT has_function_privilege('public', p.oid, 'EXECUTE'))
                ORDER BY 1),
          '{}'::text[], 'no function of the extension is SECURITY DEFINER but the alert-raising path (search_path pinned, EXECUTE revoked from PUBLIC)');
SELECT is(ARRAY(SELECT r.rel::text FROM rls_extension_relations r
                JOIN pg_class c ON c.oid = r.rel
                WHERE r.relkind = 'v'
                  AND NOT EXISTS (SELECT 1 FROM pg_options_to_table(c.reloptions) o
                                  WHERE o.option_name = 'security_invoker'
                                    AND o.option_value IN ('true', 'on', '1', 'yes'))
                ORDER BY 1),
          '{}'::text[], 'every view of the extension is security_invoker');
SELECT is(ARRAY(SELECT r.rel::text FROM rls_extension_relations r
                WHERE r.relkind IN ('v', 'm')
                  AND 'view ' || r.rel::text NOT IN (SELECT check_name FROM rls_check)
                ORDER BY 1),
          '{}'::text[], 'every view of the extension is checked above');
SELECT is(ARRAY(SELECT r.rel::text FROM rls_extension_relations r
                JOIN pg_class c ON c.oid = r.rel
                WHERE r.relkind = 'r' AND r.has_customer_id AND NOT c.relrowsecurity
                ORDER BY 1),
          '{}'::text[], 'the policy covers every customer-scoped table of the extension');

SELECT * FROM finish();
ROLLBACK;
