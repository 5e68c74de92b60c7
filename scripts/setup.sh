#!/usr/bin/env bash
# Installs what the deep checks need. Idempotent: fast when everything is already there.
. "$(dirname "$0")/lib.sh"

rustup component add clippy rustfmt llvm-tools-preview
rustup toolchain install "$NIGHTLY" --profile minimal --component miri,rust-src,rustfmt
rustup toolchain install "$MSRV" --profile minimal
rustup target add thumbv6m-none-eabi thumbv7em-none-eabihf riscv32imac-unknown-none-elf \
  wasm32-unknown-unknown
if ! cargo +"$NIGHTLY" fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi
if ! command -v mdbook >/dev/null 2>&1; then
  cargo install mdbook --locked --no-default-features --features search
fi
# Miri's sysroot is built once per nightly and cached.
cargo +"$NIGHTLY" miri setup
