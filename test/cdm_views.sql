-- test/cdm_views.sql — pgTAP tests of the CDM and CRM views and batch
-- refreshes (SPEC §3.3-§3.5, §4):
--   * customer_360_view: every summary column of one customer against its
--     fixture rows (orders, average order value, days since last order,
--     interactions by type and in 30 days, distinct products viewed, family,
--     open drop-offs, temperature, warmth, RFM and health after the refreshes)
--     and of a customer with nothing;
--   * upcoming_birthdays_anniversaries and upcoming_events(days, from_date):
--     customers and family members, today = 0, 30 days included and 31 not,
--     the year-end wrap, 29 February with leap_day_observed feb28 / mar1;
--   * ai_call_recommendations: call priority from temperature, lifetime-value
--     tiers and an unrecovered drop-off (14 vs 15 days, recovered ignored),
--     offer, best call time (positive outcomes case-insensitively, else
--     available_time, else 10:00-12:00), recommended products (top 3 viewed,
--     not bought), next action, do_not_contact excluded;
--   * refresh_rfm_scores, rfm_segment_distribution, refresh_health_scores
--     (components of SPEC §3.4), health_score_overview, text_bar.
-- The test deletes every customer inside its transaction so that the
-- whole-table aggregates are known; everything is rolled back.  TimeZone is
-- UTC so that hours of day and "now() - interval 'N days'" are deterministic.
-- Needs: CREATE EXTENSION pgtap; CREATE EXTENSION customer_scoring;
BEGIN;
SET LOCAL TimeZone = 'UTC';
SET LOCAL client_min_messages = warning;    -- the refreshes report progress as NOTICEs
SELECT plan(93);

DELETE FROM customers;

-- ===========================================================================
-- fixture
-- ===========================================================================
--   7400001 A  the 360 customer: 3 completed orders, interactions of every
--              kind, views, family, drop-offs, warmth, loyalty, communications
--   7400002 B  hot, LTV 60000, unrecovered drop-off exactly 14 days old,
--              positive outcomes mostly between 14:00 and 16:00
--   7400003 C  hot, LTV 60000, unrecovered drop-off 15 days old, a recovered
--              one 1 day old
--   7400004 D  warm (order 60 days ago), a 'No Answer' interaction at 18:xx
--   7400005 E  cold buyer (order 100 days ago), blank available_time
--   7400006 F  nothing at all
--   7400007 G  do_not_contact
--   7400008 H  no orders, 3 interactions in 30 days (hot prospect)
--   7400009 I  hot repeat buyer, LTV 100000.50 (vip)
--   7400101-2  birthdays / anniversaries relative to today
--   7400201-3  birthdays / anniversaries around the year end 2025/2026
--   7400301    born on 29 February 2000

INSERT INTO customers (id, first_name, last_name, email, phone, available_time, do_not_contact,
                       date_of_birth, anniversary_date) VALUES
    (7400001, 'Ana',   'Full',    'ana@example.com', '+1 555 0001', '14:00-16:00', false, NULL, NULL),
    (7400002, 'Ben',   'Basket',  'ben@example.com', '+1 555 0002', NULL,          false, NULL, NULL),
    (7400003, 'Cora',  'Cart',    NULL,              '+1 555 0003', '08:00-10:00', false, NULL, NULL),
    (7400004, 'Dan',   'Warm',    NULL,              NULL,          NULL,          false, NULL, NULL),
    (7400005, 'Eve',   'Cold',    NULL,              NULL,          '   ',         false, NULL, NULL),
    (7400006, 'Finn',  'Nothing', NULL,              NULL,          NULL,          false, NULL, NULL),
    (7400007, 'Gus',   'Private', NULL,              '+1 555 0007', NULL,          true,  NULL, NULL),
    (7400008, 'Hana',  'Hot',     NULL,              NULL,          NULL,          false, NULL, NULL),
    (7400009, 'Ivo',   'Vip',     NULL,              NULL,          NULL,          false, NULL, NULL),
    -- relative to today: multiples of 4 years keep 29 February on 29 February
    (7400101, 'Kara',  'Today',   'kara@example.com', '+1 555 0101', NULL, false,
     current_date - interval '40 years', current_date + 30 - interval '20 years'),
    (7400102, 'Leo',   'Later',   NULL,              NULL,          NULL,          false,
     current_date + 31 - interval '40 years', current_date - 1 - interval '12 years'),
    -- around the year end, seen from 2025-12-20
    (7400201, 'Mila',  'Newyear', 'mila@example.com', '+1 555 0201', NULL, false, '1990-01-01', '2010-12-20'),
    (7400202, 'Nico',  'Edge',    NULL,              NULL,          NULL,          false, '1985-12-19', '2000-01-19'),
    (7400203, 'Olga',  'Out',     NULL,              NULL,          NULL,          false, '1970-01-20', NULL),
    -- 29 February
    (7400301, 'Pia',   'Leap',    NULL,              NULL,          NULL,          false, '2000-02-29', NULL);

