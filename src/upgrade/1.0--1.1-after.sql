
-- ===========================================================================
-- 1.0 -> 1.1, part 2 (src/upgrade/1.0--1.1-after.sql): data that 1.0 kept
-- elsewhere, moved into the 1.1 objects.
-- ===========================================================================

-- The 1.0 trigger function of the algorithms table; its trigger now calls
-- cached_table_changed().
DROP FUNCTION @extschema@.warmth_algorithms_changed();

-- Settings: 1.0 read vip_threshold, ltv_tiers, positive_outcomes and
-- leap_day_observed from variables, which the README set with ALTER DATABASE
-- ... SET customer_scoring.<name>.  Their values move into
-- customer_scoring_settings (a value the 1.1 rules refuse keeps the default,
-- with a WARNING), and the database forgets them: 1.1 reserves the prefix
-- customer_scoring for its two transaction variables.
DO $upgrade_settings$
DECLARE
    config text;
    setting_name text;
    setting_value text;
BEGIN
    FOR config IN
        SELECT c
        FROM pg_catalog.pg_db_role_setting s, pg_catalog.unnest(s.setconfig) AS c
        WHERE s.setdatabase = (SELECT d.oid FROM pg_catalog.pg_database d
                               WHERE d.datname = pg_catalog.current_database())
          AND s.setrole = 0
          AND c LIKE 'customer\_scoring.%=%'
    LOOP
        setting_name := pg_catalog.substr(config, 18, pg_catalog.strpos(config, '=') - 18);
        setting_value := pg_catalog.substr(config, pg_catalog.strpos(config, '=') + 1);
        IF setting_name IN ('vip_threshold', 'ltv_tiers', 'positive_outcomes', 'leap_day_observed') THEN
            BEGIN
                UPDATE @extschema@.customer_scoring_settings
                SET value = setting_value
                WHERE name = setting_name;
                RAISE NOTICE 'customer_scoring: % = % moved from ALTER DATABASE into customer_scoring_settings',
                    setting_name, setting_value;
            EXCEPTION WHEN invalid_parameter_value THEN
                RAISE WARNING 'customer_scoring: % = % is not valid in 1.1; the default stays', setting_name, setting_value
                    USING DETAIL = SQLERRM;
            END;
        END IF;
        EXECUTE pg_catalog.format('ALTER DATABASE %I RESET %s', pg_catalog.current_database(),
                                  'customer_scoring.' || pg_catalog.quote_ident(setting_name));
    END LOOP;
END
$upgrade_settings$;

-- The privileges granted on the views and functions that part 1 dropped and
-- re-created (a function that 1.1 does not have any more is skipped).  They are written back into the catalog rather
-- than with GRANT: a GRANT inside an extension script would record them as
-- the extension's own initial privileges, and pg_dump would then leave them
-- out of a dump.
DO $upgrade_acl$
DECLARE
    saved record;
BEGIN
    FOR saved IN SELECT * FROM pg_catalog.jsonb_to_recordset(
                         pg_catalog.current_setting('customer_scoring_upgrade.acl')::jsonb)
                     AS a(kind text, name text, acl aclitem[]) LOOP
        IF saved.kind = 'view' THEN
            UPDATE pg_catalog.pg_class SET relacl = saved.acl
            WHERE oid = pg_catalog.to_regclass('@extschema@.' || pg_catalog.quote_ident(saved.name));
        ELSE
            UPDATE pg_catalog.pg_proc SET proacl = saved.acl
            WHERE oid = pg_catalog.to_regprocedure('@extschema@.' || CASE
                      WHEN saved.name LIKE 'refresh\_%(timestamp with time zone)'
                      THEN pg_catalog.replace(saved.name, ')', ', integer)') ELSE saved.name END);
        END IF;
    END LOOP;
END
$upgrade_acl$;
