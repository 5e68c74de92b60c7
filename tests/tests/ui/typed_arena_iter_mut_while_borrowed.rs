// `iter_mut` needs the arena mutably: a value handed out by `alloc` cannot be in use across it.
use avila_alloc::arena::TypedArena;

fn main() {
    let mut arena = TypedArena::new();
    let value = arena.alloc(1_u64);
    for v in arena.iter_mut() {
        *v += 1;
    }
    *value = 2;
}
