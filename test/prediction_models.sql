-- test/prediction_models.sql — pgTAP tests of the prediction models (SPEC
-- §3.7): bgnbd_fit and gamma_gamma_fit reach the published maximum on the
-- CDNOW sample; bgnbd_fit recovers the parameters of data simulated from a
-- BG/NBD process within 4 standard errors; bgnbd_p_alive,
-- bgnbd_expected_purchases, gamma_gamma_expected_value and
-- customer_lifetime_value agree to 1e-9 with values computed at 50 digits by
-- test/data/prediction_reference.py (2F1 arguments up to 1 - 1e-7, a = 1,
-- degenerate parameters); every bad input with its SQLSTATE; NULLs and no
-- rows; data that do not identify a model; purchase_probability_fit; and the
-- fits under parallel aggregation.
-- Run from the repository root (the CSV files are read by relative path).
-- Needs: CREATE EXTENSION pgtap; CREATE EXTENSION customer_scoring;
BEGIN;
SELECT plan(877);

-- ---------------------------------------------------------------------------
-- CDNOW (weeks): the published maximum-likelihood values
-- ---------------------------------------------------------------------------

CREATE TABLE pg_temp.cdnow (id integer, frequency integer, recency float8, age float8);
\copy pg_temp.cdnow FROM 'test/data/cdnow/summary.csv' WITH (FORMAT csv, HEADER)
CREATE TABLE pg_temp.cdnow_money (id integer, frequency integer, recency float8, age float8, avg_value float8);
\copy pg_temp.cdnow_money FROM 'test/data/cdnow/summary_money.csv' WITH (FORMAT csv, HEADER)

CREATE TABLE pg_temp.cdnow_fit AS
SELECT (bgnbd_fit(frequency, recency, age)).* FROM pg_temp.cdnow;
CREATE TABLE pg_temp.cdnow_money_fit AS
SELECT (gamma_gamma_fit(frequency, avg_value)).* FROM pg_temp.cdnow_money;
CREATE TABLE pg_temp.cdnow_models AS
SELECT (SELECT bgnbd_fit(frequency, recency, age) FROM pg_temp.cdnow) AS bg,
       (SELECT gamma_gamma_fit(frequency, avg_value) FROM pg_temp.cdnow_money) AS gg;

SELECT cmp_ok(abs(r / 0.242593 - 1), '<', 0.001::float8, 'CDNOW BG/NBD: r within 0.1 % of 0.242593') FROM pg_temp.cdnow_fit;
SELECT cmp_ok(abs(alpha / 4.413537 - 1), '<', 0.001::float8, 'CDNOW BG/NBD: alpha within 0.1 % of 4.413537') FROM pg_temp.cdnow_fit;
SELECT cmp_ok(abs(a / 0.792886 - 1), '<', 0.001::float8, 'CDNOW BG/NBD: a within 0.1 % of 0.792886') FROM pg_temp.cdnow_fit;
SELECT cmp_ok(abs(b / 2.425755 - 1), '<', 0.001::float8, 'CDNOW BG/NBD: b within 0.1 % of 2.425755') FROM pg_temp.cdnow_fit;
SELECT cmp_ok(abs(log_likelihood + 9582.4256), '<', 0.01::float8, 'CDNOW BG/NBD: log-likelihood within 0.01 of -9582.4256') FROM pg_temp.cdnow_fit;
SELECT is(customers, 2357::bigint, 'CDNOW BG/NBD: 2357 customers') FROM pg_temp.cdnow_fit;
SELECT ok(converged, 'CDNOW BG/NBD: converged') FROM pg_temp.cdnow_fit;

SELECT cmp_ok(abs(p / 6.248804 - 1), '<', 0.001::float8, 'CDNOW Gamma-Gamma: p within 0.1 % of 6.248804') FROM pg_temp.cdnow_money_fit;
SELECT cmp_ok(abs(q / 3.744588 - 1), '<', 0.001::float8, 'CDNOW Gamma-Gamma: q within 0.1 % of 3.744588') FROM pg_temp.cdnow_money_fit;
SELECT cmp_ok(abs(v / 15.447743 - 1), '<', 0.001::float8, 'CDNOW Gamma-Gamma: v within 0.1 % of 15.447743') FROM pg_temp.cdnow_money_fit;
SELECT cmp_ok(abs(log_likelihood + 4055.9232), '<', 0.01::float8, 'CDNOW Gamma-Gamma: log-likelihood within 0.01 of -4055.9232') FROM pg_temp.cdnow_money_fit;
SELECT is(customers, 946::bigint, 'CDNOW Gamma-Gamma: the 946 repeat buyers count') FROM pg_temp.cdnow_money_fit;
SELECT ok(converged, 'CDNOW Gamma-Gamma: converged') FROM pg_temp.cdnow_money_fit;

