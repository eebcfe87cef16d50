-- test/alerts.sql — significant-change alerts (SPEC §3.8): each rule raised,
-- not raised below its threshold, de-duplicated per customer, kind and UTC
-- day, not raised when the causing change rolls back; thresholds read from
-- the settings table (and an invalid one refused); a burst of 10,000 updates
-- in one transaction; the NOTIFY payload under 8000 bytes whatever the
-- details; an alert that cannot be written never fails the causing write;
-- rights (a role that may update warmth but not write alerts still raises
-- them, and cannot forge one); acknowledge_alert and open_alerts, row-level
-- security included.  valuable_at_risk: predictions are written here as
-- refresh_predictions writes them (previous_p_alive, updated_at = its
-- instant), then raise_prediction_alerts(instant) runs as it does.
-- (Delivery on commit to another connection: examples/node, "alerts".)
-- Needs: CREATE EXTENSION pgtap; CREATE EXTENSION customer_scoring; in public.
BEGIN;
SELECT plan(87);
SET LOCAL TimeZone = 'UTC';
SET LOCAL client_min_messages = warning;

-- alerts of one customer as "kind/severity/before/after", in id order
CREATE FUNCTION pg_temp.alerts_of(c bigint) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT COALESCE(string_agg(kind || '/' || severity || '/' || COALESCE(score_before::text, '-')
                               || '/' || COALESCE(score_after::text, '-'), ' ' ORDER BY id), '')
    FROM customer_alerts WHERE customer_id = c
$$;

-- predict(ids, p_alive, clv): writes the customers' predictions the way
-- refresh_predictions does (the old P(alive) kept as previous_p_alive, one
-- instant for the whole write), then raises the alerts as it does
CREATE FUNCTION pg_temp.predict(ids bigint[], p float8, clv numeric DEFAULT NULL) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    stamp timestamptz := clock_timestamp();
BEGIN
    INSERT INTO customer_predictions AS x (customer_id, frequency, recency, age, as_of, p_alive,
                                           clv_12_months, updated_at)
    SELECT i, 1, 1, 2, stamp, p, coalesce(clv, 0), stamp FROM unnest(ids) AS i
    ON CONFLICT (customer_id) DO UPDATE
    SET previous_p_alive = x.p_alive, p_alive = excluded.p_alive,
        clv_12_months = coalesce(clv, x.clv_12_months), updated_at = stamp;
    PERFORM raise_prediction_alerts(stamp);
END
$$;

-- ---------------------------------------------------------------------------
-- declarations
-- ---------------------------------------------------------------------------
SELECT is((SELECT string_agg(p.proname || ':' || p.prosecdef::text || ':'
                             || has_function_privilege('public', p.oid, 'EXECUTE')::text
                             || ':' || array_to_string(p.proconfig, ','), ' ' ORDER BY p.proname)
           FROM pg_proc p
           WHERE p.pronamespace = 'public'::regnamespace
             AND p.proname IN ('raise_customer_alert', 'customer_warmth_alert', 'customer_health_alert',
                               'leads_alert', 'raise_prediction_alerts', 'acknowledge_alert',
                               'open_alerts', 'customer_alert_payload')),
          'acknowledge_alert:false:true:search_path=pg_catalog, pg_temp '
          'customer_alert_payload:false:true:search_path=pg_catalog, pg_temp '
          'customer_health_alert:true:false:search_path=pg_catalog, pg_temp '
          'customer_warmth_alert:true:false:search_path=pg_catalog, pg_temp '
          'leads_alert:true:false:search_path=pg_catalog, pg_temp '
          'open_alerts:false:true:search_path=pg_catalog, pg_temp '
          'raise_customer_alert:true:false:search_path=pg_catalog, pg_temp '
          'raise_prediction_alerts:true:false:search_path=pg_catalog, pg_temp',
          'only the raising path runs with the owner''s rights, EXECUTE revoked from PUBLIC; search_path pinned everywhere');
SELECT is((SELECT string_agg(t.tgname || ':' || t.tgrelid::regclass::text, ' ' ORDER BY t.tgname)
           FROM pg_trigger t WHERE t.tgname LIKE '%alert%' AND NOT t.tgisinternal
             AND pg_get_triggerdef(t.oid) LIKE '% WHEN %'),
          'customer_health_scores_alert:customer_health_scores customer_warmth_alert:customer_warmth '
          'leads_alert_insert:leads leads_alert_update:leads',
          'the alert triggers have WHEN clauses');

