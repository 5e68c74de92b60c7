//! `serde` support for [`StackHashSet`] (feature `serde`).

use core::fmt;
use core::hash::{BuildHasher, Hash};
use core::marker::PhantomData;

use serde::de::{Error, IgnoredAny, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::StackHashSet;

/// Requires the `serde` feature. Serializes as a sequence, like `HashSet<T>`, in iteration order.
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl<T: Serialize, const N: usize, S> Serialize for StackHashSet<T, N, S> {
    fn serialize<Ser: Serializer>(&self, serializer: Ser) -> Result<Ser::Ok, Ser::Error> {
        serializer.collect_seq(self)
    }
}

/// Requires the `serde` feature. Deserializes a sequence of at most `N` distinct values
/// (duplicates collapse, as in `HashSet`); more is an `invalid_length` error, never a silent
/// truncation.
///
/// ```
/// use avila_alloc::StackHashSet;
///
/// let set: StackHashSet<u8, 2> = serde_json::from_str("[1, 2, 1]").unwrap();
/// assert_eq!(set.len(), 2);
/// let err = serde_json::from_str::<StackHashSet<u8, 2>>("[1, 2, 3]").unwrap_err();
/// assert!(err.to_string().contains("a sequence of at most 2 distinct values"));
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl<'de, T, const N: usize, S> Deserialize<'de> for StackHashSet<T, N, S>
where
    T: Deserialize<'de> + Eq + Hash,
    S: BuildHasher + Default,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(SetVisitor(PhantomData))
    }
}

struct SetVisitor<T, const N: usize, S>(PhantomData<(T, S)>);

impl<'de, T, const N: usize, S> Visitor<'de> for SetVisitor<T, N, S>
where
    T: Deserialize<'de> + Eq + Hash,
    S: BuildHasher + Default,
{
    type Value = StackHashSet<T, N, S>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a sequence of at most {N} distinct values")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut set = StackHashSet::default();
        let mut read = 0;
        while let Some(value) = seq.next_element()? {
            read += 1;
            if set.insert(value).is_err() {
                // Count the rest, so the error reports the real length of the input.
                while seq.next_element::<IgnoredAny>()?.is_some() {
                    read += 1;
                }
                return Err(A::Error::invalid_length(read, &self));
            }
        }
        Ok(set)
    }
}
