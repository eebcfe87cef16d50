-- test/warmth_views.sql — pgTAP tests of the warmth views and of the original
-- warmth document's reporting queries (SPEC §4, originals/000_b06fbf9c09cc3321.md):
--   * warmth_analytics: contact data from customers, engagement_status at the
--     edges of Recent (<= 7 days) / Active (<= 30) / Dormant (<= 90) /
--     At Risk (> 90) / Never Engaged, only is_active rows;
--   * warmth_trends: per customer per day of the last 30 days, rounded
--     avg_daily_score, change_triggers; older history left out;
--   * warmth_pipeline: per level counts, average and total predicted value,
--     share of customers summing to 100;
--   * ORDER BY warmth_level DESC puts scorching first without CASE;
--   * the document's queries (hot prospects, pipeline by level, score
--     distribution, stale records, the two view queries) run as written;
--   * the views are security_invoker, and row-level security on the base
--     table applies to whoever reads them.
-- The test empties customer_warmth inside its transaction so that the
-- whole-table aggregates are known; everything is rolled back.  TimeZone is
-- UTC so that "now() - interval 'N days'" is N whole 24-hour days.
-- Needs: CREATE EXTENSION pgtap; CREATE EXTENSION customer_scoring;
BEGIN;
SET LOCAL TimeZone = 'UTC';
SELECT plan(38);

DELETE FROM customer_warmth;

INSERT INTO customers (id, first_name, last_name, email, phone) VALUES
    (7200001, 'Alma',  'Reyes',  'alma@example.com',  '+63 917 000 0001'),
    (7200002, 'Bea',   'Cruz',   'bea@example.com',   NULL),
    (7200003, 'Caloy', 'Santos', 'caloy@example.com', '+63 917 000 0003'),
    (7200004, 'Dina',  'Lim',    'dina@example.com',  NULL),
    (7200005, 'Elmer', 'Tan',    'elmer@example.com', NULL),
    (7200006, 'Fe',    'Go',     NULL,                NULL),
    (7200007, 'Gardo', 'Uy',     NULL,                NULL),
    (7200008, 'Hilda', 'Sy',     'hilda@example.com', NULL),
    (7200009, 'Iggy',  'Ong',    'iggy@example.com',  NULL);

-- Only engagement is known, so overall = engagement (except 7200005 and 7200008).
INSERT INTO customer_warmth (customer_id, engagement_score, predicted_purchase_value,
                             predicted_purchase_date, is_active) VALUES
    (7200001, 95, 2000000.00, current_date + 14, true),    -- scorching
    (7200002, 80, 1200000.00, current_date + 30, true),    -- hot
    (7200003, 76, 1000000.00, NULL,              true),    -- hot
    (7200004, 65, NULL,       NULL,              true),    -- warm
    (7200006, 20,  500000.00, NULL,              true),    -- cold
    (7200007, 25,  300000.00, NULL,              true),    -- cold
    (7200009, 85, 9999999.00, current_date + 7,  false);   -- hot, inactive
INSERT INTO customer_warmth (customer_id, predicted_purchase_value)
VALUES (7200008, 100000.00);                                -- every component unknown
-- budget 90, then a test drive 100 days ago: engagement 22.50,
-- overall (4.5 + 18) / 0.4 = 56.25 lukewarm, days_since_last_interaction 100
INSERT INTO customer_warmth (customer_id, budget_qualification_score, predicted_purchase_value)
VALUES (7200005, 90, 800000.00);
INSERT INTO customer_engagement_events (customer_id, engagement_type, occurred_at)
VALUES (7200005, 'test_drive', now() - interval '100 days');

UPDATE customer_warmth SET last_engagement_date = now() - interval '7 days'  WHERE customer_id = 7200001;
UPDATE customer_warmth SET last_engagement_date = now() - interval '8 days'  WHERE customer_id = 7200002;
UPDATE customer_warmth SET last_engagement_date = now() - interval '30 days' WHERE customer_id = 7200003;
UPDATE customer_warmth SET last_engagement_date = now() - interval '31 days',
                           days_since_last_interaction = 90                  WHERE customer_id = 7200004;
