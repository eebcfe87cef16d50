-- test/exactness.sql — differential test of the weighted composites against
-- PostgreSQL numeric arithmetic (SPEC §2 "Results are exact"):
-- calculate_composite_warmth_score (8 arguments, 100,000+ random rows),
-- health_score (6 arguments, 100,000+ rows) and the scores[]/weights[]
-- overload (random weights summing to 1, 20,000+ rows), each compared with
-- round(Σ wᵢxᵢ / Σ wᵢ over the present components, 2) evaluated in numeric,
-- plus deliberate half-cent cases.  Inputs are integers or have 1, 2 or 3
-- decimals, about 5% of components are NULL (missing).  Every result must
-- have scale 2.  Deterministic: setseed(0.42).
-- Needs: CREATE EXTENSION pgtap; CREATE EXTENSION customer_scoring;
BEGIN;
SELECT plan(21);

-- A random component: NULL 5% of the time, else a value in [0, 100] that is
-- an integer or has 1, 2 or 3 decimals.
CREATE FUNCTION pg_temp.random_component() RETURNS numeric
LANGUAGE sql VOLATILE AS $$
    SELECT CASE WHEN random() < 0.05 THEN NULL
                ELSE round((random() * 100)::numeric, floor(random() * 4)::int) END
$$;

DO $$ BEGIN PERFORM setseed(0.42); END $$;

-- 100,000 random rows, then half-cent cases: results whose exact value ends in 5 at the third decimal.
CREATE TEMP TABLE comp ON COMMIT DROP AS
SELECT g AS id,
       pg_temp.random_component() AS c1, pg_temp.random_component() AS c2,
       pg_temp.random_component() AS c3, pg_temp.random_component() AS c4,
       pg_temp.random_component() AS c5, pg_temp.random_component() AS c6,
       pg_temp.random_component() AS c7, pg_temp.random_component() AS c8
  FROM generate_series(1, 100000) AS g;
INSERT INTO comp VALUES
    (100001, 12.345, 12.345, 12.345, 12.345, 12.345, 12.345, 12.345, 12.345),  -- 12.345 -> 12.35
    (100002, 1.005, 1.005, 1.005, 1.005, 1.005, 1.005, 1.005, 1.005),          -- 1.005 -> 1.01
    (100003, 99.995, 99.995, 99.995, 99.995, 99.995, 99.995, 99.995, 99.995),  -- 99.995 -> 100.00
    (100004, 0, 0, 0, 0, 0, 0, 0, 0.1),             -- warmth 0.05 * 0.1 = 0.005
    (100005, 0, 0, 0, 0, 0, 0, 0.3, 0),             -- warmth 0.05 * 0.3 = 0.015
    (100006, 0, 0.01, 0, 0, 0, 0, 0.07, 0),         -- warmth 0.0015 + 0.0035 = 0.005
    (100007, 0, 0, 0, 0, 0, 0.05, 0, 0),            -- 0.10 * 0.05 = 0.005
    (100008, 0.1, 0, 0, 0, 0, 0, 0, 0),             -- health 0.25 * 0.1 = 0.025
    (100009, 0.002, 0, 0, 0, 0, 0.001, 0, 0),       -- health 0.0005 + 0.0001: 0.0006 -> 0.00
    (100010, 0.005, NULL, NULL, NULL, NULL, NULL, NULL, NULL),  -- alone: 0.005 -> 0.01
    (100011, 50.125, NULL, NULL, NULL, NULL, NULL, NULL, 50.125),  -- re-weighted: 50.125 -> 50.13
    (100012, 33.335, 66.665, NULL, NULL, NULL, NULL, NULL, NULL),  -- (0.2*33.335 + 0.15*66.665)/0.35
    (100013, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),      -- all missing -> NULL
    (100014, 100, 100, 100, 100, 100, 100, 100, 100),
    (100015, 0, 0, 0, 0, 0, 0, 0, 0);

