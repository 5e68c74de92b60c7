//! [`StringOp`] and [`run_string_ops`]: a `StackString<32>` checked against a `String` model.

use alloc::borrow::Cow;
use core::fmt::{self, Write as _};
use core::mem;
use core::ops::Range;

use avila_alloc::{CapacityError, StackString, StackVec, stack_format};

use crate::ops::seq::{assert_full, assert_rejected};
use crate::ops::{RangeForm, RunStats, hash_of, pick_form, with_range};

/// The capacity of the string under test, in bytes: small, so the full state is reached often.
pub const STRING_CAPACITY: usize = 32;

const N: usize = STRING_CAPACITY;

type Sut = StackString<N>;

/// The `char`s that operations insert: 1-, 2-, 3- and 4-byte UTF-8 encodings.
const CHARS: [char; 16] = [
    'a', 'b', 'z', '0', ' ', '~', 'é', 'ß', 'ж', 'ñ', '€', '中', 'ह', '😀', '𝄞', 'A',
];

/// One operation on a `StackString<32>`, mirrored on a `String` model by [`run_string_ops`].
///
/// Every field is raw data; the runner maps it into a valid argument: a `ch` byte picks one of
/// 16 `char`s of 1 to 4 bytes, a `seed`/`count` pair makes a text of `count % 21` such chars
/// (up to 80 bytes, so it may not fit), and a byte index becomes a `char` boundary of the
/// current string. Where an operation has a panicking and a fallible form, `fallible: false`
/// calls the panicking one only when it cannot panic; otherwise the `try_*` form runs and must
/// return the documented error.
#[derive(Debug, Clone, arbitrary::Arbitrary)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
pub enum StringOp {
    /// `push(ch)` when it fits, else `try_push(ch)`, which must fail carrying `ch`.
    Push {
        /// Raw `char` selector.
        ch: u8,
        /// Use `try_push` even when `push` would not panic.
        fallible: bool,
    },
    /// `push_str(text)` when it fits, else `try_push_str(text)`.
    PushStr {
        /// Text selector.
        seed: u8,
        /// Raw number of chars.
        count: u8,
        /// Use `try_push_str` even when `push_str` would not panic.
        fallible: bool,
    },
    /// `insert(boundary, ch)` when it fits, else `try_insert`.
    Insert {
        /// Raw index, mapped to a `char` boundary.
        index: u8,
        /// Raw `char` selector.
        ch: u8,
        /// Use `try_insert` even when `insert` would not panic.
        fallible: bool,
    },
    /// `insert_str(boundary, text)` when it fits, else `try_insert_str`.
    InsertStr {
        /// Raw index, mapped to a `char` boundary.
        index: u8,
        /// Text selector.
        seed: u8,
        /// Raw number of chars.
        count: u8,
        /// Use `try_insert_str` even when `insert_str` would not panic.
        fallible: bool,
    },
    /// `remove` of the `index % chars`-th char (nothing on an empty string).
    Remove {
        /// Raw char number.
        index: u8,
    },
    /// `pop()`.
    Pop,
    /// `truncate` at a `char` boundary, or past the end (a no-op).
    Truncate {
        /// Raw boundary number.
        index: u8,
    },
    /// `retain`, keeping chars whose code is not divisible by `modulus % 5 + 2`; checks each
    /// char is visited once, in order.
    Retain {
        /// Raw divisor.
        modulus: u8,
    },
    /// `drain` of a range between two `char` boundaries, passed in one of several `RangeBounds`
    /// forms; takes `front` chars from the front and `back` from the back, checks `as_str`, then
    /// drops the drain (`finish % 4 == 2`: exhausts it first; `== 3`: leaks it with
    /// `mem::forget`, which must leave the string unchanged).
    Drain {
        /// Raw start boundary.
        start: u8,
        /// Raw end boundary.
        end: u8,
        /// Which `RangeBounds` type to pass.
        form: u8,
        /// Raw number of chars taken with `next`.
        front: u8,
        /// Raw number of chars taken with `next_back`.
        back: u8,
        /// How the drain ends: dropped, exhausted, or leaked.
        finish: u8,
    },
    /// `extend_from_within` of a range between two `char` boundaries (in one of several
    /// `RangeBounds` forms) when the copy fits, else `try_extend_from_within`, which must fail
    /// and leave the string unchanged.
    ExtendFromWithin {
        /// Raw start boundary.
        start: u8,
        /// Raw end boundary.
        end: u8,
        /// Which `RangeBounds` type to pass.
        form: u8,
        /// Use `try_extend_from_within` even when `extend_from_within` would not panic.
        fallible: bool,
    },
    /// `replace_range` of a range between two `char` boundaries with a text of `count % 21`
    /// chars when the result fits, else `try_replace_range`, which must fail carrying the text.
    ReplaceRange {
        /// Raw start boundary.
        start: u8,
        /// Raw end boundary.
        end: u8,
        /// Which `RangeBounds` type to pass.
        form: u8,
        /// Text selector.
        seed: u8,
        /// Raw number of chars.
        count: u8,
        /// Use `try_replace_range` even when `replace_range` would not panic.
        fallible: bool,
    },
    /// `split_off(boundary)`; then (`then % 3`) drop the tail, push it back, or keep only the
    /// tail.
    SplitOff {
        /// Raw boundary number.
        at: u8,
        /// What to do with the two halves.
        then: u8,
    },
    /// `clear()`.
    Clear,
    /// `from_utf8` of a text's bytes (at most 8 chars, so at most 32 bytes), with the byte at
    /// `pos` replaced by `byte` when `corrupt`: valid and invalid UTF-8, compared with
    /// `String::from_utf8`; `replace` swaps a valid result in.
    FromUtf8 {
        /// Text selector.
        seed: u8,
        /// Raw number of chars.
        count: u8,
        /// Raw position of the replaced byte.
        pos: u8,
        /// The replacement byte.
        byte: u8,
        /// Replace a byte at all.
        corrupt: bool,
        /// Keep a valid result as the new string.
        replace: bool,
    },
    /// `from_utf8` of the first `len % 7` of six arbitrary bytes.
    FromBytes {
        /// The bytes.
        bytes: [u8; 6],
        /// Raw number of bytes used.
        len: u8,
        /// Keep a valid result as the new string.
        replace: bool,
    },
    /// `fmt::Write::write_str(text)`: `Ok` and appended when it fits, else `Err` and unchanged.
    WriteStr {
        /// Text selector.
        seed: u8,
        /// Raw number of chars.
        count: u8,
    },
    /// `fmt::Write::write_char(ch)`.
    WriteChar {
        /// Raw `char` selector.
        ch: u8,
    },
    /// `write!(s, "{text}-{number}")`: all or nothing, `Err` and unchanged when the output does
    /// not fit (even if its first pieces would).
    WriteFmt {
        /// Text selector.
        seed: u8,
        /// Raw number of chars.
        count: u8,
        /// A number formatted after the text.
        number: u16,
    },
    /// `stack_format!`: formatted arguments (`form % 3 == 0`) or a short or long literal;
    /// `Ok` exactly when `format!` output fits. `replace` swaps the result in.
    StackFormat {
        /// Text selector.
        seed: u8,
        /// Raw number of chars.
        count: u8,
        /// A number formatted after the text.
        number: u16,
        /// Which format string.
        form: u8,
        /// Keep the result as the new string.
        replace: bool,
    },
    /// `try_extend(chars.by_ref())`: on overflow the error carries the first char that did not
    /// fit and the iterator keeps the rest.
    TryExtend {
        /// Text selector.
        seed: u8,
        /// Raw number of chars.
        count: u8,
    },
    /// `Extend<char>`, `Extend<&char>` or `Extend<&str>` (`kind % 3`) when the text fits, else
    /// `try_extend`.
    Extend {
        /// Text selector.
        seed: u8,
        /// Raw number of chars.
        count: u8,
        /// Which `Extend` impl.
        kind: u8,
    },
    /// Builds a string from a text: `FromStr` (`how % 8 == 0`), `TryFrom<&str>` (1),
    /// `TryFrom<String>` (2), `try_from_str` (3), `TryFrom<&mut str>` (4), `try_from_iter` (5),
    /// `FromIterator<char>`/`<&str>` when it fits (6), `TryFrom<char>` of the first char (7).
    /// `replace` swaps the result in.
    Parse {
        /// Text selector.
        seed: u8,
        /// Raw number of chars.
        count: u8,
        /// Which constructor.
        how: u8,
        /// Keep the result as the new string.
        replace: bool,
    },
    /// Moves the text out and back: `into_bytes` + `from_utf8` (`how % 3 == 0`),
    /// `heapless::String` (1), `String` (2).
    Rebuild {
        /// Which round trip.
        how: u8,
    },
    /// Copies the string (`StackString` is `Copy`), changes the copy (`try_push(ch)`, then
    /// `pop` if `pop`), checks the original is unchanged; `keep` swaps the copy in.
    CopyThenMutate {
        /// Raw `char` selector.
        ch: u8,
        /// Pop from the copy after pushing.
        pop: bool,
        /// Keep the copy as the new string.
        keep: bool,
    },
    /// `make_ascii_uppercase`/`make_ascii_lowercase` through `DerefMut<Target = str>`.
    AsciiCase {
        /// Upper or lower case.
        upper: bool,
    },
    /// Compares with a text: `==` against `str`, `&str`, `String`, `Cow`, other `StackString`s
    /// (same and other capacity), `cmp`, `partial_cmp`, `Hash` like `str`, `Debug`, `Display`.
    Compare {
        /// Text selector.
        seed: u8,
        /// Raw number of chars.
        count: u8,
    },
}

