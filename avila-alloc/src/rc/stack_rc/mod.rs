//! [`StackRc`] and [`StackWeak`]: single-threaded reference counting whose allocations are slots
//! of a fixed [`RcPool`], no heap.

#[cfg(test)]
mod tests;

use core::cell::{Cell, UnsafeCell};
use core::fmt;
use core::marker::PhantomData;
use core::mem::{ManuallyDrop, MaybeUninit};
use core::ops::Deref;

use crate::error::CapacityError;

/// One slot: the counts, the free-list link and the value.
struct RcSlot<T> {
    /// Strong references; 0 once the value is dropped (or the slot is free).
    strong: Cell<usize>,
    /// Weak references, plus one held by all the strong ones together while `strong > 0`
    /// (std's `Rc` convention): the slot is free when this reaches 0.
    weak: Cell<usize>,
    /// The next free slot (`N` for none) while the slot is free.
    next: Cell<u32>,
    value: UnsafeCell<MaybeUninit<T>>,
}

/// A fixed pool of `N` slots for reference-counted values of type `T`, for one thread: the
/// storage of [`StackRc`]s and [`StackWeak`]s, as the heap is for `Rc`.
///
/// Each [`rc`](Self::rc) takes one slot, which returns to the pool when the last `StackRc`
/// *and* the last `StackWeak` of it are gone (the value itself is dropped with the last
/// `StackRc`, like std's `Rc`). A full pool is an error that gives the value back.
///
/// ```
/// use avila_alloc::rc::{RcPool, StackRc};
///
/// let pool: RcPool<String, 4> = RcPool::new();
/// let a = pool.rc("shared".to_string()).unwrap();
/// let b = StackRc::clone(&a);
/// assert_eq!(StackRc::strong_count(&a), 2);
/// assert!(StackRc::ptr_eq(&a, &b));
/// drop(a);
/// assert_eq!(StackRc::try_unwrap(b).unwrap(), "shared");
/// assert_eq!(pool.len(), 0);
/// ```
pub struct RcPool<T, const N: usize> {
    slots: [RcSlot<T>; N],
    /// The first free slot (`N` for none) below `unused`.
    free: Cell<u32>,
    /// Slots at or beyond this index were never used (and are on no list).
    unused: Cell<u32>,
    /// Slots in use (held by a `StackRc` or a `StackWeak`).
    len: Cell<usize>,
}

impl<T, const N: usize> RcPool<T, N> {
    const CHECK: () = assert!(
        N < u32::MAX as usize,
        "RcPool holds fewer than u32::MAX slots"
    );

    /// An empty pool; nothing is written per slot.
    #[must_use]
    pub const fn new() -> Self {
        let () = Self::CHECK;
        Self {
            slots: [const {
                RcSlot {
                    strong: Cell::new(0),
                    weak: Cell::new(0),
                    next: Cell::new(0),
                    value: UnsafeCell::new(MaybeUninit::uninit()),
                }
            }; N],
            free: Cell::new(N as u32),
            unused: Cell::new(0),
            len: Cell::new(0),
        }
    }

    /// The number of slots, `N`.
    #[must_use]
    pub const fn capacity(&self) -> usize {
        N
    }

    /// Slots in use: held by at least one `StackRc` or `StackWeak`.
    #[must_use]
    pub fn len(&self) -> usize {
        self.len.get()
    }

