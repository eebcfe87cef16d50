-- test/health_insights.sql — customer_risk_assessment and
-- customer_health_insights (SPEC §3.8, originals/003 CustomerHealthScore):
-- each risk at its boundaries and without data (churn from P(alive), engagement
-- from the health engagement score now and in the history at or before
-- as_of - 90 days, value from completed-order spend of the last 90 days
-- against the 90 before), severities and mitigations; the insights document
-- with every key; critical alerts (open, high or critical, 30 days, newest
-- first); significant changes of the history; benchmark comparison; next
-- calculation; an unknown customer and one invisible under row-level
-- security on customers give NULL.
-- Needs: CREATE EXTENSION pgtap; CREATE EXTENSION customer_scoring; in public.
BEGIN;
SELECT plan(77);
SET LOCAL TimeZone = 'UTC';
SET LOCAL client_min_messages = warning;

\set as_of '''2024-06-01 12:00:00+00'''

-- one risk of the assessment: "score severity" or "null"
CREATE FUNCTION pg_temp.risk(c bigint, k text, at timestamptz DEFAULT '2024-06-01 12:00:00+00')
RETURNS text LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN r -> k = 'null'::jsonb THEN 'null'
                ELSE (r -> k ->> 'score') || ' ' || (r -> k ->> 'severity') END
    FROM (SELECT customer_risk_assessment(c, at) AS r) AS x
$$;

SELECT is((SELECT string_agg(l.lanname || ':' || p.provolatile::text || ':' || p.proparallel::text || ':'
                             || p.prosecdef::text || ':' || array_to_string(p.proconfig, ','), ' | '
                             ORDER BY p.proname)
           FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
           WHERE p.oid IN ('customer_risk_assessment(bigint,timestamptz)'::regprocedure,
                           'customer_health_insights(bigint,timestamptz)'::regprocedure)),
          'plpgsql:s:s:false:search_path=pg_catalog, pg_temp | plpgsql:s:s:false:search_path=pg_catalog, pg_temp',
          'both: PL/pgSQL, STABLE, PARALLEL SAFE, caller''s rights, search_path pinned');

INSERT INTO customers (id, first_name, last_name)
SELECT g, 'Ins', 'Case' || g FROM generate_series(8600001, 8600040) g;

-- ---------------------------------------------------------------------------
-- churn risk = 100 (1 - P(alive))
-- ---------------------------------------------------------------------------
INSERT INTO customer_predictions (customer_id, frequency, recency, age, p_alive, as_of)
VALUES (8600001, 1, 10, 100, 0.76, :as_of), (8600002, 1, 10, 100, 0.75, :as_of),
       (8600003, 1, 10, 100, 0.5, :as_of), (8600004, 1, 10, 100, 0.25, :as_of),
       (8600005, 1, 10, 100, 0, :as_of), (8600006, 1, 10, 100, 1, :as_of),
       (8600007, 0, 0, 100, NULL, :as_of);
SELECT is(pg_temp.risk(8600001, 'churnRisk'), '24.00 low', 'churn: P(alive) 0.76 → 24, low');
SELECT is(pg_temp.risk(8600002, 'churnRisk'), '25.00 medium', 'churn: P(alive) 0.75 → 25, medium');
SELECT is(pg_temp.risk(8600003, 'churnRisk'), '50.00 high', 'churn: P(alive) 0.5 → 50, high');
SELECT is(pg_temp.risk(8600004, 'churnRisk'), '75.00 critical', 'churn: P(alive) 0.25 → 75, critical');
SELECT is(pg_temp.risk(8600005, 'churnRisk'), '100.00 critical', 'churn: P(alive) 0 → 100');
SELECT is(pg_temp.risk(8600006, 'churnRisk'), '0.00 low', 'churn: P(alive) 1 → 0');
SELECT is(pg_temp.risk(8600007, 'churnRisk'), 'null', 'churn: a prediction without P(alive) → null');
SELECT is(pg_temp.risk(8600008, 'churnRisk'), 'null', 'churn: no prediction → null');
SELECT is(customer_risk_assessment(8600004, :as_of) -> 'churnRisk',
          '{"score": 75.00, "severity": "critical", "mitigation": "Escalate to the account owner: call within 24 hours"}',
          'churn: score, severity and the mitigation of the severity');

-- ---------------------------------------------------------------------------
-- engagement risk = min(100, (100 - E) + 2 max(0, E90 - E))
-- ---------------------------------------------------------------------------
INSERT INTO customer_health_scores (customer_id, health_score, health_level, engagement_score,
                                    calculated_at, as_of)
