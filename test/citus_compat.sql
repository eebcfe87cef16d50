-- test/citus_compat.sql — the DDL follows Citus's rules for the documented
-- distribution (README "Multi-node: Citus"; SPEC §5), checked in the catalog
-- of a single PostgreSQL node (test/shell/citus_cluster.sh runs a real
-- cluster where Citus is installed).  The plan is customer_scoring_citus_plan(),
-- which customer_scoring_distribute() carries out:
--   * reference tables: warmth_scoring_triggers, warmth_scoring_algorithms,
--     loyalty_programs, customer_segments;
--   * customers distributed on id, and every customer-scoped table
--     distributed on customer_id, co-located with customers;
--   * leads distributed on id on its own (no foreign keys either way).
-- Checked: every table of the extension has a place in the plan; distribution
-- columns exist, are NOT NULL, not generated, bigint; primary keys, UNIQUE /
-- EXCLUDE constraints and unique indexes of distributed tables include the
-- distribution column (primary keys lead with it); foreign keys between
-- distributed tables are co-located and map distribution column to
-- distribution column; foreign keys to reference tables have no SET NULL /
-- SET DEFAULT action; reference tables point at no distributed table; leads
-- has no foreign key; identity columns of distributed tables are bigint;
-- the plan's order creates every referenced table before the tables that
-- reference it; the two foreign keys it sets aside are re-created exactly.
-- Needs: CREATE EXTENSION pgtap; CREATE EXTENSION customer_scoring;
BEGIN;
SELECT plan(20);

CREATE TEMP TABLE citus_plan (relname name PRIMARY KEY, kind text NOT NULL,
                              dist_col name, colocation text);
-- the plan customer_scoring_distribute() carries out
INSERT INTO citus_plan
SELECT p.table_name, p.kind, p.distribution_column,
       CASE WHEN p.kind = 'reference' THEN NULL
            WHEN p.table_name = 'leads' THEN 'leads' ELSE 'customers' END
FROM customer_scoring_citus_plan() AS p;

-- The extension's tables with their place in the plan.
CREATE TEMP VIEW ext_table AS
SELECT c.oid AS relid, c.relname, p.kind, p.dist_col, p.colocation,
       (SELECT a.attnum FROM pg_catalog.pg_attribute a
        WHERE a.attrelid = c.oid AND a.attname = p.dist_col AND NOT a.attisdropped) AS dist_attnum
FROM pg_catalog.pg_depend d
JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid AND e.extname = 'customer_scoring'
JOIN pg_catalog.pg_class c ON c.oid = d.objid AND c.relkind IN ('r', 'p')
LEFT JOIN citus_plan p ON p.relname = c.relname
WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
  AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
  AND d.deptype = 'e';

-- Foreign keys of the extension's tables, one row per column pair.
CREATE TEMP VIEW ext_fk AS
SELECT k.conname, k.confdeltype, k.confupdtype,
       s.relname AS src, s.kind AS src_kind, s.colocation AS src_coloc, s.dist_attnum AS src_dist,
       t.relname AS dst, t.kind AS dst_kind, t.colocation AS dst_coloc, t.dist_attnum AS dst_dist,
       k.conkey, k.confkey
FROM pg_catalog.pg_constraint k
JOIN ext_table s ON s.relid = k.conrelid
LEFT JOIN ext_table t ON t.relid = k.confrelid
WHERE k.contype = 'f';

-- ---------------------------------------------------------------------------
-- The plan covers the extension.
-- ---------------------------------------------------------------------------
SELECT is((SELECT COALESCE(array_agg(relname::text ORDER BY relname), '{}') FROM ext_table
           WHERE kind IS NULL),
          '{}', 'every table of the extension has a place in the Citus plan (reference or distributed)');
SELECT is((SELECT COALESCE(array_agg(p.relname::text ORDER BY p.relname), '{}') FROM citus_plan p
           WHERE NOT EXISTS (SELECT 1 FROM ext_table t WHERE t.relname = p.relname)),
          '{}', 'the plan names only tables of the extension');

-- ---------------------------------------------------------------------------
-- Distribution columns.
-- ---------------------------------------------------------------------------
SELECT is((SELECT COALESCE(array_agg(t.relname || '.' || t.dist_col ORDER BY t.relname), '{}')
           FROM ext_table t
           LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = t.relid AND a.attnum = t.dist_attnum
           WHERE t.kind = 'distributed'
             AND (a.attnum IS NULL OR NOT a.attnotnull OR a.attgenerated <> ''
                  OR a.atttypid <> 'pg_catalog.int8'::pg_catalog.regtype)),
          '{}', 'every distribution column exists and is bigint, NOT NULL, not generated (co-locatable with customers.id)');

-- ---------------------------------------------------------------------------
-- Uniqueness that Citus can enforce: it must include the distribution column.
-- ---------------------------------------------------------------------------
SELECT is((SELECT COALESCE(array_agg(t.relname::text ORDER BY t.relname), '{}')
           FROM ext_table t
           LEFT JOIN pg_catalog.pg_constraint k ON k.conrelid = t.relid AND k.contype = 'p'
           WHERE t.kind = 'distributed' AND (k.oid IS NULL OR k.conkey[1] <> t.dist_attnum)),
          '{}', 'every distributed table has a primary key that starts with its distribution column');
