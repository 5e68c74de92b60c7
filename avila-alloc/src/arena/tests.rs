// Test code imports from `std`: the `alloc` crate is only linked under the `alloc` feature.
#![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

use core::alloc::Layout;
use core::mem::MaybeUninit;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::string::{String, ToString};
use std::vec::Vec;

use super::{Arena, StackArena};
use crate::AllocErrorKind;
use crate::test_util::{Counted, drops, live};

/// A caller's buffer aligned to 16: Miri's symbolic alignment check trusts only a buffer's declared
/// alignment, so values of alignment up to 16 in it are checked as aligned.
#[repr(C, align(16))]
struct Aligned<const N: usize>([MaybeUninit<u8>; N]);

impl<const N: usize> Aligned<N> {
    fn new() -> Self {
        Self([MaybeUninit::uninit(); N])
    }
}

fn addr<T: ?Sized>(r: &T) -> usize {
    (&raw const *r).cast::<u8>().addr()
}

#[test]
fn alloc_values_of_every_alignment() {
    let arena: StackArena<256> = StackArena::new();
    let a = arena.alloc(1_u8);
    let b = arena.alloc(2_u64);
    let c = arena.alloc(3_u16);
    let d = arena.alloc(4_u128);
    assert_eq!(addr(b) % 8, 0);
    assert_eq!(addr(c) % 2, 0);
    assert_eq!(addr(d) % core::mem::align_of::<u128>(), 0);
    *a += 10;
    *b += 10;
    assert_eq!((*a, *b, *c, *d), (11, 12, 3, 4));
    arena.check_invariants();
    // 1 + padding + 8 + 2 + padding + 16: at least 27, at most 27 + 7 + 15.
    assert!((27..=27 + 7 + 15).contains(&arena.used()));
    assert_eq!(arena.used() + arena.remaining(), 256);
}

