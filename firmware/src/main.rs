//! A firmware for QEMU's `lm3s6965evb` (Cortex-M3) that installs avila-alloc's heap as the
//! global allocator and runs a battery of checks: `alloc`'s collections under churn, the crate's
//! fixed-capacity containers and arenas, allocation from an interrupt handler, out-of-memory
//! handling, and the heap back to its starting level at the end. It prints a line per section
//! through semihosting and exits with status 0 only if every check passed. See README.md.

#![no_std]
#![no_main]

extern crate alloc;

mod heap;

use alloc::boxed::Box;
use alloc::collections::{BTreeMap, VecDeque};
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::alloc::Layout;
use core::fmt::Write as _;
use core::mem::MaybeUninit;
use core::panic::PanicInfo;
use core::sync::atomic::{AtomicU32, Ordering};

use avila_alloc::heap::{Heap, RawAlloc};
use avila_alloc::{
    AllocErrorKind, Arena, StackArena, StackDeque, StackHashMap, StackQueue, StackString, StackVec,
};
use cortex_m::peripheral::SCB;
use cortex_m_rt::{ExceptionFrame, entry, exception};
use cortex_m_semihosting::{debug, hprintln};

use crate::heap::HEAP_SIZE;

/// Checks passed so far.
static CHECKS: AtomicU32 = AtomicU32::new(0);

/// Counts a check; on failure prints where and what, and exits QEMU with a failure status.
macro_rules! check {
    ($cond:expr, $($what:tt)+) => {
        if $cond {
            CHECKS.fetch_add(1, Ordering::Relaxed);
        } else {
            fail(file!(), line!(), format_args!($($what)+));
        }
    };
}

fn fail(file: &str, line: u32, what: core::fmt::Arguments<'_>) -> ! {
    hprintln!("firmware: CHECK FAILED at {}:{}: {}", file, line, what);
    exit(false)
}

fn exit(success: bool) -> ! {
    debug::exit(if success {
        debug::EXIT_SUCCESS
    } else {
        debug::EXIT_FAILURE
    });
    // Only reached without a semihosting host that ends the run.
    loop {
        cortex_m::asm::bkpt();
    }
}

/// A small xorshift PRNG: the same sequence on every run.
struct Rng(u32);

impl Rng {
    fn next(&mut self) -> u32 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.0 = x;
        x
    }

    /// Uniform enough in `0..n` for a test.
    fn below(&mut self, n: u32) -> u32 {
        self.next() % n
    }
}

/// Prints the end of a section with the heap's state, after checking the heap's invariants.
fn section(name: &str, checks_before: u32) {
    heap::with(|heap| heap.check_invariants());
    let stats = heap::stats();
    hprintln!(
        "firmware: {:<26} ok ({} checks; heap: {} live, {} B used, {} B free)",
        name,
        CHECKS.load(Ordering::Relaxed) - checks_before,
        stats.allocations,
        stats.used,
        stats.free
    );
}

fn checks() -> u32 {
    CHECKS.load(Ordering::Relaxed)
}

/// The word that [`paint_stack`] writes over the unused stack.
const PAINT: u32 = 0x5EA5_5EA5;

// From cortex-m-rt's linker script: the stack runs from the top of RAM (`_stack_start`) down
// to the end of the statics (`__sheap`, the first byte after `.bss`).
unsafe extern "C" {
    static __sheap: u32;
    static _stack_start: u32;
}

/// The stack's lowest address and its top.
fn stack_bounds() -> (usize, usize) {
    (
        (&raw const __sheap).addr(),
        (&raw const _stack_start).addr(),
    )
}

/// Fills the stack below the current frame with [`PAINT`], for [`stack_peak`].
fn paint_stack() {
    let (bottom, _) = stack_bounds();
    // 64 bytes below the stack pointer: nothing below it is in use (no interrupt is enabled yet,
    // and this loop pushes nothing).
    let end = cortex_m::register::msp::read() as usize - 64;
    for addr in (bottom..end).step_by(4) {
        // SAFETY: `addr` is a word-aligned RAM address between the end of the statics and the
        // current stack frame: memory that nothing uses now (the stack grows into it later).
        // Its provenance is exposed, as for memory the program knows only by address.
        unsafe { core::ptr::with_exposed_provenance_mut::<u32>(addr).write_volatile(PAINT) };
    }
}

