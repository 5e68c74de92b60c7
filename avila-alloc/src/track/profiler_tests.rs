//! Tests of `MemoryProfiler` over `GlobalAlloc` and `RawAlloc`, and of its `Profile`.
// Test code imports from `std`: the `alloc` crate is only linked under the `alloc` feature.
#![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

use core::alloc::{GlobalAlloc, Layout};
use core::ptr;
use std::alloc::System;
use std::string::{String, ToString};
use std::thread;
use std::vec::Vec;

use super::profile::write_json_str;
use super::{BUCKETS, MemoryProfiler, Profile, SAMPLES, bucket, bucket_range};
use crate::heap::{Heap, RawAlloc};

fn layout(size: usize) -> Layout {
    Layout::from_size_align(size, 8).unwrap()
}

/// The non-zero buckets of an array, as `(bucket, value)`.
fn nonzero(a: &[usize; BUCKETS]) -> Vec<(usize, usize)> {
    a.iter()
        .enumerate()
        .filter(|(_, n)| **n != 0)
        .map(|(b, &n)| (b, n))
        .collect()
}

#[test]
fn buckets_are_powers_of_two() {
    for b in 0..BUCKETS {
        let (min, max) = bucket_range(b);
        assert_eq!((bucket(min), bucket(max)), (b, b));
        if b + 1 < BUCKETS {
            assert_eq!(bucket(max + 1), b + 1);
        }
    }
    assert_eq!(bucket(usize::MAX), BUCKETS - 1);
    assert_eq!(bucket_range(BUCKETS - 1).1, usize::MAX);
}

#[test]
fn a_known_sequence_gives_exact_histograms() {
    let p = MemoryProfiler::with_sample_interval(System, 1);
    // SAFETY: non-zero-sized layouts; every block is freed with its current layout.
    unsafe {
        let a = p.alloc(layout(24)); // t=1, bucket 5 (16..=31)
        let b = p.alloc(Layout::from_size_align(100, 64).unwrap()); // t=2, bucket 7, align 64
        let c = p.alloc_zeroed(layout(1)); // t=3, bucket 1
        assert!(!a.is_null() && !b.is_null() && !c.is_null());
        assert_eq!(b.addr() % 64, 0);
        assert_eq!(*c, 0);
        ptr::write_bytes(a, 0xAB, 24);
        ptr::write_bytes(b, 0xCD, 100);
        p.dealloc(c, layout(1)); // t=4: lifetime 1
        p.dealloc(a, layout(24)); // t=5: lifetime 4
        p.dealloc(b, Layout::from_size_align(100, 64).unwrap()); // t=6: lifetime 4
    }
    let profile = p.snapshot();
    assert_eq!(
        (
            profile.allocations,
            profile.deallocations,
            profile.operations
        ),
        (3, 3, 6)
    );
    assert_eq!(nonzero(&profile.sizes.counts), [(1, 1), (5, 1), (7, 1)]);
    assert_eq!(nonzero(&profile.sizes.bytes), [(1, 1), (5, 24), (7, 100)]);
    assert_eq!(nonzero(&profile.alignments), [(3, 2), (6, 1)]);
    // Lifetimes 1, 4 and 4: buckets 1 (1) and 3 (4..=7).
    assert_eq!(nonzero(&profile.lifetimes), [(1, 1), (3, 2)]);
    assert_eq!(profile.total_lifetimes, 9);
    assert_eq!(profile.live.total_count(), 0);
    assert_eq!((profile.current_bytes, profile.current_blocks), (0, 0));
    assert_eq!(
        (profile.peak_bytes, profile.peak_blocks, profile.peak_time),
        (125, 3, 3)
    );
    assert_eq!(profile.total_bytes, 125);
}