-- the order of the rows and duplicates of the data change nothing but the scale
SELECT ok(abs((SELECT (bgnbd_fit(frequency, recency, age ORDER BY id DESC)).r FROM pg_temp.cdnow) / r - 1) < 1e-9,
          'CDNOW BG/NBD: the same fit in the reverse row order') FROM pg_temp.cdnow_fit;
SELECT ok(abs(f.log_likelihood / (2 * c.log_likelihood) - 1) < 1e-12 AND abs(f.a / c.a - 1) < 1e-6,
          'CDNOW BG/NBD: every customer twice doubles the log-likelihood, same parameters')
FROM (SELECT (bgnbd_fit(frequency, recency, age)).* FROM (SELECT * FROM pg_temp.cdnow UNION ALL SELECT * FROM pg_temp.cdnow) d) f,
     pg_temp.cdnow_fit c;

-- ---------------------------------------------------------------------------
-- simulation: 50,000 customers of a BG/NBD process with r = 1.5, alpha = 30,
-- a = 0.5, b = 2.5 (days, ages 30-729).  lambda ~ Gamma(1.5, 30) and
-- p ~ Beta(0.5, 2.5) are drawn as chi-square variables (sums of squared
-- normals); then purchases at exponential intervals, each followed by a
-- drop-out with probability p, until the age is reached.  The standard error
-- of each log-parameter is estimated from the spread of 16 fits to disjoint
-- sixteenths of the data (SE = sd / sqrt(16)).
-- ---------------------------------------------------------------------------

SELECT setseed(0.15);
CREATE FUNCTION pg_temp.normal() RETURNS float8 LANGUAGE sql VOLATILE
AS $$ SELECT sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) $$;
CREATE TABLE pg_temp.sim_param AS
SELECT id, (z1 * z1 + z2 * z2 + z3 * z3) / 2 / 30.0 AS lambda,
       z4 * z4 / (z4 * z4 + z5 * z5 + z6 * z6 + z7 * z7 + z8 * z8 + z9 * z9) AS p,
       floor(30 + 700 * random()) AS age
FROM (SELECT id, pg_temp.normal() z1, pg_temp.normal() z2, pg_temp.normal() z3,
             pg_temp.normal() z4, pg_temp.normal() z5, pg_temp.normal() z6,
             pg_temp.normal() z7, pg_temp.normal() z8, pg_temp.normal() z9
      FROM generate_series(1, 50000) id) z;
CREATE TABLE pg_temp.sim AS
WITH RECURSIVE walk AS (
    SELECT id, lambda, p, age, 0.0::float8 AS t, 0 AS x, 0.0::float8 AS tx, false AS done
    FROM pg_temp.sim_param
  UNION ALL
    SELECT w.id, w.lambda, w.p, w.age, s.t_next,
           CASE WHEN s.t_next <= w.age THEN w.x + 1 ELSE w.x END,
           CASE WHEN s.t_next <= w.age THEN s.t_next ELSE w.tx END,
           s.t_next > w.age OR random() < w.p
    FROM walk w, LATERAL (SELECT w.t - ln(1 - random()) / w.lambda AS t_next) s
    WHERE NOT w.done)
SELECT id, x AS frequency, tx AS recency, age FROM walk WHERE done;
ANALYZE pg_temp.sim;

CREATE TABLE pg_temp.sim_fit AS
SELECT (bgnbd_fit(frequency, recency, age)).* FROM pg_temp.sim;
CREATE TABLE pg_temp.sim_se AS
SELECT stddev_samp(ln(r)) / 4 AS r, stddev_samp(ln(alpha)) / 4 AS alpha,
       stddev_samp(ln(a)) / 4 AS a, stddev_samp(ln(b)) / 4 AS b
