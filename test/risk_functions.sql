-- test/risk_functions.sql — pgTAP tests of the risk assessment functions of
-- the health insights (SPEC §2, §3.8): churn_risk_score, engagement_risk_score,
-- value_risk_score against the formulas in numeric, at 0, 100, the caps and
-- with NULLs; risk_severity at every band edge (24.99/25, 49.99/50, 74.99/75);
-- risk_mitigation for each severity; the bad inputs with their SQLSTATEs and
-- messages; and the declarations (C, IMMUTABLE, PARALLEL SAFE, strictness).
-- Needs: CREATE EXTENSION pgtap; CREATE EXTENSION customer_scoring;
BEGIN;
SELECT plan(94);

-- ---------------------------------------------------------------------------
-- declarations
-- ---------------------------------------------------------------------------
SELECT is((SELECT string_agg(p.proname || ':' || l.lanname || ':' || p.provolatile::text || ':'
                             || p.proisstrict || ':' || p.proparallel::text, ' ' ORDER BY p.proname)
           FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
           WHERE p.proname IN ('churn_risk_score', 'engagement_risk_score', 'value_risk_score',
                               'risk_severity', 'risk_mitigation')),
          'churn_risk_score:c:i:true:s engagement_risk_score:c:i:false:s '
          'risk_mitigation:c:i:true:s risk_severity:c:i:true:s value_risk_score:c:i:false:s',
          'risk functions: C, IMMUTABLE, PARALLEL SAFE; strict except engagement and value risk');

-- ---------------------------------------------------------------------------
-- churn_risk_score = 100 * (1 - p_alive)
-- ---------------------------------------------------------------------------
SELECT is(churn_risk_score(1)::text, '0.00', 'churn_risk_score(1) = 0.00');
SELECT is(churn_risk_score(0)::text, '100.00', 'churn_risk_score(0) = 100.00');
SELECT is(churn_risk_score(0.5), 50.00, 'churn_risk_score(0.5) = 50.00');
SELECT is(churn_risk_score(0.75), 25.00, 'churn_risk_score(0.75) = 25.00');
SELECT is(churn_risk_score(0.12345), 87.66, 'churn_risk_score(0.12345) = 87.655 rounded half away = 87.66');
SELECT is(churn_risk_score(0.3333333333333333), round(100 * (1 - 0.3333333333333333::float8::numeric), 2),
          'churn_risk_score(1/3) equals the formula on p_alive::numeric');
SELECT is(churn_risk_score(1e-300), 100.00, 'churn_risk_score: a tiny p_alive = 100.00');
SELECT is(churn_risk_score(0.99999), 0.00, 'churn_risk_score(0.99999) = 0.001 rounds to 0.00');
SELECT is(churn_risk_score(0.99995), 0.01, 'churn_risk_score(0.99995) = 0.005 rounds half away to 0.01');
SELECT is(churn_risk_score(p_alive => 0.2), 80.00, 'churn_risk_score with a named argument');
SELECT is(churn_risk_score(NULL), NULL, 'churn_risk_score(NULL) = NULL');
SELECT throws_ok('SELECT churn_risk_score(-0.0001)', '22023', 'p_alive must be between 0 and 1',
                 'churn_risk_score: p_alive below 0 → 22023');
SELECT throws_ok('SELECT churn_risk_score(1.0001)', '22023', 'p_alive must be between 0 and 1',
                 'churn_risk_score: p_alive above 1 → 22023');
SELECT throws_ok($$SELECT churn_risk_score('NaN')$$, '22023', 'p_alive must not be NaN',
                 'churn_risk_score: NaN → 22023');
SELECT throws_ok($$SELECT churn_risk_score('Infinity')$$, '22023', 'p_alive must be between 0 and 1',
                 'churn_risk_score: Infinity → 22023');
SELECT throws_ok($$SELECT churn_risk_score('-Infinity')$$, '22023', 'p_alive must be between 0 and 1',
                 'churn_risk_score: -Infinity → 22023');