/// The most stack used since [`paint_stack`]: the distance from the top to the lowest word
/// that no longer holds the paint.
fn stack_peak() -> usize {
    let (bottom, top) = stack_bounds();
    let painted = |addr: usize| {
        // SAFETY: as in `paint_stack`: a word of the stack below the current frame; only read.
        unsafe { core::ptr::with_exposed_provenance::<u32>(addr).read_volatile() == PAINT }
    };
    let lowest_used = (bottom..top).step_by(4).find(|&addr| !painted(addr));
    top - lowest_used.unwrap_or(top)
}

#[entry]
fn main() -> ! {
    paint_stack();
    hprintln!(
        "firmware: avila-alloc battery on a Cortex-M3, {} KiB heap",
        HEAP_SIZE / 1024
    );
    let start = heap::stats();
    check!(start.allocations == 0, "a fresh heap has no allocations");
    check!(
        start.free > HEAP_SIZE - 64 && start.free <= HEAP_SIZE,
        "the heap claimed its buffer: {} B free of {}",
        start.free,
        HEAP_SIZE
    );

    let c = checks();
    vec_churn();
    section("Vec churn", c);
    let c = checks();
    strings();
    section("String and format!", c);
    let c = checks();
    btree_churn();
    section("BTreeMap churn", c);
    let c = checks();
    deque_churn();
    section("VecDeque churn", c);
    let c = checks();
    trait_objects();
    section("Box<dyn Trait>", c);
    let c = checks();
    stack_containers();
    section("StackVec/String/Deque", c);
    let c = checks();
    stack_hash_map();
    section("StackHashMap churn", c);
    let c = checks();
    stack_queue();
    section("StackQueue split", c);
    let c = checks();
    arenas();
    section("Arena and StackArena", c);
    let c = checks();
    interrupt_allocation();
    section("allocation in an interrupt", c);
    let c = checks();
    out_of_memory();
    section("out of memory", c);

    let c = checks();
    let end = heap::stats();
    check!(
        end.allocations == 0,
        "{} allocations leaked",
        end.allocations
    );
    check!(
        end.used == start.used && end.free == start.free,
        "heap back to its start: used {} -> {}, free {} -> {}",
        start.used,
        end.used,
        start.free,
        end.free
    );
    check!(
        end.largest_free == start.largest_free,
        "the free memory merged back into one block"
    );
    section("heap back to start", c);

    let c = checks();
    let (bottom, top) = stack_bounds();
    let peak = stack_peak();
    // Headroom of 1 KiB: a battery that comes closer should get a smaller heap.
    check!(
        peak + 1024 <= top - bottom,
        "stack peak {} B leaves less than 1 KiB of {} B",
        peak,
        top - bottom
    );
    section("stack headroom", c);
    hprintln!("firmware: stack peak {} B of {} B", peak, top - bottom);

    hprintln!("firmware: all {} checks passed", checks());
    exit(true)
}

/// Several vectors growing and shrinking at random, each checked against a running sum.
fn vec_churn() {
    let mut rng = Rng(0x1234_5678);
    let mut vecs: [Vec<u32>; 4] = Default::default();
    let mut sums = [0u64; 4];
    for _ in 0..3000 {
        let i = rng.below(4) as usize;
        let v = &mut vecs[i];
        match rng.below(8) {
            0..=4 => {
                let x = rng.next() >> 8;
                v.push(x);
                sums[i] += u64::from(x);
            }
            5 | 6 => {
                if let Some(x) = v.pop() {
                    sums[i] -= u64::from(x);
                }
            }
            _ => {
                // Shrink: the heap resizes the block (in place when it can).
                let keep = v.len() / 2;
                for x in v.drain(keep..) {
                    sums[i] -= u64::from(x);
                }
                v.shrink_to_fit();
            }
        }
    }
    // The vectors live in the heap: it counts their blocks and at least their capacity.
    let stats = heap::stats();
    let live = vecs.iter().filter(|v| v.capacity() > 0).count();
    let bytes: usize = vecs.iter().map(|v| v.capacity() * 4).sum();
    check!(
        stats.allocations == live && stats.used >= bytes,
        "the heap holds the vectors: {} blocks, {} B (expected {}, >= {})",
        stats.allocations,
        stats.used,
        live,
        bytes
    );
    for (v, &sum) in vecs.iter().zip(&sums) {
        let actual: u64 = v.iter().map(|&x| u64::from(x)).sum();
        check!(
            actual == sum,
            "Vec contents: sum {} expected {}",
            actual,
            sum
        );
        check!(v.capacity() >= v.len(), "Vec capacity");
    }
    let mut big: Vec<u16> = (0..2000).collect();
    big.retain(|x| x % 3 == 0);
    check!(big.len() == 667, "retain kept {}", big.len());
    check!(
        big.iter()
            .enumerate()
            .all(|(i, &x)| usize::from(x) == 3 * i),
        "retain kept the multiples of 3 in order"
    );
}

