//! serde support of `StackDeque` and `StackRing`: round trips through serde_json like `VecDeque`,
//! and the capacity rule: too much input is an error, never a silent truncation (for the ring:
//! deserializing never overwrites).

extern crate alloc;

use alloc::collections::VecDeque;
use core::cell::Cell;

use avila_alloc::{StackDeque, StackRing};
use serde::Deserialize;
use serde::de::value::{Error as ValueError, SeqDeserializer};

#[test]
fn wrapped_deque_and_ring_round_trip_like_vec_deque() {
    let mut d: StackDeque<u32, 4> = StackDeque::from_array([3, 4]);
    d.push_front(2);
    d.push_front(1); // wraps
    let json = serde_json::to_string(&d).unwrap();
    assert_eq!(
        json,
        serde_json::to_string(&VecDeque::from([1, 2, 3, 4])).unwrap()
    );
    assert_eq!(
        serde_json::from_str::<StackDeque<u32, 4>>(&json).unwrap(),
        d
    );

    let mut r: StackRing<u32, 4> = StackRing::new();
    r.extend(0..7); // wraps: [3, 4, 5, 6]
    let json = serde_json::to_string(&r).unwrap();
    assert_eq!(json, "[3,4,5,6]", "oldest to newest");
    assert_eq!(serde_json::from_str::<StackRing<u32, 4>>(&json).unwrap(), r);

    let zero: StackDeque<u8, 0> = serde_json::from_str("[]").unwrap();
    assert!(zero.is_empty());
    assert!(serde_json::from_str::<StackRing<u8, 0>>("[1]").is_err());
}

#[test]
fn more_elements_than_capacity_is_an_error_with_the_real_length() {
    for (input, len) in [("[1,2,3,4,5]", 5), ("[1,2,3,4,5,6,7,8,9]", 9)] {
        let msg = serde_json::from_str::<StackDeque<u8, 4>>(input)
            .unwrap_err()
            .to_string();
        assert!(msg.contains("a sequence of at most 4 elements"), "{msg}");
        assert!(msg.contains(&format!("invalid length {len}")), "{msg}");
        let msg = serde_json::from_str::<StackRing<u8, 4>>(input)
            .unwrap_err()
            .to_string();
        assert!(msg.contains("a sequence of at most 4 elements"), "{msg}");
        assert!(msg.contains(&format!("invalid length {len}")), "{msg}");
    }
    assert_eq!(
        serde_json::from_str::<StackRing<u8, 4>>("[1,2,3,4]").unwrap(),
        [1, 2, 3, 4]
    );
}

std::thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
}

/// Counts its live instances, so a failed deserialization can be checked for leaks.
struct Counted;

impl<'de> Deserialize<'de> for Counted {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        u8::deserialize(d)?;
        LIVE.with(|live| live.set(live.get() + 1));
        Ok(Self)
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        LIVE.with(|live| live.set(live.get() - 1));
    }
}

#[test]
fn failed_deserialization_drops_what_it_read() {
    let live = || LIVE.with(Cell::get);
    assert!(serde_json::from_str::<StackDeque<Counted, 2>>("[1,2,3,4]").is_err());
    assert!(serde_json::from_str::<StackRing<Counted, 2>>("[1,2,3,4]").is_err());
    assert!(serde_json::from_str::<StackDeque<Counted, 4>>("[1,2,-1]").is_err());
    assert!(serde_json::from_str::<StackRing<Counted, 4>>("[1,2,-1]").is_err());
    assert_eq!(live(), 0, "the values read are dropped, none twice");
    let ok = serde_json::from_str::<StackRing<Counted, 4>>("[1,2]").unwrap();
    assert_eq!((ok.len(), live()), (2, 2));
    drop(ok);
    assert_eq!(live(), 0);
}

#[test]
fn an_announced_length_is_refused_before_reading_elements() {
    let pulled = Cell::new(0);
    let items = (0..5_u8).inspect(|_| pulled.set(pulled.get() + 1));
    let err =
        StackDeque::<u8, 4>::deserialize(SeqDeserializer::<_, ValueError>::new(items)).unwrap_err();
    assert_eq!(pulled.get(), 0, "refused from the announced length");
    assert!(err.to_string().contains("invalid length 5"), "{err}");
    let items = (0..5_u8).inspect(|_| pulled.set(pulled.get() + 1));
    let err =
        StackRing::<u8, 4>::deserialize(SeqDeserializer::<_, ValueError>::new(items)).unwrap_err();
    assert_eq!(pulled.get(), 0, "refused from the announced length");
    assert!(err.to_string().contains("invalid length 5"), "{err}");

    let items = (0..4_u8).inspect(|_| pulled.set(pulled.get() + 1));
    let d = StackDeque::<u8, 4>::deserialize(SeqDeserializer::<_, ValueError>::new(items)).unwrap();
    assert_eq!((d, pulled.get()), (StackDeque::from([0, 1, 2, 3]), 4));
}