SELECT ok((SELECT count(*) >= 100000 FROM comp), 'the component table has at least 100,000 rows');
SELECT results_eq(
    $$SELECT DISTINCT scale(c1) FROM comp WHERE id <= 100000 AND c1 IS NOT NULL ORDER BY 1$$,
    $$VALUES (0), (1), (2), (3)$$,
    'the random components are integers and 1-, 2- and 3-decimal values');
SELECT ok((SELECT count(*) FILTER (WHERE c1 IS NULL)::float8 / count(*) BETWEEN 0.03 AND 0.07 FROM comp),
          'about 5% of components are NULL');

-- warmth: function and numeric reference, computed once
CREATE TEMP TABLE warmth_diff ON COMMIT DROP AS
SELECT id, c1, c2, c3, c4, c5, c6, c7, c8,
       calculate_composite_warmth_score(c1, c2, c3, c4, c5, c6, c7, c8) AS got,
       round((coalesce(0.20 * c1, 0) + coalesce(0.15 * c2, 0) + coalesce(0.10 * c3, 0)
              + coalesce(0.20 * c4, 0) + coalesce(0.15 * c5, 0) + coalesce(0.10 * c6, 0)
              + coalesce(0.05 * c7, 0) + coalesce(0.05 * c8, 0))
             / nullif((CASE WHEN c1 IS NULL THEN 0 ELSE 0.20 END)
                      + (CASE WHEN c2 IS NULL THEN 0 ELSE 0.15 END)
                      + (CASE WHEN c3 IS NULL THEN 0 ELSE 0.10 END)
                      + (CASE WHEN c4 IS NULL THEN 0 ELSE 0.20 END)
                      + (CASE WHEN c5 IS NULL THEN 0 ELSE 0.15 END)
                      + (CASE WHEN c6 IS NULL THEN 0 ELSE 0.10 END)
                      + (CASE WHEN c7 IS NULL THEN 0 ELSE 0.05 END)
                      + (CASE WHEN c8 IS NULL THEN 0 ELSE 0.05 END), 0), 2) AS want
  FROM comp;

SELECT is_empty(
    $$SELECT id, c1, c2, c3, c4, c5, c6, c7, c8, got, want FROM warmth_diff
       WHERE got IS DISTINCT FROM want ORDER BY id LIMIT 10$$,
    'calculate_composite_warmth_score: 0 mismatches against the numeric formula in 100,015 rows');
SELECT is((SELECT count(*)::int FROM warmth_diff WHERE got IS NOT NULL AND scale(got) <> 2), 0,
          'calculate_composite_warmth_score: every result has scale 2');
SELECT ok((SELECT count(*) FROM warmth_diff
            WHERE num_nulls(c1, c2, c3, c4, c5, c6, c7, c8) BETWEEN 1 AND 7) > 25000,
          'calculate_composite_warmth_score: more than 25,000 rows exercise re-weighting');
SELECT is((SELECT count(*)::int FROM warmth_diff WHERE got IS NULL), 1,
          'calculate_composite_warmth_score: only the all-missing row is NULL');
SELECT results_eq(
    $$SELECT got FROM warmth_diff WHERE id BETWEEN 100001 AND 100012 ORDER BY id$$,
    $$VALUES (12.35::numeric), (1.01), (100.00), (0.01), (0.02), (0.01), (0.01), (0.02), (0.00), (0.01),
             (50.13), (round((0.20 * 33.335 + 0.15 * 66.665) / 0.35, 2))$$,
    'calculate_composite_warmth_score: the half-cent cases round half away from zero');
SELECT is(calculate_composite_warmth_score(0, 0.01, 0, 0, 0, 0, 0.07, 0), 0.01::numeric,
          'calculate_composite_warmth_score: 0.15 * 0.01 + 0.05 * 0.07 = 0.005 -> 0.01');

