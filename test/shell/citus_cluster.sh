#!/usr/bin/env bash
# test/shell/citus_cluster.sh — one node and a Citus cluster give the same
# answers (issue 13, point 4).  Where the citus extension is installed on the
# machine, the test starts a throw-away Citus cluster of its own (a
# coordinator and two workers, shared_preload_libraries = 'citus', database
# created on all three with CREATE EXTENSION citus, nodes registered with
# citus_set_coordinator_host / citus_add_node) and uses a plain database on
# the test's main server as the one node.  On both:
#   CREATE EXTENSION customer_scoring; on the cluster
#   SELECT customer_scoring_distribute() (every table must then be in
#   pg_dist_partition); the deterministic demo data set (demo/data.sql, with
#   the same :demo_now) through the normal paths, triggers on; the
#   individual refreshes as of a fixed instant, then CALL
#   run_nightly_refresh(<a later fixed instant>).
# Then compared, each comparison one TAP test, an error on the cluster that
# the one node does not give a failure (printed):
#   * the refreshes' results and the nightly log;
#   * every table of the extension, row for row in primary-key order;
#   * every view of the extension, rows sorted;
#   * the single-customer functions for a set of customer ids (existing,
#     edge and unknown ones), called as an application calls them (a
#     top-level SELECT f(id), which Citus sends to the customer's worker when
#     the function is distributed);
#   * the list functions (customer_360_list, call_recommendations, ...).
# And on the cluster: EXPLAIN of a single-customer read of customer_360_view
# shows one task; an engagement event inserted under SET LOCAL
# customer_scoring.change_trigger = 'tagged' writes a history row tagged so
# (as customer_scoring_distribute() leaves the settings, and again with
# SET LOCAL citus.propagate_set_commands = 'local').
#
# What is compared, and what is masked:
#   * Ids from sequences are compared as they are where the coordinator
#     hands them out: the demo data inserts in a fixed order (INSERT ...
#     SELECT ... ORDER BY, which Citus runs through the coordinator), so
#     customers, orders, events, ledger entries, ... get the same ids on
#     both sides, and the columns that refer to them must agree.  Rows that
#     the triggers and refreshes write on the workers (WORKER_IDS below:
#     warmth and health history, alerts) are numbered by each node's own
#     sequence and cannot match one node's numbering, nor its order (a row
#     the coordinator inserts is numbered by the coordinator): their rows
#     are compared without the id, sorted once masked; in the
#     functions' JSON, a history row's or an alert's "id" is not compared
#     (open_alerts() is read without its id column, ordered by customer
#     and kind: its own order is by the wall-clock time of each node).
#   * Timestamps written from the clock at write time (column defaults
#     now() — created_at, updated_at, calculated_at, added_at —, the stamps
#     of loyalty_earn and of the triggers, raised_at of alerts, exported_at
#     of gdpr_export, fitted_at, run_started_at of the nightly log, ...)
#     legitimately differ between the two loads.  Rather than drop such
#     columns, every timestamp in the output (table rows and function
#     results alike) that falls between the start and the end of this test
#     is printed as <now>: a column must then be "written now" on both sides
#     or carry the same value on both.  Everything the data set stores is
#     relative to the fixed :demo_now, which lies before the test's start,
#     and every refresh runs as of a fixed instant, so no deterministic
#     value is masked.  Dates (raised_on) are compared as they are.
#   * customer_scoring_nightly_log.duration (how long a step took) is left
#     out, and so are NOTICEs (run_nightly_refresh reports durations in
#     them); WARNINGs are compared.
#   * Views are compared as psql prints their rows, sorted: to_jsonb(v) of a
#     view's row loses the column names on Citus when it plans the view as
#     a subquery.
#   * Errors are compared by their message only (VERBOSITY terse; Citus adds
#     the worker's address to an error raised in a function it ran there).
#     An error is an answer: the same error on both sides (customer 999999
#     does not exist) passes; an error the one node does not give is
#     printed.
#   * Scores the triggers compute at write time count whole days from the
#     clock; both loads run within the same minute, so they agree unless a
#     run straddles midnight UTC.
# CITUS_TEST_KEEP=DIR keeps the compare script, both sides' outputs and the
# load logs in DIR, to look into a difference.
# Skipped (every test) where citus is not installed.
set -euo pipefail
# shellcheck source=test/shell/lib/tap.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/tap.sh"

