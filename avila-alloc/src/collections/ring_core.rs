//! `RingCore<T, N>`: the raw core shared by [`StackDeque`](super::StackDeque) and
//! [`StackRing`](super::StackRing).
//!
//! It owns an inline buffer of `N` slots, a `head` index and a length, and keeps one invariant:
//! **the `len` slots starting at the front slot, wrapping at `N`, are initialized; `len <= N`**.
//! The front slot is `head mod N`, and logical index `i` (0 is the front) lives in physical slot
//! `head + i` wrapped at `N`. `N` need not be a power of two; the stored `head` has two forms:
//!
//! - for any `N`, `head < N` (or `head == 0` when `N == 0`) and the wrap is a compare and a
//!   subtraction ([`RingCore::wrap_add`]), never a `%`;
//! - for a power-of-two `N` (`MASKED`), `head` is a free-running `u32` counter (`2^32` is a
//!   multiple of `N`) and the front slot is `head & (N - 1)`. Popping the front or overwriting
//!   then costs one `add` on the loop-carried `head`, where a wrap costs a compare and a
//!   conditional move after the add: measured, deque churn and ring overwrite ran 1.2x to 1.5x
//!   slower than heapless (whose wrap is a predictable branch) with the same instruction counts.
//!   Every method that does not sit on that chain reads the physical front slot through
//!   [`RingCore::head`] and may store any physical slot back (congruent values name the same
//!   slot).
//!
//! Like [`ArrayCore`](super::core::ArrayCore), it never drops anything on its own (no `Drop`
//! impl); the containers add it. Everything that moves values between slots lives here, once:
//! pushes and pops at both ends, the overwriting push of the ring, inserting and removing by
//! shifting the shorter side ([`RingCore::wrap_copy`]), `make_contiguous`, rotations, and dropping
//! a logical range in at most two pieces, panic-safely ([`RingCore::drop_range`]).

use core::mem::MaybeUninit;
use core::ptr;

use super::core::index_out_of_bounds;
use crate::error::CapacityError;

/// Inline storage for up to `N` values of `T` in a ring: `len` values starting at slot `head`.
///
/// `#[repr(C)]` with the two `u32` fields **first**, as in `ArrayCore` and for the same measured
/// reason: with `head` and `len` before the buffer and zero-extended indices, LLVM can prove that
/// element stores never touch them and keeps both in registers across loops of pushes and pops.
/// The capacity limits this implies (`N <= u32::MAX`, and `N <= usize::MAX / 2` so that
/// `head + len` cannot overflow before the wrap) are checked at compile time in
/// [`RingCore::new`].
#[repr(C)]
pub(crate) struct RingCore<T, const N: usize> {
    head: u32,
    len: u32,
    buf: [MaybeUninit<T>; N],
}

/// A logical range split into its (at most two) physical pieces: `first` slots starting at slot
/// `at`, then `second` slots starting at slot 0.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Pieces {
    pub(crate) at: usize,
    pub(crate) first: usize,
    pub(crate) second: usize,
}

impl<T, const N: usize> RingCore<T, N> {
    #[inline]
    pub(crate) const fn new() -> Self {
        const {
            assert!(
                N <= (u32::MAX / 2) as usize && N <= usize::MAX / 2,
                "the capacity N must be below 2^31 (and half the address space)"
            );
        };
        Self {
            head: 0,
            len: 0,
            buf: [const { MaybeUninit::uninit() }; N],
        }
    }

    /// Builds a core holding all `M` values of `array`, front to back (`M <= N`, checked at
    /// compile time).
    #[inline]
    pub(crate) const fn from_array<const M: usize>(array: [T; M]) -> Self {
        const { assert!(M <= N, "array is longer than the capacity N") };
        let mut core = Self::new();
        let array = core::mem::ManuallyDrop::new(array);
        // SAFETY: `array` is valid for `M` reads of `T` and is never dropped (ManuallyDrop), so the
        // values are moved, not duplicated; `core.buf` has room for `M <= N` values from slot 0
        // and does not overlap the local `array`.
        unsafe {
            let src = (&raw const array).cast::<T>();
            ptr::copy_nonoverlapping(src, core.buf.as_mut_ptr().cast::<T>(), M);
        }
        core.len = M as u32;
        core
    }

    /// `N` as a `u32` (lossless, checked in [`new`](Self::new)).
    const CAP: u32 = N as u32;

