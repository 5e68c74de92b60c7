#!/usr/bin/env bash
# Line coverage of the core crate by the whole test suite (its unit tests, the model, serde and
# auto-trait tests; doctests are not counted), which must stay at or above 90%. Prints a summary
# per file; `cargo llvm-cov --workspace --features "$STABLE_FEATURES" --open` shows the annotated
# sources. The tests crate's `backtrace` feature adds the `global_profiler_backtraces` test.
. "$(dirname "$0")/lib.sh"
cargo llvm-cov --workspace --features "$STABLE_FEATURES,avila-alloc-tests/backtrace" --summary-only \
  --ignore-filename-regex '/(avila-alloc-bench|tests)/' \
  --fail-under-lines 90
