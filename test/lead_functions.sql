-- test/lead_functions.sql — pgTAP tests of the pure lead scoring functions
-- (SPEC §2, §3.2): calculate_lead_score (SPEC examples, caps, overflow,
-- NULL handling, every recency edge at a fixed as_of), lead_score_breakdown
-- and lead_temperature, with the bad inputs and their SQLSTATEs and messages.
-- Needs: CREATE EXTENSION pgtap; CREATE EXTENSION customer_scoring;
BEGIN;
SELECT plan(85);

-- A fixed "now" for every recency test: 2025-06-30 12:00 UTC.

-- ---------------------------------------------------------------------------
-- SPEC examples
-- ---------------------------------------------------------------------------

SELECT is(calculate_lead_score(
              qr_scans => 1, catalog_views => 1, messages => 2, has_voice => true,
              has_phone => true, has_budget => true, has_transaction_type => true,
              has_property_type => true, has_location => true,
              last_activity => '2025-06-30 11:55:00+00', as_of => '2025-06-30 12:00:00+00'),
          67,
          'lead: SPEC example 1 (activity 5 minutes before as_of) = 12 + 35 + 20 = 67');
SELECT is(lead_temperature(calculate_lead_score(
              qr_scans => 1, catalog_views => 1, messages => 2, has_voice => true,
              has_phone => true, has_budget => true, has_transaction_type => true,
              has_property_type => true, has_location => true,
              last_activity => '2025-06-30 11:55:00+00', as_of => '2025-06-30 12:00:00+00')),
          'hot'::lead_temperature,
          'lead: SPEC example 1 is hot');
SELECT is(calculate_lead_score(1, 1, 2, true, true, true, true, true, true, false,
                               '2025-06-30 11:55:00+00', '2025-06-30 12:00:00+00'),
          67,
          'lead: SPEC example 1 with positional arguments = 67');
SELECT results_eq(
    $$SELECT engagement, qualification, recency, total, temperature
        FROM lead_score_breakdown(
              qr_scans => 1, catalog_views => 1, messages => 2, has_voice => true,
              has_phone => true, has_budget => true, has_transaction_type => true,
              has_property_type => true, has_location => true,
              last_activity => '2025-06-30 11:55:00+00', as_of => '2025-06-30 12:00:00+00')$$,
    $$VALUES (12, 35, 20, 67, 'hot'::lead_temperature)$$,
    'lead_score_breakdown: SPEC example 1 = (12, 35, 20, 67, hot)');
SELECT is(calculate_lead_score(
              messages => 5, qr_scans => 2, has_phone => true, has_budget => true,
              as_of => '2025-06-30 12:00:00+00'),
          31,
          'lead: SPEC example 2 (no activity time) = 11 + 20 + 0 = 31');
SELECT results_eq(
    $$SELECT engagement, qualification, recency, total, temperature
        FROM lead_score_breakdown(messages => 5, qr_scans => 2, has_phone => true,
                                  has_budget => true, last_activity => NULL,
                                  as_of => '2025-06-30 12:00:00+00')$$,
    $$VALUES (11, 20, 0, 31, 'warm'::lead_temperature)$$,
    'lead_score_breakdown: SPEC example 2 = (11, 20, 0, 31, warm)');
SELECT is(calculate_lead_score(as_of => '2025-06-30 12:00:00+00'), 0,
          'lead: nothing known scores 0');
SELECT is(calculate_lead_score(
              qr_scans => 5, catalog_views => 5, messages => 10, has_voice => true,
              has_phone => true, has_budget => true, has_transaction_type => true,
              has_property_type => true, has_location => true, has_payment_method => true,
              last_activity => '2025-06-30 12:00:00+00', as_of => '2025-06-30 12:00:00+00'),
          100,
          'lead: everything at its maximum scores exactly 100');
SELECT is(calculate_lead_score(last_activity => now() - interval '30 minutes'), 20,
          'lead: as_of defaults to now() (activity 30 minutes ago = 20 points)');
SELECT is(calculate_lead_score(last_activity => now() - interval '3 days'), 0,
          'lead: as_of defaults to now() (activity 3 days ago = 0 points)');

-- ---------------------------------------------------------------------------
-- engagement caps: min(3 qr, 15) + min(2 views, 10) + min(messages, 10) + 5 voice
-- ---------------------------------------------------------------------------

