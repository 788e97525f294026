#!/usr/bin/env bash
# Install everything (Debian's Chromium, PostgreSQL and nginx when missing; the Python packages
# into .venv) and run the whole test suite: lint, types, every test on SQLite, and the domain tests
# again on a throw-away PostgreSQL server (started here, stopped afterwards even when tests fail).
# Extra arguments go to pytest and run on SQLite only, e.g. `bash scripts/test.sh tests/pages -x`.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v chromium >/dev/null || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=''; [ "$(id -u)" -eq 0 ] || sudo='sudo'
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
lint() { .venv/bin/ruff check . && .venv/bin/mypy model ui main.py tests bench; }
if [ $# -gt 0 ]; then
  lint
  exec .venv/bin/python -m pytest "$@"
fi

eval "$(bash scripts/throwaway-postgres.sh start)"
results=$(mktemp -d)
trap 'bash scripts/throwaway-postgres.sh stop "$PG_FOLDER"; rm -rf "$results"' EXIT
export TEST_POSTGRESQL_SERVER="$PG_URL"  # the two-process browser test makes its database there
# Two lanes, one per core, about as long as each other: in the background (into a file shown afterwards) lint,
# the page tests on SQLite, then the domain tests on PostgreSQL; in the foreground the domain tests on SQLite,
# then the tests in Chromium. Page tests run on SQLite only: what they reach in model/ the domain tests reach on
# both engines (docs/decisions.md, "Both engines").
(
  status=0
  lint || status=$?
  echo "== SQLite: page tests"
  .venv/bin/python -m pytest tests/pages -p no:cacheprovider --basetemp="$results/pages" || status=$?
  echo "== PostgreSQL: domain tests"
  TEST_POSTGRESQL_URL="$PG_URL" .venv/bin/python -m pytest tests --ignore=tests/browser --ignore=tests/pages \
    -p no:cacheprovider --basetemp="$results/postgresql" || status=$?
  exit "$status"
) >"$results/log" 2>&1 &
background_run=$!
echo "== SQLite: domain tests, then the tests in Chromium"
foreground_status=0
.venv/bin/python -m pytest tests --ignore=tests/pages -p no:cacheprovider --basetemp="$results/sqlite" \
  || foreground_status=$?
background_status=0
wait "$background_run" || background_status=$?
echo "== Lint (ruff, mypy), page tests, PostgreSQL"
cat "$results/log"
[ "$foreground_status" -eq 0 ] && [ "$background_status" -eq 0 ]
