-- src/sql/code/60_warmth_refresh.sql — the nightly warmth refresh (SPEC §4).

CREATE FUNCTION @extschema@.refresh_warmth_scores(
    as_of timestamptz DEFAULT pg_catalog.now(),
    batch_size integer DEFAULT 10000)
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
SET customer_scoring.change_trigger = 'refresh'
AS $$
DECLARE
    active_name text;
    active_version text;
    total bigint;
    done bigint := 0;
    changed bigint := 0;
    batch_changed bigint;
    last_id bigint;
    upper_id bigint;
BEGIN
    IF as_of IS NULL THEN
        RAISE EXCEPTION 'as_of must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF batch_size IS NULL THEN
        RAISE EXCEPTION 'batch_size must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF batch_size < 1 THEN
        RAISE EXCEPTION 'batch_size must be greater than 0' USING ERRCODE = 'invalid_parameter_value';
    END IF;

    SELECT a.name, a.version INTO active_name, active_version
    FROM @extschema@.warmth_scoring_algorithms a WHERE a.is_active;
    IF NOT FOUND THEN
        active_name := 'builtin';
        active_version := '1.0';
    END IF;

    -- The expensive part, every customer's decayed engagement, is computed in
    -- one CREATE TABLE AS, which may use parallel workers (an UPDATE may not).
    IF to_regclass('pg_temp.cs_warmth_fresh') IS NOT NULL THEN
        DROP TABLE pg_temp.cs_warmth_fresh;
    END IF;
    CREATE TEMP TABLE cs_warmth_fresh ON COMMIT DROP AS
    -- Set-based: the contributions of all customers' events in one pass, the
    -- same rule as engagement_component(); customers without events keep a
    -- hand-set engagement.
    SELECT w.customer_id,
           CASE WHEN engaged.customer_id IS NOT NULL
                THEN COALESCE(summed.engagement, 0.00)
                ELSE w.engagement_score END AS engagement,
           @extschema@.whole_days_between(w.first_contact_at, as_of) AS days_first,
           @extschema@.whole_days_between(w.last_engagement_date, as_of) AS days_last
    FROM @extschema@.customer_warmth w
    LEFT JOIN (SELECT DISTINCT e.customer_id FROM @extschema@.customer_engagement_events e) engaged
           ON engaged.customer_id = w.customer_id
    LEFT JOIN (SELECT c.customer_id,
                      round(LEAST(100::numeric, GREATEST(0::numeric, sum(c.contribution))), 2)
                          AS engagement
               FROM @extschema@.engagement_contributions(as_of) c
               GROUP BY c.customer_id) summed
           ON summed.customer_id = w.customer_id;
    CREATE INDEX ON pg_temp.cs_warmth_fresh (customer_id);
    ANALYZE pg_temp.cs_warmth_fresh;
    SELECT count(*) INTO total FROM pg_temp.cs_warmth_fresh;
    last_id := (SELECT min(customer_id) - 1 FROM pg_temp.cs_warmth_fresh);

    -- Batches of customer ids keep each UPDATE short and allow progress reports.
    LOOP
        SELECT max(b.customer_id) INTO upper_id
        FROM (SELECT f.customer_id FROM pg_temp.cs_warmth_fresh f
              WHERE f.customer_id > last_id
              ORDER BY f.customer_id LIMIT batch_size) b;
        EXIT WHEN upper_id IS NULL;

        UPDATE @extschema@.customer_warmth w
        SET engagement_score = f.engagement,
            days_since_first_contact = f.days_first,
            days_since_last_interaction = f.days_last
        FROM pg_temp.cs_warmth_fresh f
        WHERE w.customer_id = f.customer_id
          -- the range on both sides: each batch reads only its own rows
          AND f.customer_id > last_id AND f.customer_id <= upper_id
          AND w.customer_id > last_id AND w.customer_id <= upper_id
          AND (w.engagement_score IS DISTINCT FROM f.engagement
               OR w.days_since_first_contact IS DISTINCT FROM f.days_first
               OR w.days_since_last_interaction IS DISTINCT FROM f.days_last
               OR w.scoring_algorithm_used IS DISTINCT FROM active_name
               OR w.algorithm_version IS DISTINCT FROM active_version);
        GET DIAGNOSTICS batch_changed = ROW_COUNT;

        changed := changed + batch_changed;
        done := done + (SELECT count(*) FROM pg_temp.cs_warmth_fresh f
                        WHERE f.customer_id > last_id AND f.customer_id <= upper_id);
        last_id := upper_id;
        IF total > batch_size THEN
            RAISE NOTICE 'refresh_warmth_scores: % of % customers, % changed', done, total, changed;
        END IF;
    END LOOP;
    DROP TABLE pg_temp.cs_warmth_fresh;
    RETURN changed;
END
$$;
COMMENT ON FUNCTION @extschema@.refresh_warmth_scores(timestamptz, integer) IS
    'Nightly recompute of decayed engagement, day counters, overall score and level as of as_of; returns the rows changed; history says "refresh"';
