//! The block map of a [`Heap`](super::Heap): [`Blocks`] walks it, one [`BlockInfo`] per block.

use core::fmt;
use core::iter::FusedIterator;
use core::marker::PhantomData;

use super::Heap;
use super::block::Block;

/// One block of a [`Heap`](super::Heap), as seen by [`Heap::blocks`](super::Heap::blocks).
///
/// # Examples
///
/// ```
/// use avila_alloc::heap::{BlockInfo, Heap};
///
/// let mut memory = vec![0u64; 64];
/// let mut heap = Heap::new();
/// // SAFETY: the vector outlives the heap and is used for nothing else.
/// unsafe { heap.claim(core::ptr::slice_from_raw_parts_mut(memory.as_mut_ptr().cast(), 512)) };
/// let block: BlockInfo = heap.blocks().next().unwrap();
/// assert!(block.free);
/// assert_eq!(block.payload(), block.addr + size_of::<usize>());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct BlockInfo {
    /// The address of the block's first byte (its header).
    pub addr: usize,
    /// The block's size in bytes, header included.
    pub size: usize,
    /// Whether the block is free.
    pub free: bool,
}

impl BlockInfo {
    /// The address of the block's payload: what an allocation of this block points to.
    #[must_use]
    pub const fn payload(&self) -> usize {
        self.addr + size_of::<usize>()
    }
}

/// The iterator of [`Heap::blocks`](super::Heap::blocks): every block of every region, the most
/// recently claimed region first, each region in address order.
#[must_use = "iterators are lazy"]
pub struct Blocks<'a> {
    next: Option<Block>,
    heap: PhantomData<&'a Heap>,
}

impl<'a> Blocks<'a> {
    pub(super) fn new(first: Option<Block>) -> Self {
        Self {
            next: first,
            heap: PhantomData,
        }
    }
}

impl Iterator for Blocks<'_> {
    type Item = BlockInfo;

    fn next(&mut self) -> Option<BlockInfo> {
        loop {
            let block = self.next?;
            let size = block.size();
            if size == 0 {
                // SAFETY: a block of size 0 is a region's sentinel.
                self.next = unsafe { block.region_link() };
                continue;
            }
            self.next = Some(block.next());
            return Some(BlockInfo {
                addr: block.addr(),
                size,
                free: block.is_free(),
            });
        }
    }
}

impl FusedIterator for Blocks<'_> {}

impl fmt::Debug for Blocks<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Blocks").field("next", &self.next).finish()
    }
}
