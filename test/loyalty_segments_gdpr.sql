-- test/loyalty_segments_gdpr.sql — pgTAP tests of loyalty points, segments and
-- GDPR export/erase (SPEC §4; the customer-management CRM's loyalty-points,
-- segments and GDPR features):
--   * loyalty_earn / loyalty_redeem / loyalty_balance / loyalty_points_for_amount:
--     balances, lifetime points, ledger rows and balance_after, tiers from
--     loyalty_programs.tiers, a redeem beyond the balance (22023 with its
--     DETAIL), points <= 0, unknown customer, program or order, inactive programs;
--   * segment criteria of every kind (field operators, in/not_in, like, ilike,
--     contains, is_null, relative dates, enums, rfm_segment after
--     refresh_rfm_scores(), temperature as in customer_360_view, tags_any/all,
--     lifetime_value ranges, all/any/not nesting), bad criteria, values that
--     look like SQL; create_segment, refresh_segment keeping manual members,
--     segments_list;
--   * gdpr_export covering every extension table with a customer_id column
--     (checked against the catalog), gdpr_erase 'delete' leaving no row of the
--     customer anywhere and reporting the counts, 'anonymize' leaving no
--     personal data but keeping orders and scores.
-- Customer ids 9001.. are explicit so the assertions can name them; all is
-- rolled back.
-- Needs: CREATE EXTENSION pgtap; CREATE EXTENSION customer_scoring;
BEGIN;
SET LOCAL TimeZone = 'UTC';
SELECT plan(141);

-- SQLSTATE, message and DETAIL of the error a statement raises.
CREATE FUNCTION pg_temp.error_of(sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    st text;
    msg text;
    det text;
BEGIN
    EXECUTE sql;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
    RETURN st || ': ' || msg || COALESCE(' / ' || NULLIF(det, ''), '');
END
$$;

-- ===========================================================================
-- Loyalty
-- ===========================================================================

INSERT INTO customers (id, first_name, last_name) VALUES
    (9001, 'Lena', 'Loyal'), (9002, 'Nils', 'Never'), (9003, 'Tia', 'Tiered');
INSERT INTO orders (customer_id, id, total_amount) VALUES (9001, 900101, 150), (9002, 900201, 10);

SELECT is((loyalty_earn(9001, 100))->>'points_balance', '100', 'earn 100: balance 100');
SELECT is(loyalty_earn(9001, 50, 1, 'order bonus', 900101)
              - 'created_at' - 'updated_at' - 'last_activity_at' - 'ledger_entry_id',
          '{"customer_id": 9001, "program_id": 1, "points_balance": 150, "lifetime_points_earned": 150,
            "lifetime_points_redeemed": 0, "tier": null}'::jsonb,
          'earn 50 more with an order: the balance row after it (program 1 has no tiers: tier NULL)');
SELECT is(loyalty_redeem(9001, 80, description => 'voucher')
              - 'created_at' - 'updated_at' - 'last_activity_at' - 'ledger_entry_id',
          '{"customer_id": 9001, "program_id": 1, "points_balance": 70, "lifetime_points_earned": 150,
            "lifetime_points_redeemed": 80, "tier": null}'::jsonb,
          'redeem 80: balance 70, lifetime redeemed 80');
SELECT results_eq(
    $$SELECT entry_type, points, balance_after, order_id, description
      FROM customer_loyalty_ledger WHERE customer_id = 9001 ORDER BY id$$,
    $$VALUES ('earn', 100, 100, NULL::bigint, NULL::text), ('earn', 50, 150, 900101, 'order bonus'),
             ('redeem', -80, 70, NULL, 'voucher')$$,
    'one ledger row per earn and redeem, with signed points and balance_after');
SELECT is(pg_temp.error_of('SELECT loyalty_redeem(9001, 71)'),
          '22023: insufficient loyalty points / Customer 9001 has 70 points in program 1; 71 were requested.',
          'redeem beyond the balance: 22023 insufficient loyalty points, DETAIL with balance and request');
SELECT throws_ok('SELECT loyalty_redeem(9001, 71)', '22023', 'insufficient loyalty points',
                 'throws_ok sees the same error');
SELECT is((SELECT points_balance || '/' || (SELECT count(*) FROM customer_loyalty_ledger
                                            WHERE customer_id = 9001)
           FROM customer_loyalty_points WHERE customer_id = 9001),
          '70/3', 'a failed redeem changes neither the balance nor the ledger');
SELECT is(pg_temp.error_of('SELECT loyalty_redeem(9002, 1)'),
          '22023: insufficient loyalty points / Customer 9002 has 0 points in program 1; 1 was requested.',
          'redeem without any balance: 0 points, singular wording');
SELECT is((loyalty_redeem(9001, 70))->>'points_balance', '0', 'redeeming exactly the balance leaves 0');
SELECT is((SELECT sum(points) || '/' || (array_agg(balance_after ORDER BY id DESC))[1]
           FROM customer_loyalty_ledger WHERE customer_id = 9001),
          '0/0', 'sum of ledger points = balance_after of the last entry = balance');