SELECT is(calculate_lead_score(qr_scans => 1, as_of => '2025-06-30 12:00+00'), 3, 'lead: 1 QR scan = 3');
SELECT is(calculate_lead_score(qr_scans => 4, as_of => '2025-06-30 12:00+00'), 12, 'lead: 4 QR scans = 12');
SELECT is(calculate_lead_score(qr_scans => 5, as_of => '2025-06-30 12:00+00'), 15, 'lead: 5 QR scans = 15 (cap)');
SELECT is(calculate_lead_score(qr_scans => 6, as_of => '2025-06-30 12:00+00'), 15, 'lead: 6 QR scans = 15 (capped)');
SELECT is(calculate_lead_score(catalog_views => 4, as_of => '2025-06-30 12:00+00'), 8, 'lead: 4 catalog views = 8');
SELECT is(calculate_lead_score(catalog_views => 5, as_of => '2025-06-30 12:00+00'), 10, 'lead: 5 catalog views = 10 (cap)');
SELECT is(calculate_lead_score(catalog_views => 6, as_of => '2025-06-30 12:00+00'), 10, 'lead: 6 catalog views = 10 (capped)');
SELECT is(calculate_lead_score(messages => 9, as_of => '2025-06-30 12:00+00'), 9, 'lead: 9 messages = 9');
SELECT is(calculate_lead_score(messages => 10, as_of => '2025-06-30 12:00+00'), 10, 'lead: 10 messages = 10 (cap)');
SELECT is(calculate_lead_score(messages => 11, as_of => '2025-06-30 12:00+00'), 10, 'lead: 11 messages = 10 (capped)');
SELECT is(calculate_lead_score(has_voice => true, as_of => '2025-06-30 12:00+00'), 5, 'lead: a voice message = 5');
SELECT is(calculate_lead_score(qr_scans => 2147483647, as_of => '2025-06-30 12:00+00'), 15,
          'lead: 2147483647 QR scans = 15, no overflow');
SELECT is((lead_score_breakdown(qr_scans => 2147483647, as_of => '2025-06-30 12:00+00')).engagement, 15,
          'lead_score_breakdown: 2147483647 QR scans give engagement 15');
SELECT is(calculate_lead_score(catalog_views => 2147483647, as_of => '2025-06-30 12:00+00'), 10,
          'lead: 2147483647 catalog views = 10, no overflow');
SELECT is(calculate_lead_score(messages => 2147483647, as_of => '2025-06-30 12:00+00'), 10,
          'lead: 2147483647 messages = 10, no overflow');
SELECT is(calculate_lead_score(qr_scans => 2147483647, catalog_views => 2147483647,
                               messages => 2147483647, has_voice => true,
                               as_of => '2025-06-30 12:00+00'), 40,
          'lead: every count at 2147483647 plus voice = engagement maximum 40');
SELECT is(calculate_lead_score(qr_scans => 1073741824, as_of => '2025-06-30 12:00+00'), 15,
          'lead: 2^30 QR scans (3 x 2^30 overflows int32) = 15');

-- qualification points
SELECT is(calculate_lead_score(has_phone => true, as_of => '2025-06-30 12:00+00'), 10, 'lead: phone = 10');
SELECT is(calculate_lead_score(has_budget => true, as_of => '2025-06-30 12:00+00'), 10, 'lead: budget = 10');
SELECT is(calculate_lead_score(has_transaction_type => true, as_of => '2025-06-30 12:00+00'), 5, 'lead: transaction type = 5');
SELECT is(calculate_lead_score(has_property_type => true, as_of => '2025-06-30 12:00+00'), 5, 'lead: property type = 5');
SELECT is(calculate_lead_score(has_location => true, as_of => '2025-06-30 12:00+00'), 5, 'lead: location = 5');
SELECT is(calculate_lead_score(has_payment_method => true, as_of => '2025-06-30 12:00+00'), 5, 'lead: payment method = 5');
SELECT is((lead_score_breakdown(has_phone => true, has_budget => true, has_transaction_type => true,
                                has_property_type => true, has_location => true,
                                has_payment_method => true, as_of => '2025-06-30 12:00+00')).qualification,
          40, 'lead_score_breakdown: all six qualification flags = 40');

-- negative counts
SELECT throws_ok($$SELECT calculate_lead_score(qr_scans => -1, as_of => '2025-06-30 12:00+00')$$,
                 '22023', 'qr_scans must not be negative', 'lead: negative qr_scans is rejected');
