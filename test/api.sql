-- test/api.sql — pgTAP tests of the jsonb functions that replace the REST
-- endpoints of the original documents (SPEC §4; src/sql/code/70_api_common.sql
-- and 71, 76, 77, 78):
--   * CDM (originals/002): customer 360 and its lists by type, lifecycle and
--     temperature, family members, interactions and their stats, behaviour
--     and most viewed products, drop-offs and their recovery, birthdays and
--     anniversaries, call recommendations, dashboard statistics;
--   * RFM and health (004, 003): stored scores after the refreshes, segment
--     and level distributions, health history, live profile completeness,
--     purchase analytics, demographic insights;
--   * warmth (000): read, update of the components with notes as the
--     history's change_description, analytics;
--   * CRM (004): profiles, communications, notes, tags, addresses, preferences;
--   * the argument rules: a body that is not a JSON object, a negative limit
--     or offset, a days window outside 0-366 (SQLSTATE and message);
--     customer_id comes from the argument, never from the body.
-- The fixture customers are inserted inside the transaction (the table is
-- emptied first so the dashboard counts are known); everything is rolled
-- back.  TimeZone is UTC, so the best call time is the UTC hour.
-- Needs: CREATE EXTENSION pgtap; CREATE EXTENSION customer_scoring;
BEGIN;
SET LOCAL TimeZone = 'UTC';
SELECT plan(181);

-- customer ids of a JSON array of objects, in order
CREATE FUNCTION pg_temp.ids(list jsonb) RETURNS bigint[] LANGUAGE sql AS $$
    SELECT COALESCE(array_agg((e ->> 'customer_id')::bigint ORDER BY o), '{}')
    FROM jsonb_array_elements(list) WITH ORDINALITY AS t(e, o)
$$;

DELETE FROM customers;

-- ---------------------------------------------------------------------------
-- declarations: readers STABLE PARALLEL SAFE, writers VOLATILE PARALLEL UNSAFE,
-- none SECURITY DEFINER, SQL bodies parsed at CREATE (BEGIN ATOMIC / RETURN),
-- a comment on each
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE api_functions (name text PRIMARY KEY, writes boolean NOT NULL) ON COMMIT DROP;
INSERT INTO api_functions
SELECT unnest('{add_customer_address,add_family_member,add_note,add_tag,create_customer,
                delete_family_member,log_communication,recover_dropoff,remove_tag,
                set_customer_preferences,track_behavior,track_dropoff,track_interaction,
                update_customer,update_customer_warmth,update_family_member}'::text[]), true
UNION ALL
SELECT unnest('{api_events,call_recommendations,customer_360,customer_360_list,customer_addresses_list,
                customer_analytics_json,customer_behaviors,customer_communications_list,customer_dropoffs,
                customer_health,customer_health_history,customer_interactions_list,customer_notes_list,
                customer_preferences_json,customer_profile,customer_profile_completeness,customer_profiles,
                customer_recommendation,customer_rfm,customer_tags_list,customer_warmth_json,
                customers_by_lifecycle,customers_by_temperature,customers_by_type,dashboard_statistics,
                demographic_insights,family_members,health_overview,interaction_stats,most_viewed_products,
                rfm_distribution,rfm_scores,todays_events,top_priority_customers,upcoming_anniversaries,
                upcoming_birthdays,warmth_analytics_json}'::text[]), false;

SELECT is((SELECT array_agg(f.name ORDER BY f.name)
           FROM api_functions f
           LEFT JOIN pg_proc p ON p.proname = f.name AND p.pronamespace = 'public'::regnamespace
           WHERE p.oid IS NULL
              OR (p.provolatile::text || p.proparallel::text) <> CASE WHEN f.writes THEN 'vu' ELSE 'ss' END),
          NULL, 'readers are STABLE PARALLEL SAFE, writers VOLATILE PARALLEL UNSAFE');
SELECT is((SELECT array_agg(p.proname::text ORDER BY p.proname::text)
           FROM pg_proc p
           JOIN pg_language l ON l.oid = p.prolang
           WHERE p.pronamespace = 'public'::regnamespace
             AND (p.proname IN (SELECT name FROM api_functions) OR p.proname LIKE 'api\_%')
             AND (p.prosecdef
                  OR obj_description(p.oid, 'pg_proc') IS NULL
                  OR (l.lanname = 'sql' AND p.prosqlbody IS NULL)
                  OR (l.lanname = 'plpgsql'
                      AND NOT 'search_path=pg_catalog, pg_temp' = ANY (COALESCE(p.proconfig, '{}'))))),
          NULL, 'each commented, none SECURITY DEFINER; SQL bodies parsed at CREATE; PL/pgSQL with a pinned search_path');

-- ---------------------------------------------------------------------------
-- fixture
-- ---------------------------------------------------------------------------
-- 7300001 John: 3 completed orders (5, 40, 70 days ago; 6000 in all) and a
--         cancelled one, hot, repeat buyer, a drop-off 2 days ago
-- 7300002 Mary: one order of 120000 10 days ago: vip, first buyer, hot
-- 7300004 Ina:  one order 200 days ago: inactive, cold
-- 7300005 Dan:  no order, one interaction 2 days ago: warm, do not contact
-- 7300006 Lola: 5 orders of 100 in the last 60 days: loyal, hot
-- Lee (created by create_customer below): no order, no activity: lead, cold
INSERT INTO customers (id, first_name, last_name, email, phone, city, date_of_birth, anniversary_date) VALUES
    (7300001, 'John', 'Doe',   'john@example.com', '01712345678', 'Dhaka', NULL,
     (current_date + 10 - interval '12 years')::date),
    (7300002, 'Mary', 'Major', 'mary@example.com', '01712345600', NULL,
     (current_date + 100 - interval '40 years')::date, NULL),
    (7300004, 'Ina',  'Rahman', NULL, NULL, NULL, NULL, NULL),
    (7300005, 'Dan',  'Khan',   NULL, NULL, NULL, NULL, NULL),
    (7300006, 'Lola', 'Islam',  NULL, NULL, NULL, NULL, NULL);

