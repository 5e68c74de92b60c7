//! The borrow bookkeeping of a [`StackRefCell`](super::StackRefCell): the borrow count, and where
//! the borrows still held were taken.

use core::cell::Cell;
use core::fmt;
use core::panic::Location;

/// How many distinct source locations of held borrows a cell remembers.
pub(super) const HOLDER_SLOTS: usize = 2;

/// A guard's holder slot when its location could not be recorded (every slot held another
/// location, or a slot's count was saturated).
pub(super) const UNRECORDED: u8 = u8::MAX;

/// A source location in the borrow records.
type Site = &'static Location<'static>;

/// The borrow count of a cell plus the locations of the borrows it holds.
///
/// `state` counts like std's `RefCell`: `n > 0` shared borrows, `-n` mutable guards (more than one
/// only after [`RefMut::map_split`](super::RefMut::map_split)), `0` free. Slot `i` records a
/// location `at[i]` and how many live guards were taken there (`counts[i]`); a slot with a count
/// of zero is empty. A location is written only while a guard taken there is alive, so every
/// location a report names is the place of a borrow still held.
pub(super) struct Borrows {
    state: Cell<isize>,
    at: [Cell<Option<Site>>; HOLDER_SLOTS],
    counts: [Cell<u32>; HOLDER_SLOTS],
}

impl Borrows {
    #[inline]
    pub(super) const fn new() -> Self {
        Self {
            state: Cell::new(0),
            at: [const { Cell::new(None) }; HOLDER_SLOTS],
            counts: [const { Cell::new(0) }; HOLDER_SLOTS],
        }
    }

    /// The current state, as a public value.
    #[inline]
    pub(super) fn state(&self) -> BorrowState {
        match self.state.get() {
            0 => BorrowState::Unused,
            n if n > 0 => BorrowState::Shared(n.unsigned_abs()),
            n => BorrowState::Mutable(n.unsigned_abs()),
        }
    }

    /// Takes a shared borrow at `site`; returns its holder slot.
    #[track_caller]
    #[inline]
    pub(super) fn take_shared(&self, site: Site) -> Result<u8, BorrowError> {
        let state = self.state.get();
        if state < 0 {
            return Err(BorrowError {
                conflict: self.conflict(),
            });
        }
        self.state.set(increment(state));
        Ok(self.enter(site))
    }

    /// Takes the mutable borrow at `site`; returns its holder slot.
    #[inline]
    pub(super) fn take_mut(&self, site: Site) -> Result<u8, BorrowMutError> {
        if self.state.get() != 0 {
            return Err(BorrowMutError {
                conflict: self.conflict(),
            });
        }
        self.state.set(-1);
        Ok(self.enter(site))
    }

    /// One more shared guard from an existing one (`Ref::clone`, `Ref::map_split`); returns the
    /// new guard's slot.
    #[track_caller]
    #[inline]
    pub(super) fn share_again(&self, slot: u8) -> u8 {
        self.state.set(increment(self.state.get()));
        self.again(slot)
    }

    /// One more mutable guard from an existing one (`RefMut::map_split`); returns its slot.
    #[track_caller]
    #[inline]
    pub(super) fn split_mut(&self, slot: u8) -> u8 {
        let state = self.state.get();
        debug_assert!(state < 0, "split of a mutable borrow that is not held");
        let Some(next) = state.checked_sub(1) else {
            panic!("too many mutable guards of one StackRefCell")
        };
        self.state.set(next);
        self.again(slot)
    }

    /// Ends a shared borrow held in `slot`.
    #[inline]
    pub(super) fn release_shared(&self, slot: u8) {
        let state = self.state.get();
        debug_assert!(state > 0, "release of a shared borrow that is not held");
        self.state.set(state - 1);
        self.leave(slot);
    }

    /// Ends a mutable guard held in `slot`.
    #[inline]
    pub(super) fn release_mut(&self, slot: u8) {
        let state = self.state.get();
        debug_assert!(state < 0, "release of a mutable borrow that is not held");
        self.state.set(state + 1);
        self.leave(slot);
    }

