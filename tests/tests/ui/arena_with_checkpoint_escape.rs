// Nothing allocated inside `with_checkpoint` can leave the closure.
use avila_alloc::StackArena;

fn main() {
    let mut arena: StackArena<64> = StackArena::new();
    let escaped = arena.with_checkpoint(|a| a.alloc(1_u32));
    *escaped = 2;
}
