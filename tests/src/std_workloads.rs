//! Real std workloads that check their own results, for the `harness = false` tests that install
//! one of the crate's allocators as the `#[global_allocator]` (`tests/global_heap.rs`,
//! `tests/global_tracker.rs`, `tests/global_leak.rs`, `tests/global_os_heap.rs`), and the loop that runs them and compares
//! the allocator's counts before and after each.

#![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::{Arc, Mutex, mpsc};
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

/// A block of the cross-thread workloads: strings or bytes, each derived from `seed` so the
/// receiver can check every byte.
#[derive(Debug)]
enum Parcel {
    /// `count` strings `"{seed}:{j}:"` padded with `'s'` to a length of up to ~1 KiB.
    Strings { seed: u64, strings: Vec<String> },
    /// `len` bytes, byte `i` being `seed + i` (truncated).
    Bytes { seed: u64, bytes: Box<[u8]> },
}

impl Parcel {
    /// A parcel of 8 B to 64 KiB (sizes spread over every power of two), drawn from `rng`.
    fn new(rng: &mut Rng) -> Self {
        let seed = rng.next();
        if rng.below(3) == 0 {
            let strings = (0..1 + rng.below(40))
                .map(|j| {
                    let mut s = format!("{seed}:{j}:");
                    let pad = 8 << rng.below(8);
                    s.extend(core::iter::repeat_n('s', rng.below(pad)));
                    s
                })
                .collect();
            Self::Strings { seed, strings }
        } else {
            let class = 8 << rng.below(14);
            let len = (class + rng.below(class as u64)).min(64 * 1024);
            let bytes = (0..len)
                .map(|i| seed.wrapping_add(i as u64) as u8)
                .collect();
            Self::Bytes { seed, bytes }
        }
    }

    /// Panics unless the contents are the ones [`Parcel::new`] made.
    fn verify(&self) {
        match self {
            Self::Strings { seed, strings } => {
                for (j, s) in strings.iter().enumerate() {
                    let rest = s.strip_prefix(&format!("{seed}:{j}:")).unwrap();
                    assert!(rest.bytes().all(|b| b == b's'), "string contents");
                }
            }
            Self::Bytes { seed, bytes } => {
                assert!((8..=64 * 1024).contains(&bytes.len()), "bytes length");
                let expected = (0..bytes.len()).map(|i| seed.wrapping_add(i as u64) as u8);
                assert!(bytes.iter().copied().eq(expected), "bytes contents");
            }
        }
    }
}

/// Parcels per direction in [`cross_thread_frees`].
pub const PARCELS: usize = 250;

/// Cross-thread frees in both directions: two pairs of threads, each thread sending
/// [`PARCELS`] parcels (strings and byte boxes of 8 B to 64 KiB) to its partner while receiving
/// the partner's, which it checks and drops. So every parcel is freed by the thread that did not
/// allocate it, while both threads allocate and free at once.
pub fn cross_thread_frees() {
    let mut handles = Vec::new();
    for pair in 0..2_u64 {
        let (to_b, from_a) = mpsc::channel::<Parcel>();
        let (to_a, from_b) = mpsc::channel::<Parcel>();
        for (side, tx, rx) in [(0, to_b, from_b), (1, to_a, from_a)] {
            handles.push(thread::spawn(move || {
                let mut rng = Rng(0xC0FF_EE00 + pair * 2 + side);
                let mut received = 0;
                for _ in 0..PARCELS {
                    tx.send(Parcel::new(&mut rng)).unwrap();
                    for parcel in rx.try_iter() {
                        parcel.verify();
                        received += 1;
                    }
                }
                drop(tx);
                for parcel in rx {
                    parcel.verify();
                    received += 1;
                }
                received
            }));
        }
    }
    for handle in handles {
        assert_eq!(handle.join().unwrap(), PARCELS, "every parcel arrived");
    }
}

/// Threads started by [`short_lived_threads`].
pub const SHORT_LIVED: u64 = 200;

