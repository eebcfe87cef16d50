-- lead: engagement + qualification + recency, temperature (SPEC §3.2).
-- SPEC example 1: 12 + 35 + 20 = 67, hot
SELECT * FROM lead_score_breakdown(
    qr_scans => 1, catalog_views => 1, messages => 2, has_voice => true,
    has_phone => true, has_budget => true, has_transaction_type => true,
    has_property_type => true, has_location => true,
    last_activity => '2025-06-30 11:55+00', as_of => '2025-06-30 12:00+00');
-- SPEC example 2: 11 + 20 + 0 = 31, warm
SELECT * FROM lead_score_breakdown(messages => 5, qr_scans => 2,
                                   has_phone => true, has_budget => true);
SELECT calculate_lead_score(messages => 5, qr_scans => 2, has_phone => true, has_budget => true);
-- caps, and counts far beyond them
SELECT calculate_lead_score(qr_scans => 4), calculate_lead_score(qr_scans => 5),
       calculate_lead_score(catalog_views => 5), calculate_lead_score(messages => 11),
       calculate_lead_score(qr_scans => 2147483647, catalog_views => 2147483647,
                            messages => 2147483647);
-- everything: 40 + 40 + 20
SELECT calculate_lead_score(5, 5, 10, true, true, true, true, true, true, true,
                            '2025-06-30 12:00+00', '2025-06-30 12:00+00');
-- NULLs are 0 / false / no recency
SELECT calculate_lead_score(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                            NULL, '2025-06-30 12:00+00');
-- recency edges
SELECT ago, calculate_lead_score(last_activity => '2025-06-30 12:00+00'::timestamptz - ago::interval,
                                 as_of => '2025-06-30 12:00+00')
FROM unnest('{-1 hour,0,59 min,1 hour,5 hours 59 min,6 hours,23 hours 59 min,24 hours,71 hours 59 min,72 hours,10 years}'::text[]) AS ago;
SELECT calculate_lead_score(last_activity => 'infinity', as_of => '2025-06-30 12:00+00'),
       calculate_lead_score(last_activity => '-infinity', as_of => '2025-06-30 12:00+00'),
       calculate_lead_score(last_activity => '4713-01-01 00:00+00 BC', as_of => '294276-12-31 00:00+00');
-- bad input
SELECT calculate_lead_score(qr_scans => -1);
SELECT calculate_lead_score(catalog_views => -1);
SELECT calculate_lead_score(messages => -2147483648);
SELECT calculate_lead_score(as_of => NULL);
-- temperature
SELECT s, lead_temperature(s) FROM unnest('{0,24,25,49,50,69,70,100}'::int[]) AS s;
SELECT lead_temperature(-1);
SELECT lead_temperature(101);