SELECT throws_ok('SELECT loyalty_earn(9001, 0)', '22023', 'points must be greater than 0', 'earn 0 points: 22023');
SELECT throws_ok('SELECT loyalty_earn(9001, -5)', '22023', 'points must be greater than 0', 'earn -5 points: 22023');
SELECT throws_ok('SELECT loyalty_redeem(9001, 0)', '22023', 'points must be greater than 0', 'redeem 0 points: 22023');
SELECT throws_ok('SELECT loyalty_redeem(9001, NULL)', '22004', 'points must not be null', 'redeem NULL points: 22004');
SELECT throws_ok('SELECT loyalty_earn(9001, 5, 424242)', '22023', 'loyalty program 424242 does not exist',
                 'earn in an unknown program: 22023');
SELECT throws_ok('SELECT loyalty_redeem(9001, 5, 424242)', '22023', 'loyalty program 424242 does not exist',
                 'redeem in an unknown program: 22023');
SELECT throws_ok('SELECT loyalty_earn(424242, 5)', '22023', 'customer 424242 does not exist',
                 'earn for an unknown customer: 22023');
SELECT throws_ok('SELECT loyalty_earn(9001, 5, order_id => 900201)', '22023',
                 'order 900201 of customer 9001 does not exist',
                 'earn with another customer''s order: 22023');

-- tiers, expiry, points per amount
INSERT INTO loyalty_programs (name, points_per_currency_unit, min_purchase_amount, points_expiry_days, tiers)
VALUES ('Test tiered', 1.5, 20, 365,
        '[{"name": "Silver", "min_points": 0}, {"name": "Gold", "min_points": 500},
          {"name": "Platinum", "min_points": 2000, "multiplier": 2}]'),
       ('Test closed', 1, 0, NULL, '[]');
UPDATE loyalty_programs SET is_active = false WHERE name = 'Test closed';
CREATE TEMP TABLE tp AS SELECT id FROM loyalty_programs WHERE name = 'Test tiered';

SELECT is((loyalty_earn(9003, 400, (SELECT id FROM tp)))->>'tier', 'Silver', '400 lifetime points: Silver');
SELECT is((loyalty_earn(9003, 100, (SELECT id FROM tp)))->>'tier', 'Gold', '500 lifetime points (= min_points): Gold');
SELECT is((loyalty_redeem(9003, 300, (SELECT id FROM tp)))->>'tier', 'Gold',
          'a redeem does not lower the tier (lifetime earned counts)');
SELECT is(loyalty_balance(9003, (SELECT id FROM tp)) - 'recent_entries' - 'last_activity_at' - 'program_id',
          '{"customer_id": 9003, "program_name": "Test tiered", "program_active": true, "member": true,
            "points_balance": 200, "points_value": 2.00, "lifetime_points_earned": 500,
            "lifetime_points_redeemed": 300, "tier": "Gold",
            "next_tier": {"name": "Platinum", "min_points": 2000, "points_needed": 1500}}'::jsonb,
          'loyalty_balance: balance, value, lifetime points, tier and the next tier');
SELECT is((SELECT jsonb_agg(e->'points') FROM jsonb_array_elements(
               loyalty_balance(9003, (SELECT id FROM tp), 2)->'recent_entries') e),
          '[-300, 100]'::jsonb, 'loyalty_balance: the last entries, newest first');
SELECT is((SELECT count(*) FROM customer_loyalty_ledger
           WHERE customer_id = 9003 AND entry_type = 'earn'
             AND expires_at = created_at + interval '365 days'),
          2::bigint, 'earn entries expire after the program''s points_expiry_days');
SELECT is(loyalty_balance(9002) - 'last_activity_at' - 'program_id' - 'program_name' - 'program_active',
          '{"customer_id": 9002, "member": false, "points_balance": 0, "points_value": 0.00,
            "lifetime_points_earned": 0, "lifetime_points_redeemed": 0, "tier": null, "next_tier": null,
            "recent_entries": []}'::jsonb,
          'loyalty_balance of a customer who never earned: zeros, no tier');
SELECT throws_ok('SELECT loyalty_earn(9003, 5, (SELECT id FROM loyalty_programs WHERE name = ''Test closed''))',
                 '22023', 'loyalty program "Test closed" is not active', 'earn in an inactive program: 22023');
SELECT is(loyalty_points_for_amount(123.99), 123, 'points for 123.99 in the default program: 123');
SELECT is(loyalty_points_for_amount(10.99, (SELECT id FROM tp)), 0,
          'below min_purchase_amount: 0 points');
SELECT is(loyalty_points_for_amount(21.99, (SELECT id FROM tp)), 32, 'floor(21.99 x 1.5) = 32');
SELECT is(loyalty_points_for_amount(100, (SELECT id FROM loyalty_programs WHERE name = 'Test closed')), 0,
          'an inactive program earns 0 points');
SELECT throws_ok('SELECT loyalty_points_for_amount(-1)', '22023', 'amount must not be negative',
                 'negative amount: 22023');
SELECT throws_ok('SELECT loyalty_points_for_amount(1, 424242)', '22023', 'loyalty program 424242 does not exist',
                 'points for an amount in an unknown program: 22023');
