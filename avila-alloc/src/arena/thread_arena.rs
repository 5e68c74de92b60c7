//! `thread_arena`: a bump arena per thread for temporary allocations, lent to a closure. Under
//! `std`.
//!
//! [`scope`] lends the calling thread's arena to a closure as `&mut Arena`; everything allocated
//! in it is freed when the closure returns (or unwinds), and the closure's result cannot borrow
//! from it, so nothing escapes. The buffer stays with the thread between scopes: after the first
//! scope (which allocates [`DEFAULT_CAPACITY`] bytes from the global allocator, or what
//! [`scope_with_capacity`] asks for), a scope costs no allocation at all. Scopes nest through the
//! arena's own checkpoints (`arena.with_checkpoint(...)`); a [`scope`] called while the thread's
//! arena is lent already gets a buffer of its own for that call.
//!
//! **Values are never dropped**, as in every `Arena`: allocate plain data.
//!
//! # Examples
//!
//! ```
//! use avila_alloc::arena::thread_arena;
//!
//! fn count_words(text: &str) -> usize {
//!     thread_arena::scope(|arena| {
//!         // Scratch space for the lower-cased copy: freed when the scope ends.
//!         let lower = arena.alloc_str(&text.to_lowercase());
//!         lower.split_whitespace().filter(|w| *w == "the").count()
//!     })
//! }
//!
//! assert_eq!(count_words("The cat saw the dog"), 2);
//! assert_eq!(count_words("the end"), 1); // the same buffer, reused
//! ```

use alloc::boxed::Box;
use alloc::vec;
use core::cell::Cell;
use core::mem::MaybeUninit;
use core::slice;

use super::Arena;

/// The size of a thread's arena when [`scope`] first needs it: 64 KiB.
pub const DEFAULT_CAPACITY: usize = 64 * 1024;

/// 16 bytes aligned to 16: the buffer is made of these, so that it starts where `Arena` wants
/// (no bytes skipped) and Miri's symbolic alignment check knows its alignment.
#[derive(Clone, Copy)]
#[repr(C, align(16))]
struct Chunk([MaybeUninit<u8>; 16]);

/// A thread's buffer.
type Buffer = Box<[Chunk]>;

std::thread_local! {
    /// The thread's buffer while no scope holds it (`None` before the first scope, and while one
    /// is running).
    static BUFFER: Cell<Option<Buffer>> = const { Cell::new(None) };
}

