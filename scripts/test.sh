#!/usr/bin/env bash
# The README's test command: set up what is missing, then run every check — lint, native Rust
# tests, the package build and its size budget, Node tests, and wasm-bindgen tests in headless
# Chromium against the fake Kakao server. Idempotent; stops at the first
# failure; ends with one "N passed, N failed" line summing every runner.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER=/usr/bin/chromedriver

log=$(mktemp)
trap 'rm -f "$log"' EXIT
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
# Runs a test command, showing its output and keeping it for the final count.
counted() { "$@" 2>&1 | tee -a "$log"; }

step "lint: rustfmt"
cargo fmt --all -- --check
step "lint: clippy (host, server build, wasm32, wasm32 release build)"
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy --workspace --all-targets --features server -- -D warnings
cargo clippy --all-targets --target wasm32-unknown-unknown -- -D warnings
cargo clippy --all-targets --target wasm32-unknown-unknown --features server -- -D warnings

step "the core stays pure: no wasm-bindgen, js-sys, web-sys or gloo in its dependency tree"
if cargo tree -p kakao-channel-core --all-features -e normal --prefix none | grep -E '^(wasm-bindgen|js-sys|web-sys|gloo)'; then
  echo "kakao-channel-core must not depend on the packages above" >&2
  exit 1
fi

step "native tests (pure-Rust core with the server-only admin modules, property tests)"
counted cargo test -p kakao-channel-core --all-features

step "build the npm package"
node scripts/build.mjs

step "size budget (gzip -9 of what a browser downloads)"
node scripts/size.mjs --check

step "Node tests (SSR import, server entry, package + types, fake Kakao server)"
counted node --test tests/node/

step "wasm-bindgen tests in headless Chromium (against the fake Kakao server)"
counted node scripts/with-fake-kakao.mjs --wasm-test-origin -- wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver -- --test web --test web_before_init --test flows

step "wasm-bindgen tests in Node (what works without a page)"
counted node scripts/with-fake-kakao.mjs -- wasm-pack test --node -- --test node

step "browser tests: the package in headless Chromium via playwright-core (demo page + fake Kakao)"
counted node --test --test-concurrency=1 tests/browser/

step "framework apps from the packed tarball: Next.js (Turbopack, webpack, standalone moved), Vite + React, Vite + Vue (SSR + hydration), CommonJS TypeScript"
counted node --test --test-concurrency=1 tests/apps/

step "summary"
# cargo: "test result: ok. N passed; M failed"; node --test: "# pass N" / "# fail M".
awk '
  /test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
  /^# pass / { p += $3 } /^# fail / { f += $3 }
  END { printf "all checks passed: %d passed, %d failed\n", p, f; if (f > 0) exit 1 }
' "$log"
