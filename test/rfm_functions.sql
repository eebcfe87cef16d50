-- test/rfm_functions.sql — pgTAP tests of the pure RFM functions (SPEC §2,
-- §3.3): rfm_score with the standard thresholds (every recency, frequency and
-- monetary edge, whole 24-hour days independent of TimeZone), the
-- custom-threshold overload and its errors, rfm_segment over all 125 cells
-- (total, every segment reachable, equal to an independent implementation of
-- the 7 rules), and churn_risk.
-- Needs: CREATE EXTENSION pgtap; CREATE EXTENSION customer_scoring;
BEGIN;
SELECT plan(135);

SET LOCAL TimeZone = 'UTC';

-- as_of is fixed at 2025-06-30 12:00 UTC; "N days" below means N x 24 hours.

-- ---------------------------------------------------------------------------
-- recency: <= 30 -> 5, 31-60 -> 4, 61-90 -> 3, 91-180 -> 2, > 180 -> 1
-- ---------------------------------------------------------------------------

SELECT is((rfm_score(timestamptz '2025-06-30 12:00+00', 1, 0, '2025-06-30 12:00+00')).recency_score, 5,
          'recency: purchase at as_of = 5');
SELECT is((rfm_score(timestamptz '2025-06-30 12:00+00' - 30 * interval '24 hours', 1, 0, '2025-06-30 12:00+00')).recency_score, 5,
          'recency: exactly 30 days = 5');
SELECT is((rfm_score(timestamptz '2025-06-30 12:00+00' - 31 * interval '24 hours' + interval '1 second', 1, 0, '2025-06-30 12:00+00')).recency_score, 5,
          'recency: 31 days minus 1 second is 30 whole days = 5');
SELECT is((rfm_score(timestamptz '2025-06-30 12:00+00' - 31 * interval '24 hours', 1, 0, '2025-06-30 12:00+00')).recency_score, 4,
          'recency: exactly 31 days = 4');
SELECT is((rfm_score(timestamptz '2025-06-30 12:00+00' - 60 * interval '24 hours', 1, 0, '2025-06-30 12:00+00')).recency_score, 4,
          'recency: exactly 60 days = 4');
SELECT is((rfm_score(timestamptz '2025-06-30 12:00+00' - 61 * interval '24 hours' + interval '1 second', 1, 0, '2025-06-30 12:00+00')).recency_score, 4,
          'recency: 61 days minus 1 second = 4');
SELECT is((rfm_score(timestamptz '2025-06-30 12:00+00' - 61 * interval '24 hours', 1, 0, '2025-06-30 12:00+00')).recency_score, 3,
          'recency: exactly 61 days = 3');
SELECT is((rfm_score(timestamptz '2025-06-30 12:00+00' - 90 * interval '24 hours', 1, 0, '2025-06-30 12:00+00')).recency_score, 3,
          'recency: exactly 90 days = 3');
SELECT is((rfm_score(timestamptz '2025-06-30 12:00+00' - 91 * interval '24 hours' + interval '1 second', 1, 0, '2025-06-30 12:00+00')).recency_score, 3,
          'recency: 91 days minus 1 second = 3');
SELECT is((rfm_score(timestamptz '2025-06-30 12:00+00' - 91 * interval '24 hours', 1, 0, '2025-06-30 12:00+00')).recency_score, 2,
          'recency: exactly 91 days = 2');
SELECT is((rfm_score(timestamptz '2025-06-30 12:00+00' - 180 * interval '24 hours', 1, 0, '2025-06-30 12:00+00')).recency_score, 2,
          'recency: exactly 180 days = 2');
SELECT is((rfm_score(timestamptz '2025-06-30 12:00+00' - 181 * interval '24 hours' + interval '1 second', 1, 0, '2025-06-30 12:00+00')).recency_score, 2,
          'recency: 181 days minus 1 second = 2');
SELECT is((rfm_score(timestamptz '2025-06-30 12:00+00' - 181 * interval '24 hours', 1, 0, '2025-06-30 12:00+00')).recency_score, 1,
          'recency: exactly 181 days = 1');
SELECT is((rfm_score(timestamptz '2025-06-30 12:00+00' - 181 * interval '24 hours' - interval '1 microsecond', 1, 0, '2025-06-30 12:00+00')).recency_score, 1,
          'recency: 181 days plus 1 microsecond = 1');
SELECT is((rfm_score(timestamptz '2025-07-15 12:00+00', 1, 0, '2025-06-30 12:00+00')).recency_score, 5,
          'recency: a purchase after as_of counts as now = 5');
