-- src/sql/14_cdm_functions.sql — customer data management rules (retail ERP), SPEC §3.5.

CREATE FUNCTION @extschema@.customer_temperature(
    days_since_last_order integer,
    interactions_30d integer DEFAULT 0)
RETURNS @extschema@.customer_temperature
AS 'MODULE_PATHNAME', 'customer_temperature'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.customer_temperature(integer, integer) IS
    'hot: ordered within 30 days or 3+ interactions in 30 days; warm: within 90 days or any interaction; else cold. NULL days = never ordered';
