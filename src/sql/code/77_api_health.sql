-- src/sql/code/77_api_health.sql — the health and enhanced-profile endpoints
-- (originals/003, /api/customers/{customerId}/...) as functions returning
-- jsonb.  Conventions: see 70_api_common.sql.

CREATE FUNCTION @extschema@.customer_health(customer_id bigint)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    result jsonb;
BEGIN
    -- joined with customers, so a hidden customer has no row
    SELECT jsonb_build_object(
               'customer_id', h.customer_id,
               'health_score', h.health_score,
               'health_level', h.health_level,
               'components', jsonb_build_object(
                   'visit_frequency', h.visit_frequency,
                   'spending_behavior', h.spending_behavior,
                   'loyalty_engagement', h.loyalty_engagement,
                   'feedback_sentiment', h.feedback_sentiment,
                   'communication_response', h.communication_response,
                   'recency_factor', h.recency_factor),
               'churn_risk', h.churn_risk,
               'engagement_score', h.engagement_score,
               'engagement_level', h.engagement_level,
               'profile_completeness', h.profile_completeness,
               'completeness_level', h.completeness_level,
               'missing_fields', to_jsonb(h.missing_fields),
               'calculated_at', h.calculated_at,
               'as_of', h.as_of)
    INTO result
    FROM @extschema@.customer_health_scores AS h
    JOIN @extschema@.customers AS c ON c.id = h.customer_id
    WHERE h.customer_id = customer_health.customer_id;
    RETURN result;
END
$$;
COMMENT ON FUNCTION @extschema@.customer_health(bigint) IS
    'GET /api/customers/{customerId}/health-score — score, level, the six components, churn risk, engagement, profile completeness and missing fields as of the last refresh_health_scores(); NULL when the customer has no health row';

CREATE FUNCTION @extschema@.customer_health_history(customer_id bigint, "limit" integer DEFAULT 50)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    page_limit integer := @extschema@.api_non_negative(customer_health_history."limit", 'limit');
    result jsonb;
BEGIN
    IF NOT @extschema@.api_customer_exists(customer_health_history.customer_id) THEN
        RETURN NULL;
    END IF;
    SELECT COALESCE(jsonb_agg(to_jsonb(x) ORDER BY x.created_at DESC, x.id DESC), '[]'::jsonb)
    INTO result
    FROM (SELECT h.*
          FROM @extschema@.customer_health_score_history AS h
          WHERE h.customer_id = customer_health_history.customer_id
          ORDER BY h.created_at DESC, h.id DESC
          LIMIT page_limit) AS x;
    RETURN result;
END
$$;
COMMENT ON FUNCTION @extschema@.customer_health_history(bigint, integer) IS
    'GET /api/customers/{customerId}/health-history — health score changes, newest first; NULL for an unknown customer';

CREATE FUNCTION @extschema@.health_overview()
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    total bigint;
    average numeric;
    counts jsonb;
    overview jsonb;
BEGIN
    SELECT count(*), round(avg(h.health_score), 2) INTO total, average
    FROM @extschema@.customer_health_scores AS h
    JOIN @extschema@.customers AS c ON c.id = h.customer_id;
    -- the view joins customers too
    SELECT jsonb_object_agg(o.health_level, o.customers) FILTER (WHERE o.health_level IS NOT NULL),
           COALESCE(jsonb_agg(to_jsonb(o) - 'bar' ORDER BY o.health_level DESC NULLS LAST), '[]'::jsonb)
    INTO counts, overview
    FROM @extschema@.health_score_overview AS o;
    RETURN jsonb_build_object(
        'total', total,
        'avg_health_score', average,
        'levels', @extschema@.api_label_counts(enum_range(NULL::@extschema@.health_level), counts),
        'overview', overview);
END
$$;
COMMENT ON FUNCTION @extschema@.health_overview() IS
    'Dashboard of the health system: customers per health level (every level, 0 included), the average score and the health_score_overview rows, best level first; only the customers the caller sees';

CREATE FUNCTION @extschema@.customer_profile_completeness(customer_id bigint)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    fields text[] := @extschema@.profile_fields();
    profile jsonb;
    score numeric;
BEGIN
    SELECT to_jsonb(c) INTO profile
    FROM @extschema@.customers AS c
    WHERE c.id = customer_profile_completeness.customer_id;
    IF profile IS NULL THEN
        RETURN NULL;
    END IF;
    score := @extschema@.profile_completeness(profile, fields);
    RETURN jsonb_build_object(
        'customer_id', customer_profile_completeness.customer_id,
        'profile_completeness', score,
        'completeness_level', @extschema@.completeness_level(score),
        'missing_fields', to_jsonb(@extschema@.profile_missing_fields(profile, fields)),
        'fields', to_jsonb(fields));
END
$$;
COMMENT ON FUNCTION @extschema@.customer_profile_completeness(bigint) IS
    'GET /api/customers/{customerId}/profile-completeness — percent of profile_fields() filled in, its level and the missing fields, computed now; NULL for an unknown customer';