-- ---------------------------------------------------------------------------
-- health through refresh_health_scores (its upsert fires the UPDATE trigger):
-- 12 orders in the last 90 days = 70.00 GOOD; 100 days later 15.00 POOR
-- ---------------------------------------------------------------------------
INSERT INTO customers (id, first_name, last_name) VALUES (8400001, 'Hal', 'Refresh');
INSERT INTO orders (customer_id, total_amount, ordered_at)
SELECT 8400001, 100, now() - g * interval '5 days' FROM generate_series(0, 11) g;
SELECT lives_ok($$SELECT refresh_health_scores(now())$$, 'refresh_health_scores scores the customer');
SELECT is((SELECT health_score::text || ' ' || health_level FROM customer_health_scores WHERE customer_id = 8400001),
          '70.00 GOOD', 'the first refresh: 70.00 GOOD');
SELECT is(pg_temp.alerts_of(8400001), '', 'a first score raises nothing');
SELECT lives_ok($$SELECT refresh_health_scores(now() + interval '100 days')$$, 'a refresh 100 days later');
SELECT is(pg_temp.alerts_of(8400001), 'health_drop/critical/70.00/15.00 health_poor/high/70.00/15.00',
          'the refresh that replaced 70.00 GOOD by 15.00 POOR raised health_drop (critical) and health_poor');

-- ---------------------------------------------------------------------------
-- health rules on customer_health_scores
-- ---------------------------------------------------------------------------
INSERT INTO customers (id, first_name, last_name)
SELECT g, 'Health', 'Case' || g FROM generate_series(8400011, 8400019) g;
INSERT INTO customer_health_scores (customer_id, health_score, health_level)
VALUES (8400011, 80, 'EXCELLENT'), (8400012, 80, 'EXCELLENT'), (8400013, 80, 'EXCELLENT'),
       (8400014, 80, 'EXCELLENT'), (8400015, 45, 'FAIR'), (8400016, 30, 'POOR'),
       (8400017, 60, 'GOOD'), (8400018, 80, 'EXCELLENT'), (8400019, 80, 'EXCELLENT');
SELECT is(pg_temp.alerts_of(8400011), '', 'inserting health scores raises nothing');
UPDATE customer_health_scores SET health_score = 65, health_level = 'GOOD' WHERE customer_id = 8400011;
SELECT is(pg_temp.alerts_of(8400011), 'health_drop/high/80.00/65.00', 'a drop of 15 (= alert_health_drop): health_drop high');
UPDATE customer_health_scores SET health_score = 65.01, health_level = 'GOOD' WHERE customer_id = 8400012;
SELECT is(pg_temp.alerts_of(8400012), '', 'a drop of 14.99: nothing');
UPDATE customer_health_scores SET health_score = 55.01, health_level = 'FAIR' WHERE customer_id = 8400013;
SELECT is(pg_temp.alerts_of(8400013), 'health_drop/high/80.00/55.01', 'a drop of 24.99: high');
UPDATE customer_health_scores SET health_score = 55, health_level = 'FAIR' WHERE customer_id = 8400014;
SELECT is(pg_temp.alerts_of(8400014), 'health_drop/critical/80.00/55.00', 'a drop of 25: critical');
UPDATE customer_health_scores SET health_score = 39.99, health_level = 'POOR' WHERE customer_id = 8400015;
SELECT is(pg_temp.alerts_of(8400015), 'health_poor/high/45.00/39.99', 'FAIR to POOR by 5.01 points: health_poor only');
UPDATE customer_health_scores SET health_score = 20, health_level = 'POOR' WHERE customer_id = 8400016;
SELECT is(pg_temp.alerts_of(8400016), '', 'POOR to POOR by 10 points: nothing');
UPDATE customer_health_scores SET health_score = 90, health_level = 'EXCELLENT' WHERE customer_id = 8400017;
SELECT is(pg_temp.alerts_of(8400017), '', 'a rise: nothing');
UPDATE customer_health_scores SET health_score = 60, health_level = 'GOOD' WHERE customer_id = 8400011;
UPDATE customer_health_scores SET health_score = 40, health_level = 'FAIR' WHERE customer_id = 8400011;
SELECT is(pg_temp.alerts_of(8400011), 'health_drop/high/80.00/65.00',
          'two more drops the same day: still one health_drop (de-duplicated, no error)');