#[test]
fn min_align_applies_to_every_allocation() {
    let mut buf = [MaybeUninit::<u8>::uninit(); 400];
    let arena: Arena<'_, 32> = Arena::new_aligned(&mut buf);
    for i in 0..5_u8 {
        let v = arena.alloc(i);
        assert_eq!(addr(v) % 32, 0);
        let s = arena.alloc_str("xy");
        assert_eq!(addr(s) % 32, 0);
    }
    assert_eq!(Arena::<'_, 32>::MIN_ALIGN, 32);
}

#[test]
fn exhaustion_returns_the_value_and_panics_with_a_message() {
    let arena: StackArena<64> = StackArena::new();
    let s = arena.try_alloc(String::from("kept")).unwrap();
    assert_eq!(s, "kept");
    // SAFETY: dropped once, not used again (the arena never drops).
    unsafe { core::ptr::drop_in_place(s) };
    // A String is 24 bytes: it cannot fit into 10.
    let err = StackArena::<10>::new()
        .try_alloc(String::from("back"))
        .unwrap_err();
    assert_eq!(err.capacity(), 10);
    assert_eq!(err.element(), "back");

    let arena: StackArena<8> = StackArena::new();
    arena.alloc([0_u8; 8]);
    assert_eq!(arena.remaining(), 0);
    assert_eq!(arena.try_alloc(1_u8).unwrap_err().element(), 1);
    let panic = catch_unwind(AssertUnwindSafe(|| {
        arena.alloc(1_u8);
    }))
    .unwrap_err();
    let msg = panic.downcast_ref::<String>().unwrap();
    assert_eq!(msg, "Arena::alloc: capacity 8 exceeded (9 required)");
    assert!(arena.try_alloc_slice_copy(&[1_u8]).is_err());
    assert!(arena.try_alloc_str("a").is_err());
    assert!(arena.try_alloc_slice_clone(&[1_u8]).is_err());
    let mut f = arena
        .try_alloc_slice_fill_with(1, |_| 1_u8)
        .unwrap_err()
        .element();
    assert_eq!(f(0), 1, "the closure comes back uncalled");
    let it = arena
        .try_alloc_slice_fill_iter(5..7_u8)
        .unwrap_err()
        .element();
    assert_eq!(it, 5..7, "the iterator comes back untouched");
    assert!(arena.try_alloc_with(|| 1_u8).is_err());
    // A padding-only miss: one byte left, but a u16 needs alignment.
    let arena: StackArena<4> = StackArena::new();
    arena.alloc(1_u8);
    arena.alloc(1_u8);
    arena.alloc(1_u8);
    assert!(arena.try_alloc(1_u16).is_err());
    arena.check_invariants();
}

#[test]
fn a_failed_allocation_reserves_nothing() {
    let arena: StackArena<32> = StackArena::new();
    arena.alloc(1_u8);
    let used = arena.used();
    assert!(arena.try_alloc([0_u64; 8]).is_err());
    assert!(
        arena
            .try_alloc_slice_fill_with(usize::MAX, |_| 0_u32)
            .is_err()
    );
    assert!(arena.alloc_layout(Layout::new::<[u8; 64]>()).is_err());
    assert_eq!(arena.used(), used);
}

#[test]
fn zero_sized_values_take_no_room_and_never_fail() {
    let arena: StackArena<0> = StackArena::new();
    let n = if cfg!(miri) { 1_000 } else { 1_000_000 };
    let units = arena.alloc_slice_fill_with(n, |_| ());
    assert_eq!(units.len(), n);
    assert_eq!(*arena.alloc(()), ());
    arena.alloc_slice_copy(&[(); 3]);
    let empty: &mut [u64] = arena.alloc_slice_copy(&[]);
    assert!(empty.is_empty());
    assert_eq!(arena.alloc_str(""), "");
    let zero = arena
        .alloc_layout(Layout::from_size_align(0, 16).unwrap())
        .unwrap();
    assert_eq!(zero.as_ptr().addr() % 16, 0);
    assert_eq!(arena.used(), 0);
    let mut zsts = arena.alloc_slice_copy(&[(), ()]);
    arena.try_extend_last(&mut zsts, &[(); 5]).unwrap();
    assert_eq!(zsts.len(), 7);
}

#[test]
fn slices_strings_and_iterators() {
    let arena: StackArena<512> = StackArena::new();
    let a = arena.alloc_slice_copy(&[1_u32, 2, 3]);
    let b = arena.alloc_slice_clone(&[String::from("x"), String::from("y")]);
    let c = arena.alloc_slice_fill_iter(["p", "q"].iter().map(ToString::to_string));
    let d = arena.alloc_str("héllo");
    let e = arena.alloc_slice_fill_with(4, |i| i as u8);
    a[0] = 9;
    b[1].push('!');
    assert_eq!(a, [9, 2, 3]);
    assert_eq!(b, ["x", "y!"]);
    assert_eq!(c, ["p", "q"]);
    assert_eq!(d, "héllo");
    assert_eq!(e, [0, 1, 2, 3]);
    // The arena never drops: drop the strings by hand so the test does not leak.
    for s in b.iter_mut().chain(c.iter_mut()) {
        // SAFETY: each string is dropped once and not used again.
        unsafe { core::ptr::drop_in_place(s) };
    }
}

/// An iterator whose `len()` lies.
struct Lying {
    left: usize,
    claims: usize,
}

impl Iterator for Lying {
    type Item = u8;
    fn next(&mut self) -> Option<u8> {
        self.left.checked_sub(1).map(|l| {
            self.left = l;
            1
        })
    }
}

impl ExactSizeIterator for Lying {
    fn len(&self) -> usize {
        self.claims
    }
}

#[test]
fn fill_iter_never_truncates() {
    let arena: StackArena<64> = StackArena::new();
    let short = catch_unwind(AssertUnwindSafe(|| {
        arena.alloc_slice_fill_iter(Lying { left: 2, claims: 3 });
    }));
    assert!(short.is_err(), "fewer values than len(): panic");
    let long = catch_unwind(AssertUnwindSafe(|| {
        arena.alloc_slice_fill_iter(Lying { left: 4, claims: 3 });
    }));
    assert!(long.is_err(), "more values than len(): panic");
    assert_eq!(
        arena.alloc_slice_fill_iter(Lying { left: 3, claims: 3 }),
        [1, 1, 1]
    );
}

#[test]
fn values_are_not_dropped() {
    let before = (live(), drops());
    {
        let mut arena: StackArena<256> = StackArena::new();
        arena.alloc(Counted::new(1));
        arena.alloc_slice_fill_with(3, |i| Counted::new(i as u32));
        arena.reset();
    }
    assert_eq!(drops(), before.1, "no Drop ran");
    assert_eq!(live(), before.0 + 4, "the four values were forgotten");
}

#[test]
fn a_panicking_closure_or_clone_leaves_a_consistent_arena() {
    let arena: StackArena<64> = StackArena::new();
    let r = catch_unwind(AssertUnwindSafe(|| {
        arena.alloc_slice_fill_with(4, |i| if i == 2 { panic!("boom") } else { i as u16 });
    }));
    assert!(r.is_err());
    let r = catch_unwind(AssertUnwindSafe(|| {
        arena.alloc_with(|| -> u32 { panic!("boom") });
    }));
    assert!(r.is_err());
    arena.check_invariants();
    assert_eq!(*arena.alloc(5_u8), 5);
}

#[test]
fn reset_makes_the_whole_buffer_available() {
    let mut buf = Aligned::<64>::new();
    let mut arena = Arena::new(&mut buf.0);
    for round in 0..10_u64 {
        for i in 0..8 {
            assert_eq!(*arena.alloc(round * 8 + i), round * 8 + i);
        }
        assert_eq!(arena.remaining(), 64 - arena.used());
        assert!(arena.try_alloc(0_u64).is_err());
        arena.reset();
        assert_eq!(arena.used(), 0);
    }
}

#[test]
fn checkpoints_rewind_and_nest() {
    let mut arena: StackArena<128> = StackArena::new();
    arena.alloc(7_u32);
    assert_eq!(arena.used(), 4);
    {
        let mut outer = arena.checkpoint();
        assert_eq!(outer.mark(), 4);
        outer.alloc(1_u64);
        let after_outer = outer.used();
        {
            let inner = outer.checkpoint();
            inner.alloc_slice_copy(&[0_u8; 50]);
            assert!(inner.used() > after_outer + 49);
        }
        assert_eq!(outer.used(), after_outer);
        outer.rewind();
        assert_eq!(outer.used(), 4);
        outer.alloc([1_u8; 100]);
    }
    assert_eq!(arena.used(), 4);
    let n = arena.with_checkpoint(|a| a.alloc_slice_fill_with(10, |i| i).len());
    assert_eq!((n, arena.used()), (10, 4));
    // Rewound on panic too.
    let r = catch_unwind(AssertUnwindSafe(|| {
        arena.with_checkpoint(|a| {
            a.alloc(1_u64);
            panic!("boom");
        })
    }));
    assert!(r.is_err());
    assert_eq!(arena.used(), 4);
}

#[test]
fn a_checkpoint_only_ever_lowers_the_offset() {
    let mut small: StackArena<64> = StackArena::new();
    small.alloc(1_u8);
    let mut big: StackArena<64> = StackArena::new();
    big.alloc([0_u8; 40]);
    {
        let mut cp = big.checkpoint();
        assert_eq!(cp.mark(), 40);
        // Swap the arena behind the checkpoint for a smaller one: the rewind must not move its
        // offset up to 40.
        core::mem::swap(&mut *cp, &mut small);
    }
    big.check_invariants();
    small.check_invariants();
    // `big` (now behind `small`) was rewound to 1 (its own offset, below the mark); `small`
    // (now `big`) keeps its 40.
    assert_eq!(big.used(), 1);
    assert_eq!(small.used(), 40);
    let mut arena: StackArena<32> = StackArena::new();
    arena.alloc(1_u64);
    {
        let mut cp = arena.checkpoint();
        cp.reset();
        cp.alloc(1_u8);
    }
    assert_eq!(arena.used(), 1);
}

#[test]
fn alloc_layout_aligns_per_call() {
    let arena: StackArena<1024, 4> = StackArena::new_aligned();
    for align in [1, 2, 4, 8, 16, 64, 256] {
        let layout = Layout::from_size_align(3, align).unwrap();
        let p = arena.alloc_layout(layout).unwrap();
        assert_eq!(p.as_ptr().addr() % align.max(4), 0);
        // SAFETY: the block has 3 writable bytes.
        unsafe { p.as_ptr().write_bytes(0xAB, 3) };
    }
    let err = arena.alloc_layout(Layout::new::<[u8; 2048]>()).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::OutOfMemory);
    assert_eq!(err.layout(), Some(Layout::new::<[u8; 2048]>()));
}

