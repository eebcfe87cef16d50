-- cdm: customer temperature from order recency and recent interactions (SPEC §3.5).
SELECT days, interactions, customer_temperature(days, interactions)
FROM unnest('{NULL,0,30,31,90,91,1000}'::int[]) AS days,
     unnest('{NULL,0,1,2,3}'::int[]) AS interactions
ORDER BY days NULLS FIRST, interactions NULLS FIRST;
SELECT customer_temperature(days_since_last_order => 45);
SELECT customer_temperature(-1, 0);
SELECT customer_temperature(10, -1);
