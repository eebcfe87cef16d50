-- bench/sql/harness.sql — the measuring machinery of bench/run: where
-- results go, how one case is timed, and the definitions of the pure-function
-- cases.  Installed into schema "bench" of the throw-away bench database.

CREATE SCHEMA bench;

-- One row per timed run.  round 0 is the warm-up and is not stored.
CREATE TABLE bench.results (
    phase       text NOT NULL,      -- functions, triggers, events, c360, refresh
    case_name   text NOT NULL,      -- e.g. calculate_composite_warmth_score
    variant     text NOT NULL,      -- e.g. c, plpgsql, sql, bare, none
    mode        text NOT NULL DEFAULT '',   -- serial / parallel / clients
    round       integer NOT NULL,
    ms          double precision,   -- wall time of the statement (or the pgbench run)
    nrows       bigint,             -- rows processed, for ns/row and rows/s
    result      text,               -- what the query returned (a checksum)
    tps         double precision,   -- pgbench cases
    p50_ms      double precision,
    p95_ms      double precision
);

-- Rows of each input table (and of each refresh), for ns/row and rows/s.
CREATE TABLE bench.table_rows (tbl text PRIMARY KEY, n bigint NOT NULL);

-- Checks that are not timings: results agree, plans are parallel, SQL
-- functions are inlined.
CREATE TABLE bench.checks (
    check_name  text NOT NULL,
    subject     text NOT NULL,
    ok          boolean,
    detail      text
);

-- Backend memory around a full refresh.
CREATE TABLE bench.memory (
    label           text,
    contexts_bytes  bigint,     -- sum of pg_backend_memory_contexts.total_bytes
    vmrss_kb        bigint,     -- /proc/<pid>/status: resident, shared buffers touched included
    rssanon_kb      bigint,     -- private (anonymous) resident memory only
    vmhwm_kb        bigint      -- peak resident set
);

-- time_sql — run one statement, store its wall time.  Each call is its own
-- transaction (bench/run sends one per line in autocommit), so the
-- parallel setting made with set_config(..., true) applies to this statement
-- only, and is the same for every variant of a comparison.
CREATE FUNCTION bench.time_sql(
    phase text, case_name text, variant text, mode text, round integer,
    nrows bigint, statement text, parallel boolean DEFAULT false)
RETURNS double precision
LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz;
    elapsed double precision;
    answer text;
BEGIN
    PERFORM set_config('max_parallel_workers_per_gather',
                       CASE WHEN parallel THEN '2' ELSE '0' END, true);
    t0 := clock_timestamp();
    IF statement ~* '^\s*select' THEN
        EXECUTE statement INTO answer;
    ELSE
        EXECUTE statement;
    END IF;
    elapsed := extract(epoch FROM clock_timestamp() - t0) * 1000;
    IF round > 0 THEN
        INSERT INTO bench.results (phase, case_name, variant, mode, round, ms, nrows, result)
        VALUES (phase, case_name, variant, mode, round, elapsed, nrows, answer);
    END IF;
    RETURN elapsed;
END
$$;

-- ---------------------------------------------------------------------------
-- Pure-function cases: one row per function, the three implementations as
-- expressions over the columns of one table.  "agg" turns the results into
-- one value (sum for numbers; count for enums and composites, which still
-- forces every value to be computed).
-- ---------------------------------------------------------------------------

CREATE TABLE bench.fn_cases (
    ord         integer PRIMARY KEY,
    case_name   text NOT NULL UNIQUE,
    tbl         text NOT NULL,      -- bench.scores or bench.inputs
    agg         text NOT NULL,      -- sum or count
    c_expr      text NOT NULL,
    plpgsql_expr text NOT NULL,
    sql_expr    text NOT NULL,
    float_result boolean NOT NULL DEFAULT false   -- compare with a tolerance
);

-- The instant every time-dependent function is evaluated at (the data are
-- generated relative to it).
CREATE FUNCTION bench.anchor() RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN timestamptz '2025-06-01 12:00:00+00';

INSERT INTO bench.fn_cases (ord, case_name, tbl, agg, c_expr, plpgsql_expr, sql_expr, float_result) VALUES
(1, 'calculate_composite_warmth_score', 'bench.scores', 'sum',
    'calculate_composite_warmth_score(c1, c2, c3, c4, c5, c6, c7, c8)',
    'baseline.calculate_composite_warmth_score(c1, c2, c3, c4, c5, c6, c7, c8)',
    'baseline.calculate_composite_warmth_score_sql(c1, c2, c3, c4, c5, c6, c7, c8)', false),
