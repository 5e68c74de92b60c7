//! The one place the crate's atomics and `UnsafeCell` come from.
//!
//! Every module that shares memory between threads or interrupt handlers imports its atomic types,
//! [`Ordering`], [`fence`] and [`UnsafeCell`] from here, never from `core` directly, so one switch
//! changes them all (crossbeam's `primitive` module, tokio's `loom/`):
//!
//! | build | atomics from | `UnsafeCell` |
//! |---|---|---|
//! | `--cfg loom` (`scripts/loom.sh`) | `loom::sync::atomic` | `loom::cell::UnsafeCell`, each access checked |
//! | feature `portable-atomic` | `portable_atomic` | `core::cell::UnsafeCell` |
//! | otherwise | `core::sync::atomic` | `core::cell::UnsafeCell` |
//!
//! Code written against this module uses one API for all three:
//!
//! - an [`UnsafeCell`] is reached only through [`with`](UnsafeCell::with) and
//!   [`with_mut`](UnsafeCell::with_mut), closures that receive a raw pointer (loom's shape: the
//!   closure's extent is the access loom checks for races);
//! - an atomic reached through `&mut` (no other thread can see it) is read and written through
//!   [`AtomicMut::with_mut`], which is a plain memory access, not an atomic one, for `core` and
//!   `portable-atomic`, and a checked access under loom.
//!
//! Loom's types cannot be created in a `const` context, so under `cfg(loom)` the `const fn`
//! constructors of the types built on this module are plain `fn`s (the only difference in their
//! API).
//!
//! [`CachePadded`] lives here too: it keeps a value on a cache line of its own, so that indices
//! written by different threads do not bounce one line between cores (false sharing).
//!
//! The types re-exported today cover what lock-free code in this crate needs on every supported
//! target: load/store on `thumbv6m-none-eabi`, which has no compare-and-swap (the SPSC queue needs
//! nothing more), and read-modify-write operations wherever the target or `portable-atomic`
//! provides them.

// Not every re-export has a user yet: the lock-free pool, arena and heap will take the rest.
#![allow(unused_imports, dead_code)]

use core::fmt;
use core::ops::{Deref, DerefMut};

pub(crate) use core::sync::atomic::Ordering;
#[cfg(all(not(loom), not(feature = "portable-atomic")))]
pub(crate) use core::sync::atomic::{
    AtomicBool, AtomicPtr, AtomicU8, AtomicU16, AtomicU32, AtomicUsize, fence,
};

#[cfg(loom)]
pub(crate) use loom::sync::atomic::{
    AtomicBool, AtomicPtr, AtomicU8, AtomicU16, AtomicU32, AtomicUsize, fence,
};
#[cfg(all(not(loom), feature = "portable-atomic"))]
pub(crate) use portable_atomic::{
    AtomicBool, AtomicPtr, AtomicU8, AtomicU16, AtomicU32, AtomicUsize, fence,
};

/// Access to an atomic's value through `&mut`: exclusive, so no atomic instruction is needed.
///
/// `core` and `portable-atomic` spell it `get_mut`, loom `with_mut` (and nothing for
/// `AtomicBool`); this trait gives all of them one closure-shaped name. Use it in methods that take
/// `&mut self`, where it lets the compiler keep the value in a register and merge accesses, which it
/// never does for atomic operations.
pub(crate) trait AtomicMut {
    /// The value type (`usize` for `AtomicUsize`, `*mut T` for `AtomicPtr<T>`).
    type Value;

    /// Calls `f` with exclusive access to the value.
    fn exclusive<R>(&mut self, f: impl FnOnce(&mut Self::Value) -> R) -> R;
}

macro_rules! impl_atomic_mut {
    ($([$($generics:tt)*] $atomic:ty => $value:ty),* $(,)?) => {$(
        impl<$($generics)*> AtomicMut for $atomic {
            type Value = $value;

            #[inline(always)]
            fn exclusive<R>(&mut self, f: impl FnOnce(&mut $value) -> R) -> R {
                #[cfg(not(loom))]
                {
                    f(self.get_mut())
                }
                #[cfg(loom)]
                {
                    self.with_mut(f)
                }
            }
        }
    )*};
}

