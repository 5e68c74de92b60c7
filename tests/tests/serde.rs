//! serde support of `StackVec` and `StackString`: round trips through serde_json, and the
//! capacity rule: too much input is an error, never a silent truncation.

use core::cell::Cell;

use avila_alloc::{StackString, StackVec};
use serde::de::value::{BytesDeserializer, Error as ValueError, SeqDeserializer, StrDeserializer};
use serde::{Deserialize, Serialize};

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Record {
    name: StackString<8>,
    tags: StackVec<StackString<4>, 2>,
    samples: StackVec<i16, 3>,
}

#[test]
fn stack_vec_round_trips_like_vec() {
    let v: StackVec<u32, 4> = StackVec::from_array([1, 2, 3]);
    let json = serde_json::to_string(&v).unwrap();
    assert_eq!(
        json,
        serde_json::to_string(&vec![1_u32, 2, 3]).unwrap(),
        "serialized like Vec"
    );
    assert_eq!(json, "[1,2,3]");
    assert_eq!(serde_json::from_str::<StackVec<u32, 4>>(&json).unwrap(), v);

    let empty: StackVec<String, 2> = StackVec::new();
    assert_eq!(serde_json::to_string(&empty).unwrap(), "[]");
    assert!(
        serde_json::from_str::<StackVec<String, 2>>("[]")
            .unwrap()
            .is_empty()
    );

    let full: StackVec<String, 2> = StackVec::from(["a".to_owned(), "b\"c".to_owned()]);
    let json = serde_json::to_string(&full).unwrap();
    assert_eq!(
        serde_json::from_str::<StackVec<String, 2>>(&json).unwrap(),
        full
    );

    let zero: StackVec<u8, 0> = serde_json::from_str("[]").unwrap();
    assert!(zero.is_empty());
}