SELECT is(loyalty_tier('[]', 1000), NULL, 'loyalty_tier of an empty tier list is NULL');
SELECT throws_ok($$SELECT loyalty_tier('[{"name": "Gold"}]', 1)$$, '22023', 'invalid loyalty tier: {"name": "Gold"}',
                 'a tier without min_points: 22023');

-- ===========================================================================
-- Segments
-- ===========================================================================

INSERT INTO customers (id, first_name, last_name, email, city, profession, date_of_birth, do_not_contact) VALUES
    (9101, 'Ada',  'Lovelace', 'ada@example.org', 'Berlin',  'Software Engineer', '1990-05-01', false),
    (9102, 'Bob',  'Baker',    'bob@example.com', 'Berlin',  'Baker', current_date - 3650, false),
    (9103, 'Cleo', 'Cold',     NULL,              'Hamburg', NULL, NULL, false),
    (9104, 'Dan',  'Dialer',   NULL,              'Paris',   NULL, NULL, false),
    (9105, 'Eve',  'Empty',    NULL,              NULL,      NULL, NULL, true),
    (9106, 'Finn', 'Few',      NULL,              'Munich',  NULL, NULL, false);
-- 9101: 7 orders in the last 3 weeks (Champions, loyal); 9102: one recent order
-- (New Customers, first_buyer); 9103: one order 400 days ago (Lost, inactive)
INSERT INTO orders (customer_id, ordered_at, total_amount)
SELECT 9101, now() - make_interval(days => 3 * i), 400 FROM generate_series(1, 7) i;
INSERT INTO orders (customer_id, ordered_at, total_amount) VALUES
    (9102, now() - interval '10 days', 100), (9103, now() - interval '400 days', 50);
-- 9104: 3 interactions in 30 days (hot); 9106: one (warm)
INSERT INTO customer_interactions (customer_id, interaction_type, interaction_date)
SELECT 9104, 'call', now() - make_interval(days => i) FROM generate_series(1, 3) i;
INSERT INTO customer_interactions (customer_id, interaction_type, interaction_date)
VALUES (9106, 'whatsapp', now() - interval '5 days');
INSERT INTO customer_tags (customer_id, tag) VALUES
    (9101, 'vip'), (9101, 'newsletter'), (9102, 'vip'), (9104, 'newsletter');

-- The matching test customers (9101-9199) as an array.
CREATE FUNCTION pg_temp.seg(criteria jsonb) RETURNS bigint[] LANGUAGE sql AS $$
    SELECT COALESCE(array_agg(x ORDER BY x), '{}') FROM customers_matching(criteria) x
    WHERE x BETWEEN 9101 AND 9199
$$;

SELECT is(pg_temp.seg('{"field": "city", "op": "=", "value": "Berlin"}'), '{9101,9102}', 'city = Berlin');
SELECT is(pg_temp.seg('{"field": "city", "value": "Berlin"}'), '{9101,9102}', 'op defaults to =');
SELECT is(pg_temp.seg('{"field": "city", "op": "<>", "value": "Berlin"}'), '{9103,9104,9106}',
          'city <> Berlin (a NULL city matches no comparison)');
SELECT is(pg_temp.seg('{"field": "city", "op": "!=", "value": "Berlin"}'), '{9103,9104,9106}', '!= is <>');
SELECT is(pg_temp.seg('{"field": "city", "op": "in", "value": ["Hamburg", "Paris", "Rome"]}'), '{9103,9104}',
          'city in [...]');
SELECT is(pg_temp.seg('{"field": "city", "op": "not_in", "value": ["Berlin", "Munich"]}'), '{9103,9104}',
          'city not_in [...]');
SELECT is(pg_temp.seg('{"field": "city", "op": "is_null"}'), '{9105}', 'city is_null');
SELECT is(pg_temp.seg('{"field": "total_orders", "op": ">", "value": 1}'), '{9101}', 'total_orders > 1');
SELECT is(pg_temp.seg('{"field": "total_orders", "op": ">=", "value": "1"}'), '{9101,9102,9103}',
          'total_orders >= "1" (a numeric string)');
SELECT is(pg_temp.seg('{"field": "lifetime_value", "op": "<", "value": 100}'), '{9103,9104,9105,9106}',
          'lifetime_value < 100');
SELECT is(pg_temp.seg('{"field": "profession", "op": "contains", "value": "ENGINEER"}'), '{9101}',
          'contains is a case-insensitive substring');
SELECT is(pg_temp.seg('{"field": "email", "op": "ilike", "value": "%@EXAMPLE.ORG"}'), '{9101}', 'email ilike');
SELECT is(pg_temp.seg('{"field": "name", "op": "like", "value": "B%"}'), '{9102}', 'name like');
SELECT is(pg_temp.seg('{"field": "do_not_contact", "value": true}'), '{9105}', 'boolean field');
SELECT is(pg_temp.seg('{"field": "last_order_at", "op": ">=", "value": {"days_ago": 30}}'), '{9101,9102}',
          'last_order_at within 30 days ({"days_ago": 30})');
