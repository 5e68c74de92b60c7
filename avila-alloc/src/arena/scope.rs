//! [`ScopeArena`]: a bump arena whose allocations live in nested scopes, with values dropped at
//! the end of their scope.
//!
//! Everything is allocated through a [`Scope`], lent to a closure by
//! [`ScopeBumpArena::scope`] (and, nested, by [`Scope::scope`]). When the closure returns (or
//! unwinds), the values of the scope that need dropping are dropped, newest first, and the arena
//! is rewound to where the scope began. The bump code is [`BumpArena`]'s; this module adds the
//! drop list and the lifetimes.
//!
//! # The drop list
//!
//! A value that needs dropping (`mem::needs_drop::<T>()`) is bumped together with a drop header
//! in front of it, in one block: `{next, drop fn, data, end}`, four words. The headers of a scope
//! form a singly linked list through the arena's own bytes, newest first, with its head in the
//! [`Scope`]; no other memory is used. A header stands for a *run* of values of one type side by
//! side: a slice, and the values of that type allocated right after it (while the run ends at the
//! arena's top and is the newest of the list, the next value of its type is appended to it and
//! counted, with no header of its own). A type is recognized by the address of its drop
//! function, which calls from one code unit share natively; where it differs (another code unit,
//! or Miri, which varies function addresses on purpose) the value only gets a header of its own.
//! `end` marks where the values written so far end, so a panicking `clone` or fill closure
//! leaves exactly the values made so far to be dropped. Values that need no drop get no header.
//! At scope end each run drops its values last first, so every value of the scope is dropped in
//! the reverse of its allocation order.
//!
//! # Soundness: the `'env` rule
//!
//! Dropping values in reverse order is not enough on its own: a value whose `Drop` reads a
//! reference to a neighbour of the same scope that was dropped before it (two values pointing at
//! each other through `Cell<Option<&'s T>>`) would read a dropped value. So a value registered
//! for dropping must satisfy `T: 'env`, where `'env` outlives the scope: for the outermost scope
//! the borrow of the arena, for a nested scope the lifetime of the scope around it. Such a value
//! cannot hold a reference into its own scope (those live for `'s` only, and `'s` does not outlive
//! `'env`), while it may hold references into enclosing scopes, whose values are dropped after
//! it. Values that are never dropped may hold any reference: [`Scope::alloc_no_drop`] (any `T`,
//! never dropped), [`Scope::alloc_slice_copy`] and [`Scope::alloc_str`] (`Copy` data).
//!
//! The lifetimes are fixed by the closures' higher-ranked signatures
//! (`for<'s> FnOnce(&mut Scope<'s, 'env, S>) -> R`) and are invariant in the `Scope`, so nothing
//! allocated in a scope can escape it (`R` cannot name `'s`), and a scope is mutably borrowed by
//! its nested scope, so it cannot allocate while the nested one is alive (its allocations would
//! lie above the nested scope's mark and be rewound with it).
//!
//! # Examples
//!
//! ```
//! use avila_alloc::arena::StackScopeArena;
//!
//! let mut arena: StackScopeArena<512> = StackScopeArena::new();
//! arena.scope(|outer| {
//!     let config = outer.alloc(String::from("kept for the whole outer scope"));
//!     for round in 0..3 {
//!         outer.scope(|inner| {
//!             // Dropped at the end of each round; may refer to the outer scope.
//!             let line = inner.alloc(format!("{round}: {config}"));
//!             assert!(line.ends_with("scope"));
//!         });
//!     }
//! });
//! assert_eq!(arena.used(), 0);
//! ```

use core::alloc::Layout;
use core::cell::Cell;
use core::fmt;
use core::marker::PhantomData;
use core::mem::{self, MaybeUninit};
use core::ptr::{self, NonNull};
use core::slice;

use super::{BorrowedBuffer, BumpArena, InlineBuffer, Storage, iter_len_mismatch};
use crate::error::CapacityError;

/// A scope arena over a caller's buffer of `'buf` (a `&mut [MaybeUninit<u8>]`), with no global
/// allocator. See [`ScopeBumpArena`] for the methods and the [module docs](self) for the rules.
///
/// # Examples
///
/// ```
/// use avila_alloc::arena::ScopeArena;
/// use core::mem::MaybeUninit;
///
/// #[repr(align(16))]
/// struct Buffer([MaybeUninit<u8>; 256]);
/// let mut buf = Buffer([MaybeUninit::uninit(); 256]);
/// let mut arena = ScopeArena::new(&mut buf.0);
/// let len = arena.scope(|s| {
///     let name = s.alloc(String::from("dropped at scope end"));
///     name.len()
/// });
/// assert_eq!((len, arena.used()), (20, 0));
/// ```
pub type ScopeArena<'buf> = ScopeBumpArena<BorrowedBuffer<'buf>>;