SELECT throws_ok($$SELECT calculate_lead_score(catalog_views => -1, as_of => '2025-06-30 12:00+00')$$,
                 '22023', 'catalog_views must not be negative', 'lead: negative catalog_views is rejected');
SELECT throws_ok($$SELECT calculate_lead_score(messages => -1, as_of => '2025-06-30 12:00+00')$$,
                 '22023', 'messages must not be negative', 'lead: negative messages is rejected');
SELECT throws_ok($$SELECT calculate_lead_score(qr_scans => -2147483648, as_of => '2025-06-30 12:00+00')$$,
                 '22023', 'qr_scans must not be negative', 'lead: qr_scans -2147483648 is rejected');
SELECT throws_ok($$SELECT * FROM lead_score_breakdown(messages => -5, as_of => '2025-06-30 12:00+00')$$,
                 '22023', 'messages must not be negative', 'lead_score_breakdown: negative messages is rejected');

-- NULL counts are 0, NULL flags false
SELECT is(calculate_lead_score(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                               '2025-06-30 12:00+00'), 0,
          'lead: every argument NULL except as_of = 0');
SELECT is(calculate_lead_score(NULL, 2, NULL, NULL, true, NULL, NULL, NULL, NULL, NULL, NULL,
                               '2025-06-30 12:00+00'), 14,
          'lead: NULL counts are 0 and NULL flags false, known parts still count');
SELECT is(calculate_lead_score(qr_scans => NULL, messages => 3, has_voice => NULL,
                               as_of => '2025-06-30 12:00+00'), 3,
          'lead: a NULL named count and flag are ignored');
SELECT results_eq(
    $$SELECT engagement, qualification, recency, total
        FROM lead_score_breakdown(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                  NULL, '2025-06-30 12:00+00')$$,
    $$VALUES (0, 0, 0, 0)$$,
    'lead_score_breakdown: all NULL = all parts 0');

-- ---------------------------------------------------------------------------
-- recency at a fixed as_of: < 1 h 20, < 6 h 15, < 24 h 10, < 72 h 5, else 0
-- ---------------------------------------------------------------------------

SELECT is(calculate_lead_score(last_activity => '2025-06-30 12:00:00+00', as_of => '2025-06-30 12:00:00+00'), 20,
          'recency: activity at as_of = 20');
SELECT is(calculate_lead_score(last_activity => '2025-06-30 11:01:00+00', as_of => '2025-06-30 12:00:00+00'), 20,
          'recency: 59 minutes = 20');
SELECT is(calculate_lead_score(last_activity => '2025-06-30 11:00:00.000001+00', as_of => '2025-06-30 12:00:00+00'), 20,
          'recency: 1 hour minus 1 microsecond = 20');
SELECT is(calculate_lead_score(last_activity => '2025-06-30 11:00:00+00', as_of => '2025-06-30 12:00:00+00'), 15,
          'recency: exactly 1 hour = 15');
SELECT is(calculate_lead_score(last_activity => '2025-06-30 06:01:00+00', as_of => '2025-06-30 12:00:00+00'), 15,
          'recency: 5 h 59 min = 15');
SELECT is(calculate_lead_score(last_activity => '2025-06-30 06:00:00+00', as_of => '2025-06-30 12:00:00+00'), 10,
          'recency: exactly 6 hours = 10');
SELECT is(calculate_lead_score(last_activity => '2025-06-29 12:01:00+00', as_of => '2025-06-30 12:00:00+00'), 10,
          'recency: 23 h 59 min = 10');
SELECT is(calculate_lead_score(last_activity => '2025-06-29 12:00:00+00', as_of => '2025-06-30 12:00:00+00'), 5,
          'recency: exactly 24 hours = 5');
SELECT is(calculate_lead_score(last_activity => '2025-06-27 12:01:00+00', as_of => '2025-06-30 12:00:00+00'), 5,
          'recency: 71 h 59 min = 5');
SELECT is(calculate_lead_score(last_activity => '2025-06-27 12:00:00+00', as_of => '2025-06-30 12:00:00+00'), 0,
          'recency: exactly 72 hours = 0');
SELECT is(calculate_lead_score(last_activity => '2024-06-30 12:00:00+00', as_of => '2025-06-30 12:00:00+00'), 0,
          'recency: a year ago = 0');
