// An `Arena` borrows its buffer mutably for as long as it lives.
use avila_alloc::Arena;
use core::mem::MaybeUninit;

fn main() {
    let mut buf = [MaybeUninit::<u8>::uninit(); 64];
    let arena = Arena::new(&mut buf);
    let value = arena.alloc(1_u8);
    buf[0] = MaybeUninit::new(0);
    *value = 2;
}
