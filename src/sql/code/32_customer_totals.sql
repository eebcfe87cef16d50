-- src/sql/code/32_customer_totals.sql — a customer's order totals, lifecycle stage
-- and type, recomputed from its completed orders.  The orders trigger runs it
-- for one customer; the nightly refresh for all of them, set-based.

CREATE FUNCTION @extschema@.customer_has_activity(customer_id bigint)
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT EXISTS (SELECT 1 FROM @extschema@.customer_interactions i
                   WHERE i.customer_id = customer_has_activity.customer_id)
        OR EXISTS (SELECT 1 FROM @extschema@.customer_behavior b
                   WHERE b.customer_id = customer_has_activity.customer_id)
        OR EXISTS (SELECT 1 FROM @extschema@.customer_engagement_events e
                   WHERE e.customer_id = customer_has_activity.customer_id);
END;
COMMENT ON FUNCTION @extschema@.customer_has_activity(bigint) IS
    'Whether the customer has any interaction, behaviour or engagement event (a lead with activity is a prospect)';

-- PL/pgSQL keeps its plan for the session: the orders trigger calls this for
-- every order, and an SQL function body would be planned again each time.
CREATE FUNCTION @extschema@.recompute_customer_totals(
    customer_ids bigint[],
    as_of timestamptz DEFAULT pg_catalog.now(),
    vip_threshold numeric DEFAULT @extschema@.setting('vip_threshold')::numeric)
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    changed bigint;
BEGIN
    WITH totals AS (
        SELECT c.id,
               count(o.id)::integer AS completed_orders,
               COALESCE(sum(o.total_amount), 0) AS lifetime_value,
               min(o.ordered_at) AS first_order_at,
               max(o.ordered_at) AS last_order_at
        FROM @extschema@.customers c
        LEFT JOIN @extschema@.orders o
               ON o.customer_id = c.id AND o.status = 'completed'
        WHERE c.id = ANY (customer_ids)
        GROUP BY c.id
    ), classified AS (
        SELECT t.*,
               @extschema@.lifecycle_stage_for(t.completed_orders, t.last_order_at,
                                               t.completed_orders = 0
                                               AND @extschema@.customer_has_activity(t.id),
                                               as_of) AS lifecycle_stage,
               @extschema@.customer_type_for(t.completed_orders, t.last_order_at, t.lifetime_value,
                                             vip_threshold, as_of) AS customer_type
        FROM totals t
    ), changed_rows AS (
        UPDATE @extschema@.customers c
        SET total_orders = k.completed_orders,
            lifetime_value = k.lifetime_value,
            first_order_at = k.first_order_at,
            last_order_at = k.last_order_at,
            lifecycle_stage = k.lifecycle_stage,
            customer_type = k.customer_type,
            updated_at = now()
        FROM classified k
        WHERE c.id = k.id
          AND (c.total_orders, c.lifetime_value, c.first_order_at, c.last_order_at,
               c.lifecycle_stage, c.customer_type)
              IS DISTINCT FROM
              (k.completed_orders, k.lifetime_value, k.first_order_at, k.last_order_at,
               k.lifecycle_stage, k.customer_type)
        RETURNING 1
    )
    SELECT count(*) INTO changed FROM changed_rows;
    RETURN changed;
END
$$;
COMMENT ON FUNCTION @extschema@.recompute_customer_totals(bigint[], timestamptz, numeric) IS
    'Recomputes order totals, lifecycle_stage and customer_type of the given customers from their completed orders; returns the customers changed';
