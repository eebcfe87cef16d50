-- src/sql/code/63_predictions_refresh.sql — the nightly predictions (SPEC
-- §3.7): each customer's purchase summary from the completed orders, the
-- BG/NBD and Gamma-Gamma models fitted to all of them, every customer scored
-- set-based, and the predictions copied onto customer_warmth and
-- customer_analytics.  Citus-ready:
-- no temporary tables (the summary is kept in customer_predictions itself),
-- the models and as_of passed as variables, no volatile call in a CASE,
-- COALESCE or ON CONFLICT clause.  Like the other refreshes it runs with the
-- extension owner's rights (the administrator tier may call it; the models
-- are fitted to every customer, whatever the caller's row-level security)
-- and refuses to run on a logical-replication subscriber.

-- The id of a fitted model in prediction_models: the latest row of that kind
-- when it has the same parameters and outcome (a refit to unchanged data:
-- equal to 1e-9 relative, as the order in which rows reach the fit may
-- change the last bits of a sum), else a new row.
CREATE FUNCTION @extschema@.store_prediction_model(
    kind text, parameters jsonb, log_likelihood double precision, customers bigint,
    converged boolean, as_of timestamptz)
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    latest record;
    model_id bigint;
BEGIN
    SELECT m.id, m.parameters, m.converged, m.customers INTO latest
    FROM @extschema@.prediction_models AS m
    WHERE m.kind = store_prediction_model.kind AND m.time_unit = 'day'
    ORDER BY m.id DESC
    LIMIT 1;
    IF latest.id IS NOT NULL
       AND (SELECT bool_and(abs(o.value::text::float8 - n.value::text::float8)
                            <= 1e-9 * greatest(abs(o.value::text::float8), abs(n.value::text::float8)))
                   AND count(*) = (SELECT count(*) FROM jsonb_object_keys(store_prediction_model.parameters))
            FROM jsonb_each(latest.parameters) AS o
            JOIN jsonb_each(store_prediction_model.parameters) AS n ON n.key = o.key)
       AND latest.converged = store_prediction_model.converged
       AND latest.customers = store_prediction_model.customers THEN
        RETURN latest.id;
    END IF;
    INSERT INTO @extschema@.prediction_models
        (kind, parameters, log_likelihood, customers, converged, time_unit, as_of)
    VALUES (store_prediction_model.kind, store_prediction_model.parameters,
            store_prediction_model.log_likelihood, store_prediction_model.customers,
            store_prediction_model.converged, 'day', store_prediction_model.as_of)
    RETURNING id INTO model_id;
    RETURN model_id;
END
$$;
COMMENT ON FUNCTION @extschema@.store_prediction_model(text, jsonb, double precision, bigint, boolean, timestamptz) IS
    'Part of refresh_predictions: the id of a fitted model in prediction_models, reusing the latest row of its kind when the refit gave the same parameters (unchanged data), else a new row';

CREATE FUNCTION @extschema@.refresh_predictions(as_of timestamptz DEFAULT pg_catalog.now())
RETURNS integer
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET customer_scoring.change_trigger = 'refresh'
AS $$
DECLARE
    cutoff timestamptz;
    as_of_day date;
    stamp timestamptz := pg_catalog.now();
    discount double precision := @extschema@.setting('monthly_discount')::double precision;
    bg @extschema@.bgnbd_model;
    gg @extschema@.gamma_gamma_model;
    fits record;
    bg_id bigint;
    gg_id bigint;
    n integer;
    changed integer := 0;
