-- src/sql/code/90_privileges.sql — who may run what.
--
-- The functions that write with the extension owner's rights (SECURITY
-- DEFINER: the triggers that keep history, totals and warmth current, the
-- refreshes, loyalty earn/redeem, GDPR erase) are not executable by PUBLIC;
-- customer_scoring_grant() gives them to the tier that needs them.  Every
-- other function runs with the caller's rights, so row-level security on
-- customers applies to it.  Last in the install script, so that it sees
-- every function.
DO $revoke_definer$
DECLARE
    definer regprocedure;
BEGIN
    FOR definer IN
        SELECT p.oid FROM pg_catalog.pg_proc p
        WHERE p.pronamespace = (SELECT e.extnamespace FROM pg_catalog.pg_extension e
                                WHERE e.extname = 'customer_scoring')
          AND p.prosecdef
    LOOP
        EXECUTE pg_catalog.format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', definer);
    END LOOP;
END
$revoke_definer$;
-- the nightly job runs with the caller's rights (a procedure that commits
-- cannot be SECURITY DEFINER), but it is the administrator's
REVOKE EXECUTE ON PROCEDURE @extschema@.run_nightly_refresh(timestamptz) FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- the two tiers
-- ---------------------------------------------------------------------------
--
-- application: the whole application flow and nothing else.  It reads every
-- table and view, writes the data the application owns (customers, orders,
-- events, interactions, leads, ...), earns and redeems loyalty points and
-- exports GDPR data through the functions; it cannot write the scoring rules,
-- algorithms, loyalty programmes or settings, nor the rows the extension
-- derives (warmth history, loyalty ledger and balances, RFM, health and
-- analytics scores), nor delete customers.
-- administrator: the application tier, plus the rules, algorithms,
-- programmes and settings, the refreshes and the nightly job, GDPR erase and
-- deleting customers.
--
-- The lists below name every table of the extension once (a catalog test
-- keeps them complete); a table new in a later version goes into one of them.

CREATE FUNCTION @extschema@.customer_scoring_tier_tables(tier text)
RETURNS TABLE (table_name text, privileges text)
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM @extschema@.customer_scoring_check_tier(tier);
    -- the data the application writes
    RETURN QUERY SELECT t, 'SELECT, INSERT, UPDATE, DELETE'
    FROM unnest(ARRAY['orders', 'order_items', 'customer_warmth', 'customer_engagement_events',
                      'leads', 'customer_family_members', 'customer_interactions',
                      'customer_behavior', 'customer_dropoff_tracking', 'customer_addresses',
                      'customer_preferences', 'customer_segments', 'customer_segment_members',
                      'customer_tags', 'customer_notes', 'customer_communications']) AS t;
    -- customers: deleting one is GDPR erase, the administrator's
    RETURN QUERY SELECT 'customers'::text,
        CASE tier WHEN 'administrator' THEN 'SELECT, INSERT, UPDATE, DELETE' ELSE 'SELECT, INSERT, UPDATE' END;
    -- rules, algorithms, programmes, settings
    RETURN QUERY SELECT t,
        CASE tier WHEN 'administrator' THEN 'SELECT, INSERT, UPDATE, DELETE' ELSE 'SELECT' END
    FROM unnest(ARRAY['warmth_scoring_algorithms', 'warmth_scoring_triggers', 'loyalty_programs',
                      'customer_scoring_settings']) AS t;
    -- alerts: raised by the extension; the application acknowledges them
    RETURN QUERY SELECT 'customer_alerts'::text,
        'SELECT, UPDATE (acknowledged_at, acknowledged_by)'::text;
    -- derived rows: written only by the extension's triggers and functions
    RETURN QUERY SELECT t, 'SELECT'
    FROM unnest(ARRAY['customer_warmth_history', 'customer_rfm_scores', 'customer_health_scores',
                      'customer_health_score_history', 'customer_analytics',
                      'customer_loyalty_points', 'customer_loyalty_ledger',
                      'customer_scoring_nightly_log', 'prediction_models',
                      'customer_predictions', 'customer_health_benchmarks']) AS t;
END
$$;
COMMENT ON FUNCTION @extschema@.customer_scoring_tier_tables(text) IS
    'The table privileges of a tier (''application'' or ''administrator''), one row per table of the extension; customer_scoring_grant() applies them';

-- The functions that run with the extension owner's rights, by tier (the
-- others are executable by PUBLIC and run with the caller's rights).
CREATE FUNCTION @extschema@.customer_scoring_tier_functions(tier text)
RETURNS SETOF regprocedure
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    schema oid := (SELECT e.extnamespace FROM pg_catalog.pg_extension e
                   WHERE e.extname = 'customer_scoring');
