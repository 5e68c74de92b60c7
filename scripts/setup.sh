#!/usr/bin/env bash
# Installs what the deep checks need. Idempotent: fast when everything is already there, and it
# never updates a toolchain that is installed (a newer nightly may lack components we need).
. "$(dirname "$0")/lib.sh"

has_toolchain() { rustup toolchain list | grep -q "^$1-"; }

rustup component add clippy rustfmt llvm-tools-preview
if ! has_toolchain "$NIGHTLY"; then
  rustup toolchain install "$NIGHTLY" --profile minimal
fi
rustup component add --toolchain "$NIGHTLY" miri rust-src rustfmt
if ! has_toolchain "$MSRV"; then
  rustup toolchain install "$MSRV" --profile minimal
fi
rustup target add thumbv6m-none-eabi thumbv7em-none-eabihf thumbv7m-none-eabi riscv32imac-unknown-none-elf \
  wasm32-unknown-unknown
if ! cargo +"$NIGHTLY" fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi
if ! cargo llvm-cov --version >/dev/null 2>&1; then
  cargo install cargo-llvm-cov --locked
fi
if ! command -v mdbook >/dev/null 2>&1; then
  cargo install mdbook --locked --no-default-features --features search
fi
# Miri's sysroot is built once per nightly and cached.
cargo +"$NIGHTLY" miri setup
