-- src/sql/code/51_views_cdm.sql — the customer-360 and call-list views (SPEC §4).
-- All security_invoker, and every one reads customers, so that row-level
-- security on customers alone hides a customer everywhere.  Per-customer
-- parts are subqueries grouped by customer and joined on it: PostgreSQL
-- pushes "WHERE customer_id = $1" into each of them (index scans), and Citus
-- sees joins on the distribution column and sends a one-customer query to
-- that customer's shard alone (a LATERAL subquery would go to every shard).
-- No view calls a function that reads tables: on Citus that would be a
-- distributed query inside a query on a shard.

CREATE FUNCTION @extschema@.positive_outcomes()
RETURNS text[]
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN regexp_split_to_array(lower(btrim(@extschema@.setting('positive_outcomes'))), '\s*,\s*');
END
$$;
COMMENT ON FUNCTION @extschema@.positive_outcomes() IS
    'The interaction outcomes that count as positive (setting customer_scoring.positive_outcomes), lower case';

CREATE FUNCTION @extschema@.ltv_tiers()
RETURNS numeric[]
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN regexp_split_to_array(btrim(@extschema@.setting('ltv_tiers')), '\s*,\s*')::numeric[];
END
$$;
COMMENT ON FUNCTION @extschema@.ltv_tiers() IS
    'Lifetime values that each add a point of call priority (setting customer_scoring.ltv_tiers)';

-- The most viewed products each customer has not bought, ranked.
CREATE VIEW @extschema@.product_recommendations WITH (security_invoker = true) AS
SELECT p.customer_id, p.product_id, p.product_name, p.views,
       pg_catalog.row_number() OVER (PARTITION BY p.customer_id
                                     ORDER BY p.views DESC, p.product_id) AS recommendation_rank
FROM (SELECT b.customer_id, b.product_id, pg_catalog.max(b.product_name) AS product_name,
             pg_catalog.count(*) AS views
      FROM @extschema@.customer_behavior AS b
      JOIN @extschema@.customers AS c ON c.id = b.customer_id
      WHERE b.behavior_type = 'product_view'
        AND b.product_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM @extschema@.order_items AS oi
                        WHERE oi.customer_id = b.customer_id AND oi.product_id = b.product_id)
      GROUP BY b.customer_id, b.product_id) AS p;
COMMENT ON VIEW @extschema@.product_recommendations IS
    'For each customer, the viewed products not bought yet, most viewed first (recommendation_rank 1, 2, ...)';

-- The best 2-hour window to call each customer.
CREATE VIEW @extschema@.best_call_times WITH (security_invoker = true) AS
SELECT c.id AS customer_id,
       COALESCE(pg_catalog.lpad(w.start_hour::text, 2, '0') || ':00-'
                || pg_catalog.lpad((w.start_hour + 2)::text, 2, '0') || ':00',
                NULLIF(pg_catalog.btrim(c.available_time, E' \t\n\r\f'), ''),
                '10:00-12:00') AS best_call_time
FROM @extschema@.customers AS c
LEFT JOIN (SELECT DISTINCT ON (x.customer_id) x.customer_id, x.start_hour
           FROM (SELECT i.customer_id,
                        (EXTRACT(hour FROM i.interaction_date)::integer / 2) * 2 AS start_hour,
                        pg_catalog.count(*) AS interactions
                 FROM @extschema@.customer_interactions AS i
                 WHERE pg_catalog.lower(i.outcome) = ANY (@extschema@.positive_outcomes())
                 GROUP BY 1, 2) AS x
           ORDER BY x.customer_id, x.interactions DESC, x.start_hour) AS w
       ON w.customer_id = c.id;
COMMENT ON VIEW @extschema@.best_call_times IS
    'The 2-hour window (local time) in which most of a customer''s positive interactions began; else the customer''s available_time; else 10:00-12:00';

