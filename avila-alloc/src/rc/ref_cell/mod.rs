//! [`StackRefCell<T>`]: std's `RefCell` whose borrow conflicts say where the borrow still held was
//! taken.

mod borrows;
#[cfg(test)]
mod tests;

use core::cell::UnsafeCell;
use core::cmp::Ordering;
use core::fmt;
use core::marker::PhantomData;
use core::ops::{Deref, DerefMut};
use core::panic::Location;
use core::ptr::NonNull;

use self::borrows::Borrows;
pub use self::borrows::{BorrowError, BorrowMutError, BorrowState, Holders};

/// A mutable memory location with dynamically checked borrow rules, like
/// [`core::cell::RefCell`], that remembers *where* each borrow was taken.
///
/// When a borrow is refused, std's `RefCell` says only "already borrowed". `StackRefCell` names
/// the source location of the borrow still held, in the panic message of
/// [`borrow`](Self::borrow)/[`borrow_mut`](Self::borrow_mut) and in the errors of
/// [`try_borrow`](Self::try_borrow)/[`try_borrow_mut`](Self::try_borrow_mut):
///
/// ```should_panic
/// use avila_alloc::rc::StackRefCell;
///
/// let cell = StackRefCell::new(vec![1, 2, 3]);
/// let first = cell.borrow();
/// // ... much later, somewhere else:
/// cell.borrow_mut().push(4);
/// // panics: "StackRefCell cannot be borrowed mutably: it is borrowed (taken at src/main.rs:5:13)"
/// # drop(first);
/// ```
///
/// It remembers two places at once, each with how many guards taken there are alive. A borrow
/// taken while two other places hold borrows is counted but not named ("and 1 more elsewhere").
/// A named place is always the place of a borrow that is still held.
///
/// # Cost
///
/// The bookkeeping is a few loads, compares and stores per borrow and per drop, where std's
/// `RefCell` only counts (and LLVM often folds a borrow and its drop into one flag test): a
/// borrow with its drop takes a few nanoseconds, about 4 to 9 times std's in the `ref_cell/...`
/// benchmark rows. The cell is 32 bytes larger than `T` plus alignment padding (std's `RefCell`
/// adds one word). For hot paths, see the book's advice: `RefCell` in release builds.
///
/// # No heap
///
/// The records live in the cell: it works in `no_std` code without an allocator, and is
/// `const`-constructible for `static`s of `thread_local!` and single-threaded programs.
pub struct StackRefCell<T: ?Sized> {
    borrows: Borrows,
    value: UnsafeCell<T>,
}

impl<T> StackRefCell<T> {
    /// Wraps `value`.
    ///
    /// ```
    /// use avila_alloc::rc::StackRefCell;
    ///
    /// const CELL: StackRefCell<u8> = StackRefCell::new(5);
    /// assert_eq!(*CELL.borrow(), 5);
    /// ```
    #[must_use]
    pub const fn new(value: T) -> Self {
        Self {
            borrows: Borrows::new(),
            value: UnsafeCell::new(value),
        }
    }

    /// Unwraps the value.
    ///
    /// ```
    /// use avila_alloc::rc::StackRefCell;
    ///
    /// assert_eq!(StackRefCell::new(3).into_inner(), 3);
    /// ```
    pub fn into_inner(self) -> T {
        self.value.into_inner()
    }

    /// Replaces the value with `value` and returns the old one.
    ///
    /// # Panics
    ///
    /// If the value is borrowed; the message says where.
    ///
    /// ```
    /// use avila_alloc::rc::StackRefCell;
    ///
    /// let cell = StackRefCell::new(1);
    /// assert_eq!(cell.replace(2), 1);
    /// assert_eq!(*cell.borrow(), 2);
    /// ```
    #[track_caller]
    pub fn replace(&self, value: T) -> T {
        core::mem::replace(&mut *self.borrow_mut(), value)
    }

