-- test/comments.sql — every object of the extension explains itself in psql
-- (\df+, \dt+, \dv+, \dT+, \ds+ and \dd show the comment):
--   * every member of extension customer_scoring (pg_depend deptype 'e':
--     functions and procedures, tables, views, types, the identity sequences)
--     has a pg_description entry, listed kind by kind and then for all
--     members of any kind, so that a new kind of object cannot slip through;
--   * every user-visible trigger on the extension's tables (they are not
--     extension members themselves; they belong to their table) has one too;
--   * no comment is empty or blank.
-- Columns are not required to have comments.  The check names the objects
-- that miss a comment, so a failure says what to add.
-- Needs: CREATE EXTENSION pgtap; CREATE EXTENSION customer_scoring;
BEGIN;
SELECT plan(16);

-- The members of the extension, with their kind and whether they have a
-- non-blank comment.
CREATE TEMP VIEW ext_member AS
SELECT d.classid, d.objid,
       pg_catalog.pg_describe_object(d.classid, d.objid, 0) AS object,
       CASE d.classid
           WHEN 'pg_catalog.pg_proc'::pg_catalog.regclass THEN 'function'
           WHEN 'pg_catalog.pg_type'::pg_catalog.regclass THEN 'type'
           WHEN 'pg_catalog.pg_class'::pg_catalog.regclass THEN
               (SELECT CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'table'
                                      WHEN 'v' THEN 'view' WHEN 'm' THEN 'view'
                                      WHEN 'S' THEN 'sequence' ELSE 'relation' END
                FROM pg_catalog.pg_class c WHERE c.oid = d.objid)
           ELSE 'other'
       END AS kind,
       ds.description
FROM pg_catalog.pg_depend d
JOIN pg_catalog.pg_extension e
  ON d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
 AND d.refobjid = e.oid AND e.extname = 'customer_scoring'
LEFT JOIN pg_catalog.pg_description ds
  ON ds.classoid = d.classid AND ds.objoid = d.objid AND ds.objsubid = 0
WHERE d.deptype = 'e';

-- The triggers on the extension's tables (internal ones, e.g. of foreign
-- keys, excluded).
CREATE TEMP VIEW ext_trigger AS
SELECT t.oid,
       pg_catalog.pg_describe_object('pg_catalog.pg_trigger'::pg_catalog.regclass, t.oid, 0) AS object,
       ds.description
FROM pg_catalog.pg_trigger t
JOIN ext_member m ON m.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                 AND m.objid = t.tgrelid AND m.kind = 'table'
LEFT JOIN pg_catalog.pg_description ds
  ON ds.classoid = 'pg_catalog.pg_trigger'::pg_catalog.regclass
 AND ds.objoid = t.oid AND ds.objsubid = 0
WHERE NOT t.tgisinternal;

-- Objects of kind K without a comment.
CREATE FUNCTION pg_temp.missing(k text) RETURNS text[] LANGUAGE sql STABLE AS $$
    SELECT COALESCE(pg_catalog.array_agg(object ORDER BY object), '{}')
    FROM ext_member WHERE kind = k AND description IS NULL
$$;

-- ---------------------------------------------------------------------------
-- The catalog query finds what it should: each kind is there.
-- ---------------------------------------------------------------------------
SELECT cmp_ok((SELECT count(*) FROM ext_member WHERE kind = 'function')::int, '>=', 100,
              'the extension has its functions (100 or more)');
SELECT cmp_ok((SELECT count(*) FROM ext_member WHERE kind = 'table')::int, '>=', 27,
              'the extension has its tables (27 or more)');
SELECT cmp_ok((SELECT count(*) FROM ext_member WHERE kind = 'view')::int, '>=', 8,
              'the extension has its views (8 or more)');
SELECT cmp_ok((SELECT count(*) FROM ext_member WHERE kind = 'type')::int, '>=', 10,
              'the extension has its types (10 or more)');
SELECT cmp_ok((SELECT count(*) FROM ext_member WHERE kind = 'sequence')::int, '>=', 20,
              'the extension has its identity sequences (20 or more)');
SELECT cmp_ok((SELECT count(*) FROM ext_trigger)::int, '>=', 14,
              'the extension''s tables have their triggers (14 or more)');
SELECT ok(EXISTS (SELECT 1 FROM ext_member WHERE object = 'function warmth_level(numeric)')
          AND EXISTS (SELECT 1 FROM ext_member WHERE object = 'table customers')
          AND EXISTS (SELECT 1 FROM ext_trigger WHERE object = 'trigger orders_after on table orders'),
          'known objects are found: warmth_level(numeric), customers, orders_after');

-- ---------------------------------------------------------------------------
-- None misses a comment.
-- ---------------------------------------------------------------------------
SELECT is(pg_temp.missing('function'), '{}', 'every function and procedure has a comment (\df+)');
SELECT is(pg_temp.missing('table'), '{}', 'every table has a comment (\dt+)');
SELECT is(pg_temp.missing('view'), '{}', 'every view has a comment (\dv+)');
SELECT is(pg_temp.missing('type'), '{}', 'every type has a comment (\dT+)');
SELECT is(pg_temp.missing('sequence'), '{}', 'every sequence has a comment (\ds+)');
SELECT is((SELECT COALESCE(pg_catalog.array_agg(object ORDER BY object), '{}')
           FROM ext_trigger WHERE description IS NULL),
          '{}', 'every trigger on the extension''s tables has a comment');
SELECT is((SELECT COALESCE(pg_catalog.array_agg(object ORDER BY object), '{}')
           FROM ext_member WHERE description IS NULL),
          '{}', 'every member of the extension, of any kind, has a comment (pg_description)');

-- ---------------------------------------------------------------------------
-- And no comment is empty.
-- ---------------------------------------------------------------------------
SELECT is((SELECT COALESCE(pg_catalog.array_agg(object ORDER BY object), '{}')
           FROM ext_member WHERE pg_catalog.btrim(description) = ''),
          '{}', 'no member''s comment is blank');
SELECT is((SELECT COALESCE(pg_catalog.array_agg(object ORDER BY object), '{}')
           FROM ext_trigger WHERE pg_catalog.btrim(description) = ''),
          '{}', 'no trigger''s comment is blank');

SELECT * FROM finish();
ROLLBACK;
