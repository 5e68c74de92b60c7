// Nor can it be smuggled out through a variable the closure captures.
use avila_alloc::arena::StackScopeArena;

fn main() {
    let mut arena: StackScopeArena<64> = StackScopeArena::new();
    let mut smuggled: Option<&u64> = None;
    arena.scope(|s| {
        smuggled = Some(s.alloc(7_u64));
    });
    println!("{smuggled:?}");
}
