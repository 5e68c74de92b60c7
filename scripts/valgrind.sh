#!/usr/bin/env bash
# OsHeap as the global allocator of a real program, under valgrind's memcheck: the
# `global_os_heap` test binary (std workloads on many threads, cross-thread frees, thread exit,
# allocation in thread-local destructors), built in release and run with every memcheck error
# fatal. Memcheck sees OsHeap's segments as the blocks of the system allocator, so it checks that
# OsHeap itself never reads uninitialized memory (its free lists, page descriptors and thread
# caches) and never touches memory outside the segments it holds. Installs valgrind if missing.
. "$(dirname "$0")/lib.sh"
if ! command -v valgrind >/dev/null 2>&1; then
  apt-get update && apt-get install -y valgrind
fi
cargo build --release -p avila-alloc-tests --no-default-features --test global_os_heap
binary="$(cargo test --release -p avila-alloc-tests --no-default-features --test global_os_heap --no-run --message-format=json 2>/dev/null |
  sed -n 's/.*"executable":"\([^"]*global_os_heap[^"]*\)".*/\1/p' | tail -n 1)"
if [[ -z "$binary" ]]; then
  echo "valgrind.sh: global_os_heap's executable not found" >&2
  exit 1
fi
valgrind --error-exitcode=1 --errors-for-leak-kinds=none --quiet "$binary"