#[test]
fn the_mix_at_the_peak_is_what_was_live_then() {
    let p = MemoryProfiler::new(System);
    // SAFETY: non-zero-sized layouts, freed with them.
    unsafe {
        let small: Vec<_> = (0..5).map(|_| p.alloc(layout(10))).collect(); // 50 B
        let big = p.alloc(layout(1000)); // peak 1050 B, 6 blocks
        p.dealloc(big, layout(1000));
        for s in &small[..3] {
            p.dealloc(*s, layout(10));
        }
        // 20 B live; 500 more stays below the peak.
        let mid = p.alloc(layout(500));
        let profile = p.snapshot();
        assert_eq!(profile.peak_bytes, 1050);
        assert_eq!((profile.peak_blocks, profile.peak_time), (6, 6));
        assert_eq!(nonzero(&profile.at_peak.counts), [(4, 5), (10, 1)]);
        assert_eq!(nonzero(&profile.at_peak.bytes), [(4, 50), (10, 1000)]);
        assert_eq!(profile.at_peak.total_bytes(), profile.peak_bytes);
        // Now: two small blocks and the middle one.
        assert_eq!(nonzero(&profile.live.counts), [(4, 2), (9, 1)]);
        assert_eq!((profile.current_bytes, profile.current_blocks), (520, 3));
        p.dealloc(mid, layout(500));
        for s in &small[3..] {
            p.dealloc(*s, layout(10));
        }
    }
}

#[test]
fn reallocation_moves_a_block_between_buckets_and_keeps_its_birth() {
    let p = MemoryProfiler::with_sample_interval(System, 1);
    // SAFETY: non-zero-sized layouts; the block is freed with its current layout.
    unsafe {
        let a = p.alloc(layout(50)); // t=1
        for i in 0..50 {
            *a.add(i) = i as u8;
        }
        let a = p.realloc(a, layout(50), 300); // t=2: grow by 250
        assert!((0..50).all(|i| *a.add(i) == i as u8), "data kept");
        let profile = p.snapshot();
        assert_eq!(nonzero(&profile.live.counts), [(9, 1)]);
        assert_eq!(nonzero(&profile.live.bytes), [(9, 300)]);
        assert_eq!(
            (
                profile.current_bytes,
                profile.peak_bytes,
                profile.total_bytes
            ),
            (300, 300, 300)
        );
        let a = p.realloc(a, layout(300), 20); // t=3: shrink by 280
        assert!((0..20).all(|i| *a.add(i) == i as u8), "data kept");
        // A refused reallocation is a failure and nothing else.
        assert!(p.realloc(a, layout(20), isize::MAX as usize).is_null());
        p.dealloc(a, layout(20)); // t=4: lifetime 3, from the first allocation
    }
    let profile = p.snapshot();
    assert_eq!(
        (
            profile.allocations,
            profile.reallocations,
            profile.deallocations,
            profile.failures
        ),
        (1, 2, 1, 1)
    );
    // The size histogram counts the allocation at its first size.
    assert_eq!(nonzero(&profile.sizes.counts), [(6, 1)]);
    assert_eq!(nonzero(&profile.lifetimes), [(2, 1)]);
    assert_eq!(profile.live.total_count(), 0);
    assert_eq!(
        (
            profile.current_bytes,
            profile.peak_bytes,
            profile.total_bytes
        ),
        (0, 300, 300)
    );
    let live: Vec<_> = profile
        .samples()
        .iter()
        .map(|s| (s.time, s.live_bytes))
        .collect();
    assert_eq!(live, [(1, 50), (2, 300), (3, 20), (4, 0)]);
}

#[test]
fn the_sample_ring_keeps_the_latest_samples() {
    let p = MemoryProfiler::with_sample_interval(System, 2);
    let rounds = SAMPLES + 10;
    let mut held = Vec::new();
    // SAFETY: non-zero-sized layouts, freed with them.
    unsafe {
        // Each round: allocate 8 bytes, twice (two operations, one sample of the live bytes).
        for _ in 0..rounds {
            held.push(p.alloc(layout(8)));
            held.push(p.alloc(layout(8)));
        }
        let profile = p.snapshot();
        assert_eq!(profile.samples().len(), SAMPLES);
        let first = rounds - SAMPLES + 1; // the oldest round still in the ring
        for (k, s) in profile.samples().iter().enumerate() {
            let round = first + k;
            assert_eq!((s.time, s.live_bytes), (2 * round, 16 * round));
        }
        for ptr in held {
            p.dealloc(ptr, layout(8));
        }
    }
    assert_eq!(p.snapshot().samples().last().unwrap().live_bytes, 0);
}

