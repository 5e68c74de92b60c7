// A `Drain` borrows its vector mutably: the vector cannot be used until the drain is dropped.
use avila_alloc::StackVec;

fn main() {
    let mut v: StackVec<u8, 4> = StackVec::from_array([1, 2, 3]);
    let mut drain = v.drain(1..);
    v.push(4);
    assert_eq!(drain.next(), Some(2));
}