/// One of the 16 test chars.
fn ch(raw: u8) -> char {
    CHARS[usize::from(raw) % CHARS.len()]
}

/// A text of `count % (max_chars + 1)` chars from the table: `ch(seed + i * step)` with the
/// step taken from the seed's high bits (0 repeats one char), so seeds give different mixes of
/// widths.
fn text_of(seed: u8, count: u8, max_chars: u8) -> String {
    let step = seed >> 4;
    (0..count % (max_chars + 1))
        .map(|i| ch(seed.wrapping_add(i.wrapping_mul(step))))
        .collect()
}

/// A text of up to 20 chars (up to 80 bytes; about one in five does not fit into an empty
/// string).
fn text(seed: u8, count: u8) -> String {
    text_of(seed, count, 20)
}

/// The char boundaries of `s`, `0` and `s.len()` included.
fn boundaries(s: &str) -> Vec<usize> {
    s.char_indices().map(|(i, _)| i).chain([s.len()]).collect()
}

/// The `raw % boundaries`-th char boundary of `s`.
fn boundary(s: &str, raw: u8) -> usize {
    let b = boundaries(s);
    b[usize::from(raw) % b.len()]
}

/// A range between two `char` boundaries of `s` (raw boundary numbers) and the `RangeBounds`
/// form to pass it in, from raw `(start, end, form)`.
fn char_range(s: &str, (start, end, form): (u8, u8, u8)) -> (RangeForm, Range<usize>) {
    pick_form(form, boundary(s, start), boundary(s, end), s.len())
}

