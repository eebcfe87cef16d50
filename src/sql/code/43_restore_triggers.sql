-- src/sql/code/43_restore_triggers.sql — restoring a dump over the seeded rows.
--
-- pg_dump saves every row of the rule and algorithm tables (edited seeds
-- included), and CREATE EXTENSION in the new database has already inserted
-- the seeds.  These REPLICA triggers fire only under
-- session_replication_role = replica, which the documented restore command
-- sets: a restored row replaces the seed it collides with (same id, same
-- engagement type, same name and version), so the user's edits win.

CREATE FUNCTION @extschema@.replace_seeded_rule()
RETURNS pg_catalog.trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    DELETE FROM @extschema@.warmth_scoring_triggers
    WHERE id = NEW.id OR trigger_type = NEW.trigger_type;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION @extschema@.replace_seeded_rule() IS
    'Restore trigger: a restored event rule replaces the seeded rule with the same id or engagement type';

CREATE FUNCTION @extschema@.replace_seeded_algorithm()
RETURNS pg_catalog.trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    DELETE FROM @extschema@.warmth_scoring_algorithms
    WHERE id = NEW.id OR (name = NEW.name AND version = NEW.version);
    IF NEW.is_active THEN
        UPDATE @extschema@.warmth_scoring_algorithms SET is_active = false WHERE is_active;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION @extschema@.replace_seeded_algorithm() IS
    'Restore trigger: a restored algorithm replaces the seeded one with the same id or name and version, and stays the only active one';

CREATE TRIGGER warmth_scoring_triggers_restore
    BEFORE INSERT ON @extschema@.warmth_scoring_triggers
    FOR EACH ROW EXECUTE FUNCTION @extschema@.replace_seeded_rule();
COMMENT ON TRIGGER warmth_scoring_triggers_restore ON @extschema@.warmth_scoring_triggers IS
    'Restore only (ENABLE REPLICA, fires under session_replication_role = replica): a restored rule replaces the seeded rule with the same id or engagement type';
ALTER TABLE @extschema@.warmth_scoring_triggers
    ENABLE REPLICA TRIGGER warmth_scoring_triggers_restore;

CREATE TRIGGER warmth_scoring_algorithms_restore
    BEFORE INSERT ON @extschema@.warmth_scoring_algorithms
    FOR EACH ROW EXECUTE FUNCTION @extschema@.replace_seeded_algorithm();
COMMENT ON TRIGGER warmth_scoring_algorithms_restore ON @extschema@.warmth_scoring_algorithms IS
    'Restore only (ENABLE REPLICA, fires under session_replication_role = replica): a restored algorithm replaces the seeded one with the same id or name and version';
ALTER TABLE @extschema@.warmth_scoring_algorithms
    ENABLE REPLICA TRIGGER warmth_scoring_algorithms_restore;

-- A restored or replicated algorithm change must reach every session's cache.
ALTER TABLE @extschema@.warmth_scoring_algorithms
    ENABLE ALWAYS TRIGGER warmth_scoring_algorithms_changed;

-- Restoring a dump over the seeded programme (see 41_restore_triggers.sql):
-- under session_replication_role = replica a restored programme replaces the
-- seed with the same id or name, so the user's edits win.
CREATE FUNCTION @extschema@.replace_seeded_program()
RETURNS pg_catalog.trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    DELETE FROM @extschema@.loyalty_programs
    WHERE id = NEW.id OR name = NEW.name;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION @extschema@.replace_seeded_program() IS
    'Restore trigger: a restored loyalty programme replaces the seeded one with the same id or name';

CREATE TRIGGER loyalty_programs_restore
    BEFORE INSERT ON @extschema@.loyalty_programs
    FOR EACH ROW EXECUTE FUNCTION @extschema@.replace_seeded_program();
COMMENT ON TRIGGER loyalty_programs_restore ON @extschema@.loyalty_programs IS
    'Restore only (ENABLE REPLICA, fires under session_replication_role = replica): a restored programme replaces the seeded one with the same id or name';
ALTER TABLE @extschema@.loyalty_programs
    ENABLE REPLICA TRIGGER loyalty_programs_restore;


CREATE FUNCTION @extschema@.replace_seeded_setting()
RETURNS pg_catalog.trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    DELETE FROM @extschema@.customer_scoring_settings WHERE name = NEW.name;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION @extschema@.replace_seeded_setting() IS
    'Restore trigger: a restored setting replaces the row CREATE EXTENSION inserted with its default';

CREATE TRIGGER customer_scoring_settings_restore
    BEFORE INSERT ON @extschema@.customer_scoring_settings
    FOR EACH ROW EXECUTE FUNCTION @extschema@.replace_seeded_setting();
COMMENT ON TRIGGER customer_scoring_settings_restore ON @extschema@.customer_scoring_settings IS
    'Restore only (ENABLE REPLICA, fires under session_replication_role = replica): a restored setting replaces the default row of the same name';
ALTER TABLE @extschema@.customer_scoring_settings
    ENABLE REPLICA TRIGGER customer_scoring_settings_restore;
