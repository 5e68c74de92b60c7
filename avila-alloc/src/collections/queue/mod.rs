//! [`StackQueue<T, N>`]: a FIFO queue with inline storage for `N` elements, and its lock-free
//! single-producer/single-consumer split ([`Producer`], [`Consumer`]).
//!
//! # The ring
//!
//! The queue keeps two positions, `head` (the next value to take) and `tail` (the next slot to
//! fill), each counting modulo a multiple of `2N`; a position `p` names the slot `p mod N`.
//! Counting beyond `N` tells a full queue (`tail - head == N`) from an empty one (`tail ==
//! head`) without giving up a slot: all `N` slots are usable (a ring counting to `N` needs one
//! slot empty to tell them apart, which is why heapless's `spsc::Queue<T, N>` holds `N - 1`).
//!
//! - When `N` is a power of two, the positions are free-running counters that wrap at the end of
//!   `usize` (`2^bits` is a multiple of `2N`), so advancing one is a single `add`, and the slot
//!   index is a mask. Measured: wrapping them at `2N` instead (`add` then `and`) put two
//!   instructions on the loop-carried dependency of every push or pop, and a loop of pushes
//!   then pops took 97 ns instead of 57 ns at `N = 64`.
//! - Otherwise they count in `[0, 2N)` and wrap with a compare and a conditional move, so no
//!   division happens for any `N`.
//!
//! Invariant: for a non-power-of-two `N`, `head < 2N` and `tail < 2N` (both 0 when `N == 0`);
//! `len = (tail - head) mod 2N <= N` (for a power-of-two `N`, `tail.wrapping_sub(head)`), and the
//! `len` slots named by `head, head + 1, ..., tail - 1` hold initialized values; the others are
//! uninitialized.
//!
//! Only the consumer side writes `head` and only the producer side writes `tail`. With `&mut
//! self` both sides are this one owner and the positions are read and written as plain integers
//! (through the private `sync::AtomicMut`); the split halves use atomic loads and stores, whose orderings are
//! argued in `spsc.rs`.

mod iter;
#[cfg(feature = "serde")]
mod serde;
mod spsc;
mod traits;

#[cfg(all(test, not(loom)))]
mod tests;

use core::mem::{MaybeUninit, needs_drop};

pub use self::iter::{IntoIter, Iter, IterMut};
pub use self::spsc::{Consumer, Producer};
use crate::error::{CapacityError, capacity_overflow};
use crate::sync::{AtomicMut, AtomicUsize, CachePadded, Ordering, UnsafeCell};

/// One slot of the ring: written through a shared reference by the producer half.
type Slot<T> = UnsafeCell<MaybeUninit<T>>;