    /// The locations of the borrows held, with how many guards each holds.
    pub(super) fn holders(&self) -> Holders {
        let mut sites = [None; HOLDER_SLOTS];
        let mut next = 0;
        for (at, count) in self.at.iter().zip(&self.counts) {
            if let (Some(site), n @ 1..) = (at.get(), count.get()) {
                sites[next] = Some((site, n));
                next += 1;
            }
        }
        Holders { sites, next: 0 }
    }

    /// The place recorded in `slot`, if any.
    #[inline]
    pub(super) fn site(&self, slot: u8) -> Option<Site> {
        self.at.get(usize::from(slot)).and_then(Cell::get)
    }

    #[cold]
    #[inline(never)]
    fn conflict(&self) -> Conflict {
        let mut sites = [None; HOLDER_SLOTS];
        let mut named = 0_usize;
        for (out, (site, count)) in sites.iter_mut().zip(self.holders()) {
            *out = Some(site);
            named += count as usize;
        }
        let held = self.state();
        let total = match held {
            BorrowState::Shared(n) | BorrowState::Mutable(n) => n,
            BorrowState::Unused => 0,
        };
        Conflict {
            held,
            sites,
            unnamed: total.saturating_sub(named),
        }
    }

    /// Records a new guard taken at `site`.
    #[inline]
    fn enter(&self, site: Site) -> u8 {
        let mut free = None;
        for (slot, (at, count)) in self.at.iter().zip(&self.counts).enumerate() {
            match count.get() {
                0 => {
                    if free.is_none() {
                        free = Some(slot);
                    }
                }
                n => {
                    if at.get().is_some_and(|held| same_site(held, site)) {
                        return match n.checked_add(1) {
                            Some(more) => {
                                count.set(more);
                                slot_index(slot)
                            }
                            None => UNRECORDED,
                        };
                    }
                }
            }
        }
        match free {
            Some(slot) => {
                self.at[slot].set(Some(site));
                self.counts[slot].set(1);
                slot_index(slot)
            }
            None => UNRECORDED,
        }
    }

    /// Records one more guard in `slot` (the slot of the guard it comes from).
    #[inline]
    fn again(&self, slot: u8) -> u8 {
        let Some(count) = self.counts.get(usize::from(slot)) else {
            return UNRECORDED;
        };
        match count.get().checked_add(1) {
            Some(more) => {
                count.set(more);
                slot
            }
            None => UNRECORDED,
        }
    }

    /// Forgets one guard of `slot`.
    #[inline]
    fn leave(&self, slot: u8) {
        let Some(count) = self.counts.get(usize::from(slot)) else {
            return;
        };
        let left = count.get() - 1;
        count.set(left);
        if left == 0 {
            self.at[usize::from(slot)].set(None);
        }
    }
}

/// `state + 1` for one more shared borrow; panics like std's `RefCell` when the count would
/// overflow (only reachable by leaking guards).
#[track_caller]
#[inline]
fn increment(state: isize) -> isize {
    match state.checked_add(1) {
        Some(next) => next,
        None => panic!("too many shared borrows of one StackRefCell"),
    }
}

#[inline]
fn slot_index(slot: usize) -> u8 {
    // HOLDER_SLOTS is far below u8::MAX (UNRECORDED), so this never truncates.
    slot as u8
}

/// Whether two locations name the same place (the same `Location` is usually the same static,
/// so the pointer test decides most calls).
#[inline]
fn same_site(a: Site, b: Site) -> bool {
    core::ptr::eq(a, b) || a == b
}

/// The borrow state of a [`StackRefCell`](super::StackRefCell), from
/// [`borrow_state`](super::StackRefCell::borrow_state).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BorrowState {
    /// No borrow is held.
    Unused,
    /// This many shared borrows ([`Ref`](super::Ref)s) are held.
    Shared(usize),
    /// The value is mutably borrowed, by this many [`RefMut`](super::RefMut)s (more than one only
    /// after [`RefMut::map_split`](super::RefMut::map_split)).
    Mutable(usize),
}