SELECT is((SELECT COALESCE(array_agg(t.relname || ': ' || k.conname ORDER BY t.relname, k.conname), '{}')
           FROM ext_table t
           JOIN pg_catalog.pg_constraint k ON k.conrelid = t.relid AND k.contype IN ('p', 'u', 'x')
           WHERE t.kind = 'distributed' AND NOT t.dist_attnum = ANY (k.conkey)),
          '{}', 'PRIMARY KEY, UNIQUE and EXCLUDE constraints of distributed tables include the distribution column');
SELECT is((SELECT COALESCE(array_agg(t.relname || ': ' || i.indexrelid::pg_catalog.regclass::text
                                     ORDER BY t.relname, i.indexrelid::pg_catalog.regclass::text), '{}')
           FROM ext_table t
           JOIN pg_catalog.pg_index i ON i.indrelid = t.relid AND i.indisunique
           WHERE t.kind = 'distributed'
             AND NOT t.dist_attnum = ANY (i.indkey::pg_catalog.int2[])),
          '{}', 'unique indexes of distributed tables (partial ones too) include the distribution column');

-- ---------------------------------------------------------------------------
-- Foreign keys.
-- ---------------------------------------------------------------------------
SELECT is((SELECT COALESCE(array_agg(src || ' -> ' || COALESCE(dst::text, '?') || ' (' || conname || ')'
                                     ORDER BY src, conname), '{}')
           FROM ext_fk WHERE dst_kind IS NULL),
          '{}', 'foreign keys point only at tables of the plan');
SELECT is((SELECT COALESCE(array_agg(src || ' -> ' || dst || ' (' || conname || ')' ORDER BY src, conname), '{}')
           FROM ext_fk
           WHERE src_kind = 'distributed' AND dst_kind = 'distributed' AND src_coloc <> dst_coloc),
          '{}', 'foreign keys between distributed tables stay inside one co-location group');
SELECT is((SELECT COALESCE(array_agg(src || ' -> ' || dst || ' (' || conname || ')' ORDER BY src, conname), '{}')
           FROM ext_fk f
           WHERE src_kind = 'distributed' AND dst_kind = 'distributed'
             AND NOT EXISTS (SELECT 1 FROM generate_subscripts(f.conkey, 1) AS g(i)
                             WHERE f.conkey[g.i] = f.src_dist AND f.confkey[g.i] = f.dst_dist)),
          '{}', 'every foreign key between distributed tables maps distribution column to distribution column (customer_id -> customers.id / customer_id)');
SELECT is((SELECT COALESCE(array_agg(src || ' -> ' || dst || ' (' || conname || ')' ORDER BY src, conname), '{}')
           FROM ext_fk
           WHERE dst_kind = 'reference'
             AND (confdeltype IN ('n', 'd') OR confupdtype IN ('n', 'd'))),
          '{}', 'no foreign key to a reference table uses ON DELETE / ON UPDATE SET NULL or SET DEFAULT');
SELECT is((SELECT COALESCE(array_agg(src || ' -> ' || dst || ' (' || conname || ')' ORDER BY src, conname), '{}')
           FROM ext_fk
           WHERE src_kind = 'distributed' AND dst_kind = 'distributed'
             AND (confdeltype IN ('n', 'd') OR confupdtype IN ('n', 'd'))),
          '{}', 'no foreign key between distributed tables sets its columns (which include the distribution column) to NULL or a default');
SELECT is((SELECT COALESCE(array_agg(src || ' -> ' || dst || ' (' || conname || ')' ORDER BY src, conname), '{}')
           FROM ext_fk WHERE src_kind = 'reference' AND dst_kind = 'distributed'),
          '{}', 'no reference table has a foreign key to a distributed table');
SELECT is((SELECT COALESCE(array_agg(src || ' -> ' || dst || ' (' || conname || ')' ORDER BY src, conname), '{}')
           FROM ext_fk WHERE src = 'leads' OR dst = 'leads'),
          '{}', 'leads (distributed on id on its own) has no foreign key either way');

-- ---------------------------------------------------------------------------
-- Identity columns: Citus allows them on distributed tables as bigint.
-- ---------------------------------------------------------------------------
SELECT is((SELECT COALESCE(array_agg(t.relname || '.' || a.attname ORDER BY t.relname, a.attname), '{}')
           FROM ext_table t
           JOIN pg_catalog.pg_attribute a ON a.attrelid = t.relid AND a.attidentity <> ''
           WHERE t.kind = 'distributed' AND a.atttypid <> 'pg_catalog.int8'::pg_catalog.regtype),
          '{}', 'identity columns of distributed tables are bigint');

