-- test/health_functions.sql — pgTAP tests of the pure health scoring
-- functions (SPEC §2, §3.4): health_score (formula, re-weighting of missing
-- components, range errors per argument), health_level, engagement_level,
-- completeness_level at every edge, profile_completeness and
-- profile_missing_fields, with the bad inputs and their SQLSTATEs and messages.
-- Needs: CREATE EXTENSION pgtap; CREATE EXTENSION customer_scoring;
BEGIN;
SELECT plan(108);

-- ---------------------------------------------------------------------------
-- health_score: weights 0.25, 0.20, 0.15, 0.15, 0.15, 0.10
-- ---------------------------------------------------------------------------

SELECT is(health_score(80, 70, 60, 90, 50, 40), 68.00::numeric,
          'health_score(80, 70, 60, 90, 50, 40) = 68.00');
SELECT is(health_score(80, 70, 60, 90, 50, 40)::text, '68.00',
          'health_score: result has 2 decimals');
SELECT is(health_score(80, 70, 60, 90, 50, 40),
          round(0.25*80 + 0.20*70 + 0.15*60 + 0.15*90 + 0.15*50 + 0.10*40, 2),
          'health_score equals the weighted formula');
SELECT is(health_score(33.33, 66.67, 12.5, 99.99, 0.01, 50),
          round(0.25*33.33 + 0.20*66.67 + 0.15*12.5 + 0.15*99.99 + 0.15*0.01 + 0.10*50, 2),
          'health_score with 2-decimal inputs equals the weighted formula');
SELECT is(health_score(12.345, 1.005, 99.999, 0.001, 42.4242, 7),
          round(0.25*12.345 + 0.20*1.005 + 0.15*99.999 + 0.15*0.001 + 0.15*42.4242 + 0.10*7, 2),
          'health_score with 3- and 4-decimal inputs equals the weighted formula');
SELECT is(health_score(recency_factor => 40, communication_response => 50, feedback_sentiment => 90,
                       loyalty_engagement => 60, spending_behavior => 70, visit_frequency => 80),
          68.00::numeric,
          'health_score with named arguments in reverse order = 68.00');
SELECT is(health_score(100, 0, 0, 0, 0, 0), 25.00::numeric, 'health_score: visit_frequency carries 0.25');
SELECT is(health_score(0, 100, 0, 0, 0, 0), 20.00::numeric, 'health_score: spending_behavior carries 0.20');
SELECT is(health_score(0, 0, 100, 0, 0, 0), 15.00::numeric, 'health_score: loyalty_engagement carries 0.15');
SELECT is(health_score(0, 0, 0, 100, 0, 0), 15.00::numeric, 'health_score: feedback_sentiment carries 0.15');
SELECT is(health_score(0, 0, 0, 0, 100, 0), 15.00::numeric, 'health_score: communication_response carries 0.15');
SELECT is(health_score(0, 0, 0, 0, 0, 100), 10.00::numeric, 'health_score: recency_factor carries 0.10');
SELECT is(health_score(0, 0, 0, 0, 0, 0)::text, '0.00', 'health_score: all 0 = 0.00');
SELECT is(health_score(100, 100, 100, 100, 100, 100)::text, '100.00', 'health_score: all 100 = 100.00');
SELECT is(health_score(0, 0, 0, 0, 0, 0.05), 0.01::numeric,
          'health_score: 0.10 * 0.05 = 0.005 rounds half away from zero to 0.01');
SELECT is(health_score(12.345, 12.345, 12.345, 12.345, 12.345, 12.345), 12.35::numeric,
          'health_score: all 12.345 = 12.35 (half cent rounds up)');

-- missing components are re-weighted
SELECT is(health_score(80, NULL, 60, NULL, 50, 40),
          round((0.25*80 + 0.15*60 + 0.15*50 + 0.10*40) / (0.25 + 0.15 + 0.15 + 0.10), 2),
          'health_score: two missing components, the others re-weighted (Σwx/Σw)');
SELECT is(health_score(80, NULL, 60, NULL, 50, 40), 62.31::numeric,
          'health_score: that re-weighted example = 62.31');
