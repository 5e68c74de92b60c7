//! The `os_heap/...` workloads compute the same, input-determined results through every
//! allocator, and the real program does not depend on its allocator.

use core::alloc::GlobalAlloc;

use crate::harness::Collector;
use crate::peers_os_heap::{AVILA_HEAP, MIMALLOC_HEAP, PEERS, SYSTEM_HEAP};
use crate::real_program::{self, parse_output, program};
use crate::suite_os_heap::{OsHeapWorkload, os_heap_case_name, os_heap_cases};
use crate::workloads_os_heap::{
    self as workloads, BATCH, GROWTH_END, GROWTH_START, Inputs, LIVE, OPS, SIZES, expected,
};

/// Every workload's result on one and two threads through `alloc`.
fn results<G: GlobalAlloc + Sync>(alloc: &G) -> Vec<u64> {
    let inputs = Inputs::shared();
    let queue = workloads::queue();
    let mut results = Vec::new();
    for workload in OsHeapWorkload::ALL {
        for threads in OsHeapWorkload::THREADS {
            results.push(workload.run(alloc, threads, inputs, &queue));
            assert!(queue.is_empty(), "{workload} leaves no block in the queue");
        }
    }
    results
}

#[test]
fn every_allocator_reads_back_what_the_inputs_say() {
    let one = expected(Inputs::shared());
    // Two threads run the same work twice, except the producer/consumer pair, which moves the
    // one-thread version's blocks between them.
    let mut model = Vec::new();
    for (i, value) in one.into_iter().enumerate() {
        model.push(value);
        model.push(if i == 4 { value } else { 2 * value });
    }
    assert!(model.iter().all(|&v| v > 0));
    // Only this test uses the OsHeap of the test binary: its large blocks (the growths past its
    // size classes) are all given back.
    let large = || {
        let stats = AVILA_HEAP.stats();
        (stats.large_allocations, stats.large_bytes)
    };
    let before = large();
    assert_eq!(results(&AVILA_HEAP), model, "avila");
    assert_eq!(large(), before, "avila: every large block freed");
    assert_eq!(results(&SYSTEM_HEAP), model, "system");
    assert_eq!(results(&MIMALLOC_HEAP), model, "mimalloc");
}

#[test]
fn the_inputs_are_in_range_and_the_free_order_is_a_permutation() {
    let inputs = Inputs::new();
    assert_eq!(inputs, *Inputs::shared(), "deterministic");
    let sizes = inputs
        .churn_initial
        .iter()
        .chain(inputs.churn_steps.iter().map(|(_, size)| size))
        .chain(&inputs.batch_sizes)
        .chain(&inputs.stream_sizes);
    let (mut smallest, mut largest) = (usize::MAX, 0);
    for &size in sizes {
        smallest = smallest.min(size);
        largest = largest.max(size);
    }
    assert_eq!((smallest, largest), SIZES, "the whole range is used");
    assert_eq!(inputs.churn_steps.len(), OPS);
    assert!(inputs.churn_steps.iter().all(|&(victim, _)| victim < LIVE));
    let victims: std::collections::HashSet<usize> =
        inputs.churn_steps.iter().map(|&(v, _)| v).collect();
    assert!(victims.len() > LIVE * 9 / 10, "churn replaces most blocks");
    let mut order = inputs.batch_order.clone();
    assert_ne!(order, (0..BATCH).collect::<Vec<_>>(), "shuffled");
    order.sort_unstable();
    assert_eq!(order, (0..BATCH).collect::<Vec<_>>());
    assert!(GROWTH_END.is_power_of_two() && GROWTH_START.is_power_of_two());
}

/// An allocator that hands out the same block twice: the workloads' read-back catches it.
struct Reuses;

// SAFETY: not a valid allocator on purpose (it aliases blocks); used only to show the check
// fails. Every block is 256 bytes of one static buffer, large enough for the pair sizes.
unsafe impl GlobalAlloc for Reuses {
    unsafe fn alloc(&self, layout: core::alloc::Layout) -> *mut u8 {
        static mut BLOCK: [u64; 32] = [0; 32];
        assert!(layout.size() <= 256);
        (&raw mut BLOCK).cast()
    }

    unsafe fn dealloc(&self, _: *mut u8, _: core::alloc::Layout) {}
}

#[test]
#[should_panic(expected = "was overwritten")]
fn a_block_handed_out_twice_is_caught() {
    let inputs = Inputs::shared();
    let _ = workloads::batch(&Reuses, inputs);
}

#[test]
fn os_heap_cases_have_every_allocator() {
    let mut collector = Collector::new();
    os_heap_cases(&mut collector);
    let cases = collector.into_cases();
    assert_eq!(
        cases.len(),
        OsHeapWorkload::ALL.len() * OsHeapWorkload::THREADS.len()
    );
    assert_eq!(cases[0].name, "os_heap/pair/20000");
    assert_eq!(cases[1].name, "os_heap/pair_2_threads/40000");
    assert_eq!(
        os_heap_case_name(OsHeapWorkload::ProducerConsumer, 2),
        "os_heap/producer_consumer_2_threads/20000"
    );
    for case in &cases {
        let peers: Vec<&str> = case.peers.iter().map(|p| p.peer).collect();
        assert_eq!(peers, PEERS, "{}", case.name);
    }
}

#[test]
fn the_real_program_is_deterministic() {
    // The binaries with each allocator installed are checked against it in
    // tests/real_program.rs.
    assert_eq!(program(0), 0);
    let small = program(1_000);
    assert_eq!(program(1_000), small);
    assert_ne!(program(999), small);
    let (checksum, elapsed) = real_program::run(1_000);
    assert_eq!(checksum, small);
    assert!(elapsed.as_nanos() > 0);
}

#[test]
fn the_real_program_binaries_print_what_the_report_reads() {
    assert_eq!(parse_output("checksum 7 ns 12\n"), Some((7, 12.0)));
    assert_eq!(parse_output("checksum 7 ns 12 extra"), None);
    assert_eq!(parse_output("checksum x ns 12"), None);
    assert_eq!(parse_output(""), None);
    assert!(real_program::case_name().starts_with("os_heap/real_program/"));
}
