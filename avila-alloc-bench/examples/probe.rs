//! Every routine of the suite as a `#[no_mangle]` function, to read its machine code or count
//! its instructions in isolation. (In the report binary the workloads are inlined into generic
//! closures, where they are hard to find.) Instruction counts are deterministic and do not depend
//! on code alignment, so they complement the timings.
//!
//! ```text
//! cargo build --release -p avila-alloc-bench --example probe
//! target/release/examples/probe --list
//! objdump -d --no-show-raw-insn -C target/release/examples/probe --disassemble=vec_push_256_avila
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null --toggle-collect=vec_push_256_avila \
//!     target/release/examples/probe vec_push_256_avila 1000
//! # every probe under callgrind, as a table of instructions per run (needs valgrind):
//! target/release/examples/probe --instructions [--filter vec/push] [--runs 200]
//! ```
//!
//! Keep the lists below in step with `suite.rs` (and `suite_map.rs`) when adding cases. The
//! two-thread rows (`queue/spsc_1M`, `os_heap/..._2_threads`) have no probe: callgrind serializes threads, so their counts
//! would measure its scheduler, not the queues.

#![allow(
    missing_docs,
    reason = "one undocumented function per probe, named after its case"
)]

use core::hint::black_box;
use std::io::IsTerminal as _;
use std::process::{Command, ExitCode};
use std::sync::LazyLock;

use avila_alloc::arena::TypedArena;
use avila_alloc_bench::peers::{ARRAYVEC, AVILA, HEAPLESS, STD, StdString, StdVec};
use avila_alloc_bench::peers_arena::{BUMPALO, BenchArena, BoxedStackArena};
use avila_alloc_bench::peers_deque::StdRing;
use avila_alloc_bench::peers_gen_arena::{BoxedGenArena, SLOTMAP, THUNDERDOME};
use avila_alloc_bench::peers_map::{BenchMap, Fnv, HASHBROWN, HashbrownMap, StdMap};
use avila_alloc_bench::peers_os_heap::{AVILA_HEAP, MIMALLOC, MIMALLOC_HEAP, SYSTEM, SYSTEM_HEAP};
use avila_alloc_bench::peers_queue::{BenchQueue, CROSSBEAM, CrossbeamQueue, StdDeque};
use avila_alloc_bench::peers_slab::{BoxedSlab, SLAB};
use avila_alloc_bench::report::{Measurement, Row, Table};
use avila_alloc_bench::scope_arena as sa;
use avila_alloc_bench::typed_arena::{self as ta, Dropping, TYPED_ARENA};
use avila_alloc_bench::workloads::{string, vec};
use avila_alloc_bench::workloads_arena as wa;
use avila_alloc_bench::workloads_deque::{deque, ring};
use avila_alloc_bench::workloads_gen_arena as wg;
use avila_alloc_bench::workloads_map::{self as map, MapInputs};
use avila_alloc_bench::workloads_os_heap::{self as wo, Chunk, Inputs};
use avila_alloc_bench::workloads_queue as queue;
use avila_alloc_bench::workloads_slab as wsl;

type SV<const N: usize> = avila_alloc::StackVec<u32, N>;
type AV<const N: usize> = arrayvec::ArrayVec<u32, N>;
type HV<const N: usize> = heapless::Vec<u32, N>;
type DV<const N: usize> = StdVec<u32, N>;
type SS<const N: usize> = avila_alloc::StackString<N>;
type AS<const N: usize> = arrayvec::ArrayString<N>;
type HS<const N: usize> = heapless::String<N>;
type DS<const N: usize> = StdString<N>;
type SQ = avila_alloc::StackQueue<u64, { queue::CAPACITY }>;
type HQ = heapless::spsc::Queue<u64, { queue::CAPACITY }>;
type CQ = CrossbeamQueue<u64, { queue::CAPACITY }>;
type DQ = StdDeque<u64, { queue::CAPACITY }>;
type SD<const N: usize> = avila_alloc::StackDeque<u32, N>;
type HD<const N: usize> = heapless::Deque<u32, N>;
type DD<const N: usize> = StdDeque<u32, N>;
type SR<const N: usize> = avila_alloc::StackRing<u32, N>;
type HR<const N: usize> = heapless::HistoryBuf<u32, N>;
type DR<const N: usize> = StdRing<u32, N>;
type AA = avila_alloc::Arena<'static>;
type SA = BoxedStackArena;
type SC = avila_alloc::arena::ScopeArena<'static>;
type BB = bumpalo::Bump;

/// The 16 bytes copied by the `alloc_slice_copy_16` probes.
const SRC_16: [u8; 16] = [3; 16];

type GA = wg::HalfFull<BoxedGenArena>;
type GS = wg::HalfFull<slotmap::SlotMap<slotmap::DefaultKey, u64>>;
type GT = wg::HalfFull<thunderdome::Arena<u64>>;
/// A half-full arena and the keys its `get_hit` (live) or `get_stale` probe looks up.
fn gen_lookup<A: avila_alloc_bench::peers_gen_arena::BenchGenArena>(
    stale: bool,
) -> (wg::HalfFull<A>, Vec<A::Key>) {
    let half = wg::half_full::<A>();
    let keys = wg::lookup_keys(if stale { &half.stale } else { &half.live });
    (half, keys)
}
type GaKeys = (GA, Vec<avila_alloc::GenKey>);
type GsKeys = (GS, Vec<slotmap::DefaultKey>);
type GtKeys = (GT, Vec<thunderdome::Index>);

/// The queue of the `os_heap/producer_consumer` probes.
type OQ = crossbeam_queue::ArrayQueue<Chunk>;

type XA = BoxedSlab;
type XS = slab::Slab<u64>;
/// The keys of the `slab/get_hit` probes.
static SLAB_KEYS: LazyLock<Vec<usize>> = LazyLock::new(wsl::lookup_keys);

// The inputs of `push_char`, made once (the `LazyLock` check is the same for every peer).
static ASCII_64: LazyLock<Vec<char>> = LazyLock::new(|| string::fill_chars(&string::ASCII, 64));
static ASCII_512: LazyLock<Vec<char>> = LazyLock::new(|| string::fill_chars(&string::ASCII, 512));
static MIXED_64: LazyLock<Vec<char>> = LazyLock::new(|| string::fill_chars(&string::MIXED, 64));
static MIXED_512: LazyLock<Vec<char>> = LazyLock::new(|| string::fill_chars(&string::MIXED, 512));

/// One probe: a `#[no_mangle]` function and a runner that prepares its inputs and calls it.
struct Probe {
    name: &'static str,
    case: &'static str,
    peer: &'static str,
    run: fn(u64),
}

// Each probe starts with `black_box` of its own name: without it, probes whose code is identical
// (`StdVec<u32, 16>` and `StdVec<u32, 256>` pop the same way) are merged into one symbol and
// callgrind counts nothing for the others.
macro_rules! probe_fn {
    (plain $name:ident, $ty:ty, $call:expr) => {
        #[inline(never)]
        #[unsafe(no_mangle)]
        pub fn $name(runs: u64) {
            black_box(stringify!($name));
            for _ in 0..runs {
                let _ = $call;
            }
        }
    };
    (consuming $name:ident, $ty:ty, $f:expr) => {
        #[inline(never)]
        #[unsafe(no_mangle)]
        pub fn $name(inputs: &mut [$ty]) {
            black_box(stringify!($name));
            for input in inputs {
                let _ = $f(input);
            }
        }
    };
    (reading $name:ident, $ty:ty, $f:expr) => {
        #[inline(never)]
        #[unsafe(no_mangle)]
        pub fn $name(v: &$ty, runs: u64) {
            black_box(stringify!($name));
            for _ in 0..runs {
                let _ = $f(v);
            }
        }
    };
    // Deques and rings: the same three shapes, with their own setup (see `probe_runner!`), plus
    // `stateful`, a routine run `runs` times on one container it keeps changing (`mutating`).
    (deque_consuming $name:ident, $ty:ty, $f:expr) => {
        probe_fn!(consuming $name, $ty, $f);
    };
    (deque_reading $name:ident, $ty:ty, $f:expr) => {
        probe_fn!(reading $name, $ty, $f);
    };
    (ring_reading $name:ident, $ty:ty, $f:expr) => {
        probe_fn!(reading $name, $ty, $f);
    };
    (deque_stateful $name:ident, $ty:ty, $f:expr) => {
        probe_fn!(mutating $name, $ty, $f);
    };
    (ring_stateful $name:ident, $ty:ty, $f:expr) => {
        probe_fn!(mutating $name, $ty, $f);
    };
    (mutating $name:ident, $ty:ty, $f:expr) => {
        #[inline(never)]
        #[unsafe(no_mangle)]
        pub fn $name(v: &mut $ty, runs: u64) {
            black_box(stringify!($name));
            for _ in 0..runs {
                let _ = $f(v);
            }
        }
    };
}

macro_rules! probe_runner {
    (plain $name:ident, $ty:ty) => {
        |runs| black_box($name as fn(u64))(runs)
    };
    (consuming $name:ident, $ty:ty) => {
        |runs| {
            let mut inputs: Vec<$ty> = (0..runs).map(|_| vec::full::<$ty>()).collect();
            black_box($name as fn(&mut [$ty]))(&mut inputs);
        }
    };
    // A container made once by `setup` and changed by every run (a queue's positions move on).
    (mutating $name:ident, $ty:ty, $setup:expr) => {
        |runs| {
            let mut v: $ty = $setup;
            black_box($name as fn(&mut $ty, u64))(&mut v, runs);
        }
    };
    (reading $name:ident, $ty:ty) => {
        |runs| {
            let v = vec::full::<$ty>();
            black_box($name as fn(&$ty, u64))(&v, runs);
        }
    };
    (deque_consuming $name:ident, $ty:ty) => {
        |runs| {
            let mut inputs: Vec<$ty> = (0..runs).map(|_| deque::full::<$ty>()).collect();
            black_box($name as fn(&mut [$ty]))(&mut inputs);
        }
    };
    (deque_reading $name:ident, $ty:ty) => {
        |runs| {
            let d = deque::full::<$ty>();
            black_box($name as fn(&$ty, u64))(&d, runs);
        }
    };
    (ring_reading $name:ident, $ty:ty) => {
        |runs| {
            let r = ring::full::<$ty>();
            black_box($name as fn(&$ty, u64))(&r, runs);
        }
    };
    (deque_stateful $name:ident, $ty:ty) => {
        |runs| {
            let mut d = deque::half_full::<$ty>();
            black_box($name as fn(&mut $ty, u64))(&mut d, runs);
        }
    };
    (ring_stateful $name:ident, $ty:ty) => {
        |runs| {
            let mut r = ring::full::<$ty>();
            black_box($name as fn(&mut $ty, u64))(&mut r, runs);
        }
    };
}

macro_rules! probes {
    ($($kind:ident $name:ident = $case:literal, $peer:expr, $ty:ty, $f:expr $(, setup = $setup:expr)?;)*) => {
        $(probe_fn!($kind $name, $ty, $f);)*
        const PROBES: &[Probe] = &[
            $(Probe { name: stringify!($name), case: $case, peer: $peer, run: probe_runner!($kind $name, $ty $(, $setup)?) },)*
        ];
    };
}

