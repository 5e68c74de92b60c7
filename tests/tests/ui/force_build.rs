// A passing case. Its presence makes trybuild run `cargo build` rather than `cargo check`, so the
// post-monomorphization capacity errors of the other cases are reported. It also shows the
// legal counterparts of those cases.
use avila_alloc::{StackString, StackVec, stack_vec};

fn main() {
    // As many values as the capacity, or fewer, compile.
    let v: StackVec<i32, 3> = stack_vec![1, 2, 3];
    let w = StackVec::<u8, 3>::from_array([1, 2]);
    assert_eq!((v.len(), w.len()), (3, 2));

    // `StackString` is `Copy`: the original stays usable after an assignment.
    let s: StackString<8> = StackString::try_from("copy").unwrap();
    let mut t = s;
    t.push('!');
    assert_eq!((s.as_str(), t.as_str()), ("copy", "copy!"));
}
