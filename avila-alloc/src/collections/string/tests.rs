// Test code imports from `std`: the `alloc` crate is only linked under the `alloc` feature.
#![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

use core::fmt::{self, Write as _};
use core::hash::BuildHasher;
use std::collections::hash_map::RandomState;
use std::string::{String, ToString};
use std::vec::Vec;
use std::{format, vec};

use super::StackString;
use crate::collections::StackVec;
use crate::test_util::expect_panic;

type S<const N: usize> = StackString<N>;

fn s<const N: usize>(text: &str) -> S<N> {
    S::try_from_str(text).unwrap()
}

#[test]
fn new_const_and_copy() {
    const HELLO: S<8> = match S::try_from_str("hello") {
        Ok(s) => s,
        Err(_) => panic!(),
    };
    static EMPTY: S<4> = S::new();
    assert!(EMPTY.is_empty());
    let a = HELLO;
    let b = a; // Copy
    assert_eq!(a, b);
    assert_eq!(
        (a.len(), a.capacity(), a.remaining_capacity(), a.is_full()),
        (5, 8, 3, false)
    );
    assert_eq!(S::<3>::CAPACITY, 3);
    assert_eq!(S::<2>::try_from_str("abc").unwrap_err().element(), "abc");
}

#[test]
fn push_chars_of_every_width() {
    let mut t: S<10> = S::new();
    for ch in ['a', 'é', '€', '𝄞'] {
        t.push(ch);
    }
    assert_eq!(t, "aé€𝄞");
    assert_eq!(t.len(), 10);
    assert!(t.is_full());
    assert_eq!(t.try_push('b').unwrap_err().element(), 'b');
    let mut u: S<3> = s("ab");
    assert_eq!(u.try_push('é').unwrap_err().element(), 'é'); // 2 bytes, 1 free
    assert_eq!(u, "ab");
    assert_eq!(
        expect_panic(|| u.push('€')),
        "StackString::push: capacity 3 exceeded (5 required)"
    );
    u.push('c');
    assert_eq!(u, "abc");
}

#[test]
fn push_str_all_or_nothing() {
    let mut t: S<6> = S::new();
    t.push_str("abc");
    assert_eq!(t.try_push_str("defg").unwrap_err().element(), "defg");
    assert_eq!(t, "abc");
    assert_eq!(
        expect_panic(|| t.push_str("defg")),
        "StackString::push_str: capacity 6 exceeded (7 required)"
    );
    t.push_str("def");
    t.push_str("");
    assert_eq!(t, "abcdef");
}

#[test]
fn pop_multibyte() {
    let mut t: S<16> = s("a€𝄞");
    assert_eq!(t.pop(), Some('𝄞'));
    assert_eq!(t.pop(), Some('€'));
    assert_eq!(t, "a");
    assert_eq!(t.pop(), Some('a'));
    assert_eq!(t.pop(), None);
}

#[test]
fn insert_and_insert_str() {
    let mut t: S<16> = s("aé");
    t.insert(0, '<');
    t.insert(t.len(), '>');
    t.insert(2, '€');
    assert_eq!(t, "<a€é>");
    t.insert_str(1, "xy");
    assert_eq!(t, "<xya€é>");
    assert_eq!(
        expect_panic(|| t.insert(6, 'z')),
        "StackString::insert: byte index 6 is not a char boundary"
    );
    assert_eq!(
        expect_panic(|| t.insert(60, 'z')),
        "StackString::insert: index 60 out of bounds (len 10)"
    );
    let mut full: S<4> = s("abc");
    assert_eq!(full.try_insert(1, 'é').unwrap_err().element(), 'é');
    assert_eq!(full.try_insert_str(0, "xy").unwrap_err().element(), "xy");
    assert_eq!(full, "abc");
    assert_eq!(
        expect_panic(|| full.insert_str(0, "xy")),
        "StackString::insert_str: capacity 4 exceeded (5 required)"
    );
    assert_eq!(
        expect_panic(|| full.insert(0, '€')),
        "StackString::insert: capacity 4 exceeded (6 required)"
    );
    full.insert(3, 'd');
    assert_eq!(full, "abcd");
}

