-- scripts/nightly.sql — the nightly maintenance of customer_scoring, step by
-- step, for psql:
--
--     psql -X -v ON_ERROR_STOP=1 -d crm -f scripts/nightly.sql
--     psql -X -v ON_ERROR_STOP=1 -d crm -v schema=crm -f scripts/nightly.sql   # extension in schema crm
--
-- It runs the four batch refreshes as of one instant, each in its own
-- transaction (psql's autocommit), shows how long each took (\timing) and
-- the rows it changed, and ends with a summary of the scored tables.  The
-- same job as one statement, for pg_cron or a crontab line, is
-- CALL run_nightly_refresh(); — see the README, "Nightly maintenance".
-- On large runs refresh_warmth_scores reports progress per batch of 10,000
-- customers and refresh_rfm_scores before it writes (NOTICEs).

\set QUIET on
\set ON_ERROR_STOP on
\if :{?schema}
SET search_path = :"schema";
\endif
\pset footer off
\set QUIET off

-- One instant for every step, so the scores agree with each other.
SELECT pg_catalog.now() AS as_of \gset
\echo customer_scoring nightly refresh as of :as_of

\timing on
SELECT refresh_customer_lifecycle(:'as_of') AS lifecycle_rows_changed;
SELECT refresh_warmth_scores(:'as_of') AS warmth_rows_changed;
SELECT refresh_rfm_scores(:'as_of') AS rfm_rows_changed;
SELECT refresh_health_scores(:'as_of') AS health_rows_changed;
\timing off

\echo
\echo Summary
SELECT 'customers' AS scored, count(*) AS rows, NULL::timestamptz AS as_of FROM customers
UNION ALL
SELECT 'customer_warmth', count(*), NULL FROM customer_warmth
UNION ALL
SELECT 'customer_rfm_scores', count(*), max(as_of) FROM customer_rfm_scores
UNION ALL
SELECT 'customer_health_scores', count(*), max(as_of) FROM customer_health_scores;

SELECT segment, customers, share_percent, bar FROM rfm_segment_distribution;
SELECT health_level, customers, share_percent, bar FROM health_score_overview;