BEGIN
    PERFORM @extschema@.tag_changes('refresh');     -- reaches Citus workers too
    IF as_of IS NULL THEN
        RAISE EXCEPTION 'as_of must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM @extschema@.refuse_on_subscriber('refresh_predictions');
    cutoff := as_of;    -- customer_predictions and prediction_models have an as_of column too
    as_of_day := (cutoff AT TIME ZONE 'UTC')::date;

    -- 1. the summaries: purchase occasions are the distinct UTC days with a
    --    completed order; avg_value is the mean of the repeat occasions
    INSERT INTO @extschema@.customer_predictions AS p
        (customer_id, frequency, recency, age, avg_value, as_of, updated_at)
    SELECT d.customer_id, count(*)::integer - 1,
           (max(d.day) - min(d.day))::double precision,
           (as_of_day - min(d.day))::double precision,
           avg(d.total) FILTER (WHERE d.day > d.first_day),
           cutoff, stamp
    FROM (SELECT o.customer_id, o.day, o.total, min(o.day) OVER (PARTITION BY o.customer_id) AS first_day
          FROM (SELECT customer_id, (ordered_at AT TIME ZONE 'UTC')::date AS day, sum(total_amount) AS total
                FROM @extschema@.orders
                WHERE status = 'completed' AND ordered_at <= cutoff
                GROUP BY 1, 2) o) d
    GROUP BY d.customer_id
    ON CONFLICT (customer_id) DO UPDATE
    SET frequency = excluded.frequency, recency = excluded.recency, age = excluded.age,
        avg_value = excluded.avg_value, as_of = excluded.as_of
    WHERE (p.frequency, p.recency, p.age, p.avg_value)
          IS DISTINCT FROM (excluded.frequency, excluded.recency, excluded.age, excluded.avg_value);

    -- 2. customers without a completed order up to as_of get no row
    DELETE FROM @extschema@.customer_predictions AS p
    WHERE NOT EXISTS (SELECT 1 FROM @extschema@.orders o
                      WHERE o.customer_id = p.customer_id AND o.status = 'completed'
                        AND o.ordered_at <= cutoff);
    GET DIAGNOSTICS n = ROW_COUNT;
    changed := changed + n;
    -- and no analytics row (see 6.)
    DELETE FROM @extschema@.customer_analytics AS a
    WHERE NOT EXISTS (SELECT 1 FROM @extschema@.customer_predictions AS p
                      WHERE p.customer_id = a.customer_id);

    -- 3. the models (one scan), kept in prediction_models
    SELECT @extschema@.bgnbd_fit(p.frequency, p.recency, p.age) AS bg,
           @extschema@.gamma_gamma_fit(p.frequency, p.avg_value::double precision) AS gg
    INTO fits
    FROM @extschema@.customer_predictions AS p;
    bg := fits.bg;
    gg := fits.gg;
    IF bg IS NULL THEN
        RETURN 0;
    END IF;
    bg_id := @extschema@.store_prediction_model(
        'bgnbd', jsonb_build_object('r', bg.r, 'alpha', bg.alpha, 'a', bg.a, 'b', bg.b),
        bg.log_likelihood, bg.customers, bg.converged, cutoff);
    IF gg IS NOT NULL THEN
        gg_id := @extschema@.store_prediction_model(
            'gamma_gamma', jsonb_build_object('p', gg.p, 'q', gg.q, 'v', gg.v),
            gg.log_likelihood, gg.customers, gg.converged, cutoff);
    END IF;
    -- score with the stored parameters: when a refit to unchanged data kept
    -- the latest model, its predictions stay exactly as they were
    SELECT (m.parameters ->> 'r')::double precision, (m.parameters ->> 'alpha')::double precision,
           (m.parameters ->> 'a')::double precision, (m.parameters ->> 'b')::double precision
    INTO bg.r, bg.alpha, bg.a, bg.b
    FROM @extschema@.prediction_models AS m WHERE m.id = bg_id;
    IF gg IS NOT NULL THEN
        SELECT (m.parameters ->> 'p')::double precision, (m.parameters ->> 'q')::double precision,
               (m.parameters ->> 'v')::double precision
        INTO gg.p, gg.q, gg.v
        FROM @extschema@.prediction_models AS m WHERE m.id = gg_id;
    END IF;
    -- a model that did not converge is stored, but predicts nothing
    IF NOT bg.converged THEN
        bg := NULL;
    END IF;
    IF NOT gg.converged THEN
        gg := NULL;
    END IF;

    -- 4. every customer scored (the functions are strict: a NULL model gives
    --    NULLs); a row is written only when a prediction changed
    UPDATE @extschema@.customer_predictions AS p
    SET previous_p_alive = p.p_alive, updated_at = stamp,
        p_alive = s.p_alive,
        expected_purchases_30 = s.e30, expected_purchases_90 = s.e90, expected_purchases_365 = s.e365,
        next_purchase_date = s.next_date, expected_order_value = s.order_value, clv_12_months = s.clv,
        churn_probability = 1 - s.p_alive,
        bgnbd_model_id = bg_id,
        gamma_gamma_model_id = gg_id
    FROM (SELECT q.customer_id, q.p_alive, q.e30, q.e90, q.e365,
                 as_of_day + LEAST(round(q.next_in), 100000)::integer AS next_date,
                 round(@extschema@.gamma_gamma_expected_value(gg, q.frequency, q.avg_value)::numeric, 2)
                     AS order_value,
                 round(@extschema@.customer_lifetime_value(bg, gg, q.frequency, q.recency, q.age, q.avg_value,
                                                           12, discount, 1)::numeric, 2) AS clv
          FROM (SELECT r.customer_id, r.frequency, r.recency, r.age,
                       @extschema@.bgnbd_p_alive(bg, r.frequency, r.recency, r.age) AS p_alive,
                       @extschema@.bgnbd_next_purchase_in(bg, r.frequency, r.recency, r.age) AS next_in,
                       @extschema@.bgnbd_expected_purchases(bg, 30, r.frequency, r.recency, r.age) AS e30,
                       @extschema@.bgnbd_expected_purchases(bg, 90, r.frequency, r.recency, r.age) AS e90,
                       @extschema@.bgnbd_expected_purchases(bg, 365, r.frequency, r.recency, r.age) AS e365,
                       -- avg_value plays no part without repeat purchases
                       COALESCE(r.avg_value, 0)::double precision AS avg_value
                FROM @extschema@.customer_predictions AS r) q) s
    WHERE s.customer_id = p.customer_id
      AND (p.p_alive, p.expected_purchases_30, p.expected_purchases_90, p.expected_purchases_365,
           p.next_purchase_date, p.expected_order_value, p.clv_12_months, p.bgnbd_model_id,
           p.gamma_gamma_model_id)
          IS DISTINCT FROM
          (s.p_alive, s.e30, s.e90, s.e365, s.next_date, s.order_value, s.clv, bg_id, gg_id);
    GET DIAGNOSTICS n = ROW_COUNT;
    changed := changed + n;

    -- 5. the predictions on the existing warmth rows
    UPDATE @extschema@.customer_warmth AS w
    SET predicted_purchase_date = p.next_purchase_date,
        predicted_purchase_value = CASE WHEN p.expected_order_value IS NOT NULL THEN LEAST(p.expected_order_value, 9999999999.99) END,
        churn_risk_score = round((100 * (1 - p.p_alive))::numeric, 2),
        retention_probability = round((100 * p.p_alive)::numeric, 2)
    FROM @extschema@.customer_predictions AS p
    WHERE p.customer_id = w.customer_id
      AND (w.predicted_purchase_date IS DISTINCT FROM p.next_purchase_date
           OR w.predicted_purchase_value IS DISTINCT FROM CASE WHEN p.expected_order_value IS NOT NULL THEN LEAST(p.expected_order_value, 9999999999.99) END
           OR w.churn_risk_score IS DISTINCT FROM round((100 * (1 - p.p_alive))::numeric, 2)
           OR w.retention_probability IS DISTINCT FROM round((100 * p.p_alive)::numeric, 2));

    -- 6. customer_analytics, the purchase metrics of the customer-management
    --    CRM: one row per customer with a completed order up to as_of (the
    --    customers of customer_predictions), from those orders and the
    --    predictions.  predicted_lifetime_value is the 12-month lifetime value,
    --    predicted_next_purchase_at the next purchase date (midnight UTC;
    --    NULL beyond the timestamp range),
    --    churn_risk the churn probability; the other metrics are the order
    --    totals at as_of.  favorite_products, preferred_categories,
    --    engagement_score and nps_score are not filled here and are kept.  A
    --    row is written only when a metric changed.
    INSERT INTO @extschema@.customer_analytics AS a
        (customer_id, total_orders, total_spent, average_order_value, repeat_purchase_rate,
         purchase_frequency, avg_days_between_purchases, first_order_at, last_order_at,
         days_since_last_order, lifetime_value, predicted_lifetime_value,
         predicted_next_purchase_at, churn_risk, calculated_at, as_of)
    SELECT t.customer_id, t.n, t.spent, round(t.spent / t.n, 2), round((t.n - 1) * 100.0 / t.n, 2),
           LEAST(round(t.n * 30.0 / GREATEST(1, @extschema@.whole_days_between(t.first_at, cutoff)), 4),
                 999999.9999),
           CASE WHEN t.n > 1
                THEN round(((EXTRACT(epoch FROM t.last_at) - EXTRACT(epoch FROM t.first_at))
                            / 86400.0 / (t.n - 1))::numeric, 2) END,
           t.first_at, t.last_at, @extschema@.whole_days_between(t.last_at, cutoff), t.spent,
           p.clv_12_months,
           -- NULL past the last timestamp (a date reaches further)
           CASE WHEN p.next_purchase_date <= date '294276-12-31'
                THEN p.next_purchase_date::timestamp AT TIME ZONE 'UTC' END,
           p.churn_probability,
           stamp, cutoff
    FROM (SELECT o.customer_id, count(*)::integer AS n, sum(o.total_amount) AS spent,
                 min(o.ordered_at) AS first_at, max(o.ordered_at) AS last_at
          FROM @extschema@.orders AS o
          WHERE o.status = 'completed' AND o.ordered_at <= cutoff
          GROUP BY o.customer_id) AS t
    JOIN @extschema@.customer_predictions AS p ON p.customer_id = t.customer_id
    ON CONFLICT (customer_id) DO UPDATE
    SET total_orders = excluded.total_orders, total_spent = excluded.total_spent,
        average_order_value = excluded.average_order_value,
        repeat_purchase_rate = excluded.repeat_purchase_rate,
        purchase_frequency = excluded.purchase_frequency,
        avg_days_between_purchases = excluded.avg_days_between_purchases,
        first_order_at = excluded.first_order_at, last_order_at = excluded.last_order_at,
        days_since_last_order = excluded.days_since_last_order,
        lifetime_value = excluded.lifetime_value,
        predicted_lifetime_value = excluded.predicted_lifetime_value,
        predicted_next_purchase_at = excluded.predicted_next_purchase_at,
        churn_risk = excluded.churn_risk,
        calculated_at = excluded.calculated_at, as_of = excluded.as_of
    WHERE (a.total_orders, a.total_spent, a.average_order_value, a.repeat_purchase_rate,
           a.purchase_frequency, a.avg_days_between_purchases, a.first_order_at, a.last_order_at,
           a.days_since_last_order, a.lifetime_value, a.predicted_lifetime_value,
           a.predicted_next_purchase_at, a.churn_risk)
          IS DISTINCT FROM
          (excluded.total_orders, excluded.total_spent, excluded.average_order_value,
           excluded.repeat_purchase_rate, excluded.purchase_frequency,
           excluded.avg_days_between_purchases, excluded.first_order_at, excluded.last_order_at,
           excluded.days_since_last_order, excluded.lifetime_value,
           excluded.predicted_lifetime_value, excluded.predicted_next_purchase_at,
           excluded.churn_risk);

    -- 7. valuable customers whose P(alive) fell below the threshold
    PERFORM @extschema@.raise_prediction_alerts(stamp);
    RETURN changed;