#[test]
fn remove_by_byte_index() {
    let mut t: S<16> = s("a€b");
    assert_eq!(t.remove(1), '€');
    assert_eq!(t, "ab");
    assert_eq!(t.remove(1), 'b');
    assert_eq!(
        expect_panic(|| t.remove(1)),
        "StackString::remove: index 1 out of bounds (len 1)"
    );
    let mut u: S<8> = s("é");
    assert_eq!(
        expect_panic(|| u.remove(1)),
        "StackString::remove: byte index 1 is not a char boundary"
    );
    assert_eq!(u.remove(0), 'é');
    assert!(u.is_empty());
}

#[test]
fn truncate_clear_split_off() {
    let mut t: S<16> = s("héllo");
    t.truncate(10);
    assert_eq!(t, "héllo");
    assert_eq!(
        expect_panic(|| t.truncate(2)),
        "StackString::truncate: byte index 2 is not a char boundary"
    );
    t.truncate(3);
    assert_eq!(t, "hé");
    let mut u: S<16> = s("key=välue");
    let v = u.split_off(4);
    assert_eq!((u.as_str(), v.as_str()), ("key=", "välue"));
    assert_eq!(
        expect_panic(|| u.split_off(5).len()),
        "StackString::split_off: index 5 out of bounds (len 4)"
    );
    let mut w: S<8> = s("é");
    assert_eq!(
        expect_panic(|| w.split_off(1).len()),
        "StackString::split_off: byte index 1 is not a char boundary"
    );
    assert!(w.split_off(2).is_empty());
    w.clear();
    assert!(w.is_empty());
}

#[test]
fn retain_chars() {
    let mut t: S<32> = s("a1€2𝄞3é");
    t.retain(|c| !c.is_ascii_digit());
    assert_eq!(t, "a€𝄞é");
    t.retain(|c| c.len_utf8() > 2);
    assert_eq!(t, "€𝄞");
    t.retain(|_| false);
    assert!(t.is_empty());
}

#[test]
fn retain_survives_a_panicking_predicate() {
    let mut t: S<32> = s("ab€cd");
    let msg = expect_panic(|| {
        t.retain(|c| {
            assert!(c != 'c', "predicate panics");
            c != 'b'
        })
    });
    assert_eq!(msg, "predicate panics");
    assert_eq!(t, "a€cd"); // 'b' removed, the unvisited rest kept, still UTF-8
}