    /// Whether `head` is a free-running counter and slots are found with a mask (a power-of-two
    /// `N`; see the module documentation).
    const MASKED: bool = N.is_power_of_two();

    /// The front slot (`< N`, or 0 when `N == 0`), in `u32`.
    #[inline(always)]
    const fn head32(&self) -> u32 {
        if Self::MASKED {
            self.head & (Self::CAP - 1)
        } else {
            // SAFETY: the core's invariant for an `N` that is not a power of two.
            unsafe { core::hint::assert_unchecked(self.head < Self::CAP || self.head == 0) };
            self.head
        }
    }

    /// Sets the stored `head` of an empty core to any value (a free-running counter near the end
    /// of `u32`, in tests of the `MASKED` form).
    #[cfg(test)]
    pub(crate) fn set_raw_head(&mut self, head: u32) {
        assert!(Self::MASKED && self.len == 0);
        self.head = head;
    }

    /// Moves the front one slot on and returns the old front slot (`N >= 1`).
    #[inline(always)]
    const fn advance_head(&mut self) -> u32 {
        let head = self.head32();
        self.head = if Self::MASKED {
            self.head.wrapping_add(1)
        } else {
            Self::next32(head)
        };
        head
    }

    /// Moves the front one slot back and returns the new front slot (`N >= 1`).
    #[inline(always)]
    const fn retreat_head(&mut self) -> u32 {
        if Self::MASKED {
            self.head = self.head.wrapping_sub(1);
            self.head32()
        } else {
            let at = Self::prev32(self.head32());
            self.head = at;
            at
        }
    }

    /// The length, as the `u32` it is stored as.
    #[inline(always)]
    const fn len32(&self) -> u32 {
        // SAFETY: the core's invariant.
        unsafe { core::hint::assert_unchecked(self.len <= Self::CAP) };
        self.len
    }

    /// The slot after slot `i < N`: `i + 1`, or 0 at the end of the buffer.
    ///
    /// Equal to `wrap_add(i, 1)`, written as a test for equality: LLVM lowers it to an
    /// increment, a compare and a conditional move, while the general wrap compiled to a
    /// five-instruction chain (`setb`, `shl`, two adds) on the loop-carried front index (measured:
    /// queue churn 1.9x slower than heapless's before this form, 27% more instructions).
    #[inline(always)]
    const fn next32(i: u32) -> u32 {
        let j = i + 1;
        if j == Self::CAP { 0 } else { j }
    }

    /// The slot before slot `i < N`: `i - 1`, or `N - 1` at the start of the buffer, in the form
    /// that compiles to a conditional move (see [`next32`](Self::next32)).
    #[inline(always)]
    const fn prev32(i: u32) -> u32 {
        if i == 0 {
            Self::CAP.wrapping_sub(1)
        } else {
            i - 1
        }
    }

    /// The slot `offset <= N` places after the front, computed in `u32` (`head + offset < 2^32`
    /// since `N < 2^31`): 32-bit arithmetic needs no zero extension before indexing on 64-bit
    /// targets, which the push and pop loops would otherwise pay on every step.
    #[inline(always)]
    const fn slot32(&self, offset: u32) -> usize {
        if Self::MASKED {
            return (self.head.wrapping_add(offset) & (Self::CAP - 1)) as usize;
        }
        let i = self.head32() + offset;
        (if i >= Self::CAP { i - Self::CAP } else { i }) as usize
    }

    #[inline(always)]
    pub(crate) const fn len(&self) -> usize {
        let len = self.len as usize;
        // SAFETY: the core's invariant.
        unsafe { core::hint::assert_unchecked(len <= N) };
        len
    }

    #[inline(always)]
    pub(crate) const fn head(&self) -> usize {
        let head = self.head32() as usize;
        // SAFETY: the core's invariant.
        unsafe { core::hint::assert_unchecked(head < N || head == 0) };
        head
    }

    /// The physical slot `offset` places after slot `base`: `base + offset`, wrapped once.
    ///
    /// Requires `base < N` (or `base == 0`) and `offset <= N`, so the sum is below `2 * N` and one
    /// conditional subtraction wraps it.
    #[inline(always)]
    pub(crate) const fn wrap_add(base: usize, offset: usize) -> usize {
        debug_assert!((base < N || base == 0) && offset <= N);
        let i = base + offset;
        if i >= N { i - N } else { i }
    }

