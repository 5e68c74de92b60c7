//! The criterion front end of the suite: a [`Visitor`] that turns each case into a criterion
//! benchmark group, with one benchmark per peer.

use core::time::Duration;

use avila_alloc_bench::suite::{Sampling, Visitor};
use criterion::{BatchSize, Bencher, Criterion};

type Routine = Box<dyn FnMut(&mut Bencher<'_>)>;

/// Buffers the peers of the current case, then runs them as one group named after the case
/// (`vec/push/256/avila`, `vec/push/256/arrayvec`, ...), so criterion prints them side by side.
pub(crate) struct CriterionVisitor<'c> {
    criterion: &'c mut Criterion,
    case: String,
    peers: Vec<(&'static str, Routine)>,
    /// The sampling asked for the cases visited next, and the one of the buffered case.
    sampling: Sampling,
    case_sampling: Sampling,
}

impl<'c> CriterionVisitor<'c> {
    pub(crate) fn new(criterion: &'c mut Criterion) -> Self {
        Self {
            criterion,
            case: String::new(),
            peers: Vec::new(),
            sampling: Sampling::Full,
            case_sampling: Sampling::Full,
        }
    }

    fn add(&mut self, case: &str, peer: &'static str, routine: Routine) {
        if case != self.case {
            self.flush();
            case.clone_into(&mut self.case);
            self.case_sampling = self.sampling;
        }
        self.peers.push((peer, routine));
    }

    /// Runs the buffered case, if any.
    pub(crate) fn flush(&mut self) {
        if self.peers.is_empty() {
            return;
        }
        let mut group = self.criterion.benchmark_group(self.case.as_str());
        if self.case_sampling == Sampling::Light {
            group
                .sample_size(20)
                .warm_up_time(Duration::from_millis(300))
                .measurement_time(Duration::from_secs(1));
        }
        for (peer, mut routine) in self.peers.drain(..) {
            group.bench_function(peer, |b| routine(b));
        }
        group.finish();
    }
}

impl Visitor for CriterionVisitor<'_> {
    fn sampling(&mut self, sampling: Sampling) {
        self.sampling = sampling;
    }

    fn plain<F>(&mut self, case: &str, peer: &'static str, mut routine: F)
    where
        F: FnMut() + 'static,
    {
        self.add(
            case,
            peer,
            Box::new(move |b: &mut Bencher<'_>| b.iter(&mut routine)),
        );
    }

    fn batched<I, S, F>(
        &mut self,
        case: &str,
        peer: &'static str,
        batch: usize,
        mut setup: S,
        mut routine: F,
    ) where
        I: 'static,
        S: FnMut() -> I + 'static,
        F: FnMut(&mut I) + 'static,
    {
        let size = BatchSize::NumIterations(batch as u64);
        self.add(
            case,
            peer,
            Box::new(move |b: &mut Bencher<'_>| b.iter_batched_ref(&mut setup, &mut routine, size)),
        );
    }
}
