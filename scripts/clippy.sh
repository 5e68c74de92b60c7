#!/usr/bin/env bash
# Clippy with warnings denied: the whole workspace with all targets, then the core crate in every
# combination of its features (each feature must build and lint clean on its own).
. "$(dirname "$0")/lib.sh"
cargo clippy --workspace --all-targets --features "$STABLE_FEATURES,avila-alloc-tests/backtrace" -- -D warnings
while read -r features; do
  echo "-- avila-alloc features: [${features}]"
  cargo clippy -p avila-alloc --all-targets --no-default-features --features "$features" -- -D warnings
done < <(feature_powerset)
# `debug-invariants` only adds `Heap::check_invariants`: linted once on its own, not in the power
# set (which it would double).
echo "-- avila-alloc features: [debug-invariants]"
cargo clippy -p avila-alloc --all-targets --no-default-features --features debug-invariants -- -D warnings
# The extra lock features, likewise once each (see EXTRA_FEATURES in lib.sh).
for feature in "${EXTRA_FEATURES[@]}"; do
  echo "-- avila-alloc features: [$feature]"
  cargo clippy -p avila-alloc --all-targets --no-default-features --features "$feature" -- -D warnings
done
echo "-- avila-alloc features: [all, with nightly] on $NIGHTLY"
cargo +"$NIGHTLY" clippy -p avila-alloc --all-targets --all-features --target-dir target/nightly -- -D warnings
# The `nightly` feature's unit tests and doctests (core's `Allocator` for the arenas, heap and
# trackers; StackBox's nightly route) build only on nightly: no other script runs them.
echo "-- avila-alloc tests: [nightly,std] on $NIGHTLY"
cargo +"$NIGHTLY" test -p avila-alloc --features nightly,std --target-dir target/nightly
