
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