    /// The physical slot `offset` places before slot `base`. Same requirements as
    /// [`wrap_add`](Self::wrap_add).
    #[inline(always)]
    pub(crate) const fn wrap_sub(base: usize, offset: usize) -> usize {
        debug_assert!((base < N || base == 0) && offset <= N);
        if base >= offset {
            base - offset
        } else {
            base + N - offset
        }
    }

    /// The physical slot of logical index `index <= N`.
    #[inline(always)]
    pub(crate) const fn physical(&self, index: usize) -> usize {
        Self::wrap_add(self.head(), index)
    }

    /// The physical pieces of the logical range `[start, end)` of a ring whose front is at slot
    /// `head`. Requires `start <= end <= N`.
    #[inline(always)]
    pub(crate) const fn pieces(head: usize, start: usize, end: usize) -> Pieces {
        debug_assert!(start <= end && end <= N);
        let at = Self::wrap_add(head, start);
        let count = end - start;
        let room = N - at;
        let first = if count < room { count } else { room };
        Pieces {
            at,
            first,
            second: count - first,
        }
    }

    #[inline(always)]
    pub(crate) const fn as_ptr(&self) -> *const T {
        self.buf.as_ptr().cast()
    }

    #[inline(always)]
    pub(crate) const fn as_mut_ptr(&mut self) -> *mut T {
        self.buf.as_mut_ptr().cast()
    }

    /// Pointer to the buffer of the core behind `this`, without creating a reference (so it does
    /// not retag, and does not invalidate slices handed out earlier through the same raw pointer,
    /// under Stacked Borrows).
    ///
    /// # Safety
    ///
    /// - `this` points to a live `RingCore`.
    #[inline(always)]
    pub(crate) const unsafe fn raw_buf(this: *mut Self) -> *mut T {
        // SAFETY: `this` is live (caller); `&raw mut` projects to the field without a reference.
        unsafe { (&raw mut (*this).buf).cast::<T>() }
    }

    /// Sets the length without touching the buffer.
    ///
    /// # Safety
    ///
    /// - `len <= N`;
    /// - the `len` slots from `head` are initialized;
    /// - values that leave the range are considered moved out or dropped by the caller.
    #[inline(always)]
    pub(crate) const unsafe fn set_len(&mut self, len: usize) {
        debug_assert!(len <= N);
        // `len <= N <= u32::MAX`: lossless.
        self.len = len as u32;
    }

    /// Sets the front slot without touching the buffer.
    ///
    /// # Safety
    ///
    /// - `head < N`, or `head == 0`;
    /// - the `len` slots from the new `head` are initialized.
    #[inline(always)]
    pub(crate) const unsafe fn set_head(&mut self, head: usize) {
        debug_assert!(head < N || head == 0);
        // `head < N <= u32::MAX`: lossless.
        self.head = head as u32;
    }

    /// The values front to back, as two slices: from the front up to the end of the buffer, then
    /// the part that wrapped to its start (empty unless the values wrap).
    #[inline]
    pub(crate) const fn as_slices(&self) -> (&[T], &[T]) {
        self.range_slices(0, self.len())
    }

    /// The logical range `[start, end)` as two slices. Requires `start <= end <= len`.
    #[inline]
    pub(crate) const fn range_slices(&self, start: usize, end: usize) -> (&[T], &[T]) {
        debug_assert!(start <= end && end <= self.len());
        let p = Self::pieces(self.head(), start, end);
        let base = self.as_ptr();
        // SAFETY: the two pieces are the physical slots of logical `[start, end)`, inside `buf`
        // and initialized (`end <= len`, the invariant).
        unsafe {
            (
                core::slice::from_raw_parts(base.add(p.at), p.first),
                core::slice::from_raw_parts(base, p.second),
            )
        }
    }

    /// The values front to back as two mutable slices; see [`as_slices`](Self::as_slices).
    #[inline]
    pub(crate) const fn as_mut_slices(&mut self) -> (&mut [T], &mut [T]) {
        self.range_slices_mut(0, self.len())
    }

    /// The logical range `[start, end)` as two mutable slices. Requires `start <= end <= len`.
    #[inline]
    pub(crate) const fn range_slices_mut(
        &mut self,
        start: usize,
        end: usize,
    ) -> (&mut [T], &mut [T]) {
        debug_assert!(start <= end && end <= self.len());
        let p = Self::pieces(self.head(), start, end);
        let base = self.as_mut_ptr();
        // SAFETY: as in `range_slices`; the pieces are disjoint (`[at, at + first)` ends at most at
        // `N` and `[0, second)` ends before `at`, since `first + second <= N`), and both come from
        // one pointer derived from `&mut self`.
        unsafe {
            (
                core::slice::from_raw_parts_mut(base.add(p.at), p.first),
                core::slice::from_raw_parts_mut(base, p.second),
            )
        }
    }

