//! A `StackBox<dyn Fn()>` is not `Send`: the closure inside could hold an `Rc`.
use avila_alloc::{StackBox, stack_box};

fn main() {
    let shared = std::rc::Rc::new(5);
    let f: StackBox<dyn Fn() -> i32, 16> = stack_box!(move || *shared);
    std::thread::spawn(move || f());
}
