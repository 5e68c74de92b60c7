//! Every heap peer, behind its lock, hands out aligned, disjoint blocks that keep their contents
//! across reallocs (so a broken adapter cannot produce figures), and the heap workloads and
//! groups have the expected shape.

use core::alloc::{GlobalAlloc, Layout};
use core::time::Duration;

use crate::peers_heap::{
    AVILA, AVILA_BUDDY, BUDDY_SYSTEM, HeapPeer, LINKED_LIST, PeerVisitor, RLSF, TALC,
    for_each_peer, locked, peer_names,
};
use crate::suite_heap::{self, Arena, HeapConfig, HeapGroup};
use crate::workloads_heap::{
    self as workloads, LatencyLoop, Rng, quantile, random_layout, random_size,
};

/// A live block of the checking sequence and the byte it is filled with.
struct Filled {
    ptr: *mut u8,
    layout: Layout,
    byte: u8,
}

fn fill(block: &Filled) {
    // SAFETY: a live block of `layout.size()` bytes.
    unsafe { block.ptr.write_bytes(block.byte, block.layout.size()) };
}

fn check(block: &Filled, len: usize) {
    // SAFETY: a live block of at least `len` bytes, all written.
    let bytes = unsafe { core::slice::from_raw_parts(block.ptr, len) };
    assert!(
        bytes.iter().all(|&b| b == block.byte),
        "contents of a {:?} block changed",
        block.layout
    );
}

/// Checks every live block: alignment, contents, and no two overlapping.
fn check_all(blocks: &[Filled]) {
    let mut spans: Vec<(usize, usize)> = blocks
        .iter()
        .map(|b| {
            assert_eq!(
                b.ptr.addr() % b.layout.align(),
                0,
                "misaligned {:?}",
                b.layout
            );
            check(b, b.layout.size());
            (b.ptr.addr(), b.ptr.addr() + b.layout.size())
        })
        .collect();
    spans.sort_unstable();
    for pair in spans.windows(2) {
        assert!(pair[0].1 <= pair[1].0, "blocks overlap: {pair:?}");
    }
}

/// Allocations, frees, growing and shrinking reallocs, with contents checked after each phase.
fn exercise<G: GlobalAlloc>(heap: &G) {
    // The largest power-of-two block the fresh heap serves (for the buddy allocators it depends
    // on how the region's base is aligned): it must fit again once everything is freed.
    let big = (12..=19)
        .rev()
        .map(|shift| Layout::from_size_align(1 << shift, 8).unwrap())
        .find(|&layout| {
            // SAFETY: not zero-sized; freed at once with the same layout.
            let ptr = unsafe { heap.alloc(layout) };
            if !ptr.is_null() {
                // SAFETY: just allocated with `layout`.
                unsafe { heap.dealloc(ptr, layout) };
            }
            !ptr.is_null()
        })
        .expect("a 1 MiB heap serves 4 KiB");
    let mut rng = Rng::new(7);
    let mut blocks: Vec<Filled> = Vec::new();
    let mut next_byte = 1u8;
    let mut alloc = |blocks: &mut Vec<Filled>, layout: Layout| {
        // SAFETY: not zero-sized.
        let ptr = unsafe { heap.alloc(layout) };
        assert!(!ptr.is_null(), "a 1 MiB heap refused {layout:?}");
        let block = Filled {
            ptr,
            layout,
            byte: next_byte,
        };
        next_byte = next_byte.wrapping_add(1).max(1);
        fill(&block);
        blocks.push(block);
    };
    for _ in 0..200 {
        alloc(&mut blocks, random_layout(&mut rng, 3000));
    }
    // Every alignment of the law, and a large one.
    for shift in 3..=12 {
        alloc(
            &mut blocks,
            Layout::from_size_align(24, 1 << shift).unwrap(),
        );
    }
    check_all(&blocks);
    // Free every other block.
    let mut i = 0;
    blocks.retain(|b| {
        i += 1;
        if i % 2 == 0 {
            // SAFETY: a live block with its layout, dropped from the list.
            unsafe { heap.dealloc(b.ptr, b.layout) };
            false
        } else {
            true
        }
    });
    check_all(&blocks);
    // Realloc each remaining block, growing and shrinking in turn.
    for (k, block) in blocks.iter_mut().enumerate() {
        let old = block.layout.size();
        let new_size = if k % 2 == 0 {
            old * 3 + 100
        } else {
            (old / 3).max(1)
        };
        // SAFETY: a live block with its layout; a non-zero new size.
        let ptr = unsafe { heap.realloc(block.ptr, block.layout, new_size) };
        assert!(!ptr.is_null(), "realloc to {new_size} failed");
        block.ptr = ptr;
        block.layout = Layout::from_size_align(new_size, block.layout.align()).unwrap();
        // The kept prefix survived the move (if any); then fill the whole new block.
        check(block, old.min(new_size));
        fill(block);
    }
    check_all(&blocks);
    for _ in 0..100 {
        alloc(&mut blocks, random_layout(&mut rng, 1000));
    }
    check_all(&blocks);
    for block in blocks.drain(..) {
        // SAFETY: a live block with its layout, freed once.
        unsafe { heap.dealloc(block.ptr, block.layout) };
    }
    // Everything was given back: the largest block of the fresh heap fits again.
    // SAFETY: not zero-sized.
    let ptr = unsafe { heap.alloc(big) };
    assert!(!ptr.is_null(), "the heap did not get its memory back");
    // SAFETY: just allocated with `big`.
    unsafe { heap.dealloc(ptr, big) };
}