fn strings() {
    let s = format!("{}-{:04x}-{:>5}-{:.2}", "avila", 0xbeef_u32, 42, 1.5_f32);
    check!(s == "avila-beef-   42-1.50", "format! gave {:?}", s);

    let mut text = String::new();
    for i in 0..200u32 {
        write!(text, "{i},").unwrap();
    }
    // 10 one-digit + 90 two-digit + 100 three-digit numbers, each with a comma.
    check!(
        text.len() == 10 * 2 + 90 * 3 + 100 * 4,
        "String length {}",
        text.len()
    );
    let parsed: u32 = text
        .split(',')
        .filter(|p| !p.is_empty())
        .map(|p| p.parse::<u32>().unwrap())
        .sum();
    check!(parsed == 199 * 200 / 2, "the numbers read back: {}", parsed);

    let words: Vec<String> = ["heap", "tlsf", "qemu", "cortex"]
        .iter()
        .map(|w| w.to_uppercase())
        .collect();
    let joined = words.join("+");
    check!(joined == "HEAP+TLSF+QEMU+CORTEX", "join gave {:?}", joined);
    let mut grown = String::with_capacity(4);
    for _ in 0..100 {
        grown.push_str("ab");
    }
    check!(
        grown.len() == 200 && grown.ends_with("abab"),
        "push_str growth"
    );
    check!(42_u8.to_string() == "42", "to_string");
}

/// A `BTreeMap<u8, u32>` under random inserts and removes, against a plain array model.
fn btree_churn() {
    let mut rng = Rng(0xdead_beef);
    let mut map = BTreeMap::new();
    let mut model: [Option<u32>; 256] = [None; 256];
    for _ in 0..3000 {
        let key = rng.below(256) as u8;
        if rng.below(3) == 0 {
            let removed = map.remove(&key);
            check!(removed == model[usize::from(key)].take(), "BTreeMap remove");
        } else {
            let value = rng.next();
            let old = map.insert(key, value);
            check!(
                old == model[usize::from(key)].replace(value),
                "BTreeMap insert"
            );
        }
    }
    let expected = model.iter().filter(|v| v.is_some()).count();
    check!(
        map.len() == expected,
        "BTreeMap len {} expected {}",
        map.len(),
        expected
    );
    let in_order = map.iter().all(|(&k, &v)| model[usize::from(k)] == Some(v));
    let sorted = map.keys().zip(map.keys().skip(1)).all(|(a, b)| a < b);
    check!(
        in_order && sorted,
        "BTreeMap contents match the model, keys sorted"
    );
}

/// A `VecDeque` used at both ends, against a `Vec` model.
fn deque_churn() {
    let mut rng = Rng(0x0bad_cafe);
    let mut deque = VecDeque::new();
    let mut model = Vec::new();
    for _ in 0..2000 {
        match rng.below(5) {
            0 | 1 => {
                let x = rng.next();
                deque.push_back(x);
                model.push(x);
            }
            2 => {
                let x = rng.next();
                deque.push_front(x);
                model.insert(0, x);
            }
            3 => {
                let expected = if model.is_empty() {
                    None
                } else {
                    Some(model.remove(0))
                };
                check!(deque.pop_front() == expected, "VecDeque pop_front");
            }
            _ => check!(deque.pop_back() == model.pop(), "VecDeque pop_back"),
        }
    }
    check!(
        deque.iter().eq(model.iter()),
        "VecDeque contents match the model"
    );
}

trait Shape {
    fn area(&self) -> u32;
    fn name(&self) -> &'static str;
}

struct Square(u32);
struct Rect(u32, u32);

impl Shape for Square {
    fn area(&self) -> u32 {
        self.0 * self.0
    }
    fn name(&self) -> &'static str {
        "square"
    }
}

impl Shape for Rect {
    fn area(&self) -> u32 {
        self.0 * self.1
    }
    fn name(&self) -> &'static str {
        "rect"
    }
}