    /// Replaces the value with `f(&mut value)` and returns the old one.
    ///
    /// # Panics
    ///
    /// If the value is borrowed; the message says where. If `f` panics, the value stays as `f`
    /// left it.
    ///
    /// ```
    /// use avila_alloc::rc::StackRefCell;
    ///
    /// let cell = StackRefCell::new(4);
    /// assert_eq!(cell.replace_with(|old| *old * 10), 4);
    /// assert_eq!(*cell.borrow(), 40);
    /// ```
    #[track_caller]
    pub fn replace_with<F: FnOnce(&mut T) -> T>(&self, f: F) -> T {
        let mut guard = self.borrow_mut();
        let new = f(&mut guard);
        core::mem::replace(&mut *guard, new)
    }

    /// Swaps the values of two cells.
    ///
    /// # Panics
    ///
    /// If either value is borrowed (the message says where), as std's `RefCell::swap` does even
    /// when both are the same cell.
    ///
    /// ```
    /// use avila_alloc::rc::StackRefCell;
    ///
    /// let a = StackRefCell::new('a');
    /// let b = StackRefCell::new('b');
    /// a.swap(&b);
    /// assert_eq!((a.into_inner(), b.into_inner()), ('b', 'a'));
    /// ```
    #[track_caller]
    pub fn swap(&self, other: &Self) {
        core::mem::swap(&mut *self.borrow_mut(), &mut *other.borrow_mut());
    }

    /// Takes the value, leaving `T::default()`.
    ///
    /// # Panics
    ///
    /// If the value is borrowed; the message says where.
    ///
    /// ```
    /// use avila_alloc::rc::StackRefCell;
    ///
    /// let cell = StackRefCell::new(String::from("x"));
    /// assert_eq!(cell.take(), "x");
    /// assert_eq!(*cell.borrow(), "");
    /// ```
    #[track_caller]
    pub fn take(&self) -> T
    where
        T: Default,
    {
        self.replace(T::default())
    }
}

