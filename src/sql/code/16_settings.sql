-- src/sql/code/16_settings.sql — reading the extension's settings from SQL.

CREATE FUNCTION @extschema@.setting(name text)
RETURNS text
AS 'MODULE_PATHNAME', 'customer_scoring_setting'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.setting(text) IS
    'Value of the setting customer_scoring.<name> (defined as soon as this is called, even first in a session)';