INSERT INTO orders (customer_id, id, ordered_at, total_amount, status) VALUES
    (7300001, 1, now() - interval '5 days',  1000, 'completed'),
    (7300001, 2, now() - interval '40 days', 2000, 'completed'),
    (7300001, 3, now() - interval '70 days', 3000, 'completed'),
    (7300001, 4, now() - interval '1 day',   9999, 'cancelled'),
    (7300002, 5, now() - interval '10 days', 120000, 'completed'),
    (7300004, 6, now() - interval '200 days', 500, 'completed');
INSERT INTO orders (customer_id, ordered_at, total_amount)
SELECT 7300006, now() - d * interval '1 day', 100 FROM generate_series(20, 60, 10) AS d;
INSERT INTO order_items (customer_id, order_id, product_id, quantity, unit_price) VALUES
    (7300001, 1, 'P1', 2, 500),
    (7300001, 2, 'P9', 1, 2000);

-- ---------------------------------------------------------------------------
-- argument checks
-- ---------------------------------------------------------------------------
SELECT throws_ok($$SELECT api_json_object('[1]', 'member')$$, '22023',
                 'member must be a JSON object', 'a JSON array is not a request body');
SELECT throws_ok($$SELECT api_json_object(NULL, 'member')$$, '22004',
                 'member must not be null', 'a NULL request body is rejected');
SELECT is(api_json_object('{"productId": 1, "sessionId": "s", "product_id": 2}', 'b'),
          '{"productId": 1, "sessionId": "s", "product_id": 2, "session_id": "s"}',
          'camelCase keys get snake_case twins; a snake_case key given wins');
SELECT throws_ok($$SELECT api_non_negative(-1, 'limit')$$, '22023',
                 'limit must not be negative', 'negative limit');

-- ---------------------------------------------------------------------------
-- interactions, behaviour, drop-offs (written through the API)
-- ---------------------------------------------------------------------------
SELECT is(track_interaction(7300001, jsonb_build_object(
              'customerId', 999, 'interaction_type', 'call', 'interaction_direction', 'outbound',
              'subject', 'Follow-up on recent order', 'outcome', 'Interested', 'duration_seconds', 180,
              'interaction_date', date_trunc('day', now()) - interval '3 days' + interval '14 hours 30 minutes'))
          - ARRAY['id', 'created_at', 'interaction_date'],
          '{"customer_id": 7300001, "interaction_type": "call", "channel": null,
            "interaction_direction": "outbound", "subject": "Follow-up on recent order",
            "description": null, "outcome": "Interested", "duration_seconds": 180,
            "feedback_score": null, "follow_up_required": false, "follow_up_date": null,
            "follow_up_completed": false, "handled_by": null, "notes": null, "metadata": null}',
          'track_interaction returns the row; customer_id comes from the argument, not the body');
SELECT lives_ok($$
    SELECT track_interaction(7300001, jsonb_build_object('interaction_type', 'call', 'channel', 'phone',
               'outcome', 'PURCHASED', 'interaction_direction', 'outbound', 'duration_seconds', 60,
               'interaction_date', date_trunc('day', now()) - interval '8 days' + interval '15 hours 10 minutes'));
    SELECT track_interaction(7300001, jsonb_build_object('interaction_type', 'whatsapp', 'channel', 'whatsapp',
               'outcome', 'no answer', 'interaction_direction', 'inbound', 'followUpRequired', true,
               'interaction_date', date_trunc('day', now()) - interval '1 day' + interval '9 hours'));
    SELECT track_interaction(7300001, jsonb_build_object('interaction_type', 'email', 'channel', 'email',
               'interaction_direction', 'outbound',
               'interaction_date', date_trunc('day', now()) - interval '2 days' + interval '11 hours'));
    SELECT track_interaction(7300005, jsonb_build_object('interaction_type', 'sms',
               'interaction_date', now() - interval '2 days'));
$$, 'more interactions');
SELECT is((SELECT count(*)::integer FROM customer_interactions WHERE customer_id = 7300001), 4,
          'track_interaction wrote the rows');
SELECT throws_ok($$SELECT track_interaction(7300001, '"call"')$$, '22023',
                 'interaction must be a JSON object', 'track_interaction rejects a JSON string');

SELECT is(track_behavior(7300001, '{"customerId": 123, "behavior_type": "product_view", "productId": "P2",
                                    "product_name": "Charger", "sessionId": "abc123xyz"}')
          - ARRAY['id', 'created_at'],
          '{"customer_id": 7300001, "behavior_type": "product_view", "product_id": "P2",
            "product_name": "Charger", "category_id": null, "category": null, "search_query": null,
            "page_url": null, "session_id": "abc123xyz", "device_type": null,
            "duration_seconds": null, "metadata": null}',
          'track_behavior returns the row, with productId and sessionId of the original body');
SELECT lives_ok($$
    SELECT track_behavior(7300001, '{"behavior_type": "product_view", "product_id": "P2", "product_name": "Charger"}');
    SELECT track_behavior(7300001, '{"behavior_type": "product_view", "product_id": "P2", "product_name": "Charger"}');
    SELECT track_behavior(7300001, '{"behavior_type": "product_view", "product_id": "P1", "product_name": "Phone"}');
    SELECT track_behavior(7300001, '{"behavior_type": "product_view", "product_id": "P1", "product_name": "Phone"}');
    SELECT track_behavior(7300001, '{"behavior_type": "product_view", "product_id": "P3", "product_name": "Headphones"}');
    SELECT track_behavior(7300001, '{"behavior_type": "add_to_cart", "product_id": "P2"}');
    SELECT track_behavior(7300002, '{"behavior_type": "product_view", "product_id": "P2", "product_name": "Charger"}');
    SELECT track_behavior(7300002, '{"behavior_type": "product_view", "product_id": "P2", "product_name": "Charger"}');
$$, 'more behaviour');
SELECT is((SELECT count(*)::integer FROM customer_behavior WHERE customer_id = 7300001), 7,
          'track_behavior wrote the rows');
