-- test/predictions_refresh.sql — pgTAP tests of refresh_predictions and
-- customer_predictions_json (SPEC §3.7): the customer summaries (distinct UTC
-- days, same-day orders, cancelled and later orders left out) equal a plain
-- SQL computation; the models are stored; every prediction equals the model
-- functions on the stored parameters; customer_warmth gets the predictions;
-- customer_analytics gets the order metrics at as_of and the predictions;
-- customers without completed orders lose their rows; a quiet re-run
-- rewrites nothing; the JSON shape; customer_360() shows the predictions;
-- an unknown or invisible customer gives NULL.
-- Needs: CREATE EXTENSION pgtap; CREATE EXTENSION customer_scoring;
BEGIN;
SELECT plan(45);

SET LOCAL TimeZone = 'America/New_York';   -- days are UTC days whatever the session's zone

-- hand-made customers 1-4 (ids kept in pg_temp.c)
CREATE TABLE pg_temp.c (name text PRIMARY KEY, id bigint);
WITH ins AS (
    INSERT INTO customers (first_name) VALUES ('no orders'), ('one order'), ('several'), ('cancelled only')
    RETURNING id, first_name)
INSERT INTO pg_temp.c SELECT first_name, id FROM ins;
INSERT INTO orders (customer_id, ordered_at, total_amount, status)
SELECT c.id, o.at, o.amount, o.status
FROM pg_temp.c c
JOIN (VALUES ('one order', timestamptz '2025-03-01 10:00+00', 100.00, 'completed'),
             ('several', '2025-01-10 10:00+00', 50.00, 'completed'),
             ('several', '2025-02-10 08:00+00', 70.00, 'completed'),
             ('several', '2025-02-10 23:00+00', 30.00, 'completed'),    -- same UTC day: one occasion of 100
             ('several', '2025-04-01 23:30-05', 40.00, 'completed'),    -- UTC day 2025-04-02
             ('several', '2025-05-01 10:00+00', 999.00, 'cancelled'),
             ('several', '2025-07-05 10:00+00', 500.00, 'completed'),   -- after as_of
             ('cancelled only', '2025-03-03 10:00+00', 80.00, 'cancelled'))
     AS o(name, at, amount, status) ON o.name = c.name;

-- 400 more customers, so that both models can be fitted: purchases drawn
-- from a BG/NBD process (r 1.5, alpha 30, a 0.5, b 2.5, as in
-- prediction_models.sql), first purchases over 2024-01-01 .. 2025-05-14
SELECT setseed(0.7);
CREATE FUNCTION pg_temp.normal() RETURNS float8 LANGUAGE sql VOLATILE
AS $$ SELECT sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) $$;
CREATE TABLE pg_temp.generated AS
WITH ins AS (
    INSERT INTO customers (first_name) SELECT 'generated ' || g FROM generate_series(1, 400) g
    RETURNING id)
SELECT id, floor(random() * 500) AS start, 20 + random() * 200 AS spend,
       (z1 * z1 + z2 * z2 + z3 * z3) / 2 / 30.0 AS lambda,
       z4 * z4 / (z4 * z4 + z5 * z5 + z6 * z6 + z7 * z7 + z8 * z8 + z9 * z9) AS p
FROM (SELECT id, pg_temp.normal() z1, pg_temp.normal() z2, pg_temp.normal() z3,
             pg_temp.normal() z4, pg_temp.normal() z5, pg_temp.normal() z6,
             pg_temp.normal() z7, pg_temp.normal() z8, pg_temp.normal() z9
      FROM ins) z;
INSERT INTO orders (customer_id, ordered_at, total_amount, status)
WITH RECURSIVE walk AS (
    SELECT id, lambda, p, start, spend, 0.0::float8 AS t, false AS done FROM pg_temp.generated
  UNION ALL
    SELECT w.id, w.lambda, w.p, w.start, w.spend, s.t_next,
           w.start + s.t_next >= 547 OR random() < w.p
    FROM walk w, LATERAL (SELECT w.t - ln(1 - random()) / w.lambda AS t_next) s
    WHERE NOT w.done)
SELECT id, timestamptz '2024-01-01 12:00+00' + (start + t) * interval '1 day',
       round((spend * (0.5 + random()))::numeric, 2), 'completed'
FROM walk
WHERE start + t < 547;
INSERT INTO customer_warmth (customer_id) SELECT id FROM customers;

CREATE TABLE pg_temp.result AS SELECT refresh_predictions('2025-07-01 12:00+00') AS scored;

