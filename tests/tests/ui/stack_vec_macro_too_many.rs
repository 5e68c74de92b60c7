// Three values do not fit into a capacity of 2: a compile-time error.
use avila_alloc::{StackVec, stack_vec};

fn main() {
    let v: StackVec<i32, 2> = stack_vec![1, 2, 3];
    assert_eq!(v.len(), 3);
}
