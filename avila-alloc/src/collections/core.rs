//! `ArrayCore<T, N>`: the raw core shared by [`StackVec`](super::StackVec) and
//! [`StackString`](super::StackString).
//!
//! It owns an inline buffer and a length and keeps one invariant: **`buf[..len]` is initialized
//! and `len <= N`**. It never drops anything on its own (it has no `Drop` impl), which lets
//! `StackString` be `Copy`; `StackVec` adds the `Drop` impl. All pointer arithmetic of the two
//! containers happens here or in the few drop-aware algorithms of `StackVec` (retain, dedup,
//! drain), each with its own `// SAFETY:` argument.

use core::mem::MaybeUninit;
use core::ptr;

use crate::error::{CapacityError, capacity_overflow};

/// Inline storage for up to `N` values of `T`, the first `len` of them initialized.
///
/// `#[repr(C)]` with a `u32` length **first** is a performance decision, measured: with `len`
/// before the buffer and a zero-extended (so provably non-negative) element index, LLVM can prove
/// that element loads and stores never touch `len`, keeps `len` in a register across loops of
/// `push`/`pop`, and vectorizes them. With the default layout (`len` after the buffer) or a
/// `usize` length it could not (push-to-full of 256 `u32`s: 166 ns vs 23 ns). The capacity limit
/// this implies (`N <= u32::MAX`) is checked at compile time in [`ArrayCore::new`].
#[repr(C)]
pub(crate) struct ArrayCore<T, const N: usize> {
    len: u32,
    buf: [MaybeUninit<T>; N],
}

impl<T: Copy, const N: usize> Clone for ArrayCore<T, N> {
    #[inline]
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Copy, const N: usize> Copy for ArrayCore<T, N> {}

impl<T, const N: usize> ArrayCore<T, N> {
    #[inline]
    pub(crate) const fn new() -> Self {
        const { assert!(N <= u32::MAX as usize, "the capacity N must fit in a u32") };
        Self {
            len: 0,
            buf: [const { MaybeUninit::uninit() }; N],
        }
    }

    /// Makes the core behind `this` empty in place: writes the length and leaves the buffer
    /// alone. The in-place form of [`new`](Self::new), for containers built inside a larger
    /// value that should not be assembled on the stack and then copied (`StackHashMap`).
    ///
    /// # Safety
    ///
    /// - `this` is valid for writes and aligned; whatever it held is overwritten, not dropped.
    #[inline(always)]
    pub(crate) const unsafe fn init_empty(this: *mut Self) {
        const { assert!(N <= u32::MAX as usize, "the capacity N must fit in a u32") };
        // SAFETY: `this` is valid for writes (caller); `&raw mut` projects to the field without
        // creating a reference to the uninitialized core.
        unsafe { (&raw mut (*this).len).write(0) };
    }

    /// Builds a core holding all `M` values of `array` (`M <= N`, checked at compile time).
    #[inline]
    pub(crate) const fn from_array<const M: usize>(array: [T; M]) -> Self {
        const { assert!(M <= N, "array is longer than the capacity N") };
        let mut core = Self::new();
        let array = core::mem::ManuallyDrop::new(array);
        // SAFETY: `array` is valid for `M` reads of `T` and is never dropped (ManuallyDrop), so the
        // values are moved, not duplicated; `core.buf` has room for `M <= N` values and does not
        // overlap the local `array`.
        unsafe {
            let src = (&raw const array).cast::<T>();
            ptr::copy_nonoverlapping(src, core.buf.as_mut_ptr().cast::<T>(), M);
        }
        core.len = M as u32;
        core
    }

    #[inline(always)]
    pub(crate) const fn len(&self) -> usize {
        self.len as usize
    }

    /// Sets the length without touching the buffer.
    ///
    /// # Safety
    ///
    /// - `len <= N`;
    /// - `buf[..len]` is initialized (values past the old length were written by the caller);
    /// - values in `buf[len..old_len]` are considered moved out or dropped by the caller.
    #[inline(always)]
    pub(crate) const unsafe fn set_len(&mut self, len: usize) {
        debug_assert!(len <= N);
        // `len <= N <= u32::MAX`: the cast is lossless.
        self.len = len as u32;
    }