/// Checks a `&str` capacity error: the capacity is `N` and the error carries `expected` itself
/// (the same slice, not a copy).
#[track_caller]
fn assert_rejected_str(
    stats: &mut RunStats,
    result: Result<(), CapacityError<&str>>,
    expected: &str,
    what: &str,
) {
    stats.rejected += 1;
    let err = result.expect_err(what);
    assert_eq!(err.capacity(), N, "{what}: capacity in the error");
    assert!(
        core::ptr::eq(err.element(), expected),
        "{what}: the error must carry the rejected &str"
    );
}

/// The string under test and its model.
struct StringRunner {
    s: Sut,
    model: String,
    stats: RunStats,
}

impl StringRunner {
    /// Asserts that the string and the model agree.
    #[track_caller]
    fn check(&self, op: &dyn fmt::Debug) {
        let len = self.model.len();
        assert_eq!(self.s.as_str(), self.model, "contents after {op:?}");
        assert_eq!(
            self.s.as_bytes(),
            self.model.as_bytes(),
            "bytes after {op:?}"
        );
        assert_eq!(self.s.len(), len, "len after {op:?}");
        assert_eq!(self.s.is_empty(), len == 0, "is_empty after {op:?}");
        assert_eq!(self.s.is_full(), len == N, "is_full after {op:?}");
        assert_eq!(
            self.s.remaining_capacity(),
            N - len,
            "remaining_capacity after {op:?}"
        );
        assert_eq!(self.s.capacity(), N, "capacity after {op:?}");
    }

    fn room(&self) -> usize {
        N - self.model.len()
    }

    /// Runs the plain form of an operation on a `&str` when it fits and `fallible` is false,
    /// else its `try_` form, which must succeed exactly when it fits and otherwise carry `t`
    /// itself back.
    fn str_form<'t>(
        &mut self,
        (fits, fallible, t, name): (bool, bool, &'t str, &str),
        plain: impl FnOnce(&mut Sut),
        try_form: impl FnOnce(&mut Sut) -> Result<(), CapacityError<&'t str>>,
    ) {
        if fits && !fallible {
            plain(&mut self.s);
            return;
        }
        let result = try_form(&mut self.s);
        if fits {
            assert!(result.is_ok(), "{name} with room");
        } else {
            assert_rejected_str(&mut self.stats, result, t, &format!("{name} without room"));
        }
    }