SELECT throws_ok($$SELECT track_behavior(7300001, '[]')$$, '22023',
                 'behavior must be a JSON object', 'track_behavior rejects a JSON array');

SELECT is(track_dropoff(7300001, jsonb_build_object('customerId', 1, 'stage', 'checkout_initiated',
              'productId', 789, 'cart_value', 5500, 'reason', 'High shipping cost',
              'created_at', now() - interval '2 days'))
          - ARRAY['id', 'created_at'],
          '{"customer_id": 7300001, "stage": "checkout_initiated", "product_id": "789",
            "product_ids": null, "cart_value": 5500.00, "reason": "High shipping cost",
            "session_id": null, "recovered": false, "recovered_at": null,
            "recovery_channel": null, "notes": null}',
          'track_dropoff returns the row, not recovered');
SELECT is(track_dropoff(7300001, jsonb_build_object('stage', 'add_to_cart', 'product_ids', '{P1,P2}'::text[],
              'created_at', now() - interval '20 days')) -> 'product_ids',
          '["P1", "P2"]', 'track_dropoff takes an array of products');
SELECT throws_ok($$SELECT track_dropoff(7300001, '1')$$, '22023',
                 'dropoff must be a JSON object', 'track_dropoff rejects a JSON number');
SELECT throws_ok($$SELECT track_dropoff(-1, '{"stage": "other"}')$$, '23503', NULL,
                 'a drop-off of an unknown customer violates the foreign key');

-- ---------------------------------------------------------------------------
-- family members
-- ---------------------------------------------------------------------------
SELECT is(add_family_member(7300001, jsonb_build_object('customerId', 7300002, 'name', 'Sarah Doe',
              'relationship', 'spouse', 'phone', '01712345679',
              'date_of_birth', (current_date - interval '28 years')::date))
          - ARRAY['id', 'created_at', 'updated_at'],
          jsonb_build_object('customer_id', 7300001, 'name', 'Sarah Doe', 'relationship', 'spouse',
              'phone', '01712345679', 'email', NULL,
              'date_of_birth', (current_date - interval '28 years')::date, 'anniversary_date', NULL,
              'gender', NULL, 'profession', NULL, 'notes', NULL),
          'add_family_member returns the row; customer_id comes from the argument');
SELECT is(add_family_member(7300001, jsonb_build_object('name', 'Tim Doe', 'relationship', 'child',
              'dateOfBirth', (current_date + 5 - interval '8 years')::date)) ->> 'date_of_birth',
          (current_date + 5 - interval '8 years')::date::text, 'dateOfBirth of the body is date_of_birth');
SELECT is(jsonb_array_length(family_members(7300001)), 2, 'family_members lists both');
SELECT is(family_members(7300004), '[]', 'family_members of a customer without family is []');
SELECT is(family_members(-1), NULL, 'family_members of an unknown customer is NULL');
SELECT is(update_family_member(7300001, (SELECT id FROM customer_family_members WHERE name = 'Sarah Doe'),
                               '{"phone": "01700000000", "customerId": 7300002}')
          - ARRAY['id', 'created_at', 'updated_at', 'date_of_birth'],
          '{"customer_id": 7300001, "name": "Sarah Doe", "relationship": "spouse",
            "phone": "01700000000", "email": null, "anniversary_date": null, "gender": null,
            "profession": null, "notes": null}',
          'update_family_member changes only the fields given');
SELECT is(update_family_member(7300002, (SELECT id FROM customer_family_members WHERE name = 'Sarah Doe'),
                               '{"phone": "0"}'),
          NULL, 'update_family_member of another customer''s member is NULL');
SELECT throws_ok($$SELECT update_family_member(7300001, 1, 'null')$$, '22023',
                 'changes must be a JSON object', 'update_family_member rejects JSON null');
SELECT is(delete_family_member(7300001, (add_family_member(7300001, '{"name": "Temp"}') ->> 'id')::bigint),
          true, 'delete_family_member removes a member');
SELECT is(delete_family_member(7300001, -1), false, 'delete_family_member of no member is false');
SELECT is((SELECT count(*)::integer FROM customer_family_members WHERE customer_id = 7300001), 2,
          'two family members left');
SELECT throws_ok($$SELECT add_family_member(7300001, '"Sarah"')$$, '22023',
                 'member must be a JSON object', 'add_family_member rejects a JSON string');

-- ---------------------------------------------------------------------------
-- CRM profiles (Lee is created here)
-- ---------------------------------------------------------------------------
SELECT is(create_customer('{"userId": "u1", "firstName": "Lee", "lastName": "Lead", "email": "lee@example.com",
                            "customerType": "retail", "source": "referral", "gdpr_consent": true,
                            "lifecycle_stage": "loyal", "total_orders": 9}')
          - ARRAY['id', 'created_at', 'updated_at', 'gdpr_consent_at'],
          '{"first_name": "Lee", "last_name": "Lead", "name": "Lee Lead", "email": "lee@example.com",
            "phone": null, "company_name": null, "district": null, "city": null, "gender": null,
            "date_of_birth": null, "marital_status": null, "anniversary_date": null, "profession": null,
            "available_time": null, "customer_type": "new", "lifecycle_stage": "lead",
            "status": "active", "source": "referral", "account_type": "retail", "gdpr_consent": true,
            "do_not_contact": false, "total_orders": 0, "lifetime_value": 0.00, "total_spent": 0.00,
            "first_order_at": null, "last_order_at": null}',
          'create_customer: customerType is account_type; totals and lifecycle are not taken from the body');
SELECT isnt((SELECT gdpr_consent_at FROM customers WHERE email = 'lee@example.com'), NULL,
            'create_customer records when consent was given');
SELECT throws_ok($$SELECT create_customer('[]')$$, '22023', 'profile must be a JSON object',
                 'create_customer rejects a JSON array');
SELECT is(update_customer(7300005, '{"doNotContact": true}') ->> 'do_not_contact', 'true',
          'update_customer sets do_not_contact');
