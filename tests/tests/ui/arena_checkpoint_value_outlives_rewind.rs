// A value allocated through a checkpoint borrows it: it cannot be used after the rewind.
use avila_alloc::StackArena;

fn main() {
    let mut arena: StackArena<64> = StackArena::new();
    let scratch = arena.checkpoint();
    let tmp = scratch.alloc(1_u32);
    drop(scratch);
    *tmp = 2;
}