-- ---------------------------------------------------------------------------
-- The README's SQL: the order of distribution, and the foreign keys it quotes.
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE readme_order (pos integer PRIMARY KEY, relname name UNIQUE NOT NULL);
INSERT INTO readme_order
SELECT row_number() OVER (), p.table_name FROM customer_scoring_citus_plan() AS p;
SELECT is((SELECT COALESCE(array_agg(f.src || ' -> ' || f.dst ORDER BY f.src, f.dst), '{}')
           FROM ext_fk f
           LEFT JOIN readme_order s ON s.relname = f.src
           LEFT JOIN readme_order d ON d.relname = f.dst
           WHERE f.src <> f.dst AND (s.pos IS NULL OR d.pos IS NULL OR d.pos > s.pos))
          || (SELECT COALESCE(array_agg(t.relname::text ORDER BY t.relname), '{}') FROM ext_table t
              WHERE NOT EXISTS (SELECT 1 FROM readme_order r WHERE r.relname = t.relname)),
          '{}', 'customer_scoring_distribute() places every table, each after the tables its foreign keys reference');
SELECT is((SELECT array_agg(k.conrelid::pg_catalog.regclass || ' ' || k.conname || ' '
                            || pg_catalog.pg_get_constraintdef(k.oid) ORDER BY k.conname)
           FROM pg_catalog.pg_constraint k
           WHERE k.conname IN (SELECT d.constraint_name FROM customer_scoring_citus_deferred_keys() d)),
          (SELECT array_agg(d.table_name || ' ' || d.constraint_name || ' '
                            || replace(d.definition, '%s.', '') ORDER BY d.constraint_name)
           FROM customer_scoring_citus_deferred_keys() d),
          'the two foreign keys to reference tables are exactly as customer_scoring_distribute() re-creates them');


-- ---------------------------------------------------------------------------
-- Citus's rules for functions, on every function of the extension (SPEC §5,
-- issue "Scale-out that works on a real Citus cluster", point 2)
-- ---------------------------------------------------------------------------
CREATE TEMP VIEW ext_function AS
SELECT p.oid, p.oid::regprocedure::text AS fn, l.lanname, p.pronargs,
       regexp_replace(p.prosrc, '--[^\n]*', '', 'g') AS src
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_language l ON l.oid = p.prolang
JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid
                           AND d.deptype = 'e'
JOIN pg_catalog.pg_extension e ON d.refclassid = 'pg_catalog.pg_extension'::regclass
                              AND d.refobjid = e.oid AND e.extname = 'customer_scoring';
-- the statements of a function body that write, one per row
CREATE TEMP VIEW ext_write AS
SELECT f.fn, w.stmt
FROM ext_function f,
     regexp_split_to_table(f.src, ';') AS w(stmt)
WHERE f.lanname = 'plpgsql' AND w.stmt ~* '\m(INSERT\s+INTO|UPDATE\s+\S+(\s+AS)?\s+\S+\s+SET|DELETE\s+FROM)\M';

SELECT is((SELECT COALESCE(array_agg(fn ORDER BY fn), '{}') FROM ext_function
           WHERE lanname = 'sql' AND pronargs > 0),
          '{}', 'no SQL-language function with parameters (Citus cannot plan them over distributed tables)');
SELECT is((SELECT COALESCE(array_agg(fn ORDER BY fn), '{}') FROM ext_function
           WHERE src ~* '\mCREATE\s+(LOCAL\s+|GLOBAL\s+)?TEMP(ORARY)?\s+TABLE\M'),
          '{}', 'no function creates a temporary table (Citus cannot join one to a distributed table)');
SELECT is((SELECT COALESCE(array_agg(DISTINCT fn ORDER BY fn), '{}') FROM ext_write
           WHERE stmt ~* '\mRETURNING\M.*\m(now|clock_timestamp|statement_timestamp|random|to_jsonb|nextval)\s*\('
              OR stmt ~* '\mON\s+CONFLICT\M.*\m(now|clock_timestamp|statement_timestamp|random|nextval)\s*\('
              OR stmt ~* '\m(CASE|COALESCE)\M.*\m(now|clock_timestamp|statement_timestamp|random|nextval)\s*\('),
          '{}', 'no write calls a volatile or stable function in RETURNING, ON CONFLICT, CASE or COALESCE (values are passed in)');
SELECT is((SELECT COALESCE(array_agg(f::text ORDER BY f::text), '{}')
           FROM customer_scoring_citus_functions() AS f
           WHERE (SELECT p.proargnames[1] FROM pg_proc p WHERE p.oid = f) <> 'customer_id'
              OR (SELECT p.proargtypes[0] FROM pg_proc p WHERE p.oid = f) <> 'bigint'::regtype
              OR EXISTS (SELECT 1 FROM ext_function x
                         WHERE x.oid <> f AND x.src ~ ('\m' || (SELECT proname FROM pg_proc WHERE oid = f) || '\s*\(')
                           AND x.fn LIKE ANY (ARRAY['%trigger%', '%_after()', '%_alert()']))),
          '{}', 'every function distributed on Citus takes customer_id bigint first, and no trigger calls one');

SELECT * FROM finish();
ROLLBACK;
