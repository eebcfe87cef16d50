-- src/sql/code/12_rfm_functions.sql — RFM and churn risk (retail CRM), SPEC §3.3.

CREATE FUNCTION @extschema@.rfm_segment(
    recency_score integer, frequency_score integer, monetary_score integer)
RETURNS @extschema@.rfm_segment
AS 'MODULE_PATHNAME', 'rfm_segment'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rfm_segment(integer, integer, integer) IS
    'Segment of an RFM cell (scores 1-5), first matching rule: Champions, VIP, Loyal Customers, New Customers, Potential Loyalists, At Risk, Lost';

CREATE FUNCTION @extschema@.rfm_score(
    last_purchase timestamptz,
    purchase_count integer,
    total_spent numeric,
    as_of timestamptz DEFAULT pg_catalog.now())
RETURNS @extschema@.rfm
AS 'MODULE_PATHNAME', 'rfm_score'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rfm_score(timestamptz, integer, numeric, timestamptz) IS
    'RFM scores 1-5, cell, total and segment with the standard thresholds (days 30/60/90/180, purchases 10/7/4/2, spend 5000/2500/1000/500); NULL for no purchases';

CREATE FUNCTION @extschema@.rfm_score(
    last_purchase timestamptz,
    purchase_count integer,
    total_spent numeric,
    recency_days integer[],
    frequency_counts integer[],
    monetary_amounts numeric[],
    as_of timestamptz DEFAULT pg_catalog.now())
RETURNS @extschema@.rfm
AS 'MODULE_PATHNAME', 'rfm_score_thresholds'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rfm_score(timestamptz, integer, numeric, integer[], integer[], numeric[], timestamptz) IS
    'RFM with custom thresholds: recency_days ascending (max days for 5,4,3,2), frequency_counts and monetary_amounts descending (min for 5,4,3,2)';

CREATE FUNCTION @extschema@.churn_risk(
    days_since_last_purchase integer,
    purchase_count integer,
    avg_days_between_purchases numeric DEFAULT NULL)
RETURNS double precision
AS 'MODULE_PATHNAME', 'churn_risk'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.churn_risk(integer, integer, numeric) IS
    'Churn risk 0-1: 1 - e^(-max(0, t - mu) / mu), mu the usual purchase interval (90 days with fewer than 2 purchases)';