-- ---------------------------------------------------------------------------
-- engagement_risk_score = min(100, (100 - E) + 2 * max(0, E90 - E))
-- ---------------------------------------------------------------------------
SELECT is(engagement_risk_score(100, NULL)::text, '0.00', 'engagement_risk_score(100, NULL) = 0.00');
SELECT is(engagement_risk_score(0, NULL)::text, '100.00', 'engagement_risk_score(0, NULL) = 100.00');
SELECT is(engagement_risk_score(70, NULL), 30.00, 'no record 90 days back: the decline term is 0');
SELECT is(engagement_risk_score(70, 80), 50.00, '(100 - 70) + 2 * (80 - 70) = 50');
SELECT is(engagement_risk_score(80, 70), 20.00, 'a rise is no decline: (100 - 80) + 0 = 20');
SELECT is(engagement_risk_score(70, 70), 30.00, 'no change: 30');
SELECT is(engagement_risk_score(40, 100)::text, '100.00', '(100 - 40) + 2 * 60 = 180 is capped at 100');
SELECT is(engagement_risk_score(50, 75), 100.00, '(100 - 50) + 2 * 25 = 100 exactly');
SELECT is(engagement_risk_score(50.01, 75), 99.97, '(100 - 50.01) + 2 * 24.99 = 99.97');
SELECT is(engagement_risk_score(100, 100)::text, '0.00', 'engagement_risk_score(100, 100) = 0.00');
SELECT is(engagement_risk_score(0, 0)::text, '100.00', 'engagement_risk_score(0, 0) = 100.00');
SELECT is(engagement_risk_score(99.995, NULL), 0.01, '100 - 99.995 = 0.005 rounds half away to 0.01');
SELECT is(engagement_risk_score(12.345, 20.0001),
          round(least(100, (100 - 12.345) + 2 * greatest(0, 20.0001 - 12.345)), 2),
          'engagement_risk_score with 3- and 4-decimal inputs equals the formula in numeric');
SELECT is(engagement_risk_score(engagement_90_days_ago => 80, engagement_now => 70), 50.00,
          'engagement_risk_score with named arguments');
SELECT is(engagement_risk_score(NULL, 80), NULL, 'engagement_risk_score: no engagement now = NULL');
SELECT is(engagement_risk_score(NULL, NULL), NULL, 'engagement_risk_score(NULL, NULL) = NULL');
SELECT throws_ok('SELECT engagement_risk_score(-0.01, NULL)', '22003',
                 'engagement_now must be between 0 and 100', 'engagement_now -0.01 → 22003');
SELECT throws_ok('SELECT engagement_risk_score(100.01, NULL)', '22003',
                 'engagement_now must be between 0 and 100', 'engagement_now 100.01 → 22003');
SELECT throws_ok('SELECT engagement_risk_score(50, 100.001)', '22003',
                 'engagement_90_days_ago must be between 0 and 100', 'engagement_90_days_ago 100.001 → 22003');
SELECT throws_ok('SELECT engagement_risk_score(50, -1)', '22003',
                 'engagement_90_days_ago must be between 0 and 100', 'engagement_90_days_ago -1 → 22003');
SELECT throws_ok($$SELECT engagement_risk_score('NaN', NULL)$$, '22023',
                 'engagement_now must not be NaN', 'engagement_now NaN → 22023');
SELECT throws_ok($$SELECT engagement_risk_score(50, 'NaN')$$, '22023',
                 'engagement_90_days_ago must not be NaN', 'engagement_90_days_ago NaN → 22023');
SELECT throws_ok($$SELECT engagement_risk_score('Infinity', NULL)$$, '22023',
                 'engagement_now must be finite', 'engagement_now Infinity → 22023');

