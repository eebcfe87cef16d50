-- warmth: composite score, levels, purchase probability and event rules (SPEC §3.1).
SELECT calculate_composite_warmth_score(75, 60, 80, 85, 70, 75, 60, 70);
SELECT calculate_composite_warmth_score(
    engagement_score => 75, interaction_frequency_score => 60,
    response_rate_score => 80, budget_qualification_score => 85,
    timeline_urgency_score => 70, decision_authority_score => 75,
    demographic_fit_score => 60, past_behavior_score => 70);
-- a missing component: the others are re-weighted (70.35 / 0.85)
SELECT calculate_composite_warmth_score(75, NULL, 80, 85, 70, 75, 60, 70);
SELECT calculate_composite_warmth_score(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
SELECT calculate_composite_warmth_score(0, 0, 0, 0, 0, 0, 0, 0),
       calculate_composite_warmth_score(100, 100, 100, 100, 100, 100, 100, 100);
-- more decimals than two go through numeric arithmetic
SELECT calculate_composite_warmth_score(75.125, 60.5, 80, 85, 70, 75, 60, 70.333);
-- half a cent rounds away from zero: 0.05 * 0.1 = 0.005
SELECT calculate_composite_warmth_score(NULL, NULL, NULL, NULL, NULL, NULL, 0.01, 0);
-- bad input
SELECT calculate_composite_warmth_score(100.01, 60, 80, 85, 70, 75, 60, 70);
SELECT calculate_composite_warmth_score(75, -0.01, 80, 85, 70, 75, 60, 70);
SELECT calculate_composite_warmth_score(75, 60, 80, 85, 70, 75, 60, 'NaN');
SELECT calculate_composite_warmth_score(75, 60, 80, 85, 70, 'Infinity', 60, 70);

-- custom weights
SELECT calculate_composite_warmth_score('{75,60,80,85,70,75,60,70}',
                                        '{0.20,0.15,0.10,0.20,0.15,0.10,0.05,0.05}');
SELECT calculate_composite_warmth_score('{75,60,80,85,70,75,60,70}',
                                        '{0.125,0.125,0.125,0.125,0.125,0.125,0.125,0.125}');
SELECT calculate_composite_warmth_score('{75,NULL,80,NULL,70,75,60,70}',
                                        '{0.20,0.15,0.10,0.20,0.15,0.10,0.05,0.05}');
SELECT calculate_composite_warmth_score('{75,60,80,85,70,75,60,70}',
                                        '{0.20,0.15,0.10,0.20,0.15,0.10,0.05,0.06}');
SELECT calculate_composite_warmth_score('{75,60,80,85,70,75,60}',
                                        '{0.20,0.15,0.10,0.20,0.15,0.10,0.05,0.05}');
SELECT calculate_composite_warmth_score('{75,60,80,85,70,75,60,70}',
                                        '{0.20,0.15,0.10,0.20,0.15,0.10,0.05,0.05,0}');
SELECT calculate_composite_warmth_score('{75,60,80,85,70,75,60,70}',
                                        '{0.30,0.15,0.10,0.20,0.15,0.10,0.05,-0.05}');
SELECT calculate_composite_warmth_score('{75,60,80,85,70,75,60,70}',
                                        '{0.20,0.15,0.10,0.20,0.15,0.10,0.05,NULL}');
SELECT calculate_composite_warmth_score('{{75,60,80,85},{70,75,60,70}}',
                                        '{0.20,0.15,0.10,0.20,0.15,0.10,0.05,0.05}');
SELECT calculate_composite_warmth_score('{75,60,80,85,70,75,60,170}',
                                        '{0.20,0.15,0.10,0.20,0.15,0.10,0.05,0.05}');

-- levels, both sides of every edge
SELECT s, warmth_level(s)
FROM unnest('{0,14.99,14.999,15,29.99,30,44.99,45,59.99,60,74.99,75,89.99,90,100}'::numeric[]) AS s;
SELECT warmth_level(100.001);
SELECT warmth_level(-0.001);
SELECT warmth_level('NaN'::numeric);
SELECT level FROM unnest(pg_catalog.enum_range(NULL::warmth_level)) AS level
ORDER BY level DESC LIMIT 2;

-- purchase probability: logistic link
SELECT purchase_probability(73.5), purchase_probability(50), purchase_probability(0),
       purchase_probability(100);
SELECT purchase_probability(score => 80, intercept => -4, slope => 0.08);
SELECT purchase_probability(100, 1e300, 1e300), purchase_probability(0, -1e300, 0);
SELECT purchase_probability(50, 'NaN', 0.1);
SELECT purchase_probability(50, -5, 'Infinity');
SELECT purchase_probability(101);

-- event rules: full impact in the first window, then decay_rate less per window
SELECT age, event_impact(25, 0.10, age, 90)
FROM unnest('{0,89,90,179,180,270}'::int[]) AS age;
SELECT event_impact(-30, 0.10, 45, 30), event_impact(10, 0, 1000, 1),
       event_impact(10, 1, 29, 30), event_impact(10, 1, 30, 30),
       event_impact(10, 0.5, 2147483647, 1);
SELECT event_impact(10, 1.01, 1, 30);
SELECT event_impact(10, -0.01, 1, 30);
SELECT event_impact(10, 0.1, -1, 30);
SELECT event_impact(10, 0.1, 1, 0);
SELECT event_impact('NaN', 0.1, 1, 30);