-- an alert of yesterday does not count for today
INSERT INTO customer_alerts (customer_id, kind, severity, raised_at, raised_on)
VALUES (8400018, 'health_drop', 'high', now() - interval '1 day', (now() - interval '1 day')::date);
UPDATE customer_health_scores SET health_score = 50, health_level = 'FAIR' WHERE customer_id = 8400018;
SELECT is((SELECT count(*)::int FROM customer_alerts WHERE customer_id = 8400018 AND kind = 'health_drop'), 2,
          'yesterday''s health_drop does not hold back today''s');
SELECT throws_ok($$INSERT INTO customer_alerts (customer_id, kind, severity, raised_at, raised_on)
                   VALUES (8400018, 'health_drop', 'high', now(), now()::date - 1)$$,
                 '23514', NULL, 'raised_on must be the UTC day of raised_at');

-- ---------------------------------------------------------------------------
-- warmth rules (one known component: the overall score is that component)
-- ---------------------------------------------------------------------------
INSERT INTO customers (id, first_name, last_name)
SELECT g, 'Warm', 'Case' || g FROM generate_series(8400021, 8400029) g;
INSERT INTO customer_warmth (customer_id, engagement_score)
SELECT g, 80 FROM generate_series(8400021, 8400029) g;
UPDATE customer_warmth SET engagement_score = 27 WHERE customer_id = 8400029;  -- cold, 53 down: see below
DELETE FROM customer_alerts WHERE customer_id = 8400029;
SELECT is(pg_temp.alerts_of(8400021), '', 'inserting warmth raises nothing');
UPDATE customer_warmth SET engagement_score = 60 WHERE customer_id = 8400021;
SELECT is(pg_temp.alerts_of(8400021), 'warmth_drop/medium/80.00/60.00', 'a drop of 20 (= alert_warmth_drop): warmth_drop medium');
UPDATE customer_warmth SET engagement_score = 60.01 WHERE customer_id = 8400022;
SELECT is(pg_temp.alerts_of(8400022), '', 'a drop of 19.99: nothing');
UPDATE customer_warmth SET engagement_score = 10 WHERE customer_id = 8400023;
SELECT is(pg_temp.alerts_of(8400023), 'warmth_drop/medium/80.00/10.00 warmth_ice_cold/medium/80.00/10.00',
          'hot to ice_cold by 70: warmth_drop and warmth_ice_cold');
UPDATE customer_warmth SET engagement_score = 14.99 WHERE customer_id = 8400029;
SELECT is(pg_temp.alerts_of(8400029), 'warmth_ice_cold/medium/27.00/14.99', 'cold to ice_cold by 12.01: warmth_ice_cold only');
UPDATE customer_warmth SET engagement_score = 5 WHERE customer_id = 8400029;
SELECT is(pg_temp.alerts_of(8400029), 'warmth_ice_cold/medium/27.00/14.99', 'ice_cold to ice_cold: nothing more');
UPDATE customer_warmth SET engagement_score = 90 WHERE customer_id = 8400024;
SELECT is(pg_temp.alerts_of(8400024), '', 'a rise: nothing');
UPDATE customer_warmth SET engagement_score = 50 WHERE customer_id = 8400021;
SELECT is(pg_temp.alerts_of(8400021), 'warmth_drop/medium/80.00/60.00', 'a second drop the same day: still one');
SELECT is((SELECT details FROM customer_alerts WHERE customer_id = 8400023 AND kind = 'warmth_drop'),
          '{"drop": 70.00, "threshold": 20, "level_after": "ice_cold", "level_before": "hot"}'::jsonb,
          'warmth_drop details: drop, threshold and levels');
SELECT is((SELECT raised_at = now() AND raised_on = (now() AT TIME ZONE 'UTC')::date AND acknowledged_at IS NULL
           FROM customer_alerts WHERE customer_id = 8400023 AND kind = 'warmth_drop'),
          true, 'raised_at is now(), raised_on its UTC day, the alert open');