SELECT is(update_customer(7300001, '{"gender": "male", "customer_type": "vip", "customerType": "wholesale"}')
          - ARRAY['created_at', 'updated_at', 'first_order_at', 'last_order_at', 'anniversary_date'],
          '{"id": 7300001, "first_name": "John", "last_name": "Doe", "name": "John Doe",
            "email": "john@example.com", "phone": "01712345678", "company_name": null, "district": null,
            "city": "Dhaka", "gender": "male", "date_of_birth": null, "marital_status": null,
            "profession": null, "available_time": null, "customer_type": "repeat",
            "lifecycle_stage": "repeat_buyer", "status": "active", "source": null,
            "account_type": "wholesale", "gdpr_consent": false, "gdpr_consent_at": null,
            "do_not_contact": false, "total_orders": 3, "lifetime_value": 6000.00, "total_spent": 6000.00}',
          'update_customer changes the fields given; customer_type stays the trigger''s');
SELECT is(update_customer(-1, '{"city": "x"}'), NULL, 'update_customer of an unknown customer is NULL');
SELECT throws_ok($$SELECT update_customer(-1, '[]')$$, '22023', 'changes must be a JSON object',
                 'update_customer rejects a JSON array, also for an unknown customer');
SELECT is(customer_profile(7300002) ->> 'name', 'Mary Major', 'customer_profile');
SELECT is(customer_profile(-1), NULL, 'customer_profile of an unknown customer is NULL');
SELECT is(customer_profiles() - 'data', '{"total": 6, "limit": 50, "offset": 0}', 'customer_profiles counts');
SELECT is((SELECT array_agg((e ->> 'id')::bigint)
           FROM jsonb_array_elements(customer_profiles('active', 2, 3) -> 'data') AS e),
          '{7300004,7300005}'::bigint[], 'customer_profiles pages by id');
SELECT is(customer_profiles('lost') -> 'data', '[]', 'customer_profiles filters by status');
SELECT throws_ok($$SELECT customer_profiles(NULL, 10, -1)$$, '22023', 'offset must not be negative',
                 'customer_profiles rejects a negative offset');

-- ---------------------------------------------------------------------------
-- customer 360 and the lists
-- ---------------------------------------------------------------------------
SELECT is(customer_360(7300001) ->> 'total_orders', '3', 'customer_360 total_orders (completed only)');
SELECT is(customer_360(7300001) ->> 'lifetime_value', '6000.00', 'customer_360 lifetime_value');
SELECT is(customer_360(7300001) ->> 'avg_order_value', '2000.00', 'customer_360 avg_order_value');
SELECT is(customer_360(7300001) ->> 'days_since_last_order', '5', 'customer_360 days_since_last_order');
SELECT is(customer_360(7300001) ->> 'customer_temperature', 'hot', 'customer_360 customer_temperature');
SELECT is(customer_360(7300001) ->> 'customer_type', 'repeat', 'customer_360 customer_type');
SELECT is(customer_360(7300001) ->> 'lifecycle_stage', 'repeat_buyer', 'customer_360 lifecycle_stage');
SELECT is(customer_360(7300001) ->> 'total_interactions', '4', 'customer_360 total_interactions');
SELECT is(customer_360(7300001) ->> 'total_calls', '2', 'customer_360 total_calls');
SELECT is(customer_360(7300001) ->> 'products_viewed', '3', 'customer_360 products_viewed');
SELECT is(customer_360(7300001) ->> 'family_members_count', '2', 'customer_360 family_members_count');
SELECT is(customer_360(7300001) ->> 'open_dropoffs', '2', 'customer_360 open_dropoffs');
SELECT ok(customer_360(7300001) ?& ARRAY['customer_id', 'first_name', 'last_name', 'email', 'phone',
              'overall_warmth_score', 'warmth_level', 'rfm_segment', 'health_score', 'health_level'],
          'customer_360 has the original fields plus warmth, RFM and health');
SELECT is(customer_360(-1), NULL, 'customer_360 of an unknown customer is NULL');

SELECT is(jsonb_array_length(customer_360_list()), 6, 'customer_360_list lists everyone');
SELECT is(pg_temp.ids(customer_360_list("limit" => 3)), '{7300002,7300001,7300004}',
          'customer_360_list: highest lifetime value first, then id');
SELECT is(pg_temp.ids(customer_360_list("limit" => 1, "offset" => 1)), '{7300001}',
          'customer_360_list pages with limit and offset');
SELECT is(pg_temp.ids(customer_360_list(customer_type => 'repeat', lifecycle_stage => 'loyal')), '{7300006}',
          'customer_360_list combines filters');
SELECT throws_ok($$SELECT customer_360_list("limit" => -1)$$, '22023', 'limit must not be negative',
                 'customer_360_list rejects a negative limit');
SELECT is(pg_temp.ids(customers_by_lifecycle('loyal')), '{7300006}', 'customers_by_lifecycle(loyal)');
SELECT is(pg_temp.ids(customers_by_type('vip')), '{7300002}', 'customers_by_type(vip)');
SELECT is(pg_temp.ids(customers_by_type('inactive')), '{7300004}', 'customers_by_type(inactive)');
SELECT is(pg_temp.ids(customers_by_temperature('warm')), '{7300005}', 'customers_by_temperature(warm)');
SELECT is(pg_temp.ids(customers_by_temperature('hot', 2)), '{7300002,7300001}',
          'customers_by_temperature(hot, 2)');
SELECT is(customers_by_type(NULL), NULL, 'customers_by_type(NULL) is NULL');
SELECT throws_ok($$SELECT customers_by_lifecycle('lead', 10, -5)$$, '22023', 'offset must not be negative',
                 'customers_by_lifecycle rejects a negative offset');

-- ---------------------------------------------------------------------------
-- interactions and behaviour read back
-- ---------------------------------------------------------------------------
SELECT is((SELECT array_agg(e ->> 'interaction_type' ORDER BY o)
           FROM jsonb_array_elements(customer_interactions_list(7300001)) WITH ORDINALITY AS t(e, o)),
          '{whatsapp,email,call,call}', 'customer_interactions_list: newest first');
