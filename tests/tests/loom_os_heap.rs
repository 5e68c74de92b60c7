//! loom model test of `OsHeap`'s remote-free list: the list through which threads hand a freed
//! block back to the thread that owns its page. Two threads push blocks whose contents they
//! wrote last (in a loom `UnsafeCell`, as a program writes a block before freeing it) while the
//! owner takes the whole list until it has them all; every block must come out exactly once,
//! and reading its contents must be ordered after the pusher's write. With a `Relaxed` push,
//! loom reports that read as a causality violation; with a plain store in place of the
//! compare-and-swap, a block is lost and the owner waits for it until loom's branch limit fails
//! the model (both checked).
//!
//! Built and run only by `scripts/loom.sh` (`--cfg loom`).
#![cfg(loom)]

use avila_alloc::heap::os_heap_loom::{Block, RemoteFreeList};
use loom::cell::UnsafeCell;
use loom::sync::Arc;
use loom::thread;

/// A freed block: the list's link first, then the program's last write to it.
#[repr(C)]
struct TestBlock {
    link: Block,
    contents: UnsafeCell<usize>,
}

/// A block's address, sendable to another loom thread.
#[derive(Clone, Copy)]
struct Ptr(*mut TestBlock);

// SAFETY: each block is used by one thread at a time: its pusher, then whoever takes it.
unsafe impl Send for Ptr {}

fn new_block() -> Ptr {
    Ptr(Box::into_raw(Box::new(TestBlock {
        link: Block {
            next: std::ptr::null_mut(),
        },
        contents: UnsafeCell::new(0),
    })))
}

/// Frees `block` the way a thread that does not own its page does.
fn free_remotely(list: &RemoteFreeList, block: Ptr, value: usize) {
    // SAFETY: the block is this thread's until the push publishes it.
    unsafe {
        (*block.0).contents.with_mut(|c| *c = value);
        list.push_for_loom(block.0.cast());
    }
}

/// Takes the list and returns the blocks' contents (and frees the blocks' memory).
fn take(list: &RemoteFreeList) -> Vec<usize> {
    let mut values = Vec::new();
    let mut block = list.take_all_for_loom().cast::<TestBlock>();
    while !block.is_null() {
        // SAFETY: taken blocks belong to the taker; their pushes happen before the take.
        unsafe {
            values.push((*block).contents.with(|c| *c));
            let next = (*block).link.next.cast::<TestBlock>();
            drop(Box::from_raw(block));
            block = next;
        }
    }
    values
}

#[test]
fn every_remote_free_reaches_the_owner_once_with_its_contents() {
    loom::model(|| {
        let list = Arc::new(RemoteFreeList::new_for_loom());
        let blocks: Vec<Ptr> = (0..3).map(|_| new_block()).collect();
        let pushers: Vec<_> = [vec![blocks[0], blocks[1]], vec![blocks[2]]]
            .into_iter()
            .enumerate()
            .map(|(t, mine)| {
                let list = Arc::clone(&list);
                thread::spawn(move || {
                    for (i, block) in mine.into_iter().enumerate() {
                        free_remotely(&list, block, 10 * (t + 1) + i);
                    }
                })
            })
            .collect();
        // The owner takes until it has every block, before joining: what it reads is ordered
        // after the pushers' writes only through the list itself.
        let mut seen = Vec::new();
        while seen.len() < 3 {
            seen.extend(take(&list));
            thread::yield_now();
        }
        for pusher in pushers {
            pusher.join().unwrap();
        }
        assert!(take(&list).is_empty());
        seen.sort_unstable();
        assert_eq!(seen, [10, 11, 20]);
    });
}
