//! The book's chapters as doctests: every Rust code block of `book/src/*.md` is compiled and run
//! by `cargo test --workspace` (talc's `doctest/` idea), so the book cannot drift from the API.
//! Only compiled while rustdoc collects doctests.

/// `book/src/introduction.md`.
#[doc = include_str!("../../book/src/introduction.md")]
pub mod introduction {}

/// `book/src/choosing-a-type.md`.
#[doc = include_str!("../../book/src/choosing-a-type.md")]
pub mod choosing_a_type {}

/// `book/src/stack-vec.md`.
#[doc = include_str!("../../book/src/stack-vec.md")]
pub mod stack_vec {}

/// `book/src/stack-string.md`.
#[doc = include_str!("../../book/src/stack-string.md")]
pub mod stack_string {}

/// `book/src/firmware-heap.md`.
#[doc = include_str!("../../book/src/firmware-heap.md")]
pub mod firmware_heap {}

/// `book/src/debugging-memory.md`.
#[doc = include_str!("../../book/src/debugging-memory.md")]
pub mod debugging_memory {}

/// `book/src/gen-arena.md`.
#[doc = include_str!("../../book/src/gen-arena.md")]
pub mod gen_arena {}

/// `book/src/stack-box.md`.
#[doc = include_str!("../../book/src/stack-box.md")]
pub mod stack_box {}
/// `book/src/stack-hash-map.md`.
#[doc = include_str!("../../book/src/stack-hash-map.md")]
pub mod stack_hash_map {}
/// `book/src/stack-queue.md`.
#[doc = include_str!("../../book/src/stack-queue.md")]
pub mod stack_queue {}
/// `book/src/stack-deque.md`.
#[doc = include_str!("../../book/src/stack-deque.md")]
pub mod stack_deque {}

/// `book/src/lock-free-pool.md`.
#[doc = include_str!("../../book/src/lock-free-pool.md")]
pub mod lock_free_pool {}

/// `book/src/stack-rc.md`.
#[doc = include_str!("../../book/src/stack-rc.md")]
pub mod stack_rc {}

/// `book/src/stack-ref-cell.md`.
#[doc = include_str!("../../book/src/stack-ref-cell.md")]
pub mod stack_ref_cell {}

/// `book/src/stack-ring.md`.
#[doc = include_str!("../../book/src/stack-ring.md")]
pub mod stack_ring {}

/// `book/src/arena.md`.
#[doc = include_str!("../../book/src/arena.md")]
pub mod arena {}

/// `book/src/safety-and-testing.md`.
#[doc = include_str!("../../book/src/safety-and-testing.md")]
pub mod safety_and_testing {}

/// `book/src/performance.md`.
#[doc = include_str!("../../book/src/performance.md")]
pub mod performance {}

/// `book/src/os-heap.md`.
#[doc = include_str!("../../book/src/os-heap.md")]
pub mod os_heap {}
