//! Sets `cfg(avila_cas)` when the target can compare-and-swap pointer-sized atomics: natively
//! (`target_has_atomic = "ptr"`), or through `portable-atomic` with `critical-section` (which
//! emulates it on targets such as thumbv6m). The lock-free pool and the shared arenas need it; one
//! name keeps their gates in step.

use std::env;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(avila_cas)");
    println!("cargo::rerun-if-changed=build.rs");
    let native = env::var("CARGO_CFG_TARGET_HAS_ATOMIC")
        .is_ok_and(|widths| widths.split(',').any(|width| width == "ptr"));
    let emulated = env::var_os("CARGO_FEATURE_PORTABLE_ATOMIC").is_some()
        && env::var_os("CARGO_FEATURE_CRITICAL_SECTION").is_some();
    if native || emulated {
        println!("cargo::rustc-cfg=avila_cas");
    }
}
