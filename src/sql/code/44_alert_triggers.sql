-- src/sql/code/44_alert_triggers.sql — significant-change alerts (1.1), SPEC
-- §3.8: raise_customer_alert(), the alert triggers on customer_warmth,
-- customer_health_scores and leads, acknowledge_alert() and open_alerts().
-- (valuable_at_risk is raised from customer_predictions:
-- 45_prediction_alerts.sql.)
--
-- Rights.  An alert is raised whoever made the change: the application role
-- that updates a warmth row need not be allowed to write customer_alerts,
-- and must not be able to forge alerts for customers it cannot see.  So
-- raise_customer_alert() runs with its owner's rights (SECURITY DEFINER,
-- search_path pinned) and nobody but its owner may call it directly; the
-- alert trigger functions run with the owner's rights too, so that they may
-- call it, and nobody may attach them to another table (EXECUTE revoked:
-- CREATE TRIGGER needs it, firing an existing trigger does not).  Reading and
-- acknowledging alerts run with the caller's rights, so row-level security
-- applies.
--
-- Cost.  Each trigger has a WHEN clause that lets a row through only when
-- its score fell by at least the threshold or its level moved into the
-- lowest band, so a write that raises nothing never enters PL/pgSQL.

CREATE FUNCTION @extschema@.customer_alert_payload(
    customer_id bigint,
    id bigint,
    kind text,
    severity text,
    score_before numeric,
    score_after numeric,
    raised_at timestamptz,
    details jsonb)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    payload text;
BEGIN
    payload := pg_catalog.json_build_object(
        'customer_id', customer_alert_payload.customer_id, 'id', customer_alert_payload.id,
        'kind', customer_alert_payload.kind, 'severity', customer_alert_payload.severity,
        'score_before', customer_alert_payload.score_before,
        'score_after', customer_alert_payload.score_after,
        'raised_at', customer_alert_payload.raised_at,
        'details', customer_alert_payload.details)::text;
    -- NOTIFY refuses a payload of 8000 bytes or more
    IF pg_catalog.octet_length(payload) >= 8000 THEN
        payload := pg_catalog.json_build_object(
            'customer_id', customer_alert_payload.customer_id, 'id', customer_alert_payload.id,
            'kind', customer_alert_payload.kind, 'severity', customer_alert_payload.severity,
            'score_before', customer_alert_payload.score_before,
            'score_after', customer_alert_payload.score_after,
            'raised_at', customer_alert_payload.raised_at)::text;
    END IF;
    RETURN payload;
END
$$;
COMMENT ON FUNCTION @extschema@.customer_alert_payload(bigint, bigint, text, text, numeric, numeric, timestamptz, jsonb) IS
    'The NOTIFY payload of an alert: a JSON object of customer_id, id, kind, severity, score_before, score_after, raised_at (in the session''s time zone) and details, without details when the whole would reach 8000 bytes';

-- Whether this backend runs on a Citus worker (a trigger firing on a shard):
-- there a NOTIFY would reach only the worker's listeners, and Citus refuses
-- to commit it in the two-phase commit of a multi-shard transaction.
CREATE FUNCTION @extschema@.on_citus_worker()
RETURNS boolean
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    group_id integer;
BEGIN
    IF to_regclass('pg_catalog.pg_dist_local_group') IS NULL THEN
        RETURN false;
    END IF;
    EXECUTE 'SELECT groupid FROM pg_catalog.pg_dist_local_group' INTO group_id;
    RETURN coalesce(group_id, 0) > 0;
END
$$;
COMMENT ON FUNCTION @extschema@.on_citus_worker() IS
    'True on a Citus worker node (pg_dist_local_group.groupid > 0); false on a coordinator or without Citus';

