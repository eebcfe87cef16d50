-- api: the jsonb endpoint functions read one customer through indexes (SPEC §4).
-- customer_360(id) runs "SELECT to_jsonb(v) FROM customer_360_view v WHERE
-- v.customer_id = $1" and customer_recommendation(id) the same over
-- ai_call_recommendations; a SQL function plans its query once with $1
-- unknown, which is what a prepared statement with a generic plan shows.
-- Three thousand customers with orders, items, interactions, behaviour,
-- drop-offs, family, warmth, RFM, health and prediction rows make the planner choose the
-- indexes by cost (enable_seqscan stays on: turning it off would hide a
-- missing index).  Everything is rolled back.
SET jit = off;
SET client_min_messages = warning;
BEGIN;
INSERT INTO customers (id, first_name, last_name, email, city, available_time)
SELECT g, 'First' || g, 'Last' || g, 'c' || g || '@example.com', 'City ' || g % 50,
       CASE WHEN g % 3 = 0 THEN '18:00-20:00' END
FROM generate_series(1, 3000) AS g;
INSERT INTO orders (customer_id, ordered_at, total_amount)
SELECT c, now() - c % 300 * interval '1 day', 300 + c % 900
FROM generate_series(1, 3000) AS c;
INSERT INTO order_items (customer_id, order_id, product_id, unit_price)
SELECT customer_id, id, 'P' || (id + k) % 40, 100 FROM orders, generate_series(1, 3) AS k;
INSERT INTO customer_interactions (customer_id, interaction_type, interaction_date, outcome)
SELECT c, (ARRAY['call', 'whatsapp', 'email', 'visit', 'sms'])[k],
       now() - (c % 60 + k) * interval '1 day' + k * interval '2 hours',
       CASE WHEN k = 1 THEN 'interested' END
FROM generate_series(1, 3000) AS c, generate_series(1, 5) AS k;
INSERT INTO customer_behavior (customer_id, behavior_type, product_id, created_at)
SELECT c, 'product_view', 'P' || (c + k) % 40, now() - k * interval '1 day'
FROM generate_series(1, 3000) AS c, generate_series(1, 6) AS k;
INSERT INTO customer_dropoff_tracking (customer_id, stage, cart_value, recovered, created_at)
SELECT c, 'add_to_cart', 50, c % 2 = 0, now() - c % 30 * interval '1 day'
FROM generate_series(1, 3000) AS c;
INSERT INTO customer_family_members (customer_id, name, relationship, date_of_birth)
SELECT c, 'Member ' || c || '-' || k, 'child', date '2010-01-01' + c % 365
FROM generate_series(1, 3000) AS c, generate_series(1, 2) AS k;
INSERT INTO customer_warmth (customer_id, engagement_score, budget_qualification_score)
SELECT c, c % 100, (c * 7) % 100 FROM generate_series(1, 3000) AS c;
SELECT refresh_rfm_scores() AS rfm_rows, refresh_health_scores() AS health_rows;
-- predictions as refresh_predictions leaves them (written directly: one
-- order each fits no model)
INSERT INTO customer_predictions (customer_id, frequency, recency, age, p_alive, churn_probability, as_of)
SELECT c, c % 4, c % 4 * 10, 300, 1.0 / (1 + c % 4), 1 - 1.0 / (1 + c % 4), now()
FROM generate_series(1, 3000) AS c;
ANALYZE;

-- The shape of a plan, not its tree (which any planner change redraws):
-- each table it reads, and whether only through an index (Index Scan, Index
-- Only Scan or Bitmap Heap Scan, whichever the costs pick) or by a
-- sequential scan too.
CREATE FUNCTION pg_temp.plan_shape(query text) RETURNS TABLE (relation text, access text)
LANGUAGE plpgsql AS $$
DECLARE
    plan jsonb;
BEGIN
    EXECUTE 'EXPLAIN (FORMAT JSON, COSTS OFF) ' || query INTO plan;
    RETURN QUERY
    SELECT n ->> 'Relation Name',
           CASE WHEN bool_or(n ->> 'Node Type' = 'Seq Scan') THEN 'sequential scan' ELSE 'by index' END
    FROM jsonb_path_query(plan, 'strict $.**') AS n
    WHERE jsonb_typeof(n) = 'object' AND n ? 'Relation Name'
    GROUP BY 1 ORDER BY 1;
END
$$;

-- the view, filtered on one customer: every table by an index
SELECT * FROM pg_temp.plan_shape('SELECT * FROM customer_360_view WHERE customer_id = 1');

-- the query of customer_360(customer_id), planned with the id unknown
SET plan_cache_mode = force_generic_plan;
PREPARE customer_360_query(bigint) AS
    SELECT to_jsonb(v) FROM customer_360_view AS v WHERE v.customer_id = $1;
SELECT count(*) AS tables, count(*) FILTER (WHERE access = 'sequential scan') AS seq_scans
FROM pg_temp.plan_shape('EXECUTE customer_360_query(1)');

-- the query of customer_recommendation(customer_id)
PREPARE customer_recommendation_query(bigint) AS
    SELECT to_jsonb(a) FROM ai_call_recommendations AS a WHERE a.customer_id = $1;
SELECT * FROM pg_temp.plan_shape('EXECUTE customer_recommendation_query(1)');

-- and the functions return that customer
SELECT customer_360(1) ->> 'customer_id' AS customer_id,
       customer_360(1) ->> 'total_orders' AS total_orders,
       customer_360(1) ->> 'family_members_count' AS family_members,
       customer_360(1) ->> 'p_alive' AS p_alive,
       customer_recommendation(1) ->> 'offer_type' AS offer_type;
ROLLBACK;
