-- src/sql/code/41_lead_triggers.sql — the C trigger that keeps lead scores
-- current (an ORIGIN trigger, like the warmth triggers: a restore or a
-- logical-replication subscriber copies leads as they were).

CREATE FUNCTION @extschema@.leads_before()
RETURNS pg_catalog.trigger
AS 'MODULE_PATHNAME', 'leads_before'
LANGUAGE C;
COMMENT ON FUNCTION @extschema@.leads_before() IS
    'Trigger: computes total_interactions, lead_score and temperature of a lead';

CREATE TRIGGER leads_before
    BEFORE INSERT OR UPDATE ON @extschema@.leads
    FOR EACH ROW EXECUTE FUNCTION @extschema@.leads_before();
COMMENT ON TRIGGER leads_before ON @extschema@.leads IS
    'Computes total_interactions, lead_score, temperature and updated_at of the lead';
