// A checkpoint borrows the arena mutably: no value allocated before it can be in use meanwhile
// (the rewind could otherwise hand its bytes out again).
use avila_alloc::StackArena;

fn main() {
    let mut arena: StackArena<64> = StackArena::new();
    let kept = arena.alloc(1_u32);
    let scratch = arena.checkpoint();
    scratch.alloc(2_u32);
    *kept = 3;
}
