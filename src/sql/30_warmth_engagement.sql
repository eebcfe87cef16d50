-- src/sql/30_warmth_engagement.sql — the engagement component from the event
-- rules (SPEC §3.1): each rule counts only the max_occurrences most recent
-- events of its type, each contributing event_impact(); the component is the
-- sum clamped to [0, 100].  Events later than as_of count as happening at as_of.
-- The bodies are BEGIN ATOMIC: parsed when the extension is created, so no
-- caller's search_path can change what they refer to.

CREATE FUNCTION @extschema@.explain_engagement(
    customer_id bigint,
    as_of timestamptz DEFAULT pg_catalog.now())
RETURNS TABLE (
    event_id bigint,
    engagement_type @extschema@.engagement_type,
    occurred_at timestamptz,
    occurrence bigint,
    age_days integer,
    base_score_impact numeric,
    decay_rate numeric,
    time_window_days integer,
    contribution numeric)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT e.id, r.trigger_type, e.occurred_at, e.occurrence,
           @extschema@.whole_days_between(e.occurred_at, explain_engagement.as_of),
           r.base_score_impact, r.decay_rate, r.time_window_days,
           @extschema@.event_impact(r.base_score_impact, r.decay_rate,
                                    @extschema@.whole_days_between(e.occurred_at, explain_engagement.as_of),
                                    r.time_window_days)
    FROM @extschema@.warmth_scoring_triggers r
    CROSS JOIN LATERAL (
        SELECT ev.id, ev.occurred_at,
               pg_catalog.row_number() OVER (ORDER BY ev.occurred_at DESC, ev.id DESC) AS occurrence
        FROM @extschema@.customer_engagement_events ev
        WHERE ev.customer_id OPERATOR(pg_catalog.=) explain_engagement.customer_id
          AND ev.engagement_type OPERATOR(pg_catalog.=) r.trigger_type
        ORDER BY ev.occurred_at DESC, ev.id DESC
        LIMIT r.max_occurrences) e
    WHERE r.is_active
    ORDER BY e.occurred_at DESC, e.id DESC;
END;
COMMENT ON FUNCTION @extschema@.explain_engagement(bigint, timestamptz) IS
    'Why a customer''s engagement component is what it is: each counted event with its age and contribution (no rows for a NULL argument)';

-- PL/pgSQL keeps its query plan for the session; an SQL function with an
-- aggregate cannot be inlined and would be planned again for every event.
CREATE FUNCTION @extschema@.engagement_component(
    customer_id bigint,
    as_of timestamptz DEFAULT pg_catalog.now())
RETURNS numeric
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF engagement_component.as_of IS NULL THEN
        RAISE EXCEPTION 'as_of must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    -- contributions have 2 decimals, and so has their clamped sum
    RETURN (SELECT round(LEAST(100::numeric, GREATEST(0::numeric,
                                                      COALESCE(sum(x.contribution), 0::numeric))), 2)
            FROM @extschema@.explain_engagement(engagement_component.customer_id,
                                                engagement_component.as_of) AS x);
END
$$;
COMMENT ON FUNCTION @extschema@.engagement_component(bigint, timestamptz) IS
    'Engagement component 0-100 of a customer at as_of: the sum of its event contributions, clamped';