CREATE FUNCTION @extschema@.best_call_time(customer_id bigint)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN COALESCE((SELECT b.best_call_time FROM @extschema@.best_call_times AS b
                     WHERE b.customer_id = best_call_time.customer_id),
                    '10:00-12:00');
END
$$;
COMMENT ON FUNCTION @extschema@.best_call_time(bigint) IS
    'The 2-hour window (local time) in which most positive interactions began; else the customer''s available_time; else 10:00-12:00';

-- A negative how_many is PostgreSQL's own LIMIT error (2201W); NULL means no limit.
CREATE FUNCTION @extschema@.recommended_products(customer_id bigint, how_many integer DEFAULT 3)
RETURNS TABLE (product_id text, product_name text, views bigint)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN QUERY
    SELECT r.product_id, r.product_name, r.views
    FROM @extschema@.product_recommendations AS r
    WHERE r.customer_id = recommended_products.customer_id
    ORDER BY r.recommendation_rank
    LIMIT recommended_products.how_many;
END
$$;
COMMENT ON FUNCTION @extschema@.recommended_products(bigint, integer) IS
    'The most viewed products the customer has not bought, most viewed first';

CREATE VIEW @extschema@.customer_360_view WITH (security_invoker = true) AS
SELECT c.id AS customer_id,
       c.first_name, c.last_name, c.name AS customer_name, c.email, c.phone, c.company_name,
       c.gender, c.date_of_birth, c.marital_status, c.anniversary_date, c.profession,
       c.district, c.city, c.available_time, c.source, c.status,
       c.customer_type, c.lifecycle_stage,
       @extschema@.customer_temperature(
           CASE WHEN c.last_order_at IS NOT NULL
                THEN @extschema@.whole_days_between(c.last_order_at, pg_catalog.now()) END,
           COALESCE(i.interactions_30d, 0)::integer) AS customer_temperature,
       c.lifetime_value, c.total_orders,
       CASE WHEN c.total_orders > 0 THEN pg_catalog.round(c.lifetime_value / c.total_orders, 2) END
           AS avg_order_value,
       c.first_order_at, c.last_order_at,
       CASE WHEN c.last_order_at IS NOT NULL
            THEN @extschema@.whole_days_between(c.last_order_at, pg_catalog.now()) END
           AS days_since_last_order,
       COALESCE(i.total_interactions, 0) AS total_interactions,
       COALESCE(i.total_calls, 0) AS total_calls,
       COALESCE(i.total_whatsapp, 0) AS total_whatsapp,
       COALESCE(i.total_emails, 0) AS total_emails,
       COALESCE(i.total_visits, 0) AS total_visits,
       COALESCE(i.interactions_30d, 0) AS interactions_30d,
       i.last_interaction_at,
       COALESCE(b.products_viewed, 0) AS products_viewed,
       COALESCE(b.total_activities, 0) AS total_activities,
       b.last_activity_at,
       COALESCE(d.open_dropoffs, 0) AS open_dropoffs,
       COALESCE(f.family_members_count, 0) AS family_members_count,
       w.overall_warmth_score, w.warmth_level, w.purchase_probability,
       r.rfm_cell, r.segment AS rfm_segment, r.churn_risk,
       h.health_score, h.health_level,
       c.gdpr_consent, c.do_not_contact, c.created_at,
       -- 1.1, last (CREATE OR REPLACE VIEW only appends): refresh_predictions
       p.p_alive, p.expected_purchases_30, p.expected_purchases_90, p.expected_purchases_365,
       p.next_purchase_date, p.expected_order_value, p.clv_12_months, p.churn_probability
FROM @extschema@.customers AS c
LEFT JOIN (
    SELECT x.customer_id,
           pg_catalog.count(*) AS total_interactions,
           pg_catalog.count(*) FILTER (WHERE x.interaction_type = 'call') AS total_calls,
           pg_catalog.count(*) FILTER (WHERE x.interaction_type = 'whatsapp') AS total_whatsapp,
           pg_catalog.count(*) FILTER (WHERE x.interaction_type = 'email') AS total_emails,
           pg_catalog.count(*) FILTER (WHERE x.interaction_type = 'visit') AS total_visits,
           pg_catalog.count(*) FILTER (WHERE x.interaction_date >= pg_catalog.now() - interval '30 days')
               AS interactions_30d,
           pg_catalog.max(x.interaction_date) AS last_interaction_at
    FROM @extschema@.customer_interactions AS x GROUP BY x.customer_id) AS i ON i.customer_id = c.id
