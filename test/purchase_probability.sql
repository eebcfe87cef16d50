-- test/purchase_probability.sql — pgTAP tests of the calibrated purchase
-- probability (SPEC §3.7 "Calibrated purchase probability", §3.1): the
-- active algorithm's probability_intercept and probability_slope (defaults
-- -5 and 0.1, today's values) are what the warmth trigger and
-- refresh_warmth_scores use; a changed pair reaches a new or updated row at
-- once and the stored rows at the next refresh, without history rows; NaN and
-- infinite pairs are refused; calibrate_purchase_probability recovers known
-- coefficients from generated won/lost history within a tolerance derived
-- from their standard errors, stores them on the active or the named
-- algorithm, and stores nothing for separable data or without history.
-- Needs: CREATE EXTENSION pgtap; CREATE EXTENSION customer_scoring;
BEGIN;
SELECT plan(35);
SET LOCAL client_min_messages = error;

-- ---------------------------------------------------------------------------
-- the columns and their defaults
-- ---------------------------------------------------------------------------

SELECT col_type_is('warmth_scoring_algorithms', 'probability_intercept', 'double precision', 'probability_intercept is double precision');
SELECT col_type_is('warmth_scoring_algorithms', 'probability_slope', 'double precision', 'probability_slope is double precision');
SELECT col_not_null('warmth_scoring_algorithms', 'probability_intercept', 'probability_intercept is NOT NULL');
SELECT col_not_null('warmth_scoring_algorithms', 'probability_slope', 'probability_slope is NOT NULL');
SELECT row_eq($$SELECT probability_intercept, probability_slope FROM warmth_scoring_algorithms WHERE is_active$$,
              ROW(-5::float8, 0.1::float8), 'the seeded active algorithm has the defaults -5 and 0.1');
INSERT INTO warmth_scoring_algorithms
    (name, version, engagement_weight, interaction_frequency_weight, response_rate_weight,
     budget_qualification_weight, timeline_urgency_weight, decision_authority_weight,
     demographic_fit_weight, past_behavior_weight)
VALUES ('spare', '1.0', 0.2, 0.15, 0.1, 0.2, 0.15, 0.1, 0.05, 0.05);
SELECT row_eq($$SELECT probability_intercept, probability_slope FROM warmth_scoring_algorithms WHERE name = 'spare'$$,
              ROW(-5::float8, 0.1::float8), 'a new algorithm gets the defaults');

-- ---------------------------------------------------------------------------
-- the defaults reproduce the purchase probability of before
-- ---------------------------------------------------------------------------

SELECT setseed(0.25);
CREATE TABLE pg_temp.ids AS
WITH ins AS (INSERT INTO customers (first_name) SELECT 'warmth ' || g FROM generate_series(1, 300) g RETURNING id)
SELECT id FROM ins;
INSERT INTO customer_warmth (customer_id, engagement_score, interaction_frequency_score, response_rate_score,
                             budget_qualification_score, timeline_urgency_score,
                             decision_making_authority_score, demographic_fit_score, past_purchase_behavior_score)
SELECT id, round((random() * 100)::numeric, 2), round((random() * 100)::numeric, 2), round((random() * 100)::numeric, 2),
       round((random() * 100)::numeric, 2), round((random() * 100)::numeric, 2), round((random() * 100)::numeric, 2),
       round((random() * 100)::numeric, 2), round((random() * 100)::numeric, 2)
FROM pg_temp.ids;
SELECT is_empty($$SELECT 1 FROM customer_warmth
                  WHERE purchase_probability IS DISTINCT FROM round(100 / (1 + exp(-(-5 + 0.1 * overall_warmth_score))), 2)$$,
                'defaults: every row''s probability is 100 / (1 + e^-(-5 + 0.1 score)), as before');
