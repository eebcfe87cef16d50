-- src/sql/code/13_health_functions.sql — health scoring (loyalty CRM), SPEC §3.4.

CREATE FUNCTION @extschema@.health_score(
    visit_frequency numeric,
    spending_behavior numeric,
    loyalty_engagement numeric,
    feedback_sentiment numeric,
    communication_response numeric,
    recency_factor numeric)
RETURNS numeric
AS 'MODULE_PATHNAME', 'health_score'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.health_score(numeric, numeric, numeric, numeric, numeric, numeric) IS
    'Customer health 0-100 from 6 components (weights 25/20/15/15/15/10%); a NULL component is missing and the others are re-weighted';

CREATE FUNCTION @extschema@.health_level(score numeric)
RETURNS @extschema@.health_level
AS 'MODULE_PATHNAME', 'health_level'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.health_level(numeric) IS
    'Health band of a 0-100 score: POOR <40, FAIR <60, GOOD <80, EXCELLENT';

CREATE FUNCTION @extschema@.engagement_level(score numeric)
RETURNS @extschema@.engagement_level
AS 'MODULE_PATHNAME', 'engagement_level'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.engagement_level(numeric) IS
    'Engagement band of a 0-100 score: LOW <40, MEDIUM <70, HIGH <90, EXCEPTIONAL';

CREATE FUNCTION @extschema@.profile_completeness(profile jsonb, fields text[])
RETURNS numeric
AS 'MODULE_PATHNAME', 'profile_completeness'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.profile_completeness(jsonb, text[]) IS
    'Percent of the named top-level fields present in the profile and not empty (null, blank string, [] and {} are empty)';

CREATE FUNCTION @extschema@.profile_missing_fields(profile jsonb, fields text[])
RETURNS text[]
AS 'MODULE_PATHNAME', 'profile_missing_fields'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.profile_missing_fields(jsonb, text[]) IS
    'The named fields that are missing or empty in the profile, in the order given';

CREATE FUNCTION @extschema@.completeness_level(score numeric)
RETURNS @extschema@.completeness_level
AS 'MODULE_PATHNAME', 'completeness_level'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.completeness_level(numeric) IS
    'Completeness band of a 0-100 percentage: BASIC <50, GOOD <80, EXCELLENT <100, COMPLETE at 100';