FROM (SELECT (bgnbd_fit(frequency, recency, age)).* FROM pg_temp.sim GROUP BY id % 16) g;

SELECT ok(converged AND customers = 50000, 'simulation: the fit converged over 50000 customers') FROM pg_temp.sim_fit;
SELECT cmp_ok(abs(ln(f.r / 1.5)), '<', 4 * se.r, 'simulation: r within 4 standard errors of 1.5') FROM pg_temp.sim_fit f, pg_temp.sim_se se;
SELECT cmp_ok(abs(ln(f.alpha / 30)), '<', 4 * se.alpha, 'simulation: alpha within 4 standard errors of 30') FROM pg_temp.sim_fit f, pg_temp.sim_se se;
SELECT cmp_ok(abs(ln(f.a / 0.5)), '<', 4 * se.a, 'simulation: a within 4 standard errors of 0.5') FROM pg_temp.sim_fit f, pg_temp.sim_se se;
SELECT cmp_ok(abs(ln(f.b / 2.5)), '<', 4 * se.b, 'simulation: b within 4 standard errors of 2.5') FROM pg_temp.sim_fit f, pg_temp.sim_se se;
SELECT ok(se.r < 0.05 AND se.alpha < 0.05 AND se.a < 0.05 AND se.b < 0.05,
          'simulation: the standard errors are small (below 5 % of each parameter), so the test has teeth')
FROM pg_temp.sim_se se;

-- ---------------------------------------------------------------------------
-- parallel aggregation: partial fits in two workers, combined, equal the
-- serial fit
-- ---------------------------------------------------------------------------

CREATE TABLE parallel_sim AS SELECT * FROM pg_temp.sim;
ANALYZE parallel_sim;
CREATE FUNCTION pg_temp.plan_of(query text) RETURNS SETOF text LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ' || query;
END $$;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
SELECT ok(EXISTS (SELECT 1 FROM pg_temp.plan_of('SELECT bgnbd_fit(frequency, recency, age) FROM parallel_sim') p
                  WHERE p LIKE '%Partial Aggregate%'),
          'parallel: bgnbd_fit is planned as a partial aggregate');
SELECT ok(EXISTS (SELECT 1 FROM pg_temp.plan_of('SELECT bgnbd_fit(frequency, recency, age) FROM parallel_sim') p
                  WHERE p ~ 'Workers Launched: [1-9]'),
          'parallel: bgnbd_fit launches workers');
SELECT ok(EXISTS (SELECT 1 FROM pg_temp.plan_of('SELECT gamma_gamma_fit(frequency, recency + 1) FROM parallel_sim') p
                  WHERE p LIKE '%Partial Aggregate%'),
          'parallel: gamma_gamma_fit is planned as a partial aggregate');
SELECT ok(EXISTS (SELECT 1 FROM pg_temp.plan_of('SELECT purchase_probability_fit(age::numeric, frequency > 5) FROM parallel_sim') p
                  WHERE p LIKE '%Partial Aggregate%'),
          'parallel: purchase_probability_fit is planned as a partial aggregate');
CREATE TABLE pg_temp.parallel_fits AS
SELECT bgnbd_fit(frequency, recency, age) AS bgnbd,
       gamma_gamma_fit(frequency, recency + 1) AS gg,
       purchase_probability_fit(age::numeric, frequency > 5) AS logistic
FROM parallel_sim;
SET LOCAL max_parallel_workers_per_gather = 0;
CREATE TABLE pg_temp.serial_fits AS
SELECT bgnbd_fit(frequency, recency, age) AS bgnbd,
       gamma_gamma_fit(frequency, recency + 1) AS gg,
       purchase_probability_fit(age::numeric, frequency > 5) AS logistic
FROM parallel_sim;
RESET max_parallel_workers_per_gather;
SELECT ok(abs((p.bgnbd).r / (s.bgnbd).r - 1) < 1e-9 AND abs((p.bgnbd).alpha / (s.bgnbd).alpha - 1) < 1e-9
          AND abs((p.bgnbd).a / (s.bgnbd).a - 1) < 1e-9 AND abs((p.bgnbd).b / (s.bgnbd).b - 1) < 1e-9
          AND abs((p.bgnbd).log_likelihood / (s.bgnbd).log_likelihood - 1) < 1e-12
          AND (p.bgnbd).customers = (s.bgnbd).customers AND (p.bgnbd).converged,
          'parallel: bgnbd_fit equals the serial fit')