    /// Appends `value` at the back without checking capacity.
    ///
    /// # Safety
    ///
    /// - `self.len() < N`.
    #[inline(always)]
    pub(crate) const unsafe fn push_back_unchecked(&mut self, value: T) {
        debug_assert!(self.len() < N);
        let at = self.slot32(self.len32());
        // SAFETY: `len < N` (caller): the slot after the back is inside `buf` and uninitialized.
        unsafe { self.as_mut_ptr().add(at).write(value) };
        self.len += 1;
    }

    /// Prepends `value` at the front without checking capacity.
    ///
    /// # Safety
    ///
    /// - `self.len() < N`.
    #[inline(always)]
    pub(crate) const unsafe fn push_front_unchecked(&mut self, value: T) {
        debug_assert!(self.len() < N);
        let at = self.retreat_head();
        // SAFETY: `len < N` (caller), so `N >= 1` and the slot before the old front is inside
        // `buf` and uninitialized.
        unsafe { self.as_mut_ptr().add(at as usize).write(value) };
        self.len += 1;
    }

    #[inline(always)]
    pub(crate) fn try_push_back(&mut self, value: T) -> Result<(), CapacityError<T>> {
        if self.len() < N {
            // SAFETY: checked `len < N`.
            unsafe { self.push_back_unchecked(value) };
            Ok(())
        } else {
            Err(CapacityError::new(value, N))
        }
    }

    #[inline(always)]
    pub(crate) fn try_push_front(&mut self, value: T) -> Result<(), CapacityError<T>> {
        if self.len() < N {
            // SAFETY: checked `len < N`.
            unsafe { self.push_front_unchecked(value) };
            Ok(())
        } else {
            Err(CapacityError::new(value, N))
        }
    }

    /// Appends `value` at the back; when full, replaces the front value with it instead and
    /// returns the replaced one (the ring's overwriting push). With `N == 0`, returns `value`.
    #[inline(always)]
    pub(crate) fn push_overwrite(&mut self, value: T) -> Option<T> {
        if self.len() < N {
            // SAFETY: checked `len < N`.
            unsafe { self.push_back_unchecked(value) };
            None
        } else if N == 0 {
            Some(value)
        } else {
            // Full: the slot after the back is the front slot. The new value takes it and becomes
            // the back; the front moves one slot on.
            let head = self.advance_head();
            // SAFETY: `N >= 1` and `len == N`, so slot `head` holds the initialized front value,
            // which is read out exactly once as the new value is written in its place.
            Some(unsafe { ptr::replace(self.as_mut_ptr().add(head as usize), value) })
        }
    }

    #[inline(always)]
    pub(crate) fn pop_front(&mut self) -> Option<T> {
        if self.len() == 0 {
            return None;
        }
        let head = self.advance_head();
        self.len -= 1;
        // SAFETY: the front slot was initialized; moving `head` past it first hands its ownership
        // to us, so it is read exactly once.
        Some(unsafe { self.as_ptr().add(head as usize).read() })
    }

    #[inline(always)]
    pub(crate) fn pop_back(&mut self) -> Option<T> {
        if self.len() == 0 {
            return None;
        }
        self.len -= 1;
        let at = self.slot32(self.len32());
        // SAFETY: the back slot was initialized; lowering `len` first hands its ownership to us.
        Some(unsafe { self.as_ptr().add(at).read() })
    }

