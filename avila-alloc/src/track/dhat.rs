//! A [`Profile`] as a DHAT heap profile (feature `std`): the JSON file valgrind's DHAT writes and
//! its viewer (`dh_view.html`) reads, in the `rust-heap` mode of the `dhat` crate.

use super::profile::write_json_str;
use super::{MemoryProfiler, Profile};
use core::fmt;
use std::fs::File;
use std::io::{self, BufWriter, Write as _};
use std::path::Path;

/// The top-level fields of a DHAT heap profile that DHAT's viewer (`dh_view.html`) reads: every
/// file [`MemoryProfiler::write_dhat`] and [`MemoryProfiler::save_dhat`] write has each of them
/// (for a test of a file of your own, or of one this crate wrote).
///
/// # Examples
///
/// ```
/// use avila_alloc::track::{DHAT_FIELDS, MemoryProfiler};
///
/// let profiler = MemoryProfiler::new(std::alloc::System);
/// let mut file = Vec::new();
/// profiler.write_dhat(&mut file)?;
/// let text = String::from_utf8(file).unwrap();
/// for field in DHAT_FIELDS {
///     assert!(text.contains(&format!("\"{field}\":")), "{field}");
/// }
/// # Ok::<(), std::io::Error>(())
/// ```
pub const DHAT_FIELDS: [&str; 14] = [
    "dhatFileVersion",
    "mode",
    "verb",
    "bklt",
    "bkacc",
    "tu",
    "Mtu",
    "tuth",
    "cmd",
    "pid",
    "tg",
    "te",
    "pps",
    "ftbl",
];

/// Blocks whose average lifetime is at most this many operations are "short-lived" in the
/// viewer's sort by short-lived blocks.
const SHORT_LIVED: usize = 10;

impl Profile {
    /// Writes the profile as a DHAT heap profile (`dhatFileVersion` 2, mode `rust-heap`), the file
    /// DHAT's viewer opens.
    ///
    /// The profile has one program point, with no frames of its own: the viewer shows it as its
    /// `[root]` node, holding every block (a `Profile` holds no call stacks; for one program point
    /// per call stack, write the file from a profiler made with
    /// `MemoryProfiler::with_backtraces` under the `backtrace` feature). Its fields:
    /// total bytes and blocks (`tb`, `tbk`: allocations, and bytes allocated including growth by
    /// reallocation), the sum of the lifetimes (`tl`), the bytes and blocks at the peak (`mb`,
    /// `mbk`, and the same `gb`, `gbk` at the global peak `tg`), and at the end (`eb`, `ebk`: live
    /// now). Time is the profiler's logical clock, so the viewer's time unit (`tu`) is `ops`
    /// (operations) and `te` is the operations so far; the command line (`cmd`) and process id
    /// (`pid`) are this process's.
    ///
    /// # Errors
    ///
    /// Those of `out`.
    ///
    /// # Examples
    ///
    /// ```
    /// let profiler = avila_alloc::track::MemoryProfiler::new(std::alloc::System);
    /// let mut file = Vec::new();
    /// profiler.snapshot().write_dhat(&mut file)?;
    /// let text = String::from_utf8(file).unwrap();
    /// assert!(text.starts_with("{\"dhatFileVersion\":2,\"mode\":\"rust-heap\","));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn write_dhat(&self, out: impl io::Write) -> io::Result<()> {
        let command = command_line();
        let mut out = IoFmt { out, error: None };
        match self.write_dhat_fmt(&mut out, &command, std::process::id()) {
            Ok(()) => Ok(()),
            Err(fmt::Error) => Err(out
                .error
                .unwrap_or_else(|| io::Error::other("formatting the DHAT profile failed"))),
        }
    }

    /// The DHAT file, given the command line and process id.
    fn write_dhat_fmt(&self, out: &mut impl fmt::Write, command: &str, pid: u32) -> fmt::Result {
        self.write_dhat_head(out, command, pid)?;
        write_pp(
            out,
            [
                self.total_bytes,
                self.allocations,
                self.total_lifetimes,
                self.peak_bytes,
                self.peak_blocks,
                self.peak_bytes,
                self.peak_blocks,
                self.current_bytes,
                self.current_blocks,
            ],
            &[],
        )?;
        out.write_str("],\"ftbl\":[\"[root]\"]}\n")
    }

    /// The DHAT file up to the opening bracket of its program points.
    fn write_dhat_head(&self, out: &mut impl fmt::Write, command: &str, pid: u32) -> fmt::Result {
        out.write_str(
            "{\"dhatFileVersion\":2,\"mode\":\"rust-heap\",\"verb\":\"Allocated\",\"bklt\":true,\
             \"bkacc\":false,\"tu\":\"ops\",\"Mtu\":\"Mops\",",
        )?;
        write!(out, "\"tuth\":{SHORT_LIVED},\"cmd\":")?;
        write_json_str(out, command)?;
        write!(
            out,
            ",\"pid\":{pid},\"tg\":{},\"te\":{},\"pps\":[",
            self.peak_time, self.operations
        )
    }
}

