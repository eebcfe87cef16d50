-- bench/sql/data_warmth.sql — warmth of every customer and engagement
-- events, then the derived customer columns.  Runs after the trigger cases
-- (which use an empty customer_warmth for their "real table" line).
--
-- customer_warmth is loaded through the extension's triggers, as an
-- application would: the BEFORE trigger computes score, level and
-- probability, the AFTER trigger writes one history row per customer.
-- The events are history already applied, so they are loaded with triggers
-- off; refresh_warmth_scores recomputes the engagement component from them.

\set ON_ERROR_STOP on
SET client_min_messages = warning;

SELECT setseed(0.401);
INSERT INTO customer_warmth
    (customer_id, engagement_score, interaction_frequency_score, response_rate_score,
     budget_qualification_score, timeline_urgency_score, decision_making_authority_score,
     demographic_fit_score, past_purchase_behavior_score, first_contact_at,
     last_engagement_date, total_interactions, meaningful_interactions)
SELECT g,
       CASE WHEN random() < 0.10 THEN NULL ELSE round((random() * 100)::numeric, 2) END,
       CASE WHEN random() < 0.10 THEN NULL ELSE round((random() * 100)::numeric, 2) END,
       CASE WHEN random() < 0.10 THEN NULL ELSE round((random() * 100)::numeric, 2) END,
       CASE WHEN random() < 0.10 THEN NULL ELSE round((random() * 100)::numeric, 2) END,
       CASE WHEN random() < 0.10 THEN NULL ELSE round((random() * 100)::numeric, 2) END,
       CASE WHEN random() < 0.10 THEN NULL ELSE round((random() * 100)::numeric, 2) END,
       CASE WHEN random() < 0.10 THEN NULL ELSE round((random() * 100)::numeric, 2) END,
       CASE WHEN random() < 0.10 THEN NULL ELSE round((random() * 100)::numeric, 2) END,
       bench.anchor() - interval '400 days' + random() * interval '300 days',
       CASE WHEN random() < 0.8 THEN bench.anchor() - random() * interval '90 days' END,
       floor(random() * 20)::int, floor(random() * 5)::int
FROM generate_series(1, :scale) g;

-- engagement events: 20% of customers, 1 to 5 events each, in the 120 days
-- before the anchor.
SET session_replication_role = replica;
SELECT setseed(0.402);
INSERT INTO customer_engagement_events (customer_id, engagement_type, occurred_at, meaningful, channel)
SELECT e.id, e.kind, e.occurred_at,
       e.kind NOT IN ('website_visit', 'email_open', 'chat_message', 'unsubscribe'),
       (ARRAY['web','phone','showroom','email'])[1 + floor(random() * 4)::int]
FROM (SELECT g AS id, 1 + floor(random() * 5)::int AS k, random() AS pick
      FROM generate_series(1, :scale) g) c,
     generate_series(1, c.k) n,
     LATERAL (SELECT c.id,
                     (enum_range(NULL::engagement_type))[1 + floor(random() * 14)::int] AS kind,
                     bench.anchor() - random() * interval '120 days' AS occurred_at,
                     n AS dummy) e
WHERE c.pick < 0.2;
RESET session_replication_role;

-- order totals, lifecycle stage and customer type, as of the anchor
SELECT refresh_customer_lifecycle(bench.anchor()) AS customers_updated;

-- Statistics for the loaded tables only.  The score tables the refreshes
-- fill (customer_rfm_scores, customer_health_scores and their history) stay
-- never-analyzed, as after a fresh install: analyzed while empty, they make
-- the planner trust "0 rows" and choose plans that are quadratic once the
-- first refresh has filled them.
VACUUM (FREEZE, ANALYZE) customers, orders, order_items, customer_interactions,
    customer_behavior, customer_dropoff_tracking, customer_family_members,
    customer_communications, customer_loyalty_points, customer_loyalty_ledger,
    customer_warmth, customer_warmth_history, customer_engagement_events;