impl_atomic_mut! {
    [] AtomicU8 => u8,
    [] AtomicU16 => u16,
    [] AtomicU32 => u32,
    [] AtomicUsize => usize,
    [T] AtomicPtr<T> => *mut T,
}

impl AtomicMut for AtomicBool {
    type Value = bool;

    #[inline(always)]
    fn exclusive<R>(&mut self, f: impl FnOnce(&mut bool) -> R) -> R {
        #[cfg(not(loom))]
        {
            f(self.get_mut())
        }
        // Loom's `AtomicBool` has no `with_mut`; `&mut self` excludes other accesses, so a load
        // and a store are equivalent.
        #[cfg(loom)]
        {
            let mut value = self.load(Ordering::Relaxed);
            let result = f(&mut value);
            self.store(value, Ordering::Relaxed);
            result
        }
    }
}

/// An `UnsafeCell` with loom's API, whatever the build: `with` and `with_mut` hand a raw pointer
/// to a closure.
///
/// Outside loom it is `#[repr(transparent)]` over [`core::cell::UnsafeCell`], so an array of
/// `UnsafeCell<T>` has the layout of an array of `T`, and `new` is `const`. Under loom it wraps
/// `loom::cell::UnsafeCell`, which records every access and reports two that are not ordered by a
/// happens-before relation (a data race) as a failure of the model.
#[cfg(not(loom))]
#[repr(transparent)]
pub(crate) struct UnsafeCell<T: ?Sized>(core::cell::UnsafeCell<T>);

/// See the non-loom definition.
#[cfg(loom)]
pub(crate) struct UnsafeCell<T: ?Sized>(loom::cell::UnsafeCell<T>);

#[cfg(not(loom))]
impl<T> UnsafeCell<T> {
    /// Wraps `value`.
    #[inline(always)]
    pub(crate) const fn new(value: T) -> Self {
        Self(core::cell::UnsafeCell::new(value))
    }

    /// Unwraps the value.
    #[inline(always)]
    pub(crate) fn into_inner(self) -> T {
        self.0.into_inner()
    }
}

#[cfg(loom)]
impl<T> UnsafeCell<T> {
    /// Wraps `value` (not `const` under loom: the cell registers with the running model).
    #[track_caller]
    pub(crate) fn new(value: T) -> Self {
        Self(loom::cell::UnsafeCell::new(value))
    }

    /// Unwraps the value.
    pub(crate) fn into_inner(self) -> T {
        self.0.into_inner()
    }
}

impl<T: ?Sized> UnsafeCell<T> {
    /// Calls `f` with a pointer for reading the value. Under loom, the call is a read access:
    /// a concurrent [`with_mut`](Self::with_mut) without a happens-before relation fails the
    /// model.
    #[inline(always)]
    #[cfg_attr(loom, track_caller)]
    pub(crate) fn with<R>(&self, f: impl FnOnce(*const T) -> R) -> R {
        #[cfg(not(loom))]
        {
            f(self.0.get())
        }
        #[cfg(loom)]
        {
            self.0.with(f)
        }
    }

    /// Calls `f` with a pointer for writing the value. Under loom, the call is a write access:
    /// any concurrent access without a happens-before relation fails the model.
    #[inline(always)]
    #[cfg_attr(loom, track_caller)]
    pub(crate) fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R {
        #[cfg(not(loom))]
        {
            f(self.0.get())
        }
        #[cfg(loom)]
        {
            self.0.with_mut(f)
        }
    }
}

impl<T: ?Sized> fmt::Debug for UnsafeCell<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("UnsafeCell { .. }")
    }
}