    /// Copies `count` values from the `count` slots starting at physical slot `src` to the
    /// `count` slots starting at `dst`, both ranges wrapping at `N`, with the semantics of
    /// `ptr::copy` (as if through a temporary buffer).
    ///
    /// On a ring, "as if through a temporary" is only achievable in place when the ranges leave
    /// room to go round: with `d` the distance from `src` forwards to `dst`, copying back to front
    /// is correct when `count + d <= N` (no write lands on a source value not yet read), and
    /// front to back when `count + (N - d) <= N`. The copy is split into at most three pieces
    /// where neither range wraps, each a `ptr::copy`, done in the order that is correct.
    ///
    /// # Safety
    ///
    /// - `base` points to a buffer of `N` slots of `T`, valid for reads and writes;
    /// - `src < N` and `dst < N` (or both 0), `count <= N`;
    /// - `count + d <= N` or `count <= d`, where `d` is the forward distance from `src` to `dst`;
    /// - the source slots are initialized; afterwards the caller treats the destination slots as
    ///   the owners of the values, and the source slots outside the destination as moved out.
    #[inline]
    pub(crate) unsafe fn wrap_copy(base: *mut T, src: usize, dst: usize, count: usize) {
        if src == dst || count == 0 {
            return;
        }
        let (src_wrap, dst_wrap) = (N - src, N - dst);
        if count <= src_wrap && count <= dst_wrap {
            // The common case: neither range crosses the end of the buffer, one `ptr::copy`.
            // SAFETY: both ranges are inside the buffer (caller: `src, dst < N`); `ptr::copy`
            // allows them to overlap.
            unsafe { ptr::copy(base.add(src), base.add(dst), count) };
            return;
        }
        let d = Self::wrap_sub(dst, src);
        let backwards = count + d <= N;
        debug_assert!(backwards || count <= d);
        // The logical offsets where the source and the destination wrap cut the copy into pieces
        // where both are contiguous.
        let (lo, hi) = if src_wrap < dst_wrap {
            (src_wrap, dst_wrap)
        } else {
            (dst_wrap, src_wrap)
        };
        let cuts = [0, lo.min(count), hi.min(count), count];
        let piece = |k: usize| {
            let (a, b) = (cuts[k], cuts[k + 1]);
            if a < b {
                // SAFETY: inside the piece `[a, b)` neither range crosses `N`, so both are
                // contiguous runs of slots inside the buffer (caller: `src, dst < N`,
                // `count <= N`); `ptr::copy` allows them to overlap.
                unsafe {
                    ptr::copy(
                        base.add(Self::wrap_add(src, a)),
                        base.add(Self::wrap_add(dst, a)),
                        b - a,
                    );
                }
            }
        };
        if backwards {
            piece(2);
            piece(1);
            piece(0);
        } else {
            piece(0);
            piece(1);
            piece(2);
        }
    }

    /// Drops the values at the logical range `[start, end)` of a ring whose front is at slot
    /// `head`. If a destructor panics, the rest of the range is still dropped (the slice drop glue
    /// continues within a piece, and a guard drops the second piece).
    ///
    /// # Safety
    ///
    /// - `base` points to a buffer of `N` slots of `T`;
    /// - `start <= end <= N`, and the slots of the range are initialized;
    /// - the values are no longer owned by anything else (the caller lowered a length first), so
    ///   each is dropped exactly once.
    pub(crate) unsafe fn drop_range(base: *mut T, head: usize, start: usize, end: usize) {
        /// Drops the second piece, also while unwinding from a panic in the first.
        struct DropOnExit<T>(*mut [T]);
        impl<T> Drop for DropOnExit<T> {
            fn drop(&mut self) {
                // SAFETY: the second piece, initialized and owned by `drop_range` (its caller).
                unsafe { ptr::drop_in_place(self.0) };
            }
        }

        let p = Self::pieces(head, start, end);
        let second = DropOnExit(ptr::slice_from_raw_parts_mut(base, p.second));
        // SAFETY: the first piece is initialized and owned by us (caller); dropped once.
        unsafe {
            ptr::drop_in_place(ptr::slice_from_raw_parts_mut(base.add(p.at), p.first));
        }
        drop(second);
    }

    /// Drops the values from logical index `len` on and shortens the core. No-op if
    /// `len >= self.len()`.
    #[inline]
    pub(crate) fn truncate(&mut self, len: usize) {
        let old_len = self.len();
        if len >= old_len {
            return;
        }
        // Lower the length first: if a destructor panics, `drop_range` still drops the rest and
        // none is dropped twice. `len < old_len <= u32::MAX`: lossless.
        self.len = len as u32;
        // SAFETY: `[len, old_len)` was initialized and is now outside the length, owned by us.
        unsafe { Self::drop_range(self.as_mut_ptr(), self.head(), len, old_len) };
    }

    /// Drops every value and moves the front back to slot 0.
    #[inline]
    pub(crate) fn clear(&mut self) {
        self.truncate(0);
        self.head = 0;
    }

