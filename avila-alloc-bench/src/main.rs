//! The head-to-head report: `cargo run --release -p avila-alloc-bench [-- options]`.
//!
//! Runs every workload of the suite for every peer with the library's harness, prints the table,
//! and writes it as Markdown and CSV into `target/head-to-head/`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use avila_alloc_bench::harness::{self, Case, Collector, Config};
use avila_alloc_bench::report::{self, Environment, Table};
use avila_alloc_bench::suite_heap::{self, HeapConfig, HeapGroup, HeapRun};
use avila_alloc_bench::{peers, peers_heap, real_program, suite};

const USAGE: &str = "\
avila-alloc head-to-head: avila-alloc's containers against arrayvec, heapless and std, and its
heap against talc, rlsf, linked_list_allocator and buddy_system_allocator (rows heap/...)
and its OsHeap against the system allocator and mimalloc (rows os_heap/...; the real_program
row builds and runs one binary per installed allocator)

USAGE:
    cargo run --release -p avila-alloc-bench [-- OPTIONS]

OPTIONS:
    --quick              fewer, shorter samples (a few seconds; noisy): for CI smoke tests;
                         the heap rows take 3 trials of 20 ms instead of 7 of 200 ms, the
                         real_program row 2 runs of each binary instead of 5
    --filter <SUBSTRING> run only the workloads whose name contains SUBSTRING (e.g. vec/push,
                         string/, /256); repeat to run the union
    --out <DIR>          write head-to-head.md and head-to-head.csv into DIR
                         (default: target/head-to-head)
    --list               list the workloads (after filtering) and exit
    -h, --help           print this help
";

/// The command line.
#[derive(Debug, Default)]
struct Args {
    quick: bool,
    list: bool,
    help: bool,
    filters: Vec<String>,
    out: Option<PathBuf>,
}

impl Args {
    fn parse(mut args: impl Iterator<Item = String>) -> Result<Self, String> {
        let mut parsed = Self::default();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--quick" => parsed.quick = true,
                "--list" => parsed.list = true,
                "-h" | "--help" => parsed.help = true,
                "--filter" => parsed
                    .filters
                    .push(args.next().ok_or("--filter needs a value")?),
                "--out" => parsed.out = Some(args.next().ok_or("--out needs a value")?.into()),
                // `cargo bench` passes `--bench` to every target; accept and ignore it.
                "--bench" => {}
                _ => {
                    if let Some(value) = arg.strip_prefix("--filter=") {
                        parsed.filters.push(value.to_owned());
                    } else if let Some(value) = arg.strip_prefix("--out=") {
                        parsed.out = Some(value.into());
                    } else {
                        return Err(format!("unknown argument `{arg}`"));
                    }
                }
            }
        }
        Ok(parsed)
    }

    fn selects(&self, case: &str) -> bool {
        self.filters.is_empty() || self.filters.iter().any(|f| case.contains(f.as_str()))
    }
}

/// `<target dir>/head-to-head`, found from the executable's path (`<target>/<profile>/<exe>`,
/// which also honours `CARGO_TARGET_DIR`), or `target/head-to-head` if that is not a cargo
/// target directory.
fn default_out_dir() -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.to_path_buf()))
        .filter(|target| target.join("CACHEDIR.TAG").is_file())
        .unwrap_or_else(|| PathBuf::from("target"))
        .join("head-to-head")
}

/// Writes `(file name, contents)` pairs into `dir`; returns their paths.
fn write_reports(dir: &Path, files: &[(&str, String)]) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    files
        .iter()
        .map(|(name, contents)| {
            let path = dir.join(name);
            std::fs::write(&path, contents)?;
            Ok(path)
        })
        .collect()
}

/// A short progress line for one measured row: the subject's time and its ratios.
fn progress(row: &report::Row) -> String {
    let Some(subject) = row.measurements.first() else {
        return String::new();
    };
    let ratios: Vec<String> = row.measurements[1..]
        .iter()
        .map(|m| format!("/{} {:.2}", m.peer, subject.value / m.value))
        .collect();
    format!(
        "{} {:.1} ns  {}",
        subject.peer,
        subject.value,
        ratios.join("  ")
    )
}

/// A short progress line for one heap row: every peer's value (units vary by table).
fn heap_progress(row: &report::Row) -> String {
    let values: Vec<String> = row
        .measurements
        .iter()
        .map(|m| format!("{} {:.4}", m.peer, m.value))
        .collect();
    values.join("  ")
}

