// `TypedArena` allocates through `&self` without a lock: it is not `Sync`.
use avila_alloc::arena::TypedArena;

fn assert_sync<T: Sync>(_: &T) {}

fn main() {
    let arena = TypedArena::<u64>::new();
    assert_sync(&arena);
}