FROM pg_temp.parallel_fits p, pg_temp.serial_fits s;
SELECT ok(abs((p.gg).p / (s.gg).p - 1) < 1e-9 AND abs((p.gg).q / (s.gg).q - 1) < 1e-9
          AND abs((p.gg).v / (s.gg).v - 1) < 1e-9 AND (p.gg).customers = (s.gg).customers,
          'parallel: gamma_gamma_fit equals the serial fit')
FROM pg_temp.parallel_fits p, pg_temp.serial_fits s;
SELECT ok(abs((p.logistic).intercept / (s.logistic).intercept - 1) < 1e-9
          AND abs((p.logistic).slope / (s.logistic).slope - 1) < 1e-9 AND (p.logistic).n = 50000,
          'parallel: purchase_probability_fit equals the serial fit')
FROM pg_temp.parallel_fits p, pg_temp.serial_fits s;

-- ---------------------------------------------------------------------------
-- reference values (test/data/prediction_reference.py, mpmath at 50 digits)
-- ---------------------------------------------------------------------------

CREATE TABLE pg_temp.ref (
    kind text, r float8, alpha float8, a float8, b float8, p float8, q float8, v float8,
    frequency integer, recency float8, age float8, horizon float8, avg_value float8,
    months integer, monthly_discount float8, days_per_unit float8, expected float8,
    line serial);
\copy pg_temp.ref (kind, r, alpha, a, b, p, q, v, frequency, recency, age, horizon, avg_value, months, monthly_discount, days_per_unit, expected) FROM 'test/data/prediction_reference.csv' WITH (FORMAT csv, HEADER)

SELECT is((SELECT count(*) FROM pg_temp.ref), 780::bigint, 'reference: 780 values loaded');

CREATE TABLE pg_temp.ref_result AS
SELECT line, kind, expected,
       CASE kind
       WHEN 'p_alive' THEN
           bgnbd_p_alive(ROW(r, alpha, a, b, NULL, NULL, NULL)::bgnbd_model, frequency, recency, age)
       WHEN 'expected_purchases' THEN
           bgnbd_expected_purchases(ROW(r, alpha, a, b, NULL, NULL, NULL)::bgnbd_model, horizon, frequency, recency, age)
       WHEN 'expected_value' THEN
           gamma_gamma_expected_value(ROW(p, q, v, NULL, NULL, NULL)::gamma_gamma_model, frequency, avg_value)
       WHEN 'clv' THEN
           customer_lifetime_value(ROW(r, alpha, a, b, NULL, NULL, NULL)::bgnbd_model,
                                   ROW(p, q, v, NULL, NULL, NULL)::gamma_gamma_model,
                                   frequency, recency, age, avg_value, months, monthly_discount, days_per_unit)
       END AS got,
       format('%s(r %s, alpha %s, a %s, b %s, p %s, q %s, v %s; x %s, t_x %s, T %s, t %s, m %s, months %s, d %s, u %s)',
              kind, r, alpha, a, b, p, q, v, frequency, recency, age, horizon, avg_value, months,
              monthly_discount, days_per_unit) AS description
FROM pg_temp.ref;

SELECT ok(got IS NOT NULL AND (got = expected OR abs(got - expected) <= 1e-9 * abs(expected)),
          format('reference: %s = %s (got %s)', description, expected, got))
FROM pg_temp.ref_result ORDER BY line;

-- ---------------------------------------------------------------------------
-- other properties of the predictions
-- ---------------------------------------------------------------------------

SELECT is(bgnbd_p_alive(bg, 0, 0, 38.86), 1::float8, 'p_alive: 1 without repeat purchases')
FROM pg_temp.cdnow_models;
SELECT ok(bgnbd_p_alive(bg, 5, 10, 38.86) < bgnbd_p_alive(bg, 5, 30, 38.86),
          'p_alive: a later last purchase makes the customer more likely alive')