fn main() -> ExitCode {
    let args = match Args::parse(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if args.help {
        print!("{USAGE}");
        return ExitCode::SUCCESS;
    }

    let mut collector = Collector::new();
    suite::all_cases(&mut collector);
    let mut cases: Vec<Case> = collector
        .into_cases()
        .into_iter()
        .filter(|c| args.selects(&c.name))
        .collect();
    let heap_groups: Vec<HeapGroup> = HeapGroup::all()
        .into_iter()
        .filter(|g| args.selects(&g.name()))
        .collect();
    let real_program = args.selects(&real_program::case_name());
    if cases.is_empty() && heap_groups.is_empty() && !real_program {
        eprintln!("error: no workload matches {:?} (see --list)", args.filters);
        return ExitCode::FAILURE;
    }
    if args.list {
        for case in &cases {
            let peers: Vec<&str> = case.peers.iter().map(|p| p.peer).collect();
            println!("{}  ({})", case.name, peers.join(", "));
        }
        if real_program {
            let peers: Vec<&str> = real_program::BINARIES.iter().map(|b| b.0).collect();
            println!("{}  ({})", real_program::case_name(), peers.join(", "));
        }
        let heap_peers = peers_heap::peer_names().join(", ");
        for group in &heap_groups {
            println!("{}  ({heap_peers})", group.name());
        }
        return ExitCode::SUCCESS;
    }
    if cfg!(debug_assertions) {
        eprintln!("warning: this is a debug build, the numbers mean nothing: use --release");
    }

    let (config, heap_config) = if args.quick {
        (Config::QUICK, HeapConfig::QUICK)
    } else {
        (Config::FULL, HeapConfig::FULL)
    };
    let start = Instant::now();
    let mut table = Table::new(peers::AVILA);
    // Rows left out, said again after the table.
    let mut notes: Vec<String> = Vec::new();
    let total = cases.len() + usize::from(real_program) + heap_groups.len();
    for (i, case) in cases.iter_mut().enumerate() {
        eprint!("[{:>2}/{total}] {:<30}", i + 1, case.name);
        let row = harness::measure(case, &config);
        eprintln!(" {}", progress(&row));
        table.rows.push(row);
    }
    let real_program_runs = if args.quick {
        real_program::QUICK_RUNS
    } else {
        real_program::RUNS
    };
    if real_program {
        eprint!(
            "[{:>2}/{total}] {:<30}",
            cases.len() + 1,
            real_program::case_name()
        );
        match real_program::measure(real_program_runs) {
            Ok(Ok(row)) => {
                eprintln!(" {}", progress(&row));
                table.rows.push(row);
            }
            Ok(Err(note)) => {
                eprintln!(" skipped");
                notes.push(note);
            }
            Err(message) => {
                eprintln!();
                eprintln!("error: the real-program row: {message}");
                return ExitCode::FAILURE;
            }
        }
    }
    let heap = (!heap_groups.is_empty()).then(|| {
        eprintln!(
            "[{:>2}/{total}] {} heap groups ({})",
            cases.len() + usize::from(real_program) + 1,
            heap_groups.len(),
            heap_config.describe()
        );
        suite_heap::run_heap(&heap_groups, &heap_config, |row| {
            eprintln!("        {:<30} {}", row.workload, heap_progress(row));
        })
    });
    let elapsed = start.elapsed();

    let mut settings = format!(
        "{}{} samples of ~{} ms per peer and workload, peers interleaved round-robin, rounds \
         rotating through {} stack offsets {} bytes apart; {total} workloads measured in {:.1} s",
        if args.quick { "--quick: " } else { "" },
        config.samples,
        config.sample_time.as_millis(),
        harness::STACK_OFFSETS,
        harness::STACK_STEP,
        elapsed.as_secs_f64(),
    );
    if real_program {
        settings.push_str(&format!(
            "; {}: median of {real_program_runs} runs of each binary (its own clock, process \
             start excluded)",
            real_program::case_name(),
        ));
    }
    if heap.is_some() {
        settings.push_str("; ");
        settings.push_str(&heap_config.describe());
    }
    let env = Environment::detect(settings);
    println!();
    print!("{}", report::text_report(&table, &env));
    if let Some(heap) = &heap {
        print!("{}", suite_heap::heap_text(heap));
        print_heap_notes(heap);
    }

    let slower = table.slower_than(0.05);
    println!();
    if table.rows.is_empty() {
        // Only heap rows were selected: their misses were listed above.
    } else if slower.is_empty() {
        println!(
            "{} is within 5% of or faster than every peer on every workload.",
            table.subject
        );
    } else {
        println!("{} is more than 5% slower than a peer on:", table.subject);
        for (workload, peer, ratio) in slower {
            println!("  {workload}: {}/{peer} = {ratio:.2}", table.subject);
        }
    }

    for note in &notes {
        println!();
        println!("note: {note}");
    }

    if !report::loops_aligned(&env.rustflags) {
        println!();
        println!(
            "note: loop alignment is not pinned, so identical code can measure differently between \
             peers (up to ~40% seen on vec/iterate here, whose code is the same for all four). For \
             stable ratios: RUSTFLAGS='{}' cargo run --release -p avila-alloc-bench",
            report::ALIGN_LOOPS_FLAG
        );
    }

    let dir = args.out.unwrap_or_else(default_out_dir);
    let mut markdown = report::markdown_report(&table, &env);
    let mut files = vec![("head-to-head.csv", table.to_csv())];
    if let Some(heap) = &heap {
        markdown.push_str(&suite_heap::heap_markdown(heap));
        files.push(("heap.csv", suite_heap::heap_csv(heap)));
    }
    files.insert(0, ("head-to-head.md", markdown));
    match write_reports(&dir, &files) {
        Ok(paths) => {
            println!();
            for path in paths {
                println!("wrote {}", path.display());
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!(
                "error: cannot write the report into {}: {error}",
                dir.display()
            );
            ExitCode::FAILURE
        }
    }
}

/// The heap rows' misses (avila worse than a peer by more than 5%, in each table's direction) and
/// any failed request.
fn print_heap_notes(heap: &HeapRun) {
    println!();
    let misses = suite_heap::heap_misses(heap, 0.05);
    if misses.is_empty() {
        println!("heap: avila is within 5% of or better than every peer on every heap row.");
    } else {
        println!("heap: avila is more than 5% worse than a peer on:");
        for (row, peer, ratio) in misses {
            println!("  {row}: avila/{peer} = {ratio:.2}");
        }
    }
    for (row, peer, count) in &heap.failures {
        println!("note: {count} requests failed for {peer} in {row} (its heap was full)");
    }
}
