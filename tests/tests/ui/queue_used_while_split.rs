// The halves of a split `StackQueue` borrow it mutably: the queue cannot be used while they live.
use avila_alloc::StackQueue;

fn main() {
    let mut q: StackQueue<u8, 4> = StackQueue::new();
    let (mut producer, consumer) = q.split();
    q.push(1);
    producer.enqueue(2);
    drop(consumer);
}