UPDATE customer_warmth SET last_engagement_date = now() - interval '90 days',
                           days_since_last_interaction = 120                 WHERE customer_id = 7200006;
UPDATE customer_warmth SET last_engagement_date = now() - interval '91 days' WHERE customer_id = 7200007;
UPDATE customer_warmth SET last_engagement_date = now(),
                           days_since_last_interaction = 200                 WHERE customer_id = 7200009;

SELECT results_eq(
    $$SELECT customer_id, overall_warmth_score, warmth_level FROM customer_warmth ORDER BY customer_id$$,
    $$VALUES (7200001::bigint, 95.00::numeric(5,2), 'scorching'::warmth_level),
             (7200002, 80.00, 'hot'), (7200003, 76.00, 'hot'), (7200004, 65.00, 'warm'),
             (7200005, 56.25, 'lukewarm'), (7200006, 20.00, 'cold'), (7200007, 25.00, 'cold'),
             (7200008, NULL, NULL), (7200009, 85.00, 'hot')$$,
    'set-up: the warmth rows have the intended scores and levels');

-- ===========================================================================
-- warmth_analytics
-- ===========================================================================

SELECT results_eq(
    $$SELECT customer_name, email, phone FROM warmth_analytics WHERE customer_id = 7200001$$,
    $$VALUES ('Alma Reyes'::text, 'alma@example.com'::text, '+63 917 000 0001'::text)$$,
    'warmth_analytics: customer_name, email and phone come from customers');
SELECT results_eq(
    $$SELECT customer_id, days_since_last_interaction, engagement_status
      FROM warmth_analytics ORDER BY customer_id$$,
    $$VALUES (7200001::bigint, 7, 'Recent'::text),
             (7200002, 8, 'Active'),
             (7200003, 30, 'Active'),
             (7200004, 31, 'Dormant'),
             (7200005, 100, 'At Risk'),
             (7200006, 90, 'Dormant'),
             (7200007, 91, 'At Risk'),
             (7200008, NULL, 'Never Engaged')$$,
    'warmth_analytics: 7 Recent, 8 and 30 Active, 31 and 90 Dormant, 91 and 100 At Risk, none Never Engaged; inactive 7200009 left out');
SELECT is((SELECT count(*)::int FROM warmth_analytics WHERE customer_id = 7200009), 0,
          'warmth_analytics: an is_active = false row is not shown');
SELECT results_eq(
    $$SELECT overall_warmth_score, warmth_level, purchase_probability, last_engagement_type,
             predicted_purchase_value
      FROM warmth_analytics WHERE customer_id = 7200005$$,
    $$VALUES (56.25::numeric(5,2), 'lukewarm'::warmth_level, purchase_probability(56.25),
              'test_drive'::engagement_type, 800000.00::numeric(12,2))$$,
    'warmth_analytics: score, level, probability, last engagement and predicted value of the row');

-- the document's query, as written
SELECT results_eq(
    $$SELECT customer_id, overall_warmth_score FROM (
SELECT * FROM warmth_analytics 
WHERE engagement_status = 'Recent'
ORDER BY overall_warmth_score DESC
LIMIT 10
      ) q$$,
    $$VALUES (7200001::bigint, 95.00::numeric(5,2))$$,
    'document: "SELECT * FROM warmth_analytics WHERE engagement_status = ''Recent'' ..." returns the recent customer');

-- ===========================================================================
-- The document's queries
-- ===========================================================================

