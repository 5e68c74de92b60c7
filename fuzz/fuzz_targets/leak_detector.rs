//! `LeakDetector<System, 32>` under random allocations, frees, reallocations and misuse (double
//! frees, frees with the wrong layout, frees of unknown pointers), against a model of the live
//! blocks and of the recently freed addresses: after every operation the detector's counts, live
//! bytes and misuse counts by kind must be the model's, no refused call may reach the system
//! allocator (it would crash or corrupt it), and at the end nothing is left live.
#![no_main]

use std::alloc::{GlobalAlloc, Layout, System};

use avila_alloc::track::{LeakDetector, RECENT_FREES};

const N: usize = 32;

#[derive(Default)]
struct Model {
    live: Vec<(*mut u8, Layout)>,
    /// Addresses freed, newest last (the detector remembers the last `RECENT_FREES`).
    freed: Vec<usize>,
    counts: [usize; 7], // allocations, frees, reallocations, table full, double, unknown, mismatch
}

impl Model {
    fn freed(&mut self, addr: usize) {
        self.freed.push(addr);
    }

    fn recent(&self, addr: usize) -> bool {
        self.freed
            .iter()
            .rev()
            .take(RECENT_FREES)
            .any(|&a| a == addr)
    }

    fn is_live(&self, addr: usize) -> bool {
        self.live.iter().any(|&(p, _)| p.addr() == addr)
    }
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let d = LeakDetector::<System, N>::new(System);
    let mut m = Model::default();
    let mut local = 0u64;
    for op in data.chunks_exact(3) {
        let (b1, b2) = (usize::from(op[1]), usize::from(op[2]));
        match op[0] % 6 {
            0 | 1 => {
                let layout = Layout::from_size_align(1 + b1 * 4, 1 << (b2 % 7)).unwrap();
                // SAFETY: not zero-sized.
                let p = unsafe { d.alloc(layout) };
                if m.live.len() == N {
                    assert!(p.is_null(), "a full table must refuse");
                    m.counts[3] += 1;
                } else {
                    assert!(!p.is_null());
                    m.live.push((p, layout));
                    m.counts[0] += 1;
                }
            }
            2 if !m.live.is_empty() => {
                let (p, layout) = m.live.swap_remove(b1 % m.live.len());
                // SAFETY: live with `layout`.
                unsafe { d.dealloc(p, layout) };
                m.freed(p.addr());
                m.counts[1] += 1;
            }
            3 if !m.live.is_empty() => {
                let i = b1 % m.live.len();
                let (p, layout) = m.live[i];
                let new_size = 1 + b2 * 8;
                // SAFETY: live with `layout`; a valid size.
                let q = unsafe { d.realloc(p, layout, new_size) };
                assert!(!q.is_null());
                if q != p {
                    m.freed(p.addr());
                }
                m.live[i] = (
                    q,
                    Layout::from_size_align(new_size, layout.align()).unwrap(),
                );
                m.counts[2] += 1;
            }
            4 if !m.freed.is_empty() => {
                let addr = m.freed[m.freed.len() - 1 - b1 % m.freed.len().min(64)];
                if m.is_live(addr) {
                    continue; // reused: a second free would free the new block (not detectable)
                }
                let kind = if m.recent(addr) { 4 } else { 5 };
                let p = core::ptr::without_provenance_mut::<u8>(addr);
                // SAFETY: not live: the detector refuses it without touching the system
                // allocator (which would crash if it got it).
                unsafe { d.dealloc(p, Layout::from_size_align(8, 8).unwrap()) };
                m.counts[kind] += 1;
            }
            5 if !m.live.is_empty() && b2 % 2 == 0 => {
                let (p, layout) = m.live[b1 % m.live.len()];
                let wrong = Layout::from_size_align(layout.size() + 1, layout.align()).unwrap();
                // SAFETY: refused (layout mismatch): the block stays live.
                unsafe { d.dealloc(p, wrong) };
                m.counts[6] += 1;
            }
            5 => {
                let p = (&raw mut local).cast::<u8>();
                let kind = if m.recent(p.addr()) { 4 } else { 5 };
                // SAFETY: never allocated: refused.
                unsafe { d.dealloc(p, Layout::new::<u64>()) };
                m.counts[kind] += 1;
            }
            _ => {}
        }
        let r = d.report();
        let got = [
            r.allocations,
            r.deallocations,
            r.reallocations,
            r.table_full,
            r.double_frees,
            r.unknown_pointers,
            r.layout_mismatches,
        ];
        assert_eq!(got, m.counts);
        assert_eq!(r.live.count, m.live.len());
        assert_eq!(
            r.live.bytes,
            m.live.iter().map(|(_, l)| l.size()).sum::<usize>()
        );
    }
    for (p, layout) in m.live.drain(..) {
        // SAFETY: live with `layout`.
        unsafe { d.dealloc(p, layout) };
    }
    d.assert_no_leaks();
});
