#!/usr/bin/env bash
# Formatting check of the workspace and of the fuzz crate (its own workspace).
. "$(dirname "$0")/lib.sh"
cargo fmt --all -- --check
if [ -d fuzz ]; then (cd fuzz && cargo fmt --all -- --check); fi