SELECT is((rfm_score(timestamptz '-infinity', 1, 0, '2025-06-30 12:00+00')).recency_score, 1,
          'recency: last_purchase -infinity = 1');
SELECT is((rfm_score(timestamptz '4713-01-01 00:00+00 BC', 1, 0, '294000-01-01 00:00+00')).recency_score, 1,
          'recency: the widest finite span does not overflow = 1');
-- whole days rounded down, made visible with a custom recency edge at 29 days
SELECT is((rfm_score(timestamptz '2025-06-30 12:00+00' - 30 * interval '24 hours' + interval '1 second', 1, 0,
                     ARRAY[29, 60, 90, 180], ARRAY[10, 7, 4, 2], ARRAY[5000, 2500, 1000, 500],
                     '2025-06-30 12:00+00')).recency_score, 5,
          'recency: 30 days minus 1 second counts as 29 days (5 when 29 is the edge)');
SELECT is((rfm_score(timestamptz '2025-06-30 12:00+00' - 30 * interval '24 hours', 1, 0,
                     ARRAY[29, 60, 90, 180], ARRAY[10, 7, 4, 2], ARRAY[5000, 2500, 1000, 500],
                     '2025-06-30 12:00+00')).recency_score, 4,
          'recency: exactly 30 days is 30 days (4 when 29 is the edge)');

-- TimeZone independence: spans across DST changes (US 2025-03-09, NZ 2025-04-06).
-- 2025-03-08 07:30 UTC -> 2025-04-08 07:00 UTC is 30 days 23.5 hours: 30 whole days.
-- 2025-03-08 06:59:59 UTC -> 2025-04-08 07:00 UTC is 31 days and 1 second.
SELECT is((rfm_score('2025-03-08 07:30+00', 1, 0, '2025-04-08 07:00+00')).recency_score, 5,
          'TimeZone UTC: 30 days 23.5 hours = 5');
SELECT is((rfm_score('2025-03-08 06:59:59+00', 1, 0, '2025-04-08 07:00+00')).recency_score, 4,
          'TimeZone UTC: 31 days 1 second = 4');
SET LOCAL TimeZone = 'America/Los_Angeles';
SELECT is((rfm_score('2025-03-08 07:30+00', 1, 0, '2025-04-08 07:00+00')).recency_score, 5,
          'TimeZone America/Los_Angeles: 30 days 23.5 hours across the DST change = 5');
SELECT is((rfm_score('2025-03-08 06:59:59+00', 1, 0, '2025-04-08 07:00+00')).recency_score, 4,
          'TimeZone America/Los_Angeles: 31 days 1 second across the DST change = 4');
SELECT is((rfm_score('2025-03-09 07:30+00', 1, 0, as_of => '2025-04-08 07:00+00',
                     recency_days => ARRAY[29, 60, 90, 180], frequency_counts => ARRAY[10, 7, 4, 2],
                     monetary_amounts => ARRAY[5000, 2500, 1000, 500])).recency_score, 5,
          'TimeZone America/Los_Angeles: 29 days 23.5 hours is 29 days, not a local-calendar 30');
SELECT is(rfm_score('2025-03-01 10:00+00', 3, 750, '2025-06-30 12:00+00')::text,
          '(2,2,2,222,6,Lost)',
          'TimeZone America/Los_Angeles: a whole rfm composite');
SET LOCAL TimeZone = 'Pacific/Auckland';
SELECT is((rfm_score('2025-03-08 07:30+00', 1, 0, '2025-04-08 07:00+00')).recency_score, 5,
          'TimeZone Pacific/Auckland: 30 days 23.5 hours across the DST change = 5');
SELECT is((rfm_score('2025-03-08 06:59:59+00', 1, 0, '2025-04-08 07:00+00')).recency_score, 4,
          'TimeZone Pacific/Auckland: 31 days 1 second across the DST change = 4');
SELECT is((rfm_score('2025-03-09 07:30+00', 1, 0, as_of => '2025-04-08 07:00+00',
                     recency_days => ARRAY[29, 60, 90, 180], frequency_counts => ARRAY[10, 7, 4, 2],
                     monetary_amounts => ARRAY[5000, 2500, 1000, 500])).recency_score, 5,
          'TimeZone Pacific/Auckland: 29 days 23.5 hours is 29 days');
SELECT is(rfm_score('2025-03-01 10:00+00', 3, 750, '2025-06-30 12:00+00')::text,
          '(2,2,2,222,6,Lost)',
          'TimeZone Pacific/Auckland: the same whole rfm composite');
SET LOCAL TimeZone = 'UTC';

-- ---------------------------------------------------------------------------
-- frequency: >= 10 -> 5, 7-9 -> 4, 4-6 -> 3, 2-3 -> 2, 1 -> 1
-- ---------------------------------------------------------------------------

