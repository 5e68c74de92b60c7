//! Every workload computes the same result for every peer, so none can silently measure nothing;
//! plus the suite's shape, the harness and the report rendering.

use core::time::Duration;

use crate::harness::{self, Collector, Config};
use crate::peers::{self, BenchString, BenchVec, StdString, StdVec};
use crate::report::{self, Measurement, Row, Table};
use crate::suite::{self, StringWorkload, VecWorkload, Visitor};
use crate::workloads::{string, vec};

/// What each vector workload produced for one peer.
#[derive(Debug, PartialEq, Eq)]
struct VecResults {
    push: Vec<u32>,
    pop_sum: u64,
    pop_left: usize,
    extend: Vec<u32>,
    insert_front: Vec<u32>,
    remove_sum: u64,
    remove_left: usize,
    iterate: u64,
    clone: Vec<u32>,
}

fn vec_results<V: BenchVec<u32>>() -> VecResults {
    let mut popped = vec::full::<V>();
    let pop_sum = vec::pop_all(&mut popped);
    let mut removed = vec::full::<V>();
    let remove_sum = vec::remove_front(&mut removed);
    let full = vec::full::<V>();
    let clone = vec::clone(&full);
    VecResults {
        push: vec::push::<V>().as_slice().to_vec(),
        pop_sum,
        pop_left: popped.len(),
        extend: vec::extend_from_slice::<V>().as_slice().to_vec(),
        insert_front: vec::insert_front::<V>().as_slice().to_vec(),
        remove_sum,
        remove_left: removed.len(),
        iterate: vec::iterate(&full),
        clone: clone.as_slice().to_vec(),
    }
}

/// The result every peer must produce, from a plain model.
fn vec_model(n: usize) -> VecResults {
    let pushed: Vec<u32> = (0..n as u32).map(|i| vec::SEED + i).collect();
    let source = vec::SOURCE[..n].to_vec();
    let source_sum: u64 = source.iter().map(|&x| u64::from(x)).sum();
    VecResults {
        insert_front: pushed.iter().rev().copied().collect(),
        push: pushed,
        pop_sum: source_sum,
        pop_left: 0,
        extend: source.clone(),
        remove_sum: source_sum,
        remove_left: 0,
        iterate: source_sum,
        clone: source,
    }
}

fn check_vec_peers<const N: usize>() {
    let model = vec_model(N);
    assert_eq!(
        vec_results::<avila_alloc::StackVec<u32, N>>(),
        model,
        "avila, N = {N}"
    );
    assert_eq!(
        vec_results::<arrayvec::ArrayVec<u32, N>>(),
        model,
        "arrayvec, N = {N}"
    );
    assert_eq!(
        vec_results::<heapless::Vec<u32, N>>(),
        model,
        "heapless, N = {N}"
    );
    assert_eq!(vec_results::<StdVec<u32, N>>(), model, "std, N = {N}");
}

#[test]
fn vec_workloads_agree_with_the_model_for_every_peer() {
    check_vec_peers::<16>();
    check_vec_peers::<256>();
    check_vec_peers::<1>();
}

/// What each string workload produced for one peer.
#[derive(Debug, PartialEq, Eq)]
struct StringResults {
    push_str: String,
    ascii: String,
    mixed: String,
    ints: String,
}

fn string_results<S: BenchString>() -> StringResults {
    StringResults {
        push_str: string::push_str::<S>().as_str().to_owned(),
        ascii: string::push_char::<S>(&string::fill_chars(&string::ASCII, S::CAPACITY))
            .as_str()
            .to_owned(),
        mixed: string::push_char::<S>(&string::fill_chars(&string::MIXED, S::CAPACITY))
            .as_str()
            .to_owned(),
        ints: string::write_ints::<S>().as_str().to_owned(),
    }
}

/// The string workloads fill the string up to what the next item would not fit in.
fn check_string_model(results: &StringResults, n: usize) {
    let longest_piece = string::PIECES.iter().map(|p| p.len()).max().unwrap();
    assert!(results.push_str.len() <= n && results.push_str.len() + longest_piece > n);
    assert!(results.push_str.starts_with("id=4711, name=\"avila\"; "));
    assert_eq!(results.ascii.len(), n, "ASCII fills the string exactly");
    assert!(results.ascii.starts_with("abcdefgh0123 -_.abc"));
    assert!(results.mixed.len() <= n && results.mixed.len() + 4 > n);
    assert!(results.mixed.starts_with("aé€𝄞zß中!a"));
    assert!(results.ints.len() <= n && results.ints.len() + string::MAX_INT_WIDTH > n);
    assert!(
        results
            .ints
            .split_terminator(' ')
            .all(|x| x.parse::<u32>().is_ok())
    );
    assert!(results.ints.split_terminator(' ').count() >= n / string::MAX_INT_WIDTH);
}