#[test]
fn the_last_allocation_grows_and_shrinks_in_place() {
    let arena: StackArena<64> = StackArena::new();
    let mut first = arena.alloc_slice_copy(&[1_u16, 2]);
    let first_addr = addr(first);
    let mut v = arena.alloc_slice_copy(&[3_u16, 4]);
    let v_addr = addr(v);
    assert!(!arena.is_last(first));
    assert!(arena.is_last(v));
    let used = arena.used();
    arena.try_extend_last(&mut v, &[5, 6, 7]).unwrap();
    assert_eq!((addr(v), &*v), (v_addr, &[3_u16, 4, 5, 6, 7][..]));
    assert_eq!(arena.used(), used + 6);
    // Not the last allocation: refused, unchanged.
    assert!(arena.try_extend_last(&mut first, &[9]).is_err());
    assert_eq!((addr(first), &*first), (first_addr, &[1_u16, 2][..]));
    // Shrinking a slice that is not last shortens it and keeps the bytes reserved.
    arena.shrink_last(&mut first, 1);
    assert_eq!(first, [1]);
    assert_eq!(arena.used(), used + 6);
    // Too big: refused, nothing reserved.
    assert!(arena.try_extend_last(&mut v, &[0; 40]).is_err());
    assert_eq!(v.len(), 5);
    assert_eq!(arena.used(), used + 6);
    arena.shrink_last(&mut v, 1);
    assert_eq!(v, [3]);
    assert_eq!(arena.used(), used - 2);
    // The tail of a split last allocation is last too.
    let w = arena.alloc_slice_copy(&[1_u8, 2, 3, 4]);
    let (head, mut tail) = w.split_at_mut(2);
    assert!(!arena.is_last(head));
    arena.try_extend_last(&mut tail, &[5]).unwrap();
    assert_eq!((&*head, &*tail), (&[1_u8, 2][..], &[3_u8, 4, 5][..]));
    let r = catch_unwind(AssertUnwindSafe(|| arena.shrink_last(&mut tail, 4)));
    assert!(r.is_err(), "shrink_last past the length panics");
}