/// A first-in, first-out queue with a fixed capacity of exactly `N` elements, stored inline. It
/// never allocates.
///
/// Values go in at the back ([`push`](Self::push)) and come out at the front
/// ([`pop`](Self::pop)), each in O(1). All `N` slots are usable. A full queue rejects a value
/// with [`try_push`](Self::try_push), which returns it inside a [`CapacityError`], or panics in
/// [`push`](Self::push), naming the capacity.
///
/// [`split`](Self::split) turns a `&mut StackQueue` into a [`Producer`] and a [`Consumer`] that
/// can run on two threads, or in an interrupt handler and the main loop: lock-free and wait-free,
/// with one atomic store per operation and no compare-and-swap, so it works on targets such as
/// `thumbv6m-none-eabi` (Cortex-M0+) that have none.
///
/// # Examples
///
/// ```
/// use avila_alloc::StackQueue;
///
/// let mut q: StackQueue<&str, 2> = StackQueue::new();
/// q.push("a");
/// q.push("b");
/// assert!(q.is_full());
/// assert_eq!(q.try_push("c").unwrap_err().element(), "c"); // the value comes back
/// assert_eq!(q.pop(), Some("a"));
/// q.push("c");
/// assert_eq!(q.iter().copied().collect::<Vec<_>>(), ["b", "c"]);
/// ```
///
/// Split between two threads:
///
/// ```
/// use avila_alloc::StackQueue;
///
/// let mut q: StackQueue<u32, 16> = StackQueue::new();
/// let (mut producer, mut consumer) = q.split();
/// std::thread::scope(|s| {
///     s.spawn(move || {
///         for i in 0..100 {
///             while producer.try_enqueue(i).is_err() {
///                 std::hint::spin_loop(); // full: wait for the consumer
///             }
///         }
///     });
///     let mut expected = 0;
///     while expected < 100 {
///         if let Some(value) = consumer.dequeue() {
///             assert_eq!(value, expected); // in order, nothing lost
///             expected += 1;
///         }
///     }
/// });
/// ```
///
/// In a `static` (`new` is `const`):
///
/// ```
/// use avila_alloc::StackQueue;
///
/// static EMPTY: StackQueue<u8, 8> = StackQueue::new();
/// assert_eq!((EMPTY.len(), EMPTY.capacity()), (0, 8));
/// ```
///
/// # Layout and cost
///
/// The two positions sit on cache lines of their own (128 bytes each on `x86_64` and `aarch64`,
/// 32 on 32-bit `arm` and `riscv32`, 64 elsewhere), so the producer's and the consumer's writes
/// do not contend for one line; the `N` slots follow. Every operation is O(1) except the ones
/// that visit every element (`clear`, `Drop`, `clone`, iteration, comparisons), which are
/// O(len).
#[repr(C)]
pub struct StackQueue<T, const N: usize> {
    /// Position of the next value to take, in `[0, 2N)`. Written only by the consumer side.
    head: CachePadded<AtomicUsize>,
    /// Position of the next slot to fill, in `[0, 2N)`. Written only by the producer side.
    tail: CachePadded<AtomicUsize>,
    buf: [Slot<T>; N],
}

/// Creates the buffer; a `const` expression outside loom.
#[cfg(not(loom))]
macro_rules! empty_buffer {
    () => {
        [const { UnsafeCell::new(MaybeUninit::uninit()) }; N]
    };
}

/// Creates the buffer; loom's cells register with the running model, at run time.
#[cfg(loom)]
macro_rules! empty_buffer {
    () => {
        core::array::from_fn(|_| UnsafeCell::new(MaybeUninit::uninit()))
    };
}

impl<T, const N: usize> StackQueue<T, N> {
    /// The capacity `N`, as an associated constant.
    pub const CAPACITY: usize = N;

    /// Creates an empty queue. `const`, so it can initialize a `static`.
    ///
    /// A capacity above `usize::MAX / 2` is a compile-time error (positions count to `2N`).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackQueue;
    ///
    /// let q: StackQueue<u64, 32> = StackQueue::new();
    /// assert!(q.is_empty());
    /// assert_eq!(q.capacity(), 32);
    /// ```
    #[cfg(not(loom))]
    #[inline]
    #[must_use]
    pub const fn new() -> Self {
        const {
            assert!(
                N <= usize::MAX / 2,
                "the capacity N must be at most usize::MAX / 2"
            )
        };
        Self {
            head: CachePadded::new(AtomicUsize::new(0)),
            tail: CachePadded::new(AtomicUsize::new(0)),
            buf: empty_buffer!(),
        }
    }

    /// Creates an empty queue (not `const` under loom, whose atomics register with the model).
    #[cfg(loom)]
    #[must_use]
    pub fn new() -> Self {
        const {
            assert!(
                N <= usize::MAX / 2,
                "the capacity N must be at most usize::MAX / 2"
            )
        };
        Self {
            head: CachePadded::new(AtomicUsize::new(0)),
            tail: CachePadded::new(AtomicUsize::new(0)),
            buf: empty_buffer!(),
        }
    }

    // Position arithmetic. Every function has two forms, chosen at compile time: for a
    // power-of-two `N`, positions are free-running (`wrapping_add`/`wrapping_sub`) and the slot
    // index is a bit mask; for any other `N`, positions stay in `[0, 2N)` and wrap with a compare
    // and a conditional move. The mask also lets LLVM see that a slot index is below `N`, so
    // that it keeps `head` and `tail` in registers across a loop of `&mut self` operations.

    /// Whether positions run free and name slots through a mask (see above).
    const MASKED: bool = N.is_power_of_two();

