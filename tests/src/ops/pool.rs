//! [`PoolOp`] and [`run_pool_ops`]: a `SizedPool<24, 6>` used through [`PoolBox`]es and through
//! [`RawAlloc`] at once, checking after every operation that the live blocks are aligned, lie
//! inside the pool without overlapping, keep their contents, and that the pool's counters, its
//! refusals and its reuse order (last freed, first reused) match a model.

use core::alloc::Layout;
use core::ptr::NonNull;

use avila_alloc::heap::RawAlloc;
use avila_alloc::pool::{PoolBox, SizedPool};
use avila_alloc::{AllocErrorKind, CapacityError};

use crate::Tracked;
use crate::ops::RunStats;

/// The block size of the pool under test (blocks are 8-aligned).
pub const POOL_BLOCK: usize = 24;

/// The number of blocks of the pool under test: small, so runs fill it often.
pub const POOL_BLOCKS: usize = 6;

type Pool = SizedPool<POOL_BLOCK, POOL_BLOCKS>;

/// One operation on a `SizedPool<24, 6>`, mirrored on the model by [`run_pool_ops`].
#[derive(Debug, Clone, arbitrary::Arbitrary)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
pub enum PoolOp {
    /// `alloc([u64; 3])` filled from `seed`.
    Boxed {
        /// The pattern seed.
        seed: u16,
    },
    /// `alloc(Tracked)`, to check drops.
    Tracked {
        /// The value.
        value: u16,
    },
    /// `RawAlloc::allocate` of `size % 32` bytes aligned to `2^(align % 6)`: the ones that do
    /// not fit must be refused with the right kind. Filled with a pattern.
    Raw {
        /// Raw size.
        size: u8,
        /// Raw alignment exponent.
        align: u8,
    },
    /// Frees live allocation `index % len` (drops the box, or `RawAlloc::deallocate`).
    Free {
        /// Raw index.
        index: u8,
    },
    /// `PoolBox::into_inner` of live allocation `index % len` if it is a box.
    IntoInner {
        /// Raw index.
        index: u8,
    },
    /// Rewrites the contents of live allocation `index % len`.
    Write {
        /// Raw index.
        index: u8,
        /// New pattern seed.
        seed: u8,
    },
}

/// A live allocation and what it must hold.
enum Live<'p> {
    Array(PoolBox<'p, [u64; 3], POOL_BLOCK, POOL_BLOCKS>, u16),
    Tracked(PoolBox<'p, Tracked, POOL_BLOCK, POOL_BLOCKS>, u16),
    Raw(NonNull<u8>, Layout, u8),
}

impl Live<'_> {
    /// Address and byte length (0 for a zero-sized raw allocation).
    fn range(&self) -> (usize, usize) {
        match self {
            Live::Array(b, _) => ((&raw const **b).addr(), 24),
            Live::Tracked(b, _) => ((&raw const **b).addr(), size_of::<Tracked>()),
            Live::Raw(p, layout, _) => (p.as_ptr().addr(), layout.size()),
        }
    }

    /// Whether it holds a block of the pool.
    fn has_block(&self) -> bool {
        self.range().1 != 0 || !matches!(self, Live::Raw(..))
    }
}

fn array(seed: u16) -> [u64; 3] {
    let s = u64::from(seed);
    [s, s.wrapping_mul(31) ^ 0xa5a5, !s]
}

fn fill(ptr: NonNull<u8>, len: usize, seed: u8) {
    for i in 0..len {
        // SAFETY: `ptr` is a live allocation of `len` bytes owned by the runner.
        unsafe { ptr.as_ptr().add(i).write(seed.wrapping_add(i as u8)) };
    }
}

