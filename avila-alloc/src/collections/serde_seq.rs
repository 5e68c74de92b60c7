//! The one `Deserialize` algorithm of the sequence containers (feature `serde`): fill an empty
//! container from a sequence and refuse input longer than its capacity with an `invalid_length`
//! error that reports the real length, never a silent truncation.

use core::fmt;
use core::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, Error, IgnoredAny, SeqAccess, Visitor};

/// A container of capacity `N` that a sequence fills from the back, one value at a time.
pub(crate) trait BoundedSeq<T>: Sized {
    /// An empty container.
    fn empty() -> Self;

    /// Appends `value`, or gives it back when the container is full.
    fn try_append(&mut self, value: T) -> Result<(), T>;
}

/// Deserializes `C` (of capacity `N`) from a sequence of at most `N` values, first value first.
pub(crate) fn deserialize_seq<'de, D, C, T, const N: usize>(deserializer: D) -> Result<C, D::Error>
where
    D: Deserializer<'de>,
    C: BoundedSeq<T>,
    T: Deserialize<'de>,
{
    deserializer.deserialize_seq(SeqVisitor::<C, T, N>(PhantomData))
}

struct SeqVisitor<C, T, const N: usize>(PhantomData<(C, T)>);

impl<'de, C, T, const N: usize> Visitor<'de> for SeqVisitor<C, T, N>
where
    C: BoundedSeq<T>,
    T: Deserialize<'de>,
{
    type Value = C;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a sequence of at most {N} elements")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<C, A::Error> {
        // Length-prefixed formats announce the length: refuse before reading anything.
        if let Some(len) = seq.size_hint() {
            if len > N {
                return Err(A::Error::invalid_length(len, &self));
            }
        }
        let mut container = C::empty();
        while let Some(value) = seq.next_element()? {
            if container.try_append(value).is_err() {
                // Count the rest, so the error reports the real length of the input.
                let mut len = N + 1;
                while seq.next_element::<IgnoredAny>()?.is_some() {
                    len += 1;
                }
                return Err(A::Error::invalid_length(len, &self));
            }
        }
        Ok(container)
    }
}
