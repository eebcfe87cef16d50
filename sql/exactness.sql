-- exactness: the C composites equal the numeric formula rounded with round(x, 2)
-- (the full 100,000-row differential test is test/exactness.sql).
SELECT pg_catalog.setseed(0.17);
CREATE TEMP TABLE components AS
SELECT i,
       CASE WHEN random() < 0.05 THEN NULL
            ELSE round((random() * 100)::numeric, (random() * 3.99)::int) END AS c1,
       CASE WHEN random() < 0.05 THEN NULL
            ELSE round((random() * 100)::numeric, (random() * 3.99)::int) END AS c2,
       round((random() * 100)::numeric, (random() * 3.99)::int) AS c3,
       round((random() * 100)::numeric, 2) AS c4,
       round((random() * 100)::numeric, 2) AS c5,
       round((random() * 100)::numeric, 1) AS c6,
       round((random() * 100)::numeric, 3) AS c7,
       round((random() * 100)::numeric, 2) AS c8
FROM generate_series(1, 10000) AS i;

SELECT count(*) AS warmth_mismatches
FROM components
WHERE calculate_composite_warmth_score(c1, c2, c3, c4, c5, c6, c7, c8) IS DISTINCT FROM
      round((coalesce(0.20 * c1, 0) + coalesce(0.15 * c2, 0) + 0.10 * c3 + 0.20 * c4
             + 0.15 * c5 + 0.10 * c6 + 0.05 * c7 + 0.05 * c8)
            / (CASE WHEN c1 IS NULL THEN 0 ELSE 0.20 END
               + CASE WHEN c2 IS NULL THEN 0 ELSE 0.15 END + 0.65), 2);

SELECT count(*) AS health_mismatches
FROM components
WHERE health_score(c1, c2, c3, c4, c5, c6) IS DISTINCT FROM
      round((coalesce(0.25 * c1, 0) + coalesce(0.20 * c2, 0) + 0.15 * c3 + 0.15 * c4
             + 0.15 * c5 + 0.10 * c6)
            / (CASE WHEN c1 IS NULL THEN 0 ELSE 0.25 END
               + CASE WHEN c2 IS NULL THEN 0 ELSE 0.20 END + 0.55), 2);

SELECT count(*) AS scale_not_2
FROM components
WHERE scale(calculate_composite_warmth_score(c1, c2, c3, c4, c5, c6, c7, c8)) <> 2;

-- the in-place fast path at the edges of the short numeric format
SELECT v, calculate_composite_warmth_score(v, v, v, v, v, v, v, v) AS composite,
       warmth_level(v) AS level
FROM unnest('{0,0.00,0.01,0.1,0.5,0.99,0.999,1,1.5,9.99,10,99.99,99.999,100,100.00}'::numeric[]) AS v;
SELECT calculate_composite_warmth_score(v::numeric(5,2), 0, 0, 0, 0, 0, 0, 0) AS from_column_type
FROM unnest('{0.004,0.005,12.345,99.995}'::numeric[]) AS v;

-- purchase_probability equals the float8 formula cast to numeric and rounded
SELECT count(*) AS probability_mismatches
FROM (SELECT round((random() * 100)::numeric, (random() * 3)::int) AS s,
             (random() * 20 - 10)::float8 AS a, (random() * 0.4 - 0.2)::float8 AS b
      FROM generate_series(1, 20000)) x
WHERE purchase_probability(s, a, b) IS DISTINCT FROM
      round((100 / (1 + exp(-(a + b * s::float8))))::numeric, 2);

-- event_impact: the integer path (base in cents, decay in ten-thousandths,
-- powers within 128 bits) and the numeric path (more decimals, or powers
-- beyond 128 bits) both equal round(base * power(1 - decay, windows), 2)
SELECT count(*) FILTER (WHERE event_impact(base, decay, age, win) IS DISTINCT FROM
                              round(base * power(1 - decay, windows), 2)) AS event_impact_mismatches,
       count(*) FILTER (WHERE windows > 40) > 1000 AS long_ages_covered
FROM (SELECT base, decay, age, win, floor(age::numeric / win) AS windows
      FROM (SELECT round((random() * 200 - 100)::numeric, (random() * 3.49)::int) AS base,
                   round(random()::numeric, 1 + (random() * 4.49)::int) AS decay,
                   floor(random() * 400)::int AS age,
                   1 + floor(random() * 30)::int AS win
            FROM generate_series(1, 50000)) r) x;
-- halfway between two cents rounds away from zero
SELECT b, event_impact(b, 0.5, 1, 1) AS one_window, event_impact(b, 0.5, 2, 1) AS two_windows
FROM unnest('{0.01,-0.01,0.03,-0.03,0.02,0.06}'::numeric[]) AS b;