/// Applies `ops` to a `SizedPool<24, 6>` and checks it after every operation (see the module
/// docs); at the end frees everything and checks that every block is free and every `Tracked`
/// dropped once.
///
/// # Panics
///
/// On any disagreement.
pub fn run_pool_ops(ops: &[PoolOp]) -> RunStats {
    let baseline = Tracked::live();
    let pool = Pool::new();
    let mut live: Vec<Live<'_>> = Vec::new();
    // The model of the free list: blocks freed since, last on top.
    let mut freed: Vec<usize> = Vec::new();
    let mut stats = RunStats::default();
    let mut base = None;
    for op in ops {
        stats.ops += 1;
        let blocks = live.iter().filter(|l| l.has_block()).count();
        if blocks == POOL_BLOCKS {
            stats.ops_when_full += 1;
        }
        let expected_addr = freed.last().copied();
        let full = blocks == POOL_BLOCKS;
        let new_block = |addr: usize, freed: &mut Vec<usize>| {
            if let Some(expected) = expected_addr {
                assert_eq!(addr, expected, "the last freed block is reused first");
                freed.pop();
            }
        };
        match *op {
            PoolOp::Boxed { seed } => match pool.alloc(array(seed)) {
                Ok(b) => {
                    assert!(!full, "allocated while full");
                    new_block((&raw const *b).addr(), &mut freed);
                    live.push(Live::Array(b, seed));
                }
                Err(err) => {
                    assert!(full, "refused while not full");
                    assert_eq!(err.capacity(), POOL_BLOCKS);
                    assert_eq!(err.element(), array(seed));
                    stats.rejected += 1;
                }
            },
            PoolOp::Tracked { value } => match pool.alloc(Tracked::new(value)) {
                Ok(b) => {
                    assert!(!full, "allocated while full");
                    new_block((&raw const *b).addr(), &mut freed);
                    live.push(Live::Tracked(b, value));
                }
                Err(err) => {
                    assert!(full, "refused while not full");
                    let err: CapacityError<Tracked> = err;
                    assert_eq!(err.element().value, value);
                    stats.rejected += 1;
                }
            },
            PoolOp::Raw { size, align } => {
                let layout =
                    Layout::from_size_align(usize::from(size) % 32, 1 << (align % 6)).unwrap();
                let result = RawAlloc::allocate(&mut &pool, layout);
                let expected = if layout.size() == 0 {
                    None
                } else if layout.size() > POOL_BLOCK {
                    Some(AllocErrorKind::UnsupportedSize)
                } else if layout.align() > Pool::BLOCK_ALIGN {
                    Some(AllocErrorKind::UnsupportedAlignment)
                } else if full {
                    Some(AllocErrorKind::OutOfMemory)
                } else {
                    None
                };
                match (result, expected) {
                    (Ok(ptr), None) => {
                        assert_eq!(ptr.as_ptr().addr() % layout.align(), 0, "aligned");
                        if layout.size() != 0 {
                            new_block(ptr.as_ptr().addr(), &mut freed);
                        }
                        fill(ptr, layout.size(), size);
                        live.push(Live::Raw(ptr, layout, size));
                    }
                    (Err(err), Some(kind)) => {
                        assert_eq!(err.kind(), kind, "{layout:?}");
                        stats.rejected += 1;
                    }
                    (r, e) => panic!("{layout:?}: got {r:?}, expected {e:?}"),
                }
            }
            PoolOp::Free { index } => {
                if !live.is_empty() {
                    let l = live.swap_remove(usize::from(index) % live.len());
                    let (addr, _) = l.range();
                    if l.has_block() {
                        freed.push(addr);
                    }
                    match l {
                        Live::Array(b, _) => drop(b),
                        Live::Tracked(b, _) => drop(b),
                        // SAFETY: a live allocation of this pool for `layout`, freed once.
                        Live::Raw(ptr, layout, _) => unsafe {
                            RawAlloc::deallocate(&mut &pool, ptr, layout);
                        },
                    }
                }
            }
            PoolOp::IntoInner { index } => {
                if !live.is_empty() {
                    let i = usize::from(index) % live.len();
                    if !matches!(live[i], Live::Raw(..)) {
                        let l = live.swap_remove(i);
                        freed.push(l.range().0);
                        match l {
                            Live::Array(b, seed) => assert_eq!(b.into_inner(), array(seed)),
                            Live::Tracked(b, value) => assert_eq!(b.into_inner().value, value),
                            Live::Raw(..) => unreachable!(),
                        }
                    }
                }
            }
            PoolOp::Write { index, seed } => {
                if !live.is_empty() {
                    let i = usize::from(index) % live.len();
                    match &mut live[i] {
                        Live::Array(b, s) => {
                            *s = u16::from(seed);
                            **b = array(*s);
                        }
                        Live::Tracked(b, v) => {
                            *v = u16::from(seed);
                            b.value = *v;
                        }
                        Live::Raw(ptr, layout, s) => {
                            *s = seed;
                            fill(*ptr, layout.size(), seed);
                        }
                    }
                }
            }
        }
        if base.is_none() {
            // The first block ever handed out is block 0: the start of the pool.
            base = live
                .iter()
                .filter(|l| l.has_block())
                .map(|l| l.range().0)
                .min();
        }
        check(&pool, &live, base.unwrap_or(0));
        stats.max_len = stats.max_len.max(pool.allocated());
        let tracked = live
            .iter()
            .filter(|l| matches!(l, Live::Tracked(..)))
            .count();
        assert_eq!(Tracked::live(), baseline + tracked as isize, "after {op:?}");
    }
    for l in live {
        if let Live::Raw(ptr, layout, _) = l {
            // SAFETY: a live allocation of this pool for `layout`, freed once.
            unsafe { RawAlloc::deallocate(&mut &pool, ptr, layout) };
        }
    }
    assert_eq!(pool.allocated(), 0, "every block free at the end");
    assert_eq!(Tracked::live(), baseline, "every value dropped once");
    stats
}

fn check(pool: &Pool, live: &[Live<'_>], base: usize) {
    let mut ranges: Vec<(usize, usize)> = live
        .iter()
        .filter(|l| l.has_block())
        .map(Live::range)
        .collect();
    assert_eq!(pool.allocated(), ranges.len(), "allocated blocks");
    let stats = pool.stats();
    assert_eq!(stats.used, ranges.len() * POOL_BLOCK);
    assert_eq!(stats.free, (POOL_BLOCKS - ranges.len()) * POOL_BLOCK);
    ranges.sort_unstable();
    for &(addr, _) in &ranges {
        if base != 0 {
            assert!(
                addr >= base && addr < base + POOL_BLOCK * POOL_BLOCKS,
                "inside the pool"
            );
            assert_eq!((addr - base) % POOL_BLOCK, 0, "at a block start");
        }
        assert_eq!(addr % Pool::BLOCK_ALIGN, 0, "block alignment");
    }
    for pair in ranges.windows(2) {
        assert!(
            pair[0].0 + POOL_BLOCK <= pair[1].0,
            "blocks overlap: {pair:?}"
        );
    }
    for l in live {
        match l {
            Live::Array(b, seed) => assert_eq!(**b, array(*seed)),
            Live::Tracked(b, value) => assert_eq!(b.value, *value),
            Live::Raw(ptr, layout, seed) => {
                for i in 0..layout.size() {
                    // SAFETY: a live allocation of `layout.size()` bytes, all written by `fill`.
                    let byte = unsafe { ptr.as_ptr().add(i).read() };
                    assert_eq!(byte, seed.wrapping_add(i as u8), "contents");
                }
            }
        }
    }
}
