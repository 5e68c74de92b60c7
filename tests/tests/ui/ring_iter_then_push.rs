// An iterator borrows the ring: pushing (which may overwrite what it points to) must wait.
use avila_alloc::StackRing;

fn main() {
    let mut r: StackRing<u8, 2> = StackRing::from_array([1, 2]);
    let oldest = r.iter().next();
    r.push(3);
    assert_eq!(oldest, Some(&1));
}
