-- uninstall: DROP EXTENSION removes every object, and it installs again.
DROP EXTENSION customer_scoring;
SELECT count(*) AS leftover_functions FROM pg_catalog.pg_proc
WHERE proname IN ('calculate_composite_warmth_score', 'warmth_level', 'rfm_score');
SELECT count(*) AS leftover_types FROM pg_catalog.pg_type
WHERE typname IN ('warmth_level', 'rfm', 'rfm_segment', 'lead_temperature');
CREATE EXTENSION customer_scoring;
SELECT calculate_composite_warmth_score(75, 60, 80, 85, 70, 75, 60, 70);
DROP EXTENSION customer_scoring;