    fn apply(&mut self, op: &StringOp) {
        let room = self.room();
        self.stats.ops += 1;
        if room == 0 {
            self.stats.ops_when_full += 1;
        }
        match *op {
            StringOp::Push { ch: raw, fallible } => {
                let c = ch(raw);
                let fits = c.len_utf8() <= room;
                if fits && !fallible {
                    self.s.push(c);
                } else {
                    let result = self.s.try_push(c);
                    if fits {
                        assert!(result.is_ok(), "try_push with room");
                    } else {
                        assert_rejected::<N, _, _>(
                            &mut self.stats,
                            result,
                            c,
                            "try_push without room",
                        );
                    }
                }
                if fits {
                    self.model.push(c);
                }
            }
            StringOp::PushStr {
                seed,
                count,
                fallible,
            } => {
                let t = text(seed, count);
                let fits = t.len() <= room;
                self.str_form(
                    (fits, fallible, &t, "try_push_str"),
                    |s| s.push_str(&t),
                    |s| s.try_push_str(&t),
                );
                if fits {
                    self.model.push_str(&t);
                }
            }
            StringOp::Insert {
                index,
                ch: raw,
                fallible,
            } => {
                let (index, c) = (boundary(&self.model, index), ch(raw));
                let fits = c.len_utf8() <= room;
                if fits && !fallible {
                    self.s.insert(index, c);
                } else {
                    let result = self.s.try_insert(index, c);
                    if fits {
                        assert!(result.is_ok(), "try_insert with room");
                    } else {
                        assert_rejected::<N, _, _>(
                            &mut self.stats,
                            result,
                            c,
                            "try_insert without room",
                        );
                    }
                }
                if fits {
                    self.model.insert(index, c);
                }
            }
            StringOp::InsertStr {
                index,
                seed,
                count,
                fallible,
            } => {
                let (index, t) = (boundary(&self.model, index), text(seed, count));
                let fits = t.len() <= room;
                self.str_form(
                    (fits, fallible, &t, "try_insert_str"),
                    |s| s.insert_str(index, &t),
                    |s| s.try_insert_str(index, &t),
                );
                if fits {
                    self.model.insert_str(index, &t);
                }
            }
            StringOp::Remove { index } => {
                let starts: Vec<usize> = self.model.char_indices().map(|(i, _)| i).collect();
                if !starts.is_empty() {
                    let index = starts[usize::from(index) % starts.len()];
                    assert_eq!(self.s.remove(index), self.model.remove(index), "remove");
                }
            }
            StringOp::Pop => assert_eq!(self.s.pop(), self.model.pop(), "pop"),
            StringOp::Truncate { index } => {
                let b = boundaries(&self.model);
                let pick = usize::from(index) % (b.len() + 2);
                // Past the last boundary: a length at or past the end, which is a no-op.
                let new_len = b
                    .get(pick)
                    .copied()
                    .unwrap_or_else(|| self.model.len() + pick - b.len());
                self.s.truncate(new_len);
                self.model.truncate(new_len);
            }
            StringOp::Retain { modulus } => {
                let m = u32::from(modulus % 5 + 2);
                let mut visited = String::new();
                self.s.retain(|c| {
                    visited.push(c);
                    u32::from(c) % m != 0
                });
                assert_eq!(
                    visited, self.model,
                    "retain visits each char once, in order"
                );
                self.model.retain(|c| u32::from(c) % m != 0);
            }
            StringOp::Drain {
                start,
                end,
                form,
                front,
                back,
                finish,
            } => {
                self.drain((start, end, form), front, back, finish);
            }
            StringOp::ExtendFromWithin {
                start,
                end,
                form,
                fallible,
            } => {
                let (form, range) = char_range(&self.model, (start, end, form));
                let fits = range.len() <= room;
                if fits && !fallible {
                    with_range!(form, range.clone(), |r| self.s.extend_from_within(r));
                } else {
                    let result =
                        with_range!(form, range.clone(), |r| self.s.try_extend_from_within(r));
                    if fits {
                        assert!(result.is_ok(), "try_extend_from_within with room");
                    } else {
                        assert_full::<N>(&mut self.stats, result, "try_extend_from_within");
                    }
                }
                if fits {
                    self.model.extend_from_within(range);
                }
            }
            StringOp::ReplaceRange {
                start,
                end,
                form,
                seed,
                count,
                fallible,
            } => {
                let (form, range) = char_range(&self.model, (start, end, form));
                let t = text(seed, count);
                let fits = self.model.len() - range.len() + t.len() <= N;
                self.str_form(
                    (fits, fallible, &t, "try_replace_range"),
                    |s| with_range!(form, range.clone(), |r| s.replace_range(r, &t)),
                    |s| with_range!(form, range.clone(), |r| s.try_replace_range(r, &t)),
                );
                if fits {
                    self.model.replace_range(range, &t);
                }
            }
            StringOp::SplitOff { at, then } => {
                let at = boundary(&self.model, at);
                let tail = self.s.split_off(at);
                let model_tail = self.model.split_off(at);
                assert_eq!(tail, model_tail, "split_off: the tail");
                assert_eq!(tail.capacity(), N, "split_off: the tail's capacity");
                match then % 3 {
                    0 => {}
                    1 => {
                        self.s.push_str(&tail);
                        self.model.push_str(&model_tail);
                    }
                    _ => {
                        self.s = tail;
                        self.model = model_tail;
                    }
                }
            }
            StringOp::Clear => {
                self.s.clear();
                self.model.clear();
            }
            StringOp::FromUtf8 {
                seed,
                count,
                pos,
                byte,
                corrupt,
                replace,
            } => {
                let mut bytes = text_of(seed, count, 8).into_bytes();
                if corrupt && !bytes.is_empty() {
                    let pos = usize::from(pos) % bytes.len();
                    bytes[pos] = byte;
                }
                self.check_from_utf8(&bytes, replace);
            }
            StringOp::FromBytes {
                bytes,
                len,
                replace,
            } => {
                self.check_from_utf8(&bytes[..usize::from(len) % 7], replace);
            }
            StringOp::WriteStr { seed, count } => {
                let t = text(seed, count);
                let result = self.s.write_str(&t);
                assert_eq!(
                    result.is_ok(),
                    t.len() <= room,
                    "write_str succeeds exactly when it fits"
                );
                self.stats.rejected += usize::from(result.is_err());
                if result.is_ok() {
                    self.model.push_str(&t);
                }
            }
            StringOp::WriteChar { ch: raw } => {
                let c = ch(raw);
                let result = self.s.write_char(c);
                assert_eq!(
                    result.is_ok(),
                    c.len_utf8() <= room,
                    "write_char succeeds exactly when it fits"
                );
                self.stats.rejected += usize::from(result.is_err());
                if result.is_ok() {
                    self.model.push(c);
                }
            }
            StringOp::WriteFmt {
                seed,
                count,
                number,
            } => {
                let t = text(seed, count);
                let result = write!(self.s, "{t}-{number}");
                // All or nothing: on overflow the string is rolled back to where it was.
                let expected = format!("{t}-{number}");
                assert_eq!(
                    result.is_ok(),
                    expected.len() <= room,
                    "write! succeeds exactly when everything fits"
                );
                if result.is_ok() {
                    self.model.push_str(&expected);
                } else {
                    self.stats.rejected += 1;
                }
            }
            StringOp::StackFormat {
                seed,
                count,
                number,
                form,
                replace,
            } => {
                let t = text(seed, count);
                let (result, expected): (Result<Sut, CapacityError>, String) = match form % 3 {
                    0 => (stack_format!("{t}-{number}"), format!("{t}-{number}")),
                    1 => (stack_format!(N; "a literal"), "a literal".to_owned()),
                    _ => {
                        const LONG: &str = "a literal of more than thirty-two bytes";
                        (
                            stack_format!(N; "a literal of more than thirty-two bytes"),
                            LONG.to_owned(),
                        )
                    }
                };
                match result {
                    Ok(s) => {
                        assert!(
                            expected.len() <= N,
                            "stack_format! succeeds only when it fits"
                        );
                        assert_eq!(s, expected, "stack_format! output");
                        if replace {
                            self.s = s;
                            self.model = expected;
                        }
                    }
                    Err(err) => {
                        assert!(
                            expected.len() > N,
                            "stack_format! fails only when it does not fit"
                        );
                        self.stats.rejected += 1;
                        assert_eq!(err.capacity(), N, "stack_format!: capacity in the error");
                    }
                }
            }
            StringOp::TryExtend { seed, count } => {
                let t = text(seed, count);
                let mut chars = t.chars();
                let result = self.s.try_extend(chars.by_ref());
                let rest: String = chars.collect();
                let mut expected = t.chars();
                let mut rejected = None;
                for c in expected.by_ref() {
                    if c.len_utf8() > N - self.model.len() {
                        rejected = Some(c);
                        break;
                    }
                    self.model.push(c);
                }
                match rejected {
                    None => assert!(result.is_ok(), "try_extend when everything fits"),
                    Some(c) => assert_rejected::<N, _, _>(
                        &mut self.stats,
                        result,
                        c,
                        "try_extend past capacity",
                    ),
                }
                assert_eq!(
                    rest,
                    expected.as_str(),
                    "try_extend leaves the rest in the iterator"
                );
            }
            StringOp::Extend { seed, count, kind } => {
                let t = text(seed, count);
                if t.len() <= room {
                    match kind % 3 {
                        0 => self.s.extend(t.chars()),
                        1 => self.s.extend(t.chars().collect::<Vec<char>>().iter()),
                        _ => {
                            let mid = boundary(&t, kind);
                            self.s.extend([&t[..mid], "", &t[mid..]]);
                        }
                    }
                    self.model.push_str(&t);
                } else {
                    let result = self.s.try_extend(t.chars());
                    let mut rejected = None;
                    for c in t.chars() {
                        if c.len_utf8() > N - self.model.len() {
                            rejected = Some(c);
                            break;
                        }
                        self.model.push(c);
                    }
                    let rejected =
                        rejected.expect("a text longer than the room has a char that does not fit");
                    assert_rejected::<N, _, _>(
                        &mut self.stats,
                        result,
                        rejected,
                        "try_extend past capacity",
                    );
                }
            }
            StringOp::Parse {
                seed,
                count,
                how,
                replace,
            } => self.parse(seed, count, how, replace),
            StringOp::Rebuild { how } => {
                self.s = match how % 3 {
                    0 => {
                        let bytes: StackVec<u8, N> = self.s.into_bytes();
                        assert_eq!(bytes, *self.model.as_bytes(), "into_bytes");
                        Sut::from_utf8(bytes).expect("the bytes of a StackString are UTF-8")
                    }
                    1 => {
                        let h = heapless::String::<N>::from(self.s);
                        assert_eq!(
                            h.as_str(),
                            self.model,
                            "heapless::String::from(StackString)"
                        );
                        Sut::from(h)
                    }
                    _ => {
                        let s = String::from(self.s);
                        assert_eq!(s, self.model, "String::from(StackString)");
                        Sut::try_from(s).expect("a String of at most N bytes converts back")
                    }
                };
            }
            StringOp::CopyThenMutate { ch: raw, pop, keep } => {
                let mut copy = self.s;
                let mut copy_model = self.model.clone();
                let c = ch(raw);
                let pushed = copy.try_push(c).is_ok();
                assert_eq!(pushed, c.len_utf8() <= room, "try_push on the copy");
                if pushed {
                    copy_model.push(c);
                }
                if pop {
                    assert_eq!(copy.pop(), copy_model.pop(), "pop on the copy");
                }
                assert_eq!(copy, copy_model, "the copy");
                assert_eq!(
                    self.s, self.model,
                    "changing a copy leaves the original unchanged"
                );
                if keep {
                    self.s = copy;
                    self.model = copy_model;
                }
            }
            StringOp::AsciiCase { upper } => {
                if upper {
                    self.s.make_ascii_uppercase();
                    self.model.make_ascii_uppercase();
                } else {
                    self.s.make_ascii_lowercase();
                    self.model.make_ascii_lowercase();
                }
            }
            StringOp::Compare { seed, count } => self.compare(seed, count),
        }
    }

