//! The head-to-head report: `cargo run --release -p avila-alloc-bench [-- options]`.
//!
//! Runs every workload of the suite for every peer with the library's harness, prints the table,
//! and writes it as Markdown and CSV into `target/head-to-head/`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use avila_alloc_bench::harness::{self, Case, Collector, Config};
use avila_alloc_bench::report::{self, Environment, Table};
use avila_alloc_bench::{peers, suite};

const USAGE: &str = "\
avila-alloc head-to-head: avila-alloc's containers against arrayvec, heapless and std

USAGE:
    cargo run --release -p avila-alloc-bench [-- OPTIONS]

OPTIONS:
    --quick              fewer, shorter samples (a few seconds; noisy): for CI smoke tests
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

fn write_reports(dir: &Path, markdown: &str, csv: &str) -> std::io::Result<(PathBuf, PathBuf)> {
    std::fs::create_dir_all(dir)?;
    let md_path = dir.join("head-to-head.md");
    let csv_path = dir.join("head-to-head.csv");
    std::fs::write(&md_path, markdown)?;
    std::fs::write(&csv_path, csv)?;
    Ok((md_path, csv_path))
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
    if cases.is_empty() {
        eprintln!("error: no workload matches {:?} (see --list)", args.filters);
        return ExitCode::FAILURE;
    }
    if args.list {
        for case in &cases {
            let peers: Vec<&str> = case.peers.iter().map(|p| p.peer).collect();
            println!("{}  ({})", case.name, peers.join(", "));
        }
        return ExitCode::SUCCESS;
    }
    if cfg!(debug_assertions) {
        eprintln!("warning: this is a debug build, the numbers mean nothing: use --release");
    }

    let config = if args.quick {
        Config::QUICK
    } else {
        Config::FULL
    };
    let start = Instant::now();
    let mut table = Table::new(peers::AVILA);
    let total = cases.len();
    for (i, case) in cases.iter_mut().enumerate() {
        eprint!("[{:>2}/{total}] {:<30}", i + 1, case.name);
        let row = harness::measure(case, &config);
        eprintln!(" {}", progress(&row));
        table.rows.push(row);
    }
    let elapsed = start.elapsed();

    let settings = format!(
        "{}{} samples of ~{} ms per peer and workload, peers interleaved round-robin; \
         {total} workloads measured in {:.1} s",
        if args.quick { "--quick: " } else { "" },
        config.samples,
        config.sample_time.as_millis(),
        elapsed.as_secs_f64(),
    );
    let env = Environment::detect(settings);
    println!();
    print!("{}", report::text_report(&table, &env));

    let slower = table.slower_than(0.05);
    println!();
    if slower.is_empty() {
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
    match write_reports(
        &dir,
        &report::markdown_report(&table, &env),
        &table.to_csv(),
    ) {
        Ok((md, csv)) => {
            println!();
            println!("wrote {}", md.display());
            println!("wrote {}", csv.display());
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
