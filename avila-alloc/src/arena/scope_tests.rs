// Test code imports from `std`: the `alloc` crate is only linked under the `alloc` feature.
#![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

use core::cell::RefCell;
use core::mem::MaybeUninit;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::string::String;
use std::vec::Vec;
use std::{format, vec};

use super::{ScopeArena, StackScopeArena};
use crate::test_util::{DropCount, Noisy};

/// A caller's buffer aligned to 16, for Miri's symbolic alignment check.
#[repr(C, align(16))]
struct Aligned<const N: usize>([MaybeUninit<u8>; N]);

/// Writes its number to a shared log when dropped.
struct Logged<'a>(u32, &'a RefCell<Vec<u32>>);

impl Drop for Logged<'_> {
    fn drop(&mut self) {
        self.1.borrow_mut().push(self.0);
    }
}

fn addr<T: ?Sized>(r: &T) -> usize {
    (&raw const *r).cast::<u8>().addr()
}

#[test]
fn values_are_dropped_at_scope_end_newest_first() {
    let log = RefCell::new(Vec::new());
    let mut arena: StackScopeArena<512> = StackScopeArena::new();
    arena.scope(|s| {
        s.alloc(Logged(1, &log));
        s.alloc_slice_fill_with(2, |i| Logged(10 + i as u32, &log));
        s.alloc_no_drop(Logged(99, &log)); // never dropped
        s.alloc_with(|| Logged(3, &log));
        assert!(log.borrow().is_empty(), "nothing dropped before the end");
    });
    // Newest first, a slice's values too.
    assert_eq!(*log.borrow(), [3, 11, 10, 1]);
    assert_eq!(arena.used(), 0);
}

#[test]
fn values_of_one_type_in_a_row_share_a_header() {
    // Whether a value joins the run before it depends on `T`'s drop function having one
    // address, which Miri varies on purpose (natively, calls from one code unit share it): under
    // Miri only the drop order is checked, which must be the same either way.
    let joins = !cfg!(miri);
    let log = RefCell::new(Vec::new());
    let header = 4 * core::mem::size_of::<usize>();
    let size = core::mem::size_of::<Logged<'_>>();
    let mut arena: StackScopeArena<1024> = StackScopeArena::new();
    arena.scope(|s| {
        s.alloc(Logged(1, &log));
        s.alloc_slice_fill_with(2, |i| Logged(2 + i as u32, &log));
        s.alloc_with(|| Logged(4, &log));
        if joins {
            assert_eq!(s.used(), header + 4 * size, "one run, one header");
        }
        s.alloc(String::from("another type: a header of its own"));
        s.alloc(Logged(5, &log));
        let used = s.used();
        s.alloc(1_u8); // the run no longer ends at the top
        s.alloc(Logged(6, &log));
        assert!(s.used() >= used + 1 + header + size);
        s.scope(|inner| {
            // A nested scope's list starts empty: a header of its own.
            let before = inner.used();
            inner.alloc(Logged(7, &log));
            assert_eq!(inner.used(), before.next_multiple_of(8) + header + size);
        });
        // Rewound to the end of the outer run: the next value joins it again.
        let used = s.used();
        s.alloc(Logged(8, &log));
        if joins {
            assert_eq!(s.used(), used + size);
        }
    });
    assert_eq!(*log.borrow(), [7, 8, 6, 5, 4, 3, 2, 1]);
}

#[test]
fn a_panicking_drop_in_a_run_drops_the_rest_of_it() {
    let drops = DropCount::new();
    let mut arena: StackScopeArena<1024> = StackScopeArena::new();
    let result = catch_unwind(AssertUnwindSafe(|| {
        arena.scope(|s| {
            for i in 0..5 {
                s.alloc(Noisy {
                    drops: &drops,
                    panic: i == 2,
                });
            }
            s.alloc(String::new());
            s.alloc(Noisy::new(&drops));
        });
    }));
    assert!(result.is_err());
    assert_eq!(drops.get(), 6, "each value dropped exactly once");
    assert_eq!(arena.used(), 0);
}

#[test]
fn nested_scopes_drop_and_free_their_own_values() {
    let log = RefCell::new(Vec::new());
    let mut arena: StackScopeArena<1024> = StackScopeArena::new();
    arena.scope(|outer| {
        let kept = outer.alloc(Logged(1, &log));
        let mark = outer.used();
        outer.scope(|inner| {
            inner.alloc(Logged(2, &log));
            // A value of the nested scope may refer to the outer one (dropped after it).
            let by_ref = inner.alloc(vec![&*kept]);
            assert_eq!(by_ref[0].0, 1);
            inner.scope(|innermost| {
                innermost.alloc(Logged(3, &log));
                assert!(innermost.used() > mark);
            });
            assert_eq!(*log.borrow(), [3]);
            inner.alloc(Logged(4, &log));
        });
        assert_eq!(*log.borrow(), [3, 4, 2]);
        assert_eq!(outer.used(), mark, "the nested scopes were rewound");
        assert_eq!(kept.0, 1); // outer values stay usable
    });
    assert_eq!(*log.borrow(), [3, 4, 2, 1]);
    assert_eq!(arena.used(), 0);
}

