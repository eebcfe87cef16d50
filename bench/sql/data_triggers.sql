-- bench/sql/data_triggers.sql — the trigger cases: :trig_rows source rows
-- for customer_warmth and for leads, and three copies of each table that
-- differ only in their BEFORE trigger:
--     *_none      no trigger
--     *_c         the extension's C trigger function
--     *_plpgsql   the PL/pgSQL trigger of bench/baseline/plpgsql.sql
-- The copies are LIKE ... INCLUDING DEFAULTS: same columns and defaults, no
-- indexes, constraints or other triggers, so the only difference between
-- them is the trigger being measured.  (The real tables, with their indexes,
-- foreign keys and AFTER triggers, are measured as an extra line.)

\set ON_ERROR_STOP on
SET client_min_messages = warning;

-- warmth components; 1% out of [0, 100] so that clamping is exercised, 5%
-- unknown.  customer_id 1..N exist in customers (for the real-table line).
CREATE FUNCTION pg_temp.component() RETURNS numeric(5,2)
LANGUAGE sql VOLATILE
RETURN CASE WHEN random() < 0.05 THEN NULL
            WHEN random() < 0.01 THEN round((random() * 40 - 20 + 100 * floor(random() * 2))::numeric, 2)
            ELSE round((random() * 100)::numeric, 2) END;

SELECT setseed(0.301);
CREATE TABLE bench.warmth_src WITH (autovacuum_enabled = false) AS
SELECT g::bigint AS customer_id,
       pg_temp.component() AS engagement_score,
       pg_temp.component() AS interaction_frequency_score,
       pg_temp.component() AS response_rate_score,
       pg_temp.component() AS budget_qualification_score,
       pg_temp.component() AS timeline_urgency_score,
       pg_temp.component() AS decision_making_authority_score,
       pg_temp.component() AS demographic_fit_score,
       pg_temp.component() AS past_purchase_behavior_score
FROM generate_series(1, :trig_rows) g;

-- leads: last activity a whole number of hours plus 30 minutes before the
-- load, so that the recency bands stay put while the cases run.
SELECT setseed(0.302);
CREATE TABLE bench.leads_src WITH (autovacuum_enabled = false) AS
SELECT g::bigint AS id,
       'Lead ' || g AS name,
       CASE WHEN random() < 0.8 THEN '+971-50-' || lpad(g::text, 7, '0') END AS phone,
       CASE WHEN random() < 0.6 THEN round((100000 + random() * 2000000)::numeric, 2) END AS budget_max,
       CASE WHEN random() < 0.7 THEN (ARRAY['buy','rent','invest'])[1 + floor(random() * 3)::int] END
           AS transaction_type,
       CASE WHEN random() < 0.6 THEN (ARRAY['apartment','villa','office'])[1 + floor(random() * 3)::int] END
           AS property_type,
       CASE WHEN random() < 0.7 THEN (ARRAY['Marina','Downtown','JLT','Creek'])[1 + floor(random() * 4)::int] END
           AS location,
       CASE WHEN random() < 0.4 THEN (ARRAY['cash','mortgage'])[1 + floor(random() * 2)::int] END
           AS payment_method,
       random() < 0.3 AS has_voice_message,
       floor(random() * 8)::int AS qr_scan_count,
       floor(random() * 8)::int AS catalog_views,
       floor(random() * 16)::int AS messages_count,
       CASE WHEN random() < 0.9
            THEN date_trunc('hour', now()) - floor(random() * 100) * interval '1 hour' - interval '30 minutes'
       END AS last_activity_at
FROM generate_series(1, :trig_rows) g;

CREATE TABLE bench.warmth_none (LIKE customer_warmth INCLUDING DEFAULTS) WITH (autovacuum_enabled = false);
CREATE TABLE bench.warmth_c (LIKE customer_warmth INCLUDING DEFAULTS) WITH (autovacuum_enabled = false);
CREATE TABLE bench.warmth_plpgsql (LIKE customer_warmth INCLUDING DEFAULTS) WITH (autovacuum_enabled = false);
CREATE TRIGGER warmth_before BEFORE INSERT OR UPDATE ON bench.warmth_c
    FOR EACH ROW EXECUTE FUNCTION customer_warmth_before();
CREATE TRIGGER warmth_before BEFORE INSERT OR UPDATE ON bench.warmth_plpgsql
    FOR EACH ROW EXECUTE FUNCTION baseline.customer_warmth_before();

-- Two floors, to show what any row trigger costs before it does any work:
-- a PL/pgSQL trigger that only returns NEW, and contrib's insert_username, a
-- minimal C trigger that sets one column (in the postgresql-15 package; the
-- floor is left out where it is not installed).
CREATE FUNCTION bench.return_new() RETURNS trigger
LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TABLE bench.warmth_pfloor (LIKE customer_warmth INCLUDING DEFAULTS) WITH (autovacuum_enabled = false);
CREATE TRIGGER warmth_before BEFORE INSERT OR UPDATE ON bench.warmth_pfloor
    FOR EACH ROW EXECUTE FUNCTION bench.return_new();
CREATE TABLE bench.leads_pfloor (LIKE leads INCLUDING DEFAULTS) WITH (autovacuum_enabled = false);
CREATE TRIGGER leads_before BEFORE INSERT OR UPDATE ON bench.leads_pfloor
    FOR EACH ROW EXECUTE FUNCTION bench.return_new();

SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'insert_username') AS have_floor \gset
\if :have_floor
CREATE EXTENSION insert_username SCHEMA bench;
CREATE TABLE bench.warmth_cfloor (LIKE customer_warmth INCLUDING DEFAULTS) WITH (autovacuum_enabled = false);
CREATE TRIGGER warmth_before BEFORE INSERT OR UPDATE ON bench.warmth_cfloor
    FOR EACH ROW EXECUTE FUNCTION bench.insert_username('calculated_by');