-- ---------------------------------------------------------------------------
-- the summaries
-- ---------------------------------------------------------------------------

CREATE TABLE pg_temp.expected_summary AS
SELECT customer_id, count(*)::integer - 1 AS frequency,
       (max(day) - min(day))::float8 AS recency,
       (date '2025-07-01' - min(day))::float8 AS age,
       round(avg(total) FILTER (WHERE day > first_day), 2) AS avg_value
FROM (SELECT customer_id, day, total, min(day) OVER (PARTITION BY customer_id) AS first_day
      FROM (SELECT customer_id, (ordered_at AT TIME ZONE 'UTC')::date AS day, sum(total_amount) AS total
            FROM orders WHERE status = 'completed' AND ordered_at <= '2025-07-01 12:00+00'
            GROUP BY 1, 2) d) d
GROUP BY customer_id;

SELECT is(scored, (SELECT count(*)::integer FROM pg_temp.expected_summary), 'refresh_predictions returns the customers scored')
FROM pg_temp.result;
SELECT is(scored, 402, 'refresh_predictions: 402 customers with a completed order') FROM pg_temp.result;
SELECT is_empty($$SELECT customer_id, frequency, recency, age, avg_value FROM customer_predictions
                  EXCEPT SELECT * FROM pg_temp.expected_summary$$, 'summaries: no row differs from the plain SQL computation');
SELECT is_empty($$SELECT * FROM pg_temp.expected_summary
                  EXCEPT SELECT customer_id, frequency, recency, age, avg_value FROM customer_predictions$$,
                'summaries: no row is missing');
SELECT ok(NOT EXISTS (SELECT 1 FROM customer_predictions p JOIN pg_temp.c c ON c.id = p.customer_id
                      WHERE c.name IN ('no orders', 'cancelled only')),
          'summaries: customers without a completed order get no row');
SELECT row_eq($$SELECT frequency, recency, age, avg_value FROM customer_predictions p JOIN pg_temp.c c ON c.id = p.customer_id WHERE c.name = 'one order'$$,
              ROW(0, 0::float8, 122::float8, NULL::numeric(38,2)), 'summary of one order: x 0, t_x 0, T 122 days, no avg_value');
SELECT row_eq($$SELECT frequency, recency, age, avg_value FROM customer_predictions p JOIN pg_temp.c c ON c.id = p.customer_id WHERE c.name = 'several'$$,
              ROW(2, 82::float8, 172::float8, 70.00::numeric(38,2)),
              'summary of several: same-day orders one occasion, UTC days, cancelled and later orders left out');

-- ---------------------------------------------------------------------------
-- the models
-- ---------------------------------------------------------------------------

CREATE TABLE pg_temp.models AS
SELECT (SELECT ROW((parameters->>'r')::float8, (parameters->>'alpha')::float8, (parameters->>'a')::float8,
                   (parameters->>'b')::float8, log_likelihood, customers, converged)::bgnbd_model
        FROM prediction_models WHERE kind = 'bgnbd') AS bg,
       (SELECT ROW((parameters->>'p')::float8, (parameters->>'q')::float8, (parameters->>'v')::float8,
                   log_likelihood, customers, converged)::gamma_gamma_model
        FROM prediction_models WHERE kind = 'gamma_gamma') AS gg,
       (SELECT id FROM prediction_models WHERE kind = 'bgnbd') AS bg_id,
       (SELECT id FROM prediction_models WHERE kind = 'gamma_gamma') AS gg_id;

SELECT is((SELECT count(*) FROM prediction_models), 2::bigint, 'models: one BG/NBD and one Gamma-Gamma stored');
SELECT ok((SELECT bool_and(time_unit = 'day' AND as_of = '2025-07-01 12:00+00' AND converged) FROM prediction_models),
          'models: time unit day, as_of, converged');
SELECT is((bg).customers, 402::bigint, 'models: BG/NBD fitted to every scored customer') FROM pg_temp.models;
SELECT is((gg).customers, (SELECT count(*) FROM customer_predictions WHERE frequency > 0), 'models: Gamma-Gamma fitted to the repeat buyers')
FROM pg_temp.models;
-- to 1e-12 relative: the refresh fitted the rows in another physical order
-- (scoring them rewrote them), which may change the last bits of a sum
SELECT ok(abs((bg).log_likelihood - (SELECT (bgnbd_fit(frequency, recency, age)).log_likelihood FROM customer_predictions))
          <= 1e-12 * abs((bg).log_likelihood),
          'models: the stored BG/NBD is the fit of the summaries') FROM pg_temp.models;