    fn drain(&mut self, raw_range: (u8, u8, u8), front: u8, back: u8, finish: u8) {
        let before = self.model.clone();
        let (form, range) = char_range(&before, raw_range);
        let expected: Vec<char> = self.model.drain(range.clone()).collect();
        let k = expected.len();
        let n_front = usize::from(front) % (k + 1);
        let n_back = usize::from(back) % (k - n_front + 1);
        let rest: String = expected[n_front..k - n_back].iter().collect();

        let mut drain = with_range!(form, range.clone(), |r| self.s.drain(r));
        assert_eq!(drain.as_str(), &before[range.clone()], "drain as_str");
        for want in &expected[..n_front] {
            assert_eq!(drain.next(), Some(*want), "drain next");
        }
        for want in expected[n_front..].iter().rev().take(n_back) {
            assert_eq!(drain.next_back(), Some(*want), "drain next_back");
        }
        assert_eq!(drain.as_str(), rest, "drain as_str after next/next_back");
        let (lower, upper) = drain.size_hint();
        let left = rest.chars().count();
        assert!(
            lower <= left && upper == Some(rest.len()),
            "drain size_hint ({lower}, {upper:?}), {left} chars left"
        );
        assert_eq!(
            format!("{drain:?}"),
            format!("Drain({rest:?})"),
            "drain Debug"
        );
        match finish % 4 {
            2 => {
                let all: String = drain.by_ref().collect();
                assert_eq!(all, rest, "exhausted drain");
                assert!(
                    drain.next().is_none() && drain.next_back().is_none(),
                    "drain is fused"
                );
                drop(drain);
            }
            3 => {
                mem::forget(drain);
                // A leaked drain leaves the string unchanged.
                self.model = before;
            }
            _ => drop(drain),
        }
    }

