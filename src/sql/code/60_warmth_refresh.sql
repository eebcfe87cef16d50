-- src/sql/code/60_warmth_refresh.sql — what every nightly refresh shares, and
-- the warmth refresh (SPEC §4).
--
-- How the refreshes are written (60_warmth_refresh.sql, 61_crm_refresh.sql):
--   * in batches of customer ids, each batch a few set-based statements that
--     filter on the id range: short statements, progress reports, and on
--     Citus statements that every shard runs on its own part (no temporary
--     table, no function call that reads tables);
--   * no write may be lost: a row that the triggers keep current (the order
--     totals, a warmth row an engagement event updates) is written only if
--     it is still what the refresh read; when a transaction changed it in
--     the meantime (the refresh waits for its row lock, then sees the new
--     version), the refresh reads that customer again and recomputes it, so
--     that the result is what a quiet re-run would compute;
--   * run with the extension owner's rights (SECURITY DEFINER, search_path
--     pinned), so that the nightly job needs only the administrator tier; the
--     application tier cannot run them;
--   * refuse to run on a logical-replication subscriber of the extension's
--     tables: the publisher's refresh arrives there through replication.

CREATE FUNCTION @extschema@.refuse_on_subscriber(refresh text)
RETURNS void
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    subscription name;
BEGIN
    SELECT s.subname INTO subscription
    FROM pg_catalog.pg_subscription AS s
    JOIN pg_catalog.pg_subscription_rel AS r ON r.srsubid = s.oid
    JOIN pg_catalog.pg_depend AS d
      ON d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = r.srrelid
     AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND d.deptype = 'e'
    JOIN pg_catalog.pg_extension AS e ON e.oid = d.refobjid AND e.extname = 'customer_scoring'
    WHERE s.subdbid = (SELECT db.oid FROM pg_catalog.pg_database AS db
                       WHERE db.datname = pg_catalog.current_database())
    ORDER BY s.subname
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION '% does not run on a logical-replication subscriber', refresh
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Subscription "%s" replicates the extension''s tables from a publisher; their refreshes arrive through it.', subscription),
                  HINT = 'Run the refreshes and the nightly job on the publisher.  A subscriber stays read-only.';
    END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.refuse_on_subscriber(text) IS
    'Raises 55000 naming the subscription when this database subscribes to tables of the extension: refreshes belong on the publisher';

-- The id of the last customer of the next batch after after_id (NULL when
-- none is left).
CREATE FUNCTION @extschema@.refresh_batch_end(after_id bigint, batch_size integer)
RETURNS bigint
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF batch_size IS NULL THEN
        RAISE EXCEPTION 'batch_size must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF batch_size < 1 THEN
        RAISE EXCEPTION 'batch_size must be greater than 0' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN (SELECT max(b.id)
            FROM (SELECT c.id FROM @extschema@.customers AS c
                  WHERE c.id > after_id ORDER BY c.id LIMIT batch_size) AS b);
END
$$;
COMMENT ON FUNCTION @extschema@.refresh_batch_end(bigint, integer) IS
    'The last customer id of the refresh batch of batch_size customers after after_id; NULL when none is left';

-- The writers that tag the warmth history (SET customer_scoring.change_trigger
-- in their declaration) say it again with SET LOCAL: Citus forwards a SET
-- LOCAL statement to the workers where the history triggers fire
-- (citus.propagate_set_commands = local), not a function's SET clause.
-- Inside such a function the SET LOCAL ends with it, as the clause does.
CREATE FUNCTION @extschema@.tag_changes(change_trigger text)
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
AS $$
BEGIN
    IF change_trigger IS NULL THEN
        RAISE EXCEPTION 'change_trigger must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    EXECUTE pg_catalog.format('SET LOCAL customer_scoring.change_trigger = %L', change_trigger);
END
$$;
COMMENT ON FUNCTION @extschema@.tag_changes(text) IS
    'SET LOCAL customer_scoring.change_trigger to the given tag, as a statement that Citus forwards to the workers; used by the writers that tag the warmth history';

CREATE FUNCTION @extschema@.refresh_warmth_scores(
    as_of timestamptz DEFAULT pg_catalog.now(),
    batch_size integer DEFAULT 10000)
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET customer_scoring.change_trigger = 'refresh'
AS $$
DECLARE
    active_name text;
    active_version text;
    intercept double precision;
    slope double precision;
    total bigint;
    done bigint := 0;
    changed bigint := 0;
    updated bigint;
    batch_done bigint;
    last_id bigint := -9223372036854775808;
    upper_id bigint;
    again bigint[];
    passes integer;
