//! The head-to-head table and its renderings: plain text (stdout), Markdown and CSV.
//!
//! The table is generic: a [`Row`] is a workload name and a list of (peer, measurement) pairs, in
//! any number. The columns are the union of the peers of all rows, the subject first; for each
//! other peer there is a ratio column `subject/peer`, filled in every row where both were
//! measured (`< 1.00` means the subject is faster). New rows with other peers (allocators, other
//! container types) need no change here.

use core::fmt::Write as _;
use std::time::{SystemTime, UNIX_EPOCH};

/// One peer's result in a [`Row`].
#[derive(Clone, Debug, PartialEq)]
pub struct Measurement {
    /// The peer's name.
    pub peer: String,
    /// Median cost of one run of the workload, in the table's [unit](Table::unit) (nanoseconds
    /// for the harness).
    pub value: f64,
    /// Median absolute deviation of the samples, relative to the median (0.01 = 1%).
    pub spread: f64,
}

/// One workload and the measurement of every peer that ran it.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The workload (case) name, e.g. `vec/push/256`.
    pub workload: String,
    /// One entry per peer, in the order they were measured.
    pub measurements: Vec<Measurement>,
}

impl Row {
    /// The measurement of `peer`, if it ran this workload.
    #[must_use]
    pub fn get(&self, peer: &str) -> Option<&Measurement> {
        self.measurements.iter().find(|m| m.peer == peer)
    }

    /// `subject`'s value divided by `peer`'s, if both ran this workload.
    #[must_use]
    pub fn ratio(&self, subject: &str, peer: &str) -> Option<f64> {
        Some(self.get(subject)?.value / self.get(peer)?.value)
    }

    /// The largest relative spread among the peers.
    #[must_use]
    pub fn max_spread(&self) -> f64 {
        self.measurements
            .iter()
            .map(|m| m.spread)
            .fold(0.0, f64::max)
    }
}

/// A head-to-head table: rows of measurements, ratios against one subject.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// The peer the ratios are computed for (`avila`).
    pub subject: String,
    /// The unit of the measured values, shown in the column headers (`ns`).
    pub unit: String,
    /// The rows, in display order.
    pub rows: Vec<Row>,
}

/// A cell of a rendered table.
enum Cell {
    Text(String),
    /// A measured value (nanoseconds, instructions, ...).
    Value(f64),
    /// A ratio subject/peer.
    Ratio(f64),
    /// A relative spread, shown in percent.
    Percent(f64),
    Missing,
}

impl Cell {
    /// The cell for people (text and Markdown): precision adapted to the magnitude.
    fn human(&self) -> String {
        match *self {
            Self::Text(ref s) => s.clone(),
            Self::Value(v) if v < 10.0 => format!("{v:.2}"),
            Self::Value(v) if v < 1000.0 => format!("{v:.1}"),
            Self::Value(v) => format!("{v:.0}"),
            Self::Ratio(r) => format!("{r:.2}"),
            Self::Percent(p) => format!("{:.1}", p * 100.0),
            Self::Missing => "-".to_owned(),
        }
    }

    /// The cell for machines (CSV): plain numbers, more digits, empty when missing.
    fn machine(&self) -> String {
        match *self {
            Self::Text(ref s) => csv_field(s),
            Self::Value(v) => format!("{v:.3}"),
            Self::Ratio(r) => format!("{r:.4}"),
            Self::Percent(p) => format!("{:.2}", p * 100.0),
            Self::Missing => String::new(),
        }
    }