SELECT results_eq($$
SELECT 
    c.name,
    c.email,
    cw.overall_warmth_score,
    cw.warmth_level,
    cw.predicted_purchase_value,
    cw.predicted_purchase_date
FROM customer_warmth cw
JOIN customers c ON cw.customer_id = c.id
WHERE cw.warmth_level IN ('hot', 'scorching')
  AND cw.is_active = true
ORDER BY cw.overall_warmth_score DESC;
$$,
    $$VALUES ('Alma Reyes'::text, 'alma@example.com'::text, 95.00::numeric(5,2),
              'scorching'::warmth_level, 2000000.00::numeric(12,2), current_date + 14),
             ('Bea Cruz', 'bea@example.com', 80.00, 'hot', 1200000.00, current_date + 30),
             ('Caloy Santos', 'caloy@example.com', 76.00, 'hot', 1000000.00, NULL)$$,
    'document: "Finding Hot Prospects" returns the active hot and scorching customers, hottest first');

SELECT results_eq($$
SELECT 
    warmth_level,
    COUNT(*) as customer_count,
    AVG(predicted_purchase_value) as avg_deal_size,
    SUM(predicted_purchase_value) as total_pipeline_value
FROM customer_warmth 
WHERE is_active = true
GROUP BY warmth_level
ORDER BY 
    CASE warmth_level 
        WHEN 'scorching' THEN 7
        WHEN 'hot' THEN 6
        WHEN 'warm' THEN 5
        WHEN 'lukewarm' THEN 4
        WHEN 'cool' THEN 3
        WHEN 'cold' THEN 2
        WHEN 'ice_cold' THEN 1
    END DESC;
$$,
    $$VALUES (NULL::warmth_level, 1::bigint, 100000::numeric, 100000::numeric),
             ('scorching', 1, 2000000, 2000000),
             ('hot', 2, 1100000, 2200000),
             ('warm', 1, NULL, NULL),
             ('lukewarm', 1, 800000, 800000),
             ('cold', 2, 400000, 800000)$$,
    'document: "Sales Pipeline Analysis" runs as written (the unscored group sorts first: NULL is first in DESC)');

SELECT set_eq($$
SELECT 
    warmth_level,
    COUNT(*) as count,
    ROUND(COUNT(*) * 100.0 / SUM(COUNT(*)) OVER (), 2) as percentage
FROM customer_warmth 
WHERE is_active = true
GROUP BY warmth_level;
$$,
    $$VALUES ('scorching'::warmth_level, 1::bigint, 12.50::numeric), ('hot', 2, 25.00),
             ('warm', 1, 12.50), ('lukewarm', 1, 12.50), ('cold', 2, 25.00),
             (NULL, 1, 12.50)$$,
    'document: "Check Score Distribution" gives each level''s count and percentage');

SELECT set_eq($$
SELECT customer_id, days_since_last_interaction
FROM customer_warmth 
WHERE days_since_last_interaction > 90
  AND warmth_level NOT IN ('ice_cold', 'cold');
$$,
    $$VALUES (7200005::bigint, 100), (7200009, 200)$$,
    'document: "Identify Stale Records" finds the lukewarm customer 100 days out (set by the event trigger) and the inactive hot one; not cold 120, not warm 90');

-- ===========================================================================
-- warmth_pipeline
-- ===========================================================================

SELECT results_eq(
    $$SELECT warmth_level, customer_count, avg_warmth_score, avg_deal_size,
             total_pipeline_value, share_of_customers
      FROM warmth_pipeline ORDER BY warmth_level DESC NULLS LAST$$,
    $$VALUES ('scorching'::warmth_level, 1, 95.00::numeric(5,2), 2000000.00::numeric(12,2),
              2000000.00::numeric, 12.50::numeric(5,2)),
             ('hot',      2, 78.00, 1100000.00, 2200000.00, 25.00),
             ('warm',     1, 65.00, NULL,       NULL,       12.50),
             ('lukewarm', 1, 56.25,  800000.00,  800000.00, 12.50),
             ('cold',     2, 22.50,  400000.00,  800000.00, 25.00),
             (NULL,       1, NULL,   100000.00,  100000.00, 12.50)$$,
    'warmth_pipeline: count, average score, average and total predicted value, share per level (inactive left out)');
