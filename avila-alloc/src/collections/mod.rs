//! Fixed-capacity containers with inline storage: they never allocate.
//!
//! | type | std counterpart | capacity unit |
//! |---|---|---|
//! | [`StackVec<T, N>`] | `Vec<T>` | elements |
//! | [`StackString<N>`] | `String` | bytes |
//! | [`StackDeque<T, N>`] | `VecDeque<T>` | elements |
//! | [`StackRing<T, N>`] | a `VecDeque<T>` that drops its oldest value when full | elements |
//!
//! `StackVec` and `StackString` share one raw core (an inline buffer and a length), so the unsafe code that moves values
//! in and out of the buffer exists once. `StackDeque` and `StackRing` share another one, a ring
//! buffer (a front slot, a length, and an inline buffer the values wrap around).

mod core;
pub mod deque;
pub mod ring;
mod ring_core;
pub mod string;
pub mod vec;

pub use self::deque::StackDeque;
pub use self::ring::StackRing;
pub use self::string::StackString;
pub use self::vec::StackVec;
