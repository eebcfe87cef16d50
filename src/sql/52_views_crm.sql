-- src/sql/52_views_crm.sql — distributions for dashboards and psql.

CREATE FUNCTION @extschema@.text_bar(percent numeric, width integer DEFAULT 20)
RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    cells numeric;
BEGIN
    IF percent = 'NaN'::numeric THEN
        RAISE EXCEPTION 'percent must not be NaN' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF width < 0 OR width > 1000 THEN
        RAISE EXCEPTION 'width must be between 0 and 1000' USING ERRCODE = 'numeric_value_out_of_range';
    END IF;
    cells := GREATEST(0, LEAST(100, percent)) * width / 100.0;
    RETURN repeat('█', floor(cells)::integer)
           || CASE WHEN cells - floor(cells) >= 0.5 THEN '▌' ELSE '' END;
END
$$;
COMMENT ON FUNCTION @extschema@.text_bar(numeric, integer) IS
    'A bar of block characters for a percentage, width characters at 100 (half blocks for halves), so distributions show their shape in psql';

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
GROUP BY h.health_level;
COMMENT ON VIEW @extschema@.health_score_overview IS
    'Customers per health level with share, averages and a text bar (run refresh_health_scores first)';
