//! `StackRefCell<[u32; 4]>` against std's `RefCell`: the same borrows, clones, splits, narrowing
//! and writes on both, and a model of which places each refusal names (see
//! `avila_alloc_tests::run_ref_cell_ops`), from raw fuzzer bytes and from proptest.

use avila_alloc_tests::drive::run_on_fuzzer_bytes;
use avila_alloc_tests::{REF_CELL_GUARDS, RefCellOp, run_ref_cell_ops};

#[test]
fn stack_ref_cell_matches_ref_cell_on_fuzzer_bytes() {
    let stats = run_on_fuzzer_bytes(run_ref_cell_ops);
    assert!(stats.rejected > 0 && stats.ops_when_full > 0, "{stats:?}");
    stats.assert_reached_full(REF_CELL_GUARDS);
}

/// Three sites sharing the two records: the third is counted, not named, until a record frees.
#[test]
fn a_third_site_waits_for_a_free_record() {
    use RefCellOp::{Borrow, BorrowMut, Drop, Replace};
    let stats = run_ref_cell_ops(&[
        Borrow { site: 0 },
        Borrow { site: 1 },
        Borrow { site: 2 },
        BorrowMut { site: 0 },
        Drop { index: 0 },
        Borrow { site: 2 },
        Replace { value: 1 },
        Drop { index: 0 },
        Drop { index: 0 },
        Drop { index: 0 },
        BorrowMut { site: 1 },
        RefCellOp::Write { index: 0, value: 9 },
        RefCellOp::Split { index: 0, at: 2 },
        Borrow { site: 0 },
    ]);
    assert_eq!(stats.rejected, 3);
    assert_eq!(stats.max_len, 3);
}

#[cfg(feature = "proptest")]
#[test]
fn stack_ref_cell_matches_ref_cell() {
    avila_alloc_tests::drive::run_proptest(run_ref_cell_ops).assert_reached_full(REF_CELL_GUARDS);
}
