-- test/extensible_tables.sql — users can add their own columns to every table
-- of the extension (issue "Production readiness", item 1).
--
-- First the catalog: no function of the extension depends on a column or
-- the row type of one of its tables (a BEGIN ATOMIC body records such a
-- dependency, and then ALTER TABLE ... ADD COLUMN with a volatile default, or
-- DROP COLUMN, fails), and no function takes or returns a table's row type.
-- Then a column is added to EVERY table of the extension (found in the
-- catalog): some NOT NULL with a default, one with a volatile default
-- (a table rewrite); the columns are filled, the whole application flow runs
-- through the normal paths with the triggers on (customers, orders and items,
-- engagement events, interactions, leads, loyalty, segments, every JSON
-- function, the refreshes, GDPR export and erase) and its results are
-- checked; then the columns are dropped and the flow still works.  Functions
-- are called once before the columns are added, so that their cached plans
-- meet the changed tables too.
-- Needs: CREATE EXTENSION pgtap; CREATE EXTENSION customer_scoring; in public.
BEGIN;
SELECT plan(35);
SET LOCAL client_min_messages = warning;

-- the extension's tables and functions
CREATE TEMP VIEW ext_member AS
SELECT d.classid, d.objid
FROM pg_depend d
JOIN pg_extension e ON d.refclassid = 'pg_extension'::regclass AND d.refobjid = e.oid
WHERE e.extname = 'customer_scoring' AND d.deptype = 'e';
CREATE TEMP VIEW ext_table AS
SELECT c.oid::regclass AS rel, c.relname, c.reltype
FROM ext_member m JOIN pg_class c ON m.classid = 'pg_class'::regclass AND c.oid = m.objid
WHERE c.relkind IN ('r', 'p');
CREATE TEMP VIEW ext_function AS
SELECT p.oid, p.oid::regprocedure AS fn, p.prorettype, p.proallargtypes, p.proargtypes
FROM ext_member m JOIN pg_proc p ON m.classid = 'pg_proc'::regclass AND p.oid = m.objid;

-- ---------------------------------------------------------------------------
-- the catalog
-- ---------------------------------------------------------------------------

SELECT is((SELECT array_agg(DISTINCT f.fn::text ORDER BY f.fn::text)
           FROM ext_function f
           JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = f.oid
           JOIN ext_member r ON r.classid = 'pg_class'::regclass AND r.objid = d.refobjid
           WHERE d.refclassid = 'pg_class'::regclass AND d.deptype = 'n'),
          NULL,
          'no function of the extension depends on a table, view or column of the extension');

SELECT is((SELECT array_agg(DISTINCT f.fn::text ORDER BY f.fn::text)
           FROM ext_function f
           JOIN pg_type t ON t.oid = ANY (f.prorettype || f.proargtypes::oid[] || COALESCE(f.proallargtypes, '{}'))
           JOIN pg_class c ON c.oid = t.typrelid AND c.relkind IN ('r', 'p', 'v')),
          NULL,
          'no function of the extension takes or returns the row type of a table or view');

-- ---------------------------------------------------------------------------
-- the flow once before: compiled functions and cached plans
-- ---------------------------------------------------------------------------

SELECT isnt(create_customer('{"firstName": "Warm", "lastName": "Up"}') ->> 'id', NULL,
            'create_customer works before the columns are added');

-- ---------------------------------------------------------------------------
-- a column of the user's on every table
-- ---------------------------------------------------------------------------

SELECT cmp_ok((SELECT count(*)::integer FROM ext_table), '>=', 27, 'the catalog lists the extension''s tables');

SELECT lives_ok($q$
    DO $do$
    DECLARE
        t record;
        i integer := 0;
    BEGIN
        FOR t IN SELECT * FROM ext_table ORDER BY relname LOOP
            i := i + 1;
            EXECUTE format('ALTER TABLE %s ADD COLUMN user_note text', t.rel);
            IF i % 2 = 0 THEN
                EXECUTE format('ALTER TABLE %s ADD COLUMN user_flag integer NOT NULL DEFAULT 7', t.rel);
            END IF;
        END LOOP;
    END
    $do$$q$,
    'a text column on every table, and a NOT NULL column with a default on every other one');
SELECT lives_ok($$ALTER TABLE customers ADD COLUMN user_uuid uuid NOT NULL DEFAULT gen_random_uuid()$$,
                'customers: a NOT NULL column with a volatile default (the table is rewritten)');
SELECT lives_ok($$ALTER TABLE orders ADD COLUMN user_seen_at timestamptz DEFAULT clock_timestamp()$$,
                'orders: a column with a volatile default');
SELECT lives_ok($$ALTER TABLE customer_warmth ADD COLUMN user_tenant integer$$,
                'customer_warmth: an integer column');