fn trait_objects() {
    let mut shapes: Vec<Box<dyn Shape>> = Vec::new();
    for i in 1..=20 {
        if i % 2 == 0 {
            shapes.push(Box::new(Square(i)));
        } else {
            shapes.push(Box::new(Rect(i, i + 1)));
        }
    }
    let area: u32 = shapes.iter().map(|s| s.area()).sum();
    // Squares of 2, 4, .., 20 plus i(i+1) for odd i in 1..=19.
    let expected: u32 = (1..=10).map(|k| 4 * k * k).sum::<u32>()
        + (0..10).map(|k| (2 * k + 1) * (2 * k + 2)).sum::<u32>();
    check!(
        area == expected,
        "total area {} expected {}",
        area,
        expected
    );
    let squares = shapes.iter().filter(|s| s.name() == "square").count();
    check!(squares == 10, "ten squares, found {}", squares);
    let closure: Box<dyn Fn(u32) -> u32> = Box::new(move |x| x + expected);
    check!(closure(1) == expected + 1, "boxed closure");
}

fn stack_containers() {
    let mut v: StackVec<u16, 32> = StackVec::new();
    for i in 0..32 {
        v.push(i * 7);
    }
    check!(v.is_full() && v.len() == 32, "StackVec filled to capacity");
    check!(v.try_push(1).is_err(), "StackVec refuses a 33rd element");
    check!(v.remove(0) == 0 && v[0] == 7, "StackVec remove shifts");
    check!(
        v.iter().map(|&x| u32::from(x)).sum::<u32>() == 7 * (31 * 32 / 2),
        "StackVec contents"
    );

    let mut s: StackString<16> = StackString::new();
    s.push_str("firmware");
    check!(
        s.try_push_str(" on qemu!").is_err(),
        "StackString refuses overflow"
    );
    check!(&*s == "firmware", "a refused push_str changes nothing");
    s.push_str(" ok");
    check!(
        s.as_str() == "firmware ok",
        "StackString contents {:?}",
        s.as_str()
    );
    write!(s, "{}", 12345).unwrap();
    check!(
        s.len() == 16 && s.is_full(),
        "StackString written to capacity"
    );

    let mut rng = Rng(0x5eed_0001);
    let mut deque: StackDeque<u32, 8> = StackDeque::new();
    let mut model: VecDeque<u32> = VecDeque::new();
    for _ in 0..1000 {
        let x = rng.next();
        let room = model.len() < 8;
        match rng.below(4) {
            0 => {
                check!(
                    deque.try_push_back(x).is_ok() == room,
                    "StackDeque push_back"
                );
                if room {
                    model.push_back(x);
                }
            }
            1 => {
                check!(
                    deque.try_push_front(x).is_ok() == room,
                    "StackDeque push_front"
                );
                if room {
                    model.push_front(x);
                }
            }
            2 => check!(
                deque.pop_front() == model.pop_front(),
                "StackDeque pop_front"
            ),
            _ => check!(deque.pop_back() == model.pop_back(), "StackDeque pop_back"),
        }
        check!(
            deque.iter().eq(model.iter()),
            "StackDeque matches the model"
        );
    }
}

/// A `StackHashMap<u16, u32, 64>` under churn, against a `BTreeMap` model.
fn stack_hash_map() {
    let mut rng = Rng(0xfeed_f00d);
    let mut map: StackHashMap<u16, u32, 64> = StackHashMap::new();
    let mut model = BTreeMap::new();
    for _ in 0..3000 {
        let key = rng.below(100) as u16;
        match rng.below(3) {
            0 => check!(
                map.remove(&key) == model.remove(&key),
                "StackHashMap remove"
            ),
            1 => check!(map.get(&key) == model.get(&key), "StackHashMap get"),
            _ => {
                let value = rng.next();
                match map.insert(key, value) {
                    Ok(old) => check!(old == model.insert(key, value), "StackHashMap insert"),
                    Err(_) => check!(
                        model.len() == 64 && !model.contains_key(&key),
                        "StackHashMap refused a key with room left"
                    ),
                }
            }
        }
        check!(map.len() == model.len(), "StackHashMap len");
    }
    check!(
        map.iter().all(|(k, v)| model.get(k) == Some(v)),
        "StackHashMap contents match the model"
    );
}

