-- test/opportunities.sql — customer_opportunities (SPEC §3.8): each rule
-- offered and not offered at its boundaries — upsell (health GOOD or better,
-- P(alive) >= 0.7, CLV at or above the 75th percentile), win_back (0.2 <=
-- P(alive) < 0.5, lifetime value at or above the median of customers with
-- orders), loyalty_reward (balance >= the setting reward_points), birthday
-- (today to today + 7 days, the year end, 29 February by leap_day_observed);
-- no upsell or win_back before customer_predictions exists (a stand-in table
-- is created here for the rest); nothing for an unknown or invisible
-- customer; the reason texts and the row order.
-- Needs: CREATE EXTENSION pgtap; CREATE EXTENSION customer_scoring; in public.
BEGIN;
SELECT plan(36);
SET LOCAL TimeZone = 'UTC';
SET LOCAL client_min_messages = warning;

-- the kinds offered to a customer, in order
CREATE FUNCTION pg_temp.kinds(c bigint, d date DEFAULT '2024-06-01') RETURNS text LANGUAGE sql STABLE AS $$
    SELECT COALESCE(string_agg(o.kind, ',' ORDER BY n), '')
    FROM customer_opportunities(c, d) WITH ORDINALITY AS o(kind, reason, n)
$$;

SELECT is((SELECT l.lanname || ':' || p.provolatile::text || ':' || p.proparallel::text || ':'
                  || p.prosecdef::text || ':' || array_to_string(p.proconfig, ',')
           FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
           WHERE p.oid = 'customer_opportunities(bigint,date)'::regprocedure),
          'plpgsql:s:s:false:search_path=pg_catalog, pg_temp',
          'customer_opportunities: PL/pgSQL, STABLE, PARALLEL SAFE, caller''s rights, search_path pinned');

-- ---------------------------------------------------------------------------
-- fixture: 8500001-8500010 with orders of 100 ... 1000 (median 550)
-- ---------------------------------------------------------------------------
INSERT INTO customers (id, first_name, last_name)
SELECT g, 'Opp', 'Case' || g FROM generate_series(8500001, 8500012) g;
INSERT INTO orders (customer_id, total_amount)
SELECT g, (g - 8500000) * 100 FROM generate_series(8500001, 8500010) g;
INSERT INTO customer_health_scores (customer_id, health_score, health_level)
SELECT g, 85, 'EXCELLENT' FROM generate_series(8500001, 8500012) g;

SELECT is(pg_temp.kinds(8500010), '', 'without a prediction: no upsell, no win_back, no error');
SELECT is(pg_temp.kinds(NULL), '', 'NULL customer: nothing');
SELECT is(pg_temp.kinds(999999999), '', 'unknown customer: nothing');
SELECT throws_ok($$SELECT * FROM customer_opportunities(8500001, 'infinity')$$, '22023',
                 'as_of must be a finite date', 'as_of infinity → 22023');

-- ---------------------------------------------------------------------------
-- loyalty_reward
-- ---------------------------------------------------------------------------
DO $$ BEGIN PERFORM loyalty_earn(8500011, 999); PERFORM loyalty_earn(8500012, 1000); END $$;
SELECT is(pg_temp.kinds(8500011), '', 'a balance of 999: no loyalty_reward (reward_points 1000)');
SELECT is(pg_temp.kinds(8500012), 'loyalty_reward', 'a balance of 1000: loyalty_reward');
SELECT is((SELECT reason FROM customer_opportunities(8500012, '2024-06-01')),
          '1000 points in programme Default, at or above the reward threshold of 1000', 'its reason');
UPDATE customer_scoring_settings SET value = '999' WHERE name = 'reward_points';
SELECT is(pg_temp.kinds(8500011), 'loyalty_reward', 'reward_points 999: a balance of 999 is offered');
UPDATE customer_scoring_settings SET value = '1000' WHERE name = 'reward_points';

-- ---------------------------------------------------------------------------
-- birthday: as_of to as_of + 7, inclusive
-- ---------------------------------------------------------------------------
UPDATE customers SET date_of_birth = '1990-03-10' WHERE id = 8500011;
SELECT is(pg_temp.kinds(8500011, '2024-03-03'), 'birthday', 'birthday in 7 days: offered');
SELECT is(pg_temp.kinds(8500011, '2024-03-02'), '', 'birthday in 8 days: not yet');
SELECT is(pg_temp.kinds(8500011, '2024-03-10'), 'birthday', 'birthday today: offered');
SELECT is(pg_temp.kinds(8500011, '2024-03-11'), '', 'birthday yesterday: not offered');
SELECT is((SELECT reason FROM customer_opportunities(8500011, '2024-03-10')), 'Birthday today (2024-03-10)',
          'the reason of a birthday today');
SELECT is((SELECT reason FROM customer_opportunities(8500011, '2024-03-05')), 'Birthday on 2024-03-10, in 5 days',
          'the reason of a birthday ahead');
UPDATE customers SET date_of_birth = '1990-01-03' WHERE id = 8500011;
SELECT is(pg_temp.kinds(8500011, '2024-12-28'), 'birthday', 'across the year end: 3 January from 28 December');
UPDATE customers SET date_of_birth = '2000-02-29' WHERE id = 8500011;
SELECT is(pg_temp.kinds(8500011, '2023-02-21'), 'birthday',
          '29 February in a common year falls on 28 February (leap_day_observed feb28): in 7 days');