FROM pg_temp.cdnow_models;
SELECT is(bgnbd_expected_purchases(bg, 0, 3, 20, 38.86), 0::float8, 'expected_purchases: 0 for horizon 0')
FROM pg_temp.cdnow_models;
SELECT ok(abs(bgnbd_next_purchase_in(m, 2, 30.43, 38.86) - (4.413537 + 38.86) * (2 ^ (1 / (0.242593 + 2)) - 1)) < 1e-9,
          'next_purchase_in: (alpha + T)(2^(1/(r+x)) - 1)')
FROM (SELECT ROW(0.242593, 4.413537, 0.792886, 2.425755, NULL, NULL, NULL)::bgnbd_model AS m) s;
SELECT is(customer_lifetime_value(ROW(0.5, 10, 0.8, 3, NULL, NULL, NULL)::bgnbd_model,
                                  ROW(6, 4, 15, NULL, NULL, NULL)::gamma_gamma_model, 2, 10, 20, 30, 0),
          0::float8, 'clv: 0 over 0 months');
SELECT ok(customer_lifetime_value(bg, gg, 2, 30.43, 38.86, 22.35, days_per_unit => 7)
          = customer_lifetime_value(bg, gg, 2, 30.43, 38.86, 22.35, 12, 0.01, 7),
          'clv: months 12 and monthly_discount 0.01 by default')
FROM pg_temp.cdnow_models;
SELECT is(gamma_gamma_expected_value(ROW(2, 3, 10, NULL, NULL, NULL)::gamma_gamma_model, 0, 123), 10::float8,
          'expected_value: the population mean p v / (q - 1) for x = 0, avg_value ignored');
SELECT is(gamma_gamma_expected_value(ROW(2, 1, 10, NULL, NULL, NULL)::gamma_gamma_model, 3, 12), NULL,
          'expected_value: NULL when q <= 1 (the mean spend does not exist)');
SELECT is(customer_lifetime_value(ROW(0.5, 10, 0.8, 3, NULL, NULL, NULL)::bgnbd_model,
                                  ROW(2, 0.5, 10, NULL, NULL, NULL)::gamma_gamma_model, 2, 10, 20, 30),
          NULL, 'clv: NULL when q <= 1');
SELECT ok(bgnbd_expected_purchases(ROW(0.5, 10, 0.8, 3, NULL, NULL, NULL)::bgnbd_model, 1e300, 2000000000, 1e300, 1e300) >= 0,
          'expected_purchases: extreme but valid arguments give a finite number');

-- ---------------------------------------------------------------------------
-- bad input: 22023 naming the argument
-- ---------------------------------------------------------------------------

SELECT throws_ok('SELECT bgnbd_fit(-1, 0, 10)', '22023', 'frequency must not be negative', 'bgnbd_fit: negative frequency');
SELECT throws_ok('SELECT bgnbd_fit(1, -1, 10)', '22023', 'recency must not be negative', 'bgnbd_fit: negative recency');
SELECT throws_ok('SELECT bgnbd_fit(0, 0, -1)', '22023', 'age must not be negative', 'bgnbd_fit: negative age');
SELECT throws_ok('SELECT bgnbd_fit(1, 11, 10)', '22023', 'recency must not exceed age', 'bgnbd_fit: recency > age');
SELECT throws_ok($$SELECT bgnbd_fit(1, 'NaN', 10)$$, '22023', 'recency must not be NaN', 'bgnbd_fit: NaN recency');
SELECT throws_ok($$SELECT bgnbd_fit(1, 1, 'Infinity')$$, '22023', 'age must be finite', 'bgnbd_fit: infinite age');
SELECT throws_ok($$SELECT bgnbd_fit(frequency, recency, age) FROM (VALUES (1, 1.0::float8, 10.0::float8), (2, 'NaN', 10)) v(frequency, recency, age)$$,
                 '22023', 'recency must not be NaN', 'bgnbd_fit: one bad row among good ones');

CREATE TABLE pg_temp.m AS
SELECT ROW(0.5, 10, 0.8, 3, NULL, NULL, NULL)::bgnbd_model AS bg,
       ROW(6, 4, 15, NULL, NULL, NULL)::gamma_gamma_model AS gg;