INSERT INTO orders (customer_id, id, ordered_at, total_amount, status) VALUES
    (7400001, 7410001, now() - interval '40 days', 100.00, 'completed'),
    (7400001, 7410002, now() - interval '20 days', 250.00, 'completed'),
    (7400001, 7410003, now() - interval '10 days',  50.25, 'completed'),
    (7400001, 7410004, now() - interval '1 day',   999.00, 'pending'),
    (7400001, 7410005, now() - interval '1 day',   500.00, 'cancelled'),
    (7400002, 7420001, now() - interval '1 day',  60000.00, 'completed'),
    (7400003, 7430001, now() - interval '2 days', 60000.00, 'completed'),
    (7400004, 7440001, now() - interval '60 days',  100.00, 'completed'),
    (7400005, 7450001, now() - interval '100 days',  75.00, 'completed'),
    (7400009, 7490001, now() - interval '3 days', 50000.00, 'completed'),
    (7400009, 7490002, now() - interval '1 day',  50000.50, 'completed');
INSERT INTO order_items (customer_id, order_id, product_id, quantity, unit_price)
VALUES (7400001, 7410002, 'P4', 1, 250.00);

-- A: interactions by type; 5, 2, 10 and exactly 30 days old are within 30 days
INSERT INTO customer_interactions (customer_id, interaction_type, interaction_date, feedback_score) VALUES
    (7400001, 'call',     now() - interval '5 days',  80),
    (7400001, 'call',     now() - interval '40 days', NULL),
    (7400001, 'whatsapp', now() - interval '2 days',  90),
    (7400001, 'email',    now() - interval '10 days', NULL),
    (7400001, 'email',    now() - interval '60 days', NULL),
    (7400001, 'email',    now() - interval '60 days', NULL),
    (7400001, 'visit',    now() - interval '31 days', NULL),
    (7400001, 'sms',      now() - interval '30 days', NULL),
    (7400001, 'sms',      now() - interval '30 days 1 second', NULL);

-- A: browsing; P4 is bought, P5 only added to cart
INSERT INTO customer_behavior (customer_id, behavior_type, product_id, product_name, created_at)
SELECT 7400001, t, p, n, now() - interval '3 days'
FROM (VALUES ('product_view', 'P1', 'Alpha Phone', 3), ('product_view', 'P2', 'Beta Case', 2),
             ('product_view', 'P3', 'Gamma Charger', 1), ('product_view', 'P6', 'Zeta Cable', 1),
             ('product_view', 'P4', 'Delta Watch', 4), ('add_to_cart', 'P5', 'Epsilon Bag', 5))
     AS v(t, p, n, k), generate_series(1, k);
INSERT INTO customer_behavior (customer_id, behavior_type, created_at)
VALUES (7400001, 'search', now() - interval '1 hour');

INSERT INTO customer_family_members (customer_id, name, relationship) VALUES
    (7400001, 'Andy Full', 'spouse'), (7400001, 'Anya Full', 'child');
INSERT INTO customer_dropoff_tracking (customer_id, stage, created_at, recovered, recovered_at) VALUES
    (7400001, 'add_to_cart',        now() - interval '20 days', false, NULL),
    (7400001, 'checkout_initiated', now() - interval '30 days', false, NULL),
    (7400001, 'payment_failed',     now() - interval '3 days',  true,  now() - interval '2 days'),
    (7400002, 'checkout_initiated', now() - interval '14 days', false, NULL),
    (7400003, 'checkout_initiated', now() - interval '15 days', false, NULL),
    (7400003, 'add_to_cart',        now() - interval '1 day',   true,  now());

INSERT INTO customer_warmth (customer_id, engagement_score, interaction_frequency_score,
    response_rate_score, budget_qualification_score, timeline_urgency_score,
    decision_making_authority_score, demographic_fit_score, past_purchase_behavior_score)
VALUES (7400001, 75, 60, 80, 85, 70, 75, 60, 70);

-- A: loyalty ledger, 3 entries in the last 90 days and one older
INSERT INTO customer_loyalty_points (customer_id, program_id, points_balance,
                                     lifetime_points_earned, lifetime_points_redeemed)
VALUES (7400001, 1, 150, 200, 50);
INSERT INTO customer_loyalty_ledger (customer_id, program_id, entry_type, points, balance_after, created_at) VALUES
    (7400001, 1, 'earn',    100, 100, now() - interval '100 days'),
    (7400001, 1, 'earn',     50, 150, now() - interval '20 days'),
    (7400001, 1, 'earn',     50, 200, now() - interval '10 days'),
    (7400001, 1, 'redeem',  -50, 150, now() - interval '5 days');

-- A: 3 outbound messages, 2 replied (status, or replied_at); inbound ones do not count
INSERT INTO customer_communications (customer_id, channel, direction, status, sent_at, replied_at) VALUES
    (7400001, 'email',    'outbound', 'replied',   now() - interval '9 days', now() - interval '8 days'),
    (7400001, 'whatsapp', 'outbound', 'read',      now() - interval '7 days', now() - interval '7 days'),
    (7400001, 'sms',      'outbound', 'delivered', now() - interval '6 days', NULL),
    (7400001, 'email',    'inbound',  'replied',   now() - interval '5 days', now() - interval '5 days');