    const fn is_text(&self) -> bool {
        matches!(self, Self::Text(_))
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

impl Table {
    /// An empty table of times in `ns` whose ratios are computed for `subject`.
    #[must_use]
    pub fn new(subject: &str) -> Self {
        Self::with_unit(subject, "ns")
    }

    /// An empty table of values in `unit` whose ratios are computed for `subject`.
    #[must_use]
    pub fn with_unit(subject: &str, unit: &str) -> Self {
        Self {
            subject: subject.to_owned(),
            unit: unit.to_owned(),
            rows: Vec::new(),
        }
    }

    /// Every peer appearing in any row, the subject first, then in order of first appearance.
    #[must_use]
    pub fn peers(&self) -> Vec<&str> {
        let mut peers = vec![self.subject.as_str()];
        for m in self.rows.iter().flat_map(|r| &r.measurements) {
            if !peers.contains(&m.peer.as_str()) {
                peers.push(&m.peer);
            }
        }
        peers
    }

    /// The (workload, peer, ratio) triples where the subject is slower than `peer` by more than
    /// `threshold` (0.05 = 5%), in row order.
    #[must_use]
    pub fn slower_than(&self, threshold: f64) -> Vec<(&str, &str, f64)> {
        let peers = self.peers();
        let mut slower = Vec::new();
        for row in &self.rows {
            for &peer in &peers[1..] {
                if let Some(ratio) = row.ratio(&self.subject, peer) {
                    if ratio > 1.0 + threshold {
                        slower.push((row.workload.as_str(), peer, ratio));
                    }
                }
            }
        }
        slower
    }

    /// The header and cells shared by every rendering.
    fn cells(&self) -> (Vec<String>, Vec<Vec<Cell>>) {
        let peers = self.peers();
        let others = &peers[1..];
        let mut header = vec!["workload".to_owned()];
        header.extend(peers.iter().map(|p| format!("{p} {}", self.unit)));
        header.extend(others.iter().map(|p| format!("{}/{p}", self.subject)));
        header.push("spread %".to_owned());
        let rows = self
            .rows
            .iter()
            .map(|row| {
                let mut cells = vec![Cell::Text(row.workload.clone())];
                cells.extend(
                    peers
                        .iter()
                        .map(|p| row.get(p).map_or(Cell::Missing, |m| Cell::Value(m.value))),
                );
                cells.extend(others.iter().map(|p| {
                    row.ratio(&self.subject, p)
                        .map_or(Cell::Missing, Cell::Ratio)
                }));
                cells.push(Cell::Percent(row.max_spread()));
                cells
            })
            .collect();
        (header, rows)
    }

    /// The table as aligned plain text, for a terminal.
    #[must_use]
    pub fn to_text(&self) -> String {
        let (header, rows) = self.cells();
        let rows: Vec<Vec<(String, bool)>> = rows
            .iter()
            .map(|r| r.iter().map(|c| (c.human(), c.is_text())).collect())
            .collect();
        let mut widths: Vec<usize> = header.iter().map(String::len).collect();
        for row in &rows {
            for (w, (cell, _)) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let mut out = String::new();
        let line = |out: &mut String, cells: &mut dyn Iterator<Item = (&str, bool)>| {
            let mut first = true;
            for ((cell, left), width) in cells.zip(&widths) {
                if !first {
                    out.push_str("  ");
                }
                first = false;
                if left {
                    let _ = write!(out, "{cell:<width$}");
                } else {
                    let _ = write!(out, "{cell:>width$}");
                }
            }
            out.truncate(out.trim_end().len());
            out.push('\n');
        };
        line(
            &mut out,
            &mut header.iter().enumerate().map(|(i, h)| (h.as_str(), i == 0)),
        );
        let total: usize = widths.iter().sum::<usize>() + 2 * (widths.len() - 1);
        out.push_str(&"-".repeat(total));
        out.push('\n');
        for row in &rows {
            line(
                &mut out,
                &mut row.iter().map(|(c, left)| (c.as_str(), *left)),
            );
        }
        out
    }

    /// The table as Markdown, numbers right-aligned.
    #[must_use]
    pub fn to_markdown(&self) -> String {
        let (header, rows) = self.cells();
        let mut out = String::new();
        out.push_str("| ");
        out.push_str(&header.join(" | "));
        out.push_str(" |\n|");
        for i in 0..header.len() {
            out.push_str(if i == 0 { "---|" } else { "---:|" });
        }
        out.push('\n');
        for row in rows {
            let cells: Vec<String> = row.iter().map(Cell::human).collect();
            out.push_str("| ");
            out.push_str(&cells.join(" | "));
            out.push_str(" |\n");
        }
        out
    }

    /// The table as CSV (same columns, more digits; a missing value is an empty field).
    #[must_use]
    pub fn to_csv(&self) -> String {
        let (header, rows) = self.cells();
        let mut out = header
            .iter()
            .map(|h| csv_field(h))
            .collect::<Vec<_>>()
            .join(",");
        out.push('\n');
        for row in rows {
            out.push_str(&row.iter().map(Cell::machine).collect::<Vec<_>>().join(","));
            out.push('\n');
        }
        out
    }
}

/// Where and how the numbers were measured: the header of a report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Environment {
    /// When the run finished, `YYYY-MM-DD HH:MM UTC`.
    pub date: String,
    /// The CPU model (`model name` of `/proc/cpuinfo`), or `unknown`.
    pub cpu: String,
    /// The number of logical CPUs available to the process.
    pub cpus: usize,
    /// `rustc -V` of the compiler that built the benchmark, or `unknown`.
    pub rustc: String,
    /// The `RUSTFLAGS` the benchmark was built with (empty if none).
    pub rustflags: String,
    /// A one-line description of the measurement settings.
    pub settings: String,
}

impl Environment {
    /// Reads the date, CPU and core count of this machine; `settings` is taken as given.
    #[must_use]
    pub fn detect(settings: String) -> Self {
        let cpu = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|info| cpu_model(&info))
            .unwrap_or_else(|| "unknown".to_owned());
        let cpus = std::thread::available_parallelism().map_or(1, usize::from);
        Self {
            date: utc_now(),
            cpu,
            cpus,
            rustc: rustc_version().to_owned(),
            rustflags: rustflags().to_owned(),
            settings,
        }
    }

    /// The header lines, as `key: value` pairs.
    #[must_use]
    pub fn lines(&self) -> Vec<(&'static str, String)> {
        vec![
            ("date", self.date.clone()),
            (
                "machine",
                format!("{}, {} logical CPUs", self.cpu, self.cpus),
            ),
            ("rustc", self.rustc.clone()),
            (
                "rustflags",
                if self.rustflags.is_empty() {
                    "(none)".to_owned()
                } else {
                    self.rustflags.clone()
                },
            ),
            ("settings", self.settings.clone()),
        ]
    }
}

/// The `model name` of the first processor in a `/proc/cpuinfo` text.
#[must_use]
pub fn cpu_model(cpuinfo: &str) -> Option<String> {
    cpuinfo.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        (key.trim() == "model name").then(|| value.trim().to_owned())
    })
}

