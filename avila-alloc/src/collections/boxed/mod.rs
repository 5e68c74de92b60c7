//! [`StackBox<T, N>`]: one value stored inline in `N` bytes, trait objects and closures included.

#[cfg(test)]
mod tests;

use core::fmt;
use core::marker::PhantomData;
use core::mem::{ManuallyDrop, MaybeUninit};
use core::ops::{Deref, DerefMut};
use core::ptr;

use crate::error::CapacityError;

/// Inline bytes for the value, aligned to [`StackBox::ALIGN`].
#[repr(C, align(8))]
struct Storage<const N: usize>([MaybeUninit<u8>; N]);

/// How the pointer to the value is rebuilt from the address of the storage.
///
/// On stable Rust a `*mut T` for an unsized `T` (a `dyn Trait`, a slice) cannot be assembled from
/// an address and metadata, and reusing an old fat pointer with a new address keeps the *old*
/// provenance (undefined behaviour once the box has moved). So the box stores a function, made by
/// the compiler's own unsizing coercion at construction, that turns the storage pointer (with
/// its fresh provenance) into the fat pointer. Under the `nightly` feature the metadata itself is
/// stored and `core::ptr::from_raw_parts_mut` rebuilds the pointer without the call.
#[cfg(not(feature = "nightly"))]
type Meta<T> = fn(*mut u8) -> *mut T;
#[cfg(feature = "nightly")]
type Meta<T> = <T as core::ptr::Pointee>::Metadata;

/// A value of type `T` (possibly unsized: `dyn Trait`, a closure behind `dyn Fn`, a slice) stored
/// inline in `N` bytes, with no allocation. Dropping the box drops the value.
///
/// The storage is aligned to [`StackBox::ALIGN`] (8) bytes. A value that is larger than `N` or
/// needs a larger alignment is rejected **at compile time** by [`new`](Self::new) and
/// [`stack_box!`](crate::stack_box), or at run time with an error by [`try_new`](Self::try_new).
///
/// # Examples
///
/// A closure with its captures, stored inline and called through `dyn Fn`:
///
/// ```
/// use avila_alloc::{StackBox, stack_box};
///
/// let offset = 10;
/// let add: StackBox<dyn Fn(i32) -> i32, 16> = stack_box!(move |x| x + offset);
/// assert_eq!(add(32), 42);
/// ```
///
/// Trait objects of different concrete types in one fixed-capacity vector, without a heap:
///
/// ```
/// use avila_alloc::{StackBox, StackVec, stack_box};
/// use core::fmt::Display;
///
/// let mut items: StackVec<StackBox<dyn Display, 16>, 4> = StackVec::new();
/// items.push(stack_box!(42_u64));
/// items.push(stack_box!("text"));
/// items.push(stack_box!('c'));
/// let shown: Vec<String> = items.iter().map(|d| d.to_string()).collect();
/// assert_eq!(shown, ["42", "text", "c"]);
/// ```
///
/// A value that does not fit does not compile:
///
/// ```compile_fail
/// use avila_alloc::StackBox;
/// let b: StackBox<[u8; 32], 16> = StackBox::new([0; 32]);
/// ```
///
/// # Cost
///
/// `size_of::<StackBox<T, N>>()` is `N` rounded up to 8, plus one pointer (the rebuilding
/// function, or under `nightly` the metadata: nothing for sized `T`, a vtable pointer for
/// `dyn Trait`). Moving a `StackBox` moves the value's bytes: it is not a stable address, so it
/// is never a pinning pointer. Access through `Deref` costs one indirect call on stable (to
/// rebuild the fat pointer) before the trait object's own dynamic dispatch.
pub struct StackBox<T: ?Sized, const N: usize> {
    meta: Meta<T>,
    storage: Storage<N>,
    /// The box owns a `T`: for auto traits and the drop checker.
    _owns: PhantomData<T>,
}

/// The pointer-rebuilding function of a sized value: a cast.
#[cfg(not(feature = "nightly"))]
fn thin<T>(storage: *mut u8) -> *mut T {
    storage.cast()
}

