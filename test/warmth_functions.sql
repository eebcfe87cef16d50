-- test/warmth_functions.sql — pgTAP tests of the pure warmth scoring
-- functions (SPEC §2, §3.1): calculate_composite_warmth_score (8 components
-- and the scores[]/weights[] overload), warmth_level, purchase_probability
-- and event_impact, including every bad input and its SQLSTATE and message.
-- Needs: CREATE EXTENSION pgtap; CREATE EXTENSION customer_scoring;
BEGIN;
SELECT plan(138);

-- ---------------------------------------------------------------------------
-- calculate_composite_warmth_score(8 components)
-- ---------------------------------------------------------------------------

SELECT is(calculate_composite_warmth_score(75, 60, 80, 85, 70, 75, 60, 70),
          73.50::numeric,
          'composite: SPEC example (75,60,80,85,70,75,60,70) gives 73.50');
SELECT is(calculate_composite_warmth_score(75, 60, 80, 85, 70, 75, 60, 70)::text,
          '73.50',
          'composite: result is shown with 2 decimals');
SELECT is(calculate_composite_warmth_score(75, 60, 80, 85, 70, 75, 60, 70),
          round(0.20*75 + 0.15*60 + 0.10*80 + 0.20*85 + 0.15*70 + 0.10*75
                + 0.05*60 + 0.05*70, 2),
          'composite: SPEC example equals the weighted formula');
SELECT is(calculate_composite_warmth_score(
              past_behavior_score => 70, demographic_fit_score => 60,
              decision_authority_score => 75, timeline_urgency_score => 70,
              budget_qualification_score => 85, response_rate_score => 80,
              interaction_frequency_score => 60, engagement_score => 75),
          73.50::numeric,
          'composite: named arguments in reverse order give 73.50');
SELECT is(calculate_composite_warmth_score(
              engagement_score => 100, interaction_frequency_score => 0,
              response_rate_score => 0, budget_qualification_score => 0,
              timeline_urgency_score => 0, decision_authority_score => 0,
              demographic_fit_score => 0, past_behavior_score => 0),
          20.00::numeric,
          'composite: engagement alone at 100 carries its weight 0.20');
SELECT is(calculate_composite_warmth_score(0, 0, 0, 0, 0, 0, 0, 100),
          5.00::numeric,
          'composite: past_behavior alone at 100 carries its weight 0.05');

-- missing components: present weights rescaled to sum to 1
SELECT is(calculate_composite_warmth_score(75, NULL, 80, NULL, 70, 75, NULL, 70),
          round((0.20*75 + 0.10*80 + 0.15*70 + 0.10*75 + 0.05*70)
                / (0.20 + 0.10 + 0.15 + 0.10 + 0.05), 2),
          'composite: three missing components, the others re-weighted (Σwx/Σw)');
SELECT is(calculate_composite_warmth_score(75, NULL, 80, NULL, 70, 75, NULL, 70),
          74.17::numeric,
          'composite: re-weighted example gives 74.17, not the zero-filled 44.50');
SELECT is(calculate_composite_warmth_score(NULL, NULL, NULL, NULL, NULL, NULL, NULL, 33.33),
          33.33::numeric,
          'composite: a single known component is the score');
SELECT is(calculate_composite_warmth_score(NULL, 10, NULL, NULL, NULL, NULL, 95.5, NULL),
          round((0.15*10 + 0.05*95.5) / 0.20, 2),
          'composite: two known components with unequal weights');