probes! {
    plain vec_push_16_avila = "vec/push/16", AVILA, SV<16>, vec::push::<SV<16>>();
    plain vec_push_16_arrayvec = "vec/push/16", ARRAYVEC, AV<16>, vec::push::<AV<16>>();
    plain vec_push_16_heapless = "vec/push/16", HEAPLESS, HV<16>, vec::push::<HV<16>>();
    plain vec_push_16_std = "vec/push/16", STD, DV<16>, vec::push::<DV<16>>();
    plain vec_push_256_avila = "vec/push/256", AVILA, SV<256>, vec::push::<SV<256>>();
    plain vec_push_256_arrayvec = "vec/push/256", ARRAYVEC, AV<256>, vec::push::<AV<256>>();
    plain vec_push_256_heapless = "vec/push/256", HEAPLESS, HV<256>, vec::push::<HV<256>>();
    plain vec_push_256_std = "vec/push/256", STD, DV<256>, vec::push::<DV<256>>();
    consuming vec_pop_16_avila = "vec/pop/16", AVILA, SV<16>, vec::pop_all;
    consuming vec_pop_16_arrayvec = "vec/pop/16", ARRAYVEC, AV<16>, vec::pop_all;
    consuming vec_pop_16_heapless = "vec/pop/16", HEAPLESS, HV<16>, vec::pop_all;
    consuming vec_pop_16_std = "vec/pop/16", STD, DV<16>, vec::pop_all;
    consuming vec_pop_256_avila = "vec/pop/256", AVILA, SV<256>, vec::pop_all;
    consuming vec_pop_256_arrayvec = "vec/pop/256", ARRAYVEC, AV<256>, vec::pop_all;
    consuming vec_pop_256_heapless = "vec/pop/256", HEAPLESS, HV<256>, vec::pop_all;
    consuming vec_pop_256_std = "vec/pop/256", STD, DV<256>, vec::pop_all;
    plain vec_extend_from_slice_16_avila = "vec/extend_from_slice/16", AVILA, SV<16>, vec::extend_from_slice::<SV<16>>();
    plain vec_extend_from_slice_16_arrayvec = "vec/extend_from_slice/16", ARRAYVEC, AV<16>, vec::extend_from_slice::<AV<16>>();
    plain vec_extend_from_slice_16_heapless = "vec/extend_from_slice/16", HEAPLESS, HV<16>, vec::extend_from_slice::<HV<16>>();
    plain vec_extend_from_slice_16_std = "vec/extend_from_slice/16", STD, DV<16>, vec::extend_from_slice::<DV<16>>();
    plain vec_extend_from_slice_256_avila = "vec/extend_from_slice/256", AVILA, SV<256>, vec::extend_from_slice::<SV<256>>();
    plain vec_extend_from_slice_256_arrayvec = "vec/extend_from_slice/256", ARRAYVEC, AV<256>, vec::extend_from_slice::<AV<256>>();
    plain vec_extend_from_slice_256_heapless = "vec/extend_from_slice/256", HEAPLESS, HV<256>, vec::extend_from_slice::<HV<256>>();
    plain vec_extend_from_slice_256_std = "vec/extend_from_slice/256", STD, DV<256>, vec::extend_from_slice::<DV<256>>();
    plain vec_insert_front_16_avila = "vec/insert_front/16", AVILA, SV<16>, vec::insert_front::<SV<16>>();
    plain vec_insert_front_16_arrayvec = "vec/insert_front/16", ARRAYVEC, AV<16>, vec::insert_front::<AV<16>>();
    plain vec_insert_front_16_heapless = "vec/insert_front/16", HEAPLESS, HV<16>, vec::insert_front::<HV<16>>();
    plain vec_insert_front_16_std = "vec/insert_front/16", STD, DV<16>, vec::insert_front::<DV<16>>();
    plain vec_insert_front_256_avila = "vec/insert_front/256", AVILA, SV<256>, vec::insert_front::<SV<256>>();
    plain vec_insert_front_256_arrayvec = "vec/insert_front/256", ARRAYVEC, AV<256>, vec::insert_front::<AV<256>>();
    plain vec_insert_front_256_heapless = "vec/insert_front/256", HEAPLESS, HV<256>, vec::insert_front::<HV<256>>();
    plain vec_insert_front_256_std = "vec/insert_front/256", STD, DV<256>, vec::insert_front::<DV<256>>();
    consuming vec_remove_front_16_avila = "vec/remove_front/16", AVILA, SV<16>, vec::remove_front;
    consuming vec_remove_front_16_arrayvec = "vec/remove_front/16", ARRAYVEC, AV<16>, vec::remove_front;
    consuming vec_remove_front_16_heapless = "vec/remove_front/16", HEAPLESS, HV<16>, vec::remove_front;
    consuming vec_remove_front_16_std = "vec/remove_front/16", STD, DV<16>, vec::remove_front;
    consuming vec_remove_front_256_avila = "vec/remove_front/256", AVILA, SV<256>, vec::remove_front;
    consuming vec_remove_front_256_arrayvec = "vec/remove_front/256", ARRAYVEC, AV<256>, vec::remove_front;
    consuming vec_remove_front_256_heapless = "vec/remove_front/256", HEAPLESS, HV<256>, vec::remove_front;
    consuming vec_remove_front_256_std = "vec/remove_front/256", STD, DV<256>, vec::remove_front;
    reading vec_iterate_16_avila = "vec/iterate/16", AVILA, SV<16>, vec::iterate;
    reading vec_iterate_16_arrayvec = "vec/iterate/16", ARRAYVEC, AV<16>, vec::iterate;
    reading vec_iterate_16_heapless = "vec/iterate/16", HEAPLESS, HV<16>, vec::iterate;
    reading vec_iterate_16_std = "vec/iterate/16", STD, DV<16>, vec::iterate;
    reading vec_iterate_256_avila = "vec/iterate/256", AVILA, SV<256>, vec::iterate;
    reading vec_iterate_256_arrayvec = "vec/iterate/256", ARRAYVEC, AV<256>, vec::iterate;
    reading vec_iterate_256_heapless = "vec/iterate/256", HEAPLESS, HV<256>, vec::iterate;
    reading vec_iterate_256_std = "vec/iterate/256", STD, DV<256>, vec::iterate;
    reading vec_clone_16_avila = "vec/clone/16", AVILA, SV<16>, vec::clone;
    reading vec_clone_16_arrayvec = "vec/clone/16", ARRAYVEC, AV<16>, vec::clone;
    reading vec_clone_16_heapless = "vec/clone/16", HEAPLESS, HV<16>, vec::clone;
    reading vec_clone_16_std = "vec/clone/16", STD, DV<16>, vec::clone;
    reading vec_clone_256_avila = "vec/clone/256", AVILA, SV<256>, vec::clone;
    reading vec_clone_256_arrayvec = "vec/clone/256", ARRAYVEC, AV<256>, vec::clone;
    reading vec_clone_256_heapless = "vec/clone/256", HEAPLESS, HV<256>, vec::clone;
    reading vec_clone_256_std = "vec/clone/256", STD, DV<256>, vec::clone;
    deque_stateful deque_churn_16_avila = "deque/churn/16", AVILA, SD<16>, deque::churn;
    deque_stateful deque_churn_16_heapless = "deque/churn/16", HEAPLESS, HD<16>, deque::churn;
    deque_stateful deque_churn_16_std = "deque/churn/16", STD, DD<16>, deque::churn;
    deque_stateful deque_churn_1024_avila = "deque/churn/1024", AVILA, SD<1024>, deque::churn;
    deque_stateful deque_churn_1024_heapless = "deque/churn/1024", HEAPLESS, HD<1024>, deque::churn;
    deque_stateful deque_churn_1024_std = "deque/churn/1024", STD, DD<1024>, deque::churn;
    plain deque_push_both_16_avila = "deque/push_both/16", AVILA, SD<16>, deque::push_both::<SD<16>>();
    plain deque_push_both_16_heapless = "deque/push_both/16", HEAPLESS, HD<16>, deque::push_both::<HD<16>>();
    plain deque_push_both_16_std = "deque/push_both/16", STD, DD<16>, deque::push_both::<DD<16>>();
    plain deque_push_both_1024_avila = "deque/push_both/1024", AVILA, SD<1024>, deque::push_both::<SD<1024>>();
    plain deque_push_both_1024_heapless = "deque/push_both/1024", HEAPLESS, HD<1024>, deque::push_both::<HD<1024>>();
    plain deque_push_both_1024_std = "deque/push_both/1024", STD, DD<1024>, deque::push_both::<DD<1024>>();
    deque_consuming deque_pop_both_16_avila = "deque/pop_both/16", AVILA, SD<16>, deque::pop_both;
    deque_consuming deque_pop_both_16_heapless = "deque/pop_both/16", HEAPLESS, HD<16>, deque::pop_both;
    deque_consuming deque_pop_both_16_std = "deque/pop_both/16", STD, DD<16>, deque::pop_both;
    deque_consuming deque_pop_both_1024_avila = "deque/pop_both/1024", AVILA, SD<1024>, deque::pop_both;
    deque_consuming deque_pop_both_1024_heapless = "deque/pop_both/1024", HEAPLESS, HD<1024>, deque::pop_both;
    deque_consuming deque_pop_both_1024_std = "deque/pop_both/1024", STD, DD<1024>, deque::pop_both;
    deque_reading deque_iterate_16_avila = "deque/iterate/16", AVILA, SD<16>, deque::iterate;
    deque_reading deque_iterate_16_heapless = "deque/iterate/16", HEAPLESS, HD<16>, deque::iterate;
    deque_reading deque_iterate_16_std = "deque/iterate/16", STD, DD<16>, deque::iterate;
    deque_reading deque_iterate_1024_avila = "deque/iterate/1024", AVILA, SD<1024>, deque::iterate;
    deque_reading deque_iterate_1024_heapless = "deque/iterate/1024", HEAPLESS, HD<1024>, deque::iterate;
    deque_reading deque_iterate_1024_std = "deque/iterate/1024", STD, DD<1024>, deque::iterate;
    plain deque_insert_middle_16_avila = "deque/insert_middle/16", AVILA, SD<16>, deque::insert_middle::<SD<16>>();
    plain deque_insert_middle_16_std = "deque/insert_middle/16", STD, DD<16>, deque::insert_middle::<DD<16>>();
    plain deque_insert_middle_1024_avila = "deque/insert_middle/1024", AVILA, SD<1024>, deque::insert_middle::<SD<1024>>();
    plain deque_insert_middle_1024_std = "deque/insert_middle/1024", STD, DD<1024>, deque::insert_middle::<DD<1024>>();
    deque_consuming deque_remove_middle_16_avila = "deque/remove_middle/16", AVILA, SD<16>, deque::remove_middle;
    deque_consuming deque_remove_middle_16_std = "deque/remove_middle/16", STD, DD<16>, deque::remove_middle;
    deque_consuming deque_remove_middle_1024_avila = "deque/remove_middle/1024", AVILA, SD<1024>, deque::remove_middle;
    deque_consuming deque_remove_middle_1024_std = "deque/remove_middle/1024", STD, DD<1024>, deque::remove_middle;
    ring_stateful ring_overwrite_16_avila = "ring/overwrite/16", AVILA, SR<16>, ring::overwrite;
    ring_stateful ring_overwrite_16_heapless = "ring/overwrite/16", HEAPLESS, HR<16>, ring::overwrite;
    ring_stateful ring_overwrite_16_std = "ring/overwrite/16", STD, DR<16>, ring::overwrite;
    ring_stateful ring_overwrite_1024_avila = "ring/overwrite/1024", AVILA, SR<1024>, ring::overwrite;
    ring_stateful ring_overwrite_1024_heapless = "ring/overwrite/1024", HEAPLESS, HR<1024>, ring::overwrite;
    ring_stateful ring_overwrite_1024_std = "ring/overwrite/1024", STD, DR<1024>, ring::overwrite;
    ring_reading ring_iterate_16_avila = "ring/iterate/16", AVILA, SR<16>, ring::iterate;
    ring_reading ring_iterate_16_heapless = "ring/iterate/16", HEAPLESS, HR<16>, ring::iterate;
    ring_reading ring_iterate_16_std = "ring/iterate/16", STD, DR<16>, ring::iterate;
    ring_reading ring_iterate_1024_avila = "ring/iterate/1024", AVILA, SR<1024>, ring::iterate;
    ring_reading ring_iterate_1024_heapless = "ring/iterate/1024", HEAPLESS, HR<1024>, ring::iterate;
    ring_reading ring_iterate_1024_std = "ring/iterate/1024", STD, DR<1024>, ring::iterate;
    plain string_push_str_64_avila = "string/push_str/64", AVILA, SS<64>, string::push_str::<SS<64>>();
    plain string_push_str_64_arrayvec = "string/push_str/64", ARRAYVEC, AS<64>, string::push_str::<AS<64>>();
    plain string_push_str_64_heapless = "string/push_str/64", HEAPLESS, HS<64>, string::push_str::<HS<64>>();
    plain string_push_str_64_std = "string/push_str/64", STD, DS<64>, string::push_str::<DS<64>>();
    plain string_push_str_512_avila = "string/push_str/512", AVILA, SS<512>, string::push_str::<SS<512>>();
    plain string_push_str_512_arrayvec = "string/push_str/512", ARRAYVEC, AS<512>, string::push_str::<AS<512>>();
    plain string_push_str_512_heapless = "string/push_str/512", HEAPLESS, HS<512>, string::push_str::<HS<512>>();
    plain string_push_str_512_std = "string/push_str/512", STD, DS<512>, string::push_str::<DS<512>>();
    plain string_push_char_ascii_64_avila = "string/push_char_ascii/64", AVILA, SS<64>, string::push_char::<SS<64>>(&ASCII_64);
    plain string_push_char_ascii_64_arrayvec = "string/push_char_ascii/64", ARRAYVEC, AS<64>, string::push_char::<AS<64>>(&ASCII_64);
    plain string_push_char_ascii_64_heapless = "string/push_char_ascii/64", HEAPLESS, HS<64>, string::push_char::<HS<64>>(&ASCII_64);
    plain string_push_char_ascii_64_std = "string/push_char_ascii/64", STD, DS<64>, string::push_char::<DS<64>>(&ASCII_64);
    plain string_push_char_ascii_512_avila = "string/push_char_ascii/512", AVILA, SS<512>, string::push_char::<SS<512>>(&ASCII_512);
    plain string_push_char_ascii_512_arrayvec = "string/push_char_ascii/512", ARRAYVEC, AS<512>, string::push_char::<AS<512>>(&ASCII_512);
    plain string_push_char_ascii_512_heapless = "string/push_char_ascii/512", HEAPLESS, HS<512>, string::push_char::<HS<512>>(&ASCII_512);
    plain string_push_char_ascii_512_std = "string/push_char_ascii/512", STD, DS<512>, string::push_char::<DS<512>>(&ASCII_512);
    plain string_push_char_mixed_64_avila = "string/push_char_mixed/64", AVILA, SS<64>, string::push_char::<SS<64>>(&MIXED_64);
    plain string_push_char_mixed_64_arrayvec = "string/push_char_mixed/64", ARRAYVEC, AS<64>, string::push_char::<AS<64>>(&MIXED_64);
    plain string_push_char_mixed_64_heapless = "string/push_char_mixed/64", HEAPLESS, HS<64>, string::push_char::<HS<64>>(&MIXED_64);
    plain string_push_char_mixed_64_std = "string/push_char_mixed/64", STD, DS<64>, string::push_char::<DS<64>>(&MIXED_64);
    plain string_push_char_mixed_512_avila = "string/push_char_mixed/512", AVILA, SS<512>, string::push_char::<SS<512>>(&MIXED_512);
    plain string_push_char_mixed_512_arrayvec = "string/push_char_mixed/512", ARRAYVEC, AS<512>, string::push_char::<AS<512>>(&MIXED_512);
    plain string_push_char_mixed_512_heapless = "string/push_char_mixed/512", HEAPLESS, HS<512>, string::push_char::<HS<512>>(&MIXED_512);
    plain string_push_char_mixed_512_std = "string/push_char_mixed/512", STD, DS<512>, string::push_char::<DS<512>>(&MIXED_512);
    plain string_write_ints_64_avila = "string/write_ints/64", AVILA, SS<64>, string::write_ints::<SS<64>>();
    plain string_write_ints_64_arrayvec = "string/write_ints/64", ARRAYVEC, AS<64>, string::write_ints::<AS<64>>();
    plain string_write_ints_64_heapless = "string/write_ints/64", HEAPLESS, HS<64>, string::write_ints::<HS<64>>();
    plain string_write_ints_64_std = "string/write_ints/64", STD, DS<64>, string::write_ints::<DS<64>>();
    plain string_write_ints_512_avila = "string/write_ints/512", AVILA, SS<512>, string::write_ints::<SS<512>>();
    plain string_write_ints_512_arrayvec = "string/write_ints/512", ARRAYVEC, AS<512>, string::write_ints::<AS<512>>();
    plain string_write_ints_512_heapless = "string/write_ints/512", HEAPLESS, HS<512>, string::write_ints::<HS<512>>();
    plain string_write_ints_512_std = "string/write_ints/512", STD, DS<512>, string::write_ints::<DS<512>>();
    mutating queue_churn_avila = "queue/churn/64", AVILA, SQ, queue::churn, setup = queue::half_full::<SQ>();
    mutating queue_churn_heapless = "queue/churn/64", HEAPLESS, HQ, queue::churn, setup = queue::half_full::<HQ>();
    mutating queue_churn_crossbeam = "queue/churn/64", CROSSBEAM, CQ, queue::churn, setup = queue::half_full::<CQ>();
    mutating queue_churn_std = "queue/churn/64", STD, DQ, queue::churn, setup = queue::half_full::<DQ>();
    mutating queue_fill_drain_avila = "queue/fill_drain/64", AVILA, SQ, queue::fill_drain, setup = SQ::new();
    mutating queue_fill_drain_heapless = "queue/fill_drain/64", HEAPLESS, HQ, queue::fill_drain, setup = HQ::new();
    mutating queue_fill_drain_crossbeam = "queue/fill_drain/64", CROSSBEAM, CQ, queue::fill_drain, setup = <CQ as BenchQueue<u64>>::new();
    mutating queue_fill_drain_std = "queue/fill_drain/64", STD, DQ, queue::fill_drain, setup = <DQ as BenchQueue<u64>>::new();
    mutating arena_alloc_u64_avila = "arena/alloc_u64/1000", AVILA, AA, |a: &mut AA| wa::alloc_u64(a, wa::SMALL_ALLOCS), setup = <AA as BenchArena>::new();
    mutating arena_alloc_u64_bumpalo = "arena/alloc_u64/1000", BUMPALO, BB, |a: &mut BB| wa::alloc_u64(a, wa::SMALL_ALLOCS), setup = <BB as BenchArena>::new();
    mutating arena_alloc_usize_32_avila = "arena/alloc_usize_32/100", AVILA, AA, wa::alloc_array_32::<AA>, setup = <AA as BenchArena>::new();
    mutating arena_alloc_usize_32_bumpalo = "arena/alloc_usize_32/100", BUMPALO, BB, wa::alloc_array_32::<BB>, setup = <BB as BenchArena>::new();
    mutating arena_alloc_slice_copy_16_avila = "arena/alloc_slice_copy_16/1000", AVILA, AA, |a: &mut AA| wa::alloc_slice_copy_16(a, &SRC_16), setup = <AA as BenchArena>::new();
    mutating arena_alloc_slice_copy_16_bumpalo = "arena/alloc_slice_copy_16/1000", BUMPALO, BB, |a: &mut BB| wa::alloc_slice_copy_16(a, &SRC_16), setup = <BB as BenchArena>::new();
    mutating arena_alloc_u64_then_reset_avila = "arena/alloc_u64_then_reset/10000", AVILA, AA, wa::alloc_then_reset::<AA>, setup = <AA as BenchArena>::new();
    mutating arena_alloc_u64_then_reset_bumpalo = "arena/alloc_u64_then_reset/10000", BUMPALO, BB, wa::alloc_then_reset::<BB>, setup = <BB as BenchArena>::new();
    mutating stack_arena_alloc_u64_avila = "stack_arena/alloc_u64/1000", AVILA, SA, |a: &mut SA| wa::alloc_u64(a, wa::SMALL_ALLOCS), setup = <SA as BenchArena>::new();
    mutating stack_arena_alloc_u64_bumpalo = "stack_arena/alloc_u64/1000", BUMPALO, BB, |a: &mut BB| wa::alloc_u64(a, wa::SMALL_ALLOCS), setup = <BB as BenchArena>::new();
    mutating stack_arena_alloc_usize_32_avila = "stack_arena/alloc_usize_32/100", AVILA, SA, wa::alloc_array_32::<SA>, setup = <SA as BenchArena>::new();
    mutating stack_arena_alloc_usize_32_bumpalo = "stack_arena/alloc_usize_32/100", BUMPALO, BB, wa::alloc_array_32::<BB>, setup = <BB as BenchArena>::new();
    mutating stack_arena_alloc_slice_copy_16_avila = "stack_arena/alloc_slice_copy_16/1000", AVILA, SA, |a: &mut SA| wa::alloc_slice_copy_16(a, &SRC_16), setup = <SA as BenchArena>::new();
    mutating stack_arena_alloc_slice_copy_16_bumpalo = "stack_arena/alloc_slice_copy_16/1000", BUMPALO, BB, |a: &mut BB| wa::alloc_slice_copy_16(a, &SRC_16), setup = <BB as BenchArena>::new();
    mutating stack_arena_alloc_u64_then_reset_avila = "stack_arena/alloc_u64_then_reset/10000", AVILA, SA, wa::alloc_then_reset::<SA>, setup = <SA as BenchArena>::new();
    mutating stack_arena_alloc_u64_then_reset_bumpalo = "stack_arena/alloc_u64_then_reset/10000", BUMPALO, BB, wa::alloc_then_reset::<BB>, setup = <BB as BenchArena>::new();
    mutating scope_arena_alloc_u64_avila = "scope_arena/alloc_u64/1000", AVILA, SC, sa::avila_alloc_u64, setup = sa::make_scope_arena();
    mutating scope_arena_alloc_u64_bumpalo = "scope_arena/alloc_u64/1000", BUMPALO, BB, sa::bumpalo_alloc_u64, setup = <BB as BenchArena>::new();
    mutating scope_arena_alloc_drop_32_avila = "scope_arena/alloc_drop_32/1000", AVILA, SC, sa::avila_alloc_drop_32, setup = sa::make_scope_arena();
    mutating scope_arena_alloc_drop_32_bumpalo = "scope_arena/alloc_drop_32/1000", BUMPALO, BB, sa::bumpalo_alloc_drop_32, setup = <BB as BenchArena>::new();
    mutating scope_arena_nested_scope_avila = "scope_arena/nested_scope/1000", AVILA, SC, sa::avila_nested_scope, setup = sa::make_scope_arena();
    mutating scope_arena_nested_scope_bumpalo = "scope_arena/nested_scope/1000", BUMPALO, BB, sa::bumpalo_nested_scope, setup = <BB as BenchArena>::new();
    mutating gen_arena_insert_remove_avila = "gen_arena/insert_remove/1000", AVILA, GA, |h: &mut GA| wg::insert_remove(&mut h.arena), setup = wg::half_full();
    mutating gen_arena_insert_remove_slotmap = "gen_arena/insert_remove/1000", SLOTMAP, GS, |h: &mut GS| wg::insert_remove(&mut h.arena), setup = wg::half_full();
    mutating gen_arena_insert_remove_thunderdome = "gen_arena/insert_remove/1000", THUNDERDOME, GT, |h: &mut GT| wg::insert_remove(&mut h.arena), setup = wg::half_full();
    mutating gen_arena_get_hit_avila = "gen_arena/get_hit/1000", AVILA, GaKeys, |(h, k): &mut GaKeys| wg::get(&h.arena, k), setup = gen_lookup(false);
    mutating gen_arena_get_hit_slotmap = "gen_arena/get_hit/1000", SLOTMAP, GsKeys, |(h, k): &mut GsKeys| wg::get(&h.arena, k), setup = gen_lookup(false);
    mutating gen_arena_get_hit_thunderdome = "gen_arena/get_hit/1000", THUNDERDOME, GtKeys, |(h, k): &mut GtKeys| wg::get(&h.arena, k), setup = gen_lookup(false);
    mutating gen_arena_get_stale_avila = "gen_arena/get_stale/1000", AVILA, GaKeys, |(h, k): &mut GaKeys| wg::get(&h.arena, k), setup = gen_lookup(true);
    mutating gen_arena_get_stale_slotmap = "gen_arena/get_stale/1000", SLOTMAP, GsKeys, |(h, k): &mut GsKeys| wg::get(&h.arena, k), setup = gen_lookup(true);
    mutating gen_arena_get_stale_thunderdome = "gen_arena/get_stale/1000", THUNDERDOME, GtKeys, |(h, k): &mut GtKeys| wg::get(&h.arena, k), setup = gen_lookup(true);
    mutating gen_arena_iterate_half_full_avila = "gen_arena/iterate_half_full/1024", AVILA, GA, |h: &mut GA| wg::iterate(&h.arena), setup = wg::half_full();
    mutating gen_arena_iterate_half_full_slotmap = "gen_arena/iterate_half_full/1024", SLOTMAP, GS, |h: &mut GS| wg::iterate(&h.arena), setup = wg::half_full();
    mutating gen_arena_iterate_half_full_thunderdome = "gen_arena/iterate_half_full/1024", THUNDERDOME, GT, |h: &mut GT| wg::iterate(&h.arena), setup = wg::half_full();
    plain typed_arena_alloc_u64_avila = "typed_arena/alloc_u64/1000", AVILA, (), ta::alloc_u64::<TypedArena<u64>>();
    plain typed_arena_alloc_u64_typed_arena = "typed_arena/alloc_u64/1000", TYPED_ARENA, (), ta::alloc_u64::<typed_arena::Arena<u64>>();
    plain typed_arena_alloc_u64_bumpalo = "typed_arena/alloc_u64/1000", BUMPALO, (), ta::alloc_u64::<bumpalo::Bump>();
    plain typed_arena_alloc_drop_32_avila = "typed_arena/alloc_drop_32/1000", AVILA, (), ta::alloc_drop_32::<TypedArena<Dropping>>();
    plain typed_arena_alloc_drop_32_typed_arena = "typed_arena/alloc_drop_32/1000", TYPED_ARENA, (), ta::alloc_drop_32::<typed_arena::Arena<Dropping>>();
    plain typed_arena_alloc_extend_100_avila = "typed_arena/alloc_extend_100/1000", AVILA, (), ta::alloc_extend::<TypedArena<u64>>();
    plain typed_arena_alloc_extend_100_typed_arena = "typed_arena/alloc_extend_100/1000", TYPED_ARENA, (), ta::alloc_extend::<typed_arena::Arena<u64>>();
    plain typed_arena_alloc_extend_100_bumpalo = "typed_arena/alloc_extend_100/1000", BUMPALO, (), ta::alloc_extend::<bumpalo::Bump>();
    mutating slab_insert_remove_avila = "slab/insert_remove/1000", AVILA, XA, wsl::insert_remove::<XA>, setup = wsl::half_full::<XA>();
    mutating slab_insert_remove_slab = "slab/insert_remove/1000", SLAB, XS, wsl::insert_remove::<XS>, setup = wsl::half_full::<XS>();
    mutating slab_get_hit_avila = "slab/get_hit/1000", AVILA, XA, |s: &mut XA| wsl::get_hit(s, &SLAB_KEYS), setup = wsl::half_full::<XA>();
    mutating slab_get_hit_slab = "slab/get_hit/1000", SLAB, XS, |s: &mut XS| wsl::get_hit(s, &SLAB_KEYS), setup = wsl::half_full::<XS>();
    mutating slab_iterate_half_full_avila = "slab/iterate_half_full/1024", AVILA, XA, |s: &mut XA| wsl::iterate(s), setup = wsl::half_full::<XA>();
    mutating slab_iterate_half_full_slab = "slab/iterate_half_full/1024", SLAB, XS, |s: &mut XS| wsl::iterate(s), setup = wsl::half_full::<XS>();
    plain os_heap_pair_avila = "os_heap/pair/20000", AVILA, (), wo::pair(&AVILA_HEAP);
    plain os_heap_pair_system = "os_heap/pair/20000", SYSTEM, (), wo::pair(&SYSTEM_HEAP);
    plain os_heap_pair_mimalloc = "os_heap/pair/20000", MIMALLOC, (), wo::pair(&MIMALLOC_HEAP);
    plain os_heap_churn_avila = "os_heap/churn/20000", AVILA, (), wo::churn(&AVILA_HEAP, Inputs::shared());
    plain os_heap_churn_system = "os_heap/churn/20000", SYSTEM, (), wo::churn(&SYSTEM_HEAP, Inputs::shared());
    plain os_heap_churn_mimalloc = "os_heap/churn/20000", MIMALLOC, (), wo::churn(&MIMALLOC_HEAP, Inputs::shared());
    plain os_heap_batch_avila = "os_heap/batch/10000", AVILA, (), wo::batch(&AVILA_HEAP, Inputs::shared());
    plain os_heap_batch_system = "os_heap/batch/10000", SYSTEM, (), wo::batch(&SYSTEM_HEAP, Inputs::shared());
    plain os_heap_batch_mimalloc = "os_heap/batch/10000", MIMALLOC, (), wo::batch(&MIMALLOC_HEAP, Inputs::shared());
    plain os_heap_realloc_growth_avila = "os_heap/realloc_growth/100", AVILA, (), wo::realloc_growth(&AVILA_HEAP);
    plain os_heap_realloc_growth_system = "os_heap/realloc_growth/100", SYSTEM, (), wo::realloc_growth(&SYSTEM_HEAP);
    plain os_heap_realloc_growth_mimalloc = "os_heap/realloc_growth/100", MIMALLOC, (), wo::realloc_growth(&MIMALLOC_HEAP);
    mutating os_heap_producer_consumer_avila = "os_heap/producer_consumer/20000", AVILA, OQ, |q: &mut OQ| wo::producer_consumer_one_thread(&AVILA_HEAP, q, Inputs::shared()), setup = wo::queue();
    mutating os_heap_producer_consumer_system = "os_heap/producer_consumer/20000", SYSTEM, OQ, |q: &mut OQ| wo::producer_consumer_one_thread(&SYSTEM_HEAP, q, Inputs::shared()), setup = wo::queue();
    mutating os_heap_producer_consumer_mimalloc = "os_heap/producer_consumer/20000", MIMALLOC, OQ, |q: &mut OQ| wo::producer_consumer_one_thread(&MIMALLOC_HEAP, q, Inputs::shared()), setup = wo::queue();
}