impl<T: ?Sized, const N: usize> StackBox<T, N> {
    /// The alignment of the inline storage: values with a larger alignment do not fit.
    pub const ALIGN: usize = 8;

    /// The capacity `N` in bytes.
    pub const CAPACITY: usize = N;

    /// Fails to compile unless a `V` fits: `size_of::<V>() <= N` and `align_of::<V>() <= ALIGN`.
    const fn assert_fits<V>() {
        const {
            assert!(
                size_of::<V>() <= N,
                "the value is larger than the StackBox capacity N"
            );
            assert!(
                align_of::<V>() <= Self::ALIGN,
                "the value needs a larger alignment than StackBox::ALIGN (8)"
            );
        }
    }

    /// `true` if a `V` fits.
    const fn fits<V>() -> bool {
        size_of::<V>() <= N && align_of::<V>() <= Self::ALIGN
    }

    /// Stores `value` and remembers how to reach it as a `T`.
    ///
    /// # Safety
    ///
    /// - a `V` fits (size and alignment);
    /// - `coerce` returns its argument, only turned into a `*mut T` (an unsizing coercion or the
    ///   identity): same address, metadata of `V` as a `T`.
    unsafe fn store<V>(value: V, coerce: fn(*mut V) -> *mut T) -> Self {
        let mut storage = Storage([const { MaybeUninit::uninit() }; N]);
        // SAFETY: the storage has room and alignment for a `V` (caller), and is uninitialized.
        unsafe { (&raw mut storage).cast::<V>().write(value) };
        #[cfg(not(feature = "nightly"))]
        // SAFETY: `fn(*mut V) -> *mut T` and `fn(*mut u8) -> *mut T` are ABI-compatible: their
        // argument types are thin raw pointers (same metadata, `()`), which the `fn` pointer ABI
        // compatibility rules of the standard library documentation declare compatible. The
        // function is only ever called with a pointer to a `V` (the storage).
        let meta = unsafe { core::mem::transmute::<fn(*mut V) -> *mut T, Meta<T>>(coerce) };
        #[cfg(feature = "nightly")]
        let meta = core::ptr::metadata(coerce((&raw mut storage).cast::<V>()));
        Self {
            meta,
            storage,
            _owns: PhantomData,
        }
    }

    /// Stores `value`, a `V` that `coerce` turns into a `T` (for example a closure into
    /// `dyn Fn()`). Prefer the safe [`stack_box!`](crate::stack_box) macro, which writes the
    /// coercion for you.
    ///
    /// A `V` that does not fit (`size_of::<V>() > N` or `align_of::<V>() > ALIGN`) is a
    /// compile-time error.
    ///
    /// # Safety
    ///
    /// - `coerce` must return its argument unchanged except for the unsizing coercion from
    ///   `*mut V` to `*mut T` (`|p| p` with `T` given by the context is always right): the same
    ///   address and the metadata of `V` viewed as a `T`. A function returning any other pointer
    ///   would make `Deref` produce a reference to memory the box does not own.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackBox;
    /// use core::fmt::Debug;
    ///
    /// // SAFETY: `|p| p` is the unsizing coercion from `*mut [u8; 3]` to `*mut dyn Debug`.
    /// let b: StackBox<dyn Debug, 8> = unsafe { StackBox::new_unsize_with([1_u8, 2, 3], |p| p) };
    /// assert_eq!(format!("{b:?}"), "[1, 2, 3]");
    /// ```
    #[inline]
    pub unsafe fn new_unsize_with<V>(value: V, coerce: fn(*mut V) -> *mut T) -> Self {
        Self::assert_fits::<V>();
        // SAFETY: `V` fits (checked at compile time); `coerce` is an unsizing coercion (caller).
        unsafe { Self::store(value, coerce) }
    }