#[test]
fn a_borrowed_buffer_is_used_from_its_first_16_aligned_byte() {
    let mut buf = Aligned::<64>::new();
    assert_eq!(Arena::new(&mut buf.0[1..]).capacity(), 48);
    assert_eq!(Arena::new(&mut buf.0[16..]).capacity(), 48);
    assert_eq!(Arena::new(&mut buf.0[1..10]).capacity(), 0);
    assert_eq!(Arena::new(&mut buf.0[1..16]).capacity(), 0);
    assert_eq!(Arena::new(&mut buf.0[1..17]).capacity(), 1);
    let arena = Arena::new(&mut buf.0[3..]);
    let x = arena.alloc(5_u32);
    assert_eq!(addr(x) % 16, 0, "the first value sits at the aligned start");
    assert_eq!(arena.remaining(), 44);
}

#[test]
fn a_foreign_slice_that_ends_where_the_arena_starts_is_not_last() {
    let mut buf = [MaybeUninit::<u8>::uninit(); 64];
    let (front, back) = buf.split_at_mut(32);
    for b in front.iter_mut() {
        b.write(7);
    }
    // SAFETY: every byte was just written.
    let mut front: &mut [u8] = unsafe { &mut *(core::ptr::from_mut(front) as *mut [u8]) };
    let arena = Arena::new(back);
    assert!(!arena.is_last(front));
    assert!(arena.try_extend_last(&mut front, &[1]).is_err());
    assert_eq!(front.len(), 32);
}

