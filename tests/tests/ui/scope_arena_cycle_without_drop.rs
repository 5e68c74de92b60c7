// Values that are never dropped (`alloc_no_drop`) may refer to their own scope, in cycles; and a
// dropped value of a nested scope may refer to the scope around it (dropped after it).
use avila_alloc::arena::StackScopeArena;
use core::cell::Cell;

struct Node<'s> {
    value: u32,
    next: Cell<Option<&'s Node<'s>>>,
}

fn main() {
    let mut arena: StackScopeArena<256> = StackScopeArena::new();
    arena.scope(|s| {
        let a = s.alloc_no_drop(Node { value: 1, next: Cell::new(None) });
        let b = s.alloc_no_drop(Node { value: 2, next: Cell::new(Some(a)) });
        a.next.set(Some(b));
        assert_eq!(a.next.get().unwrap().next.get().unwrap().value, 1);
        s.scope(|inner| {
            let refs = inner.alloc(vec![&*a, &*b]);
            assert_eq!(refs[1].value, 2);
        });
    });
}