/// This process's command line, arguments separated by spaces.
fn command_line() -> alloc::string::String {
    std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect::<alloc::vec::Vec<_>>()
        .join(" ")
}

/// One program point (`pps` entry): `tb`, `tbk`, `tl`, `mb`, `mbk`, `gb`, `gbk`, `eb`, `ebk` in
/// that order, and its frames as indices into `ftbl`.
fn write_pp(out: &mut impl fmt::Write, counts: [usize; 9], fs: &[usize]) -> fmt::Result {
    let [tb, tbk, tl, mb, mbk, gb, gbk, eb, ebk] = counts;
    write!(
        out,
        "{{\"tb\":{tb},\"tbk\":{tbk},\"tl\":{tl},\"mb\":{mb},\"mbk\":{mbk},\
         \"gb\":{gb},\"gbk\":{gbk},\"eb\":{eb},\"ebk\":{ebk},\"fs\":["
    )?;
    let mut comma = "";
    for f in fs {
        write!(out, "{comma}{f}")?;
        comma = ",";
    }
    out.write_str("]}")
}

impl<A> MemoryProfiler<A> {
    /// Writes a [`snapshot`](Self::snapshot) as a DHAT heap profile (see
    /// [`Profile::write_dhat`]).
    ///
    /// The snapshot is taken first: what writing allocates (when the profiler is the global
    /// allocator) is not in the file.
    ///
    /// # Errors
    ///
    /// Those of `out`.
    ///
    /// # Examples
    ///
    /// ```
    /// let profiler = avila_alloc::track::MemoryProfiler::new(std::alloc::System);
    /// let mut file = Vec::new();
    /// profiler.write_dhat(&mut file)?;
    /// assert!(file.ends_with(b"\"ftbl\":[\"[root]\"]}\n"));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn write_dhat(&self, out: impl io::Write) -> io::Result<()> {
        #[cfg(feature = "backtrace")]
        if self.backtraces() {
            return backtraces::write_dhat(self, out);
        }
        self.snapshot().write_dhat(out)
    }

    /// Writes a [`snapshot`](Self::snapshot) as a DHAT heap profile to the file at `path`
    /// (created, or truncated), to open with DHAT's viewer (`dh_view.html`, shipped with
    /// valgrind).
    ///
    /// # Errors
    ///
    /// Those of creating and writing the file.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # let profiler = avila_alloc::track::MemoryProfiler::new(std::alloc::System);
    /// profiler.save_dhat("dhat-heap.json")?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn save_dhat(&self, path: impl AsRef<Path>) -> io::Result<()> {
        #[cfg(feature = "backtrace")]
        if self.backtraces() {
            let mut file = BufWriter::new(File::create(path)?);
            backtraces::write_dhat(self, &mut file)?;
            return file.flush();
        }
        let profile = self.snapshot();
        let mut file = BufWriter::new(File::create(path)?);
        profile.write_dhat(&mut file)?;
        file.flush()
    }
}

/// `fmt::Write` over an `io::Write`, keeping the first I/O error.
struct IoFmt<W> {
    out: W,
    error: Option<io::Error>,
}

impl<W: io::Write> fmt::Write for IoFmt<W> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.out.write_all(s.as_bytes()).map_err(|e| {
            self.error = Some(e);
            fmt::Error
        })
    }
}

/// The DHAT file of a profiler with backtraces: one program point per call stack.
#[cfg(feature = "backtrace")]
mod backtraces {
    use alloc::string::String;
    use alloc::vec::Vec;
    use core::fmt::{self, Write as _};
    use core::ptr;
    use std::collections::HashMap;
    use std::io;

    use super::super::points::{Busy, OTHER, POINTS, PointProfile, UNATTRIBUTED};
    use super::{IoFmt, MemoryProfiler, Profile, command_line, write_pp};