#[test]
fn debug_shows_usage() {
    let arena: StackArena<16, 2> = StackArena::new_aligned();
    arena.alloc(1_u8);
    assert_eq!(
        std::format!("{arena:?}"),
        "BumpArena { used: 1, capacity: 16, min_align: 2 }"
    );
    let mut arena = arena;
    let cp = arena.checkpoint();
    assert!(std::format!("{cp:?}").starts_with("Checkpoint { mark: 1,"));
}

#[test]
fn many_values_side_by_side_keep_their_contents() {
    let arena: StackArena<4096, 8> = StackArena::new_aligned();
    let mut refs: Vec<&mut u64> = Vec::new();
    let mut slices: Vec<&mut [u32]> = Vec::new();
    for i in 0..(if cfg!(miri) { 20 } else { 100 }) {
        refs.push(arena.alloc(i));
        slices.push(arena.alloc_slice_fill_with(i as usize % 5, |j| (i as u32) * 10 + j as u32));
    }
    for (i, (r, s)) in refs.iter_mut().zip(&slices).enumerate() {
        assert_eq!(**r, i as u64);
        **r += 1;
        for (j, v) in s.iter().enumerate() {
            assert_eq!(*v, i as u32 * 10 + j as u32);
        }
    }
}

#[test]
fn stack_arena_in_a_const_context() {
    let arena = const { StackArena::<8>::new() };
    assert_eq!(*arena.alloc(3_u32), 3);
    let arena: StackArena<8> = StackArena::default();
    assert_eq!(arena.capacity(), 8);
}

#[cfg(feature = "allocator-api2")]
mod allocator {
    use allocator_api2::alloc::Allocator;
    use allocator_api2::vec::Vec;
    use core::alloc::Layout;
    use core::hash::BuildHasherDefault;

    use super::super::StackArena;
    use crate::AvilaHasher;

    type Map<'a, const N: usize> =
        hashbrown::HashMap<u32, u64, BuildHasherDefault<AvilaHasher>, &'a StackArena<N>>;

    /// 1,000 entries of a hashbrown map inside a stack arena.
    #[test]
    fn a_hash_map_of_1000_entries_lives_in_a_stack_arena() {
        let count = if cfg!(miri) { 100 } else { 1_000 };
        // Growth by doubling leaves the old tables behind (a bump arena frees only its last block):
        // about 70 KiB in all for the final 2,048 buckets of 16 bytes.
        let arena: StackArena<131_072> = StackArena::new();
        let mut map: Map<'_, 131_072> = Map::with_hasher_in(BuildHasherDefault::default(), &arena);
        for k in 0..count {
            map.insert(k, u64::from(k) * 3);
        }
        assert_eq!(map.len(), count as usize);
        for k in 0..count {
            assert_eq!(map[&k], u64::from(k) * 3);
        }
        assert!(
            arena.used() > 16 * count as usize,
            "the table is in the arena"
        );
    }

    /// Exhausting the arena is an error from `try_reserve`, not a crash or an abort.
    #[test]
    fn exhausting_the_arena_is_an_error_from_try_reserve() {
        let arena: StackArena<4096> = StackArena::new();
        let mut map: Map<'_, 4096> = Map::with_hasher_in(BuildHasherDefault::default(), &arena);
        let err = map.try_reserve(1_000).unwrap_err();
        assert!(matches!(err, hashbrown::TryReserveError::AllocError { .. }));
        // Fill what fits, reserving one at a time: the first refusal is an error.
        let mut inserted = 0_u32;
        while map.try_reserve(1).is_ok() {
            map.insert(inserted, 0);
            inserted += 1;
        }
        assert!(inserted > 10, "{inserted} entries fit");
        assert_eq!(map.len(), inserted as usize);
        for k in 0..inserted {
            assert_eq!(map[&k], 0);
        }
    }

