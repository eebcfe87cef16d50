-- bench/sql/report.sql — the results as markdown: medians of the timed runs,
-- ns/row, ratios, the checks, and the targets of the issue with met/missed.
-- psql variables: scale (customers), target_scale (the scale the 360 target
-- is stated for).  Output: unaligned, no headers — bench/run pastes it into
-- bench/results/latest.md.

\set ON_ERROR_STOP on
\pset format unaligned
\pset tuples_only on
\pset footer off

CREATE TEMP VIEW med AS
SELECT phase, case_name, variant, mode,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS ms,
       min(ms) AS min_ms, max(ms) AS max_ms,
       max(nrows) AS nrows, count(*) AS runs,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY tps) AS tps,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY p50_ms) AS p50,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY p95_ms) AS p95
FROM bench.results
GROUP BY phase, case_name, variant, mode;

-- number formatting
CREATE FUNCTION pg_temp.n(x double precision, digits integer DEFAULT 1) RETURNS text
LANGUAGE sql IMMUTABLE
RETURN CASE WHEN x IS NULL THEN '–' ELSE to_char(round(x::numeric, digits), 'FM999,999,999,990' ||
            CASE WHEN digits > 0 THEN '.' || repeat('0', digits) ELSE '' END) END;
CREATE FUNCTION pg_temp.x(x double precision) RETURNS text
LANGUAGE sql IMMUTABLE
RETURN CASE WHEN x IS NULL THEN '–' ELSE pg_temp.n(x, 2) || '×' END;
CREATE FUNCTION pg_temp.verdict(ok boolean) RETURNS text
LANGUAGE sql IMMUTABLE
RETURN CASE WHEN ok IS NULL THEN 'n/a' WHEN ok THEN '**met**' ELSE '**missed**' END;

-- ---------------------------------------------------------------------------
\echo '### Pure scoring functions'
\echo
SELECT format('Each query: `SELECT sum(f(...)) FROM <table>` (count(f(...)) for enum and composite results) over %s rows; median of %s interleaved runs. "÷ bare" = time / time of the bare scan `SELECT sum(<first column>)` over the same rows in the same mode; "PL/pgSQL ÷ C" and "SQL ÷ C" = how many times longer the baseline takes. "C − bare" = what the function itself costs per row.',
              pg_temp.n(max(nrows), 0), max(runs))
FROM med WHERE phase = 'functions';
\echo
\echo '| function | mode | C ms | C ns/row | C ÷ bare | C − bare ns/row | PL/pgSQL ms | PL/pgSQL ÷ C | SQL ms | SQL ÷ C | same results as C |'
\echo '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|'
SELECT format('| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |',
              r.label, r.mode, pg_temp.n(r.c_ms), pg_temp.n(r.c_ms * 1e6 / r.nrows, 0),
              pg_temp.x(r.c_ms / r.bare_ms), pg_temp.n((r.c_ms - r.bare_ms) * 1e6 / r.nrows, 0),
              pg_temp.n(r.p_ms), pg_temp.x(r.p_ms / r.c_ms),
              pg_temp.n(r.s_ms), pg_temp.x(r.s_ms / r.c_ms), r.same)
FROM (
    SELECT f.ord, f.case_name AS label, m.mode, c.ms AS c_ms, c.nrows, b.ms AS bare_ms,
           p.ms AS p_ms, s.ms AS s_ms,
           (SELECT CASE WHEN bool_and(k.ok) THEN 'yes' ELSE 'NO: ' || string_agg(k.subject || ' ' || k.detail, '; ') END
            FROM bench.checks k
            WHERE k.check_name = 'same result as C' AND k.subject LIKE f.case_name || ' / %') AS same
    FROM bench.fn_cases f
    CROSS JOIN (VALUES ('serial'), ('parallel')) m(mode)
    JOIN med c ON c.phase = 'functions' AND c.case_name = f.case_name AND c.variant = 'c' AND c.mode = m.mode
    JOIN med p ON p.phase = 'functions' AND p.case_name = f.case_name AND p.variant = 'plpgsql' AND p.mode = m.mode
    JOIN med s ON s.phase = 'functions' AND s.case_name = f.case_name AND s.variant = 'sql' AND s.mode = m.mode
    JOIN med b ON b.phase = 'functions' AND b.case_name = f.tbl AND b.variant = 'bare' AND b.mode = m.mode
    UNION ALL
    SELECT 100 + row_number() OVER (ORDER BY b.case_name, b.variant),
           format('*bare scan `%s` on %s*', bc.expr, b.case_name), b.mode, b.ms, b.nrows, base.ms,
           NULL, NULL, ''
    FROM med b
    JOIN bench.bare_cases bc ON bc.tbl = b.case_name AND bc.variant = b.variant
    JOIN med base ON base.phase = 'functions' AND base.case_name = b.case_name
                 AND base.variant = 'bare' AND base.mode = b.mode
    WHERE b.phase = 'functions' AND b.variant IN ('bare', 'bare_last')
) r
ORDER BY r.mode DESC, r.ord;
\echo