    #[inline(always)]
    pub(crate) const fn as_ptr(&self) -> *const T {
        self.buf.as_ptr().cast()
    }

    #[inline(always)]
    pub(crate) const fn as_mut_ptr(&mut self) -> *mut T {
        self.buf.as_mut_ptr().cast()
    }

    /// Pointer to the buffer of the core behind `this`, without creating a reference (so
    /// it does not retag, and does not invalidate slices handed out earlier through the same
    /// raw pointer, under Stacked Borrows).
    ///
    /// # Safety
    ///
    /// - `this` points to a live `ArrayCore`.
    #[inline(always)]
    pub(crate) const unsafe fn raw_buf(this: *mut Self) -> *mut T {
        // SAFETY: `this` is live (caller); `&raw mut` projects to the field without a reference.
        unsafe { (&raw mut (*this).buf).cast::<T>() }
    }

    #[inline(always)]
    pub(crate) const fn as_slice(&self) -> &[T] {
        // SAFETY: `buf[..len]` is initialized (the core's invariant) and lies inside `buf`.
        unsafe { core::slice::from_raw_parts(self.as_ptr(), self.len()) }
    }

    #[inline(always)]
    pub(crate) const fn as_mut_slice(&mut self) -> &mut [T] {
        // SAFETY: as in `as_slice`; `&mut self` makes the access unique.
        unsafe { core::slice::from_raw_parts_mut(self.as_mut_ptr(), self.len()) }
    }

    #[inline]
    pub(crate) fn spare_capacity_mut(&mut self) -> &mut [MaybeUninit<T>] {
        let len = self.len();
        // SAFETY: `len <= N`, so the range is in bounds.
        unsafe { self.buf.get_unchecked_mut(len..) }
    }

    /// Appends `value` without checking capacity.
    ///
    /// # Safety
    ///
    /// - `self.len() < N`.
    #[inline(always)]
    pub(crate) const unsafe fn push_unchecked(&mut self, value: T) {
        debug_assert!(self.len() < N);
        // SAFETY: `len < N` (caller), so the slot is inside `buf` and uninitialized.
        unsafe { self.as_mut_ptr().add(self.len()).write(value) };
        self.len += 1;
    }

    #[inline(always)]
    pub(crate) fn try_push(&mut self, value: T) -> Result<(), CapacityError<T>> {
        if self.len() < N {
            // SAFETY: checked `len < N`.
            unsafe { self.push_unchecked(value) };
            Ok(())
        } else {
            Err(CapacityError::new(value, N))
        }
    }

    #[inline(always)]
    pub(crate) fn pop(&mut self) -> Option<T> {
        if self.len == 0 {
            return None;
        }
        self.len -= 1;
        // SAFETY: the slot at the old `len - 1` was initialized; lowering `len` first hands its
        // ownership to us, so it is read exactly once.
        Some(unsafe { self.as_ptr().add(self.len()).read() })
    }

    /// Inserts `value` at `index`, shifting the tail right.
    ///
    /// Returns the value back if the core is full; panics (naming `operation`) if `index > len`.
    #[inline]
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
        // SAFETY: `index <= len < N`: the tail `[index, len)` moves one slot up, staying inside
        // `buf`; `ptr::copy` allows the overlap. The vacated slot is then written once.
        unsafe {
            let p = self.as_mut_ptr().add(index);
            ptr::copy(p, p.add(1), len - index);
            p.write(value);
        }
        self.len += 1;
        Ok(())
    }

    /// Removes and returns the value at `index`, shifting the tail left. Panics (naming
    /// `operation`) if out of bounds.
    #[inline]
    #[track_caller]
    pub(crate) fn remove(&mut self, operation: &'static str, index: usize) -> T {
        let len = self.len();
        if index >= len {
            index_out_of_bounds(operation, index, len);
        }
        // SAFETY: `index < len`: the slot is initialized and read once; the tail `[index + 1,
        // len)` then moves down over it, and `len` drops by one, so no value is duplicated.
        unsafe {
            let p = self.as_mut_ptr().add(index);
            let value = p.read();
            ptr::copy(p.add(1), p, len - index - 1);
            self.len -= 1;
            value
        }
    }