SELECT is(pg_temp.seg('{"field": "date_of_birth", "op": "<=", "value": {"years_ago": 18}}'), '{9101}',
          'date_of_birth at least 18 years ago ({"years_ago": 18})');
SELECT is(pg_temp.seg('{"field": "date_of_birth", "op": "<", "value": "2000-01-01"}'), '{9101}',
          'date_of_birth < a date');
SELECT is(pg_temp.seg('{"field": "lifecycle_stage", "op": "=", "value": "loyal"}'), '{9101}',
          'lifecycle_stage = loyal (set by the orders trigger)');
SELECT is(pg_temp.seg('{"field": "lifecycle_stage", "op": ">=", "value": "first_buyer"}'), '{9101,9102,9103}',
          'enums compare in their order');
SELECT is(pg_temp.seg('{"lifecycle_stage": ["first_buyer", "inactive"]}'), '{9102,9103}', 'lifecycle_stage list');
SELECT is(pg_temp.seg('{"customer_type": "inactive"}'), '{9103}', 'customer_type as one string');

SELECT is(pg_temp.seg('{"rfm_segment": ["Champions"]}'), '{}', 'rfm_segment before refresh_rfm_scores(): nobody');
SELECT ok(refresh_rfm_scores() >= 3, 'refresh_rfm_scores() scores the customers with orders');
SELECT is(pg_temp.seg('{"rfm_segment": ["Champions"]}'), '{9101}', 'rfm_segment Champions');
SELECT is(pg_temp.seg('{"rfm_segment": ["New Customers", "Lost"]}'), '{9102,9103}', 'rfm_segment list');

SELECT is(pg_temp.seg('{"temperature": "hot"}'), '{9101,9102,9104}', 'temperature hot');
SELECT is(pg_temp.seg('{"temperature": ["warm", "cold"]}'), '{9103,9105,9106}', 'temperature warm or cold');
SELECT is((SELECT jsonb_object_agg(t, pg_temp.seg(jsonb_build_object('temperature', t)))
           FROM unnest(enum_range(NULL::customer_temperature)) t),
          (SELECT jsonb_object_agg(t, (SELECT COALESCE(array_agg(v.customer_id ORDER BY v.customer_id), '{}')
                                       FROM customer_360_view v
                                       WHERE v.customer_temperature = t AND v.customer_id BETWEEN 9101 AND 9199))
           FROM unnest(enum_range(NULL::customer_temperature)) t),
          'temperature criterion = customer_360_view.customer_temperature, for every temperature');

SELECT is(pg_temp.seg('{"tags_any": ["vip"]}'), '{9101,9102}', 'tags_any [vip]');
SELECT is(pg_temp.seg('{"tags_any": ["vip", "newsletter"]}'), '{9101,9102,9104}', 'tags_any [vip, newsletter]');
SELECT is(pg_temp.seg('{"tags_all": ["vip", "newsletter"]}'), '{9101}', 'tags_all [vip, newsletter]');
SELECT is(pg_temp.seg('{"tags_all": ["vip", "vip"]}'), '{9101,9102}', 'tags_all with a repeated tag');

SELECT is(pg_temp.seg('{"lifetime_value": {"min": 100, "max": 200}}'), '{9102}', 'lifetime_value 100..200 (inclusive)');
SELECT is(pg_temp.seg('{"lifetime_value": {"min": 1000}}'), '{9101}', 'lifetime_value min only');
SELECT is(pg_temp.seg('{"lifetime_value": {"max": 50}}'), '{9103,9104,9105,9106}', 'lifetime_value max only (inclusive)');

SELECT is(pg_temp.seg('{"all": [{"field": "city", "value": "Berlin"},
                               {"any": [{"tags_all": ["vip", "newsletter"]}, {"rfm_segment": "New Customers"}]}]}'),
          '{9101,9102}', 'all of (city, any of (tags_all, rfm_segment))');
SELECT is(pg_temp.seg('{"all": [{"tags_any": ["vip"]}, {"not": {"rfm_segment": "Champions"}}]}'), '{9102}',
          'not inside all');
SELECT is(pg_temp.seg('{"any": [{"field": "city", "value": "Paris"}, {"all": [{"temperature": "cold"},
                               {"field": "city", "op": "is_not_null"}]}]}'),
          '{9103,9104}', 'any of (field, all of (temperature, is_not_null))');
SELECT is(pg_temp.seg('{"not": {"field": "city", "value": "Berlin"}}'), '{9103,9104,9105,9106}',
          'not (city = Berlin) includes the NULL city');
SELECT is(pg_temp.seg('{}'), '{}', '{} matches nobody');
SELECT is(pg_temp.seg('{"all": []}'), '{9101,9102,9103,9104,9105,9106}', '{"all": []} matches everyone');
SELECT is(pg_temp.seg('{"any": []}'), '{}', '{"any": []} matches nobody');

-- bad criteria
SELECT throws_ok($$SELECT customers_matching('{"field": "salary", "op": ">", "value": 1}')$$,
                 '22023', 'unknown segment field "salary"', 'unknown field: 22023 naming it');
