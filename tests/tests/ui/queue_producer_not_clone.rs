// There is exactly one producer per split: a `Producer` cannot be cloned (or copied) into a
// second one.
use avila_alloc::StackQueue;

fn main() {
    let mut q: StackQueue<u8, 4> = StackQueue::new();
    let (producer, _consumer) = q.split();
    let mut second = producer.clone();
    second.enqueue(1);
}
