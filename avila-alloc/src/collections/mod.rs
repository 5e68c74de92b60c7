//! Fixed-capacity containers with inline storage: they never allocate.
//!
//! | type | std counterpart | capacity unit |
//! |---|---|---|
//! | [`StackVec<T, N>`] | `Vec<T>` | elements |
//! | [`StackString<N>`] | `String` | bytes |
//! | [`StackBox<T, N>`] | `Box<T>` (also `Box<dyn Trait>`) | bytes |
//!
//! `StackVec` and `StackString` share one raw core (an inline buffer and a length), so the unsafe
//! code that moves values in and out of the buffer exists once.

pub mod boxed;
mod core;
pub mod string;
pub mod vec;

pub use self::boxed::StackBox;
pub use self::string::StackString;
pub use self::vec::StackVec;