SELECT throws_ok('SELECT bgnbd_p_alive(bg, -1, 0, 1) FROM pg_temp.m', '22023', 'frequency must not be negative', 'p_alive: negative frequency');
SELECT throws_ok('SELECT bgnbd_p_alive(bg, 1, 2, 1) FROM pg_temp.m', '22023', 'recency must not exceed age', 'p_alive: recency > age');
SELECT throws_ok($$SELECT bgnbd_p_alive(bg, 1, 0, '-Infinity') FROM pg_temp.m$$, '22023', 'age must be finite', 'p_alive: -infinite age');
SELECT throws_ok('SELECT bgnbd_expected_purchases(bg, -1, 1, 0, 1) FROM pg_temp.m', '22023', 'horizon must not be negative', 'expected_purchases: negative horizon');
SELECT throws_ok($$SELECT bgnbd_expected_purchases(bg, 'NaN', 1, 0, 1) FROM pg_temp.m$$, '22023', 'horizon must not be NaN', 'expected_purchases: NaN horizon');
SELECT throws_ok($$SELECT bgnbd_expected_purchases(bg, 'Infinity', 1, 0, 1) FROM pg_temp.m$$, '22023', 'horizon must be finite', 'expected_purchases: infinite horizon');
SELECT throws_ok('SELECT bgnbd_expected_purchases(bg, 10, 1, -0.5, 1) FROM pg_temp.m', '22023', 'recency must not be negative', 'expected_purchases: negative recency');
SELECT throws_ok('SELECT bgnbd_next_purchase_in(bg, 1, 0, -1) FROM pg_temp.m', '22023', 'age must not be negative', 'next_purchase_in: negative age');
SELECT throws_ok('SELECT gamma_gamma_fit(-1, 10)', '22023', 'frequency must not be negative', 'gamma_gamma_fit: negative frequency');
SELECT throws_ok('SELECT gamma_gamma_fit(2, 0)', '22023', 'avg_value must be positive for a repeat buyer', 'gamma_gamma_fit: avg_value 0 for a repeat buyer');
SELECT throws_ok('SELECT gamma_gamma_fit(2, -5)', '22023', 'avg_value must be positive for a repeat buyer', 'gamma_gamma_fit: negative avg_value');
SELECT throws_ok($$SELECT gamma_gamma_fit(2, 'NaN')$$, '22023', 'avg_value must not be NaN', 'gamma_gamma_fit: NaN avg_value');
SELECT throws_ok($$SELECT gamma_gamma_fit(0, 'Infinity')$$, '22023', 'avg_value must be finite', 'gamma_gamma_fit: infinite avg_value even for x = 0');
SELECT lives_ok('SELECT gamma_gamma_fit(0, 0)', 'gamma_gamma_fit: avg_value 0 is fine without repeat purchases');
SELECT throws_ok('SELECT gamma_gamma_expected_value(gg, 3, 0) FROM pg_temp.m', '22023', 'avg_value must be positive for a repeat buyer', 'expected_value: avg_value 0 for a repeat buyer');
SELECT throws_ok('SELECT gamma_gamma_expected_value(gg, -3, 10) FROM pg_temp.m', '22023', 'frequency must not be negative', 'expected_value: negative frequency');
SELECT throws_ok('SELECT customer_lifetime_value(bg, gg, 1, 0, 10, 20, -1) FROM pg_temp.m', '22023', 'months must not be negative', 'clv: negative months');
SELECT throws_ok('SELECT customer_lifetime_value(bg, gg, 1, 0, 10, 20, 12, -1) FROM pg_temp.m', '22023', 'monthly_discount must be greater than -1', 'clv: discount -1');
SELECT throws_ok('SELECT customer_lifetime_value(bg, gg, 1, 0, 10, 20, 12, -2) FROM pg_temp.m', '22023', 'monthly_discount must be greater than -1', 'clv: discount -2');
SELECT throws_ok($$SELECT customer_lifetime_value(bg, gg, 1, 0, 10, 20, 12, 'NaN') FROM pg_temp.m$$, '22023', 'monthly_discount must not be NaN', 'clv: NaN discount');
SELECT throws_ok('SELECT customer_lifetime_value(bg, gg, 1, 0, 10, 20, 12, 0.01, 0) FROM pg_temp.m', '22023', 'days_per_unit must be positive', 'clv: days_per_unit 0');
SELECT throws_ok('SELECT customer_lifetime_value(bg, gg, 1, 0, 10, 0) FROM pg_temp.m', '22023', 'avg_value must be positive for a repeat buyer', 'clv: avg_value 0 for a repeat buyer');
SELECT throws_ok('SELECT customer_lifetime_value(bg, gg, 1, 11, 10, 5) FROM pg_temp.m', '22023', 'recency must not exceed age', 'clv: recency > age');
SELECT throws_ok('SELECT bgnbd_p_alive(ROW(NULL, 10, 0.8, 3, NULL, NULL, NULL)::bgnbd_model, 1, 0, 1)', '22023', 'model.r must not be null', 'model: NULL r');
SELECT throws_ok('SELECT bgnbd_p_alive(ROW(0, 10, 0.8, 3, NULL, NULL, NULL)::bgnbd_model, 1, 0, 1)', '22023', 'model.r must be a positive finite number', 'model: r = 0');
SELECT throws_ok('SELECT bgnbd_expected_purchases(ROW(0.5, -10, 0.8, 3, NULL, NULL, NULL)::bgnbd_model, 1, 1, 0, 1)', '22023', 'model.alpha must be a positive finite number', 'model: negative alpha');
SELECT throws_ok($$SELECT bgnbd_next_purchase_in(ROW(0.5, 10, 'Infinity', 3, NULL, NULL, NULL)::bgnbd_model, 1, 0, 1)$$, '22023', 'model.a must be a positive finite number', 'model: infinite a');
SELECT throws_ok($$SELECT bgnbd_p_alive(ROW(0.5, 10, 0.8, 'NaN', NULL, NULL, NULL)::bgnbd_model, 1, 0, 1)$$, '22023', 'model.b must be a positive finite number', 'model: NaN b');
SELECT throws_ok('SELECT gamma_gamma_expected_value(ROW(6, 0, 15, NULL, NULL, NULL)::gamma_gamma_model, 1, 10)', '22023', 'model.q must be a positive finite number', 'model: q = 0');
SELECT throws_ok('SELECT customer_lifetime_value(bg, ROW(NULL, 4, 15, NULL, NULL, NULL)::gamma_gamma_model, 1, 0, 10, 20) FROM pg_temp.m', '22023', 'gamma_gamma.p must not be null', 'clv: NULL gamma_gamma.p');
SELECT throws_ok('SELECT customer_lifetime_value(ROW(0.5, 10, 0.8, -3, NULL, NULL, NULL)::bgnbd_model, gg, 1, 0, 10, 20) FROM pg_temp.m', '22023', 'bgnbd.b must be a positive finite number', 'clv: negative bgnbd.b');
SELECT throws_ok($$SELECT purchase_probability_fit('NaN', true)$$, '22023', 'score must not be NaN', 'purchase_probability_fit: NaN score');
SELECT throws_ok($$SELECT purchase_probability_fit('Infinity', true)$$, '22023', 'score must be finite', 'purchase_probability_fit: infinite score');