CREATE FUNCTION @extschema@.raise_customer_alert(
    customer_id bigint,
    kind text,
    severity text,
    score_before numeric,
    score_after numeric,
    details jsonb DEFAULT '{}')
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    -- computed here and passed in as values: Citus rejects volatile calls
    -- inside ON CONFLICT, RETURNING, CASE and COALESCE of a distributed write
    at_time timestamptz := pg_catalog.now();
    at_day date := pg_catalog.timezone('UTC', at_time)::date;
    alert_details jsonb := COALESCE(raise_customer_alert.details, '{}'::jsonb);
    new_id bigint;
    payload text;
BEGIN
    -- An alert must never fail the write that caused it (a bad argument, a
    -- constraint, a lock timeout, Citus refusing a nested distributed
    -- query): the block is a subtransaction, and whatever goes wrong in it
    -- is rolled back to here and reported as a WARNING.
    BEGIN
        INSERT INTO @extschema@.customer_alerts AS a
            (customer_id, kind, severity, score_before, score_after, details,
             raised_at, raised_on)
        VALUES (raise_customer_alert.customer_id, raise_customer_alert.kind,
                raise_customer_alert.severity, raise_customer_alert.score_before,
                raise_customer_alert.score_after, alert_details, at_time, at_day)
        ON CONFLICT ON CONSTRAINT customer_alerts_customer_id_kind_raised_on_key DO NOTHING
        RETURNING a.id INTO new_id;

        -- a duplicate (same customer, kind and UTC day) is skipped silently
        IF new_id IS NOT NULL THEN
            payload := @extschema@.customer_alert_payload(
                raise_customer_alert.customer_id, new_id, raise_customer_alert.kind,
                raise_customer_alert.severity, raise_customer_alert.score_before,
                raise_customer_alert.score_after, at_time, alert_details);
            -- delivered when the transaction commits, never on rollback; not
            -- from a Citus worker (the alert is stored there all the same:
            -- applications on a cluster read open_alerts())
            IF NOT @extschema@.on_citus_worker() THEN
                PERFORM pg_catalog.pg_notify('customer_scoring_alerts', payload);
            END IF;
        END IF;
    EXCEPTION WHEN OTHERS THEN
        RAISE WARNING 'alert "%" for customer % not raised: %',
            raise_customer_alert.kind, raise_customer_alert.customer_id, SQLERRM
            USING DETAIL = 'SQLSTATE ' || SQLSTATE || '. The change that caused the alert was kept.';
        RETURN NULL;
    END;
    RETURN new_id;
END
$$;
REVOKE EXECUTE ON FUNCTION @extschema@.raise_customer_alert(bigint, text, text, numeric, numeric, jsonb) FROM PUBLIC;
COMMENT ON FUNCTION @extschema@.raise_customer_alert(bigint, text, text, numeric, numeric, jsonb) IS
    'Internal (the alert triggers; owner only): records an alert unless the customer has one of that kind on this UTC day, publishes it with pg_notify(''customer_scoring_alerts'', the alert as JSON; details left out at 8000 bytes) and returns its id; NULL when skipped; an error becomes a WARNING and never fails the causing write';

-- ---------------------------------------------------------------------------
-- warmth: warmth_drop and warmth_ice_cold (medium)
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.customer_warmth_alert()
RETURNS pg_catalog.trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    threshold numeric := @extschema@.setting('alert_warmth_drop')::numeric;
BEGIN
    IF OLD.overall_warmth_score - NEW.overall_warmth_score >= threshold THEN
        PERFORM @extschema@.raise_customer_alert(
            NEW.customer_id, 'warmth_drop', 'medium',
            OLD.overall_warmth_score, NEW.overall_warmth_score,
            pg_catalog.jsonb_build_object(
                'drop', OLD.overall_warmth_score - NEW.overall_warmth_score,
                'threshold', threshold,
                'level_before', OLD.warmth_level, 'level_after', NEW.warmth_level));
    END IF;
    IF NEW.warmth_level = 'ice_cold' AND OLD.warmth_level > 'ice_cold' THEN
        PERFORM @extschema@.raise_customer_alert(
            NEW.customer_id, 'warmth_ice_cold', 'medium',
            OLD.overall_warmth_score, NEW.overall_warmth_score,
            pg_catalog.jsonb_build_object(
                'level_before', OLD.warmth_level, 'level_after', NEW.warmth_level));
    END IF;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION @extschema@.customer_warmth_alert() FROM PUBLIC;
