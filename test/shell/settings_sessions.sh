#!/usr/bin/env bash
# test/shell/settings_sessions.sh — a setting changed by one connection is
# used by another connection that is already open (a pooled backend) from its
# next statement: the settings are rows of customer_scoring_settings, not
# variables of a session.  An uncommitted change is not seen; a committed one
# is, by the orders trigger as well as by SQL.
set -euo pipefail
# shellcheck source=test/shell/lib/tap.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/tap.sh"

DB=cs_settings_$$
drop_at_exit "$DB"
createdb "$DB"
q "CREATE EXTENSION customer_scoring" >/dev/null
echo "1..6"

session_start pooled
out=$(session_run pooled "INSERT INTO customers (id, first_name) VALUES (1, 'A'), (2, 'B'), (3, 'C');
                          INSERT INTO orders (customer_id, total_amount) VALUES (1, 60000);
                          SELECT customer_type FROM customers WHERE id = 1;")
is "$out" "new" "the pooled connection: an order of 60,000 is new with the default VIP threshold 100,000"

session_start admin
session_run admin "BEGIN; UPDATE customer_scoring_settings SET value = '50000' WHERE name = 'vip_threshold';" >/dev/null
out=$(session_run pooled "INSERT INTO orders (customer_id, total_amount) VALUES (2, 60000);
                          SELECT customer_type || ' ' || setting('vip_threshold') FROM customers WHERE id = 2;")
is "$out" "new 100000" "an uncommitted change is not used by the other connection"

session_run admin "COMMIT;" >/dev/null
out=$(session_run pooled "INSERT INTO orders (customer_id, total_amount) VALUES (3, 60000);
                          SELECT customer_type || ' ' || setting('vip_threshold') FROM customers WHERE id = 3;")
is "$out" "vip 50000" "once committed, the pooled connection's next order uses the new threshold"

out=$(session_run pooled "UPDATE orders SET notes = 'x' WHERE customer_id = 2;
                          SELECT customer_type FROM customers WHERE id = 2;")
is "$out" "vip" "and so does its next recomputation of an older customer"

out=$(session_run admin "UPDATE customer_scoring_settings SET value = '-1' WHERE name = 'vip_threshold';")
case $out in
    *'invalid value for setting "vip_threshold": "-1"'*) pass "an invalid value is refused" ;;
    *) fail "an invalid value is refused" "$out" ;;
esac
out=$(session_run pooled "SELECT setting('vip_threshold');")
is "$out" "50000" "and the other connection keeps the last valid value"