impl<T: ?Sized> StackRefCell<T> {
    /// Borrows the value for reading.
    ///
    /// # Panics
    ///
    /// If the value is mutably borrowed. The message names where that borrow was taken;
    /// [`try_borrow`](Self::try_borrow) returns it as an error instead.
    ///
    /// ```
    /// use avila_alloc::rc::StackRefCell;
    ///
    /// let cell = StackRefCell::new([1, 2]);
    /// let (a, b) = (cell.borrow(), cell.borrow());
    /// assert_eq!(a[0] + b[1], 3);
    /// ```
    #[track_caller]
    pub fn borrow(&self) -> Ref<'_, T> {
        match self.try_borrow() {
            Ok(guard) => guard,
            Err(error) => refused(&error),
        }
    }

    /// Borrows the value for reading, or says why not.
    ///
    /// # Errors
    ///
    /// [`BorrowError`] if the value is mutably borrowed, naming where that borrow was taken.
    ///
    /// ```
    /// use avila_alloc::rc::StackRefCell;
    ///
    /// let cell = StackRefCell::new(0);
    /// let writer = cell.borrow_mut();
    /// assert!(cell.try_borrow().is_err());
    /// drop(writer);
    /// assert!(cell.try_borrow().is_ok());
    /// ```
    #[track_caller]
    pub fn try_borrow(&self) -> Result<Ref<'_, T>, BorrowError> {
        let slot = self.borrows.take_shared(Location::caller())?;
        Ok(Ref {
            value: self.value_ptr(),
            guard: SharedGuard {
                borrows: &self.borrows,
                slot,
            },
            _value: PhantomData,
        })
    }

    /// Borrows the value for writing.
    ///
    /// # Panics
    ///
    /// If the value is borrowed. The message names where the borrows still held were taken;
    /// [`try_borrow_mut`](Self::try_borrow_mut) returns it as an error instead.
    ///
    /// ```
    /// use avila_alloc::rc::StackRefCell;
    ///
    /// let cell = StackRefCell::new(vec![1]);
    /// cell.borrow_mut().push(2);
    /// assert_eq!(*cell.borrow(), [1, 2]);
    /// ```
    #[track_caller]
    pub fn borrow_mut(&self) -> RefMut<'_, T> {
        match self.try_borrow_mut() {
            Ok(guard) => guard,
            Err(error) => refused(&error),
        }
    }

    /// Borrows the value for writing, or says why not.
    ///
    /// # Errors
    ///
    /// [`BorrowMutError`] if the value is borrowed, naming where the borrows still held were
    /// taken.
    ///
    /// ```
    /// use avila_alloc::rc::StackRefCell;
    ///
    /// let cell = StackRefCell::new(0);
    /// let reader = cell.borrow();
    /// let error = cell.try_borrow_mut().unwrap_err();
    /// assert!(error.to_string().contains("it is borrowed (taken at "));
    /// drop(reader);
    /// *cell.try_borrow_mut().unwrap() += 1;
    /// ```
    #[track_caller]
    pub fn try_borrow_mut(&self) -> Result<RefMut<'_, T>, BorrowMutError> {
        let slot = self.borrows.take_mut(Location::caller())?;
        Ok(RefMut {
            value: self.value_ptr(),
            guard: MutGuard {
                borrows: &self.borrows,
                slot,
            },
            _value: PhantomData,
        })
    }

    /// Reads the value without a guard, if it is not mutably borrowed now.
    ///
    /// # Errors
    ///
    /// [`BorrowError`] if the value is mutably borrowed, naming where.
    ///
    /// # Safety
    ///
    /// Unlike [`try_borrow`](Self::try_borrow), no borrow is recorded: the caller must not
    /// borrow the value mutably (or replace it) while the returned reference is alive.
    ///
    /// ```
    /// use avila_alloc::rc::StackRefCell;
    ///
    /// let cell = StackRefCell::new(9);
    /// // SAFETY: nothing borrows `cell` mutably while `value` is used.
    /// let value = unsafe { cell.try_borrow_unguarded() }.unwrap();
    /// assert_eq!(*value, 9);
    /// ```
    #[track_caller]
    pub unsafe fn try_borrow_unguarded(&self) -> Result<&T, BorrowError> {
        let slot = self.borrows.take_shared(Location::caller())?;
        self.borrows.release_shared(slot);
        // SAFETY: no mutable borrow is held now (checked above), and the caller promises none
        // is taken while the reference lives.
        Ok(unsafe { &*self.value.get() })
    }

    fn value_ptr(&self) -> NonNull<T> {
        // SAFETY: a pointer from `UnsafeCell::get` on a reference is never null.
        unsafe { NonNull::new_unchecked(self.value.get()) }
    }

    /// A raw pointer to the value.
    ///
    /// ```
    /// use avila_alloc::rc::StackRefCell;
    ///
    /// let cell = StackRefCell::new(1_u8);
    /// assert_eq!(cell.as_ptr(), &*cell.borrow() as *const u8 as *mut u8);
    /// ```
    pub const fn as_ptr(&self) -> *mut T {
        self.value.get()
    }

    /// The value, through `&mut self`: no borrow check is needed.
    ///
    /// ```
    /// use avila_alloc::rc::StackRefCell;
    ///
    /// let mut cell = StackRefCell::new(1);
    /// *cell.get_mut() += 1;
    /// assert_eq!(cell.into_inner(), 2);
    /// ```
    pub const fn get_mut(&mut self) -> &mut T {
        self.value.get_mut()
    }

    /// Whether the value is borrowed now, and how.
    ///
    /// ```
    /// use avila_alloc::rc::{BorrowState, StackRefCell};
    ///
    /// let cell = StackRefCell::new(());
    /// let _a = cell.borrow();
    /// let _b = cell.borrow();
    /// assert_eq!(cell.borrow_state(), BorrowState::Shared(2));
    /// ```
    pub fn borrow_state(&self) -> BorrowState {
        self.borrows.state()
    }

    /// The places where the borrows held now were taken, with how many guards from each place
    /// are alive (at most two places are remembered; see [`Holders`]).
    ///
    /// ```
    /// use avila_alloc::rc::StackRefCell;
    ///
    /// let cell = StackRefCell::new(0);
    /// let guards: Vec<_> = (0..3).map(|_| cell.borrow()).collect();
    /// let (place, count) = cell.holders().next().unwrap();
    /// assert_eq!((place.line(), count), (line!() - 2, 3));
    /// # drop(guards);
    /// ```
    pub fn holders(&self) -> Holders {
        self.borrows.holders()
    }
}

impl<T: Clone> Clone for StackRefCell<T> {
    /// Clones the value into a new cell.
    ///
    /// # Panics
    ///
    /// If the value is mutably borrowed; the message says where.
    #[track_caller]
    fn clone(&self) -> Self {
        Self::new(self.borrow().clone())
    }

