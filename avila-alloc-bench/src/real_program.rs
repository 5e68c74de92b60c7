//! The real-program row (`os_heap/real_program/<entries>`): a std program building and querying
//! a large `BTreeMap<String, Vec<u32>>` and `HashMap<String, String>`, run with each allocator
//! *installed* as the `#[global_allocator]`.
//!
//! A global allocator is fixed per binary, so there is one small binary per allocator
//! (`real-program-os-heap`, `real-program-system`, `real-program-mimalloc`, in `src/bin/`),
//! each its `#[global_allocator]` and a call to [`main`]: all three run the identical
//! [`program`]. The report binary builds them next to itself when cargo started it
//! (`cargo run` sets `CARGO`; the lock on the target directory is released before the report
//! runs), runs each [`RUNS`] times round-robin, checks that all print the same checksum, and
//! reports the median time of a run: [`measure`].

use alloc::collections::BTreeMap;
use core::hint::black_box;
use core::time::Duration;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::harness::{median, relative_mad};
use crate::peers_os_heap::{AVILA, MIMALLOC, SYSTEM};
use crate::report::{Measurement, Row};

/// Entries of the maps in the report's runs.
pub const ENTRIES: usize = 200_000;

/// Runs of each binary in the report (the median is reported); `--quick` takes [`QUICK_RUNS`].
pub const RUNS: usize = 5;

/// Runs of each binary with `--quick`.
pub const QUICK_RUNS: usize = 2;

/// The binaries, each with its allocator installed, and the peer it stands for.
pub const BINARIES: [(&str, &str); 3] = [
    (AVILA, "real-program-os-heap"),
    (SYSTEM, "real-program-system"),
    (MIMALLOC, "real-program-mimalloc"),
];

/// The case name of the row.
#[must_use]
pub fn case_name() -> String {
    format!("os_heap/real_program/{ENTRIES}")
}

