//! The hash map cases of the suite: every [`MapWorkload`] at capacities 64, 1024 and 4096, filled
//! to 50, 75 and 100%, in two families of rows:
//!
//! - `map/fnv/<workload>/<N>/<fill>`: avila, heapless's `FnvIndexMap` and hashbrown, all hashing
//!   with FNV-1a (heapless's only hasher), so the rows compare the tables, not the hashers;
//! - `map/fixed/<workload>/<N>/<fill>`: avila and hashbrown with avila's default hasher
//!   (`FixedState`), and `std`'s `HashMap` with its own default (`RandomState`, SipHash).
//!
//! The 90 rows are visited with [`Sampling::Light`]: fewer, shorter samples, so the grid adds
//! about 20 seconds to the report.

use core::fmt;

use avila_alloc::{FixedState, StackHashMap};
use heapless::index_map::FnvIndexMap;

use crate::peers_map::{BenchMap, Fnv, HashbrownMap, StdMap};
use crate::suite::{Sampling, Visitor};
use crate::workloads_map::{self as map, MapInputs};

/// The map workloads of [`workloads_map`](crate::workloads_map), as rows of the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MapWorkload {
    /// [`map::get_hit`].
    GetHit,
    /// [`map::get_miss`].
    GetMiss,
    /// [`map::insert`].
    Insert,
    /// [`map::remove_insert`].
    RemoveInsert,
    /// [`map::iterate`].
    Iterate,
}

impl MapWorkload {
    /// Every map workload, in report order.
    pub const ALL: [Self; 5] = [
        Self::GetHit,
        Self::GetMiss,
        Self::Insert,
        Self::RemoveInsert,
        Self::Iterate,
    ];

    /// The capacities the suite runs each workload at (powers of two, for heapless).
    pub const CAPACITIES: [usize; 3] = [64, 1024, 4096];

    /// The fill levels, in percent of the capacity.
    pub const FILLS: [usize; 3] = [50, 75, 100];

    /// The hasher families (the second part of the case names).
    pub const FAMILIES: [&'static str; 2] = ["fnv", "fixed"];

    /// The name in case names (`map/<family>/<name>/<capacity>/<fill>`).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::GetHit => "get_hit",
            Self::GetMiss => "get_miss",
            Self::Insert => "insert",
            Self::RemoveInsert => "remove_insert",
            Self::Iterate => "iterate",
        }
    }
}

impl fmt::Display for MapWorkload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The case name of a map workload.
#[must_use]
pub fn map_case_name(family: &str, workload: MapWorkload, capacity: usize, fill: usize) -> String {
    format!("map/{family}/{workload}/{capacity}/{fill}")
}

/// The map cases, in light sampling: both families, every workload, capacity and fill level.
pub fn map_cases(vis: &mut impl Visitor) {
    vis.sampling(Sampling::Light);
    for workload in MapWorkload::ALL {
        for fill in MapWorkload::FILLS {
            fnv_peers::<64>(vis, workload, fill);
            fnv_peers::<1024>(vis, workload, fill);
            fnv_peers::<4096>(vis, workload, fill);
        }
    }
    for workload in MapWorkload::ALL {
        for fill in MapWorkload::FILLS {
            fixed_peers::<64>(vis, workload, fill);
            fixed_peers::<1024>(vis, workload, fill);
            fixed_peers::<4096>(vis, workload, fill);
        }
    }
    vis.sampling(Sampling::Full);
}

fn fnv_peers<const N: usize>(vis: &mut impl Visitor, workload: MapWorkload, fill: usize) {
    map_case::<StackHashMap<u32, u32, N, Fnv>>(vis, "fnv", workload, fill);
    map_case::<FnvIndexMap<u32, u32, N>>(vis, "fnv", workload, fill);
    map_case::<HashbrownMap<N, Fnv>>(vis, "fnv", workload, fill);
}

fn fixed_peers<const N: usize>(vis: &mut impl Visitor, workload: MapWorkload, fill: usize) {
    map_case::<StackHashMap<u32, u32, N, FixedState>>(vis, "fixed", workload, fill);
    map_case::<HashbrownMap<N, FixedState>>(vis, "fixed", workload, fill);
    map_case::<StdMap<N>>(vis, "fixed", workload, fill);
}

fn map_case<M: BenchMap + 'static>(
    vis: &mut impl Visitor,
    family: &str,
    workload: MapWorkload,
    fill: usize,
) {
    let case = map_case_name(family, workload, M::CAPACITY, fill);
    let inputs = MapInputs::new(M::CAPACITY, fill);
    let peer = M::PEER;
    match workload {
        MapWorkload::GetHit => {
            let m: M = inputs.filled();
            let keys = inputs.hits;
            vis.plain(&case, peer, move || {
                let _ = map::get_hit(&m, &keys);
            });
        }
        MapWorkload::GetMiss => {
            let m: M = inputs.filled();
            let keys = inputs.misses;
            vis.plain(&case, peer, move || {
                let _ = map::get_miss(&m, &keys);
            });
        }
        MapWorkload::Insert => {
            let keys = inputs.present;
            vis.plain(&case, peer, move || {
                let _ = map::insert::<M>(&keys);
            });
        }
        MapWorkload::RemoveInsert => {
            let mut m: M = inputs.filled();
            let keys = inputs.churn().to_vec();
            vis.plain(&case, peer, move || {
                let _ = map::remove_insert(&mut m, &keys);
            });
        }
        MapWorkload::Iterate => {
            let m: M = inputs.filled();
            vis.plain(&case, peer, move || {
                let _ = map::iterate(&m);
            });
        }
    }
}
