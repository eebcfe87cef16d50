-- rfm: recency / frequency / monetary scores, segments, churn risk (SPEC §3.3).
-- recency: whole 24-hour periods, edges on both sides
SELECT days, (rfm_score('2025-06-30 12:00+00'::timestamptz - days * interval '1 day', 1, 100,
                        '2025-06-30 12:00+00')).recency_score
FROM unnest('{0,30,31,60,61,90,91,180,181}'::int[]) AS days;
-- 31 days minus a second is 30 whole days
SELECT (rfm_score('2025-05-30 12:00:01+00', 1, 100, '2025-06-30 12:00+00')).recency_score;
-- the session's time zone does not matter
SET TimeZone = 'Pacific/Auckland';
SELECT rfm_score('2025-03-01 00:00+00', 3, 700, '2025-05-30 00:00+00');
SET TimeZone = 'America/Los_Angeles';
SELECT rfm_score('2025-03-01 00:00+00', 3, 700, '2025-05-30 00:00+00');
RESET TimeZone;
-- frequency and monetary edges
SELECT n, (rfm_score('2025-06-30', n, 100, '2025-06-30')).frequency_score
FROM unnest('{1,2,3,4,6,7,9,10,2147483647}'::int[]) AS n;
SELECT amount, (rfm_score('2025-06-30', 1, amount, '2025-06-30')).monetary_score
FROM unnest('{0,499.99,500,999.99,1000,2499.99,2500,4999.99,4999.999,5000,1e20}'::numeric[]) AS amount;
SELECT * FROM rfm_score('2025-06-01', 12, 7300.50, '2025-06-30');
SELECT rfm_score('2025-06-01', 0, 0, '2025-06-30') IS NULL AS no_purchases;
-- bad input
SELECT rfm_score('2025-06-01', -1, 0, '2025-06-30');
SELECT rfm_score('2025-06-01', 1, -0.01, '2025-06-30');
SELECT rfm_score('2025-06-01', 1, 'NaN', '2025-06-30');
-- custom thresholds
SELECT * FROM rfm_score('2025-06-20', 12, 600, '{7,14,30,60}', '{20,10,5,2}', '{1000,500,100,50}',
                        '2025-06-30');
SELECT rfm_score('2025-06-20', 12, 600, '{7,14,30}', '{20,10,5,2}', '{1000,500,100,50}', '2025-06-30');
SELECT rfm_score('2025-06-20', 12, 600, '{7,14,14,60}', '{20,10,5,2}', '{1000,500,100,50}', '2025-06-30');
SELECT rfm_score('2025-06-20', 12, 600, '{7,14,30,60}', '{20,10,10,2}', '{1000,500,100,50}', '2025-06-30');
SELECT rfm_score('2025-06-20', 12, 600, '{7,14,30,60}', '{20,10,5,2}', '{1000,NULL,100,50}', '2025-06-30');

-- segments: all 125 cells get one, and every segment is reached
SELECT rfm_segment(r, f, m) AS segment, count(*)
FROM generate_series(1, 5) r, generate_series(1, 5) f, generate_series(1, 5) m
GROUP BY 1 ORDER BY 1;
SELECT rfm_segment(5, 5, 5), rfm_segment(3, 2, 5), rfm_segment(3, 4, 2),
       rfm_segment(5, 1, 1), rfm_segment(3, 1, 1), rfm_segment(2, 3, 1), rfm_segment(1, 2, 2);
SELECT rfm_segment(0, 1, 1);
SELECT rfm_segment(1, 6, 1);

-- churn risk: zero until the usual interval has passed, 1 - 1/e at twice it
SELECT churn_risk(90, 1), churn_risk(180, 1), churn_risk(270, 1),
       round(churn_risk(60, 4, 30)::numeric, 6), churn_risk(29, 4, 30),
       churn_risk(180, 4, NULL), churn_risk(180, 4, 0), churn_risk(180, 4, -5);
SELECT churn_risk(NULL, 1), churn_risk(10, NULL);
SELECT churn_risk(-1, 1);
SELECT churn_risk(1, -1);
SELECT churn_risk(1, 3, 'NaN');
-- custom monetary edges with more decimals than cents compare exactly
SELECT total, (rfm_score('2025-06-30', 1, total, '{30,60,90,180}', '{10,7,4,2}',
                         '{1000.005,500,100,50.0000000001}', '2025-06-30')).monetary_score
FROM unnest('{1000.004,1000.005,1000.009,50,50.0000000001}'::numeric[]) AS total;
