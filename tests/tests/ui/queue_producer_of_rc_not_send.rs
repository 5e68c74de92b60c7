// A `Producer` sends its values to the consumer's thread, so it is `Send` only if `T` is: a
// producer of `Rc` cannot move to another thread.
use std::rc::Rc;

use avila_alloc::StackQueue;

fn main() {
    let mut q: StackQueue<Rc<u8>, 4> = StackQueue::new();
    let (mut producer, _consumer) = q.split();
    std::thread::scope(|s| {
        s.spawn(move || producer.enqueue(Rc::new(1)));
    });
}