    /// The position after `pos` (wrapping at `2N`, or at the end of `usize` if `MASKED`).
    #[inline(always)]
    const fn next(pos: usize) -> usize {
        // Unmasked, `pos < 2N <= usize::MAX - 1`, so `pos + 1` does not overflow.
        if Self::MASKED {
            pos.wrapping_add(1)
        } else if pos + 1 == 2 * N {
            0
        } else {
            pos + 1
        }
    }

    /// The position before `pos` (wrapping as in [`next`](Self::next)). Only called with `N > 0`.
    #[inline(always)]
    const fn prev(pos: usize) -> usize {
        if Self::MASKED {
            pos.wrapping_sub(1)
        } else if pos == 0 {
            2 * N - 1
        } else {
            pos - 1
        }
    }

    /// The number of values between the positions `head` and `tail`: `(tail - head) mod 2N`
    /// (at most `N`, so for free-running positions the wrapping difference itself).
    #[inline(always)]
    const fn distance(head: usize, tail: usize) -> usize {
        let d = tail.wrapping_sub(head);
        // Free-running positions (`MASKED`) are never more than `N` apart: `d` is the count.
        if Self::MASKED || tail >= head {
            d
        } else {
            d.wrapping_add(2 * N)
        }
    }

    /// Whether the positions `head` and `tail` describe a full queue: `distance(head, tail) ==
    /// N`.
    #[inline(always)]
    const fn full(head: usize, tail: usize) -> bool {
        if Self::MASKED {
            tail.wrapping_sub(head) == N
        } else {
            Self::distance(head, tail) == N
        }
    }

    /// The slot a position names: `pos mod N` (for `pos < 2N` unless `MASKED`).
    #[inline(always)]
    const fn slot_index(pos: usize) -> usize {
        if Self::MASKED {
            pos & (N - 1)
        } else if pos >= N {
            pos - N
        } else {
            pos
        }
    }

    /// The slot at position `pos`.
    ///
    /// # Safety
    ///
    /// - `pos < 2N` unless `MASKED` (any position then).
    #[inline(always)]
    unsafe fn slot(&self, pos: usize) -> &Slot<T> {
        debug_assert!(Self::MASKED || pos < 2 * N);
        // SAFETY: `pos < 2N` or `MASKED` (caller), so `slot_index(pos) < N`.
        unsafe { self.buf.get_unchecked(Self::slot_index(pos)) }
    }

    /// Moves `value` into the slot at position `pos`.
    ///
    /// # Safety
    ///
    /// - `pos < 2N` unless `MASKED` (any position then), and its slot is uninitialized (outside `[head, tail)`);
    /// - no other access to that slot runs concurrently (the caller is the only producer).
    #[inline(always)]
    unsafe fn write(&self, pos: usize, value: T) {
        // SAFETY: in bounds (caller); the slot is free and ours alone, so the write races with
        // nothing and overwrites no value.
        unsafe { self.slot(pos).with_mut(|p| p.cast::<T>().write(value)) };
    }

    /// Moves the value out of the slot at position `pos`.
    ///
    /// # Safety
    ///
    /// - `pos < 2N` unless `MASKED` (any position then), and its slot holds a value visible to the caller;
    /// - the caller then treats the slot as uninitialized (it advances past `pos`), and no other
    ///   access to it runs concurrently (the caller is the only consumer).
    #[inline(always)]
    unsafe fn read(&self, pos: usize) -> T {
        // SAFETY: in bounds and initialized (caller); reading it once moves the value out.
        unsafe { self.slot(pos).with(|p| p.cast::<T>().read()) }
    }

    /// A pointer for reading the value at position `pos`, for a reference that lives as long as
    /// the caller keeps the value in place.
    ///
    /// # Safety
    ///
    /// - `pos < 2N` unless `MASKED` (any position then).
    #[inline(always)]
    unsafe fn value_ptr(&self, pos: usize) -> *const T {
        // SAFETY: in bounds (caller). Only a pointer leaves the closure; what may be done with
        // the value it points to is the caller's business.
        unsafe { self.slot(pos).with(|p| p.cast::<T>()) }
    }