COMMENT ON FUNCTION @extschema@.customer_warmth_alert() IS
    'Trigger: raises warmth_drop when overall_warmth_score fell by at least the setting alert_warmth_drop, warmth_ice_cold when the level became ice_cold from a warmer one (both medium)';

CREATE TRIGGER customer_warmth_alert
    AFTER UPDATE ON @extschema@.customer_warmth
    FOR EACH ROW
    WHEN (OLD.overall_warmth_score - NEW.overall_warmth_score
              >= @extschema@.setting('alert_warmth_drop')::numeric
          OR (NEW.warmth_level = 'ice_cold' AND OLD.warmth_level > 'ice_cold'))
    EXECUTE FUNCTION @extschema@.customer_warmth_alert();
COMMENT ON TRIGGER customer_warmth_alert ON @extschema@.customer_warmth IS
    'Raises warmth_drop / warmth_ice_cold alerts (customer_alerts + NOTIFY customer_scoring_alerts); fires only for a drop of at least alert_warmth_drop or a fall into ice_cold';

-- ---------------------------------------------------------------------------
-- health: health_drop (high; critical from 25 points) and health_poor (high)
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.customer_health_alert()
RETURNS pg_catalog.trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    threshold numeric := @extschema@.setting('alert_health_drop')::numeric;
    fall numeric := OLD.health_score - NEW.health_score;
BEGIN
    IF fall >= threshold THEN
        PERFORM @extschema@.raise_customer_alert(
            NEW.customer_id, 'health_drop',
            CASE WHEN fall >= 25 THEN 'critical' ELSE 'high' END,
            OLD.health_score, NEW.health_score,
            pg_catalog.jsonb_build_object(
                'drop', fall, 'threshold', threshold,
                'level_before', OLD.health_level, 'level_after', NEW.health_level));
    END IF;
    IF NEW.health_level = 'POOR' AND OLD.health_level > 'POOR' THEN
        PERFORM @extschema@.raise_customer_alert(
            NEW.customer_id, 'health_poor', 'high',
            OLD.health_score, NEW.health_score,
            pg_catalog.jsonb_build_object(
                'level_before', OLD.health_level, 'level_after', NEW.health_level));
    END IF;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION @extschema@.customer_health_alert() FROM PUBLIC;
COMMENT ON FUNCTION @extschema@.customer_health_alert() IS
    'Trigger: raises health_drop when the stored health score fell by at least the setting alert_health_drop (high; critical from a drop of 25), health_poor when the level became POOR from a better one (high)';

CREATE TRIGGER customer_health_scores_alert
    AFTER UPDATE ON @extschema@.customer_health_scores
    FOR EACH ROW
    WHEN (OLD.health_score - NEW.health_score
              >= @extschema@.setting('alert_health_drop')::numeric
          OR (NEW.health_level = 'POOR' AND OLD.health_level > 'POOR'))
    EXECUTE FUNCTION @extschema@.customer_health_alert();
COMMENT ON TRIGGER customer_health_scores_alert ON @extschema@.customer_health_scores IS
    'Raises health_drop / health_poor alerts when a refresh replaces a score (customer_alerts + NOTIFY customer_scoring_alerts); fires only for a drop of at least alert_health_drop or a fall into POOR';

-- ---------------------------------------------------------------------------
-- leads: hot_lead (high) for a lead linked to a customer that turns burning
-- ---------------------------------------------------------------------------
-- Citus: leads is distributed on id, not co-located with customer_alerts; a
-- trigger on a leads shard that writes customer_alerts is a nested
-- distributed query, which Citus refuses unless
-- citus.allow_nested_distributed_execution is on.  The refusal is caught by
-- raise_customer_alert (a WARNING, the lead is written, no alert).

