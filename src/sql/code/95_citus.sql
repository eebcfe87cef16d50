-- src/sql/code/95_citus.sql — scale-out on Citus in one call (SPEC §5).
--
-- customers is distributed on id and every customer-scoped table on
-- customer_id, co-located with it, so that everything about one customer
-- lives on one shard and the triggers, which touch only that customer's
-- rows, run there; leads are distributed on their own id; the rule and
-- settings tables are reference tables (a copy on every node).
--
-- Citus converts the whole local foreign-key graph when a table that other
-- local tables reference becomes a reference table, so the two foreign keys
-- from customer-scoped tables to reference tables are set aside first —
-- on the workers too, whose copies of the tables come from the propagated
-- CREATE EXTENSION — and added back once every table is distributed.

-- The plan: every table of the extension, in the order it is distributed
-- (each after the tables its foreign keys reference).
CREATE FUNCTION @extschema@.customer_scoring_citus_plan()
RETURNS TABLE (table_name text, kind text, distribution_column text)
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN QUERY SELECT t, 'reference'::text, NULL::text
    FROM unnest(ARRAY['warmth_scoring_triggers', 'warmth_scoring_algorithms', 'loyalty_programs',
                      'customer_segments', 'customer_scoring_settings',
                      'customer_scoring_nightly_log', 'prediction_models',
                      'customer_health_benchmarks']) AS t;
    RETURN QUERY SELECT 'customers'::text, 'distributed'::text, 'id'::text;
    RETURN QUERY SELECT t, 'distributed'::text, 'customer_id'::text
    FROM unnest(ARRAY['orders', 'customer_warmth', 'customer_engagement_events',
                      'customer_family_members', 'customer_interactions', 'customer_behavior',
                      'customer_dropoff_tracking', 'customer_rfm_scores', 'customer_health_scores',
                      'customer_analytics', 'customer_addresses', 'customer_preferences',
                      'customer_segment_members', 'customer_tags', 'customer_notes',
                      'customer_communications', 'customer_loyalty_points', 'order_items',
                      'customer_warmth_history', 'customer_health_score_history',
                      'customer_loyalty_ledger', 'customer_alerts', 'customer_predictions']) AS t;
    RETURN QUERY SELECT 'leads'::text, 'distributed'::text, 'id'::text;
END
$$;
COMMENT ON FUNCTION @extschema@.customer_scoring_citus_plan() IS
    'How customer_scoring_distribute() places every table on Citus, in order: reference tables, customers on id, the customer-scoped tables on customer_id co-located with customers, leads on id';

-- The foreign keys from customer-scoped tables to reference tables, which
-- are set aside while the tables are distributed.
CREATE FUNCTION @extschema@.customer_scoring_citus_deferred_keys()
RETURNS TABLE (table_name text, constraint_name text, definition text)
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN QUERY VALUES
        ('customer_loyalty_points', 'customer_loyalty_points_program_id_fkey',
         'FOREIGN KEY (program_id) REFERENCES %s.loyalty_programs(id) ON DELETE RESTRICT'),
        ('customer_segment_members', 'customer_segment_members_segment_id_fkey',
         'FOREIGN KEY (segment_id) REFERENCES %s.customer_segments(id) ON DELETE CASCADE');
END
$$;
COMMENT ON FUNCTION @extschema@.customer_scoring_citus_deferred_keys() IS
    'The two foreign keys to reference tables that customer_scoring_distribute() drops before distributing and adds back after (%s = the schema)';

-- The single-customer functions: every table they read or write is the
-- customer's (co-located with customers, reached by customer_id) or a
-- reference table, so Citus can run a call for one customer on that
-- customer's worker (create_distributed_function, distribution argument
-- customer_id).  None of them is called by a trigger: a trigger fires on a
-- shard, where a call of a distributed function cannot be delegated
-- (engagement_component, which the events trigger calls, stays out).
CREATE FUNCTION @extschema@.customer_scoring_citus_functions()
RETURNS SETOF regprocedure
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN QUERY
    SELECT p.oid::regprocedure
    FROM pg_proc p
    WHERE p.pronamespace = (SELECT e.extnamespace FROM pg_extension e WHERE e.extname = 'customer_scoring')
      AND p.proname IN (
          'customer_360', 'customer_profile', 'customer_profile_completeness', 'demographic_insights',
          'customer_analytics_json', 'customer_warmth_json', 'update_customer_warmth', 'update_customer',
          'customer_rfm', 'customer_health', 'customer_health_history', 'customer_predictions_json',
          'family_members', 'add_family_member', 'update_family_member', 'delete_family_member',
          'interaction_stats', 'customer_interactions_list', 'track_interaction',
          'customer_behaviors', 'track_behavior', 'customer_dropoffs', 'track_dropoff', 'recover_dropoff',
          'customer_addresses_list', 'add_customer_address', 'customer_preferences_json',
          'set_customer_preferences', 'customer_tags_list', 'add_tag', 'remove_tag',
          'customer_notes_list', 'add_note', 'customer_communications_list', 'log_communication',
          'best_call_time', 'recommended_products', 'customer_recommendation', 'loyalty_balance')
      AND 'customer_id' = p.proargnames[1]
    ORDER BY 1::text;
