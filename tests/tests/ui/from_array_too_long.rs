// `from_array` of a longer array than the capacity: a compile-time error.
use avila_alloc::StackVec;

fn main() {
    let v = StackVec::<u8, 2>::from_array([1, 2, 3]);
    assert_eq!(v.len(), 3);
}