\echo '### Bulk INSERT ... SELECT through a BEFORE trigger'
\echo
SELECT format('`INSERT INTO <copy> SELECT ... FROM <source>` of %s rows into copies of the table (`LIKE ... INCLUDING DEFAULTS`: no indexes, constraints or other triggers) that differ only in their BEFORE trigger; median of %s interleaved runs, each into an empty table. "added" = time above the copy without trigger. The last line of each table is the real table with all its indexes, constraints and triggers (for customer_warmth also the AFTER trigger that writes one history row per inserted row).',
              pg_temp.n(max(nrows), 0), max(runs))
FROM med WHERE phase = 'triggers';
\echo
\echo '| table | trigger | ms | ns/row | added ns/row | added % | added ÷ C trigger''s |'
\echo '|---|---|--:|--:|--:|--:|--:|'
SELECT format('| %s | %s | %s | %s | %s | %s | %s |',
              t.case_name,
              CASE t.variant WHEN 'none' THEN 'none' WHEN 'c' THEN '**extension (C)**'
                             WHEN 'plpgsql' THEN '**PL/pgSQL** (bench/baseline)'
                             WHEN 'cfloor' THEN '*floor: minimal C trigger (contrib insert_username, sets one column)*'
                             WHEN 'pfloor' THEN '*floor: PL/pgSQL trigger that only returns NEW*'
                             ELSE '*real table, all its indexes, constraints and triggers*' END,
              pg_temp.n(t.ms), pg_temp.n(t.ms * 1e6 / t.nrows, 0),
              CASE WHEN t.variant IN ('none') THEN '' ELSE pg_temp.n((t.ms - z.ms) * 1e6 / t.nrows, 0) END,
              CASE WHEN t.variant IN ('none') THEN '' ELSE pg_temp.n(100 * (t.ms - z.ms) / z.ms, 0) || ' %' END,
              CASE WHEN t.variant IN ('plpgsql') THEN pg_temp.x((t.ms - z.ms) / nullif(c.ms - z.ms, 0)) ELSE '' END)
FROM med t
JOIN med z ON z.phase = 'triggers' AND z.case_name = t.case_name AND z.variant = 'none'
JOIN med c ON c.phase = 'triggers' AND c.case_name = t.case_name AND c.variant = 'c'
WHERE t.phase = 'triggers'
ORDER BY t.case_name DESC, array_position(ARRAY['none', 'cfloor', 'c', 'pfloor', 'plpgsql', 'real'], t.variant);
\echo
SELECT format('Agreement: %s.', string_agg(format('%s: %s', subject, detail), '; '))
FROM bench.checks WHERE check_name = 'same rows as the C trigger';
\echo

\echo '### Engagement events from concurrent clients'
\echo
SELECT format('pgbench, %s clients, one `INSERT INTO customer_engagement_events` per transaction, %s events per run, random customers among %s; median of %s runs. "extension" = the real table with its triggers (the AFTER trigger locks the customer''s warmth row, recomputes the engagement component from the event rules, updates counters and writes a history row); "no trigger" = a copy with the same indexes and no triggers or foreign key.',
              max(mode), pg_temp.n(max(nrows), 0), :'scale_text', max(runs))
