#!/usr/bin/env bash
# Idempotent set-up for a fresh machine that has Rust (rustup) and Node, and nothing else.
# Installs only what is missing: the wasm32 target, wasm-pack, the wasm-bindgen CLI matching
# Cargo.lock, npm dev dependencies and (with --browser) Debian's chromium + chromium-driver.
#
#   scripts/setup.sh            # what the build and the demo need
#   scripts/setup.sh --browser  # plus the headless browser and redis-server the tests need
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=1 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

say() { printf '[setup] %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

# 1. The wasm32 target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# 1b. The nightly toolchain the browser module is built with (scripts/build.mjs: -Zbuild-std with
#     panic=immediate-abort drops std's panic and formatting machinery); lint and tests stay stable.
if ! rustup toolchain list | grep -q '^nightly'; then
  say "installing the nightly toolchain (minimal profile)"
  rustup toolchain install nightly --profile minimal
fi
if ! rustup +nightly component list --installed | grep -q '^rust-src'; then
  say "adding rust-src to nightly (for -Zbuild-std)"
  rustup component add rust-src --toolchain nightly
fi
if ! rustup +nightly target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target to nightly"
  rustup +nightly target add wasm32-unknown-unknown
fi

# 2. wasm-pack (built from crates.io: its own installer downloads binaries, which fails here).
if ! command -v wasm-pack >/dev/null 2>&1; then
  say "installing wasm-pack with cargo (a few minutes, once)"
  cargo install wasm-pack --version 0.15.1
fi

# 3. The wasm-bindgen CLI, exactly the version Cargo.lock resolves (the crate pins it with '=').
#    Without --locked: its lock file names a crate version the registry mirror lacks.
bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
have_bindgen=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [ "$have_bindgen" != "$bindgen_version" ]; then
  say "installing wasm-bindgen-cli $bindgen_version with cargo (a few minutes, once)"
  cargo install wasm-bindgen-cli --version "$bindgen_version" --force
fi

# 4. npm dev dependencies (binaryen's wasm-opt, playwright-core), from the lock file.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dev dependencies"
  npm ci --no-audit --no-fund
fi

# 5. Debian's Chromium and its driver for the headless tests (never a browser download), and the
#    Noto CJK fonts so Korean text renders in its screenshots (the demo speaks Korean).
cjk_font=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
if [ "$want_browser" = 1 ] && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || [ ! -f "$cjk_font" ]; }; then
  say "installing Debian's chromium, chromium-driver and fonts-noto-cjk"
  sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null
fi

# 6. Debian's redis-server for the webhook receivers' shared-store tests (the tests start and stop
#    their own server on a free loopback port; the package itself needs no Redis).
if [ "$want_browser" = 1 ] && ! command -v redis-server >/dev/null 2>&1; then
  say "installing Debian's redis-server"
  sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends redis-server >/dev/null
  # Debian starts the packaged service where it can; the tests never use it.
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet redis-server 2>/dev/null; then
    $sudo_cmd systemctl disable --now redis-server >/dev/null 2>&1 || true
  fi
fi

say "ready"