SELECT is((rfm_score('2025-06-30 12:00+00', 1, 0, '2025-06-30 12:00+00')).frequency_score, 1, 'frequency: 1 purchase = 1');
SELECT is((rfm_score('2025-06-30 12:00+00', 2, 0, '2025-06-30 12:00+00')).frequency_score, 2, 'frequency: 2 purchases = 2');
SELECT is((rfm_score('2025-06-30 12:00+00', 3, 0, '2025-06-30 12:00+00')).frequency_score, 2, 'frequency: 3 purchases = 2');
SELECT is((rfm_score('2025-06-30 12:00+00', 4, 0, '2025-06-30 12:00+00')).frequency_score, 3, 'frequency: 4 purchases = 3');
SELECT is((rfm_score('2025-06-30 12:00+00', 6, 0, '2025-06-30 12:00+00')).frequency_score, 3, 'frequency: 6 purchases = 3');
SELECT is((rfm_score('2025-06-30 12:00+00', 7, 0, '2025-06-30 12:00+00')).frequency_score, 4, 'frequency: 7 purchases = 4');
SELECT is((rfm_score('2025-06-30 12:00+00', 9, 0, '2025-06-30 12:00+00')).frequency_score, 4, 'frequency: 9 purchases = 4');
SELECT is((rfm_score('2025-06-30 12:00+00', 10, 0, '2025-06-30 12:00+00')).frequency_score, 5, 'frequency: 10 purchases = 5');
SELECT is((rfm_score('2025-06-30 12:00+00', 2147483647, 0, '2025-06-30 12:00+00')).frequency_score, 5, 'frequency: 2147483647 purchases = 5');

-- ---------------------------------------------------------------------------
-- monetary: >= 5000 -> 5, >= 2500 -> 4, >= 1000 -> 3, >= 500 -> 2, else 1
-- ---------------------------------------------------------------------------

SELECT is((rfm_score('2025-06-30 12:00+00', 1, 0, '2025-06-30 12:00+00')).monetary_score, 1, 'monetary: 0 = 1');
SELECT is((rfm_score('2025-06-30 12:00+00', 1, 499.99, '2025-06-30 12:00+00')).monetary_score, 1, 'monetary: 499.99 = 1');
SELECT is((rfm_score('2025-06-30 12:00+00', 1, 500, '2025-06-30 12:00+00')).monetary_score, 2, 'monetary: 500 = 2');
SELECT is((rfm_score('2025-06-30 12:00+00', 1, 999.99, '2025-06-30 12:00+00')).monetary_score, 2, 'monetary: 999.99 = 2');
SELECT is((rfm_score('2025-06-30 12:00+00', 1, 1000, '2025-06-30 12:00+00')).monetary_score, 3, 'monetary: 1000 = 3');
SELECT is((rfm_score('2025-06-30 12:00+00', 1, 2499.99, '2025-06-30 12:00+00')).monetary_score, 3, 'monetary: 2499.99 = 3');
SELECT is((rfm_score('2025-06-30 12:00+00', 1, 2500, '2025-06-30 12:00+00')).monetary_score, 4, 'monetary: 2500 = 4');
SELECT is((rfm_score('2025-06-30 12:00+00', 1, 4999.99, '2025-06-30 12:00+00')).monetary_score, 4, 'monetary: 4999.99 = 4');
SELECT is((rfm_score('2025-06-30 12:00+00', 1, 4999.999, '2025-06-30 12:00+00')).monetary_score, 4, 'monetary: 4999.999 = 4 (not rounded up)');
SELECT is((rfm_score('2025-06-30 12:00+00', 1, 4999.99999999999999, '2025-06-30 12:00+00')).monetary_score, 4, 'monetary: 4999.99999999999999 = 4');
SELECT is((rfm_score('2025-06-30 12:00+00', 1, 5000, '2025-06-30 12:00+00')).monetary_score, 5, 'monetary: 5000 = 5');
SELECT is((rfm_score('2025-06-30 12:00+00', 1, 5000.00::numeric(12,2), '2025-06-30 12:00+00')).monetary_score, 5, 'monetary: 5000.00 as numeric(12,2) = 5');
SELECT is((rfm_score('2025-06-30 12:00+00', 1, 1e30, '2025-06-30 12:00+00')).monetary_score, 5, 'monetary: 1e30 = 5, no overflow');

-- NULL, zero and bad inputs
SELECT ok(rfm_score('2025-06-30 12:00+00', 0, 0, '2025-06-30 12:00+00') IS NULL,
          'rfm_score: purchase_count 0 gives NULL');