#[test]
fn failures_change_nothing_else() {
    let p = MemoryProfiler::new(System);
    // SAFETY: the layouts are valid; the requests are refused.
    unsafe {
        // The size plus the header overflows.
        let huge = Layout::from_size_align(isize::MAX as usize - 4, 1).unwrap();
        assert!(p.alloc(huge).is_null());
        assert!(p.alloc_zeroed(huge).is_null());
    }
    let profile = p.snapshot();
    assert_eq!(
        (profile.failures, profile.allocations, profile.operations),
        (2, 0, 0)
    );
    assert_eq!(profile.sizes.total_count(), 0);
}

#[test]
fn large_alignments_are_honoured() {
    let p = MemoryProfiler::new(System);
    for align in [1, 2, 4, 8, 16, 64, 4096] {
        for size in [0, 1, 7, 64, 5000] {
            let l = Layout::from_size_align(size, align).unwrap();
            // SAFETY: `outer` is never zero-sized, so a zero-sized `l` is fine here too; freed
            // with its layout.
            unsafe {
                let ptr = p.alloc(l);
                assert!(!ptr.is_null());
                assert_eq!(ptr.addr() % align, 0);
                ptr::write_bytes(ptr, 1, size);
                p.dealloc(ptr, l);
            }
        }
    }
    let profile = p.snapshot();
    assert_eq!(profile.alignments[12], 5);
    assert_eq!(profile.sizes.counts[0], 7);
    assert_eq!(profile.current_bytes, 0);
}

#[test]
fn raw_alloc_resizes_in_place_and_by_moving() {
    #[repr(align(16))]
    struct Memory([u8; 4096]);
    let mut memory = Memory([0; 4096]);
    let mut heap = Heap::new();
    // SAFETY: `memory` outlives the heap and is used for nothing else.
    unsafe { heap.claim(ptr::from_mut(&mut memory.0[..])) };
    let mut p = MemoryProfiler::new(heap);
    let a = p.allocate(layout(64)).unwrap();
    // SAFETY: `a` is live with layout(64); then with the layouts it is resized to.
    unsafe {
        ptr::write_bytes(a.as_ptr(), 7, 64);
        p.grow_in_place(a, layout(64), 128).unwrap();
        let b = p.allocate(layout(32)).unwrap();
        assert!(p.grow_in_place(a, layout(128), 512).is_err());
        let a = p.grow(a, layout(128), layout(512)).unwrap();
        assert_eq!(*a.as_ptr().add(63), 7);
        let a = p.shrink(a, layout(512), layout(100)).unwrap();
        // A change of alignment moves the block by hand: an allocation and a deallocation.
        let a = p
            .grow(a, layout(100), Layout::from_size_align(200, 64).unwrap())
            .unwrap();
        assert_eq!(a.as_ptr().addr() % 64, 0);
        assert_eq!(*a.as_ptr().add(63), 7);
        assert!(p.allocate(layout(1 << 20)).is_err());
        let profile = p.snapshot();
        assert_eq!(
            (
                profile.allocations,
                profile.reallocations,
                profile.deallocations,
                profile.failures
            ),
            (3, 3, 1, 1)
        );
        assert_eq!((profile.current_bytes, profile.peak_bytes), (232, 544));
        p.deallocate(a, Layout::from_size_align(200, 64).unwrap());
        p.deallocate(b, layout(32));
    }
    let profile = p.snapshot();
    assert_eq!((profile.current_bytes, profile.current_blocks), (0, 0));
    assert_eq!(p.stats().allocations, 0, "every inner block is back");
}