// The hash map probes: one per routine of `suite_map.rs`, each running its workload on the same
// inputs (`MapInputs`) as the report. Names are `map_<family>_<workload>_<N>_<fill>_<peer>`.

type AN<const N: usize> = avila_alloc::StackHashMap<u32, u32, N, Fnv>;
type AF<const N: usize> = avila_alloc::StackHashMap<u32, u32, N, avila_alloc::FixedState>;
type HN<const N: usize> = heapless::index_map::FnvIndexMap<u32, u32, N>;
type BN<const N: usize> = HashbrownMap<N, Fnv>;
type BF<const N: usize> = HashbrownMap<N, avila_alloc::FixedState>;
type SM<const N: usize> = StdMap<N>;

macro_rules! map_probe_fn {
    (map_hit $name:ident, $ty:ty) => {
        #[inline(never)]
        #[unsafe(no_mangle)]
        pub fn $name(m: &$ty, keys: &[u32], runs: u64) {
            black_box(stringify!($name));
            for _ in 0..runs {
                let _ = map::get_hit(m, keys);
            }
        }
    };
    (map_miss $name:ident, $ty:ty) => {
        #[inline(never)]
        #[unsafe(no_mangle)]
        pub fn $name(m: &$ty, keys: &[u32], runs: u64) {
            black_box(stringify!($name));
            for _ in 0..runs {
                let _ = map::get_miss(m, keys);
            }
        }
    };
    (map_insert $name:ident, $ty:ty) => {
        #[inline(never)]
        #[unsafe(no_mangle)]
        pub fn $name(keys: &[u32], runs: u64) {
            black_box(stringify!($name));
            for _ in 0..runs {
                let _ = map::insert::<$ty>(keys);
            }
        }
    };
    (map_churn $name:ident, $ty:ty) => {
        #[inline(never)]
        #[unsafe(no_mangle)]
        pub fn $name(m: &mut $ty, keys: &[u32], runs: u64) {
            black_box(stringify!($name));
            for _ in 0..runs {
                let _ = map::remove_insert(m, keys);
            }
        }
    };
    (map_iterate $name:ident, $ty:ty) => {
        #[inline(never)]
        #[unsafe(no_mangle)]
        pub fn $name(m: &$ty, runs: u64) {
            black_box(stringify!($name));
            for _ in 0..runs {
                let _ = map::iterate(m);
            }
        }
    };
}

