-- test/health_benchmarks.sql — the benchmarks refresh_health_scores stores
-- (SPEC §3.8): per RFM segment and overall ('all'), the customers, the
-- average health score and the top-performer average (mean of the scores at
-- or above percentile_cont(0.9), ties included), each checked against a plain
-- SQL computation (the 90th percentile interpolated by hand); a tie at the
-- 90th percentile counts every tied score; each customer's percentile rank =
-- 100 x percent_rank() over all scored customers; the history's engagement
-- score; a quiet re-run rewrites nothing; a segment left empty loses its row;
-- the table is a reference table in the Citus plan and read-only for the
-- application tier.
-- Needs: CREATE EXTENSION pgtap; CREATE EXTENSION customer_scoring; in public.
BEGIN;
SELECT plan(24);
SET LOCAL TimeZone = 'UTC';
SET LOCAL client_min_messages = warning;

\set as_of '''2024-06-01 12:00:00+00'''

-- The figures by plain SQL: percentile_cont(0.9) interpolated by hand from
-- the sorted scores, the mean of the scores at or above it.
CREATE FUNCTION pg_temp.expected() RETURNS TABLE (segment text, customers bigint, average_health numeric,
                                                   top_performer_average numeric)
LANGUAGE sql STABLE AS $$
    WITH s AS (
        SELECT 'all'::text AS segment, h.health_score AS score
        FROM customer_health_scores h WHERE h.health_score IS NOT NULL
        UNION ALL
        SELECT r.segment::text, h.health_score
        FROM customer_health_scores h JOIN customer_rfm_scores r USING (customer_id)
        WHERE h.health_score IS NOT NULL),
    ranked AS (
        SELECT s.segment, s.score::float8 AS score,
               row_number() OVER (PARTITION BY s.segment ORDER BY s.score) - 1 AS i,
               count(*) OVER (PARTITION BY s.segment) AS n
        FROM s),
    p AS (
        SELECT lo.segment,
               lo.score + (0.9 * (lo.n - 1) - floor(0.9 * (lo.n - 1))) * (hi.score - lo.score) AS p90
        FROM ranked lo
        JOIN ranked hi ON hi.segment = lo.segment AND hi.i = ceil(0.9 * (lo.n - 1))
        WHERE lo.i = floor(0.9 * (lo.n - 1)))
    SELECT s.segment, count(*), round(avg(s.score), 2),
           round(avg(s.score) FILTER (WHERE s.score::float8 >= p.p90), 2)
    FROM s JOIN p USING (segment)
    GROUP BY s.segment
$$;

-- ---------------------------------------------------------------------------
-- data: 40 customers.  Health comes from feedback only (no recent orders,
-- loyalty or communications): score = 0.15 x feedback + 7.5.  RFM segments
-- come from orders older than 90 days, which leave health untouched.
--   8700001-8700020, one old order each: feedback 1 ... 16, then 80, 80, 80, 100
--     → sorted, positions 16-18 tie at 19.50, so percentile_cont(0.9) = 19.50
--       and the top performers are the four scores 19.50, 19.50, 19.50, 22.50
--   8700021-8700030, many old orders: feedback (g mod 4) x 20
--   8700031-8700040, no orders (no RFM segment): feedback 50
-- ---------------------------------------------------------------------------
INSERT INTO customers (id, first_name, last_name)
SELECT g, 'Bench', 'Case' || g FROM generate_series(8700001, 8700040) g;
INSERT INTO orders (customer_id, total_amount, ordered_at)
SELECT g, 100, timestamptz :as_of - interval '400 days' FROM generate_series(8700001, 8700020) g;
INSERT INTO orders (customer_id, total_amount, ordered_at)
SELECT g, 2000, timestamptz :as_of - interval '100 days' - k * interval '1 day'
FROM generate_series(8700021, 8700030) g, generate_series(1, 12) k;
INSERT INTO customer_interactions (customer_id, interaction_type, interaction_date, feedback_score)
SELECT g, 'call', timestamptz :as_of - interval '200 days',
       CASE WHEN g <= 8700016 THEN g - 8700000
            WHEN g <= 8700019 THEN 80
            WHEN g = 8700020 THEN 100
            WHEN g <= 8700030 THEN (g % 4) * 20
            ELSE 50 END
FROM generate_series(8700001, 8700040) g;

SELECT ok(refresh_rfm_scores(:as_of) > 0, 'RFM scores refreshed');
SELECT is(refresh_health_scores(:as_of), 40::bigint, 'health scores refreshed: 40 customers');
SELECT is((SELECT count(DISTINCT segment)::integer FROM customer_rfm_scores
           WHERE customer_id BETWEEN 8700001 AND 8700030), 2, 'the fixture has two RFM segments');

SELECT set_eq($$SELECT segment, customers, average_health, top_performer_average FROM customer_health_benchmarks$$,
              $$SELECT * FROM pg_temp.expected()$$,
              'every benchmark row equals the plain SQL computation');