    #[test]
    fn vec_grows_in_place_at_the_end_and_moves_otherwise() {
        let arena: StackArena<1024> = StackArena::new();
        let mut v: Vec<u32, _> = Vec::with_capacity_in(4, &arena);
        v.extend([1, 2, 3, 4]);
        let p = v.as_ptr();
        v.reserve_exact(4);
        assert_eq!(v.as_ptr(), p, "the last block grows in place");
        assert_eq!(arena.used(), 32);
        let other = arena.alloc(0_u8);
        *other = 1;
        v.extend([5, 6, 7, 8, 9]);
        assert_ne!(v.as_ptr(), p, "not last any more: moved");
        assert_eq!(v, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
        v.shrink_to_fit();
        let used = arena.used();
        drop(v);
        assert!(arena.used() < used, "dropping the last block gives it back");
        assert_eq!(*other, 1);
    }

    #[test]
    fn allocator_shrink_and_alignment() {
        let arena: StackArena<256> = StackArena::new();
        let a = &arena;
        let old = Layout::from_size_align(32, 8).unwrap();
        let p = a.allocate(old).unwrap().cast::<u8>();
        let used = arena.used();
        let new = Layout::from_size_align(8, 8).unwrap();
        // SAFETY: `p` was allocated with `old` by this allocator.
        let q = unsafe { a.shrink(p, old, new) }.unwrap().cast::<u8>();
        assert_eq!(q, p);
        assert_eq!(arena.used(), used - 24);
        // Growing to a larger alignment than the block has moves it.
        let big = Layout::from_size_align(64, 128).unwrap();
        // SAFETY: `q` is allocated with `new`.
        let r = unsafe { a.grow(q, new, big) }.unwrap().cast::<u8>();
        assert_eq!(r.as_ptr().addr() % 128, 0);
        // To zero: the block is given back.
        let zero = Layout::from_size_align(0, 8).unwrap();
        let before = arena.used();
        // SAFETY: `r` is allocated with `big`.
        let z = unsafe { a.shrink(r, big, zero) }.unwrap();
        assert_eq!(z.len(), 0);
        assert_eq!(arena.used(), before - 64);
        let err = a.allocate(Layout::new::<[u8; 512]>());
        assert!(err.is_err());
    }
}

/// `alloc_slice_copy` copies short slices with overlapping word moves instead of `memcpy`:
/// every length around the boundaries of those moves, and values with padding bytes and with
/// references (which Miri checks are copied with their bytes and provenance intact).
#[test]
fn slice_copies_of_every_short_length() {
    let arena: StackArena<4096> = StackArena::new();
    let bytes: Vec<u8> = (0..40_u8).map(|i| i.wrapping_mul(7) + 1).collect();
    for len in 0..=bytes.len() {
        // At an odd offset too, so the moves are unaligned.
        arena.alloc(0_u8);
        assert_eq!(arena.alloc_slice_copy(&bytes[..len]), &bytes[..len]);
    }
    let padded: Vec<(u8, u16)> = (0..5_u8).map(|i| (i, u16::from(i) * 300)).collect();
    for len in 0..=padded.len() {
        assert_eq!(arena.alloc_slice_copy(&padded[..len]), &padded[..len]);
    }
    let words = ["a", "bc", "def"];
    let refs: Vec<&str> = words.to_vec();
    for len in 0..=refs.len() {
        let copy = arena.alloc_slice_copy(&refs[..len]);
        assert_eq!(copy, &words[..len]);
        assert!(
            copy.iter()
                .zip(&words)
                .all(|(a, b)| a.as_ptr() == b.as_ptr())
        );
    }
    assert_eq!(arena.alloc_str("twelve bytes"), "twelve bytes");
}