SELECT is((SELECT sum(share_of_customers) FROM warmth_pipeline), 100.00::numeric,
          'warmth_pipeline: the shares sum to 100');
-- 12.5 % of a 20-character bar is 2.5 cells: two blocks and a half block
SELECT results_eq(
    $$SELECT bar FROM warmth_pipeline ORDER BY warmth_level DESC NULLS LAST$$,
    $$VALUES ('██▌'), ('█████'), ('██▌'), ('██▌'), ('█████'), ('██▌')$$,
    'warmth_pipeline: the bar shows each level''s share (20 characters = 100 %)');
SELECT is((SELECT sum(customer_count)::int FROM warmth_pipeline),
          (SELECT count(*)::int FROM customer_warmth WHERE is_active),
          'warmth_pipeline: the counts add up to the active rows');
SELECT is((SELECT sum(total_pipeline_value) FROM warmth_pipeline), 5900000.00::numeric,
          'warmth_pipeline: total pipeline value of the active rows is 5.9M (the inactive 9,999,999 left out)');

-- ===========================================================================
-- ORDER BY warmth_level DESC
-- ===========================================================================

SELECT is(enum_range(NULL::warmth_level),
          ARRAY['ice_cold', 'cold', 'cool', 'lukewarm', 'warm', 'hot', 'scorching']::warmth_level[],
          'warmth_level sorts from coldest to hottest');
SELECT is((SELECT array_agg(warmth_level ORDER BY warmth_level DESC)
           FROM warmth_pipeline WHERE warmth_level IS NOT NULL),
          ARRAY['scorching', 'hot', 'warm', 'lukewarm', 'cold']::warmth_level[],
          'ORDER BY warmth_level DESC puts scorching first, no CASE needed');
SELECT is((SELECT customer_id FROM customer_warmth WHERE is_active AND warmth_level IS NOT NULL
           ORDER BY warmth_level DESC, overall_warmth_score DESC LIMIT 1),
          7200001::bigint, 'ORDER BY warmth_level DESC on customer_warmth: the scorching customer first');

-- ===========================================================================
-- warmth_trends
-- ===========================================================================

-- 7200002 has its insert row today (80.00).  Add history directly:
-- yesterday 50.00 + 60.01 (avg 55.005 -> 55.01), 29 and 30 days ago,
-- and 31 days ago (too old).
INSERT INTO customer_warmth_history
    (customer_id, warmth_score_snapshot, warmth_level_snapshot, change_trigger, created_at) VALUES
    (7200002, 50.00, 'lukewarm', 'manual_update', now() - interval '1 day'),
    (7200002, 60.01, 'warm',     'test_drive',    now() - interval '1 day'),
    (7200002, 40.00, 'cool',     'inquiry',       now() - interval '29 days'),
    (7200002, 30.00, 'cool',     'inquiry',       now() - interval '30 days'),
    (7200002, 20.00, 'cold',     'insert',        now() - interval '31 days'),
    (7200003, 10.00, 'ice_cold', 'insert',        now() - interval '45 days');

SELECT results_eq(
    $$SELECT trend_date, avg_daily_score, change_triggers, changes_count
      FROM warmth_trends WHERE customer_id = 7200002 ORDER BY trend_date DESC$$,
    $$VALUES (current_date, 80.00::numeric(5,2), ARRAY['insert']::text[], 1),
             (current_date - 1, 55.01, ARRAY['manual_update', 'test_drive'], 2),
             ((now() - interval '29 days')::date, 40.00, ARRAY['inquiry'], 1),
             ((now() - interval '30 days')::date, 30.00, ARRAY['inquiry'], 1)$$,
    'warmth_trends: one row per day of the last 30 days, average rounded to 2 decimals, distinct triggers; 31 days ago left out');
