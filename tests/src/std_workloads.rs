//! Real std workloads that check their own results, for the `harness = false` tests that install
//! one of the crate's allocators as the `#[global_allocator]` (`tests/global_heap.rs`,
//! `tests/global_tracker.rs`, `tests/global_leak.rs`), and the loop that runs them and compares
//! the allocator's counts before and after each.

#![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::mpsc;
use std::thread;

/// A small deterministic generator (xorshift), so runs are reproducible.
#[derive(Debug)]
struct Rng(u64);

impl Rng {
    /// The next value.
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A value below `n`.
    fn below(&mut self, n: u64) -> usize {
        (self.next() % n) as usize
    }
}

/// Vectors and strings made, checked, grown (by reallocation) and dropped at random.
pub fn vec_and_string_churn(rounds: usize) {
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

/// A `BTreeMap` and a `HashMap` of `n` entries with `String` and `Vec` values, a third removed.
pub fn maps(n: u64) {
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

/// 2000 lines of `format!` with integers, floats and `Debug` tuples.
pub fn formatting() {
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
pub fn threads() {
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

/// std's one-time allocations, made before a test takes its baseline: stdout's buffer, the first
/// spawned thread's bookkeeping, and the main thread's state for blocking on a channel. The last
/// one appears only when the main thread really waits, which [`threads`] leaves to timing (on a
/// loaded machine the messages may always be there already): here it always waits, for a
/// sender that sleeps first.
pub fn warm_up() {
    threads();
    formatting();
    let (tx, rx) = mpsc::channel::<u32>();
    let sender = thread::spawn(move || {
        thread::sleep(std::time::Duration::from_millis(20));
        tx.send(1).unwrap();
    });
    assert_eq!(rx.recv().unwrap(), 1);
    sender.join().unwrap();
}

/// Runs each named check, catching its panic, and after each asks `balanced(before, after)` (two
/// readings of `snapshot`) whether the allocator's counts came back; prints one line per check
/// prefixed with `binary`. Returns whether every check passed and was balanced.
pub fn run_checks<S>(
    binary: &str,
    checks: &[(&str, fn())],
    snapshot: impl Fn() -> S,
    balanced: impl Fn(&S, &S) -> (bool, String),
) -> bool {
    let mut passed = true;
    for &(name, check) in checks {
        let before = snapshot();
        if let Err(panic) = std::panic::catch_unwind(check) {
            eprintln!("{binary}: {name}: FAILED: {panic:?}");
            passed = false;
            continue;
        }
        let (ok, summary) = balanced(&before, &snapshot());
        println!(
            "{binary}: {name}: {}; {summary}",
            if ok { "ok" } else { "LEAK?" }
        );
        passed &= ok;
    }
    passed
}