/// A `StackQueue` split into producer and consumer, used interleaved.
fn stack_queue() {
    let mut queue: StackQueue<u32, 16> = StackQueue::new();
    let (mut producer, mut consumer) = queue.split();
    let mut rng = Rng(0x0123_4567);
    let (mut sent, mut received) = (0u32, 0u32);
    for _ in 0..2000 {
        if rng.below(2) == 0 {
            let len = sent - received;
            check!(
                producer.try_enqueue(sent).is_ok() == (len < 16),
                "StackQueue enqueue with {} queued",
                len
            );
            if len < 16 {
                sent += 1;
            }
        } else {
            match consumer.dequeue() {
                Some(x) => {
                    check!(
                        x == received,
                        "StackQueue FIFO order: {} expected {}",
                        x,
                        received
                    );
                    received += 1;
                }
                None => check!(sent == received, "StackQueue empty only when drained"),
            }
        }
    }
    while let Some(x) = consumer.dequeue() {
        check!(x == received, "StackQueue drain order");
        received += 1;
    }
    check!(
        sent == received && sent > 500,
        "StackQueue passed {} values",
        sent
    );
}

fn arenas() {
    let arena: StackArena<256, 8> = StackArena::new_aligned();
    let a = arena.alloc(1_u8);
    let b = arena.alloc(0x1122_3344_u32);
    let xs = arena.alloc_slice_copy(&[1_u16, 2, 3]);
    let text = arena.alloc_str("arena");
    *a += 1;
    xs[2] = 30;
    check!(
        *a == 2 && *b == 0x1122_3344 && xs == [1, 2, 30] && text == "arena",
        "StackArena values"
    );
    check!(
        core::ptr::from_mut(b).addr() & 7 == 0,
        "StackArena minimum alignment"
    );
    let used = arena.used();
    check!(
        arena.try_alloc([0u8; 512]).is_err() && arena.used() == used,
        "StackArena refuses a too-large value without using space"
    );

    let mut buf = [MaybeUninit::<u8>::uninit(); 128];
    let mut arena = Arena::new(&mut buf);
    let mut count = 0;
    while arena.try_alloc(0xabcd_u64).is_ok() {
        count += 1;
    }
    check!(
        (15..=16).contains(&count),
        "128 bytes hold {} u64s (15 or 16 by alignment)",
        count
    );
    arena.reset();
    check!(arena.used() == 0, "Arena reset");
    let filled = arena.alloc_slice_fill_with(10, |i| i as u32 * 3);
    check!(filled[9] == 27, "Arena after reset");
}

/// Results from the SysTick handler: the sum it computed with heap memory, then a flag.
static IRQ_SUM: AtomicU32 = AtomicU32::new(0);
static IRQ_RAN: AtomicU32 = AtomicU32::new(0);

#[exception]
fn SysTick() {
    // An interrupt handler allocating: the heap's critical section keeps it from interrupting
    // the main code inside the allocator.
    let v: Vec<u32> = (1..=100).collect();
    let s = format!("{}", v.iter().sum::<u32>());
    IRQ_SUM.store(s.parse().unwrap_or(0), Ordering::Relaxed);
    IRQ_RAN.fetch_add(1, Ordering::Release);
}

fn interrupt_allocation() {
    // Hold heap memory across the interrupt, so the handler allocates beside live blocks.
    let held: Vec<u64> = (0..64).collect();
    SCB::set_pendst();
    cortex_m::asm::dsb();
    cortex_m::asm::isb();
    check!(
        IRQ_RAN.load(Ordering::Acquire) == 1,
        "the SysTick handler ran at once"
    );
    check!(
        IRQ_SUM.load(Ordering::Relaxed) == 5050,
        "the handler's heap result"
    );
    IRQ_SUM.store(0, Ordering::Relaxed);

    // Pended while the heap's lock is held: the handler waits until the critical section ends
    // (with a spin lock it would run now and spin forever on the lock when it allocates).
    let ran_inside = heap::with(|_| {
        SCB::set_pendst();
        cortex_m::asm::dsb();
        cortex_m::asm::isb();
        IRQ_RAN.load(Ordering::Acquire)
    });
    check!(
        ran_inside == 1,
        "the handler waited for the heap's critical section"
    );
    check!(
        IRQ_RAN.load(Ordering::Acquire) == 2,
        "then it ran, and allocated"
    );
    check!(
        IRQ_SUM.load(Ordering::Relaxed) == 5050,
        "the handler's second result"
    );
    check!(
        held.iter().sum::<u64>() == 63 * 64 / 2,
        "memory held across the interrupts"
    );
}