/// The places where the borrows of a cell were taken, with how many guards from each place are
/// alive: from [`StackRefCell::holders`](super::StackRefCell::holders).
///
/// A cell remembers two places; a borrow taken while two other places held borrows is counted
/// (in [`BorrowState`]) but not named.
#[derive(Clone, Debug)]
pub struct Holders {
    sites: [Option<(Site, u32)>; HOLDER_SLOTS],
    next: usize,
}

impl Iterator for Holders {
    type Item = (&'static Location<'static>, u32);

    fn next(&mut self) -> Option<Self::Item> {
        let item = *self.sites.get(self.next)?;
        self.next += 1;
        item
    }
}

/// What a refused borrow ran into: the borrow state and where its borrows were taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Conflict {
    held: BorrowState,
    sites: [Option<Site>; HOLDER_SLOTS],
    /// Guards held whose place is not in `sites`.
    unnamed: usize,
}

impl Conflict {
    fn holders(&self) -> impl Iterator<Item = &'static Location<'static>> + '_ {
        self.sites.iter().flatten().copied()
    }
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.held {
            BorrowState::Mutable(1) => f.write_str("it is mutably borrowed")?,
            BorrowState::Mutable(n) => write!(f, "it is mutably borrowed by {n} split guards")?,
            BorrowState::Shared(1) => f.write_str("it is borrowed")?,
            BorrowState::Shared(n) => write!(f, "it is borrowed {n} times")?,
            BorrowState::Unused => return f.write_str("it is not borrowed"),
        }
        let mut sites = self.holders();
        if let Some(first) = sites.next() {
            write!(f, " (taken at {first}")?;
            for site in sites {
                write!(f, ", at {site}")?;
            }
            if self.unnamed > 0 {
                write!(f, " and {} more elsewhere", self.unnamed)?;
            }
            f.write_str(")")?;
        }
        Ok(())
    }
}

/// The error of [`StackRefCell::try_borrow`](super::StackRefCell::try_borrow): the value is
/// mutably borrowed. It says where that borrow was taken.
///
/// ```
/// use avila_alloc::rc::StackRefCell;
///
/// let cell = StackRefCell::new(1);
/// let guard = cell.borrow_mut();
/// let error = cell.try_borrow().unwrap_err();
/// let held_at = error.held_at().next().unwrap();
/// assert_eq!(held_at.line(), line!() - 3);
/// assert!(error.to_string().contains(file!()));
/// # drop(guard);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BorrowError {
    conflict: Conflict,
}

impl BorrowError {
    /// The places where the borrows that refused this one were taken (at most two).
    pub fn held_at(&self) -> impl Iterator<Item = &'static Location<'static>> + '_ {
        self.conflict.holders()
    }

    /// The cell's state when the borrow was refused.
    #[must_use]
    pub const fn state(&self) -> BorrowState {
        self.conflict.held
    }
}

impl fmt::Display for BorrowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StackRefCell cannot be borrowed: {}", self.conflict)
    }
}

impl core::error::Error for BorrowError {}

/// The error of [`StackRefCell::try_borrow_mut`](super::StackRefCell::try_borrow_mut): the value
/// is borrowed. It says where the borrows still held were taken.
///
/// ```
/// use avila_alloc::rc::StackRefCell;
///
/// let cell = StackRefCell::new(1);
/// let reader = cell.borrow();
/// let error = cell.try_borrow_mut().unwrap_err();
/// assert_eq!(error.held_at().next().unwrap().line(), line!() - 2);
/// # drop(reader);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BorrowMutError {
    conflict: Conflict,
}

impl BorrowMutError {
    /// The places where the borrows that refused this one were taken (at most two).
    pub fn held_at(&self) -> impl Iterator<Item = &'static Location<'static>> + '_ {
        self.conflict.holders()
    }

    /// The cell's state when the borrow was refused.
    #[must_use]
    pub const fn state(&self) -> BorrowState {
        self.conflict.held
    }
}

impl fmt::Display for BorrowMutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "StackRefCell cannot be borrowed mutably: {}",
            self.conflict
        )
    }
}

impl core::error::Error for BorrowMutError {}