    #[track_caller]
    fn clone_from(&mut self, source: &Self) {
        self.get_mut().clone_from(&source.borrow());
    }
}

impl<T: Default> Default for StackRefCell<T> {
    fn default() -> Self {
        Self::new(T::default())
    }
}

impl<T> From<T> for StackRefCell<T> {
    fn from(value: T) -> Self {
        Self::new(value)
    }
}

impl<T: ?Sized + PartialEq> PartialEq for StackRefCell<T> {
    /// Compares the values.
    ///
    /// # Panics
    ///
    /// If either value is mutably borrowed; the message says where.
    #[track_caller]
    fn eq(&self, other: &Self) -> bool {
        *self.borrow() == *other.borrow()
    }
}

impl<T: ?Sized + Eq> Eq for StackRefCell<T> {}

impl<T: ?Sized + PartialOrd> PartialOrd for StackRefCell<T> {
    /// Compares the values.
    ///
    /// # Panics
    ///
    /// If either value is mutably borrowed; the message says where.
    #[track_caller]
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        self.borrow().partial_cmp(&*other.borrow())
    }
}

impl<T: ?Sized + Ord> Ord for StackRefCell<T> {
    /// Compares the values.
    ///
    /// # Panics
    ///
    /// If either value is mutably borrowed; the message says where.
    #[track_caller]
    fn cmp(&self, other: &Self) -> Ordering {
        self.borrow().cmp(&*other.borrow())
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for StackRefCell<T> {
    /// The value, or, while it is mutably borrowed, where that borrow was taken.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_struct("StackRefCell");
        match self.try_borrow() {
            Ok(value) => out.field("value", &&*value),
            Err(error) => out.field("value", &format_args!("<{error}>")),
        };
        out.finish()
    }
}

/// The panic of a refused `borrow`/`borrow_mut`, out of line so the borrow stays small.
#[cold]
#[inline(never)]
#[track_caller]
fn refused(error: &dyn fmt::Display) -> ! {
    panic!("{error}")
}

/// A shared borrow of a [`StackRefCell`]'s value, from [`StackRefCell::borrow`].
///
/// The value is reached through a pointer, not a reference held in the guard, so the borrow
/// flag may be released in `Drop` while no reference to the value is live (std's `Ref` is built
/// the same way for the same reason).
pub struct Ref<'b, T: ?Sized + 'b> {
    value: NonNull<T>,
    guard: SharedGuard<'b>,
    _value: PhantomData<&'b T>,
}

/// The borrow record a [`Ref`] releases when dropped.
struct SharedGuard<'b> {
    borrows: &'b Borrows,
    slot: u8,
}

impl SharedGuard<'_> {
    #[inline]
    #[track_caller]
    fn clone_guard(&self) -> Self {
        Self {
            borrows: self.borrows,
            slot: self.borrows.share_again(self.slot),
        }
    }
}

impl Drop for SharedGuard<'_> {
    #[inline]
    fn drop(&mut self) {
        self.borrows.release_shared(self.slot);
    }
}

impl<'b, T: ?Sized> Ref<'b, T> {
    /// One more shared borrow of the same value (an associated function, so that it does not
    /// shadow the value's own `clone`). It is recorded at the place of `orig`.
    ///
    /// ```
    /// use avila_alloc::rc::{BorrowState, Ref, StackRefCell};
    ///
    /// let cell = StackRefCell::new(5);
    /// let a = cell.borrow();
    /// let b = Ref::clone(&a);
    /// assert_eq!((*a, *b, cell.borrow_state()), (5, 5, BorrowState::Shared(2)));
    /// ```
    #[track_caller]
    #[allow(clippy::should_implement_trait)]
    pub fn clone(orig: &Self) -> Self {
        Self {
            value: orig.value,
            guard: orig.guard.clone_guard(),
            _value: PhantomData,
        }
    }

