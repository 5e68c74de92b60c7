#!/usr/bin/env bash
# The core crate must build without std on every embedded target we support: with no features
# (what a plain dependency gets) and with the features that make sense there.
. "$(dirname "$0")/lib.sh"
for target in thumbv6m-none-eabi thumbv7em-none-eabihf riscv32imac-unknown-none-elf wasm32-unknown-unknown; do
  for features in "" "alloc,serde,heapless,debug-invariants,allocator-api2,critical-section,lock_api"; do
    echo "-- $target [${features}]"
    cargo build -p avila-alloc --target "$target" --no-default-features --features "$features"
  done
done
# The SPSC queue needs atomic loads and stores only, which thumbv6m has natively; the
# portable-atomic feature must build there too.
echo "-- thumbv6m-none-eabi [portable-atomic]"
cargo build -p avila-alloc --target thumbv6m-none-eabi --no-default-features --features portable-atomic
# With critical-section too, portable-atomic emulates compare-and-swap there: LockFreePool builds.
echo "-- thumbv6m-none-eabi [portable-atomic,critical-section]"
cargo build -p avila-alloc --target thumbv6m-none-eabi --no-default-features --features portable-atomic,critical-section
# The locks of `heap`: thumbv6m (in the loop above) has no compare-and-swap, so no `SpinLock`, and
# `CriticalSection` is its lock; a library build needs only the critical-section crate's API (the
# firmware provides the implementation). thumbv7m is the QEMU firmware's target.
echo "-- thumbv7m-none-eabi [critical-section,lock_api]"
cargo build -p avila-alloc --target thumbv7m-none-eabi --no-default-features --features critical-section,lock_api