LEFT JOIN (
    SELECT x.customer_id,
           pg_catalog.count(DISTINCT x.product_id) FILTER (WHERE x.behavior_type = 'product_view')
               AS products_viewed,
           pg_catalog.count(*) AS total_activities,
           pg_catalog.max(x.created_at) AS last_activity_at
    FROM @extschema@.customer_behavior AS x GROUP BY x.customer_id) AS b ON b.customer_id = c.id
LEFT JOIN (
    SELECT x.customer_id, pg_catalog.count(*) AS open_dropoffs
    FROM @extschema@.customer_dropoff_tracking AS x WHERE NOT x.recovered
    GROUP BY x.customer_id) AS d ON d.customer_id = c.id
LEFT JOIN (
    SELECT x.customer_id, pg_catalog.count(*) AS family_members_count
    FROM @extschema@.customer_family_members AS x GROUP BY x.customer_id) AS f ON f.customer_id = c.id
LEFT JOIN @extschema@.customer_warmth AS w ON w.customer_id = c.id
LEFT JOIN @extschema@.customer_rfm_scores AS r ON r.customer_id = c.id
LEFT JOIN @extschema@.customer_health_scores AS h ON h.customer_id = c.id
LEFT JOIN @extschema@.customer_predictions AS p ON p.customer_id = c.id;
COMMENT ON VIEW @extschema@.customer_360_view IS
    'Everything about a customer in one row: profile, transactions, interactions by channel, behaviour, drop-offs, family, temperature, warmth, RFM, health, and the predictions of refresh_predictions (NULL before it ran or without a completed order)';

CREATE FUNCTION @extschema@.upcoming_events(days integer DEFAULT 30, from_date date DEFAULT CURRENT_DATE)
RETURNS TABLE (
    customer_id bigint, customer_name text, phone text, email text,
    person_name text, relationship text, event_type text, event_date date,
    next_occurrence date, days_until_event integer, years integer)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    leap_day text := @extschema@.setting('leap_day_observed');
BEGIN
    IF days IS NULL THEN
        RAISE EXCEPTION 'days must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF from_date IS NULL THEN
        RAISE EXCEPTION 'from_date must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF days < 0 OR days > 366 THEN
        RAISE EXCEPTION 'days must be between 0 and 366' USING ERRCODE = 'numeric_value_out_of_range';
    END IF;
    IF NOT isfinite(from_date) THEN
        RAISE EXCEPTION 'from_date must be a finite date' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    SELECT e.customer_id, c.name, c.phone, c.email, e.person_name, e.relationship, e.event_type,
           e.event_date, e.next_date, e.next_date - from_date,
           (EXTRACT(year FROM e.next_date) - EXTRACT(year FROM e.event_date))::integer
    FROM (SELECT x.customer_id, x.person_name, x.relationship, x.event_type, x.event_date,
                 @extschema@.next_occurrence(x.event_date, from_date, leap_day) AS next_date
          FROM (SELECT c0.id AS customer_id, c0.name AS person_name, 'self'::text AS relationship,
                       'birthday'::text AS event_type, c0.date_of_birth AS event_date
                FROM @extschema@.customers c0 WHERE c0.date_of_birth IS NOT NULL
                UNION ALL
                SELECT c0.id, c0.name, 'self', 'anniversary', c0.anniversary_date
                FROM @extschema@.customers c0 WHERE c0.anniversary_date IS NOT NULL
                UNION ALL
                SELECT m.customer_id, m.name, COALESCE(m.relationship, 'family'), 'birthday', m.date_of_birth
                FROM @extschema@.customer_family_members m WHERE m.date_of_birth IS NOT NULL
                UNION ALL
                SELECT m.customer_id, m.name, COALESCE(m.relationship, 'family'), 'anniversary', m.anniversary_date
                FROM @extschema@.customer_family_members m WHERE m.anniversary_date IS NOT NULL) x) e
    JOIN @extschema@.customers c ON c.id = e.customer_id
    WHERE e.next_date - from_date <= days
    ORDER BY e.next_date - from_date, e.customer_id, e.person_name, e.event_type;
