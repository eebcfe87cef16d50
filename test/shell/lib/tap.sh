# shellcheck shell=bash disable=SC2034
# test/shell/lib/tap.sh — what the shell tests share: TAP output, a temporary
# directory, databases dropped at exit, and where this test's part of the
# server log starts.  Source it right after "set -euo pipefail"; define
# test_cleanup() for anything else to undo at exit (it runs after the
# databases are dropped).

export PATH=/usr/lib/postgresql/15/bin:$PATH
export LC_ALL=C.UTF-8

TMP=$(mktemp -d)
TEST_DATABASES=()
N=0

tap_cleanup() {
    local db
    declare -F session_cleanup >/dev/null && session_cleanup
    for db in "${TEST_DATABASES[@]}"; do dropdb --if-exists "$db" >/dev/null 2>&1 || true; done
    if declare -F test_cleanup >/dev/null; then test_cleanup || true; fi
    rm -rf "$TMP"
}
trap tap_cleanup EXIT

# drop_at_exit DB... — databases this test creates.
drop_at_exit() { TEST_DATABASES+=("$@"); }

# pass DESCRIPTION / fail DESCRIPTION [DIAGNOSTIC...]
pass() { N=$((N + 1)); echo "ok $N - $1"; }
fail() {
    N=$((N + 1)); echo "not ok $N - $1"; shift
    local line
    for line in "$@"; do printf '%s\n' "$line" | sed 's/^/#   /'; done
}
# is GOT EXPECTED DESCRIPTION
is() { if [ "$1" = "$2" ]; then pass "$3"; else fail "$3" "got:      $1" "expected: $2"; fi; }

# psql_value DB SQL — one query, unaligned, tuples only; errors in the output.
psql_value() { psql -X -A -t -q -v ON_ERROR_STOP=1 -d "$1" -c "$2" 2>&1; }
# q SQL — the same in the test's database $DB.
q() { psql_value "$DB" "$1"; }
# none SQL DESCRIPTION — the query (listing offending rows) returns no rows.
none() {
    local got rc=0
    got=$(q "$1") || rc=$?
    if [ "$rc" -eq 0 ] && [ -z "$got" ]; then pass "$2"
    else fail "$2" "offending rows / error:" "$(printf '%s\n' "$got" | head -n 20)"; fi
}

# Only this test's part of the server log is checked for crashes.
LOG_OFFSET=0
if [ -n "${CS_LOG:-}" ] && [ -r "$CS_LOG" ]; then LOG_OFFSET=$(stat -c %s "$CS_LOG"); fi

# within GOT LOW HIGH DESCRIPTION — LOW <= GOT <= HIGH (integers).
within() {
    if [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]; then pass "$4"
    else fail "$4" "got:      $1" "expected: between $2 and $3"; fi
}

# pgbench's per-script summary ("SQL script N: ... - M transactions") can
# leave a transaction of the run unattributed (seen under load: the scripts'
# counts summing to one less than the total), so tests compare database
# counts with a script's count allowing for the unattributed ones.
# pgbench_script_tx LOG N — transactions pgbench attributes to script N.
pgbench_script_tx() {
    awk -v n="$2" '$0 ~ "^SQL script " n ":" { s = 1; next }
                   s && /^ - [0-9]+ transactions/ { print $2; exit }' "$1"
}

# run_pgbench NAME EXPECTED_TRANSACTIONS ARGS... — runs pgbench (8 clients) on
# $DB, then checks its exit status, the processed/failed counts and the
# absence of errors; LAST_PGBENCH names its output.
run_pgbench() {
    local name=$1 expected=$2 out rc=0 processed failed; shift 2
    out=$TMP/pgbench.$N
    LAST_PGBENCH=$out
    pgbench -n -c 8 -j 2 "$@" "$DB" >"$out" 2>&1 || rc=$?
    if [ "$rc" -eq 0 ]; then pass "$name: pgbench exits 0"
    else fail "$name: pgbench exits 0" "exit status $rc" "$(tail -n 20 "$out")"; fi
    processed=$(sed -n 's/^number of transactions actually processed: \([0-9]*\)\/.*/\1/p' "$out")
    failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$out")
    is "${processed:-none}/${failed:-0}" "$expected/0" \
        "$name: all $expected transactions processed, none failed"
    if grep -qiE 'error|deadlock|serializ|abort|could not|terminat' "$out"; then
        fail "$name: no error, deadlock or serialization failure in pgbench's output" \
            "$(grep -iE 'error|deadlock|serializ|abort|could not|terminat' "$out" | head -n 10)"
    else
        pass "$name: no error, deadlock or serialization failure in pgbench's output"
    fi
}

# A psql session kept open across steps, for tests of what one connection
# sees of another's work (a pooled backend, a transaction held open):
#   session_start NAME [DB]   open it (on $DB by default)
#   session_run NAME SQL      send SQL, print what it printed (unaligned,
#                             tuples only, errors included) once it is done
#   session_send NAME SQL     send SQL without waiting (e.g. a statement that
#                             blocks); session_wait NAME collects its output
#   session_end NAME          close it
# Sessions are closed at exit by tap_cleanup.
SESSIONS=()
SESSION_FDS=()
session_start() {
    local name=$1 db=${2:-$DB} fd
    mkfifo "$TMP/session.$name.in"
    : >"$TMP/session.$name.out"
    # the other sessions' pipe ends stay out of this psql, or they would
    # never see the end of their input
    ( for fd in "${SESSION_FDS[@]}"; do eval "exec $fd>&-"; done
      exec psql -X -A -t -q -v ON_ERROR_STOP=0 -d "$db" <"$TMP/session.$name.in" \
          >>"$TMP/session.$name.out" 2>&1 ) &
    eval "SESSION_PID_$name=$!"
    exec {fd}>"$TMP/session.$name.in"
    eval "SESSION_FD_$name=$fd"
    SESSIONS+=("$name")
    SESSION_FDS+=("$fd")
}
# (the pending marker and start line live in files: session_run is usually
# called in a command substitution, whose variables do not come back)
session_send() {
    local name=$1 fdvar=SESSION_FD_$1 marker
    marker="__session_done_${name}_${RANDOM}${RANDOM}"
    echo "$marker" >"$TMP/session.$name.mark"
    echo $(($(wc -l <"$TMP/session.$name.out") + 1)) >"$TMP/session.$name.from"
    printf '%s\n\\echo %s\n' "$2" "$marker" >&"${!fdvar}"
}
session_wait() {
    local name=$1 marker from i
    marker=$(cat "$TMP/session.$name.mark"); from=$(cat "$TMP/session.$name.from")
    for ((i = 0; i < ${2:-600}; i++)); do
        grep -qx "$marker" "$TMP/session.$name.out" && break
        sleep 0.1
    done
    tail -n +"$from" "$TMP/session.$name.out" | sed "/^$marker\$/,\$d"
}
session_run() { session_send "$1" "$2"; session_wait "$1"; }
session_end() {
    local fdvar=SESSION_FD_$1 pidvar=SESSION_PID_$1
    [ -n "${!fdvar:-}" ] || return 0
    eval "exec ${!fdvar}>&-" 2>/dev/null || true
    wait "${!pidvar}" 2>/dev/null || true
    unset "SESSION_FD_$1"
}
session_cleanup() {
    local s fd
    for fd in "${SESSION_FDS[@]}"; do eval "exec $fd>&-" 2>/dev/null || true; done
    for s in "${SESSIONS[@]}"; do session_end "$s"; done
}