-- health: the first six components
CREATE TEMP TABLE health_diff ON COMMIT DROP AS
SELECT id, c1, c2, c3, c4, c5, c6,
       health_score(c1, c2, c3, c4, c5, c6) AS got,
       round((coalesce(0.25 * c1, 0) + coalesce(0.20 * c2, 0) + coalesce(0.15 * c3, 0)
              + coalesce(0.15 * c4, 0) + coalesce(0.15 * c5, 0) + coalesce(0.10 * c6, 0))
             / nullif((CASE WHEN c1 IS NULL THEN 0 ELSE 0.25 END)
                      + (CASE WHEN c2 IS NULL THEN 0 ELSE 0.20 END)
                      + (CASE WHEN c3 IS NULL THEN 0 ELSE 0.15 END)
                      + (CASE WHEN c4 IS NULL THEN 0 ELSE 0.15 END)
                      + (CASE WHEN c5 IS NULL THEN 0 ELSE 0.15 END)
                      + (CASE WHEN c6 IS NULL THEN 0 ELSE 0.10 END), 0), 2) AS want
  FROM comp;

SELECT is_empty(
    $$SELECT id, c1, c2, c3, c4, c5, c6, got, want FROM health_diff
       WHERE got IS DISTINCT FROM want ORDER BY id LIMIT 10$$,
    'health_score: 0 mismatches against the numeric formula in 100,015 rows');
SELECT is((SELECT count(*)::int FROM health_diff WHERE got IS NOT NULL AND scale(got) <> 2), 0,
          'health_score: every result has scale 2');
SELECT ok((SELECT count(*) FROM health_diff WHERE num_nulls(c1, c2, c3, c4, c5, c6) BETWEEN 1 AND 5) > 20000,
          'health_score: more than 20,000 rows exercise re-weighting');
SELECT results_eq(
    $$SELECT got FROM health_diff WHERE id IN (100001, 100002, 100003, 100007, 100008, 100009, 100010) ORDER BY id$$,
    $$VALUES (12.35::numeric), (1.01), (100.00), (0.01), (0.03), (0.00), (0.01)$$,
    'health_score: the half-cent cases round half away from zero');

-- the scores[]/weights[] overload: 7 random weights at 3 decimals, the 8th = 1 - their sum
CREATE TEMP TABLE weighted ON COMMIT DROP AS
SELECT *
  FROM (SELECT g AS id,
               ARRAY[pg_temp.random_component(), pg_temp.random_component(),
                     pg_temp.random_component(), pg_temp.random_component(),
                     pg_temp.random_component(), pg_temp.random_component(),
                     pg_temp.random_component(), pg_temp.random_component()] AS s,
               ARRAY[round((random() * 0.2)::numeric, 3), round((random() * 0.2)::numeric, 3),
                     round((random() * 0.2)::numeric, 3), round((random() * 0.2)::numeric, 3),
                     round((random() * 0.2)::numeric, 3), round((random() * 0.2)::numeric, 3),
                     round((random() * 0.2)::numeric, 3)] AS w7
          FROM generate_series(1, 25000) AS g) AS r
 CROSS JOIN LATERAL (SELECT w7 || (1 - (SELECT sum(x) FROM unnest(w7) AS x)) AS w) AS ww
 WHERE w[8] >= 0;
INSERT INTO weighted (id, s, w7, w) VALUES
    (25001, ARRAY[12.345, 1, 2, 3, 4, 5, 6, 7], NULL, ARRAY[1, 0, 0, 0, 0, 0, 0, 0]),           -- 12.345 -> 12.35
    (25002, ARRAY[0.01, 0, 0, 0, 0, 0, 0, 0], NULL, ARRAY[0.5, 0.5, 0, 0, 0, 0, 0, 0]),          -- 0.005 -> 0.01
    (25003, ARRAY[0.1, 0, 0, 0, 0, 0, 0, 0], NULL, ARRAY[0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125]), -- 0.0125 -> 0.01
    (25004, ARRAY[0.3, 0, 0, 0, 0, 0, 0, 0], NULL, ARRAY[0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125]), -- 0.0375 -> 0.04
    (25005, ARRAY[1.005, NULL, NULL, NULL, NULL, NULL, NULL, 3.005], NULL, ARRAY[0.001, 0.2, 0.2, 0.2, 0.2, 0.198, 0, 0.001]), -- 2.005 -> 2.01
    (25006, ARRAY[12.5, 99.999, 0.001, 50, NULL, 33.3, 66.67, 1.005]::numeric[], NULL,
            ARRAY[0.0000001, 0.1999999, 0.1, 0.2, 0.15, 0.1, 0.05, 0.2]);  -- weights with 7 decimals

