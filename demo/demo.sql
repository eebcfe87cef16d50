-- demo/demo.sql — what a sales manager looks at in the morning.
\set QUIET on
\pset footer off
\echo 'Loading the deterministic demo data set (2,000 customers, events, orders, leads) ...'
\ir data.sql
\echo

\echo '== Hot prospects: hot and scorching, warmest first =='
SELECT c.name, cw.overall_warmth_score AS score, cw.warmth_level AS level,
       cw.purchase_probability AS "probability %", cw.confidence_level AS "confidence %",
       cw.last_engagement_type AS last_engagement, cw.predicted_purchase_value AS deal_value
FROM customer_warmth cw JOIN customers c ON cw.customer_id = c.id
WHERE cw.warmth_level IN ('hot', 'scorching') AND cw.is_active
ORDER BY cw.overall_warmth_score DESC, c.id
LIMIT 10;

\echo '== Pipeline by warmth level =='
SELECT warmth_level, customer_count, avg_warmth_score, avg_deal_size, total_pipeline_value,
       share_of_customers
FROM warmth_pipeline ORDER BY warmth_level DESC;

\echo '== 30-day warmth trend of the warmest prospect =='
SELECT t.trend_date, t.avg_daily_score, t.change_triggers
FROM warmth_trends t
WHERE t.customer_id = (SELECT customer_id FROM customer_warmth
                       ORDER BY overall_warmth_score DESC NULLS LAST, customer_id LIMIT 1)
ORDER BY t.trend_date DESC
LIMIT 12;

\echo '== Why is the warmest prospect engaged? (explain_engagement) =='
SELECT engagement_type, occurred_at::date AS day, age_days, contribution
FROM explain_engagement((SELECT customer_id FROM customer_warmth
                         ORDER BY overall_warmth_score DESC NULLS LAST, customer_id LIMIT 1));

\echo '== Burning and hot real-estate leads =='
SELECT name, lead_score, temperature, qr_scan_count AS qr, catalog_views AS views,
       messages_count AS msgs, has_voice_message AS voice
FROM leads WHERE temperature >= 'hot'
ORDER BY lead_score DESC, id LIMIT 8;

\echo '== RFM segment distribution (from completed orders) =='
SELECT (r).segment, count(*) AS customers,
       round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS "share %"
FROM (SELECT rfm_score(max(ordered_at), count(*)::int, sum(total_amount), now()) AS r
      FROM orders WHERE status = 'completed' GROUP BY customer_id) s
GROUP BY 1 ORDER BY 1 DESC;
