#!/usr/bin/env bash
# API docs with warnings denied (stable, and nightly with `--cfg docsrs` as docs.rs builds them),
# then the book.
. "$(dirname "$0")/lib.sh"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --features "$STABLE_FEATURES"
RUSTDOCFLAGS="-D warnings --cfg docsrs" cargo +"$NIGHTLY" doc -p avila-alloc --no-deps --all-features \
  --target-dir target/docsrs
if [ -f book/book.toml ]; then mdbook build book; fi