/// [`SHORT_LIVED`] threads, at most four alive at once, each churning vectors, strings and a
/// small map; every third one returns a vector through its `JoinHandle`, every third one (off by
/// one) leaves boxed strings in a shared list: allocations that outlive their thread, checked and
/// freed by the main thread once all threads are gone.
pub fn short_lived_threads() {
    let left: Arc<Mutex<Vec<Box<str>>>> = Arc::default();
    let mut returned = Vec::new();
    for batch in 0..SHORT_LIVED / 4 {
        let handles: Vec<_> = (batch * 4..batch * 4 + 4)
            .map(|t| {
                let left = Arc::clone(&left);
                thread::spawn(move || {
                    let mut rng = Rng(t * 0x9E37_79B9 + 7);
                    let mut map = HashMap::new();
                    for i in 0..20 {
                        let v: Vec<u64> = (0..rng.below(100) as u64).collect();
                        map.insert(format!("{t}/{i}"), v);
                    }
                    assert!(map.iter().all(|(k, v)| k.starts_with(&format!("{t}/"))
                        && v.iter().enumerate().all(|(i, &x)| x == i as u64)));
                    match t % 3 {
                        0 => Some(vec![t; 1 + rng.below(300)]),
                        1 => {
                            let mut left = left.lock().unwrap();
                            left.extend(
                                (0..3).map(|k| format!("thread {t} item {k}").into_boxed_str()),
                            );
                            None
                        }
                        _ => None,
                    }
                })
            })
            .collect();
        for (t, handle) in (batch * 4..).zip(handles) {
            if let Some(v) = handle.join().unwrap() {
                returned.push((t, v));
            }
        }
    }
    assert_eq!(returned.len() as u64, SHORT_LIVED.div_ceil(3));
    for (t, v) in returned {
        assert!(v.iter().all(|&x| x == t), "a returned vector's contents");
    }
    let left = Arc::into_inner(left).unwrap().into_inner().unwrap();
    assert_eq!(left.len() as u64, 3 * ((SHORT_LIVED + 1) / 3));
    for s in &left {
        let (t, k) = s
            .strip_prefix("thread ")
            .and_then(|s| s.split_once(" item "))
            .unwrap();
        assert_eq!(t.parse::<u64>().unwrap() % 3, 1);
        assert!(k.parse::<u32>().unwrap() < 3);
    }
}

/// A thread-local whose destructor allocates: it formats a farewell, builds and drops a scratch
/// vector, and leaves the boxed farewell in `sink` (a list owned by the main thread).
#[derive(Debug)]
struct Farewell {
    id: u64,
    sink: Arc<Mutex<Vec<Box<str>>>>,
}

impl Drop for Farewell {
    fn drop(&mut self) {
        let line = format!("thread {} says goodbye", self.id);
        let scratch: Vec<u8> = line.bytes().rev().collect();
        assert_eq!(scratch.len(), line.len());
        self.sink.lock().unwrap().push(line.into_boxed_str());
    }
}

thread_local! {
    /// Set before the thread's own first allocation: its destructor is registered as early as the
    /// thread can, so it runs after those registered later (an allocator's thread cache among
    /// them), which run in reverse order of registration.
    static EARLY_FAREWELL: core::cell::RefCell<Option<Farewell>> = const { core::cell::RefCell::new(None) };
    /// Set after the thread allocated: its destructor runs before the allocator's.
    static LATE_FAREWELL: core::cell::RefCell<Option<Farewell>> = const { core::cell::RefCell::new(None) };
}

/// Threads started by [`allocation_in_thread_local_destructors`].
pub const FAREWELL_THREADS: u64 = 16;