END
$$;
COMMENT ON FUNCTION @extschema@.refresh_predictions(timestamptz) IS
    'Fits BG/NBD and Gamma-Gamma to every customer''s completed orders up to as_of (days), stores the models in prediction_models (a refit that gives the same model keeps its row) and each customer''s predictions in customer_predictions, and fills the prediction columns of customer_warmth and the purchase metrics and predictions of customer_analytics; returns the customers whose predictions changed (rows written or removed)';

CREATE FUNCTION @extschema@.customer_predictions_json(customer_id bigint)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    result jsonb;
BEGIN
    -- under the caller's rights: a customer the caller cannot see is unknown
    PERFORM 1 FROM @extschema@.customers AS c WHERE c.id = customer_predictions_json.customer_id;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    SELECT jsonb_build_object(
               'customerId', k.id,
               'frequency', p.frequency,
               'recency', p.recency,
               'age', p.age,
               'avgValue', p.avg_value,
               'pAlive', p.p_alive,
               'expectedPurchases', jsonb_build_object('days30', p.expected_purchases_30,
                                                       'days90', p.expected_purchases_90,
                                                       'days365', p.expected_purchases_365),
               'nextPurchaseDate', p.next_purchase_date,
               'expectedOrderValue', p.expected_order_value,
               'lifetimeValue12Months', p.clv_12_months,
               'churnProbability', p.churn_probability,
               'asOf', p.as_of,
               'model', jsonb_build_object('r', bg.parameters -> 'r', 'alpha', bg.parameters -> 'alpha',
                                           'a', bg.parameters -> 'a', 'b', bg.parameters -> 'b',
                                           'p', gg.parameters -> 'p', 'q', gg.parameters -> 'q',
                                           'v', gg.parameters -> 'v',
                                           'fittedAt', bg.fitted_at, 'asOf', bg.as_of))
    INTO result
    FROM (VALUES (customer_predictions_json.customer_id)) AS k(id)
    LEFT JOIN @extschema@.customer_predictions AS p ON p.customer_id = k.id
    LEFT JOIN @extschema@.prediction_models AS bg ON bg.id = p.bgnbd_model_id
    LEFT JOIN @extschema@.prediction_models AS gg ON gg.id = p.gamma_gamma_model_id;
    RETURN result;
END
$$;
COMMENT ON FUNCTION @extschema@.customer_predictions_json(bigint) IS
    'GET /prediction-models for one customer: p_alive, expected purchases in 30/90/365 days, next purchase date, expected order value, 12-month lifetime value, churn probability and the models used, with camelCase keys; all null before the first refresh_predictions; NULL for an unknown customer or one the caller cannot see';