-- engagement events update customer_warmth too: an unsubscribe is a drop
INSERT INTO customer_engagement_events (customer_id, engagement_type) VALUES (8400025, 'test_drive');
SELECT is((SELECT overall_warmth_score FROM customer_warmth WHERE customer_id = 8400025), 25.00,
          'an engagement event recomputes the engagement component (test drive: 25)');
INSERT INTO customer_engagement_events (customer_id, engagement_type) VALUES (8400025, 'unsubscribe');
SELECT is(pg_temp.alerts_of(8400025), 'warmth_drop/medium/80.00/25.00 warmth_ice_cold/medium/25.00/0.00',
          'events: the test drive replaced 80 by 25 (warmth_drop), the unsubscribe took 25 to 0 (warmth_ice_cold; its drop de-duplicated)');

-- not raised when the change rolls back
SAVEPOINT before_drop;
UPDATE customer_warmth SET engagement_score = 0 WHERE customer_id = 8400026;
SELECT is(pg_temp.alerts_of(8400026), 'warmth_drop/medium/80.00/0.00 warmth_ice_cold/medium/80.00/0.00',
          'inside the subtransaction the alerts exist');
ROLLBACK TO SAVEPOINT before_drop;
SELECT is(pg_temp.alerts_of(8400026), '', 'rolled back with the change: no alert (and no NOTIFY, which is sent at commit only)');
SELECT is((SELECT overall_warmth_score FROM customer_warmth WHERE customer_id = 8400026), 80.00, 'and the change is gone');

-- ---------------------------------------------------------------------------
-- thresholds are rows of the settings table
-- ---------------------------------------------------------------------------
UPDATE customer_scoring_settings SET value = '30' WHERE name = 'alert_warmth_drop';
UPDATE customer_warmth SET engagement_score = 55 WHERE customer_id = 8400027;
SELECT is(pg_temp.alerts_of(8400027), '', 'alert_warmth_drop = 30: a drop of 25 raises nothing');
UPDATE customer_scoring_settings SET value = '10' WHERE name = 'alert_warmth_drop';
UPDATE customer_warmth SET engagement_score = 43 WHERE customer_id = 8400027;
SELECT is(pg_temp.alerts_of(8400027), 'warmth_drop/medium/55.00/43.00', 'alert_warmth_drop = 10: a drop of 12 raises warmth_drop');
SELECT is((SELECT details->>'threshold' FROM customer_alerts WHERE customer_id = 8400027), '10',
          'the details record the threshold used');
UPDATE customer_scoring_settings SET value = '30' WHERE name = 'alert_health_drop';
UPDATE customer_health_scores SET health_score = 55, health_level = 'FAIR' WHERE customer_id = 8400019;
SELECT is(pg_temp.alerts_of(8400019), '', 'alert_health_drop = 30: a drop of 25 raises nothing');
SELECT throws_ok($$UPDATE customer_scoring_settings SET value = '0' WHERE name = 'alert_warmth_drop'$$,
                 '22023', NULL, 'alert_warmth_drop = 0 is refused with 22023');
SELECT throws_ok($$UPDATE customer_scoring_settings SET value = '100.5' WHERE name = 'alert_health_drop'$$,
                 '22023', NULL, 'alert_health_drop = 100.5 is refused with 22023');
SELECT throws_ok($$UPDATE customer_scoring_settings SET value = 'lots' WHERE name = 'alert_p_alive'$$,
                 '22023', NULL, 'alert_p_alive = lots is refused with 22023');
SELECT is((SELECT string_agg(name || '=' || value, ' ' ORDER BY name) FROM customer_scoring_settings
           WHERE name LIKE 'alert%'),
          'alert_health_drop=30 alert_p_alive=0.5 alert_warmth_drop=10', 'and nothing changed');
UPDATE customer_scoring_settings SET value = '20' WHERE name = 'alert_warmth_drop';
UPDATE customer_scoring_settings SET value = '15' WHERE name = 'alert_health_drop';

