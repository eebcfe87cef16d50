-- src/sql/schema/17_settings.sql — the settings that change what is computed
-- or stored (1.1).  A row per setting, so that every session, pooled
-- connection, trigger, replica and Citus worker reads the same committed
-- value (a variable set with ALTER DATABASE reaches only new sessions; a
-- plain SET leaks to the other clients of a transaction pooler).  The rows
-- are inserted, with their defaults, by the code part (code/16_settings.sql),
-- so that every upgrade adds the settings it brings.  Citus: a reference
-- table.

CREATE TABLE @extschema@.customer_scoring_settings (
    name            text NOT NULL,
    value           text NOT NULL,
    description     text,

    CONSTRAINT customer_scoring_settings_pkey PRIMARY KEY (name)
);

COMMENT ON TABLE @extschema@.customer_scoring_settings IS
    'Settings that change what is computed or stored, one row each; every session sees a committed change from its next statement; an invalid value fails with 22023; a deleted row is back to its default (setting_defaults())';
COMMENT ON COLUMN @extschema@.customer_scoring_settings.name IS
    'Setting name: vip_threshold, ltv_tiers, positive_outcomes, leap_day_observed, monthly_discount, reward_points, alert_health_drop, alert_warmth_drop, alert_p_alive, industry_health_average';
COMMENT ON COLUMN @extschema@.customer_scoring_settings.value IS
    'The value as text, checked against the setting''s rule (see description) by a trigger';
COMMENT ON COLUMN @extschema@.customer_scoring_settings.description IS
    'What the setting does and which values it takes';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.customer_scoring_settings', '');
