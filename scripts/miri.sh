#!/usr/bin/env bash
# Miri with strict provenance and symbolic alignment checks, once with Stacked Borrows and once
# with Tree Borrows: the core crate's unit tests and doctests, and the model tests (with their
# case counts lowered under cfg(miri)).
#
# Miri interprets on one core, so the two borrow models run side by side, each in its own target
# directory and with its output in a log that is printed when it ends. MIRI_SERIAL=1 runs them one
# after the other instead (for a one-core machine, or to read the output live).
. "$(dirname "$0")/lib.sh"
FLAGS="-Zmiri-strict-provenance -Zmiri-symbolic-alignment-check"

run_model() { # $1: extra MIRIFLAGS (empty for Stacked Borrows), $2: target directory
  export MIRIFLAGS="$FLAGS $1" CARGO_TARGET_DIR="$2"
  local miri=(cargo +"$NIGHTLY" miri test)
  echo "-- Miri ${1:-(stacked borrows)} in $2"
  "${miri[@]}" -p avila-alloc --features "$STABLE_FEATURES"
  # The `nightly` feature changes StackBox's representation: its tests run on that route too.
  "${miri[@]}" -p avila-alloc --all-features --lib boxed
  "${miri[@]}" -p avila-alloc-tests --test model_vec --test model_string --test model_box
  "${miri[@]}" -p avila-alloc-tests --test model_hash_map --test model_hash_set --test model_queue
  "${miri[@]}" -p avila-alloc-tests --test model_deque --test model_ring --test model_arena --test model_gen_arena
  "${miri[@]}" -p avila-alloc-tests --test model_heap --test model_slab --test model_pool
}

# Build Miri's sysroot once, before two runs could race to build it.
cargo +"$NIGHTLY" miri setup

if [[ "${MIRI_SERIAL:-0}" == 1 ]]; then
  run_model "" target/miri-sb
  run_model "-Zmiri-tree-borrows" target/miri-tb
  exit 0
fi

mkdir -p target
(run_model "" target/miri-sb) >target/miri-sb.log 2>&1 &
sb=$!
(run_model "-Zmiri-tree-borrows" target/miri-tb) >target/miri-tb.log 2>&1 &
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