    /// Whether opening or closing a gap by one slot should move the `front` values before it
    /// rather than the `back` values after it: the fewer values, and on a tie the side whose
    /// move does not cross the end of the buffer (one `memmove` instead of two). Each side's move
    /// touches `count + 1` slots starting at its `*_span` slot (the lower of its first source and
    /// first destination slot). Measured on `remove(len / 2)` until empty from a wrapped deque:
    /// 1.5 `memmove` calls per remove with the plain "fewer values" rule, 1 with this one.
    #[inline(always)]
    const fn move_front(front_span: usize, front: usize, back_span: usize, back: usize) -> bool {
        if front != back {
            return front < back;
        }
        back + 1 > N - back_span && front < N - front_span
    }

    /// Inserts `value` at logical `index`, moving the values on the shorter side of it by one slot.
    ///
    /// Returns the value back if the core is full; panics (naming `operation`) if `index > len`.
    #[track_caller]
    pub(crate) fn try_insert(
        &mut self,
        operation: &'static str,
        index: usize,
        value: T,
    ) -> Result<(), CapacityError<T>> {
        let len = self.len();
        if index > len {
            index_out_of_bounds(operation, index, len);
        }
        if len == N {
            return Err(CapacityError::new(value, N));
        }
        let head = self.head();
        let base = self.as_mut_ptr();
        let at = Self::wrap_add(head, index);
        if Self::move_front(Self::wrap_sub(head, 1), index, at, len - index) {
            // The `index` values before the gap move one slot towards the front.
            let new_head = Self::wrap_sub(head, 1);
            // SAFETY: `len < N`, so `N >= 1` and one slot is free before the front; the copy moves
            // `index < N` values by one slot backwards (`count + 1 <= N`), then the vacated slot
            // (logical `index` from the new front) is written once.
            unsafe {
                Self::wrap_copy(base, head, new_head, index);
                base.add(Self::wrap_add(new_head, index)).write(value);
            }
            // `new_head < N`: lossless.
            self.head = new_head as u32;
        } else {
            // The `len - index` values from the gap on move one slot towards the back.
            // SAFETY: `len < N`: one slot is free after the back; the copy moves `len - index`
            // values forwards by one (`count + 1 <= N`), then slot `at` is written once.
            unsafe {
                Self::wrap_copy(base, at, Self::wrap_add(at, 1), len - index);
                base.add(at).write(value);
            }
        }
        self.len += 1;
        Ok(())
    }

    /// Removes and returns the value at logical `index`, closing the gap from the shorter side;
    /// `None` if `index >= len`.
    pub(crate) fn remove(&mut self, index: usize) -> Option<T> {
        let len = self.len();
        if index >= len {
            return None;
        }
        let head = self.head();
        let at = Self::wrap_add(head, index);
        let after = len - index - 1;
        let base = self.as_mut_ptr();
        let next = Self::wrap_add(at, 1);
        // SAFETY: slot `at` is initialized and read once. Then the shorter side moves one slot
        // over it (`count + 1 <= len <= N` either way), and the length drops by one, so every
        // other value has exactly one slot.
        unsafe {
            let value = base.add(at).read();
            if Self::move_front(head, index, at, after) {
                let new_head = Self::wrap_add(head, 1);
                Self::wrap_copy(base, head, new_head, index);
                self.set_head(new_head);
            } else {
                Self::wrap_copy(base, next, at, after);
            }
            self.len -= 1;
            Some(value)
        }
    }

