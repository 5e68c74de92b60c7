// A `&str` view of a `StackString` cannot outlive a change to the string.
use avila_alloc::StackString;

fn main() {
    let mut s: StackString<8> = StackString::try_from("abc").unwrap();
    let view: &str = s.as_str();
    s.push('d');
    println!("{view}");
}
