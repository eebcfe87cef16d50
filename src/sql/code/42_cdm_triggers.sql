-- src/sql/code/42_cdm_triggers.sql — triggers that keep the customer record
-- current.  They write customers for the application (totals, lifecycle,
-- type), so they run with the extension owner's rights (SECURITY DEFINER,
-- search_path pinned); see 40_warmth_triggers.sql.

CREATE FUNCTION @extschema@.orders_after()
RETURNS pg_catalog.trigger
AS 'MODULE_PATHNAME', 'orders_after'
LANGUAGE C
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION @extschema@.orders_after() IS
    'Trigger: recomputes the customer''s order totals, lifecycle_stage and customer_type after an order changes';

CREATE FUNCTION @extschema@.customer_activity_after()
RETURNS pg_catalog.trigger
AS 'MODULE_PATHNAME', 'customer_activity_after'
LANGUAGE C
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION @extschema@.customer_activity_after() IS
    'Trigger: a lead with an interaction, behaviour or engagement event becomes a prospect';

CREATE TRIGGER orders_after
    AFTER INSERT OR UPDATE OR DELETE ON @extschema@.orders
    FOR EACH ROW EXECUTE FUNCTION @extschema@.orders_after();
COMMENT ON TRIGGER orders_after ON @extschema@.orders IS
    'Locks the customer and recomputes order totals, lifecycle_stage and customer_type from completed orders';

CREATE TRIGGER customer_interactions_activity
    AFTER INSERT ON @extschema@.customer_interactions
    FOR EACH ROW EXECUTE FUNCTION @extschema@.customer_activity_after();
COMMENT ON TRIGGER customer_interactions_activity ON @extschema@.customer_interactions IS
    'A customer still at lifecycle_stage lead becomes a prospect on an interaction';

CREATE TRIGGER customer_behavior_activity
    AFTER INSERT ON @extschema@.customer_behavior
    FOR EACH ROW EXECUTE FUNCTION @extschema@.customer_activity_after();
COMMENT ON TRIGGER customer_behavior_activity ON @extschema@.customer_behavior IS
    'A customer still at lifecycle_stage lead becomes a prospect on a behaviour record';

CREATE TRIGGER customer_engagement_events_activity
    AFTER INSERT ON @extschema@.customer_engagement_events
    FOR EACH ROW EXECUTE FUNCTION @extschema@.customer_activity_after();
COMMENT ON TRIGGER customer_engagement_events_activity ON @extschema@.customer_engagement_events IS
    'A customer still at lifecycle_stage lead becomes a prospect on an engagement event';

-- TRUNCATE fires no row trigger: after it no customer has an order, so every
-- customer's totals go to zero and its stage and type follow (written
-- directly, without reading orders).  On Citus the trigger fires on the
-- coordinator's orders, before the shards are emptied, and on each shard
-- (orders_<shard id>), where it does nothing: a shard cannot run a
-- distributed statement.
CREATE FUNCTION @extschema@.orders_truncated()
RETURNS pg_catalog.trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    stamp timestamptz := now();
    vip numeric := @extschema@.setting('vip_threshold')::numeric;
BEGIN
    IF TG_TABLE_NAME <> 'orders' THEN
        RETURN NULL;
    END IF;
    UPDATE @extschema@.customers AS c
    SET total_orders = 0, lifetime_value = 0, first_order_at = NULL, last_order_at = NULL,
        customer_type = @extschema@.customer_type_for(0, NULL, 0, vip, stamp),
        lifecycle_stage = @extschema@.lifecycle_stage_for(
            0, NULL,
            EXISTS (SELECT 1 FROM @extschema@.customer_interactions AS i WHERE i.customer_id = c.id)
            OR EXISTS (SELECT 1 FROM @extschema@.customer_behavior AS b WHERE b.customer_id = c.id)
            OR EXISTS (SELECT 1 FROM @extschema@.customer_engagement_events AS e WHERE e.customer_id = c.id),
            stamp),
        updated_at = stamp
    WHERE c.total_orders <> 0 OR c.first_order_at IS NOT NULL
       OR c.customer_type <> 'new' OR c.lifecycle_stage NOT IN ('lead', 'prospect');
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.orders_truncated() IS
    'Trigger: after TRUNCATE orders, sets every customer''s order totals to zero and its lifecycle stage (lead or prospect) and type (new) accordingly';

CREATE TRIGGER orders_truncated
    AFTER TRUNCATE ON @extschema@.orders
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.orders_truncated();
COMMENT ON TRIGGER orders_truncated ON @extschema@.orders IS
    'After TRUNCATE orders, recomputes every customer''s order totals, lifecycle stage and type';