VALUES (8600011, 50, 'FAIR', 75.01, :as_of, :as_of), (8600012, 50, 'FAIR', 75, :as_of, :as_of),
       (8600013, 50, 'FAIR', 60, :as_of, :as_of), (8600014, 50, 'FAIR', 60, :as_of, :as_of),
       (8600015, 50, 'FAIR', 10, :as_of, :as_of), (8600016, 50, 'FAIR', NULL, :as_of, :as_of),
       (8600017, 50, 'FAIR', 60, :as_of, :as_of), (8600018, 50, 'FAIR', 60, :as_of, :as_of);
INSERT INTO customer_health_score_history (customer_id, health_score, health_level, engagement_score,
                                           change_trigger, created_at)
VALUES -- 8600013: 70 exactly 90 days back counts; a later 100 does not
       (8600013, 50, 'FAIR', 70, 'refresh', timestamptz :as_of - interval '90 days'),
       (8600013, 50, 'FAIR', 100, 'refresh', timestamptz :as_of - interval '90 days' + interval '1 microsecond'),
       -- 8600014: only a record after as_of - 90 days: no decline term
       (8600014, 50, 'FAIR', 90, 'refresh', timestamptz :as_of - interval '89 days'),
       -- 8600015: a steep decline is capped at 100
       (8600015, 50, 'FAIR', 90, 'refresh', timestamptz :as_of - interval '200 days'),
       -- 8600017: the latest record at or before as_of - 90 days is a 1.0 row (NULL)
       (8600017, 50, 'FAIR', 95, 'refresh', timestamptz :as_of - interval '300 days'),
       (8600017, 50, 'FAIR', NULL, 'refresh', timestamptz :as_of - interval '100 days'),
       -- 8600018: a rise is no decline
       (8600018, 50, 'FAIR', 40, 'refresh', timestamptz :as_of - interval '120 days');
SELECT is(pg_temp.risk(8600011, 'engagementRisk'), '24.99 low', 'engagement: E 75.01 → 24.99, low');
SELECT is(pg_temp.risk(8600012, 'engagementRisk'), '25.00 medium', 'engagement: E 75 → 25, medium');
SELECT is(pg_temp.risk(8600013, 'engagementRisk'), '60.00 high',
          'engagement: E 60, E90 70 recorded exactly at as_of - 90 days → 40 + 20 = 60, high');
SELECT is(pg_temp.risk(8600013, 'engagementRisk', timestamptz :as_of + interval '1 microsecond'), '100.00 critical',
          'engagement: a microsecond later the record of E90 100 counts → capped at 100');
SELECT is(pg_temp.risk(8600014, 'engagementRisk'), '40.00 medium',
          'engagement: no record at or before as_of - 90 days → no decline term');
SELECT is(pg_temp.risk(8600015, 'engagementRisk'), '100.00 critical', 'engagement: 90 + 2 x 80 capped at 100');
SELECT is(pg_temp.risk(8600016, 'engagementRisk'), 'null', 'engagement: a health row without engagement → null');
SELECT is(pg_temp.risk(8600017, 'engagementRisk'), '40.00 medium',
          'engagement: the latest old record has no engagement score (written by 1.0) → no decline term');
SELECT is(pg_temp.risk(8600018, 'engagementRisk'), '40.00 medium', 'engagement: E90 below E → no decline term');
SELECT is(pg_temp.risk(8600008, 'engagementRisk'), 'null', 'engagement: no health score → null');

-- ---------------------------------------------------------------------------
-- value risk: completed spend S1 of (as_of - 90 days, as_of] vs S0 of the 90 before
-- ---------------------------------------------------------------------------
INSERT INTO orders (customer_id, total_amount, ordered_at, status)
VALUES -- 8600021: S0 200, S1 150 → 25
       (8600021, 200, timestamptz :as_of - interval '100 days', 'completed'),
       (8600021, 150, timestamptz :as_of - interval '10 days', 'completed'),
       -- 8600022: S0 = 100 exactly at as_of - 90 days, S1 = 0; an order at as_of - 180 days,
       -- one after as_of and a cancelled one do not count
       (8600022, 100, timestamptz :as_of - interval '90 days', 'completed'),
       (8600022, 900, timestamptz :as_of - interval '180 days', 'completed'),
       (8600022, 900, timestamptz :as_of + interval '1 second', 'completed'),
       (8600022, 900, timestamptz :as_of - interval '5 days', 'cancelled'),
       -- 8600023: spend grew
       (8600023, 100, timestamptz :as_of - interval '100 days', 'completed'),
       (8600023, 300, timestamptz :as_of - interval '1 day', 'completed'),
       -- 8600024: nothing in the 90 days before, something now
       (8600024, 50, timestamptz :as_of - interval '1 day', 'completed'),
       -- 8600025: S0 400, S1 100.01 → 74.9975 → 75.00 critical; S1 101 → 74.75 high
       (8600025, 400, timestamptz :as_of - interval '150 days', 'completed'),
       (8600025, 100.01, timestamptz :as_of - interval '2 days', 'completed'),
       (8600026, 400, timestamptz :as_of - interval '150 days', 'completed'),
       (8600026, 101, timestamptz :as_of - interval '2 days', 'completed');