/// Lends the calling thread's arena (at least [`DEFAULT_CAPACITY`] bytes) to `f`; everything `f`
/// allocates in it is freed when `f` returns. See the [module docs](self).
///
/// # Examples
///
/// ```
/// use avila_alloc::arena::thread_arena;
///
/// let total: u64 = thread_arena::scope(|arena| {
///     let squares = arena.alloc_slice_fill_with(100, |i| (i * i) as u64);
///     squares.iter().sum()
/// });
/// assert_eq!(total, 328_350);
/// ```
///
/// Nothing allocated inside escapes:
///
/// ```compile_fail
/// use avila_alloc::arena::thread_arena;
///
/// let leaked: &mut u64 = thread_arena::scope(|arena| arena.alloc(1_u64));
/// ```
pub fn scope<R>(f: impl FnOnce(&mut Arena<'_>) -> R) -> R {
    scope_with_capacity(DEFAULT_CAPACITY, f)
}

/// [`scope`] with an arena of at least `capacity` bytes: the thread's buffer is replaced by a
/// larger one first if it is smaller (and the larger one is kept for later scopes).
///
/// # Examples
///
/// ```
/// use avila_alloc::arena::thread_arena;
///
/// let n = thread_arena::scope_with_capacity(1 << 20, |arena| {
///     assert!(arena.capacity() >= 1 << 20);
///     arena.alloc_slice_fill_with(100_000, |i| i as u64).len()
/// });
/// assert_eq!(n, 100_000);
/// ```
pub fn scope_with_capacity<R>(capacity: usize, f: impl FnOnce(&mut Arena<'_>) -> R) -> R {
    /// Gives the buffer back to the thread when the scope ends, also by unwinding, keeping the
    /// larger of it and the one the thread may have been given by a nested scope meanwhile.
    struct GiveBack(Option<Buffer>);

    impl Drop for GiveBack {
        fn drop(&mut self) {
            let mine = self.0.take();
            // During the thread's teardown the buffer is simply freed.
            let _ = BUFFER.try_with(|slot| {
                let keep = match (mine, slot.take()) {
                    (Some(a), Some(b)) => Some(if a.len() >= b.len() { a } else { b }),
                    (a, b) => a.or(b),
                };
                slot.set(keep);
            });
        }
    }

    // Another scope of this thread holds the buffer (or this is the first scope, or the thread
    // is being torn down): a buffer of this scope's own.
    let taken = BUFFER.try_with(Cell::take).ok().flatten();
    let chunks = capacity.div_ceil(16);
    let buffer = match taken {
        Some(buffer) if buffer.len() >= chunks => buffer,
        _ => vec![Chunk([MaybeUninit::uninit(); 16]); chunks].into_boxed_slice(),
    };
    let mut guard = GiveBack(Some(buffer));
    let chunks: &mut [Chunk] = guard.0.as_deref_mut().expect("set just above");
    // SAFETY: a `Chunk` is 16 bytes with no padding, so the chunks are `16 * len` contiguous
    // `MaybeUninit<u8>`s, borrowed mutably from the guard for as long as the arena lives.
    let bytes = unsafe {
        slice::from_raw_parts_mut(
            chunks.as_mut_ptr().cast::<MaybeUninit<u8>>(),
            chunks.len() * 16,
        )
    };
    let mut arena = Arena::new(bytes);
    f(&mut arena)
}

#[cfg(test)]
mod tests {
    // Test code imports from `std`: the `alloc` crate is only linked under the `alloc` feature.
    #![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

    use std::panic::{AssertUnwindSafe, catch_unwind};
    use std::vec::Vec;

    use super::{DEFAULT_CAPACITY, scope, scope_with_capacity};

    /// The address of the first allocation of a scope: the same buffer gives the same address.
    fn first_address() -> usize {
        scope(|arena| (&raw const *arena.alloc(1_u8)).addr())
    }

    #[test]
    fn a_scope_frees_everything_and_the_next_one_reuses_the_buffer() {
        let first = first_address();
        let used = scope(|arena| {
            assert!(arena.capacity() >= DEFAULT_CAPACITY);
            assert_eq!(arena.used(), 0);
            arena.alloc_slice_copy(&[7_u8; 1000]);
            arena.used()
        });
        assert_eq!(used, 1000);
        assert_eq!(first_address(), first);
    }

    #[test]
    fn a_nested_scope_gets_a_buffer_of_its_own() {
        let first = first_address();
        scope(|outer| {
            let a = outer.alloc(1_u64);
            let inner = scope(|inner| {
                let b = inner.alloc(2_u64);
                (&raw const *b).addr()
            });
            // The inner buffer is another one: `a` is intact and the outer arena goes on.
            assert_ne!((&raw const *a).addr(), inner);
            assert_eq!(*a, 1);
            assert_eq!(*outer.alloc(3_u64), 3);
        });
        // The thread keeps one buffer: either is as large as the other, so the outer one (given
        // back last) stays.
        assert_eq!(first_address(), first);
        // Checkpoints are the way to nest inside one buffer.
        scope(|arena| {
            arena.alloc(1_u32);
            let n = arena.with_checkpoint(|a| a.alloc_slice_copy(&[0_u8; 100]).len());
            assert_eq!((n, arena.used()), (100, 4));
        });
    }

    #[test]
    fn a_panic_in_the_scope_gives_the_buffer_back() {
        let first = first_address();
        let result = catch_unwind(AssertUnwindSafe(|| {
            scope(|arena| {
                arena.alloc(5_u32);
                panic!("in the scope");
            })
        }));
        assert!(result.is_err());
        assert_eq!(first_address(), first);
    }

    #[test]
    fn a_larger_scope_replaces_the_buffer_for_good() {
        scope_with_capacity(DEFAULT_CAPACITY * 2, |arena| {
            assert!(arena.capacity() >= DEFAULT_CAPACITY * 2);
        });
        scope(|arena| assert!(arena.capacity() >= DEFAULT_CAPACITY * 2));
        // A smaller request keeps the larger buffer.
        scope_with_capacity(16, |arena| {
            assert!(arena.capacity() >= DEFAULT_CAPACITY * 2)
        });
    }

    #[test]
    fn each_thread_has_its_own_arena() {
        // Both threads are inside their scopes at once (the barrier), so a buffer freed by a
        // thread that finished early cannot be handed to the other and make the addresses
        // equal.
        let both_in = std::sync::Barrier::new(2);
        let addresses: Vec<usize> = std::thread::scope(|s| {
            let workers: Vec<_> = (0..2)
                .map(|_| {
                    s.spawn(|| {
                        scope(|arena| {
                            let v = arena.alloc_slice_fill_with(64, |i| i as u32);
                            both_in.wait();
                            assert!(v.iter().enumerate().all(|(i, &x)| x == i as u32));
                            v.as_ptr().addr()
                        })
                    })
                })
                .collect();
            workers.into_iter().map(|w| w.join().unwrap()).collect()
        });
        assert_ne!(addresses[0], addresses[1]);
    }
}
