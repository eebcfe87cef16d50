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

-- TRUNCATE fires no row trigger: recompute every customer's totals instead.
-- On Citus the trigger fires on the coordinator's orders and on each shard
-- (orders_<shard id>); the coordinator's recomputes every customer, the
-- shards' do nothing (a shard cannot run a distributed query).
CREATE FUNCTION @extschema@.orders_truncated()
RETURNS pg_catalog.trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_TABLE_NAME <> 'orders' THEN
        RETURN NULL;
    END IF;
    PERFORM @extschema@.refresh_customer_lifecycle();
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION @extschema@.orders_truncated() IS
    'Trigger: after TRUNCATE orders, recomputes every customer''s order totals, lifecycle stage and type';

CREATE TRIGGER orders_truncated
    AFTER TRUNCATE ON @extschema@.orders
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.orders_truncated();
COMMENT ON TRIGGER orders_truncated ON @extschema@.orders IS
    'After TRUNCATE orders, recomputes every customer''s order totals, lifecycle stage and type';