SELECT is((SELECT array_agg(segment ORDER BY segment) FROM customer_health_benchmarks),
          (SELECT array_agg(DISTINCT segment::text ORDER BY segment::text) FROM customer_rfm_scores) || '{all}'::text[],
          'one row per RFM segment with scored customers, and ''all''');
SELECT is((SELECT customers FROM customer_health_benchmarks WHERE segment = 'all'), 40::bigint,
          'all: every scored customer, those without RFM scores included');
SELECT is((SELECT (customers, average_health, top_performer_average)::text FROM customer_health_benchmarks b
           JOIN customer_rfm_scores r ON r.segment::text = b.segment WHERE r.customer_id = 8700001),
          '(20,11.07,20.25)',
          'the segment of 8700001-8700020: average 11.07; the 90th percentile 19.50 is tied three times, so the top performers are 19.50 x 3 and 22.50 → 20.25');
SELECT is((SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY h.health_score::float8)
           FROM customer_health_scores h WHERE h.customer_id BETWEEN 8700001 AND 8700020), 19.5::float8,
          'that segment''s 90th percentile is the tied score');
SELECT is((SELECT calculated_at FROM customer_health_benchmarks WHERE segment = 'all'), now(),
          'calculated_at: the refresh''s time');
SELECT is((SELECT as_of FROM customer_health_benchmarks WHERE segment = 'all'), timestamptz :as_of,
          'as_of: the refresh''s as_of');

-- percentile rank
SELECT set_eq($$SELECT customer_id, percentile_rank FROM customer_health_scores$$,
              $$SELECT customer_id, round((100 * percent_rank() OVER (ORDER BY health_score))::numeric, 2)
                FROM customer_health_scores$$,
              'percentile_rank = 100 x percent_rank() over all scored customers, 2 decimals');
SELECT is((SELECT array_agg(percentile_rank) FROM customer_health_scores
           WHERE customer_id IN (8700024, 8700028)), '{0.00,0.00}'::numeric[],
          'the two lowest scores (feedback 0): 0');
SELECT is((SELECT percentile_rank FROM customer_health_scores WHERE customer_id = 8700001), 5.13,
          'the next one: 2 of 39 lower → 5.13');
SELECT is((SELECT percentile_rank FROM customer_health_scores WHERE customer_id = 8700020), 100.00,
          'the highest score: 100');
SELECT is((SELECT count(DISTINCT percentile_rank)::integer FROM customer_health_scores
           WHERE customer_id BETWEEN 8700017 AND 8700019), 1, 'tied scores share their rank');

-- the history's engagement score
SELECT is((SELECT count(*)::integer FROM customer_health_score_history hh
           JOIN customer_health_scores h USING (customer_id)
           WHERE hh.engagement_score IS NOT DISTINCT FROM h.engagement_score), 40,
          'each history row of the refresh carries the engagement score');
SELECT is((SELECT count(*)::integer FROM customer_health_score_history WHERE engagement_score IS NULL), 0,
          'none is NULL');
INSERT INTO customer_communications (customer_id, channel, direction, status)
VALUES (8700035, 'email', 'outbound', 'replied');
SELECT is(refresh_health_scores(:as_of), 1::bigint, 'a reply changes one customer');
SELECT is((SELECT array_agg(engagement_score ORDER BY id) FROM customer_health_score_history
           WHERE customer_id = 8700035), '{16.67,33.33}'::numeric[],
          'the change of engagement (communication response 50 → 100) is in the history');

-- a quiet re-run changes nothing; an emptied segment loses its row
CREATE TEMP TABLE before AS SELECT * FROM customer_health_benchmarks;
SELECT is(refresh_health_scores(:as_of), 0::bigint, 'a quiet re-run changes no health row');
SELECT set_eq($$SELECT * FROM customer_health_benchmarks$$, $$SELECT * FROM before$$,
              'and rewrites no benchmark');
DELETE FROM orders WHERE customer_id BETWEEN 8700021 AND 8700030;
SELECT refresh_rfm_scores(:as_of) > 0 AS rfm_again \gset
SELECT refresh_health_scores(:as_of) >= 0 AS health_again \gset
SELECT set_eq($$SELECT segment, customers, average_health, top_performer_average FROM customer_health_benchmarks$$,
              $$SELECT * FROM pg_temp.expected()$$,
              'customers without orders any more: their segment''s row is gone, the others recomputed');

-- where the table stands
SELECT is((SELECT kind FROM customer_scoring_citus_plan() WHERE table_name = 'customer_health_benchmarks'),
          'reference', 'Citus: a reference table');
SELECT is((SELECT privileges FROM customer_scoring_tier_tables('application')
           WHERE table_name = 'customer_health_benchmarks'), 'SELECT', 'the application tier reads it only');

SELECT * FROM finish();
ROLLBACK;