BEGIN
    PERFORM @extschema@.customer_scoring_check_tier(tier);
    RETURN QUERY
    SELECT p.oid::regprocedure
    FROM pg_catalog.pg_proc p
    WHERE p.pronamespace = schema AND p.prosecdef
      AND p.prorettype <> 'pg_catalog.trigger'::pg_catalog.regtype
      AND (tier = 'administrator'
           OR p.proname IN ('loyalty_earn', 'loyalty_redeem'));
END
$$;
COMMENT ON FUNCTION @extschema@.customer_scoring_tier_functions(text) IS
    'The SECURITY DEFINER functions a tier may execute: loyalty earn and redeem for ''application''; also the refreshes and GDPR erase for ''administrator''';

CREATE FUNCTION @extschema@.customer_scoring_check_tier(tier text)
RETURNS void
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF tier IS NULL OR tier NOT IN ('application', 'administrator') THEN
        RAISE EXCEPTION 'tier must be ''application'' or ''administrator'', not %', coalesce(quote_literal(tier), 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.customer_scoring_check_tier(text) IS
    'Raises 22023 unless tier is ''application'' or ''administrator''';

CREATE FUNCTION @extschema@.customer_scoring_revoke(role regrole)
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    schema name := (SELECT n.nspname FROM pg_catalog.pg_extension e
                    JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
                    WHERE e.extname = 'customer_scoring');
    member record;
BEGIN
    IF role IS NULL THEN
        RAISE EXCEPTION 'role must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    -- every table, view and sequence of the extension, and its definer functions
    FOR member IN
        SELECT x.relation, x.relkind FROM @extschema@.extension_relations() AS x
        WHERE x.relkind IN ('r', 'v', 'S')
    LOOP
        EXECUTE format('REVOKE ALL ON %s %s FROM %s',
                       CASE member.relkind WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, member.relation, role);
    END LOOP;
    FOR member IN SELECT f FROM @extschema@.customer_scoring_tier_functions('administrator') AS f LOOP
        EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM %s', member.f, role);
    END LOOP;
    EXECUTE format('REVOKE EXECUTE ON PROCEDURE %I.run_nightly_refresh(timestamptz) FROM %s', schema, role);
    EXECUTE format('REVOKE USAGE ON SCHEMA %I FROM %s', schema, role);
END
$$;
COMMENT ON FUNCTION @extschema@.customer_scoring_revoke(regrole) IS
    'Takes back what customer_scoring_grant() gave a role: every privilege on the extension''s tables, views, sequences and SECURITY DEFINER functions, and USAGE on its schema';

CREATE FUNCTION @extschema@.customer_scoring_grant(role regrole, tier text)
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    schema name := (SELECT n.nspname FROM pg_catalog.pg_extension e
                    JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
                    WHERE e.extname = 'customer_scoring');
    granted record;
BEGIN
    IF role IS NULL THEN
        RAISE EXCEPTION 'role must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM @extschema@.customer_scoring_check_tier(tier);
    -- from a clean slate, so that a role moved between tiers keeps nothing
    -- of the other one; GRANT and REVOKE are idempotent
    PERFORM @extschema@.customer_scoring_revoke(role);
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %s', schema, role);
    FOR granted IN SELECT * FROM @extschema@.customer_scoring_tier_tables(tier) LOOP
        EXECUTE format('GRANT %s ON TABLE %I.%I TO %s', granted.privileges, schema, granted.table_name, role);
    END LOOP;
    -- every view reads with the caller's rights (security_invoker)
    FOR granted IN SELECT x.relation FROM @extschema@.extension_relations() AS x WHERE x.relkind = 'v' LOOP
        EXECUTE format('GRANT SELECT ON TABLE %s TO %s', granted.relation, role);
    END LOOP;
    FOR granted IN SELECT f FROM @extschema@.customer_scoring_tier_functions(tier) AS f LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %s', granted.f, role);
    END LOOP;
    IF tier = 'administrator' THEN
        EXECUTE format('GRANT EXECUTE ON PROCEDURE %I.run_nightly_refresh(timestamptz) TO %s', schema, role);
    END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.customer_scoring_grant(regrole, text) IS
    'Gives a role one tier of privileges in one call: ''application'' (the application flow) or ''administrator'' (also rules, algorithms, programmes, settings, refreshes, the nightly job, GDPR erase); idempotent, and a role moved between tiers keeps nothing of the other';
