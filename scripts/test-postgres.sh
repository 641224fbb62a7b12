#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: Debian's packages (installed
# if missing), a fresh cluster in DIR, listening on 127.0.0.1 on a free port
# (and a socket in DIR), trusting local connections, with an empty UTF-8
# database `marsad_test`.
#
# usage: eval "$(scripts/test-postgres.sh start DIR)"   # exports MARSAD_TEST_PG
#        scripts/test-postgres.sh stop DIR
# As root the server runs as the `postgres` user (PostgreSQL refuses root),
# which must reach DIR: make it under /tmp (e.g. mktemp -d), not in a
# directory only root can enter.
set -euo pipefail

cmd="${1:?usage: test-postgres.sh start|stop DIR}"
dir="${2:?usage: test-postgres.sh start|stop DIR}"

bin_dir() {
    local d
    d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
    if [ -z "$d" ] && command -v pg_ctl > /dev/null; then
        d="$(dirname "$(command -v pg_ctl)")"
    fi
    echo "$d"
}

as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

case "$cmd" in
start)
    bin="$(bin_dir)"
    if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
        echo "test-postgres: installing PostgreSQL (Debian's packages)" >&2
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
        bin="$(bin_dir)"
    fi
    [ -x "$bin/initdb" ] || { echo "test-postgres: no initdb found" >&2; exit 1; }
    mkdir -p "$dir"
    # The server's user must reach DIR (its parent must be traversable).
    if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
    as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 > "$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    # Durability is not tested here: fsync off keeps the tests fast.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
        "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start > /dev/null \
        || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -XqAt -c "CREATE DATABASE marsad_test" > /dev/null
    echo "export MARSAD_TEST_PG=postgres://postgres@127.0.0.1:$port/marsad_test"
    echo "test-postgres: server on 127.0.0.1:$port, data in $dir/data" >&2
    ;;
stop)
    bin="$(bin_dir)"
    [ -d "$dir/data" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop > /dev/null 2>&1 || true
    ;;
*)
    echo "usage: test-postgres.sh start|stop DIR" >&2
    exit 2
    ;;
esac