SELECT is((SELECT count(*)::integer FROM ext_table t
           WHERE NOT EXISTS (SELECT 1 FROM pg_attribute a
                             WHERE a.attrelid = t.rel AND a.attname = 'user_note' AND NOT a.attisdropped)),
          0, 'every table of the extension has the new column');
SELECT lives_ok($q$
    DO $do$
    DECLARE
        t record;
    BEGIN
        FOR t IN SELECT * FROM ext_table LOOP
            EXECUTE format('UPDATE %s SET user_note = %L', t.rel, 'filled by the user');
        END LOOP;
    END
    $do$$q$,
    'the new columns of existing rows are filled (through the triggers)');

-- ---------------------------------------------------------------------------
-- the flow through the normal paths
-- ---------------------------------------------------------------------------

CREATE TEMP TABLE flow (k text PRIMARY KEY, v jsonb);
INSERT INTO flow SELECT 'customer', create_customer(
    '{"firstName": "Ext", "lastName": "Ended", "email": "ext@example.com", "phone": "+4900111", "dateOfBirth": "1980-02-02", "city": "Berlin", "gdpr_consent": true}');
CREATE TEMP VIEW cid AS SELECT (v ->> 'id')::bigint AS id FROM flow WHERE k = 'customer';

SELECT ok((SELECT v ? 'user_uuid' AND v ->> 'user_uuid' IS NOT NULL FROM flow WHERE k = 'customer'),
          'create_customer returns the new row with the user''s columns and their defaults');
SELECT is((SELECT update_customer(id, '{"city": "Hamburg", "user_note": "ignored"}') ->> 'city' FROM cid), 'Hamburg',
          'update_customer changes the profile');

INSERT INTO orders (customer_id, total_amount, ordered_at, user_note)
SELECT id, 300, now() - interval '2 days', 'order note' FROM cid;
INSERT INTO order_items (customer_id, order_id, product_id, quantity, unit_price)
SELECT o.customer_id, o.id, 'sku-1', 2, 150 FROM orders o JOIN cid ON o.customer_id = cid.id;
SELECT is((SELECT total_orders || '/' || lifetime_value FROM customers JOIN cid USING (id)), '1/300.00',
          'the orders trigger keeps the totals');

INSERT INTO customer_engagement_events (customer_id, engagement_type) SELECT id, 'test_drive' FROM cid;
SELECT is((SELECT total_interactions FROM customer_warmth JOIN cid ON customer_id = cid.id), 1,
          'an engagement event updates the warmth row');
SELECT cmp_ok((SELECT count(*)::integer FROM customer_warmth_history JOIN cid ON customer_id = cid.id), '>=', 1,
              'and writes warmth history');
SELECT is((SELECT update_customer_warmth(id, '{"budget_qualification_score": 80, "notes": "ext"}') ->> 'budget_qualification_score' FROM cid),
          '80.00', 'update_customer_warmth sets a component');

SELECT lives_ok($$
    SELECT track_interaction(id, '{"interaction_type": "call", "outcome": "interested"}'),
           track_behavior(id, '{"behavior_type": "product_view", "productId": "sku-2"}'),
           track_dropoff(id, '{"stage": "add_to_cart", "cart_value": 10}'),
           add_family_member(id, '{"name": "Kid", "relationship": "child"}'),
           add_customer_address(id, '{"line1": "Main 1", "is_default": true}'),
           set_customer_preferences(id, '{"sms_notifications": true}'),
           add_tag(id, 'vip'), add_note(id, '{"content": "n"}'),
           log_communication(id, '{"channel": "email", "status": "sent"}')
    FROM cid$$,
    'interactions, behaviour, drop-offs, family, addresses, preferences, tags, notes, communications');
SELECT lives_ok($$
    SELECT update_family_member(c.id, m.id, '{"name": "Kid 2"}'), recover_dropoff(c.id, d.id, 'sms')
    FROM cid c
    JOIN customer_family_members m ON m.customer_id = c.id
    JOIN customer_dropoff_tracking d ON d.customer_id = c.id$$,
    'update_family_member and recover_dropoff');

INSERT INTO leads (customer_id, name, phone, budget_max, qr_scan_count)
SELECT id, 'Ext lead', '+4900111', 500000, 3 FROM cid;
SELECT ok((SELECT lead_score IS NOT NULL FROM leads JOIN cid ON customer_id = cid.id),
          'the leads trigger scores a lead');

SELECT is((SELECT loyalty_earn(id, 100) ->> 'points_balance' FROM cid), '100', 'loyalty_earn');
SELECT is((SELECT loyalty_redeem(id, 30) ->> 'points_balance' FROM cid), '70', 'loyalty_redeem');

SELECT is((SELECT create_segment('ext berliners', '{"field": "city", "value": "Hamburg"}') ->> 'member_count'),
          '1', 'create_segment evaluates criteria');
SELECT is((SELECT refresh_segment(s.id) ->> 'member_count' FROM customer_segments s WHERE s.name = 'ext berliners'),
          '1', 'refresh_segment');