SELECT throws_ok($$SELECT customers_matching('{"all": [{"field": "city", "op": "~~", "value": "x"}]}')$$,
                 '22023', 'unknown segment operator "~~"', 'unknown operator: 22023 naming it');
SELECT throws_ok($$SELECT customers_matching('{"city": "Berlin"}')$$,
                 '22023', 'unknown segment criterion "city"', 'unknown criterion: 22023 naming it');
SELECT throws_ok($$SELECT customers_matching('{"field": "city", "op": "=", "value": "x", "vaule": 1}')$$,
                 '22023', 'unknown key "vaule" in segment condition {"op": "=", "field": "city", "value": "x", "vaule": 1}',
                 'a misspelt key: 22023');
SELECT throws_ok($$SELECT customers_matching('{"tags_any": ["a"], "tags_all": ["b"]}')$$,
                 '22023', NULL, 'two criteria in one object: 22023');
SELECT throws_ok($$SELECT customers_matching('{"field": "total_orders", "op": "like", "value": "1%"}')$$,
                 '22023', 'segment operator "like" needs a text field; "total_orders" is integer',
                 'like on a number: 22023');
SELECT throws_ok($$SELECT customers_matching('{"field": "total_orders", "op": ">", "value": "many"}')$$,
                 '22P02', NULL, 'a value of the wrong type: 22P02');
SELECT throws_ok($$SELECT customers_matching('{"rfm_segment": ["Champs"]}')$$,
                 '22P02', NULL, 'unknown rfm_segment label: 22P02');
SELECT throws_ok($$SELECT customers_matching('{"temperature": ["lukewarm"]}')$$,
                 '22P02', NULL, 'unknown temperature: 22P02');
SELECT throws_ok($$SELECT customers_matching('{"field": "city", "op": "in", "value": "Berlin"}')$$,
                 '22023', 'segment operator "in" needs an array value', 'in without an array: 22023');
SELECT throws_ok($$SELECT customers_matching('{"lifetime_value": {"from": 1}}')$$, '22023', NULL,
                 'lifetime_value without min/max: 22023');
SELECT throws_ok($$SELECT customers_matching('[]')$$, '22023', 'segment condition must be a JSON object: []',
                 'criteria that are not an object: 22023');
-- values are parameters, never SQL
SELECT is(pg_temp.seg($${"field": "city", "value": "x' OR true OR 'x' = 'x"}$$), '{}',
          'a value that looks like SQL is only a value');
SELECT throws_ok($$SELECT customers_matching('{"field": "city = city OR true; --", "value": 1}')$$,
                 '22023', 'unknown segment field "city = city OR true; --"',
                 'a field that looks like SQL is an unknown field');

-- stored segments
SELECT is(create_segment('Test Berlin', '{"field": "city", "op": "=", "value": "Berlin"}', 'Berliners')
              - 'id' - 'created_at' - 'updated_at' - 'last_evaluated_at',
          '{"name": "Test Berlin", "description": "Berliners", "criteria": {"field": "city", "op": "=", "value": "Berlin"},
            "is_active": true, "is_dynamic": true, "member_count": 2}'::jsonb,
          'create_segment with criteria: dynamic, evaluated at once');
CREATE TEMP TABLE ts AS SELECT id FROM customer_segments WHERE name = 'Test Berlin';
SELECT results_eq($$SELECT customer_id, source FROM customer_segment_members
                    WHERE segment_id = (SELECT id FROM ts) ORDER BY customer_id$$,
                  $$VALUES (9101::bigint, 'criteria'), (9102, 'criteria')$$,
                  'its members come from the criteria');
INSERT INTO customer_segment_members (customer_id, segment_id, source)
SELECT 9103, id, 'manual' FROM ts UNION ALL SELECT 9106, id, 'manual' FROM ts;
UPDATE customers SET city = 'Hamburg' WHERE id = 9102;
UPDATE customers SET city = 'Berlin' WHERE id IN (9105, 9106);
SELECT is(refresh_segment((SELECT id FROM ts)) - 'segment_id' - 'evaluated_at',
          '{"name": "Test Berlin", "added": 1, "removed": 1, "member_count": 4}'::jsonb,
          'refresh_segment: 9105 joins, 9102 leaves, manual members stay');
SELECT results_eq($$SELECT customer_id, source FROM customer_segment_members
                    WHERE segment_id = (SELECT id FROM ts) ORDER BY customer_id$$,
                  $$VALUES (9101::bigint, 'criteria'), (9103, 'manual'), (9105, 'criteria'), (9106, 'manual')$$,
                  'a manual member that also matches stays manual; one that does not match stays');
SELECT is((SELECT array_agg(x ORDER BY x) FROM segment_members((SELECT id FROM ts)) x WHERE x BETWEEN 9101 AND 9199),
          '{9101,9105,9106}', 'segment_members: the customers the criteria match now');
SELECT is((SELECT member_count FROM customer_segments WHERE id = (SELECT id FROM ts)), 4,
          'member_count is stored');