    /// A borrow of a part of the value.
    ///
    /// ```
    /// use avila_alloc::rc::{Ref, StackRefCell};
    ///
    /// let cell = StackRefCell::new((1, 'x'));
    /// let letter = Ref::map(cell.borrow(), |pair| &pair.1);
    /// assert_eq!(*letter, 'x');
    /// ```
    pub fn map<U: ?Sized, F: FnOnce(&T) -> &U>(orig: Self, f: F) -> Ref<'b, U> {
        let value = NonNull::from(f(&*orig));
        Ref {
            value,
            guard: orig.guard,
            _value: PhantomData,
        }
    }

    /// A borrow of a part of the value that may not be there; the original guard when `f`
    /// finds nothing.
    ///
    /// # Errors
    ///
    /// `orig` when `f` returns `None`.
    ///
    /// ```
    /// use avila_alloc::rc::{Ref, StackRefCell};
    ///
    /// let cell = StackRefCell::new(vec![1, 2]);
    /// let second = Ref::filter_map(cell.borrow(), |v| v.get(1)).unwrap();
    /// assert_eq!(*second, 2);
    /// let missing = Ref::filter_map(cell.borrow(), |v| v.get(5));
    /// assert!(missing.is_err());
    /// ```
    pub fn filter_map<U: ?Sized, F: FnOnce(&T) -> Option<&U>>(
        orig: Self,
        f: F,
    ) -> Result<Ref<'b, U>, Self> {
        match f(&*orig).map(NonNull::from) {
            Some(value) => Ok(Ref {
                value,
                guard: orig.guard,
                _value: PhantomData,
            }),
            None => Err(orig),
        }
    }

    /// Splits the borrow into two borrows of parts of the value.
    ///
    /// ```
    /// use avila_alloc::rc::{Ref, StackRefCell};
    ///
    /// let cell = StackRefCell::new([1, 2, 3, 4]);
    /// let (left, right) = Ref::map_split(cell.borrow(), |a| a.split_at(1));
    /// assert_eq!((&*left, &*right), (&[1][..], &[2, 3, 4][..]));
    /// ```
    #[track_caller]
    pub fn map_split<U: ?Sized, V: ?Sized, F: FnOnce(&T) -> (&U, &V)>(
        orig: Self,
        f: F,
    ) -> (Ref<'b, U>, Ref<'b, V>) {
        let (a, b) = f(&*orig);
        let (a, b) = (NonNull::from(a), NonNull::from(b));
        let second = orig.guard.clone_guard();
        (
            Ref {
                value: a,
                guard: orig.guard,
                _value: PhantomData,
            },
            Ref {
                value: b,
                guard: second,
                _value: PhantomData,
            },
        )
    }

    /// Where the borrow this guard holds was taken (`None` if it was not recorded because two
    /// other places held borrows then).
    ///
    /// ```
    /// use avila_alloc::rc::{Ref, StackRefCell};
    ///
    /// let cell = StackRefCell::new(0);
    /// let guard = cell.borrow();
    /// assert_eq!(Ref::taken_at(&guard).unwrap().line(), line!() - 1);
    /// ```
    pub fn taken_at(orig: &Self) -> Option<&'static Location<'static>> {
        orig.guard.borrows.site(orig.guard.slot)
    }
}

impl<T: ?Sized> Deref for Ref<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: the guard holds a shared borrow of the cell, so no `&mut` to the value (or a
        // part of it) exists while this guard lives; the pointer came from a reference into
        // the cell's value, valid for 'b.
        unsafe { self.value.as_ref() }
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for Ref<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

impl<T: ?Sized + fmt::Display> fmt::Display for Ref<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

/// A mutable borrow of a [`StackRefCell`]'s value, from [`StackRefCell::borrow_mut`].
pub struct RefMut<'b, T: ?Sized + 'b> {
    value: NonNull<T>,
    guard: MutGuard<'b>,
    /// `&mut T`: invariant in `T`, like the borrow it stands for.
    _value: PhantomData<&'b mut T>,
}

/// The borrow record a [`RefMut`] releases when dropped.
struct MutGuard<'b> {
    borrows: &'b Borrows,
    slot: u8,
}

impl Drop for MutGuard<'_> {
    #[inline]
    fn drop(&mut self) {
        self.borrows.release_mut(self.slot);
    }
}