-- ---------------------------------------------------------------------------
-- hot_lead: 40 engagement + phone 10 + activity now 20 = 70, burning
-- ---------------------------------------------------------------------------
INSERT INTO customers (id, first_name, last_name)
SELECT g, 'Lead', 'Case' || g FROM generate_series(8400031, 8400034) g;
INSERT INTO leads (customer_id, name, phone, qr_scan_count, catalog_views, messages_count,
                   has_voice_message, last_activity_at)
VALUES (8400031, 'burning at once', '+1', 5, 5, 10, true, now()),
       (NULL, 'burning, no customer', '+1', 5, 5, 10, true, now()),
       (8400032, 'hot', '+1', 5, 5, 10, false, now()),
       (8400033, 'cold', NULL, 0, 0, 0, false, NULL);
SELECT is((SELECT string_agg(temperature::text, ',' ORDER BY id) FROM leads WHERE name IN
           ('burning at once', 'burning, no customer', 'hot', 'cold')),
          'burning,burning,hot,cold', 'the fixture leads have the intended temperatures');
SELECT is(pg_temp.alerts_of(8400031), 'hot_lead/high/-/70', 'a burning lead inserted for a customer: hot_lead high');
SELECT is((SELECT count(*)::int FROM customer_alerts WHERE kind = 'hot_lead'), 1,
          'a burning lead without a customer raises none');
UPDATE leads SET has_voice_message = true WHERE customer_id = 8400032;
SELECT is(pg_temp.alerts_of(8400032), 'hot_lead/high/65/70', 'hot to burning: hot_lead');
SELECT is((SELECT details->>'temperature_before' || ' ' || (details->>'lead_id' = l.id::text)::text
           FROM customer_alerts a JOIN leads l ON l.customer_id = a.customer_id WHERE a.customer_id = 8400032),
          'hot true', 'details: the lead and its temperature before');
UPDATE leads SET messages_count = 9 WHERE customer_id = 8400031;
UPDATE leads SET messages_count = 10 WHERE customer_id = 8400031;
SELECT is(pg_temp.alerts_of(8400031), 'hot_lead/high/-/70', 'burning again the same day: still one');
UPDATE leads SET qr_scan_count = 6 WHERE customer_id = 8400032;
SELECT is((SELECT count(*)::int FROM customer_alerts WHERE customer_id = 8400032), 1, 'burning to burning: nothing');
UPDATE leads SET phone = '+1', qr_scan_count = 5, catalog_views = 5, messages_count = 10, has_voice_message = true,
                 last_activity_at = now(), customer_id = 8400034
WHERE customer_id = 8400033;
SELECT is(pg_temp.alerts_of(8400034), 'hot_lead/high/0/70', 'cold to burning (and linked) in one update: hot_lead');

-- ---------------------------------------------------------------------------
-- a burst: 10,000 updates of 100 customers in one transaction
-- ---------------------------------------------------------------------------
INSERT INTO customers (id, first_name, last_name)
SELECT g, 'Burst', 'Case' || g FROM generate_series(8401001, 8401100) g;
INSERT INTO customer_warmth (customer_id, engagement_score)
SELECT g, 95 FROM generate_series(8401001, 8401100) g;
DO $$
BEGIN
    FOR i IN 1..100 LOOP
        UPDATE customer_warmth SET engagement_score = CASE WHEN i % 2 = 1 THEN 5 ELSE 95 END
        WHERE customer_id BETWEEN 8401001 AND 8401100;
    END LOOP;
END
$$;
SELECT is((SELECT count(*)::int || ' ' || count(DISTINCT (customer_id, kind, raised_on))::int
           FROM customer_alerts WHERE customer_id BETWEEN 8401001 AND 8401100),
          '200 200', '10,000 updates, 50 drops each: one warmth_drop and one warmth_ice_cold per customer');

-- ---------------------------------------------------------------------------
-- the payload stays under 8000 bytes
-- ---------------------------------------------------------------------------
SELECT is(customer_alert_payload(1, 2, 'warmth_drop', 'medium', 80, 60, '2026-01-02 03:04:05+00', '{"a": 1}'),
          '{"customer_id" : 1, "id" : 2, "kind" : "warmth_drop", "severity" : "medium", "score_before" : 80, '
          '"score_after" : 60, "raised_at" : "2026-01-02T03:04:05+00:00", "details" : {"a": 1}}',
          'the payload: the alert row as JSON');