(2, 'health_score', 'bench.scores', 'sum',
    'health_score(c1, c2, c3, c4, c5, c6)',
    'baseline.health_score(c1, c2, c3, c4, c5, c6)',
    'baseline.health_score_sql(c1, c2, c3, c4, c5, c6)', false),
(3, 'warmth_level', 'bench.scores', 'count',
    'warmth_level(c1)', 'baseline.warmth_level(c1)', 'baseline.warmth_level_sql(c1)', false),
(4, 'purchase_probability', 'bench.scores', 'sum',
    'purchase_probability(c1)', 'baseline.purchase_probability(c1)',
    'baseline.purchase_probability_sql(c1)', false),
(5, 'health_level', 'bench.scores', 'count',
    'health_level(c1)', 'baseline.health_level(c1)', 'baseline.health_level_sql(c1)', false),
(6, 'calculate_lead_score', 'bench.inputs', 'sum',
    'calculate_lead_score(qr_scans, catalog_views, messages, has_voice, has_phone, has_budget, has_transaction_type, has_property_type, has_location, has_payment_method, last_activity, bench.anchor())',
    'baseline.calculate_lead_score(qr_scans, catalog_views, messages, has_voice, has_phone, has_budget, has_transaction_type, has_property_type, has_location, has_payment_method, last_activity, bench.anchor())',
    'baseline.calculate_lead_score_sql(qr_scans, catalog_views, messages, has_voice, has_phone, has_budget, has_transaction_type, has_property_type, has_location, has_payment_method, last_activity, bench.anchor())', false),
(7, 'lead_temperature', 'bench.inputs', 'count',
    'lead_temperature(lead_score)', 'baseline.lead_temperature(lead_score)',
    'baseline.lead_temperature_sql(lead_score)', false),
(8, 'rfm_score', 'bench.inputs', 'count',
    'rfm_score(last_purchase, purchase_count, total_spent, bench.anchor())',
    'baseline.rfm_score(last_purchase, purchase_count, total_spent, bench.anchor())',
    'baseline.rfm_score_sql(last_purchase, purchase_count, total_spent, bench.anchor())', false),
(9, 'churn_risk', 'bench.inputs', 'sum',
    'churn_risk(days_since, purchase_count, avg_days)',
    'baseline.churn_risk(days_since, purchase_count, avg_days)',
    'baseline.churn_risk_sql(days_since, purchase_count, avg_days)', true),
(10, 'event_impact', 'bench.inputs', 'sum',
    'event_impact(base_impact, decay_rate, age_days, window_days)',
    'baseline.event_impact(base_impact, decay_rate, age_days, window_days)',
    'baseline.event_impact_sql(base_impact, decay_rate, age_days, window_days)', false);

-- The bare scans the functions are compared with: the same rows, one column
-- summed.  "bare" (first column) is the reference of the ratios; "bare_last"
-- reads the last input column, so it also pays for deforming the whole row.
CREATE TABLE bench.bare_cases (
    tbl         text NOT NULL,
    variant     text NOT NULL,
    expr        text NOT NULL,
    PRIMARY KEY (tbl, variant)
);
INSERT INTO bench.bare_cases VALUES
    ('bench.scores', 'bare', 'sum(c1)'),
    ('bench.scores', 'bare_last', 'sum(c8)'),
    ('bench.inputs', 'bare', 'sum(qr_scans)'),
    ('bench.inputs', 'bare_last', 'sum(window_days)');

-- fn_query — the statement of one function case and variant.
CREATE FUNCTION bench.fn_query(case_name text, variant text)
RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT format('SELECT %s(%s)::text FROM %s', f.agg,
                  CASE variant WHEN 'c' THEN f.c_expr WHEN 'plpgsql' THEN f.plpgsql_expr
                               ELSE f.sql_expr END,
                  f.tbl)
    FROM bench.fn_cases f WHERE f.case_name = fn_query.case_name
$$;

-- time_fn / time_bare — one timed run of a function case or a bare scan.
CREATE FUNCTION bench.time_fn(case_name text, variant text, round integer, parallel boolean)
RETURNS double precision
LANGUAGE sql AS $$
    SELECT bench.time_sql('functions', case_name, variant,
                          CASE WHEN parallel THEN 'parallel' ELSE 'serial' END, round,
                          (SELECT n FROM bench.table_rows t, bench.fn_cases f
                           WHERE f.case_name = time_fn.case_name AND t.tbl = f.tbl),
                          bench.fn_query(case_name, variant), parallel)
$$;


