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
       share_of_customers AS "share %", bar
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

\echo '== Today''s call list: who to call, what to offer, when =='
SELECT customer_name, phone, customer_temperature AS temp, call_priority_score AS priority,
       offer_type, best_call_time, recommended_products, next_action
FROM ai_call_recommendations
ORDER BY call_priority_score DESC, lifetime_value DESC, customer_id
LIMIT 10;

\echo '== Birthdays and anniversaries this week =='
SELECT days_until_event AS in_days, next_occurrence AS on_date, event_type, person_name,
       relationship, customer_name, phone
FROM upcoming_birthdays_anniversaries
WHERE days_until_event <= 7
ORDER BY days_until_event, customer_id, person_name
LIMIT 12;

\echo '== RFM segment distribution =='
SELECT segment, customers, share_percent AS "share %", avg_total_spent, avg_churn_risk, bar
FROM rfm_segment_distribution ORDER BY segment DESC;

\echo '== Customer health overview =='
SELECT health_level, customers, share_percent AS "share %", avg_health_score, avg_churn_risk,
       avg_profile_completeness AS "profile %", bar
FROM health_score_overview ORDER BY health_level DESC;

\echo '== Lifecycle of the customer base =='
SELECT lifecycle_stage, count(*) AS customers,
       text_bar(100.0 * count(*) / sum(count(*)) OVER ()) AS bar
FROM customers GROUP BY 1 ORDER BY 1;

-- The morning after: five of the healthiest customers cancelled their recent
-- orders, and the nightly RFM and health refreshes saw their scores fall.  The alert
-- trigger recorded each fall (and published it on the NOTIFY channel
-- customer_scoring_alerts).
UPDATE orders SET status = 'cancelled'
WHERE customer_id IN (SELECT customer_id FROM customer_health_scores
                      ORDER BY health_score DESC, customer_id LIMIT 5)
  AND status = 'completed' AND ordered_at > now() - interval '90 days';
SELECT refresh_rfm_scores() AS rfm_rows_rescored \gset
SELECT refresh_health_scores() AS health_rows_rescored \gset

\echo '== Today''s critical alerts (open, high or critical) =='
SELECT c.name, a.kind, a.severity, a.score_before AS before, a.score_after AS after,
       a.details ->> 'level_after' AS level_now
FROM customer_alerts a JOIN customers c ON c.id = a.customer_id
WHERE a.raised_on = (now() AT TIME ZONE 'UTC')::date
  AND a.severity IN ('high', 'critical') AND a.acknowledged_at IS NULL
ORDER BY a.severity = 'critical' DESC, a.score_before - a.score_after DESC, a.customer_id, a.kind
LIMIT 10;

\echo '== Today''s opportunities =='
SELECT o.kind, count(*) AS customers,
       (array_agg(c.name || ': ' || o.reason ORDER BY c.id))[1] AS for_example
FROM customers c CROSS JOIN LATERAL customer_opportunities(c.id) AS o
GROUP BY o.kind ORDER BY customers DESC, o.kind;

\echo '== Health insights of the customer with the largest fall (customer_health_insights) =='
SELECT jsonb_pretty(customer_health_insights(a.customer_id) - 'engagementAnalysis' - 'predictionModels')
           AS health_insights
FROM customer_alerts a
WHERE a.kind = 'health_drop'
ORDER BY a.score_before - a.score_after DESC, a.customer_id
LIMIT 1;
