//! One peer of the heap benchmarks alone, for profilers: one random-actions trial (talc's
//! method, see `workloads_heap`) in a pre-touched 128 MiB arena, printing the actions done.
//!
//! ```text
//! cargo build --release -p avila-alloc-bench --example heap_trial
//! perf stat -e instructions,cycles,cache-misses,branch-misses \
//!     target/release/examples/heap_trial avila 3000 1000 [realloc]
//! ```
//!
//! Arguments: the peer's name (as in the report), the request law's `max`, milliseconds, and
//! `realloc` to make one action in 7 a realloc. Instructions per action = the counter divided by
//! the printed actions (the arena's setup adds a fixed ~35 M instructions of page writes).

#![allow(missing_docs, reason = "an example binary")]

use core::time::Duration;
use std::process::ExitCode;

use avila_alloc_bench::peers_heap::{HeapPeer, PeerVisitor, for_each_peer, locked};
use avila_alloc_bench::suite_heap::{ARENA_BYTES, Arena, SEED};
use avila_alloc_bench::workloads_heap::{Rng, random_actions};

struct One {
    peer: String,
    max: usize,
    time: Duration,
    realloc: bool,
    arena: Arena,
    done: bool,
}

impl PeerVisitor for One {
    fn visit<A: HeapPeer>(&mut self) {
        if A::PEER != self.peer {
            return;
        }
        // SAFETY: the arena outlives the heap and serves nothing else.
        let heap = unsafe { locked::<A>(self.arena.region(ARENA_BYTES)) };
        let trial = random_actions(
            &heap,
            &mut Rng::new(SEED),
            self.max,
            self.realloc,
            self.time,
        );
        println!(
            "{}: {} actions in {:?} ({:.2} M/s), {} failures",
            A::PEER,
            trial.actions,
            trial.elapsed,
            trial.per_second() / 1e6,
            trial.failures
        );
        self.done = true;
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(peer), Some(max), Some(ms)) = (
        args.first(),
        args.get(1).and_then(|a| a.parse().ok()),
        args.get(2).and_then(|a| a.parse().ok()),
    ) else {
        eprintln!("usage: heap_trial <peer> <max> <milliseconds> [realloc]");
        return ExitCode::from(2);
    };
    let mut one = One {
        peer: peer.clone(),
        max,
        time: Duration::from_millis(ms),
        realloc: args.get(3).is_some_and(|a| a == "realloc"),
        arena: Arena::new(ARENA_BYTES),
        done: false,
    };
    for_each_peer(&mut one);
    if one.done {
        ExitCode::SUCCESS
    } else {
        eprintln!("no peer named {peer}");
        ExitCode::FAILURE
    }
}