CREATE FUNCTION @extschema@.customer_analytics_json(customer_id bigint)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    cid bigint := customer_analytics_json.customer_id;
    as_of timestamptz := now();
    c record;
    days_since integer;
    interval_days numeric;
    favorites jsonb;
BEGIN
    SELECT x.total_orders, x.lifetime_value, x.first_order_at, x.last_order_at INTO c
    FROM @extschema@.customers AS x
    WHERE x.id = cid;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    IF c.last_order_at IS NOT NULL THEN
        days_since := @extschema@.whole_days_between(c.last_order_at, as_of);
    END IF;
    IF c.total_orders > 1 THEN
        interval_days := round(((EXTRACT(epoch FROM c.last_order_at) - EXTRACT(epoch FROM c.first_order_at))
                                / 86400.0 / (c.total_orders - 1))::numeric, 2);
    END IF;
    SELECT COALESCE(jsonb_agg(to_jsonb(f) ORDER BY f.quantity DESC, f.product_id), '[]'::jsonb)
    INTO favorites
    FROM (SELECT oi.product_id, sum(oi.quantity) AS quantity, count(DISTINCT oi.order_id) AS orders,
                 sum(oi.quantity * oi.unit_price) AS spent
          FROM @extschema@.order_items AS oi
          JOIN @extschema@.orders AS o ON o.customer_id = oi.customer_id AND o.id = oi.order_id
          WHERE oi.customer_id = cid AND o.status = 'completed'
          GROUP BY oi.product_id
          ORDER BY 2 DESC, 1
          LIMIT 5) AS f;
    RETURN jsonb_build_object(
        'customer_id', cid,
        'total_orders', c.total_orders,
        'total_spent', c.lifetime_value,
        'lifetime_value', c.lifetime_value,
        'average_order_value',
            CASE WHEN c.total_orders > 0 THEN round(c.lifetime_value / c.total_orders, 2) END,
        'repeat_purchase_rate',
            CASE WHEN c.total_orders > 0 THEN round((c.total_orders - 1) * 100.0 / c.total_orders, 2) END,
        'purchase_frequency',
            CASE WHEN c.total_orders > 0
                 THEN round(c.total_orders * 30.0
                            / GREATEST(1, @extschema@.whole_days_between(c.first_order_at, as_of)), 4) END,
        'avg_days_between_purchases', interval_days,
        'first_order_at', c.first_order_at,
        'last_order_at', c.last_order_at,
        'days_since_last_order', days_since,
        'predicted_next_purchase_at', c.last_order_at + interval_days * interval '1 day',
        'churn_risk', @extschema@.churn_risk(days_since, c.total_orders, interval_days),
        'favorite_products', favorites);
END
$$;
COMMENT ON FUNCTION @extschema@.customer_analytics_json(bigint) IS
    'GET /api/customers/analytics?customerId= and GET /api/customers/{customerId}/purchase-history-analysis — purchase metrics computed now from completed orders: totals, average order value, repeat rate, orders per 30 days, usual interval, next purchase, churn risk, top 5 products; NULL for an unknown customer';

CREATE FUNCTION @extschema@.demographic_insights(customer_id bigint)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    cid bigint := demographic_insights.customer_id;
    c record;
    age integer;
    family bigint;
    contact_method text;
    contact_time text;
    contact_language text;
BEGIN
    SELECT x.gender, x.marital_status, x.profession, x.city, x.district, x.available_time,
           x.date_of_birth
    INTO c
    FROM @extschema@.customers AS x
    WHERE x.id = cid;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    age := EXTRACT(year FROM pg_catalog.age(CURRENT_DATE, c.date_of_birth))::integer;
    SELECT count(*) INTO family FROM @extschema@.customer_family_members AS m WHERE m.customer_id = cid;
    SELECT p.preferred_contact_method, p.preferred_contact_time, p.preferred_language
    INTO contact_method, contact_time, contact_language
    FROM @extschema@.customer_preferences AS p
    WHERE p.customer_id = cid;
    RETURN jsonb_build_object(
        'customer_id', cid,
        'age', age,
        'age_group', CASE WHEN age IS NULL THEN NULL
                          WHEN age < 25 THEN 'under 25'
                          WHEN age < 35 THEN '25-34'
                          WHEN age < 45 THEN '35-44'
                          WHEN age < 55 THEN '45-54'
                          WHEN age < 65 THEN '55-64'
                          ELSE '65+' END,
        'gender', c.gender,
        'marital_status', c.marital_status,
        'profession', c.profession,
        'city', c.city,
        'district', c.district,
        'family_members', family,
        'preferred_contact_method', contact_method,
        'preferred_contact_time', COALESCE(contact_time, c.available_time),
        'preferred_language', contact_language);
END
$$;
COMMENT ON FUNCTION @extschema@.demographic_insights(bigint) IS
    'GET /api/customers/{customerId}/demographic-insights — age and age group (under 25, 25-34, 35-44, 45-54, 55-64, 65+), gender, marital status, profession, location, family size and communication preferences; NULL for an unknown customer';
