-- src/sql/code/62_nightly.sql — the nightly job in one statement (SPEC §4 "Batch
-- functions"), for pg_cron (one command per job) or cron + psql.
--
-- A procedure, so that it can COMMIT after each step: a failure in a later
-- step keeps the work of the earlier ones, and locks are held one step at a
-- time.  A procedure that commits cannot carry a SET clause (PostgreSQL
-- rejects COMMIT there with "invalid transaction termination"), so instead of
-- SET search_path every name below is qualified, operators included, and the
-- refresh functions it calls pin their own search_path.  For the same reason
-- it must be called on its own (CALL at top level, not inside BEGIN ... COMMIT).
-- Every step uses the same as_of, fixed when the call starts.

CREATE PROCEDURE @extschema@.run_nightly_refresh(as_of timestamptz DEFAULT pg_catalog.now())
LANGUAGE plpgsql
AS $$
DECLARE
    started timestamptz := pg_catalog.clock_timestamp();
    step_started timestamptz;
    n_lifecycle bigint;
    n_warmth bigint;
    n_rfm bigint;
    n_health bigint;
BEGIN
    IF as_of IS NULL THEN
        RAISE EXCEPTION 'as_of must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    RAISE NOTICE 'run_nightly_refresh: as of %', as_of;

    step_started := pg_catalog.clock_timestamp();
    n_lifecycle := @extschema@.refresh_customer_lifecycle(as_of);
    COMMIT;
    RAISE NOTICE 'run_nightly_refresh: 1/4 refresh_customer_lifecycle: % rows changed in %',
        n_lifecycle,
        pg_catalog.date_trunc('milliseconds', pg_catalog.clock_timestamp() OPERATOR(pg_catalog.-) step_started);

    step_started := pg_catalog.clock_timestamp();
    n_warmth := @extschema@.refresh_warmth_scores(as_of);
    COMMIT;
    RAISE NOTICE 'run_nightly_refresh: 2/4 refresh_warmth_scores: % rows changed in %',
        n_warmth,
        pg_catalog.date_trunc('milliseconds', pg_catalog.clock_timestamp() OPERATOR(pg_catalog.-) step_started);

    step_started := pg_catalog.clock_timestamp();
    n_rfm := @extschema@.refresh_rfm_scores(as_of);
    COMMIT;
    RAISE NOTICE 'run_nightly_refresh: 3/4 refresh_rfm_scores: % rows changed in %',
        n_rfm,
        pg_catalog.date_trunc('milliseconds', pg_catalog.clock_timestamp() OPERATOR(pg_catalog.-) step_started);

    step_started := pg_catalog.clock_timestamp();
    n_health := @extschema@.refresh_health_scores(as_of);
    COMMIT;
    RAISE NOTICE 'run_nightly_refresh: 4/4 refresh_health_scores: % rows changed in %',
        n_health,
        pg_catalog.date_trunc('milliseconds', pg_catalog.clock_timestamp() OPERATOR(pg_catalog.-) step_started);

    RAISE NOTICE 'run_nightly_refresh: done in %, % rows changed',
        pg_catalog.date_trunc('milliseconds', pg_catalog.clock_timestamp() OPERATOR(pg_catalog.-) started),
        n_lifecycle OPERATOR(pg_catalog.+) n_warmth OPERATOR(pg_catalog.+) n_rfm
            OPERATOR(pg_catalog.+) n_health;
END
$$;
COMMENT ON PROCEDURE @extschema@.run_nightly_refresh(timestamptz) IS
    'Nightly job: refresh_customer_lifecycle, refresh_warmth_scores, refresh_rfm_scores and refresh_health_scores as of as_of, committing after each step and reporting each step''s rows changed and time as a NOTICE.  CALL it on its own (not inside BEGIN ... COMMIT), e.g. from pg_cron or cron + psql';