SELECT is(jsonb_array_length(customer_interactions_list(7300001, 20, 'call')), 2,
          'customer_interactions_list filters by type');
SELECT is(jsonb_array_length(customer_interactions_list(7300001, 1)), 1, 'customer_interactions_list limit');
SELECT is(customer_interactions_list(-1), NULL, 'customer_interactions_list of an unknown customer is NULL');
SELECT throws_ok($$SELECT customer_interactions_list(7300001, -1)$$, '22023', 'limit must not be negative',
                 'customer_interactions_list rejects a negative limit');
SELECT is(interaction_stats(7300001) - ARRAY['last_interaction', 'first_interaction_at', 'last_interaction_at',
                                             'days_since_last_interaction'],
          '{"customer_id": 7300001, "total_interactions": 4,
            "by_type": {"call": 2, "whatsapp": 1, "email": 1},
            "by_channel": {"unknown": 1, "phone": 1, "whatsapp": 1, "email": 1},
            "inbound": 1, "outbound": 3, "positive_outcomes": 2, "follow_ups_pending": 1,
            "total_duration_seconds": 240}',
          'interaction_stats: counts by type, channel, direction; positive outcomes case-insensitive');
SELECT is(interaction_stats(7300001) -> 'last_interaction' ->> 'interaction_type', 'whatsapp',
          'interaction_stats: last interaction');
SELECT is((interaction_stats(7300001) ->> 'days_since_last_interaction')::integer,
          whole_days_between(date_trunc('day', now()) - interval '1 day' + interval '9 hours', now()),
          'interaction_stats: whole days since the last interaction');
SELECT is(interaction_stats(-1), NULL, 'interaction_stats of an unknown customer is NULL');

SELECT is(jsonb_array_length(customer_behaviors(7300001)), 7, 'customer_behaviors lists all');
SELECT is(customer_behaviors(7300001, 10, 'add_to_cart') -> 0 ->> 'product_id', 'P2',
          'customer_behaviors filters by type');
SELECT is(customer_behaviors(-1), NULL, 'customer_behaviors of an unknown customer is NULL');
SELECT is((most_viewed_products(7300001) -> 2) - 'last_viewed_at',
          '{"product_id": "P3", "product_name": "Headphones", "views": 1, "viewers": 1}',
          'most_viewed_products: third of the customer''s is P3');
SELECT is((SELECT array_agg(e ->> 'product_id' ORDER BY o)
           FROM jsonb_array_elements(most_viewed_products(7300001)) WITH ORDINALITY AS t(e, o)),
          '{P2,P1,P3}', 'most_viewed_products of one customer, most viewed first');
SELECT is((most_viewed_products() -> 0) - 'last_viewed_at',
          '{"product_id": "P2", "product_name": "Charger", "views": 5, "viewers": 2}',
          'most_viewed_products of everyone (NULL customer)');
SELECT is(jsonb_array_length(most_viewed_products(NULL, 1)), 1, 'most_viewed_products limit');
SELECT is(most_viewed_products(-1), NULL, 'most_viewed_products of an unknown customer is NULL');

-- ---------------------------------------------------------------------------
-- drop-offs
-- ---------------------------------------------------------------------------
SELECT is((SELECT array_agg(e ->> 'stage' ORDER BY o)
           FROM jsonb_array_elements(customer_dropoffs(7300001)) WITH ORDINALITY AS t(e, o)),
          '{checkout_initiated,add_to_cart}', 'customer_dropoffs: newest first');
SELECT is(customer_dropoffs(7300002), '[]', 'customer_dropoffs of a customer without any is []');
SELECT is(recover_dropoff(7300001, (SELECT id FROM customer_dropoff_tracking
                                    WHERE customer_id = 7300001 AND stage = 'add_to_cart'), 'whatsapp')
          - ARRAY['id', 'created_at', 'recovered_at', 'product_ids'],
          '{"customer_id": 7300001, "stage": "add_to_cart", "product_id": null, "cart_value": null,
            "reason": null, "session_id": null, "recovered": true, "recovery_channel": "whatsapp",
            "notes": null}',
          'recover_dropoff marks it recovered with the channel');
SELECT ok((SELECT recovered AND recovered_at = now() FROM customer_dropoff_tracking
           WHERE customer_id = 7300001 AND stage = 'add_to_cart'),
          'the drop-off row is recovered, at now()');
SELECT is(recover_dropoff(7300002, (SELECT id FROM customer_dropoff_tracking
                                    WHERE customer_id = 7300001 AND stage = 'add_to_cart')),
          NULL, 'recover_dropoff of another customer''s drop-off is NULL');

-- ---------------------------------------------------------------------------
-- birthdays and anniversaries
-- ---------------------------------------------------------------------------
SELECT is(todays_events(),
          jsonb_build_array(jsonb_build_object(
              'type', 'family_member', 'name', 'Sarah Doe', 'customer_id', 7300001,
              'customer_name', 'John Doe', 'phone', '01712345678', 'email', 'john@example.com',
              'person_name', 'Sarah Doe', 'relationship', 'spouse', 'event_type', 'birthday',
              'event_date', (current_date - interval '28 years')::date, 'next_occurrence', current_date,
              'days_until_event', 0, 'years', 28)),
          'todays_events: the spouse''s birthday today');
SELECT is((SELECT array_agg(e ->> 'name' ORDER BY o)
           FROM jsonb_array_elements(upcoming_birthdays(7)) WITH ORDINALITY AS t(e, o)),
          '{"Sarah Doe","Tim Doe"}', 'upcoming_birthdays(7), soonest first');
SELECT is(jsonb_array_length(upcoming_birthdays()), 2, 'upcoming_birthdays() covers 30 days');
SELECT is(upcoming_birthdays(366) -> 2 ->> 'days_until_event', '100', 'upcoming_birthdays(366) reaches Mary');
SELECT is((SELECT array_agg((e ->> 'type') || ':' || (e ->> 'name') || ':' || (e ->> 'days_until_event'))
           FROM jsonb_array_elements(upcoming_anniversaries()) AS e),
          '{customer:John Doe:10}', 'upcoming_anniversaries: the customer''s own, in 10 days');