SELECT is(pg_temp.kinds(8500011, '2024-02-22'), 'birthday', '29 February in a leap year: in 7 days');
UPDATE customer_scoring_settings SET value = 'mar1' WHERE name = 'leap_day_observed';
SELECT is(pg_temp.kinds(8500011, '2023-02-21'), '', 'leap_day_observed mar1: 1 March is 8 days away');
SELECT is(pg_temp.kinds(8500011, '2023-02-22'), 'birthday', 'and 7 days from 22 February');
UPDATE customer_scoring_settings SET value = 'feb28' WHERE name = 'leap_day_observed';

-- ---------------------------------------------------------------------------
-- upsell and win_back from customer_predictions
-- CLV 100 ... 1000 for 8500001-10: the 75th percentile is 775
-- ---------------------------------------------------------------------------
INSERT INTO customer_predictions (customer_id, p_alive, clv_12_months, frequency, recency, age, as_of)
SELECT g, 0.9, (g - 8500000) * 100, 1, 1, 2, now() FROM generate_series(8500001, 8500010) g;
SELECT is(pg_temp.kinds(8500008), 'upsell', 'EXCELLENT, P(alive) 0.9, CLV 800 >= 775: upsell');
SELECT is(pg_temp.kinds(8500007), '', 'CLV 700 < 775: no upsell');
UPDATE customer_predictions SET clv_12_months = 800 WHERE customer_id = 8500007;
SELECT is(pg_temp.kinds(8500007), 'upsell', 'CLV 800 tied with another: exactly the 75th percentile (800), upsell');
SELECT is((SELECT reason FROM customer_opportunities(8500007, '2024-06-01')),
          'Health EXCELLENT, P(alive) 0.90 and a 12-month CLV of 800.00, at or above the 75th percentile of all customers (800.00)',
          'the upsell reason');
UPDATE customer_predictions SET p_alive = 0.7 WHERE customer_id = 8500008;
SELECT is(pg_temp.kinds(8500008), 'upsell', 'P(alive) 0.7: upsell');
UPDATE customer_predictions SET p_alive = 0.69 WHERE customer_id = 8500008;
SELECT is(pg_temp.kinds(8500008), '', 'P(alive) 0.69: no upsell');
UPDATE customer_health_scores SET health_score = 60, health_level = 'GOOD' WHERE customer_id = 8500009;
SELECT is(pg_temp.kinds(8500009), 'upsell', 'health GOOD: upsell');
UPDATE customer_health_scores SET health_score = 59.99, health_level = 'FAIR' WHERE customer_id = 8500009;
SELECT is(pg_temp.kinds(8500009), '', 'health FAIR: no upsell');

-- win_back: lifetime values 100 ... 1000 (median 550)
UPDATE customer_predictions SET p_alive = 0.2 WHERE customer_id = 8500006;
SELECT is(pg_temp.kinds(8500006), 'win_back', 'P(alive) 0.2, lifetime value 600 >= 550: win_back');
UPDATE customer_predictions SET p_alive = 0.49 WHERE customer_id = 8500006;
SELECT is(pg_temp.kinds(8500006), 'win_back', 'P(alive) 0.49: win_back');
UPDATE customer_predictions SET p_alive = 0.5 WHERE customer_id = 8500006;
SELECT is(pg_temp.kinds(8500006), '', 'P(alive) 0.5: no win_back');
UPDATE customer_predictions SET p_alive = 0.19 WHERE customer_id = 8500006;
SELECT is(pg_temp.kinds(8500006), '', 'P(alive) 0.19: no win_back');
UPDATE customer_predictions SET p_alive = 0.3 WHERE customer_id = 8500005;
SELECT is(pg_temp.kinds(8500005), '', 'lifetime value 500 < 550: no win_back');

-- all four, in order
UPDATE customer_predictions SET p_alive = 0.9, clv_12_months = 5000 WHERE customer_id = 8500010;
UPDATE customers SET date_of_birth = '1980-06-05' WHERE id = 8500010;
DO $$ BEGIN PERFORM loyalty_earn(8500010, 5000); END $$;
SELECT is(pg_temp.kinds(8500010), 'upsell,loyalty_reward,birthday', 'upsell, loyalty reward and birthday, in that order');

-- ---------------------------------------------------------------------------
-- row-level security: an invisible customer has none
-- ---------------------------------------------------------------------------
CREATE ROLE cs_opp_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
GRANT USAGE ON SCHEMA public TO cs_opp_app;
GRANT SELECT ON customers, customer_predictions, customer_health_scores, customer_loyalty_points,
                loyalty_programs, customer_scoring_settings TO cs_opp_app;
CREATE TEMP TABLE seen (k text PRIMARY KEY, v text);
GRANT ALL ON seen TO cs_opp_app;
ALTER TABLE customers ENABLE ROW LEVEL SECURITY;
CREATE POLICY test_opp_rows ON customers TO cs_opp_app USING (id <> 8500010);
SET LOCAL ROLE cs_opp_app;
INSERT INTO seen SELECT 'invisible', pg_temp.kinds(8500010);
INSERT INTO seen SELECT 'visible', pg_temp.kinds(8500012);
RESET ROLE;
SELECT is((SELECT v FROM seen WHERE k = 'invisible'), '', 'a customer hidden by row-level security: nothing');
SELECT is((SELECT v FROM seen WHERE k = 'visible'), 'loyalty_reward', 'a visible one: its opportunities');

SELECT * FROM finish();
ROLLBACK;
