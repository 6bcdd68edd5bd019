#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on loopback for the test suite and print its SQLAlchemy URL.
# Installs Debian's postgresql package first when no server binaries are present (needs root).
set -euo pipefail
PORT="${IMNM_PG_PORT:-55432}"
DIR="${IMNM_PG_DIR:-${TMPDIR:-/tmp}/imnm-pg-$PORT}"

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
BIN="$(find_bin)"
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "start-postgres: PostgreSQL is not installed and this user cannot install it (apt-get install postgresql)" >&2
    exit 1
  fi
  echo "start-postgres: installing Debian's postgresql package" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  BIN="$(find_bin)"
fi

RUNAS=()
if [ "$(id -u)" = 0 ]; then RUNAS=(runuser -u postgres --); fi

if ! "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
  if [ ! -f "$DIR/PG_VERSION" ]; then
    rm -rf "$DIR"
    mkdir -p "$DIR"
    if [ "$(id -u)" = 0 ]; then chown postgres "$DIR"; fi
    "${RUNAS[@]}" "$BIN/initdb" -D "$DIR" -U postgres -A trust --no-sync >/dev/null
  fi
  "${RUNAS[@]}" "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off" start >/dev/null
fi

if ! "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = 'imnm_test'" | grep -q 1; then
  "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres imnm_test
fi
echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/imnm_test"