    /// Writes `profiler`'s profile with its program points. The re-entrancy guard is held
    /// throughout: what this allocates (when the profiler is the global allocator) counts in the
    /// point of unattributed blocks, and the copy is made after the buffers it needs are
    /// allocated, so the file is consistent.
    pub(super) fn write_dhat<A>(
        profiler: &MemoryProfiler<A>,
        out: impl io::Write,
    ) -> io::Result<()> {
        let Some(_busy) = Busy::enter() else {
            // Called from inside the profiler (an allocation in a `Write`?): no points.
            return profiler.snapshot().write_dhat(out);
        };
        let command = command_line();
        let mut points = Vec::with_capacity(POINTS);
        let profile = profiler.snapshot();
        profiler.point_profiles(profile.operations, &mut points);
        let (ftbl, fs) = symbolize(&points);
        let mut out = IoFmt { out, error: None };
        match write_fmt(&mut out, &profile, &points, &ftbl, &fs, &command) {
            Ok(()) => Ok(()),
            Err(fmt::Error) => Err(out
                .error
                .unwrap_or_else(|| io::Error::other("formatting the DHAT profile failed"))),
        }
    }

    fn write_fmt(
        out: &mut impl fmt::Write,
        profile: &Profile,
        points: &[PointProfile],
        ftbl: &[String],
        fs: &[Vec<usize>],
        command: &str,
    ) -> fmt::Result {
        profile.write_dhat_head(out, command, std::process::id())?;
        let mut comma = "";
        for (p, fs) in points.iter().zip(fs) {
            out.write_str(comma)?;
            write_pp(
                out,
                [p.tb, p.tbk, p.tl, p.mb, p.mbk, p.gb, p.gbk, p.eb, p.ebk],
                fs,
            )?;
            comma = ",";
        }
        out.write_str("],\"ftbl\":[")?;
        comma = "";
        for f in ftbl {
            out.write_str(comma)?;
            super::write_json_str(out, f)?;
            comma = ",";
        }
        out.write_str("]}\n")
    }

    /// The frame table (`ftbl`, "[root]" first) and each point's frames as indices into it.
    /// A return address whose code was inlined gives one frame per inlined function, innermost
    /// first, all with the same address.
    fn symbolize(points: &[PointProfile]) -> (Vec<String>, Vec<Vec<usize>>) {
        let mut ftbl = Vec::from([String::from("[root]")]);
        let mut seen: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut all = Vec::with_capacity(points.len());
        for p in points {
            let special = match p.index {
                UNATTRIBUTED => Some("[not attributed: allocated inside the profiler]"),
                OTHER => Some("[other: the table of program points was full]"),
                _ => None,
            };
            if let Some(name) = special {
                ftbl.push(String::from(name));
                all.push(Vec::from([ftbl.len() - 1]));
                continue;
            }
            let mut fs = Vec::new();
            for &ip in p.frames.iter().take_while(|&&ip| ip != 0) {
                let indices = seen.entry(ip).or_insert_with(|| {
                    let first = ftbl.len();
                    resolve(ip, &mut ftbl);
                    (first..ftbl.len()).collect()
                });
                // The profiler's own frames (how many depends on inlining) are left out.
                if fs.is_empty() && indices.iter().all(|&i| is_profiler(&ftbl[i])) {
                    continue;
                }
                fs.extend_from_slice(indices);
            }
            all.push(fs);
        }
        (ftbl, all)
    }

    /// Whether a frame of `ftbl` is in the profiler's code (its allocation functions): by the
    /// symbol's path, or, for a function inlined into another (whose debug info names it without
    /// its path, as in release builds), by its source file.
    fn is_profiler(frame: &str) -> bool {
        frame.split_once(": ").is_some_and(|(_, name)| {
            name.starts_with("avila_alloc::track::profiler::")
                || name.starts_with("<avila_alloc::track::profiler::MemoryProfiler<")
                || name.contains("/src/track/profiler.rs:")
                || name.contains("\\src\\track\\profiler.rs:")
        })
    }