    /// A pointer for writing the value at position `pos`; see [`value_ptr`](Self::value_ptr).
    ///
    /// # Safety
    ///
    /// - `pos < 2N` unless `MASKED` (any position then).
    #[inline(always)]
    unsafe fn value_ptr_mut(&self, pos: usize) -> *mut T {
        // SAFETY: as in `value_ptr`.
        unsafe { self.slot(pos).with_mut(|p| p.cast::<T>()) }
    }

    /// `(head, tail)` read through `&self`. No side writes them meanwhile: writes need `&mut
    /// self` or a split half, which borrows `self` mutably; so `Relaxed` loads see their last
    /// values.
    #[inline(always)]
    fn positions(&self) -> (usize, usize) {
        (
            self.head.load(Ordering::Relaxed),
            self.tail.load(Ordering::Relaxed),
        )
    }

    /// `(head, tail)` read through `&mut self`: plain loads.
    #[inline(always)]
    fn positions_mut(&mut self) -> (usize, usize) {
        (self.head.exclusive(|h| *h), self.tail.exclusive(|t| *t))
    }

    /// The number of elements in the queue.
    ///
    /// O(1).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackQueue;
    ///
    /// let mut q: StackQueue<u8, 4> = StackQueue::new();
    /// q.push(1);
    /// q.push(2);
    /// assert_eq!(q.len(), 2);
    /// ```
    #[inline]
    #[must_use]
    pub fn len(&self) -> usize {
        let (head, tail) = self.positions();
        Self::distance(head, tail)
    }

    /// `true` if the queue holds no element.
    #[inline]
    #[must_use]
    pub fn is_empty(&self) -> bool {
        let (head, tail) = self.positions();
        head == tail
    }

    /// `true` if the queue holds `N` elements: the next `push` would fail.
    #[inline]
    #[must_use]
    pub fn is_full(&self) -> bool {
        self.len() == N
    }

    /// The capacity `N`: every one of the `N` slots is usable.
    #[inline(always)]
    #[must_use]
    pub const fn capacity(&self) -> usize {
        N
    }

    /// Appends `value` at the back.
    ///
    /// O(1).
    ///
    /// # Panics
    ///
    /// Panics if the queue is full. Use [`try_push`](Self::try_push) to get the value back
    /// instead.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackQueue;
    ///
    /// let mut q: StackQueue<char, 2> = StackQueue::new();
    /// q.push('a');
    /// q.push('b');
    /// assert_eq!(q.pop(), Some('a'));
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn push(&mut self, value: T) {
        if self.try_push(value).is_err() {
            capacity_overflow("StackQueue::push", N, N + 1);
        }
    }

    /// Appends `value` at the back, or returns it inside the error if the queue is full.
    ///
    /// O(1).
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying `value` when `len() == N`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackQueue;
    ///
    /// let mut q: StackQueue<String, 1> = StackQueue::new();
    /// assert!(q.try_push("first".to_string()).is_ok());
    /// let err = q.try_push("second".to_string()).unwrap_err();
    /// assert_eq!(err.capacity(), 1);
    /// assert_eq!(err.element(), "second");
    /// ```
    #[inline(always)]
    pub fn try_push(&mut self, value: T) -> Result<(), CapacityError<T>> {
        let (head, tail) = self.positions_mut();
        if Self::full(head, tail) {
            return Err(CapacityError::new(value, N));
        }
        // SAFETY: fewer than `N` values: the slot at `tail` is free; `&mut self` excludes any
        // other access.
        unsafe { self.write(tail, value) };
        self.tail.exclusive(|t| *t = Self::next(tail));
        Ok(())
    }

    /// Removes and returns the front element, or `None` if the queue is empty.
    ///
    /// O(1).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackQueue;
    ///
    /// let mut q: StackQueue<u8, 4> = StackQueue::new();
    /// q.push(1);
    /// q.push(2);
    /// assert_eq!(q.pop(), Some(1));
    /// assert_eq!(q.pop(), Some(2));
    /// assert_eq!(q.pop(), None);
    /// ```
    #[inline(always)]
    pub fn pop(&mut self) -> Option<T> {
        let (head, tail) = self.positions_mut();
        if head == tail {
            return None;
        }
        // Advance first: the slot is ours, and the queue no longer counts it.
        self.head.exclusive(|h| *h = Self::next(head));
        // SAFETY: `head != tail`: the slot holds a value, which is read once; `&mut self`
        // excludes any other access.
        Some(unsafe { self.read(head) })
    }