    /// Whether no slot is in use.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len.get() == 0
    }

    /// Moves `value` into a free slot and returns its first strong reference. O(1).
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying `value` when all `N` slots are in use (a slot still held by a
    /// [`StackWeak`] is in use, although its value is gone).
    ///
    /// ```
    /// use avila_alloc::rc::RcPool;
    ///
    /// let pool: RcPool<u8, 1> = RcPool::new();
    /// let one = pool.rc(1).unwrap();
    /// assert_eq!(pool.rc(2).unwrap_err().element(), 2);
    /// drop(one);
    /// assert_eq!(*pool.rc(3).unwrap(), 3);
    /// ```
    pub fn rc(&self, value: T) -> Result<StackRc<'_, T, N>, CapacityError<T>> {
        let Some(index) = self.take() else {
            return Err(CapacityError::new(value, N));
        };
        let slot = &self.slots[index];
        // SAFETY: the slot was free: no reference reaches its value.
        unsafe { (*slot.value.get()).write(value) };
        slot.strong.set(1);
        slot.weak.set(1);
        Ok(StackRc::from_slot(self, index))
    }

    fn take(&self) -> Option<usize> {
        let free = self.free.get() as usize;
        let index = if free < N {
            self.free.set(self.slots[free].next.get());
            free
        } else {
            let unused = self.unused.get() as usize;
            if unused >= N {
                return None;
            }
            self.unused.set(unused as u32 + 1);
            unused
        };
        self.len.set(self.len.get() + 1);
        Some(index)
    }

    /// Returns slot `index` (value gone, no reference left) to the free list.
    fn release(&self, index: usize) {
        self.slots[index].next.set(self.free.get());
        self.free.set(index as u32);
        self.len.set(self.len.get() - 1);
    }

    /// Ends one strong reference of slot `index`: the last one drops the value (with the slot
    /// still counted, so the value's `Drop` may use the pool), then gives up the strong side's
    /// weak count.
    fn drop_strong(&self, index: usize) {
        let slot = &self.slots[index];
        let strong = slot.strong.get() - 1;
        slot.strong.set(strong);
        if strong == 0 {
            /// Gives up the implicit weak reference even if the value's drop panics.
            struct WeakRelease<'p, T, const N: usize>(&'p RcPool<T, N>, usize);
            impl<T, const N: usize> Drop for WeakRelease<'_, T, N> {
                fn drop(&mut self) {
                    self.0.drop_weak(self.1);
                }
            }
            let _release = WeakRelease(self, index);
            // SAFETY: this was the last strong reference: the value is initialized and nothing
            // reaches it any more (weak references fail to upgrade with `strong == 0`).
            unsafe { (*slot.value.get()).assume_init_drop() };
        }
    }

    /// Ends one weak count of slot `index`; frees the slot at zero.
    fn drop_weak(&self, index: usize) {
        let slot = &self.slots[index];
        let weak = slot.weak.get() - 1;
        slot.weak.set(weak);
        if weak == 0 {
            self.release(index);
        }
    }
}

impl<T, const N: usize> Default for RcPool<T, N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T, const N: usize> fmt::Debug for RcPool<T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RcPool")
            .field("len", &self.len())
            .field("capacity", &N)
            .finish()
    }
}

/// Adds one to a count; panics when it would overflow (only reachable by leaking references).
/// `#[inline]`: not generic, so without it every clone would be a call into this crate.
#[inline]
fn increment(count: &Cell<usize>) {
    let Some(more) = count.get().checked_add(1) else {
        panic!("reference count overflow in an RcPool slot")
    };
    count.set(more);
}

/// A strong reference to a value in an [`RcPool`]: std's `Rc` API, with the pool as the heap.
///
/// Not `Send` or `Sync`: the counts are plain cells.
pub struct StackRc<'p, T, const N: usize> {
    pool: &'p RcPool<T, N>,
    index: u32,
    /// Owns a share of a `T`.
    _owns: PhantomData<T>,
}

impl<'p, T, const N: usize> StackRc<'p, T, N> {
    fn from_slot(pool: &'p RcPool<T, N>, index: usize) -> Self {
        Self {
            pool,
            index: index as u32,
            _owns: PhantomData,
        }
    }

