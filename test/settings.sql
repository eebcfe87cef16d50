-- test/settings.sql — the settings table (customer_scoring_settings) and the
-- transaction context variables: defaults, setting(), a committed change seen
-- from the next statement, a deleted row back to its default, every kind of
-- invalid value refused with 22023 and nothing changed, unknown names, and
-- change_trigger / change_description bounded when they are set.
-- (A change seen by another, already open connection: test/shell/settings_sessions.sh.)
BEGIN;
SELECT plan(37);

SELECT is((SELECT string_agg(name || '=' || value, ' ' ORDER BY name) FROM customer_scoring_settings),
          'alert_health_drop=15 alert_p_alive=0.5 alert_warmth_drop=20 industry_health_average= '
          'leap_day_observed=feb28 ltv_tiers=10000,50000,100000 monthly_discount=0.01 '
          'positive_outcomes=interested,purchased,converted,callback_requested,positive '
          'reward_points=1000 vip_threshold=100000',
          'CREATE EXTENSION inserts every setting with its default');
SELECT is(setting('vip_threshold'), '100000', 'setting() reads a row');

UPDATE customer_scoring_settings SET value = '50000' WHERE name = 'vip_threshold';
SELECT is(setting('vip_threshold'), '50000', 'an update is read from the next statement');
SELECT is(customer_type_for(1, now(), 60000, setting('vip_threshold')::numeric), 'vip'::customer_type,
          'and classifies with it');
DELETE FROM customer_scoring_settings WHERE name = 'vip_threshold';
SELECT is(setting('vip_threshold'), '100000', 'a deleted row is back to its default');
INSERT INTO customer_scoring_settings (name, value) VALUES ('vip_threshold', '75000');
SELECT is(setting('vip_threshold'), '75000', 'and can be inserted again');

-- every kind of rule, its invalid values: 22023 naming the setting, nothing changed
CREATE TEMP TABLE bad (name text, value text);
INSERT INTO bad VALUES
    ('vip_threshold', '-1'), ('vip_threshold', 'abc'), ('vip_threshold', 'NaN'),
    ('vip_threshold', '1e5'), ('vip_threshold', ''),
    ('ltv_tiers', '0x10'), ('ltv_tiers', '1,,2'), ('ltv_tiers', '-0.5,1'), ('ltv_tiers', '3,2,1'),
    ('ltv_tiers', '1,1'), ('ltv_tiers', 'inf'),
    ('positive_outcomes', ''), ('positive_outcomes', ' , '),
    ('leap_day_observed', 'mar2'), ('leap_day_observed', 'FEB28'),
    ('monthly_discount', '1'), ('monthly_discount', '-0.1'),
    ('reward_points', '1.5'), ('reward_points', '-1'), ('reward_points', '99999999999'),
    ('alert_health_drop', '0'), ('alert_health_drop', '101'), ('alert_warmth_drop', '-5'),
    ('alert_p_alive', '1.01'),
    ('industry_health_average', '101'), ('industry_health_average', 'x');
