#!/usr/bin/env bash
# loom model tests of the lock-free code: the SPSC queue (tests/tests/loom_queue.rs), the heap's
# SpinLock (loom_spin_lock.rs), the allocation tracker's counters (loom_tracker.rs), the lock-free
# pool (loom_pool.rs), the leak detector's table (loom_leak.rs), StackArc's counts (loom_arc.rs),
# the shared arena's bump offset (loom_arena.rs) and OsHeap's remote-free list
# (loom_os_heap.rs): every interleaving of the threads up to LOOM_MAX_PREEMPTIONS preemptions
# (default 3), in release mode. `--cfg loom` makes the core crate's `sync` module take its atomics
# and cells from loom; the separate target directory keeps those builds apart from the normal ones.
. "$(dirname "$0")/lib.sh"
RUSTFLAGS="--cfg loom" LOOM_MAX_PREEMPTIONS="${LOOM_MAX_PREEMPTIONS:-3}" \
  cargo test --release -p avila-alloc-tests --no-default-features --test loom_queue --test loom_spin_lock --test loom_tracker --test loom_pool --test loom_leak \
  --test loom_arc --test loom_arena --test loom_os_heap \
  --target-dir target/loom
