-- src/sql/code/14_cdm_functions.sql — customer data management rules (retail ERP), SPEC §3.5.

CREATE FUNCTION @extschema@.customer_temperature(
    days_since_last_order integer,
    interactions_30d integer DEFAULT 0)
RETURNS @extschema@.customer_temperature
AS 'MODULE_PATHNAME', 'customer_temperature'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.customer_temperature(integer, integer) IS
    'hot: ordered within 30 days or 3+ interactions in 30 days; warm: within 90 days or any interaction; else cold. NULL days = never ordered';

CREATE FUNCTION @extschema@.lifecycle_stage_for(
    completed_orders integer,
    last_order_at timestamptz,
    has_activity boolean,
    as_of timestamptz DEFAULT pg_catalog.now())
RETURNS @extschema@.lifecycle_stage
AS 'MODULE_PATHNAME', 'lifecycle_stage_for'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.lifecycle_stage_for(integer, timestamptz, boolean, timestamptz) IS
    'Lifecycle stage: lead, prospect (activity, no orders), first_buyer (1), repeat_buyer (2-4), loyal (5+), inactive (last order > 180 days ago)';

CREATE FUNCTION @extschema@.customer_type_for(
    completed_orders integer,
    last_order_at timestamptz,
    lifetime_value numeric,
    vip_threshold numeric DEFAULT 100000,
    as_of timestamptz DEFAULT pg_catalog.now())
RETURNS @extschema@.customer_type
AS 'MODULE_PATHNAME', 'customer_type_for'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.customer_type_for(integer, timestamptz, numeric, numeric, timestamptz) IS
    'Customer type by precedence: inactive (last order > 180 days ago) > vip (lifetime value >= vip_threshold) > repeat (2+ orders) > new';

CREATE FUNCTION @extschema@.call_priority(
    temperature @extschema@.customer_temperature,
    lifetime_value numeric,
    recent_dropoff boolean,
    ltv_tiers numeric[] DEFAULT '{10000,50000,100000}')
RETURNS integer
AS 'MODULE_PATHNAME', 'call_priority'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.call_priority(@extschema@.customer_temperature, numeric, boolean, numeric[]) IS
    'Call priority 1-10: hot 6 / warm 3 / cold 1, +1 per lifetime-value tier reached, +1 for an unrecovered drop-off in 14 days, capped at 10';

CREATE FUNCTION @extschema@.next_action(priority integer)
RETURNS text
AS 'MODULE_PATHNAME', 'next_action'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.next_action(integer) IS
    'What to do for a call priority: 9-10 call within 24 hours, 7-8 within 3 days, 4-6 WhatsApp follow-up, else nurture campaign';

CREATE FUNCTION @extschema@.offer_type(
    temperature @extschema@.customer_temperature,
    lifecycle_stage @extschema@.lifecycle_stage,
    completed_orders integer,
    recent_dropoff boolean)
RETURNS text
AS 'MODULE_PATHNAME', 'offer_type'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.offer_type(@extschema@.customer_temperature, @extschema@.lifecycle_stage, integer, boolean) IS
    'Offer to make, first match: cart recovery, premium upsell (hot repeat/loyal), cross-sell (hot), loyalty discount (warm), reactivation (cold buyer), welcome';

CREATE FUNCTION @extschema@.next_occurrence(
    event_date date,
    from_date date DEFAULT CURRENT_DATE,
    leap_day text DEFAULT 'feb28')
RETURNS date
AS 'MODULE_PATHNAME', 'next_occurrence'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.next_occurrence(date, date, text) IS
    'Next yearly recurrence of a birthday or anniversary on or after from_date; 29 February falls on 28 February (leap_day feb28) or 1 March (mar1) in common years';