BEGIN
    PERFORM @extschema@.tag_changes('refresh');     -- reaches Citus workers too
    IF as_of IS NULL THEN
        RAISE EXCEPTION 'as_of must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM @extschema@.refresh_batch_end(last_id, batch_size);    -- checks batch_size
    PERFORM @extschema@.refuse_on_subscriber('refresh_warmth_scores');

    -- the algorithm the warmth trigger scores with; its probability link
    -- decides which stored purchase probabilities are out of date
    SELECT a.name, a.version, a.probability_intercept, a.probability_slope
    INTO active_name, active_version, intercept, slope
    FROM @extschema@.warmth_scoring_algorithms AS a WHERE a.is_active;
    IF NOT FOUND THEN
        active_name := 'builtin';
        active_version := '1.0';
        intercept := -5;
        slope := 0.1;
    END IF;
    SELECT count(*) INTO total FROM @extschema@.customer_warmth;

    LOOP
        upper_id := @extschema@.refresh_batch_end(last_id, batch_size);
        EXIT WHEN upper_id IS NULL;
        again := NULL;
        passes := 0;
        LOOP
            passes := passes + 1;
            -- The decayed engagement of the batch's customers at as_of (customers
            -- without events keep a hand-set engagement), the day counters, and
            -- what was read of the columns an engagement event changes.
            WITH fresh AS MATERIALIZED (
                SELECT w.customer_id,
                       CASE WHEN EXISTS (SELECT 1 FROM @extschema@.customer_engagement_events AS ev
                                         WHERE ev.customer_id = w.customer_id)
                            THEN COALESCE(s.engagement, 0.00) ELSE w.engagement_score END AS engagement,
                       @extschema@.whole_days_between(w.first_contact_at, as_of) AS days_first,
                       @extschema@.whole_days_between(w.last_engagement_date, as_of) AS days_last,
                       w.engagement_score, w.days_since_first_contact, w.days_since_last_interaction,
                       w.scoring_algorithm_used, w.algorithm_version,
                       w.purchase_probability,
                       @extschema@.purchase_probability(w.overall_warmth_score, intercept, slope)
                           AS probability_now,
                       w.total_interactions, w.last_engagement_date
                FROM @extschema@.customer_warmth AS w
                LEFT JOIN (
                    SELECT c.customer_id,
                           round(LEAST(100::numeric, GREATEST(0::numeric,
                               sum(@extschema@.event_impact(
                                       c.base_score_impact, c.decay_rate,
                                       @extschema@.whole_days_between(c.occurred_at, as_of),
                                       c.time_window_days)))), 2) AS engagement
                    FROM @extschema@.counted_engagement_events AS c
                    WHERE c.customer_id > last_id AND c.customer_id <= upper_id
                    GROUP BY c.customer_id) AS s ON s.customer_id = w.customer_id
                WHERE w.customer_id > last_id AND w.customer_id <= upper_id
                  AND (again IS NULL OR w.customer_id = ANY (again))
            ), changes AS MATERIALIZED (
                SELECT f.* FROM fresh AS f
                WHERE f.engagement_score IS DISTINCT FROM f.engagement
                   OR f.days_since_first_contact IS DISTINCT FROM f.days_first
                   OR f.days_since_last_interaction IS DISTINCT FROM f.days_last
                   OR f.scoring_algorithm_used IS DISTINCT FROM active_name
                   OR f.algorithm_version IS DISTINCT FROM active_version
                   -- a changed probability link: the update rescores the row
                   OR f.purchase_probability IS DISTINCT FROM f.probability_now
            ), written AS (
                UPDATE @extschema@.customer_warmth AS w
                SET engagement_score = k.engagement,
                    days_since_first_contact = k.days_first,
                    days_since_last_interaction = k.days_last
                FROM changes AS k
                WHERE w.customer_id = k.customer_id
                  AND w.customer_id > last_id AND w.customer_id <= upper_id
                  -- still what was read: else an event came in between
                  AND (w.engagement_score, w.total_interactions, w.last_engagement_date)
                      IS NOT DISTINCT FROM (k.engagement_score, k.total_interactions, k.last_engagement_date)
                RETURNING w.customer_id)
            SELECT count(x.customer_id), array_agg(k.customer_id) FILTER (WHERE x.customer_id IS NULL)
            INTO updated, again
            FROM changes AS k LEFT JOIN written AS x ON x.customer_id = k.customer_id;
            changed := changed + updated;
            EXIT WHEN again IS NULL;
            IF passes >= 10 THEN
                RAISE WARNING 'refresh_warmth_scores: % customers kept changing while being refreshed; their engagement events keep them current',
                    cardinality(again);
                EXIT;
            END IF;
        END LOOP;

        SELECT count(*) INTO batch_done FROM @extschema@.customer_warmth AS w
        WHERE w.customer_id > last_id AND w.customer_id <= upper_id;
        done := done + batch_done;
        last_id := upper_id;
        IF total > batch_size THEN
            RAISE NOTICE 'refresh_warmth_scores: % of % customers, % changed', done, total, changed;
        END IF;
    END LOOP;
    RETURN changed;
END
$$;
COMMENT ON FUNCTION @extschema@.refresh_warmth_scores(timestamptz, integer) IS
    'Nightly recompute of decayed engagement, day counters, overall score, level and purchase probability (the active algorithm''s probability_intercept and probability_slope) as of as_of, in batches of customers; a row an engagement event changed meanwhile is read again; returns the rows changed; history says "refresh"';
