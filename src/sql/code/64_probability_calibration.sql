-- src/sql/code/64_probability_calibration.sql — the purchase probability
-- calibrated on the dealership's own won/lost history (SPEC §3.7, "Calibrated
-- purchase probability").
--
-- The history: every customer_warmth_history row with a score, recorded at
-- least 90 days ago (and not before since, when given), is one observation —
-- the score the dealership saw at that moment — and it counts as won when the
-- customer has a completed order in the 90 days after it (ordered_at after the
-- row's created_at, at most 90 days of 24 hours later), else as lost.  Rows
-- younger than 90 days are left out: their 90 days have not passed, and an
-- order may still follow.  purchase_probability_fit fits the logistic link
-- P = 1 / (1 + e^-(intercept + slope * score)) to them; a converged fit is
-- stored on the algorithm, so that the warmth trigger (at once) and
-- refresh_warmth_scores (for the rows it rescores) use it.
--
-- Administrator work, run with the caller's rights: reading the history and
-- orders (row-level security on them applies) and updating
-- warmth_scoring_algorithms.  Citus: one statement over the history joined to
-- the orders on customer_id (co-located), grouped by customer_id; the update
-- names the algorithm's id in a reference table.

CREATE FUNCTION @extschema@.calibrate_purchase_probability(
    algorithm_id bigint DEFAULT NULL,
    since timestamptz DEFAULT NULL)
RETURNS @extschema@.logistic_model
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    target bigint := calibrate_purchase_probability.algorithm_id;
    cutoff timestamptz := pg_catalog.now() - interval '2160 hours';    -- 90 days of 24 hours
    model @extschema@.logistic_model;
BEGIN
    IF target IS NULL THEN
        SELECT a.id INTO target FROM @extschema@.warmth_scoring_algorithms AS a WHERE a.is_active;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'no warmth scoring algorithm is active'
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'Without an active algorithm the warmth trigger uses the built-in probability link, which is not stored anywhere.',
                      HINT = 'Activate an algorithm, or name the one to calibrate with algorithm_id.';
        END IF;
    ELSIF NOT EXISTS (SELECT 1 FROM @extschema@.warmth_scoring_algorithms AS a WHERE a.id = target) THEN
        RAISE EXCEPTION 'warmth scoring algorithm % does not exist', target
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    model := (
    SELECT @extschema@.purchase_probability_fit(x.score, x.purchased)
    FROM (SELECT h.customer_id, h.id, h.warmth_score_snapshot AS score,
                 pg_catalog.count(o.id) > 0 AS purchased
          FROM @extschema@.customer_warmth_history AS h
          LEFT JOIN @extschema@.orders AS o
            ON o.customer_id = h.customer_id AND o.status = 'completed'
           AND o.ordered_at > h.created_at AND o.ordered_at <= h.created_at + interval '2160 hours'
          WHERE h.warmth_score_snapshot IS NOT NULL
            AND h.created_at <= cutoff
            AND (calibrate_purchase_probability.since IS NULL
                 OR h.created_at >= calibrate_purchase_probability.since)
          GROUP BY h.customer_id, h.id, h.warmth_score_snapshot) AS x);

    -- no history: NULL; a fit that did not converge (the aggregate warned)
    -- changes nothing
    IF (model).converged THEN
        UPDATE @extschema@.warmth_scoring_algorithms AS a
        SET probability_intercept = (model).intercept,
            probability_slope = (model).slope,
            updated_at = pg_catalog.now()
        WHERE a.id = target;
    END IF;
    RETURN model;
END
$$;
COMMENT ON FUNCTION @extschema@.calibrate_purchase_probability(bigint, timestamptz) IS
    'Fits the purchase probability to the won/lost history: each warmth history score recorded at least 90 days ago (and at or after since) is won when the customer completed an order within the next 90 days; stores a converged fit''s intercept and slope on the algorithm (default: the active one) and returns the model; NULL without history';