-- ---------------------------------------------------------------------------
-- NULLs and no rows
-- ---------------------------------------------------------------------------

SELECT is((SELECT bgnbd_fit(frequency, recency, age) FROM pg_temp.cdnow WHERE false), NULL, 'bgnbd_fit: NULL for no rows');
SELECT is((SELECT gamma_gamma_fit(frequency, avg_value) FROM pg_temp.cdnow_money WHERE false), NULL, 'gamma_gamma_fit: NULL for no rows');
SELECT is((SELECT gamma_gamma_fit(frequency, avg_value) FROM pg_temp.cdnow_money WHERE frequency = 0), NULL,
          'gamma_gamma_fit: NULL when no row has frequency > 0');
SELECT is((SELECT purchase_probability_fit(1, true) WHERE false), NULL, 'purchase_probability_fit: NULL for no rows');
SELECT ok((SELECT bgnbd_fit(frequency, recency, age) FROM (SELECT frequency, recency, age FROM pg_temp.cdnow
                                                          UNION ALL SELECT NULL, 1, 2 UNION ALL SELECT 1, NULL, 2) d)
          = (SELECT bgnbd_fit(frequency, recency, age) FROM pg_temp.cdnow),
          'bgnbd_fit: rows with a NULL are skipped');
SELECT is(bgnbd_p_alive(NULL, 1, 0, 1), NULL, 'p_alive: NULL model -> NULL');
SELECT is(bgnbd_expected_purchases(bg, NULL, 1, 0, 1), NULL, 'expected_purchases: NULL horizon -> NULL') FROM pg_temp.m;
SELECT is(gamma_gamma_expected_value(gg, 0, NULL), NULL, 'expected_value: NULL avg_value -> NULL (pass 0 for x = 0)') FROM pg_temp.m;