fn check_string_peers<const N: usize>() {
    let expected = string_results::<StdString<N>>();
    check_string_model(&expected, N);
    assert_eq!(
        string_results::<avila_alloc::StackString<N>>(),
        expected,
        "avila, N = {N}"
    );
    assert_eq!(
        string_results::<arrayvec::ArrayString<N>>(),
        expected,
        "arrayvec, N = {N}"
    );
    assert_eq!(
        string_results::<heapless::String<N>>(),
        expected,
        "heapless, N = {N}"
    );
}

#[test]
fn string_workloads_agree_for_every_peer() {
    check_string_peers::<64>();
    check_string_peers::<512>();
}

/// Runs every routine of the suite once and records the case and peer names.
#[derive(Default)]
pub(crate) struct RunOnce {
    pub(crate) calls: Vec<(String, &'static str)>,
}

impl Visitor for RunOnce {
    fn plain<F>(&mut self, case: &str, peer: &'static str, mut routine: F)
    where
        F: FnMut() + 'static,
    {
        routine();
        self.calls.push((case.to_owned(), peer));
    }

    fn batched<I, S, F>(
        &mut self,
        case: &str,
        peer: &'static str,
        batch: usize,
        mut setup: S,
        mut routine: F,
    ) where
        I: 'static,
        S: FnMut() -> I + 'static,
        F: FnMut(&mut I) + 'static,
    {
        assert!((16..=1024).contains(&batch), "{case}: batch {batch}");
        routine(&mut setup());
        self.calls.push((case.to_owned(), peer));
    }
}

#[test]
fn the_suite_runs_every_workload_for_every_peer() {
    let mut visitor = RunOnce::default();
    suite::all_cases(&mut visitor);
    // Group the calls by case, in order.
    let mut cases: Vec<(&str, Vec<&str>)> = Vec::new();
    for (case, peer) in &visitor.calls {
        match cases.last_mut() {
            Some((name, peers)) if *name == case.as_str() => peers.push(peer),
            _ => cases.push((case.as_str(), vec![*peer])),
        }
    }
    let mut names: Vec<&str> = cases.iter().map(|&(name, _)| name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(
        names.len(),
        cases.len(),
        "every case is visited in one contiguous run"
    );
    for (case, peers) in &cases {
        assert_eq!(peers[0], peers::AVILA, "{case}: avila comes first");
        assert!(
            peers.len() >= 2,
            "{case}: at least one peer to compare with"
        );
        let mut unique = peers.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), peers.len(), "{case}: no peer twice");
    }
    // The vector and string cases run against all four peers.
    let all_peers = [peers::AVILA, peers::ARRAYVEC, peers::HEAPLESS, peers::STD];
    let containers: Vec<_> = cases
        .iter()
        .filter(|(case, _)| case.starts_with("vec/") || case.starts_with("string/"))
        .collect();
    let expected_cases = (VecWorkload::ALL.len() * VecWorkload::CAPACITIES.len())
        + (StringWorkload::ALL.len() * StringWorkload::CAPACITIES.len());
    assert_eq!(containers.len(), expected_cases);
    for (case, peers) in containers {
        assert_eq!(peers.as_slice(), all_peers, "{case}");
    }
    assert!(names.contains(&"vec/push/256"));
    assert!(names.contains(&"string/write_ints/64"));
}

#[test]
fn the_harness_measures_every_peer_of_a_case() {
    let mut collector = Collector::new();
    collector.plain("demo", "a", || {
        core::hint::black_box(1 + 1);
    });
    collector.batched(
        "demo",
        "b",
        4,
        || vec![1_u32; 8],
        |v: &mut Vec<u32>| {
            v.clear();
        },
    );
    let mut cases = collector.into_cases();
    assert_eq!(cases.len(), 1);
    let config = Config {
        sample_time: Duration::from_micros(50),
        samples: 3,
    };
    let row = harness::measure(&mut cases[0], &config);
    assert_eq!(row.workload, "demo");
    let peers: Vec<&str> = row.measurements.iter().map(|m| m.peer.as_str()).collect();
    assert_eq!(peers, ["a", "b"]);
    assert!(
        row.measurements
            .iter()
            .all(|m| m.value.is_finite() && m.value >= 0.0)
    );
}

#[test]
fn samples_rotate_through_stack_offsets() {
    use alloc::rc::Rc;
    use core::cell::Cell;

    // Records the address of a local of the routine, once per sample.
    let seen = Rc::new(Cell::new(0_usize));
    let mut collector = Collector::new();
    let record = Rc::clone(&seen);
    collector.plain("demo", "a", move || {
        let local = 0_u8;
        record.set(core::ptr::addr_of!(local) as usize);
        core::hint::black_box(&local);
    });
    let mut cases = collector.into_cases();
    let routine = &mut cases[0].peers[0];
    let mut addresses = Vec::new();
    for offset in 0..harness::STACK_OFFSETS {
        let _ = routine.sample_at_offset(offset, 1);
        addresses.push(seen.get());
    }
    // Each offset moves the routine's frame about `STACK_STEP` bytes further down the stack (the
    // compiler may round a frame to its alignment).
    for (offset, &address) in addresses.iter().enumerate() {
        let moved = addresses[0] - address;
        assert!(
            moved.abs_diff(offset * harness::STACK_STEP) <= 32,
            "offset {offset} moved the frame by {moved} bytes"
        );
    }
    // The rotation wraps around.
    let _ = routine.sample_at_offset(harness::STACK_OFFSETS + 1, 1);
    assert_eq!(seen.get(), addresses[1]);
}

#[test]
fn median_and_spread() {
    assert_eq!(harness::median(&mut [3.0, 1.0, 2.0]), 2.0);
    assert_eq!(harness::median(&mut [4.0, 1.0, 2.0, 3.0]), 2.5);
    assert!(harness::median(&mut []).is_nan());
    assert!((harness::relative_mad(&[9.0, 10.0, 11.0], 10.0) - 0.1).abs() < 1e-12);
}

fn measurement(peer: &str, value: f64) -> Measurement {
    Measurement {
        peer: peer.to_owned(),
        value,
        spread: 0.01,
    }
}

fn sample_table() -> Table {
    let mut table = Table::new("avila");
    table.rows.push(Row {
        workload: "vec/push/16".to_owned(),
        measurements: vec![measurement("avila", 5.0), measurement("arrayvec", 10.0)],
    });
    // A later row with a peer the first one lacks: the columns are the union.
    table.rows.push(Row {
        workload: "pool/alloc/64".to_owned(),
        measurements: vec![measurement("avila", 12.0), measurement("slab", 10.0)],
    });
    table
}

#[test]
fn the_table_has_a_column_per_peer_and_a_ratio_per_other_peer() {
    let table = sample_table();
    assert_eq!(table.peers(), ["avila", "arrayvec", "slab"]);
    assert_eq!(table.rows[0].ratio("avila", "arrayvec"), Some(0.5));
    assert_eq!(table.rows[0].ratio("avila", "slab"), None);
    assert_eq!(table.slower_than(0.05), [("pool/alloc/64", "slab", 1.2)]);

    let csv = table.to_csv();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("workload,avila ns,arrayvec ns,slab ns,avila/arrayvec,avila/slab,spread %")
    );
    assert_eq!(lines.next(), Some("vec/push/16,5.000,10.000,,0.5000,,1.00"));
    assert_eq!(
        lines.next(),
        Some("pool/alloc/64,12.000,,10.000,,1.2000,1.00")
    );

