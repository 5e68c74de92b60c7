#!/usr/bin/env bash
# Miri with strict provenance and symbolic alignment checks, once with Stacked Borrows and once
# with Tree Borrows: the core crate's unit tests and doctests under both, and the model tests
# (with their case counts lowered under cfg(miri)) split between the two (see below).
#
# Miri interprets on one core, so the two borrow models run side by side, each in its own target
# directory and with its output in a log that is printed when it ends. MIRI_SERIAL=1 runs them one
# after the other instead (for a one-core machine, or to read the output live).
. "$(dirname "$0")/lib.sh"
FLAGS="-Zmiri-strict-provenance -Zmiri-symbolic-alignment-check"

run_model() { # $1: extra MIRIFLAGS (empty for Stacked Borrows), $2: target directory, $3...: model tests
  export MIRIFLAGS="$FLAGS $1" CARGO_TARGET_DIR="$2"
  local miri=(cargo +"$NIGHTLY" miri test)
  echo "-- Miri ${1:-(stacked borrows)} in $2"
  "${miri[@]}" -p avila-alloc --features "$STABLE_FEATURES"
  # The `nightly` feature changes StackBox's representation, and adds core's `Allocator`: their
  # tests run on that route too.
  "${miri[@]}" -p avila-alloc --all-features --lib -- boxed core_alloc
  shift 2
  local tests=()
  for t in "$@"; do tests+=(--test "$t"); done
  "${miri[@]}" -p avila-alloc-tests "${tests[@]}"
}

# OsHeap reaches a segment's header from a block through the segment's exposed provenance;
# strict provenance forbids that, so the borrow-model runs take a Miri-only route (a table of
# segment pointers, see `miri_segments` in heap/os.rs). This run builds the native route instead
# (`--cfg avila_miri_exposed`) and checks OsHeap's unit tests and doctests on it, with permissive
# provenance. (With the block's own pointer rounded down instead, the `#[global_allocator]`
# doctest fails here: a `Box`'s tag does not reach the header.) `-Zmiri-ignore-leaks`: OsHeap
# keeps its segments for the process's lifetime, and on this route no table keeps them reachable.
run_exposed() ( # a subshell: the exports stay in it
  echo "-- Miri (stacked borrows, permissive provenance), OsHeap's native route"
  export RUSTFLAGS="--cfg avila_miri_exposed" CARGO_TARGET_DIR=target/miri-exposed
  export MIRIFLAGS="-Zmiri-permissive-provenance -Zmiri-symbolic-alignment-check -Zmiri-ignore-leaks"
  cargo +"$NIGHTLY" miri test -p avila-alloc --features std --lib -- heap::os
  cargo +"$NIGHTLY" miri test -p avila-alloc --features std --doc -- OsHeap
)

# Every unit test and doctest of the core crate runs under both borrow models: they reach every
# type's unsafe code. The model tests (random operation sequences against a model, slow under
# Miri) are split between the two, about half the Miri time each, so that the two runs finish
# together and CI stays within its time budget; each model test still runs under one of them.
# MIRI_ALL_MODELS=1 runs every model test under both.
SB_MODELS=(model_hash_map model_deque model_string model_vec model_heap model_gen_arena model_pool model_lock_free_pool model_typed_arena model_scope_arena)
TB_MODELS=(model_hash_set model_ring model_queue model_arena model_box model_slab model_ref_cell model_rc model_arc model_os_heap)
if [[ "${MIRI_ALL_MODELS:-0}" == 1 ]]; then
  SB_MODELS+=("${TB_MODELS[@]}")
  TB_MODELS=("${SB_MODELS[@]}")
fi

# A model test in neither list would silently go unchecked.
for file in tests/tests/model_*.rs; do
  t="$(basename "$file" .rs)"
  if [[ " ${SB_MODELS[*]} ${TB_MODELS[*]} " != *" $t "* ]]; then
    echo "miri.sh: $t is in neither SB_MODELS nor TB_MODELS" >&2
    exit 1
  fi
done

# Build Miri's sysroot once, before two runs could race to build it.
cargo +"$NIGHTLY" miri setup

if [[ "${MIRI_SERIAL:-0}" == 1 ]]; then
  run_model "" target/miri-sb "${SB_MODELS[@]}"
  run_model "-Zmiri-tree-borrows" target/miri-tb "${TB_MODELS[@]}"
  run_exposed
  exit 0
fi

mkdir -p target
(run_model "" target/miri-sb "${SB_MODELS[@]}") >target/miri-sb.log 2>&1 &
sb=$!
(run_model "-Zmiri-tree-borrows" target/miri-tb "${TB_MODELS[@]}") >target/miri-tb.log 2>&1 &
tb=$!
sb_status=0 tb_status=0
wait "$sb" || sb_status=$?
wait "$tb" || tb_status=$?
echo "==== Stacked Borrows (exit $sb_status) ===="
cat target/miri-sb.log
echo "==== Tree Borrows (exit $tb_status) ===="
cat target/miri-tb.log
if ((sb_status != 0 || tb_status != 0)); then
  echo "Miri failed: see the logs above" >&2
  exit 1
fi
run_exposed