    fn check_from_utf8(&mut self, bytes: &[u8], replace: bool) {
        let vec = StackVec::<u8, N>::try_from(bytes).expect("at most N bytes");
        match (Sut::from_utf8(vec), String::from_utf8(bytes.to_vec())) {
            (Ok(s), Ok(model)) => {
                assert_eq!(s, model, "from_utf8 of valid UTF-8");
                if replace {
                    self.s = s;
                    self.model = model;
                }
            }
            (Err(err), Err(std_err)) => {
                assert_eq!(
                    err.utf8_error(),
                    std_err.utf8_error(),
                    "from_utf8 error details"
                );
                assert_eq!(
                    err.to_string(),
                    std_err.to_string(),
                    "from_utf8 error Display"
                );
                assert_eq!(err.as_bytes(), bytes, "from_utf8 error keeps the bytes");
                assert_eq!(
                    err.into_bytes(),
                    *bytes,
                    "from_utf8 error gives the bytes back"
                );
            }
            (got, want) => panic!("from_utf8({bytes:?}): got {got:?}, std says {want:?}"),
        }
    }

    fn parse(&mut self, seed: u8, count: u8, how: u8, replace: bool) {
        let t = text(seed, count);
        let fits = t.len() <= N;
        // The first char that does not fit, for the constructors that stop there.
        let mut used = 0;
        let first_rejected = t.chars().find(|c| {
            used += c.len_utf8();
            used > N
        });
        let (built, expected): (Option<Sut>, String) = match how % 8 {
            0 => match t.parse::<Sut>() {
                Ok(s) => (Some(s), t.clone()),
                Err(err) => {
                    assert_eq!(err.capacity(), N, "FromStr: capacity in the error");
                    (None, t.clone())
                }
            },
            1 => match Sut::try_from(t.as_str()) {
                Ok(s) => (Some(s), t.clone()),
                Err(err) => {
                    assert!(
                        core::ptr::eq(err.element(), t.as_str()),
                        "TryFrom<&str> gives the &str back"
                    );
                    (None, t.clone())
                }
            },
            2 => match Sut::try_from(t.clone()) {
                Ok(s) => (Some(s), t.clone()),
                Err(err) => {
                    assert_eq!(err.element(), t, "TryFrom<String> gives the String back");
                    (None, t.clone())
                }
            },
            3 => match Sut::try_from_str(&t) {
                Ok(s) => (Some(s), t.clone()),
                Err(err) => {
                    assert!(
                        core::ptr::eq(err.element(), t.as_str()),
                        "try_from_str gives the &str back"
                    );
                    (None, t.clone())
                }
            },
            4 => {
                let mut owned = t.clone();
                match Sut::try_from(owned.as_mut_str()) {
                    Ok(s) => (Some(s), t.clone()),
                    Err(err) => {
                        assert_eq!(
                            &*err.element(),
                            t,
                            "TryFrom<&mut str> gives the &mut str back"
                        );
                        (None, t.clone())
                    }
                }
            }
            5 | 6 if !fits => match Sut::try_from_iter(t.chars()) {
                Ok(_) => panic!("try_from_iter of {} bytes into {N}", t.len()),
                Err(err) => {
                    assert_eq!(
                        Some(err.element()),
                        first_rejected,
                        "try_from_iter carries the first char that did not fit"
                    );
                    (None, t.clone())
                }
            },
            5 => (
                Some(Sut::try_from_iter(t.chars()).expect("try_from_iter within capacity")),
                t.clone(),
            ),
            6 => {
                let s: Sut = if count.is_multiple_of(2) {
                    t.chars().collect()
                } else {
                    let mid = boundary(&t, seed);
                    [&t[..mid], &t[mid..]].into_iter().collect()
                };
                (Some(s), t.clone())
            }
            _ => {
                let c = t.chars().next().unwrap_or('a');
                (
                    Some(Sut::try_from(c).expect("one char fits into 32 bytes")),
                    c.to_string(),
                )
            }
        };
        match built {
            Some(s) => {
                assert!(
                    expected.len() <= N,
                    "construction succeeds only when it fits"
                );
                assert_eq!(s, expected, "constructed string");
                if replace {
                    self.s = s;
                    self.model = expected;
                }
            }
            None => {
                assert!(!fits, "construction fails only when it does not fit");
                self.stats.rejected += 1;
            }
        }
    }