-- B: positive outcomes (any case) mostly began between 14:00 and 16:00 UTC;
-- more non-positive ones between 10:00 and 12:00
INSERT INTO customer_interactions (customer_id, interaction_type, interaction_date, outcome) VALUES
    (7400002, 'call', date_trunc('day', now()) - interval '5 days' + interval '14:30', 'Interested'),
    (7400002, 'call', date_trunc('day', now()) - interval '6 days' + interval '15:59:59', 'PURCHASED'),
    (7400002, 'call', date_trunc('day', now()) - interval '7 days' + interval '09:15', 'callback_requested'),
    (7400002, 'call', date_trunc('day', now()) - interval '8 days' + interval '10:05', 'not interested'),
    (7400002, 'call', date_trunc('day', now()) - interval '9 days' + interval '10:20', 'not interested'),
    (7400002, 'call', date_trunc('day', now()) - interval '10 days' + interval '11:00', 'not interested'),
    (7400002, 'call', date_trunc('day', now()) - interval '11 days' + interval '20:00', NULL),
    (7400002, 'call', date_trunc('day', now()) - interval '12 days' + interval '20:10', NULL);
INSERT INTO customer_interactions (customer_id, interaction_type, interaction_date, outcome) VALUES
    (7400004, 'call', date_trunc('day', now()) - interval '40 days' + interval '18:45', 'No Answer'),
    (7400008, 'whatsapp', now() - interval '1 day', NULL),
    (7400008, 'whatsapp', now() - interval '2 days', NULL),
    (7400008, 'call', now() - interval '29 days', NULL);

-- B views P7 (2) and P8 (1) and bought nothing of them; C viewed only what it bought
INSERT INTO customer_behavior (customer_id, behavior_type, product_id, product_name)
VALUES (7400002, 'product_view', 'P8', NULL), (7400002, 'product_view', 'P7', 'Theta Lamp'),
       (7400002, 'product_view', 'P7', 'Theta Lamp'),
       (7400003, 'product_view', 'P9', 'Iota Desk');
INSERT INTO order_items (customer_id, order_id, product_id, quantity, unit_price)
VALUES (7400003, 7430001, 'P9', 1, 60000.00);

-- family members for the birthday tests
INSERT INTO customer_family_members (customer_id, name, relationship, date_of_birth, anniversary_date) VALUES
    (7400101, 'Kim Today',  'spouse', current_date + 5 - interval '36 years', NULL),
    (7400101, 'Kay Today',  NULL,     current_date + 1 - interval '60 years', NULL),
    (7400101, 'Kid Today',  'child',  current_date + 31 - interval '8 years', NULL),
    (7400201, 'Mia Newyear', 'child', '2015-12-31', NULL);

-- ===========================================================================
-- customer_360_view: customer A before the refreshes
-- ===========================================================================

SELECT is((SELECT format('%s|%s|%s|%s|%s', customer_name, total_orders, lifetime_value, avg_order_value,
                         days_since_last_order)
           FROM customer_360_view WHERE customer_id = 7400001),
          'Ana Full|3|400.25|133.42|10',
          '360: completed orders only: 3 orders, 400.25, average 133.42, 10 days since the last');
SELECT is((SELECT (first_order_at, last_order_at) = (now() - interval '40 days', now() - interval '10 days')
           FROM customer_360_view WHERE customer_id = 7400001), true,
          '360: first_order_at and last_order_at of the completed orders');
SELECT is((SELECT format('%s|%s|%s', customer_type, lifecycle_stage, customer_temperature)
           FROM customer_360_view WHERE customer_id = 7400001),
          'repeat|repeat_buyer|hot', '360: type repeat, stage repeat_buyer, temperature hot');
SELECT is((SELECT format('total %s, calls %s, whatsapp %s, emails %s, visits %s, 30d %s',
                         total_interactions, total_calls, total_whatsapp, total_emails, total_visits,
                         interactions_30d)
           FROM customer_360_view WHERE customer_id = 7400001),
          'total 9, calls 2, whatsapp 1, emails 3, visits 1, 30d 4',
          '360: interactions by type; interactions_30d counts exactly 30 days old, not 30 days 1 second');
SELECT is((SELECT last_interaction_at = now() - interval '2 days' FROM customer_360_view
           WHERE customer_id = 7400001), true, '360: last_interaction_at is the latest interaction');
SELECT is((SELECT format('viewed %s, activities %s', products_viewed, total_activities)
           FROM customer_360_view WHERE customer_id = 7400001),
          'viewed 5, activities 17',
          '360: products_viewed = distinct viewed products (not cart or search), total_activities = all rows');
SELECT is((SELECT last_activity_at = now() - interval '1 hour' FROM customer_360_view
           WHERE customer_id = 7400001), true, '360: last_activity_at is the latest behaviour row');
SELECT is((SELECT format('family %s, open drop-offs %s', family_members_count, open_dropoffs)
           FROM customer_360_view WHERE customer_id = 7400001),
          'family 2, open drop-offs 2', '360: family members and unrecovered drop-offs');