struct Exercise(Vec<&'static str>);

impl PeerVisitor for Exercise {
    fn visit<A: HeapPeer>(&mut self) {
        let mut arena = Arena::new(1 << 20);
        // SAFETY: the arena outlives the heap and serves nothing else.
        let heap = unsafe { locked::<A>(arena.region(1 << 20)) };
        exercise(&heap);
        drop(heap);
        self.0.push(A::PEER);
    }
}

#[test]
fn every_peer_keeps_blocks_aligned_disjoint_and_intact() {
    let mut visitor = Exercise(Vec::new());
    for_each_peer(&mut visitor);
    assert_eq!(
        visitor.0,
        [AVILA, AVILA_BUDDY, TALC, RLSF, LINKED_LIST, BUDDY_SYSTEM]
    );
    assert_eq!(visitor.0, peer_names());
}

struct Workloads;

impl PeerVisitor for Workloads {
    fn visit<A: HeapPeer>(&mut self) {
        let mut arena = Arena::new(8 << 20);
        let region = arena.region(8 << 20);
        for realloc in [false, true] {
            // SAFETY: the arena outlives the heap and serves nothing else.
            let heap = unsafe { locked::<A>(region) };
            let trial = workloads::random_actions(
                &heap,
                &mut Rng::new(1),
                1000,
                realloc,
                Duration::from_millis(1),
            );
            assert!(trial.actions >= workloads::CHECK_EVERY, "{}", A::PEER);
            assert_eq!(trial.failures, 0, "{}", A::PEER);
            // The trial freed all it held: the whole heap is usable again.
            exercise(&heap);
        }
        // SAFETY: as above.
        let heap = unsafe { locked::<A>(region) };
        let share = workloads::efficiency_round(&heap, 8 << 20, &mut Rng::new(2), 30_000);
        assert!(share > 0.3 && share <= 1.0, "{}: {share}", A::PEER);
        drop(heap);
        // SAFETY: as above.
        let heap = unsafe { locked::<A>(region) };
        let share = workloads::efficiency_mixed_round(&heap, 8 << 20, &mut Rng::new(4), 1000);
        assert!(share > 0.3 && share <= 1.0, "{}: {share}", A::PEER);
        drop(heap);
        for kind in LatencyLoop::ALL {
            // SAFETY: as above.
            let heap = unsafe { locked::<A>(region) };
            let times = workloads::latency(&heap, kind, &mut Rng::new(3), 3000);
            assert!(times.len() >= 3000, "{}", A::PEER);
            exercise(&heap);
        }
    }
}

#[test]
fn the_workloads_run_on_every_peer_and_give_everything_back() {
    for_each_peer(&mut Workloads);
}

#[test]
fn the_request_law_stays_in_bounds() {
    let mut rng = Rng::new(42);
    let mut aligns = alloc::collections::BTreeSet::new();
    for _ in 0..100_000 {
        let layout = random_layout(&mut rng, 200);
        assert!((4..199).contains(&layout.size()), "{layout:?}");
        assert!((8..=2048).contains(&layout.align()), "{layout:?}");
        aligns.insert(layout.align());
        let size = random_size(&mut rng, 30_000);
        assert!((4..29_999).contains(&size));
    }
    // All of 8 << 0..=8 show up; 8 (half the draws) most of all.
    assert_eq!(aligns.len(), 9);
    // Same seed, same sequence.
    let a: Vec<u64> = (0..8)
        .scan(Rng::new(9), |r, _| Some(r.next_u64()))
        .collect();
    let b: Vec<u64> = (0..8)
        .scan(Rng::new(9), |r, _| Some(r.next_u64()))
        .collect();
    assert_eq!(a, b);
    assert_ne!(a[0], a[1]);
}

#[test]
fn quantiles_use_the_nearest_rank() {
    let sorted: Vec<u64> = (1..=100).collect();
    assert_eq!(quantile(&sorted, 0.5), 50);
    assert_eq!(quantile(&sorted, 0.99), 99);
    assert_eq!(quantile(&sorted, 1.0), 100);
    assert_eq!(quantile(&[7], 0.99), 7);
}

#[test]
fn heap_groups_have_unique_names_and_a_tiny_run_fills_every_table() {
    let groups = HeapGroup::all();
    let mut names: Vec<String> = groups.iter().map(HeapGroup::name).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), groups.len());
    assert_eq!(groups.len(), 2 * suite_heap::MAX_SIZES.len() + 3 + 3);

    let config = HeapConfig {
        trials: 1,
        trial_time: Duration::from_millis(1),
        efficiency_rounds: 1,
        latency_ops: 200,
    };
    let picked = [
        HeapGroup::Actions {
            max: 200,
            realloc: true,
        },
        HeapGroup::Efficiency {
            max: 30_000,
            mixed: false,
        },
        HeapGroup::Latency(LatencyLoop::Pair),
    ];
    let mut seen = 0;
    let run = suite_heap::run_heap(&picked, &config, |_| seen += 1);
    assert_eq!(seen, 1 + 1 + 3);
    assert_eq!(run.throughput.rows.len(), 1);
    assert_eq!(run.efficiency.rows.len(), 1);
    assert_eq!(run.latency.rows.len(), 3);
    for row in run
        .throughput
        .rows
        .iter()
        .chain(&run.efficiency.rows)
        .chain(&run.latency.rows)
    {
        let peers: Vec<&str> = row.measurements.iter().map(|m| m.peer.as_str()).collect();
        assert_eq!(peers, peer_names(), "{}", row.workload);
        assert!(row.measurements.iter().all(|m| m.value > 0.0), "{row:?}");
    }
    assert!(suite_heap::heap_text(&run).contains("heap/latency/pair/p99"));
    assert!(suite_heap::heap_csv(&run).contains("heap/efficiency/30000"));
}

#[test]
fn heap_cases_have_every_peer_and_run() {
    let mut collector = crate::harness::Collector::new();
    suite_heap::heap_cases(&mut collector);
    let mut cases = collector.into_cases();
    let names: Vec<String> = cases.iter().map(|c| c.name.clone()).collect();
    let expected: Vec<String> = suite_heap::HeapCase::ALL
        .map(suite_heap::HeapCase::name)
        .into();
    assert_eq!(names, expected);
    for case in &mut cases {
        let peers: Vec<&str> = case.peers.iter().map(|p| p.peer).collect();
        assert_eq!(peers, peer_names(), "{}", case.name);
        // More runs than requests drawn in advance: the routines cycle without running dry.
        for peer in &mut case.peers {
            let _ = peer.sample(5000);
        }
    }
}