macro_rules! map_probe_runner {
    (map_hit $name:ident, $ty:ty, $fill:literal) => {
        |runs| {
            let inputs = MapInputs::new(<$ty as BenchMap>::CAPACITY, $fill);
            let m: $ty = inputs.filled();
            black_box($name as fn(&$ty, &[u32], u64))(&m, &inputs.hits, runs);
        }
    };
    (map_miss $name:ident, $ty:ty, $fill:literal) => {
        |runs| {
            let inputs = MapInputs::new(<$ty as BenchMap>::CAPACITY, $fill);
            let m: $ty = inputs.filled();
            black_box($name as fn(&$ty, &[u32], u64))(&m, &inputs.misses, runs);
        }
    };
    (map_insert $name:ident, $ty:ty, $fill:literal) => {
        |runs| {
            let inputs = MapInputs::new(<$ty as BenchMap>::CAPACITY, $fill);
            black_box($name as fn(&[u32], u64))(&inputs.present, runs);
        }
    };
    (map_churn $name:ident, $ty:ty, $fill:literal) => {
        |runs| {
            let inputs = MapInputs::new(<$ty as BenchMap>::CAPACITY, $fill);
            let mut m: $ty = inputs.filled();
            black_box($name as fn(&mut $ty, &[u32], u64))(&mut m, inputs.churn(), runs);
        }
    };
    (map_iterate $name:ident, $ty:ty, $fill:literal) => {
        |runs| {
            let inputs = MapInputs::new(<$ty as BenchMap>::CAPACITY, $fill);
            let m: $ty = inputs.filled();
            black_box($name as fn(&$ty, u64))(&m, runs);
        }
    };
}