-- ---------------------------------------------------------------------------
-- value_risk_score = min(100, max(0, (S0 - S1) / S0 * 100)), 0 when S0 = 0
-- ---------------------------------------------------------------------------
SELECT is(value_risk_score(0, 0)::text, '0.00', 'S0 = 0: 0.00');
SELECT is(value_risk_score(500, 0)::text, '0.00', 'S0 = 0 with spend now: 0.00');
SELECT is(value_risk_score(NULL, NULL)::text, '0.00', 'no orders at all (both NULL): 0.00');
SELECT is(value_risk_score(100, NULL)::text, '0.00', 'S0 NULL: 0.00');
SELECT is(value_risk_score(NULL, 100)::text, '100.00', 'S1 NULL (no spend lately), S0 = 100: 100.00');
SELECT is(value_risk_score(0, 100)::text, '100.00', 'S1 = 0, S0 = 100: 100.00');
SELECT is(value_risk_score(100, 100)::text, '0.00', 'no change: 0.00');
SELECT is(value_risk_score(200, 100)::text, '0.00', 'growth is no risk: 0.00');
SELECT is(value_risk_score(75, 100), 25.00, 'S1 = 75, S0 = 100: 25.00');
SELECT is(value_risk_score(2, 3), 33.33, 'S1 = 2, S0 = 3: 33.33');
SELECT is(value_risk_score(1, 3), 66.67, 'S1 = 1, S0 = 3: 66.67');
SELECT is(value_risk_score(1, 8), 87.50, 'S1 = 1, S0 = 8: 87.50');
SELECT is(value_risk_score(0.99995, 1), 0.01, '(1 - 0.99995) * 100 = 0.005 rounds half away to 0.01');
SELECT is(value_risk_score(0.999949, 1), 0.01, '0.0051 → 0.01');
SELECT is(value_risk_score(0.999951, 1), 0.00, '0.0049 → 0.00');
SELECT is(value_risk_score(123.45, 9876.54), round((9876.54 - 123.45) / 9876.54 * 100, 2),
          'value_risk_score equals the formula in numeric');
SELECT is(value_risk_score(1, 1e30), 100.00, 'a huge S0: 100.00');
SELECT is(value_risk_score(1e-20, 3e-20), 66.67, 'tiny amounts: 66.67');
SELECT is(value_risk_score(spend_previous_90 => 100, spend_last_90 => 40), 60.00,
          'value_risk_score with named arguments');
SELECT throws_ok('SELECT value_risk_score(-0.01, 100)', '22023',
                 'spend_last_90 must not be negative', 'negative spend_last_90 → 22023');
SELECT throws_ok('SELECT value_risk_score(100, -1)', '22023',
                 'spend_previous_90 must not be negative', 'negative spend_previous_90 → 22023');
SELECT throws_ok($$SELECT value_risk_score('NaN', 100)$$, '22023',
                 'spend_last_90 must not be NaN', 'spend_last_90 NaN → 22023');
SELECT throws_ok($$SELECT value_risk_score(100, 'NaN')$$, '22023',
                 'spend_previous_90 must not be NaN', 'spend_previous_90 NaN → 22023');
SELECT throws_ok($$SELECT value_risk_score(100, 'Infinity')$$, '22023',
                 'spend_previous_90 must be finite', 'spend_previous_90 Infinity → 22023');
SELECT throws_ok($$SELECT value_risk_score('-Infinity', 100)$$, '22023',
                 'spend_last_90 must be finite', 'spend_last_90 -Infinity → 22023');
SELECT throws_ok('SELECT value_risk_score(-5, NULL)', '22023',
                 'spend_last_90 must not be negative', 'a negative amount is refused even when S0 is NULL');

-- ---------------------------------------------------------------------------
-- risk_severity: < 25 low, < 50 medium, < 75 high, else critical
-- ---------------------------------------------------------------------------
SELECT is(risk_severity(0), 'low', 'risk_severity(0) = low');
SELECT is(risk_severity(24.99), 'low', 'risk_severity(24.99) = low');
SELECT is(risk_severity(24.999), 'low', 'risk_severity(24.999) = low');
SELECT is(risk_severity(25), 'medium', 'risk_severity(25) = medium');
SELECT is(risk_severity(49.99), 'medium', 'risk_severity(49.99) = medium');
SELECT is(risk_severity(50), 'high', 'risk_severity(50) = high');
SELECT is(risk_severity(74.99), 'high', 'risk_severity(74.99) = high');
SELECT is(risk_severity(75), 'critical', 'risk_severity(75) = critical');
SELECT is(risk_severity(100), 'critical', 'risk_severity(100) = critical');
SELECT is(risk_severity(NULL), NULL, 'risk_severity(NULL) = NULL');
SELECT throws_ok('SELECT risk_severity(-0.01)', '22003', 'score must be between 0 and 100',
                 'risk_severity(-0.01) → 22003');
