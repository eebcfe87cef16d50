-- test/warmth_triggers.sql — pgTAP tests of the triggers that keep warmth and
-- lead scores current (SPEC §3.1, §3.2, §3.6, §4 and its "Decisions on points
-- the originals leave open"):
--   * customer_warmth BEFORE INSERT/UPDATE: overall score, level, purchase
--     probability, confidence, algorithm name/version; clamping of the
--     original document's "engagement_score = engagement_score + 15" idiom;
--     NaN and overflow errors;
--   * customer_warmth AFTER INSERT/UPDATE: history rows (insert,
--     manual_update, customer_scoring.change_trigger/.change_description,
--     one row per changed row of a multi-row UPDATE, none for no change);
--   * customer_engagement_events BEFORE/AFTER INSERT: meaningful default,
--     counters, last engagement, engagement component from the event rules,
--     exactly one history row per event;
--   * event rules at their edges (decay window, max_occurrences, inactive
--     rules) and explain_engagement / engagement_component;
--   * refresh_warmth_scores(as_of);
--   * switching the active warmth_scoring_algorithms row in the session;
--   * leads BEFORE INSERT/UPDATE: total_interactions, lead_score, temperature.
-- Customer ids 7100001.. are explicit so the assertions can name them; all is
-- rolled back.  TimeZone is UTC so that "now() - interval 'N days'" is N whole
-- 24-hour days.
-- Needs: CREATE EXTENSION pgtap; CREATE EXTENSION customer_scoring;
BEGIN;
SET LOCAL TimeZone = 'UTC';
SELECT plan(140);

INSERT INTO customers (id, first_name, last_name, email, phone) VALUES
    (7100001, 'Ana',   'Reyes',  'ana@example.com',   '+63 900 000 0001'),
    (7100002, 'Ben',   'Cruz',   'ben@example.com',   NULL),
    (7100003, 'Carla', 'Santos', 'carla@example.com', NULL),
    (7100004, 'Dan',   'Lim',    NULL,                NULL),
    (7100010, 'Eve',   'Tan',    NULL,                NULL),
    (7100011, 'Fay',   'Go',     NULL,                NULL),
    (7100012, 'Gil',   'Uy',     NULL,                NULL),
    (7100013, 'Hal',   'Sy',     NULL,                NULL),
    (7100014, 'Ivy',   'Ong',    NULL,                NULL),
    (7100020, 'Jon',   'Ko',     NULL,                NULL),
    (7100021, 'Kim',   'Ang',    NULL,                NULL),
    (7100022, 'Lea',   'Chua',   NULL,                NULL),
    (7100023, 'Max',   'Yu',     NULL,                NULL),
    (7100024, 'Ned',   'Lao',    NULL,                NULL),
    (7100030, 'Ora',   'Dy',     NULL,                NULL),
    (7100031, 'Pia',   'Co',     NULL,                NULL),
    (7100040, 'Quin',  'Ty',     NULL,                NULL);

-- ===========================================================================
-- 1. BEFORE INSERT: computed columns
-- ===========================================================================

-- The original document's "Creating a New Warmth Record", with a bigint id
-- instead of the uuid placeholder.  Its overall_warmth_score 75.5 is replaced
-- by the composite of the given components.
SELECT lives_ok($$
INSERT INTO customer_warmth (
    customer_id,
    overall_warmth_score,
    engagement_score,
    budget_qualification_score,
    timeline_urgency_score,
    predicted_purchase_value,
    price_range_min,
    price_range_max,
    interested_vehicle_types,
    calculated_by
) VALUES (
    7100001,
    75.5,                          -- High warmth score
    80.0,                          -- Very engaged customer
    85.0,                          -- Budget qualified
    70.0,                          -- Moderate urgency
    1200000.00,                    -- ₱1.2M expected purchase
    1000000.00,                    -- ₱1M minimum budget
    1500000.00,                    -- ₱1.5M maximum budget
    ARRAY['suv', 'sedan'],         -- Interested in SUVs and sedans
    'employee-uuid-here'           -- Calculated by sales agent
)$$, 'insert: the original document''s INSERT runs');

SELECT is((SELECT overall_warmth_score FROM customer_warmth WHERE customer_id = 7100001),
          79.09,
          'insert: overall = (0.20*80 + 0.20*85 + 0.15*70) / 0.55 = 79.09, the given 75.5 is replaced');
SELECT is((SELECT overall_warmth_score FROM customer_warmth WHERE customer_id = 7100001),
          calculate_composite_warmth_score(80, NULL, NULL, 85, 70, NULL, NULL, NULL),
          'insert: overall equals calculate_composite_warmth_score of the same components');
SELECT is((SELECT warmth_level FROM customer_warmth WHERE customer_id = 7100001),
          'hot'::warmth_level, 'insert: warmth_level of 79.09 is hot');
SELECT is((SELECT purchase_probability FROM customer_warmth WHERE customer_id = 7100001),
          purchase_probability(79.09), 'insert: purchase_probability = purchase_probability(overall)');
SELECT is((SELECT purchase_probability FROM customer_warmth WHERE customer_id = 7100001),
          94.83, 'insert: purchase_probability of 79.09 is 94.83');
SELECT is((SELECT confidence_level FROM customer_warmth WHERE customer_id = 7100001),
          55.00, 'insert: confidence_level = 20 + 20 + 15 percent of the weight is known');
SELECT is((SELECT scoring_algorithm_used || ' ' || algorithm_version
           FROM customer_warmth WHERE customer_id = 7100001),
          'default 1.0', 'insert: scoring_algorithm_used default, algorithm_version 1.0');
SELECT is((SELECT ARRAY[interaction_frequency_score, response_rate_score,
                        decision_making_authority_score, demographic_fit_score,
                        past_purchase_behavior_score]
           FROM customer_warmth WHERE customer_id = 7100001),
          ARRAY[NULL, NULL, NULL, NULL, NULL]::numeric[],
          'insert: unknown components stay NULL (not 0)');
SELECT is((SELECT engagement_score FROM customer_warmth WHERE customer_id = 7100001),
          80.00, 'insert: a known component is kept as given');

INSERT INTO customer_warmth (customer_id) VALUES (7100002);
SELECT is((SELECT overall_warmth_score FROM customer_warmth WHERE customer_id = 7100002),
          NULL, 'insert, all components NULL: overall_warmth_score NULL');
SELECT is((SELECT warmth_level FROM customer_warmth WHERE customer_id = 7100002),
          NULL, 'insert, all components NULL: warmth_level NULL');
SELECT is((SELECT purchase_probability FROM customer_warmth WHERE customer_id = 7100002),
          NULL, 'insert, all components NULL: purchase_probability NULL');
SELECT is((SELECT confidence_level FROM customer_warmth WHERE customer_id = 7100002),
          0.00, 'insert, all components NULL: confidence_level 0');

-- ===========================================================================
-- 2. History of an insert
-- ===========================================================================

SELECT results_eq(
    $$SELECT change_trigger::text, warmth_score_snapshot, warmth_level_snapshot,
             previous_score, score_change, algorithm_version
      FROM customer_warmth_history WHERE customer_id = 7100001$$,
    $$VALUES ('insert'::text, 79.09::numeric(5,2), 'hot'::warmth_level,
              NULL::numeric(5,2), NULL::numeric(6,2), '1.0'::text)$$,
    'history: an insert writes one row, change_trigger insert, score_change and previous_score NULL');
SELECT is((SELECT customer_warmth_id FROM customer_warmth_history WHERE customer_id = 7100001),
          (SELECT id FROM customer_warmth WHERE customer_id = 7100001),
          'history: customer_warmth_id is the id of the warmth row');
SELECT results_eq(
    $$SELECT change_trigger::text, warmth_score_snapshot FROM customer_warmth_history
      WHERE customer_id = 7100002$$,
    $$VALUES ('insert'::text, NULL::numeric(5,2))$$,
    'history: an insert with every component unknown writes one row with a NULL snapshot');

-- ===========================================================================
-- 3. The original document's update idiom: clamping and re-levelling
-- ===========================================================================

-- engagement 60, timeline 90: (12 + 13.5) / 0.35 = 72.86, warm
INSERT INTO customer_warmth (customer_id, engagement_score, timeline_urgency_score)
VALUES (7100003, 60, 90);
SELECT is((SELECT overall_warmth_score::text || ' ' || warmth_level::text
           FROM customer_warmth WHERE customer_id = 7100003),
          '72.86 warm', 'idiom: start at 72.86 warm');

-- "Updating Warmth After Customer Activity", as written (bigint id)
SELECT lives_ok($$
UPDATE customer_warmth 
SET 
    engagement_score = engagement_score + 15,
    total_interactions = total_interactions + 1,
    meaningful_interactions = meaningful_interactions + 1,
    last_engagement_type = 'test_drive',
    last_engagement_date = NOW(),
    days_since_last_interaction = 0
WHERE customer_id = 7100003$$, 'idiom: the original document''s UPDATE runs');
SELECT is((SELECT engagement_score FROM customer_warmth WHERE customer_id = 7100003),
          75.00, 'idiom: engagement 60 + 15 = 75');
SELECT is((SELECT overall_warmth_score::text || ' ' || warmth_level::text
           FROM customer_warmth WHERE customer_id = 7100003),
          '81.43 hot', 'idiom: (15 + 13.5) / 0.35 = 81.43, re-levelled from warm to hot');
SELECT is((SELECT purchase_probability FROM customer_warmth WHERE customer_id = 7100003),
          purchase_probability(81.43), 'idiom: purchase_probability recomputed');
SELECT results_eq(
    $$SELECT change_trigger::text, previous_score, warmth_score_snapshot, score_change,
             warmth_level_snapshot
      FROM customer_warmth_history WHERE customer_id = 7100003 ORDER BY id DESC LIMIT 1$$,
    $$VALUES ('manual_update'::text, 72.86::numeric(5,2), 81.43::numeric(5,2),
              8.57::numeric(6,2), 'hot'::warmth_level)$$,
    'history: an update writes manual_update with previous_score and score_change = new - old');

UPDATE customer_warmth SET engagement_score = engagement_score + 15,
       total_interactions = total_interactions + 1
WHERE customer_id = 7100003;
SELECT is((SELECT overall_warmth_score::text || ' ' || warmth_level::text
           FROM customer_warmth WHERE customer_id = 7100003),
          '90.00 scorching', 'idiom: engagement 90 gives (18 + 13.5) / 0.35 = 90.00, scorching');

UPDATE customer_warmth SET engagement_score = engagement_score + 15,
       total_interactions = total_interactions + 1
WHERE customer_id = 7100003;
SELECT is((SELECT engagement_score FROM customer_warmth WHERE customer_id = 7100003),
          100.00, 'idiom: 90 + 15 = 105 is clamped to 100');
SELECT is((SELECT overall_warmth_score FROM customer_warmth WHERE customer_id = 7100003),
          95.71, 'idiom: overall from the clamped value, (20 + 13.5) / 0.35 = 95.71');
SELECT is((SELECT total_interactions FROM customer_warmth WHERE customer_id = 7100003),
          3, 'idiom: the counters of the three updates add up');
SELECT is((SELECT count(*)::int FROM customer_warmth_history WHERE customer_id = 7100003),
          4, 'history: insert + three score changes = 4 rows');

UPDATE customer_warmth SET engagement_score = engagement_score + 15 WHERE customer_id = 7100003;
SELECT is((SELECT engagement_score FROM customer_warmth WHERE customer_id = 7100003),
          100.00, 'idiom: at 100 a further + 15 stays 100');
SELECT is((SELECT count(*)::int FROM customer_warmth_history WHERE customer_id = 7100003),
          4, 'history: an update clamped back to the same score writes no row');

UPDATE customer_warmth SET warmth_notes = 'Called, no answer' WHERE customer_id = 7100003;
SELECT is((SELECT count(*)::int FROM customer_warmth_history WHERE customer_id = 7100003),
          4, 'history: an update of warmth_notes only (score and level unchanged) writes no row');

UPDATE customer_warmth SET engagement_score = engagement_score - 150 WHERE customer_id = 7100003;
SELECT is((SELECT engagement_score FROM customer_warmth WHERE customer_id = 7100003),
          0.00, 'idiom: 100 - 150 = -50 is clamped to 0');
SELECT is((SELECT overall_warmth_score::text || ' ' || warmth_level::text
           FROM customer_warmth WHERE customer_id = 7100003),
          '38.57 cool', 'idiom: overall (0 + 13.5) / 0.35 = 38.57, cool');

INSERT INTO customer_warmth (customer_id, engagement_score, response_rate_score)
VALUES (7100004, -20, 250);
SELECT is((SELECT ARRAY[engagement_score, response_rate_score]
           FROM customer_warmth WHERE customer_id = 7100004),
          ARRAY[0.00, 100.00]::numeric[], 'insert: -20 is clamped to 0 and 250 to 100');

SELECT throws_ok(
    $$UPDATE customer_warmth SET engagement_score = 'NaN' WHERE customer_id = 7100003$$,
    '22023', 'engagement_score must not be NaN',
    'NaN engagement_score: 22023 naming the column');
SELECT throws_ok(
    $$UPDATE customer_warmth SET timeline_urgency_score = 'NaN' WHERE customer_id = 7100003$$,
    '22023', 'timeline_urgency_score must not be NaN',
    'NaN timeline_urgency_score: 22023 naming the column');
SELECT throws_ok(
    $$UPDATE customer_warmth SET engagement_score = 1e6 WHERE customer_id = 7100003$$,
    '22003', 'numeric field overflow',
    'engagement_score 1e6 does not fit numeric(5,2): 22003');
SELECT is((SELECT engagement_score::text || ' ' || overall_warmth_score::text
           FROM customer_warmth WHERE customer_id = 7100003),
          '0.00 38.57', 'after the failed updates the row is unchanged');
SELECT is((SELECT count(*)::int FROM customer_warmth_history WHERE customer_id = 7100003),
          5, 'after the failed updates no history row was added');

-- ===========================================================================
-- 4. History: change_trigger / change_description settings, multi-row UPDATE
-- ===========================================================================

SET LOCAL customer_scoring.change_trigger = 'financing_approved';
SET LOCAL customer_scoring.change_description = 'Bank approved a 1.2M loan';
UPDATE customer_warmth SET budget_qualification_score = 95 WHERE customer_id = 7100001;
SELECT results_eq(
    $$SELECT change_trigger::text, change_description, previous_score, warmth_score_snapshot
      FROM customer_warmth_history WHERE customer_id = 7100001 ORDER BY id DESC LIMIT 1$$,
    $$VALUES ('financing_approved'::text, 'Bank approved a 1.2M loan'::text,
              79.09::numeric(5,2), 82.73::numeric(5,2))$$,
    'history: SET LOCAL customer_scoring.change_trigger / .change_description are recorded');
RESET customer_scoring.change_trigger;
RESET customer_scoring.change_description;
UPDATE customer_warmth SET budget_qualification_score = 90 WHERE customer_id = 7100001;
SELECT results_eq(
    $$SELECT change_trigger::text, change_description
      FROM customer_warmth_history WHERE customer_id = 7100001 ORDER BY id DESC LIMIT 1$$,
    $$VALUES ('manual_update'::text, NULL::text)$$,
    'history: after RESET the default manual_update comes back, no description');

SET LOCAL customer_scoring.change_trigger = '';
UPDATE customer_warmth SET budget_qualification_score = 85 WHERE customer_id = 7100001;
SELECT is((SELECT change_trigger::text FROM customer_warmth_history
           WHERE customer_id = 7100001 ORDER BY id DESC LIMIT 1),
          'manual_update', 'history: an empty customer_scoring.change_trigger counts as not set');
RESET customer_scoring.change_trigger;
UPDATE customer_warmth SET budget_qualification_score = 90 WHERE customer_id = 7100001;

-- an ORM-style upsert of an existing row is an update: manual_update history
INSERT INTO customer_warmth (customer_id, engagement_score) VALUES (7100004, 40)
ON CONFLICT (customer_id) DO UPDATE SET engagement_score = EXCLUDED.engagement_score;
SELECT results_eq(
    $$SELECT change_trigger::text, previous_score, warmth_score_snapshot, score_change
      FROM customer_warmth_history WHERE customer_id = 7100004 ORDER BY id$$,
    $$VALUES ('insert'::text, NULL::numeric(5,2), 33.33::numeric(5,2), NULL::numeric(6,2)),
             ('manual_update'::text, 33.33::numeric(5,2), 60.00::numeric(5,2), 26.67::numeric(6,2))$$,
    'history: INSERT ... ON CONFLICT DO UPDATE of an existing row writes one manual_update row');
UPDATE customer_warmth SET engagement_score = 0 WHERE customer_id = 7100004;

-- 7100001 timeline 70 -> 50, 7100002 NULL -> 50 (score NULL -> 50), 7100004
-- gets timeline 50 too; then 7100003 keeps its 90: unchanged.
CREATE TEMP TABLE history_mark ON COMMIT DROP AS
    SELECT max(id) AS id FROM customer_warmth_history;
UPDATE customer_warmth SET timeline_urgency_score = 50 WHERE customer_id IN (7100001, 7100002, 7100004);
UPDATE customer_warmth SET timeline_urgency_score = 90 WHERE customer_id IN (7100003);
SELECT results_eq(
    $$SELECT h.customer_id, h.change_trigger::text, h.warmth_score_snapshot
      FROM customer_warmth_history h WHERE h.id > (SELECT id FROM history_mark)
      ORDER BY h.customer_id$$,
    $$VALUES (7100001::bigint, 'manual_update'::text, 75.45::numeric(5,2)),
             (7100002::bigint, 'manual_update'::text, 50.00::numeric(5,2)),
             (7100004::bigint, 'manual_update'::text, 38.89::numeric(5,2))$$,
    'history: a 3-row UPDATE that changes 3 scores writes one row per changed row, with its new score');
SELECT results_eq(
    $$SELECT previous_score, warmth_score_snapshot, score_change
      FROM customer_warmth_history WHERE customer_id = 7100002 ORDER BY id DESC LIMIT 1$$,
    $$VALUES (NULL::numeric(5,2), 50.00::numeric(5,2), NULL::numeric(6,2))$$,
    'history: unknown -> 50 is a change, previous_score NULL, score_change NULL');
SELECT is((SELECT count(*)::int FROM customer_warmth_history WHERE customer_id = 7100003),
          5, 'history: an UPDATE that sets a component to its current value writes no row');

-- ===========================================================================
-- 5. Engagement events
-- ===========================================================================

-- hand-set engagement 50, budget 80: (10 + 16) / 0.4 = 65.00 warm
INSERT INTO customer_warmth (customer_id, engagement_score, budget_qualification_score)
VALUES (7100010, 50, 80);
INSERT INTO customer_engagement_events (customer_id, engagement_type, notes)
VALUES (7100010, 'test_drive', 'Drove the SUV');

SELECT is((SELECT engagement_score FROM customer_warmth WHERE customer_id = 7100010),
          25.00, 'event: test_drive sets engagement_score to its rule''s impact 25, replacing the hand-set 50');
SELECT is((SELECT overall_warmth_score::text || ' ' || warmth_level::text
           FROM customer_warmth WHERE customer_id = 7100010),
          '52.50 lukewarm', 'event: overall (5 + 16) / 0.4 = 52.50, level warm -> lukewarm');
SELECT is((SELECT purchase_probability FROM customer_warmth WHERE customer_id = 7100010),
          purchase_probability(52.50), 'event: purchase_probability follows');
SELECT is((SELECT total_interactions::text || ' ' || meaningful_interactions::text
           FROM customer_warmth WHERE customer_id = 7100010),
          '1 1', 'event: total_interactions and meaningful_interactions + 1');
SELECT is((SELECT last_engagement_type FROM customer_warmth WHERE customer_id = 7100010),
          'test_drive'::engagement_type, 'event: last_engagement_type test_drive');
SELECT is((SELECT last_engagement_date FROM customer_warmth WHERE customer_id = 7100010),
          (SELECT occurred_at FROM customer_engagement_events WHERE customer_id = 7100010),
          'event: last_engagement_date = occurred_at');
SELECT is((SELECT meaningful FROM customer_engagement_events WHERE customer_id = 7100010),
          true, 'event: test_drive is meaningful by default');
SELECT is((SELECT count(*)::int FROM customer_warmth_history WHERE customer_id = 7100010),
          2, 'event: exactly one history row besides the insert''s');
SELECT results_eq(
    $$SELECT change_trigger::text, engagement_event_id, previous_score, warmth_score_snapshot,
             score_change, warmth_level_snapshot, change_description
      FROM customer_warmth_history WHERE customer_id = 7100010 ORDER BY id DESC LIMIT 1$$,
    $$SELECT 'test_drive'::text, e.id, 65.00::numeric(5,2), 52.50::numeric(5,2),
             -12.50::numeric(6,2), 'lukewarm'::warmth_level, 'Drove the SUV'::text
      FROM customer_engagement_events e WHERE e.customer_id = 7100010$$,
    'event: its history row has change_trigger test_drive, the event id, previous score and change, the notes');

INSERT INTO customer_engagement_events (customer_id, engagement_type) VALUES (7100010, 'website_visit');
SELECT is((SELECT meaningful FROM customer_engagement_events
           WHERE customer_id = 7100010 AND engagement_type = 'website_visit'),
          false, 'event: website_visit is not meaningful by default (filled false by the BEFORE trigger)');
SELECT is((SELECT total_interactions::text || ' ' || meaningful_interactions::text
           FROM customer_warmth WHERE customer_id = 7100010),
          '2 1', 'event: a website_visit adds to total_interactions only');
SELECT is((SELECT engagement_score FROM customer_warmth WHERE customer_id = 7100010),
          27.00, 'event: engagement 25 + 2 = 27');
SELECT is((SELECT count(*)::int FROM customer_warmth_history WHERE customer_id = 7100010),
          3, 'event: the website_visit writes one history row');

INSERT INTO customer_engagement_events (customer_id, engagement_type, meaningful, notes)
VALUES (7100010, 'website_visit', true, 'Configured a car online');
SELECT is((SELECT meaningful FROM customer_engagement_events
           WHERE customer_id = 7100010 AND notes = 'Configured a car online'),
          true, 'event: an explicit meaningful = true is kept');
SELECT is((SELECT total_interactions::text || ' ' || meaningful_interactions::text
           FROM customer_warmth WHERE customer_id = 7100010),
          '3 2', 'event: an explicitly meaningful website_visit counts as meaningful');

INSERT INTO customer_engagement_events (customer_id, engagement_type, meaningful)
VALUES (7100010, 'phone_call', false);
SELECT is((SELECT meaningful FROM customer_engagement_events
           WHERE customer_id = 7100010 AND engagement_type = 'phone_call'),
          false, 'event: an explicit meaningful = false on a meaningful type is kept');
SELECT is((SELECT total_interactions::text || ' ' || meaningful_interactions::text
           FROM customer_warmth WHERE customer_id = 7100010),
          '4 2', 'event: ... and is not counted as meaningful');

-- an older event does not replace the newer last engagement
INSERT INTO customer_engagement_events (customer_id, engagement_type, occurred_at)
VALUES (7100010, 'inquiry', now() - interval '10 days');
SELECT is((SELECT last_engagement_type::text || ' ' || (last_engagement_date = now())::text
           FROM customer_warmth WHERE customer_id = 7100010),
          'phone_call true', 'event: an older inquiry keeps the newer last_engagement_type and date');
SELECT is((SELECT total_interactions FROM customer_warmth WHERE customer_id = 7100010),
          5, 'event: the older event is still counted');
SELECT is((SELECT engagement_score FROM customer_warmth WHERE customer_id = 7100010),
          47.00, 'event: engagement 25 + 2 + 2 + 8 + 10 (inquiry 10 days old, first window) = 47');

-- a newer event does replace it
INSERT INTO customer_engagement_events (customer_id, engagement_type, occurred_at)
VALUES (7100010, 'email_reply', now() + interval '1 hour');
SELECT is((SELECT last_engagement_type::text || ' ' || (last_engagement_date = now() + interval '1 hour')::text
           FROM customer_warmth WHERE customer_id = 7100010),
          'email_reply true', 'event: a newer event replaces last_engagement_type and date');

-- a multi-row INSERT: one history row per event
INSERT INTO customer_engagement_events (customer_id, engagement_type)
VALUES (7100010, 'chat_message'), (7100010, 'chat_message');
SELECT is((SELECT count(*)::int FROM customer_warmth_history
           WHERE customer_id = 7100010 AND change_trigger = 'chat_message'),
          2, 'event: a 2-row INSERT writes 2 history rows');
SELECT is((SELECT total_interactions FROM customer_warmth WHERE customer_id = 7100010),
          8, 'event: a 2-row INSERT adds 2 to total_interactions');
SELECT is((SELECT count(*)::int FROM customer_warmth_history WHERE customer_id = 7100010),
          1 + 8, 'event: one history row per event, 8 events + the insert');

-- a customer without a warmth row
INSERT INTO customer_engagement_events (customer_id, engagement_type) VALUES (7100011, 'inquiry');
SELECT results_eq(
    $$SELECT engagement_score, overall_warmth_score, warmth_level, confidence_level,
             total_interactions, meaningful_interactions, last_engagement_type
      FROM customer_warmth WHERE customer_id = 7100011$$,
    $$VALUES (10.00::numeric(5,2), 10.00::numeric(5,2), 'ice_cold'::warmth_level,
              20.00::numeric(5,2), 1, 1, 'inquiry'::engagement_type)$$,
    'event without a warmth row: the row is created with engagement 10, overall 10, ice_cold, confidence 20');
SELECT results_eq(
    $$SELECT change_trigger::text, previous_score, score_change, warmth_score_snapshot
      FROM customer_warmth_history WHERE customer_id = 7100011$$,
    $$VALUES ('inquiry'::text, NULL::numeric(5,2), NULL::numeric(6,2), 10.00::numeric(5,2))$$,
    'event without a warmth row: exactly one history row (the event''s, no separate insert row)');

-- unsubscribe: negative impact, clamped at 0
INSERT INTO customer_engagement_events (customer_id, engagement_type)
VALUES (7100012, 'inquiry'), (7100012, 'test_drive');
SELECT is((SELECT engagement_score FROM customer_warmth WHERE customer_id = 7100012),
          35.00, 'unsubscribe: before, inquiry 10 + test_drive 25 = 35');
INSERT INTO customer_engagement_events (customer_id, engagement_type) VALUES (7100012, 'unsubscribe');
SELECT is((SELECT engagement_score FROM customer_warmth WHERE customer_id = 7100012),
          5.00, 'unsubscribe: 35 - 30 = 5');
SELECT results_eq(
    $$SELECT change_trigger::text, score_change FROM customer_warmth_history
      WHERE customer_id = 7100012 ORDER BY id DESC LIMIT 1$$,
    $$VALUES ('unsubscribe'::text, -30.00::numeric(6,2))$$,
    'unsubscribe: history row with a negative score_change');
SELECT is((SELECT total_interactions::text || ' ' || meaningful_interactions::text
           FROM customer_warmth WHERE customer_id = 7100012),
          '3 2', 'unsubscribe: counted as an interaction, not as meaningful');
INSERT INTO customer_engagement_events (customer_id, engagement_type)
VALUES (7100013, 'test_drive'), (7100013, 'unsubscribe');
SELECT is((SELECT engagement_score FROM customer_warmth WHERE customer_id = 7100013),
          0.00, 'unsubscribe: 25 - 30 = -5 is clamped to 0');
SELECT is((SELECT warmth_level FROM customer_warmth WHERE customer_id = 7100013),
          'ice_cold'::warmth_level, 'unsubscribe: overall 0 is ice_cold');
INSERT INTO customer_engagement_events (customer_id, engagement_type) VALUES (7100014, 'unsubscribe');
SELECT is((SELECT engagement_score FROM customer_warmth WHERE customer_id = 7100014),
          0.00, 'unsubscribe as the first event: -30 is clamped to 0');
SELECT results_eq(
    $$SELECT change_trigger::text, score_change FROM customer_warmth_history WHERE customer_id = 7100014$$,
    $$VALUES ('unsubscribe'::text, NULL::numeric(6,2))$$,
    'unsubscribe as the first event: one history row');

-- the event trigger honours customer_scoring.change_trigger too
SET LOCAL customer_scoring.change_trigger = 'campaign_import';
INSERT INTO customer_engagement_events (customer_id, engagement_type) VALUES (7100014, 'email_open');
RESET customer_scoring.change_trigger;
SELECT results_eq(
    $$SELECT change_trigger::text, score_change FROM customer_warmth_history
      WHERE customer_id = 7100014 ORDER BY id DESC LIMIT 1$$,
    $$VALUES ('campaign_import'::text, 0.00::numeric(6,2))$$,
    'event: SET LOCAL change_trigger is recorded, and score_change may be 0 (-30 + 1 still clamps to 0)');

-- ===========================================================================
-- 6. Event rules at their edges
-- ===========================================================================

-- decay: test_drive base 25, decay 0.1, window 90 days
INSERT INTO customer_engagement_events (customer_id, engagement_type, occurred_at)
VALUES (7100020, 'test_drive', now() - interval '90 days');
INSERT INTO customer_engagement_events (customer_id, engagement_type, occurred_at)
VALUES (7100021, 'test_drive', now() - interval '90 days' + interval '1 second');
SELECT is((SELECT engagement_score FROM customer_warmth WHERE customer_id = 7100020),
          22.50, 'decay: an event exactly time_window_days (90) old counts 25 * (1 - 0.1) = 22.50');
SELECT is((SELECT engagement_score FROM customer_warmth WHERE customer_id = 7100021),
          25.00, 'decay: one second short of 90 days (89 whole days) counts the full 25');
SELECT results_eq(
    $$SELECT age_days, base_score_impact, decay_rate, time_window_days, contribution
      FROM explain_engagement(7100020, now())$$,
    $$VALUES (90, 25.00::numeric, 0.1000::numeric, 90, 22.50::numeric)$$,
    'decay: explain_engagement shows age 90 days, the rule and contribution 22.50');
SELECT is(engagement_component(7100020, now() - interval '1 day'), 25.00,
          'decay: one day earlier (as_of - 1 day) the same event counts in full');
SELECT is(engagement_component(7100020, now() + interval '90 days'), 20.25,
          'decay: 180 days old (two windows) counts 25 * 0.9^2 = 20.25');
SELECT is(engagement_component(7100020, now() - interval '100 days'), 25.00,
          'decay: an event after as_of counts as happening at as_of (full impact)');

UPDATE warmth_scoring_triggers SET decay_rate = 0.5 WHERE trigger_type = 'test_drive';
SELECT is(engagement_component(7100020, now()), 12.50,
          'decay: an edited decay_rate 0.5 is used: 25 * 0.5 = 12.50');
UPDATE warmth_scoring_triggers SET decay_rate = 0.1 WHERE trigger_type = 'test_drive';

-- max_occurrences: 4 test drives 0, 100, 200 and 300 days old
UPDATE warmth_scoring_triggers SET max_occurrences = 3 WHERE trigger_type = 'test_drive';
INSERT INTO customer_engagement_events (customer_id, engagement_type, occurred_at) VALUES
    (7100022, 'test_drive', now() - interval '300 days'),
    (7100022, 'test_drive', now()),
    (7100022, 'test_drive', now() - interval '200 days'),
    (7100022, 'test_drive', now() - interval '100 days');
SELECT is((SELECT engagement_score FROM customer_warmth WHERE customer_id = 7100022),
          67.75, 'max_occurrences 3: 4 test drives count 25 + 22.50 + 20.25 = 67.75 (the 300-day one is left out)');
SELECT is(engagement_component(7100022, now()), 67.75,
          'max_occurrences 3: engagement_component = 67.75');
SELECT results_eq(
    $$SELECT occurrence, age_days, contribution FROM explain_engagement(7100022, now())$$,
    $$VALUES (1::bigint, 0, 25.00::numeric), (2::bigint, 100, 22.50::numeric),
             (3::bigint, 200, 20.25::numeric)$$,
    'max_occurrences 3: explain_engagement lists only the 3 most recent events, newest first');
SELECT is((SELECT total_interactions FROM customer_warmth WHERE customer_id = 7100022),
          4, 'max_occurrences limits the score, not the interaction count');
UPDATE warmth_scoring_triggers SET max_occurrences = 4 WHERE trigger_type = 'test_drive';
SELECT is(engagement_component(7100022, now()), 85.98,
          'max_occurrences 4: all four count, 67.75 + 18.23 = 85.98');
UPDATE warmth_scoring_triggers SET max_occurrences = 1 WHERE trigger_type = 'test_drive';
SELECT is(engagement_component(7100022, now()), 25.00,
          'max_occurrences 1: only the newest counts');
UPDATE warmth_scoring_triggers SET max_occurrences = 3 WHERE trigger_type = 'test_drive';

-- inactive rule
UPDATE warmth_scoring_triggers SET is_active = false WHERE trigger_type = 'quote_request';
INSERT INTO customer_engagement_events (customer_id, engagement_type)
VALUES (7100023, 'quote_request'), (7100023, 'phone_call');
SELECT is((SELECT engagement_score FROM customer_warmth WHERE customer_id = 7100023),
          8.00, 'inactive rule: quote_request contributes nothing, phone_call 8');
SELECT is((SELECT count(*)::int FROM explain_engagement(7100023, now())
           WHERE engagement_type = 'quote_request'),
          0, 'inactive rule: explain_engagement has no quote_request row');
SELECT is((SELECT total_interactions FROM customer_warmth WHERE customer_id = 7100023),
          2, 'inactive rule: the event is still counted as an interaction');
UPDATE warmth_scoring_triggers SET is_active = true WHERE trigger_type = 'quote_request';
SELECT is(engagement_component(7100023, now()), 26.00,
          'reactivated rule: quote_request 18 + phone_call 8 = 26');

-- explain_engagement sums (clamped) to engagement_component
INSERT INTO customer_engagement_events (customer_id, engagement_type) VALUES
    (7100024, 'test_drive'), (7100024, 'test_drive'), (7100024, 'test_drive'),
    (7100024, 'reservation'), (7100024, 'purchase');
SELECT is((SELECT sum(contribution) FROM explain_engagement(7100024, now())),
          135.00, 'explain: 3 * 25 + 30 + 30 = 135 before clamping');
SELECT is(engagement_component(7100024, now()), 100::numeric,
          'explain: engagement_component clamps 135 to 100');
SELECT is((SELECT engagement_score FROM customer_warmth WHERE customer_id = 7100024),
          100.00, 'explain: the stored engagement_score is 100');
SELECT is((SELECT sum(contribution) FROM explain_engagement(7100013, now())),
          -5.00, 'explain: test_drive 25 + unsubscribe -30 = -5 before clamping');
SELECT is(engagement_component(7100013, now()), 0::numeric,
          'explain: engagement_component clamps -5 to 0');
SELECT is(
    (SELECT count(*)::int FROM customers c
     WHERE c.id BETWEEN 7100010 AND 7100024
       AND engagement_component(c.id, now() + interval '200 days')
           IS DISTINCT FROM
           (SELECT LEAST(100, GREATEST(0, COALESCE(sum(x.contribution), 0)))
            FROM explain_engagement(c.id, now() + interval '200 days') x)),
    0, 'explain: for every test customer, 200 days on, the contributions sum (clamped) to engagement_component');
SELECT is(engagement_component(7100002, now()), 0::numeric,
          'explain: a customer without events has engagement_component 0');

-- ===========================================================================
-- 7. refresh_warmth_scores(as_of)
-- ===========================================================================

-- Only the two customers of this section keep a warmth row (rolled back later).
DELETE FROM customer_warmth WHERE customer_id NOT IN (7100030, 7100031);
-- reservation 30 + purchase 30 = 60, warm; after 91 days 27 + 27 = 54, lukewarm
INSERT INTO customer_engagement_events (customer_id, engagement_type)
VALUES (7100030, 'reservation'), (7100030, 'purchase');
-- no events, no dates: nothing for a refresh to change
INSERT INTO customer_warmth (customer_id, budget_qualification_score, first_contact_at)
VALUES (7100031, 50, NULL);
SELECT is((SELECT overall_warmth_score::text || ' ' || warmth_level::text
           FROM customer_warmth WHERE customer_id = 7100030),
          '60.00 warm', 'refresh: before, 60.00 warm');
SELECT is(refresh_warmth_scores(now() + interval '91 days'), 1::bigint,
          'refresh: returns 1, the number of rows it changed');
SELECT is((SELECT engagement_score FROM customer_warmth WHERE customer_id = 7100030),
          54.00, 'refresh: engagement decays to 27 + 27 = 54');
SELECT is((SELECT overall_warmth_score::text || ' ' || warmth_level::text
           FROM customer_warmth WHERE customer_id = 7100030),
          '54.00 lukewarm', 'refresh: overall and level follow, 54.00 lukewarm');
SELECT is((SELECT days_since_last_interaction FROM customer_warmth WHERE customer_id = 7100030),
          91, 'refresh: days_since_last_interaction as of as_of');
SELECT results_eq(
    $$SELECT change_trigger::text, previous_score, warmth_score_snapshot, score_change,
             warmth_level_snapshot
      FROM customer_warmth_history WHERE customer_id = 7100030 ORDER BY id DESC LIMIT 1$$,
    $$VALUES ('refresh'::text, 60.00::numeric(5,2), 54.00::numeric(5,2), -6.00::numeric(6,2),
              'lukewarm'::warmth_level)$$,
    'refresh: history row with change_trigger refresh');
SELECT is((SELECT count(*)::int FROM customer_warmth_history WHERE customer_id = 7100031),
          1, 'refresh: no history for the unchanged row');
SELECT is(refresh_warmth_scores(now() + interval '91 days'), 0::bigint,
          'refresh: a second call with the same as_of changes nothing');
SELECT is((SELECT count(*)::int FROM customer_warmth_history WHERE customer_id = 7100030),
          3, 'refresh: 2 event rows + 1 refresh row; the second call wrote none');
SELECT throws_ok($$SELECT refresh_warmth_scores(NULL)$$, '22004', 'as_of must not be null',
                 'refresh: as_of NULL is 22004');
UPDATE customer_warmth SET budget_qualification_score = 60 WHERE customer_id = 7100031;
SELECT is((SELECT change_trigger::text FROM customer_warmth_history
           WHERE customer_id = 7100031 ORDER BY id DESC LIMIT 1),
          'manual_update', 'refresh: its change_trigger setting does not leak into later updates');

-- ===========================================================================
-- 8. Switching the active algorithm in the same session
-- ===========================================================================

-- default weights: engagement 80, budget 40 -> (16 + 8) / 0.4 = 60.00 warm
INSERT INTO customer_warmth (customer_id, engagement_score, budget_qualification_score)
VALUES (7100040, 80, 40);
SELECT is((SELECT overall_warmth_score::text || ' ' || scoring_algorithm_used || ' ' || algorithm_version
           FROM customer_warmth WHERE customer_id = 7100040),
          '60.00 default 1.0', 'algorithm: the default algorithm gives 60.00');

UPDATE warmth_scoring_algorithms SET is_active = false WHERE name = 'default';
INSERT INTO warmth_scoring_algorithms
    (name, version, engagement_weight, interaction_frequency_weight, response_rate_weight,
     budget_qualification_weight, timeline_urgency_weight, decision_authority_weight,
     demographic_fit_weight, past_behavior_weight, is_active)
VALUES ('engagement_only', '2.0', 1, 0, 0, 0, 0, 0, 0, 0, true);
UPDATE customer_warmth SET warmth_notes = 'rescore' WHERE customer_id = 7100040;
SELECT is((SELECT overall_warmth_score::text || ' ' || warmth_level::text
           FROM customer_warmth WHERE customer_id = 7100040),
          '80.00 hot', 'algorithm: the next UPDATE uses the new active weights (engagement only: 80.00 hot)');
SELECT is((SELECT scoring_algorithm_used || ' ' || algorithm_version
           FROM customer_warmth WHERE customer_id = 7100040),
          'engagement_only 2.0', 'algorithm: the row records the new name and version');
SELECT is((SELECT confidence_level FROM customer_warmth WHERE customer_id = 7100040),
          100.00, 'algorithm: confidence is the share of the new weights that is known (100%)');
SELECT results_eq(
    $$SELECT change_trigger::text, warmth_score_snapshot, algorithm_version
      FROM customer_warmth_history WHERE customer_id = 7100040 ORDER BY id DESC LIMIT 1$$,
    $$VALUES ('manual_update'::text, 80.00::numeric(5,2), '2.0'::text)$$,
    'algorithm: the history row records the new score and algorithm version');

SELECT throws_ok($$
    INSERT INTO warmth_scoring_algorithms
        (name, version, engagement_weight, interaction_frequency_weight, response_rate_weight,
         budget_qualification_weight, timeline_urgency_weight, decision_authority_weight,
         demographic_fit_weight, past_behavior_weight, is_active)
    VALUES ('second', '1.0', 0.20, 0.15, 0.10, 0.20, 0.15, 0.10, 0.05, 0.05, true)$$,
    '23505', NULL, 'algorithm: a second active algorithm is a unique violation');
SELECT throws_ok($$
    INSERT INTO warmth_scoring_algorithms
        (name, version, engagement_weight, interaction_frequency_weight, response_rate_weight,
         budget_qualification_weight, timeline_urgency_weight, decision_authority_weight,
         demographic_fit_weight, past_behavior_weight, is_active)
    VALUES ('bad_sum', '1.0', 0.20, 0.15, 0.10, 0.20, 0.15, 0.10, 0.05, 0.10, false)$$,
    '23514', NULL, 'algorithm: weights summing to 1.05 are a check violation');
SELECT is((SELECT count(*)::int FROM warmth_scoring_algorithms WHERE name IN ('second', 'bad_sum')),
          0, 'algorithm: the rejected rows are not there');

-- an edit of the active algorithm's weights is used at once
UPDATE warmth_scoring_algorithms
SET engagement_weight = 0.5, budget_qualification_weight = 0.5
WHERE name = 'engagement_only' AND version = '2.0';
UPDATE customer_warmth SET warmth_notes = 'rescore 2' WHERE customer_id = 7100040;
SELECT is((SELECT overall_warmth_score FROM customer_warmth WHERE customer_id = 7100040),
          60.00, 'algorithm: edited active weights (0.5 / 0.5) are used by the next UPDATE: 60.00');

-- a switch rolled back to a savepoint is forgotten by the cache
SAVEPOINT before_switch;
UPDATE warmth_scoring_algorithms SET is_active = false WHERE is_active;
INSERT INTO warmth_scoring_algorithms
    (name, version, engagement_weight, interaction_frequency_weight, response_rate_weight,
     budget_qualification_weight, timeline_urgency_weight, decision_authority_weight,
     demographic_fit_weight, past_behavior_weight, is_active)
VALUES ('budget_only', '3.0', 0, 0, 0, 1, 0, 0, 0, 0, true);
UPDATE customer_warmth SET warmth_notes = 'rescore 3' WHERE customer_id = 7100040;
SELECT is((SELECT overall_warmth_score::text || ' ' || scoring_algorithm_used
           FROM customer_warmth WHERE customer_id = 7100040),
          '40.00 budget_only', 'algorithm: inside a savepoint, budget_only gives 40.00');
ROLLBACK TO SAVEPOINT before_switch;
UPDATE customer_warmth SET warmth_notes = 'rescore 4' WHERE customer_id = 7100040;
SELECT is((SELECT overall_warmth_score::text || ' ' || scoring_algorithm_used || ' ' || algorithm_version
           FROM customer_warmth WHERE customer_id = 7100040),
          '60.00 engagement_only 2.0', 'algorithm: after ROLLBACK TO SAVEPOINT the cached algorithm is the active one again');

-- no active algorithm: built-in weights
UPDATE warmth_scoring_algorithms SET is_active = false WHERE is_active;
UPDATE customer_warmth SET engagement_score = 100 WHERE customer_id = 7100040;
SELECT is((SELECT overall_warmth_score::text || ' ' || scoring_algorithm_used || ' ' || algorithm_version
           FROM customer_warmth WHERE customer_id = 7100040),
          '70.00 builtin 1.0', 'algorithm: none active -> built-in weights, (20 + 8) / 0.4 = 70.00, recorded as builtin 1.0');

-- the default back
UPDATE warmth_scoring_algorithms SET is_active = true WHERE name = 'default' AND version = '1.0';
UPDATE customer_warmth SET engagement_score = 80 WHERE customer_id = 7100040;
SELECT is((SELECT overall_warmth_score::text || ' ' || scoring_algorithm_used
           FROM customer_warmth WHERE customer_id = 7100040),
          '60.00 default', 'algorithm: re-activating default is picked up by the next UPDATE');

-- ===========================================================================
-- 9. Leads
-- ===========================================================================

INSERT INTO leads (name, phone, budget_max, transaction_type, property_type, location,
                   has_voice_message, qr_scan_count, catalog_views, messages_count,
                   last_activity_at)
VALUES ('Spec Example', '+971 50 000 0000', 2500000, 'buy', 'apartment', 'Dubai Marina',
        true, 1, 1, 2, now() - interval '5 minutes');
SELECT results_eq(
    $$SELECT total_interactions, lead_score, temperature FROM leads WHERE name = 'Spec Example'$$,
    $$VALUES (4, 67, 'hot'::lead_temperature)$$,
    'lead: the SPEC example gives total_interactions 4, 12 + 35 + 20 = 67, hot');
SELECT is((SELECT lead_score FROM leads WHERE name = 'Spec Example'),
          calculate_lead_score(1, 1, 2, true, true, true, true, true, true, false,
                               now() - interval '5 minutes', now()),
          'lead: the trigger agrees with calculate_lead_score');

UPDATE leads SET messages_count = 10 WHERE name = 'Spec Example';
SELECT results_eq(
    $$SELECT total_interactions, lead_score, temperature FROM leads WHERE name = 'Spec Example'$$,
    $$VALUES (12, 75, 'burning'::lead_temperature)$$,
    'lead: UPDATE messages_count = 10 recomputes: 12 interactions, 20 + 35 + 20 = 75, burning');

UPDATE leads SET phone = '  ' WHERE name = 'Spec Example';
SELECT results_eq(
    $$SELECT lead_score, temperature FROM leads WHERE name = 'Spec Example'$$,
    $$VALUES (65, 'hot'::lead_temperature)$$,
    'lead: a blank phone ''  '' counts as no phone (75 - 10 = 65, hot)');

INSERT INTO leads (name, phone, budget_max, qr_scan_count, messages_count)
VALUES ('No Activity', '+971 50 000 0001', 900000, 2, 5);
SELECT results_eq(
    $$SELECT total_interactions, lead_score, temperature FROM leads WHERE name = 'No Activity'$$,
    $$VALUES (7, 31, 'warm'::lead_temperature)$$,
    'lead: SPEC''s second example, no last activity: 11 + 20 + 0 = 31, warm');

INSERT INTO leads (name, qr_scan_count, catalog_views, messages_count, last_activity_at)
VALUES ('Huge', 2147483647, 0, 0, now() + interval '2 days');
SELECT results_eq(
    $$SELECT total_interactions, lead_score, temperature FROM leads WHERE name = 'Huge'$$,
    $$VALUES (2147483647, 35, 'warm'::lead_temperature)$$,
    'lead: int4-max QR scans do not overflow (15), a future last_activity_at counts as now (20) = 35');
SELECT throws_ok(
    $$INSERT INTO leads (name, qr_scan_count, catalog_views, messages_count)
      VALUES ('Too many', 2147483647, 2147483647, 1)$$,
    '22003', 'total_interactions is out of range for type integer',
    'lead: interactions beyond integer are an error, not a silent cap');

SELECT throws_ok(
    $$INSERT INTO leads (name, qr_scan_count) VALUES ('Negative', -1)$$,
    '22023', 'qr_scan_count must not be negative',
    'lead: a negative qr_scan_count is rejected with 22023, naming the column');
SELECT is((SELECT count(*)::int FROM leads WHERE name = 'Negative'), 0,
          'lead: the rejected lead was not written');
SELECT throws_ok(
    $$UPDATE leads SET catalog_views = -3 WHERE name = 'No Activity'$$,
    '22023', NULL, 'lead: an UPDATE to a negative catalog_views is rejected with 22023');
SELECT is((SELECT catalog_views::text || ' ' || lead_score::text FROM leads WHERE name = 'No Activity'),
          '0 31', 'lead: the row is unchanged after the rejected UPDATE');

SELECT * FROM finish();
ROLLBACK;
