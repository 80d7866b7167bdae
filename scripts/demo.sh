#!/usr/bin/env bash
# The README's demo command: set up what is missing, build the package, serve the demo page with
# the fake Kakao server, and print the URL. Idempotent. PORT=… picks another port (default 8080).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# The demo loads the package itself (dist/).
node scripts/build.mjs
exec node scripts/demo-server.mjs --port "${PORT:-8080}"
