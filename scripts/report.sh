#!/usr/bin/env bash
# The README's main command in its quick form: builds and runs the head-to-head report, so CI
# proves that it works. The full run is `cargo run --release -p avila-alloc-bench`.
. "$(dirname "$0")/lib.sh"
cargo run --release -p avila-alloc-bench -- --quick