SELECT is(health_score(NULL, NULL, NULL, 77.77, NULL, NULL), 77.77::numeric,
          'health_score: a single known component is the score');
SELECT is(health_score(NULL, 10, NULL, NULL, NULL, 95), round((0.20*10 + 0.10*95) / 0.30, 2),
          'health_score: two known components with unequal weights');
SELECT is(health_score(NULL, NULL, NULL, NULL, NULL, NULL), NULL::numeric,
          'health_score: all missing = NULL');

-- range errors, one per argument name
SELECT throws_ok('SELECT health_score(-0.01, 0, 0, 0, 0, 0)', '22003',
                 'visit_frequency must be between 0 and 100', 'health_score: visit_frequency -0.01 is out of range');
SELECT throws_ok('SELECT health_score(0, -0.01, 0, 0, 0, 0)', '22003',
                 'spending_behavior must be between 0 and 100', 'health_score: spending_behavior -0.01 is out of range');
SELECT throws_ok('SELECT health_score(0, 0, -0.01, 0, 0, 0)', '22003',
                 'loyalty_engagement must be between 0 and 100', 'health_score: loyalty_engagement -0.01 is out of range');
SELECT throws_ok('SELECT health_score(0, 0, 0, -0.01, 0, 0)', '22003',
                 'feedback_sentiment must be between 0 and 100', 'health_score: feedback_sentiment -0.01 is out of range');
SELECT throws_ok('SELECT health_score(0, 0, 0, 0, -0.01, 0)', '22003',
                 'communication_response must be between 0 and 100', 'health_score: communication_response -0.01 is out of range');
SELECT throws_ok('SELECT health_score(0, 0, 0, 0, 0, -0.01)', '22003',
                 'recency_factor must be between 0 and 100', 'health_score: recency_factor -0.01 is out of range');
SELECT throws_ok('SELECT health_score(100.01, 0, 0, 0, 0, 0)', '22003',
                 'visit_frequency must be between 0 and 100', 'health_score: visit_frequency 100.01 is out of range');
SELECT throws_ok('SELECT health_score(0, 100.01, 0, 0, 0, 0)', '22003',
                 'spending_behavior must be between 0 and 100', 'health_score: spending_behavior 100.01 is out of range');
SELECT throws_ok('SELECT health_score(0, 0, 100.01, 0, 0, 0)', '22003',
                 'loyalty_engagement must be between 0 and 100', 'health_score: loyalty_engagement 100.01 is out of range');
SELECT throws_ok('SELECT health_score(0, 0, 0, 100.01, 0, 0)', '22003',
                 'feedback_sentiment must be between 0 and 100', 'health_score: feedback_sentiment 100.01 is out of range');
SELECT throws_ok('SELECT health_score(0, 0, 0, 0, 100.01, 0)', '22003',
                 'communication_response must be between 0 and 100', 'health_score: communication_response 100.01 is out of range');
SELECT throws_ok('SELECT health_score(0, 0, 0, 0, 0, 100.01)', '22003',
                 'recency_factor must be between 0 and 100', 'health_score: recency_factor 100.01 is out of range');
SELECT throws_ok('SELECT health_score(NULL, NULL, NULL, NULL, NULL, 100.0000001)', '22003',
                 'recency_factor must be between 0 and 100', 'health_score: 100.0000001 is out of range even when the rest are missing');
SELECT throws_ok($$SELECT health_score('NaN'::numeric, 0, 0, 0, 0, 0)$$, '22023',
                 'visit_frequency must not be NaN', 'health_score: NaN visit_frequency is rejected');
SELECT throws_ok($$SELECT health_score(0, 0, 0, 'NaN'::numeric, 0, 0)$$, '22023',
                 'feedback_sentiment must not be NaN', 'health_score: NaN feedback_sentiment is rejected');
SELECT throws_ok($$SELECT health_score(0, 'Infinity'::numeric, 0, 0, 0, 0)$$, '22023',
                 'spending_behavior must be finite', 'health_score: infinite spending_behavior is rejected');
SELECT throws_ok($$SELECT health_score(0, 0, 0, 0, 0, '-Infinity'::numeric)$$, '22023',
                 'recency_factor must be finite', 'health_score: -Infinity recency_factor is rejected');