-- ---------------------------------------------------------------------------
-- the predictions equal the model functions on the stored models
-- ---------------------------------------------------------------------------

SELECT is_empty($$SELECT 1 FROM customer_predictions p, pg_temp.models m
                  WHERE p.p_alive IS DISTINCT FROM bgnbd_p_alive(m.bg, p.frequency, p.recency, p.age)$$,
                'predictions: p_alive = bgnbd_p_alive on the stored model');
SELECT is_empty($$SELECT 1 FROM customer_predictions p, pg_temp.models m
                  WHERE p.expected_purchases_30 IS DISTINCT FROM bgnbd_expected_purchases(m.bg, 30, p.frequency, p.recency, p.age)
                     OR p.expected_purchases_90 IS DISTINCT FROM bgnbd_expected_purchases(m.bg, 90, p.frequency, p.recency, p.age)
                     OR p.expected_purchases_365 IS DISTINCT FROM bgnbd_expected_purchases(m.bg, 365, p.frequency, p.recency, p.age)$$,
                'predictions: expected purchases in 30, 90 and 365 days');
SELECT is_empty($$SELECT 1 FROM customer_predictions p, pg_temp.models m
                  WHERE p.next_purchase_date IS DISTINCT FROM
                        date '2025-07-01' + round(bgnbd_next_purchase_in(m.bg, p.frequency, p.recency, p.age))::integer$$,
                'predictions: next purchase date = as_of''s UTC date + the median wait, rounded');
SELECT is_empty($$SELECT 1 FROM customer_predictions p, pg_temp.models m
                  WHERE p.expected_order_value IS DISTINCT FROM
                        round(gamma_gamma_expected_value(m.gg, p.frequency, COALESCE(p.avg_value, 0)::float8)::numeric, 2)$$,
                'predictions: expected order value (Gamma-Gamma)');
SELECT is_empty($$SELECT 1 FROM customer_predictions p, pg_temp.models m
                  WHERE p.clv_12_months IS DISTINCT FROM
                        round(customer_lifetime_value(m.bg, m.gg, p.frequency, p.recency, p.age, COALESCE(p.avg_value, 0)::float8,
                                                      12, setting('monthly_discount')::float8, 1)::numeric, 2)$$,
                'predictions: 12-month lifetime value at the setting monthly_discount');
SELECT is_empty($$SELECT 1 FROM customer_predictions WHERE churn_probability IS DISTINCT FROM 1 - p_alive$$,
                'predictions: churn probability = 1 - p_alive');
SELECT is_empty($$SELECT 1 FROM customer_predictions p, pg_temp.models m
                  WHERE p.bgnbd_model_id IS DISTINCT FROM m.bg_id OR p.gamma_gamma_model_id IS DISTINCT FROM m.gg_id
                     OR p.as_of <> '2025-07-01 12:00+00'$$,
                'predictions: model ids and as_of recorded');
SELECT ok((SELECT bool_and(p_alive BETWEEN 0 AND 1 AND expected_purchases_30 >= 0 AND expected_purchases_30 <= expected_purchases_90
                           AND expected_purchases_90 <= expected_purchases_365 AND expected_order_value > 0 AND clv_12_months >= 0)
           FROM customer_predictions),
          'predictions: in range and increasing with the horizon');

-- ---------------------------------------------------------------------------
-- customer_warmth
-- ---------------------------------------------------------------------------

SELECT is_empty($$SELECT 1 FROM customer_warmth w JOIN customer_predictions p USING (customer_id)
                  WHERE w.predicted_purchase_date IS DISTINCT FROM p.next_purchase_date
                     OR w.predicted_purchase_value IS DISTINCT FROM p.expected_order_value
                     OR w.churn_risk_score IS DISTINCT FROM round((100 * (1 - p.p_alive))::numeric, 2)
                     OR w.retention_probability IS DISTINCT FROM round((100 * p.p_alive)::numeric, 2)$$,
                'warmth: predicted date and value, churn risk and retention filled from the predictions');
SELECT is((SELECT count(*) FROM customer_warmth w JOIN customer_predictions p USING (customer_id)
           WHERE w.predicted_purchase_date IS NOT NULL AND w.retention_probability IS NOT NULL), 402::bigint,
          'warmth: every scored customer''s row filled');
SELECT is((SELECT predicted_purchase_date FROM customer_warmth w JOIN pg_temp.c c ON c.id = w.customer_id
           WHERE c.name = 'no orders'), NULL, 'warmth: a customer without orders keeps NULL');

-- ---------------------------------------------------------------------------
-- customer_analytics
-- ---------------------------------------------------------------------------

