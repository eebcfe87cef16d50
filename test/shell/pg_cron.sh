#!/usr/bin/env bash
# test/shell/pg_cron.sh — the README's pg_cron recipe ("Nightly maintenance"),
# verbatim, with Debian's postgresql-15-cron, on a cluster of its own whose
# pg_hba.conf asks for a password for every role but the superuser (Debian's
# default asks for one over TCP; here over the socket too, so that a job that
# opened a connection would fail):
#   * postgresql.conf: shared_preload_libraries = 'pg_cron',
#     cron.database_name = the database, cron.use_background_workers = on
#     (jobs run in background workers: no connection, no password);
#   * a non-superuser role with the administrator tier
#     (customer_scoring_grant(role, 'administrator')) and USAGE on schema
#     cron schedules CALL run_nightly_refresh() itself, so the job runs as it;
#   * the run must succeed (cron.job_run_details), write one row per step of
#     customer_scoring_nightly_log with run_by = that role, and fill the
#     scored tables, including a warmth score that changes (the night on
#     which a role tuned on a quiet night used to fail).
# pg_cron's schedule is per minute, so the test waits up to two minutes.
# Skipped where the package is not installed.
set -euo pipefail
# shellcheck source=test/shell/lib/tap.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/tap.sh"

echo "1..6"
if [ ! -f /usr/share/postgresql/15/extension/pg_cron.control ]; then
    for i in 1 2 3 4 5 6; do echo "ok $i # SKIP postgresql-15-cron is not installed"; done
    exit 0
fi

as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

DIR=$(mktemp -d /tmp/cs_cron.XXXXXX)
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$DIR"
test_cleanup() {
    [ -f "$DIR/data/postmaster.pid" ] && as_pg pg_ctl -D "$DIR/data" -m fast -w stop >/dev/null 2>&1
    rm -rf "$DIR"
}
PORT=$((55000 + $$ % 1000))
DB=crm

as_pg initdb --locale=C.UTF-8 --encoding=UTF8 --username=postgres --auth-local=trust \
    --auth-host=scram-sha-256 -D "$DIR/data" >"$DIR/initdb.out" 2>&1
# the superuser by trust (the test harness), every other role by password
cat > "$DIR/data/pg_hba.conf" <<'HBA'
local   all   postgres                  trust
local   all   all                       scram-sha-256
host    all   all       127.0.0.1/32    scram-sha-256
host    all   all       ::1/128         scram-sha-256
HBA
cat >> "$DIR/data/postgresql.conf" <<CONF
listen_addresses = 'localhost'
unix_socket_directories = '$DIR'
port = $PORT
# the README's recipe
shared_preload_libraries = 'pg_cron'
cron.database_name = '$DB'
cron.use_background_workers = on
CONF
if ! as_pg pg_ctl -w -D "$DIR/data" -l "$DIR/log" start >/dev/null 2>&1; then
    fail "a cluster with pg_cron starts" "$(tail -n 20 "$DIR/log")"
    exit 0
fi
export PGHOST=$DIR PGPORT=$PORT PGUSER=postgres
q() { psql -X -A -t -q -v ON_ERROR_STOP=1 -d "$DB" -c "$1" 2>&1; }

createdb "$DB"
setup=$(psql -X -q -v ON_ERROR_STOP=1 -d "$DB" 2>&1 <<'SQL'
CREATE EXTENSION customer_scoring;
CREATE EXTENSION pg_cron;
CREATE ROLE crm_nightly LOGIN PASSWORD 'only-for-this-test';
SELECT customer_scoring_grant('crm_nightly', 'administrator');
GRANT USAGE ON SCHEMA cron TO crm_nightly;

-- customers with orders and warmth rows, and engagement events imported with
-- the triggers off: tonight's warmth refresh must rescore every customer
INSERT INTO customers (first_name, email) SELECT 'C' || i, 'c' || i || '@example.com'
FROM generate_series(1, 20) AS i;
INSERT INTO customer_warmth (customer_id, interaction_frequency_score, budget_qualification_score)
SELECT id, 50, 60 FROM customers;
INSERT INTO orders (customer_id, total_amount, ordered_at, status)
SELECT c.id, 100 + g, now() - (c.id * g) * interval '1 day', 'completed'
FROM customers c, generate_series(1, 3) AS g;
SET session_replication_role = replica;
INSERT INTO customer_engagement_events (customer_id, engagement_type, occurred_at)
SELECT id, 'test_drive', now() - (id * 3) * interval '1 day' FROM customers;
RESET session_replication_role;
SQL
) && rc=0 || rc=$?
is "$rc" 0 "the extension, pg_cron, and a login role with the administrator tier and USAGE on cron"
[ "$rc" -eq 0 ] || printf '%s\n' "$setup" | sed 's/^/# /'

# the README's statement, run by the role itself: the job runs as it
out=$(psql -X -A -t -q -v ON_ERROR_STOP=1 -d "$DB" -c "SET ROLE crm_nightly" \
      -c "SELECT cron.schedule('customer-scoring-nightly', '* * * * *', 'CALL run_nightly_refresh()')" 2>&1) \
      && rc=0 || rc=$?
is "$rc" 0 "crm_nightly schedules CALL run_nightly_refresh() with cron.schedule"

status=""
for _ in $(seq 1 130); do
    status=$(q "SELECT status FROM cron.job_run_details WHERE status IN ('succeeded', 'failed') ORDER BY runid LIMIT 1")
    [ -n "$status" ] && break
    sleep 1
done
q "SELECT cron.unschedule('customer-scoring-nightly')" >/dev/null 2>&1 || true
is "$status" "succeeded" "the job runs under pg_cron within two minutes and succeeds"
[ "$status" = "succeeded" ] \
    || q "SELECT status, return_message, username FROM cron.job_run_details" | sed 's/^/# /'

is "$(q "SELECT count(*) || ' steps, ' || count(*) FILTER (WHERE error_sqlstate IS NULL) || ' ok, by '
              || string_agg(DISTINCT run_by, ',')
         FROM customer_scoring_nightly_log
         WHERE run_started_at = (SELECT min(run_started_at) FROM customer_scoring_nightly_log)")" \
   "5 steps, 5 ok, by crm_nightly" \
   "customer_scoring_nightly_log: one row per step, no error, run by crm_nightly"
is "$(q "SELECT (SELECT count(*) FROM customer_rfm_scores) || ' rfm, ' ||
                (SELECT count(*) FROM customer_health_scores) || ' health'")" \
   "20 rfm, 20 health" "the job filled the RFM and health scores"
is "$(q "SELECT count(*) FROM customer_warmth_history WHERE change_trigger = 'refresh'")" "20" \
   "... and rescored every warmth row, writing its history as crm_nightly (no privilege on that table)"