SELECT is((SELECT format('%s|%s|%s', overall_warmth_score, warmth_level,
                         purchase_probability = purchase_probability(73.50))
           FROM customer_360_view WHERE customer_id = 7400001),
          '73.50|warm|t', '360: warmth score 73.50, level warm, purchase probability from customer_warmth');
SELECT is((SELECT format('%s|%s|%s|%s', rfm_cell, rfm_segment, churn_risk, health_score)
           FROM customer_360_view WHERE customer_id = 7400001),
          '|||', '360: RFM and health are empty before the refreshes');
SELECT is((SELECT format('%s|%s|%s|%s|%s|%s|%s|%s|%s|%s', total_orders, lifetime_value, avg_order_value,
                         days_since_last_order, customer_temperature, total_interactions,
                         interactions_30d, products_viewed, family_members_count, open_dropoffs)
           FROM customer_360_view WHERE customer_id = 7400006),
          '0|0.00|||cold|0|0|0|0|0', '360: a customer with nothing: zeros, NULL average and days, cold');
SELECT is((SELECT customer_temperature FROM customer_360_view WHERE customer_id = 7400008),
          'hot'::customer_temperature, '360: no orders but 3 interactions in 30 days = hot');
SELECT is((SELECT customer_temperature FROM customer_360_view WHERE customer_id = 7400004),
          'warm'::customer_temperature, '360: last order 60 days ago = warm');
SELECT is((SELECT customer_temperature FROM customer_360_view WHERE customer_id = 7400005),
          'cold'::customer_temperature, '360: last order 100 days ago, no interactions = cold');
SELECT is((SELECT count(*)::int FROM customer_360_view), (SELECT count(*)::int FROM customers),
          '360: one row per customer');

-- ===========================================================================
-- upcoming_birthdays_anniversaries (next 30 days from today)
-- ===========================================================================

SELECT is((SELECT string_agg(format('%s/%s/%s/%s/%s', person_name, relationship, event_type,
                                    days_until_event, years), ', '
                             ORDER BY days_until_event, person_name, event_type)
           FROM upcoming_birthdays_anniversaries WHERE customer_id IN (7400101, 7400102)),
          'Kara Today/self/birthday/0/40, Kay Today/family/birthday/1/60, '
          'Kim Today/spouse/birthday/5/36, Kara Today/self/anniversary/30/20',
          'upcoming_birthdays_anniversaries: today = 0, family members with relationship (NULL = family), '
          '30 days included; 31 days and yesterday not');
SELECT is((SELECT format('%s|%s|%s|%s', customer_name, phone, email, next_occurrence = current_date + 5)
           FROM upcoming_birthdays_anniversaries WHERE person_name = 'Kim Today'),
          'Kara Today|+1 555 0101|kara@example.com|t',
          'upcoming_birthdays_anniversaries: a family member''s row carries the customer''s contact details');
SELECT is((SELECT count(*)::int FROM upcoming_birthdays_anniversaries
           WHERE days_until_event NOT BETWEEN 0 AND 30
              OR next_occurrence <> current_date + days_until_event), 0,
          'upcoming_birthdays_anniversaries: every row is 0-30 days ahead and next_occurrence = today + days');

-- ===========================================================================
-- upcoming_events(days, from_date)
-- ===========================================================================

SELECT is((SELECT string_agg(format('%s/%s/%s/%s/%s', person_name, event_type, next_occurrence,
                                    days_until_event, years), ', '
                             ORDER BY days_until_event, person_name, event_type)
           FROM upcoming_events(30, from_date => '2025-12-20') WHERE customer_id BETWEEN 7400201 AND 7400203),
          'Mila Newyear/anniversary/2025-12-20/0/15, Mia Newyear/birthday/2025-12-31/11/10, '
          'Mila Newyear/birthday/2026-01-01/12/36, Nico Edge/anniversary/2026-01-19/30/26',
          'upcoming_events(30, 2025-12-20): wraps the year end; 0 and 30 days included, 31 (20 Jan) and '
          '19 Dec (364 days) not');
SELECT is((SELECT string_agg(format('%s/%s', person_name, days_until_event), ', '
                             ORDER BY days_until_event, person_name)
           FROM upcoming_events(31, '2025-12-20') WHERE customer_id BETWEEN 7400201 AND 7400203
             AND days_until_event >= 30),
          'Nico Edge/30, Olga Out/31', 'upcoming_events(31, ...) includes the event 31 days ahead');
SELECT is((SELECT string_agg(format('%s/%s/%s', person_name, event_type, days_until_event), ', '
                             ORDER BY days_until_event)
           FROM upcoming_events(0, '2025-12-20') WHERE customer_id BETWEEN 7400201 AND 7400203),
          'Mila Newyear/anniversary/0', 'upcoming_events(0, ...) is today only');
SELECT is((SELECT count(*)::int FROM upcoming_events(366, '2025-12-20')),
          (SELECT (count(date_of_birth) + count(anniversary_date))::int FROM customers)
          + (SELECT (count(date_of_birth) + count(anniversary_date))::int FROM customer_family_members),
          'upcoming_events(366, ...) lists every birthday and anniversary of customers and family members');