CREATE TEMP TABLE payload_base AS
SELECT octet_length(customer_alert_payload(8400041, 123, 'warmth_drop', 'medium', 80, 60, now(),
                                           jsonb_build_object('x', ''))) AS len;
SELECT is((SELECT octet_length(customer_alert_payload(8400041, 123, 'warmth_drop', 'medium', 80, 60, now(),
                                                      jsonb_build_object('x', repeat('a', 7999 - len))))
           FROM payload_base), 7999, 'details that make 7999 bytes are kept');
SELECT is((SELECT customer_alert_payload(8400041, 123, 'warmth_drop', 'medium', 80, 60, now(),
                                         jsonb_build_object('x', repeat('a', 8000 - len)))::jsonb ? 'details'
           FROM payload_base), false, 'details that would make 8000 bytes are left out');
SELECT is((SELECT customer_alert_payload(8400041, 123, 'warmth_drop', 'medium', 80, 60, now(),
                                         jsonb_build_object('x', repeat('é', 5000)))::jsonb ? 'details'),
          false, 'the limit counts bytes, not characters (5000 two-byte characters)');
INSERT INTO customers (id, first_name, last_name) VALUES (8400041, 'Big', 'Details');
SELECT ok(raise_customer_alert(8400041, 'warmth_drop', 'medium', 80, 60,
                               jsonb_build_object('notes', repeat('n', 100000))) IS NOT NULL,
          'an alert with 100 kB of details is raised (pg_notify accepted its payload)');
SELECT is((SELECT octet_length(details->>'notes') FROM customer_alerts WHERE customer_id = 8400041), 100000,
          'the table keeps the whole details');

-- ---------------------------------------------------------------------------
-- an alert that cannot be written never fails the causing write
-- ---------------------------------------------------------------------------
-- (the skipped alerts below each print a WARNING; kept out of the test output)
SET LOCAL client_min_messages = error;
ALTER TABLE customer_alerts ADD CONSTRAINT test_refuse_warmth_drop CHECK (kind <> 'warmth_drop') NOT VALID;
SELECT lives_ok($$UPDATE customer_warmth SET engagement_score = 0 WHERE customer_id = 8400028$$,
                'a drop whose alert insert violates a constraint: the update succeeds');
SELECT is((SELECT overall_warmth_score FROM customer_warmth WHERE customer_id = 8400028), 0.00, 'the update is kept');
SELECT is(pg_temp.alerts_of(8400028), 'warmth_ice_cold/medium/80.00/0.00',
          'the failed alert is skipped (a WARNING), the other one raised');
ALTER TABLE customer_alerts DROP CONSTRAINT test_refuse_warmth_drop;
SELECT is(raise_customer_alert(8400028, 'bogus', 'medium', 1, 2), NULL,
          'raise_customer_alert with an unknown kind: NULL and a WARNING, no error');
SELECT is(raise_customer_alert(999999999, 'warmth_drop', 'medium', 1, 2), NULL,
          'raise_customer_alert for an unknown customer: NULL, no error');
SET LOCAL client_min_messages = warning;

-- ---------------------------------------------------------------------------
-- valuable_at_risk, raised from customer_predictions
-- ---------------------------------------------------------------------------
-- 8400051-53 VIP (an order of 150000); 8400061-80 ordinary, CLV 100 ... 2000
INSERT INTO customers (id, first_name, last_name)
SELECT g, 'Pred', 'Case' || g FROM generate_series(8400051, 8400053) g
UNION ALL SELECT g, 'Pred', 'Case' || g FROM generate_series(8400061, 8400080) g;
INSERT INTO orders (customer_id, total_amount) SELECT g, 150000 FROM generate_series(8400051, 8400053) g;
INSERT INTO orders (customer_id, total_amount) SELECT g, 50 FROM generate_series(8400061, 8400080) g;
-- CLV 200 ... 2000 for 8400062-80, each written on its own like a refresh
SELECT pg_temp.predict(ARRAY[g], 0.9, (g - 8400060) * 100) FROM generate_series(8400062, 8400080) g;
SELECT is((SELECT count(*)::int FROM customer_alerts WHERE kind = 'valuable_at_risk'), 0,
          'first predictions above alert_p_alive raise nothing');