SELECT ok(rfm_score('2025-06-30 12:00+00', 0, 0, ARRAY[7, 14, 30, 60], ARRAY[20, 10, 5, 2],
                    ARRAY[1000, 500, 100, 50], '2025-06-30 12:00+00') IS NULL,
          'rfm_score (custom thresholds): purchase_count 0 gives NULL');
SELECT ok(rfm_score(NULL, 3, 100, '2025-06-30 12:00+00') IS NULL, 'rfm_score: NULL last_purchase gives NULL');
SELECT ok(rfm_score('2025-06-30 12:00+00', NULL, 100, '2025-06-30 12:00+00') IS NULL, 'rfm_score: NULL purchase_count gives NULL');
SELECT throws_ok($$SELECT rfm_score('2025-06-30 12:00+00', -1, 100, '2025-06-30 12:00+00')$$,
                 '22023', 'purchase_count must not be negative', 'rfm_score: negative purchase_count is rejected');
SELECT throws_ok($$SELECT rfm_score('2025-06-30 12:00+00', 1, -0.01, '2025-06-30 12:00+00')$$,
                 '22023', 'total_spent must not be negative', 'rfm_score: total_spent -0.01 is rejected');
SELECT throws_ok($$SELECT rfm_score('2025-06-30 12:00+00', 1, -0.0001, '2025-06-30 12:00+00')$$,
                 '22023', 'total_spent must not be negative', 'rfm_score: total_spent -0.0001 is rejected');
SELECT throws_ok($$SELECT rfm_score('2025-06-30 12:00+00', 1, 'NaN'::numeric, '2025-06-30 12:00+00')$$,
                 '22023', 'total_spent must not be NaN', 'rfm_score: NaN total_spent is rejected');
SELECT throws_ok($$SELECT rfm_score('2025-06-30 12:00+00', 1, 'Infinity'::numeric, '2025-06-30 12:00+00')$$,
                 '22023', 'total_spent must be finite', 'rfm_score: infinite total_spent is rejected');

-- whole composites and their consistency
SELECT results_eq(
    $$SELECT * FROM rfm_score('2025-06-20 12:00+00', 12, 6000, '2025-06-30 12:00+00')$$,
    $$VALUES (5, 5, 5, '555'::text, 15, 'Champions'::rfm_segment)$$,
    'rfm_score: 10 days, 12 purchases, 6000 = (5, 5, 5, 555, 15, Champions)');
SELECT results_eq(
    $$SELECT * FROM rfm_score(last_purchase => '2024-06-30 12:00+00', purchase_count => 5,
                              total_spent => 1200.50, as_of => '2025-06-30 12:00+00')$$,
    $$VALUES (1, 3, 3, '133'::text, 7, 'At Risk'::rfm_segment)$$,
    'rfm_score (named arguments): a year ago, 5 purchases, 1200.50 = (1, 3, 3, 133, 7, At Risk)');
SELECT is((rfm_score(now() - interval '40 days', 1, 0)).recency_score, 4,
          'rfm_score: as_of defaults to now()');

CREATE TEMP TABLE rfm_grid ON COMMIT DROP AS
SELECT d, c, t, s.*
  FROM (VALUES (0), (30), (31), (60), (61), (90), (91), (180), (181), (400)) AS dd(d),
       (VALUES (1), (2), (4), (7), (10)) AS cc(c),
       (VALUES (0::numeric), (500), (1000), (2500), (5000)) AS tt(t),
       LATERAL rfm_score(timestamptz '2025-06-30 12:00+00' - d * interval '24 hours', c, t,
                         '2025-06-30 12:00+00') AS s;
SELECT is((SELECT count(*)::int FROM rfm_grid
            WHERE rfm_cell IS DISTINCT FROM recency_score::text || frequency_score::text || monetary_score::text), 0,
          'rfm_score: rfm_cell is the three digits R, F, M on a grid of 250');
SELECT is((SELECT count(*)::int FROM rfm_grid
            WHERE rfm_total IS DISTINCT FROM recency_score + frequency_score + monetary_score), 0,
          'rfm_score: rfm_total = R + F + M on the grid');
SELECT is((SELECT count(*)::int FROM rfm_grid
            WHERE segment IS DISTINCT FROM rfm_segment(recency_score, frequency_score, monetary_score)), 0,
          'rfm_score: segment = rfm_segment(R, F, M) on the grid');
SELECT is((SELECT count(DISTINCT rfm_cell)::int FROM rfm_grid), 125,
          'rfm_score: the grid reaches all 125 cells');