-- 29 February
SELECT is((SELECT format('%s/%s', next_occurrence, days_until_event)
           FROM upcoming_events(30, '2025-02-20') WHERE customer_id = 7400301),
          '2025-02-28/8', 'upcoming_events: 29 Feb in a common year falls on 28 Feb by default');
SELECT is((SELECT count(*)::int FROM upcoming_events(8, '2025-02-20') WHERE customer_id = 7400301), 1,
          'upcoming_events(8, 2025-02-20): a 29 Feb birthday is 8 days ahead by default (included)');
UPDATE customer_scoring_settings SET value = 'mar1' WHERE name = 'leap_day_observed';
SELECT is((SELECT format('%s/%s', next_occurrence, days_until_event)
           FROM upcoming_events(30, '2025-02-20') WHERE customer_id = 7400301),
          '2025-03-01/9', 'upcoming_events: with leap_day_observed = mar1, 29 Feb falls on 1 Mar');
SELECT is((SELECT count(*)::int FROM upcoming_events(8, '2025-02-20') WHERE customer_id = 7400301), 0,
          'upcoming_events(8, 2025-02-20) with mar1: 9 days ahead, left out');
SELECT is((SELECT format('%s/%s/%s', next_occurrence, days_until_event, years)
           FROM upcoming_events(30, '2028-02-20') WHERE customer_id = 7400301),
          '2028-02-29/9/28', 'upcoming_events: in a leap year 29 Feb is 29 Feb, whatever the setting');
UPDATE customer_scoring_settings SET value = 'feb28' WHERE name = 'leap_day_observed';
SELECT is((SELECT format('%s/%s', next_occurrence, days_until_event)
           FROM upcoming_events(30, '2025-02-20') WHERE customer_id = 7400301),
          '2025-02-28/8', 'upcoming_events: back to feb28');

-- ===========================================================================
-- ai_call_recommendations
-- ===========================================================================
-- temperature | priority | offer | best call time | products | next action

CREATE FUNCTION pg_temp.rec(bigint) RETURNS text LANGUAGE sql AS $$
    SELECT format('%s|%s|%s|%s|%s|%s', customer_temperature, call_priority_score, offer_type,
                  best_call_time, COALESCE(recommended_products, '-'), next_action)
    FROM ai_call_recommendations WHERE customer_id = $1
$$;

SELECT is(pg_temp.rec(7400001),
          'hot|6|Premium product upsell|14:00-16:00|Alpha Phone, Beta Case, Gamma Charger|Send a WhatsApp follow-up this week',
          'A: hot 6, LTV 400.25 (no tier), drop-offs 20/30 days old ignored; premium upsell (hot repeat_buyer); '
          'available_time; top 3 viewed not bought (P4 bought, P5 only carted, P6 4th)');
SELECT is(pg_temp.rec(7400002),
          'hot|9|Cart recovery discount|14:00-16:00|Theta Lamp, P8|URGENT: Call within 24 hours',
          'B: hot 6 + tier 2 (60000) + drop-off exactly 14 days old = 9; cart recovery; best window '
          '14:00-16:00 from Interested / PURCHASED; product id when no name');
SELECT is(pg_temp.rec(7400003),
          'hot|8|Cross-sell accessories|08:00-10:00|-|Call within 3 days',
          'C: drop-off 15 days old and a recovered one do not count: 8; cross-sell (hot first_buyer); '
          'available_time; nothing viewed-not-bought');
SELECT is(pg_temp.rec(7400004),
          'warm|3|Loyalty discount|10:00-12:00|-|Add to nurture campaign',
          'D: warm 3; loyalty discount; ''No Answer'' is not positive and no available_time: 10:00-12:00');
SELECT is(pg_temp.rec(7400005),
          'cold|1|Reactivation offer|10:00-12:00|-|Add to nurture campaign',
          'E: cold buyer 1; reactivation; a blank available_time falls back to 10:00-12:00');
SELECT is(pg_temp.rec(7400006),
          'cold|1|Welcome offer|10:00-12:00|-|Add to nurture campaign',
          'F: nothing: cold 1, welcome offer, 10:00-12:00, nurture');
SELECT is(pg_temp.rec(7400008),
          'hot|6|Cross-sell accessories|10:00-12:00|-|Send a WhatsApp follow-up this week',
          'H: no orders, 3 interactions in 30 days: hot 6, cross-sell, WhatsApp');
SELECT is(pg_temp.rec(7400009),
          'hot|9|Premium product upsell|10:00-12:00|-|URGENT: Call within 24 hours',
          'I: hot 6 + tier 3 (100000.50) = 9; premium upsell (repeat_buyer); urgent');
SELECT is((SELECT count(*)::int FROM ai_call_recommendations WHERE customer_id = 7400007), 0,
          'do_not_contact customers are excluded');
SELECT is((SELECT count(*)::int FROM ai_call_recommendations),
          (SELECT count(*)::int FROM customers WHERE NOT do_not_contact),
          'every other customer is listed once');
SELECT is((SELECT format('%s|%s|%s|%s', customer_type, lifecycle_stage, total_orders, recent_dropoff)
           FROM ai_call_recommendations WHERE customer_id = 7400009),
          'vip|repeat_buyer|2|f', 'I: type vip, stage repeat_buyer, 2 orders, no recent drop-off');