#[test]
fn a_panicking_drop_does_not_stop_the_others() {
    let drops = DropCount::new();
    let mut arena: StackScopeArena<1024> = StackScopeArena::new();
    let result = catch_unwind(AssertUnwindSafe(|| {
        arena.scope(|s| {
            s.alloc(Noisy::new(&drops));
            s.alloc(Noisy {
                drops: &drops,
                panic: true,
            });
            s.alloc_slice_fill_with(3, |_| Noisy::new(&drops));
        });
    }));
    assert!(result.is_err());
    assert_eq!(drops.get(), 5, "each value dropped exactly once");
    assert_eq!(arena.used(), 0, "rewound");
    // The arena is usable again.
    assert_eq!(arena.scope(|s| *s.alloc(7_u8)), 7);
}

#[test]
fn a_panic_in_the_scope_drops_its_values_and_rewinds() {
    let drops = DropCount::new();
    let mut arena: StackScopeArena<256> = StackScopeArena::new();
    let result = catch_unwind(AssertUnwindSafe(|| {
        arena.scope(|outer| {
            outer.alloc(Noisy::new(&drops));
            outer.scope(|inner| {
                inner.alloc(Noisy::new(&drops));
                panic!("in the scope");
            });
        });
    }));
    assert!(result.is_err());
    assert_eq!(drops.get(), 2);
    assert_eq!(arena.used(), 0);
}

#[test]
fn a_panicking_clone_or_fill_drops_exactly_the_values_made() {
    #[derive(Debug)]
    struct Bomb<'a>(&'a DropCount, bool);

    impl Clone for Bomb<'_> {
        fn clone(&self) -> Self {
            assert!(!self.1, "clone panics");
            Bomb(self.0, false)
        }
    }

    impl Drop for Bomb<'_> {
        fn drop(&mut self) {
            Noisy::new(self.0);
        }
    }

    let drops = DropCount::new();
    let mut arena: StackScopeArena<1024> = StackScopeArena::new();
    let src = [
        Bomb(&drops, false),
        Bomb(&drops, false),
        Bomb(&drops, true),
        Bomb(&drops, false),
    ];
    let result = catch_unwind(AssertUnwindSafe(|| {
        arena.scope(|s| {
            s.alloc_slice_clone(&src);
        });
    }));
    assert!(result.is_err());
    assert_eq!(drops.get(), 2, "the two clones made");

    let result = catch_unwind(AssertUnwindSafe(|| {
        arena.scope(|s| {
            s.alloc_slice_fill_with(5, |i| {
                assert!(i < 3, "fill panics");
                Noisy::new(&drops)
            });
        });
    }));
    assert!(result.is_err());
    assert_eq!(drops.get(), 2 + 3);

    // An iterator shorter than its `len()`: the values it gave are dropped.
    struct Liar(usize);
    impl Iterator for Liar {
        type Item = Noisy<'static>;
        fn next(&mut self) -> Option<Self::Item> {
            None
        }
    }
    impl ExactSizeIterator for Liar {
        fn len(&self) -> usize {
            self.0
        }
    }
    let result = catch_unwind(AssertUnwindSafe(|| {
        arena.scope(|s| {
            s.alloc_slice_fill_iter(Liar(2));
        });
    }));
    assert!(result.is_err());
    assert_eq!(arena.used(), 0);
    drop(src);
}