SELECT throws_ok($$SELECT upcoming_birthdays(367)$$, '22003', 'days must be between 0 and 366',
                 'upcoming_birthdays rejects a window beyond a year');
SELECT throws_ok($$SELECT upcoming_anniversaries(-1)$$, '22003', 'days must be between 0 and 366',
                 'upcoming_anniversaries rejects a negative window');

-- ---------------------------------------------------------------------------
-- call recommendations
-- ---------------------------------------------------------------------------
SELECT is(customer_recommendation(7300001),
          '{"customer_id": 7300001, "customer_name": "John Doe", "phone": "01712345678",
            "email": "john@example.com", "customer_temperature": "hot", "customer_type": "repeat",
            "lifecycle_stage": "repeat_buyer", "lifetime_value": 6000.00, "total_orders": 3,
            "call_priority_score": 7, "offer_type": "Cart recovery discount",
            "best_call_time": "14:00-16:00", "recommended_products": "Charger, Headphones",
            "next_action": "Call within 3 days", "recent_dropoff": true}',
          'customer_recommendation: priority 6 + 1 for the drop-off, best time from positive calls, viewed-not-bought products');
SELECT is(customer_recommendation(7300002) ->> 'next_action', 'URGENT: Call within 24 hours',
          'customer_recommendation: a hot vip is urgent');
SELECT is(customer_recommendation(7300005), NULL, 'customer_recommendation of a do-not-contact customer is NULL');
SELECT is(customer_recommendation(-1), NULL, 'customer_recommendation of an unknown customer is NULL');
SELECT is(pg_temp.ids(call_recommendations()),
          ARRAY[7300002, 7300001, 7300006, 7300004, (SELECT id FROM customers WHERE email = 'lee@example.com')],
          'call_recommendations: highest priority first, then lifetime value; no do-not-contact');
SELECT is(pg_temp.ids(call_recommendations(2)), '{7300002,7300001}', 'call_recommendations(2)');
SELECT is(pg_temp.ids(top_priority_customers()), '{7300002,7300001}',
          'top_priority_customers: priority 7 or more');
SELECT is(pg_temp.ids(top_priority_customers(1)), '{7300002}', 'top_priority_customers(1)');
SELECT throws_ok($$SELECT call_recommendations(-1)$$, '22023', 'limit must not be negative',
                 'call_recommendations rejects a negative limit');

-- ---------------------------------------------------------------------------
-- warmth
-- ---------------------------------------------------------------------------
SELECT is(update_customer_warmth(7300001, '{"engagement_score": 75.0, "budgetQualificationScore": 80.0,
                                            "notes": "Customer completed test drive"}') ->> 'overall_warmth_score',
          '77.50', 'update_customer_warmth: the trigger recomputes the score from the components given');
SELECT is((SELECT change_description FROM customer_warmth_history
           WHERE customer_id = 7300001 ORDER BY id DESC LIMIT 1),
          'Customer completed test drive', 'the notes are the history''s change_description');
SELECT is(current_setting('customer_scoring.change_description'), '',
          'update_customer_warmth leaves the session''s change_description as it was');
SELECT is(update_customer_warmth(7300001, '{"engagement_score": null, "overall_warmth_score": 10}')
          ->> 'overall_warmth_score',
          '80.00', 'a null component is unknown; overall_warmth_score of the body is ignored');
SELECT is((SELECT count(*)::integer FROM customer_warmth_history WHERE customer_id = 7300001), 2,
          'one history row per change');
SELECT is(customer_warmth_json(7300001) ->> 'warmth_notes', 'Customer completed test drive',
          'customer_warmth_json: notes kept when not given again');
SELECT is(customer_warmth_json(7300001) ->> 'budget_qualification_score', '80.00',
          'customer_warmth_json: components');
SELECT is(customer_warmth_json(7300004), NULL, 'customer_warmth_json of a customer without warmth is NULL');
SELECT is(update_customer_warmth(7300002, '{"engagement_score": 95}') ->> 'warmth_level', 'scorching',
          'update_customer_warmth creates the warmth row');
SELECT throws_ok($$SELECT update_customer_warmth(7300001, '[75]')$$, '22023',
                 'changes must be a JSON object', 'update_customer_warmth rejects a JSON array');
SELECT is(pg_temp.ids(warmth_analytics_json()), '{7300002,7300001}', 'warmth_analytics_json: warmest first');
SELECT is(pg_temp.ids(warmth_analytics_json('hot')), '{7300001}', 'warmth_analytics_json(hot)');
SELECT is(warmth_analytics_json('hot') -> 0 ->> 'engagement_status', 'Never Engaged',
          'warmth_analytics_json has the view''s engagement_status');
SELECT is(jsonb_array_length(warmth_analytics_json(NULL, 1)), 1, 'warmth_analytics_json limit');

-- ---------------------------------------------------------------------------
-- RFM and health (after the nightly refreshes)
-- ---------------------------------------------------------------------------
SELECT is(refresh_rfm_scores(), 4::bigint, 'refresh_rfm_scores scores the 4 customers with completed orders');
SELECT is(customer_rfm(7300001) - ARRAY['calculated_at', 'as_of', 'churn_risk', 'last_purchase_at'],
          '{"customer_id": 7300001, "recency_days": 5, "purchase_count": 3,
            "total_spent": 6000.00, "recency_score": 5, "frequency_score": 2, "monetary_score": 5,
            "rfm_cell": "525", "rfm_total": 12, "segment": "VIP", "avg_days_between_purchases": 32.50}',
          'customer_rfm: the stored scores');
SELECT is(customer_rfm((SELECT id FROM customers WHERE email = 'lee@example.com')), NULL,
          'customer_rfm of a customer without orders is NULL');
