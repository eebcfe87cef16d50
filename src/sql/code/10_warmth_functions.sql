-- src/sql/code/10_warmth_functions.sql — warmth scoring (car dealership), SPEC §3.1.

CREATE FUNCTION @extschema@.calculate_composite_warmth_score(
    engagement_score numeric,
    interaction_frequency_score numeric,
    response_rate_score numeric,
    budget_qualification_score numeric,
    timeline_urgency_score numeric,
    decision_authority_score numeric,
    demographic_fit_score numeric,
    past_behavior_score numeric)
RETURNS numeric
AS 'MODULE_PATHNAME', 'calculate_composite_warmth_score'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.calculate_composite_warmth_score(numeric, numeric, numeric, numeric, numeric, numeric, numeric, numeric) IS
    'Overall warmth 0-100 from 8 components (weights 20/15/10/20/15/10/5/5%); a NULL component is missing and the others are re-weighted';

CREATE FUNCTION @extschema@.calculate_composite_warmth_score(scores numeric[], weights numeric[])
RETURNS numeric
AS 'MODULE_PATHNAME', 'calculate_composite_warmth_score_weighted'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.calculate_composite_warmth_score(numeric[], numeric[]) IS
    'Overall warmth 0-100 from 8 component scores and 8 custom weights (>= 0, summing to 1); NULL scores are missing';

CREATE FUNCTION @extschema@.warmth_level(score numeric)
RETURNS @extschema@.warmth_level
AS 'MODULE_PATHNAME', 'warmth_level'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.warmth_level(numeric) IS
    'Warmth band of a 0-100 score: ice_cold <15, cold <30, cool <45, lukewarm <60, warm <75, hot <90, scorching';

CREATE FUNCTION @extschema@.purchase_probability(
    score numeric,
    intercept double precision DEFAULT -5,
    slope double precision DEFAULT 0.1)
RETURNS numeric
AS 'MODULE_PATHNAME', 'purchase_probability'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.purchase_probability(numeric, double precision, double precision) IS
    'Purchase probability in percent: 100 / (1 + e^-(intercept + slope * score))';

CREATE FUNCTION @extschema@.event_impact(
    base_score_impact numeric,
    decay_rate numeric,
    age_days integer,
    time_window_days integer)
RETURNS numeric
AS 'MODULE_PATHNAME', 'event_impact'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.event_impact(numeric, numeric, integer, integer) IS
    'One event''s contribution: base * (1 - decay_rate)^floor(age_days / time_window_days), rounded to 2 decimals';