FROM med WHERE phase = 'events';
\echo
\echo '| table | tps | p50 ms | p95 ms | µs per event (wall) |'
\echo '|---|--:|--:|--:|--:|'
SELECT format('| %s | %s | %s | %s | %s |',
              CASE variant WHEN 'ext' THEN 'customer_engagement_events (extension triggers)'
                           ELSE 'copy without triggers' END,
              pg_temp.n(tps, 0), pg_temp.n(p50, 2), pg_temp.n(p95, 2), pg_temp.n(1e6 / tps, 0))
FROM med WHERE phase = 'events'
ORDER BY variant DESC;
\echo

\echo '### One customer''s 360° view'
\echo
SELECT format('pgbench, 1 client, simple protocol (each query parsed and planned), %s random customers of %s per run; p50/p95 of each run, median over %s runs.',
              pg_temp.n(max(nrows), 0), :'scale_text', max(runs))
FROM med WHERE phase = 'c360';
\echo
\echo '| query | p50 ms | p95 ms | tps |'
\echo '|---|--:|--:|--:|'
SELECT format('| `%s` | %s | %s | %s |',
              CASE variant WHEN 'view' THEN 'SELECT * FROM customer_360_view WHERE customer_id = :id'
                           ELSE 'SELECT customer_360(:id)' END,
              pg_temp.n(p50, 3), pg_temp.n(p95, 3), pg_temp.n(tps, 0))
FROM med WHERE phase = 'c360'
ORDER BY variant DESC;
SELECT format('(%s)', detail) FROM bench.checks WHERE check_name = 'customer_360 function';
\echo

\echo '### Nightly refreshes over the full data'
\echo
\echo 'One call of each refresh over every customer, `max_parallel_workers_per_gather` = 0 (serial) or 2 (parallel), `as_of` one day later on every run so that every run has the same work; median of the interleaved runs, serial first in odd rounds and parallel first in even ones (VACUUM between runs, not timed). The last column comes from one more call of each refresh after the timed runs (untimed, with auto_explain on every nested statement of at least 10 ms; for a refresh over the time budget, its first call): statements that write (INSERT, UPDATE, a data-modifying CTE) never use parallel workers in PostgreSQL 15; the others could.'
SELECT format('(%s)', string_agg(subject || ': ' || detail, '; ')) FROM bench.checks WHERE check_name = 'refresh timed once' HAVING count(*) > 0;
\echo
\echo '| refresh | rows | runs | serial s | serial rows/s | parallel s | parallel rows/s | serial ÷ parallel | statements with parallel workers (auto_explain) |'
\echo '|---|--:|--:|--:|--:|--:|--:|--:|---|'
SELECT format('| %s | %s | %s | %s | %s | %s | %s | %s | %s |',
              s.case_name, pg_temp.n(s.nrows, 0), s.runs, pg_temp.n(s.ms / 1000, 2),
              pg_temp.n(s.nrows / (s.ms / 1000), 0), pg_temp.n(p.ms / 1000, 2),
              pg_temp.n(p.nrows / (p.ms / 1000), 0), pg_temp.x(s.ms / p.ms),
              coalesce((SELECT detail FROM bench.checks k
                        WHERE k.check_name = 'refresh uses parallel query' AND k.subject = s.case_name), '–'))
FROM med s
JOIN med p ON p.phase = 'refresh' AND p.case_name = s.case_name AND p.variant = 'parallel'
WHERE s.phase = 'refresh' AND s.variant = 'serial'
ORDER BY s.case_name DESC;
SELECT format('| **all three** | | | %s | | %s | | %s | |',
              pg_temp.n(sum(s.ms) / 1000, 2), pg_temp.n(sum(p.ms) / 1000, 2), pg_temp.x(sum(s.ms) / sum(p.ms)))
FROM med s
JOIN med p ON p.phase = 'refresh' AND p.case_name = s.case_name AND p.variant = 'parallel'
WHERE s.phase = 'refresh' AND s.variant = 'serial'
HAVING count(*) > 0;
\echo