END
$$;
COMMENT ON FUNCTION @extschema@.upcoming_events(integer, date) IS
    'Birthdays and anniversaries of customers and their family members in the next days (0-366) from from_date';

CREATE VIEW @extschema@.upcoming_birthdays_anniversaries WITH (security_invoker = true) AS
SELECT * FROM @extschema@.upcoming_events(30);
COMMENT ON VIEW @extschema@.upcoming_birthdays_anniversaries IS
    'Birthdays and anniversaries of customers and family members in the next 30 days (today = 0), with contact details';

CREATE VIEW @extschema@.ai_call_recommendations WITH (security_invoker = true) AS
SELECT k.customer_id, k.customer_name, k.phone, k.email, k.customer_temperature,
       k.customer_type, k.lifecycle_stage, k.lifetime_value, k.total_orders,
       @extschema@.call_priority(k.customer_temperature, k.lifetime_value, k.recent_dropoff,
                                 @extschema@.ltv_tiers()) AS call_priority_score,
       @extschema@.offer_type(k.customer_temperature, k.lifecycle_stage, k.total_orders,
                              k.recent_dropoff) AS offer_type,
       k.best_call_time,
       k.recommended_products,
       @extschema@.next_action(@extschema@.call_priority(k.customer_temperature, k.lifetime_value,
                                                          k.recent_dropoff, @extschema@.ltv_tiers()))
           AS next_action,
       k.recent_dropoff
FROM (SELECT c.id AS customer_id, c.name AS customer_name, c.phone, c.email,
             c.customer_type, c.lifecycle_stage, c.lifetime_value, c.total_orders,
             @extschema@.customer_temperature(
                 CASE WHEN c.last_order_at IS NOT NULL
                      THEN @extschema@.whole_days_between(c.last_order_at, pg_catalog.now()) END,
                 COALESCE(i.interactions_30d, 0)::integer) AS customer_temperature,
             d.customer_id IS NOT NULL AS recent_dropoff,
             t.best_call_time,
             p.recommended_products
      FROM @extschema@.customers AS c
      JOIN @extschema@.best_call_times AS t ON t.customer_id = c.id
      LEFT JOIN (
          SELECT x.customer_id, pg_catalog.count(*) AS interactions_30d
          FROM @extschema@.customer_interactions AS x
          WHERE x.interaction_date >= pg_catalog.now() - interval '30 days'
          GROUP BY x.customer_id) AS i ON i.customer_id = c.id
      LEFT JOIN (
          SELECT DISTINCT x.customer_id
          FROM @extschema@.customer_dropoff_tracking AS x
          WHERE NOT x.recovered AND x.created_at >= pg_catalog.now() - interval '14 days') AS d
             ON d.customer_id = c.id
      LEFT JOIN (
          SELECT r.customer_id,
                 pg_catalog.string_agg(COALESCE(r.product_name, r.product_id), ', '
                                       ORDER BY r.recommendation_rank) AS recommended_products
          FROM @extschema@.product_recommendations AS r
          WHERE r.recommendation_rank <= 3
          GROUP BY r.customer_id) AS p ON p.customer_id = c.id
      WHERE NOT c.do_not_contact) AS k;
COMMENT ON VIEW @extschema@.ai_call_recommendations IS
    'Who to call, what to offer and when: call priority 1-10, offer, best call time, top 3 viewed-not-bought products, next action; excludes do_not_contact';