#[test]
fn drain_chars() {
    let mut t: S<32> = s("αβγδ");
    let mut d = t.drain(2..6);
    assert_eq!(d.as_str(), "βγ");
    assert_eq!(d.next_back(), Some('γ'));
    assert_eq!(d.next(), Some('β'));
    assert_eq!(d.next(), None);
    drop(d);
    assert_eq!(t, "αδ");
    let collected: String = t.drain(..).collect();
    assert_eq!(collected, "αδ");
    assert!(t.is_empty());

    let mut u: S<8> = s("abc");
    assert_eq!(format!("{:?}", u.drain(1..)), r#"Drain("bc")"#);
    assert_eq!(u, "a");
    let mut w: S<8> = s("abc");
    core::mem::forget(w.drain(..2));
    assert_eq!(w, "abc"); // a leaked drain leaves the string unchanged
    let mut x: S<8> = s("é");
    assert_eq!(
        expect_panic(|| x.drain(1..).count()),
        "StackString::drain: byte index 1 is not a char boundary"
    );
    assert_eq!(
        expect_panic(|| x.drain(..3).count()),
        "range end 3 out of range for length 2"
    );
}

#[test]
fn from_utf8_checks_and_gives_bytes_back() {
    let ok: StackVec<u8, 8> = StackVec::from_array(*b"caf\xc3\xa9");
    assert_eq!(S::from_utf8(ok).unwrap(), "café");
    let bad: StackVec<u8, 8> = StackVec::from_array(*b"ab\xffcd");
    let err = S::from_utf8(bad).unwrap_err();
    assert_eq!(err.utf8_error().valid_up_to(), 2);
    assert_eq!(err.as_bytes(), b"ab\xffcd");
    assert_eq!(
        err.to_string(),
        "invalid utf-8 sequence of 1 bytes from index 2"
    );
    assert!(core::error::Error::source(&err).is_some());
    assert_eq!(err.clone().into_bytes(), *b"ab\xffcd");
    assert!(format!("{err:?}").starts_with("FromUtf8Error { bytes: [97, 98, 255, 99, 100]"));
    let bytes: StackVec<u8, 4> = StackVec::from_array(*b"ok");
    // SAFETY: ASCII is UTF-8.
    let t = unsafe { S::from_utf8_unchecked(bytes) };
    assert_eq!(t.into_bytes(), *b"ok");
}

#[test]
fn fmt_write_is_all_or_nothing() {
    let mut t: S<8> = S::new();
    write!(t, "{}-{}", 12, 34).unwrap();
    assert_eq!(t, "12-34");
    assert!(write!(t, "{}", 5678).is_err());
    assert_eq!(t, "12-34"); // the piece that did not fit was not written
    let (a, b) = ("ab", "cdef"); // variables: literals would be folded into one piece
    assert!(write!(t, "{a}{b}").is_err());
    assert_eq!(t, "12-34"); // rolled back: "ab" fit, "cdef" did not
    assert!(write!(t, "{:>6}", 1).is_err()); // padding is written char by char
    assert_eq!(t, "12-34");
    t.write_char('!').unwrap();
    assert!(t.write_char('€').is_err());
    assert!(t.write_str("abc").is_err());
    assert_eq!(t, "12-34!");
    writeln!(t, "x").unwrap();
    assert_eq!(t, "12-34!x\n");
}

#[test]
fn stack_format_and_try_from_fmt() {
    let a: S<16> = crate::stack_format!("{:>4}|{:<3}|", 7, "ab").unwrap();
    assert_eq!(a, "   7|ab |");
    let b = crate::stack_format!(5; "{}", "fits!").unwrap();
    assert_eq!((b.as_str(), b.capacity()), ("fits!", 5));
    assert_eq!(
        crate::stack_format!(5; "{}", "too long")
            .unwrap_err()
            .capacity(),
        5
    );
    assert_eq!(crate::stack_format!(3; "static").unwrap_err().capacity(), 3);
    assert_eq!(crate::stack_format!(6; "static").unwrap(), "static");

    struct Broken;
    impl fmt::Display for Broken {
        fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
            Err(fmt::Error)
        }
    }
    let msg = expect_panic(|| S::<8>::try_from_fmt(format_args!("{}", Broken)));
    assert_eq!(
        msg,
        "a formatting trait implementation returned an error on its own"
    );
}

#[test]
fn comparisons_order_and_hash_agree_with_str() {
    let a: S<8> = s("abc");
    let b: S<16> = s("abc");
    let c: S<8> = s("abd");
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert!(a < c && b < c);
    assert_eq!(a.cmp(&c), "abc".cmp("abd"));
    assert_eq!(a.partial_cmp("abb"), Some(core::cmp::Ordering::Greater));
    assert_eq!("abb".partial_cmp(&a), Some(core::cmp::Ordering::Less));
    assert_eq!(a, "abc");
    assert_eq!("abc", a);
    assert_eq!(a, *"abc");
    assert_eq!(*"abc", a);
    let mut owned = String::from("abc");
    assert_eq!(a, owned.as_mut_str());
    assert_eq!(owned.as_mut_str(), a);

    let state = RandomState::new();
    assert_eq!(state.hash_one(a), state.hash_one("abc"));
    assert_eq!(state.hash_one(a), state.hash_one(String::from("abc")));
    let mut set = std::collections::HashSet::new();
    set.insert(a);
    assert!(set.contains("abc"));
    let mut sorted: Vec<S<8>> = vec![s("b"), s("a"), s("ab")];
    sorted.sort();
    assert_eq!(sorted, [s::<8>("a"), s("ab"), s("b")]);
}