SELECT is_empty($$SELECT customer_id FROM customer_analytics
                  EXCEPT SELECT customer_id FROM customer_predictions$$,
                'analytics: no row for a customer without a completed order');
SELECT is((SELECT count(*) FROM customer_analytics), 402::bigint, 'analytics: a row for every scored customer');
-- several: completed orders of 50, 70, 30 and 40 up to as_of (the cancelled
-- and the later one left out), 2025-01-10 10:00 UTC .. 2025-04-02 04:30 UTC
SELECT row_eq($$SELECT total_orders, total_spent, average_order_value, repeat_purchase_rate, purchase_frequency,
                       avg_days_between_purchases, first_order_at, last_order_at, days_since_last_order, lifetime_value
                FROM customer_analytics a JOIN pg_temp.c c ON c.id = a.customer_id WHERE c.name = 'several'$$,
              ROW(4, 190.00::numeric(38,2), 47.50::numeric(38,2), 75.00::numeric(5,2), 0.6977::numeric(10,4),
                  27.26::numeric(12,2), '2025-01-10 10:00+00'::timestamptz, '2025-04-02 04:30+00'::timestamptz,
                  90, 190.00::numeric(38,2)),
              'analytics of several: 4 orders, 190.00 spent, 47.50 average, 75% repeat, 4 per 172 days x 30, 27.26 days apart, 90 days since');
SELECT is_empty($$SELECT 1 FROM customer_analytics a JOIN customer_predictions p USING (customer_id)
                  WHERE a.predicted_lifetime_value IS DISTINCT FROM p.clv_12_months
                     OR a.predicted_next_purchase_at IS DISTINCT FROM p.next_purchase_date::timestamp AT TIME ZONE 'UTC'
                     OR a.churn_risk IS DISTINCT FROM p.churn_probability
                     OR a.as_of <> '2025-07-01 12:00+00'
                     OR a.predicted_next_purchase_at IS NULL$$,
                'analytics: 12-month lifetime value, next purchase (midnight UTC) and churn probability of the predictions, as_of');

-- ---------------------------------------------------------------------------
-- a second refresh: a customer whose only order was cancelled loses the row
-- ---------------------------------------------------------------------------

UPDATE orders SET status = 'cancelled' WHERE customer_id = (SELECT id FROM pg_temp.c WHERE name = 'one order');
SELECT is(refresh_predictions('2025-07-01 12:00+00'), 402,
          'second refresh: 402 rows changed (one removed, 401 rescored under the refitted BG/NBD)');
SELECT ok(NOT EXISTS (SELECT 1 FROM customer_predictions WHERE customer_id = (SELECT id FROM pg_temp.c WHERE name = 'one order')),
          'second refresh: the customer without completed orders is removed');
SELECT is((SELECT count(*) FROM prediction_models), 3::bigint,
          'second refresh: one more model (BG/NBD); Gamma-Gamma, fitted to unchanged repeat buyers, keeps its row');
SELECT ok(NOT EXISTS (SELECT 1 FROM customer_analytics WHERE customer_id = (SELECT id FROM pg_temp.c WHERE name = 'one order')),
          'second refresh: ... and its analytics row');
CREATE TABLE pg_temp.analytics_rows AS SELECT customer_id, ctid AS row_at FROM customer_analytics;
SELECT is(refresh_predictions('2025-07-01 12:00+00'), 0, 'a third refresh on unchanged data changes nothing');
SELECT is_empty($$SELECT customer_id, ctid FROM customer_analytics EXCEPT SELECT * FROM pg_temp.analytics_rows$$,
                '... and rewrites no analytics row');
SELECT is((SELECT count(*) FROM prediction_models), 3::bigint, '... and stores no new model');
SELECT throws_ok('SELECT refresh_predictions(NULL)', '22004', 'as_of must not be null', 'refresh_predictions: as_of NULL');

-- ---------------------------------------------------------------------------
-- customer_predictions_json
-- ---------------------------------------------------------------------------

CREATE TABLE pg_temp.j AS SELECT customer_predictions_json((SELECT id FROM pg_temp.c WHERE name = 'several')) AS j;
SELECT is((SELECT array_agg(k ORDER BY k) FROM pg_temp.j, jsonb_object_keys(j) k),
          ARRAY['age', 'asOf', 'avgValue', 'churnProbability', 'customerId', 'expectedOrderValue', 'expectedPurchases',
                'frequency', 'lifetimeValue12Months', 'model', 'nextPurchaseDate', 'pAlive', 'recency'],
          'json: the keys');