SELECT is(rfm_distribution() -> 'distribution',
          '{"Lost": 1, "At Risk": 0, "New Customers": 0, "Potential Loyalists": 1,
            "Loyal Customers": 0, "VIP": 2, "Champions": 0}',
          'rfm_distribution: every segment, 0 included');
SELECT is(rfm_distribution() -> 'segments' -> 0 ->> 'segment', 'VIP', 'rfm_distribution: best segment first');
SELECT is(rfm_scores('VIP') - 'scores' - 'distribution', '{"total": 2, "limit": 100, "offset": 0}',
          'rfm_scores(VIP) total');
SELECT is(pg_temp.ids(rfm_scores('VIP') -> 'scores'), '{7300001,7300002}', 'rfm_scores: highest total first');
SELECT is(pg_temp.ids(rfm_scores(NULL, 1, 3) -> 'scores'), '{7300004}', 'rfm_scores pages');
SELECT is(customer_360(7300001) ->> 'rfm_segment', 'VIP', 'customer_360 shows the RFM segment');

SELECT is(refresh_health_scores(), 6::bigint, 'refresh_health_scores scores every customer');
SELECT is(customer_health(7300001) -> 'components',
          '{"visit_frequency": 25.00, "spending_behavior": 6.17, "loyalty_engagement": 0.00,
            "feedback_sentiment": 50.00, "communication_response": 50.00, "recency_factor": 94.44}',
          'customer_health: the six components');
SELECT is(customer_health(7300001) ->> 'health_level',
          health_level((customer_health(7300001) ->> 'health_score')::numeric)::text,
          'customer_health: level of the score');
SELECT is(customer_health(7300001) - ARRAY['components', 'health_score', 'health_level', 'churn_risk',
                                           'engagement_score', 'engagement_level', 'calculated_at', 'as_of'],
          '{"customer_id": 7300001, "profile_completeness": 60.00, "completeness_level": "GOOD",
            "missing_fields": ["date_of_birth", "district", "profession", "available_time"]}',
          'customer_health: completeness and missing fields');
SELECT is(customer_health(-1), NULL, 'customer_health of an unknown customer is NULL');
SELECT is(customer_health_history(7300001) -> 0 ->> 'change_trigger', 'refresh',
          'customer_health_history: the refresh wrote history');
SELECT is(customer_health_history(-1), NULL, 'customer_health_history of an unknown customer is NULL');
SELECT is((SELECT sum(v::integer) FROM jsonb_each_text(health_overview() -> 'levels') AS l(k, v)), 6::bigint,
          'health_overview: levels add up to every customer');
SELECT is(health_overview() ->> 'total', '6', 'health_overview total');
SELECT is(customer_360(7300001) ->> 'health_level', customer_health(7300001) ->> 'health_level',
          'customer_360 shows the health level');
SELECT lives_ok($$SELECT update_customer(7300001, '{"district": "Gulshan"}')$$, 'fill in the district');
SELECT is(customer_profile_completeness(7300001),
          '{"customer_id": 7300001, "profile_completeness": 70.00, "completeness_level": "GOOD",
            "missing_fields": ["date_of_birth", "profession", "available_time"],
            "fields": ["first_name", "last_name", "email", "phone", "date_of_birth", "gender", "city",
                       "district", "profession", "available_time"]}',
          'customer_profile_completeness is computed now, not at the last refresh');
SELECT is(customer_profile_completeness(-1), NULL, 'customer_profile_completeness of an unknown customer is NULL');

SELECT is(customer_analytics_json(7300001) - ARRAY['first_order_at', 'last_order_at', 'predicted_next_purchase_at'],
          '{"customer_id": 7300001, "total_orders": 3, "total_spent": 6000.00, "lifetime_value": 6000.00,
            "average_order_value": 2000.00, "repeat_purchase_rate": 66.67, "purchase_frequency": 1.2857,
            "avg_days_between_purchases": 32.50, "days_since_last_order": 5, "churn_risk": 0,
            "favorite_products": [{"product_id": "P1", "quantity": 2, "orders": 1, "spent": 1000.00},
                                  {"product_id": "P9", "quantity": 1, "orders": 1, "spent": 2000.00}]}',
          'customer_analytics_json: purchase metrics from completed orders');
SELECT is((customer_analytics_json(7300001) ->> 'predicted_next_purchase_at')::timestamptz,
          now() - interval '5 days' + interval '32.5 days', 'customer_analytics_json: next purchase');
SELECT is(demographic_insights(7300002) - ARRAY['customer_id'],
          '{"age": 39, "age_group": "35-44", "gender": null, "marital_status": null, "profession": null,
            "city": null, "district": null, "family_members": 0, "preferred_contact_method": null,
            "preferred_contact_time": null, "preferred_language": null}',
          'demographic_insights: age and age group');

-- ---------------------------------------------------------------------------
-- dashboard
-- ---------------------------------------------------------------------------
SELECT is(dashboard_statistics() - ARRAY['warmth_levels', 'rfm_segments', 'health_levels'],
          '{"total_customers": 6, "vip_customers": 1, "repeat_customers": 2, "new_customers": 2,
            "loyal_customers": 1, "hot_customers": 3, "warm_customers": 1, "cold_customers": 2,
            "total_lifetime_value": 127000.00, "avg_lifetime_value": 21166.67}',
          'dashboard_statistics: the fields of GET /cdm/stats/dashboard');
SELECT is(dashboard_statistics() -> 'warmth_levels',
          '{"ice_cold": 0, "cold": 0, "cool": 0, "lukewarm": 0, "warm": 0, "hot": 1, "scorching": 1}',
          'dashboard_statistics: warmth levels');
SELECT is(dashboard_statistics() -> 'rfm_segments', rfm_distribution() -> 'distribution',
          'dashboard_statistics: RFM segments');
SELECT is(dashboard_statistics() -> 'health_levels', health_overview() -> 'levels',
          'dashboard_statistics: health levels');