/// `T` aligned (and so padded) to the size of a cache line of the target, so that no other data
/// shares its line.
///
/// The alignment per architecture follows what the hardware fetches together: 128 bytes on
/// `x86_64` (the adjacent-line prefetcher pulls pairs of 64-byte lines), `aarch64` and `powerpc64`
/// (128-byte lines on recent cores); 32 bytes on 32-bit `arm`, `riscv32`, `mips` and `sparc`,
/// whose cores are small and often cacheless (a Cortex-M0+ has no cache at all, so a larger
/// alignment would only waste RAM); 64 bytes elsewhere.
#[cfg_attr(
    any(
        target_arch = "x86_64",
        target_arch = "aarch64",
        target_arch = "powerpc64",
        target_arch = "arm64ec",
    ),
    repr(C, align(128))
)]
#[cfg_attr(
    any(
        target_arch = "arm",
        target_arch = "riscv32",
        target_arch = "mips",
        target_arch = "mips32r6",
        target_arch = "sparc",
        target_arch = "hexagon",
    ),
    repr(C, align(32))
)]
#[cfg_attr(
    not(any(
        target_arch = "x86_64",
        target_arch = "aarch64",
        target_arch = "powerpc64",
        target_arch = "arm64ec",
        target_arch = "arm",
        target_arch = "riscv32",
        target_arch = "mips",
        target_arch = "mips32r6",
        target_arch = "sparc",
        target_arch = "hexagon",
    )),
    repr(C, align(64))
)]
#[derive(Default)]
pub(crate) struct CachePadded<T> {
    value: T,
}

impl<T> CachePadded<T> {
    /// Wraps `value`.
    #[inline(always)]
    pub(crate) const fn new(value: T) -> Self {
        Self { value }
    }
}

impl<T> Deref for CachePadded<T> {
    type Target = T;

    #[inline(always)]
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> DerefMut for CachePadded<T> {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

impl<T: fmt::Debug> fmt::Debug for CachePadded<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.value, f)
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::{AtomicBool, AtomicMut, AtomicPtr, AtomicUsize, CachePadded, Ordering, UnsafeCell};

    #[test]
    fn unsafe_cell_reads_and_writes_through_closures() {
        let cell = UnsafeCell::new(1u32);
        // SAFETY: no other access to the cell exists.
        cell.with_mut(|p| unsafe { *p += 1 });
        // SAFETY: as above.
        assert_eq!(cell.with(|p| unsafe { *p }), 2);
        assert_eq!(cell.into_inner(), 2);
        assert_eq!(
            std::format!("{:?}", UnsafeCell::new(0u8)),
            "UnsafeCell { .. }"
        );
        // Transparent: an array of cells is laid out like an array of values.
        assert_eq!(size_of::<[UnsafeCell<u16>; 3]>(), size_of::<[u16; 3]>());
    }

    #[test]
    fn atomic_mut_is_exclusive_access() {
        let mut a = AtomicUsize::new(5);
        a.exclusive(|v| *v += 1);
        assert_eq!(a.load(Ordering::Relaxed), 6);
        let mut x = 0u8;
        let mut p = AtomicPtr::new(core::ptr::null_mut());
        p.exclusive(|v| *v = &raw mut x);
        let mut b = AtomicBool::new(false);
        assert!(!b.exclusive(|v| core::mem::replace(v, true)));
        assert!(b.load(Ordering::Relaxed));
        assert_eq!(p.load(Ordering::Relaxed), &raw mut x);
    }

    #[test]
    fn cache_padded_owns_a_line() {
        let mut padded = CachePadded::new(7u8);
        *padded += 1;
        assert_eq!(*padded, 8);
        assert!(align_of::<CachePadded<u8>>() >= 32);
        assert_eq!(size_of::<CachePadded<u8>>(), align_of::<CachePadded<u8>>());
        assert_eq!(std::format!("{padded:?}"), "8");
        assert_eq!(*CachePadded::<u32>::default(), 0);
    }
}
