//! `serde` support for [`StackHashMap`] (feature `serde`).

use core::fmt;
use core::hash::{BuildHasher, Hash};
use core::marker::PhantomData;

use serde::de::{Error, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::StackHashMap;

/// Requires the `serde` feature. Serializes as a map, like `HashMap<K, V>`, in iteration order.
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl<K: Serialize, V: Serialize, const N: usize, S> Serialize for StackHashMap<K, V, N, S> {
    fn serialize<Ser: Serializer>(&self, serializer: Ser) -> Result<Ser::Ok, Ser::Error> {
        serializer.collect_map(self)
    }
}

/// Requires the `serde` feature. Deserializes a map of at most `N` distinct keys (a repeated key
/// keeps its last value, as `HashMap` does); more is an `invalid_length` error, never a silent
/// truncation.
///
/// ```
/// use avila_alloc::StackHashMap;
///
/// let map: StackHashMap<String, u8, 2> = serde_json::from_str(r#"{"a": 1, "b": 2}"#).unwrap();
/// assert_eq!(map["b"], 2);
///
/// let err = serde_json::from_str::<StackHashMap<String, u8, 2>>(r#"{"a": 1, "b": 2, "c": 3}"#)
///     .unwrap_err();
/// assert!(err.to_string().contains("a map of at most 2 entries"));
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl<'de, K, V, const N: usize, S> Deserialize<'de> for StackHashMap<K, V, N, S>
where
    K: Deserialize<'de> + Eq + Hash,
    V: Deserialize<'de>,
    S: BuildHasher + Default,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

struct MapVisitor<K, V, const N: usize, S>(PhantomData<(K, V, S)>);

impl<'de, K, V, const N: usize, S> Visitor<'de> for MapVisitor<K, V, N, S>
where
    K: Deserialize<'de> + Eq + Hash,
    V: Deserialize<'de>,
    S: BuildHasher + Default,
{
    type Value = StackHashMap<K, V, N, S>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a map of at most {N} entries")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
        let mut map = StackHashMap::default();
        let mut read = 0;
        while let Some((key, value)) = access.next_entry()? {
            read += 1;
            if map.insert(key, value).is_err() {
                // Count the rest, so the error reports the real number of entries.
                while access.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {
                    read += 1;
                }
                return Err(A::Error::invalid_length(read, &self));
            }
        }
        Ok(map)
    }
}
