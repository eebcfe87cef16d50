-- src/sql/code/19_risk_functions.sql — risk assessment of the health
-- insights (1.1), SPEC §3.8: three risks 0-100, severity, mitigation.

CREATE FUNCTION @extschema@.churn_risk_score(p_alive float8)
RETURNS numeric
AS 'MODULE_PATHNAME', 'churn_risk_score'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.churn_risk_score(float8) IS
    'Churn risk 0-100 = 100 * (1 - p_alive), 2 decimals; p_alive must be in [0, 1] (22023 otherwise)';

CREATE FUNCTION @extschema@.engagement_risk_score(
    engagement_now numeric,
    engagement_90_days_ago numeric)
RETURNS numeric
AS 'MODULE_PATHNAME', 'engagement_risk_score'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.engagement_risk_score(numeric, numeric) IS
    'Engagement risk 0-100 = min(100, (100 - E) + 2 * max(0, E90 - E)), 2 decimals; E90 NULL (no record 90 days back) makes the decline term 0, E NULL gives NULL; scores in [0, 100]';

CREATE FUNCTION @extschema@.value_risk_score(
    spend_last_90 numeric,
    spend_previous_90 numeric)
RETURNS numeric
AS 'MODULE_PATHNAME', 'value_risk_score'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.value_risk_score(numeric, numeric) IS
    'Value risk 0-100: the drop of spend_last_90 (S1) against spend_previous_90 (S0) in percent, min(100, max(0, (S0 - S1) / S0 * 100)), 2 decimals; 0 when S0 is 0 or NULL; a NULL amount is no spend; amounts must not be negative';

CREATE FUNCTION @extschema@.risk_severity(score numeric)
RETURNS text
AS 'MODULE_PATHNAME', 'risk_severity'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.risk_severity(numeric) IS
    'Severity of a 0-100 risk: low <25, medium <50, high <75, critical';

CREATE FUNCTION @extschema@.risk_mitigation(severity text)
RETURNS text
AS 'MODULE_PATHNAME', 'risk_mitigation'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.risk_mitigation(text) IS
    'Mitigation step for a risk severity (low, medium, high, critical; another text is 22P02)';