#[test]
fn counts_from_many_threads_are_exact() {
    const THREADS: usize = if cfg!(miri) { 3 } else { 4 };
    const ROUNDS: usize = if cfg!(miri) { 20 } else { 2000 };
    let p = MemoryProfiler::with_sample_interval(System, 16);
    thread::scope(|s| {
        for id in 0..THREADS {
            let p = &p;
            s.spawn(move || {
                let mut held = Vec::new();
                for round in 0..ROUNDS {
                    let size = 8 + (id * 31 + round) % 57;
                    // SAFETY: non-zero-sized layouts; every block is freed with its layout.
                    unsafe {
                        held.push((p.alloc(layout(size)), size));
                        if round % 3 == 2 {
                            for (ptr, size) in held.drain(..) {
                                p.dealloc(ptr, layout(size));
                            }
                        }
                    }
                }
                for (ptr, size) in held {
                    // SAFETY: as above.
                    unsafe { p.dealloc(ptr, layout(size)) };
                }
            });
        }
    });
    let sizes: Vec<usize> = (0..THREADS)
        .flat_map(|id| (0..ROUNDS).map(move |round| 8 + (id * 31 + round) % 57))
        .collect();
    let end = p.snapshot();
    assert_eq!(
        (end.allocations, end.deallocations),
        (sizes.len(), sizes.len())
    );
    assert_eq!(end.operations, 2 * sizes.len());
    assert_eq!((end.current_bytes, end.current_blocks), (0, 0));
    assert_eq!(end.total_bytes, sizes.iter().sum::<usize>());
    let mut expected = [0; BUCKETS];
    for &s in &sizes {
        expected[bucket(s)] += 1;
    }
    assert_eq!(end.sizes.counts, expected);
    assert_eq!(end.lifetimes.iter().sum::<usize>(), sizes.len());
    assert_eq!(end.live.total_count(), 0);
    assert!(end.peak_bytes <= THREADS * 3 * 64, "{end}");
    assert_eq!(end.samples().len(), (2 * sizes.len() / 16).min(SAMPLES));
}

/// A profile with a bit of everything, for the output tests.
fn sample_profile() -> Profile {
    let p = MemoryProfiler::with_sample_interval(System, 2);
    // SAFETY: non-zero-sized layouts, freed with them.
    unsafe {
        let a = p.alloc(layout(100));
        let b = p.alloc(layout(1024));
        p.dealloc(b, layout(1024));
        let a = p.realloc(a, layout(100), 120);
        let c = p.alloc(Layout::from_size_align(3, 1).unwrap());
        p.dealloc(a, layout(120));
        let profile = p.snapshot();
        p.dealloc(c, Layout::from_size_align(3, 1).unwrap());
        profile
    }
}

#[test]
fn display_is_a_table_of_the_non_empty_buckets() {
    let text = sample_profile().to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "3 allocations, 2 deallocations, 1 reallocation, 0 failures, 6 operations"
    );
    assert_eq!(
        lines[1],
        "now 3 B in 1 block; peak 1124 B in 2 blocks at operation 2; 1147 B allocated"
    );
    let row = |label: &str| {
        let line = lines
            .iter()
            .find(|l| l.split_whitespace().next() == Some(label))
            .unwrap_or_else(|| panic!("no row {label} in\n{text}"));
        line.split_whitespace()
            .skip(1)
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(row("2-3"), "1 3 1 3 0 0");
    assert_eq!(row("64-127"), "1 100 0 0 1 100");
    assert_eq!(row("1024-2047"), "1 1024 0 0 1 1024");
    // Only the three non-empty size buckets, between the header and a blank line.
    let header = lines.iter().position(|l| l.contains("size (B)")).unwrap();
    assert_eq!(lines[header + 4], "", "{text}");
    // Alignments 1 and 8; lifetimes 1 (b) and 4 (a).
    assert_eq!(row("1"), "1");
    assert_eq!(row("8"), "2");
    assert_eq!(row("4-7"), "1");
    assert!(
        text.contains("live bytes every 2 operations (3 samples):"),
        "{text}"
    );
    assert!(text.ends_with("           6            3"), "{text}");
}

#[test]
fn json_parses_and_matches_the_profile() {
    let profile = sample_profile();
    let mut json = String::new();
    profile.write_json(&mut json).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["allocations"], 3);
    assert_eq!(v["peak_bytes"], 1124);
    assert_eq!(v["operations"], 6);
    let sizes = v["sizes"].as_array().unwrap();
    assert_eq!(sizes.len(), 3);
    assert_eq!(sizes[1]["min"], 64);
    assert_eq!(sizes[1]["max"], 127);
    assert_eq!(sizes[1]["peak_bytes"], 100);
    assert_eq!(v["alignments"][1]["align"], 8);
    assert_eq!(v["lifetimes"][0]["blocks"], 1);
    let samples = v["samples"].as_array().unwrap();
    assert_eq!(samples.len(), 3);
    assert_eq!(samples[0]["time"], 2);
    assert_eq!(samples[0]["live_bytes"], 1124);
    // Empty profiles are valid JSON too.
    let mut empty = String::new();
    MemoryProfiler::new(System)
        .snapshot()
        .write_json(&mut empty)
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&empty).unwrap();
    assert_eq!(v["sizes"].as_array().unwrap().len(), 0);
}