    /// Removes and returns the back element (the one pushed last); for the owning iterator.
    #[inline]
    fn pop_back(&mut self) -> Option<T> {
        let (head, tail) = self.positions_mut();
        if head == tail {
            return None;
        }
        // `head != tail` implies `N > 0`, as `prev` requires.
        let last = Self::prev(tail);
        self.tail.exclusive(|t| *t = last);
        // SAFETY: `last` was the position of the last value; the queue no longer counts it.
        Some(unsafe { self.read(last) })
    }

    /// A reference to the front element (the next one [`pop`](Self::pop) returns), or `None`
    /// if the queue is empty.
    ///
    /// O(1).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackQueue;
    ///
    /// let mut q: StackQueue<u8, 4> = StackQueue::new();
    /// assert_eq!(q.peek(), None);
    /// q.push(7);
    /// q.push(8);
    /// assert_eq!(q.peek(), Some(&7));
    /// assert_eq!(q.len(), 2);
    /// ```
    #[inline]
    #[must_use]
    pub fn peek(&self) -> Option<&T> {
        let (head, tail) = self.positions();
        if head == tail {
            return None;
        }
        // SAFETY: `head != tail`: the slot holds a value; `&self` keeps it in place and
        // unchanged for the reference's lifetime.
        Some(unsafe { &*self.value_ptr(head) })
    }

    /// A mutable reference to the front element, or `None` if the queue is empty.
    ///
    /// O(1).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackQueue;
    ///
    /// let mut q: StackQueue<u8, 4> = StackQueue::new();
    /// q.push(1);
    /// if let Some(front) = q.peek_mut() {
    ///     *front += 10;
    /// }
    /// assert_eq!(q.pop(), Some(11));
    /// ```
    #[inline]
    #[must_use]
    pub fn peek_mut(&mut self) -> Option<&mut T> {
        let (head, tail) = self.positions_mut();
        if head == tail {
            return None;
        }
        // SAFETY: as in `peek`; `&mut self` makes the access unique.
        Some(unsafe { &mut *self.value_ptr_mut(head) })
    }

    /// The initialized slots, in order, as two runs of the buffer: from `head` to the end of the
    /// buffer (or to `tail`), then from the start of the buffer.
    fn segments(&self) -> (&[Slot<T>], &[Slot<T>]) {
        let (head, tail) = self.positions();
        let len = Self::distance(head, tail);
        if len == 0 {
            return (&[], &[]);
        }
        let start = Self::slot_index(head);
        let first = len.min(N - start);
        (&self.buf[start..start + first], &self.buf[..len - first])
    }

