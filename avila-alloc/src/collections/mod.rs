//! Fixed-capacity containers with inline storage: they never allocate.
//!
//! | type | std counterpart | capacity unit |
//! |---|---|---|
//! | [`StackVec<T, N>`] | `Vec<T>` | elements |
//! | [`StackString<N>`] | `String` | bytes |
//! | [`StackQueue<T, N>`] | `VecDeque<T>` used as a FIFO; an SPSC channel | elements |
//!
//! `StackVec` and `StackString` share one raw core (an inline buffer and a length), so the unsafe
//! code that moves values in and out of the buffer exists once. `StackQueue` is a ring with two
//! positions instead of a length, so that its two ends can be split between a producer and a
//! consumer; it is its own core (`queue/mod.rs`).

mod core;
pub mod queue;
pub mod string;
pub mod vec;

pub use self::queue::StackQueue;
pub use self::string::StackString;
pub use self::vec::StackVec;