/// A scope arena over `N` bytes of inline storage. See [`ScopeBumpArena`] for the methods.
///
/// # Examples
///
/// ```
/// use avila_alloc::arena::StackScopeArena;
///
/// let mut arena: StackScopeArena<128> = StackScopeArena::new();
/// let sum: u32 = arena.scope(|s| s.alloc_slice_fill_with(8, |i| i as u32).iter().sum());
/// assert_eq!(sum, 28);
/// ```
pub type StackScopeArena<const N: usize> = ScopeBumpArena<InlineBuffer<N>>;

/// A bump arena whose allocations are made in nested [`Scope`]s: each scope's values are dropped
/// (newest first) and its memory freed when the scope's closure returns or unwinds. Behind
/// [`ScopeArena`] (a caller's buffer) and [`StackScopeArena`] (inline storage).
///
/// - **Values are dropped at scope end**, in reverse allocation order, the values of a slice
///   too (last first).
/// - **The `'env` rule**: [`Scope::alloc`] and the other dropping methods need `T: 'env`, so a
///   value that will be dropped cannot hold a reference into its own scope; use
///   [`Scope::alloc_no_drop`] for values that link to each other (they are never dropped). See
///   the [module docs](self) for why.
/// - A panicking `Drop` does not stop the other drops, and no value is dropped twice; a panic in
///   the scope's closure still drops the scope's values and rewinds.
/// - Every allocation is O(1) (plus the copy or fill of a slice). Values that need dropping cost
///   a 4-word header in the arena per run of one type (a value allocated right after another of
///   its type usually joins its run, see the [module docs](self)). Ending a scope is O(values to
///   drop).
pub struct ScopeBumpArena<S: Storage> {
    arena: BumpArena<S>,
}

impl<'buf> ScopeBumpArena<BorrowedBuffer<'buf>> {
    /// A scope arena handing out the bytes of `buf` (from its first 16-aligned byte on, as
    /// [`Arena`](super::Arena) does).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::ScopeArena;
    /// use core::mem::MaybeUninit;
    ///
    /// let mut buf = [MaybeUninit::<u8>::uninit(); 64];
    /// let arena = ScopeArena::new(&mut buf);
    /// assert!((49..=64).contains(&arena.capacity()));
    /// ```
    #[inline]
    #[must_use]
    pub fn new(buf: &'buf mut [MaybeUninit<u8>]) -> Self {
        Self {
            arena: super::Arena::new(buf),
        }
    }
}

impl<const N: usize> ScopeBumpArena<InlineBuffer<N>> {
    /// An empty scope arena of `N` inline bytes; a `const fn`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::StackScopeArena;
    ///
    /// let arena = StackScopeArena::<32>::new();
    /// assert_eq!(arena.remaining(), 32);
    /// ```
    #[inline]
    #[must_use]
    pub const fn new() -> Self {
        Self {
            arena: super::StackArena::new(),
        }
    }
}

impl<const N: usize> Default for ScopeBumpArena<InlineBuffer<N>> {
    fn default() -> Self {
        Self::new()
    }
}

impl<S: Storage> ScopeBumpArena<S> {
    /// The buffer's size in bytes (see [`BumpArena::capacity`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::StackScopeArena;
    ///
    /// assert_eq!(StackScopeArena::<64>::new().capacity(), 64);
    /// ```
    #[inline]
    #[must_use]
    pub fn capacity(&self) -> usize {
        self.arena.capacity()
    }

    /// Bytes in use: always 0 between scopes (every scope frees what it allocated).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::StackScopeArena;
    ///
    /// let mut arena: StackScopeArena<64> = StackScopeArena::new();
    /// arena.scope(|s| s.alloc(1_u32).to_string());
    /// assert_eq!(arena.used(), 0);
    /// ```
    #[inline]
    #[must_use]
    pub fn used(&self) -> usize {
        self.arena.used()
    }

    /// Bytes not in use.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::StackScopeArena;
    ///
    /// let arena: StackScopeArena<64> = StackScopeArena::new();
    /// assert_eq!(arena.remaining(), 64);
    /// ```
    #[inline]
    #[must_use]
    pub fn remaining(&self) -> usize {
        self.arena.remaining()
    }

    /// Runs `f` with a new outermost [`Scope`]; when `f` returns or unwinds, the scope's values
    /// are dropped (newest first) and its memory is freed. Values to be dropped must outlive the
    /// borrow of the arena (`T: 'a`, the `'env` of this scope).
    ///
    /// # Panics
    ///
    /// When `f` panics, or when the `Drop` of a value of the scope panics (after the other
    /// values were dropped).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::StackScopeArena;
    ///
    /// let mut arena: StackScopeArena<256> = StackScopeArena::new();
    /// let words = arena.scope(|s| {
    ///     let text = s.alloc_str("two words");
    ///     text.split(' ').count()
    /// });
    /// assert_eq!((words, arena.used()), (2, 0));
    /// ```
    ///
    /// A reference cannot escape the scope:
    ///
    /// ```compile_fail
    /// use avila_alloc::arena::StackScopeArena;
    ///
    /// let mut arena: StackScopeArena<64> = StackScopeArena::new();
    /// let escaped: &mut u32 = arena.scope(|s| s.alloc(1_u32));
    /// ```
    #[inline]
    pub fn scope<'a, R>(&'a mut self, f: impl for<'s> FnOnce(&mut Scope<'s, 'a, S>) -> R) -> R {
        let mut scope = Scope::new(&self.arena);
        f(&mut scope)
    }
}