-- ---------------------------------------------------------------------------
-- data that do not identify a model: converged = false (and a WARNING),
-- finite positive parameters
-- ---------------------------------------------------------------------------

SELECT ok(NOT f.converged AND f.r > 0 AND f.alpha > 0 AND f.a > 0 AND f.b > 0
          AND f.log_likelihood > '-Infinity' AND f.log_likelihood < 'Infinity' AND f.customers = 1000,
          'bgnbd_fit: nobody bought twice -> converged false, finite parameters')
FROM (SELECT (bgnbd_fit(0, 0, (i % 50) + 1)).* FROM generate_series(1, 1000) i) f;
SELECT ok(NOT f.converged AND f.r > 0 AND f.alpha > 0 AND f.a > 0 AND f.b > 0 AND f.customers = 1000,
          'bgnbd_fit: every customer identical -> converged false')
FROM (SELECT (bgnbd_fit(3, 20, 30)).* FROM generate_series(1, 1000) i) f;
SELECT ok(NOT f.converged AND f.p > 0 AND f.q > 0 AND f.v > 0 AND f.customers = 100,
          'gamma_gamma_fit: every customer spends the same -> converged false')
FROM (SELECT (gamma_gamma_fit(2, 10)).* FROM generate_series(1, 100) i) f;
SELECT ok(NOT f.converged AND f.slope > 0 AND f.n = 100,
          'purchase_probability_fit: separable data -> converged false')
FROM (SELECT (purchase_probability_fit(i, i > 50)).* FROM generate_series(1, 100) i) f;
SELECT ok(NOT f.converged AND f.n = 100,
          'purchase_probability_fit: all purchased -> converged false')
FROM (SELECT (purchase_probability_fit(i, true)).* FROM generate_series(1, 100) i) f;
SELECT ok(NOT f.converged,
          'purchase_probability_fit: ties at the threshold only (quasi-separation) -> converged false')
FROM (SELECT (purchase_probability_fit(i, i > 50 OR (i = 50 AND j = 1))).* FROM generate_series(1, 100) i, generate_series(1, 2) j) f;

-- ---------------------------------------------------------------------------
-- purchase_probability_fit: recovers a known logistic model
-- ---------------------------------------------------------------------------

SELECT setseed(0.3);
CREATE TABLE pg_temp.leads AS
SELECT s.score, random() < 1 / (1 + exp(-(-5 + 0.1 * s.score))) AS purchased
FROM (SELECT round((random() * 100)::numeric, 2) AS score FROM generate_series(1, 20000)) s;
CREATE TABLE pg_temp.leads_fit AS SELECT (purchase_probability_fit(score, purchased)).* FROM pg_temp.leads;
SELECT ok(converged AND n = 20000, 'purchase_probability_fit: converged over 20000 rows') FROM pg_temp.leads_fit;
SELECT cmp_ok(abs(intercept + 5), '<', 0.4::float8, 'purchase_probability_fit: intercept near -5') FROM pg_temp.leads_fit;
SELECT cmp_ok(abs(slope - 0.1), '<', 0.008::float8, 'purchase_probability_fit: slope near 0.1') FROM pg_temp.leads_fit;
-- at the maximum the fitted probabilities sum to the purchases (score equation)
SELECT ok(abs(sum(1 / (1 + exp(-(f.intercept + f.slope * l.score::float8)))) - count(*) FILTER (WHERE l.purchased)) < 1e-6,
          'purchase_probability_fit: expected purchases equal observed purchases at the maximum')
FROM pg_temp.leads l, pg_temp.leads_fit f;

SELECT * FROM finish();
ROLLBACK;
