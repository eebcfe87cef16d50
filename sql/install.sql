-- install: the extension installs, and every function is marked as SPEC §2 says.
CREATE EXTENSION customer_scoring;

-- Pure scoring functions: C, IMMUTABLE, PARALLEL SAFE; composites not strict.
SELECT p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid) AS args,
       l.lanname, p.provolatile, p.proisstrict, p.proparallel, p.prosecdef
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_language l ON l.oid = p.prolang
JOIN pg_catalog.pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid AND e.extname = 'customer_scoring'
WHERE l.lanname = 'c' AND p.prorettype <> 'pg_catalog.trigger'::pg_catalog.regtype
ORDER BY 1, 2;

-- Enums sort from worst to best.
SELECT pg_catalog.enum_range(NULL::warmth_level);
SELECT pg_catalog.enum_range(NULL::lead_temperature);
SELECT pg_catalog.enum_range(NULL::rfm_segment);
SELECT pg_catalog.enum_range(NULL::health_level);
SELECT pg_catalog.enum_range(NULL::engagement_level);
SELECT pg_catalog.enum_range(NULL::completeness_level);
SELECT pg_catalog.enum_range(NULL::customer_temperature);
SELECT pg_catalog.enum_range(NULL::engagement_type);