/// Allocation during thread exit: [`FAREWELL_THREADS`] threads (four at a time) each set two
/// thread-locals whose destructors allocate, free, and hand a box to the main thread, one set
/// before the thread's first allocation and one after. Once every thread is joined (which waits
/// for its destructors), the main thread finds both farewells of every thread, checks and frees
/// them.
pub fn allocation_in_thread_local_destructors() {
    let sink: Arc<Mutex<Vec<Box<str>>>> = Arc::default();
    for batch in 0..FAREWELL_THREADS / 4 {
        let handles: Vec<_> = (batch * 4..batch * 4 + 4)
            .map(|id| {
                let sink = Arc::clone(&sink);
                thread::spawn(move || {
                    let late = Farewell {
                        id: id + FAREWELL_THREADS,
                        sink: Arc::clone(&sink),
                    };
                    EARLY_FAREWELL.with(|f| *f.borrow_mut() = Some(Farewell { id, sink }));
                    let work: Vec<String> = (0..50).map(|i| format!("{id}.{i}")).collect();
                    assert_eq!(work[49], format!("{id}.49"));
                    LATE_FAREWELL.with(|f| *f.borrow_mut() = Some(late));
                })
            })
            .collect();
        for handle in handles {
            handle.join().unwrap();
        }
    }
    let sink = Arc::into_inner(sink).unwrap().into_inner().unwrap();
    let mut ids: Vec<u64> = sink
        .iter()
        .map(|s| {
            let id = s.strip_prefix("thread ").unwrap();
            id.strip_suffix(" says goodbye").unwrap().parse().unwrap()
        })
        .collect();
    ids.sort_unstable();
    assert!(
        ids.into_iter().eq(0..2 * FAREWELL_THREADS),
        "every farewell arrived"
    );
}

/// Entries per thread in [`scoped_maps`].
const SCOPED_ENTRIES: u64 = 1500;

/// Four scoped threads each build a `HashMap<String, Vec<u32>>` and a `BTreeMap<u64, String>`
/// over their own keys; the main thread merges them into one map of each (moving the other
/// threads' strings and vectors, so they are freed by the main thread, some after
/// reallocation), checks every entry and drops them.
pub fn scoped_maps() {
    let (mut hash, mut btree) = (HashMap::new(), BTreeMap::new());
    thread::scope(|scope| {
        let handles: Vec<_> = (0..4_u64)
            .map(|t| {
                scope.spawn(move || {
                    let mut hash = HashMap::new();
                    let mut btree = BTreeMap::new();
                    for i in t * SCOPED_ENTRIES..(t + 1) * SCOPED_ENTRIES {
                        hash.insert(format!("k{i}"), vec![i as u32; (i % 13) as usize]);
                        btree.insert(i, format!("v{i}"));
                    }
                    (hash, btree)
                })
            })
            .collect();
        for handle in handles {
            let (h, b) = handle.join().unwrap();
            hash.extend(h);
            btree.extend(b);
        }
    });
    assert_eq!(hash.len() as u64, 4 * SCOPED_ENTRIES);
    assert_eq!(btree.len() as u64, 4 * SCOPED_ENTRIES);
    for (i, v) in &btree {
        assert_eq!(*v, format!("v{i}"));
        let values = &hash[&format!("k{i}")];
        assert_eq!(values.len() as u64, i % 13);
        assert!(values.iter().all(|&x| u64::from(x) == *i));
    }
    // Growth of vectors the other threads allocated.
    for v in hash.values_mut() {
        v.extend_from_slice(&[7; 20]);
    }
    assert!(hash.values().all(|v| v.ends_with(&[7; 20])));
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
/// prefixed with `binary`, with its run time. Returns whether every check passed and was balanced.
pub fn run_checks<S>(
    binary: &str,
    checks: &[(&str, fn())],
    snapshot: impl Fn() -> S,
    balanced: impl Fn(&S, &S) -> (bool, String),
) -> bool {
    let mut passed = true;
    for &(name, check) in checks {
        let before = snapshot();
        let started = std::time::Instant::now();
        if let Err(panic) = std::panic::catch_unwind(check) {
            eprintln!("{binary}: {name}: FAILED: {panic:?}");
            passed = false;
            continue;
        }
        let elapsed = started.elapsed();
        let (ok, summary) = balanced(&before, &snapshot());
        println!(
            "{binary}: {name}: {} in {elapsed:.0?}; {summary}",
            if ok { "ok" } else { "LEAK?" }
        );
        passed &= ok;
    }
    passed
}