-- ---------------------------------------------------------------------------
-- custom thresholds: recency {7,14,30,60}, frequency {20,10,5,2}, monetary {1000,500,100,50}
-- ---------------------------------------------------------------------------

SELECT results_eq(
    $$SELECT * FROM rfm_score('2025-06-23 12:00+00', 20, 1000, ARRAY[7, 14, 30, 60],
                              ARRAY[20, 10, 5, 2], ARRAY[1000, 500, 100, 50], '2025-06-30 12:00+00')$$,
    $$VALUES (5, 5, 5, '555'::text, 15, 'Champions'::rfm_segment)$$,
    'custom: 7 days, 20 purchases, 1000 = 555 Champions');
SELECT results_eq(
    $$SELECT * FROM rfm_score(last_purchase => '2025-06-22 12:00+00', purchase_count => 19,
                              total_spent => 999.99, recency_days => ARRAY[7, 14, 30, 60],
                              frequency_counts => ARRAY[20, 10, 5, 2],
                              monetary_amounts => ARRAY[1000, 500, 100, 50],
                              as_of => '2025-06-30 12:00+00')$$,
    $$VALUES (4, 4, 4, '444'::text, 12, 'Champions'::rfm_segment)$$,
    'custom (named arguments): 8 days, 19 purchases, 999.99 = 444');
SELECT results_eq(
    $$SELECT recency_score, frequency_score, monetary_score
        FROM (VALUES (14, 10, 500::numeric), (15, 9, 499.99), (30, 5, 100),
                     (31, 4, 99.99), (60, 2, 50), (61, 1, 49.99)) AS v(d, c, t),
             LATERAL rfm_score(timestamptz '2025-06-30 12:00+00' - d * interval '24 hours', c, t,
                               ARRAY[7, 14, 30, 60], ARRAY[20, 10, 5, 2], ARRAY[1000, 500, 100, 50],
                               '2025-06-30 12:00+00')$$,
    $$VALUES (4, 4, 4), (3, 3, 3), (3, 3, 3), (2, 2, 2), (2, 2, 2), (1, 1, 1)$$,
    'custom: every edge of the custom thresholds on both sides');
SELECT is((rfm_score('2025-06-30 12:00+00', 1, 1000.005, ARRAY[7, 14, 30, 60], ARRAY[20, 10, 5, 2],
                     ARRAY[1000.005, 500, 100, 50], '2025-06-30 12:00+00')).monetary_score, 5,
          'custom: a total equal to a 3-decimal monetary edge (1000.005 >= 1000.005) = 5');
SELECT is((rfm_score('2025-06-30 12:00+00', 1, 1000.009, ARRAY[7, 14, 30, 60], ARRAY[20, 10, 5, 2],
                     ARRAY[1000.005, 500, 100, 50], '2025-06-30 12:00+00')).monetary_score, 5,
          'custom: a total above a 3-decimal monetary edge (1000.009 >= 1000.005) = 5');
SELECT is((rfm_score('2025-06-30 12:00+00', 1, 1000.004, ARRAY[7, 14, 30, 60], ARRAY[20, 10, 5, 2],
                     ARRAY[1000.005, 500, 100, 50], '2025-06-30 12:00+00')).monetary_score, 4,
          'custom: a total below a 3-decimal monetary edge (1000.004 < 1000.005) = 4');
SELECT is((rfm_score('2025-06-30 12:00+00', 1, 1000.01, ARRAY[7, 14, 30, 60], ARRAY[20, 10, 5, 2],
                     ARRAY[1000.005, 500, 100, 50], '2025-06-30 12:00+00')).monetary_score, 5,
          'custom: 1000.01 >= 1000.005 = 5');
SELECT throws_ok($$SELECT rfm_score('2025-06-30 12:00+00', 1, 0, ARRAY[7, 14, 30], ARRAY[20, 10, 5, 2],
                                    ARRAY[1000, 500, 100, 50], '2025-06-30 12:00+00')$$,
                 '22023', 'recency_days must have 4 elements, not 3', 'custom: 3 recency edges are rejected');
SELECT throws_ok($$SELECT rfm_score('2025-06-30 12:00+00', 1, 0, ARRAY[7, 14, 30, 60], ARRAY[20, 10, 5, 2, 1],
                                    ARRAY[1000, 500, 100, 50], '2025-06-30 12:00+00')$$,
                 '22023', 'frequency_counts must have 4 elements, not 5', 'custom: 5 frequency edges are rejected');
SELECT throws_ok($$SELECT rfm_score('2025-06-30 12:00+00', 1, 0, ARRAY[7, 14, 30, 60], ARRAY[20, 10, 5, 2],
                                    '{}'::numeric[], '2025-06-30 12:00+00')$$,
                 '22023', 'monetary_amounts must have 4 elements, not 0', 'custom: no monetary edges are rejected');
