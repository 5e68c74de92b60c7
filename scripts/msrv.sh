#!/usr/bin/env bash
# The core crate builds on its declared rust-version. (The `heapless` feature follows heapless's
# own MSRV, 1.87, and is left out here.)
. "$(dirname "$0")/lib.sh"
echo "MSRV: $MSRV"
cargo +"$MSRV" build -p avila-alloc --features alloc,serde,allocator-api2 --target-dir target/msrv
cargo +"$MSRV" build -p avila-alloc --no-default-features --target-dir target/msrv
