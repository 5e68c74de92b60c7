//! `serde` support for [`StackQueue`] (feature `serde`).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::StackQueue;
use crate::collections::serde_seq::{BoundedSeq, deserialize_seq};
use crate::error::CapacityError;

/// Requires the `serde` feature. Serializes as a sequence, front first, like `VecDeque<T>`.
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl<T: Serialize, const N: usize> Serialize for StackQueue<T, N> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self)
    }
}

/// Requires the `serde` feature. Deserializes a sequence of at most `N` elements, the first at
/// the front; a longer one is an `invalid_length` error, never a silent truncation.
///
/// ```
/// use avila_alloc::StackQueue;
///
/// let mut q: StackQueue<u8, 3> = serde_json::from_str("[1, 2, 3]").unwrap();
/// assert_eq!(q.pop(), Some(1));
///
/// let err = serde_json::from_str::<StackQueue<u8, 3>>("[1, 2, 3, 4]").unwrap_err();
/// assert!(err.to_string().contains("at most 3 elements"));
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl<'de, T: Deserialize<'de>, const N: usize> Deserialize<'de> for StackQueue<T, N> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_seq::<D, Self, T, N>(deserializer)
    }
}

impl<T, const N: usize> BoundedSeq<T> for StackQueue<T, N> {
    fn empty() -> Self {
        Self::new()
    }

    fn try_append(&mut self, value: T) -> Result<(), T> {
        self.try_push(value).map_err(CapacityError::element)
    }
}