SELECT is(calculate_lead_score(last_activity => '2025-07-01 12:00:00+00', as_of => '2025-06-30 12:00:00+00'), 20,
          'recency: last_activity in the future counts as now = 20');
SELECT is(calculate_lead_score(last_activity => 'infinity', as_of => '2025-06-30 12:00:00+00'), 20,
          'recency: last_activity infinity (the future) = 20');
SELECT is(calculate_lead_score(last_activity => '-infinity', as_of => '2025-06-30 12:00:00+00'), 0,
          'recency: last_activity -infinity = 0');
SELECT is(calculate_lead_score(last_activity => '4713-01-01 00:00:00+00 BC', as_of => '294000-01-01 00:00:00+00'), 0,
          'recency: the widest finite span does not overflow = 0');
SELECT is(calculate_lead_score(last_activity => NULL, as_of => '2025-06-30 12:00:00+00'), 0,
          'recency: NULL last_activity = 0');
-- recency is measured in absolute time: a DST change inside the span changes nothing
SELECT is(calculate_lead_score(last_activity => '2025-03-09 09:30:00+00', as_of => '2025-03-09 10:29:00+00'), 20,
          'recency: 59 minutes across the US DST change = 20 (absolute time)');
SELECT throws_ok($$SELECT calculate_lead_score(qr_scans => 1, as_of => NULL)$$,
                 '22004', 'as_of must not be null', 'lead: as_of NULL is rejected');
SELECT throws_ok($$SELECT * FROM lead_score_breakdown(qr_scans => 1, as_of => NULL)$$,
                 '22004', 'as_of must not be null', 'lead_score_breakdown: as_of NULL is rejected');

-- ---------------------------------------------------------------------------
-- lead_score_breakdown: parts add up to the total, temperature matches
-- ---------------------------------------------------------------------------

CREATE TEMP TABLE lead_grid ON COMMIT DROP AS
SELECT q, c, m, v, p, b, la
  FROM generate_series(0, 6, 2) AS q,
       generate_series(0, 6, 3) AS c,
       (VALUES (0), (4), (12)) AS mm(m),
       (VALUES (false), (true)) AS vv(v),
       (VALUES (false), (true)) AS pp(p),
       (VALUES (false), (true)) AS bb(b),
       (VALUES (NULL::timestamptz), ('2025-06-30 11:30+00'), ('2025-06-30 08:00+00'),
               ('2025-06-29 18:00+00'), ('2025-06-28 12:00+00'), ('2025-06-01 12:00+00')) AS ll(la);

SELECT is((SELECT count(*)::int FROM lead_grid AS g,
                  LATERAL lead_score_breakdown(q, c, m, v, p, b, b, p, v, b, la, '2025-06-30 12:00+00') AS s
            WHERE s.engagement + s.qualification + s.recency <> s.total), 0,
          'lead_score_breakdown: engagement + qualification + recency = total on a grid of 1728 leads');
SELECT is((SELECT count(*)::int FROM lead_grid AS g,
                  LATERAL lead_score_breakdown(q, c, m, v, p, b, b, p, v, b, la, '2025-06-30 12:00+00') AS s
            WHERE s.total IS DISTINCT FROM
                  calculate_lead_score(q, c, m, v, p, b, b, p, v, b, la, '2025-06-30 12:00+00')), 0,
          'lead_score_breakdown: total = calculate_lead_score on the same grid');
SELECT is((SELECT count(*)::int FROM lead_grid AS g,
                  LATERAL lead_score_breakdown(q, c, m, v, p, b, b, p, v, b, la, '2025-06-30 12:00+00') AS s
            WHERE s.temperature IS DISTINCT FROM lead_temperature(s.total)), 0,
          'lead_score_breakdown: temperature = lead_temperature(total) on the same grid');
SELECT is((SELECT count(*)::int FROM lead_grid AS g,
                  LATERAL lead_score_breakdown(q, c, m, v, p, b, b, p, v, b, la, '2025-06-30 12:00+00') AS s
            WHERE s.engagement NOT BETWEEN 0 AND 40 OR s.qualification NOT BETWEEN 0 AND 40
               OR s.recency NOT IN (0, 5, 10, 15, 20)), 0,
          'lead_score_breakdown: engagement and qualification in [0, 40], recency one of 0/5/10/15/20');
