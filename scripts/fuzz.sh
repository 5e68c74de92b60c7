#!/usr/bin/env bash
# Runs every cargo-fuzz target for FUZZ_SECONDS (default 15: fifteen targets within CI's time
# budget; set it higher for a campaign). A crash fails the script and leaves the input in
# fuzz/artifacts/<target>/.
. "$(dirname "$0")/lib.sh"
SECONDS_PER_TARGET="${FUZZ_SECONDS:-15}"
cd fuzz
cargo +"$NIGHTLY" fuzz build
for target in $(cargo +"$NIGHTLY" fuzz list); do
  echo "-- fuzz $target for ${SECONDS_PER_TARGET}s"
  cargo +"$NIGHTLY" fuzz run "$target" -- -max_total_time="$SECONDS_PER_TARGET"
done
