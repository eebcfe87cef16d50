-- src/sql/code/30_warmth_engagement.sql — the engagement component from the
-- event rules (SPEC §3.1): each rule counts only the max_occurrences most
-- recent events of its type, each contributing event_impact(); the component
-- is the sum clamped to [0, 100].  Events later than as_of count as
-- happening at as_of.
--
-- The rule is written once, as the view counted_engagement_events (which
-- events count, under which rule); the age at as_of is applied by its users:
-- explain_engagement() and engagement_component() for one customer, the
-- nightly refresh for all.  A filter on customer_id reaches the index of the
-- events (the window is partitioned by customer), and on Citus it routes the
-- query to the customer's shard; no function with parameters reads the
-- events, so Citus can plan every use.  The view joins customers, so that a
-- customer hidden from the caller by row-level security has no events.

CREATE VIEW @extschema@.counted_engagement_events WITH (security_invoker = true) AS
SELECT e.customer_id, e.id AS event_id, e.engagement_type, e.occurred_at, e.occurrence,
       r.base_score_impact, r.decay_rate, r.time_window_days
FROM (SELECT ev.customer_id, ev.id, ev.engagement_type, ev.occurred_at,
             pg_catalog.row_number() OVER (PARTITION BY ev.customer_id, ev.engagement_type
                                           ORDER BY ev.occurred_at DESC, ev.id DESC) AS occurrence
      FROM @extschema@.customer_engagement_events AS ev) AS e
JOIN @extschema@.warmth_scoring_triggers AS r ON r.trigger_type = e.engagement_type
-- only customers the caller may see (row-level security on customers)
JOIN @extschema@.customers AS cu ON cu.id = e.customer_id
WHERE r.is_active AND e.occurrence <= r.max_occurrences;
COMMENT ON VIEW @extschema@.counted_engagement_events IS
    'The engagement events that count, with the rule of their type: only the max_occurrences most recent events of each type and customer (occurrence 1 = the latest), active rules only';

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
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF explain_engagement.as_of IS NULL THEN
        RETURN;                 -- no rows for a NULL argument
    END IF;
    RETURN QUERY
    SELECT c.event_id, c.engagement_type, c.occurred_at, c.occurrence, a.age_days,
           c.base_score_impact, c.decay_rate, c.time_window_days,
           @extschema@.event_impact(c.base_score_impact, c.decay_rate, a.age_days, c.time_window_days)
    FROM @extschema@.counted_engagement_events AS c
    CROSS JOIN LATERAL (SELECT @extschema@.whole_days_between(c.occurred_at, explain_engagement.as_of)
                               AS age_days) AS a
    WHERE c.customer_id = explain_engagement.customer_id
    ORDER BY c.occurred_at DESC, c.event_id DESC;
END
$$;
COMMENT ON FUNCTION @extschema@.explain_engagement(bigint, timestamptz) IS
    'Why a customer''s engagement component is what it is: each counted event with its age and contribution (no rows for a NULL argument)';

-- Called by the engagement-event trigger for every event: PL/pgSQL keeps its
-- query plan for the session.
CREATE FUNCTION @extschema@.engagement_component(
    customer_id bigint,
    as_of timestamptz DEFAULT pg_catalog.now())
RETURNS numeric
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    total numeric;
BEGIN
    IF engagement_component.as_of IS NULL THEN
        RAISE EXCEPTION 'as_of must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT sum(@extschema@.event_impact(c.base_score_impact, c.decay_rate,
                                         @extschema@.whole_days_between(c.occurred_at,
                                                                        engagement_component.as_of),
                                         c.time_window_days))
    INTO total
    FROM @extschema@.counted_engagement_events AS c
    WHERE c.customer_id = engagement_component.customer_id;
    -- contributions have 2 decimals, and so has their clamped sum
    RETURN round(LEAST(100::numeric, GREATEST(0::numeric, COALESCE(total, 0::numeric))), 2);
END
$$;
COMMENT ON FUNCTION @extschema@.engagement_component(bigint, timestamptz) IS
    'Engagement component 0-100 of a customer at as_of: the sum of its event contributions, clamped';