    /// Removes the value at `index` and replaces it with the last one. Panics (naming
    /// `operation`) if out of bounds.
    #[inline]
    #[track_caller]
    pub(crate) fn swap_remove(&mut self, operation: &'static str, index: usize) -> T {
        let len = self.len();
        if index >= len {
            index_out_of_bounds(operation, index, len);
        }
        // SAFETY: `index < len`: read the value out, then move the last value into its slot
        // (`copy` handles `index == len - 1`, a self-copy), and forget the last slot.
        unsafe {
            let base = self.as_mut_ptr();
            let value = base.add(index).read();
            ptr::copy(base.add(len - 1), base.add(index), 1);
            self.len -= 1;
            value
        }
    }

    /// Drops the values past `len` and shortens the core. No-op if `len >= self.len()`.
    #[inline]
    pub(crate) fn truncate(&mut self, len: usize) {
        let old_len = self.len();
        if len >= old_len {
            return;
        }
        // Lower the length first: if a destructor panics, the remaining values of the tail are
        // still dropped by the slice's drop glue and none is dropped twice.
        // `len < old_len <= u32::MAX`: lossless.
        self.len = len as u32;
        // SAFETY: `[len, old_len)` was initialized and is now outside the length, owned by us.
        unsafe {
            let tail = ptr::slice_from_raw_parts_mut(self.as_mut_ptr().add(len), old_len - len);
            ptr::drop_in_place(tail);
        }
    }

    /// Appends `count` values, the `i`-th made by `make(base, i)` where `base` points at the
    /// buffer (so `extend_from_within` can read the vector's own values).
    ///
    /// The length grows with every value written: if `make` panics, the values made so far stay
    /// and none is dropped twice. The length lives in a local while looping (std's
    /// `SetLenOnDrop`), so for `Copy`-like clones the loop compiles to a `memcpy`.
    ///
    /// # Safety
    ///
    /// - `self.len() + count <= N`;
    /// - `make` reads through `base` only below the length at the time of the call.
    #[inline]
    pub(crate) unsafe fn extend_with(
        &mut self,
        count: usize,
        mut make: impl FnMut(*const T, usize) -> T,
    ) {
        struct SetLenOnDrop<'a> {
            len: &'a mut u32,
            local: usize,
        }
        impl Drop for SetLenOnDrop<'_> {
            #[inline]
            fn drop(&mut self) {
                // `local <= N <= u32::MAX`: lossless.
                *self.len = self.local as u32;
            }
        }

        debug_assert!(count <= N - self.len());
        // `buf` and `len` are borrowed as disjoint fields: `base` stays valid while the guard
        // holds `&mut len`.
        let base = self.buf.as_mut_ptr().cast::<T>();
        let local = self.len();
        let mut guard = SetLenOnDrop {
            len: &mut self.len,
            local,
        };
        for i in 0..count {
            let value = make(base, i);
            // SAFETY: `guard.local < old_len + count <= N` (caller), an uninitialized slot.
            unsafe { base.add(guard.local).write(value) };
            guard.local += 1;
        }
    }

    /// Moves the tail `[end, len)` down to `start`, closing the gap `[start, end)`.
    ///
    /// # Safety
    ///
    /// - `start <= end <= self.len()`;
    /// - the values in `[start, end)` were already moved out or dropped.
    #[inline]
    pub(crate) unsafe fn close_gap(&mut self, start: usize, end: usize) {
        let len = self.len();
        debug_assert!(start <= end && end <= len);
        // SAFETY: both ranges lie in `[0, len)`; `ptr::copy` handles the overlap.
        unsafe {
            let base = self.as_mut_ptr();
            ptr::copy(base.add(end), base.add(start), len - end);
        }
        // `len - (end - start) < len`: lossless.
        self.len = (len - (end - start)) as u32;
    }
}