macro_rules! map_probes {
    ($($kind:ident $name:ident = $case:literal, $peer:expr, $ty:ty, $fill:literal;)*) => {
        $(map_probe_fn!($kind $name, $ty);)*
        const MAP_PROBES: &[Probe] = &[
            $(Probe { name: stringify!($name), case: $case, peer: $peer, run: map_probe_runner!($kind $name, $ty, $fill) },)*
        ];
    };
}

map_probes! {
    map_hit map_fnv_get_hit_64_50_avila = "map/fnv/get_hit/64/50", AVILA, AN<64>, 50;
    map_hit map_fnv_get_hit_64_50_heapless = "map/fnv/get_hit/64/50", HEAPLESS, HN<64>, 50;
    map_hit map_fnv_get_hit_64_50_hashbrown = "map/fnv/get_hit/64/50", HASHBROWN, BN<64>, 50;
    map_hit map_fnv_get_hit_1024_50_avila = "map/fnv/get_hit/1024/50", AVILA, AN<1024>, 50;
    map_hit map_fnv_get_hit_1024_50_heapless = "map/fnv/get_hit/1024/50", HEAPLESS, HN<1024>, 50;
    map_hit map_fnv_get_hit_1024_50_hashbrown = "map/fnv/get_hit/1024/50", HASHBROWN, BN<1024>, 50;
    map_hit map_fnv_get_hit_4096_50_avila = "map/fnv/get_hit/4096/50", AVILA, AN<4096>, 50;
    map_hit map_fnv_get_hit_4096_50_heapless = "map/fnv/get_hit/4096/50", HEAPLESS, HN<4096>, 50;
    map_hit map_fnv_get_hit_4096_50_hashbrown = "map/fnv/get_hit/4096/50", HASHBROWN, BN<4096>, 50;
    map_hit map_fnv_get_hit_64_75_avila = "map/fnv/get_hit/64/75", AVILA, AN<64>, 75;
    map_hit map_fnv_get_hit_64_75_heapless = "map/fnv/get_hit/64/75", HEAPLESS, HN<64>, 75;
    map_hit map_fnv_get_hit_64_75_hashbrown = "map/fnv/get_hit/64/75", HASHBROWN, BN<64>, 75;
    map_hit map_fnv_get_hit_1024_75_avila = "map/fnv/get_hit/1024/75", AVILA, AN<1024>, 75;
    map_hit map_fnv_get_hit_1024_75_heapless = "map/fnv/get_hit/1024/75", HEAPLESS, HN<1024>, 75;
    map_hit map_fnv_get_hit_1024_75_hashbrown = "map/fnv/get_hit/1024/75", HASHBROWN, BN<1024>, 75;
    map_hit map_fnv_get_hit_4096_75_avila = "map/fnv/get_hit/4096/75", AVILA, AN<4096>, 75;
    map_hit map_fnv_get_hit_4096_75_heapless = "map/fnv/get_hit/4096/75", HEAPLESS, HN<4096>, 75;
    map_hit map_fnv_get_hit_4096_75_hashbrown = "map/fnv/get_hit/4096/75", HASHBROWN, BN<4096>, 75;
    map_hit map_fnv_get_hit_64_100_avila = "map/fnv/get_hit/64/100", AVILA, AN<64>, 100;
    map_hit map_fnv_get_hit_64_100_heapless = "map/fnv/get_hit/64/100", HEAPLESS, HN<64>, 100;
    map_hit map_fnv_get_hit_64_100_hashbrown = "map/fnv/get_hit/64/100", HASHBROWN, BN<64>, 100;
    map_hit map_fnv_get_hit_1024_100_avila = "map/fnv/get_hit/1024/100", AVILA, AN<1024>, 100;
    map_hit map_fnv_get_hit_1024_100_heapless = "map/fnv/get_hit/1024/100", HEAPLESS, HN<1024>, 100;
    map_hit map_fnv_get_hit_1024_100_hashbrown = "map/fnv/get_hit/1024/100", HASHBROWN, BN<1024>, 100;
    map_hit map_fnv_get_hit_4096_100_avila = "map/fnv/get_hit/4096/100", AVILA, AN<4096>, 100;
    map_hit map_fnv_get_hit_4096_100_heapless = "map/fnv/get_hit/4096/100", HEAPLESS, HN<4096>, 100;
    map_hit map_fnv_get_hit_4096_100_hashbrown = "map/fnv/get_hit/4096/100", HASHBROWN, BN<4096>, 100;
    map_miss map_fnv_get_miss_64_50_avila = "map/fnv/get_miss/64/50", AVILA, AN<64>, 50;
    map_miss map_fnv_get_miss_64_50_heapless = "map/fnv/get_miss/64/50", HEAPLESS, HN<64>, 50;
    map_miss map_fnv_get_miss_64_50_hashbrown = "map/fnv/get_miss/64/50", HASHBROWN, BN<64>, 50;
    map_miss map_fnv_get_miss_1024_50_avila = "map/fnv/get_miss/1024/50", AVILA, AN<1024>, 50;
    map_miss map_fnv_get_miss_1024_50_heapless = "map/fnv/get_miss/1024/50", HEAPLESS, HN<1024>, 50;
    map_miss map_fnv_get_miss_1024_50_hashbrown = "map/fnv/get_miss/1024/50", HASHBROWN, BN<1024>, 50;
    map_miss map_fnv_get_miss_4096_50_avila = "map/fnv/get_miss/4096/50", AVILA, AN<4096>, 50;
    map_miss map_fnv_get_miss_4096_50_heapless = "map/fnv/get_miss/4096/50", HEAPLESS, HN<4096>, 50;
    map_miss map_fnv_get_miss_4096_50_hashbrown = "map/fnv/get_miss/4096/50", HASHBROWN, BN<4096>, 50;
    map_miss map_fnv_get_miss_64_75_avila = "map/fnv/get_miss/64/75", AVILA, AN<64>, 75;
    map_miss map_fnv_get_miss_64_75_heapless = "map/fnv/get_miss/64/75", HEAPLESS, HN<64>, 75;
    map_miss map_fnv_get_miss_64_75_hashbrown = "map/fnv/get_miss/64/75", HASHBROWN, BN<64>, 75;
    map_miss map_fnv_get_miss_1024_75_avila = "map/fnv/get_miss/1024/75", AVILA, AN<1024>, 75;
    map_miss map_fnv_get_miss_1024_75_heapless = "map/fnv/get_miss/1024/75", HEAPLESS, HN<1024>, 75;
    map_miss map_fnv_get_miss_1024_75_hashbrown = "map/fnv/get_miss/1024/75", HASHBROWN, BN<1024>, 75;
    map_miss map_fnv_get_miss_4096_75_avila = "map/fnv/get_miss/4096/75", AVILA, AN<4096>, 75;
    map_miss map_fnv_get_miss_4096_75_heapless = "map/fnv/get_miss/4096/75", HEAPLESS, HN<4096>, 75;
    map_miss map_fnv_get_miss_4096_75_hashbrown = "map/fnv/get_miss/4096/75", HASHBROWN, BN<4096>, 75;
    map_miss map_fnv_get_miss_64_100_avila = "map/fnv/get_miss/64/100", AVILA, AN<64>, 100;
    map_miss map_fnv_get_miss_64_100_heapless = "map/fnv/get_miss/64/100", HEAPLESS, HN<64>, 100;
    map_miss map_fnv_get_miss_64_100_hashbrown = "map/fnv/get_miss/64/100", HASHBROWN, BN<64>, 100;
    map_miss map_fnv_get_miss_1024_100_avila = "map/fnv/get_miss/1024/100", AVILA, AN<1024>, 100;
    map_miss map_fnv_get_miss_1024_100_heapless = "map/fnv/get_miss/1024/100", HEAPLESS, HN<1024>, 100;
    map_miss map_fnv_get_miss_1024_100_hashbrown = "map/fnv/get_miss/1024/100", HASHBROWN, BN<1024>, 100;
    map_miss map_fnv_get_miss_4096_100_avila = "map/fnv/get_miss/4096/100", AVILA, AN<4096>, 100;
    map_miss map_fnv_get_miss_4096_100_heapless = "map/fnv/get_miss/4096/100", HEAPLESS, HN<4096>, 100;
    map_miss map_fnv_get_miss_4096_100_hashbrown = "map/fnv/get_miss/4096/100", HASHBROWN, BN<4096>, 100;
    map_insert map_fnv_insert_64_50_avila = "map/fnv/insert/64/50", AVILA, AN<64>, 50;
    map_insert map_fnv_insert_64_50_heapless = "map/fnv/insert/64/50", HEAPLESS, HN<64>, 50;
    map_insert map_fnv_insert_64_50_hashbrown = "map/fnv/insert/64/50", HASHBROWN, BN<64>, 50;
    map_insert map_fnv_insert_1024_50_avila = "map/fnv/insert/1024/50", AVILA, AN<1024>, 50;
    map_insert map_fnv_insert_1024_50_heapless = "map/fnv/insert/1024/50", HEAPLESS, HN<1024>, 50;
    map_insert map_fnv_insert_1024_50_hashbrown = "map/fnv/insert/1024/50", HASHBROWN, BN<1024>, 50;
    map_insert map_fnv_insert_4096_50_avila = "map/fnv/insert/4096/50", AVILA, AN<4096>, 50;
    map_insert map_fnv_insert_4096_50_heapless = "map/fnv/insert/4096/50", HEAPLESS, HN<4096>, 50;
    map_insert map_fnv_insert_4096_50_hashbrown = "map/fnv/insert/4096/50", HASHBROWN, BN<4096>, 50;
    map_insert map_fnv_insert_64_75_avila = "map/fnv/insert/64/75", AVILA, AN<64>, 75;
    map_insert map_fnv_insert_64_75_heapless = "map/fnv/insert/64/75", HEAPLESS, HN<64>, 75;
    map_insert map_fnv_insert_64_75_hashbrown = "map/fnv/insert/64/75", HASHBROWN, BN<64>, 75;
    map_insert map_fnv_insert_1024_75_avila = "map/fnv/insert/1024/75", AVILA, AN<1024>, 75;
    map_insert map_fnv_insert_1024_75_heapless = "map/fnv/insert/1024/75", HEAPLESS, HN<1024>, 75;
    map_insert map_fnv_insert_1024_75_hashbrown = "map/fnv/insert/1024/75", HASHBROWN, BN<1024>, 75;
    map_insert map_fnv_insert_4096_75_avila = "map/fnv/insert/4096/75", AVILA, AN<4096>, 75;
    map_insert map_fnv_insert_4096_75_heapless = "map/fnv/insert/4096/75", HEAPLESS, HN<4096>, 75;
    map_insert map_fnv_insert_4096_75_hashbrown = "map/fnv/insert/4096/75", HASHBROWN, BN<4096>, 75;
    map_insert map_fnv_insert_64_100_avila = "map/fnv/insert/64/100", AVILA, AN<64>, 100;
    map_insert map_fnv_insert_64_100_heapless = "map/fnv/insert/64/100", HEAPLESS, HN<64>, 100;
    map_insert map_fnv_insert_64_100_hashbrown = "map/fnv/insert/64/100", HASHBROWN, BN<64>, 100;
    map_insert map_fnv_insert_1024_100_avila = "map/fnv/insert/1024/100", AVILA, AN<1024>, 100;
    map_insert map_fnv_insert_1024_100_heapless = "map/fnv/insert/1024/100", HEAPLESS, HN<1024>, 100;
    map_insert map_fnv_insert_1024_100_hashbrown = "map/fnv/insert/1024/100", HASHBROWN, BN<1024>, 100;
    map_insert map_fnv_insert_4096_100_avila = "map/fnv/insert/4096/100", AVILA, AN<4096>, 100;
    map_insert map_fnv_insert_4096_100_heapless = "map/fnv/insert/4096/100", HEAPLESS, HN<4096>, 100;
    map_insert map_fnv_insert_4096_100_hashbrown = "map/fnv/insert/4096/100", HASHBROWN, BN<4096>, 100;
    map_churn map_fnv_remove_insert_64_50_avila = "map/fnv/remove_insert/64/50", AVILA, AN<64>, 50;
    map_churn map_fnv_remove_insert_64_50_heapless = "map/fnv/remove_insert/64/50", HEAPLESS, HN<64>, 50;
    map_churn map_fnv_remove_insert_64_50_hashbrown = "map/fnv/remove_insert/64/50", HASHBROWN, BN<64>, 50;
    map_churn map_fnv_remove_insert_1024_50_avila = "map/fnv/remove_insert/1024/50", AVILA, AN<1024>, 50;
    map_churn map_fnv_remove_insert_1024_50_heapless = "map/fnv/remove_insert/1024/50", HEAPLESS, HN<1024>, 50;
    map_churn map_fnv_remove_insert_1024_50_hashbrown = "map/fnv/remove_insert/1024/50", HASHBROWN, BN<1024>, 50;
    map_churn map_fnv_remove_insert_4096_50_avila = "map/fnv/remove_insert/4096/50", AVILA, AN<4096>, 50;
    map_churn map_fnv_remove_insert_4096_50_heapless = "map/fnv/remove_insert/4096/50", HEAPLESS, HN<4096>, 50;
    map_churn map_fnv_remove_insert_4096_50_hashbrown = "map/fnv/remove_insert/4096/50", HASHBROWN, BN<4096>, 50;
    map_churn map_fnv_remove_insert_64_75_avila = "map/fnv/remove_insert/64/75", AVILA, AN<64>, 75;
    map_churn map_fnv_remove_insert_64_75_heapless = "map/fnv/remove_insert/64/75", HEAPLESS, HN<64>, 75;
    map_churn map_fnv_remove_insert_64_75_hashbrown = "map/fnv/remove_insert/64/75", HASHBROWN, BN<64>, 75;
    map_churn map_fnv_remove_insert_1024_75_avila = "map/fnv/remove_insert/1024/75", AVILA, AN<1024>, 75;
    map_churn map_fnv_remove_insert_1024_75_heapless = "map/fnv/remove_insert/1024/75", HEAPLESS, HN<1024>, 75;
    map_churn map_fnv_remove_insert_1024_75_hashbrown = "map/fnv/remove_insert/1024/75", HASHBROWN, BN<1024>, 75;
    map_churn map_fnv_remove_insert_4096_75_avila = "map/fnv/remove_insert/4096/75", AVILA, AN<4096>, 75;
    map_churn map_fnv_remove_insert_4096_75_heapless = "map/fnv/remove_insert/4096/75", HEAPLESS, HN<4096>, 75;
    map_churn map_fnv_remove_insert_4096_75_hashbrown = "map/fnv/remove_insert/4096/75", HASHBROWN, BN<4096>, 75;
    map_churn map_fnv_remove_insert_64_100_avila = "map/fnv/remove_insert/64/100", AVILA, AN<64>, 100;
    map_churn map_fnv_remove_insert_64_100_heapless = "map/fnv/remove_insert/64/100", HEAPLESS, HN<64>, 100;
    map_churn map_fnv_remove_insert_64_100_hashbrown = "map/fnv/remove_insert/64/100", HASHBROWN, BN<64>, 100;
    map_churn map_fnv_remove_insert_1024_100_avila = "map/fnv/remove_insert/1024/100", AVILA, AN<1024>, 100;
    map_churn map_fnv_remove_insert_1024_100_heapless = "map/fnv/remove_insert/1024/100", HEAPLESS, HN<1024>, 100;
    map_churn map_fnv_remove_insert_1024_100_hashbrown = "map/fnv/remove_insert/1024/100", HASHBROWN, BN<1024>, 100;
    map_churn map_fnv_remove_insert_4096_100_avila = "map/fnv/remove_insert/4096/100", AVILA, AN<4096>, 100;
    map_churn map_fnv_remove_insert_4096_100_heapless = "map/fnv/remove_insert/4096/100", HEAPLESS, HN<4096>, 100;
    map_churn map_fnv_remove_insert_4096_100_hashbrown = "map/fnv/remove_insert/4096/100", HASHBROWN, BN<4096>, 100;
    map_iterate map_fnv_iterate_64_50_avila = "map/fnv/iterate/64/50", AVILA, AN<64>, 50;
    map_iterate map_fnv_iterate_64_50_heapless = "map/fnv/iterate/64/50", HEAPLESS, HN<64>, 50;
    map_iterate map_fnv_iterate_64_50_hashbrown = "map/fnv/iterate/64/50", HASHBROWN, BN<64>, 50;
    map_iterate map_fnv_iterate_1024_50_avila = "map/fnv/iterate/1024/50", AVILA, AN<1024>, 50;
    map_iterate map_fnv_iterate_1024_50_heapless = "map/fnv/iterate/1024/50", HEAPLESS, HN<1024>, 50;
    map_iterate map_fnv_iterate_1024_50_hashbrown = "map/fnv/iterate/1024/50", HASHBROWN, BN<1024>, 50;
    map_iterate map_fnv_iterate_4096_50_avila = "map/fnv/iterate/4096/50", AVILA, AN<4096>, 50;
    map_iterate map_fnv_iterate_4096_50_heapless = "map/fnv/iterate/4096/50", HEAPLESS, HN<4096>, 50;
    map_iterate map_fnv_iterate_4096_50_hashbrown = "map/fnv/iterate/4096/50", HASHBROWN, BN<4096>, 50;
    map_iterate map_fnv_iterate_64_75_avila = "map/fnv/iterate/64/75", AVILA, AN<64>, 75;
    map_iterate map_fnv_iterate_64_75_heapless = "map/fnv/iterate/64/75", HEAPLESS, HN<64>, 75;
    map_iterate map_fnv_iterate_64_75_hashbrown = "map/fnv/iterate/64/75", HASHBROWN, BN<64>, 75;
    map_iterate map_fnv_iterate_1024_75_avila = "map/fnv/iterate/1024/75", AVILA, AN<1024>, 75;
    map_iterate map_fnv_iterate_1024_75_heapless = "map/fnv/iterate/1024/75", HEAPLESS, HN<1024>, 75;
    map_iterate map_fnv_iterate_1024_75_hashbrown = "map/fnv/iterate/1024/75", HASHBROWN, BN<1024>, 75;
    map_iterate map_fnv_iterate_4096_75_avila = "map/fnv/iterate/4096/75", AVILA, AN<4096>, 75;
    map_iterate map_fnv_iterate_4096_75_heapless = "map/fnv/iterate/4096/75", HEAPLESS, HN<4096>, 75;
    map_iterate map_fnv_iterate_4096_75_hashbrown = "map/fnv/iterate/4096/75", HASHBROWN, BN<4096>, 75;
    map_iterate map_fnv_iterate_64_100_avila = "map/fnv/iterate/64/100", AVILA, AN<64>, 100;
    map_iterate map_fnv_iterate_64_100_heapless = "map/fnv/iterate/64/100", HEAPLESS, HN<64>, 100;
    map_iterate map_fnv_iterate_64_100_hashbrown = "map/fnv/iterate/64/100", HASHBROWN, BN<64>, 100;
    map_iterate map_fnv_iterate_1024_100_avila = "map/fnv/iterate/1024/100", AVILA, AN<1024>, 100;
    map_iterate map_fnv_iterate_1024_100_heapless = "map/fnv/iterate/1024/100", HEAPLESS, HN<1024>, 100;
    map_iterate map_fnv_iterate_1024_100_hashbrown = "map/fnv/iterate/1024/100", HASHBROWN, BN<1024>, 100;
    map_iterate map_fnv_iterate_4096_100_avila = "map/fnv/iterate/4096/100", AVILA, AN<4096>, 100;
    map_iterate map_fnv_iterate_4096_100_heapless = "map/fnv/iterate/4096/100", HEAPLESS, HN<4096>, 100;
    map_iterate map_fnv_iterate_4096_100_hashbrown = "map/fnv/iterate/4096/100", HASHBROWN, BN<4096>, 100;
    map_hit map_fixed_get_hit_64_50_avila = "map/fixed/get_hit/64/50", AVILA, AF<64>, 50;
    map_hit map_fixed_get_hit_64_50_hashbrown = "map/fixed/get_hit/64/50", HASHBROWN, BF<64>, 50;
    map_hit map_fixed_get_hit_64_50_std = "map/fixed/get_hit/64/50", STD, SM<64>, 50;
    map_hit map_fixed_get_hit_1024_50_avila = "map/fixed/get_hit/1024/50", AVILA, AF<1024>, 50;
    map_hit map_fixed_get_hit_1024_50_hashbrown = "map/fixed/get_hit/1024/50", HASHBROWN, BF<1024>, 50;
    map_hit map_fixed_get_hit_1024_50_std = "map/fixed/get_hit/1024/50", STD, SM<1024>, 50;
    map_hit map_fixed_get_hit_4096_50_avila = "map/fixed/get_hit/4096/50", AVILA, AF<4096>, 50;
    map_hit map_fixed_get_hit_4096_50_hashbrown = "map/fixed/get_hit/4096/50", HASHBROWN, BF<4096>, 50;
    map_hit map_fixed_get_hit_4096_50_std = "map/fixed/get_hit/4096/50", STD, SM<4096>, 50;
    map_hit map_fixed_get_hit_64_75_avila = "map/fixed/get_hit/64/75", AVILA, AF<64>, 75;
    map_hit map_fixed_get_hit_64_75_hashbrown = "map/fixed/get_hit/64/75", HASHBROWN, BF<64>, 75;
    map_hit map_fixed_get_hit_64_75_std = "map/fixed/get_hit/64/75", STD, SM<64>, 75;
    map_hit map_fixed_get_hit_1024_75_avila = "map/fixed/get_hit/1024/75", AVILA, AF<1024>, 75;
    map_hit map_fixed_get_hit_1024_75_hashbrown = "map/fixed/get_hit/1024/75", HASHBROWN, BF<1024>, 75;
    map_hit map_fixed_get_hit_1024_75_std = "map/fixed/get_hit/1024/75", STD, SM<1024>, 75;
    map_hit map_fixed_get_hit_4096_75_avila = "map/fixed/get_hit/4096/75", AVILA, AF<4096>, 75;
    map_hit map_fixed_get_hit_4096_75_hashbrown = "map/fixed/get_hit/4096/75", HASHBROWN, BF<4096>, 75;
    map_hit map_fixed_get_hit_4096_75_std = "map/fixed/get_hit/4096/75", STD, SM<4096>, 75;
    map_hit map_fixed_get_hit_64_100_avila = "map/fixed/get_hit/64/100", AVILA, AF<64>, 100;
    map_hit map_fixed_get_hit_64_100_hashbrown = "map/fixed/get_hit/64/100", HASHBROWN, BF<64>, 100;
    map_hit map_fixed_get_hit_64_100_std = "map/fixed/get_hit/64/100", STD, SM<64>, 100;
    map_hit map_fixed_get_hit_1024_100_avila = "map/fixed/get_hit/1024/100", AVILA, AF<1024>, 100;
    map_hit map_fixed_get_hit_1024_100_hashbrown = "map/fixed/get_hit/1024/100", HASHBROWN, BF<1024>, 100;
    map_hit map_fixed_get_hit_1024_100_std = "map/fixed/get_hit/1024/100", STD, SM<1024>, 100;
    map_hit map_fixed_get_hit_4096_100_avila = "map/fixed/get_hit/4096/100", AVILA, AF<4096>, 100;
    map_hit map_fixed_get_hit_4096_100_hashbrown = "map/fixed/get_hit/4096/100", HASHBROWN, BF<4096>, 100;
    map_hit map_fixed_get_hit_4096_100_std = "map/fixed/get_hit/4096/100", STD, SM<4096>, 100;
    map_miss map_fixed_get_miss_64_50_avila = "map/fixed/get_miss/64/50", AVILA, AF<64>, 50;
    map_miss map_fixed_get_miss_64_50_hashbrown = "map/fixed/get_miss/64/50", HASHBROWN, BF<64>, 50;
    map_miss map_fixed_get_miss_64_50_std = "map/fixed/get_miss/64/50", STD, SM<64>, 50;
    map_miss map_fixed_get_miss_1024_50_avila = "map/fixed/get_miss/1024/50", AVILA, AF<1024>, 50;
    map_miss map_fixed_get_miss_1024_50_hashbrown = "map/fixed/get_miss/1024/50", HASHBROWN, BF<1024>, 50;
    map_miss map_fixed_get_miss_1024_50_std = "map/fixed/get_miss/1024/50", STD, SM<1024>, 50;
    map_miss map_fixed_get_miss_4096_50_avila = "map/fixed/get_miss/4096/50", AVILA, AF<4096>, 50;
    map_miss map_fixed_get_miss_4096_50_hashbrown = "map/fixed/get_miss/4096/50", HASHBROWN, BF<4096>, 50;
    map_miss map_fixed_get_miss_4096_50_std = "map/fixed/get_miss/4096/50", STD, SM<4096>, 50;
    map_miss map_fixed_get_miss_64_75_avila = "map/fixed/get_miss/64/75", AVILA, AF<64>, 75;
    map_miss map_fixed_get_miss_64_75_hashbrown = "map/fixed/get_miss/64/75", HASHBROWN, BF<64>, 75;
    map_miss map_fixed_get_miss_64_75_std = "map/fixed/get_miss/64/75", STD, SM<64>, 75;
    map_miss map_fixed_get_miss_1024_75_avila = "map/fixed/get_miss/1024/75", AVILA, AF<1024>, 75;
    map_miss map_fixed_get_miss_1024_75_hashbrown = "map/fixed/get_miss/1024/75", HASHBROWN, BF<1024>, 75;
    map_miss map_fixed_get_miss_1024_75_std = "map/fixed/get_miss/1024/75", STD, SM<1024>, 75;
    map_miss map_fixed_get_miss_4096_75_avila = "map/fixed/get_miss/4096/75", AVILA, AF<4096>, 75;
    map_miss map_fixed_get_miss_4096_75_hashbrown = "map/fixed/get_miss/4096/75", HASHBROWN, BF<4096>, 75;
    map_miss map_fixed_get_miss_4096_75_std = "map/fixed/get_miss/4096/75", STD, SM<4096>, 75;
    map_miss map_fixed_get_miss_64_100_avila = "map/fixed/get_miss/64/100", AVILA, AF<64>, 100;
    map_miss map_fixed_get_miss_64_100_hashbrown = "map/fixed/get_miss/64/100", HASHBROWN, BF<64>, 100;
    map_miss map_fixed_get_miss_64_100_std = "map/fixed/get_miss/64/100", STD, SM<64>, 100;
    map_miss map_fixed_get_miss_1024_100_avila = "map/fixed/get_miss/1024/100", AVILA, AF<1024>, 100;
    map_miss map_fixed_get_miss_1024_100_hashbrown = "map/fixed/get_miss/1024/100", HASHBROWN, BF<1024>, 100;
    map_miss map_fixed_get_miss_1024_100_std = "map/fixed/get_miss/1024/100", STD, SM<1024>, 100;
    map_miss map_fixed_get_miss_4096_100_avila = "map/fixed/get_miss/4096/100", AVILA, AF<4096>, 100;
    map_miss map_fixed_get_miss_4096_100_hashbrown = "map/fixed/get_miss/4096/100", HASHBROWN, BF<4096>, 100;
    map_miss map_fixed_get_miss_4096_100_std = "map/fixed/get_miss/4096/100", STD, SM<4096>, 100;
    map_insert map_fixed_insert_64_50_avila = "map/fixed/insert/64/50", AVILA, AF<64>, 50;
    map_insert map_fixed_insert_64_50_hashbrown = "map/fixed/insert/64/50", HASHBROWN, BF<64>, 50;
    map_insert map_fixed_insert_64_50_std = "map/fixed/insert/64/50", STD, SM<64>, 50;
    map_insert map_fixed_insert_1024_50_avila = "map/fixed/insert/1024/50", AVILA, AF<1024>, 50;
    map_insert map_fixed_insert_1024_50_hashbrown = "map/fixed/insert/1024/50", HASHBROWN, BF<1024>, 50;
    map_insert map_fixed_insert_1024_50_std = "map/fixed/insert/1024/50", STD, SM<1024>, 50;
    map_insert map_fixed_insert_4096_50_avila = "map/fixed/insert/4096/50", AVILA, AF<4096>, 50;
    map_insert map_fixed_insert_4096_50_hashbrown = "map/fixed/insert/4096/50", HASHBROWN, BF<4096>, 50;
    map_insert map_fixed_insert_4096_50_std = "map/fixed/insert/4096/50", STD, SM<4096>, 50;
    map_insert map_fixed_insert_64_75_avila = "map/fixed/insert/64/75", AVILA, AF<64>, 75;
    map_insert map_fixed_insert_64_75_hashbrown = "map/fixed/insert/64/75", HASHBROWN, BF<64>, 75;
    map_insert map_fixed_insert_64_75_std = "map/fixed/insert/64/75", STD, SM<64>, 75;
    map_insert map_fixed_insert_1024_75_avila = "map/fixed/insert/1024/75", AVILA, AF<1024>, 75;
    map_insert map_fixed_insert_1024_75_hashbrown = "map/fixed/insert/1024/75", HASHBROWN, BF<1024>, 75;
    map_insert map_fixed_insert_1024_75_std = "map/fixed/insert/1024/75", STD, SM<1024>, 75;
    map_insert map_fixed_insert_4096_75_avila = "map/fixed/insert/4096/75", AVILA, AF<4096>, 75;
    map_insert map_fixed_insert_4096_75_hashbrown = "map/fixed/insert/4096/75", HASHBROWN, BF<4096>, 75;
    map_insert map_fixed_insert_4096_75_std = "map/fixed/insert/4096/75", STD, SM<4096>, 75;
    map_insert map_fixed_insert_64_100_avila = "map/fixed/insert/64/100", AVILA, AF<64>, 100;
    map_insert map_fixed_insert_64_100_hashbrown = "map/fixed/insert/64/100", HASHBROWN, BF<64>, 100;
    map_insert map_fixed_insert_64_100_std = "map/fixed/insert/64/100", STD, SM<64>, 100;
    map_insert map_fixed_insert_1024_100_avila = "map/fixed/insert/1024/100", AVILA, AF<1024>, 100;
    map_insert map_fixed_insert_1024_100_hashbrown = "map/fixed/insert/1024/100", HASHBROWN, BF<1024>, 100;
    map_insert map_fixed_insert_1024_100_std = "map/fixed/insert/1024/100", STD, SM<1024>, 100;
    map_insert map_fixed_insert_4096_100_avila = "map/fixed/insert/4096/100", AVILA, AF<4096>, 100;
    map_insert map_fixed_insert_4096_100_hashbrown = "map/fixed/insert/4096/100", HASHBROWN, BF<4096>, 100;
    map_insert map_fixed_insert_4096_100_std = "map/fixed/insert/4096/100", STD, SM<4096>, 100;
    map_churn map_fixed_remove_insert_64_50_avila = "map/fixed/remove_insert/64/50", AVILA, AF<64>, 50;
    map_churn map_fixed_remove_insert_64_50_hashbrown = "map/fixed/remove_insert/64/50", HASHBROWN, BF<64>, 50;
    map_churn map_fixed_remove_insert_64_50_std = "map/fixed/remove_insert/64/50", STD, SM<64>, 50;
    map_churn map_fixed_remove_insert_1024_50_avila = "map/fixed/remove_insert/1024/50", AVILA, AF<1024>, 50;
    map_churn map_fixed_remove_insert_1024_50_hashbrown = "map/fixed/remove_insert/1024/50", HASHBROWN, BF<1024>, 50;
    map_churn map_fixed_remove_insert_1024_50_std = "map/fixed/remove_insert/1024/50", STD, SM<1024>, 50;
    map_churn map_fixed_remove_insert_4096_50_avila = "map/fixed/remove_insert/4096/50", AVILA, AF<4096>, 50;
    map_churn map_fixed_remove_insert_4096_50_hashbrown = "map/fixed/remove_insert/4096/50", HASHBROWN, BF<4096>, 50;
    map_churn map_fixed_remove_insert_4096_50_std = "map/fixed/remove_insert/4096/50", STD, SM<4096>, 50;
    map_churn map_fixed_remove_insert_64_75_avila = "map/fixed/remove_insert/64/75", AVILA, AF<64>, 75;
    map_churn map_fixed_remove_insert_64_75_hashbrown = "map/fixed/remove_insert/64/75", HASHBROWN, BF<64>, 75;
    map_churn map_fixed_remove_insert_64_75_std = "map/fixed/remove_insert/64/75", STD, SM<64>, 75;
    map_churn map_fixed_remove_insert_1024_75_avila = "map/fixed/remove_insert/1024/75", AVILA, AF<1024>, 75;
    map_churn map_fixed_remove_insert_1024_75_hashbrown = "map/fixed/remove_insert/1024/75", HASHBROWN, BF<1024>, 75;
    map_churn map_fixed_remove_insert_1024_75_std = "map/fixed/remove_insert/1024/75", STD, SM<1024>, 75;
    map_churn map_fixed_remove_insert_4096_75_avila = "map/fixed/remove_insert/4096/75", AVILA, AF<4096>, 75;
    map_churn map_fixed_remove_insert_4096_75_hashbrown = "map/fixed/remove_insert/4096/75", HASHBROWN, BF<4096>, 75;
    map_churn map_fixed_remove_insert_4096_75_std = "map/fixed/remove_insert/4096/75", STD, SM<4096>, 75;
    map_churn map_fixed_remove_insert_64_100_avila = "map/fixed/remove_insert/64/100", AVILA, AF<64>, 100;
    map_churn map_fixed_remove_insert_64_100_hashbrown = "map/fixed/remove_insert/64/100", HASHBROWN, BF<64>, 100;
    map_churn map_fixed_remove_insert_64_100_std = "map/fixed/remove_insert/64/100", STD, SM<64>, 100;
    map_churn map_fixed_remove_insert_1024_100_avila = "map/fixed/remove_insert/1024/100", AVILA, AF<1024>, 100;
    map_churn map_fixed_remove_insert_1024_100_hashbrown = "map/fixed/remove_insert/1024/100", HASHBROWN, BF<1024>, 100;
    map_churn map_fixed_remove_insert_1024_100_std = "map/fixed/remove_insert/1024/100", STD, SM<1024>, 100;
    map_churn map_fixed_remove_insert_4096_100_avila = "map/fixed/remove_insert/4096/100", AVILA, AF<4096>, 100;
    map_churn map_fixed_remove_insert_4096_100_hashbrown = "map/fixed/remove_insert/4096/100", HASHBROWN, BF<4096>, 100;
    map_churn map_fixed_remove_insert_4096_100_std = "map/fixed/remove_insert/4096/100", STD, SM<4096>, 100;
    map_iterate map_fixed_iterate_64_50_avila = "map/fixed/iterate/64/50", AVILA, AF<64>, 50;
    map_iterate map_fixed_iterate_64_50_hashbrown = "map/fixed/iterate/64/50", HASHBROWN, BF<64>, 50;
    map_iterate map_fixed_iterate_64_50_std = "map/fixed/iterate/64/50", STD, SM<64>, 50;
    map_iterate map_fixed_iterate_1024_50_avila = "map/fixed/iterate/1024/50", AVILA, AF<1024>, 50;
    map_iterate map_fixed_iterate_1024_50_hashbrown = "map/fixed/iterate/1024/50", HASHBROWN, BF<1024>, 50;
    map_iterate map_fixed_iterate_1024_50_std = "map/fixed/iterate/1024/50", STD, SM<1024>, 50;
    map_iterate map_fixed_iterate_4096_50_avila = "map/fixed/iterate/4096/50", AVILA, AF<4096>, 50;
    map_iterate map_fixed_iterate_4096_50_hashbrown = "map/fixed/iterate/4096/50", HASHBROWN, BF<4096>, 50;
    map_iterate map_fixed_iterate_4096_50_std = "map/fixed/iterate/4096/50", STD, SM<4096>, 50;
    map_iterate map_fixed_iterate_64_75_avila = "map/fixed/iterate/64/75", AVILA, AF<64>, 75;
    map_iterate map_fixed_iterate_64_75_hashbrown = "map/fixed/iterate/64/75", HASHBROWN, BF<64>, 75;
    map_iterate map_fixed_iterate_64_75_std = "map/fixed/iterate/64/75", STD, SM<64>, 75;
    map_iterate map_fixed_iterate_1024_75_avila = "map/fixed/iterate/1024/75", AVILA, AF<1024>, 75;
    map_iterate map_fixed_iterate_1024_75_hashbrown = "map/fixed/iterate/1024/75", HASHBROWN, BF<1024>, 75;
    map_iterate map_fixed_iterate_1024_75_std = "map/fixed/iterate/1024/75", STD, SM<1024>, 75;
    map_iterate map_fixed_iterate_4096_75_avila = "map/fixed/iterate/4096/75", AVILA, AF<4096>, 75;
    map_iterate map_fixed_iterate_4096_75_hashbrown = "map/fixed/iterate/4096/75", HASHBROWN, BF<4096>, 75;
    map_iterate map_fixed_iterate_4096_75_std = "map/fixed/iterate/4096/75", STD, SM<4096>, 75;
    map_iterate map_fixed_iterate_64_100_avila = "map/fixed/iterate/64/100", AVILA, AF<64>, 100;
    map_iterate map_fixed_iterate_64_100_hashbrown = "map/fixed/iterate/64/100", HASHBROWN, BF<64>, 100;
    map_iterate map_fixed_iterate_64_100_std = "map/fixed/iterate/64/100", STD, SM<64>, 100;
    map_iterate map_fixed_iterate_1024_100_avila = "map/fixed/iterate/1024/100", AVILA, AF<1024>, 100;
    map_iterate map_fixed_iterate_1024_100_hashbrown = "map/fixed/iterate/1024/100", HASHBROWN, BF<1024>, 100;
    map_iterate map_fixed_iterate_1024_100_std = "map/fixed/iterate/1024/100", STD, SM<1024>, 100;
    map_iterate map_fixed_iterate_4096_100_avila = "map/fixed/iterate/4096/100", AVILA, AF<4096>, 100;
    map_iterate map_fixed_iterate_4096_100_hashbrown = "map/fixed/iterate/4096/100", HASHBROWN, BF<4096>, 100;
    map_iterate map_fixed_iterate_4096_100_std = "map/fixed/iterate/4096/100", STD, SM<4096>, 100;
}

