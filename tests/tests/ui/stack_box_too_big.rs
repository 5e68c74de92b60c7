//! A value larger than the box's capacity is rejected at compile time.
use avila_alloc::{StackBox, stack_box};

fn main() {
    let b: StackBox<dyn core::fmt::Debug, 16> = stack_box!([0_u64; 4]);
    println!("{b:?}");
}
