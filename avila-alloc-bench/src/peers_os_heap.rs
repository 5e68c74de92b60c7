//! The general-purpose allocators under comparison in the `os_heap/...` rows, each used as a
//! `GlobalAlloc` *value* (not installed), so one binary measures all three side by side.
//!
//! | peer | type |
//! |---|---|
//! | [`AVILA`] | [`OsHeap`]: avila's heap for std programs (thread-local caches over segments) |
//! | [`SYSTEM`] | [`System`]: the system allocator (glibc's `malloc` on Linux) |
//! | [`MIMALLOC`] | `mimalloc::MiMalloc`: the `mimalloc` crate, its C library built from source |
//!
//! All three are zero-sized handles to a process-wide heap, reached through a `&'static`
//! reference the way a `#[global_allocator]` is. The same three are installed as the global
//! allocator of the `real-program-*` binaries ([`real_program`](crate::real_program)).

use std::alloc::System;

use mimalloc::MiMalloc;

pub use crate::peers::AVILA;

pub use avila_alloc::heap::OsHeap;

/// The name under which the system allocator appears in reports.
pub const SYSTEM: &str = "system";

/// The name under which `mimalloc` appears in reports.
pub const MIMALLOC: &str = "mimalloc";

/// avila's [`OsHeap`], as a `static` value.
pub static AVILA_HEAP: OsHeap = OsHeap::new();

/// The system allocator, as a `static` value.
pub static SYSTEM_HEAP: System = System;

/// `mimalloc`, as a `static` value.
pub static MIMALLOC_HEAP: MiMalloc = MiMalloc;

/// The peers' names, in report order (the subject first).
pub const PEERS: [&str; 3] = [AVILA, SYSTEM, MIMALLOC];