    /// An iterator over the elements, front to back.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackQueue;
    ///
    /// let q: StackQueue<u8, 4> = [1, 2, 3].into_iter().collect();
    /// assert_eq!(q.iter().rev().copied().collect::<Vec<_>>(), [3, 2, 1]);
    /// ```
    #[inline]
    pub fn iter(&self) -> Iter<'_, T> {
        let (front, back) = self.segments();
        Iter::new(front, back)
    }

    /// An iterator that allows modifying each element, front to back.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackQueue;
    ///
    /// let mut q: StackQueue<u8, 4> = [1, 2, 3].into_iter().collect();
    /// for x in q.iter_mut() {
    ///     *x *= 2;
    /// }
    /// assert_eq!(q.iter().copied().collect::<Vec<_>>(), [2, 4, 6]);
    /// ```
    #[inline]
    pub fn iter_mut(&mut self) -> IterMut<'_, T> {
        let (front, back) = self.segments();
        // SAFETY: `&mut self` is borrowed for the iterator's lifetime, and the runs cover
        // initialized slots only.
        unsafe { IterMut::new(front, back) }
    }

    /// Drops every element; the queue is then empty.
    ///
    /// O(len). If an element's destructor panics, the remaining elements are still dropped and
    /// the queue is left empty.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackQueue;
    ///
    /// let mut q: StackQueue<String, 4> = StackQueue::new();
    /// q.push("a".to_string());
    /// q.clear();
    /// assert!(q.is_empty());
    /// ```
    pub fn clear(&mut self) {
        if !needs_drop::<T>() {
            let (_, tail) = self.positions_mut();
            self.head.exclusive(|h| *h = tail);
            return;
        }
        /// Drops what is left if a destructor panics (a second panic aborts, as in std).
        struct DropRest<'a, T, const N: usize>(&'a mut StackQueue<T, N>);
        impl<T, const N: usize> Drop for DropRest<'_, T, N> {
            fn drop(&mut self) {
                while let Some(value) = self.0.pop() {
                    drop(value);
                }
            }
        }
        let rest = DropRest(self);
        // `pop` advances past each value before it is dropped, so a panicking destructor is
        // never run twice.
        while let Some(value) = rest.0.pop() {
            drop(value);
        }
    }

    /// Splits the queue into a [`Producer`] and a [`Consumer`] that share it without a lock.
    ///
    /// The halves borrow the queue mutably: while they live, the queue itself cannot be used,
    /// and when both are gone it holds what was enqueued and not dequeued. Each half is `Send`
    /// when `T` is, so the producer can move to another thread or into an interrupt handler (see
    /// the book's chapter on `StackQueue` for a queue in a `static`).
    ///
    /// O(1).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackQueue;
    ///
    /// let mut q: StackQueue<u8, 4> = StackQueue::new();
    /// q.push(1);
    /// {
    ///     let (mut producer, mut consumer) = q.split();
    ///     producer.enqueue(2);
    ///     assert_eq!(consumer.dequeue(), Some(1));
    /// }
    /// assert_eq!(q.pop(), Some(2)); // usable again once the halves are gone
    /// ```
    #[inline]
    pub fn split(&mut self) -> (Producer<'_, T, N>, Consumer<'_, T, N>) {
        let (head, tail) = self.positions_mut();
        let queue: &Self = self;
        (
            Producer::new(queue, head, tail),
            Consumer::new(queue, head, tail),
        )
    }

    /// Appends every element the iterator yields while there is room.
    ///
    /// The values already appended stay when the queue fills up; the value that did not fit
    /// comes back in the error, and the iterator keeps the rest (pass `iter.by_ref()` to reuse
    /// it).
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying the first value that did not fit.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackQueue;
    ///
    /// let mut q: StackQueue<u32, 3> = StackQueue::new();
    /// let mut source = 1..=5;
    /// let err = q.try_extend(source.by_ref()).unwrap_err();
    /// assert_eq!(err.element(), 4);
    /// assert_eq!(q.len(), 3);
    /// assert_eq!(source.next(), Some(5));
    /// ```
    pub fn try_extend<I: IntoIterator<Item = T>>(
        &mut self,
        iter: I,
    ) -> Result<(), CapacityError<T>> {
        for value in iter {
            self.try_push(value)?;
        }
        Ok(())
    }

    /// Collects an iterator into a new queue, failing when it yields more than `N` values.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying the first value that did not fit (the values collected so far
    /// are dropped).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackQueue;
    ///
    /// let q = StackQueue::<u8, 4>::try_from_iter(0..4).unwrap();
    /// assert_eq!(q.len(), 4);
    /// assert_eq!(StackQueue::<u8, 4>::try_from_iter(0..9).unwrap_err().element(), 4);
    /// ```
    pub fn try_from_iter<I: IntoIterator<Item = T>>(iter: I) -> Result<Self, CapacityError<T>> {
        let mut queue = Self::new();
        queue.try_extend(iter)?;
        Ok(queue)
    }

    /// Pushes `value` or panics naming `operation`; the loop body of `Extend` and
    /// `FromIterator`.
    #[inline(always)]
    #[track_caller]
    fn push_or_overflow(&mut self, operation: &'static str, value: T) {
        if self.try_push(value).is_err() {
            capacity_overflow(operation, N, N + 1);
        }
    }
}

impl<T, const N: usize> Drop for StackQueue<T, N> {
    #[inline]
    fn drop(&mut self) {
        self.clear();
    }
}
