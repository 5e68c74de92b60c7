//! `global_heap!` as the `#[global_allocator]` of this test binary (a `LockedHeap` of the TLSF
//! `Heap` behind a `SpinLock`, claiming a static buffer of 8 MiB on first use): every allocation of
//! the program, std's own included, goes through it. Real std workloads check their results, and
//! the heap's statistics must come back to where they started.
//!
//! `harness = false` (see Cargo.toml): libtest's threads and output buffers would allocate beside
//! the workloads and blur the statistics, so `main` runs the checks and exits non-zero on failure.

#![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::process::ExitCode;
use std::sync::mpsc;
use std::thread;

use avila_alloc::global_heap;

global_heap!(static HEAP: 8 * 1024 * 1024);

/// A small deterministic generator (xorshift), so runs are reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> usize {
        (self.next() % n) as usize
    }
}

fn vec_and_string_churn(rounds: usize) {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut vecs: Vec<Vec<u64>> = Vec::new();
    let mut strings: Vec<String> = Vec::new();
    for round in 0..rounds {
        match rng.below(4) {
            0 => {
                let len = rng.below(300);
                vecs.push((0..len as u64).map(|i| i * 3 + round as u64).collect());
            }
            1 if !vecs.is_empty() => {
                let i = rng.below(vecs.len() as u64);
                let v = vecs.swap_remove(i);
                assert!(v.windows(2).all(|w| w[1] == w[0] + 3), "vector contents");
            }
            2 => {
                let mut s = String::new();
                for _ in 0..rng.below(40) {
                    write!(s, "{}-", rng.below(1000)).unwrap();
                }
                strings.push(s);
            }
            _ => {
                if let Some(s) = strings.pop() {
                    let parts = s.split('-').filter(|p| !p.is_empty());
                    assert!(parts.map(|p| p.parse::<u32>().unwrap()).all(|n| n < 1000));
                }
                if let Some(v) = vecs.last_mut() {
                    // Growth through realloc.
                    let start = v.last().map_or(0, |&x| x + 3);
                    v.extend((0..rng.below(500) as u64).map(|i| start + 3 * i));
                }
            }
        }
    }
}

fn maps(n: u64) {
    let mut btree = BTreeMap::new();
    let mut hash = HashMap::new();
    for i in 0..n {
        btree.insert(i * 7 % n, format!("value {i}"));
        hash.insert(format!("key {i}"), vec![i; (i % 17) as usize]);
    }
    for i in (0..n).step_by(3) {
        btree.remove(&i);
        hash.remove(&format!("key {i}"));
    }
    assert_eq!(btree.len() as u64, n - n.div_ceil(3));
    assert_eq!(hash.len(), btree.len());
    for (k, v) in &hash {
        let i: u64 = k.strip_prefix("key ").unwrap().parse().unwrap();
        assert_eq!(v.len() as u64, i % 17);
        assert!(v.iter().all(|&x| x == i));
    }
    let total: usize = btree.values().map(String::len).sum();
    assert!(total > 0);
}

fn formatting() {
    let mut out = String::new();
    for i in 0..2000_u32 {
        let line = format!(
            "{i:>8} {:08x} {:.3} {:?}\n",
            i * 31,
            f64::from(i) / 7.0,
            (i, "x")
        );
        out.push_str(&line);
    }
    assert_eq!(out.lines().count(), 2000);
    assert!(out.contains("    1999 0000f211 285.571 (1999, \"x\")"));
}

/// Four threads allocate and free, and send boxed vectors to each other over channels, so
/// memory is freed by another thread than the one that allocated it.
fn threads() {
    let (tx, rx) = mpsc::channel::<Box<Vec<u32>>>();
    let workers: Vec<_> = (0..4_u32)
        .map(|t| {
            let tx = tx.clone();
            thread::spawn(move || {
                let mut rng = Rng(u64::from(t) * 0x1234_5678 + 1);
                let mut kept: Vec<Vec<u32>> = Vec::new();
                for round in 0..3000_u32 {
                    let len = rng.below(200);
                    let v: Vec<u32> = (0..len as u32).map(|i| i ^ round).collect();
                    if round % 3 == 0 {
                        tx.send(Box::new(v)).unwrap();
                    } else {
                        kept.push(v);
                        if kept.len() > 50 {
                            let v = kept.swap_remove(rng.below(kept.len() as u64));
                            assert!(v.iter().enumerate().all(|(i, &x)| (x ^ i as u32) < 3000));
                        }
                    }
                }
            })
        })
        .collect();
    drop(tx);
    let mut received = 0;
    for v in rx {
        let round = v.first().copied().unwrap_or(0);
        assert!(v.iter().enumerate().all(|(i, &x)| x ^ i as u32 == round));
        received += 1;
    }
    for w in workers {
        w.join().unwrap();
    }
    assert_eq!(received, 4 * 1000);
}

fn main() -> ExitCode {
    // A panic message without a backtrace: symbolizing one reads the binary's debug information
    // into memory, more than this heap holds (the out-of-memory handler would then wait forever
    // for the backtrace lock it already holds).
    std::panic::set_hook(Box::new(|info| eprintln!("global_heap: panic: {info}")));
    // Warm-up: std's one-time allocations (stdout's buffer, the bookkeeping of the first thread
    // and of the main thread's first blocking wait on a channel) happen before the baseline.
    println!("global_heap: warming up");
    threads();
    formatting();
    let start = HEAP.stats();
    if start.free + start.used < 8 * 1024 * 1024 - 4096 {
        eprintln!("global_heap: the static buffer was not claimed: {start:?}");
        return ExitCode::FAILURE;
    }

    let checks: [(&str, fn()); 4] = [
        ("vec and string churn", || vec_and_string_churn(20_000)),
        ("btree and hash maps", || maps(3000)),
        ("formatting", formatting),
        ("4 threads with mpsc", threads),
    ];
    let mut failed = false;
    for (name, check) in checks {
        let peak_before = HEAP.stats();
        if let Err(panic) = std::panic::catch_unwind(check) {
            eprintln!("global_heap: {name}: FAILED: {panic:?}");
            failed = true;
            continue;
        }
        let after = HEAP.stats();
        let ok = after.allocations == peak_before.allocations && after.used == peak_before.used;
        println!(
            "global_heap: {name}: ok; {} live allocations, {} bytes used, {} free{}",
            after.allocations,
            after.used,
            after.free,
            if ok { "" } else { " (LEAK?)" }
        );
        failed |= !ok;
    }

    HEAP.lock().heap().check_invariants();
    let end = HEAP.stats();
    if failed || end.allocations != start.allocations || end.used != start.used {
        eprintln!("global_heap: FAILED (start {start:?}, end {end:?})");
        return ExitCode::FAILURE;
    }
    println!("global_heap: all checks passed, stats back to {end:?}");
    ExitCode::SUCCESS
}
