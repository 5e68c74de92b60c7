//! [`BoxOp`] and [`run_box_ops`]: trait objects of four concrete types in `StackBox<dyn Shape, 32>`s
//! (four of them, held by a `StackVec`), checked against a plain model of what each object should report.

use avila_alloc::{StackBox, StackVec, stack_box};

use crate::Tracked;
use crate::ops::RunStats;

/// The box capacity under test, in bytes.
pub const BOX_CAPACITY: usize = 32;

/// How many boxes the runner holds at most.
pub const BOX_SLOTS: usize = 4;

/// A trait with state, called through `dyn Shape` in the boxes.
pub trait Shape {
    /// The object's current value.
    fn value(&self) -> u64;
    /// Advances the object's state.
    fn bump(&mut self);
}

impl Shape for u8 {
    fn value(&self) -> u64 {
        u64::from(*self)
    }
    fn bump(&mut self) {
        *self = self.wrapping_add(1);
    }
}

impl Shape for [u64; 3] {
    fn value(&self) -> u64 {
        self.iter().fold(0, |a, b| a.wrapping_add(*b))
    }
    fn bump(&mut self) {
        self[1] = self[1].wrapping_add(2);
    }
}

impl Shape for Tracked {
    fn value(&self) -> u64 {
        u64::from(self.value)
    }
    fn bump(&mut self) {
        self.value = self.value.wrapping_add(3);
    }
}

/// A stateful closure (which owns a `Tracked`) behind the trait: `bump` calls it.
struct Stepper<F: FnMut() -> u64> {
    step: F,
    last: u64,
}

impl<F: FnMut() -> u64> Shape for Stepper<F> {
    fn value(&self) -> u64 {
        self.last
    }
    fn bump(&mut self) {
        self.last = (self.step)();
    }
}

/// What kind of object a model entry stands for, and its expected value.
#[derive(Clone, Copy, Debug)]
enum Kind {
    Byte(u8),
    Array([u64; 3]),
    Tracked(u16),
    /// A closure counting by `add` from `start`.
    Stepper {
        start: u64,
        add: u64,
        calls: u64,
    },
}

impl Kind {
    fn value(self) -> u64 {
        match self {
            Self::Byte(b) => u64::from(b),
            Self::Array(a) => a.iter().fold(0, |x, y| x.wrapping_add(*y)),
            Self::Tracked(v) => u64::from(v),
            Self::Stepper { start, add, calls } => {
                if calls == 0 {
                    0
                } else {
                    start.wrapping_add(add.wrapping_mul(calls))
                }
            }
        }
    }

    fn bump(&mut self) {
        match self {
            Self::Byte(b) => *b = b.wrapping_add(1),
            Self::Array(a) => a[1] = a[1].wrapping_add(2),
            Self::Tracked(v) => *v = v.wrapping_add(3),
            Self::Stepper { calls, .. } => *calls += 1,
        }
    }

    /// `Tracked` values this object owns.
    fn tracked(self) -> isize {
        match self {
            Self::Tracked(_) | Self::Stepper { .. } => 1,
            _ => 0,
        }
    }
}

/// One operation on the boxes, mirrored on the model by [`run_box_ops`].
#[derive(Debug, Clone, arbitrary::Arbitrary)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
pub enum BoxOp {
    /// Box a `u8` (when a slot is free).
    PushByte {
        /// The value.
        value: u8,
    },
    /// Box a `[u64; 3]` (24 bytes).
    PushArray {
        /// The first element; the others derive from it.
        seed: u16,
    },
    /// Box a `Tracked` (counted).
    PushTracked {
        /// The value.
        value: u16,
    },
    /// Box a closure that owns a `Tracked` and counts by `add` from `start`.
    PushStepper {
        /// Start of the count.
        start: u16,
        /// Step of the count.
        add: u8,
    },
    /// `bump` the object at `index % len` through `DerefMut`.
    Bump {
        /// Raw index.
        index: u8,
    },
    /// Remove the box at `index % len` (the box moves out of the vector, is read, then dropped).
    Remove {
        /// Raw index.
        index: u8,
    },
    /// Swap two boxes (moving their bytes).
    Swap {
        /// Raw index.
        a: u8,
        /// Raw index.
        b: u8,
    },
    /// Take the box at `index % len`, move it through a function and a local, and put it back at
    /// the end.
    Rotate {
        /// Raw index.
        index: u8,
    },
    /// `StackBox::<Tracked, 1>::try_new` and `StackBox::<[u64; 8], BOX_CAPACITY>::try_new`: both
    /// values are too big, and both must come back inside the error.
    TryNewTooBig {
        /// The value.
        value: u16,
    },
    /// `StackBox::<Tracked, 8>::new`, then `into_inner`: the value moves out once.
    IntoInner {
        /// The value.
        value: u16,
    },
    /// Drop every box.
    Clear,
}

/// The boxes under test and the model.
struct BoxRunner {
    boxes: StackVec<StackBox<dyn Shape, BOX_CAPACITY>, BOX_SLOTS>,
    model: Vec<Kind>,
    stats: RunStats,
}

