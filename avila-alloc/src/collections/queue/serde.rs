//! `serde` support for [`StackQueue`] (feature `serde`).

use core::fmt;
use core::marker::PhantomData;

use serde::de::{Error, IgnoredAny, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::StackQueue;

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
        deserializer.deserialize_seq(StackQueueVisitor(PhantomData))
    }
}

struct StackQueueVisitor<T, const N: usize>(PhantomData<T>);

impl<'de, T: Deserialize<'de>, const N: usize> Visitor<'de> for StackQueueVisitor<T, N> {
    type Value = StackQueue<T, N>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a sequence of at most {N} elements")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        // Length-prefixed formats announce the length: refuse before reading anything.
        if let Some(len) = seq.size_hint() {
            if len > N {
                return Err(A::Error::invalid_length(len, &self));
            }
        }
        let mut queue = StackQueue::new();
        while let Some(value) = seq.next_element()? {
            if queue.try_push(value).is_err() {
                // Count the rest, so the error reports the real length of the input.
                let mut len = N + 1;
                while seq.next_element::<IgnoredAny>()?.is_some() {
                    len += 1;
                }
                return Err(A::Error::invalid_length(len, &self));
            }
        }
        Ok(queue)
    }
}