SELECT is((SELECT array_agg(k ORDER BY k) FROM pg_temp.j, jsonb_object_keys(j -> 'expectedPurchases') k),
          ARRAY['days30', 'days365', 'days90'], 'json: expectedPurchases keys');
SELECT is((SELECT array_agg(k ORDER BY k) FROM pg_temp.j, jsonb_object_keys(j -> 'model') k),
          ARRAY['a', 'alpha', 'asOf', 'b', 'fittedAt', 'p', 'q', 'r', 'v'], 'json: model keys');
SELECT ok((j ->> 'pAlive')::float8 = p.p_alive AND (j ->> 'nextPurchaseDate')::date = p.next_purchase_date
          AND (j -> 'expectedPurchases' ->> 'days90')::float8 = p.expected_purchases_90
          AND (j ->> 'lifetimeValue12Months')::numeric = p.clv_12_months,
          'json: the values of customer_predictions')
FROM pg_temp.j, customer_predictions p WHERE p.customer_id = (SELECT id FROM pg_temp.c WHERE name = 'several');
SELECT is(customer_predictions_json(-1), NULL, 'json: NULL for an unknown customer');
SELECT ok(customer_predictions_json((SELECT id FROM pg_temp.c WHERE name = 'no orders')) ->> 'pAlive' IS NULL
          AND customer_predictions_json((SELECT id FROM pg_temp.c WHERE name = 'no orders')) IS NOT NULL,
          'json: a known customer without predictions gets nulls');

-- customer_360() shows them too
SELECT ok(c360 ?& ARRAY['p_alive', 'expected_purchases_30', 'expected_purchases_90', 'expected_purchases_365',
                        'next_purchase_date', 'expected_order_value', 'clv_12_months', 'churn_probability']
          AND (c360 ->> 'p_alive')::float8 = p.p_alive
          AND (c360 ->> 'expected_purchases_30')::float8 = p.expected_purchases_30
          AND (c360 ->> 'expected_purchases_90')::float8 = p.expected_purchases_90
          AND (c360 ->> 'expected_purchases_365')::float8 = p.expected_purchases_365
          AND (c360 ->> 'next_purchase_date')::date = p.next_purchase_date
          AND (c360 ->> 'expected_order_value')::numeric = p.expected_order_value
          AND (c360 ->> 'clv_12_months')::numeric = p.clv_12_months
          AND (c360 ->> 'churn_probability')::float8 = p.churn_probability,
          'customer_360: the predictions of customer_predictions')
FROM (SELECT customer_360(id) AS c360, id FROM pg_temp.c WHERE name = 'several') x
JOIN customer_predictions p ON p.customer_id = x.id;
SELECT is((SELECT count(*) FROM pg_temp.c c, jsonb_each(customer_360(c.id)) e
           WHERE c.name = 'no orders'
             AND e.key IN ('p_alive', 'expected_purchases_30', 'expected_purchases_90', 'expected_purchases_365',
                           'next_purchase_date', 'expected_order_value', 'clv_12_months', 'churn_probability')
             AND e.value = 'null'), 8::bigint,
          'customer_360: a customer without predictions has the eight keys, null');

-- invisible under row-level security -> NULL
CREATE ROLE cs_prediction_reader NOLOGIN NOSUPERUSER NOBYPASSRLS;
GRANT SELECT ON customers, customer_predictions, prediction_models TO cs_prediction_reader;
ALTER TABLE customers ENABLE ROW LEVEL SECURITY;
CREATE POLICY prediction_reader_sees_not_several ON customers FOR SELECT TO cs_prediction_reader
    USING (first_name <> 'several');
CREATE TABLE pg_temp.ids AS SELECT (SELECT id FROM pg_temp.c WHERE name = 'several') AS hidden,
                                   (SELECT min(id) FROM customers WHERE first_name LIKE 'generated%') AS visible;
GRANT SELECT ON pg_temp.ids TO cs_prediction_reader;
SET LOCAL ROLE cs_prediction_reader;
CREATE TABLE pg_temp.seen AS
SELECT customer_predictions_json(hidden) AS hidden, customer_predictions_json(visible) AS visible FROM pg_temp.ids;
RESET ROLE;
SELECT is(hidden, NULL, 'json: NULL for a customer the caller cannot see (row-level security)') FROM pg_temp.seen;
SELECT ok(visible ->> 'pAlive' IS NOT NULL, 'json: a visible customer''s predictions') FROM pg_temp.seen;

SELECT * FROM finish();
ROLLBACK;
