#!/usr/bin/env bash
# Runs every cargo-fuzz target for FUZZ_SECONDS (default 15, to stay within CI's time budget; set
# it higher for a campaign), FUZZ_JOBS targets at a time (default: one per core; each target is a
# single-threaded process). A crash fails the script, prints that target's output and leaves the
# input in fuzz/artifacts/<target>/.
. "$(dirname "$0")/lib.sh"
SECONDS_PER_TARGET="${FUZZ_SECONDS:-15}"
JOBS="${FUZZ_JOBS:-$(nproc)}"
cd fuzz
cargo +"$NIGHTLY" fuzz build
mkdir -p ../target/fuzz-logs

run_target() { # $1: target; output to its log, printed when it ends
  local log="../target/fuzz-logs/$1.log" status=0
  cargo +"$NIGHTLY" fuzz run "$1" -- -max_total_time="$SECONDS_PER_TARGET" >"$log" 2>&1 || status=$?
  if ((status == 0)); then
    echo "-- fuzz $1 for ${SECONDS_PER_TARGET}s: $(grep -E '^Done [0-9]+ runs' "$log" || echo done)"
  else
    echo "-- fuzz $1 FAILED (exit $status):"
    cat "$log"
  fi
  return "$status"
}

failed=0
running=0
for target in $(cargo +"$NIGHTLY" fuzz list); do
  if ((running >= JOBS)); then
    wait -n || failed=1
    running=$((running - 1))
  fi
  run_target "$target" &
  running=$((running + 1))
done
while ((running > 0)); do
  wait -n || failed=1
  running=$((running - 1))
done
exit "$failed"
