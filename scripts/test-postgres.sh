#!/usr/bin/env bash
# Throwaway PostgreSQL 15 for the test suite, on loopback.
#   scripts/test-postgres.sh start DIR PORT   -> initialises DIR, starts the server, creates database "comptoir_test"
#   scripts/test-postgres.sh stop DIR         -> stops it
# Prints nothing on success but the URL to use as TEST_DATABASE_URL (start).
set -euo pipefail

action=${1:?usage: test-postgres.sh start|stop DIR [PORT]}
dir=${2:?usage: test-postgres.sh start|stop DIR [PORT]}
port=${3:-55432}
bin=/usr/lib/postgresql/15/bin

ensure_binaries() {
  if [ ! -x "$bin/pg_ctl" ]; then
    echo "PostgreSQL 15 binaries missing: installing with apt" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 postgresql-contrib-15 >&2 || \
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  fi
}

as_postgres() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
  start)
    ensure_binaries
    mkdir -p "$dir"
    if [ "$(id -u)" = "0" ]; then chown postgres:postgres "$dir"; fi
    if [ ! -f "$dir/PG_VERSION" ]; then
      as_postgres "$bin/initdb" -D "$dir" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    # Swift Testing runs the suites concurrently and each test's app pools up to 8 connections: 1 000 leaves room when a
    # loaded machine keeps many tests open at once (400 ran out: « too many clients already »).
    as_postgres "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=1000 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
    as_postgres "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres comptoir_test 2>/dev/null || true
    echo "postgres://postgres@127.0.0.1:$port/comptoir_test?sslmode=disable"
    ;;
  stop)
    if [ -f "$dir/postmaster.pid" ]; then
      as_postgres "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null || true
    fi
    ;;
  *)
    echo "usage: test-postgres.sh start|stop DIR [PORT]" >&2
    exit 2
    ;;
esac
