-- health: weighted health score, levels, profile completeness (SPEC §3.4).
SELECT health_score(80, 70, 60, 50, 40, 30);
SELECT health_score(visit_frequency => 100, spending_behavior => 90, loyalty_engagement => 80,
                    feedback_sentiment => 70, communication_response => 60, recency_factor => 50);
SELECT health_score(80, NULL, 60, NULL, 40, 30), health_score(NULL, NULL, NULL, NULL, NULL, NULL);
SELECT health_score(80.005, 70, 60, 50, 40, 30);
SELECT health_score(80, 70, 60, 50, 40, 100.5);
SELECT health_score(80, 70, -1, 50, 40, 30);
SELECT health_score('NaN', 70, 60, 50, 40, 30);
SELECT s, health_level(s), engagement_level(s), completeness_level(s)
FROM unnest('{0,39.99,40,49.99,50,59.99,60,69.99,70,79.99,80,89.99,90,99.99,100}'::numeric[]) AS s;
SELECT health_level(100.01);
SELECT engagement_level(-1);
SELECT completeness_level('Infinity'::numeric);
-- completeness: null, blank strings, [] and {} are empty; 0 and false are filled
SELECT profile_completeness('{"name":"Ana","email":"","phone":null,"tags":[],"address":{},"age":0,"vip":false,"city":"  "}',
                            '{name,email,phone,tags,address,age,vip,city,missing}');
SELECT profile_missing_fields('{"name":"Ana","email":"","phone":null,"tags":[],"address":{},"age":0,"vip":false,"city":"  "}',
                              '{name,email,phone,tags,address,age,vip,city,missing}');
SELECT profile_completeness('{"a":1}', '{a,b,c}'), profile_completeness('{"a":1,"b":2}', '{a,b,c}'),
       profile_completeness('{"a":1}', '{a}'), profile_missing_fields('{"a":1}', '{a}');
SELECT profile_completeness('{"a":1}', '{}');
SELECT profile_completeness('{"a":1}', '{a,NULL}');
SELECT profile_completeness('[1,2]', '{a}');
SELECT profile_missing_fields('"text"', '{a}');
