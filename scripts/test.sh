#!/usr/bin/env bash
# The README's test command: set up what is missing, then run every check — lint, native Rust
# tests, the package build and its size budget, Node tests, and the browser tests in headless
# Chromium against the fake Kakao server. Idempotent; stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER=/usr/bin/chromedriver

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "lint: rustfmt"
cargo fmt --all -- --check
step "lint: clippy (host, server build, wasm32, wasm32 release build)"
cargo clippy --all-targets -- -D warnings
cargo clippy --all-targets --features server -- -D warnings
cargo clippy --all-targets --target wasm32-unknown-unknown -- -D warnings
cargo clippy --lib --target wasm32-unknown-unknown --features tiny -- -D warnings

step "native tests (pure-Rust core)"
cargo test --features server

step "build the npm package"
node scripts/build.mjs

step "size budget (gzip -9 of what a browser downloads)"
node scripts/size.mjs --check

step "Node tests (SSR import, server entry, package + types, fake Kakao server)"
node --test tests/node/

step "browser tests (wasm-bindgen-test in headless Chromium, against the fake Kakao server)"
node scripts/with-fake-kakao.mjs -- wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver

step "all checks passed"