SELECT is((SELECT avg_daily_score FROM warmth_trends
           WHERE customer_id = 7200002 AND trend_date = current_date - 1),
          55.01::numeric(5,2),
          'warmth_trends: avg_daily_score of 50.00 and 60.01 is 55.005, rounded half away from zero to 55.01');
SELECT results_eq(
    $$SELECT min_daily_score, max_daily_score, latest_warmth_level
      FROM warmth_trends WHERE customer_id = 7200002 AND trend_date = current_date - 1$$,
    $$VALUES (50.00::numeric(5,2), 60.01::numeric(5,2), 'warm'::warmth_level)$$,
    'warmth_trends: min, max and the day''s latest level');
SELECT results_eq(
    $$SELECT trend_date FROM warmth_trends WHERE customer_id = 7200003$$,
    $$VALUES (current_date)$$,
    'warmth_trends: a customer''s history 45 days old is left out, today''s insert row is shown');
SELECT is((SELECT count(*)::int FROM warmth_trends WHERE trend_date < (now() - interval '30 days')::date),
          0, 'warmth_trends: no row older than 30 days');

-- the document's query, as written (with the bigint id)
SELECT results_eq($$
SELECT 
    customer_name,
    trend_date,
    avg_daily_score,
    change_triggers
FROM warmth_trends 
WHERE customer_id = 7200002
ORDER BY trend_date DESC;
$$,
    $$VALUES ('Bea Cruz'::text, current_date, 80.00::numeric(5,2), ARRAY['insert']::text[]),
             ('Bea Cruz', current_date - 1, 55.01, ARRAY['manual_update', 'test_drive']),
             ('Bea Cruz', (now() - interval '29 days')::date, 40.00, ARRAY['inquiry']),
             ('Bea Cruz', (now() - interval '30 days')::date, 30.00, ARRAY['inquiry'])$$,
    'document: the warmth_trends query returns the 30-day trend of one customer');

-- ===========================================================================
-- warmth_analytics at the status edges (one customer, moved in time)
-- ===========================================================================

UPDATE customer_warmth SET last_engagement_date = now() WHERE customer_id = 7200001;
SELECT is((SELECT days_since_last_interaction::text || ' ' || engagement_status
           FROM warmth_analytics WHERE customer_id = 7200001),
          '0 Recent', 'warmth_analytics: engaged now: 0 days, Recent');
UPDATE customer_warmth SET last_engagement_date = now() + interval '3 days' WHERE customer_id = 7200001;
SELECT is((SELECT days_since_last_interaction::text || ' ' || engagement_status
           FROM warmth_analytics WHERE customer_id = 7200001),
          '0 Recent', 'warmth_analytics: a future date counts as 0 days, Recent');
UPDATE customer_warmth SET last_engagement_date = now() - interval '8 days' + interval '1 second'
WHERE customer_id = 7200001;
SELECT is((SELECT days_since_last_interaction::text || ' ' || engagement_status
           FROM warmth_analytics WHERE customer_id = 7200001),
          '7 Recent', 'warmth_analytics: one second short of 8 days is 7 whole days, Recent');
UPDATE customer_warmth SET last_engagement_date = now() - interval '31 days' + interval '1 second'
WHERE customer_id = 7200001;
SELECT is((SELECT days_since_last_interaction::text || ' ' || engagement_status
           FROM warmth_analytics WHERE customer_id = 7200001),
          '30 Active', 'warmth_analytics: one second short of 31 days is 30, Active');
UPDATE customer_warmth SET last_engagement_date = now() - interval '91 days' + interval '1 second'
WHERE customer_id = 7200001;
SELECT is((SELECT days_since_last_interaction::text || ' ' || engagement_status
           FROM warmth_analytics WHERE customer_id = 7200001),
          '90 Dormant', 'warmth_analytics: one second short of 91 days is 90, Dormant');
