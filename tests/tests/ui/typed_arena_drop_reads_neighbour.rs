// A value whose `Drop` reads through an `&'arena` reference to a neighbour: the neighbour may be
// dropped first, so the drop check rejects it (typed-arena's issue #24 class).
use avila_alloc::arena::TypedArena;
use core::cell::Cell;

struct Node<'a> {
    name: String,
    next: Cell<Option<&'a Node<'a>>>,
}

impl Drop for Node<'_> {
    fn drop(&mut self) {
        if let Some(next) = self.next.get() {
            println!("{} -> {}", self.name, next.name);
        }
    }
}

fn main() {
    let arena = TypedArena::new();
    let a: &Node<'_> = arena.alloc(Node { name: "a".into(), next: Cell::new(None) });
    let b: &Node<'_> = arena.alloc(Node { name: "b".into(), next: Cell::new(Some(a)) });
    a.next.set(Some(b));
}