/// Every probe: the vector and string ones, then the map ones.
fn all_probes() -> impl Iterator<Item = &'static Probe> {
    PROBES.iter().chain(MAP_PROBES)
}

/// Instructions per run of `probe`, counted by callgrind over `runs` runs.
fn count_instructions(exe: &str, probe: &Probe, runs: u64) -> Result<f64, String> {
    let output = Command::new("valgrind")
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
        .arg(format!("--toggle-collect={}", probe.name))
        .arg(exe)
        .arg(probe.name)
        .arg(runs.to_string())
        .output()
        .map_err(|e| format!("cannot run valgrind: {e}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let collected = stderr
        .lines()
        .find_map(|line| {
            line.split_once("Collected :")
                .map(|(_, n)| n.trim().to_owned())
        })
        .ok_or_else(|| {
            format!(
                "no instruction count from callgrind for {}:\n{stderr}",
                probe.name
            )
        })?;
    let total: f64 = collected
        .parse()
        .map_err(|e| format!("bad count `{collected}`: {e}"))?;
    Ok(total / runs as f64)
}

fn instructions(filters: &[String], runs: u64) -> Result<Table, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let exe = exe.to_str().ok_or("non-UTF-8 path")?;
    let mut table = Table::with_unit(AVILA, "instr");
    let progress = std::io::stderr().is_terminal();
    for probe in all_probes().filter(|p| selects(filters, p.case)) {
        if progress {
            eprint!("{:<50}\r", probe.name);
        }
        let value = count_instructions(exe, probe, runs)?;
        let measurement = Measurement {
            peer: probe.peer.to_owned(),
            value,
            spread: 0.0,
        };
        match table.rows.last_mut() {
            Some(row) if row.workload == probe.case => row.measurements.push(measurement),
            _ => table.rows.push(Row {
                workload: probe.case.to_owned(),
                measurements: vec![measurement],
            }),
        }
    }
    if progress {
        eprint!("{:<50}\r", "");
    }
    Ok(table)
}

fn selects(filters: &[String], case: &str) -> bool {
    filters.is_empty() || filters.iter().any(|f| case.contains(f.as_str()))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let values_of = |flag: &'static str| -> Vec<String> {
        args.windows(2)
            .filter(|w| w[0] == flag)
            .map(|w| w[1].clone())
            .collect()
    };
    let filters = values_of("--filter");
    match args.first().map(String::as_str) {
        Some("--list") => {
            for probe in all_probes().filter(|p| selects(&filters, p.case)) {
                println!("{}", probe.name);
            }
            ExitCode::SUCCESS
        }
        Some("--instructions") => {
            let runs = values_of("--runs")
                .first()
                .and_then(|r| r.parse().ok())
                .unwrap_or(200);
            match instructions(&filters, runs) {
                Ok(table) => {
                    print!("{}", table.to_text());
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("error: {error}");
                    ExitCode::FAILURE
                }
            }
        }
        Some(name) => {
            let Some(probe) = all_probes().find(|p| p.name == name) else {
                eprintln!("error: no probe `{name}` (see --list)");
                return ExitCode::FAILURE;
            };
            let runs = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(1000);
            (probe.run)(runs);
            ExitCode::SUCCESS
        }
        None => {
            eprintln!(
                "usage: probe --list | probe <name> [runs] | probe --instructions [--filter S] [--runs N]"
            );
            ExitCode::FAILURE
        }
    }
}