SELECT is(pg_temp.risk(8600021, 'valueRisk'), '25.00 medium', 'value: S0 200, S1 150 → 25, medium');
SELECT is(pg_temp.risk(8600022, 'valueRisk'), '100.00 critical',
          'value: an order exactly at as_of - 90 days is S0; as_of - 180 days, after as_of and cancelled are not counted');
SELECT is(pg_temp.risk(8600022, 'valueRisk', timestamptz :as_of - interval '1 microsecond'), '88.89 critical',
          'value: a microsecond earlier that order is S1 and the order of as_of - 180 days is S0: (900 - 100) / 900');
SELECT is(pg_temp.risk(8600023, 'valueRisk'), '0.00 low', 'value: spend grew → 0');
SELECT is(pg_temp.risk(8600024, 'valueRisk'), '0.00 low', 'value: S0 = 0 → 0');
SELECT is(pg_temp.risk(8600025, 'valueRisk'), '75.00 critical', 'value: 74.9975 rounds to 75.00, critical');
SELECT is(pg_temp.risk(8600026, 'valueRisk'), '74.75 high', 'value: 74.75, high');
SELECT is(pg_temp.risk(8600008, 'valueRisk'), '0.00 low', 'value: no orders at all → 0');
SELECT is(customer_risk_assessment(8600008, :as_of),
          '{"churnRisk": null, "engagementRisk": null, "valueRisk": {"score": 0.00, "severity": "low", "mitigation": "Keep the regular cadence"}}',
          'a customer with no data: churn and engagement null, value 0');
SELECT is(customer_risk_assessment(NULL, :as_of), NULL, 'NULL customer → NULL');
SELECT is(customer_risk_assessment(999999999, :as_of), NULL, 'unknown customer → NULL');
SELECT throws_ok($$SELECT customer_risk_assessment(8600001, NULL)$$, '22004', 'as_of must not be null', 'as_of NULL → 22004');
SELECT throws_ok($$SELECT customer_risk_assessment(8600001, 'infinity')$$, '22023', 'as_of must be finite', 'as_of infinity → 22023');

-- ---------------------------------------------------------------------------
-- the insights document
-- ---------------------------------------------------------------------------
-- 8600031: a scored customer with orders, RFM, prediction, history, alerts
INSERT INTO orders (customer_id, total_amount, ordered_at)
VALUES (8600031, 500, timestamptz :as_of - interval '20 days'),
       (8600031, 700, timestamptz :as_of - interval '120 days');
SELECT ok(refresh_rfm_scores(:as_of) > 0, 'RFM scores refreshed');
SELECT ok(refresh_health_scores(:as_of) > 0, 'health scores refreshed');
INSERT INTO customer_predictions (customer_id, frequency, recency, age, p_alive, as_of)
VALUES (8600031, 1, 100, 120, 1, :as_of);
INSERT INTO customers (id, first_name, last_name) VALUES (8600099, 'Ins', 'Unscored');
INSERT INTO customer_health_score_history (customer_id, health_score, health_level, previous_score,
                                           score_change, change_trigger, created_at, engagement_score)
VALUES (8600031, 70, 'GOOD', NULL, NULL, 'refresh', timestamptz :as_of - interval '60 days', 50),
       (8600031, 55, 'FAIR', 70, -15, 'refresh', timestamptz :as_of - interval '50 days', 50),
       (8600031, 40.01, 'FAIR', 55, -14.99, 'refresh', timestamptz :as_of - interval '40 days', 50),
       (8600031, 39.99, 'POOR', 40.01, -0.02, 'refresh', timestamptz :as_of - interval '30 days', 50),
       (8600031, 39, 'POOR', 39.99, -0.99, 'refresh', timestamptz :as_of - interval '29 days', 50),
       (8600031, 99, 'EXCELLENT', 39, 60, 'refresh', timestamptz :as_of + interval '1 day', 50);
