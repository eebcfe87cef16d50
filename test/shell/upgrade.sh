#!/usr/bin/env bash
# test/shell/upgrade.sh — the upgrade path (issue "Reliability and security",
# item 4; SPEC §1 "Later versions ship upgrade scripts
# customer_scoring--1.0--1.1.sql"; STYLE.md rule 6 "Released scripts are never
# edited: a change is a new upgrade script, and a test runs the upgrade path").
#
# The newest version is default_version of the installed
# customer_scoring.control (and must equal the repository's).  For every older
# version V with a full install script customer_scoring--V.sql in
# $(pg_config --sharedir)/extension, a fresh database runs
#     CREATE EXTENSION customer_scoring VERSION 'V';
#     ALTER EXTENSION customer_scoring UPDATE;
# and its catalog description must equal that of a fresh
#     CREATE EXTENSION customer_scoring;
# The description covers every member object (pg_describe_object of the
# pg_depend 'e' rows), functions (signature, kind, volatility, strictness,
# parallel safety, SECURITY DEFINER, cost, arguments with defaults, result,
# language, full definition, probin, SET options, ACL), tables and views
# (columns with types, defaults, NOT NULL, identity, generation; constraints,
# indexes, triggers with their enabled state, policies, options, view
# definitions, row security, ACL), sequences, enum labels in order, composite
# types, comments on everything, the pg_extension_config_dump registrations,
# and the rows the scripts insert (seeded rules, algorithm, loyalty programme)
# with the sequence positions.  Column order is compared by name, not by
# position: ALTER TABLE ... ADD COLUMN appends, which is expected.
#
# Then the same older version with the demo data set (demo/data.sql, loaded
# through the triggers) is updated: every row and value of every table it had
# must be kept.  And the comparison is shown to fail: four mutants of the real
# update script, each with one deliberate difference appended (a function's
# volatility, a column default, a privilege, a comment) and installed under a
# version name of their own, must each be reported, naming the object.
#
# With only one version installed there is no path to test; then the test
# checks that ALTER EXTENSION ... UPDATE on a fresh install is a no-op (the
# "already installed" notice, objects unchanged) and says in a TAP comment
# which versions it tested.  Last, DROP EXTENSION customer_scoring CASCADE
# followed by CREATE EXTENSION in the same session — in the same schema and
# then in another one — must leave the triggers working at once: the C code's
# cached plans and algorithm cache survive the re-creation.
set -euo pipefail

ROOT=${CS_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}