SELECT is((SELECT purchase_probability FROM customer_warmth WHERE customer_id = (SELECT min(id) FROM pg_temp.ids)),
          purchase_probability((SELECT overall_warmth_score FROM customer_warmth WHERE customer_id = (SELECT min(id) FROM pg_temp.ids))),
          'defaults: equal to purchase_probability(score) with its default link');

-- the refresh brings the day counters up to date once; from then on it is quiet
SELECT ok(refresh_warmth_scores() >= 0, 'a first refresh');
SELECT is(refresh_warmth_scores(), 0::bigint, 'a second refresh changes nothing: the stored probabilities are current');

-- ---------------------------------------------------------------------------
-- a changed pair: new and updated rows at once, stored rows at the refresh
-- ---------------------------------------------------------------------------

CREATE TABLE pg_temp.before AS
SELECT customer_id, purchase_probability, overall_warmth_score FROM customer_warmth;
CREATE TABLE pg_temp.history_before AS SELECT count(*) AS n FROM customer_warmth_history;
UPDATE warmth_scoring_algorithms SET probability_intercept = -2, probability_slope = 0.05 WHERE is_active;

CREATE TABLE pg_temp.fresh AS
WITH ins AS (INSERT INTO customers (first_name) VALUES ('fresh') RETURNING id) SELECT id FROM ins;
INSERT INTO customer_warmth (customer_id, engagement_score, budget_qualification_score)
SELECT id, 80, 90 FROM pg_temp.fresh;
SELECT row_eq($$SELECT overall_warmth_score, purchase_probability FROM customer_warmth WHERE customer_id = (SELECT id FROM pg_temp.fresh)$$,
              ROW(85.00::numeric(5,2), 90.47::numeric(5,2)),
              'trigger: a new row gets 100 / (1 + e^-(-2 + 0.05 x 85)) = 90.47 under the changed pair (the defaults give 97.07)');
UPDATE customer_warmth SET warmth_notes = 'touched' WHERE customer_id = (SELECT min(id) FROM pg_temp.ids);
SELECT is((SELECT purchase_probability FROM customer_warmth WHERE customer_id = (SELECT min(id) FROM pg_temp.ids)),
          purchase_probability((SELECT overall_warmth_score FROM customer_warmth WHERE customer_id = (SELECT min(id) FROM pg_temp.ids)), -2, 0.05),
          'trigger: an updated row is rescored with the changed pair');
SELECT ok((SELECT count(*) FROM customer_warmth w JOIN pg_temp.before b USING (customer_id)
           WHERE w.purchase_probability = b.purchase_probability) >= 299,
          'the other stored rows keep their probability until the refresh');