END
$$;
COMMENT ON FUNCTION @extschema@.customer_scoring_citus_functions() IS
    'The single-customer functions customer_scoring_distribute() distributes on Citus by their first argument, customer_id, co-located with customers: a call for one customer runs on that customer''s worker';

-- A command on every Citus worker; an error naming the workers where it
-- failed.
CREATE FUNCTION @extschema@.citus_run_on_workers(command text)
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    failed text;
BEGIN
    EXECUTE 'SELECT string_agg(nodename || '':'' || nodeport || '' '' || result, ''; '')
             FROM run_command_on_workers($1) WHERE NOT success'
        INTO failed USING command;
    IF failed IS NOT NULL THEN
        RAISE EXCEPTION 'a command failed on the Citus workers: %', failed
            USING ERRCODE = 'object_not_in_prerequisite_state', DETAIL = command;
    END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.citus_run_on_workers(text) IS
    'Part of customer_scoring_distribute(): runs a command on every Citus worker (run_command_on_workers) and raises 55000 naming the workers where it failed';

-- Whether Citus already distributes a table (as a reference or distributed
-- table).
CREATE FUNCTION @extschema@.citus_distributed(relation regclass)
RETURNS boolean
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    found boolean;
BEGIN
    EXECUTE 'SELECT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = $1)'
        INTO found USING relation;
    RETURN found;
END
$$;
COMMENT ON FUNCTION @extschema@.citus_distributed(regclass) IS
    'Part of customer_scoring_distribute(): whether Citus already places the table (pg_dist_partition)';

CREATE FUNCTION @extschema@.customer_scoring_distribute(shard_count integer DEFAULT NULL)
RETURNS TABLE (table_name text, placed_as text)
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    schema text := (SELECT quote_ident(n.nspname) FROM pg_extension e
                    JOIN pg_namespace n ON n.oid = e.extnamespace
                    WHERE e.extname = 'customer_scoring');
    step record;
    key record;
    rel regclass;
    command text;
