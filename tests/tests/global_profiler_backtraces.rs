//! `MemoryProfiler::with_backtraces(System)` as the `#[global_allocator]` of this test binary
//! (run with `--features backtrace`): every allocation of the program captures its call stack,
//! including those of the `backtrace` crate itself and of the DHAT writer, which must neither
//! recurse nor deadlock. Two call sites with known sizes must be two program points of the DHAT
//! file with those totals and frames naming them; std workloads (several threads among them) must
//! leave the live bytes where they started.
//!
//! `harness = false`, like `global_profiler`. Not under Miri, which cannot walk the stack through
//! foreign code.

#![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

use std::alloc::{Layout, System};
use std::process::ExitCode;

use avila_alloc::track::MemoryProfiler;
use avila_alloc_tests::std_workloads::{run_checks, threads, vec_and_string_churn, warm_up};

#[global_allocator]
static GLOBAL: MemoryProfiler<System> = MemoryProfiler::with_backtraces(System);

const ALPHA: Layout = match Layout::from_size_align(4000, 8) {
    Ok(l) => l,
    Err(_) => panic!(),
};
const BETA: Layout = match Layout::from_size_align(777, 1) {
    Ok(l) => l,
    Err(_) => panic!(),
};

/// Allocates 3 blocks of `ALPHA` from one call site (and nothing else).
#[inline(never)]
fn allocate_here_alpha() -> [*mut u8; 3] {
    let mut v = [std::ptr::null_mut(); 3];
    for p in &mut v {
        // SAFETY: a non-zero-sized layout.
        *p = unsafe { std::alloc::alloc(ALPHA) };
    }
    v
}

/// Allocates one block of `BETA`.
#[inline(never)]
fn allocate_here_beta() -> *mut u8 {
    // SAFETY: a non-zero-sized layout.
    unsafe { std::alloc::alloc(BETA) }
}

fn call_sites() {
    let alpha = allocate_here_alpha();
    let beta = allocate_here_beta();
    let mut file = Vec::new();
    GLOBAL.write_dhat(&mut file).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&file).unwrap();
    let ftbl = v["ftbl"].as_array().unwrap();
    let pps = v["pps"].as_array().unwrap();
    let names = |pp: &serde_json::Value, name: &str| {
        pp["fs"].as_array().unwrap().iter().any(|f| {
            let i = usize::try_from(f.as_u64().unwrap()).unwrap();
            ftbl[i].as_str().unwrap().contains(name)
        })
    };
    let get = |pp: &serde_json::Value, f: &str| pp[f].as_u64().unwrap();
    let only = |name: &str| {
        let at: Vec<_> = pps.iter().filter(|pp| names(pp, name)).collect();
        assert_eq!(at.len(), 1, "{name}");
        at[0]
    };
    // One point, or one per call if the loop was unrolled (each call its own return address).
    let alpha_points: Vec<_> = pps
        .iter()
        .filter(|pp| names(pp, "allocate_here_alpha"))
        .collect();
    let sum = |f: &str| alpha_points.iter().map(|pp| get(pp, f)).sum::<u64>();
    assert_eq!((sum("tb"), sum("tbk")), (12_000, 3));
    assert_eq!((sum("eb"), sum("ebk")), (12_000, 3));
    let b = only("allocate_here_beta");
    assert_eq!((get(b, "tb"), get(b, "tbk")), (777, 1));
    // The writer's own allocations (made under the guard) are counted, but in no call stack.
    let unattributed = only("[not attributed");
    assert!(get(unattributed, "tbk") >= 1);
    assert!(pps.len() >= 4, "{} points", pps.len());
    // SAFETY: each block was allocated with its layout and is freed once.
    unsafe {
        for p in alpha {
            std::alloc::dealloc(p, ALPHA);
        }
        std::alloc::dealloc(beta, BETA);
    }
}

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        eprintln!("global_profiler_backtraces: panic: {info}");
    }));
    assert!(GLOBAL.backtraces());
    warm_up();
    // Not among the balanced checks: symbolizing keeps the `backtrace` crate's caches alive.
    println!("global_profiler_backtraces: two call sites");
    call_sites();
    let checks: [(&str, fn()); 2] = [
        ("vec and string churn", || vec_and_string_churn(2000)),
        ("4 threads with mpsc", threads),
    ];
    let passed = run_checks(
        "global_profiler_backtraces",
        &checks,
        || GLOBAL.snapshot(),
        |before, after| {
            let ok = after.current_bytes == before.current_bytes
                && after.current_blocks == before.current_blocks;
            let summary = format!(
                "{} allocations, {} operations",
                after.allocations - before.allocations,
                after.operations - before.operations
            );
            (ok, summary)
        },
    );
    if passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
