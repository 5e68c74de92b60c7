//! core's `Allocator` (nightly's `allocator_api`, under the `nightly` feature) for every type that
//! implements `allocator_api2::alloc::Allocator`: one macro writes the impl, each method passed
//! on to the type's `allocator_api2` implementation, so the two traits share one implementation.
//!
//! The `nightly` feature turns `allocator-api2` on. If allocator-api2 itself is built with its
//! own `nightly` feature, its trait *is* core's, and the two impls of a type would be one trait
//! implemented twice (a compile error): do not combine the two `nightly` features.

/// `unsafe impl<generics> core::alloc::Allocator for $ty`, forwarding each method to `$ty`'s `allocator_api2::alloc::Allocator` implementation and
/// mapping its `AllocError` to core's. The attributes given (docs with an example) go on the impl.
///
/// `forward_core_allocator!(#[doc = "..."] impl[A: Allocator] AllocationTracker<A>);`, in a
/// module built only under `nightly` (this one is).
macro_rules! forward_core_allocator {
    ($(#[$attr:meta])* impl[$($generics:tt)*] $ty:ty) => {
        $(#[$attr])*
        // SAFETY: allocator-api2's trait is a copy of core's with the same contract for every
        // method; each method below passes its arguments, with the caller's guarantees, to `$ty`'s
        // implementation of it and returns its result, the error turned into core's `AllocError`.
        #[cfg_attr(docsrs, doc(cfg(feature = "nightly")))]
        unsafe impl<$($generics)*> core::alloc::Allocator for $ty {
            #[inline]
            fn allocate(
                &self,
                layout: core::alloc::Layout,
            ) -> Result<core::ptr::NonNull<[u8]>, core::alloc::AllocError> {
                allocator_api2::alloc::Allocator::allocate(self, layout)
                    .map_err(|_| core::alloc::AllocError)
            }

            #[inline]
            fn allocate_zeroed(
                &self,
                layout: core::alloc::Layout,
            ) -> Result<core::ptr::NonNull<[u8]>, core::alloc::AllocError> {
                allocator_api2::alloc::Allocator::allocate_zeroed(self, layout)
                    .map_err(|_| core::alloc::AllocError)
            }

            #[inline]
            unsafe fn deallocate(&self, ptr: core::ptr::NonNull<u8>, layout: core::alloc::Layout) {
                // SAFETY: the caller's contract for `deallocate`, the same in both traits.
                unsafe { allocator_api2::alloc::Allocator::deallocate(self, ptr, layout) }
            }

            #[inline]
            unsafe fn grow(
                &self,
                ptr: core::ptr::NonNull<u8>,
                old_layout: core::alloc::Layout,
                new_layout: core::alloc::Layout,
            ) -> Result<core::ptr::NonNull<[u8]>, core::alloc::AllocError> {
                // SAFETY: the caller's contract for `grow`, the same in both traits.
                unsafe { allocator_api2::alloc::Allocator::grow(self, ptr, old_layout, new_layout) }
                    .map_err(|_| core::alloc::AllocError)
            }

            #[inline]
            unsafe fn grow_zeroed(
                &self,
                ptr: core::ptr::NonNull<u8>,
                old_layout: core::alloc::Layout,
                new_layout: core::alloc::Layout,
            ) -> Result<core::ptr::NonNull<[u8]>, core::alloc::AllocError> {
                // SAFETY: the caller's contract for `grow_zeroed`, the same in both traits.
                unsafe {
                    allocator_api2::alloc::Allocator::grow_zeroed(self, ptr, old_layout, new_layout)
                }
                .map_err(|_| core::alloc::AllocError)
            }

            #[inline]
            unsafe fn shrink(
                &self,
                ptr: core::ptr::NonNull<u8>,
                old_layout: core::alloc::Layout,
                new_layout: core::alloc::Layout,
            ) -> Result<core::ptr::NonNull<[u8]>, core::alloc::AllocError> {
                // SAFETY: the caller's contract for `shrink`, the same in both traits.
                unsafe { allocator_api2::alloc::Allocator::shrink(self, ptr, old_layout, new_layout) }
                    .map_err(|_| core::alloc::AllocError)
            }
        }
    };
}

pub(crate) use forward_core_allocator;

#[cfg(test)]
mod tests;