#[test]
fn conversions_and_parsing() {
    let t: S<4> = "abcd".parse().unwrap();
    assert_eq!(t, "abcd");
    assert_eq!("abcde".parse::<S<4>>().unwrap_err().capacity(), 4);
    assert_eq!(S::<2>::try_from("abc").unwrap_err().element(), "abc");
    let mut m = String::from("xyz");
    assert_eq!(
        S::<2>::try_from(m.as_mut_str()).unwrap_err().element(),
        "xyz"
    );
    assert_eq!(S::<4>::try_from(m.as_mut_str()).unwrap(), "xyz");
    assert_eq!(S::<4>::try_from('€').unwrap(), "€");
    assert_eq!(S::<2>::try_from('€').unwrap_err().element(), '€');
    let r: &str = t.as_ref();
    let b: &[u8] = t.as_ref();
    assert_eq!((r, b), ("abcd", &b"abcd"[..]));
    let mut u = t;
    u.make_ascii_uppercase(); // through DerefMut
    let m: &mut str = u.as_mut();
    assert_eq!(m, "ABCD");
    assert_eq!(&u[1..3], "BC");
    assert_eq!(format!("{u}|{u:?}|{u:>6}"), r#"ABCD|"ABCD"|  ABCD"#);
    assert_eq!(S::<2>::default(), "");
}

#[cfg(feature = "alloc")]
#[test]
fn alloc_conversions_and_comparisons() {
    use std::borrow::Cow;
    let a: S<8> = s("abc");
    assert_eq!(a, String::from("abc"));
    assert_eq!(String::from("abc"), a);
    assert_ne!(a, String::from("abcd"));
    assert_eq!(a, Cow::Borrowed("abc"));
    assert_eq!(Cow::<str>::Owned("abc".into()), a);
    assert_eq!(S::<4>::try_from(String::from("ab")).unwrap(), "ab");
    assert_eq!(
        S::<1>::try_from(String::from("ab")).unwrap_err().element(),
        "ab"
    );
    let back: String = a.into();
    assert_eq!(back, "abc");
}

#[test]
fn iterator_traits() {
    let t: S<8> = "abc".chars().collect();
    assert_eq!(t, "abc");
    let u: S<8> = ["ab", "cd"].into_iter().collect();
    assert_eq!(u, "abcd");
    let mut v: S<6> = S::new();
    v.extend(['x', 'y']);
    v.extend(&['z']);
    v.extend(["12"]);
    assert_eq!(v, "xyz12");
    assert_eq!(
        expect_panic(|| v.extend(["34"])),
        "StackString::extend: capacity 6 exceeded (7 required)"
    );
    assert_eq!(v, "xyz12"); // never a partial piece
    assert_eq!(
        expect_panic(|| v.extend(['3', '4'])),
        "StackString::extend: capacity 6 exceeded (7 required)"
    );
    assert_eq!(v, "xyz123");
    assert_eq!(
        expect_panic(|| "abcdefg".chars().collect::<S<6>>()),
        "StackString::extend: capacity 6 exceeded (7 required)"
    );

    let mut source = "abcdef".chars();
    let err = S::<3>::try_from_iter(source.by_ref()).unwrap_err();
    assert_eq!(err.element(), 'd');
    assert_eq!(source.as_str(), "ef");
    let mut w: S<3> = S::new();
    assert_eq!(w.try_extend("a€".chars()).unwrap_err().element(), '€');
    assert_eq!(w, "a");
}

#[test]
fn zero_capacity() {
    let mut t: S<0> = S::new();
    assert!(t.is_full() && t.is_empty());
    assert_eq!(t.try_push('a').unwrap_err().element(), 'a');
    assert!(t.try_push_str("").is_ok());
    assert_eq!(t.pop(), None);
    assert_eq!(crate::stack_format!(0; "").unwrap(), "");
}

#[cfg(feature = "serde")]
#[test]
fn serde_round_trip_and_overflow() {
    let t: S<8> = s("héllo");
    let json = serde_json::to_string(&t).unwrap();
    assert_eq!(json, r#""héllo""#);
    assert_eq!(serde_json::from_str::<S<8>>(&json).unwrap(), t);
    let err = serde_json::from_str::<S<5>>(&json).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid length 6, expected a string of at most 5 bytes at line 1 column 8"
    );
    assert!(serde_json::from_str::<S<8>>("12").is_err());
    assert_eq!(
        serde::de::Visitor::visit_bytes::<serde::de::value::Error>(
            super::serde::visitor::<4>(),
            b"ok"
        )
        .unwrap(),
        "ok"
    );
    assert!(
        serde::de::Visitor::visit_bytes::<serde::de::value::Error>(
            super::serde::visitor::<4>(),
            b"\xff"
        )
        .is_err()
    );
}

#[cfg(feature = "heapless")]
#[test]
fn heapless_round_trip() {
    let t: S<8> = s("héllo");
    let h: heapless::String<8> = t.into();
    assert_eq!(h, "héllo");
    let back: S<8> = h.into();
    assert_eq!(back, t);
}

#[test]
fn push_encodes_every_char_like_std() {
    // Every Unicode scalar value natively; a stride that still crosses each width under Miri.
    let step = if cfg!(miri) { 997 } else { 1 };
    let edges = [
        0x7f, 0x80, 0x7ff, 0x800, 0xd7ff, 0xe000, 0xffff, 0x1_0000, 0x10_ffff,
    ];
    let all = (0..=0x10_ffffu32).step_by(step).chain(edges);
    for ch in all.filter_map(char::from_u32) {
        let mut t: S<4> = S::new();
        t.push(ch);
        let mut expected = [0; 4];
        assert_eq!(
            t.as_bytes(),
            ch.encode_utf8(&mut expected).as_bytes(),
            "{ch:?}"
        );
        assert_eq!(t.len(), ch.len_utf8());
    }
}

#[test]
fn extend_from_within_copies_whole_chars() {
    let mut t: S<16> = s("a€b");
    t.extend_from_within(1..4);
    assert_eq!(t, "a€b€");
    t.extend_from_within(..);
    assert_eq!(t, "a€b€a€b€");
    t.extend_from_within(4..4);
    assert_eq!(t.len(), 16);
    assert!(t.try_extend_from_within(..1).is_err());
    assert_eq!(t, "a€b€a€b€");
    assert_eq!(
        expect_panic(|| t.extend_from_within(..1)),
        "StackString::extend_from_within: capacity 16 exceeded (17 required)"
    );
    let mut u: S<8> = s("a€");
    assert_eq!(
        expect_panic(|| u.extend_from_within(2..)),
        "StackString::extend_from_within: byte index 2 is not a char boundary"
    );
    assert_eq!(
        expect_panic(|| u.try_extend_from_within(..3).unwrap()),
        "StackString::try_extend_from_within: byte index 3 is not a char boundary"
    );
    expect_panic(|| u.extend_from_within(..9));
    assert_eq!(u, "a€");
}

#[test]
fn replace_range_grows_shrinks_and_refuses() {
    let mut t: S<13> = s("a€b€c");
    // Shorter: the tail moves down.
    t.replace_range(1..4, "x");
    assert_eq!(t, "axb€c");
    // Longer: the tail moves up, over where it was.
    t.replace_range(1..2, "yé𝄞");
    assert_eq!(t, "ayé𝄞b€c");
    assert_eq!(t.len(), 13);
    // Empty range: an insertion; empty text: a removal.
    t.replace_range(13..13, "");
    t.replace_range(..1, "");
    assert_eq!(t, "yé𝄞b€c");
    t.replace_range(..0, "z");
    assert_eq!(t, "zyé𝄞b€c");
    let err = t.try_replace_range(..1, "zz").unwrap_err();
    assert_eq!((err.element(), err.capacity()), ("zz", 13));
    assert_eq!(t, "zyé𝄞b€c");
    assert_eq!(
        expect_panic(|| t.replace_range(.., "0123456789abcd")),
        "StackString::replace_range: capacity 13 exceeded (14 required)"
    );
    assert_eq!(
        expect_panic(|| t.replace_range(3.., "")),
        "StackString::replace_range: byte index 3 is not a char boundary"
    );
    assert_eq!(
        expect_panic(|| t.try_replace_range(..10, "").unwrap()),
        "StackString::try_replace_range: byte index 10 is not a char boundary"
    );
    t.replace_range(.., "0123456789abc");
    assert_eq!(t, "0123456789abc");
}
