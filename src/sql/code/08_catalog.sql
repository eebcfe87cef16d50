-- src/sql/code/08_catalog.sql — the extension's own relations, read from the
-- catalog at run time (pg_depend 'e' rows), so that what reads them (GDPR,
-- the privilege tiers) covers a table a later version adds without being
-- told.

CREATE FUNCTION @extschema@.extension_relations()
RETURNS TABLE (relation regclass, relkind "char")
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN QUERY
    SELECT c.oid::regclass, c.relkind
    FROM pg_depend d
    JOIN pg_extension e ON d.refclassid = 'pg_catalog.pg_extension'::regclass
                       AND d.refobjid = e.oid AND e.extname = 'customer_scoring'
    JOIN pg_class c ON d.classid = 'pg_catalog.pg_class'::regclass AND c.oid = d.objid
    WHERE d.deptype = 'e'
    ORDER BY c.relname;
END
$$;
COMMENT ON FUNCTION @extschema@.extension_relations() IS
    'The tables, views and sequences of the extension, with their relkind, read from the catalog';
