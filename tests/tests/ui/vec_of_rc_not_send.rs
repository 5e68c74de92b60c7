// `StackVec<T, N>` is `Send` only if `T` is: a vector of `Rc` cannot move to another thread.
use std::rc::Rc;

use avila_alloc::StackVec;

fn main() {
    let mut v: StackVec<Rc<u8>, 4> = StackVec::new();
    v.push(Rc::new(1));
    std::thread::spawn(move || drop(v)).join().unwrap();
}
