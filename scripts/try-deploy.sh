#!/usr/bin/env bash
# Try the several-process shape on this machine, all on loopback (docs/deploy.md):
# a throw-away PostgreSQL, two app processes and Debian's nginx in front of them.
#   bash scripts/try-deploy.sh      then open http://127.0.0.1:8080 (PORT=... to choose); Ctrl-C stops everything
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-8080}
APP_PORTS=(${APP_PORTS:-8081 8082})
if ! command -v nginx >/dev/null; then
  sudo=''; [ "$(id -u)" -eq 0 ] || sudo='sudo'
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nginx >/dev/null
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e .

work=$(mktemp -d /tmp/workflows-area-deploy.XXXXXX)
eval "$(bash scripts/throwaway-postgres.sh start)"
pids=()
stop_all() {
  [ -f "$work/nginx.pid" ] && nginx -c "$work/nginx.conf" -p "$work" -s stop 2>/dev/null || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  bash scripts/throwaway-postgres.sh stop "$PG_FOLDER"
  rm -rf "$work"
}
trap stop_all EXIT
trap 'exit 0' INT TERM

export DATABASE_URL="$PG_URL"
export STORAGE_SECRET=${STORAGE_SECRET:-$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(32))')}
export ADMIN_EMAIL=${ADMIN_EMAIL:-demo@example.com} ADMIN_PASSWORD=${ADMIN_PASSWORD:-try-deploy-password}
upstreams=''
for port in "${APP_PORTS[@]}"; do
  HOST=127.0.0.1 PORT=$port NICEGUI_STORAGE_PATH="$work/storage-$port" .venv/bin/python main.py \
    >"$work/app-$port.log" 2>&1 &
  pids+=($!)
  upstreams+="server 127.0.0.1:$port; "
done
for port in "${APP_PORTS[@]}"; do
  for _ in $(seq 120); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.5
  done
done
sed -e "s|@PREFIX@|$work|g" -e "s|@LISTEN@|127.0.0.1:$PORT|g" -e "s|@UPSTREAMS@|$upstreams|g" deploy/nginx.conf \
  >"$work/nginx.conf"
nginx -c "$work/nginx.conf" -p "$work"
echo
echo "  Workflows Area behind nginx: http://127.0.0.1:$PORT  (processes: ${APP_PORTS[*]/#/http://127.0.0.1:})"
echo "  Sign in as $ADMIN_EMAIL with the password $ADMIN_PASSWORD. Logs in $work. Ctrl-C stops everything."
echo
wait "${pids[@]}"
