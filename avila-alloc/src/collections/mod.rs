//! Fixed-capacity containers with inline storage: they never allocate.
//!
//! | type | std counterpart | capacity unit |
//! |---|---|---|
//! | [`StackVec<T, N>`] | `Vec<T>` | elements |
//! | [`StackString<N>`] | `String` | bytes |
//! | [`StackDeque<T, N>`] | `VecDeque<T>` | elements |
//! | [`StackRing<T, N>`] | a `VecDeque<T>` that drops its oldest value when full | elements |
//! | [`StackQueue<T, N>`] | `VecDeque<T>` used as a FIFO; an SPSC channel | elements |
//! | [`StackHashMap<K, V, N, S>`] | `HashMap<K, V, S>` | entries |
//! | [`StackHashSet<T, N, S>`] | `HashSet<T, S>` | values |
//! | [`StackBox<T, N>`] | `Box<T>` (also `Box<dyn Trait>`) | bytes |
//!
//! `StackVec` and `StackString` share one raw core (an inline buffer and a length), so the unsafe
//! code that moves values in and out of the buffer exists once. `StackDeque` and `StackRing`
//! share another one, a ring buffer (a front slot, a length, and an inline buffer the values wrap
//! around). `StackQueue` is a ring with two positions instead of a length, so that its two ends
//! can be split between a producer and a consumer; it is its own core (`queue/mod.rs`).
//! `StackHashMap` keeps its entries in a `StackVec` and adds a hash index that is not generic
//! over the keys and values; `StackHashSet` is a `StackHashMap<T, ()>`.

pub mod boxed;
mod core;
pub mod deque;
pub mod hash_map;
pub mod hash_set;
pub mod queue;
pub mod ring;
mod ring_core;
#[cfg(feature = "serde")]
mod serde_seq;
pub mod string;
pub mod vec;

pub use self::boxed::StackBox;
pub use self::deque::StackDeque;
pub use self::hash_map::StackHashMap;
pub use self::hash_set::StackHashSet;
pub use self::queue::StackQueue;
pub use self::ring::StackRing;
pub use self::string::StackString;
pub use self::vec::StackVec;
