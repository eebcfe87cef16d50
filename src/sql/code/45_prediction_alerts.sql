-- src/sql/code/45_prediction_alerts.sql — the valuable_at_risk alert (1.1),
-- SPEC §3.8, raised from customer_predictions (filled by
-- refresh_predictions, SPEC §3.7).
--
-- Two statement-level triggers with transition tables rather than one row
-- trigger: the top-decile test needs percentile_cont(0.9) over every
-- customer's CLV, which is computed here once per statement (and only when a
-- customer below the VIP threshold crossed), so a bulk refresh of a million
-- predictions pays for it once.  PostgreSQL allows transition tables only on
-- a trigger with a single event and no column list, hence AFTER INSERT and
-- AFTER UPDATE separately, not UPDATE OF p_alive.  Rights as in
-- 44_alert_triggers.sql (SECURITY DEFINER, EXECUTE revoked from PUBLIC).

CREATE FUNCTION @extschema@.customer_predictions_alert()
RETURNS pg_catalog.trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    threshold float8 := @extschema@.setting('alert_p_alive')::float8;
    vip numeric := @extschema@.setting('vip_threshold')::numeric;
    clv_p90 float8;
    have_p90 boolean := false;
    reason text;
    r record;
BEGIN
    IF TG_LEVEL <> 'STATEMENT' OR TG_WHEN <> 'AFTER' OR TG_OP NOT IN ('INSERT', 'UPDATE') THEN
        RAISE EXCEPTION 'customer_predictions_alert() must be an AFTER INSERT or AFTER UPDATE statement trigger'
            USING ERRCODE = 'trigger_protocol_violated';
    END IF;
    -- the crossings: below the threshold now, and (UPDATE) at or above it
    -- before or without a P(alive) before; (INSERT) the first prediction
    FOR r IN
        EXECUTE CASE TG_OP
            WHEN 'INSERT' THEN
                'SELECT n.customer_id, NULL::float8 AS p_before, n.p_alive AS p_after,
                        n.clv_12_months, c.lifetime_value
                 FROM new_rows AS n
                 JOIN @extschema@.customers AS c ON c.id = n.customer_id
                 WHERE n.p_alive < $1'
            ELSE
                'SELECT n.customer_id, o.p_alive AS p_before, n.p_alive AS p_after,
                        n.clv_12_months, c.lifetime_value
                 FROM new_rows AS n
                 JOIN old_rows AS o ON o.customer_id = n.customer_id
                 JOIN @extschema@.customers AS c ON c.id = n.customer_id
                 WHERE n.p_alive < $1 AND (o.p_alive >= $1 OR o.p_alive IS NULL)'
            END
        USING threshold
    LOOP
        IF r.lifetime_value >= vip THEN
            reason := 'vip';
        ELSE
            IF NOT have_p90 THEN
                SELECT pg_catalog.percentile_cont(0.9) WITHIN GROUP (ORDER BY p.clv_12_months::float8)
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
        PERFORM @extschema@.raise_customer_alert(
            r.customer_id, 'valuable_at_risk', 'critical',
            r.p_before::numeric, r.p_after::numeric,
            pg_catalog.jsonb_build_object(
                'reason', reason, 'threshold', threshold,
                'lifetime_value', r.lifetime_value, 'vip_threshold', vip,
                'clv_12_months', r.clv_12_months,
                'clv_top_decile_from', CASE WHEN have_p90 THEN clv_p90 END));
    END LOOP;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION @extschema@.customer_predictions_alert() FROM PUBLIC;
COMMENT ON FUNCTION @extschema@.customer_predictions_alert() IS
    'Statement trigger on customer_predictions (transition tables new_rows, old_rows): raises valuable_at_risk (critical) when P(alive) falls below the setting alert_p_alive from at or above it, or is below it in the first prediction, for a customer with lifetime_value at the VIP threshold or a 12-month CLV in the top decile';

CREATE TRIGGER customer_predictions_alert_insert
    AFTER INSERT ON @extschema@.customer_predictions
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.customer_predictions_alert();
COMMENT ON TRIGGER customer_predictions_alert_insert ON @extschema@.customer_predictions IS
    'Raises valuable_at_risk for the inserted (first) predictions of valuable customers whose P(alive) is below alert_p_alive; once per statement';

CREATE TRIGGER customer_predictions_alert_update
    AFTER UPDATE ON @extschema@.customer_predictions
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.customer_predictions_alert();
COMMENT ON TRIGGER customer_predictions_alert_update ON @extschema@.customer_predictions IS
    'Raises valuable_at_risk when a valuable customer''s P(alive) falls below alert_p_alive from at or above it; once per statement';