    /// Like [`new_unsize_with`](Self::new_unsize_with), but checks the size and alignment at
    /// run time and gives the value back when it does not fit.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying `value` when a `V` is larger than `N` or more aligned than
    /// [`ALIGN`](Self::ALIGN).
    ///
    /// # Safety
    ///
    /// As for [`new_unsize_with`](Self::new_unsize_with).
    #[inline]
    pub unsafe fn try_new_unsize_with<V>(
        value: V,
        coerce: fn(*mut V) -> *mut T,
    ) -> Result<Self, CapacityError<V>> {
        if !Self::fits::<V>() {
            return Err(CapacityError::new(value, N));
        }
        // SAFETY: `V` fits (checked above); `coerce` is an unsizing coercion (caller).
        Ok(unsafe { Self::store(value, coerce) })
    }

    /// Stores `value` as a `T` through the compiler's unsizing coercion (`V: Unsize<T>`), with
    /// no closure and no `unsafe`. Requires the `nightly` feature.
    ///
    /// A `V` that does not fit is a compile-time error.
    ///
    /// ```
    /// # #[cfg(feature = "nightly")] {
    /// use avila_alloc::StackBox;
    /// let b: StackBox<dyn Fn() -> u8, 8> = StackBox::new_unsize(|| 7);
    /// assert_eq!(b(), 7);
    /// # }
    /// ```
    #[cfg(feature = "nightly")]
    #[cfg_attr(docsrs, doc(cfg(feature = "nightly")))]
    #[inline]
    pub fn new_unsize<V: core::marker::Unsize<T>>(value: V) -> Self {
        Self::assert_fits::<V>();
        // SAFETY: `V` fits (checked at compile time); the closure is the unsizing coercion that
        // `V: Unsize<T>` allows.
        unsafe { Self::store(value, |p| p) }
    }

    /// A raw pointer to the value.
    #[inline]
    #[must_use]
    pub fn as_ptr(&self) -> *const T {
        let storage = (&raw const self.storage).cast::<u8>().cast_mut();
        #[cfg(not(feature = "nightly"))]
        let value = (self.meta)(storage);
        #[cfg(feature = "nightly")]
        let value = core::ptr::from_raw_parts_mut::<T>(storage, self.meta);
        value.cast_const()
    }

    /// A raw mutable pointer to the value.
    #[inline]
    #[must_use]
    pub fn as_mut_ptr(&mut self) -> *mut T {
        let storage = (&raw mut self.storage).cast::<u8>();
        #[cfg(not(feature = "nightly"))]
        let value = (self.meta)(storage);
        #[cfg(feature = "nightly")]
        let value = core::ptr::from_raw_parts_mut::<T>(storage, self.meta);
        value
    }
}

impl<T, const N: usize> StackBox<T, N> {
    /// Stores `value` inline. `const`, so a `StackBox` can initialize a `static`.
    ///
    /// A `T` larger than `N` or more aligned than [`ALIGN`](Self::ALIGN) is a compile-time
    /// error; [`try_new`](Self::try_new) checks at run time instead.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackBox;
    ///
    /// let b: StackBox<(u32, u32), 8> = StackBox::new((1, 2));
    /// assert_eq!(*b, (1, 2));
    /// assert_eq!(b.into_inner(), (1, 2));
    /// ```
    #[inline]
    #[must_use]
    pub const fn new(value: T) -> Self {
        Self::assert_fits::<T>();
        let mut storage = Storage([const { MaybeUninit::uninit() }; N]);
        // SAFETY: a `T` fits (checked at compile time); the storage is uninitialized.
        unsafe { (&raw mut storage).cast::<T>().write(value) };
        #[cfg(not(feature = "nightly"))]
        let meta: Meta<T> = thin::<T>;
        #[cfg(feature = "nightly")]
        let meta: Meta<T> = ();
        Self {
            meta,
            storage,
            _owns: PhantomData,
        }
    }

    /// Stores `value` inline if a `T` fits, or gives it back.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying `value` when `size_of::<T>() > N` or
    /// `align_of::<T>() > ALIGN`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackBox;
    ///
    /// assert!(StackBox::<[u8; 4], 8>::try_new([0; 4]).is_ok());
    /// let err = StackBox::<[u8; 16], 8>::try_new([7; 16]).unwrap_err();
    /// assert_eq!(err.element(), [7; 16]);
    /// ```
    #[inline]
    pub fn try_new(value: T) -> Result<Self, CapacityError<T>> {
        // SAFETY: the identity is a (trivial) unsizing coercion.
        unsafe { Self::try_new_unsize_with(value, |p| p) }
    }

