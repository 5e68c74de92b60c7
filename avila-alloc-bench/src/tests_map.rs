//! The map workloads compute the same result for every peer, and the map cases of the suite
//! have the expected shape and sampling.

use avila_alloc::{FixedState, StackHashMap};
use heapless::index_map::FnvIndexMap;

use crate::harness::{Collector, Config};
use crate::peers_map::{self, BenchMap, Fnv, HashbrownMap, StdMap};
use crate::suite::{self, MapWorkload, Sampling, Visitor};
use crate::workloads_map::{self as map, LOOKUPS, MAX_CHURN, MapInputs};

/// What each map workload produced for one peer.
#[derive(Debug, PartialEq, Eq)]
struct MapResults {
    hit_sum: u64,
    misses_found: u64,
    inserted_len: usize,
    inserted_sum: u64,
    churn_sum: u64,
    len_after_churn: usize,
    sum_after_churn: u64,
    iterate: u64,
}

fn map_results<M: BenchMap>(fill: usize) -> MapResults {
    let inputs = MapInputs::new(M::CAPACITY, fill);
    let filled: M = inputs.filled();
    let inserted = map::insert::<M>(&inputs.present);
    let mut churned: M = inputs.filled();
    let churn_sum = map::remove_insert(&mut churned, inputs.churn());
    MapResults {
        hit_sum: map::get_hit(&filled, &inputs.hits),
        misses_found: map::get_miss(&filled, &inputs.misses),
        inserted_len: inserted.len(),
        inserted_sum: map::iterate(&inserted),
        churn_sum,
        len_after_churn: churned.len(),
        sum_after_churn: map::iterate(&churned),
        iterate: map::iterate(&filled),
    }
}

fn map_model(capacity: usize, fill: usize) -> MapResults {
    let inputs = MapInputs::new(capacity, fill);
    let sum = |keys: &[u32]| keys.iter().map(|&k| u64::from(k)).sum::<u64>();
    let total = sum(&inputs.present);
    MapResults {
        hit_sum: sum(&inputs.hits),
        misses_found: 0,
        inserted_len: inputs.present.len(),
        inserted_sum: total,
        churn_sum: sum(inputs.churn()),
        len_after_churn: inputs.present.len(),
        sum_after_churn: total,
        iterate: total,
    }
}

fn check_map_peers<const N: usize>() {
    for fill in MapWorkload::FILLS {
        let model = map_model(N, fill);
        assert_eq!(
            map_results::<StackHashMap<u32, u32, N, Fnv>>(fill),
            model,
            "avila fnv {N}/{fill}"
        );
        assert_eq!(
            map_results::<StackHashMap<u32, u32, N, FixedState>>(fill),
            model,
            "avila {N}/{fill}"
        );
        assert_eq!(
            map_results::<FnvIndexMap<u32, u32, N>>(fill),
            model,
            "heapless {N}/{fill}"
        );
        assert_eq!(
            map_results::<HashbrownMap<N, Fnv>>(fill),
            model,
            "hashbrown fnv {N}/{fill}"
        );
        assert_eq!(
            map_results::<HashbrownMap<N, FixedState>>(fill),
            model,
            "hashbrown {N}/{fill}"
        );
        assert_eq!(map_results::<StdMap<N>>(fill), model, "std {N}/{fill}");
    }
}

#[test]
fn map_workloads_agree_with_the_model_for_every_peer() {
    check_map_peers::<64>();
    check_map_peers::<1024>();
}

#[test]
fn map_inputs_are_distinct_and_disjoint() {
    let inputs = MapInputs::new(4096, 100);
    let mut all: Vec<u32> = inputs
        .present
        .iter()
        .chain(&inputs.absent)
        .copied()
        .collect();
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), 2 * 4096);
    let mut shuffled = inputs.shuffled.clone();
    shuffled.sort_unstable();
    let mut present = inputs.present.clone();
    present.sort_unstable();
    assert_eq!(shuffled, present);
    assert_ne!(
        inputs.shuffled, inputs.present,
        "the lookup order is shuffled"
    );
    assert_eq!(inputs.churn().len(), MAX_CHURN);
    assert_eq!(MapInputs::new(64, 75).present.len(), 48);
}