UPDATE customer_warmth SET last_engagement_date = NULL WHERE customer_id = 7200001;
SELECT is((SELECT engagement_status FROM warmth_analytics WHERE customer_id = 7200001),
          'Never Engaged', 'warmth_analytics: no last_engagement_date is Never Engaged');
UPDATE customer_warmth SET is_active = false WHERE customer_id = 7200001;
SELECT is((SELECT count(*)::int FROM warmth_analytics WHERE customer_id = 7200001), 0,
          'warmth_analytics: a row set is_active = false disappears from the view');
UPDATE customer_warmth SET is_active = true WHERE customer_id = 7200001;

-- ===========================================================================
-- security_invoker
-- ===========================================================================

SELECT ok((SELECT 'security_invoker=true' = ANY (reloptions) FROM pg_class
           WHERE oid = 'warmth_analytics'::regclass),
          'warmth_analytics is security_invoker');
SELECT ok((SELECT 'security_invoker=true' = ANY (reloptions) FROM pg_class
           WHERE oid = 'warmth_trends'::regclass),
          'warmth_trends is security_invoker');
SELECT ok((SELECT 'security_invoker=true' = ANY (reloptions) FROM pg_class
           WHERE oid = 'warmth_pipeline'::regclass),
          'warmth_pipeline is security_invoker');

-- Row-level security of customer_warmth applies to a reader of the views.
-- What the reader sees is collected in a temporary table and asserted after
-- RESET ROLE (pgTAP's own bookkeeping belongs to the session user).
CREATE ROLE customer_scoring_tap_views_reader;
GRANT USAGE ON SCHEMA public TO customer_scoring_tap_views_reader;
GRANT SELECT ON customers, customer_warmth, customer_warmth_history,
                warmth_analytics, warmth_pipeline, warmth_trends
    TO customer_scoring_tap_views_reader;
ALTER TABLE customer_warmth ENABLE ROW LEVEL SECURITY;
CREATE POLICY tap_only_hot ON customer_warmth FOR SELECT TO customer_scoring_tap_views_reader
    USING (warmth_level = 'hot');
ALTER TABLE customer_warmth_history ENABLE ROW LEVEL SECURITY;
CREATE POLICY tap_only_7200003 ON customer_warmth_history FOR SELECT
    TO customer_scoring_tap_views_reader USING (customer_id = 7200003);
CREATE TEMP TABLE rls_seen (view_name text, val text) ON COMMIT DROP;
GRANT INSERT ON rls_seen TO customer_scoring_tap_views_reader;
SET LOCAL ROLE customer_scoring_tap_views_reader;
INSERT INTO rls_seen SELECT 'warmth_analytics', customer_id::text FROM warmth_analytics;
INSERT INTO rls_seen SELECT 'warmth_pipeline', warmth_level::text || ' ' || customer_count::text
    FROM warmth_pipeline;
INSERT INTO rls_seen SELECT DISTINCT 'warmth_trends', customer_id::text FROM warmth_trends;
RESET ROLE;
SELECT results_eq(
    $$SELECT val FROM rls_seen WHERE view_name = 'warmth_analytics' ORDER BY val$$,
    $$VALUES ('7200002'), ('7200003')$$,
    'RLS: a reader limited to hot rows sees only the active hot customers in warmth_analytics');
SELECT results_eq(
    $$SELECT val FROM rls_seen WHERE view_name = 'warmth_pipeline'$$,
    $$VALUES ('hot 2')$$,
    'RLS: ... and only their level in warmth_pipeline');
SELECT results_eq(
    $$SELECT val FROM rls_seen WHERE view_name = 'warmth_trends'$$,
    $$VALUES ('7200003')$$,
    'RLS: ... and only the permitted history in warmth_trends');
SELECT is((SELECT count(*)::int FROM warmth_analytics), 8,
          'RLS: the session user still sees all 8 active rows');

SELECT * FROM finish();
ROLLBACK;
