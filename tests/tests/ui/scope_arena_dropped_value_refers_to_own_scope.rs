// A value that is dropped at scope end must not refer to its own scope (`T: 'env`): its `Drop`
// could read a neighbour dropped before it. Here `b`'s `Drop` would read `a`, dropped first.
use avila_alloc::arena::StackScopeArena;
use core::cell::Cell;

struct Node<'s> {
    name: String,
    next: Cell<Option<&'s Node<'s>>>,
}

impl Drop for Node<'_> {
    fn drop(&mut self) {
        if let Some(next) = self.next.get() {
            println!("{} -> {}", self.name, next.name);
        }
    }
}

fn main() {
    let mut arena: StackScopeArena<256> = StackScopeArena::new();
    arena.scope(|s| {
        let a = s.alloc(Node { name: "a".into(), next: Cell::new(None) });
        let b = s.alloc(Node { name: "b".into(), next: Cell::new(Some(a)) });
        a.next.set(Some(b));
    });
}
