-- src/sql/schema/21_health_benchmarks.sql — benchmark comparison of the
-- health insights (1.1), SPEC §3.8: per RFM segment and overall, the average
-- health score and the top-performer average, written at the end of
-- refresh_health_scores().  (Each customer's percentile rank is a column of
-- customer_health_scores.)  Not customer-scoped: a few rows, one per segment
-- and one overall; a Citus reference table, kept by pg_dump.

CREATE TABLE @extschema@.customer_health_benchmarks (
    segment                 text NOT NULL,
    customers               bigint NOT NULL,
    average_health          numeric(5,2),
    top_performer_average   numeric(5,2),
    calculated_at           timestamptz NOT NULL,
    as_of                   timestamptz NOT NULL,

    CONSTRAINT customer_health_benchmarks_pkey PRIMARY KEY (segment),
    CONSTRAINT customer_health_benchmarks_customers_check CHECK (customers >= 0),
    CONSTRAINT customer_health_benchmarks_average_health_check
        CHECK (average_health BETWEEN 0 AND 100),
    CONSTRAINT customer_health_benchmarks_top_performer_average_check
        CHECK (top_performer_average BETWEEN 0 AND 100)
);

COMMENT ON TABLE @extschema@.customer_health_benchmarks IS
    'Health benchmarks written by refresh_health_scores(): per RFM segment and overall (segment ''all''), the customers with a health score, their average score and the top-performer average (mean of the scores at or above the 90th percentile, ties included); a reference table';
COMMENT ON COLUMN @extschema@.customer_health_benchmarks.segment IS
    'An RFM segment (customer_rfm_scores.segment), or ''all'' for every customer with a health score (those without RFM scores included)';
COMMENT ON COLUMN @extschema@.customer_health_benchmarks.customers IS 'Customers with a health score in the segment';
COMMENT ON COLUMN @extschema@.customer_health_benchmarks.average_health IS
    'Mean health score of the segment (segmentAverage of customer_health_insights)';
COMMENT ON COLUMN @extschema@.customer_health_benchmarks.top_performer_average IS
    'Mean of the segment''s health scores at or above their percentile_cont(0.9), ties included (topPerformerAverage: the ''all'' row)';
COMMENT ON COLUMN @extschema@.customer_health_benchmarks.calculated_at IS 'When the figures were last changed by a refresh';
COMMENT ON COLUMN @extschema@.customer_health_benchmarks.as_of IS 'The as_of of the refresh that computed the figures';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.customer_health_benchmarks', '');