impl<S: Storage> fmt::Debug for ScopeBumpArena<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ScopeArena")
            .field("used", &self.used())
            .field("capacity", &self.capacity())
            .finish()
    }
}

/// What the arena keeps in front of every value (or slice) that needs dropping: a link of its
/// scope's drop list. Written and read through raw pointers only.
struct DropHeader {
    /// The header allocated before this one in the same scope.
    next: Option<NonNull<DropHeader>>,
    /// Drops the values of the right type at `data`, given their extent (`end` minus the offset
    /// of `data`).
    drop: unsafe fn(NonNull<u8>, usize),
    /// The first value.
    data: NonNull<u8>,
    /// Where the values written so far (and so to be dropped) end: the buffer offset of `data`
    /// plus their size in bytes, or plus their count for a zero-sized type. For values of a
    /// size, the run can be extended exactly when this is the arena's offset.
    end: usize,
}

/// A run of the drop list being added to: its header, and its `end` before the values being
/// added.
type Run = (NonNull<DropHeader>, usize);

/// What a value adds to the `end` of its run: its size, or 1 for a zero-sized type (whose values
/// are counted).
const fn unit<T>() -> usize {
    if mem::size_of::<T>() == 0 {
        1
    } else {
        mem::size_of::<T>()
    }
}

/// Drops the values of type `T` at `data` that take `extent` (in [`unit`]s of `T`), last first
/// (the reverse of their allocation order).
///
/// # Safety
///
/// - `data` is aligned for `T` and points to `extent / unit::<T>()` initialized values that are
///   not used again.
unsafe fn drop_run<T>(data: NonNull<u8>, extent: usize) {
    // SAFETY: the caller's contract.
    unsafe { drop_values::<T>(data, extent / unit::<T>()) }
}

/// Drops the `len` values of type `T` at `data`, last first. If one panics, a guard drops the
/// ones before it while the panic unwinds.
///
/// # Safety
///
/// - `data` is aligned for `T` and points to `len` initialized values that are not used again.
unsafe fn drop_values<T>(data: NonNull<u8>, len: usize) {
    /// The values not dropped yet: `len` of them from `data` on.
    struct Rest<T> {
        data: NonNull<T>,
        len: usize,
    }

    impl<T> Drop for Rest<T> {
        fn drop(&mut self) {
            // SAFETY: the values before the one whose drop panicked, not dropped yet.
            unsafe { drop_values::<T>(self.data.cast::<u8>(), self.len) };
        }
    }

    let mut rest = Rest {
        data: data.cast::<T>(),
        len,
    };
    while rest.len > 0 {
        rest.len -= 1;
        // SAFETY: `rest.len < len`, a value not dropped yet (caller); it is no longer counted
        // in `rest`, so it is dropped once even if its drop panics.
        unsafe { ptr::drop_in_place(rest.data.add(rest.len).as_ptr()) };
    }
    mem::forget(rest);
}

/// Pops and runs the drops of the list at `head`, newest first, until it is empty. If one panics,
/// a guard goes on with the rest while the panic unwinds (a second panic aborts, as for any drop
/// during unwinding). A header is popped before its values are dropped, so none is dropped twice.
fn run_drops(head: &Cell<Option<NonNull<DropHeader>>>, base: *mut u8) {
    struct Continue<'h>(&'h Cell<Option<NonNull<DropHeader>>>, *mut u8);

    impl Drop for Continue<'_> {
        fn drop(&mut self) {
            run_drops(self.0, self.1);
        }
    }

    while let Some(header) = head.get() {
        // SAFETY: every header in the list was written by `Scope::register` in memory of this
        // scope, which stays reserved until the list is empty.
        let header = unsafe { header.read() };
        head.set(header.next);
        let guard = Continue(head, base);
        let extent = header.end - (header.data.addr().get() - base.addr());
        // SAFETY: the values counted in `end` were written, of the type `drop` was made for, at
        // `data`; the scope is over, so no reference to them is in use, and the header was
        // popped so they are dropped only here.
        unsafe { (header.drop)(header.data, extent) };
        mem::forget(guard);
    }
}

