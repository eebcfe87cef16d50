-- src/sql/code/70_api_common.sql — the REST endpoints of the original
-- documents as SQL functions returning jsonb (SPEC §4), so that an
-- application needs no backend code: customer data management (originals/002,
-- 71_api_cdm.sql), the customer-management CRM with RFM (004, 76_api_crm.sql),
-- health (003, 77_api_health.sql) and warmth (000, 78_api_warmth.sql).  This
-- file holds what they share.  The README's section "REST endpoints and their
-- SQL" maps every endpoint to its function.
--
-- Conventions of every endpoint:
--   * A customer the caller cannot see (row-level security on customers) is
--     an unknown customer: reads of one customer return NULL, writers return
--     NULL / false or raise 23503 "customer ... does not exist", as for an id
--     that does not exist.  Other tables need no policies of their own: each
--     function asks customers first (api_customer_exists), and every list or
--     count over many customers joins customers.
--   * Reads of one customer filter every table on customer_id, so they are
--     index scans, and on Citus each statement goes to that customer's shard.
--     They return [] for a known customer with nothing to list.
--   * Writers take a JSON object whose keys are column names; the camelCase
--     keys of the original request bodies (productId, firstName, ...) are
--     accepted too, and unknown keys are ignored.  customer_id always comes
--     from the argument, never from the object.  They return the written row.
--   * "limit" and "offset" must not be negative (22023); NULL = no limit.
--   * Bodies are PL/pgSQL with search_path pinned and every name qualified.
--     Not SQL-language: a BEGIN ATOMIC body records a dependency on each
--     column it names (ALTER TABLE ... ADD COLUMN with a rewrite, or DROP
--     COLUMN, then fails), and Citus cannot plan SQL functions with
--     parameters over distributed tables.  For Citus too: now() and other
--     non-immutable values are computed into variables before a write uses
--     them, a write returns its row with RETURNING * INTO a record, and a
--     function that reads tables is called in a statement of its own, never
--     inside a query over another table.
--   * Reads are STABLE PARALLEL SAFE, writers VOLATILE PARALLEL UNSAFE; all
--     run with the caller's rights.

-- ---------------------------------------------------------------------------
-- argument checks shared by the endpoints
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.api_json_object(payload jsonb, argument text)
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF payload IS NULL THEN
        RAISE EXCEPTION '% must not be null', argument USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF jsonb_typeof(payload) <> 'object' THEN
        RAISE EXCEPTION '% must be a JSON object', argument USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- camelCase keys get a snake_case twin; a key given in snake_case wins
    RETURN COALESCE((SELECT jsonb_object_agg(lower(regexp_replace(e.key, '([a-z0-9])([A-Z])', '\1_\2', 'g')),
                                             e.value)
                     FROM jsonb_each(payload) AS e
                     WHERE e.key ~ '[A-Z]'), '{}'::jsonb) || payload;
END
$$;
COMMENT ON FUNCTION @extschema@.api_json_object(jsonb, text) IS
    'Checks that a request body is a JSON object (22023 otherwise, 22004 for NULL) and adds snake_case twins of its camelCase keys';

CREATE FUNCTION @extschema@.api_non_negative(value integer, argument text)
RETURNS integer
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF value < 0 THEN
        RAISE EXCEPTION '% must not be negative', argument USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN value;
END
$$;
COMMENT ON FUNCTION @extschema@.api_non_negative(integer, text) IS
    'Returns a count argument such as "limit" or "offset" after checking that it is not negative (22023); NULL passes';

-- ---------------------------------------------------------------------------
-- the customer as the caller sees it
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.api_customer_exists(customer_id bigint)
RETURNS boolean
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- with the caller's rights, so row-level security on customers decides
    RETURN EXISTS (SELECT 1 FROM @extschema@.customers AS c WHERE c.id = api_customer_exists.customer_id);
END
$$;
COMMENT ON FUNCTION @extschema@.api_customer_exists(bigint) IS
    'True when the customer exists and the caller may see it (row-level security on customers); what every endpoint asks before it reads or writes a customer''s rows in other tables';

-- A NULL id is left to the writer's INSERT, whose NOT NULL constraint names
-- the table (23502), as it did before this check existed.
CREATE FUNCTION @extschema@.api_require_customer(customer_id bigint)
RETURNS void
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF api_require_customer.customer_id IS NOT NULL
       AND NOT @extschema@.api_customer_exists(api_require_customer.customer_id) THEN
        RAISE EXCEPTION 'customer % does not exist', api_require_customer.customer_id
            USING ERRCODE = 'foreign_key_violation';
    END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.api_require_customer(bigint) IS
    'Raises 23503 "customer ... does not exist" for a customer that does not exist or that the caller cannot see (row-level security), so that writers treat both alike; NULL passes';

-- ---------------------------------------------------------------------------
-- counts per label
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.api_label_counts(labels anyarray, counts jsonb)
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- the counts come from a query of their own (a GROUP BY over the
    -- customers the caller sees), the labels from the enum: every label
    -- appears, 0 where nobody has it
    RETURN (SELECT COALESCE(jsonb_object_agg(l.v, COALESCE(counts -> l.v, '0'::jsonb)), '{}'::jsonb)
            FROM unnest(labels::text[]) AS l(v));
END
$$;
COMMENT ON FUNCTION @extschema@.api_label_counts(anyarray, jsonb) IS
    'A JSON object with every label of labels (e.g. enum_range(NULL::warmth_level)) as a key and its count from counts ({label: n}), 0 when counts lacks it';
