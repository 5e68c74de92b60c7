#!/usr/bin/env bash
# The core crate must build without std on every embedded target we support: with no features
# (what a plain dependency gets) and with the features that make sense there.
. "$(dirname "$0")/lib.sh"
for target in thumbv6m-none-eabi thumbv7em-none-eabihf riscv32imac-unknown-none-elf wasm32-unknown-unknown; do
  for features in "" "alloc,serde,heapless"; do
    echo "-- $target [${features}]"
    cargo build -p avila-alloc --target "$target" --no-default-features --features "$features"
  done
done
