-- src/sql/code/32_customer_totals.sql — a customer's order totals, lifecycle
-- stage and type, recomputed from its completed orders, one customer at a
-- time: the orders trigger runs this for the customer of each changed order
-- (the nightly refresh_customer_lifecycle does all customers set-based).
-- Every statement names the one customer, so that on Citus it stays on that
-- customer's shard, where the trigger fires.

CREATE FUNCTION @extschema@.customer_has_activity(customer_id bigint)
RETURNS boolean
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- a customer the caller cannot see has no activity
    IF NOT EXISTS (SELECT 1 FROM @extschema@.customers AS c
                   WHERE c.id = customer_has_activity.customer_id) THEN
        RETURN false;
    END IF;
    RETURN EXISTS (SELECT 1 FROM @extschema@.customer_interactions AS i
                   WHERE i.customer_id = customer_has_activity.customer_id)
        OR EXISTS (SELECT 1 FROM @extschema@.customer_behavior AS b
                   WHERE b.customer_id = customer_has_activity.customer_id)
        OR EXISTS (SELECT 1 FROM @extschema@.customer_engagement_events AS e
                   WHERE e.customer_id = customer_has_activity.customer_id);
END
$$;
COMMENT ON FUNCTION @extschema@.customer_has_activity(bigint) IS
    'Whether the customer has any interaction, behaviour or engagement event (a lead with activity is a prospect)';

CREATE FUNCTION @extschema@.recompute_customer_totals(
    customer_ids bigint[],
    as_of timestamptz DEFAULT pg_catalog.now(),
    vip_threshold numeric DEFAULT @extschema@.setting('vip_threshold')::numeric)
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    cid bigint;
    completed integer;
    value numeric;
    first_at timestamptz;
    last_at timestamptz;
    stage @extschema@.lifecycle_stage;
    kind @extschema@.customer_type;
    stamp timestamptz := now();
    n bigint;
    changed bigint := 0;
BEGIN
    IF customer_ids IS NULL THEN
        RETURN 0;
    END IF;
    FOREACH cid IN ARRAY customer_ids LOOP
        SELECT count(*)::integer, COALESCE(sum(o.total_amount), 0), min(o.ordered_at), max(o.ordered_at)
        INTO completed, value, first_at, last_at
        FROM @extschema@.orders AS o
        WHERE o.customer_id = cid AND o.status = 'completed';
        stage := @extschema@.lifecycle_stage_for(
                     completed, last_at,
                     completed = 0 AND @extschema@.customer_has_activity(cid), as_of);
        kind := @extschema@.customer_type_for(completed, last_at, value, vip_threshold, as_of);
        UPDATE @extschema@.customers AS c
        SET total_orders = completed, lifetime_value = value,
            first_order_at = first_at, last_order_at = last_at,
            lifecycle_stage = stage, customer_type = kind, updated_at = stamp
        WHERE c.id = cid
          AND (c.total_orders, c.lifetime_value, c.first_order_at, c.last_order_at,
               c.lifecycle_stage, c.customer_type)
              IS DISTINCT FROM (completed, value, first_at, last_at, stage, kind);
        GET DIAGNOSTICS n = ROW_COUNT;
        changed := changed + n;
    END LOOP;
    RETURN changed;
END
$$;
COMMENT ON FUNCTION @extschema@.recompute_customer_totals(bigint[], timestamptz, numeric) IS
    'Recomputes order totals, lifecycle_stage and customer_type of the given customers from their completed orders, one customer per statement; returns the customers changed';