CREATE TABLE bench.leads_cfloor (LIKE leads INCLUDING DEFAULTS) WITH (autovacuum_enabled = false);
CREATE TRIGGER leads_before BEFORE INSERT OR UPDATE ON bench.leads_cfloor
    FOR EACH ROW EXECUTE FUNCTION bench.insert_username('assigned_to');
\endif

CREATE TABLE bench.leads_none (LIKE leads INCLUDING DEFAULTS) WITH (autovacuum_enabled = false);
CREATE TABLE bench.leads_c (LIKE leads INCLUDING DEFAULTS) WITH (autovacuum_enabled = false);
CREATE TABLE bench.leads_plpgsql (LIKE leads INCLUDING DEFAULTS) WITH (autovacuum_enabled = false);
CREATE TRIGGER leads_before BEFORE INSERT OR UPDATE ON bench.leads_c
    FOR EACH ROW EXECUTE FUNCTION leads_before();
CREATE TRIGGER leads_before BEFORE INSERT OR UPDATE ON bench.leads_plpgsql
    FOR EACH ROW EXECUTE FUNCTION baseline.leads_before();

VACUUM (FREEZE, ANALYZE) bench.warmth_src, bench.leads_src;
INSERT INTO bench.table_rows VALUES
    ('bench.warmth_src', (SELECT count(*) FROM bench.warmth_src)),
    ('bench.leads_src', (SELECT count(*) FROM bench.leads_src));

-- The statements the trigger cases time, by table.
CREATE FUNCTION bench.insert_warmth(target text) RETURNS text
LANGUAGE sql IMMUTABLE
RETURN format($f$INSERT INTO %s (customer_id, %s engagement_score, interaction_frequency_score,
    response_rate_score, budget_qualification_score, timeline_urgency_score,
    decision_making_authority_score, demographic_fit_score, past_purchase_behavior_score)
SELECT customer_id, %s engagement_score, interaction_frequency_score, response_rate_score,
    budget_qualification_score, timeline_urgency_score, decision_making_authority_score,
    demographic_fit_score, past_purchase_behavior_score
FROM bench.warmth_src$f$,
    target,
    -- the copies have no identity default: give them the id
    CASE WHEN target = 'customer_warmth' THEN '' ELSE 'id,' END,
    CASE WHEN target = 'customer_warmth' THEN '' ELSE 'customer_id,' END);

CREATE FUNCTION bench.insert_leads(target text) RETURNS text
LANGUAGE sql IMMUTABLE
RETURN format($f$INSERT INTO %s (id, name, phone, budget_max, transaction_type, property_type,
    location, payment_method, has_voice_message, qr_scan_count, catalog_views,
    messages_count, last_activity_at)
SELECT id, name, phone, budget_max, transaction_type, property_type, location,
    payment_method, has_voice_message, qr_scan_count, catalog_views, messages_count,
    last_activity_at
FROM bench.leads_src$f$, target);

-- check_triggers — untimed: the C and the PL/pgSQL trigger produce the same
-- rows.  Both inserts run in this one transaction, so now() (the lead
-- recency's as_of) is the same for both.
CREATE FUNCTION bench.check_triggers() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    differ bigint;
    total bigint;
BEGIN
    TRUNCATE bench.warmth_c, bench.warmth_plpgsql, bench.leads_c, bench.leads_plpgsql;
    EXECUTE bench.insert_warmth('bench.warmth_c');
    EXECUTE bench.insert_warmth('bench.warmth_plpgsql');
    SELECT count(*), count(*) FILTER (WHERE
               (c.overall_warmth_score, c.warmth_level, c.purchase_probability, c.confidence_level,
                c.engagement_score, c.interaction_frequency_score, c.response_rate_score,
                c.budget_qualification_score, c.timeline_urgency_score,
                c.decision_making_authority_score, c.demographic_fit_score,
                c.past_purchase_behavior_score, c.scoring_algorithm_used, c.algorithm_version)
               IS DISTINCT FROM
               (p.overall_warmth_score, p.warmth_level, p.purchase_probability, p.confidence_level,
                p.engagement_score, p.interaction_frequency_score, p.response_rate_score,
                p.budget_qualification_score, p.timeline_urgency_score,
                p.decision_making_authority_score, p.demographic_fit_score,
                p.past_purchase_behavior_score, p.scoring_algorithm_used, p.algorithm_version))
    INTO total, differ
    FROM bench.warmth_c c FULL JOIN bench.warmth_plpgsql p USING (id);
    INSERT INTO bench.checks VALUES ('same rows as the C trigger', 'customer_warmth BEFORE / plpgsql',
                                     differ = 0, format('%s of %s rows differ', differ, total));

    EXECUTE bench.insert_leads('bench.leads_c');
    EXECUTE bench.insert_leads('bench.leads_plpgsql');
    SELECT count(*), count(*) FILTER (WHERE
               (c.total_interactions, c.lead_score, c.temperature)
               IS DISTINCT FROM (p.total_interactions, p.lead_score, p.temperature))
    INTO total, differ
    FROM bench.leads_c c FULL JOIN bench.leads_plpgsql p USING (id);
    INSERT INTO bench.checks VALUES ('same rows as the C trigger', 'leads BEFORE / plpgsql',
                                     differ = 0, format('%s of %s rows differ', differ, total));
    TRUNCATE bench.warmth_c, bench.warmth_plpgsql, bench.leads_c, bench.leads_plpgsql;
END
$$;
