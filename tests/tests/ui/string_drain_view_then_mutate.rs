// The `&str` of a string `Drain` borrows the string: it cannot be changed while the view lives.
use avila_alloc::StackString;

fn main() {
    let mut s: StackString<8> = StackString::try_from("abc").unwrap();
    let drain = s.drain(..1);
    let view: &str = drain.as_str();
    s.push('d');
    println!("{view}");
}