SELECT is((SELECT count(DISTINCT s.recency)::int FROM lead_grid AS g,
                  LATERAL lead_score_breakdown(q, c, m, v, p, b, b, p, v, b, la, '2025-06-30 12:00+00') AS s), 5,
          'lead_score_breakdown: the grid reaches all five recency values');
SELECT results_eq(
    $$SELECT engagement, qualification, recency, total, temperature
        FROM lead_score_breakdown(qr_scans => 3, catalog_views => 2, messages => 7,
                                  has_phone => true, has_location => true, has_payment_method => true,
                                  last_activity => '2025-06-30 08:00+00', as_of => '2025-06-30 12:00+00')$$,
    $$VALUES (20, 20, 15, 55, 'hot'::lead_temperature)$$,
    'lead_score_breakdown: 3 QR, 2 views, 7 messages, phone, location, payment, 4 h ago = (20, 20, 15, 55, hot)');
SELECT results_eq(
    $$SELECT engagement, qualification, recency, total, temperature
        FROM lead_score_breakdown(qr_scans => 5, catalog_views => 5, messages => 10, has_voice => true,
                                  has_phone => true, has_budget => true, has_transaction_type => true,
                                  has_property_type => true, has_location => true, has_payment_method => true,
                                  last_activity => '2025-06-30 11:59+00', as_of => '2025-06-30 12:00+00')$$,
    $$VALUES (40, 40, 20, 100, 'burning'::lead_temperature)$$,
    'lead_score_breakdown: everything at its maximum = (40, 40, 20, 100, burning)');

-- ---------------------------------------------------------------------------
-- lead_temperature(score int): cold [0,25) warm [25,50) hot [50,70) burning [70,100]
-- ---------------------------------------------------------------------------

SELECT is(lead_temperature(0),   'cold'::lead_temperature,    'lead_temperature(0) = cold');
SELECT is(lead_temperature(24),  'cold'::lead_temperature,    'lead_temperature(24) = cold');
SELECT is(lead_temperature(25),  'warm'::lead_temperature,    'lead_temperature(25) = warm');
SELECT is(lead_temperature(49),  'warm'::lead_temperature,    'lead_temperature(49) = warm');
SELECT is(lead_temperature(50),  'hot'::lead_temperature,     'lead_temperature(50) = hot');
SELECT is(lead_temperature(69),  'hot'::lead_temperature,     'lead_temperature(69) = hot');
SELECT is(lead_temperature(70),  'burning'::lead_temperature, 'lead_temperature(70) = burning');
SELECT is(lead_temperature(100), 'burning'::lead_temperature, 'lead_temperature(100) = burning');
SELECT is(lead_temperature(score => 31), 'warm'::lead_temperature, 'lead_temperature(score => 31) = warm');
SELECT is(lead_temperature(NULL::int), NULL::lead_temperature, 'lead_temperature(NULL) is NULL');
SELECT throws_ok('SELECT lead_temperature(-1)', '22003', 'score must be between 0 and 100',
                 'lead_temperature(-1) is out of range');
SELECT throws_ok('SELECT lead_temperature(101)', '22003', 'score must be between 0 and 100',
                 'lead_temperature(101) is out of range');
SELECT throws_ok('SELECT lead_temperature(-2147483648)', '22003', 'score must be between 0 and 100',
                 'lead_temperature(-2147483648) is out of range');
SELECT is(enum_range(NULL::lead_temperature),
          ARRAY['cold', 'warm', 'hot', 'burning']::lead_temperature[],
          'lead_temperature enum sorts coldest first');
SELECT results_eq(
    $$SELECT lead_temperature(s) FROM (VALUES (30), (90), (10), (60)) AS v(s)
      ORDER BY lead_temperature(s) DESC$$,
    $$VALUES ('burning'::lead_temperature), ('hot'), ('warm'), ('cold')$$,
    'ORDER BY lead_temperature DESC puts burning first');
SELECT is((SELECT count(*)::int FROM generate_series(0, 100) AS s
            WHERE lead_temperature(s) IS DISTINCT FROM
                  (CASE WHEN s < 25 THEN 'cold' WHEN s < 50 THEN 'warm'
                        WHEN s < 70 THEN 'hot' ELSE 'burning' END)::lead_temperature), 0,
          'lead_temperature matches the SPEC bands for every score 0..100');

SELECT * FROM finish();
ROLLBACK;