SELECT is((SELECT string_agg(format('%s:%s', product_id, views), ', ' ORDER BY views DESC, product_id)
           FROM recommended_products(7400001)),
          'P1:3, P2:2, P3:1', 'recommended_products(A): product ids and view counts, most viewed first');
-- the drop-off edge: 14 days and one second is outside the 14 days
UPDATE customer_dropoff_tracking SET created_at = now() - interval '14 days 1 second'
WHERE customer_id = 7400002;
SELECT is((SELECT format('%s|%s', call_priority_score, offer_type) FROM ai_call_recommendations
           WHERE customer_id = 7400002),
          '8|Cross-sell accessories', 'B: a drop-off 14 days and 1 second old no longer counts');
UPDATE customer_dropoff_tracking SET created_at = now() - interval '13 days', recovered = true
WHERE customer_id = 7400002;
SELECT is((SELECT call_priority_score FROM ai_call_recommendations WHERE customer_id = 7400002), 8,
          'B: a recovered drop-off 13 days old does not count');
-- positive outcomes are a setting, matched case-insensitively
UPDATE customer_scoring_settings SET value = ' NO ANSWER , voicemail' WHERE name = 'positive_outcomes';
SELECT is((SELECT best_call_time FROM ai_call_recommendations WHERE customer_id = 7400004), '18:00-20:00',
          'setting positive_outcomes = '' NO ANSWER , voicemail'': D''s ''No Answer'' at 18:45 gives 18:00-20:00');
SELECT is((SELECT best_call_time FROM ai_call_recommendations WHERE customer_id = 7400002), '10:00-12:00',
          'with that setting B''s Interested / PURCHASED no longer count: no available_time, 10:00-12:00');
DELETE FROM customer_scoring_settings WHERE name = 'positive_outcomes';  -- back to the default
-- the ltv tiers are a setting too
UPDATE customer_scoring_settings SET value = '100, 60000' WHERE name = 'ltv_tiers';
SELECT is((SELECT string_agg(format('%s:%s', customer_id - 7400000, call_priority_score), ' ' ORDER BY customer_id)
           FROM ai_call_recommendations WHERE customer_id IN (7400001, 7400003, 7400004, 7400005)),
          '1:7 3:8 4:4 5:1', 'setting ltv_tiers = ''100, 60000'': priorities follow the custom tiers');
DELETE FROM customer_scoring_settings WHERE name = 'ltv_tiers';  -- back to the default

-- ===========================================================================
-- text_bar
-- ===========================================================================

SELECT is(text_bar(0), '', 'text_bar(0) is empty');
SELECT is(text_bar(100), repeat('█', 20), 'text_bar(100) is 20 full blocks');
SELECT is(text_bar(50), repeat('█', 10), 'text_bar(50) is 10 full blocks');
SELECT is(text_bar(2.5), '▌', 'text_bar(2.5) is half a block');
SELECT is(text_bar(2.49), '', 'text_bar(2.49) (0.498 cells) is empty');
SELECT is(text_bar(7.5), '█▌', 'text_bar(7.5) is a block and a half');
SELECT is(text_bar(150), repeat('█', 20), 'text_bar(150) clamps to 20 blocks');
SELECT is(text_bar(-10), '', 'text_bar(-10) clamps to empty');
SELECT is(text_bar(50, 10), repeat('█', 5), 'text_bar(50, width => 10) is 5 blocks');
SELECT is(text_bar(NULL), NULL, 'text_bar(NULL) is NULL');

-- ===========================================================================
-- refresh_rfm_scores and rfm_segment_distribution
-- ===========================================================================

SELECT is(refresh_rfm_scores(), 6::bigint, 'refresh_rfm_scores() scores the 6 customers with completed orders');
SELECT is((SELECT count(*)::int FROM customer_rfm_scores s
           JOIN customers c ON c.id = s.customer_id
           CROSS JOIN LATERAL (SELECT (rfm_score(c.last_order_at, c.total_orders, c.lifetime_value, now())).*) r
           WHERE (s.recency_score, s.frequency_score, s.monetary_score, s.rfm_cell, s.rfm_total, s.segment)
                 IS NOT DISTINCT FROM
                 (r.recency_score, r.frequency_score, r.monetary_score, r.rfm_cell, r.rfm_total, r.segment)
             AND s.purchase_count = c.total_orders AND s.total_spent = c.lifetime_value
             AND s.recency_days = whole_days_between(c.last_order_at, now())),
          6, 'every RFM row equals rfm_score() of the customer''s completed orders');
SELECT is((SELECT string_agg(format('%s:%s:%s', customer_id - 7400000, rfm_cell, segment), ' ' ORDER BY customer_id)
           FROM customer_rfm_scores),
          '1:521:Potential Loyalists 2:515:VIP 3:515:VIP 4:411:New Customers 5:211:Lost 9:525:VIP',
          'RFM cells and segments of the fixture');
SELECT is((SELECT format('%s|%s|%s', rfm_cell, rfm_segment, churn_risk)
           FROM customer_360_view WHERE customer_id = 7400001),
          '521|Potential Loyalists|0', '360: RFM columns after the refresh (A buys every 15 days, last 10 days ago: churn 0)');