    let markdown = table.to_markdown();
    assert!(markdown.starts_with("| workload | avila ns | arrayvec ns | slab ns |"));
    assert!(markdown.contains("|---|---:|---:|---:|---:|---:|---:|"));
    assert!(markdown.contains("| vec/push/16 | 5.00 | 10.0 | - | 0.50 | - | 1.0 |"));

    let text = table.to_text();
    assert_eq!(text.lines().count(), 4);
    assert!(text.lines().nth(2).unwrap().starts_with("vec/push/16  "));
}

#[test]
fn the_report_header_names_date_machine_and_compiler() {
    let env = report::Environment {
        date: report::format_utc(0),
        cpu: "Test CPU".to_owned(),
        cpus: 2,
        rustc: "rustc 1.0.0".to_owned(),
        rustflags: String::new(),
        settings: "quick".to_owned(),
    };
    let markdown = report::markdown_report(&sample_table(), &env);
    assert!(markdown.contains("- date: 1970-01-01 00:00 UTC\n"));
    assert!(markdown.contains("- machine: Test CPU, 2 logical CPUs\n"));
    assert!(markdown.contains("- rustc: rustc 1.0.0\n"));
    assert!(markdown.contains("- rustflags: (none)\n"));
    assert!(report::loops_aligned("-C llvm-args=-align-loops=64"));
    assert!(!report::loops_aligned(""));
    assert!(markdown.contains("| vec/push/16 |"));
    assert!(report::text_report(&sample_table(), &env).contains("machine: Test CPU"));

    assert_eq!(
        report::format_utc(951_782_400 + 3600 * 13 + 60 * 7),
        "2000-02-29 13:07 UTC"
    );
    assert_eq!(report::format_utc(1_767_225_600), "2026-01-01 00:00 UTC");
    let cpuinfo = "processor\t: 0\nvendor_id\t: X\nmodel name\t: AMD EPYC 7B13\nprocessor\t: 1\n";
    assert_eq!(report::cpu_model(cpuinfo).as_deref(), Some("AMD EPYC 7B13"));
    assert_eq!(report::cpu_model("processor: 0\n"), None);
    assert!(!report::rustc_version().is_empty());
}