SELECT throws_ok($$SELECT rfm_score('2025-06-30 12:00+00', 1, 0, ARRAY[7, 7, 30, 60], ARRAY[20, 10, 5, 2],
                                    ARRAY[1000, 500, 100, 50], '2025-06-30 12:00+00')$$,
                 '22023', 'recency_days must be strictly increasing', 'custom: equal recency edges are rejected');
SELECT throws_ok($$SELECT rfm_score('2025-06-30 12:00+00', 1, 0, ARRAY[60, 30, 14, 7], ARRAY[20, 10, 5, 2],
                                    ARRAY[1000, 500, 100, 50], '2025-06-30 12:00+00')$$,
                 '22023', 'recency_days must be strictly increasing', 'custom: decreasing recency edges are rejected');
SELECT throws_ok($$SELECT rfm_score('2025-06-30 12:00+00', 1, 0, ARRAY[7, 14, 30, 60], ARRAY[2, 5, 10, 20],
                                    ARRAY[1000, 500, 100, 50], '2025-06-30 12:00+00')$$,
                 '22023', 'frequency_counts must be strictly decreasing', 'custom: increasing frequency edges are rejected');
SELECT throws_ok($$SELECT rfm_score('2025-06-30 12:00+00', 1, 0, ARRAY[7, 14, 30, 60], ARRAY[20, 10, 5, 2],
                                    ARRAY[1000, 500, 500, 50], '2025-06-30 12:00+00')$$,
                 '22023', 'monetary_amounts must be strictly decreasing', 'custom: equal monetary edges are rejected');
SELECT throws_ok($$SELECT rfm_score('2025-06-30 12:00+00', 1, 0, ARRAY[7, NULL, 30, 60], ARRAY[20, 10, 5, 2],
                                    ARRAY[1000, 500, 100, 50], '2025-06-30 12:00+00')$$,
                 '22004', 'recency_days must not contain nulls', 'custom: a NULL recency edge is rejected');
SELECT throws_ok($$SELECT rfm_score('2025-06-30 12:00+00', 1, 0, ARRAY[7, 14, 30, 60], ARRAY[20, 10, 5, NULL],
                                    ARRAY[1000, 500, 100, 50], '2025-06-30 12:00+00')$$,
                 '22004', 'frequency_counts must not contain nulls', 'custom: a NULL frequency edge is rejected');
SELECT throws_ok($$SELECT rfm_score('2025-06-30 12:00+00', 1, 0, ARRAY[7, 14, 30, 60], ARRAY[20, 10, 5, 2],
                                    ARRAY[NULL, 500, 100, 50]::numeric[], '2025-06-30 12:00+00')$$,
                 '22004', 'monetary_amounts must not contain nulls', 'custom: a NULL monetary edge is rejected');
SELECT throws_ok($$SELECT rfm_score('2025-06-30 12:00+00', 1, 0, ARRAY[-7, 14, 30, 60], ARRAY[20, 10, 5, 2],
                                    ARRAY[1000, 500, 100, 50], '2025-06-30 12:00+00')$$,
                 '22023', 'recency_days must not contain negative values', 'custom: a negative recency edge is rejected');
SELECT throws_ok($$SELECT rfm_score('2025-06-30 12:00+00', 1, 0, ARRAY[[7, 14], [30, 60]], ARRAY[20, 10, 5, 2],
                                    ARRAY[1000, 500, 100, 50], '2025-06-30 12:00+00')$$,
                 '22023', 'recency_days must be a one-dimensional array', 'custom: a 2-D recency array is rejected');
SELECT throws_ok($$SELECT rfm_score('2025-06-30 12:00+00', 1, 0, ARRAY[7, 14, 30, 60], ARRAY[20, 10, 5, 2],
                                    '{1000,500,100,NaN}'::numeric[], '2025-06-30 12:00+00')$$,
                 '22023', 'monetary_amounts must not be NaN', 'custom: a NaN monetary edge is rejected');

-- ---------------------------------------------------------------------------
-- rfm_segment: all 125 cells
-- ---------------------------------------------------------------------------

SELECT is((SELECT count(rfm_segment(r, f, m))::int
             FROM generate_series(1, 5) AS r, generate_series(1, 5) AS f, generate_series(1, 5) AS m), 125,
          'rfm_segment: every one of the 125 cells has a segment');