/// `rustc -V` of the compiler that built this crate (captured by the build script), or
/// `unknown`.
#[must_use]
pub fn rustc_version() -> &'static str {
    env!("AVILA_BENCH_RUSTC_VERSION")
}

/// The `RUSTFLAGS` this crate was built with (captured by the build script), empty if none.
#[must_use]
pub fn rustflags() -> &'static str {
    env!("AVILA_BENCH_RUSTFLAGS")
}

/// The flag that pins loop alignment, which makes rows with identical code measure alike.
pub const ALIGN_LOOPS_FLAG: &str = "-C llvm-args=-align-loops=64";

/// `true` if the benchmark was built with loop alignment pinned (see [`ALIGN_LOOPS_FLAG`]).
#[must_use]
pub fn loops_aligned(rustflags: &str) -> bool {
    rustflags.contains("-align-loops=")
}

/// The current time as `YYYY-MM-DD HH:MM UTC`.
#[must_use]
pub fn utc_now() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    format_utc(secs)
}

/// Formats seconds since the Unix epoch as `YYYY-MM-DD HH:MM UTC`.
#[must_use]
pub fn format_utc(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let (hour, minute) = ((secs % 86_400) / 3600, (secs % 3600) / 60);
    // Howard Hinnant's `civil_from_days`.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02} UTC")
}

/// The full Markdown report: title, environment, explanation, table.
#[must_use]
pub fn markdown_report(table: &Table, env: &Environment) -> String {
    let mut out = String::from("# avila-alloc head-to-head\n\n");
    for (key, value) in env.lines() {
        let _ = writeln!(out, "- {key}: {value}");
    }
    let _ = writeln!(out, "- {}\n", legend(table));
    out.push_str(&table.to_markdown());
    out
}

/// The full plain-text report: environment, explanation, table.
#[must_use]
pub fn text_report(table: &Table, env: &Environment) -> String {
    let mut out = String::new();
    for (key, value) in env.lines() {
        let _ = writeln!(out, "{key}: {value}");
    }
    let _ = writeln!(out, "{}\n", legend(table));
    out.push_str(&table.to_text());
    out
}

fn legend(table: &Table) -> String {
    format!(
        "columns: median {u} per workload run; {s}/peer = ratio of medians, < 1.00 means {s} is \
         faster; spread % = largest median absolute deviation of a peer's samples",
        s = table.subject,
        u = table.unit,
    )
}