    /// Moves the values so that they occupy contiguous slots, and returns them as one slice.
    ///
    /// O(len) when the free slots can take the shorter wrapped piece, else a rotation of the whole
    /// buffer, O(N) (then at most `min(pieces)` slots are free, so `N` is below `len + len / 2`).
    pub(crate) fn make_contiguous(&mut self) -> &mut [T] {
        let (head, len) = (self.head(), self.len());
        let first = N - head;
        if len > first {
            // Wrapped: the front piece `A` is `[head, N)`, the wrapped piece `B` is `[0, second)`.
            let second = len - first;
            let free = N - len;
            let base = self.as_mut_ptr();
            let new_head = if first <= free {
                // B moves up by `first` (staying below `head`, since `first <= free`), then A
                // goes to the start: `A B` from slot 0.
                // SAFETY: both moves stay inside `[0, N)`; the first may overlap itself
                // (`ptr::copy`), the second cannot overlap (`[0, first)` is free after the first
                // move). Each value ends in exactly one slot.
                unsafe {
                    ptr::copy(base, base.add(first), second);
                    ptr::copy_nonoverlapping(base.add(head), base, first);
                }
                0
            } else if second <= free {
                // A moves down to start at `second`, then B goes after it: `A B` from `second`.
                // SAFETY: `[second, len)` may overlap A's old slots (`ptr::copy`); B's new slots
                // `[len, len + second)` end at most at `N` (`second <= free`) and overlap
                // neither B's old slots nor A's new ones.
                unsafe {
                    ptr::copy(base.add(head), base.add(second), first);
                    ptr::copy_nonoverlapping(base, base.add(len), second);
                }
                second
            } else {
                // No room to move either piece at once: rotate the whole buffer (initialized or
                // not, as `MaybeUninit`) so that the front slot becomes slot 0.
                self.buf.rotate_left(head);
                0
            };
            // `new_head < N`: lossless.
            self.head = new_head as u32;
        }
        let head = self.head();
        // SAFETY: the `len` values now occupy `[head, head + len)` inside `buf`.
        unsafe { core::slice::from_raw_parts_mut(self.as_mut_ptr().add(head), len) }
    }

    /// Moves the first `n` values to the back (`n <= len`), moving whichever of `n` and
    /// `len - n` values is fewer.
    pub(crate) fn rotate_left(&mut self, n: usize) {
        let len = self.len();
        debug_assert!(n <= len);
        if n <= len - n {
            let (head, back) = (self.head(), self.physical(len));
            // SAFETY: the `n` front values move to the free slots after the back, forward by
            // `len`: `n <= len` makes this a valid `wrap_copy` (`count <= d`, or `d == 0` when
            // full, a no-op). Then the front moves past them.
            unsafe {
                Self::wrap_copy(self.as_mut_ptr(), head, back, n);
                self.set_head(Self::wrap_add(head, n));
            }
        } else {
            self.rotate_right(len - n);
        }
    }

    /// Moves the last `k` values to the front (`k <= len`), moving whichever of `k` and `len - k`
    /// values is fewer.
    pub(crate) fn rotate_right(&mut self, k: usize) {
        let len = self.len();
        debug_assert!(k <= len);
        if k <= len - k {
            let src = self.physical(len - k);
            let new_head = Self::wrap_sub(self.head(), k);
            // SAFETY: the last `k` values move to the `k` free slots before the front, forward by
            // `N - len` (`count + d = k + N - len <= N`). The front then moves to them.
            unsafe {
                Self::wrap_copy(self.as_mut_ptr(), src, new_head, k);
                self.set_head(new_head);
            }
        } else {
            self.rotate_left(len - k);
        }
    }

    /// Moves `count` values from `src` to the back.
    ///
    /// # Safety
    ///
    /// - `count <= N - self.len()`;
    /// - `src` is valid for `count` reads and does not overlap this core's buffer;
    /// - the caller treats the values at `src` as moved (it does not drop or use them again).
    #[inline]
    pub(crate) unsafe fn move_in_back(&mut self, src: *const T, count: usize) {
        let len = self.len();
        debug_assert!(count <= N - len);
        let p = Self::pieces(self.head(), len, len + count);
        let base = self.as_mut_ptr();
        // SAFETY: the two pieces are the free slots after the back (`len + count <= N`); the
        // source does not overlap them (caller).
        unsafe {
            ptr::copy_nonoverlapping(src, base.add(p.at), p.first);
            ptr::copy_nonoverlapping(src.add(p.first), base, p.second);
        }
        // `len + count <= N`: lossless.
        self.len = (len + count) as u32;
    }
}

/// `true` if the two sequences, each given as two slices, are equal element by element. Compares
/// slice against slice, cutting the longer pieces where the shorter end.
#[inline]
pub(crate) fn pieces_eq<T: PartialEq<U>, U>(lhs: (&[T], &[T]), rhs: (&[U], &[U])) -> bool {
    let ((mut a, mut b), (mut c, mut d)) = (lhs, rhs);
    if a.len() + b.len() != c.len() + d.len() {
        return false;
    }
    loop {
        if a.is_empty() {
            if b.is_empty() {
                return true;
            }
            (a, b) = (b, &[]);
        }
        if c.is_empty() {
            (c, d) = (d, &[]);
        }
        let n = a.len().min(c.len());
        if a[..n] != c[..n] {
            return false;
        }
        (a, c) = (&a[n..], &c[n..]);
    }
}