SELECT results_eq(
    $$SELECT DISTINCT rfm_segment(r, f, m)
        FROM generate_series(1, 5) AS r, generate_series(1, 5) AS f, generate_series(1, 5) AS m
       ORDER BY 1$$,
    $$SELECT unnest(enum_range(NULL::rfm_segment)) ORDER BY 1$$,
    'rfm_segment: every one of the 7 segments is reached');
SELECT is((SELECT count(*)::int
             FROM generate_series(1, 5) AS r, generate_series(1, 5) AS f, generate_series(1, 5) AS m
            WHERE rfm_segment(r, f, m) IS DISTINCT FROM
                  (CASE
                     WHEN r >= 4 AND f >= 4 AND m >= 4 THEN 'Champions'
                     WHEN m = 5 AND r >= 3             THEN 'VIP'
                     WHEN f >= 4 AND r >= 3            THEN 'Loyal Customers'
                     WHEN f = 1 AND r >= 4             THEN 'New Customers'
                     WHEN r >= 3                       THEN 'Potential Loyalists'
                     WHEN f >= 3 OR m >= 3             THEN 'At Risk'
                     ELSE 'Lost'
                   END)::rfm_segment), 0,
          'rfm_segment: 0 mismatches against an independent CASE of the 7 SPEC rules');
SELECT results_eq(
    $$SELECT rfm_segment(r, f, m)::text, count(*)::int
        FROM generate_series(1, 5) AS r, generate_series(1, 5) AS f, generate_series(1, 5) AS m
       GROUP BY 1 ORDER BY 1$$,
    $$VALUES ('At Risk', 42), ('Champions', 8), ('Lost', 8), ('Loyal Customers', 20),
             ('New Customers', 8), ('Potential Loyalists', 28), ('VIP', 11)$$,
    'rfm_segment: cells per segment (8 Champions, 11 VIP, 20 Loyal, 8 New, 28 Potential, 42 At Risk, 8 Lost)');
SELECT is(rfm_segment(5, 5, 5), 'Champions'::rfm_segment,           'rfm_segment 555 = Champions');
SELECT is(rfm_segment(4, 4, 4), 'Champions'::rfm_segment,           'rfm_segment 444 = Champions');
SELECT is(rfm_segment(3, 5, 5), 'VIP'::rfm_segment,                 'rfm_segment 355 = VIP (R < 4)');
SELECT is(rfm_segment(5, 1, 5), 'VIP'::rfm_segment,                 'rfm_segment 515 = VIP (before New Customers)');
SELECT is(rfm_segment(3, 5, 2), 'Loyal Customers'::rfm_segment,     'rfm_segment 352 = Loyal Customers');
SELECT is(rfm_segment(5, 4, 1), 'Loyal Customers'::rfm_segment,     'rfm_segment 541 = Loyal Customers (M < 4)');
SELECT is(rfm_segment(5, 1, 2), 'New Customers'::rfm_segment,       'rfm_segment 512 = New Customers');
SELECT is(rfm_segment(4, 1, 4), 'New Customers'::rfm_segment,       'rfm_segment 414 = New Customers');
SELECT is(rfm_segment(3, 1, 2), 'Potential Loyalists'::rfm_segment, 'rfm_segment 312 = Potential Loyalists (R < 4)');
SELECT is(rfm_segment(5, 3, 3), 'Potential Loyalists'::rfm_segment, 'rfm_segment 533 = Potential Loyalists');
SELECT is(rfm_segment(2, 5, 5), 'At Risk'::rfm_segment,             'rfm_segment 255 = At Risk');
SELECT is(rfm_segment(1, 3, 1), 'At Risk'::rfm_segment,             'rfm_segment 131 = At Risk (F >= 3)');
SELECT is(rfm_segment(2, 1, 3), 'At Risk'::rfm_segment,             'rfm_segment 213 = At Risk (M >= 3)');
SELECT is(rfm_segment(2, 2, 2), 'Lost'::rfm_segment,                'rfm_segment 222 = Lost');
SELECT is(rfm_segment(1, 1, 1), 'Lost'::rfm_segment,                'rfm_segment 111 = Lost');
SELECT is(rfm_segment(recency_score => 1, frequency_score => 2, monetary_score => 1), 'Lost'::rfm_segment,
          'rfm_segment with named arguments 121 = Lost');
SELECT is(rfm_segment(NULL, 1, 1), NULL::rfm_segment, 'rfm_segment with a NULL score is NULL');
SELECT throws_ok('SELECT rfm_segment(0, 1, 1)', '22003', 'recency_score must be between 1 and 5',
                 'rfm_segment: recency_score 0 is rejected');
SELECT throws_ok('SELECT rfm_segment(6, 1, 1)', '22003', 'recency_score must be between 1 and 5',
                 'rfm_segment: recency_score 6 is rejected');
