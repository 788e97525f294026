#!/usr/bin/env bash
# Rebuilds the canvas component (ui/canvas/dist/canvas.js) from ui/canvas/src with the locked npm packages.
# Only needed after changing ui/canvas: the built file is committed, so running the app needs neither Node
# nor the network. Prints the bundle's gzipped size (the editor page's budget is 300 kB).
set -euo pipefail
cd "$(dirname "$0")/../ui/canvas"
npm ci --no-audit --no-fund
npx vite build
# Vite leaves whitespace in ES-module libraries; esbuild (a dependency of Vite) removes it.
npx esbuild dist/canvas.js --minify --format=esm --outfile=dist/canvas.js --allow-overwrite --log-level=warning
echo "canvas.js: $(wc -c < dist/canvas.js) bytes, $(gzip -9 -c dist/canvas.js | wc -c) bytes gzipped"
