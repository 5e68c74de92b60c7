//! Pools: fixed-capacity storage handing out slots by key or by pointer, all O(1).
//!
//! - [`SlabAllocator<T, N>`]: values of one type, reachable by a `usize` key (the `slab` crate's
//!   API without a heap).
//! - [`SizedPool<SIZE, N>`]: `N` blocks of `SIZE` bytes, handed out as raw pointers, as RAII
//!   [`PoolBox`]es, or through [`RawAlloc`](crate::heap::RawAlloc).
//! - `LockFreePool<T, N>`: `N` slots for values of one type shared by many threads without a
//!   lock (`&self` allocation, `static`-capable), handed out as RAII `LockFreeBox`es; needs
//!   compare-and-swap (see its docs for `thumbv6m`).
//!
//! ```
//! use avila_alloc::pool::{SizedPool, SlabAllocator};
//!
//! let mut slab: SlabAllocator<u32, 8> = SlabAllocator::new();
//! let key = slab.insert(7).unwrap();
//! assert_eq!(slab[key], 7);
//!
//! let pool: SizedPool<32, 4> = SizedPool::new();
//! let boxed = pool.alloc([1_u64; 4]).unwrap();
//! assert_eq!(boxed[3], 1);
//! ```

#[cfg(avila_cas)]
pub mod lock_free;
pub mod sized;
pub mod slab;

#[cfg(avila_cas)]
pub use self::lock_free::{LockFreeBox, LockFreePool};
pub use self::sized::{PoolBox, SizedPool};
pub use self::slab::{SlabAllocator, VacantEntry};