SELECT throws_ok('SELECT rfm_segment(1, 0, 1)', '22003', 'frequency_score must be between 1 and 5',
                 'rfm_segment: frequency_score 0 is rejected');
SELECT throws_ok('SELECT rfm_segment(1, 1, 6)', '22003', 'monetary_score must be between 1 and 5',
                 'rfm_segment: monetary_score 6 is rejected');
SELECT is(enum_range(NULL::rfm_segment),
          ARRAY['Lost', 'At Risk', 'New Customers', 'Potential Loyalists', 'Loyal Customers',
                'VIP', 'Champions']::rfm_segment[],
          'rfm_segment enum sorts worst first (SPEC order)');

-- ---------------------------------------------------------------------------
-- churn_risk: 1 - e^(-max(0, t - mu) / mu), mu = 90 with fewer than 2 purchases
-- ---------------------------------------------------------------------------

SELECT is(churn_risk(30, 5, 45), 0::float8, 'churn_risk: t < mu = 0');
SELECT is(churn_risk(45, 5, 45), 0::float8, 'churn_risk: t = mu = 0');
SELECT is(churn_risk(0, 5, 45), 0::float8, 'churn_risk: t = 0 = 0');
SELECT ok(abs(churn_risk(90, 5, 45) - (1 - exp(-1::float8))) < 1e-12,
          'churn_risk: t = 2 mu = 1 - e^-1 (0.632...)');
SELECT ok(abs(churn_risk(135, 5, 45) - (1 - exp(-2::float8))) < 1e-12,
          'churn_risk: t = 3 mu = 1 - e^-2 (0.865...)');
SELECT ok(abs(churn_risk(60, 2, 30.5) - (1 - exp(-(60 - 30.5) / 30.5::float8))) < 1e-12,
          'churn_risk: a fractional average interval');
SELECT ok(churn_risk(46, 5, 45) > 0 AND churn_risk(46, 5, 45) < churn_risk(47, 5, 45),
          'churn_risk: rises once the usual interval has passed');
SELECT ok(abs(churn_risk(180, 1, 10) - (1 - exp(-1::float8))) < 1e-12,
          'churn_risk: 1 purchase ignores the average and uses 90 days');
SELECT ok(abs(churn_risk(180, 0, NULL) - (1 - exp(-1::float8))) < 1e-12,
          'churn_risk: 0 purchases uses 90 days');
SELECT is(churn_risk(90, 1), 0::float8, 'churn_risk: 1 purchase, 90 days (default average) = 0');
SELECT ok(abs(churn_risk(days_since_last_purchase => 270, purchase_count => 1) - (1 - exp(-2::float8))) < 1e-12,
          'churn_risk: named arguments, 1 purchase, 270 days = 1 - e^-2');
SELECT ok(abs(churn_risk(180, 3, NULL) - (1 - exp(-1::float8))) < 1e-12,
          'churn_risk: NULL average uses 90 days');
SELECT ok(abs(churn_risk(180, 3, 0) - (1 - exp(-1::float8))) < 1e-12,
          'churn_risk: average 0 uses 90 days');
SELECT ok(abs(churn_risk(180, 3, -5) - (1 - exp(-1::float8))) < 1e-12,
          'churn_risk: negative average uses 90 days');
SELECT is(churn_risk(NULL, 3, 30), NULL::float8, 'churn_risk: NULL days gives NULL');
SELECT is(churn_risk(100, NULL, 30), NULL::float8, 'churn_risk: NULL purchase_count gives NULL');
SELECT ok(churn_risk(2147483647, 1) BETWEEN 0 AND 1, 'churn_risk: 2147483647 days stays within [0, 1]');
SELECT ok(churn_risk(2147483647, 5, 0.001) BETWEEN 0 AND 1, 'churn_risk: a tiny average stays within [0, 1]');
SELECT throws_ok('SELECT churn_risk(-1, 3, 30)', '22023', 'days_since_last_purchase must not be negative',
                 'churn_risk: negative days is rejected');
SELECT throws_ok('SELECT churn_risk(10, -1, 30)', '22023', 'purchase_count must not be negative',
                 'churn_risk: negative purchase_count is rejected');
SELECT throws_ok($$SELECT churn_risk(10, 3, 'NaN'::numeric)$$, '22023', 'avg_days_between_purchases must not be NaN',
                 'churn_risk: NaN average is rejected');
SELECT throws_ok($$SELECT churn_risk(10, 3, 'Infinity'::numeric)$$, '22023', 'avg_days_between_purchases must be finite',
                 'churn_risk: infinite average is rejected');

SELECT * FROM finish();
ROLLBACK;