-- ---------------------------------------------------------------------------
-- health_level: POOR [0,40) FAIR [40,60) GOOD [60,80) EXCELLENT [80,100]
-- (arguments typed numeric: health_level is also the enum's name)
-- ---------------------------------------------------------------------------

SELECT is(health_level(0::numeric),      'POOR'::health_level,      'health_level(0) = POOR');
SELECT is(health_level(39.99::numeric),  'POOR'::health_level,      'health_level(39.99) = POOR');
SELECT is(health_level(39.999::numeric), 'POOR'::health_level,      'health_level(39.999) = POOR (not rounded up)');
SELECT is(health_level(40::numeric),     'FAIR'::health_level,      'health_level(40) = FAIR');
SELECT is(health_level(59.99::numeric),  'FAIR'::health_level,      'health_level(59.99) = FAIR');
SELECT is(health_level(60::numeric),     'GOOD'::health_level,      'health_level(60) = GOOD');
SELECT is(health_level(79.99::numeric),  'GOOD'::health_level,      'health_level(79.99) = GOOD');
SELECT is(health_level(80::numeric),     'EXCELLENT'::health_level, 'health_level(80) = EXCELLENT');
SELECT is(health_level(100::numeric),    'EXCELLENT'::health_level, 'health_level(100) = EXCELLENT');
SELECT is(health_level(health_score(80, 70, 60, 90, 50, 40)), 'GOOD'::health_level,
          'health_level of health_score 68.00 = GOOD');
SELECT throws_ok('SELECT health_level(-0.01::numeric)', '22003', 'score must be between 0 and 100',
                 'health_level(-0.01) is out of range');
SELECT throws_ok('SELECT health_level(100.01::numeric)', '22003', 'score must be between 0 and 100',
                 'health_level(100.01) is out of range');
SELECT throws_ok($$SELECT health_level('NaN'::numeric)$$, '22023', 'score must not be NaN',
                 'health_level(NaN) is rejected');
SELECT is(enum_range(NULL::health_level), ARRAY['POOR', 'FAIR', 'GOOD', 'EXCELLENT']::health_level[],
          'health_level enum sorts worst first');

-- ---------------------------------------------------------------------------
-- engagement_level: LOW [0,40) MEDIUM [40,70) HIGH [70,90) EXCEPTIONAL [90,100]
-- ---------------------------------------------------------------------------

SELECT is(engagement_level(0::numeric),     'LOW'::engagement_level,         'engagement_level(0) = LOW');
SELECT is(engagement_level(39.99::numeric), 'LOW'::engagement_level,         'engagement_level(39.99) = LOW');
SELECT is(engagement_level(40::numeric),    'MEDIUM'::engagement_level,      'engagement_level(40) = MEDIUM');
SELECT is(engagement_level(69.99::numeric), 'MEDIUM'::engagement_level,      'engagement_level(69.99) = MEDIUM');
SELECT is(engagement_level(70::numeric),    'HIGH'::engagement_level,        'engagement_level(70) = HIGH');
SELECT is(engagement_level(89.99::numeric), 'HIGH'::engagement_level,        'engagement_level(89.99) = HIGH');
SELECT is(engagement_level(90::numeric),    'EXCEPTIONAL'::engagement_level, 'engagement_level(90) = EXCEPTIONAL');
SELECT is(engagement_level(100::numeric),   'EXCEPTIONAL'::engagement_level, 'engagement_level(100) = EXCEPTIONAL');
SELECT throws_ok('SELECT engagement_level(-0.01::numeric)', '22003', 'score must be between 0 and 100',
                 'engagement_level(-0.01) is out of range');
SELECT throws_ok('SELECT engagement_level(100.01::numeric)', '22003', 'score must be between 0 and 100',
                 'engagement_level(100.01) is out of range');
SELECT throws_ok($$SELECT engagement_level('Infinity'::numeric)$$, '22023', 'score must be finite',
                 'engagement_level(Infinity) is rejected');

-- ---------------------------------------------------------------------------
-- completeness_level: BASIC [0,50) GOOD [50,80) EXCELLENT [80,100) COMPLETE 100
-- ---------------------------------------------------------------------------

SELECT is(completeness_level(0::numeric),      'BASIC'::completeness_level,     'completeness_level(0) = BASIC');
SELECT is(completeness_level(49.99::numeric),  'BASIC'::completeness_level,     'completeness_level(49.99) = BASIC');
SELECT is(completeness_level(50::numeric),     'GOOD'::completeness_level,      'completeness_level(50) = GOOD');
SELECT is(completeness_level(79.99::numeric),  'GOOD'::completeness_level,      'completeness_level(79.99) = GOOD');
SELECT is(completeness_level(80::numeric),     'EXCELLENT'::completeness_level, 'completeness_level(80) = EXCELLENT');
SELECT is(completeness_level(99.99::numeric),  'EXCELLENT'::completeness_level, 'completeness_level(99.99) = EXCELLENT');
SELECT is(completeness_level(99.999::numeric), 'EXCELLENT'::completeness_level, 'completeness_level(99.999) = EXCELLENT (not rounded up)');
SELECT is(completeness_level(100::numeric),    'COMPLETE'::completeness_level,  'completeness_level(100) = COMPLETE');
SELECT is(completeness_level(100.00::numeric), 'COMPLETE'::completeness_level,  'completeness_level(100.00) = COMPLETE');
SELECT throws_ok('SELECT completeness_level(-0.01::numeric)', '22003', 'score must be between 0 and 100',
                 'completeness_level(-0.01) is out of range');
SELECT throws_ok('SELECT completeness_level(100.01::numeric)', '22003', 'score must be between 0 and 100',
                 'completeness_level(100.01) is out of range');

-- ---------------------------------------------------------------------------
-- profile_completeness / profile_missing_fields
-- ---------------------------------------------------------------------------

SELECT is(profile_completeness('{"a": 1, "b": "x", "c": true}', ARRAY['a', 'b', 'c'])::text, '100.00',
          'profile_completeness: all present = 100.00');
SELECT is(profile_completeness('{"a": 1}', ARRAY['a', 'b', 'c']), 33.33::numeric,
          'profile_completeness: 1 of 3 = 33.33');
SELECT is(profile_completeness('{"a": 1, "c": "z"}', ARRAY['a', 'b', 'c']), 66.67::numeric,
          'profile_completeness: 2 of 3 = 66.67 (rounded half up)');
SELECT is(profile_completeness('{"x": 1}', ARRAY['a', 'b', 'c'])::text, '0.00',
          'profile_completeness: none present = 0.00');
SELECT is(profile_completeness('{"a": 1}', ARRAY['a', 'b', 'c', 'd', 'e', 'f']), 16.67::numeric,
          'profile_completeness: 1 of 6 = 16.67');
SELECT is(profile_completeness('{"a": 1, "b": 2, "c": 3}', ARRAY['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']), 37.50::numeric,
          'profile_completeness: 3 of 8 = 37.50');
SELECT is(profile_completeness('{"a": null}', ARRAY['a']), 0.00::numeric,
          'profile_completeness: JSON null is empty');
SELECT is(profile_completeness('{"a": ""}', ARRAY['a']), 0.00::numeric,
          'profile_completeness: "" is empty');
SELECT is(profile_completeness('{"a": "  "}', ARRAY['a']), 0.00::numeric,
          'profile_completeness: "  " (blanks only) is empty');
SELECT is(profile_completeness(E'{"a": " \\t\\n "}', ARRAY['a']), 0.00::numeric,
          'profile_completeness: tabs and newlines only is empty');
SELECT is(profile_completeness('{"a": []}', ARRAY['a']), 0.00::numeric,
          'profile_completeness: [] is empty');
SELECT is(profile_completeness('{"a": {}}', ARRAY['a']), 0.00::numeric,
          'profile_completeness: {} is empty');
SELECT is(profile_completeness('{"a": 0}', ARRAY['a']), 100.00::numeric,
          'profile_completeness: 0 counts as filled');
SELECT is(profile_completeness('{"a": false}', ARRAY['a']), 100.00::numeric,
          'profile_completeness: false counts as filled');
SELECT is(profile_completeness('{"a": " x "}', ARRAY['a']), 100.00::numeric,
          'profile_completeness: a string with text among blanks counts as filled');
SELECT is(profile_completeness('{"a": [0], "b": {"k": null}}', ARRAY['a', 'b']), 100.00::numeric,
          'profile_completeness: non-empty array and object count as filled');
SELECT is(profile_completeness('{"A": 1}', ARRAY['a']), 0.00::numeric,
          'profile_completeness: field names are case-sensitive');
SELECT is(profile_completeness('{"nested": {"a": 1}}', ARRAY['a']), 0.00::numeric,
          'profile_completeness: only top-level fields count');
SELECT is(profile_completeness(profile => '{"email": "x@example.com", "phone": "", "city": null}',
                               fields => ARRAY['email', 'phone', 'city', 'name']), 25.00::numeric,
          'profile_completeness (named arguments): a realistic profile = 25.00');
SELECT is(profile_completeness(NULL, ARRAY['a']), NULL::numeric, 'profile_completeness: NULL profile = NULL');
SELECT throws_ok($$SELECT profile_completeness('{"a": 1}', '{}'::text[])$$, '22023',
                 'fields must not be empty', 'profile_completeness: an empty field list is rejected');
SELECT throws_ok($$SELECT profile_completeness('{"a": 1}', ARRAY['a', NULL])$$, '22004',
                 'fields must not contain nulls', 'profile_completeness: a NULL field name is rejected');
SELECT throws_ok($$SELECT profile_completeness('[1,2]', ARRAY['a'])$$, '22023',
                 'profile must be a JSON object', 'profile_completeness: a JSON array profile is rejected');
SELECT throws_ok($$SELECT profile_completeness('"a"', ARRAY['a'])$$, '22023',
                 'profile must be a JSON object', 'profile_completeness: a JSON string profile is rejected');
SELECT throws_ok($$SELECT profile_completeness('null', ARRAY['a'])$$, '22023',
                 'profile must be a JSON object', 'profile_completeness: a JSON null profile is rejected');
SELECT is(completeness_level(profile_completeness('{"a": 1, "b": 2}', ARRAY['a', 'b'])), 'COMPLETE'::completeness_level,
          'completeness_level of a fully filled profile = COMPLETE');

SELECT is(profile_missing_fields('{"b": 1}', ARRAY['c', 'a', 'b']), ARRAY['c', 'a'],
          'profile_missing_fields: missing fields in the order given');
SELECT is(profile_missing_fields('{"a": "", "b": null, "c": [], "d": {}, "e": " ", "f": 0, "g": false}',
                                 ARRAY['g', 'f', 'e', 'd', 'c', 'b', 'a', 'h']),
          ARRAY['e', 'd', 'c', 'b', 'a', 'h'],
          'profile_missing_fields: empty values and absent keys are missing, 0 and false are not');
SELECT is(profile_missing_fields('{"a": 1, "b": "x"}', ARRAY['a', 'b']), '{}'::text[],
          'profile_missing_fields: all filled gives an empty array');
SELECT is(cardinality(profile_missing_fields('{"a": 1, "b": "x"}', ARRAY['a', 'b'])), 0,
          'profile_missing_fields: the empty result has 0 elements (not NULL)');
SELECT is(profile_missing_fields('{}', ARRAY['z', 'y', 'x']), ARRAY['z', 'y', 'x'],
          'profile_missing_fields: an empty profile misses every field, in order');
SELECT throws_ok($$SELECT profile_missing_fields('{"a": 1}', '{}'::text[])$$, '22023',
                 'fields must not be empty', 'profile_missing_fields: an empty field list is rejected');
SELECT throws_ok($$SELECT profile_missing_fields('{"a": 1}', ARRAY[NULL, 'a'])$$, '22004',
                 'fields must not contain nulls', 'profile_missing_fields: a NULL field name is rejected');
SELECT throws_ok($$SELECT profile_missing_fields('[1,2]', ARRAY['a'])$$, '22023',
                 'profile must be a JSON object', 'profile_missing_fields: a JSON array profile is rejected');

SELECT * FROM finish();
ROLLBACK;
