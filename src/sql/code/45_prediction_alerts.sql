-- src/sql/code/45_prediction_alerts.sql — the valuable_at_risk alert (1.1),
-- SPEC §3.8, raised from customer_predictions (filled by
-- refresh_predictions, SPEC §3.7).
--
-- Raised by refresh_predictions, the only writer of P(alive), once it has
-- scored every customer: a row it changed (updated_at = the refresh's
-- instant) whose p_alive is now below alert_p_alive and whose
-- previous_p_alive was at or above it, or did not exist (a first
-- prediction).  Not a trigger: the top-decile test needs percentile_cont(0.9)
-- over every customer's CLV, which a trigger firing on a Citus shard cannot
-- read (and transition tables keep Citus from planning INSERT ... SELECT
-- into the table); computed once per refresh here.  Rights as in
-- 44_alert_triggers.sql (SECURITY DEFINER, EXECUTE revoked from PUBLIC).

CREATE FUNCTION @extschema@.raise_prediction_alerts(changed_at timestamptz)
RETURNS integer
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    threshold float8 := @extschema@.setting('alert_p_alive')::float8;
    vip numeric := @extschema@.setting('vip_threshold')::numeric;
    clv_p90 float8;
    have_p90 boolean := false;
    reason text;
    raised integer := 0;
    r record;
BEGIN
    -- the crossings: below the threshold now, at or above it (or without a
    -- P(alive)) before this refresh wrote the row
    FOR r IN
        SELECT p.customer_id, p.previous_p_alive AS p_before, p.p_alive AS p_after,
               p.clv_12_months, c.lifetime_value
        FROM @extschema@.customer_predictions AS p
        JOIN @extschema@.customers AS c ON c.id = p.customer_id
        WHERE p.updated_at = raise_prediction_alerts.changed_at
          AND p.p_alive < threshold
          AND (p.previous_p_alive >= threshold OR p.previous_p_alive IS NULL)
        ORDER BY p.customer_id
    LOOP
        IF r.lifetime_value >= vip THEN
            reason := 'vip';
        ELSE
            IF NOT have_p90 THEN
                SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY p.clv_12_months::float8)
                INTO clv_p90
                FROM @extschema@.customer_predictions AS p;
                have_p90 := true;
            END IF;
            IF r.clv_12_months::float8 >= clv_p90 THEN
                reason := 'top_decile_clv';
            ELSE
                CONTINUE;
            END IF;
        END IF;
        IF @extschema@.raise_customer_alert(
               r.customer_id, 'valuable_at_risk', 'critical',
               r.p_before::numeric, r.p_after::numeric,
               jsonb_build_object(
                   'reason', reason, 'threshold', threshold,
                   'lifetime_value', r.lifetime_value, 'vip_threshold', vip,
                   'clv_12_months', r.clv_12_months,
                   'clv_top_decile_from', CASE WHEN have_p90 THEN clv_p90 END)) IS NOT NULL THEN
            raised := raised + 1;
        END IF;
    END LOOP;
    RETURN raised;
END
$$;
COMMENT ON FUNCTION @extschema@.raise_prediction_alerts(timestamptz) IS
    'Part of refresh_predictions: raises valuable_at_risk (critical) for the predictions written at changed_at whose P(alive) fell below the setting alert_p_alive from at or above it (or is below it in a first prediction), for a customer with lifetime_value at the VIP threshold or a 12-month CLV in the top decile; returns the alerts raised';
