#!/usr/bin/env bash
# API docs with warnings denied (stable with every stable feature and with none, and nightly with `--cfg docsrs` as docs.rs builds them),
# then the book.
. "$(dirname "$0")/lib.sh"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --features "$STABLE_FEATURES"
# The core crate alone with its default (no) features, as a user's `cargo doc` builds it: links to
# items behind features must still resolve.
RUSTDOCFLAGS="-D warnings" cargo doc -p avila-alloc --no-deps --target-dir target/doc-default
RUSTDOCFLAGS="-D warnings --cfg docsrs" cargo +"$NIGHTLY" doc -p avila-alloc --no-deps --all-features \
  --target-dir target/docsrs
if [ -f book/book.toml ]; then mdbook build book; fi
