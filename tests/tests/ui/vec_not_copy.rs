// `StackVec` is never `Copy` (it has a destructor): assigning it moves it.
use avila_alloc::StackVec;

fn main() {
    let a: StackVec<String, 2> = StackVec::from_array([String::from("x")]);
    let b = a;
    println!("{} {}", a.len(), b.len());
}