#[test]
fn lookup_streams_are_long_random_draws_of_their_keys() {
    for (capacity, fill) in [(64, 50), (64, 100), (4096, 75)] {
        let inputs = MapInputs::new(capacity, fill);
        for (stream, from) in [
            (&inputs.hits, &inputs.present),
            (&inputs.misses, &inputs.absent),
        ] {
            assert_eq!(stream.len(), LOOKUPS);
            assert!(
                stream.iter().all(|k| from.contains(k)),
                "drawn from its keys"
            );
            // Every key is drawn (LOOKUPS is at least 16 times the number of keys)...
            let mut distinct = stream.clone();
            distinct.sort_unstable();
            distinct.dedup();
            assert_eq!(
                distinct.len(),
                from.len(),
                "{capacity}/{fill}: every key drawn"
            );
            // ...and not in a cycle of the keys, which a predictor could learn.
            assert_ne!(&stream[..from.len()], &stream[from.len()..2 * from.len()]);
        }
    }
}

/// Records the case, peer and sampling of every routine without running it.
#[derive(Default)]
struct Record {
    calls: Vec<(String, &'static str, Sampling)>,
    sampling: Sampling,
}

impl Visitor for Record {
    fn plain<F: FnMut() + 'static>(&mut self, case: &str, peer: &'static str, _: F) {
        self.calls.push((case.to_owned(), peer, self.sampling));
    }

    fn batched<I, S, F>(&mut self, case: &str, peer: &'static str, _: usize, _: S, _: F)
    where
        I: 'static,
        S: FnMut() -> I + 'static,
        F: FnMut(&mut I) + 'static,
    {
        self.calls.push((case.to_owned(), peer, self.sampling));
    }

    fn sampling(&mut self, sampling: Sampling) {
        self.sampling = sampling;
    }
}

#[test]
fn the_map_grid_covers_every_workload_capacity_fill_and_family() {
    let mut visitor = Record::default();
    suite::all_cases(&mut visitor);
    let map_calls: Vec<_> = visitor
        .calls
        .iter()
        .filter(|(c, _, _)| c.starts_with("map/"))
        .collect();
    let rows = MapWorkload::ALL.len()
        * MapWorkload::CAPACITIES.len()
        * MapWorkload::FILLS.len()
        * MapWorkload::FAMILIES.len();
    assert_eq!(map_calls.len(), rows * 3);
    assert!(map_calls.iter().all(|(_, _, s)| *s == Sampling::Light));
    assert!(
        visitor
            .calls
            .iter()
            .filter(|(c, _, _)| !c.starts_with("map/"))
            .all(|(_, _, s)| *s == Sampling::Full),
        "the other cases keep full sampling"
    );
    for chunk in map_calls.chunks(3) {
        let peers: Vec<&str> = chunk.iter().map(|(_, p, _)| *p).collect();
        let case = &chunk[0].0;
        assert!(
            chunk.iter().all(|(c, _, _)| c == case),
            "{case} is contiguous"
        );
        if case.starts_with("map/fnv/") {
            assert_eq!(
                peers,
                [peers_map::AVILA, peers_map::HEAPLESS, peers_map::HASHBROWN]
            );
        } else {
            assert!(case.starts_with("map/fixed/"), "{case}");
            assert_eq!(
                peers,
                [peers_map::AVILA, peers_map::HASHBROWN, peers_map::STD]
            );
        }
    }
    assert!(
        map_calls
            .iter()
            .any(|(c, _, _)| c == "map/fnv/remove_insert/4096/100")
    );
    assert!(
        map_calls
            .iter()
            .any(|(c, _, _)| c == "map/fixed/get_miss/64/50")
    );
}

#[test]
fn light_sampling_shortens_the_harness_configuration() {
    let light = Config::FULL.for_sampling(Sampling::Light);
    assert_eq!(light.samples, Config::FULL.samples / 3);
    assert_eq!(light.sample_time, Config::FULL.sample_time / 2);
    assert_eq!(Config::QUICK.for_sampling(Sampling::Light).samples, 3);
    assert_eq!(Config::FULL.for_sampling(Sampling::Full), Config::FULL);
    let mut collector = Collector::new();
    collector.sampling(Sampling::Light);
    collector.plain("x", "avila", || {});
    collector.sampling(Sampling::Full);
    collector.plain("y", "avila", || {});
    let cases = collector.into_cases();
    assert_eq!(
        (cases[0].sampling, cases[1].sampling),
        (Sampling::Light, Sampling::Full)
    );
}
