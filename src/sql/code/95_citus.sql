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

CREATE FUNCTION @extschema@.customer_scoring_distribute(shard_count integer DEFAULT 32)
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
    failed text;
BEGIN
    IF shard_count IS NULL OR shard_count < 1 THEN
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
        EXECUTE 'SELECT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = $1)'
            INTO STRICT placed_as USING format('%s.%I', schema, key.table_name)::regclass;
        CONTINUE WHEN placed_as::boolean;
        EXECUTE format('ALTER TABLE %s.%I DROP CONSTRAINT IF EXISTS %I', schema, key.table_name,
                       key.constraint_name);
        EXECUTE 'SELECT string_agg(nodename || '':'' || nodeport || '' '' || result, ''; '')
                 FROM run_command_on_workers($1) WHERE NOT success'
            INTO failed
            USING format('ALTER TABLE %s.%I DROP CONSTRAINT IF EXISTS %I', schema, key.table_name,
                         key.constraint_name);
        IF failed IS NOT NULL THEN
            RAISE EXCEPTION 'could not drop % on the workers: %', key.constraint_name, failed
                USING ERRCODE = 'object_not_in_prerequisite_state';
        END IF;
    END LOOP;

    FOR step IN SELECT * FROM @extschema@.customer_scoring_citus_plan() LOOP
        rel := format('%s.%I', schema, step.table_name)::regclass;
        table_name := step.table_name;
        EXECUTE 'SELECT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = $1)'
            INTO STRICT placed_as USING rel;
        IF placed_as::boolean THEN
            placed_as := 'already distributed';
        ELSIF step.kind = 'reference' THEN
            EXECUTE 'SELECT create_reference_table($1)' USING rel;
            placed_as := 'reference table';
        ELSIF step.table_name IN ('customers', 'leads') THEN
            EXECUTE 'SELECT create_distributed_table($1, $2, shard_count => $3, colocate_with => ''none'')'
                USING rel, step.distribution_column, shard_count;
            placed_as := format('distributed on %s', step.distribution_column);
        ELSE
            EXECUTE 'SELECT create_distributed_table($1, $2, colocate_with => $3)'
                USING rel, step.distribution_column, format('%s.customers', schema);
            placed_as := format('distributed on %s, co-located with customers', step.distribution_column);
        END IF;
        RETURN NEXT;
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
    'Distributes every table of the extension on Citus in one call, as customer_scoring_citus_plan() lists them (reference tables, customers on id with shard_count shards, customer-scoped tables co-located on customer_id, leads on id), setting aside and restoring the two foreign keys to reference tables; run once on the coordinator, as a superuser, after CREATE EXTENSION; tables already distributed are skipped';