CREATE FUNCTION bench.time_bare(tbl text, variant text, round integer, parallel boolean)
RETURNS double precision
LANGUAGE sql AS $$
    SELECT bench.time_sql('functions', tbl, variant,
                          CASE WHEN parallel THEN 'parallel' ELSE 'serial' END, round,
                          (SELECT n FROM bench.table_rows t WHERE t.tbl = time_bare.tbl),
                          (SELECT format('SELECT %s::text FROM %s', b.expr, b.tbl)
                           FROM bench.bare_cases b
                           WHERE b.tbl = time_bare.tbl AND b.variant = time_bare.variant),
                          parallel)
$$;

-- explain — the plan of a statement as text, with max_parallel_workers_per_gather
-- set for this transaction; options as in EXPLAIN (...).
CREATE FUNCTION bench.explain(statement text, options text, parallel boolean)
RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
    line text;
BEGIN
    PERFORM set_config('max_parallel_workers_per_gather',
                       CASE WHEN parallel THEN '2' ELSE '0' END, true);
    FOR line IN EXECUTE format('EXPLAIN (%s) %s', options, statement) LOOP
        RETURN NEXT line;
    END LOOP;
END
$$;

-- check_functions — untimed: (1) every row gives the same answer in C,
-- PL/pgSQL and SQL; (2) each variant gets a parallel plan when workers are
-- allowed, and the C one really launches them; (3) each SQL version is
-- inlined (no call of a *_sql function left in the plan).
CREATE FUNCTION bench.check_functions()
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    f record;
    v text;
    differ bigint;
    compared bigint;
    plan text;
    differs text;
BEGIN
    PERFORM set_config('max_parallel_workers_per_gather', '2', true);
    FOR f IN SELECT * FROM bench.fn_cases ORDER BY ord LOOP
        FOREACH v IN ARRAY ARRAY['plpgsql', 'sql'] LOOP
            differs := CASE WHEN f.float_result
                THEN '(a IS NULL) <> (b IS NULL) OR abs(a - b) > 1e-12 * greatest(1, abs(a))'
                ELSE 'a IS DISTINCT FROM b' END;
            EXECUTE format('SELECT count(*), count(*) FILTER (WHERE %s) FROM (SELECT %s AS a, %s AS b FROM %s) x',
                           differs, f.c_expr,
                           CASE v WHEN 'plpgsql' THEN f.plpgsql_expr ELSE f.sql_expr END, f.tbl)
            INTO compared, differ;
            INSERT INTO bench.checks VALUES
                ('same result as C', f.case_name || ' / ' || v, differ = 0,
                 format('%s of %s rows differ', differ, compared));
        END LOOP;

        FOREACH v IN ARRAY ARRAY['c', 'plpgsql', 'sql'] LOOP
            SELECT string_agg(l, E'\n') INTO plan
            FROM bench.explain(bench.fn_query(f.case_name, v), 'VERBOSE, COSTS OFF', true) l;
            INSERT INTO bench.checks VALUES
                ('parallel plan', f.case_name || ' / ' || v,
                 plan ~ 'Workers Planned: [1-9]',
                 coalesce(substring(plan FROM 'Workers Planned: [0-9]+'), 'no Gather'));
            IF v = 'sql' THEN
                INSERT INTO bench.checks VALUES
                    ('SQL version inlined', f.case_name, plan !~ '_sql\(',
                     CASE WHEN plan ~ '_sql\(' THEN 'called per row' ELSE 'expression inlined' END);
            END IF;
        END LOOP;

        SELECT string_agg(l, E'\n') INTO plan
        FROM bench.explain(bench.fn_query(f.case_name, 'c'), 'ANALYZE, COSTS OFF, TIMING OFF', true) l;
        INSERT INTO bench.checks VALUES
            ('parallel workers launched', f.case_name || ' / c',
             plan ~ 'Workers Launched: [1-9]',
             coalesce(substring(plan FROM 'Workers Launched: [0-9]+'), 'no Gather'));
    END LOOP;
END
$$;

-- memory_snapshot — this backend's memory, for the before/after of a refresh.
-- /proc is read through pg_read_file (superuser), so it is the backend's own.
CREATE FUNCTION bench.memory_snapshot(label text)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    status text;
BEGIN
    status := pg_read_file('/proc/' || pg_backend_pid() || '/status');
    INSERT INTO bench.memory
    SELECT label,
           (SELECT sum(total_bytes) FROM pg_backend_memory_contexts),
           substring(status FROM 'VmRSS:\s+(\d+)')::bigint,
           substring(status FROM 'RssAnon:\s+(\d+)')::bigint,
           substring(status FROM 'VmHWM:\s+(\d+)')::bigint;
END
$$;