\echo '### Backend memory around a full refresh'
\echo
\echo 'The session that ran the timed refreshes above, before the first and after each run (one run = each of the three refreshes serial and parallel). Memory contexts = sum of `pg_backend_memory_contexts.total_bytes`; RssAnon = private resident memory (/proc/<pid>/status); VmRSS also counts the shared buffers the backend touched; VmHWM = peak VmRSS.'
\echo
\echo '| when | memory contexts | RssAnon | VmRSS | VmHWM |'
\echo '|---|--:|--:|--:|--:|'
SELECT format('| %s | %s MB | %s MB | %s MB | %s MB |', label,
              pg_temp.n(contexts_bytes / 1048576.0, 1), pg_temp.n(rssanon_kb / 1024.0, 1),
              pg_temp.n(vmrss_kb / 1024.0, 1), pg_temp.n(vmhwm_kb / 1024.0, 1))
FROM bench.memory;
\echo

\echo '### Plans of the function cases'
\echo
\echo 'With 2 workers allowed: does each variant get a parallel plan (Workers Planned), do the C functions really launch workers (EXPLAIN ANALYZE), and is each SQL baseline inlined (no call of it left in EXPLAIN VERBOSE)?'
\echo
\echo '| function | C | PL/pgSQL | SQL | C, workers launched | SQL inlined |'
\echo '|---|---|---|---|---|---|'
SELECT format('| %s | %s | %s | %s | %s | %s |', f.case_name,
              (SELECT detail FROM bench.checks WHERE check_name = 'parallel plan' AND subject = f.case_name || ' / c'),
              (SELECT detail FROM bench.checks WHERE check_name = 'parallel plan' AND subject = f.case_name || ' / plpgsql'),
              (SELECT detail FROM bench.checks WHERE check_name = 'parallel plan' AND subject = f.case_name || ' / sql'),
              (SELECT detail FROM bench.checks WHERE check_name = 'parallel workers launched' AND subject = f.case_name || ' / c'),
              (SELECT detail FROM bench.checks WHERE check_name = 'SQL version inlined' AND subject = f.case_name))
FROM bench.fn_cases f
ORDER BY f.ord;
\echo