SELECT is(calculate_composite_warmth_score(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
          NULL::numeric,
          'composite: all components missing gives NULL');

-- inputs of mixed scale
SELECT is(calculate_composite_warmth_score(12.5, 12.345, 99.999, 0.001, 50, 33.3, 66.67, 1.005),
          round(0.20*12.5 + 0.15*12.345 + 0.10*99.999 + 0.20*0.001 + 0.15*50
                + 0.10*33.3 + 0.05*66.67 + 0.05*1.005, 2),
          'composite: inputs with 0 to 3 decimals equal the numeric formula');
SELECT is(calculate_composite_warmth_score(12.345, 12.345, 12.345, 12.345, 12.345, 12.345, 12.345, 12.345),
          12.35::numeric,
          'composite: exact half cent 12.345 rounds half away from zero to 12.35');
SELECT is(calculate_composite_warmth_score(1.005, 1.005, 1.005, 1.005, 1.005, 1.005, 1.005, 1.005),
          1.01::numeric,
          'composite: 1.005 (a float8 trap) rounds to 1.01');
SELECT is(calculate_composite_warmth_score(0, 0, 0, 0, 0, 0, 0, 0.1),
          0.01::numeric,
          'composite: 0.05 * 0.1 = 0.005 rounds to 0.01');
SELECT is(calculate_composite_warmth_score(12.3456789012345678901234, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
          12.35::numeric,
          'composite: a component with 22 decimals is accepted and rounded');

-- range: 0 and 100 accepted
SELECT is(calculate_composite_warmth_score(0, 0, 0, 0, 0, 0, 0, 0)::text, '0.00',
          'composite: all 0 gives 0.00');
SELECT is(calculate_composite_warmth_score(100, 100, 100, 100, 100, 100, 100, 100)::text, '100.00',
          'composite: all 100 gives 100.00');
SELECT is(calculate_composite_warmth_score(100.000, 0.000, 100.0, 0.0, 100, 0, 100.00, 0.00),
          round(0.20*100 + 0.10*100 + 0.15*100 + 0.05*100, 2),
          'composite: 100.000 and 0.000 with trailing zeros are in range');

-- range errors, one per argument name
SELECT throws_ok('SELECT calculate_composite_warmth_score(-0.01, 0, 0, 0, 0, 0, 0, 0)',
                 '22003', 'engagement_score must be between 0 and 100',
                 'composite: engagement_score -0.01 is out of range');
SELECT throws_ok('SELECT calculate_composite_warmth_score(0, -0.01, 0, 0, 0, 0, 0, 0)',
                 '22003', 'interaction_frequency_score must be between 0 and 100',
                 'composite: interaction_frequency_score -0.01 is out of range');
SELECT throws_ok('SELECT calculate_composite_warmth_score(0, 0, -0.01, 0, 0, 0, 0, 0)',
                 '22003', 'response_rate_score must be between 0 and 100',
                 'composite: response_rate_score -0.01 is out of range');
SELECT throws_ok('SELECT calculate_composite_warmth_score(0, 0, 0, -0.01, 0, 0, 0, 0)',
                 '22003', 'budget_qualification_score must be between 0 and 100',
                 'composite: budget_qualification_score -0.01 is out of range');
SELECT throws_ok('SELECT calculate_composite_warmth_score(0, 0, 0, 0, -0.01, 0, 0, 0)',
                 '22003', 'timeline_urgency_score must be between 0 and 100',
                 'composite: timeline_urgency_score -0.01 is out of range');
SELECT throws_ok('SELECT calculate_composite_warmth_score(0, 0, 0, 0, 0, -0.01, 0, 0)',
                 '22003', 'decision_authority_score must be between 0 and 100',
                 'composite: decision_authority_score -0.01 is out of range');
SELECT throws_ok('SELECT calculate_composite_warmth_score(0, 0, 0, 0, 0, 0, -0.01, 0)',
                 '22003', 'demographic_fit_score must be between 0 and 100',
                 'composite: demographic_fit_score -0.01 is out of range');
SELECT throws_ok('SELECT calculate_composite_warmth_score(0, 0, 0, 0, 0, 0, 0, -0.01)',
                 '22003', 'past_behavior_score must be between 0 and 100',
                 'composite: past_behavior_score -0.01 is out of range');
SELECT throws_ok('SELECT calculate_composite_warmth_score(100.01, 0, 0, 0, 0, 0, 0, 0)',
                 '22003', 'engagement_score must be between 0 and 100',
                 'composite: engagement_score 100.01 is out of range');
SELECT throws_ok('SELECT calculate_composite_warmth_score(0, 100.01, 0, 0, 0, 0, 0, 0)',
                 '22003', 'interaction_frequency_score must be between 0 and 100',
                 'composite: interaction_frequency_score 100.01 is out of range');
SELECT throws_ok('SELECT calculate_composite_warmth_score(0, 0, 100.01, 0, 0, 0, 0, 0)',
                 '22003', 'response_rate_score must be between 0 and 100',
                 'composite: response_rate_score 100.01 is out of range');
SELECT throws_ok('SELECT calculate_composite_warmth_score(0, 0, 0, 100.01, 0, 0, 0, 0)',
                 '22003', 'budget_qualification_score must be between 0 and 100',
                 'composite: budget_qualification_score 100.01 is out of range');
SELECT throws_ok('SELECT calculate_composite_warmth_score(0, 0, 0, 0, 100.01, 0, 0, 0)',
                 '22003', 'timeline_urgency_score must be between 0 and 100',
                 'composite: timeline_urgency_score 100.01 is out of range');
SELECT throws_ok('SELECT calculate_composite_warmth_score(0, 0, 0, 0, 0, 100.01, 0, 0)',
                 '22003', 'decision_authority_score must be between 0 and 100',
                 'composite: decision_authority_score 100.01 is out of range');
SELECT throws_ok('SELECT calculate_composite_warmth_score(0, 0, 0, 0, 0, 0, 100.01, 0)',
                 '22003', 'demographic_fit_score must be between 0 and 100',
                 'composite: demographic_fit_score 100.01 is out of range');
SELECT throws_ok('SELECT calculate_composite_warmth_score(0, 0, 0, 0, 0, 0, 0, 100.01)',
                 '22003', 'past_behavior_score must be between 0 and 100',
                 'composite: past_behavior_score 100.01 is out of range');
SELECT throws_ok('SELECT calculate_composite_warmth_score(100.0000001, 0, 0, 0, 0, 0, 0, 0)',
                 '22003', 'engagement_score must be between 0 and 100',
                 'composite: 100.0000001 is out of range (not rounded into range)');
SELECT throws_ok('SELECT calculate_composite_warmth_score(-0.0000001, 0, 0, 0, 0, 0, 0, 0)',
                 '22003', 'engagement_score must be between 0 and 100',
                 'composite: -0.0000001 is out of range (not rounded into range)');
SELECT throws_ok('SELECT calculate_composite_warmth_score(1e30, 0, 0, 0, 0, 0, 0, 0)',
                 '22003', 'engagement_score must be between 0 and 100',
                 'composite: 1e30 is out of range');
SELECT throws_ok('SELECT calculate_composite_warmth_score(NULL, NULL, NULL, NULL, NULL, NULL, NULL, 101)',
                 '22003', 'past_behavior_score must be between 0 and 100',
                 'composite: an out-of-range component is an error even when the rest are missing');

-- NaN and infinity
SELECT throws_ok($$SELECT calculate_composite_warmth_score('NaN'::numeric, 0, 0, 0, 0, 0, 0, 0)$$,
                 '22023', 'engagement_score must not be NaN',
                 'composite: engagement_score NaN is rejected');
SELECT throws_ok($$SELECT calculate_composite_warmth_score(0, 0, 0, 0, 'NaN'::numeric, 0, 0, 0)$$,
                 '22023', 'timeline_urgency_score must not be NaN',
                 'composite: timeline_urgency_score NaN is rejected');
SELECT throws_ok($$SELECT calculate_composite_warmth_score(0, 0, 0, 0, 0, 0, 0, 'NaN'::numeric)$$,
                 '22023', 'past_behavior_score must not be NaN',
                 'composite: past_behavior_score NaN is rejected');
SELECT throws_ok($$SELECT calculate_composite_warmth_score('Infinity'::numeric, 0, 0, 0, 0, 0, 0, 0)$$,
                 '22023', 'engagement_score must be finite',
                 'composite: engagement_score Infinity is rejected');
SELECT throws_ok($$SELECT calculate_composite_warmth_score(0, 0, '-Infinity'::numeric, 0, 0, 0, 0, 0)$$,
                 '22023', 'response_rate_score must be finite',
                 'composite: response_rate_score -Infinity is rejected');
SELECT throws_ok($$SELECT calculate_composite_warmth_score(0, 0, 0, 0, 0, 0, 'Infinity'::numeric, 0)$$,
                 '22023', 'demographic_fit_score must be finite',
                 'composite: demographic_fit_score Infinity is rejected');

-- ---------------------------------------------------------------------------
-- calculate_composite_warmth_score(scores numeric[], weights numeric[])
-- ---------------------------------------------------------------------------

SELECT is(calculate_composite_warmth_score(ARRAY[75, 60, 80, 85, 70, 75, 60, 70],
                                           ARRAY[0.20, 0.15, 0.10, 0.20, 0.15, 0.10, 0.05, 0.05]),
          73.50::numeric,
          'array: the default weights reproduce the SPEC example 73.50');
SELECT is(calculate_composite_warmth_score(scores => ARRAY[75, 60, 80, 85, 70, 75, 60, 70],
                                           weights => ARRAY[0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125]),
          71.88::numeric,
          'array: equal weights give the mean 71.875 rounded to 71.88');
SELECT is(calculate_composite_warmth_score(ARRAY[100, 0, 0, 0, 0, 0, 0, 50],
                                           ARRAY[0.5, 0, 0, 0, 0, 0, 0, 0.5]),
          75.00::numeric,
          'array: custom weights 0.5/0.5 with zero weights elsewhere');
SELECT is(calculate_composite_warmth_score(ARRAY[10, 20, 30, 40, 50, 60, 70, 80],
                                           ARRAY[0.3, 0.1, 0.05, 0.05, 0.2, 0.1, 0.15, 0.05]),
          round(0.3*10 + 0.1*20 + 0.05*30 + 0.05*40 + 0.2*50 + 0.1*60 + 0.15*70 + 0.05*80, 2),
          'array: custom weights equal the weighted formula');
SELECT is(calculate_composite_warmth_score(ARRAY[10.5, 20.25, 30.125, 40, 50, 60, 70, 80],
                                           ARRAY[0.001, 0.333, 0.333, 0.333, 0, 0, 0, 0]),
          round(0.001*10.5 + 0.333*20.25 + 0.333*30.125 + 0.333*40, 2),
          'array: weights and scores with 3 decimals equal the weighted formula');
SELECT is(calculate_composite_warmth_score(ARRAY[75, NULL, 80, NULL, 70, 75, NULL, 70],
                                           ARRAY[0.20, 0.15, 0.10, 0.20, 0.15, 0.10, 0.05, 0.05]),
          calculate_composite_warmth_score(75, NULL, 80, NULL, 70, 75, NULL, 70),
          'array: NULL scores are missing and re-weighted like the 8-argument form');
SELECT is(calculate_composite_warmth_score(ARRAY[NULL, 40, NULL, NULL, NULL, NULL, NULL, 90]::numeric[],
                                           ARRAY[0.3, 0.1, 0.05, 0.05, 0.2, 0.1, 0.15, 0.05]),
          round((0.1*40 + 0.05*90) / (0.1 + 0.05), 2),
          'array: NULL scores re-weighted under custom weights');
SELECT is(calculate_composite_warmth_score(ARRAY[NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL]::numeric[],
                                           ARRAY[0.20, 0.15, 0.10, 0.20, 0.15, 0.10, 0.05, 0.05]),
          NULL::numeric,
          'array: all scores NULL gives NULL');
SELECT is(calculate_composite_warmth_score(NULL::numeric[], ARRAY[0.20, 0.15, 0.10, 0.20, 0.15, 0.10, 0.05, 0.05]),
          NULL::numeric,
          'array: a NULL scores array gives NULL (strict)');
SELECT is(calculate_composite_warmth_score(ARRAY[100, 100, 100, 100, 100, 100, 100, 100],
                                           ARRAY[0.20, 0.15, 0.10, 0.20, 0.15, 0.10, 0.05, 0.05])::text,
          '100.00',
          'array: result has 2 decimals');

SELECT throws_ok('SELECT calculate_composite_warmth_score(ARRAY[1,2,3,4,5,6,7,8]::numeric[], ARRAY[0.2,0.15,0.1,0.2,0.15,0.1,0.05,0.04])',
                 '22023', 'weights must sum to 1',
                 'array: weights summing to 0.99 are rejected');
SELECT throws_ok('SELECT calculate_composite_warmth_score(ARRAY[1,2,3,4,5,6,7,8]::numeric[], ARRAY[0.2,0.15,0.1,0.2,0.15,0.1,0.05,0.0500001])',
                 '22023', 'weights must sum to 1',
                 'array: weights summing to 1.0000001 are rejected');
SELECT throws_ok('SELECT calculate_composite_warmth_score(ARRAY[1,2,3,4,5,6,7]::numeric[], ARRAY[0.2,0.15,0.1,0.2,0.15,0.1,0.05,0.05])',
                 '22023', 'scores must have 8 elements, not 7',
                 'array: 7 scores are rejected');
SELECT throws_ok('SELECT calculate_composite_warmth_score(ARRAY[1,2,3,4,5,6,7,8,9]::numeric[], ARRAY[0.2,0.15,0.1,0.2,0.15,0.1,0.05,0.05])',
                 '22023', 'scores must have 8 elements, not 9',
                 'array: 9 scores are rejected');
SELECT throws_ok('SELECT calculate_composite_warmth_score(ARRAY[1,2,3,4,5,6,7,8]::numeric[], ARRAY[0.2,0.15,0.1,0.2,0.15,0.1,0.1])',
                 '22023', 'weights must have 8 elements, not 7',
                 'array: 7 weights are rejected');
SELECT throws_ok('SELECT calculate_composite_warmth_score(ARRAY[1,2,3,4,5,6,7,8]::numeric[], ARRAY[0.2,0.15,0.1,0.2,0.15,0.1,0.05,0.05,0])',
                 '22023', 'weights must have 8 elements, not 9',
                 'array: 9 weights are rejected');
SELECT throws_ok($$SELECT calculate_composite_warmth_score('{}'::numeric[], ARRAY[0.2,0.15,0.1,0.2,0.15,0.1,0.05,0.05])$$,
                 '22023', 'scores must have 8 elements, not 0',
                 'array: an empty scores array is rejected');
SELECT throws_ok('SELECT calculate_composite_warmth_score(ARRAY[1,2,3,4,5,6,7,8]::numeric[], ARRAY[0.3,0.15,0.1,0.2,0.15,0.1,0.05,-0.05])',
                 '22023', 'weights must not be negative',
                 'array: a negative weight is rejected even when the sum is 1');
SELECT throws_ok('SELECT calculate_composite_warmth_score(ARRAY[1,2,3,4,5,6,7,8]::numeric[], ARRAY[0.2,0.15,0.1,0.2,0.15,0.1,0.1,NULL])',
                 '22004', 'weights must not contain nulls',
                 'array: a NULL weight is rejected');
SELECT throws_ok('SELECT calculate_composite_warmth_score(ARRAY[[1,2,3,4],[5,6,7,8]]::numeric[], ARRAY[0.2,0.15,0.1,0.2,0.15,0.1,0.05,0.05])',
                 '22023', 'scores must be a one-dimensional array',
                 'array: a 2-D scores array is rejected');
SELECT throws_ok('SELECT calculate_composite_warmth_score(ARRAY[1,2,3,4,5,6,7,8]::numeric[], ARRAY[[0.2,0.15,0.1,0.2],[0.15,0.1,0.05,0.05]])',
                 '22023', 'weights must be a one-dimensional array',
                 'array: a 2-D weights array is rejected');
SELECT throws_ok('SELECT calculate_composite_warmth_score(ARRAY[1,2,3,4,5,6,7,100.5]::numeric[], ARRAY[0.2,0.15,0.1,0.2,0.15,0.1,0.05,0.05])',
                 '22003', 'scores must be between 0 and 100',
                 'array: a score above 100 is rejected');
SELECT throws_ok($$SELECT calculate_composite_warmth_score(ARRAY[1,2,3,4,5,6,7,'NaN']::numeric[], ARRAY[0.2,0.15,0.1,0.2,0.15,0.1,0.05,0.05])$$,
                 '22023', 'scores must not be NaN',
                 'array: a NaN score is rejected');
SELECT throws_ok($$SELECT calculate_composite_warmth_score(ARRAY[1,2,3,4,5,6,7,8]::numeric[], ARRAY[0.2,0.15,0.1,0.2,0.15,0.1,0.05,'NaN'])$$,
                 '22023', 'weights must not be NaN',
                 'array: a NaN weight is rejected');

-- ---------------------------------------------------------------------------
-- warmth_level(score numeric): every band edge on both sides
-- (the literal is always typed: warmth_level('x') alone would be a cast)
-- ---------------------------------------------------------------------------

SELECT is(warmth_level(0::numeric),      'ice_cold'::warmth_level,  'warmth_level(0) = ice_cold');
SELECT is(warmth_level(14.99::numeric),  'ice_cold'::warmth_level,  'warmth_level(14.99) = ice_cold');
SELECT is(warmth_level(14.999::numeric), 'ice_cold'::warmth_level,  'warmth_level(14.999) = ice_cold (not rounded up)');
SELECT is(warmth_level(15::numeric),     'cold'::warmth_level,      'warmth_level(15) = cold');
SELECT is(warmth_level(29.99::numeric),  'cold'::warmth_level,      'warmth_level(29.99) = cold');
SELECT is(warmth_level(30::numeric),     'cool'::warmth_level,      'warmth_level(30) = cool');
SELECT is(warmth_level(44.99::numeric),  'cool'::warmth_level,      'warmth_level(44.99) = cool');
SELECT is(warmth_level(45::numeric),     'lukewarm'::warmth_level,  'warmth_level(45) = lukewarm');
SELECT is(warmth_level(59.99::numeric),  'lukewarm'::warmth_level,  'warmth_level(59.99) = lukewarm');
SELECT is(warmth_level(60::numeric),     'warm'::warmth_level,      'warmth_level(60) = warm');
SELECT is(warmth_level(74.99::numeric),  'warm'::warmth_level,      'warmth_level(74.99) = warm');
SELECT is(warmth_level(75::numeric),     'hot'::warmth_level,       'warmth_level(75) = hot');
SELECT is(warmth_level(89.99::numeric),  'hot'::warmth_level,       'warmth_level(89.99) = hot');
SELECT is(warmth_level(90::numeric),     'scorching'::warmth_level, 'warmth_level(90) = scorching');
SELECT is(warmth_level(100::numeric),    'scorching'::warmth_level, 'warmth_level(100) = scorching');
SELECT is(warmth_level(73.50::numeric),  'warm'::warmth_level,      'warmth_level of the SPEC example 73.50 = warm');
SELECT is(warmth_level(score => 89.9999999::numeric), 'hot'::warmth_level,
          'warmth_level(score => 89.9999999) = hot (named argument, many decimals)');
SELECT is(warmth_level(NULL::numeric), NULL::warmth_level, 'warmth_level(NULL) is NULL');
SELECT throws_ok('SELECT warmth_level(-0.01::numeric)', '22003',
                 'score must be between 0 and 100', 'warmth_level(-0.01) is out of range');
SELECT throws_ok('SELECT warmth_level(100.001::numeric)', '22003',
                 'score must be between 0 and 100', 'warmth_level(100.001) is out of range');
SELECT throws_ok($$SELECT warmth_level('NaN'::numeric)$$, '22023',
                 'score must not be NaN', 'warmth_level(NaN) is rejected');
SELECT throws_ok($$SELECT warmth_level('Infinity'::numeric)$$, '22023',
                 'score must be finite', 'warmth_level(Infinity) is rejected');
SELECT is(enum_range(NULL::warmth_level),
          ARRAY['ice_cold', 'cold', 'cool', 'lukewarm', 'warm', 'hot', 'scorching']::warmth_level[],
          'warmth_level enum sorts coldest first');
SELECT results_eq(
    $$SELECT warmth_level(s) FROM (VALUES (50::numeric), (95), (10), (80), (20)) AS v(s)
      ORDER BY warmth_level(s) DESC$$,
    $$VALUES ('scorching'::warmth_level), ('hot'), ('lukewarm'), ('cold'), ('ice_cold')$$,
    'ORDER BY warmth_level DESC puts scorching first');

-- ---------------------------------------------------------------------------
-- purchase_probability(score, intercept DEFAULT -5, slope DEFAULT 0.1)
-- ---------------------------------------------------------------------------

SELECT is(purchase_probability(73.5), 91.29::numeric, 'purchase_probability(73.5) = 91.29 with the defaults');
SELECT is(purchase_probability(50)::text, '50.00', 'purchase_probability(50) = 50.00 with the defaults');
SELECT is(purchase_probability(0), 0.67::numeric, 'purchase_probability(0) = 0.67 with the defaults');
SELECT is(purchase_probability(100), 99.33::numeric, 'purchase_probability(100) = 99.33 with the defaults');
SELECT is(purchase_probability(score => 60, intercept => -2, slope => 0.05),
          round((100 / (1 + exp(-(-2 + 0.05 * 60::float8))))::numeric, 2),
          'purchase_probability with custom intercept and slope equals the logistic formula');
SELECT is(purchase_probability(score => 80, intercept => -4, slope => 0.05), 50.00::numeric,
          'purchase_probability is 50.00 where intercept + slope * score = 0');
SELECT is(purchase_probability(30, slope => 0), round((100 / (1 + exp(5::float8)))::numeric, 2),
          'purchase_probability with slope 0 ignores the score');
SELECT is(purchase_probability(12.345, -3, 0.2),
          round((100 / (1 + exp(-(-3 + 0.2 * 12.345::float8))))::numeric, 2),
          'purchase_probability of a 3-decimal score equals the logistic formula');
SELECT is((SELECT count(*)::int
             FROM (SELECT s, purchase_probability(s) AS p,
                          lag(purchase_probability(s)) OVER (ORDER BY s) AS prev
                     FROM generate_series(0::numeric, 100::numeric, 0.25) AS s) AS t
            WHERE p < prev), 0,
          'purchase_probability never decreases as the score rises (0..100 step 0.25)');
SELECT ok(purchase_probability(40) < purchase_probability(41)
          AND purchase_probability(41) < purchase_probability(42),
          'purchase_probability strictly increases in the middle of the range');
SELECT is(purchase_probability(100, 1e300, 1e300)::text, '100.00',
          'purchase_probability with huge intercept and slope is 100.00, not an error');
SELECT is(purchase_probability(100, -1e300, 1)::text, '0.00',
          'purchase_probability with a huge negative intercept is 0.00, not an error');
SELECT is(purchase_probability(50, 1000, 0), 100.00::numeric,
          'purchase_probability with z = 1000 (exp overflow territory) is 100.00');
SELECT is(purchase_probability(50, -1000, 0), 0.00::numeric,
          'purchase_probability with z = -1000 (exp underflow territory) is 0.00');
SELECT is(purchase_probability(NULL), NULL::numeric, 'purchase_probability(NULL) is NULL');
SELECT throws_ok($$SELECT purchase_probability(50, 'NaN'::float8)$$, '22023',
                 'intercept must not be NaN', 'purchase_probability rejects a NaN intercept');
SELECT throws_ok($$SELECT purchase_probability(50, 'Infinity'::float8)$$, '22023',
                 'intercept must be finite', 'purchase_probability rejects an infinite intercept');
SELECT throws_ok($$SELECT purchase_probability(50, -5, '-Infinity'::float8)$$, '22023',
                 'slope must be finite', 'purchase_probability rejects an infinite slope');
SELECT throws_ok($$SELECT purchase_probability('NaN'::numeric)$$, '22023',
                 'score must not be NaN', 'purchase_probability rejects a NaN score');
SELECT throws_ok('SELECT purchase_probability(100.01)', '22003',
                 'score must be between 0 and 100', 'purchase_probability rejects a score above 100');
SELECT throws_ok('SELECT purchase_probability(-1)', '22003',
                 'score must be between 0 and 100', 'purchase_probability rejects a negative score');

-- ---------------------------------------------------------------------------
-- event_impact(base_score_impact, decay_rate, age_days, time_window_days)
-- ---------------------------------------------------------------------------

SELECT is(event_impact(10, 0.1, 0, 7)::text, '10.00', 'event_impact: age 0 gets the full impact');
SELECT is(event_impact(10, 0.1, 6, 7), 10.00::numeric, 'event_impact: last day of the first window gets the full impact');
SELECT is(event_impact(10, 0.1, 7, 7), 9.00::numeric, 'event_impact: age = window is one decay step');
SELECT is(event_impact(10, 0.1, 13, 7), 9.00::numeric, 'event_impact: still one decay step just before the second edge');
SELECT is(event_impact(10, 0.1, 14, 7), 8.10::numeric, 'event_impact: two windows, two decay steps');
SELECT is(event_impact(-10, 0.1, 14, 7), -8.10::numeric, 'event_impact: a negative impact decays towards 0');
SELECT is(event_impact(-20, 0.5, 0, 30), -20.00::numeric, 'event_impact: a negative impact is full in its first window');
SELECT is(event_impact(10, 0, 700, 7), 10.00::numeric, 'event_impact: decay 0 never decays');
SELECT is(event_impact(10, 1, 7, 7), 0.00::numeric, 'event_impact: decay 1 is gone after one window');
SELECT is(event_impact(10, 1, 6, 7), 10.00::numeric, 'event_impact: decay 1 is still full in the first window');
SELECT is(event_impact(12.345, 0.1, 0, 7), 12.35::numeric, 'event_impact: result is rounded half away from zero');
SELECT is(event_impact(10, 0.5, 2147483647, 1), 0.00::numeric, 'event_impact: age 2147483647 days gives 0.00');
SELECT is(event_impact(100, 0.01, 2147483647, 1), 0.00::numeric, 'event_impact: age 2147483647 days with slow decay gives 0.00');
SELECT is(event_impact(10, 0.5, 2147483647, 2147483647), 5.00::numeric, 'event_impact: age = window = 2147483647 is one step');
SELECT is(event_impact(NULL, 0.1, 1, 7), NULL::numeric, 'event_impact: NULL base gives NULL');
SELECT is((SELECT count(*)::int
             FROM (VALUES (15::numeric), (-7.5), (12.345), (100)) AS b(base),
                  (VALUES (0.05::numeric), (0.1), (0.333), (0.9)) AS d(decay),
                  generate_series(0, 95, 5) AS age,
                  (VALUES (1), (7), (30)) AS w(win)
            WHERE event_impact(base, decay, age, win)
                  IS DISTINCT FROM round(base * power(1 - decay, floor(age::numeric / win)), 2)), 0,
          'event_impact equals round(base * power(1 - decay, floor(age/window)), 2) on a grid of 960 cases');
SELECT throws_ok('SELECT event_impact(10, 0.1, -1, 7)', '22023',
                 'age_days must not be negative', 'event_impact: negative age is rejected');
SELECT throws_ok('SELECT event_impact(10, 0.1, 1, 0)', '22023',
                 'time_window_days must be greater than 0', 'event_impact: window 0 is rejected');
SELECT throws_ok('SELECT event_impact(10, 0.1, 1, -7)', '22023',
                 'time_window_days must be greater than 0', 'event_impact: negative window is rejected');
SELECT throws_ok('SELECT event_impact(10, 1.01, 1, 7)', '22023',
                 'decay_rate must be between 0 and 1', 'event_impact: decay 1.01 is rejected');
SELECT throws_ok('SELECT event_impact(10, -0.01, 1, 7)', '22023',
                 'decay_rate must be between 0 and 1', 'event_impact: decay -0.01 is rejected');
SELECT throws_ok('SELECT event_impact(10, 1.0000001, 1, 7)', '22023',
                 'decay_rate must be between 0 and 1', 'event_impact: decay 1.0000001 is rejected');
SELECT throws_ok($$SELECT event_impact(10, 'NaN'::numeric, 1, 7)$$, '22023',
                 'decay_rate must not be NaN', 'event_impact: NaN decay is rejected');
SELECT throws_ok($$SELECT event_impact('Infinity'::numeric, 0.1, 1, 7)$$, '22023',
                 'base_score_impact must be finite', 'event_impact: infinite base is rejected');

SELECT * FROM finish();
ROLLBACK;
