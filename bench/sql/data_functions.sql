-- bench/sql/data_functions.sql — the inputs of the pure-function cases,
-- :fn_rows rows each, deterministic (setseed + one serial INSERT).
--
-- bench.scores: the 8 warmth components as numeric(5,2) in [0, 100], each
-- NULL (unknown) 5% of the time, so the re-weighting path is exercised.
-- bench.inputs: what the lead, RFM, churn and event-impact functions read.
-- Both tables are asked for 2 parallel workers, so a parallel plan's shape
-- does not depend on the table's size.

\set ON_ERROR_STOP on
SET client_min_messages = warning;

CREATE TABLE bench.scores (
    c1 numeric(5,2), c2 numeric(5,2), c3 numeric(5,2), c4 numeric(5,2),
    c5 numeric(5,2), c6 numeric(5,2), c7 numeric(5,2), c8 numeric(5,2)
) WITH (parallel_workers = 2, autovacuum_enabled = false);

CREATE FUNCTION pg_temp.score() RETURNS numeric(5,2)
LANGUAGE sql VOLATILE
RETURN CASE WHEN random() < 0.05 THEN NULL ELSE round((random() * 100)::numeric, 2) END;

SELECT setseed(0.201);
INSERT INTO bench.scores
SELECT pg_temp.score(), pg_temp.score(), pg_temp.score(), pg_temp.score(),
       pg_temp.score(), pg_temp.score(), pg_temp.score(), pg_temp.score()
FROM generate_series(1, :fn_rows);

CREATE TABLE bench.inputs (
    qr_scans integer, catalog_views integer, messages integer,
    has_voice boolean, has_phone boolean, has_budget boolean, has_transaction_type boolean,
    has_property_type boolean, has_location boolean, has_payment_method boolean,
    last_activity timestamptz,
    lead_score integer,
    last_purchase timestamptz, purchase_count integer, total_spent numeric(12,2),
    days_since integer, avg_days numeric(8,2),
    base_impact numeric(5,2), decay_rate numeric(5,4), age_days integer, window_days integer
) WITH (parallel_workers = 2, autovacuum_enabled = false);

SELECT setseed(0.202);
INSERT INTO bench.inputs
SELECT floor(random() * 8)::int, floor(random() * 8)::int, floor(random() * 16)::int,
       random() < 0.3, random() < 0.8, random() < 0.6, random() < 0.7,
       random() < 0.6, random() < 0.7, random() < 0.4,
       CASE WHEN random() < 0.9 THEN bench.anchor() - random() * interval '100 hours' END,
       floor(random() * 101)::int,
       bench.anchor() - random() * interval '400 days',
       CASE WHEN random() < 0.02 THEN 0 ELSE 1 + floor(random() * 15)::int END,
       round((random() * 8000)::numeric, 2),
       floor(random() * 400)::int,
       CASE WHEN random() < 0.8 THEN round((10 + random() * 110)::numeric, 2) END,
       (ARRAY[10, 2, 1, 5, 8, 3, 15, 25, 20, 15, 18, 30, 30, -30])[1 + floor(random() * 14)::int],
       0.1,
       floor(random() * 200)::int,
       (ARRAY[7, 14, 30, 45, 60, 90])[1 + floor(random() * 6)::int]
FROM generate_series(1, :fn_rows);

VACUUM (FREEZE, ANALYZE) bench.scores, bench.inputs;
INSERT INTO bench.table_rows VALUES
    ('bench.scores', (SELECT count(*) FROM bench.scores)),
    ('bench.inputs', (SELECT count(*) FROM bench.inputs));