fn out_of_memory() {
    let mut v: Vec<u8> = Vec::new();
    check!(
        v.try_reserve(HEAP_SIZE + 1).is_err(),
        "try_reserve beyond the heap fails"
    );
    check!(
        v.try_reserve(usize::MAX / 2).is_err(),
        "try_reserve of half the address space fails"
    );
    check!(
        v.capacity() == 0,
        "a failed try_reserve leaves the vector as it was"
    );
    check!(
        v.try_reserve(1000).is_ok(),
        "a modest try_reserve then succeeds"
    );

    // Fill the heap with 1 KiB blocks until it refuses, then free them all.
    let before = heap::stats();
    let mut blocks: Vec<Box<[u8; 1024]>> = Vec::with_capacity(40);
    let mut refused = false;
    for i in 0..40u8 {
        let layout = Layout::new::<[u8; 1024]>();
        // Ask the heap directly: a failed `Box::new` would end in `handle_alloc_error`.
        match heap::with(|heap| heap.allocate(layout)) {
            Ok(ptr) => {
                // SAFETY: the block holds a `[u8; 1024]` (any bytes are valid) and was allocated
                // by the global allocator's heap with that layout, so `Box` may own and free it.
                let mut b = unsafe { Box::from_raw(ptr.as_ptr().cast::<[u8; 1024]>()) };
                b.fill(i);
                blocks.push(b);
            }
            Err(e) => {
                check!(
                    e.kind() == AllocErrorKind::OutOfMemory,
                    "a full heap says out of memory"
                );
                refused = true;
                break;
            }
        }
    }
    check!(
        refused && blocks.len() >= 25,
        "the heap filled after {} KiB",
        blocks.len()
    );
    check!(
        blocks
            .iter()
            .enumerate()
            .all(|(i, b)| b.iter().all(|&x| usize::from(x) == i)),
        "the blocks kept their contents"
    );
    drop(blocks);
    check!(
        heap::stats() == before,
        "freeing everything restores the heap"
    );

    let huge = Layout::from_size_align(1 << 30, 8).unwrap();
    let err = heap::with(|heap| heap.allocate(huge)).unwrap_err();
    check!(
        matches!(
            err.kind(),
            AllocErrorKind::OutOfMemory | AllocErrorKind::UnsupportedSize
        ),
        "Heap::allocate of 1 GiB fails: {:?}",
        err.kind()
    );
    let aligned = Layout::from_size_align(64, 1 << 20).unwrap();
    check!(
        heap::with(|heap| heap.allocate(aligned)).is_err(),
        "Heap::allocate of a 1 MiB alignment in 32 KiB fails"
    );
    let page = Layout::from_size_align(100, 4096).unwrap();
    let ptr = heap::with(|heap| heap.allocate(page));
    check!(
        ptr.is_ok_and(|p| p.as_ptr().addr() & 4095 == 0),
        "a 4096-aligned block fits"
    );
    if let Ok(p) = ptr {
        // SAFETY: allocated just above with `page`.
        heap::with(|heap| unsafe { heap.deallocate(p, page) });
    }

    // A private heap of 256 bytes, to see a small heap refuse and recover.
    #[repr(align(16))]
    struct Small([MaybeUninit<u8>; 256]);
    let mut small = Small([MaybeUninit::uninit(); 256]);
    let mut heap = Heap::new();
    // SAFETY: `small` outlives `heap` (declared before it) and is used for nothing else.
    let usable = unsafe { heap.claim(core::ptr::from_mut(&mut small.0[..]) as *mut [u8]) };
    check!(usable > 200, "a 256-byte heap gives {} bytes", usable);
    let all = Layout::from_size_align(usable, 8).unwrap();
    let ptr = heap.allocate(all);
    check!(ptr.is_ok(), "the whole small heap in one block");
    check!(
        heap.allocate(Layout::new::<u8>()).is_err(),
        "a full small heap refuses a byte"
    );
    // SAFETY: allocated above with `all`.
    unsafe { heap.deallocate(ptr.unwrap(), all) };
    check!(heap.stats().free == usable, "the small heap recovers");
}

#[exception]
unsafe fn HardFault(frame: &ExceptionFrame) -> ! {
    hprintln!("firmware: HARD FAULT at pc {:#010x}", frame.pc());
    exit(false)
}

#[panic_handler]
fn panic(info: &PanicInfo<'_>) -> ! {
    hprintln!("firmware: PANIC: {}", info);
    exit(false)
}
