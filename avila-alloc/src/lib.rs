#![doc = include_str!("../README.md")]
#![no_std]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(any(test, feature = "std"))]
extern crate std;

pub mod collections;
pub mod error;
mod macros;
#[cfg(test)]
mod test_util;

pub use crate::collections::{StackDeque, StackRing};
pub use crate::collections::{StackString, StackVec};
pub use crate::error::{AllocError, AllocErrorKind, CapacityError, FromUtf8Error};
