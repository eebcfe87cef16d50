-- src/sql/code/11_lead_functions.sql — lead scoring (real estate), SPEC §3.2.
-- Every argument has a default, so callers name only what they know.

CREATE FUNCTION @extschema@.calculate_lead_score(
    qr_scans integer DEFAULT 0,
    catalog_views integer DEFAULT 0,
    messages integer DEFAULT 0,
    has_voice boolean DEFAULT false,
    has_phone boolean DEFAULT false,
    has_budget boolean DEFAULT false,
    has_transaction_type boolean DEFAULT false,
    has_property_type boolean DEFAULT false,
    has_location boolean DEFAULT false,
    has_payment_method boolean DEFAULT false,
    last_activity timestamptz DEFAULT NULL,
    as_of timestamptz DEFAULT pg_catalog.now())
RETURNS integer
AS 'MODULE_PATHNAME', 'calculate_lead_score'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.calculate_lead_score(integer, integer, integer, boolean, boolean, boolean, boolean, boolean, boolean, boolean, timestamptz, timestamptz) IS
    'Lead score 0-100: engagement (max 40) + qualification (max 40) + recency of last_activity at as_of (max 20)';

CREATE FUNCTION @extschema@.lead_temperature(score integer)
RETURNS @extschema@.lead_temperature
AS 'MODULE_PATHNAME', 'lead_temperature'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.lead_temperature(integer) IS
    'Temperature of a 0-100 lead score: cold <25, warm <50, hot <70, burning';

CREATE FUNCTION @extschema@.lead_score_breakdown(
    qr_scans integer DEFAULT 0,
    catalog_views integer DEFAULT 0,
    messages integer DEFAULT 0,
    has_voice boolean DEFAULT false,
    has_phone boolean DEFAULT false,
    has_budget boolean DEFAULT false,
    has_transaction_type boolean DEFAULT false,
    has_property_type boolean DEFAULT false,
    has_location boolean DEFAULT false,
    has_payment_method boolean DEFAULT false,
    last_activity timestamptz DEFAULT NULL,
    as_of timestamptz DEFAULT pg_catalog.now(),
    OUT engagement integer,
    OUT qualification integer,
    OUT recency integer,
    OUT total integer,
    OUT temperature @extschema@.lead_temperature)
RETURNS record
AS 'MODULE_PATHNAME', 'lead_score_breakdown'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.lead_score_breakdown(integer, integer, integer, boolean, boolean, boolean, boolean, boolean, boolean, boolean, timestamptz, timestamptz) IS
    'The parts of a lead score: engagement, qualification, recency, total and temperature';
