#!/usr/bin/env bash
# Miri with strict provenance and symbolic alignment checks, once with Stacked Borrows and once
# with Tree Borrows: the core crate's unit tests and doctests, and the model tests (with their
# case counts lowered under cfg(miri)).
. "$(dirname "$0")/lib.sh"
FLAGS="-Zmiri-strict-provenance -Zmiri-symbolic-alignment-check"
for model in "" "-Zmiri-tree-borrows"; do
  echo "-- Miri ${model:-(stacked borrows)}"
  MIRIFLAGS="$FLAGS $model" cargo +"$NIGHTLY" miri test -p avila-alloc --features "$STABLE_FEATURES"
  # The `nightly` feature changes StackBox's representation: its tests run on that route too.
  MIRIFLAGS="$FLAGS $model" cargo +"$NIGHTLY" miri test -p avila-alloc --all-features --lib boxed
  MIRIFLAGS="$FLAGS $model" cargo +"$NIGHTLY" miri test -p avila-alloc-tests --test model_vec --test model_string --test model_box
  MIRIFLAGS="$FLAGS $model" cargo +"$NIGHTLY" miri test -p avila-alloc-tests --test model_hash_map --test model_hash_set --test model_queue
  MIRIFLAGS="$FLAGS $model" cargo +"$NIGHTLY" miri test -p avila-alloc-tests --test model_deque --test model_ring --test model_arena
  MIRIFLAGS="$FLAGS $model" cargo +"$NIGHTLY" miri test -p avila-alloc-tests --test model_heap
done