impl<'b, T: ?Sized> RefMut<'b, T> {
    /// A mutable borrow of a part of the value.
    ///
    /// ```
    /// use avila_alloc::rc::{RefMut, StackRefCell};
    ///
    /// let cell = StackRefCell::new((1, 2));
    /// *RefMut::map(cell.borrow_mut(), |pair| &mut pair.0) = 10;
    /// assert_eq!(*cell.borrow(), (10, 2));
    /// ```
    pub fn map<U: ?Sized, F: FnOnce(&mut T) -> &mut U>(mut orig: Self, f: F) -> RefMut<'b, U> {
        let value = NonNull::from(f(&mut *orig));
        RefMut {
            value,
            guard: orig.guard,
            _value: PhantomData,
        }
    }

    /// A mutable borrow of a part of the value that may not be there; the original guard when
    /// `f` finds nothing.
    ///
    /// # Errors
    ///
    /// `orig` when `f` returns `None`.
    ///
    /// ```
    /// use avila_alloc::rc::{RefMut, StackRefCell};
    ///
    /// let cell = StackRefCell::new(vec![1, 2]);
    /// *RefMut::filter_map(cell.borrow_mut(), |v| v.last_mut()).unwrap() = 7;
    /// assert_eq!(*cell.borrow(), [1, 7]);
    /// ```
    pub fn filter_map<U: ?Sized, F: FnOnce(&mut T) -> Option<&mut U>>(
        mut orig: Self,
        f: F,
    ) -> Result<RefMut<'b, U>, Self> {
        // The pointer is made inside the match, so the `&mut` that `f` returned is not live
        // when `orig` is handed back.
        match f(&mut *orig).map(NonNull::from) {
            Some(value) => Ok(RefMut {
                value,
                guard: orig.guard,
                _value: PhantomData,
            }),
            None => Err(orig),
        }
    }

    /// Splits the borrow into two mutable borrows of disjoint parts of the value; the cell stays
    /// mutably borrowed until both are dropped.
    ///
    /// ```
    /// use avila_alloc::rc::{BorrowState, RefMut, StackRefCell};
    ///
    /// let cell = StackRefCell::new([1, 2, 3]);
    /// let (mut left, mut right) = RefMut::map_split(cell.borrow_mut(), |a| a.split_at_mut(1));
    /// core::mem::swap(&mut left[0], &mut right[1]);
    /// assert_eq!(cell.borrow_state(), BorrowState::Mutable(2));
    /// drop((left, right));
    /// assert_eq!(*cell.borrow(), [3, 2, 1]);
    /// ```
    #[track_caller]
    pub fn map_split<U: ?Sized, V: ?Sized, F: FnOnce(&mut T) -> (&mut U, &mut V)>(
        mut orig: Self,
        f: F,
    ) -> (RefMut<'b, U>, RefMut<'b, V>) {
        let (a, b) = f(&mut *orig);
        let (a, b) = (NonNull::from(a), NonNull::from(b));
        let second = MutGuard {
            borrows: orig.guard.borrows,
            slot: orig.guard.borrows.split_mut(orig.guard.slot),
        };
        (
            RefMut {
                value: a,
                guard: orig.guard,
                _value: PhantomData,
            },
            RefMut {
                value: b,
                guard: second,
                _value: PhantomData,
            },
        )
    }

    /// Where the borrow this guard holds was taken.
    ///
    /// ```
    /// use avila_alloc::rc::{RefMut, StackRefCell};
    ///
    /// let cell = StackRefCell::new(0);
    /// let guard = cell.borrow_mut();
    /// assert_eq!(RefMut::taken_at(&guard).unwrap().line(), line!() - 1);
    /// ```
    pub fn taken_at(orig: &Self) -> Option<&'static Location<'static>> {
        orig.guard.borrows.site(orig.guard.slot)
    }
}

impl<T: ?Sized> Deref for RefMut<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: the guard holds the mutable borrow of (this part of) the value, so nothing
        // else reaches it while the guard lives; the pointer came from a `&mut` into the cell.
        unsafe { self.value.as_ref() }
    }
}

impl<T: ?Sized> DerefMut for RefMut<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: as in `deref`, and `&mut self` makes this the only access through the guard.
        unsafe { self.value.as_mut() }
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for RefMut<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

impl<T: ?Sized + fmt::Display> fmt::Display for RefMut<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}