-- ---------------------------------------------------------------------------
\echo '## Targets'
\echo
\echo '| target | subject | measured | result |'
\echo '|---|---|--:|---|'
-- 1. pure functions, serial
-- The bound: roughly what a function costing nothing at all would reach,
-- PL/pgSQL time over the bare scan (rough for the count() cases, whose
-- aggregate is cheaper than the scan's sum()); below 10× no C code can meet
-- the target.
SELECT format('| C ≥ 10× faster than PL/pgSQL (serial) | %s | %s (a zero-cost function: ≈ %s) | %s |',
              f.case_name, pg_temp.x(p.ms / c.ms), pg_temp.x(p.ms / b.ms), pg_temp.verdict(p.ms / c.ms >= 10))
FROM bench.fn_cases f
JOIN med c ON c.phase = 'functions' AND c.case_name = f.case_name AND c.variant = 'c' AND c.mode = 'serial'
JOIN med p ON p.phase = 'functions' AND p.case_name = f.case_name AND p.variant = 'plpgsql' AND p.mode = 'serial'
JOIN med b ON b.phase = 'functions' AND b.case_name = f.tbl AND b.variant = 'bare' AND b.mode = 'serial'
ORDER BY f.ord;
SELECT format('| C total ≤ 2× the bare scan (serial) | %s | %s | %s |',
              f.case_name, pg_temp.x(c.ms / b.ms), pg_temp.verdict(c.ms / b.ms <= 2))
FROM bench.fn_cases f
JOIN med c ON c.phase = 'functions' AND c.case_name = f.case_name AND c.variant = 'c' AND c.mode = 'serial'
JOIN med b ON b.phase = 'functions' AND b.case_name = f.tbl AND b.variant = 'bare' AND b.mode = 'serial'
ORDER BY f.ord;
-- 2. parallel
SELECT format('| C functions stay parallel | %s of %s functions | planned %s, launched %s | %s |',
              count(*) FILTER (WHERE planned AND launched), count(*),
              count(*) FILTER (WHERE planned), count(*) FILTER (WHERE launched),
              pg_temp.verdict(bool_and(planned AND launched)))
FROM (SELECT f.case_name,
             coalesce((SELECT ok FROM bench.checks k WHERE k.check_name = 'parallel plan'
                       AND k.subject = f.case_name || ' / c'), false) AS planned,
             coalesce((SELECT ok FROM bench.checks k WHERE k.check_name = 'parallel workers launched'
                       AND k.subject = f.case_name || ' / c'), false) AS launched
      FROM bench.fn_cases f) x
HAVING count(*) > 0 AND EXISTS (SELECT 1 FROM bench.checks WHERE check_name = 'parallel plan');
-- 3. triggers
-- with the floor (a minimal C trigger) and the share of the real table's insert
SELECT format('| C BEFORE trigger adds ≤ 30%% to a bulk insert | %s | %s %% (minimal C trigger: %s %%; of the real table''s insert: %s %%) | %s |',
              z.case_name, pg_temp.n(100 * (c.ms - z.ms) / z.ms, 0),
              coalesce(pg_temp.n(100 * (f.ms - z.ms) / z.ms, 0), '–'),
              pg_temp.n(100 * (c.ms - z.ms) / r.ms, 1),
              pg_temp.verdict((c.ms - z.ms) / z.ms <= 0.30))
FROM med z
JOIN med c ON c.phase = 'triggers' AND c.case_name = z.case_name AND c.variant = 'c'
JOIN med r ON r.phase = 'triggers' AND r.case_name = z.case_name AND r.variant = 'real'
LEFT JOIN med f ON f.phase = 'triggers' AND f.case_name = z.case_name AND f.variant = 'cfloor'
WHERE z.phase = 'triggers' AND z.variant = 'none'
ORDER BY z.case_name DESC;
SELECT format('| C trigger adds ≥ 5× less time per row than PL/pgSQL | %s | %s | %s |',
              z.case_name, pg_temp.x((p.ms - z.ms) / nullif(c.ms - z.ms, 0)),
              pg_temp.verdict((p.ms - z.ms) >= 5 * (c.ms - z.ms)))
FROM med z
JOIN med c ON c.phase = 'triggers' AND c.case_name = z.case_name AND c.variant = 'c'
JOIN med p ON p.phase = 'triggers' AND p.case_name = z.case_name AND p.variant = 'plpgsql'
WHERE z.phase = 'triggers' AND z.variant = 'none'
ORDER BY z.case_name DESC;
-- 4. 360
SELECT format('| one customer''s 360, p95 < 5 ms at %s customers | %s | %s ms | %s |',
              :'target_scale_text',
              CASE variant WHEN 'view' THEN 'customer_360_view' ELSE 'customer_360()' END,
              pg_temp.n(p95, 3),
              CASE WHEN :scale >= :target_scale THEN pg_temp.verdict(p95 < 5)
                   ELSE format('not evaluated (run at %s customers)', :'scale_text') END)
FROM med WHERE phase = 'c360'
ORDER BY variant DESC;
-- 5. refresh
SELECT format('| full refresh uses parallel query where the plan allows it | %s | %s | %s |',
              k.subject, k.detail, pg_temp.verdict(k.ok))
FROM bench.checks k
WHERE k.check_name = 'refresh uses parallel query'
ORDER BY k.subject DESC;
SELECT format('| refresh ≥ 1.5× faster with 2 workers than with none | %s | %s | %s |',
              s.case_name, pg_temp.x(s.ms / p.ms), pg_temp.verdict(s.ms / p.ms >= 1.5))
FROM med s
JOIN med p ON p.phase = 'refresh' AND p.case_name = s.case_name AND p.variant = 'parallel'
WHERE s.phase = 'refresh' AND s.variant = 'serial'
ORDER BY s.case_name DESC;
SELECT format('| refresh ≥ 1.5× faster with 2 workers than with none | all three together | %s | %s |',
              pg_temp.x(sum(s.ms) / sum(p.ms)), pg_temp.verdict(sum(s.ms) / sum(p.ms) >= 1.5))
FROM med s
JOIN med p ON p.phase = 'refresh' AND p.case_name = s.case_name AND p.variant = 'parallel'
WHERE s.phase = 'refresh' AND s.variant = 'serial'
HAVING count(*) > 0;
\echo
