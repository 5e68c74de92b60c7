#!/usr/bin/env bash
# loom model tests of the lock-free code (tests/tests/loom_queue.rs) and of the heap's SpinLock
# (tests/tests/loom_spin_lock.rs) and of the allocation tracker's counters
# (tests/tests/loom_tracker.rs) and of the lock-free pool (tests/tests/loom_pool.rs) and of the leak detector (tests/tests/loom_leak.rs) and of StackArc's counts (tests/tests/loom_arc.rs): every interleaving of the
# threads up to LOOM_MAX_PREEMPTIONS preemptions (default 3), in release mode. `--cfg loom` makes
# the core crate's `sync` module take its atomics and cells from loom; the separate target
# directory keeps those builds apart from the normal ones.
. "$(dirname "$0")/lib.sh"
RUSTFLAGS="--cfg loom" LOOM_MAX_PREEMPTIONS="${LOOM_MAX_PREEMPTIONS:-3}" \
  cargo test --release -p avila-alloc-tests --no-default-features --test loom_queue --test loom_spin_lock --test loom_tracker --test loom_pool --test loom_leak --test loom_arc \
  --target-dir target/loom