    /// Appends the frames of the return address `ip` to `ftbl`: "0x…: function (file:line)".
    fn resolve(ip: usize, ftbl: &mut Vec<String>) {
        let before = ftbl.len();
        // A return address is just after its call: the byte before it is in the call.
        backtrace::resolve(ptr::without_provenance_mut(ip.wrapping_sub(1)), |symbol| {
            let mut text = String::new();
            let _ = write!(text, "{ip:#x}: ");
            match symbol.name() {
                Some(name) => {
                    let _ = write!(text, "{name:#}");
                }
                None => text.push_str("???"),
            }
            if let (Some(file), Some(line)) = (symbol.filename(), symbol.lineno()) {
                let _ = write!(text, " ({}:{line})", file.display());
            }
            ftbl.push(text);
        });
        if ftbl.len() == before {
            ftbl.push(std::format!("{ip:#x}: ???"));
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

    use core::alloc::{GlobalAlloc, Layout};
    use std::alloc::System;
    use std::string::{String, ToString};
    use std::vec::Vec;

    use super::MemoryProfiler;

    #[test]
    fn the_dhat_file_has_what_the_viewer_reads() {
        let p = MemoryProfiler::new(System);
        let l = Layout::new::<[u8; 40]>();
        // SAFETY: non-zero-sized layouts; the first block is freed, the second kept until the
        // end.
        let kept = unsafe {
            p.dealloc(p.alloc(l), l);
            p.alloc(l)
        };
        let mut text = String::new();
        p.snapshot()
            .write_dhat_fmt(&mut text, "prog \"with\" args", 42)
            .unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        for field in super::DHAT_FIELDS {
            assert!(v.get(field).is_some(), "missing {field} in {text}");
        }
        assert_eq!(v["dhatFileVersion"], 2);
        assert_eq!(v["mode"], "rust-heap");
        assert_eq!(v["cmd"], "prog \"with\" args");
        assert_eq!(v["pid"], 42);
        assert_eq!((v["tg"].as_u64(), v["te"].as_u64()), (Some(1), Some(3)));
        let pp = &v["pps"][0];
        let get = |f: &str| pp[f].as_u64().unwrap_or_else(|| panic!("no {f}"));
        assert_eq!((get("tb"), get("tbk")), (80, 2));
        // Lifetimes: 1 (freed at once) and 0 so far for the kept block (born at 3, now 3).
        assert_eq!(get("tl"), 1);
        assert_eq!(
            (get("mb"), get("mbk"), get("gb"), get("gbk")),
            (40, 1, 40, 1)
        );
        assert_eq!((get("eb"), get("ebk")), (40, 1));
        assert_eq!(pp["fs"].as_array().map(Vec::len), Some(0));
        assert_eq!(v["ftbl"][0], "[root]");
        // SAFETY: `kept` was allocated with `l`.
        unsafe { p.dealloc(kept, l) };
    }

    /// Allocates three blocks of 40 bytes through `p` (from one call site) and frees one.
    #[cfg(feature = "backtrace")]
    #[inline(never)]
    fn allocate_at_site_alpha(p: &MemoryProfiler<System>) -> Vec<*mut u8> {
        let l = Layout::new::<[u8; 40]>();
        let mut v = Vec::with_capacity(3);
        for _ in 0..3 {
            // SAFETY: a non-zero-sized layout.
            v.push(unsafe { p.alloc(l) });
        }
        // SAFETY: the block was allocated with `l`.
        unsafe { p.dealloc(v[2], l) };
        v.truncate(2);
        v
    }

    /// Allocates one block of 1000 bytes through `p`.
    #[cfg(feature = "backtrace")]
    #[inline(never)]
    fn allocate_at_site_beta(p: &MemoryProfiler<System>) -> *mut u8 {
        // SAFETY: a non-zero-sized layout.
        let block = unsafe { p.alloc(Layout::new::<[u8; 1000]>()) };
        // Work after the call, so that it is not a tail call (which would leave this function
        // out of the stack in release builds).
        core::hint::black_box(block)
    }

    /// Two call sites give two program points with their own counts and frames. Not under
    /// Miri, which cannot walk the stack through foreign code.
    #[cfg(all(feature = "backtrace", not(miri)))]
    #[test]
    fn backtraces_give_a_point_per_call_site() {
        let p = MemoryProfiler::with_backtraces(System);
        assert!(p.backtraces());
        let alpha = allocate_at_site_alpha(&p);
        let beta = allocate_at_site_beta(&p);
        let mut file = Vec::new();
        p.write_dhat(&mut file).unwrap();
        let text = String::from_utf8(file).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let ftbl = v["ftbl"].as_array().unwrap();
        assert_eq!(ftbl[0], "[root]");
        let pps = v["pps"].as_array().unwrap();
        let named = |pp: &serde_json::Value, name: &str| {
            pp["fs"].as_array().unwrap().iter().any(|f| {
                let i = usize::try_from(f.as_u64().unwrap()).unwrap();
                ftbl[i].as_str().unwrap().contains(name)
            })
        };
        let get = |pp: &serde_json::Value, f: &str| pp[f].as_u64().unwrap();
        let find = |name: &str| {
            let at: Vec<_> = pps.iter().filter(|pp| named(pp, name)).collect();
            assert_eq!(at.len(), 1, "{name} in {text}");
            at[0]
        };
        // One point for the loop's call site, or one per call where the loop is unrolled.
        let alpha_points: Vec<_> = pps
            .iter()
            .filter(|pp| named(pp, "allocate_at_site_alpha"))
            .collect();
        let sum = |f: &str| alpha_points.iter().map(|pp| get(pp, f)).sum::<u64>();
        assert_eq!((sum("tb"), sum("tbk")), (120, 3));
        assert_eq!((sum("eb"), sum("ebk")), (80, 2));
        // The global peak (1080 B, after the last allocation) holds both sites' live blocks.
        assert_eq!((sum("gb"), sum("gbk")), (80, 2));
        if let [a] = alpha_points[..] {
            assert_eq!((get(a, "mb"), get(a, "mbk")), (120, 3));
        }
        let b = find("allocate_at_site_beta");
        assert_eq!((get(b, "tb"), get(b, "tbk")), (1000, 1));
        assert_eq!((get(b, "gb"), get(b, "gbk")), (1000, 1));
        assert!(!named(b, "allocate_at_site_alpha"));
        assert!(
            alpha_points
                .iter()
                .all(|a| !named(a, "allocate_at_site_beta"))
        );
        // Every frame has its address, and the profiler's own frames are left out of the points.
        assert!(
            ftbl[1..]
                .iter()
                .all(|f| f.as_str().unwrap().starts_with("0x"))
        );
        for pp in pps {
            assert!(!named(pp, "avila_alloc::track::points::"), "{text}");
            assert!(!named(pp, "avila_alloc::track::profiler::"), "{text}");
        }
        let total: u64 = pps.iter().map(|pp| get(pp, "tbk")).sum();
        assert_eq!(total, 4);
        // SAFETY: each block was allocated with its layout and is freed once.
        unsafe {
            for a in alpha {
                p.dealloc(a, Layout::new::<[u8; 40]>());
            }
            p.dealloc(beta, Layout::new::<[u8; 1000]>());
        }
    }

    /// An allocation made while the thread is inside the profiler (the re-entrancy guard set)
    /// is not captured: it counts in the unattributed point.
    #[cfg(all(feature = "backtrace", not(miri)))]
    #[test]
    fn allocations_inside_the_profiler_are_not_attributed() {
        let p = MemoryProfiler::with_backtraces(System);
        let l = Layout::new::<[u8; 8]>();
        let busy = super::super::points::Busy::enter().unwrap();
        assert!(super::super::points::Busy::enter().is_none());
        // SAFETY: a non-zero-sized layout; the block is freed with it.
        unsafe { p.dealloc(p.alloc(l), l) };
        drop(busy);
        let mut file = Vec::new();
        p.write_dhat(&mut file).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&file).unwrap();
        let pps = v["pps"].as_array().unwrap();
        assert_eq!(pps.len(), 1, "{v}");
        assert_eq!(pps[0]["tbk"], 1);
        let f = usize::try_from(pps[0]["fs"][0].as_u64().unwrap()).unwrap();
        assert!(
            v["ftbl"][f].as_str().unwrap().contains("not attributed"),
            "{v}"
        );
    }

    /// Without backtraces the file is unchanged under the feature: one point, no frames.
    #[test]
    fn without_backtraces_there_is_one_point() {
        let p = MemoryProfiler::new(System);
        assert!(!p.backtraces());
        let l = Layout::new::<[u8; 8]>();
        // SAFETY: a non-zero-sized layout; the block is freed with it.
        unsafe { p.dealloc(p.alloc(l), l) };
        let mut file = Vec::new();
        p.write_dhat(&mut file).unwrap();
        assert!(file.ends_with(b"\"fs\":[]}],\"ftbl\":[\"[root]\"]}\n"));
    }

    #[test]
    fn io_errors_come_back() {
        struct Full;
        impl std::io::Write for Full {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::Error::other("disk full"))
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let err = MemoryProfiler::new(System).write_dhat(Full).unwrap_err();
        assert_eq!(err.to_string(), "disk full");
    }
}