SELECT is((SELECT format('%s|%s', avg_days_between_purchases, churn_risk = churn_risk(10, 3, 15))
           FROM customer_rfm_scores WHERE customer_id = 7400001),
          '15.00|t', 'A: avg_days_between_purchases 15.00, churn_risk = churn_risk(10, 3, 15)');
SELECT is(refresh_rfm_scores(), 0::bigint, 'a second refresh_rfm_scores() changes nothing: 0');

SELECT is((SELECT string_agg(format('%s:%s:%s:%s', segment, customers, share_percent, bar), ' | '
                             ORDER BY segment DESC)
           FROM rfm_segment_distribution),
          'VIP:3:50.00:' || repeat('█', 10) || ' | Potential Loyalists:1:16.67:███ | '
          'New Customers:1:16.67:███ | Lost:1:16.67:███',
          'rfm_segment_distribution: counts, shares and bars (50% = 10 blocks of 20)');
SELECT cmp_ok((SELECT abs(sum(share_percent) - 100) FROM rfm_segment_distribution), '<=', 0.05,
              'rfm_segment_distribution: shares sum to 100 within rounding');
SELECT is((SELECT format('%s|%s|%s', avg_total_spent, avg_purchases, avg_recency_days)
           FROM rfm_segment_distribution WHERE segment = 'VIP'),
          '73333.50|1.3|1.3', 'rfm_segment_distribution: VIP averages (spent, purchases, recency days)');

-- customers whose orders are all cancelled lose their RFM row
UPDATE orders SET status = 'cancelled' WHERE customer_id = 7400005;
SELECT is(refresh_rfm_scores(), 1::bigint, 'E''s orders cancelled: refresh_rfm_scores() returns 1 (the removed row)');
SELECT is((SELECT count(*)::int FROM customer_rfm_scores WHERE customer_id = 7400005), 0,
          'E (orders all cancelled) has no RFM row any more');
SELECT is((SELECT string_agg(format('%s:%s:%s', segment, customers, share_percent), ' | ' ORDER BY segment DESC)
           FROM rfm_segment_distribution),
          'VIP:3:60.00 | Potential Loyalists:1:20.00 | New Customers:1:20.00',
          'rfm_segment_distribution after E left: Lost is gone, shares of 5');
UPDATE orders SET status = 'completed' WHERE customer_id = 7400005;
SELECT is(refresh_rfm_scores(), 1::bigint, 'E''s order completed again: its row comes back (1)');

