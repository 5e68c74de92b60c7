//! The `real-program-*` binaries, each with another allocator installed, run the identical
//! program: each prints the checksum the library's `program` computes here.

use std::process::Command;

use avila_alloc_bench::real_program::{BINARIES, parse_output, program};

const ENTRIES: usize = 20_000;

fn checksum_of(path: &str) -> u64 {
    let output = Command::new(path)
        .arg(ENTRIES.to_string())
        .output()
        .expect("the binary runs");
    assert!(output.status.success(), "{path}: {}", output.status);
    let stdout = String::from_utf8(output.stdout).expect("ASCII output");
    let (checksum, ns) = parse_output(&stdout).expect("the report can read the output");
    assert!(ns > 0.0, "{path}: {stdout}");
    checksum
}

#[test]
fn every_binary_computes_the_same_checksum() {
    let binaries = [
        env!("CARGO_BIN_EXE_real-program-os-heap"),
        env!("CARGO_BIN_EXE_real-program-system"),
        env!("CARGO_BIN_EXE_real-program-mimalloc"),
    ];
    for ((_, name), path) in BINARIES.iter().zip(binaries) {
        assert!(path.contains(name), "{path} is {name}");
    }
    let expected = program(ENTRIES);
    for path in binaries {
        assert_eq!(checksum_of(path), expected, "{path}");
    }
}