#[test]
fn try_alloc_gives_the_value_back_when_full() {
    let drops = DropCount::new();
    let mut buf = Aligned([MaybeUninit::uninit(); 48]);
    let mut arena = ScopeArena::new(&mut buf.0);
    assert_eq!(arena.capacity(), 48);
    arena.scope(|s| {
        // A droppable value needs its header too: 32 + 8 bytes on 64-bit targets.
        let header = 4 * core::mem::size_of::<usize>();
        let first = s.try_alloc(Noisy::new(&drops)).unwrap();
        assert!(!first.panic);
        assert_eq!(s.used(), header + core::mem::size_of::<Noisy<'_>>());
        let err = s.try_alloc(Noisy::new(&drops)).unwrap_err();
        assert_eq!(drops.get(), 0, "not dropped: handed back");
        let value = err.element();
        assert!(!value.panic);
        drop(value);
        assert_eq!(drops.get(), 1);
        let err = s.try_alloc([0_u8; 64]).unwrap_err();
        assert_eq!(err.element(), [0_u8; 64]);
        assert!(s.try_alloc_slice_copy(&[1_u8; 64]).is_err());
    });
    assert_eq!(drops.get(), 2);
}

#[test]
fn allocations_are_aligned() {
    #[repr(align(64))]
    struct Wide(u8);

    #[derive(Clone)]
    #[repr(align(32))]
    struct WideDropped(String);

    // Declared 64-aligned, so that Miri's symbolic alignment check can follow the padding to 64.
    #[repr(C, align(64))]
    struct Aligned64([MaybeUninit<u8>; 1024]);

    let mut buf = Aligned64([MaybeUninit::uninit(); 1024]);
    let mut arena = ScopeArena::new(&mut buf.0);
    arena.scope(|s| {
        s.alloc(1_u8);
        let a = s.alloc(2_u128);
        s.alloc(3_u8);
        let b = s.alloc(Wide(4));
        s.alloc_str("x");
        let c = s.alloc(WideDropped(String::from("dropped")));
        s.alloc(5_u8);
        let d = s.alloc_slice_clone(&[WideDropped(String::new()), WideDropped(String::new())]);
        assert_eq!(addr(a) % core::mem::align_of::<u128>(), 0);
        assert_eq!(addr(b) % 64, 0);
        assert_eq!(addr(c) % 32, 0);
        assert_eq!(addr(d) % 32, 0);
        assert_eq!((*a, b.0, c.0.as_str()), (2, 4, "dropped"));
    });
}

#[test]
fn zero_sized_values() {
    // A zero-sized type with a `Drop` counts through a static.
    static ZST_DROPS: DropCount = DropCount::new();
    struct Zst;
    impl Drop for Zst {
        fn drop(&mut self) {
            Noisy::new(&ZST_DROPS);
        }
    }

    let mut arena: StackScopeArena<256> = StackScopeArena::new();
    arena.scope(|s| {
        s.alloc(());
        s.alloc_slice_fill_with(1000, |_| ());
        assert_eq!(s.used(), 0, "zero-sized values without drop take no space");
        s.alloc(Zst);
        s.alloc_slice_fill_with(3, |_| Zst);
        let empty: &mut [String] = s.alloc_slice_clone(&[]);
        assert!(empty.is_empty());
    });
    assert_eq!(ZST_DROPS.get(), 4);
    assert_eq!(arena.used(), 0);
}

#[test]
fn values_allocated_while_a_value_is_built_are_each_dropped_once() {
    static ZST_DROPS: DropCount = DropCount::new();
    struct Zst;
    impl Drop for Zst {
        fn drop(&mut self) {
            Noisy::new(&ZST_DROPS);
        }
    }

    let drops = DropCount::new();
    let mut arena: StackScopeArena<1024> = StackScopeArena::new();
    arena.scope(|s| {
        // The closures allocate values of the same type in the same scope while the outer
        // value is pending: with a size, and zero-sized (whose runs are counted, not measured).
        s.alloc(Noisy::new(&drops));
        s.alloc_slice_fill_with(3, |_| {
            s.alloc(Noisy::new(&drops));
            Noisy::new(&drops)
        });
        s.alloc_with(|| {
            s.alloc(Noisy::new(&drops));
            Noisy::new(&drops)
        });
        s.alloc(Zst);
        s.alloc_slice_fill_with(3, |_| {
            s.alloc(Zst);
            Zst
        });
        s.alloc_with(|| {
            s.alloc_slice_fill_with(2, |_| Zst);
            Zst
        });
    });
    assert_eq!(drops.get(), 1 + 6 + 2);
    assert_eq!(ZST_DROPS.get(), 1 + 6 + 3);
}

#[test]
fn strings_copies_and_cycles() {
    use core::cell::Cell;

    struct Node<'s> {
        value: u32,
        next: Cell<Option<&'s Node<'s>>>,
    }

    let mut arena: StackScopeArena<256> = StackScopeArena::new();
    arena.scope(|s| {
        let a = s.alloc_no_drop(Node {
            value: 1,
            next: Cell::new(None),
        });
        let b = s.alloc_no_drop(Node {
            value: 2,
            next: Cell::new(Some(a)),
        });
        a.next.set(Some(b));
        assert_eq!(a.next.get().unwrap().next.get().unwrap().value, 1);
        let text = s.alloc_str("hello");
        let copy = s.alloc_slice_copy(text.as_bytes());
        copy[0] = b'j';
        assert_eq!((&*text, &*copy), ("hello", &b"jello"[..]));
        let words = s.alloc_slice_fill_iter((0..3).map(|i| format!("w{i}")));
        assert_eq!(words, ["w0", "w1", "w2"]);
    });
}

#[test]
#[should_panic(expected = "ScopeArena::alloc")]
fn alloc_panics_when_full() {
    let mut arena: StackScopeArena<8> = StackScopeArena::new();
    arena.scope(|s| {
        s.alloc(String::new());
    });
}

#[test]
fn scopes_reuse_the_memory_and_debug_shows_use() {
    let mut arena: StackScopeArena<64> = StackScopeArena::default();
    for round in 0..100_u64 {
        let got = arena.scope(|s| {
            let v = s.alloc_slice_fill_with(6, |i| round + i as u64);
            assert!(format!("{s:?}").contains("used: 48"));
            v[5]
        });
        assert_eq!(got, round + 5);
    }
    assert_eq!(format!("{arena:?}"), "ScopeArena { used: 0, capacity: 64 }");
    assert_eq!(arena.remaining(), arena.capacity());
}
