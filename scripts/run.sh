#!/usr/bin/env bash
# Install (into .venv) and run Workflows Area on http://127.0.0.1:8080 with the embedded SQLite database.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e .
exec .venv/bin/python main.py
