-- src/sql/code/62_nightly.sql — the nightly job in one statement (SPEC §4 "Batch
-- functions"), for pg_cron (one command per job) or cron + psql.
--
-- A procedure, so that it can COMMIT after each step: a failure in a later
-- step keeps the work of the earlier ones, and locks are held one step at a
-- time.  A step that fails is rolled back, logged, and the next steps still
-- run; the call then ends with an ERROR naming the failed steps, so that
-- pg_cron marks the run failed.  Every step writes a row of
-- customer_scoring_nightly_log (pg_cron keeps only "CALL" as the job's
-- message) and a NOTICE.
--
-- A procedure that commits cannot carry a SET clause nor be SECURITY DEFINER
-- (PostgreSQL rejects COMMIT there with "invalid transaction termination"),
-- so instead of SET search_path every name below is qualified, operators
-- included, and the refreshes it calls pin their own search_path and run
-- with the extension owner's rights; the administrator tier may call them.
-- For the same reason it must be called on its own (CALL at top level, not
-- inside BEGIN ... COMMIT).  Every step uses the same as_of, fixed when the
-- call starts.

CREATE FUNCTION @extschema@.nightly_log_step(
    run_started_at timestamptz, as_of timestamptz, step integer, step_name text,
    rows_changed bigint, duration interval, error_sqlstate text, error_message text)
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    INSERT INTO @extschema@.customer_scoring_nightly_log
        (run_started_at, as_of, step, step_name, rows_changed, duration, error_sqlstate,
         error_message, run_by)
    VALUES (nightly_log_step.run_started_at, nightly_log_step.as_of, nightly_log_step.step,
            nightly_log_step.step_name, nightly_log_step.rows_changed, nightly_log_step.duration,
            nightly_log_step.error_sqlstate, nightly_log_step.error_message,
            @extschema@.calling_user());
END
$$;
COMMENT ON FUNCTION @extschema@.nightly_log_step(timestamptz, timestamptz, integer, text, bigint, interval, text, text) IS
    'Writes one row of customer_scoring_nightly_log (run_nightly_refresh() calls it after each step), with the extension owner''s rights so that the log cannot be written otherwise';

-- The steps of the nightly job, in order.
CREATE FUNCTION @extschema@.nightly_steps()
RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN ARRAY['refresh_customer_lifecycle', 'refresh_warmth_scores', 'refresh_rfm_scores',
                 'refresh_health_scores', 'refresh_predictions'];
END
$$;
COMMENT ON FUNCTION @extschema@.nightly_steps() IS
    'The refreshes run_nightly_refresh() runs, in order: lifecycle first (the others read its totals), then warmth, RFM, health and predictions';

CREATE PROCEDURE @extschema@.run_nightly_refresh(as_of timestamptz DEFAULT pg_catalog.now())
LANGUAGE plpgsql
AS $$
DECLARE
    schema name := (SELECT n.nspname FROM pg_catalog.pg_extension e
                    JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) e.extnamespace
                    WHERE e.extname OPERATOR(pg_catalog.=) 'customer_scoring');
    steps text[] := @extschema@.nightly_steps();
    started timestamptz := pg_catalog.clock_timestamp();
    step_started timestamptz;
    took interval;
    i integer;
    n bigint;
    total bigint := 0;
    failed_state text;
    failed_message text;
    failed_steps text[] := '{}';
BEGIN
    IF as_of IS NULL THEN
        RAISE EXCEPTION 'as_of must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    RAISE NOTICE 'run_nightly_refresh: as of %', as_of;

    FOR i IN 1 .. pg_catalog.array_length(steps, 1) LOOP
        step_started := pg_catalog.clock_timestamp();
        n := NULL;
        failed_state := NULL;
        failed_message := NULL;
        BEGIN
            EXECUTE pg_catalog.format('SELECT %I.%I($1)', schema, steps[i]) INTO n USING as_of;
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS failed_state = RETURNED_SQLSTATE, failed_message = MESSAGE_TEXT;
        END;
        took := pg_catalog.date_trunc('milliseconds',
                                      pg_catalog.clock_timestamp() OPERATOR(pg_catalog.-) step_started);
        PERFORM @extschema@.nightly_log_step(started, as_of, i, steps[i], n, took, failed_state,
                                             failed_message);
        COMMIT;
        IF failed_state IS NULL THEN
            total := total OPERATOR(pg_catalog.+) n;
            RAISE NOTICE 'run_nightly_refresh: %/% %: % rows changed in %',
                i, pg_catalog.array_length(steps, 1), steps[i], n, took;
        ELSE
            failed_steps := failed_steps OPERATOR(pg_catalog.||) steps[i];
            RAISE WARNING 'run_nightly_refresh: %/% % failed after %: % (SQLSTATE %)',
                i, pg_catalog.array_length(steps, 1), steps[i], took, failed_message, failed_state;
        END IF;
    END LOOP;

    IF pg_catalog.cardinality(failed_steps) OPERATOR(pg_catalog.>) 0 THEN
        RAISE EXCEPTION 'run_nightly_refresh: % of % steps failed: %',
            pg_catalog.cardinality(failed_steps), pg_catalog.array_length(steps, 1),
            pg_catalog.array_to_string(failed_steps, ', ')
            USING HINT = 'customer_scoring_nightly_log has each step''s error; the other steps were committed.';
    END IF;
    RAISE NOTICE 'run_nightly_refresh: done in %, % rows changed',
        pg_catalog.date_trunc('milliseconds', pg_catalog.clock_timestamp() OPERATOR(pg_catalog.-) started),
        total;
END
$$;
COMMENT ON PROCEDURE @extschema@.run_nightly_refresh(timestamptz) IS
    'Nightly job: the refreshes of nightly_steps() as of as_of, committing after each step; each step''s rows changed, time or error go to customer_scoring_nightly_log and a NOTICE; a failed step is rolled back and the others still run, then the call fails naming it.  CALL it on its own (not inside BEGIN ... COMMIT), e.g. from pg_cron or cron + psql; administrator tier';
