# Shared helpers for the scripts in this folder. Source it: `. "$(dirname "$0")/lib.sh"`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# The nightly toolchain used for Miri, cargo-fuzz and the docs.rs-style build.
NIGHTLY="${NIGHTLY:-nightly}"
# The toolchain matching `rust-version` in Cargo.toml.
MSRV="$(sed -n 's/^rust-version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)"
# Core-crate features that build on stable, for the feature-combination checks. (`nightly` needs a
# nightly compiler: it is linted and tested on its own by clippy.sh, and run under Miri by miri.sh.)
CORE_FEATURES=(alloc std serde heapless portable-atomic allocator-api2)
# Stable features outside the power set (each adds a lock type of `heap`, or backtraces to the
# profiler, independent of the rest): linted once each by clippy.sh, but part of STABLE_FEATURES.
EXTRA_FEATURES=(critical-section lock_api backtrace)
# All of them, as a `--features` value for workspace-wide commands (stable's `--all-features`).
STABLE_FEATURES="$(printf 'avila-alloc/%s,' "${CORE_FEATURES[@]}" "${EXTRA_FEATURES[@]}")"
STABLE_FEATURES="${STABLE_FEATURES%,}"

# Every subset of CORE_FEATURES, as comma-separated lists (the empty set first). `std` implies
# `alloc`, so a set with `std` but not `alloc` builds exactly what the same set plus `alloc` builds:
# those sets are left out (a quarter of the power set).
feature_powerset() {
  local n=${#CORE_FEATURES[@]} mask i set
  for ((mask = 0; mask < (1 << n); mask++)); do
    set=""
    for ((i = 0; i < n; i++)); do
      if ((mask & (1 << i))); then set="${set:+$set,}${CORE_FEATURES[$i]}"; fi
    done
    if [[ ",$set," == *,std,* && ",$set," != *,alloc,* ]]; then continue; fi
    echo "$set"
  done
}
