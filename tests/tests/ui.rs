//! Compile-fail tests (trybuild): misuse that must not compile, with the expected errors in
//! `tests/ui/*.stderr`.
//!
//! `force_build.rs` is a passing case. Its presence makes trybuild run `cargo build` instead of
//! `cargo check` for every case, which the capacity cases need: `stack_vec!` and `from_array`
//! check `M <= N` in a `const` block, a post-monomorphization error that `cargo check` does not
//! report.
//!
//! Regenerate the expected output with `TRYBUILD=overwrite cargo test -p avila-alloc-tests --test
//! ui` and review the diff: each `.stderr` must show the error the case is about.

#[test]
#[cfg_attr(miri, ignore = "trybuild runs cargo and rustc, which Miri cannot")]
fn ui() {
    let t = trybuild::TestCases::new();
    // Borrowing: a live `Drain` or `&str` view blocks changes to its container.
    t.compile_fail("tests/ui/vec_drain_alive.rs");
    t.compile_fail("tests/ui/string_as_str_then_mutate.rs");
    t.compile_fail("tests/ui/string_drain_view_then_mutate.rs");
    t.compile_fail("tests/ui/deque_drain_alive.rs");
    t.compile_fail("tests/ui/ring_iter_then_push.rs");
    // Capacity checked at compile time.
    t.compile_fail("tests/ui/stack_vec_macro_too_many.rs");
    t.compile_fail("tests/ui/from_array_too_long.rs");
    t.compile_fail("tests/ui/stack_box_too_big.rs");
    // Auto traits and Copy.
    t.compile_fail("tests/ui/vec_of_rc_not_send.rs");
    t.compile_fail("tests/ui/vec_not_copy.rs");
    t.compile_fail("tests/ui/stack_box_of_non_send_is_not_send.rs");
    // The SPSC split: the queue is borrowed while split, one producer, `Send` only for `T: Send`.
    t.compile_fail("tests/ui/queue_used_while_split.rs");
    t.compile_fail("tests/ui/queue_producer_not_clone.rs");
    t.compile_fail("tests/ui/queue_producer_of_rc_not_send.rs");
    // Arenas: values cannot outlive a rewind or reset, nor be in use across a checkpoint.
    t.compile_fail("tests/ui/arena_checkpoint_value_outlives_rewind.rs");
    t.compile_fail("tests/ui/arena_with_checkpoint_escape.rs");
    t.compile_fail("tests/ui/arena_checkpoint_while_borrowed.rs");
    t.compile_fail("tests/ui/arena_reset_while_borrowed.rs");
    t.compile_fail("tests/ui/arena_buffer_used_while_lent.rs");
    t.compile_fail("tests/ui/stack_arena_not_sync.rs");
    // TypedArena: a `Drop` that could read a dropped neighbour does not compile, a plain cycle
    // does; values cannot be in use across `iter_mut`; not `Sync`.
    t.compile_fail("tests/ui/typed_arena_drop_reads_neighbour.rs");
    t.pass("tests/ui/typed_arena_cycle_without_drop.rs");
    t.compile_fail("tests/ui/typed_arena_iter_mut_while_borrowed.rs");
    t.compile_fail("tests/ui/typed_arena_not_sync.rs");
    // ScopeArena: nothing escapes a scope, a scope cannot allocate while a nested one is alive,
    // a dropped value cannot refer to its own scope; never-dropped cycles compile.
    t.compile_fail("tests/ui/scope_arena_escape.rs");
    t.compile_fail("tests/ui/scope_arena_escape_through_capture.rs");
    t.compile_fail("tests/ui/scope_arena_outer_alloc_in_nested.rs");
    t.compile_fail("tests/ui/scope_arena_dropped_value_refers_to_own_scope.rs");
    t.pass("tests/ui/scope_arena_cycle_without_drop.rs");
    t.pass("tests/ui/force_build.rs");
}
