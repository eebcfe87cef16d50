-- src/sql/code/30_warmth_engagement.sql — the engagement component from the event
-- rules (SPEC §3.1): each rule counts only the max_occurrences most recent
-- events of its type, each contributing event_impact(); the component is the
-- sum clamped to [0, 100].  Events later than as_of count as happening at as_of.
-- The bodies are BEGIN ATOMIC: parsed when the extension is created, so no
-- caller's search_path can change what they refer to.

-- Every counted event of every customer with its contribution at as_of: the
-- rule of SPEC §3.1 once, set-based.  explain_engagement() is this filtered
-- to one customer (both are inlinable SQL, so the planner pushes the filter
-- below the window function, into an index scan), and the nightly refresh
-- sums it per customer.  Not STRICT, which would prevent inlining: a NULL
-- as_of gives no rows.
CREATE FUNCTION @extschema@.engagement_contributions(as_of timestamptz DEFAULT pg_catalog.now())
RETURNS TABLE (
    customer_id bigint,
    event_id bigint,
    engagement_type @extschema@.engagement_type,
    occurred_at timestamptz,
    occurrence bigint,
    age_days integer,
    base_score_impact numeric,
    decay_rate numeric,
    time_window_days integer,
    contribution numeric)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT e.customer_id, e.id, e.engagement_type, e.occurred_at, e.occurrence,
           @extschema@.whole_days_between(e.occurred_at, engagement_contributions.as_of),
           r.base_score_impact, r.decay_rate, r.time_window_days,
           @extschema@.event_impact(r.base_score_impact, r.decay_rate,
                                    @extschema@.whole_days_between(e.occurred_at, engagement_contributions.as_of),
                                    r.time_window_days)
    FROM (SELECT ev.customer_id, ev.id, ev.engagement_type, ev.occurred_at,
                 pg_catalog.row_number() OVER (PARTITION BY ev.customer_id, ev.engagement_type
                                               ORDER BY ev.occurred_at DESC, ev.id DESC) AS occurrence
          FROM @extschema@.customer_engagement_events ev) e
    JOIN @extschema@.warmth_scoring_triggers r
      ON r.trigger_type OPERATOR(pg_catalog.=) e.engagement_type
    WHERE r.is_active AND e.occurrence OPERATOR(pg_catalog.<=) r.max_occurrences
      AND engagement_contributions.as_of IS NOT NULL;
END;
COMMENT ON FUNCTION @extschema@.engagement_contributions(timestamptz) IS
    'Every counted engagement event of every customer with its age and contribution at as_of (the event rules, set-based)';

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
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT c.event_id, c.engagement_type, c.occurred_at, c.occurrence, c.age_days,
           c.base_score_impact, c.decay_rate, c.time_window_days, c.contribution
    FROM @extschema@.engagement_contributions(explain_engagement.as_of) c
    WHERE c.customer_id OPERATOR(pg_catalog.=) explain_engagement.customer_id
    ORDER BY c.occurred_at DESC, c.event_id DESC;
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
