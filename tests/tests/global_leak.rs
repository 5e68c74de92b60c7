//! `LeakDetector<System, N>` as the `#[global_allocator]` of this test binary: every allocation
//! of the program is an entry in its table. Known sequences must give exact counts, a deliberate
//! leak must be found with its size, misuse through the global allocator must be reported and
//! survived, and real std workloads (`avila_alloc_tests::std_workloads`: collections, strings,
//! formatting, threads with cross-thread frees) must leave nothing live since their checkpoint.
//!
//! `harness = false` (see Cargo.toml): libtest's threads and output buffers would allocate beside
//! the checks and blur the counts, so `main` runs them and exits non-zero on failure.

#![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::process::ExitCode;

use avila_alloc::track::{Checkpoint, LeakDetector, LeakReport, LiveAllocation, MisuseKind};
use avila_alloc_tests::std_workloads::{
    formatting, maps, run_checks, threads, vec_and_string_churn, warm_up,
};

/// Room for the most blocks the workloads keep live at once (the maps' ~10,000, the threads'
/// messages in flight), with the table at most about a quarter full.
const TABLE: usize = 1 << 16;

#[global_allocator]
static GLOBAL: LeakDetector<System, TABLE> = LeakDetector::new(System);

/// The counters' change over `f`.
fn measure(f: impl FnOnce()) -> [usize; 4] {
    let before = GLOBAL.report();
    f();
    let after = GLOBAL.report();
    [
        after.allocations - before.allocations,
        after.deallocations - before.deallocations,
        after.reallocations - before.reallocations,
        after.live.bytes.wrapping_sub(before.live.bytes),
    ]
}

fn exact_counts() {
    // One allocation of 100 u64s, freed.
    let d = measure(|| drop(black_box(Vec::<u64>::with_capacity(100))));
    assert_eq!(d, [1, 1, 0, 0]);

    // Growth by reallocation: 4 bytes reserved, then 1000; the vector is kept alive.
    let mut kept = Vec::new();
    let d = measure(|| {
        let mut v: Vec<u8> = Vec::with_capacity(4);
        v.reserve_exact(1000);
        kept = black_box(v);
    });
    assert_eq!(d, [1, 0, 1, 1000]);
    let d = measure(|| drop(std::mem::take(&mut kept)));
    assert_eq!(d, [0, 1, 0, 0usize.wrapping_sub(1000)]);

    // Three boxes and a string.
    let d = measure(|| {
        let boxes = black_box([Box::new(1_u64), Box::new(2), Box::new(3)]);
        let s = black_box(String::from("twenty-four bytes long!!"));
        drop((boxes, s));
    });
    assert_eq!(d, [4, 4, 0, 0]);
}

fn a_deliberate_leak_is_found() {
    let mark = GLOBAL.mark();
    let leaked: &'static mut [u8; 100] = Box::leak(Box::new([7; 100]));
    let leaks = GLOBAL.leaks_since(&mark);
    assert_eq!((leaks.count, leaks.bytes), (1, 100));
    let mut found = [LiveAllocation {
        address: 0,
        layout: Layout::new::<u8>(),
        sequence: 0,
    }; 2];
    assert_eq!(GLOBAL.live_allocations_since(&mark, &mut found), 1);
    assert_eq!(found[0].address, leaked.as_ptr().addr());
    assert_eq!(found[0].layout, Layout::new::<[u8; 100]>());
    // The panic message lists it (and is formatted after the lock is released: it allocates).
    let panic = std::panic::catch_unwind(|| GLOBAL.assert_no_leaks_since(&mark)).unwrap_err();
    let msg = panic.downcast_ref::<String>().unwrap();
    assert!(msg.contains(": 100 bytes, align 1"), "{msg}");
    drop(panic);
    // SAFETY: `leaked` came from a `Box<[u8; 100]>` and is not used again.
    drop(unsafe { Box::from_raw(leaked) });
    GLOBAL.assert_no_leaks_since(&mark);
}

fn misuse_is_refused_and_survived() {
    let before = GLOBAL.report();
    let layout = Layout::new::<[u64; 4]>();
    // SAFETY: not zero-sized. The second free and the free with the wrong layout are bugs the
    // detector refuses to pass on to the system allocator.
    unsafe {
        let p = GLOBAL.alloc(layout);
        GLOBAL.dealloc(p, Layout::new::<[u64; 3]>());
        GLOBAL.dealloc(p, layout);
        GLOBAL.dealloc(p, layout);
    }
    let after = GLOBAL.report();
    assert_eq!(after.layout_mismatches - before.layout_mismatches, 1);
    assert_eq!(after.double_frees - before.double_frees, 1);
    let kinds: Vec<MisuseKind> = after.misuses().map(|m| m.kind).collect();
    assert!(kinds.ends_with(&[MisuseKind::LayoutMismatch, MisuseKind::DoubleFree]));
}

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        // Expected: `assert_no_leaks_since` in `a_deliberate_leak_is_found`.
        if !info
            .to_string()
            .contains("leaks found: 1 live allocation, 100 bytes")
        {
            eprintln!("global_leak: panic: {info}");
        }
    }));
    println!("global_leak: warming up");
    warm_up();

    let checks: [(&str, fn()); 7] = [
        ("exact counts of known sequences", exact_counts),
        ("a deliberate leak is found", a_deliberate_leak_is_found),
        (
            "misuse is refused and survived",
            misuse_is_refused_and_survived,
        ),
        ("vec and string churn", || vec_and_string_churn(20_000)),
        ("btree and hash maps", || maps(3000)),
        ("formatting", formatting),
        ("4 threads with mpsc", threads),
    ];
    let passed = run_checks(
        "global_leak",
        &checks,
        || (GLOBAL.mark(), GLOBAL.report()),
        |before: &(Checkpoint, LeakReport), after| {
            let leaks = GLOBAL.leaks_since(&before.0);
            let ok = leaks.count == 0 && after.1.table_full == 0 && after.1.failures == 0;
            (ok, format!("since the checkpoint: {leaks}"))
        },
    );
    let report = GLOBAL.report();
    // Exactly the two misuses made on purpose.
    if !passed || report.total_misuses() != 2 {
        eprintln!("global_leak: FAILED ({report})");
        return ExitCode::FAILURE;
    }
    println!("global_leak: all checks passed; {report}");
    ExitCode::SUCCESS
}