    fn slot(&self) -> &'p RcSlot<T> {
        &self.pool.slots[self.index as usize]
    }

    /// The number of strong references to the value.
    #[must_use]
    pub fn strong_count(this: &Self) -> usize {
        this.slot().strong.get()
    }

    /// The number of weak references to the value.
    #[must_use]
    pub fn weak_count(this: &Self) -> usize {
        this.slot().weak.get() - 1
    }

    /// Whether two references point to the same value (the same slot of the same pool).
    #[must_use]
    pub fn ptr_eq(this: &Self, other: &Self) -> bool {
        core::ptr::eq(this.pool, other.pool) && this.index == other.index
    }

    /// A pointer to the value.
    #[must_use]
    pub fn as_ptr(this: &Self) -> *const T {
        this.slot().value.get().cast_const().cast()
    }

    /// A weak reference to the value.
    ///
    /// ```
    /// use avila_alloc::rc::{RcPool, StackRc};
    ///
    /// let pool: RcPool<u8, 2> = RcPool::new();
    /// let strong = pool.rc(5).unwrap();
    /// let weak = StackRc::downgrade(&strong);
    /// assert_eq!(weak.upgrade().map(|s| *s), Some(5));
    /// drop(strong);
    /// assert!(weak.upgrade().is_none());
    /// ```
    #[must_use]
    pub fn downgrade(this: &Self) -> StackWeak<'p, T, N> {
        increment(&this.slot().weak);
        StackWeak {
            pool: this.pool,
            index: this.index,
            _owns: PhantomData,
        }
    }

    /// The value, mutably, if this is its only reference (strong or weak).
    ///
    /// ```
    /// use avila_alloc::rc::{RcPool, StackRc};
    ///
    /// let pool: RcPool<u8, 2> = RcPool::new();
    /// let mut a = pool.rc(1).unwrap();
    /// *StackRc::get_mut(&mut a).unwrap() += 1;
    /// let b = StackRc::clone(&a);
    /// assert!(StackRc::get_mut(&mut a).is_none());
    /// # drop(b);
    /// ```
    pub fn get_mut(this: &mut Self) -> Option<&mut T> {
        let slot = this.slot();
        if slot.strong.get() == 1 && slot.weak.get() == 1 {
            // SAFETY: this is the only reference of any kind, and `&mut this` keeps it so
            // while the returned reference lives.
            Some(unsafe { (*slot.value.get()).assume_init_mut() })
        } else {
            None
        }
    }

    /// The value, mutably: cloned into a new slot first if other strong references share it,
    /// or moved into a new slot if weak references remain (they then upgrade to nothing), as
    /// std's `Rc::make_mut` does.
    ///
    /// # Panics
    ///
    /// If a new slot is needed and the pool is full; [`try_make_mut`](Self::try_make_mut)
    /// returns an error instead.
    ///
    /// ```
    /// use avila_alloc::rc::{RcPool, StackRc};
    ///
    /// let pool: RcPool<Vec<u8>, 2> = RcPool::new();
    /// let mut a = pool.rc(vec![1]).unwrap();
    /// let b = StackRc::clone(&a);
    /// StackRc::make_mut(&mut a).push(2); // `a` gets its own copy
    /// assert_eq!((&**a, &**b), (&[1, 2][..], &[1][..]));
    /// ```
    #[track_caller]
    pub fn make_mut(this: &mut Self) -> &mut T
    where
        T: Clone,
    {
        match Self::try_make_mut(this) {
            Ok(value) => value,
            Err(error) => panic!("StackRc::make_mut needs a new slot: {error}"),
        }
    }

    /// [`make_mut`](Self::make_mut), with a full pool as an error.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] if a new slot was needed and every slot is in use; `this` is then
    /// unchanged.
    pub fn try_make_mut(this: &mut Self) -> Result<&mut T, CapacityError>
    where
        T: Clone,
    {
        let slot = this.slot();
        if slot.strong.get() != 1 {
            let copy = T::clone(this);
            let fresh = this.pool.rc(copy).map_err(CapacityError::simplify)?;
            *this = fresh; // drops this strong reference of the shared value
        } else if slot.weak.get() != 1 {
            let Some(index) = this.pool.take() else {
                return Err(CapacityError::new((), N));
            };
            // Move the value out; the old slot keeps only its weak references.
            slot.strong.set(0);
            // SAFETY: this was the only strong reference: the value is initialized and is read
            // once (the old slot's strong count is now 0, so it is never dropped there).
            let value = unsafe { (*slot.value.get()).assume_init_read() };
            this.pool.drop_weak(this.index as usize);
            let fresh = &this.pool.slots[index];
            // SAFETY: `index` was just taken: free.
            unsafe { (*fresh.value.get()).write(value) };
            fresh.strong.set(1);
            fresh.weak.set(1);
            // Replace without running `Drop` of the old handle (its count is settled above).
            let old = core::mem::replace(this, Self::from_slot(this.pool, index));
            core::mem::forget(old);
        }
        Ok(Self::get_mut(this).expect("a unique reference after make_mut"))
    }

    /// The value, if this is its only strong reference (weak references then upgrade to
    /// nothing); otherwise `this` back.
    ///
    /// # Errors
    ///
    /// `this` when other strong references exist.
    pub fn try_unwrap(this: Self) -> Result<T, Self> {
        let slot = this.slot();
        if slot.strong.get() != 1 {
            return Err(this);
        }
        let this = ManuallyDrop::new(this);
        slot.strong.set(0);
        // SAFETY: the last strong reference: the value is initialized and read once (the
        // strong count is 0, so nothing drops it again).
        let value = unsafe { (*slot.value.get()).assume_init_read() };
        this.pool.drop_weak(this.index as usize);
        Ok(value)
    }

    /// The value if this is its last strong reference, else `None` (the reference is dropped),
    /// like std's `Rc::into_inner`.
    pub fn into_inner(this: Self) -> Option<T> {
        Self::try_unwrap(this).ok()
    }

    /// The value if this is its last strong reference, else a clone of it.
    pub fn unwrap_or_clone(this: Self) -> T
    where
        T: Clone,
    {
        Self::try_unwrap(this).unwrap_or_else(|shared| T::clone(&shared))
    }
}

