// While a nested scope is alive, the scope around it cannot allocate: its allocation would lie
// above the nested scope's mark and be freed when the nested scope ends.
use avila_alloc::arena::StackScopeArena;

fn main() {
    let mut arena: StackScopeArena<256> = StackScopeArena::new();
    arena.scope(|outer| {
        outer.scope(|inner| {
            inner.alloc(1_u32);
            outer.alloc(2_u32);
        });
    });
}