-- (and the new customer's row, whose day counters it fills for the first time)
SELECT is(refresh_warmth_scores(),
          (SELECT count(*) + 1 FROM customer_warmth w JOIN pg_temp.before b USING (customer_id)
           WHERE b.purchase_probability IS DISTINCT FROM purchase_probability(w.overall_warmth_score, -2, 0.05)
             AND w.warmth_notes IS NULL),
          'refresh: rescores exactly the rows whose probability the changed pair changes');
SELECT is_empty($$SELECT 1 FROM customer_warmth
                  WHERE purchase_probability IS DISTINCT FROM purchase_probability(overall_warmth_score, -2, 0.05)$$,
                'refresh: every row''s probability uses the active algorithm''s pair');
SELECT is_empty($$SELECT 1 FROM customer_warmth w JOIN pg_temp.before b USING (customer_id)
                  WHERE w.overall_warmth_score IS DISTINCT FROM b.overall_warmth_score$$,
                'refresh: the scores themselves are unchanged');
SELECT is((SELECT count(*) FROM customer_warmth_history), (SELECT n + 1 FROM pg_temp.history_before),
          'refresh: a changed probability writes no history row (only the new customer''s insert did)');
SELECT is(refresh_warmth_scores(), 0::bigint, 'refresh: quiet again');

-- no active algorithm: the built-in link
UPDATE warmth_scoring_algorithms SET is_active = false WHERE is_active;
UPDATE customer_warmth SET warmth_notes = 'builtin' WHERE customer_id = (SELECT id FROM pg_temp.fresh);
SELECT is((SELECT purchase_probability FROM customer_warmth WHERE customer_id = (SELECT id FROM pg_temp.fresh)),
          97.07::numeric(5,2), 'no active algorithm: the built-in link -5, 0.1');
SELECT throws_ok('SELECT calibrate_purchase_probability()', '55000', 'no warmth scoring algorithm is active',
                 'calibrate without an active algorithm and without algorithm_id: 55000');
UPDATE warmth_scoring_algorithms SET is_active = true WHERE id = 1;

-- ---------------------------------------------------------------------------
-- bad values
-- ---------------------------------------------------------------------------

SELECT throws_ok($$UPDATE warmth_scoring_algorithms SET probability_intercept = 'NaN' WHERE id = 1$$, '23514', NULL,
                 'a NaN intercept is refused (23514)');
SELECT throws_ok($$UPDATE warmth_scoring_algorithms SET probability_slope = 'Infinity' WHERE id = 1$$, '23514', NULL,
                 'an infinite slope is refused (23514)');
SELECT throws_ok($$UPDATE warmth_scoring_algorithms SET probability_intercept = '-Infinity' WHERE id = 1$$, '23514', NULL,
                 'a -infinite intercept is refused (23514)');
SELECT throws_ok($$UPDATE warmth_scoring_algorithms SET probability_slope = NULL WHERE id = 1$$, '23502', NULL,
                 'a NULL slope is refused (23502)');
SELECT throws_ok($$SELECT purchase_probability(50, 'NaN', 0.1)$$, '22023', 'intercept must not be NaN',
                 'purchase_probability with a NaN intercept: 22023');
SELECT throws_ok('SELECT calibrate_purchase_probability(-1)', '22023', 'warmth scoring algorithm -1 does not exist',
                 'calibrate an unknown algorithm: 22023');

-- ---------------------------------------------------------------------------
-- calibration on generated won/lost history
-- ---------------------------------------------------------------------------

-- 5000 customers, one score each recorded 200 days ago (uniform on [0, 100]),
-- who bought within the next 90 days with probability
-- 1 / (1 + e^-(-4 + 0.08 score)).  Orders that must not count: a cancelled
-- one inside the window, completed ones 91 days after and 1 day before.
CREATE TABLE pg_temp.gen AS
WITH ins AS (INSERT INTO customers (first_name) SELECT 'history ' || g FROM generate_series(1, 5000) g RETURNING id)
SELECT id, round((random() * 100)::numeric, 2) AS score, random() AS u, random() AS v,
       now() - interval '200 days' AS at
FROM ins;
INSERT INTO customer_warmth (customer_id) SELECT id FROM pg_temp.gen;     -- history rows of today: too young
INSERT INTO customer_warmth_history (customer_id, warmth_score_snapshot, change_trigger, created_at)
SELECT id, score, 'generated', at FROM pg_temp.gen;
INSERT INTO orders (customer_id, ordered_at, total_amount, status)
SELECT id, at + (1 + floor(v * 88)) * interval '1 day', 100, 'completed'
FROM pg_temp.gen WHERE u < 1 / (1 + exp(-(-4 + 0.08 * score::float8)));
INSERT INTO orders (customer_id, ordered_at, total_amount, status)
SELECT id, at + interval '10 days', 100, 'cancelled' FROM pg_temp.gen WHERE v < 0.3
UNION ALL
SELECT id, at + interval '91 days', 100, 'completed' FROM pg_temp.gen WHERE v > 0.7
UNION ALL
SELECT id, at - interval '1 day', 100, 'completed' FROM pg_temp.gen WHERE v BETWEEN 0.4 AND 0.6;

-- the standard errors at the true coefficients: the inverse of the Fisher
-- information sum p(1 - p) [1 s; s s^2]
CREATE TABLE pg_temp.se AS
SELECT sqrt(i11 / det) AS se_intercept, sqrt(i00 / det) AS se_slope
FROM (SELECT i00, i11, i00 * i11 - i01 * i01 AS det
      FROM (SELECT sum(w) AS i00, sum(w * s) AS i01, sum(w * s * s) AS i11
            FROM (SELECT score::float8 AS s, p * (1 - p) AS w
                  FROM (SELECT score, 1 / (1 + exp(-(-4 + 0.08 * score::float8))) AS p FROM pg_temp.gen) x) y) z) f;

SELECT ok(calibrate_purchase_probability(NULL, now() - interval '150 days') IS NULL,
          'calibrate: since after every old enough score: NULL');
SELECT row_eq($$SELECT probability_intercept, probability_slope FROM warmth_scoring_algorithms WHERE id = 1$$,
              ROW(-2::float8, 0.05::float8), '... and nothing stored');

CREATE TABLE pg_temp.fit AS SELECT calibrate_purchase_probability() AS m;
SELECT ok((m).converged AND (m).n = 5000, 'calibrate: converged on the 5000 scores at least 90 days old') FROM pg_temp.fit;
SELECT ok(abs((m).intercept - (-4)) <= 4 * se_intercept AND abs((m).slope - 0.08) <= 4 * se_slope,
          format('calibrate: intercept %s and slope %s within 4 standard errors (%s, %s) of -4 and 0.08',
                 round((m).intercept::numeric, 3), round((m).slope::numeric, 4),
                 round(se_intercept::numeric, 3), round(se_slope::numeric, 4)))
FROM pg_temp.fit, pg_temp.se;
SELECT row_eq($$SELECT probability_intercept, probability_slope FROM warmth_scoring_algorithms WHERE is_active$$,
              (SELECT ROW((m).intercept, (m).slope) FROM pg_temp.fit),
              'calibrate: the fit is stored on the active algorithm');
UPDATE customer_warmth SET warmth_notes = 'calibrated' WHERE customer_id = (SELECT id FROM pg_temp.fresh);
SELECT is((SELECT purchase_probability FROM customer_warmth WHERE customer_id = (SELECT id FROM pg_temp.fresh)),
          (SELECT purchase_probability(85, (m).intercept, (m).slope) FROM pg_temp.fit),
          'calibrate: the trigger uses the calibrated pair at once');
CREATE TABLE pg_temp.spare_fit AS
SELECT calibrate_purchase_probability(id) AS m FROM warmth_scoring_algorithms WHERE name = 'spare';
SELECT row_eq($$SELECT probability_intercept, probability_slope FROM warmth_scoring_algorithms WHERE name = 'spare'$$,
              (SELECT ROW((m).intercept, (m).slope) FROM pg_temp.spare_fit),
              'calibrate: algorithm_id names the algorithm that gets the fit');

-- separable: every score above 50 bought, none below
UPDATE customer_warmth_history SET warmth_score_snapshot = CASE WHEN EXISTS (
        SELECT 1 FROM orders o WHERE o.customer_id = customer_warmth_history.customer_id AND o.status = 'completed'
          AND o.ordered_at > customer_warmth_history.created_at
          AND o.ordered_at <= customer_warmth_history.created_at + interval '90 days')
    THEN 75 ELSE 25 END
WHERE change_trigger = 'generated';
UPDATE warmth_scoring_algorithms SET probability_intercept = -5, probability_slope = 0.1 WHERE id = 1;
SELECT is((SELECT (calibrate_purchase_probability()).converged), false, 'calibrate: separable history does not converge');
SELECT row_eq($$SELECT probability_intercept, probability_slope FROM warmth_scoring_algorithms WHERE id = 1$$,
              ROW(-5::float8, 0.1::float8), '... and nothing is stored');

SELECT * FROM finish();
ROLLBACK;