BEGIN
    IF shard_count < 1 THEN
        RAISE EXCEPTION 'shard_count must be a positive integer' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_extension e WHERE e.extname = 'citus') THEN
        RAISE EXCEPTION 'Citus is not installed in this database'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'CREATE EXTENSION citus first (shared_preload_libraries = ''citus''), on the coordinator.';
    END IF;
    -- the tables carry the extension's triggers, which touch only the rows
    -- of the same customer: Citus distributes them only with this on
    PERFORM set_config('citus.enable_unsafe_triggers', 'on', true);
    -- foreign keys to reference tables inside one transaction: Citus then
    -- works over one connection per node
    PERFORM set_config('citus.multi_shard_modify_mode', 'sequential', true);

    -- set the two keys aside, here and on every worker (not again once their
    -- table is distributed: the key is then Citus's to keep)
    FOR key IN SELECT * FROM @extschema@.customer_scoring_citus_deferred_keys() LOOP
        CONTINUE WHEN @extschema@.citus_distributed(format('%s.%I', schema, key.table_name)::regclass);
        command := format('ALTER TABLE %s.%I DROP CONSTRAINT IF EXISTS %I', schema, key.table_name,
                          key.constraint_name);
        EXECUTE command;
        PERFORM @extschema@.citus_run_on_workers(command);
    END LOOP;

    FOR step IN SELECT * FROM @extschema@.customer_scoring_citus_plan() LOOP
        rel := format('%s.%I', schema, step.table_name)::regclass;
        table_name := step.table_name;
        IF @extschema@.citus_distributed(rel) THEN
            placed_as := 'already distributed';
        ELSIF step.kind = 'reference' THEN
            EXECUTE 'SELECT create_reference_table($1)' USING rel;
            placed_as := 'reference table';
        ELSIF step.table_name IN ('customers', 'leads') THEN
            -- shard_count NULL: Citus's own default (citus.shard_count)
            EXECUTE 'SELECT create_distributed_table($1, $2, shard_count => $3, colocate_with => ''none'')'
                USING rel, step.distribution_column,
                      coalesce(shard_count, current_setting('citus.shard_count')::integer);
            placed_as := format('distributed on %s', step.distribution_column);
        ELSE
            EXECUTE 'SELECT create_distributed_table($1, $2, colocate_with => $3)'
                USING rel, step.distribution_column, format('%s.customers', schema);
            placed_as := format('distributed on %s, co-located with customers', step.distribution_column);
        END IF;
        RETURN NEXT;
    END LOOP;

    -- single-customer functions run on the customer's worker
    FOR step IN SELECT f::text AS fn FROM @extschema@.customer_scoring_citus_functions() AS f LOOP
        EXECUTE 'SELECT create_distributed_function($1::regprocedure, $2::text, colocate_with => $3::text)'
            USING step.fn, 'customer_id', format('%s.customers', schema);
        table_name := step.fn;
        placed_as := 'function run on the customer''s worker';
        RETURN NEXT;
    END LOOP;

    -- SET LOCAL customer_scoring.change_trigger reaches the triggers that fire
    -- on the workers only when Citus forwards SET LOCAL
    EXECUTE format('ALTER DATABASE %I SET citus.propagate_set_commands = ''local''', current_database());

    -- Rows that triggers insert on a worker (history, ledger, alerts) take
    -- their ids from the worker's own copy of the identity sequence, which
    -- came with the propagated CREATE EXTENSION and starts at 1 like the
    -- coordinator's: each worker's copy moves to a range of its own, from
    -- its group id << 48, as Citus does for the sequences it creates.
    FOR step IN
        SELECT format('%s.%I', schema, q.relname) AS seq
        FROM @extschema@.customer_scoring_citus_plan() AS p
        JOIN pg_class t ON t.relname = p.table_name
                       AND t.relnamespace = (SELECT e.extnamespace FROM pg_extension e
                                             WHERE e.extname = 'customer_scoring')
        JOIN pg_depend d ON d.refclassid = 'pg_class'::regclass AND d.refobjid = t.oid AND d.deptype = 'i'
        JOIN pg_class q ON q.oid = d.objid AND q.relkind = 'S'
        WHERE p.kind = 'distributed'
        ORDER BY 1
    LOOP
        PERFORM @extschema@.citus_run_on_workers(
            format('SELECT setval(%L, (g.groupid::bigint << 48) + 1, false)
                    FROM pg_dist_local_group AS g
                    WHERE (SELECT last_value FROM %s) < (g.groupid::bigint << 48)',
                   step.seq, step.seq));
    END LOOP;

    -- the rows copied to the shards leave the coordinator's own copies
    FOR step IN SELECT * FROM @extschema@.customer_scoring_citus_plan() LOOP
        EXECUTE 'SELECT truncate_local_data_after_distributing_table($1)'
            USING format('%s.%I', schema, step.table_name)::regclass;
    END LOOP;

    -- the keys back, now between a distributed and a reference table
    FOR key IN SELECT * FROM @extschema@.customer_scoring_citus_deferred_keys() LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_constraint k
                       WHERE k.conname = key.constraint_name
                         AND k.conrelid = format('%s.%I', schema, key.table_name)::regclass) THEN
            EXECUTE format('ALTER TABLE %s.%I ADD CONSTRAINT %I ', schema, key.table_name,
                           key.constraint_name)
                    || replace(key.definition, '%s', schema);
        END IF;
    END LOOP;
END
$$;
COMMENT ON FUNCTION @extschema@.customer_scoring_distribute(integer) IS
    'Distributes every table of the extension on Citus in one call, as customer_scoring_citus_plan() lists them (reference tables, customers on id with shard_count shards (NULL: citus.shard_count), customer-scoped tables co-located on customer_id, leads on id), setting aside and restoring the two foreign keys to reference tables; distributes the single-customer functions of customer_scoring_citus_functions() on customer_id; sets citus.propagate_set_commands = local for the database, so that SET LOCAL customer_scoring.change_trigger reaches the workers; run once on the coordinator, as a superuser, after CREATE EXTENSION; what is already distributed is skipped';