INSERT INTO customer_alerts (customer_id, kind, severity, score_before, score_after, raised_at, raised_on)
VALUES (8600031, 'health_drop', 'critical', 80, 50, timestamptz :as_of - interval '1 day', (timestamptz :as_of - interval '1 day')::date),
       (8600031, 'hot_lead', 'high', 40, 90, timestamptz :as_of - interval '2 days', (timestamptz :as_of - interval '2 days')::date),
       (8600031, 'warmth_drop', 'medium', 80, 50, timestamptz :as_of - interval '1 day', (timestamptz :as_of - interval '1 day')::date),
       (8600031, 'health_poor', 'high', 45, 30, timestamptz :as_of - interval '31 days', (timestamptz :as_of - interval '31 days')::date),
       (8600031, 'valuable_at_risk', 'critical', 0.6, 0.4, timestamptz :as_of + interval '1 hour', (timestamptz :as_of + interval '1 hour')::date);
INSERT INTO customer_alerts (customer_id, kind, severity, score_before, score_after, raised_at, raised_on,
                             acknowledged_at, acknowledged_by)
VALUES (8600031, 'health_poor', 'high', 45, 30, timestamptz :as_of - interval '3 days', (timestamptz :as_of - interval '3 days')::date,
        :as_of, 'someone');

CREATE TEMP TABLE doc AS SELECT customer_health_insights(8600031, :as_of) AS d;

SELECT ok((SELECT d ?& ARRAY['customerId', 'healthScore', 'healthLevel', 'components', 'riskAssessment',
                            'engagementAnalysis', 'predictionModels', 'healthHistory', 'insights',
                            'benchmarkComparison', 'lastCalculated', 'nextCalculation'] FROM doc),
          'every top-level key of CustomerHealthScore is present');
SELECT is((SELECT array_agg(k ORDER BY k) FROM doc, jsonb_object_keys(d) AS k),
          '{benchmarkComparison,components,customerId,engagementAnalysis,healthHistory,healthLevel,healthScore,insights,lastCalculated,nextCalculation,predictionModels,riskAssessment}',
          'and no other');
SELECT is((SELECT array_agg(k ORDER BY k) FROM doc, jsonb_object_keys(d -> 'components') AS k),
          '{communicationResponse,feedbackSentiment,loyaltyEngagement,recencyFactor,spendingBehavior,visitFrequency}',
          'components: the six components');
SELECT is((SELECT array_agg(k ORDER BY k) FROM doc, jsonb_object_keys(d -> 'riskAssessment') AS k),
          '{churnRisk,engagementRisk,valueRisk}', 'riskAssessment: the three risks');
SELECT is((SELECT d -> 'riskAssessment' FROM doc), customer_risk_assessment(8600031, :as_of),
          'riskAssessment is customer_risk_assessment()');
SELECT is((SELECT array_agg(k ORDER BY k) FROM doc, jsonb_object_keys(d -> 'engagementAnalysis') AS k),
          '{campaignEngagement,channelEngagement,engagementScore,loyaltyEngagement,overallEngagementLevel}',
          'engagementAnalysis keys');
SELECT is((SELECT array_agg(k ORDER BY k) FROM doc, jsonb_object_keys(d -> 'predictionModels') AS k),
          '{asOf,churn,lifetimeValue,models,nextVisit,spending}', 'predictionModels keys');
SELECT is((SELECT d -> 'predictionModels' -> 'churn' FROM doc), '{"pAlive": 1, "churnProbability": null}',
          'predictionModels.churn from customer_predictions');
SELECT is((SELECT array_agg(k ORDER BY k) FROM doc, jsonb_object_keys(d -> 'insights') AS k),
          '{criticalAlerts,opportunities}', 'insights keys');
SELECT is((SELECT array_agg(k ORDER BY k) FROM doc, jsonb_object_keys(d -> 'benchmarkComparison') AS k),
          '{industryAverage,percentileRank,segment,segmentAverage,topPerformerAverage}',
          'benchmarkComparison keys');
SELECT is((SELECT (d ->> 'healthScore')::numeric FROM doc),
          (SELECT health_score FROM customer_health_scores WHERE customer_id = 8600031), 'healthScore is the stored one');
