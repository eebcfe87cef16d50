-- src/sql/code/16_settings.sql — reading and checking the settings
-- (customer_scoring_settings), and the rows of the settings this version
-- knows.  setting() reads a per-session cache of the table that every
-- committed change of the table invalidates.

CREATE FUNCTION @extschema@.setting(name text)
RETURNS text
AS 'MODULE_PATHNAME', 'customer_scoring_setting'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.setting(text) IS
    'Value of a setting: its row of customer_scoring_settings (the default when the row is missing); change_trigger and change_description give the current transaction''s SET LOCAL context';

CREATE FUNCTION @extschema@.setting_defaults()
RETURNS TABLE (name text, default_value text, description text)
AS 'MODULE_PATHNAME', 'customer_scoring_setting_defaults'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.setting_defaults() IS
    'Every setting of customer_scoring_settings with its default value and its rule';

CREATE FUNCTION @extschema@.customer_scoring_settings_check()
RETURNS pg_catalog.trigger
AS 'MODULE_PATHNAME', 'customer_scoring_settings_check'
LANGUAGE C;
COMMENT ON FUNCTION @extschema@.customer_scoring_settings_check() IS
    'Trigger: a setting must be known and its value valid (22023 otherwise)';

CREATE FUNCTION @extschema@.cached_table_changed()
RETURNS pg_catalog.trigger
AS 'MODULE_PATHNAME', 'cached_table_changed'
LANGUAGE C;
COMMENT ON FUNCTION @extschema@.cached_table_changed() IS
    'Trigger: every session drops its cached copy of the table named by the argument (the settings, the active warmth algorithm) and reads it again at its next statement';

CREATE TRIGGER customer_scoring_settings_check
    BEFORE INSERT OR UPDATE ON @extschema@.customer_scoring_settings
    FOR EACH ROW EXECUTE FUNCTION @extschema@.customer_scoring_settings_check();
COMMENT ON TRIGGER customer_scoring_settings_check ON @extschema@.customer_scoring_settings IS
    'Rejects an unknown setting or an invalid value with 22023, naming the setting and its rule';

CREATE TRIGGER customer_scoring_settings_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.customer_scoring_settings
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.cached_table_changed('customer_scoring_settings');
COMMENT ON TRIGGER customer_scoring_settings_changed ON @extschema@.customer_scoring_settings IS
    'Makes every session re-read the settings at its next statement; ENABLE ALWAYS, so restored and replicated changes count too';
ALTER TABLE @extschema@.customer_scoring_settings
    ENABLE ALWAYS TRIGGER customer_scoring_settings_changed;

-- The settings this version knows, at their defaults; existing rows (the
-- user's values) stay as they are.
INSERT INTO @extschema@.customer_scoring_settings (name, value, description)
SELECT d.name, d.default_value, d.description
FROM @extschema@.setting_defaults() AS d
ON CONFLICT ON CONSTRAINT customer_scoring_settings_pkey DO NOTHING;
