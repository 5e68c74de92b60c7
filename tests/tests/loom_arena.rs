//! loom model tests of `arena::StackMpmcArena`'s atomic bump offset: threads allocate, grow and
//! shrink the last block while loom explores every interleaving (up to `LOOM_MAX_PREEMPTIONS`
//! preemptions) of their operations on the offset. The blocks' addresses are checked: no two
//! live blocks ever overlap, a full arena hands out exactly its capacity, and a block given back
//! is given back only if nothing was allocated after it meanwhile (with a load-then-store in
//! place of the compare-exchange, all three tests fail). The last test does the same for
//! `PerCoreArena`, whose threads fall back to the other shard when theirs is full.
//!
//! Built and run only by `scripts/loom.sh` (`--cfg loom`).
#![cfg(loom)]

use std::ops::Range;

use std::mem::MaybeUninit;

use avila_alloc::arena::{PerCoreArena, StackMpmcArena};
use loom::sync::Arc;
use loom::thread;

type Shared = StackMpmcArena<16>;

/// The byte range of a value allocated in the arena.
fn range<T>(value: &T) -> Range<usize> {
    let start = std::ptr::from_ref(value).addr();
    start..start + size_of::<T>()
}

fn disjoint(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.end <= b.start || b.end <= a.start
}

#[test]
fn a_full_arena_hands_out_its_capacity_once() {
    loom::model(|| {
        let arena: Arc<Shared> = Arc::new(StackMpmcArena::new());
        let other = Arc::clone(&arena);
        let t = thread::spawn(move || {
            let a = other.try_alloc(1_u64).ok().map(|v| range(v));
            let b = other.try_alloc(2_u64).ok().map(|v| range(v));
            [a, b]
        });
        let c = arena.try_alloc(3_u64).ok().map(|v| range(v));
        let [a, b] = t.join().unwrap();
        let got: Vec<Range<usize>> = [a, b, c].into_iter().flatten().collect();
        // 16 bytes: two `u64`s, whoever asked first.
        assert_eq!(got.len(), 2);
        assert!(disjoint(&got[0], &got[1]));
        assert_eq!(arena.used(), 16);
    });
}

#[test]
fn growing_the_last_block_races_with_an_allocation() {
    loom::model(|| {
        let arena: Arc<Shared> = Arc::new(StackMpmcArena::new());
        let mut v = arena.alloc_slice_copy(&[1_u16]);
        let other = Arc::clone(&arena);
        let t = thread::spawn(move || range(other.alloc(9_u16)));
        let grown = arena.try_extend_last(&mut v, &[2]).is_ok();
        let theirs = t.join().unwrap();
        let mine = v.as_ptr_range();
        let mine = mine.start.addr()..mine.end.addr();
        assert!(disjoint(&mine, &theirs), "{mine:?} {theirs:?}");
        assert_eq!(v.len(), if grown { 2 } else { 1 });
        // Grown: `v` then theirs (6 bytes); not: `v`, theirs right after it (4 bytes).
        assert_eq!(arena.used(), if grown { 6 } else { 4 });
    });
}

#[test]
fn a_block_is_given_back_only_while_nothing_follows_it() {
    loom::model(|| {
        let arena: Arc<StackMpmcArena<32>> = Arc::new(StackMpmcArena::new());
        let mut v = arena.alloc_slice_copy(&[1_u32, 2]);
        let other = Arc::clone(&arena);
        let t = thread::spawn(move || range(other.alloc(9_u32)));
        arena.shrink_last(&mut v, 1);
        let theirs = t.join().unwrap();
        // The next block must miss the other thread's (and what `v` kept); 8 bytes, so that it
        // would reach theirs if the shrink had lowered the offset below it.
        let next = range(arena.alloc([3_u32; 2]));
        let mine = v.as_ptr_range();
        let mine = mine.start.addr()..mine.end.addr();
        assert!(disjoint(&next, &theirs), "{next:?} {theirs:?}");
        assert!(disjoint(&next, &mine) && disjoint(&theirs, &mine));
    });
}

#[test]
fn a_per_core_arena_fills_every_shard_before_it_refuses() {
    #[repr(C, align(16))]
    struct Buffer([MaybeUninit<u8>; 32]);
    loom::model(|| {
        // Leaked: loom's threads need `'static`; 32 bytes per explored interleaving.
        let buf = Box::leak(Box::new(Buffer([MaybeUninit::uninit(); 32])));
        // Two shards of 16 bytes: two `u64`s each.
        let arena: Arc<PerCoreArena<'static>> = Arc::new(PerCoreArena::with_shards(&mut buf.0, 2));
        let other = Arc::clone(&arena);
        let t = thread::spawn(move || {
            [
                other.try_alloc(1_u64).ok().map(|v| range(v)),
                other.try_alloc(2_u64).ok().map(|v| range(v)),
            ]
        });
        let mine = [
            arena.try_alloc(3_u64).ok().map(|v| range(v)),
            arena.try_alloc(4_u64).ok().map(|v| range(v)),
        ];
        let theirs = t.join().unwrap();
        let got: Vec<Range<usize>> = mine.into_iter().chain(theirs).flatten().collect();
        // Whatever the interleaving, all four fit (a full shard sends the rest to the other one),
        // in four different places, and the fifth is refused.
        assert_eq!(got.len(), 4);
        for (i, a) in got.iter().enumerate() {
            for b in &got[i + 1..] {
                assert!(disjoint(a, b), "{a:?} {b:?}");
            }
        }
        assert!(arena.try_alloc(5_u64).is_err());
    });
}
