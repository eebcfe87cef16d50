-- test/cdm_functions.sql — pgTAP tests of the pure customer data management
-- rule (SPEC §2, §3.5): customer_temperature at every rule edge (days since
-- last order 30/31 and 90/91, interactions 0-3), NULL days = never ordered,
-- NULL interactions = 0, and negative arguments with SQLSTATE and message.
-- Needs: CREATE EXTENSION pgtap; CREATE EXTENSION customer_scoring;
BEGIN;
SELECT plan(37);

-- hot: days <= 30 or interactions_30d >= 3; warm: days <= 90 or interactions_30d >= 1; else cold

-- order recency alone
SELECT is(customer_temperature(0, 0),   'hot'::customer_temperature,  'customer_temperature(0, 0) = hot');
SELECT is(customer_temperature(30, 0),  'hot'::customer_temperature,  'customer_temperature(30, 0) = hot');
SELECT is(customer_temperature(31, 0),  'warm'::customer_temperature, 'customer_temperature(31, 0) = warm');
SELECT is(customer_temperature(90, 0),  'warm'::customer_temperature, 'customer_temperature(90, 0) = warm');
SELECT is(customer_temperature(91, 0),  'cold'::customer_temperature, 'customer_temperature(91, 0) = cold');
SELECT is(customer_temperature(2147483647, 0), 'cold'::customer_temperature, 'customer_temperature(2147483647, 0) = cold');

-- interactions alone (never ordered)
SELECT is(customer_temperature(NULL, 0), 'cold'::customer_temperature, 'never ordered, 0 interactions = cold');
SELECT is(customer_temperature(NULL, 1), 'warm'::customer_temperature, 'never ordered, 1 interaction = warm');
SELECT is(customer_temperature(NULL, 2), 'warm'::customer_temperature, 'never ordered, 2 interactions = warm');
SELECT is(customer_temperature(NULL, 3), 'hot'::customer_temperature,  'never ordered, 3 interactions = hot');
SELECT is(customer_temperature(NULL, 2147483647), 'hot'::customer_temperature, 'never ordered, 2147483647 interactions = hot');

-- interactions with an old order (cold by recency)
SELECT is(customer_temperature(91, 1), 'warm'::customer_temperature, 'customer_temperature(91, 1) = warm');
SELECT is(customer_temperature(91, 2), 'warm'::customer_temperature, 'customer_temperature(91, 2) = warm');
SELECT is(customer_temperature(91, 3), 'hot'::customer_temperature,  'customer_temperature(91, 3) = hot');
SELECT is(customer_temperature(400, 0), 'cold'::customer_temperature, 'customer_temperature(400, 0) = cold');
SELECT is(customer_temperature(400, 1), 'warm'::customer_temperature, 'customer_temperature(400, 1) = warm');

-- interactions with a warm order
SELECT is(customer_temperature(31, 1), 'warm'::customer_temperature, 'customer_temperature(31, 1) = warm');
SELECT is(customer_temperature(31, 2), 'warm'::customer_temperature, 'customer_temperature(31, 2) = warm');
SELECT is(customer_temperature(31, 3), 'hot'::customer_temperature,  'customer_temperature(31, 3) = hot');
SELECT is(customer_temperature(90, 3), 'hot'::customer_temperature,  'customer_temperature(90, 3) = hot');
SELECT is(customer_temperature(30, 3), 'hot'::customer_temperature,  'customer_temperature(30, 3) = hot');

-- NULL interactions = 0, default interactions = 0, named arguments
SELECT is(customer_temperature(30, NULL),   'hot'::customer_temperature,  'customer_temperature(30, NULL) = hot');
SELECT is(customer_temperature(31, NULL),   'warm'::customer_temperature, 'customer_temperature(31, NULL) = warm (NULL interactions = 0)');
SELECT is(customer_temperature(91, NULL),   'cold'::customer_temperature, 'customer_temperature(91, NULL) = cold (NULL interactions = 0)');
SELECT is(customer_temperature(NULL, NULL), 'cold'::customer_temperature, 'customer_temperature(NULL, NULL) = cold, not NULL');
SELECT is(customer_temperature(91),         'cold'::customer_temperature, 'customer_temperature(91) with default interactions = cold');
SELECT is(customer_temperature(60),         'warm'::customer_temperature, 'customer_temperature(60) with default interactions = warm');
SELECT is(customer_temperature(interactions_30d => 3, days_since_last_order => 365), 'hot'::customer_temperature,
          'customer_temperature with named arguments (365 days, 3 interactions) = hot');
SELECT is(customer_temperature(days_since_last_order => NULL), 'cold'::customer_temperature,
          'customer_temperature(days_since_last_order => NULL) = cold');

-- the whole rule table against an independent implementation
SELECT is((SELECT count(*)::int
             FROM (VALUES (NULL::int), (0), (1), (29), (30), (31), (89), (90), (91), (180), (1000)) AS d(days),
                  (VALUES (NULL::int), (0), (1), (2), (3), (4), (100)) AS i(n)
            WHERE customer_temperature(days, n) IS DISTINCT FROM
                  (CASE WHEN days <= 30 OR coalesce(n, 0) >= 3 THEN 'hot'
                        WHEN days <= 90 OR coalesce(n, 0) >= 1 THEN 'warm'
                        ELSE 'cold' END)::customer_temperature), 0,
          'customer_temperature matches the SPEC rules on a grid of 77 cases');

-- negative arguments
SELECT throws_ok('SELECT customer_temperature(-1, 0)', '22023', 'days_since_last_order must not be negative',
                 'customer_temperature: negative days is rejected');
SELECT throws_ok('SELECT customer_temperature(-1, 5)', '22023', 'days_since_last_order must not be negative',
                 'customer_temperature: negative days is rejected even with 5 interactions');
SELECT throws_ok('SELECT customer_temperature(0, -1)', '22023', 'interactions_30d must not be negative',
                 'customer_temperature: negative interactions is rejected');
SELECT throws_ok('SELECT customer_temperature(NULL, -1)', '22023', 'interactions_30d must not be negative',
                 'customer_temperature: negative interactions is rejected for a customer who never ordered');
SELECT throws_ok('SELECT customer_temperature(-2147483648)', '22023', 'days_since_last_order must not be negative',
                 'customer_temperature: days -2147483648 is rejected');

-- enum order
SELECT is(enum_range(NULL::customer_temperature), ARRAY['cold', 'warm', 'hot']::customer_temperature[],
          'customer_temperature enum sorts coldest first');
SELECT results_eq(
    $$SELECT customer_temperature(d, 0) FROM (VALUES (60), (400), (10)) AS v(d)
      ORDER BY customer_temperature(d, 0) DESC$$,
    $$VALUES ('hot'::customer_temperature), ('warm'), ('cold')$$,
    'ORDER BY customer_temperature DESC puts hot first');

SELECT * FROM finish();
ROLLBACK;
