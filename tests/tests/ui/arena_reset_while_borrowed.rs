// `reset` needs the arena mutably: values allocated before cannot outlive it.
use avila_alloc::StackArena;

fn main() {
    let mut arena: StackArena<64> = StackArena::new();
    let value = arena.alloc(1_u64);
    arena.reset();
    *value = 2;
}