impl BoxRunner {
    fn push(&mut self, kind: Kind, boxed: StackBox<dyn Shape, BOX_CAPACITY>) {
        if self.boxes.is_full() {
            let back = self.boxes.try_push(boxed).unwrap_err().element();
            assert_eq!(
                back.value(),
                kind.value(),
                "the rejected box comes back intact"
            );
            self.stats.rejected += 1;
        } else {
            self.boxes.push(boxed);
            self.model.push(kind);
        }
    }

    fn apply(&mut self, op: &BoxOp) {
        self.stats.ops += 1;
        if self.boxes.is_full() {
            self.stats.ops_when_full += 1;
        }
        let len = self.model.len();
        match *op {
            BoxOp::PushByte { value } => self.push(Kind::Byte(value), stack_box!(value)),
            BoxOp::PushArray { seed } => {
                let a = [u64::from(seed), u64::from(seed) << 20, 7];
                self.push(Kind::Array(a), stack_box!(a));
            }
            BoxOp::PushTracked { value } => {
                self.push(Kind::Tracked(value), stack_box!(Tracked::new(value)));
            }
            BoxOp::PushStepper { start, add } => {
                let (start, add) = (u32::from(start), u32::from(add));
                let owned = Tracked::new(0);
                let mut count = 0_u32;
                // Captures 16 bytes (a `Tracked` and three `u32`s); with `last`, 24 of the 32.
                let step = move || {
                    let _keep = &owned;
                    count += 1;
                    u64::from(start) + u64::from(add) * u64::from(count)
                };
                let kind = Kind::Stepper {
                    start: start.into(),
                    add: add.into(),
                    calls: 0,
                };
                self.push(kind, stack_box!(Stepper { step, last: 0 }));
            }
            BoxOp::Bump { index } if len > 0 => {
                let i = usize::from(index) % len;
                self.boxes[i].bump();
                self.model[i].bump();
            }
            BoxOp::Remove { index } if len > 0 => {
                let i = usize::from(index) % len;
                let removed = self.boxes.remove(i);
                let kind = self.model.remove(i);
                assert_eq!(removed.value(), kind.value());
            }
            BoxOp::Swap { a, b } if len > 0 => {
                let (a, b) = (usize::from(a) % len, usize::from(b) % len);
                self.boxes.swap(a, b);
                self.model.swap(a, b);
            }
            BoxOp::Rotate { index } if len > 0 => {
                let i = usize::from(index) % len;
                let taken = self.boxes.remove(i);
                let moved = pass_through(taken);
                let local = moved;
                self.boxes.push(local);
                let kind = self.model.remove(i);
                self.model.push(kind);
            }
            BoxOp::TryNewTooBig { value } => {
                let err = StackBox::<Tracked, 1>::try_new(Tracked::new(value)).unwrap_err();
                assert_eq!(err.element().value, value);
                let big = [u64::from(value); 8];
                let err = StackBox::<[u64; 8], BOX_CAPACITY>::try_new(big).unwrap_err();
                assert_eq!(err.element(), big);
            }
            BoxOp::IntoInner { value } => {
                let b: StackBox<Tracked, 8> = StackBox::new(Tracked::new(value));
                assert_eq!(b.value, value);
                assert_eq!(b.into_inner().value, value);
            }
            BoxOp::Clear => {
                self.boxes.clear();
                self.model.clear();
            }
            BoxOp::Bump { .. }
            | BoxOp::Remove { .. }
            | BoxOp::Swap { .. }
            | BoxOp::Rotate { .. } => {}
        }
    }

    fn check(&self, after: &dyn core::fmt::Debug) {
        let values: Vec<u64> = self.boxes.iter().map(|b| b.value()).collect();
        let expected: Vec<u64> = self.model.iter().map(|k| k.value()).collect();
        assert_eq!(values, expected, "values after {after:?}");
    }
}

/// Moves a box by value through a call (a different stack frame).
#[inline(never)]
fn pass_through(b: StackBox<dyn Shape, BOX_CAPACITY>) -> StackBox<dyn Shape, BOX_CAPACITY> {
    b
}

/// Applies `ops` to a `StackVec<StackBox<dyn Shape, 32>, 4>` and to the model, checking after
/// every operation that each boxed object reports what the model expects (which also proves the
/// boxes find their values again after every move), and that the number of live [`Tracked`]
/// values is exactly what the model holds (no leak, no double drop).
///
/// # Panics
///
/// Panics on the first disagreement.
pub fn run_box_ops(ops: &[BoxOp]) -> RunStats {
    let baseline = Tracked::live();
    let mut runner = BoxRunner {
        boxes: StackVec::new(),
        model: Vec::new(),
        stats: RunStats::default(),
    };
    for op in ops {
        runner.apply(op);
        runner.check(op);
        let owned: isize = runner.model.iter().map(|k| k.tracked()).sum();
        assert_eq!(
            Tracked::live(),
            baseline + owned,
            "live Tracked values after {op:?}"
        );
        runner.stats.max_len = runner.stats.max_len.max(runner.model.len());
    }
    let stats = runner.stats;
    drop(runner);
    assert_eq!(
        Tracked::live(),
        baseline,
        "every value dropped exactly once at the end"
    );
    stats
}