SELECT throws_ok('SELECT risk_severity(100.01)', '22003', 'score must be between 0 and 100',
                 'risk_severity(100.01) → 22003');
SELECT throws_ok($$SELECT risk_severity('NaN')$$, '22023', 'score must not be NaN',
                 'risk_severity(NaN) → 22023');
SELECT is(risk_severity(churn_risk_score(0.75)), 'medium', 'churn risk 25.00 is medium');
SELECT is(risk_severity(value_risk_score(50.01, 100)), 'medium', 'value risk 49.99 is medium');

-- ---------------------------------------------------------------------------
-- risk_mitigation
-- ---------------------------------------------------------------------------
SELECT is(risk_mitigation('low'), 'Keep the regular cadence', 'mitigation of low');
SELECT is(risk_mitigation('medium'), 'Send a personalised offer within two weeks', 'mitigation of medium');
SELECT is(risk_mitigation('high'), 'Call this week with a win-back offer', 'mitigation of high');
SELECT is(risk_mitigation('critical'), 'Escalate to the account owner: call within 24 hours',
          'mitigation of critical');
SELECT is(risk_mitigation(risk_severity(80)), 'Escalate to the account owner: call within 24 hours',
          'risk_mitigation(risk_severity(80)) chains');
SELECT is(risk_mitigation(NULL), NULL, 'risk_mitigation(NULL) = NULL');
SELECT throws_ok($$SELECT risk_mitigation('severe')$$, '22P02', 'invalid severity: "severe"',
                 'risk_mitigation: an unknown severity → 22P02');
SELECT throws_ok($$SELECT risk_mitigation('HIGH')$$, '22P02', 'invalid severity: "HIGH"',
                 'risk_mitigation: severities are lower case');
SELECT throws_ok($$SELECT risk_mitigation('')$$, '22P02', 'invalid severity: ""',
                 'risk_mitigation: an empty severity → 22P02');

-- ---------------------------------------------------------------------------
-- the three risks agree with the SPEC formulas over a grid (numeric)
-- ---------------------------------------------------------------------------
SELECT is((SELECT count(*)::int FROM generate_series(0, 100, 5) e, generate_series(0, 100, 5) e90
           WHERE engagement_risk_score(e + 0.37 * (e < 100)::int, e90)
                 IS DISTINCT FROM round(least(100, (100 - (e + 0.37 * (e < 100)::int))
                                                   + 2 * greatest(0, e90 - (e + 0.37 * (e < 100)::int))), 2)),
          0, 'engagement_risk_score equals the formula on a 21 x 21 grid');
SELECT is((SELECT count(*)::int FROM generate_series(0, 300, 7) s1, generate_series(1, 300, 11) s0
           WHERE value_risk_score(s1 / 3.0, s0 / 7.0)
                 IS DISTINCT FROM round(least(100, greatest(0, (s0 / 7.0 - s1 / 3.0) / (s0 / 7.0) * 100)), 2)),
          0, 'value_risk_score equals the formula in numeric on a grid of thirds and sevenths');
SELECT is((SELECT count(*)::int FROM generate_series(0, 1000) i
           WHERE churn_risk_score(i / 1000.0) IS DISTINCT FROM round(100 * (1 - (i / 1000.0)::float8::numeric), 2)),
          0, 'churn_risk_score equals the formula for p_alive 0, 0.001, ..., 1');
SELECT is((SELECT count(*)::int FROM generate_series(0, 10000) i
           WHERE risk_severity(i / 100.0) <> CASE WHEN i < 2500 THEN 'low' WHEN i < 5000 THEN 'medium'
                                                 WHEN i < 7500 THEN 'high' ELSE 'critical' END),
          0, 'risk_severity is right for every score 0.00 ... 100.00');

SELECT * FROM finish();
ROLLBACK;
