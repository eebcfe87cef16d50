-- src/sql/code/17_text_bar.sql — bars that show a distribution's shape in psql.

CREATE FUNCTION @extschema@.text_bar(percent numeric, width integer DEFAULT 20)
RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    cells numeric;
BEGIN
    IF percent = 'NaN'::numeric THEN
        RAISE EXCEPTION 'percent must not be NaN' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF width < 0 OR width > 1000 THEN
        RAISE EXCEPTION 'width must be between 0 and 1000' USING ERRCODE = 'numeric_value_out_of_range';
    END IF;
    cells := GREATEST(0, LEAST(100, percent)) * width / 100.0;
    RETURN repeat('█', floor(cells)::integer)
           || CASE WHEN cells - floor(cells) >= 0.5 THEN '▌' ELSE '' END;
END
$$;
COMMENT ON FUNCTION @extschema@.text_bar(numeric, integer) IS
    'A bar of block characters for a percentage, width characters at 100 (half blocks for halves), so distributions show their shape in psql';