#[test]
fn json_strings_are_escaped() {
    for s in [
        "plain",
        "a \"quoted\" \\ path",
        "tab\tnew\nline\r\u{1}\u{1f}",
        "ünïcødé ✓",
        "",
    ] {
        let mut out = String::new();
        write_json_str(&mut out, s).unwrap();
        let back: String = serde_json::from_str(&out).unwrap();
        assert_eq!(back, s, "{out}");
    }
}

#[test]
fn debug_and_display_of_the_profiler() {
    let p = MemoryProfiler::new(System);
    let debug = std::format!("{p:?}");
    assert!(
        debug.starts_with("MemoryProfiler { allocations: 0,"),
        "{debug}"
    );
    assert!(p.to_string().starts_with("0 allocations,"));
}

#[test]
fn reset_peak_starts_a_new_peak_and_mix() {
    let p = MemoryProfiler::new(System);
    // SAFETY: non-zero-sized layouts, each block freed with its layout.
    unsafe {
        let keep = p.alloc(layout(64));
        p.dealloc(p.alloc(layout(4096)), layout(4096));
        assert_eq!(p.snapshot().peak_bytes, 4160);
        p.reset_peak();
        let profile = p.snapshot();
        assert_eq!(
            (profile.peak_bytes, profile.peak_blocks, profile.peak_time),
            (64, 1, 3)
        );
        assert_eq!(profile.at_peak, profile.live);
        assert_eq!(nonzero(&profile.at_peak.counts), [(7, 1)]);
        let small = p.alloc(layout(10));
        let profile = p.snapshot();
        assert_eq!((profile.peak_bytes, profile.peak_blocks), (74, 2));
        assert_eq!(nonzero(&profile.at_peak.counts), [(4, 1), (7, 1)]);
        p.dealloc(small, layout(10));
        p.dealloc(keep, layout(64));
    }
}

#[cfg(feature = "allocator-api2")]
#[test]
fn allocator_api2_records_growth_shrink_moves_and_failures() {
    use allocator_api2::alloc::{Allocator, Global};

    let p = MemoryProfiler::new(Global);
    let mut v = allocator_api2::vec::Vec::with_capacity_in(4, &p);
    v.extend(0..100_u32); // grows by reallocation
    assert!(v.iter().copied().eq(0..100));
    v.truncate(10);
    v.shrink_to_fit();
    assert!(v.iter().copied().eq(0..10));
    let profile = p.snapshot();
    assert_eq!(profile.allocations, 1);
    assert!(profile.reallocations >= 2, "{profile}");
    assert_eq!(profile.current_bytes, 40);
    drop(v);
    // SAFETY: each block is live with the layout it was allocated or resized with.
    unsafe {
        let a = p.allocate_zeroed(layout(16)).unwrap();
        assert_eq!(a.len(), 16);
        a.cast::<u8>().as_ptr().write_bytes(9, 16);
        // A new alignment moves the block by hand.
        let big = Layout::from_size_align(64, 256).unwrap();
        let b = p.grow_zeroed(a.cast(), layout(16), big).unwrap();
        assert_eq!(b.cast::<u8>().as_ptr().addr() % 256, 0);
        let bytes = core::slice::from_raw_parts(b.cast::<u8>().as_ptr(), 64);
        assert!(bytes[..16].iter().all(|&x| x == 9) && bytes[16..].iter().all(|&x| x == 0));
        assert!(
            p.allocate(Layout::from_size_align(isize::MAX as usize - 8, 1).unwrap())
                .is_err()
        );
        p.deallocate(b.cast(), big);
    }
    let profile = p.snapshot();
    assert_eq!((profile.allocations, profile.deallocations), (3, 3));
    assert_eq!((profile.failures, profile.current_bytes), (1, 0));
    assert_eq!(profile.alignments[8], 1);
}