SELECT is(refresh_segment((SELECT id FROM ts))->'added', '0'::jsonb, 'a second refresh adds nothing');
SELECT is(add_segment_member((SELECT id FROM ts), 9101) - 'added_at' - 'segment_id',
          '{"customer_id": 9101, "source": "manual"}'::jsonb,
          'add_segment_member: a criteria member added by hand becomes manual');
UPDATE customers SET city = 'Rome' WHERE id = 9101;
SELECT is(refresh_segment((SELECT id FROM ts)) - 'segment_id' - 'evaluated_at' - 'name',
          '{"added": 0, "removed": 0, "member_count": 4}'::jsonb,
          '... and stays when it no longer matches');
SELECT throws_ok('SELECT add_segment_member((SELECT id FROM ts), 424242)', '22023', 'customer 424242 does not exist',
                 'add_segment_member of an unknown customer: 22023');
SELECT is((SELECT jsonb_path_query_array(segments_list(9103), '$.segments[*].name')),
          '["Test Berlin"]'::jsonb, 'segments_list: every segment');
SELECT is(segments_list(9103)->'customer_segments', jsonb_build_array((SELECT id FROM ts)),
          'segments_list(customer): the customer''s segments');
SELECT is(segments_list()->'customer_segments', 'null'::jsonb, 'segments_list() without a customer: null');
SELECT throws_ok('SELECT refresh_segment(424242)', '22023', 'segment 424242 does not exist', 'unknown segment: 22023');
SELECT throws_ok('SELECT segment_members(424242)', '22023', 'segment 424242 does not exist',
                 'segment_members of an unknown segment: 22023');
SELECT throws_ok($$SELECT create_segment('Test bad', '{"field": "nope"}')$$, '22023', 'unknown segment field "nope"',
                 'create_segment rejects bad criteria');
SELECT is((SELECT count(*) FROM customer_segments WHERE name = 'Test bad'), 0::bigint, '... and stores nothing');
SELECT throws_ok($$SELECT create_segment(' ', NULL)$$, '22023', 'segment name must not be empty',
                 'create_segment needs a name');
UPDATE customer_segments SET is_active = false WHERE id = (SELECT id FROM ts);
SELECT throws_ok('SELECT refresh_segment((SELECT id FROM ts))', '55000', 'segment "Test Berlin" is not active',
                 'refreshing an inactive segment: 55000');
SELECT is(create_segment('Test GDPR', NULL) - 'id' - 'created_at' - 'updated_at',
          '{"name": "Test GDPR", "description": null, "criteria": {}, "is_active": true, "is_dynamic": false,
            "member_count": 0, "last_evaluated_at": null}'::jsonb,
          'create_segment without criteria: a static segment');

-- ===========================================================================
-- GDPR
-- ===========================================================================

-- The extension's tables with a customer_id column, from the catalog.
CREATE FUNCTION pg_temp.customer_tables() RETURNS TABLE (name text, rel regclass) LANGUAGE sql AS $$
    SELECT c.relname::text, c.oid::regclass
    FROM pg_depend d
    JOIN pg_extension e ON d.refclassid = 'pg_extension'::regclass AND d.refobjid = e.oid
    JOIN pg_class c ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
    WHERE e.extname = 'customer_scoring' AND d.deptype = 'e' AND c.relkind = 'r'
      AND EXISTS (SELECT 1 FROM pg_attribute a
                  WHERE a.attrelid = c.oid AND a.attname = 'customer_id' AND NOT a.attisdropped)
$$;
-- {table: rows of the customer} over those tables.
CREATE FUNCTION pg_temp.rows_of(cid bigint) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
    t record;
    n bigint;
    r jsonb := '{}';
BEGIN
    FOR t IN SELECT * FROM pg_temp.customer_tables() LOOP
        EXECUTE format('SELECT count(*) FROM %s WHERE customer_id = $1', t.rel) INTO n USING cid;
        r := r || jsonb_build_object(t.name, n);
    END LOOP;
    RETURN r;
END
$$;
-- The extension's tables (all of them) with a row whose text matches pattern.
CREATE FUNCTION pg_temp.tables_mentioning(pattern text) RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE
    t record;
    hit boolean;
    r text[] := '{}';
BEGIN
    FOR t IN SELECT c.oid::regclass AS rel, c.relname::text AS name
             FROM pg_depend d
             JOIN pg_extension e ON d.refclassid = 'pg_extension'::regclass AND d.refobjid = e.oid
             JOIN pg_class c ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
             WHERE e.extname = 'customer_scoring' AND d.deptype = 'e' AND c.relkind = 'r'
             ORDER BY 2 LOOP
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s x WHERE x::text ILIKE $1)', t.rel) INTO hit USING pattern;
        IF hit THEN r := r || t.name; END IF;
    END LOOP;
    RETURN r;