/// A scope of a [`ScopeBumpArena`]: allocations made through it live for `'s`, and the values
/// that need dropping are dropped when the scope ends. Lent to a closure by
/// [`ScopeBumpArena::scope`] or [`Scope::scope`].
///
/// Values to be dropped must satisfy `T: 'env` (the `'env` rule, see the [module docs](self));
/// [`alloc_no_drop`](Self::alloc_no_drop) takes any `T` and never drops it.
///
/// # Examples
///
/// Values link to each other when they are never dropped:
///
/// ```
/// use avila_alloc::arena::StackScopeArena;
/// use core::cell::Cell;
///
/// struct Node<'s> {
///     value: u32,
///     next: Cell<Option<&'s Node<'s>>>,
/// }
///
/// let mut arena: StackScopeArena<256> = StackScopeArena::new();
/// arena.scope(|s| {
///     let a = s.alloc_no_drop(Node { value: 1, next: Cell::new(None) });
///     let b = s.alloc_no_drop(Node { value: 2, next: Cell::new(Some(a)) });
///     a.next.set(Some(b)); // a cycle
///     assert_eq!(a.next.get().unwrap().next.get().unwrap().value, 1);
/// });
/// ```
///
/// A value that is dropped cannot refer to its own scope:
///
/// ```compile_fail
/// use avila_alloc::arena::StackScopeArena;
///
/// let mut arena: StackScopeArena<256> = StackScopeArena::new();
/// arena.scope(|s| {
///     let name = s.alloc_str("x");
///     let v = s.alloc(vec![&*name]); // `Vec<&'s str>` is not `'env`
/// });
/// ```
pub struct Scope<'s, 'env, S: Storage> {
    arena: &'s BumpArena<S>,
    /// The newest header of this scope's drop list.
    drops: Cell<Option<NonNull<DropHeader>>>,
    /// The arena's offset when the scope began.
    mark: usize,
    /// Both lifetimes invariant: `'s` can be neither stretched (references outliving the scope)
    /// nor shrunk, and `'env` cannot be shortened (which would weaken the `'env` rule). The last
    /// field says that `'env` outlives `'s`.
    _lifetimes: PhantomData<Lifetimes<'s, 'env>>,
}

