#!/usr/bin/env bash
# Coverage-guided fuzzing of kakao-channel-core with cargo-fuzz (libFuzzer).
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#
# SECONDS_PER_TARGET defaults to 300; TARGET defaults to every target in fuzz/Cargo.toml.
# Installs the nightly toolchain and cargo-fuzz when they are missing, builds every target once
# (release, with debug assertions and overflow checks), then runs the targets FUZZ_JOBS at a time
# (default 2: the machine has 2 cores). Each run reads the committed seeds in fuzz/corpus/TARGET
# (never written to) and keeps what it finds in fuzz/target/fuzz-corpus/TARGET (git-ignored), so
# the next run starts from there. Crash inputs go to fuzz/artifacts/TARGET/, full logs to
# fuzz/target/fuzz-logs/TARGET.log. One summary line per target; exits 1 if any target crashed
# (panic, overflow, timeout, out of memory).
#
# Environment: FUZZ_JOBS (parallel targets, default 2), FUZZ_SANITIZER (none | address; default
# none: the core is safe Rust, and without ASan a target runs several times more inputs), and
# FUZZ_TIMEOUT (seconds one input may take before it counts as a hang, default 10).
#
# Reproduce a crash: fuzz/target/<host>/release/TARGET fuzz/artifacts/TARGET/crash-…
# (or: cd fuzz && cargo +nightly fuzz run TARGET artifacts/TARGET/crash-…).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
fuzz=$root/fuzz

secs=${1:-300}
[ "$#" -gt 0 ] && shift
if ! [[ $secs =~ ^[0-9]+$ ]] || [ "$secs" -lt 1 ]; then
  echo "usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]" >&2
  exit 2
fi
jobs=${FUZZ_JOBS:-2}
sanitizer=${FUZZ_SANITIZER:-none}
timeout=${FUZZ_TIMEOUT:-10}

all_targets=$(sed -n 's/^name = "\([a-z_]*\)"$/\1/p' "$fuzz/Cargo.toml" | grep -v '^kakao')
if [ "$#" -gt 0 ]; then
  targets=("$@")
  for t in "${targets[@]}"; do
    if ! grep -qx "$t" <<<"$all_targets"; then
      echo "unknown target '$t'; targets: $(echo $all_targets)" >&2
      exit 2
    fi
  done
else
  # shellcheck disable=SC2206
  targets=($all_targets)
fi

# Tools, installed once.
if ! rustup toolchain list | grep -q '^nightly'; then
  echo "== installing the nightly toolchain"
  rustup toolchain install nightly --profile minimal
fi
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  echo "== installing cargo-fuzz"
  cargo install cargo-fuzz
fi

echo "== building ${#targets[@]} fuzz targets (sanitizer: $sanitizer)"
(cd "$fuzz" && cargo +nightly fuzz build --sanitizer "$sanitizer")
host=$(rustc +nightly -vV | sed -n 's/^host: //p')
bindir=$fuzz/target/$host/release

max_len_of() {
  case $1 in
    webhook_parse) echo 65536 ;;
    webhook_authorize) echo 16384 ;;
    *) echo 4096 ;;
  esac
}

logs=$fuzz/target/fuzz-logs
mkdir -p "$logs"

run_one() {
  local t=$1 start=$SECONDS rc=0
  local out=$fuzz/target/fuzz-corpus/$t
  mkdir -p "$out" "$fuzz/artifacts/$t"
  "$bindir/$t" \
    -max_total_time="$secs" -rss_limit_mb=2048 -max_len="$(max_len_of "$t")" \
    -timeout="$timeout" -dict="$fuzz/kakao.dict" -print_final_stats=1 \
    -artifact_prefix="$fuzz/artifacts/$t/" \
    "$out" "$fuzz/corpus/$t" >"$logs/$t.log" 2>&1 || rc=$?
  local wall=$((SECONDS - start))
  local runs cov ft corp result last
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$logs/$t.log" | tail -1)
  last=$(grep -E '^#[0-9]+.*cov: ' "$logs/$t.log" | tail -1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corp=$(find "$out" -type f | wc -l)
  if [ "$rc" -eq 0 ]; then
    result=clean
  else
    local artifact
    artifact=$(grep -o 'Test unit written to [^ ]*' "$logs/$t.log" | tail -1 | sed 's/Test unit written to //')
    result="FOUND (exit $rc) ${artifact:-see $logs/$t.log}"
    if [ -z "$runs" ]; then
      runs=$(grep -oE '^#[0-9]+' "$logs/$t.log" | tail -1 | tr -d '#')
    fi
  fi
  printf '%-22s runs=%-10s cov=%-5s ft=%-6s corpus=%-5s wall=%ss  %s\n' \
    "$t" "${runs:-?}" "${cov:-?}" "${ft:-?}" "$corp" "$wall" "$result" >"$logs/$t.summary"
  cat "$logs/$t.summary"
  [ "$rc" -eq 0 ]
}

echo "== fuzzing ${#targets[@]} targets, ${secs}s each, $jobs at a time"
failed=0
running=0
for t in "${targets[@]}"; do
  rm -f "$logs/$t.summary"
  run_one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || failed=1
    running=$((running - 1))
  fi
done
while [ "$running" -gt 0 ]; do
  wait -n || failed=1
  running=$((running - 1))
done

echo "== summary"
for t in "${targets[@]}"; do
  if [ -f "$logs/$t.summary" ]; then cat "$logs/$t.summary"; else echo "$t: no result"; failed=1; fi
done
if [ "$failed" -ne 0 ]; then
  echo "fuzzing found crashes: see fuzz/artifacts/ and fuzz/target/fuzz-logs/" >&2
  exit 1
fi
echo "no crashes"