SELECT pg_temp.predict(ARRAY[8400051, 8400061]::bigint[], 0.3, 10);
SELECT pg_temp.predict(ARRAY[8400052]::bigint[], 0.6, 10);
UPDATE customer_predictions SET clv_12_months = 100 WHERE customer_id = 8400061;
SELECT is(pg_temp.alerts_of(8400051), 'valuable_at_risk/critical/-/0.3',
          'a VIP''s first prediction below alert_p_alive: valuable_at_risk critical');
SELECT is(pg_temp.alerts_of(8400052) || '|' || pg_temp.alerts_of(8400061), '|',
          'a VIP at 0.6, an ordinary customer at 0.3 (CLV not top decile): nothing');
SELECT pg_temp.predict(ARRAY[8400052]::bigint[], 0.5);
SELECT is(pg_temp.alerts_of(8400052), '', 'a VIP from 0.6 to 0.5 (at the threshold): nothing');
SELECT pg_temp.predict(ARRAY[8400052]::bigint[], 0.49);
SELECT is(pg_temp.alerts_of(8400052), 'valuable_at_risk/critical/0.5/0.49', 'a VIP from 0.5 to 0.49: raised');
SELECT pg_temp.predict(ARRAY[8400079, 8400080, 8400077]::bigint[], 0.2);
SELECT is((SELECT string_agg(customer_id::text || ':' || (details->>'reason'), ' ' ORDER BY customer_id)
           FROM customer_alerts WHERE kind = 'valuable_at_risk' AND customer_id BETWEEN 8400061 AND 8400080),
          '8400079:top_decile_clv 8400080:top_decile_clv',
          'in one refresh, CLV 1900 and 2000 (the top decile of 10, 10, 100, 200 ... 2000 starts at 1790) raised, CLV 1700 not');
UPDATE customer_scoring_settings SET value = '0.1' WHERE name = 'alert_p_alive';
SELECT pg_temp.predict(ARRAY[8400053]::bigint[], 0.15, 10);
SELECT is(pg_temp.alerts_of(8400053), '', 'alert_p_alive = 0.1: a VIP''s first prediction 0.15 raises nothing');
UPDATE customer_scoring_settings SET value = '0.5' WHERE name = 'alert_p_alive';
SELECT pg_temp.predict(ARRAY[8400053]::bigint[], 0.12);
SELECT is(pg_temp.alerts_of(8400053), '', 'alert_p_alive = 0.5: 0.15 to 0.12 is no crossing, nothing');
UPDATE customer_predictions SET p_alive = NULL WHERE customer_id = 8400061;
SELECT pg_temp.predict(ARRAY[8400061]::bigint[], 0.2, 5000);
SELECT is(pg_temp.alerts_of(8400061), 'valuable_at_risk/critical/-/0.2',
          'from no P(alive) to 0.2 with a top CLV: raised like a first prediction');
SELECT is(raise_prediction_alerts((SELECT max(updated_at) FROM customer_predictions)), 0,
          'raising again for the same refresh: nothing new (one alert per customer, kind and day)');