/// A key of the maps: a decimal string of a scrambled `i`, distinct for distinct `i` (a
/// multiplication by an odd number is a bijection of `u64`).
fn key(i: usize) -> String {
    format!("key-{}", (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

/// The program: with `entries` entries, builds a `BTreeMap<String, Vec<u32>>` (each value
/// grown by `push`, 1 to 8 elements) and a `HashMap<String, String>` (formatted values), looks
/// every key up (formatting it again) plus as many missing ones, removes every third entry,
/// walks the tree in order, drops both. Returns a checksum of what it read, which does not
/// depend on the allocator (nor on the hash map's random seed).
///
/// # Examples
///
/// ```
/// use avila_alloc_bench::real_program::program;
///
/// assert_eq!(program(1_000), program(1_000));
/// ```
#[must_use]
pub fn program(entries: usize) -> u64 {
    let mut tree: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let mut map: HashMap<String, String> = HashMap::new();
    for i in 0..entries {
        let values = tree.entry(key(i)).or_default();
        for j in 0..=(i % 8) as u32 {
            values.push(i as u32 ^ j);
        }
        map.insert(key(i), format!("value of {i} is {}", i * 3));
    }
    let mut sum = 0_u64;
    for i in 0..entries {
        let k = key(i);
        let values = &tree[&k];
        sum = sum.wrapping_add(u64::from(values[values.len() - 1]));
        sum = sum.wrapping_add(map[&k].len() as u64);
        let missing = key(entries + i);
        sum += u64::from(tree.contains_key(&missing)) + u64::from(map.contains_key(&missing));
    }
    for i in (0..entries).step_by(3) {
        let k = key(i);
        let values = tree.remove(&k).expect("every key was inserted");
        let value = map.remove(&k).expect("every key was inserted");
        sum = sum.wrapping_add(values.len() as u64 + value.len() as u64);
    }
    for (position, (k, values)) in tree.iter().enumerate() {
        let first = u64::from(values[0]);
        sum = sum.wrapping_add((position as u64 ^ first).wrapping_mul(k.len() as u64));
    }
    sum = sum.wrapping_add((tree.len() + map.len()) as u64);
    drop((tree, map));
    sum
}

/// Runs [`program`] with `entries` entries; its checksum and how long it took.
#[must_use]
pub fn run(entries: usize) -> (u64, Duration) {
    let start = Instant::now();
    let checksum = black_box(program(black_box(entries)));
    (checksum, start.elapsed())
}

/// The whole of each `real-program-*` binary (after its `#[global_allocator]`): runs
/// [`program`] with the entries given as the first argument (default [`ENTRIES`]) and prints
/// `checksum <checksum> ns <nanoseconds>` (read by [`parse_output`]).
///
/// # Panics
///
/// If the argument is not a number.
pub fn main() {
    let entries = std::env::args()
        .nth(1)
        .map_or(ENTRIES, |arg| arg.parse().expect("the argument is a count"));
    let (checksum, elapsed) = run(entries);
    println!("checksum {checksum} ns {}", elapsed.as_nanos());
}

/// The checksum and nanoseconds in a `real-program-*` binary's output.
///
/// # Examples
///
/// ```
/// use avila_alloc_bench::real_program::parse_output;
///
/// assert_eq!(parse_output("checksum 42 ns 1000\n"), Some((42, 1000.0)));
/// assert_eq!(parse_output("oops"), None);
/// ```
#[must_use]
pub fn parse_output(output: &str) -> Option<(u64, f64)> {
    let mut words = output.split_whitespace();
    let (Some("checksum"), Some(checksum), Some("ns"), Some(ns), None) = (
        words.next(),
        words.next(),
        words.next(),
        words.next(),
        words.next(),
    ) else {
        return None;
    };
    Some((checksum.parse().ok()?, ns.parse().ok()?))
}

/// The cargo arguments that select `dir`'s profile: `dir` is `<target>/<profile dir>`, where
/// the `dev` profile's directory is `debug`.
fn profile_args(dir: &Path) -> Vec<String> {
    match dir.file_name().and_then(|name| name.to_str()) {
        Some("debug") | None => Vec::new(),
        Some(profile) => vec!["--profile".to_owned(), profile.to_owned()],
    }
}

/// Builds the `real-program-*` binaries into `dir` (the report's own directory) with the same
/// profile and target directory as the report, when cargo started the report (`CARGO` set);
/// otherwise they must already be there.
fn build(dir: &Path) -> Result<(), String> {
    let Some(cargo) = std::env::var_os("CARGO") else {
        return Ok(());
    };
    let mut command = Command::new(cargo);
    // This crate's manifest, wherever the report was started from.
    let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");
    command.args(["build", "--quiet", "--manifest-path", manifest]);
    command.args(profile_args(dir));
    if let Some(target) = dir.parent() {
        command.arg("--target-dir").arg(target);
    }
    for (_, binary) in BINARIES {
        command.args(["--bin", binary]);
    }
    let status = command
        .status()
        .map_err(|e| format!("cannot start cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "building the real-program binaries failed: {status}"
        ))
    }
}

/// Runs one binary once.
fn run_binary(path: &Path, entries: usize) -> Result<(u64, f64), String> {
    let output = Command::new(path)
        .arg(entries.to_string())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", path.display()))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!("{} failed: {}", path.display(), output.status));
    }
    parse_output(&stdout).ok_or_else(|| format!("{} printed {stdout:?}", path.display()))
}

/// The row: builds the binaries if cargo started the report (see the [module docs](self)), runs
/// each `runs` times with [`ENTRIES`] entries, round-robin (the first binary rotating), and
/// returns each one's median time of a run (in ns) and spread.
///
/// Returns `Ok(Err(note))`, a note saying how to build them, when cargo did not start the report
/// and the binaries are not next to it.
///
/// # Errors
///
/// A message for the report if a binary cannot be built or run, or if two print different
/// checksums.
pub fn measure(runs: usize) -> Result<Result<Row, String>, String> {
    let exe = std::env::current_exe().map_err(|e| format!("no executable path: {e}"))?;
    let dir: PathBuf = exe
        .parent()
        .ok_or("the executable has no directory")?
        .into();
    build(&dir)?;
    let paths: Vec<PathBuf> = BINARIES
        .iter()
        .map(|(_, binary)| dir.join(format!("{binary}{}", std::env::consts::EXE_SUFFIX)))
        .collect();
    if let Some(missing) = paths.iter().find(|path| !path.is_file()) {
        return Ok(Err(format!(
            "{} skipped: {} is missing (`cargo run --release -p avila-alloc-bench` builds it, \
             or `cargo build --release -p avila-alloc-bench --bins`)",
            case_name(),
            missing.display()
        )));
    }
    let mut times: Vec<Vec<f64>> = vec![Vec::with_capacity(runs); BINARIES.len()];
    let mut checksum = None;
    for round in 0..runs {
        for k in 0..BINARIES.len() {
            let b = (round + k) % BINARIES.len();
            let (sum, ns) = run_binary(&paths[b], ENTRIES)?;
            if *checksum.get_or_insert(sum) != sum {
                return Err(format!(
                    "{} computed checksum {sum}, another binary {}",
                    BINARIES[b].1,
                    checksum.unwrap_or_default()
                ));
            }
            times[b].push(ns);
        }
    }
    let measurements = BINARIES
        .iter()
        .zip(&mut times)
        .map(|(&(peer, _), samples)| {
            let ns = median(samples);
            Measurement {
                peer: peer.to_owned(),
                value: ns,
                spread: relative_mad(samples, ns),
            }
        })
        .collect();
    Ok(Ok(Row {
        workload: case_name(),
        measurements,
    }))
}
