// A cycle of `Cell<Option<&'arena T>>` whose `T` has no `Drop` (its fields may, as `String`
// does): nothing can read a dropped neighbour, so the arena compiles and drops both values.
use avila_alloc::arena::TypedArena;
use core::cell::Cell;

struct Node<'a> {
    name: String,
    next: Cell<Option<&'a Node<'a>>>,
}

fn main() {
    let arena = TypedArena::new();
    let a: &Node<'_> = arena.alloc(Node { name: "a".into(), next: Cell::new(None) });
    let b: &Node<'_> = arena.alloc(Node { name: "b".into(), next: Cell::new(Some(a)) });
    a.next.set(Some(b));
    assert_eq!(a.next.get().unwrap().next.get().unwrap().name, "a");
}