END
$$;
-- A customer with rows in every customer-scoped table, personal data marked with mk.
CREATE FUNCTION pg_temp.seed(cid bigint, mk text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    o1 bigint;
    o2 bigint;
BEGIN
    INSERT INTO customers (id, first_name, last_name, email, phone, company_name, district, city, gender,
                           date_of_birth, marital_status, anniversary_date, profession, available_time,
                           gdpr_consent)
    VALUES (cid, mk || 'First', mk || 'Last', mk || '@example.com', '+43 ' || mk, mk || ' GmbH',
            mk || ' district', 'Vienna', 'x', '1980-02-29', 'married', '2005-06-01', mk || ' profession',
            '10:00-12:00', true);
    INSERT INTO orders (customer_id, ordered_at, total_amount, notes)
    VALUES (cid, now() - interval '5 days', 120, 'deliver to ' || mk) RETURNING id INTO o1;
    INSERT INTO orders (customer_id, ordered_at, total_amount)
    VALUES (cid, now() - interval '50 days', 80) RETURNING id INTO o2;
    INSERT INTO order_items (customer_id, order_id, product_id, quantity, unit_price)
    VALUES (cid, o1, 'P1', 2, 60), (cid, o2, 'P2', 1, 80);
    INSERT INTO customer_warmth (customer_id, budget_qualification_score, warmth_notes)
    VALUES (cid, 70, mk || ' notes');
    INSERT INTO customer_engagement_events (customer_id, engagement_type, notes)
    VALUES (cid, 'inquiry', mk || ' asked');
    INSERT INTO customer_interactions (customer_id, interaction_type, subject, notes, outcome)
    VALUES (cid, 'call', mk || ' subject', mk || ' said', 'interested');
    INSERT INTO customer_behavior (customer_id, behavior_type, product_id, search_query)
    VALUES (cid, 'product_view', 'P3', mk || ' search');
    INSERT INTO customer_dropoff_tracking (customer_id, stage, notes) VALUES (cid, 'add_to_cart', mk || ' dropped');
    INSERT INTO customer_family_members (customer_id, name, relationship, phone)
    VALUES (cid, mk || ' Spouse', 'spouse', '+43 ' || mk);
    INSERT INTO customer_analytics (customer_id, total_orders, total_spent) VALUES (cid, 2, 200);
    INSERT INTO customer_predictions (customer_id, frequency, recency, age, avg_value, as_of)
    VALUES (cid, 1, 30, 60, 100, '2025-01-01');
    INSERT INTO customer_addresses (customer_id, line1, city, is_default) VALUES (cid, mk || ' Street 1', 'Vienna', true);
    INSERT INTO customer_preferences (customer_id, marketing_email_opt_in, preferred_contact_time)
    VALUES (cid, true, mk || ' evenings');
    INSERT INTO customer_segment_members (customer_id, segment_id)
    SELECT cid, s.id FROM customer_segments s WHERE s.name = 'Test GDPR';
    INSERT INTO customer_tags (customer_id, tag) VALUES (cid, 'gdpr-test');
    INSERT INTO customer_notes (customer_id, title, content) VALUES (cid, mk || ' title', mk || ' content');
    INSERT INTO customer_communications (customer_id, channel, subject, message, status, metadata)
    VALUES (cid, 'email', mk || ' subject', 'Dear ' || mk, 'sent', jsonb_build_object('to', mk));
    PERFORM loyalty_earn(cid, 25, 1, mk || ' bonus', o1);
    INSERT INTO leads (customer_id, name, phone, email, notes, voice_transcript)
    VALUES (cid, mk || ' Lead', '+43 ' || mk, mk || '@lead.example', mk || ' lead notes', mk || ' voice');
END
$$;
SELECT pg_temp.seed(9201, 'MarkA9201');
SELECT pg_temp.seed(9202, 'MarkB9202');
SELECT is(refresh_segment((SELECT id FROM customer_segments WHERE name = 'Test GDPR'))->'member_count', '2'::jsonb,
          'both GDPR test customers are manual members of segment Test GDPR');
SELECT ok(refresh_rfm_scores() >= 2, 'refresh_rfm_scores() after seeding');
SELECT ok(refresh_health_scores() >= 2, 'refresh_health_scores() after seeding (scores and history)');
SELECT is((SELECT array_agg(key ORDER BY key) FROM jsonb_each(pg_temp.rows_of(9201)) WHERE value = '0'),
          NULL, 'precondition: customer 9201 has rows in every extension table with a customer_id column');

-- export
CREATE TEMP TABLE ex AS SELECT gdpr_export(9201) AS doc;
SELECT set_eq($$SELECT jsonb_object_keys(doc->'tables') FROM ex$$,
              $$SELECT name FROM pg_temp.customer_tables() UNION ALL SELECT 'customers'$$,
              'gdpr_export has a key for customers and for every extension table with a customer_id column');
SELECT is((SELECT jsonb_object_agg(key, jsonb_array_length(value)) FROM ex, jsonb_each(doc->'tables')),
          pg_temp.rows_of(9201) || '{"customers": 1}',
          'gdpr_export holds every row of the customer in each of them');
SELECT is((SELECT doc->'row_counts' FROM ex), pg_temp.rows_of(9201) || '{"customers": 1}',
          'gdpr_export row_counts agree');
SELECT is((SELECT doc #>> '{tables,customers,0,email}' FROM ex), 'MarkA9201@example.com',
          'gdpr_export has the customer row');
SELECT is((SELECT doc #>> '{tables,leads,0,name}' FROM ex), 'MarkA9201 Lead',
          'gdpr_export has the leads linked by customer_id');
SELECT is((SELECT jsonb_path_query_array(doc, '$.segments[*].name') FROM ex), '["Test GDPR"]'::jsonb,
          'gdpr_export names the segments');
SELECT is((SELECT count(*) FROM ex, jsonb_each(doc->'tables') t, jsonb_array_elements(t.value) r
           WHERE t.key <> 'customers' AND (r->>'customer_id')::bigint IS DISTINCT FROM 9201),
          0::bigint, 'gdpr_export holds no row of another customer');
SELECT throws_ok('SELECT gdpr_export(424242)', '22023', 'customer 424242 does not exist',
                 'gdpr_export of an unknown customer: 22023');

-- anonymize 9202
SELECT is(pg_temp.tables_mentioning('%markb9202%'),
          '{customer_addresses,customer_behavior,customer_communications,customer_dropoff_tracking,customer_engagement_events,customer_family_members,customer_interactions,customer_loyalty_ledger,customer_notes,customer_preferences,customer_warmth,customer_warmth_history,customers,leads,orders}',
          'precondition: the personal data of 9202 is in these tables');
CREATE TEMP TABLE an AS SELECT gdpr_erase(9202, 'anonymize') AS doc;
SELECT is((SELECT doc->'deleted' FROM an), '{"customer_tags": 1, "customer_addresses": 1, "customer_family_members": 1}'::jsonb,
          'anonymize deletes addresses, family members and tags');
SELECT is((SELECT doc #> '{updated,customers}' FROM an), '1'::jsonb, 'anonymize reports what it changed');
SELECT is(pg_temp.tables_mentioning('%markb9202%'), '{}',
          'after anonymize no extension table holds the customer''s personal data');
SELECT is((SELECT ROW(first_name, last_name, email, phone, date_of_birth, anniversary_date, do_not_contact,
                      gdpr_consent)::text
           FROM customers WHERE id = 9202),
          '(,,,,,,t,f)', 'names, email, phone and dates are NULL; do_not_contact set; consent withdrawn');
SELECT is((SELECT ROW(total_orders, lifetime_value, lifecycle_stage)::text FROM customers WHERE id = 9202),
          '(2,200.00,repeat_buyer)', 'anonymize keeps the aggregates');
SELECT is((SELECT count(*) FROM orders WHERE customer_id = 9202), 2::bigint, 'anonymize keeps the orders');
SELECT is((SELECT count(*) FROM customer_rfm_scores WHERE customer_id = 9202), 1::bigint,
          'anonymize keeps the RFM scores');
SELECT is((SELECT do_not_contact AND NOT marketing_email_opt_in FROM customer_preferences WHERE customer_id = 9202),
          true, 'preferences: do_not_contact, no marketing');
SELECT throws_ok('SELECT gdpr_erase(424242, ''anonymize'')', '22023', 'customer 424242 does not exist',
                 'anonymize an unknown customer: 22023');
SELECT throws_ok('SELECT gdpr_erase(9201, ''purge'')', '22023', 'unknown erase mode "purge"',
                 'unknown erase mode: 22023');

-- delete 9201
CREATE TEMP TABLE before_9201 AS SELECT pg_temp.rows_of(9201) || '{"customers": 1}' AS counts;
CREATE TEMP TABLE before_9202 AS SELECT pg_temp.rows_of(9202) AS counts;
CREATE TEMP TABLE del AS SELECT gdpr_erase(9201) AS doc;
SELECT is((SELECT doc->'deleted' FROM del), (SELECT counts FROM before_9201),
          'gdpr_erase delete reports the rows of every table, counted before deleting');
SELECT is((SELECT (doc->>'total_rows_deleted')::bigint FROM del),
          (SELECT sum(value::bigint)::bigint FROM before_9201, jsonb_each_text(counts)),
          'total_rows_deleted is their sum');
SELECT is((SELECT array_agg(key ORDER BY key) FROM jsonb_each(pg_temp.rows_of(9201)) WHERE value <> '0'),
          NULL, 'no extension table with a customer_id column has a row of customer 9201 left');
SELECT is((SELECT count(*) FROM customers WHERE id = 9201) + (SELECT count(*) FROM leads WHERE customer_id = 9201),
          0::bigint, 'the customer and its leads are gone');
SELECT is(pg_temp.tables_mentioning('%marka9201%'), '{}', 'no extension table mentions the customer any more');
SELECT is(pg_temp.rows_of(9202), (SELECT counts FROM before_9202), 'the other customer''s rows are untouched');
SELECT is((SELECT member_count FROM customer_segments WHERE name = 'Test GDPR'), 1,
          'the segments the customer was in count it no more');
SELECT is(gdpr_erase(9201) - 'erased_at' - 'deleted',
          '{"customer_id": 9201, "mode": "delete", "total_rows_deleted": 0}'::jsonb,
          'erasing again is harmless and deletes nothing');

SELECT * FROM finish();
ROLLBACK;
