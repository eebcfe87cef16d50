-- src/sql/code/15_time_functions.sql — elapsed time, the way every rule counts it.

CREATE FUNCTION @extschema@.whole_days_between("from" timestamptz, "to" timestamptz)
RETURNS integer
AS 'MODULE_PATHNAME', 'whole_days_between'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.whole_days_between(timestamptz, timestamptz) IS
    'Whole 24-hour periods from "from" to "to", rounded down; 0 when "to" is not later; independent of the time zone';