CREATE FUNCTION @extschema@.leads_alert()
RETURNS pg_catalog.trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.customer_id IS NOT NULL AND NEW.temperature = 'burning'
       AND (TG_OP = 'INSERT' OR OLD.temperature < 'burning') THEN
        PERFORM @extschema@.raise_customer_alert(
            NEW.customer_id, 'hot_lead', 'high',
            CASE WHEN TG_OP = 'UPDATE' THEN OLD.lead_score END, NEW.lead_score,
            pg_catalog.jsonb_build_object(
                'lead_id', NEW.id,
                'temperature_before', CASE WHEN TG_OP = 'UPDATE' THEN OLD.temperature END,
                'temperature_after', NEW.temperature));
    END IF;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION @extschema@.leads_alert() FROM PUBLIC;
COMMENT ON FUNCTION @extschema@.leads_alert() IS
    'Trigger: raises hot_lead (high) when a lead linked to a customer is inserted burning or turns burning from a cooler temperature';

CREATE TRIGGER leads_alert_insert
    AFTER INSERT ON @extschema@.leads
    FOR EACH ROW
    WHEN (NEW.customer_id IS NOT NULL AND NEW.temperature = 'burning')
    EXECUTE FUNCTION @extschema@.leads_alert();
COMMENT ON TRIGGER leads_alert_insert ON @extschema@.leads IS
    'Raises a hot_lead alert for a new burning lead linked to a customer';

CREATE TRIGGER leads_alert_update
    AFTER UPDATE ON @extschema@.leads
    FOR EACH ROW
    WHEN (NEW.customer_id IS NOT NULL AND NEW.temperature = 'burning'
          AND OLD.temperature < 'burning')
    EXECUTE FUNCTION @extschema@.leads_alert();
COMMENT ON TRIGGER leads_alert_update ON @extschema@.leads IS
    'Raises a hot_lead alert when a lead linked to a customer turns burning from a cooler temperature';

-- ---------------------------------------------------------------------------
-- reading and acknowledging (caller's rights: row-level security applies)
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.acknowledge_alert(customer_id bigint, alert_id bigint)
RETURNS boolean
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    at_time timestamptz := pg_catalog.now();
    who text := current_user;
BEGIN
    UPDATE @extschema@.customer_alerts AS a
    SET acknowledged_at = at_time, acknowledged_by = who
    WHERE a.customer_id = acknowledge_alert.customer_id
      AND a.id = acknowledge_alert.alert_id
      AND a.acknowledged_at IS NULL
      AND EXISTS (SELECT 1 FROM @extschema@.customers AS c
                  WHERE c.id = acknowledge_alert.customer_id);
    RETURN FOUND;
END
$$;
COMMENT ON FUNCTION @extschema@.acknowledge_alert(bigint, bigint) IS
    'Marks an open alert acknowledged (now, current_user); false when the alert or its customer is unknown, invisible to the caller, or already acknowledged';

-- Columns listed, not the table's row type: a column an application adds
-- to customer_alerts must not tie this function to the table.
CREATE FUNCTION @extschema@.open_alerts("limit" integer DEFAULT 100)
RETURNS TABLE (customer_id bigint, id bigint, kind text, severity text, score_before numeric,
               score_after numeric, details jsonb, raised_at timestamptz, raised_on date,
               acknowledged_at timestamptz, acknowledged_by text)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN QUERY
    SELECT a.customer_id, a.id, a.kind, a.severity, a.score_before, a.score_after, a.details,
           a.raised_at, a.raised_on, a.acknowledged_at, a.acknowledged_by
    FROM @extschema@.customer_alerts AS a
    JOIN @extschema@.customers AS c ON c.id = a.customer_id
    WHERE a.acknowledged_at IS NULL
    ORDER BY a.raised_at DESC, a.customer_id DESC, a.id DESC
    LIMIT @extschema@.api_non_negative(open_alerts."limit", 'limit');
END
$$;
COMMENT ON FUNCTION @extschema@.open_alerts(integer) IS
    'Unacknowledged alerts of the customers the caller can see, newest first, at most "limit" (default 100; NULL = all; negative = 22023)';
