#!/usr/bin/env bash
# Rebuilds ui/styles/dist/utilities.css: the Tailwind utilities that ui/ uses, found by scanning its Python and
# JavaScript, with the locked npm packages (the same Tailwind version NiceGUI ships for the browser). Run it after
# using a Tailwind class no page used before; the built file is committed, so running the app needs neither Node
# nor the network. tests/test_styles.py fails while a class in ui/ is missing from it.
set -euo pipefail
cd "$(dirname "$0")/../ui/styles"
npm ci --no-audit --no-fund
npm run build
echo "utilities.css: $(wc -c < dist/utilities.css) bytes"
