-- src/sql/code/50_views_warmth.sql — warmth views: analytics, daily trends, pipeline.
--
-- All views are security_invoker, so row-level security and privileges on
-- the base tables apply to whoever reads them, and every one reads customers:
-- row-level security on customers alone hides a customer from all of them.
-- A filter on one customer (WHERE customer_id = ...) is pushed down to the
-- base tables' indexes (on Citus: to that customer's shard).

-- ---------------------------------------------------------------------------
-- warmth_analytics: active warmth rows with contact data and recency status
-- ---------------------------------------------------------------------------

CREATE VIEW @extschema@.warmth_analytics WITH (security_invoker = true) AS
SELECT cw.customer_id,
       c.name AS customer_name,
       c.email,
       c.phone,
       cw.overall_warmth_score,
       cw.warmth_level,
       cw.purchase_probability,
       cw.engagement_score,
       cw.interaction_frequency_score,
       cw.response_rate_score,
       cw.budget_qualification_score,
       cw.timeline_urgency_score,
       cw.decision_making_authority_score,
       cw.demographic_fit_score,
       cw.past_purchase_behavior_score,
       cw.confidence_level,
       cw.total_interactions,
       cw.meaningful_interactions,
       cw.last_engagement_type,
       cw.last_engagement_date,
       cw.predicted_purchase_value,
       cw.predicted_purchase_date,
       @extschema@.whole_days_between(cw.last_engagement_date, pg_catalog.now())
           AS days_since_last_interaction,
       CASE
           WHEN cw.last_engagement_date IS NULL THEN 'Never Engaged'
           WHEN @extschema@.whole_days_between(cw.last_engagement_date, pg_catalog.now()) <= 7
               THEN 'Recent'
           WHEN @extschema@.whole_days_between(cw.last_engagement_date, pg_catalog.now()) <= 30
               THEN 'Active'
           WHEN @extschema@.whole_days_between(cw.last_engagement_date, pg_catalog.now()) <= 90
               THEN 'Dormant'
           ELSE 'At Risk'
       END AS engagement_status
FROM @extschema@.customer_warmth AS cw
JOIN @extschema@.customers AS c ON c.id = cw.customer_id
WHERE cw.is_active;

COMMENT ON VIEW @extschema@.warmth_analytics IS
    'Active warmth rows with the customer''s name and contact data, whole days since the last engagement (a future date counts as 0) and engagement_status: Never Engaged, Recent (<= 7 days), Active (<= 30), Dormant (<= 90), At Risk (> 90)';

-- ---------------------------------------------------------------------------
-- warmth_trends: per customer and day, the last 30 days of history
-- ---------------------------------------------------------------------------

CREATE VIEW @extschema@.warmth_trends WITH (security_invoker = true) AS
SELECT h.customer_id,
       c.name AS customer_name,
       h.created_at::date AS trend_date,
       pg_catalog.round(pg_catalog.avg(h.warmth_score_snapshot), 2)::numeric(5,2) AS avg_daily_score,
       pg_catalog.min(h.warmth_score_snapshot)::numeric(5,2) AS min_daily_score,
       pg_catalog.max(h.warmth_score_snapshot)::numeric(5,2) AS max_daily_score,
       pg_catalog.count(*)::integer AS changes_count,
       pg_catalog.array_agg(DISTINCT h.change_trigger::text ORDER BY h.change_trigger::text)
           AS change_triggers,
       (pg_catalog.array_agg(h.warmth_level_snapshot ORDER BY h.created_at DESC, h.id DESC))[1]
           AS latest_warmth_level
FROM @extschema@.customer_warmth_history AS h
JOIN @extschema@.customers AS c ON c.id = h.customer_id
WHERE h.created_at >= pg_catalog.now() - interval '30 days'
GROUP BY h.customer_id, c.id, h.created_at::date;

COMMENT ON VIEW @extschema@.warmth_trends IS
    'Warmth history of the last 30 days per customer and day (the day in the session''s TimeZone): average, minimum and maximum score, number of changes, the distinct change triggers and the level at the end of the day';

-- ---------------------------------------------------------------------------
-- warmth_pipeline: sales pipeline per warmth level
-- ---------------------------------------------------------------------------

CREATE VIEW @extschema@.warmth_pipeline WITH (security_invoker = true) AS
SELECT cw.warmth_level,
       pg_catalog.count(*)::integer AS customer_count,
       pg_catalog.round(pg_catalog.avg(cw.overall_warmth_score), 2)::numeric(5,2) AS avg_warmth_score,
       pg_catalog.round(pg_catalog.avg(cw.predicted_purchase_value), 2)::numeric(12,2) AS avg_deal_size,
       pg_catalog.sum(cw.predicted_purchase_value) AS total_pipeline_value,
       pg_catalog.round(pg_catalog.count(*) * 100.0 / pg_catalog.sum(pg_catalog.count(*)) OVER (), 2)::numeric(5,2)
           AS share_of_customers,
       @extschema@.text_bar(pg_catalog.count(*) * 100.0 / pg_catalog.sum(pg_catalog.count(*)) OVER ())
           AS bar
FROM @extschema@.customer_warmth AS cw
JOIN @extschema@.customers AS c ON c.id = cw.customer_id
WHERE cw.is_active
GROUP BY cw.warmth_level;

COMMENT ON VIEW @extschema@.warmth_pipeline IS
    'Sales pipeline per warmth level over active rows: customers, average score, average and total predicted purchase value, and percent of all active customers with a text bar; ORDER BY warmth_level DESC puts the hottest first';