/// The marker of a [`Scope`]'s lifetimes: both invariant, and `'env: 's`.
type Lifetimes<'s, 'env> = (fn(&'s ()) -> &'s (), fn(&'env ()) -> &'env (), &'s &'env ());

impl<'s, 'env, S: Storage> Scope<'s, 'env, S> {
    /// A scope beginning at the arena's current offset.
    #[inline]
    fn new(arena: &'s BumpArena<S>) -> Self {
        Self {
            arena,
            drops: Cell::new(None),
            mark: arena.used(),
            _lifetimes: PhantomData,
        }
    }

    /// Runs `f` with a scope nested in this one. Values allocated in the nested scope are
    /// dropped and freed when `f` returns or unwinds; values of this scope stay. This scope is
    /// mutably borrowed meanwhile, so it cannot allocate (references it handed out stay usable),
    /// and the nested scope's values to be dropped may hold references into this one (`'env` of
    /// the nested scope is `'s`).
    ///
    /// # Panics
    ///
    /// When `f` panics, or when the `Drop` of a value of the nested scope panics.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::StackScopeArena;
    ///
    /// let mut arena: StackScopeArena<256> = StackScopeArena::new();
    /// arena.scope(|outer| {
    ///     let kept = outer.alloc(1_u64);
    ///     let before = outer.used();
    ///     for _ in 0..100 {
    ///         outer.scope(|inner| {
    ///             let v = inner.alloc_slice_fill_with(16, |i| i as u64 + *kept);
    ///             assert_eq!(v[15], 16);
    ///         }); // freed here: 100 rounds fit in 256 bytes
    ///     }
    ///     assert_eq!(outer.used(), before);
    ///     *kept += 1;
    /// });
    /// ```
    #[inline]
    pub fn scope<R>(&mut self, f: impl for<'i> FnOnce(&mut Scope<'i, 's, S>) -> R) -> R {
        let mut scope = Scope::new(self.arena);
        f(&mut scope)
    }

    /// The arena's capacity in bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::StackScopeArena;
    ///
    /// let mut arena: StackScopeArena<64> = StackScopeArena::new();
    /// arena.scope(|s| assert_eq!(s.capacity(), 64));
    /// ```
    #[inline]
    #[must_use]
    pub fn capacity(&self) -> usize {
        self.arena.capacity()
    }

    /// Bytes in use in the arena, by this scope and the scopes around it, headers and padding
    /// included.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::StackScopeArena;
    ///
    /// let mut arena: StackScopeArena<64> = StackScopeArena::new();
    /// arena.scope(|s| {
    ///     s.alloc(1_u32);
    ///     s.scope(|inner| {
    ///         inner.alloc(2_u32);
    ///         assert_eq!(inner.used(), 8);
    ///     });
    ///     assert_eq!(s.used(), 4);
    /// });
    /// ```
    #[inline]
    #[must_use]
    pub fn used(&self) -> usize {
        self.arena.used()
    }

    /// Bytes not in use.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::StackScopeArena;
    ///
    /// let mut arena: StackScopeArena<64> = StackScopeArena::new();
    /// arena.scope(|s| {
    ///     s.alloc(1_u64);
    ///     assert_eq!(s.remaining(), 56);
    /// });
    /// ```
    #[inline]
    #[must_use]
    pub fn remaining(&self) -> usize {
        self.arena.remaining()
    }

    /// Reserves a header followed by room for `len` values of `T`, links the header into the
    /// drop list with no values yet (its `end` is where they begin), and returns it with the
    /// pointer to the first value; `None` when they do not fit.
    #[inline]
    fn register<T>(&self, len: usize) -> Option<(NonNull<DropHeader>, NonNull<T>)> {
        let (layout, offset) = Layout::new::<DropHeader>()
            .extend(Layout::array::<T>(len).ok()?)
            .ok()?;
        let start = self.arena.bump(layout)?;
        // SAFETY: `bump` returned a block of `layout` inside the buffer, aligned for the header
        // (and, at `offset`, for `T`), handed out to no one else.
        unsafe {
            let header = self.arena.at(start).cast::<DropHeader>();
            let data = header.cast::<u8>().add(offset);
            header.write(DropHeader {
                next: self.drops.get(),
                drop: drop_run::<T>,
                data,
                end: start + offset,
            });
            self.drops.set(Some(header));
            Some((header, data.cast::<T>()))
        }
    }

    /// Counts one more value of `T` written in `header`'s run, whose values now end at `end`
    /// (see [`DropHeader::end`]).
    ///
    /// For a type of a size, `end` is set: a call made while the value was being built (by
    /// `alloc_with`'s or a fill's closure) cannot have joined this run, whose `end` was below the
    /// arena's offset until now. For a zero-sized type, whose values join a run wherever the
    /// offset is, such a call may have counted values of its own meanwhile: one is added.
    ///
    /// # Safety
    ///
    /// - `header` is a header of this scope's list, for values of `T`, and the value counted is
    ///   written (for a type of a size: every value up to `end`).
    #[inline(always)]
    unsafe fn written<T>(header: NonNull<DropHeader>, end: usize) {
        // SAFETY: the header is in reserved memory of this scope (caller).
        unsafe {
            let field = &raw mut (*header.as_ptr()).end;
            if mem::size_of::<T>() == 0 {
                field.write(field.read() + 1);
            } else {
                field.write(end);
            }
        }
    }

    /// Reserves room for `len` more values of the newest run of the drop list, when that run
    /// holds values of `T` (its drop function is `T`'s) and ends where the arena's free bytes
    /// begin: the values go right after it and the run's header counts them, so a sequence of
    /// allocations of one type costs one header. Returns the room and the header with its `end`
    /// before these; `None` when there is no such run or no room.
    #[inline(always)]
    fn extend_run<T>(&self, len: usize) -> Option<(NonNull<T>, NonNull<DropHeader>, usize)> {
        let header = self.drops.get()?;
        // SAFETY: a header of this scope's list, in memory reserved until the scope ends.
        let (drop, end) = unsafe {
            let h = header.as_ptr();
            ((*h).drop, (*h).end)
        };
        // Only the same code drops the values the same way. Two copies of `drop_run::<T>` with
        // different addresses only cost a header more; two functions merged into one address
        // are one code, which drops these values exactly as `T`'s would.
        #[allow(
            unpredictable_function_pointer_comparisons,
            reason = "a false `false` costs a header, a `true` means the same code (see above)"
        )]
        let same_type = drop == drop_run::<T> as unsafe fn(NonNull<u8>, usize);
        if !same_type {
            return None;
        }
        if mem::size_of::<T>() == 0 {
            return Some((NonNull::dangling(), header, end));
        }
        // The run's values end at the arena's top: the next `T` goes right there (the end of an
        // array of `T` is aligned for `T`).
        if end != self.arena.used() {
            return None;
        }
        let start = self.arena.bump(Layout::array::<T>(len).ok()?)?;
        debug_assert_eq!(start, end);
        // SAFETY: `bump` returned a fresh block inside the buffer.
        Some((unsafe { self.arena.at(start) }.cast::<T>(), header, end))
    }

    /// Reserves room for `len` values of `T`; when `T` needs dropping (and `len != 0`), they are
    /// registered in the drop list with no value written yet: appended to the newest run if it
    /// is of `T` and ends at the top, else under a new header. Returns the room and, for values
    /// to drop, the header and its `end` before these; `None` when they do not fit.
    #[inline(always)]
    fn reserve<T: 'env>(&self, len: usize) -> Option<(NonNull<T>, Option<Run>)> {
        if mem::needs_drop::<T>() && len != 0 {
            if let Some((ptr, header, end)) = self.extend_run::<T>(len) {
                return Some((ptr, Some((header, end))));
            }
            let (header, ptr) = self.register::<T>(len)?;
            // SAFETY: the header was just written.
            let end = unsafe { (*header.as_ptr()).end };
            Some((ptr, Some((header, end))))
        } else {
            Some((self.arena.bump_for_slice::<T>(len)?, None))
        }
    }

    /// Writes `value` into a block from `reserve` and hands it out for `'s`.
    ///
    /// # Safety
    ///
    /// - `ptr` and `run` come from one call of `reserve::<T>(1)` of this scope.
    #[inline(always)]
    unsafe fn place<T>(ptr: NonNull<T>, run: Option<Run>, value: T) -> &'s mut T {
        // SAFETY: a fresh block for a `T`, reached by no one else, reserved until the scope ends
        // (caller); the run's header, if any, now counts the written value.
        unsafe {
            ptr.write(value);
            if let Some((header, end)) = run {
                Self::written::<T>(header, end + unit::<T>());
            }
            &mut *ptr.as_ptr()
        }
    }

    /// Moves `value` into the scope; it is dropped when the scope ends.
    ///
    /// # Errors
    ///
    /// A [`CapacityError`] holding `value` when there is no room for it (and its drop header,
    /// when it needs one).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::StackScopeArena;
    ///
    /// let mut arena: StackScopeArena<16> = StackScopeArena::new();
    /// arena.scope(|s| {
    ///     assert_eq!(*s.try_alloc(7_u64).unwrap(), 7);
    ///     let err = s.try_alloc(String::from("too big with its header")).unwrap_err();
    ///     assert_eq!(err.element(), "too big with its header");
    /// });
    /// ```
    #[inline(always)]
    pub fn try_alloc<T: 'env>(&self, value: T) -> Result<&'s mut T, CapacityError<T>> {
        match self.reserve::<T>(1) {
            // SAFETY: from `reserve::<T>(1)`.
            Some((ptr, run)) => Ok(unsafe { Self::place(ptr, run, value) }),
            None => Err(CapacityError::new(value, self.capacity())),
        }
    }

    /// Moves `value` into the scope; it is dropped when the scope ends.
    ///
    /// # Panics
    ///
    /// When there is no room for it; [`try_alloc`](Self::try_alloc) returns the value instead.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::StackScopeArena;
    ///
    /// let mut arena: StackScopeArena<256> = StackScopeArena::new();
    /// arena.scope(|s| {
    ///     let log = s.alloc(vec![1, 2]);
    ///     log.push(3);
    ///     assert_eq!(log.len(), 3);
    /// }); // the Vec is dropped here
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn alloc<T: 'env>(&self, value: T) -> &'s mut T {
        match self.reserve::<T>(1) {
            // SAFETY: from `reserve::<T>(1)`.
            Some((ptr, run)) => unsafe { Self::place(ptr, run, value) },
            None => Self::full::<T>(self.arena, "ScopeArena::alloc", 1),
        }
    }

    /// Reserves room for a `T`, then writes `f()` there: the value is built in place. It is
    /// dropped when the scope ends (if `f` panics, nothing is dropped for it).
    ///
    /// # Panics
    ///
    /// When there is no room (before `f` is called), or when `f` panics.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::StackScopeArena;
    ///
    /// let mut arena: StackScopeArena<4096> = StackScopeArena::new();
    /// arena.scope(|s| assert_eq!(s.alloc_with(|| [3_u32; 512])[511], 3));
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn alloc_with<T: 'env>(&self, f: impl FnOnce() -> T) -> &'s mut T {
        match self.reserve::<T>(1) {
            // SAFETY: from `reserve::<T>(1)`; `f` runs before the write, and if it panics the header
            // still counts no value.
            Some((ptr, run)) => unsafe { Self::place(ptr, run, f()) },
            None => Self::full::<T>(self.arena, "ScopeArena::alloc_with", 1),
        }
    }

    /// Moves `value` into the scope and **never drops it**: any `T`, also one holding references
    /// into this scope (values linked in cycles). Its memory is freed when the scope ends.
    ///
    /// # Panics
    ///
    /// When there is no room for it.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::StackScopeArena;
    ///
    /// let mut arena: StackScopeArena<64> = StackScopeArena::new();
    /// arena.scope(|s| {
    ///     let x = s.alloc_no_drop(5_u32);
    ///     let r = s.alloc_no_drop(&*x); // a reference into the scope
    ///     assert_eq!(**r, 5);
    /// });
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn alloc_no_drop<T>(&self, value: T) -> &'s mut T {
        let arena: &'s BumpArena<S> = self.arena;
        match arena.try_alloc(value) {
            Ok(value) => value,
            Err(_) => Self::full::<T>(arena, "ScopeArena::alloc_no_drop", 1),
        }
    }

    /// Copies `src` into the scope (`Copy` values need no drop, so any `T`).
    ///
    /// # Errors
    ///
    /// A [`CapacityError`] when the copy does not fit.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::StackScopeArena;
    ///
    /// let mut arena: StackScopeArena<4> = StackScopeArena::new();
    /// arena.scope(|s| assert!(s.try_alloc_slice_copy(&[0_u8; 5]).is_err()));
    /// ```
    #[inline]
    pub fn try_alloc_slice_copy<T: Copy>(&self, src: &[T]) -> Result<&'s mut [T], CapacityError> {
        let arena: &'s BumpArena<S> = self.arena;
        arena.try_alloc_slice_copy(src)
    }

    /// Copies `src` into the scope.
    ///
    /// # Panics
    ///
    /// When the copy does not fit.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::StackScopeArena;
    ///
    /// let mut arena: StackScopeArena<64> = StackScopeArena::new();
    /// arena.scope(|s| {
    ///     let v = s.alloc_slice_copy(&[1_u16, 2, 3]);
    ///     v[0] = 9;
    ///     assert_eq!(v, [9, 2, 3]);
    /// });
    /// ```
    #[inline]
    #[track_caller]
    pub fn alloc_slice_copy<T: Copy>(&self, src: &[T]) -> &'s mut [T] {
        match self.try_alloc_slice_copy(src) {
            Ok(slice) => slice,
            Err(_) => Self::full::<T>(self.arena, "ScopeArena::alloc_slice_copy", src.len()),
        }
    }

    /// Copies `s` into the scope.
    ///
    /// # Panics
    ///
    /// When the string does not fit.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::StackScopeArena;
    ///
    /// let mut arena: StackScopeArena<64> = StackScopeArena::new();
    /// arena.scope(|s| {
    ///     let text = s.alloc_str("abc");
    ///     text.make_ascii_uppercase();
    ///     assert_eq!(text, "ABC");
    /// });
    /// ```
    #[inline]
    #[track_caller]
    pub fn alloc_str(&self, s: &str) -> &'s mut str {
        let bytes = self.alloc_slice_copy(s.as_bytes());
        // SAFETY: a copy of the bytes of a `str`.
        unsafe { core::str::from_utf8_unchecked_mut(bytes) }
    }

    /// Writes `f(0)`, `f(1)`, ... into a block from `reserve` and hands the slice out for `'s`.
    /// The values written are counted in the header one by one, so if `f` panics the values
    /// made so far are dropped at scope end and no others.
    ///
    /// # Safety
    ///
    /// - `ptr` and `run` come from one call of `reserve::<T>(len)` of this scope.
    #[inline]
    unsafe fn fill<T>(
        ptr: NonNull<T>,
        run: Option<Run>,
        len: usize,
        mut f: impl FnMut(usize) -> T,
    ) -> &'s mut [T] {
        for i in 0..len {
            // SAFETY: `i < len`: a slot of the fresh block (caller); the run's header, when there
            // is one, has room counted for these `len` values and now counts the `i + 1` written.
            unsafe {
                ptr.add(i).write(f(i));
                if let Some((header, end)) = run {
                    Self::written::<T>(header, end + (i + 1) * unit::<T>());
                }
            }
        }
        // SAFETY: all `len` values are written, in a block reserved until the scope ends and
        // reached by no one else.
        unsafe { slice::from_raw_parts_mut(ptr.as_ptr(), len) }
    }

    /// Allocates `len` values, the `i`-th being `f(i)`; they are dropped when the scope ends.
    ///
    /// # Errors
    ///
    /// A [`CapacityError`] holding `f`, uncalled, when the values do not fit.
    ///
    /// # Panics
    ///
    /// When `f` panics (the values made so far are dropped at scope end).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::StackScopeArena;
    ///
    /// let mut arena: StackScopeArena<64> = StackScopeArena::new();
    /// arena.scope(|s| {
    ///     assert_eq!(s.try_alloc_slice_fill_with(2, |i| i as u8).unwrap(), [0, 1]);
    ///     assert!(s.try_alloc_slice_fill_with(100, |i| i as u8).is_err());
    /// });
    /// ```
    #[inline]
    pub fn try_alloc_slice_fill_with<T: 'env, F: FnMut(usize) -> T>(
        &self,
        len: usize,
        f: F,
    ) -> Result<&'s mut [T], CapacityError<F>> {
        match self.reserve::<T>(len) {
            // SAFETY: from `reserve::<T>(len)`.
            Some((ptr, run)) => Ok(unsafe { Self::fill(ptr, run, len, f) }),
            None => Err(CapacityError::new(f, self.capacity())),
        }
    }

    /// Allocates `len` values, the `i`-th being `f(i)`; they are dropped when the scope ends.
    ///
    /// # Panics
    ///
    /// When the values do not fit (before `f` is called), or when `f` panics (the values made
    /// so far are dropped at scope end).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::StackScopeArena;
    ///
    /// let mut arena: StackScopeArena<256> = StackScopeArena::new();
    /// arena.scope(|s| {
    ///     let names = s.alloc_slice_fill_with(3, |i| format!("n{i}"));
    ///     assert_eq!(names, ["n0", "n1", "n2"]);
    /// });
    /// ```
    #[inline]
    #[track_caller]
    pub fn alloc_slice_fill_with<T: 'env>(
        &self,
        len: usize,
        f: impl FnMut(usize) -> T,
    ) -> &'s mut [T] {
        match self.try_alloc_slice_fill_with(len, f) {
            Ok(slice) => slice,
            Err(_) => Self::full::<T>(self.arena, "ScopeArena::alloc_slice_fill_with", len),
        }
    }

    /// Clones each value of `src` into the scope; the clones are dropped when the scope ends.
    ///
    /// # Panics
    ///
    /// When the values do not fit, or when a `clone` panics (the clones made so far are dropped
    /// at scope end).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::StackScopeArena;
    ///
    /// let mut arena: StackScopeArena<256> = StackScopeArena::new();
    /// arena.scope(|s| {
    ///     let names = s.alloc_slice_clone(&[String::from("a"), String::from("b")]);
    ///     assert_eq!(names, ["a", "b"]);
    /// });
    /// ```
    #[inline]
    #[track_caller]
    pub fn alloc_slice_clone<T: Clone + 'env>(&self, src: &[T]) -> &'s mut [T] {
        match self.try_alloc_slice_fill_with(src.len(), |i| src[i].clone()) {
            Ok(slice) => slice,
            Err(_) => Self::full::<T>(self.arena, "ScopeArena::alloc_slice_clone", src.len()),
        }
    }

    /// Allocates the values of an exact-size iterator (room for `iter.len()` values is reserved
    /// first); they are dropped when the scope ends.
    ///
    /// # Panics
    ///
    /// When the values do not fit, when the iterator yields fewer or more values than its
    /// `len()` said, or when `next` panics (the values made so far are dropped at scope end).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::StackScopeArena;
    ///
    /// let mut arena: StackScopeArena<256> = StackScopeArena::new();
    /// arena.scope(|s| {
    ///     let words = s.alloc_slice_fill_iter(["a", "b"].map(String::from));
    ///     assert_eq!(words, ["a", "b"]);
    /// });
    /// ```
    #[inline]
    #[track_caller]
    pub fn alloc_slice_fill_iter<I>(&self, iter: I) -> &'s mut [I::Item]
    where
        I: IntoIterator,
        I::IntoIter: ExactSizeIterator,
        I::Item: 'env,
    {
        let mut iter = iter.into_iter();
        let len = iter.len();
        let slice = self.try_alloc_slice_fill_with(len, |_| match iter.next() {
            Some(value) => value,
            None => iter_len_mismatch(len),
        });
        let Ok(slice) = slice else {
            Self::full::<I::Item>(self.arena, "ScopeArena::alloc_slice_fill_iter", len)
        };
        if iter.next().is_some() {
            iter_len_mismatch(len);
        }
        slice
    }

    /// The panic of a full arena, for `len` values of `T` (plus a drop header when `T` needs
    /// one). It takes the arena, not the scope: a `&self` here would make every scope's fields
    /// live in memory (stored at each nested scope's start) only for this cold path to read them.
    #[cold]
    #[inline(never)]
    #[track_caller]
    fn full<T>(arena: &BumpArena<S>, operation: &'static str, len: usize) -> ! {
        let header = if mem::needs_drop::<T>() {
            mem::size_of::<DropHeader>()
        } else {
            0
        };
        let size = mem::size_of::<T>()
            .saturating_mul(len)
            .saturating_add(header);
        arena.full(operation, size, mem::align_of::<T>())
    }
}

