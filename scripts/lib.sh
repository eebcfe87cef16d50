# shellcheck shell=bash
# scripts/lib.sh — helpers shared by scripts/demo and scripts/test.
# Source it (". scripts/lib.sh"); it defines functions and a few variables and
# starts nothing by itself.  Facts behind the choices: shared/RECIPE.md.

# Repo root, from this file's location, so the scripts work from any cwd.
CS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export CS_ROOT

CS_PGBIN=/usr/lib/postgresql/15/bin
# The version-specific pg_config (not /usr/bin/pg_config); Debian's PGXS would
# also build LLVM bitcode, which nothing here needs.
CS_MAKEVARS=(PG_CONFIG="$CS_PGBIN/pg_config" with_llvm=no)

# runuser lives in /usr/sbin; initdb, pg_ctl and pg_isready in the server's bin.
export PATH="$CS_PGBIN:/usr/sbin:$PATH"
# Same messages and collation on every machine (only C/C.UTF-8/POSIX exist on
# a fresh Debian image; an unset or missing locale makes perl and psql noisy).
export LC_ALL=C.UTF-8
unset LANGUAGE

cs_die() { printf 'error: %s\n' "$*" >&2; exit 1; }
cs_say() { printf '%s\n' "$*"; }

# Packages the project needs.  The first four are RECIPE.md's list; make, gcc
# and libc6-dev are only Recommends/absent on a minimal image, yet PGXS needs
# them to compile the C code (server-dev pulls clang, not gcc).
CS_PACKAGES=(postgresql-15 postgresql-server-dev-15 postgresql-15-pgtap postgresql-15-cron
             libtap-parser-sourcehandler-pgtap-perl make gcc libc6-dev)

cs_install_packages() {
    local missing=() p log
    for p in "${CS_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' \
            || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    [ "$(id -u)" -eq 0 ] || { printf 'error: missing packages (run as root to install): %s\n' \
                                "${missing[*]}" >&2; return 1; }
    cs_say "Installing ${missing[*]} ..."
    log=$(mktemp)
    # Quiet unless it fails; then show apt's own words.
    if ! { apt-get update -q &&
           DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
               -o DPkg::Lock::Timeout=300 "${CS_PACKAGES[@]}"; } >"$log" 2>&1 </dev/null; then
        tail -n 50 "$log" >&2; rm -f "$log"
        printf 'error: apt-get failed installing %s\n' "${missing[*]}" >&2
        return 1
    fi
    rm -f "$log"
}

# Build and install into the PostgreSQL 15 tree (make install overwrites, so
# running it again is harmless).  Compiler warnings still show with -s.
cs_build_install() {
    ( cd "$CS_ROOT" &&
      make -s "${CS_MAKEVARS[@]}" &&
      make -s "${CS_MAKEVARS[@]}" install ) || {
        printf 'error: building or installing customer_scoring failed (see above)\n' >&2
        return 1
    }
}

# Run a server-side program as postgres: initdb and postgres refuse root.
# cd into the cluster dir first, else runuser complains it can't stay in /root.
# Not root (a developer's own account)?  Then just run it as ourselves.
cs_as_pg() {
    ( cd "$CS_DIR" || exit 1
      if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi )
}

# Is something already answering on this port (any socket dir we know, or TCP)?
# Two servers on one port with different socket dirs would not clash, but a
# leftover from an interrupted run is easier to spot on its own port.
cs_port_busy() {
    local port=$1 s rc
    for s in /tmp/.s.PGSQL."$port" /tmp/*/.s.PGSQL."$port" /var/run/postgresql/.s.PGSQL."$port"; do
        [ -S "$s" ] && return 0
    done
    rc=0; pg_isready -q -h 127.0.0.1 -p "$port" -t 2 >/dev/null 2>&1 || rc=$?
    [ "$rc" -le 1 ]     # 0 = accepting, 1 = rejecting: someone is there
}

# cs_cluster_start [port] — a throw-away cluster: own data dir, socket in that
# dir, no TCP, non-default port (CS_PORT or 54329, next free one if busy).
# Exports PGHOST PGPORT PGUSER PGDATABASE for clients, CS_DIR and CS_LOG (the
# server log, for tests to grep), and stops + removes it all on EXIT.
# Returns non-zero (with the reason on stderr) if it cannot.
# shellcheck disable=SC2120  # the port argument is optional
cs_cluster_start() {
    local port=${1:-${CS_PORT:-54329}} tries=0
    while cs_port_busy "$port"; do
        tries=$((tries + 1))
        [ $tries -lt 20 ] || { cs_say "error: no free port near ${1:-${CS_PORT:-54329}}" >&2; return 1; }
        port=$((port + 1))
    done
    # /tmp explicitly: postgres must reach it, and the socket path must stay short.
    CS_DIR=$(mktemp -d /tmp/cs_pg.XXXXXX) || return 1
    CS_LOG=$CS_DIR/log
    export CS_DIR CS_LOG
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$CS_DIR"
    trap cs_cluster_stop EXIT
    # An interrupt should still run the EXIT trap (and so stop the server).
    trap 'exit 130' INT; trap 'exit 143' TERM; trap 'exit 129' HUP

    cs_as_pg initdb --locale=C.UTF-8 --encoding=UTF8 --auth=trust --username=postgres \
        -D "$CS_DIR/data" >"$CS_DIR/initdb.out" 2>&1 \
        || { cat "$CS_DIR/initdb.out" >&2; cs_say "error: initdb failed" >&2; return 1; }
    cs_as_pg pg_ctl -w -D "$CS_DIR/data" -l "$CS_LOG" \
        -o "-c listen_addresses='' -c unix_socket_directories='$CS_DIR' -p $port -c max_connections=50 -c shared_preload_libraries=''" \
        start >/dev/null \
        || { cat "$CS_LOG" >&2; cs_say "error: the server did not start (log above)" >&2; return 1; }

    export PGHOST=$CS_DIR PGPORT=$port PGUSER=postgres PGDATABASE=postgres
}

# Stop the cluster and remove its directory; safe to call twice or with none.
cs_cluster_stop() {
    local dir=${CS_DIR:-}
    [ -n "$dir" ] || return 0
    case $dir in /tmp/cs_pg.??????) ;; *) printf 'refusing to remove %s\n' "$dir" >&2; return 1;; esac
    if [ -f "$dir/data/postmaster.pid" ]; then
        cs_as_pg pg_ctl -D "$dir/data" -m fast -w stop >/dev/null 2>&1 \
            || printf 'warning: could not stop the server in %s\n' "$dir" >&2
    fi
    rm -rf "$dir"
    unset CS_DIR
}
