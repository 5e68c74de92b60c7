#!/usr/bin/env bash
# Formatting check of the workspace and of the fuzz and firmware crates (each its own workspace).
. "$(dirname "$0")/lib.sh"
cargo fmt --all -- --check
if [ -d fuzz ]; then (cd fuzz && cargo fmt --all -- --check); fi
if [ -d firmware ]; then (cd firmware && cargo fmt --all -- --check); fi
