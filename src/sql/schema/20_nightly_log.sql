-- src/sql/schema/20_nightly_log.sql — what the nightly job did, step by step.
--
-- Under pg_cron a job's return_message is only "CALL" and NOTICEs reach only
-- the server log, so run_nightly_refresh() writes one row per step here:
-- which step, as of when, the rows it changed, how long it took, and the
-- error that stopped it.  Not customer data: a plain table (a Citus
-- reference table), kept by pg_dump.

CREATE TABLE @extschema@.customer_scoring_nightly_log (
    id              bigint GENERATED ALWAYS AS IDENTITY,
    run_started_at  timestamptz NOT NULL,
    as_of           timestamptz NOT NULL,
    step            smallint NOT NULL,
    step_name       text NOT NULL,
    rows_changed    bigint,
    duration        interval NOT NULL,
    error_sqlstate  text,
    error_message   text,
    run_by          name NOT NULL,

    CONSTRAINT customer_scoring_nightly_log_pkey PRIMARY KEY (id),
    CONSTRAINT customer_scoring_nightly_log_outcome_check
        CHECK ((rows_changed IS NULL) <> (error_sqlstate IS NULL))
);

CREATE INDEX customer_scoring_nightly_log_run_idx
    ON @extschema@.customer_scoring_nightly_log (run_started_at, step);

COMMENT ON TABLE @extschema@.customer_scoring_nightly_log IS
    'One row per step of each run_nightly_refresh() call: rows changed and duration, or the error that stopped the step';
COMMENT ON COLUMN @extschema@.customer_scoring_nightly_log.run_started_at IS
    'When the run began; the rows of one run share it';
COMMENT ON COLUMN @extschema@.customer_scoring_nightly_log.as_of IS 'The instant every step of the run scored as of';
COMMENT ON COLUMN @extschema@.customer_scoring_nightly_log.step IS 'Position of the step in the run, from 1';
COMMENT ON COLUMN @extschema@.customer_scoring_nightly_log.step_name IS 'The refresh function of the step';
COMMENT ON COLUMN @extschema@.customer_scoring_nightly_log.rows_changed IS
    'Rows the step changed; NULL when it failed';
COMMENT ON COLUMN @extschema@.customer_scoring_nightly_log.duration IS 'Wall-clock time of the step';
COMMENT ON COLUMN @extschema@.customer_scoring_nightly_log.error_sqlstate IS
    'SQLSTATE of the error that stopped the step (its work was rolled back); NULL when it succeeded';
COMMENT ON COLUMN @extschema@.customer_scoring_nightly_log.error_message IS 'Message of that error';
COMMENT ON COLUMN @extschema@.customer_scoring_nightly_log.run_by IS 'The role that called run_nightly_refresh()';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.customer_scoring_nightly_log', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.customer_scoring_nightly_log_id_seq', '');
COMMENT ON SEQUENCE @extschema@.customer_scoring_nightly_log_id_seq IS
    'Identity of customer_scoring_nightly_log.id; pg_dump saves its position (pg_extension_config_dump)';
