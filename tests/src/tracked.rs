//! [`Tracked`]: an element type that counts its live instances.

use core::borrow::Borrow;
use core::cell::Cell;
use core::cmp::Ordering;
use core::fmt;
use core::hash::{Hash, Hasher};

std::thread_local! {
    /// Live `Tracked` values created on this thread and not yet dropped.
    static LIVE: Cell<isize> = const { Cell::new(0) };
}

/// An element that counts its live instances in a thread-local counter: creating or cloning one
/// increments it, dropping one decrements it. A leak leaves the counter too high, a double drop
/// makes it too low.
///
/// Comparisons, hashing and `Debug` look at the value only, exactly like a `u16` would (so a
/// `StackVec<Tracked, N>` hashes and prints like the `Vec<u16>` model), and `Tracked` compares
/// equal to a `u16` in both directions.
///
/// # Examples
///
/// ```
/// use avila_alloc_tests::Tracked;
///
/// let before = Tracked::live();
/// let a = Tracked::new(7);
/// let b = a.clone();
/// assert_eq!(Tracked::live(), before + 2);
/// assert_eq!(a, 7);
/// drop((a, b));
/// assert_eq!(Tracked::live(), before);
/// ```
pub struct Tracked {
    /// The payload; the only thing comparisons look at.
    pub value: u16,
}

impl Tracked {
    /// Creates a tracked value, counting it as live.
    #[must_use]
    pub fn new(value: u16) -> Self {
        LIVE.with(|live| live.set(live.get() + 1));
        Self { value }
    }

    /// The number of `Tracked` values alive on the current thread.
    #[must_use]
    pub fn live() -> isize {
        LIVE.with(Cell::get)
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        LIVE.with(|live| live.set(live.get() - 1));
    }
}

impl Clone for Tracked {
    fn clone(&self) -> Self {
        Self::new(self.value)
    }
}

impl fmt::Debug for Tracked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.value, f)
    }
}

impl PartialEq for Tracked {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl Eq for Tracked {}

impl PartialOrd for Tracked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Tracked {
    fn cmp(&self, other: &Self) -> Ordering {
        self.value.cmp(&other.value)
    }
}

impl Hash for Tracked {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl PartialEq<u16> for Tracked {
    fn eq(&self, other: &u16) -> bool {
        self.value == *other
    }
}

impl PartialEq<Tracked> for u16 {
    fn eq(&self, other: &Tracked) -> bool {
        *self == other.value
    }
}

/// Hashes and compares like its `u16`, so maps and sets of `Tracked` can be looked up by `u16`
/// (the `Borrow<Q>` path of their lookup methods).
impl Borrow<u16> for Tracked {
    fn borrow(&self) -> &u16 {
        &self.value
    }
}

/// `Tracked::new(0)`, counted as live (for `or_default` and other `Default` users).
impl Default for Tracked {
    fn default() -> Self {
        Self::new(0)
    }
}