SELECT is((SELECT array_agg(m) FROM customers_matching('{"tags_any": ["vip"]}') m JOIN cid ON m = cid.id),
          (SELECT ARRAY[id] FROM cid), 'customers_matching');

SELECT ok(refresh_customer_lifecycle() >= 0 AND refresh_rfm_scores() >= 1 AND refresh_health_scores() >= 1
          AND refresh_warmth_scores() >= 0,
          'the refreshes run');

-- every JSON read of one customer answers, and shows the user's column where it returns a row
SELECT is((SELECT array_agg(f ORDER BY f) FROM cid, LATERAL (VALUES
              ('customer_360', customer_360(id)), ('family_members', family_members(id)),
              ('customer_interactions_list', customer_interactions_list(id)),
              ('interaction_stats', interaction_stats(id)), ('customer_behaviors', customer_behaviors(id)),
              ('most_viewed_products', most_viewed_products(id)), ('customer_dropoffs', customer_dropoffs(id)),
              ('customer_recommendation', customer_recommendation(id)), ('customer_rfm', customer_rfm(id)),
              ('customer_health', customer_health(id)), ('customer_health_history', customer_health_history(id)),
              ('customer_profile_completeness', customer_profile_completeness(id)),
              ('customer_analytics_json', customer_analytics_json(id)),
              ('demographic_insights', demographic_insights(id)), ('customer_warmth_json', customer_warmth_json(id)),
              ('customer_profile', customer_profile(id)),
              ('customer_communications_list', customer_communications_list(id)),
              ('customer_notes_list', customer_notes_list(id)), ('customer_tags_list', customer_tags_list(id)),
              ('customer_addresses_list', customer_addresses_list(id)),
              ('customer_preferences_json', customer_preferences_json(id)),
              ('segments_list', segments_list(id) -> 'customer_segments')) AS x(f, j)
           WHERE j IS NULL OR j = '[]'::jsonb),
          NULL, 'every JSON read of the customer returns data');
SELECT ok((SELECT customer_profile(id) ->> 'user_note' = 'filled by the user' OR customer_profile(id) ? 'user_note' FROM cid)
          AND (SELECT customer_warmth_json(id) ? 'user_tenant' FROM cid)
          AND (SELECT family_members(id) -> 0 ? 'user_note' FROM cid),
          'the JSON reads carry the user''s columns');
SELECT lives_ok($$SELECT customer_360_list(), customers_by_type('new'), customers_by_lifecycle('first_buyer'),
                         customers_by_temperature('hot'), upcoming_birthdays(366), upcoming_anniversaries(),
                         todays_events(), call_recommendations(), top_priority_customers(),
                         dashboard_statistics(), rfm_distribution(), rfm_scores(), health_overview(),
                         warmth_analytics_json(), customer_profiles(), most_viewed_products(NULL),
                         segments_list()$$,
                'the list and dashboard functions run');
SELECT is((SELECT (dashboard_statistics() ->> 'total_customers')::bigint), (SELECT count(*) FROM customers),
          'dashboard_statistics counts every customer');

SELECT is((SELECT gdpr_export(id) -> 'tables' -> 'orders' -> 0 ->> 'user_note' FROM cid), 'order note',
          'gdpr_export exports the user''s columns');
SELECT is((SELECT gdpr_erase(id, 'anonymize') ->> 'mode' FROM cid), 'anonymize', 'gdpr_erase anonymizes');
SELECT cmp_ok((SELECT (gdpr_erase(id) ->> 'total_rows_deleted')::integer FROM cid), '>', 10,
              'gdpr_erase deletes the customer and its rows');

-- ---------------------------------------------------------------------------
-- the columns go again
-- ---------------------------------------------------------------------------

SELECT lives_ok($q$
    DO $do$
    DECLARE
        t record;
    BEGIN
        FOR t IN SELECT * FROM ext_table LOOP
            EXECUTE format('ALTER TABLE %s DROP COLUMN user_note, DROP COLUMN IF EXISTS user_flag', t.rel);
        END LOOP;
        ALTER TABLE customers DROP COLUMN user_uuid;
        ALTER TABLE orders DROP COLUMN user_seen_at;
        ALTER TABLE customer_warmth DROP COLUMN user_tenant;
    END
    $do$$q$,
    'the user''s columns are dropped again');
INSERT INTO flow SELECT 'after', create_customer('{"firstName": "After"}');
SELECT ok((SELECT NOT (customer_profile((v ->> 'id')::bigint) ? 'user_note') FROM flow WHERE k = 'after'),
          'create_customer and customer_profile work after the columns are dropped');
SELECT ok((SELECT add_tag(c.id, 'after') ->> 'tag' = 'after' FROM customers c WHERE c.first_name = 'After'),
          'writers work after the columns are dropped');

SELECT * FROM finish();
ROLLBACK;