impl<S: Storage> Drop for Scope<'_, '_, S> {
    /// Drops the scope's values, newest first, and rewinds the arena to the scope's mark, also
    /// when a drop panics.
    #[inline]
    fn drop(&mut self) {
        match self.drops.get() {
            // Nothing was allocated below the mark while the scope was alive (the scopes around
            // it are borrowed by it), and no value of the scope is in use any more.
            None => self.arena.top.set(self.mark),
            Some(head) => drop_and_rewind(self.arena, head, self.mark),
        }
    }
}

/// The end of a scope with values to drop: runs the drops of the list at `head`, then rewinds
/// `arena` to `mark` (also when a drop panics).
///
/// Out of line, and given the list by value rather than the scope by reference: a scope whose
/// address never escapes lives in registers. With `&self.drops` passed here, every scope was
/// kept on the stack, and a nested scope's start and end passed the arena's offset through two
/// stack slots (`scope_arena/nested_scope` went from 0.81 to 1.23 of bumpalo's time between two
/// VMs; book, "Results: ScopeArena").
#[cold]
#[inline(never)]
fn drop_and_rewind<S: Storage>(arena: &BumpArena<S>, head: NonNull<DropHeader>, mark: usize) {
    struct Rewind<'a, S: Storage>(&'a BumpArena<S>, usize);

    impl<S: Storage> Drop for Rewind<'_, S> {
        fn drop(&mut self) {
            // As in `Scope::drop`: nothing of the scope is in use any more.
            self.0.top.set(self.1);
        }
    }

    let _rewind = Rewind(arena, mark);
    // The scope is over, so nothing can add to its list any more: a local copy of the head
    // serves `run_drops` as well as the scope's own cell.
    run_drops(&Cell::new(Some(head)), arena.storage.base());
}

impl<S: Storage> fmt::Debug for Scope<'_, '_, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Scope")
            .field("mark", &self.mark)
            .field("used", &self.used())
            .field("capacity", &self.capacity())
            .finish()
    }
}