SELECT is((SELECT d ->> 'healthLevel' FROM doc),
          (SELECT health_level::text FROM customer_health_scores WHERE customer_id = 8600031), 'healthLevel too');
SELECT is((SELECT (d ->> 'nextCalculation')::timestamptz - (d ->> 'lastCalculated')::timestamptz FROM doc),
          interval '1 day', 'nextCalculation = lastCalculated + 1 day');
SELECT is((SELECT (d ->> 'lastCalculated')::timestamptz FROM doc),
          (SELECT calculated_at FROM customer_health_scores WHERE customer_id = 8600031), 'lastCalculated = calculated_at');

-- critical alerts: open, high or critical, raised in the 30 days up to as_of, newest first
SELECT is((SELECT string_agg(a ->> 'kind', ',' ORDER BY n) FROM doc,
                  jsonb_array_elements(d -> 'insights' -> 'criticalAlerts') WITH ORDINALITY AS x(a, n)),
          'health_drop,hot_lead',
          'criticalAlerts: open high/critical alerts of the last 30 days, newest first (not medium, acknowledged, older, or after as_of)');
SELECT is((SELECT array_agg(k ORDER BY k) FROM doc, jsonb_object_keys(d -> 'insights' -> 'criticalAlerts' -> 0) AS k),
          '{details,id,kind,raisedAt,scoreAfter,scoreBefore,severity}', 'an alert''s keys');
SELECT is((SELECT jsonb_array_length(customer_health_insights(8600031, timestamptz :as_of + interval '2 hours')
                                     -> 'insights' -> 'criticalAlerts')), 3,
          'two hours later the alert raised after as_of is there too');

-- history: the 10 latest up to as_of, newest first, significant changes flagged
SELECT is((SELECT string_agg((h ->> 'healthScore') || ':' || COALESCE(h ->> 'significantChange', '-'), ' ' ORDER BY n)
           FROM doc, jsonb_array_elements(d -> 'healthHistory') WITH ORDINALITY AS x(h, n)
           WHERE h ->> 'changeTrigger' = 'refresh' AND (h ->> 'createdAt')::timestamptz < :as_of),
          '39.00:- 39.99:health_poor 40.01:- 55.00:health_drop 70.00:-',
          'history: a drop of 15 (alert_health_drop) and a fall into POOR are significant; 14.99, a fall within POOR and the first row are not; rows after as_of are left out');
SELECT is((SELECT count(*)::integer FROM doc, jsonb_array_elements(d -> 'healthHistory') AS h
           WHERE (h ->> 'significant')::boolean), 2, 'significant is true for those two');
UPDATE customer_scoring_settings SET value = '14.99' WHERE name = 'alert_health_drop';
SELECT is((SELECT count(*)::integer FROM jsonb_array_elements(customer_health_insights(8600031, :as_of) -> 'healthHistory') AS h
           WHERE h ->> 'significantChange' = 'health_drop'), 2, 'alert_health_drop 14.99: the drop of 14.99 is significant too');
UPDATE customer_scoring_settings SET value = '15' WHERE name = 'alert_health_drop';
INSERT INTO customer_health_score_history (customer_id, health_score, health_level, change_trigger, created_at)
SELECT 8600031, 50, 'FAIR', 'manual', timestamptz :as_of - interval '100 days' + g * interval '1 minute'
FROM generate_series(1, 20) g;
SELECT is(jsonb_array_length(customer_health_insights(8600031, :as_of) -> 'healthHistory'), 10,
          'history: at most the 10 latest rows');

-- benchmarks
SELECT is((SELECT d -> 'benchmarkComparison' ->> 'segment' FROM doc),
          (SELECT segment::text FROM customer_rfm_scores WHERE customer_id = 8600031), 'segment: the RFM segment');
SELECT is((SELECT (d -> 'benchmarkComparison' ->> 'segmentAverage')::numeric FROM doc),
          (SELECT b.average_health FROM customer_health_benchmarks b JOIN customer_rfm_scores r
                  ON r.segment::text = b.segment WHERE r.customer_id = 8600031),
          'segmentAverage: the stored average of that segment');
SELECT is((SELECT (d -> 'benchmarkComparison' ->> 'topPerformerAverage')::numeric FROM doc),
          (SELECT top_performer_average FROM customer_health_benchmarks WHERE segment = 'all'),
          'topPerformerAverage: the overall one');
SELECT is((SELECT (d -> 'benchmarkComparison' ->> 'percentileRank')::numeric FROM doc),
          (SELECT percentile_rank FROM customer_health_scores WHERE customer_id = 8600031),
          'percentileRank: the stored one');