impl<T, const N: usize> Clone for StackRc<'_, T, N> {
    /// One more strong reference (no new slot).
    fn clone(&self) -> Self {
        increment(&self.slot().strong);
        Self::from_slot(self.pool, self.index as usize)
    }
}

impl<T, const N: usize> Drop for StackRc<'_, T, N> {
    fn drop(&mut self) {
        self.pool.drop_strong(self.index as usize);
    }
}

impl<T, const N: usize> Deref for StackRc<'_, T, N> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: a strong reference keeps the value initialized; `&mut` to it is only given
        // out by `get_mut`/`make_mut` to the unique reference, which this is not while borrowed.
        unsafe { (*self.slot().value.get()).assume_init_ref() }
    }
}

forward_to_value!(StackRc);

/// A weak reference to a value in an [`RcPool`], from [`StackRc::downgrade`]: keeps the slot
/// (not the value) and [`upgrade`](Self::upgrade)s to a [`StackRc`] while the value lives.
pub struct StackWeak<'p, T, const N: usize> {
    pool: &'p RcPool<T, N>,
    index: u32,
    _owns: PhantomData<T>,
}

impl<'p, T, const N: usize> StackWeak<'p, T, N> {
    fn slot(&self) -> &'p RcSlot<T> {
        &self.pool.slots[self.index as usize]
    }

    /// A strong reference, if the value has not been dropped.
    #[must_use]
    pub fn upgrade(&self) -> Option<StackRc<'p, T, N>> {
        let slot = self.slot();
        if slot.strong.get() == 0 {
            return None;
        }
        increment(&slot.strong);
        Some(StackRc::from_slot(self.pool, self.index as usize))
    }

    /// The number of strong references to the value (0 once it is dropped).
    #[must_use]
    pub fn strong_count(&self) -> usize {
        self.slot().strong.get()
    }

    /// The number of weak references (0 once the value is dropped, like std's `Weak`).
    #[must_use]
    pub fn weak_count(&self) -> usize {
        let slot = self.slot();
        if slot.strong.get() == 0 {
            0
        } else {
            slot.weak.get() - 1
        }
    }

    /// Whether two weak references point to the same slot of the same pool.
    #[must_use]
    pub fn ptr_eq(&self, other: &Self) -> bool {
        core::ptr::eq(self.pool, other.pool) && self.index == other.index
    }
}

impl<T, const N: usize> Clone for StackWeak<'_, T, N> {
    fn clone(&self) -> Self {
        increment(&self.slot().weak);
        Self {
            pool: self.pool,
            index: self.index,
            _owns: PhantomData,
        }
    }
}

impl<T, const N: usize> Drop for StackWeak<'_, T, N> {
    fn drop(&mut self) {
        self.pool.drop_weak(self.index as usize);
    }
}

impl<T, const N: usize> fmt::Debug for StackWeak<'_, T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(StackWeak)")
    }
}
