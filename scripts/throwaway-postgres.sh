#!/usr/bin/env bash
# A throw-away PostgreSQL server from Debian's packages, in a temporary folder, on a free loopback port.
#   eval "$(bash scripts/throwaway-postgres.sh start)"   # sets PG_FOLDER and PG_URL (postgresql://…/postgres)
#   bash scripts/throwaway-postgres.sh stop "$PG_FOLDER"  # stops it and removes the folder
# Trust authentication, loopback only: for tests and trials, never for real data.
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bin" ]; then
  sudo=''; [ "$(id -u)" -eq 0 ] || sudo='sudo'
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-}" in
  start)
    folder=$(mktemp -d /tmp/workflows-area-pg.XXXXXX)
    chmod 755 "$folder"
    [ "$(id -u)" -ne 0 ] || chown postgres "$folder"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$bin/initdb" -D "$folder/data" -U postgres --auth=trust -E UTF8 --no-sync >"$folder/initdb.log" 2>&1
    as_owner "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $folder -c fsync=off -c synchronous_commit=off -c max_connections=300" \
      start >/dev/null
    echo "PG_FOLDER=$folder; PG_BIN=$bin; PG_URL=postgresql://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    folder=${2:?the folder printed by start}
    as_owner "$bin/pg_ctl" -D "$folder/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$folder"
    ;;
  *) echo "usage: $0 start | stop FOLDER" >&2; exit 2 ;;
esac
