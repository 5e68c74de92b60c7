//! `serde` support for [`StackDeque`] (feature `serde`).

use core::fmt;
use core::marker::PhantomData;

use serde::de::{Error, IgnoredAny, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::StackDeque;

/// Requires the `serde` feature. Serializes as a sequence, front to back, like `VecDeque<T>`.
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl<T: Serialize, const N: usize> Serialize for StackDeque<T, N> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self)
    }
}

/// Requires the `serde` feature. Deserializes a sequence of at most `N` elements, front to back; a
/// longer one is an `invalid_length` error, never a silent truncation.
///
/// ```
/// use avila_alloc::StackDeque;
///
/// let d: StackDeque<u8, 3> = serde_json::from_str("[1, 2, 3]").unwrap();
/// assert_eq!(d, [1, 2, 3]);
///
/// let err = serde_json::from_str::<StackDeque<u8, 3>>("[1, 2, 3, 4]").unwrap_err();
/// assert!(err.to_string().contains("at most 3 elements"));
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl<'de, T: Deserialize<'de>, const N: usize> Deserialize<'de> for StackDeque<T, N> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(StackDequeVisitor(PhantomData))
    }
}

struct StackDequeVisitor<T, const N: usize>(PhantomData<T>);

impl<'de, T: Deserialize<'de>, const N: usize> Visitor<'de> for StackDequeVisitor<T, N> {
    type Value = StackDeque<T, N>;

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
        let mut deque = StackDeque::new();
        while let Some(value) = seq.next_element()? {
            if deque.try_push_back(value).is_err() {
                // Count the rest, so the error reports the real length of the input.
                let mut len = N + 1;
                while seq.next_element::<IgnoredAny>()?.is_some() {
                    len += 1;
                }
                return Err(A::Error::invalid_length(len, &self));
            }
        }
        Ok(deque)
    }
}