impl<T: Copy, const N: usize> ArrayCore<T, N> {
    /// Appends all of `items` or nothing.
    #[inline]
    pub(crate) const fn try_extend_from_slice_copy(
        &mut self,
        items: &[T],
    ) -> Result<(), CapacityError> {
        let len = self.len();
        // `len + items.len()` cannot overflow for sized `T` (`len <= N` and both are bounded by
        // what fits in memory); the sum form lets LLVM merge this test with a caller's identical
        // one. Zero-sized slices can be `usize::MAX` long, so they get the subtraction.
        let fits = if size_of::<T>() == 0 {
            items.len() <= N - len
        } else {
            len + items.len() <= N
        };
        if !fits {
            return Err(CapacityError::new((), N));
        }
        // SAFETY: `len + items.len() <= N`; `items` is a shared borrow and cannot alias `buf`,
        // which we borrow mutably. `T: Copy`, so copying bitwise is a clone.
        unsafe {
            ptr::copy_nonoverlapping(items.as_ptr(), self.as_mut_ptr().add(len), items.len());
        }
        // `len + items.len() <= N`: lossless.
        self.len = (len + items.len()) as u32;
        Ok(())
    }

    /// Inserts all of `items` at `index` or nothing. Panics (naming `operation`) if
    /// `index > len`.
    #[inline]
    #[track_caller]
    pub(crate) fn try_insert_slice_copy(
        &mut self,
        operation: &'static str,
        index: usize,
        items: &[T],
    ) -> Result<(), CapacityError> {
        let len = self.len();
        if index > len {
            index_out_of_bounds(operation, index, len);
        }
        let count = items.len();
        if count > N - len {
            return Err(CapacityError::new((), N));
        }
        // SAFETY: `index <= len` and `len + count <= N`: the tail `[index, len)` moves up by
        // `count` inside `buf` (`copy` allows overlap), then the gap is filled from `items`, which
        // cannot alias our mutably borrowed buffer.
        unsafe {
            let p = self.as_mut_ptr().add(index);
            ptr::copy(p, p.add(count), len - index);
            ptr::copy_nonoverlapping(items.as_ptr(), p, count);
        }
        // `len + count <= N`: lossless.
        self.len = (len + count) as u32;
        Ok(())
    }

    /// Appends all of `items`, panicking (naming `operation`) when they do not fit.
    #[inline]
    #[track_caller]
    pub(crate) fn extend_from_slice_copy(&mut self, operation: &'static str, items: &[T]) {
        if self.try_extend_from_slice_copy(items).is_err() {
            capacity_overflow(operation, N, self.len().saturating_add(items.len()));
        }
    }
}

/// Panics for an index past the end; shared, cold and out of line.
#[cold]
#[inline(never)]
#[track_caller]
pub(crate) fn index_out_of_bounds(operation: &'static str, index: usize, len: usize) -> ! {
    panic!("{operation}: index {index} out of bounds (len {len})")
}

/// Resolves a `RangeBounds` against `len`, panicking like slice indexing when it is invalid.
#[inline]
#[track_caller]
pub(crate) fn resolve_range(
    range: impl core::ops::RangeBounds<usize>,
    len: usize,
) -> core::ops::Range<usize> {
    use core::ops::Bound;
    let start = match range.start_bound() {
        Bound::Included(&s) => s,
        Bound::Excluded(&s) => s.checked_add(1).unwrap_or_else(|| range_overflow()),
        Bound::Unbounded => 0,
    };
    let end = match range.end_bound() {
        Bound::Included(&e) => e.checked_add(1).unwrap_or_else(|| range_overflow()),
        Bound::Excluded(&e) => e,
        Bound::Unbounded => len,
    };
    if start > end {
        range_order_fail(start, end);
    }
    if end > len {
        range_end_fail(end, len);
    }
    start..end
}

#[cold]
#[inline(never)]
#[track_caller]
fn range_overflow() -> ! {
    panic!("range bound overflows usize")
}

#[cold]
#[inline(never)]
#[track_caller]
fn range_order_fail(start: usize, end: usize) -> ! {
    panic!("range starts at {start} but ends at {end}")
}

#[cold]
#[inline(never)]
#[track_caller]
fn range_end_fail(end: usize, len: usize) -> ! {
    panic!("range end {end} out of range for length {len}")
}