SELECT is((SELECT d -> 'benchmarkComparison' -> 'industryAverage' FROM doc), 'null'::jsonb,
          'industryAverage: null while industry_health_average is empty');
UPDATE customer_scoring_settings SET value = '71.5' WHERE name = 'industry_health_average';
SELECT is(customer_health_insights(8600031, :as_of) -> 'benchmarkComparison' -> 'industryAverage', '71.5'::jsonb,
          'industryAverage: the setting');
SELECT is(customer_health_insights(8600001, :as_of) -> 'benchmarkComparison' -> 'segmentAverage', 'null'::jsonb,
          'a customer without RFM scores: segmentAverage null');

-- opportunities
SELECT is((SELECT d -> 'insights' -> 'opportunities' FROM doc),
          (SELECT COALESCE(jsonb_agg(jsonb_build_object('kind', kind, 'reason', reason)), '[]')
           FROM customer_opportunities(8600031, (timestamptz :as_of)::date)),
          'opportunities: customer_opportunities() of as_of''s date');
UPDATE customers SET date_of_birth = '1980-06-05' WHERE id = 8600031;
SELECT is(customer_health_insights(8600031, :as_of) -> 'insights' -> 'opportunities' -> 0 ->> 'kind', 'birthday',
          'a birthday in 4 days is an opportunity');

-- a customer known but never scored, without predictions
SELECT is((SELECT jsonb_agg(k ORDER BY k) FROM jsonb_object_keys(customer_health_insights(8600099, :as_of)) AS k),
          (SELECT jsonb_agg(k ORDER BY k) FROM doc, jsonb_object_keys(d) AS k),
          'a customer never scored: every key is still there');
SELECT is(customer_health_insights(8600099, :as_of) -> 'healthScore', 'null'::jsonb, '... healthScore null');
SELECT is(customer_health_insights(8600099, :as_of) -> 'predictionModels', 'null'::jsonb, '... predictionModels null');
SELECT is(customer_health_insights(8600099, :as_of) -> 'healthHistory', '[]'::jsonb, '... healthHistory empty');
SELECT is(customer_health_insights(8600099, :as_of) -> 'nextCalculation', 'null'::jsonb, '... nextCalculation null');
SELECT is(customer_health_insights(NULL, :as_of), NULL, 'NULL customer → NULL');
SELECT is(customer_health_insights(999999999, :as_of), NULL, 'unknown customer → NULL');
SELECT throws_ok($$SELECT customer_health_insights(8600031, '-infinity')$$, '22023', 'as_of must be finite',
                 'as_of -infinity → 22023');

-- ---------------------------------------------------------------------------
-- row-level security on customers only: an invisible customer is unknown
-- ---------------------------------------------------------------------------
CREATE ROLE cs_hi_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
GRANT USAGE ON SCHEMA public TO cs_hi_app;
SELECT customer_scoring_grant('cs_hi_app', 'application');
CREATE TEMP TABLE seen (k text PRIMARY KEY, v text);
GRANT ALL ON seen TO cs_hi_app;
ALTER TABLE customers ENABLE ROW LEVEL SECURITY;
CREATE POLICY test_hi_rows ON customers TO cs_hi_app USING (id <> 8600031);
SET LOCAL ROLE cs_hi_app;
INSERT INTO seen VALUES
    ('insights invisible', COALESCE(customer_health_insights(8600031, :as_of)::text, '<NULL>')),
    ('risk invisible', COALESCE(customer_risk_assessment(8600031, :as_of)::text, '<NULL>')),
    ('insights visible', customer_health_insights(8600021, :as_of) -> 'riskAssessment' -> 'valueRisk' ->> 'score'),
    ('risk visible', customer_risk_assessment(8600021, :as_of) -> 'valueRisk' ->> 'score');
RESET ROLE;
SELECT is((SELECT v FROM seen WHERE k = 'insights invisible'), '<NULL>',
          'customer_health_insights: a customer hidden by row-level security → NULL');
SELECT is((SELECT v FROM seen WHERE k = 'risk invisible'), '<NULL>',
          'customer_risk_assessment: a customer hidden by row-level security → NULL');
SELECT is((SELECT v FROM seen WHERE k = 'insights visible'), '25.00', 'a visible customer: the insights');
SELECT is((SELECT v FROM seen WHERE k = 'risk visible'), '25.00', 'a visible customer: the risks');

SELECT * FROM finish();
ROLLBACK;