    /// Moves the value out, consuming the box.
    #[inline]
    #[must_use]
    pub fn into_inner(self) -> T {
        let mut this = ManuallyDrop::new(self);
        // SAFETY: the storage holds a `T`, read once; `this` is never dropped, so the value is
        // moved out, not duplicated.
        unsafe { this.as_mut_ptr().read() }
    }
}

impl<T: ?Sized, const N: usize> Deref for StackBox<T, N> {
    type Target = T;

    #[inline]
    fn deref(&self) -> &T {
        // SAFETY: the pointer addresses the initialized value in our storage, with its own
        // metadata; it is borrowed for as long as `self` is.
        unsafe { &*self.as_ptr() }
    }
}

impl<T: ?Sized, const N: usize> DerefMut for StackBox<T, N> {
    #[inline]
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: as in `deref`, and `&mut self` makes the access unique.
        unsafe { &mut *self.as_mut_ptr() }
    }
}

impl<T: ?Sized, const N: usize> Drop for StackBox<T, N> {
    #[inline]
    fn drop(&mut self) {
        // SAFETY: the value is initialized and dropped exactly once, here.
        unsafe { ptr::drop_in_place(self.as_mut_ptr()) }
    }
}

impl<T: ?Sized, const N: usize> AsRef<T> for StackBox<T, N> {
    #[inline]
    fn as_ref(&self) -> &T {
        self
    }
}

impl<T: ?Sized, const N: usize> AsMut<T> for StackBox<T, N> {
    #[inline]
    fn as_mut(&mut self) -> &mut T {
        self
    }
}

impl<T: ?Sized, const N: usize> core::borrow::Borrow<T> for StackBox<T, N> {
    #[inline]
    fn borrow(&self) -> &T {
        self
    }
}

impl<T: ?Sized, const N: usize> core::borrow::BorrowMut<T> for StackBox<T, N> {
    #[inline]
    fn borrow_mut(&mut self) -> &mut T {
        self
    }
}

impl<T: ?Sized + fmt::Debug, const N: usize> fmt::Debug for StackBox<T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl<T: ?Sized + fmt::Display, const N: usize> fmt::Display for StackBox<T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&**self, f)
    }
}

impl<T: ?Sized + PartialEq, const N: usize> PartialEq for StackBox<T, N> {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T: ?Sized + Eq, const N: usize> Eq for StackBox<T, N> {}

impl<T: ?Sized + PartialOrd, const N: usize> PartialOrd for StackBox<T, N> {
    #[inline]
    fn partial_cmp(&self, other: &Self) -> Option<core::cmp::Ordering> {
        (**self).partial_cmp(&**other)
    }
}

impl<T: ?Sized + Ord, const N: usize> Ord for StackBox<T, N> {
    #[inline]
    fn cmp(&self, other: &Self) -> core::cmp::Ordering {
        (**self).cmp(&**other)
    }
}

impl<T: ?Sized + core::hash::Hash, const N: usize> core::hash::Hash for StackBox<T, N> {
    #[inline]
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        (**self).hash(state);
    }
}

impl<T: Clone, const N: usize> Clone for StackBox<T, N> {
    #[inline]
    fn clone(&self) -> Self {
        Self::new((**self).clone())
    }
}

impl<T: Default, const N: usize> Default for StackBox<T, N> {
    #[inline]
    fn default() -> Self {
        Self::new(T::default())
    }
}

impl<T, const N: usize> From<T> for StackBox<T, N> {
    /// Boxes `value`; a `T` that does not fit is a compile-time error.
    #[inline]
    fn from(value: T) -> Self {
        Self::new(value)
    }
}

impl<T: ?Sized + Iterator, const N: usize> Iterator for StackBox<T, N> {
    type Item = T::Item;

    #[inline]
    fn next(&mut self) -> Option<T::Item> {
        (**self).next()
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (**self).size_hint()
    }
}

impl<T: ?Sized + core::error::Error, const N: usize> core::error::Error for StackBox<T, N> {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        (**self).source()
    }
}
