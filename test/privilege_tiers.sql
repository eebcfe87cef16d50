-- test/privilege_tiers.sql — the two privilege tiers (issue "Production
-- readiness", item 2).  Two roles get exactly what the README documents,
-- customer_scoring_grant(role, 'application') and (role, 'administrator'),
-- and nothing else.  As the application role the whole application flow runs
-- through the normal paths (customers, orders and items, events, warmth,
-- interactions, behaviour, drop-offs, leads, family, addresses, preferences,
-- tags, notes, communications, loyalty earn and redeem, segments, the JSON
-- reads, GDPR export, alert acknowledgement); each forbidden action fails
-- with 42501.  As the administrator: rules, algorithms, programmes,
-- settings, every refresh, GDPR erase.  Then revoke takes everything back,
-- and granting again is idempotent.
-- Needs: CREATE EXTENSION pgtap; CREATE EXTENSION customer_scoring; in public.
BEGIN;
SELECT plan(45);
SET LOCAL client_min_messages = warning;

CREATE ROLE cs_tier_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
CREATE ROLE cs_tier_admin NOLOGIN NOSUPERUSER NOBYPASSRLS;
SELECT customer_scoring_grant('cs_tier_app', 'application');
SELECT customer_scoring_grant('cs_tier_admin', 'administrator');
SELECT lives_ok($$SELECT customer_scoring_grant('cs_tier_app', 'application')$$,
                'granting a tier again is harmless (idempotent)');
-- pgTAP's own bookkeeping, reachable by both roles
GRANT USAGE ON SCHEMA public TO cs_tier_app, cs_tier_admin;
GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA pg_temp TO cs_tier_app, cs_tier_admin;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA pg_temp TO cs_tier_app, cs_tier_admin;

-- ---------------------------------------------------------------------------
-- the application flow, as the application role
-- ---------------------------------------------------------------------------
SET LOCAL ROLE cs_tier_app;
SELECT lives_ok($$INSERT INTO customers (id, first_name, email) VALUES (860001, 'Tia', 'tia@example.com');
                  SELECT create_customer('{"firstName": "Uma", "email": "uma@example.com"}')$$,
                'application: INSERT INTO customers, and create_customer');
SELECT lives_ok($$SELECT update_customer(860001, '{"city": "Porto"}')$$, 'application: update_customer');
SELECT lives_ok($$INSERT INTO customer_warmth (customer_id, budget_qualification_score) VALUES (860001, 70)$$,
                'application: a warmth row (its history is written for it)');
SELECT lives_ok($$INSERT INTO customer_engagement_events (customer_id, engagement_type) VALUES (860001, 'test_drive')$$,
                'application: an engagement event (warmth and history follow)');
SELECT lives_ok($$INSERT INTO orders (id, customer_id, total_amount) VALUES (860001, 860001, 300)$$,
                'application: an order (the customer''s totals follow)');
SELECT lives_ok($$INSERT INTO order_items (customer_id, order_id, product_id, unit_price) VALUES (860001, 860001, 'P1', 300)$$,
                'application: an order item');
SELECT lives_ok($$UPDATE orders SET total_amount = 350 WHERE customer_id = 860001 AND id = 860001$$,
                'application: an order changed');
SELECT is((SELECT total_orders || ' ' || lifetime_value FROM customers WHERE id = 860001), '1 350.00',
          'application: ... and the totals the trigger keeps are right');
SELECT lives_ok($$SELECT track_interaction(860001, '{"interaction_type": "call", "outcome": "interested"}'),
                         track_behavior(860001, '{"behavior_type": "product_view", "product_id": "P2"}'),
                         track_dropoff(860001, '{"stage": "add_to_cart"}'),
                         add_family_member(860001, '{"name": "Leo", "relationship": "child"}'),
                         add_customer_address(860001, '{"line1": "Rua 1", "is_default": true}'),
                         set_customer_preferences(860001, '{"sms_notifications": false}'),
                         add_tag(860001, 'vip'), add_note(860001, '{"content": "call back"}'),
                         log_communication(860001, '{"channel": "email"}')$$,
                'application: interactions, behaviour, drop-offs, family, addresses, preferences, tags, notes, communications');
SELECT lives_ok($$INSERT INTO leads (name, customer_id, qr_scan_count) VALUES ('Lead', 860001, 3)$$,
                'application: a lead (scored by its trigger)');
SELECT lives_ok($$SELECT loyalty_earn(860001, 100), loyalty_redeem(860001, 40)$$,
                'application: loyalty earn and redeem (balance and ledger written for it)');
SELECT is((SELECT points_balance FROM customer_loyalty_points WHERE customer_id = 860001), 60,
          'application: ... the balance is 60');
SELECT lives_ok($$SELECT refresh_segment((create_segment('tier test', '{"field": "city", "op": "=", "value": "Porto"}') ->> 'id')::bigint)$$,
                'application: create and refresh a segment');
SELECT lives_ok($$SELECT customer_360(860001), customer_warmth_json(860001), dashboard_statistics(),
                         customer_360_list(), call_recommendations(), rfm_scores(), health_overview(),
                         customer_predictions_json(860001), gdpr_export(860001)$$,
                'application: the JSON reads and GDPR export');
SELECT lives_ok($$SELECT count(*) FROM customer_360_view, warmth_analytics$$, 'application: the views');

-- forbidden to the application tier
SELECT throws_ok($$UPDATE warmth_scoring_triggers SET base_score_impact = 99$$, '42501', NULL,
                 'application: cannot change the event rules');
SELECT throws_ok($$INSERT INTO warmth_scoring_algorithms (name, version) VALUES ('x', '1')$$, '42501', NULL,
                 'application: cannot add an algorithm');
SELECT throws_ok($$UPDATE loyalty_programs SET points_per_currency_unit = 100$$, '42501', NULL,
                 'application: cannot change a loyalty programme');
SELECT throws_ok($$UPDATE customer_scoring_settings SET value = '1' WHERE name = 'vip_threshold'$$, '42501', NULL,
                 'application: cannot change a setting');
SELECT throws_ok($$INSERT INTO customer_warmth_history (customer_id, customer_warmth_id, warmth_score_snapshot, change_trigger) VALUES (860001, 1, 99, 'forged')$$,
                 '42501', NULL, 'application: cannot forge a history row');
SELECT throws_ok($$UPDATE customer_warmth_history SET warmth_score_snapshot = 0$$, '42501', NULL,
                 'application: cannot rewrite history');
SELECT throws_ok($$DELETE FROM customer_warmth_history$$, '42501', NULL, 'application: cannot delete history');
SELECT throws_ok($$INSERT INTO customer_loyalty_ledger (customer_id, program_id, entry_type, points, balance_after) VALUES (860001, 1, 'earn', 1000000, 1000000)$$,
                 '42501', NULL, 'application: cannot forge a ledger row');
SELECT throws_ok($$UPDATE customer_loyalty_points SET points_balance = 1000000$$, '42501', NULL,
                 'application: cannot set a balance');
SELECT throws_ok($$UPDATE customer_rfm_scores SET segment = 'Champions'$$, '42501', NULL,
                 'application: cannot write RFM scores');
SELECT throws_ok($$DELETE FROM customer_health_scores$$, '42501', NULL, 'application: cannot write health scores');
SELECT throws_ok($$DELETE FROM customers WHERE id = 860001$$, '42501', NULL, 'application: cannot delete a customer');
SELECT throws_ok($$SELECT refresh_rfm_scores()$$, '42501', NULL, 'application: cannot run a refresh');
SELECT throws_ok($$SELECT refresh_predictions()$$, '42501', NULL, 'application: cannot refresh predictions');
SELECT throws_ok($$SELECT gdpr_erase(860001)$$, '42501', NULL, 'application: cannot erase');
SELECT throws_ok($$CALL run_nightly_refresh()$$, '42501', NULL, 'application: cannot run the nightly job');
SELECT throws_ok($$SELECT raise_customer_alert(860001, 'warmth_drop', 'medium', 1, 0)$$, '42501', NULL,
                 'application: cannot forge an alert');
SELECT throws_ok($$SELECT customer_scoring_grant('cs_tier_app', 'administrator')$$, '42501', NULL,
                 'application: cannot promote itself');
RESET ROLE;

-- ---------------------------------------------------------------------------
-- the administrator
-- ---------------------------------------------------------------------------
SET LOCAL ROLE cs_tier_admin;
SELECT lives_ok($$UPDATE warmth_scoring_triggers SET base_score_impact = base_score_impact WHERE trigger_type = 'test_drive'$$,
                'administrator: the event rules');
SELECT lives_ok($$UPDATE loyalty_programs SET description = 'x' WHERE id = 1$$, 'administrator: a loyalty programme');
SELECT lives_ok($$UPDATE customer_scoring_settings SET value = '90000' WHERE name = 'vip_threshold'$$,
                'administrator: a setting');
SELECT lives_ok($$SELECT refresh_customer_lifecycle(), refresh_warmth_scores(), refresh_rfm_scores(),
                         refresh_health_scores(), refresh_predictions()$$,
                'administrator: every refresh');
SELECT is((SELECT count(*)::int FROM customer_rfm_scores WHERE customer_id = 860001), 1,
          'administrator: ... which wrote the scores the application may not');
SELECT lives_ok($$SELECT gdpr_erase(860001, 'anonymize')$$, 'administrator: GDPR erase');
SELECT throws_ok($$INSERT INTO customer_warmth_history (customer_id, customer_warmth_id, warmth_score_snapshot, change_trigger) VALUES (860001, 1, 99, 'forged')$$,
                 '42501', NULL, 'administrator: cannot forge history either');
RESET ROLE;

-- ---------------------------------------------------------------------------
-- revoke
-- ---------------------------------------------------------------------------
SELECT customer_scoring_revoke('cs_tier_app');
SET LOCAL ROLE cs_tier_app;
SELECT throws_ok($$SELECT count(*) FROM customers$$, '42501', NULL, 'after revoke: no read');
SELECT throws_ok($$SELECT loyalty_earn(860001, 1)$$, '42501', NULL, 'after revoke: no loyalty earn');
RESET ROLE;
SELECT is((SELECT count(*)::int FROM information_schema.role_table_grants
           WHERE grantee = 'cs_tier_app' AND table_schema = 'public'
             AND table_name NOT LIKE 'pg\_%'), 0,
          'after revoke: no privilege left on any table or view');
SELECT customer_scoring_grant('cs_tier_app', 'application');
SELECT is((SELECT count(*)::int FROM information_schema.role_table_grants
           WHERE grantee = 'cs_tier_app' AND privilege_type = 'DELETE'
             AND table_name IN ('customers', 'customer_warmth_history', 'customer_loyalty_ledger')), 0,
          'granted again: still no DELETE on customers, history or ledger');

SELECT * FROM finish();
ROLLBACK;
