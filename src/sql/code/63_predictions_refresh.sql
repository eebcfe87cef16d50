-- src/sql/code/63_predictions_refresh.sql — the nightly predictions (SPEC
-- §3.7): each customer's purchase summary from the completed orders, the
-- BG/NBD and Gamma-Gamma models fitted to all of them, every customer scored
-- set-based, and the predictions copied onto customer_warmth.  Citus-ready:
-- no temporary tables (the summary is kept in customer_predictions itself),
-- the models and as_of passed as variables, no volatile call in a CASE,
-- COALESCE or ON CONFLICT clause.  Invoker rights, like the other refreshes:
-- under row-level security a caller fits and scores the customers it sees
-- and cannot touch the others' rows (test/row_level_security.sql).

CREATE FUNCTION @extschema@.refresh_predictions(as_of timestamptz DEFAULT pg_catalog.now())
RETURNS integer
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
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
    scored integer;
BEGIN
    IF as_of IS NULL THEN
        RAISE EXCEPTION 'as_of must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
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
        avg_value = excluded.avg_value, as_of = excluded.as_of, updated_at = excluded.updated_at;

    -- 2. customers without a completed order up to as_of get no row
    DELETE FROM @extschema@.customer_predictions AS p
    WHERE NOT EXISTS (SELECT 1 FROM @extschema@.orders o
                      WHERE o.customer_id = p.customer_id AND o.status = 'completed'
                        AND o.ordered_at <= cutoff);

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
    INSERT INTO @extschema@.prediction_models
        (kind, parameters, log_likelihood, customers, converged, time_unit, as_of)
    VALUES ('bgnbd', jsonb_build_object('r', bg.r, 'alpha', bg.alpha, 'a', bg.a, 'b', bg.b),
            bg.log_likelihood, bg.customers, bg.converged, 'day', cutoff)
    RETURNING id INTO bg_id;
    IF gg IS NOT NULL THEN
        INSERT INTO @extschema@.prediction_models
            (kind, parameters, log_likelihood, customers, converged, time_unit, as_of)
        VALUES ('gamma_gamma', jsonb_build_object('p', gg.p, 'q', gg.q, 'v', gg.v),
                gg.log_likelihood, gg.customers, gg.converged, 'day', cutoff)
        RETURNING id INTO gg_id;
    END IF;
    -- a model that did not converge is stored, but predicts nothing
    IF NOT bg.converged THEN
        bg := NULL;
    END IF;
    IF NOT gg.converged THEN
        gg := NULL;
    END IF;

    -- 4. every customer scored (the functions are strict: a NULL model gives NULLs)
    UPDATE @extschema@.customer_predictions AS p
    SET p_alive = s.p_alive,
        expected_purchases_30 = @extschema@.bgnbd_expected_purchases(bg, 30, p.frequency, p.recency, p.age),
        expected_purchases_90 = @extschema@.bgnbd_expected_purchases(bg, 90, p.frequency, p.recency, p.age),
        expected_purchases_365 = @extschema@.bgnbd_expected_purchases(bg, 365, p.frequency, p.recency, p.age),
        next_purchase_date = as_of_day + LEAST(round(s.next_in), 100000)::integer,
        expected_order_value = round(@extschema@.gamma_gamma_expected_value(gg, p.frequency, s.avg_value)::numeric, 2),
        clv_12_months = round(@extschema@.customer_lifetime_value(bg, gg, p.frequency, p.recency, p.age, s.avg_value,
                                                                  12, discount, 1)::numeric, 2),
        churn_probability = 1 - s.p_alive,
        bgnbd_model_id = bg_id,
        gamma_gamma_model_id = gg_id
    FROM (SELECT q.customer_id,
                 @extschema@.bgnbd_p_alive(bg, q.frequency, q.recency, q.age) AS p_alive,
                 @extschema@.bgnbd_next_purchase_in(bg, q.frequency, q.recency, q.age) AS next_in,
                 -- avg_value plays no part without repeat purchases
                 COALESCE(q.avg_value, 0)::double precision AS avg_value
          FROM @extschema@.customer_predictions AS q) s
    WHERE s.customer_id = p.customer_id;
    GET DIAGNOSTICS scored = ROW_COUNT;

    -- 5. the predictions on the existing warmth rows
    UPDATE @extschema@.customer_warmth AS w
    SET predicted_purchase_date = p.next_purchase_date,
        predicted_purchase_value = LEAST(p.expected_order_value, 9999999999.99),
        churn_risk_score = round((100 * (1 - p.p_alive))::numeric, 2),
        retention_probability = round((100 * p.p_alive)::numeric, 2)
    FROM @extschema@.customer_predictions AS p
    WHERE p.customer_id = w.customer_id
      AND (w.predicted_purchase_date IS DISTINCT FROM p.next_purchase_date
           OR w.predicted_purchase_value IS DISTINCT FROM LEAST(p.expected_order_value, 9999999999.99)
           OR w.churn_risk_score IS DISTINCT FROM round((100 * (1 - p.p_alive))::numeric, 2)
           OR w.retention_probability IS DISTINCT FROM round((100 * p.p_alive)::numeric, 2));
    RETURN scored;
END
$$;
COMMENT ON FUNCTION @extschema@.refresh_predictions(timestamptz) IS
    'Fits BG/NBD and Gamma-Gamma to every customer''s completed orders up to as_of (days), stores the models in prediction_models and each customer''s predictions in customer_predictions, and fills the prediction columns of customer_warmth; returns the customers scored';

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
