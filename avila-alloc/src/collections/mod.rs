//! Fixed-capacity containers with inline storage: they never allocate.
//!
//! | type | std counterpart | capacity unit |
//! |---|---|---|
//! | [`StackVec<T, N>`] | `Vec<T>` | elements |
//! | [`StackString<N>`] | `String` | bytes |
//! | [`StackHashMap<K, V, N, S>`] | `HashMap<K, V, S>` | entries |
//!
//! Both share one raw core (an inline buffer and a length), so the unsafe code that moves values
//! in and out of the buffer exists once.

mod core;
pub mod hash_map;
pub mod string;
pub mod vec;

pub use self::hash_map::StackHashMap;
pub use self::string::StackString;
pub use self::vec::StackVec;
