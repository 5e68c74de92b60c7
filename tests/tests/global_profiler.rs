//! `MemoryProfiler<System>` as the `#[global_allocator]` of this test binary: every allocation of
//! the program goes through it. Known sequences must give exact histogram counts, the peak's size
//! mix must be what was live then, real std workloads (`avila_alloc_tests::std_workloads`) must
//! leave the live blocks and bytes where they started, and the DHAT file must have the fields
//! DHAT's viewer reads, with totals that match the profile.
//!
//! `harness = false` (see Cargo.toml): libtest's threads and output buffers would allocate beside
//! the checks and blur the counts, so `main` runs them and exits non-zero on failure.

#![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

use std::alloc::System;
use std::hint::black_box;
use std::process::ExitCode;

use avila_alloc::track::{MemoryProfiler, Profile, bucket};
use avila_alloc_tests::std_workloads::{
    formatting, maps, run_checks, threads, vec_and_string_churn, warm_up,
};

#[global_allocator]
static GLOBAL: MemoryProfiler<System> = MemoryProfiler::with_sample_interval(System, 256);

/// The profile before and after `f`.
fn measure(f: impl FnOnce()) -> (Profile, Profile) {
    let before = GLOBAL.snapshot();
    f();
    (before, GLOBAL.snapshot())
}

fn exact_counts() {
    // One allocation of 100 u64s, freed by the next operation: size bucket of 800, lifetime 1.
    let (a, b) = measure(|| drop(black_box(Vec::<u64>::with_capacity(100))));
    assert_eq!(b.allocations - a.allocations, 1);
    assert_eq!(b.deallocations - a.deallocations, 1);
    assert_eq!(b.operations - a.operations, 2);
    assert_eq!(b.sizes.counts[bucket(800)] - a.sizes.counts[bucket(800)], 1);
    assert_eq!(b.sizes.bytes[bucket(800)] - a.sizes.bytes[bucket(800)], 800);
    assert_eq!(b.lifetimes[1] - a.lifetimes[1], 1);
    assert_eq!(b.current_bytes, a.current_bytes);

    // Growth by reallocation: 4 bytes, then 1000, kept alive: it moves from the live bucket of
    // 4 to that of 1000, and the size histogram counts it once, at 4.
    let mut kept = Vec::new();
    let (a, b) = measure(|| {
        let mut v: Vec<u8> = Vec::with_capacity(4);
        v.reserve_exact(1000);
        kept = black_box(v);
    });
    assert_eq!(b.allocations - a.allocations, 1);
    assert_eq!(b.reallocations - a.reallocations, 1);
    assert_eq!(b.sizes.counts[bucket(4)] - a.sizes.counts[bucket(4)], 1);
    assert_eq!(b.live.counts[bucket(1000)] - a.live.counts[bucket(1000)], 1);
    assert_eq!(b.live.counts[bucket(4)], a.live.counts[bucket(4)]);
    assert_eq!(b.current_bytes - a.current_bytes, 1000);
    let (a, b) = measure(|| drop(std::mem::take(&mut kept)));
    assert_eq!(b.deallocations - a.deallocations, 1);
    assert_eq!(a.current_bytes - b.current_bytes, 1000);

    // A block far larger than anything before is a new peak: the mix at the peak is what is
    // live then, with that block in its bucket (one thread runs here, so the copy is exact).
    const BIG: usize = 64 << 20;
    let (a, b) = measure(|| {
        let big: Vec<u8> = black_box(Vec::with_capacity(BIG));
        let at = GLOBAL.snapshot();
        assert_eq!(at.peak_bytes, at.current_bytes);
        assert_eq!(at.peak_blocks, at.current_blocks);
        assert_eq!(at.at_peak, at.live);
        assert_eq!(at.at_peak.counts[bucket(BIG)], 1);
        assert_eq!(at.at_peak.total_bytes(), at.peak_bytes);
        drop(big);
    });
    assert_eq!(b.peak_bytes, a.current_bytes + BIG);
    assert_eq!(b.current_bytes, a.current_bytes);

    // A refused request is a failure, and nothing else.
    let (a, b) = measure(|| {
        let mut v: Vec<u8> = Vec::new();
        assert!(v.try_reserve(isize::MAX as usize - 64).is_err());
    });
    assert_eq!(b.failures - a.failures, 1);
    assert_eq!((b.allocations, b.operations), (a.allocations, a.operations));
}

fn dhat_file() {
    let path =
        std::env::temp_dir().join(format!("avila-global-profiler-{}.json", std::process::id()));
    let before = GLOBAL.snapshot();
    // `save_dhat` snapshots before it allocates anything: the file holds `before`'s counts.
    GLOBAL.save_dhat(&path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    for field in avila_alloc::track::DHAT_FIELDS {
        assert!(v.get(field).is_some(), "missing {field}");
    }
    assert_eq!(v["dhatFileVersion"], 2);
    assert_eq!(v["mode"], "rust-heap");
    assert_eq!(v["pid"], std::process::id());
    assert!(v["cmd"].as_str().unwrap().contains("global_profiler"));
    assert_eq!(v["ftbl"][0], "[root]");
    let pps = v["pps"].as_array().unwrap();
    assert!(!pps.is_empty());
    let number = |pp: &serde_json::Value, f: &str| {
        pp[f]
            .as_u64()
            .unwrap_or_else(|| panic!("no number {f} in {pp}")) as usize
    };
    for pp in pps {
        for f in ["tb", "tbk", "tl", "mb", "mbk", "gb", "gbk", "eb", "ebk"] {
            number(pp, f);
        }
        assert!(pp["fs"].is_array());
    }
    let sum = |f: &str| pps.iter().map(|pp| number(pp, f)).sum::<usize>();
    assert_eq!(sum("tb"), before.total_bytes);
    assert_eq!(sum("tbk"), before.allocations);
    assert_eq!(sum("gb"), before.peak_bytes);
    assert_eq!(sum("eb"), before.current_bytes);
    assert_eq!(sum("ebk"), before.current_blocks);
    assert_eq!(number(&v, "te"), before.operations);
    assert_eq!(number(&v, "tg"), before.peak_time);
}

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| eprintln!("global_profiler: panic: {info}")));
    // Warm-up: std's one-time allocations (stdout's buffer, the first thread's bookkeeping).
    println!("global_profiler: warming up");
    warm_up();

    let checks: [(&str, fn()); 6] = [
        ("exact counts of known sequences", exact_counts),
        ("vec and string churn", || vec_and_string_churn(20_000)),
        ("btree and hash maps", || maps(3000)),
        ("formatting", formatting),
        ("4 threads with mpsc", threads),
        ("DHAT file", dhat_file),
    ];
    let passed = run_checks(
        "global_profiler",
        &checks,
        || GLOBAL.snapshot(),
        |before, after| {
            let ok = after.current_bytes == before.current_bytes
                && after.current_blocks == before.current_blocks
                && after.live == before.live;
            let summary = format!(
                "{} allocations, {} live bytes change, {} operations",
                after.allocations - before.allocations,
                after.current_bytes as isize - before.current_bytes as isize,
                after.operations - before.operations
            );
            (ok, summary)
        },
    );
    if !passed {
        eprintln!("global_profiler: FAILED\n{}", GLOBAL.snapshot());
        return ExitCode::FAILURE;
    }
    let end = GLOBAL.snapshot();
    // Every size bucket's live count adds up to the live blocks.
    assert_eq!(end.live.total_count(), end.current_blocks);
    assert_eq!(end.live.total_bytes(), end.current_bytes);
    println!("global_profiler: all checks passed\n{end}");
    ExitCode::SUCCESS
}