TAG=$$
SHAREDIR=$(/usr/lib/postgresql/15/bin/pg_config --sharedir)/extension
# shellcheck source=test/shell/lib/tap.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/tap.sh"
MUTANT_FILES=()
test_cleanup() { [ ${#MUTANT_FILES[@]} -eq 0 ] || rm -f "${MUTANT_FILES[@]}"; }
# mkdb NAME — a new database, dropped at exit.
mkdb() { drop_at_exit "$1"; createdb "$1"; }
# q DB SQL — one query, unaligned, tuples only; errors and notices go to the output.
q() { psql_value "$@"; }

control_version() { sed -n "s/^default_version *= *'\(.*\)'/\1/p" "$1"; }

# ---- versions -------------------------------------------------------------------------

NEWEST=$(control_version "$SHAREDIR/customer_scoring.control")
REPO_VERSION=$(control_version "$ROOT/customer_scoring.control")
is "$NEWEST" "$REPO_VERSION" "the installed default_version is the repository's ($REPO_VERSION)"

if [ -f "$SHAREDIR/customer_scoring--$NEWEST.sql" ]; then
    pass "the newest version $NEWEST has a full install script"
else
    fail "the newest version $NEWEST has a full install script" "missing: $SHAREDIR/customer_scoring--$NEWEST.sql"
fi

# Every update script of the repository is installed unchanged.
missing=()
shopt -s nullglob
for f in "$ROOT"/customer_scoring--*--*.sql; do
    if ! cmp -s "$f" "$SHAREDIR/$(basename "$f")"; then missing+=("$(basename "$f")"); fi
done
shopt -u nullglob
if [ ${#missing[@]} -eq 0 ]; then
    pass "every update script of the repository is installed unchanged"
else
    fail "every update script of the repository is installed unchanged" "not installed or different: ${missing[*]}"
fi

# Older versions with a full install script.
OLDER=()
for f in "$SHAREDIR"/customer_scoring--*.sql; do
    v=$(basename "$f" .sql); v=${v#customer_scoring--}
    case $v in *--*) continue ;; esac
    [ "$v" = "$NEWEST" ] || OLDER+=("$v")
done
echo "# newest version: $NEWEST; older versions with an install script: ${OLDER[*]:-none}"

# ---- the catalog description ------------------------------------------------------------

cat >"$TMP/describe.sql" <<'SQL'
SET search_path = pg_catalog;
SET TimeZone = 'UTC';
CREATE FUNCTION pg_temp.table_digest(rel regclass) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    r text;
BEGIN
    EXECUTE format('SELECT count(*) || '' rows, md5 '' || COALESCE(md5(string_agg(j::text, ''|'' ORDER BY j::text)), ''-'')
                    FROM (SELECT to_jsonb(t) - ''created_at'' - ''updated_at'' AS j FROM %s t) x', rel)
        INTO r;
    RETURN r;
END
$$;
CREATE FUNCTION pg_temp.sequence_state(rel regclass) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    r text;
BEGIN
    EXECUTE format('SELECT last_value || ''/'' || is_called FROM %s', rel) INTO r;
    RETURN r;
END
$$;
CREATE TEMP TABLE m AS
SELECT d.classid, d.objid, d.objsubid
FROM pg_depend d
JOIN pg_extension e ON d.refclassid = 'pg_extension'::regclass AND d.refobjid = e.oid
WHERE e.extname = 'customer_scoring' AND d.deptype = 'e';

SELECT 'extension', e.extversion, e.extrelocatable, e.extnamespace::regnamespace
FROM pg_extension e WHERE e.extname = 'customer_scoring';
SELECT 'config', x.rel::regclass::text AS k, x.cond
FROM pg_extension e, unnest(e.extconfig, e.extcondition) AS x(rel, cond)
WHERE e.extname = 'customer_scoring' ORDER BY k;

SELECT 'member', pg_describe_object(classid, objid, objsubid) AS k FROM m ORDER BY k;
SELECT 'comment', pg_describe_object(m.classid, m.objid, m.objsubid) AS k,
       obj_description(m.objid, c.relname)
FROM m JOIN pg_class c ON c.oid = m.classid ORDER BY k;

SELECT 'function', p.oid::regprocedure::text AS k, p.prokind, p.provolatile, p.proisstrict, p.proparallel,
       p.prosecdef, p.proleakproof, p.procost, p.prorows, p.provariadic::regtype,
       pg_get_function_arguments(p.oid), pg_get_function_result(p.oid), l.lanname,
       CASE WHEN p.prokind <> 'a' THEN md5(pg_get_functiondef(p.oid)) END,
       md5(p.prosrc), p.probin, p.proconfig, p.proacl
FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
WHERE p.oid IN (SELECT objid FROM m WHERE classid = 'pg_proc'::regclass) ORDER BY k;

SELECT 'relation', c.oid::regclass::text AS k, c.relkind, c.relpersistence, c.reloptions, c.relrowsecurity,
       c.relforcerowsecurity, c.relacl, c.relreplident
FROM pg_class c WHERE c.oid IN (SELECT objid FROM m WHERE classid = 'pg_class'::regclass) ORDER BY k;
SELECT 'column', c.oid::regclass::text AS k, a.attname AS k2, format_type(a.atttypid, a.atttypmod), a.attnotnull,
       a.attidentity, a.attgenerated, pg_get_expr(ad.adbin, ad.adrelid), a.attcollation::regcollation,
       col_description(c.oid, a.attnum), a.attacl
FROM pg_class c
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_attrdef ad ON ad.adrelid = c.oid AND ad.adnum = a.attnum
WHERE c.oid IN (SELECT objid FROM m WHERE classid = 'pg_class'::regclass)
   OR c.oid IN (SELECT t.typrelid FROM pg_type t WHERE t.oid IN (SELECT objid FROM m WHERE classid = 'pg_type'::regclass))
ORDER BY k, k2;
SELECT 'constraint', c.conrelid::regclass::text AS k, c.contypid::regtype::text AS k2, c.conname AS k3, c.contype,
       pg_get_constraintdef(c.oid), c.condeferrable, c.condeferred, c.convalidated,
       obj_description(c.oid, 'pg_constraint')
FROM pg_constraint c
WHERE c.conrelid IN (SELECT objid FROM m WHERE classid = 'pg_class'::regclass)
   OR c.contypid IN (SELECT objid FROM m WHERE classid = 'pg_type'::regclass)
ORDER BY k, k2, k3;
SELECT 'index', i.indrelid::regclass::text AS k, i.indexrelid::regclass::text AS k2, pg_get_indexdef(i.indexrelid),
       i.indisprimary, i.indisunique, obj_description(i.indexrelid, 'pg_class')
FROM pg_index i WHERE i.indrelid IN (SELECT objid FROM m WHERE classid = 'pg_class'::regclass)
ORDER BY k, k2;
SELECT 'trigger', t.tgrelid::regclass::text AS k, t.tgname AS k2, pg_get_triggerdef(t.oid), t.tgenabled,
       obj_description(t.oid, 'pg_trigger')
FROM pg_trigger t
WHERE NOT t.tgisinternal AND t.tgrelid IN (SELECT objid FROM m WHERE classid = 'pg_class'::regclass)
ORDER BY k, k2;
SELECT 'policy', p.polrelid::regclass::text AS k, p.polname AS k2, p.polcmd, p.polpermissive,
       pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid)
FROM pg_policy p WHERE p.polrelid IN (SELECT objid FROM m WHERE classid = 'pg_class'::regclass)
ORDER BY k, k2;
SELECT 'rule', r.ev_class::regclass::text AS k, r.rulename AS k2, md5(pg_get_ruledef(r.oid))
FROM pg_rewrite r WHERE r.ev_class IN (SELECT objid FROM m WHERE classid = 'pg_class'::regclass)
ORDER BY k, k2;
SELECT 'view', c.oid::regclass::text AS k, pg_get_viewdef(c.oid, true)
FROM pg_class c
WHERE c.relkind IN ('v', 'm') AND c.oid IN (SELECT objid FROM m WHERE classid = 'pg_class'::regclass)
ORDER BY k;
SELECT 'sequence', s.seqrelid::regclass::text AS k, s.seqtypid::regtype, s.seqstart, s.seqincrement, s.seqmax,
       s.seqmin, s.seqcache, s.seqcycle, pg_temp.sequence_state(s.seqrelid)
FROM pg_sequence s WHERE s.seqrelid IN (SELECT objid FROM m WHERE classid = 'pg_class'::regclass)
ORDER BY k;
SELECT 'type', t.oid::regtype::text AS k, t.typtype, t.typcategory, t.typbasetype::regtype, t.typacl,
       (SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid)
FROM pg_type t WHERE t.oid IN (SELECT objid FROM m WHERE classid = 'pg_type'::regclass) ORDER BY k;
SELECT 'operator', o.oid::regoperator::text AS k, o.oprcode::regproc, o.oprcom::regoperator, o.oprnegate::regoperator
FROM pg_operator o WHERE o.oid IN (SELECT objid FROM m WHERE classid = 'pg_operator'::regclass) ORDER BY k;
SELECT 'cast', c.castsource::regtype::text AS k, c.casttarget::regtype::text AS k2, c.castfunc::regprocedure, c.castcontext, c.castmethod
FROM pg_cast c WHERE c.oid IN (SELECT objid FROM m WHERE classid = 'pg_cast'::regclass) ORDER BY k, k2;
SELECT 'data', c.oid::regclass::text AS k, pg_temp.table_digest(c.oid)
FROM pg_class c
WHERE c.relkind IN ('r', 'p') AND c.oid IN (SELECT objid FROM m WHERE classid = 'pg_class'::regclass)
ORDER BY k;
SQL
describe() { psql -X -A -t -q -v ON_ERROR_STOP=1 -d "$1" -f "$TMP/describe.sql" 2>&1; }

# ---- the fresh install of the newest version ---------------------------------------------

FRESH=cs_up_fresh_$TAG; mkdb "$FRESH"
if out=$(q "$FRESH" "CREATE EXTENSION customer_scoring"); then
    pass "CREATE EXTENSION customer_scoring installs $NEWEST"
else
    fail "CREATE EXTENSION customer_scoring installs $NEWEST" "$out"
fi
describe "$FRESH" >"$TMP/fresh.txt" || true
members=$(grep -c '^member|' "$TMP/fresh.txt" || true)
if [ "$members" -gt 100 ] && ! grep -q 'ERROR' "$TMP/fresh.txt"; then
    pass "the catalog description of a fresh install lists $members member objects"
else
    fail "the catalog description of a fresh install lists $members member objects" \
         "$(grep -m 5 ERROR "$TMP/fresh.txt" || head -n 5 "$TMP/fresh.txt")"
fi

# The same with the version named explicitly.
EXPLICIT=cs_up_explicit_$TAG; mkdb "$EXPLICIT"
q "$EXPLICIT" "CREATE EXTENSION customer_scoring VERSION '$NEWEST'" >/dev/null || true
describe "$EXPLICIT" >"$TMP/explicit.txt" || true
if diff -u "$TMP/fresh.txt" "$TMP/explicit.txt" >"$TMP/explicit.diff"; then
    pass "CREATE EXTENSION ... VERSION '$NEWEST' gives the same objects"
else
    fail "CREATE EXTENSION ... VERSION '$NEWEST' gives the same objects" "$(head -n 20 "$TMP/explicit.diff" | cut -c1-240)"
fi

# ---- every older version, updated to the newest ------------------------------------------

TESTED=()
for v in "${OLDER[@]}"; do
    path=$(q "$FRESH" "SELECT path FROM pg_extension_update_paths('customer_scoring')
                       WHERE source = '$v' AND target = '$NEWEST'") || path=
    if [ -n "$path" ]; then
        pass "an update path leads from $v to $NEWEST: $path"
    else
        fail "an update path leads from $v to $NEWEST" "pg_extension_update_paths has no path from $v"
        continue
    fi
    db=cs_up_from_${v//[^0-9a-zA-Z]/_}_$TAG; mkdb "$db"
    if out=$(q "$db" "CREATE EXTENSION customer_scoring VERSION '$v'"); then
        pass "CREATE EXTENSION customer_scoring VERSION '$v' works"
    else
        fail "CREATE EXTENSION customer_scoring VERSION '$v' works" "$out"
        continue
    fi
    if out=$(q "$db" "ALTER EXTENSION customer_scoring UPDATE"); then
        pass "ALTER EXTENSION customer_scoring UPDATE from $v works"
    else
        fail "ALTER EXTENSION customer_scoring UPDATE from $v works" "$out"
        continue
    fi
    is "$(q "$db" "SELECT extversion FROM pg_extension WHERE extname = 'customer_scoring'" || true)" "$NEWEST" \
       "after the update from $v the extension is at $NEWEST"
    describe "$db" >"$TMP/from_$v.txt" || true
    if diff -u "$TMP/fresh.txt" "$TMP/from_$v.txt" >"$TMP/from_$v.diff"; then
        pass "updated from $v: every object equals a fresh install of $NEWEST"
    else
        fail "updated from $v: every object equals a fresh install of $NEWEST" \
             "$(grep -E '^[-+][a-z]' "$TMP/from_$v.diff" | head -n 30 | cut -c1-240)"
    fi
    TESTED+=("$v")
done

# ---- an older version with data, updated: no row lost ----------------------------------------
# The demo data set (demo/data.sql, written against what 1.0 has) is loaded
# into 1.0 through the normal paths, with its triggers, then the extension is
# updated.  Every table of 1.0 must keep every row and every value of the
# columns it had (compared as JSON, so a widened numeric type still compares
# equal).
cat >"$TMP/rows.sql" <<'SQL'
SET search_path = pg_catalog;
CREATE FUNCTION pg_temp.rows_digest(rel regclass, cols text[]) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    r text;
BEGIN
    EXECUTE format('SELECT count(*) || '' rows, md5 '' || COALESCE(md5(string_agg(j::text, ''|'' ORDER BY j::text)), ''-'')
                    FROM (SELECT (SELECT jsonb_object_agg(k, v) FROM jsonb_each(to_jsonb(t)) AS e(k, v)
                                  WHERE k = ANY ($1)) AS j FROM %s t) x', rel)
        INTO r USING cols;
    RETURN r;
END
$$;
SELECT c.relname, pg_temp.rows_digest(c.oid, u.cols)
FROM public.upgrade_columns u
JOIN pg_class c ON c.relname = u.relname
 AND c.relnamespace = (SELECT extnamespace FROM pg_extension WHERE extname = 'customer_scoring')
ORDER BY 1;
SQL
for v in "${TESTED[@]}"; do
    db=cs_up_data_${v//[^0-9a-zA-Z]/_}_$TAG; mkdb "$db"
    out=$( { q "$db" "CREATE EXTENSION customer_scoring VERSION '$v'" &&
             psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f "$ROOT/demo/data.sql" &&
             q "$db" "CREATE TABLE public.upgrade_columns AS
                      SELECT c.relname, array_agg(a.attname::text) AS cols
                      FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                      JOIN pg_depend d ON d.objid = c.oid AND d.classid = 'pg_class'::regclass AND d.deptype = 'e'
                      JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'customer_scoring'
                      WHERE c.relkind = 'r' GROUP BY c.relname"; } 2>&1 ) && rc=0 || rc=$?
    if [ "$rc" -ne 0 ]; then
        fail "$v with the demo data set, loaded through its triggers" "$out"; continue
    fi
    psql -X -A -t -q -v ON_ERROR_STOP=1 -d "$db" -f "$TMP/rows.sql" >"$TMP/rows_before_$v.txt" 2>&1 || true
    rows=$(awk -F'|' '{ split($2, a, " "); n += a[1] } END { print n + 0 }' "$TMP/rows_before_$v.txt")
    if [ "$rows" -gt 10000 ]; then pass "$v with the demo data set: $rows rows in $(wc -l <"$TMP/rows_before_$v.txt") tables"
    else fail "$v with the demo data set has rows" "$(head -n 5 "$TMP/rows_before_$v.txt")"; fi
    # privileges granted on objects the update re-creates (a view, a SQL
    # function, a refresh whose arguments change) must survive it
    role=cs_up_grantee_$TAG
    q "$db" "CREATE ROLE $role NOLOGIN" >/dev/null 2>&1 || true
    q "$db" "GRANT SELECT ON customer_360_view TO $role;
             GRANT EXECUTE ON FUNCTION customer_360(bigint) TO $role;
             GRANT EXECUTE ON FUNCTION refresh_rfm_scores(timestamptz) TO $role" >/dev/null
    if out=$(q "$db" "ALTER EXTENSION customer_scoring UPDATE"); then
        pass "ALTER EXTENSION customer_scoring UPDATE from $v with data works"
    else
        fail "ALTER EXTENSION customer_scoring UPDATE from $v with data works" "$out"; continue
    fi
    is "$(q "$db" "SELECT has_table_privilege('$role', 'customer_360_view', 'SELECT'),
                          has_function_privilege('$role', 'customer_360(bigint)', 'EXECUTE'),
                          has_function_privilege('$role', 'refresh_rfm_scores(timestamptz, integer)', 'EXECUTE')")" \
       "t|t|t" "updated from $v: grants on a re-created view, SQL function and refresh are kept"
    is "$(pg_dump --schema-only "$db" | grep -cE "GRANT (SELECT|EXECUTE|ALL) ON (TABLE public.customer_360_view|FUNCTION public.customer_360\(customer_id bigint\)) TO $role")" \
       "2" "... and pg_dump still dumps them (they are not recorded as the extension's own)"
    q "$db" "REVOKE ALL ON customer_360_view FROM $role; REVOKE ALL ON FUNCTION customer_360(bigint) FROM $role;
             REVOKE ALL ON FUNCTION refresh_rfm_scores(timestamptz, integer) FROM $role" >/dev/null 2>&1 || true
    psql -X -q -d postgres -c "DROP ROLE IF EXISTS $role" >/dev/null 2>&1 || true
    psql -X -A -t -q -v ON_ERROR_STOP=1 -d "$db" -f "$TMP/rows.sql" >"$TMP/rows_after_$v.txt" 2>&1 || true
    if diff -u "$TMP/rows_before_$v.txt" "$TMP/rows_after_$v.txt" >"$TMP/rows_$v.diff"; then
        pass "updated from $v with data: every row and value of every $v table is kept"
    else
        fail "updated from $v with data: every row and value of every $v table is kept" \
             "$(grep -E '^[-+][a-z]' "$TMP/rows_$v.diff" | head -n 20 | cut -c1-240)"
    fi
done

# ---- the comparison can fail ------------------------------------------------------------------
# Each mutant is the real update script with one deliberate difference
# appended, installed under a version name of its own; the comparison with a
# fresh install must report exactly that object (the extension's version line
# aside, which differs by construction).
mutants=(
    "function volatility|ALTER FUNCTION @extschema@.customer_temperature(integer, integer) STABLE;|customer_temperature"
    "column default|ALTER TABLE @extschema@.customers ALTER COLUMN status SET DEFAULT 'vip';|customers|status"
    "privilege|REVOKE EXECUTE ON FUNCTION @extschema@.warmth_level(numeric) FROM PUBLIC;|warmth_level"
    "comment|COMMENT ON VIEW @extschema@.warmth_pipeline IS 'mutant';|warmth_pipeline"
)
if [ ${#TESTED[@]} -gt 0 ] && [ -w "$SHAREDIR" ]; then
    v=${TESTED[0]}
    i=0
    for m in "${mutants[@]}"; do
        i=$((i + 1))
        what=${m%%|*}; rest=${m#*|}; stmt=${rest%%|*}; object=${rest#*|}; object=${object%%|*}
        mv_name=$NEWEST-mutant$i
        script=$SHAREDIR/customer_scoring--$v--$mv_name.sql
        MUTANT_FILES+=("$script")
        { cat "$SHAREDIR/customer_scoring--$v--$NEWEST.sql"; printf '\n%s\n' "$stmt"; } >"$script"
        db=cs_up_mutant${i}_$TAG; mkdb "$db"
        q "$db" "CREATE EXTENSION customer_scoring VERSION '$v'" >/dev/null 2>&1 || true
        out=$(q "$db" "ALTER EXTENSION customer_scoring UPDATE TO '$mv_name'") || true
        describe "$db" | grep -v '^extension|' >"$TMP/mutant$i.txt" || true
        grep -v '^extension|' "$TMP/fresh.txt" | diff - "$TMP/mutant$i.txt" >"$TMP/mutant$i.diff" || true
        if [ -s "$TMP/mutant$i.diff" ] && grep -E '^[<>]' "$TMP/mutant$i.diff" | grep -q "$object"; then
            pass "the comparison fails on a deliberate difference ($what of $object)"
        else
            fail "the comparison fails on a deliberate difference ($what of $object)" \
                 "update: $out" "$(head -n 10 "$TMP/mutant$i.diff")"
        fi
        rm -f "$script"
    done
else
    for m in "${mutants[@]}"; do
        echo "ok $((N += 1)) # SKIP no older version installed or $SHAREDIR not writable: ${m%%|*}"
    done
fi

# ---- ALTER EXTENSION ... UPDATE at the newest version is a no-op ---------------------------

NOOP=cs_up_noop_$TAG; mkdb "$NOOP"
q "$NOOP" "CREATE EXTENSION customer_scoring" >/dev/null || true
describe "$NOOP" >"$TMP/noop_before.txt" || true
notice=$(psql -X -A -t -v ON_ERROR_STOP=1 -d "$NOOP" -c "ALTER EXTENSION customer_scoring UPDATE" 2>&1 || true)
case $notice in
    *"version \"$NEWEST\" of extension \"customer_scoring\" is already installed"*)
        pass "ALTER EXTENSION customer_scoring UPDATE on $NEWEST says it is already installed" ;;
    *)
        fail "ALTER EXTENSION customer_scoring UPDATE on $NEWEST says it is already installed" "$notice" ;;
esac
notice=$(psql -X -A -t -v ON_ERROR_STOP=1 -d "$NOOP" -c "ALTER EXTENSION customer_scoring UPDATE TO '$NEWEST'" 2>&1 || true)
case $notice in
    *"already installed"*) pass "ALTER EXTENSION customer_scoring UPDATE TO '$NEWEST' is a no-op too" ;;
    *) fail "ALTER EXTENSION customer_scoring UPDATE TO '$NEWEST' is a no-op too" "$notice" ;;
esac
describe "$NOOP" >"$TMP/noop_after.txt" || true
if diff -u "$TMP/noop_before.txt" "$TMP/noop_after.txt" >"$TMP/noop.diff"; then
    pass "the no-op update changes no object"
else
    fail "the no-op update changes no object" "$(head -n 20 "$TMP/noop.diff" | cut -c1-240)"
fi
if [ ${#TESTED[@]} -eq 0 ]; then
    echo "# versions tested: $NEWEST only (fresh install and the no-op update); no older version is installed, so no update path exists yet"
else
    echo "# versions tested: ${TESTED[*]} updated to $NEWEST, and $NEWEST fresh"
fi

# ---- DROP EXTENSION ... CASCADE, then CREATE EXTENSION in the same session -----------------

RECREATE=cs_up_recreate_$TAG; mkdb "$RECREATE"
cat >"$TMP/recreate.sql" <<'SQL'
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION customer_scoring;
-- warm every cache of this backend: plans of all triggers, the algorithm
INSERT INTO customers (first_name) VALUES ('Before'), ('Before 2');
INSERT INTO customer_warmth (customer_id, engagement_score, budget_qualification_score) VALUES (1, 50, 80);
INSERT INTO customer_engagement_events (customer_id, engagement_type) VALUES (1, 'test_drive');
INSERT INTO orders (customer_id, total_amount) VALUES (1, 100);
INSERT INTO customer_interactions (customer_id, interaction_type) VALUES (2, 'call');
INSERT INTO leads (qr_scan_count) VALUES (1);
UPDATE warmth_scoring_algorithms SET is_active = false;
INSERT INTO warmth_scoring_algorithms
    (name, version, engagement_weight, interaction_frequency_weight, response_rate_weight,
     budget_qualification_weight, timeline_urgency_weight, decision_authority_weight,
     demographic_fit_weight, past_behavior_weight, is_active)
VALUES ('cached', '9.9', 0.5, 0, 0, 0.5, 0, 0, 0, 0, true);
INSERT INTO customer_warmth (customer_id, engagement_score, budget_qualification_score) VALUES (2, 50, 80);
SELECT 'before', overall_warmth_score, scoring_algorithm_used FROM customer_warmth WHERE customer_id = 2;

DROP EXTENSION customer_scoring CASCADE;
CREATE EXTENSION customer_scoring;
INSERT INTO customers (first_name) VALUES ('After'), ('After 2');
INSERT INTO customer_warmth (customer_id, engagement_score, budget_qualification_score) VALUES (1, 50, 80);
SELECT 'warmth', overall_warmth_score, warmth_level, scoring_algorithm_used, algorithm_version
FROM customer_warmth WHERE customer_id = 1;
INSERT INTO customer_engagement_events (customer_id, engagement_type) VALUES (1, 'test_drive');
SELECT 'event', engagement_score, overall_warmth_score, total_interactions, last_engagement_type
FROM customer_warmth WHERE customer_id = 1;
SELECT 'history', string_agg(change_trigger || ':' || COALESCE(score_change::text, '-'), ',' ORDER BY id)
FROM customer_warmth_history WHERE customer_id = 1;
INSERT INTO orders (customer_id, total_amount) VALUES (1, 100), (1, 50);
SELECT 'orders', total_orders, lifetime_value, lifecycle_stage FROM customers WHERE id = 1;
INSERT INTO customer_interactions (customer_id, interaction_type) VALUES (2, 'call');
SELECT 'activity', lifecycle_stage FROM customers WHERE id = 2;
INSERT INTO leads (qr_scan_count, catalog_views) VALUES (2, 1) RETURNING 'lead', lead_score, temperature;

-- and into another schema, still in the same session
DROP EXTENSION customer_scoring CASCADE;
CREATE SCHEMA s2;
CREATE EXTENSION customer_scoring SCHEMA s2;
INSERT INTO s2.customers (first_name) VALUES ('Elsewhere');
INSERT INTO s2.customer_warmth (customer_id, engagement_score, budget_qualification_score) VALUES (1, 50, 80);
INSERT INTO s2.customer_engagement_events (customer_id, engagement_type) VALUES (1, 'inquiry');
SELECT 's2', engagement_score, overall_warmth_score, total_interactions, scoring_algorithm_used
FROM s2.customer_warmth WHERE customer_id = 1;
SELECT 's2 history', count(*) FROM s2.customer_warmth_history;
INSERT INTO s2.orders (customer_id, total_amount) VALUES (1, 10);
SELECT 's2 orders', total_orders, lifecycle_stage FROM s2.customers WHERE id = 1;

-- the C triggers' kept plans hold the schema's name: a rename must not leave
-- them stale (ANALYZE makes PostgreSQL re-check, and so re-parse, the plans
-- that read the analysed tables).  Only the plans of C code can follow a
-- rename: PL/pgSQL bodies keep the name they were created with.
INSERT INTO s2.customers (first_name) VALUES ('Lead');
ALTER SCHEMA s2 RENAME TO "s2 renamed";
ANALYZE "s2 renamed".customer_warmth, "s2 renamed".customers, "s2 renamed".customer_warmth_history,
        "s2 renamed".warmth_scoring_algorithms;
UPDATE "s2 renamed".customer_warmth SET budget_qualification_score = 90 WHERE customer_id = 1;
SELECT 'renamed history', count(*) FROM "s2 renamed".customer_warmth_history;
INSERT INTO "s2 renamed".customer_interactions (customer_id, interaction_type) VALUES (2, 'call');
SELECT 'renamed activity', lifecycle_stage FROM "s2 renamed".customers WHERE id = 2;
UPDATE "s2 renamed".warmth_scoring_algorithms SET version = '1.1' WHERE is_active;
UPDATE "s2 renamed".customer_warmth SET budget_qualification_score = 95 WHERE customer_id = 1;
SELECT 'renamed algorithm', algorithm_version FROM "s2 renamed".customer_warmth WHERE customer_id = 1;
SQL
out=$(psql -X -A -t -q -d "$RECREATE" -f "$TMP/recreate.sql" 2>&1) && rc=0 || rc=$?
if [ "$rc" -eq 0 ]; then
    pass "DROP EXTENSION ... CASCADE and CREATE EXTENSION run in one session, twice"
else
    fail "DROP EXTENSION ... CASCADE and CREATE EXTENSION run in one session, twice" "$out"
fi
line() { printf '%s\n' "$out" | grep -m 1 "^$1|" || true; }
is "$(line before)" "before|65.00|cached" "before the re-creation the session used the cached active algorithm"
is "$(line warmth)" "warmth|65.00|warm|default|1.0" \
   "after the re-creation the warmth trigger uses the new default algorithm, not the cached one"
is "$(line event)" "event|25.00|52.50|1|test_drive" \
   "after the re-creation the event trigger updates the new warmth row"
is "$(line history)" "history|insert:-,test_drive:-12.50" \
   "after the re-creation history is written into the new table"
is "$(line orders)" "orders|2|150.00|repeat_buyer" "after the re-creation the orders trigger keeps the totals"
is "$(line activity)" "activity|prospect" "after the re-creation the activity trigger promotes a lead"
is "$(line lead)" "lead|8|cold" "after the re-creation the leads trigger scores"
is "$(line s2)" "s2|10.00|45.00|1|default" "re-created in another schema, the triggers use that schema's tables"
is "$(line 's2 history')" "s2 history|2" "... and write that schema's history"
is "$(line 's2 orders')" "s2 orders|1|first_buyer" "... and keep that schema's customer totals"
is "$(line 'renamed history')|$(line 'renamed activity')|$(line 'renamed algorithm')" \
   "renamed history|3|renamed activity|prospect|renamed algorithm|1.1" \
   "after ALTER SCHEMA ... RENAME the triggers' kept plans find the renamed schema"

echo "1..$N"