ROOT=${CS_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
export PGTZ=UTC
DEMO_NOW='2026-12-01 12:00:00+00'       # demo/data.sql's reference instant
AS_OF='2026-12-02 06:00:00+00'          # the individual refreshes
NIGHT_AS_OF='2026-12-02 23:00:00+00'    # CALL run_nightly_refresh
ON_DATE='2026-12-02'                    # functions taking a date
IDS=(1 2 3 4 5 7 9 10 11 12 13 20 42 97 194 500 1000 1999 2000 999999)

# Single-customer calls (%s = the customer id), one test each over IDS.
CUSTOMER_CALLS=(
    "SELECT customer_360(%s)"
    "SELECT customer_warmth_json(%s)"
    "SELECT customer_rfm(%s)"
    "SELECT customer_health(%s)"
    "SELECT customer_health_history(%s)"
    "SELECT customer_analytics_json(%s)"
    "SELECT customer_profile(%s)"
    "SELECT customer_profile_completeness(%s)"
    "SELECT customer_predictions_json(%s)"
    "SELECT customer_preferences_json(%s)"
    "SELECT customer_recommendation(%s)"
    "SELECT customer_tags_list(%s)"
    "SELECT customer_notes_list(%s)"
    "SELECT customer_addresses_list(%s)"
    "SELECT customer_behaviors(%s)"
    "SELECT customer_communications_list(%s)"
    "SELECT customer_dropoffs(%s)"
    "SELECT customer_interactions_list(%s)"
    "SELECT interaction_stats(%s)"
    "SELECT demographic_insights(%s)"
    "SELECT family_members(%s)"
    "SELECT loyalty_balance(%s)"
    "SELECT jsonb_object_agg(t.k, (SELECT jsonb_agg(e ORDER BY (e - 'id')::text) FROM jsonb_array_elements(t.v) AS e)) FROM jsonb_each(gdpr_export(%s) -> 'tables') AS t(k, v)"
    "SELECT segments_list(%s)"
    "SELECT most_viewed_products(%s)"
    "SELECT best_call_time(%s)"
    "SELECT customer_has_activity(%s)"
    "SELECT customer_visible(%s)"
    "SELECT engagement_component(%s, '$AS_OF')"
    "SELECT * FROM explain_engagement(%s, '$AS_OF')"
    "SELECT * FROM recommended_products(%s)"
    "SELECT * FROM customer_opportunities(%s, '$ON_DATE')"
)
# List and overview calls, one test each.
LIST_CALLS=(
    "SELECT customer_360_list()"
    "SELECT customer_360_list(\"limit\" => 20, \"offset\" => 100)"
    "SELECT customer_360_list(lifecycle_stage => 'loyal', \"limit\" => 50)"
    "SELECT customer_360_list(temperature => 'hot')"
    "SELECT call_recommendations()"
    "SELECT top_priority_customers(25)"
    "SELECT rfm_scores()"
    "SELECT rfm_scores('Champions', 50)"
    "SELECT rfm_distribution()"
    "SELECT dashboard_statistics()"
    "SELECT warmth_analytics_json()"
    "SELECT warmth_analytics_json('warm', 20)"
    "SELECT health_overview()"
    "SELECT customers_by_lifecycle('loyal')"
    "SELECT customers_by_temperature('hot')"
    "SELECT customers_by_type('repeat')"
    "SELECT customer_profiles()"
    "SELECT upcoming_birthdays(30)"
    "SELECT upcoming_anniversaries(30)"
    "SELECT todays_events()"
    "SELECT api_events(30)"
    "SELECT most_viewed_products()"
    "SELECT segments_list()"
    "SELECT * FROM upcoming_events(30, '$ON_DATE')"
    "SELECT customer_id, kind, severity, score_before, score_after, details, raised_at, raised_on, acknowledged_at, acknowledged_by FROM open_alerts() ORDER BY customer_id, kind"
)
# Tables whose rows the triggers and refreshes write on the workers, where
# each node's own sequence numbers them: their id is compared as its rank
# among the customer's rows.
WORKER_IDS=(customer_warmth_history customer_health_score_history customer_alerts)
REFRESHES=(refresh_warmth_scores refresh_rfm_scores refresh_health_scores
           refresh_customer_lifecycle refresh_predictions)

# The extension's tables and views, from the one-node database's catalog
# (the test's own database has the extension).
ext_relations() {   # DB RELKIND
    psql_value "$1" "SELECT c.relname FROM pg_depend d
                     JOIN pg_extension e ON d.refclassid = 'pg_extension'::regclass AND d.refobjid = e.oid
                     JOIN pg_class c ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
                     WHERE e.extname = 'customer_scoring' AND d.deptype = 'e' AND c.relkind = '$2'
                     ORDER BY 1"
}
mapfile -t TABLES < <(ext_relations "$PGDATABASE" r)
mapfile -t VIEWS < <(ext_relations "$PGDATABASE" v)

FIXED_BEFORE=6      # cluster, extension, distribute, pg_dist_partition, two loads
FIXED_AFTER=3       # EXPLAIN, tagged event twice
PLAN=$((FIXED_BEFORE + ${#REFRESHES[@]} + 1 + ${#TABLES[@]} + ${#VIEWS[@]}
        + ${#CUSTOMER_CALLS[@]} + ${#LIST_CALLS[@]} + FIXED_AFTER))
echo "1..$PLAN"
if [ ! -f /usr/share/postgresql/15/extension/citus.control ]; then
    for ((i = 1; i <= PLAN; i++)); do echo "ok $i # SKIP citus is not installed"; done
    exit 0
fi

# fail_rest REASON — the remaining tests fail (a broken set-up).
fail_rest() { while [ "$N" -lt "$PLAN" ]; do fail "not run: $1"; done; exit 0; }

# ---- the cluster ------------------------------------------------------------------------------
START=$(date -u +%s)
as_pg() { if [ "$(id -u)" -eq 0 ]; then (cd "$CDIR" && runuser -u postgres -- "$@"); else "$@"; fi; }
CDIR=$(mktemp -d /tmp/cs_citus.XXXXXX)
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$CDIR"
NODES=(coord w1 w2)
declare -A PORT
test_cleanup() {
    local n
    for n in "${NODES[@]}"; do
        [ -f "$CDIR/$n/postmaster.pid" ] && as_pg pg_ctl -D "$CDIR/$n" -m fast -w stop >/dev/null 2>&1
    done
    rm -rf "$CDIR"
}
port_busy() {
    local s rc=0
    for s in /tmp/.s.PGSQL."$1" /tmp/*/.s.PGSQL."$1" /var/run/postgresql/.s.PGSQL."$1"; do
        [ -S "$s" ] && return 0
    done
    pg_isready -q -h 127.0.0.1 -p "$1" -t 2 >/dev/null 2>&1 || rc=$?
    [ "$rc" -le 1 ]
}
p=$((56100 + ($$ % 300) * 3))
for n in "${NODES[@]}"; do
    while port_busy "$p" || [ "$p" = "${PGPORT:-}" ]; do p=$((p + 1)); done
    PORT[$n]=$p; p=$((p + 1))
done
CDB=cs_citus
SDB=cs_citus_single_$$
drop_at_exit "$SDB"
# cq NODE SQL — one statement on a node of the cluster, in the test database.
cq() { psql -X -A -t -q -v ON_ERROR_STOP=1 -h "$CDIR" -p "${PORT[$1]}" -d "${3:-$CDB}" -c "$2" 2>&1; }

start_cluster() {
    local n
    for n in "${NODES[@]}"; do
        as_pg initdb --locale=C.UTF-8 --encoding=UTF8 --auth=trust --username=postgres \
            -D "$CDIR/$n" >"$CDIR/$n.initdb" 2>&1 &
    done
    wait
    for n in "${NODES[@]}"; do
        [ -f "$CDIR/$n/PG_VERSION" ] || { cat "$CDIR/$n.initdb"; return 1; }
        cat >>"$CDIR/$n/postgresql.conf" <<CONF
shared_preload_libraries = 'citus'
listen_addresses = 'localhost'
port = ${PORT[$n]}
unix_socket_directories = '$CDIR'
max_connections = 100
max_prepared_transactions = 100
timezone = 'UTC'
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
        as_pg pg_ctl -D "$CDIR/$n" -l "$CDIR/$n.log" -w -t 60 start >/dev/null \
            || { tail -n 20 "$CDIR/$n.log"; return 1; }
    done
    for n in w1 w2 coord; do
        cq "$n" "CREATE DATABASE $CDB" postgres || return 1
        cq "$n" "SET client_min_messages = warning; CREATE EXTENSION citus" || return 1
    done
    cq coord "SELECT citus_set_coordinator_host('localhost', ${PORT[coord]})" >/dev/null || return 1
    cq coord "SELECT citus_add_node('localhost', ${PORT[w1]})" >/dev/null || return 1
    cq coord "SELECT citus_add_node('localhost', ${PORT[w2]})" >/dev/null || return 1
    cq coord "SELECT 'Citus ' || citus_version()"
}
out=$(start_cluster 2>&1) && rc=0 || rc=$?
if [ "$rc" -eq 0 ]; then
    pass "a Citus cluster starts: coordinator and two workers on ports ${PORT[coord]}, ${PORT[w1]}, ${PORT[w2]} ($(printf '%s' "$out" | tail -n 1 | cut -d, -f1))"
else
    fail "a Citus cluster starts: coordinator and two workers" "$out"; fail_rest "no cluster"
fi

out=$( { createdb "$SDB" &&
         psql_value "$SDB" "CREATE EXTENSION customer_scoring" &&
         cq coord "CREATE EXTENSION customer_scoring"; } 2>&1 ) && rc=0 || rc=$?
is "$rc:$out" "0:" "CREATE EXTENSION customer_scoring on the one node and on the coordinator"
[ "$rc" -eq 0 ] || fail_rest "no extension"

out=$(cq coord "SET client_min_messages = warning; SELECT count(*) FROM customer_scoring_distribute()") \
    && rc=0 || rc=$?
if [ "$rc" -eq 0 ]; then pass "customer_scoring_distribute() succeeds ($out objects placed)"
else fail "customer_scoring_distribute() succeeds" "$out"; fail_rest "not distributed"; fi

none_on() {   # NODE SQL DESCRIPTION
    local got rc=0
    got=$(cq "$1" "$2") || rc=$?
    if [ "$rc" -eq 0 ] && [ -z "$got" ]; then pass "$3"
    else fail "$3" "offending rows / error:" "$(printf '%s\n' "$got" | head -n 20)"; fi
}
none_on coord "SELECT c.relname FROM pg_depend d
               JOIN pg_extension e ON d.refobjid = e.oid AND e.extname = 'customer_scoring'
               JOIN pg_class c ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
               WHERE d.deptype = 'e' AND c.relkind = 'r'
                 AND NOT EXISTS (SELECT 1 FROM pg_dist_partition p WHERE p.logicalrelid = c.oid)
               ORDER BY 1" \
    "every table of the extension is in pg_dist_partition after customer_scoring_distribute()"

# ---- the same data on both ------------------------------------------------------------------
# Both loads at once (the cluster's takes longer); an error on the cluster
# does not stop its load, so that what follows still compares the rest.
psql -X -q -v ON_ERROR_STOP=1 -v demo_now="$DEMO_NOW" -d "$SDB" \
    -f "$ROOT/demo/data.sql" >"$TMP/load.single" 2>&1 &
single_pid=$!
psql -X -q -v ON_ERROR_STOP=0 -v demo_now="$DEMO_NOW" -h "$CDIR" -p "${PORT[coord]}" -d "$CDB" \
    -f "$ROOT/demo/data.sql" >"$TMP/load.cluster" 2>&1 &
cluster_pid=$!
rc=0; wait "$single_pid" || rc=$?
if [ "$rc" -eq 0 ] && ! grep -q 'ERROR' "$TMP/load.single"; then
    pass "demo/data.sql loads on the one node"
else
    fail "demo/data.sql loads on the one node" "$(head -n 20 "$TMP/load.single")"
fi
rc=0; wait "$cluster_pid" || rc=$?
echo "# the loads took $(($(date -u +%s) - START)) s since the start"
if [ "$rc" -eq 0 ] && ! grep -q 'ERROR' "$TMP/load.cluster"; then
    pass "demo/data.sql loads on the cluster, through the triggers, without an error"
else
    fail "demo/data.sql loads on the cluster, through the triggers, without an error" \
        "$(grep -A 3 'ERROR' "$TMP/load.cluster" | head -n 30)"
fi

# ---- one script, run on both; its output compared block by block ---------------------------
# Each block starts with a line "####<block number> <kind>"; psql's errors go to the same
# stream, line-buffered, so that they land in their block.
SCRIPT=$TMP/compare.sql
declare -A BLOCK=()
NBLOCK=0
block() {   # KEY SQL — KEY's first word is the kind of block (table, view, ...)
    NBLOCK=$((NBLOCK + 1)); BLOCK[$1]=$NBLOCK
    printf '\\echo ####%s %s\n%s;\n' "$NBLOCK" "${1%% *}" "$2" >>"$SCRIPT"
}
: >"$SCRIPT"
printf 'SET client_min_messages = warning;\n\\set VERBOSITY terse\n' >>"$SCRIPT"
for f in "${REFRESHES[@]}"; do block "refresh $f" "SELECT $f('$AS_OF')"; done
block "nightly" "CALL run_nightly_refresh('$NIGHT_AS_OF');
SELECT step, step_name, as_of, rows_changed, error_sqlstate, error_message, run_by
FROM customer_scoring_nightly_log WHERE as_of = '$NIGHT_AS_OF' ORDER BY id"
for t in "${TABLES[@]}"; do
    pk=$(psql_value "$SDB" "SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.n)
                            FROM pg_constraint c
                            CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, n)
                            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
                            WHERE c.conrelid = '$t'::regclass AND c.contype = 'p'")
    [ -n "$pk" ] || pk="to_jsonb(t)::text"
    case " ${WORKER_IDS[*]} " in
        *" $t "*) block "table $t" "SELECT to_jsonb(t) - 'duration' - 'id' FROM $t t ORDER BY $pk" ;;
        *) block "table $t" "SELECT to_jsonb(t) - 'duration' FROM $t t ORDER BY $pk" ;;
    esac
done
# (views: the rows as psql prints them, sorted when compared)
for v in "${VIEWS[@]}"; do block "view $v" "SELECT * FROM $v"; done
for c in "${CUSTOMER_CALLS[@]}"; do
    for id in "${IDS[@]}"; do
        # shellcheck disable=SC2059
        block "customer $c $id" "$(printf "$c" "$id")"
    done
done
for c in "${LIST_CALLS[@]}"; do block "list $c" "$c"; done

# mask: every timestamp between the test's start and now (give or take a
# minute) becomes <now>; in the functions' results (blocks of kind customer
# and list) the id of a history row (an object with change_trigger) or of an
# alert (an object whose keys begin with id, kind) becomes <seq>.
mask() {
    perl -MTime::Local=timegm -pe '
        BEGIN { ($lo, $hi) = ($ENV{MASK_FROM} - 60, time + 60) }
        if (/^####\d+ (\w+)$/) { $kind = $1; next }
        s{(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(\.\d+)?([+-]\d\d(?::?\d\d)?)?}{
            my $t = timegm($6, $5, $4, $3, $2 - 1, $1);
            if (defined $8) { my ($s, $h, $m) = $8 =~ /([+-])(\d\d):?(\d\d)?/;
                              $t -= ($s eq "-" ? -1 : 1) * ($h * 3600 + ($m // 0) * 60) }
            ($t >= $lo && $t <= $hi) ? "<now>" : $&
        }ge;
        if ($kind eq "customer" || $kind eq "list") {
            s/\{"id": \d+, (?=[^{}]*"change_trigger": )/{"id": "<seq>", /g;
            s/\{"id": \d+, "kind": /{"id": "<seq>", "kind": /g;
        }'
}
run_script() {   # NAME PSQL-CONNECTION-ARGS...
    local name=$1; shift
    stdbuf -oL -eL psql -X -A -t -q -v ON_ERROR_STOP=0 "$@" -f "$SCRIPT" 2>&1 \
        | MASK_FROM=$START mask >"$TMP/out.$name"
}
run_script single -d "$SDB" &
single_pid=$!
run_script cluster -h "$CDIR" -p "${PORT[coord]}" -d "$CDB"
wait "$single_pid" || true
# split into one file per block, $TMP/blk.SIDE/<block number>; views sorted
for side in single cluster; do
    mkdir -p "$TMP/blk.$side"
    awk -v dir="$TMP/blk.$side" '/^####[0-9]+ [a-z]+$/ { if (f) close(f); f = dir "/" substr($1, 5); printf "" > f; next }
                                  f { print > f }' "$TMP/out.$side"
    for key in "${!BLOCK[@]}"; do
        f=$TMP/blk.$side/${BLOCK[$key]}
        case " ${key} " in
            " view "*|" table customer_warmth_history "|" table customer_health_score_history "|" table customer_alerts ")
                [ -f "$f" ] && LC_ALL=C sort -o "$f" "$f" ;;
        esac
    done
done
blk() { cat "$TMP/blk.$1/${BLOCK[$2]}" 2>/dev/null || echo "(no output)"; }
# first_diff FILE-A FILE-B — where two outputs first differ: the line and 200
# characters from a little before the first differing one, of each.
first_diff() {
    perl -e '
        local $/; open my $fa, "<", $ARGV[0] or die; open my $fb, "<", $ARGV[1] or die;
        my @a = split /\n/, <$fa>, -1; my @b = split /\n/, <$fb>, -1;
        my $i = 0; $i++ while $i < @a && $i < @b && $a[$i] eq $b[$i];
        my ($x, $y) = ($a[$i] // "(none)", $b[$i] // "(none)");
        my $k = 0; $k++ while $k < length($x) && $k < length($y) && substr($x, $k, 1) eq substr($y, $k, 1);
        my $from = $k > 80 ? $k - 80 : 0;
        printf "  line %d, character %d:\n  one node: %s\n  cluster:  %s\n", $i + 1, $k + 1,
               substr($x, $from, 200), substr($y, $from, 200);' "$1" "$2"
}

# compare DESCRIPTION KEY... — the blocks of these keys, side by side.
compare() {
    local desc=$1 key diffs="" errors="" s c e; shift
    for key in "$@"; do
        cmp -s "$TMP/blk.single/${BLOCK[$key]}" "$TMP/blk.cluster/${BLOCK[$key]}" && continue
        s=$(blk single "$key"); c=$(blk cluster "$key")
        # an error on the cluster that the one node does not give too
        e=$(grep -E '^psql:.*(ERROR|FATAL):' <<<"$c" | grep -vxF -f <(printf '%s\n' "$s") | head -n 1) || true
        [ -z "$e" ] || errors+="cluster, ${key}: ${e#psql:*: }"$'\n'
        if [ "$s" != "$c" ]; then
            diffs+="${key}: $(wc -l <<<"$s") lines on one node, $(wc -l <<<"$c") on the cluster"$'\n'
            printf '%s\n' "$s" >"$TMP/diff.a"; printf '%s\n' "$c" >"$TMP/diff.b"
            diffs+=$(first_diff "$TMP/diff.a" "$TMP/diff.b")$'\n'
        fi
    done
    if [ -z "$errors" ] && [ -z "$diffs" ]; then
        pass "$desc"
    else
        fail "$desc" "$(printf '%s' "$errors" | head -n 12)" "$(printf '%s' "$diffs" | head -n 24)"
    fi
}

for f in "${REFRESHES[@]}"; do
    compare "$f('$AS_OF') gives the same result on the cluster" "refresh $f"
done
compare "CALL run_nightly_refresh('$NIGHT_AS_OF'): the same steps, rows changed and errors" nightly
for t in "${TABLES[@]}"; do compare "table $t: the same rows" "table $t"; done
for v in "${VIEWS[@]}"; do compare "view $v: the same rows" "view $v"; done
for c in "${CUSTOMER_CALLS[@]}"; do
    keys=(); for id in "${IDS[@]}"; do keys+=("customer $c $id"); done
    compare "${c/\%s/id}: the same for customers ${IDS[*]}" "${keys[@]}"
done
for c in "${LIST_CALLS[@]}"; do compare "$c: the same" "list $c"; done

# ---- single-shard reads and tagged events on the cluster --------------------------------------
out=$(cq coord "EXPLAIN SELECT * FROM customer_360_view WHERE customer_id = 42")
tasks=$(grep -oE 'Task Count: [0-9]+' <<<"$out" | head -n 1)
is "$tasks" "Task Count: 1" "EXPLAIN SELECT * FROM customer_360_view WHERE customer_id = 42: one task on the cluster"

# tagged NAME EXTRA-SET — an event of customer 42 under the tag NAME; prints
# the change_trigger of the history row it wrote.
tagged() {
    printf "BEGIN;\n%s\nSET LOCAL customer_scoring.change_trigger = '%s';
INSERT INTO customer_engagement_events (customer_id, engagement_type, occurred_at, notes)
VALUES (42, 'inquiry', '%s', '%s');
COMMIT;
SELECT coalesce(string_agg(h.change_trigger, ','), '(no history row)')
FROM customer_engagement_events e
JOIN customer_warmth_history h ON h.customer_id = e.customer_id AND h.engagement_event_id = e.id
WHERE e.customer_id = 42 AND e.notes = '%s';\n" "$2" "$1" "$NIGHT_AS_OF" "$1" "$1"
}
for variant in "as customer_scoring_distribute() leaves the settings|" \
               "with SET LOCAL citus.propagate_set_commands = 'local'|SET LOCAL citus.propagate_set_commands = 'local';"; do
    desc=${variant%%|*} extra=${variant#*|}
    tag=tagged_$N
    s=$(tagged "$tag" "$extra" | psql -X -A -t -q -v ON_ERROR_STOP=1 -d "$SDB" 2>&1) || true
    c=$(tagged "$tag" "$extra" | psql -X -A -t -q -v ON_ERROR_STOP=1 -h "$CDIR" -p "${PORT[coord]}" \
            -d "$CDB" 2>&1) || true
    if [ "$s" = "$tag" ] && [ "$c" = "$tag" ]; then
        pass "a tagged engagement event writes a history row with change_trigger '$tag' on the cluster, $desc"
    else
        fail "a tagged engagement event writes a history row with change_trigger '$tag' on the cluster, $desc" \
            "one node: $s" "cluster:  $c"
    fi
done

echo "# took $(($(date -u +%s) - START)) s"
# CITUS_TEST_KEEP=DIR keeps both sides' outputs and loads there, to look into
if [ -n "${CITUS_TEST_KEEP:-}" ]; then
    mkdir -p "$CITUS_TEST_KEEP" && cp "$SCRIPT" "$TMP"/out.* "$TMP"/load.* "$CITUS_TEST_KEEP"/
fi
