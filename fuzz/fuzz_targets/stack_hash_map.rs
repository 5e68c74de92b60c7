//! `StackHashMap<Tracked, Tracked, 16>` against `HashMap<u16, u16>`: every operation of `MapOp`,
//! with leak and double-drop detection, once with the default hasher and once with a hasher that
//! makes every key collide (see `avila_alloc_tests::run_map_ops`).
#![no_main]

use avila_alloc_tests::{MapOp, run_map_ops, run_map_ops_colliding};

libfuzzer_sys::fuzz_target!(|ops: Vec<MapOp>| {
    run_map_ops(&ops);
    run_map_ops_colliding(&ops);
});
