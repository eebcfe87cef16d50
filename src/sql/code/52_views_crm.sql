-- src/sql/code/52_views_crm.sql — distributions for dashboards and psql, over
-- the customers the reader may see.

CREATE VIEW @extschema@.rfm_segment_distribution WITH (security_invoker = true) AS
SELECT s.segment,
       pg_catalog.count(*) AS customers,
       pg_catalog.round(100.0 * pg_catalog.count(*) / pg_catalog.sum(pg_catalog.count(*)) OVER (), 2)
           AS share_percent,
       pg_catalog.round(pg_catalog.avg(s.total_spent), 2) AS avg_total_spent,
       pg_catalog.round(pg_catalog.avg(s.recency_days), 1) AS avg_recency_days,
       pg_catalog.round(pg_catalog.avg(s.purchase_count), 1) AS avg_purchases,
       pg_catalog.round(pg_catalog.avg(s.churn_risk)::numeric, 3) AS avg_churn_risk,
       @extschema@.text_bar(100.0 * pg_catalog.count(*) / pg_catalog.sum(pg_catalog.count(*)) OVER ())
           AS bar
FROM @extschema@.customer_rfm_scores s
JOIN @extschema@.customers c ON c.id = s.customer_id
GROUP BY s.segment;
COMMENT ON VIEW @extschema@.rfm_segment_distribution IS
    'Customers per RFM segment with share, averages and a text bar (run refresh_rfm_scores first)';

CREATE VIEW @extschema@.health_score_overview WITH (security_invoker = true) AS
SELECT h.health_level,
       pg_catalog.count(*) AS customers,
       pg_catalog.round(100.0 * pg_catalog.count(*) / pg_catalog.sum(pg_catalog.count(*)) OVER (), 2)
           AS share_percent,
       pg_catalog.round(pg_catalog.avg(h.health_score), 2) AS avg_health_score,
       pg_catalog.round(pg_catalog.avg(h.churn_risk)::numeric, 3) AS avg_churn_risk,
       pg_catalog.round(pg_catalog.avg(h.profile_completeness), 2) AS avg_profile_completeness,
       pg_catalog.count(*) FILTER (WHERE h.engagement_level >= 'HIGH') AS highly_engaged,
       @extschema@.text_bar(100.0 * pg_catalog.count(*) / pg_catalog.sum(pg_catalog.count(*)) OVER ())
           AS bar
FROM @extschema@.customer_health_scores h
JOIN @extschema@.customers c ON c.id = h.customer_id
GROUP BY h.health_level;
COMMENT ON VIEW @extschema@.health_score_overview IS
    'Customers per health level with share, averages and a text bar (run refresh_health_scores first)';
