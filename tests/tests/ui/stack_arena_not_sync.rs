// Allocation through `&StackArena` bumps a `Cell`: the arena is not `Sync` (it is `Send`).
use avila_alloc::StackArena;

fn is_send<T: Send>() {}
fn is_sync<T: Sync>() {}

fn main() {
    is_send::<StackArena<64>>();
    is_sync::<StackArena<64>>();
}