    fn compare(&self, seed: u8, count: u8) {
        let t = text(seed, count);
        let (s, model) = (&self.s, &self.model);

        assert_eq!(*s == *t.as_str(), *model == t, "StackString == str");
        assert_eq!(*s == t.as_str(), *model == t, "StackString == &str");
        assert_eq!(*s == t, *model == t, "StackString == String");
        assert_eq!(t == *s, *model == t, "String == StackString");
        assert_eq!(t.as_str() == *s, *model == t, "&str == StackString");
        assert_eq!(
            *s == Cow::Borrowed(t.as_str()),
            *model == t,
            "StackString == Cow"
        );
        assert!(
            *s == *model.as_str() && *model.as_str() == *s,
            "equal to the model"
        );
        assert_eq!(
            s.partial_cmp(t.as_str()),
            model.as_str().partial_cmp(t.as_str()),
            "PartialOrd<str>"
        );
        assert_eq!(
            t.as_str().partial_cmp(s),
            t.as_str().partial_cmp(model.as_str()),
            "str: PartialOrd<StackString>"
        );
        if let Ok(other) = Sut::try_from(t.as_str()) {
            assert_eq!(s.cmp(&other), model.cmp(&t), "Ord");
            assert_eq!(s.partial_cmp(&other), model.partial_cmp(&t), "PartialOrd");
            assert_eq!(*s == other, *model == t, "==");
            if *s == other {
                assert_eq!(hash_of(s), hash_of(&other), "equal strings hash alike");
            }
        }
        let wide: StackString<80> =
            StackString::try_from(t.as_str()).expect("a text has at most 80 bytes");
        assert_eq!(
            s.partial_cmp(&wide),
            model.partial_cmp(&t),
            "PartialOrd<StackString<M>>"
        );
        assert_eq!(*s == wide, *model == t, "StackString<N> == StackString<M>");

        // `Borrow<str>` requires hashing like `str` (and so like `String`).
        assert_eq!(hash_of(s), hash_of(model.as_str()), "hash like str");
        assert_eq!(hash_of(s), hash_of(model), "hash like String");
        assert_eq!(format!("{s:?}"), format!("{model:?}"), "Debug");
        assert_eq!(format!("{s}"), *model, "Display");
        assert_eq!(
            format!("{s:>40}|{s:-<3}"),
            format!("{model:>40}|{model:-<3}"),
            "Display padding"
        );
        let as_str: &str = s.as_ref();
        let as_bytes: &[u8] = s.as_ref();
        let borrowed: &str = core::borrow::Borrow::borrow(s);
        assert!(
            as_str == model && as_bytes == model.as_bytes() && borrowed == model,
            "AsRef/Borrow"
        );
        assert_eq!(
            s.chars().rev().collect::<String>(),
            model.chars().rev().collect::<String>(),
            "Deref"
        );
    }
}

/// Applies `ops` to a `StackString<32>` and to a `String` model, asserting after every operation
/// that they agree (contents, `len`, `is_full`, `remaining_capacity`). Returns what the run went
/// through.
///
/// # Panics
///
/// Panics (with the operation in the message) on the first disagreement.
///
/// # Examples
///
/// ```
/// use avila_alloc_tests::{StringOp, run_string_ops};
///
/// run_string_ops(&[
///     StringOp::PushStr { seed: 13, count: 8, fallible: false }, // 8 emoji: 32 bytes
///     StringOp::Push { ch: 0, fallible: false },                // full: try_push must fail
///     StringOp::Drain { start: 1, end: 3, form: 0, front: 1, back: 0, finish: 0 },
/// ]);
/// ```
pub fn run_string_ops(ops: &[StringOp]) -> RunStats {
    let mut runner = StringRunner {
        s: StackString::new(),
        model: String::new(),
        stats: RunStats::default(),
    };
    runner.check(&"the start");
    for op in ops {
        runner.apply(op);
        runner.check(op);
        runner.stats.max_len = runner.stats.max_len.max(runner.model.len());
    }
    runner.stats
}
