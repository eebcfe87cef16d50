-- src/sql/code/40_warmth_triggers.sql — the C triggers that keep warmth
-- scores current (SPEC §4).  They are ordinary (ORIGIN) triggers, so they do
-- not fire under session_replication_role = replica: a restore or a logical
-- replication subscriber copies rows as they were, without recomputing them,
-- counting events twice or writing history again.
--
-- The AFTER triggers write tables the application may only read (the
-- history) or need not write (the warmth row, for an event): they run with
-- the extension owner's rights (SECURITY DEFINER, search_path pinned), so an
-- application role needs no privilege on those tables, and cannot forge
-- history.  The BEFORE triggers only compute the row being written and run
-- with the caller's rights.  EXECUTE is revoked from PUBLIC (a trigger
-- fires whatever its function's privileges; nobody calls these directly).

CREATE FUNCTION @extschema@.customer_warmth_before()
RETURNS pg_catalog.trigger
AS 'MODULE_PATHNAME', 'customer_warmth_before'
LANGUAGE C;
COMMENT ON FUNCTION @extschema@.customer_warmth_before() IS
    'Trigger: clamps warmth components to [0, 100] and recomputes overall score, level, purchase probability, confidence and algorithm';

CREATE FUNCTION @extschema@.customer_warmth_history_after()
RETURNS pg_catalog.trigger
AS 'MODULE_PATHNAME', 'customer_warmth_history_after'
LANGUAGE C
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION @extschema@.customer_warmth_history_after() IS
    'Trigger: writes customer_warmth_history for inserted rows and for updates that change the score or level';

CREATE FUNCTION @extschema@.customer_engagement_events_before()
RETURNS pg_catalog.trigger
AS 'MODULE_PATHNAME', 'customer_engagement_events_before'
LANGUAGE C;
COMMENT ON FUNCTION @extschema@.customer_engagement_events_before() IS
    'Trigger: fills in meaningful from the engagement type when it is NULL';

CREATE FUNCTION @extschema@.customer_engagement_events_after()
RETURNS pg_catalog.trigger
AS 'MODULE_PATHNAME', 'customer_engagement_events_after'
LANGUAGE C
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION @extschema@.customer_engagement_events_after() IS
    'Trigger: applies an engagement event to customer_warmth (counters, last engagement, engagement component) and writes one history row';

CREATE TRIGGER customer_warmth_before
    BEFORE INSERT OR UPDATE ON @extschema@.customer_warmth
    FOR EACH ROW EXECUTE FUNCTION @extschema@.customer_warmth_before();
COMMENT ON TRIGGER customer_warmth_before ON @extschema@.customer_warmth IS
    'Clamps the components to [0, 100] and recomputes overall score, level, purchase probability, confidence, algorithm and updated_at';

-- A row trigger, not a set-based statement trigger with transition tables:
-- on Citus it fires on the shard and its single-row insert into the
-- co-located history shard is allowed, where INSERT ... SELECT from a
-- transition table is not.
CREATE TRIGGER customer_warmth_history
    AFTER INSERT OR UPDATE ON @extschema@.customer_warmth
    FOR EACH ROW EXECUTE FUNCTION @extschema@.customer_warmth_history_after();
COMMENT ON TRIGGER customer_warmth_history ON @extschema@.customer_warmth IS
    'Writes one customer_warmth_history row per inserted row, and per updated row whose score or level changed; change_trigger from customer_scoring.change_trigger, else insert / manual_update';

CREATE TRIGGER customer_engagement_events_before
    BEFORE INSERT ON @extschema@.customer_engagement_events
    FOR EACH ROW EXECUTE FUNCTION @extschema@.customer_engagement_events_before();
COMMENT ON TRIGGER customer_engagement_events_before ON @extschema@.customer_engagement_events IS
    'Fills in meaningful from the engagement type when it is NULL';

CREATE TRIGGER customer_engagement_events_after
    AFTER INSERT ON @extschema@.customer_engagement_events
    FOR EACH ROW EXECUTE FUNCTION @extschema@.customer_engagement_events_after();
COMMENT ON TRIGGER customer_engagement_events_after ON @extschema@.customer_engagement_events IS
    'Applies the event to customer_warmth: engagement component from the rules, counters, last engagement, one history row with the event type';

CREATE TRIGGER warmth_scoring_algorithms_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.warmth_scoring_algorithms
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.cached_table_changed('warmth_scoring_algorithms');
COMMENT ON TRIGGER warmth_scoring_algorithms_changed ON @extschema@.warmth_scoring_algorithms IS
    'Makes every session re-read the active algorithm at its next statement; ENABLE ALWAYS, so restored and replicated changes count too';