CREATE TEMP TABLE weighted_diff ON COMMIT DROP AS
SELECT id, s, w,
       calculate_composite_warmth_score(s, w) AS got,
       round((coalesce(w[1] * s[1], 0) + coalesce(w[2] * s[2], 0) + coalesce(w[3] * s[3], 0)
              + coalesce(w[4] * s[4], 0) + coalesce(w[5] * s[5], 0) + coalesce(w[6] * s[6], 0)
              + coalesce(w[7] * s[7], 0) + coalesce(w[8] * s[8], 0))
             / nullif((CASE WHEN s[1] IS NULL THEN 0 ELSE w[1] END)
                      + (CASE WHEN s[2] IS NULL THEN 0 ELSE w[2] END)
                      + (CASE WHEN s[3] IS NULL THEN 0 ELSE w[3] END)
                      + (CASE WHEN s[4] IS NULL THEN 0 ELSE w[4] END)
                      + (CASE WHEN s[5] IS NULL THEN 0 ELSE w[5] END)
                      + (CASE WHEN s[6] IS NULL THEN 0 ELSE w[6] END)
                      + (CASE WHEN s[7] IS NULL THEN 0 ELSE w[7] END)
                      + (CASE WHEN s[8] IS NULL THEN 0 ELSE w[8] END), 0), 2) AS want
  FROM weighted;

SELECT ok((SELECT count(*) >= 20000 FROM weighted_diff), 'the weighted table has at least 20,000 rows');
SELECT is((SELECT count(*)::int FROM weighted_diff
            WHERE (SELECT sum(x) FROM unnest(w) AS x) <> 1 OR (SELECT min(x) FROM unnest(w) AS x) < 0), 0,
          'every generated weight vector is non-negative and sums to exactly 1');
SELECT ok((SELECT count(DISTINCT w) FROM weighted_diff) > 19000, 'the weight vectors are (nearly) all different');
SELECT is_empty(
    $$SELECT id, s, w, got, want FROM weighted_diff
       WHERE got IS DISTINCT FROM want ORDER BY id LIMIT 10$$,
    'calculate_composite_warmth_score(scores, weights): 0 mismatches against the numeric formula with random weights');
SELECT is((SELECT count(*)::int FROM weighted_diff WHERE got IS NOT NULL AND scale(got) <> 2), 0,
          'calculate_composite_warmth_score(scores, weights): every result has scale 2');
SELECT results_eq(
    $$SELECT got FROM weighted_diff WHERE id > 25000 ORDER BY id$$,
    $$VALUES (12.35::numeric), (0.01), (0.01), (0.04), (2.01),
             (round((0.0000001 * 12.5 + 0.1999999 * 99.999 + 0.1 * 0.001 + 0.2 * 50 + 0.1 * 33.3
                     + 0.05 * 66.67 + 0.2 * 1.005) / 0.85, 2))$$,
    'calculate_composite_warmth_score(scores, weights): half-cent cases and 7-decimal weights');
SELECT is_empty(
    $$SELECT d.id, d.got, calculate_composite_warmth_score(c1, c2, c3, c4, c5, c6, c7, c8)
        FROM warmth_diff AS d
       WHERE d.id % 10 = 0
         AND d.got IS DISTINCT FROM calculate_composite_warmth_score(
               ARRAY[c1, c2, c3, c4, c5, c6, c7, c8],
               ARRAY[0.20, 0.15, 0.10, 0.20, 0.15, 0.10, 0.05, 0.05])
       LIMIT 10$$,
    'the array overload with the default weights equals the 8-argument form (10,000 rows)');
SELECT is(calculate_composite_warmth_score(ARRAY[0.01, 0, 0, 0, 0, 0, 0, 0], ARRAY[0.5, 0.5, 0, 0, 0, 0, 0, 0])::text,
          '0.01',
          'calculate_composite_warmth_score(scores, weights): 0.5 * 0.01 = 0.005 -> 0.01');

SELECT * FROM finish();
ROLLBACK;