#[test]
fn stack_vec_with_more_elements_than_capacity_is_an_error() {
    for (input, len) in [("[1,2,3,4,5]", 5), ("[1,2,3,4,5,6,7,8,9]", 9)] {
        let err = serde_json::from_str::<StackVec<u8, 4>>(input).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("a sequence of at most 4 elements"), "{msg}");
        assert!(
            msg.contains(&format!("invalid length {len}")),
            "reports the real length: {msg}"
        );
    }
    assert!(serde_json::from_str::<StackVec<u8, 0>>("[1]").is_err());
    // Exactly the capacity is fine.
    assert_eq!(
        serde_json::from_str::<StackVec<u8, 4>>("[1,2,3,4]").unwrap(),
        [1, 2, 3, 4]
    );
    // An element error is still reported as such.
    assert!(
        serde_json::from_str::<StackVec<u8, 4>>("[1,256]")
            .unwrap_err()
            .to_string()
            .contains("256")
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
fn failed_stack_vec_deserialization_drops_what_it_read() {
    let live = || LIVE.with(Cell::get);
    assert!(serde_json::from_str::<StackVec<Counted, 2>>("[1,2,3,4]").is_err());
    assert_eq!(
        live(),
        0,
        "too many elements: the ones read are dropped, none twice"
    );
    assert!(serde_json::from_str::<StackVec<Counted, 4>>("[1,2,-1]").is_err());
    assert_eq!(
        live(),
        0,
        "element error: the ones read are dropped, none twice"
    );
    let ok = serde_json::from_str::<StackVec<Counted, 4>>("[1,2]").unwrap();
    assert_eq!((ok.len(), live()), (2, 2));
    drop(ok);
    assert_eq!(live(), 0);
}

#[test]
fn stack_vec_refuses_an_announced_length_before_reading_elements() {
    // `SeqDeserializer` over an exact-size iterator announces the length through `size_hint`,
    // like length-prefixed formats do.
    let pulled = Cell::new(0);
    let items = (0..5_u8).inspect(|_| pulled.set(pulled.get() + 1));
    let err =
        StackVec::<u8, 4>::deserialize(SeqDeserializer::<_, ValueError>::new(items)).unwrap_err();
    assert_eq!(
        pulled.get(),
        0,
        "refused from the announced length, before reading any element"
    );
    assert!(err.to_string().contains("invalid length 5"), "{err}");

    let items = (0..4_u8).inspect(|_| pulled.set(pulled.get() + 1));
    let v = StackVec::<u8, 4>::deserialize(SeqDeserializer::<_, ValueError>::new(items)).unwrap();
    assert_eq!((v, pulled.get()), (StackVec::from([0, 1, 2, 3]), 4));
}

#[test]
fn stack_string_round_trips_like_string() {
    for text in ["", "hello", "héllo €", "tab\tquote\"", "😀😀😀😀"] {
        let s: StackString<16> = StackString::try_from(text).unwrap();
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(
            json,
            serde_json::to_string(text).unwrap(),
            "serialized like str"
        );
        assert_eq!(
            serde_json::from_str::<StackString<16>>(&json).unwrap(),
            text
        );
    }
}

#[test]
fn stack_string_longer_than_capacity_is_an_error() {
    let err = serde_json::from_str::<StackString<4>>("\"hello\"")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("a string of at most 4 bytes") && err.contains("invalid length 5"),
        "{err}"
    );
    // The capacity counts bytes, not chars: "ééé" is 6 bytes.
    assert!(serde_json::from_str::<StackString<5>>("\"ééé\"").is_err());
    assert_eq!(
        serde_json::from_str::<StackString<6>>("\"ééé\"").unwrap(),
        "ééé"
    );
    // Escapes are decoded before the length is checked: "a\nb" is 3 bytes.
    assert_eq!(
        serde_json::from_str::<StackString<3>>(r#""a\nb""#).unwrap(),
        "a\nb"
    );
    assert!(serde_json::from_str::<StackString<2>>(r#""a\nb""#).is_err());
    assert!(serde_json::from_str::<StackString<0>>("\"x\"").is_err());
    assert!(
        serde_json::from_str::<StackString<0>>("\"\"")
            .unwrap()
            .is_empty()
    );
}

#[test]
fn stack_string_from_str_and_bytes_deserializers() {
    let de = StrDeserializer::<ValueError>::new("abc");
    assert_eq!(StackString::<3>::deserialize(de).unwrap(), "abc");
    let de = StrDeserializer::<ValueError>::new("abcd");
    assert!(StackString::<3>::deserialize(de).is_err());

    let de = BytesDeserializer::<ValueError>::new("ok ✓".as_bytes());
    assert_eq!(StackString::<8>::deserialize(de).unwrap(), "ok ✓");
    let de = BytesDeserializer::<ValueError>::new(b"toolong");
    assert!(StackString::<4>::deserialize(de).is_err());
    let de = BytesDeserializer::<ValueError>::new(b"ab\xff");
    let err = StackString::<8>::deserialize(de).unwrap_err();
    assert!(
        err.to_string().contains("a string of at most 8 bytes"),
        "invalid UTF-8: {err}"
    );
}

#[test]
fn nested_containers_round_trip_and_never_truncate() {
    let record = Record {
        name: StackString::try_from("sensor").unwrap(),
        tags: StackVec::from([
            StackString::try_from("a").unwrap(),
            StackString::try_from("é").unwrap(),
        ]),
        samples: StackVec::from_array([-1, 2]),
    };
    let json = serde_json::to_string(&record).unwrap();
    assert_eq!(
        json,
        r#"{"name":"sensor","tags":["a","é"],"samples":[-1,2]}"#
    );
    assert_eq!(serde_json::from_str::<Record>(&json).unwrap(), record);

    for bad in [
        r#"{"name":"too long name","tags":[],"samples":[]}"#,
        r#"{"name":"x","tags":["a","b","c"],"samples":[]}"#,
        r#"{"name":"x","tags":["ééé"],"samples":[]}"#,
        r#"{"name":"x","tags":[],"samples":[1,2,3,4]}"#,
    ] {
        assert!(
            serde_json::from_str::<Record>(bad).is_err(),
            "{bad} must not be truncated"
        );
    }
}