-- ---------------------------------------------------------------------------
-- communications, notes, tags, addresses, preferences
-- ---------------------------------------------------------------------------
SELECT is(log_communication(7300001, '{"userId": "agent7", "customerId": 7300002, "communicationType": "email",
                                       "subject": "Offer", "message": "Promotional offer sent",
                                       "direction": "outbound", "status": "sent"}')
          - ARRAY['id', 'created_at', 'sent_at'],
          '{"customer_id": 7300001, "communication_type": "email", "channel": "email",
            "direction": "outbound", "subject": "Offer", "message": "Promotional offer sent",
            "status": "sent", "campaign": null, "delivered_at": null, "opened_at": null,
            "clicked_at": null, "replied_at": null, "metadata": null, "created_by": "agent7"}',
          'log_communication: channel from communicationType, userId as created_by');
SELECT ok((SELECT sent_at = now() FROM customer_communications WHERE customer_id = 7300001),
          'log_communication: a sent message has sent_at');
SELECT lives_ok($$SELECT log_communication(7300001, '{"channel": "sms", "message": "Reminder"}')$$,
                'a pending sms');
SELECT is(customer_communications_list(7300001) - 'data', '{"total": 2, "limit": 50, "offset": 0}',
          'customer_communications_list total');
SELECT is(customer_communications_list(7300001) -> 'data' -> 0 ->> 'status', 'pending',
          'customer_communications_list: unsent first, then newest');
SELECT is(customer_communications_list(7300001, 'sms') ->> 'total', '1', 'customer_communications_list by channel');
SELECT is(customer_communications_list(7300001, NULL, 'sent', 1, 1) -> 'data', '[]',
          'customer_communications_list by status with offset');
SELECT is(customer_communications_list(-1), NULL, 'customer_communications_list of an unknown customer is NULL');
SELECT throws_ok($$SELECT log_communication(7300001, '"hello"')$$, '22023',
                 'communication must be a JSON object', 'log_communication rejects a JSON string');

SELECT is(add_note(7300001, '{"content": "Call back after Eid", "noteType": "follow_up", "priority": "high",
                              "userId": "agent7"}')
          - ARRAY['id', 'created_at', 'updated_at'],
          '{"customer_id": 7300001, "title": null, "content": "Call back after Eid", "note_type": "follow_up",
            "priority": "high", "is_pinned": false, "created_by": "agent7"}',
          'add_note returns the row');
SELECT lives_ok($$SELECT add_note(7300001, '{"content": "Prefers evenings", "is_pinned": true}')$$, 'a pinned note');
SELECT is((SELECT array_agg(e ->> 'content' ORDER BY o)
           FROM jsonb_array_elements(customer_notes_list(7300001)) WITH ORDINALITY AS t(e, o)),
          '{"Prefers evenings","Call back after Eid"}', 'customer_notes_list: pinned first');
SELECT is(customer_notes_list(-1), NULL, 'customer_notes_list of an unknown customer is NULL');
SELECT throws_ok($$SELECT add_note(7300001, '["x"]')$$, '22023', 'note must be a JSON object',
                 'add_note rejects a JSON array');

SELECT is(add_tag(7300001, ' vip ') ->> 'tag', 'vip', 'add_tag trims the tag');
SELECT is(add_tag(7300001, 'vip', '#ffd700') - ARRAY['id', 'created_at'],
          '{"customer_id": 7300001, "tag": "vip", "color": "#ffd700", "created_by": null}',
          'add_tag of an existing tag sets its color');
SELECT lives_ok($$SELECT add_tag(7300001, 'eid-offer')$$, 'a second tag');
SELECT is((SELECT array_agg(e ->> 'tag' ORDER BY o)
           FROM jsonb_array_elements(customer_tags_list(7300001)) WITH ORDINALITY AS t(e, o)),
          '{eid-offer,vip}', 'customer_tags_list in tag order');
SELECT is(remove_tag(7300001, 'vip'), true, 'remove_tag removes it');
SELECT is(remove_tag(7300001, 'vip'), false, 'remove_tag of an absent tag is false');
SELECT is(customer_tags_list(7300004), '[]', 'customer_tags_list of an untagged customer is []');

SELECT is(add_customer_address(7300001, '{"line1": "House 1, Road 2", "city": "Dhaka", "is_default": true}')
          ->> 'is_default', 'true', 'add_customer_address');
SELECT is(add_customer_address(7300001, '{"addressType": "work", "line1": "Office 5", "isDefault": true}')
          ->> 'address_type', 'work', 'add_customer_address with camelCase keys');
SELECT is((SELECT array_agg((e ->> 'line1') || ':' || (e ->> 'is_default') ORDER BY o)
           FROM jsonb_array_elements(customer_addresses_list(7300001)) WITH ORDINALITY AS t(e, o)),
          '{"Office 5:true","House 1, Road 2:false"}', 'a new default replaces the old; default first');
SELECT throws_ok($$SELECT add_customer_address(7300001, '1')$$, '22023', 'address must be a JSON object',
                 'add_customer_address rejects a JSON number');

SELECT is(customer_preferences_json(7300001), NULL, 'no preferences recorded yet');
SELECT is(set_customer_preferences(7300001, '{"preferredContactMethod": "whatsapp", "gdpr_consent": true}')
          ->> 'preferred_contact_method', 'whatsapp', 'set_customer_preferences creates the row');
SELECT is((set_customer_preferences(7300001, '{"newsletter_subscribed": true}')
           - ARRAY['created_at', 'updated_at', 'gdpr_consent_at'])
          @> '{"preferred_contact_method": "whatsapp", "newsletter_subscribed": true, "gdpr_consent": true,
               "email_notifications": true}',
          true, 'set_customer_preferences changes only the keys given');
SELECT ok((customer_preferences_json(7300001) ->> 'gdpr_consent_at')::timestamptz = now(),
          'consent given records gdpr_consent_at');
SELECT throws_ok($$SELECT set_customer_preferences(7300001, '[]')$$, '22023', 'changes must be a JSON object',
                 'set_customer_preferences rejects a JSON array');
SELECT is(demographic_insights(7300001) ->> 'preferred_contact_method', 'whatsapp',
          'demographic_insights: communication preferences');

SELECT * FROM finish();
ROLLBACK;
