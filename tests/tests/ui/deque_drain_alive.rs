// A deque `Drain` borrows its deque mutably: the deque cannot be used until the drain is dropped.
use avila_alloc::StackDeque;

fn main() {
    let mut d: StackDeque<u8, 4> = StackDeque::from_array([1, 2, 3]);
    let mut drain = d.drain(1..);
    d.push_front(0);
    assert_eq!(drain.next(), Some(2));
}