-- ---------------------------------------------------------------------------
-- rights, acknowledge_alert and open_alerts
-- ---------------------------------------------------------------------------
CREATE FUNCTION pg_temp.rls_try(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    r text;
BEGIN
    EXECUTE q INTO r;
    RETURN r;
EXCEPTION WHEN OTHERS THEN
    RETURN 'ERROR ' || SQLSTATE;
END
$$;
CREATE ROLE cs_alert_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
GRANT USAGE ON SCHEMA public TO cs_alert_app;
GRANT SELECT ON customers TO cs_alert_app;
GRANT SELECT, UPDATE ON customer_warmth, customer_warmth_history TO cs_alert_app;
GRANT INSERT ON customer_warmth_history TO cs_alert_app;
GRANT USAGE ON SEQUENCE customer_warmth_history_id_seq TO cs_alert_app;
GRANT SELECT ON warmth_scoring_algorithms, customer_scoring_settings TO cs_alert_app;
GRANT SELECT, UPDATE ON customer_alerts TO cs_alert_app;
CREATE TEMP TABLE seen (k text PRIMARY KEY, v text);
GRANT ALL ON seen TO cs_alert_app;
-- the application sees only customers 84000xx (not the burst)
ALTER TABLE customers ENABLE ROW LEVEL SECURITY;
CREATE POLICY test_app_rows ON customers TO cs_alert_app USING (id < 8401000);

SET LOCAL ROLE cs_alert_app;
UPDATE customer_warmth SET engagement_score = 30 WHERE customer_id = 8400024;
INSERT INTO seen SELECT 'forge', pg_temp.rls_try('SELECT raise_customer_alert(8400024, ''hot_lead'', ''high'', 1, 2)');
INSERT INTO seen SELECT 'open', string_agg(customer_id::text || ':' || kind, ' ' ORDER BY customer_id, kind)
                  FROM open_alerts(NULL) WHERE customer_id IN (8400024, 8401001);
INSERT INTO seen SELECT 'ack', acknowledge_alert(8400024, (SELECT id FROM customer_alerts WHERE customer_id = 8400024))::text;
INSERT INTO seen SELECT 'ack again', acknowledge_alert(8400024, (SELECT id FROM customer_alerts WHERE customer_id = 8400024))::text;
INSERT INTO seen SELECT 'ack other tenant', acknowledge_alert(8401001, (SELECT min(id) FROM customer_alerts WHERE customer_id = 8401001))::text;
INSERT INTO seen SELECT 'ack unknown', acknowledge_alert(8400024, -1)::text;
RESET ROLE;

SELECT is(pg_temp.alerts_of(8400024), 'warmth_drop/medium/90.00/30.00',
          'a role that may update warmth but not write customer_alerts raises the alert');
SELECT is((SELECT v FROM seen WHERE k = 'forge'), 'ERROR 42501', 'and cannot call raise_customer_alert itself');
SELECT is((SELECT v FROM seen WHERE k = 'open'), '8400024:warmth_drop',
          'open_alerts shows only alerts of customers the caller can see (row-level security on customers)');
SELECT is((SELECT v FROM seen WHERE k = 'ack'), 'true', 'acknowledge_alert of an open, visible alert: true');
SELECT is((SELECT v FROM seen WHERE k = 'ack again'), 'false', 'acknowledging it again: false');
SELECT is((SELECT v FROM seen WHERE k = 'ack other tenant'), 'false', 'an alert of an invisible customer: false');
SELECT is((SELECT v FROM seen WHERE k = 'ack unknown'), 'false', 'an unknown alert: false');
SELECT is((SELECT acknowledged_by || ' ' || (acknowledged_at = now())::text FROM customer_alerts WHERE customer_id = 8400024),
          'cs_alert_app true', 'acknowledged_by is the caller, acknowledged_at now()');
SELECT is((SELECT acknowledged_at FROM customer_alerts WHERE customer_id = 8401001 ORDER BY id LIMIT 1), NULL,
          'the invisible customer''s alert is still open');

ALTER TABLE customers DISABLE ROW LEVEL SECURITY;
SELECT is((SELECT count(*)::int FROM open_alerts(NULL) WHERE customer_id = 8400024), 0,
          'open_alerts leaves out acknowledged alerts');
SELECT is((SELECT count(*)::int FROM open_alerts()), 100, 'open_alerts() returns at most 100 by default');
SELECT is((SELECT count(*)::int FROM open_alerts(3)), 3, 'open_alerts(3) returns 3');
SELECT is((SELECT count(*)::int FROM open_alerts(NULL)),
          (SELECT count(*)::int FROM customer_alerts WHERE acknowledged_at IS NULL), 'open_alerts(NULL) returns all');
SELECT is((SELECT o.customer_id::text || ':' || o.kind || ':' || (o.raised_at < now())::text
           FROM open_alerts(NULL) WITH ORDINALITY AS o ORDER BY o.ordinality DESC LIMIT 1),
          '8400018:health_drop:true', 'newest first: yesterday''s alert comes last');
SELECT throws_ok('SELECT * FROM open_alerts(-1)', '22023', 'limit must not be negative', 'open_alerts(-1) → 22023');
SELECT is(acknowledge_alert(NULL, NULL), false, 'acknowledge_alert(NULL, NULL): false');

SELECT * FROM finish();
ROLLBACK;