SELECT is((SELECT count(*)::int FROM bad), 26, 'twenty-six invalid values');
CREATE FUNCTION pg_temp.refused(n text, v text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    UPDATE customer_scoring_settings SET value = v WHERE name = n;
    RETURN 'accepted';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ' ' || SQLERRM;
END
$$;
SELECT is(ARRAY(SELECT b.name || ' ' || b.value FROM bad b
                WHERE pg_temp.refused(b.name, b.value)
                      IS DISTINCT FROM format('22023 invalid value for setting "%s": "%s"', b.name, b.value)),
          '{}'::text[], 'each invalid value fails with 22023 and the message names the setting and value');
SELECT is((SELECT string_agg(name || '=' || value, ' ' ORDER BY name) FROM customer_scoring_settings
           WHERE name IN ('ltv_tiers', 'reward_points', 'alert_p_alive')),
          'alert_p_alive=0.5 ltv_tiers=10000,50000,100000 reward_points=1000',
          'and changes nothing');
SELECT throws_ok($$UPDATE customer_scoring_settings SET value = '1,,2' WHERE name = 'ltv_tiers'$$,
                 '22023', 'invalid value for setting "ltv_tiers": "1,,2"',
                 'an invalid ltv_tiers is refused with 22023');
SELECT throws_like($$UPDATE customer_scoring_settings SET value = '0' WHERE name = 'alert_health_drop'$$,
                   '%"alert_health_drop"%', 'the message names the setting');
SELECT throws_ok($$INSERT INTO customer_scoring_settings (name, value) VALUES ('vip_treshold', '1')$$,
                 '22023', 'unknown setting "vip_treshold"', 'an unknown setting is refused with 22023');
SELECT throws_ok($$UPDATE customer_scoring_settings SET name = 'nope' WHERE name = 'reward_points'$$,
                 '22023', 'unknown setting "nope"', 'renaming a setting to an unknown name is refused');

-- valid values of every kind
SELECT lives_ok($$UPDATE customer_scoring_settings SET value = ' 100, 2500.50 ,9000 ' WHERE name = 'ltv_tiers'$$,
                'ltv_tiers takes increasing numbers with blanks around them');
SELECT is(ltv_tiers(), '{100,2500.50,9000}'::numeric[], 'and ltv_tiers() reads them');
SELECT lives_ok($$UPDATE customer_scoring_settings SET value = 'mar1' WHERE name = 'leap_day_observed'$$,
                'leap_day_observed takes mar1');
SELECT lives_ok($$UPDATE customer_scoring_settings SET value = '' WHERE name = 'industry_health_average'$$,
                'industry_health_average may be empty');
SELECT lives_ok($$UPDATE customer_scoring_settings SET value = '71.5' WHERE name = 'industry_health_average'$$,
                'or a number in [0, 100]');
SELECT lives_ok($$UPDATE customer_scoring_settings SET value = '100' WHERE name = 'alert_health_drop'$$,
                'alert_health_drop takes 100');
SELECT lives_ok($$UPDATE customer_scoring_settings SET value = '0' WHERE name = 'alert_p_alive'$$,
                'alert_p_alive takes 0');
SELECT lives_ok($$UPDATE customer_scoring_settings SET value = '0' WHERE name = 'reward_points'$$,
                'reward_points takes 0');
SELECT lives_ok($$UPDATE customer_scoring_settings SET value = '0.999' WHERE name = 'monthly_discount'$$,
                'monthly_discount takes 0.999');
SELECT lives_ok($$UPDATE customer_scoring_settings SET value = 'No Answer, voicemail' WHERE name = 'positive_outcomes'$$,
                'positive_outcomes takes a list');
SELECT is(positive_outcomes(), '{"no answer",voicemail}'::text[], 'and positive_outcomes() reads it in lower case');

-- the transaction context: SET LOCAL, bounded at SET
SELECT lives_ok($$SET LOCAL customer_scoring.change_trigger = 'import'$$, 'SET LOCAL change_trigger');
SELECT is(setting('change_trigger'), 'import', 'setting() reads the transaction context');
SELECT lives_ok($$SELECT set_config('customer_scoring.change_trigger', repeat('x', 255), true)$$,
                'a change_trigger of 255 characters is accepted');
SELECT throws_ok($$SET LOCAL customer_scoring.change_trigger = '$$ || repeat('x', 256) || $$'$$,
                 '22023', NULL, 'a change_trigger of 256 characters is refused at SET (22023)');
SELECT is(length(setting('change_trigger')), 255, 'and the previous value stays');
SELECT throws_ok($$SET LOCAL customer_scoring.change_trigger = '$$ || repeat('é', 256) || $$'$$,
                 '22023', NULL, 'the bound counts characters, not bytes');
SELECT lives_ok($$SELECT set_config('customer_scoring.change_description', repeat('d', 4096), true)$$,
                'a change_description of 4096 characters is accepted');
SELECT throws_ok($$SELECT set_config('customer_scoring.change_description', repeat('d', 4097), true)$$,
                 '22023', NULL, 'a change_description of 4097 characters is refused');

-- the prefix is reserved: the old variables are gone
SELECT throws_ok($$SET LOCAL customer_scoring.vip_threshold = 50000$$, '42602', NULL,
                 'customer_scoring.vip_threshold is no longer a variable (the prefix is reserved)');
SELECT throws_ok($$SELECT set_config('customer_scoring.ltv_tiers', '1', true)$$, '42602', NULL,
                 'nor is customer_scoring.ltv_tiers');

-- only an administrator may change them (privileges: test/shell/roles.sh)
SELECT is(has_table_privilege('public', 'customer_scoring_settings', 'UPDATE'), false,
          'PUBLIC may not change settings');
SELECT is((SELECT count(*)::int FROM pg_trigger
           WHERE tgrelid = 'customer_scoring_settings'::regclass AND NOT tgisinternal), 3,
          'three triggers: the check, the cache invalidation, the restore replacement');
SELECT is((SELECT tgenabled FROM pg_trigger WHERE tgname = 'customer_scoring_settings_changed'), 'A',
          'the cache invalidation fires always, also for restored and replicated changes');

SELECT * FROM finish();
ROLLBACK;