-- ===========================================================================
-- refresh_health_scores and health_score_overview
-- ===========================================================================
-- Completed spend in the last 90 days: D 100, A 400.25, B 60000, C 60000,
-- I 100000.50 (E's order is 100 days old); its 90th percentile
-- (percentile_cont) is 60000 + 0.6 * 40000.50 = 84000.30.

SELECT is(refresh_health_scores(), (SELECT count(*) FROM customers),
          'refresh_health_scores() scores every customer (returns the count)');
SELECT is((SELECT format('%s|%s|%s|%s|%s|%s', visit_frequency, spending_behavior, loyalty_engagement,
                         feedback_sentiment, communication_response, recency_factor)
           FROM customer_health_scores WHERE customer_id = 7400001),
          format('25.00|%s|30.00|85.00|66.67|88.89', round(400.25 * 100 / 84000.30, 2)),
          'A: visits 3 × 100/12 = 25, spend 400.25 vs p90 84000.30, 3 ledger entries × 10 = 30, '
          'feedback avg(80, 90) = 85, replied 2 of 3 outbound = 66.67, recency 100 - 10 × 100/90 = 88.89');
SELECT is((SELECT health_score FROM customer_health_scores WHERE customer_id = 7400001),
          health_score(25.00, round(400.25 * 100 / 84000.30, 2), 30.00, 85.00, 66.67, 88.89),
          'A: health_score = health_score(its components)');
SELECT is((SELECT count(*)::int FROM customer_health_scores
           WHERE health_score IS DISTINCT FROM health_score(visit_frequency, spending_behavior, loyalty_engagement,
                                                            feedback_sentiment, communication_response, recency_factor)
              OR health_level IS DISTINCT FROM health_level(health_score)), 0,
          'every customer: health_score = health_score(components), health_level = health_level(score)');
SELECT is((SELECT count(*)::int FROM customer_health_scores h JOIN customers c ON c.id = h.customer_id
           WHERE (h.profile_completeness, h.missing_fields) IS DISTINCT FROM
                 (profile_completeness(to_jsonb(c), profile_fields()),
                  profile_missing_fields(to_jsonb(c), profile_fields()))), 0,
          'every customer: completeness and missing fields = profile_completeness / profile_missing_fields(to_jsonb(customer), profile_fields())');
SELECT ok((SELECT count(DISTINCT profile_completeness) >= 3 FROM customer_health_scores),
          'the customers above have at least three different completeness values');
SELECT is((SELECT format('%s|%s|%s|%s|%s|%s', visit_frequency, spending_behavior, loyalty_engagement,
                         feedback_sentiment, communication_response, recency_factor)
           FROM customer_health_scores WHERE customer_id = 7400006),
          '0.00|0.00|0.00|50.00|50.00|0.00',
          'F (nothing): no visits, spend, loyalty or recency; feedback and communication 50 when none');
SELECT is((SELECT format('%s|%s|%s', visit_frequency, spending_behavior, recency_factor)
           FROM customer_health_scores WHERE customer_id = 7400009),
          '16.67|100.00|98.89', 'I: 2 visits = 16.67, spend above the 90th percentile clamps to 100, recency 1 day');
SELECT is((SELECT format('%s|%s', spending_behavior, recency_factor)
           FROM customer_health_scores WHERE customer_id = 7400005),
          '0.00|0.00', 'E: order 100 days ago: no spend in 90 days, recency factor 0 (not negative)');
SELECT is((SELECT format('%s|%s', health_score, health_level) FROM customer_360_view WHERE customer_id = 7400001),
          (SELECT format('%s|%s', health_score, health_level) FROM customer_health_scores WHERE customer_id = 7400001),
          '360: health columns after the refresh');
SELECT is((SELECT count(*)::int FROM customer_health_score_history
           WHERE change_trigger = 'refresh' AND previous_score IS NULL AND score_change IS NULL),
          (SELECT count(*)::int FROM customers),
          'the first refresh writes one history row per customer (no previous score)');
SELECT is(refresh_health_scores(), 0::bigint, 'a second refresh_health_scores() changes nothing: 0');
SELECT is((SELECT count(*)::int FROM customer_health_score_history), (SELECT count(*)::int FROM customers),
          'a refresh without changes writes no history');

CREATE TEMP TABLE health_before ON COMMIT DROP AS
SELECT health_score FROM customer_health_scores WHERE customer_id = 7400001;
INSERT INTO customer_interactions (customer_id, interaction_type, interaction_date, feedback_score)
VALUES (7400001, 'feedback', now() - interval '1 day', 20);
SELECT is(refresh_health_scores(), 1::bigint, 'new feedback for A: refresh_health_scores() returns 1');
SELECT is((SELECT feedback_sentiment FROM customer_health_scores WHERE customer_id = 7400001), 63.33,
          'A: feedback_sentiment = avg(80, 90, 20) = 63.33');
SELECT is((SELECT format('%s|%s|%s', count(*), bool_and(h.previous_score = b.health_score),
                         bool_and(h.score_change = h.health_score - h.previous_score))
           FROM customer_health_score_history h, health_before b
           WHERE h.customer_id = 7400001 AND h.previous_score IS NOT NULL),
          '1|t|t', 'A''s change wrote one history row with previous_score and score_change');
SELECT is((SELECT count(*)::int FROM customer_health_score_history), (SELECT count(*)::int FROM customers) + 1,
          'only the changed customer got a history row');

SELECT is((SELECT sum(customers)::int FROM health_score_overview), (SELECT count(*)::int FROM customers),
          'health_score_overview: the counts sum to the number of customers');
SELECT cmp_ok((SELECT abs(sum(share_percent) - 100) FROM health_score_overview), '<=', 0.05,
              'health_score_overview: shares sum to 100 within rounding');
SELECT is((SELECT string_agg(format('%s:%s', health_level, customers), ' ' ORDER BY health_level)
           FROM health_score_overview),
          (SELECT string_agg(format('%s:%s', health_level, n), ' ' ORDER BY health_level)
           FROM (SELECT health_level, count(*) AS n FROM customer_health_scores GROUP BY 1) g),
          'health_score_overview: one row per level with its customers');
SELECT is((SELECT count(*)::int FROM health_score_overview o
           WHERE o.share_percent <> round(100.0 * o.customers / (SELECT count(*) FROM customers), 2)
              OR char_length(replace(o.bar, '▌', '')) <> floor(20.0 * o.customers / (SELECT count(*) FROM customers))
              OR o.avg_health_score <> (SELECT round(avg(h.health_score), 2) FROM customer_health_scores h
                                        WHERE h.health_level = o.health_level)), 0,
          'health_score_overview: share, bar length (proportional, width 20) and average of every level');

-- as_of in the past: I ordered 3 days and 1 day ago; as of 2 days ago its last
-- order was 1 day before, so recency_factor = 100 - 1 × 100/90 = 98.89
SELECT lives_ok($$SELECT refresh_health_scores(as_of => now() - interval '2 days')$$,
                'refresh_health_scores(as_of => now() - 2 days) runs');
SELECT is((SELECT recency_factor FROM customer_health_scores WHERE customer_id = 7400009), 98.89,
          'refresh_health_scores(as_of => now() - 2 days): I''s recency counts from its last order before as_of');

SELECT throws_ok($$SELECT * FROM upcoming_events(367)$$, '22003',
                 'days must be between 0 and 366', 'upcoming_events: 367 days is out of range');
SELECT throws_ok($$SELECT * FROM upcoming_events(-1)$$, '22003',
                 'days must be between 0 and 366', 'upcoming_events: a negative window is out of range');

SELECT * FROM finish();
ROLLBACK;
