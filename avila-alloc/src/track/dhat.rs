//! A [`Profile`] as a DHAT heap profile (feature `std`): the JSON file valgrind's DHAT writes and
//! its viewer (`dh_view.html`) reads, in the `rust-heap` mode of the `dhat` crate.

use super::profile::write_json_str;
use super::{MemoryProfiler, Profile};
use core::fmt;
use std::fs::File;
use std::io::{self, BufWriter, Write as _};
use std::path::Path;

/// Blocks whose average lifetime is at most this many operations are "short-lived" in the
/// viewer's sort by short-lived blocks.
const SHORT_LIVED: usize = 10;

impl Profile {
    /// Writes the profile as a DHAT heap profile (`dhatFileVersion` 2, mode `rust-heap`), the file
    /// DHAT's viewer opens.
    ///
    /// The profile has one program point, with no frames of its own: the viewer shows it as its
    /// `[root]` node, holding every block (the profiler does not capture backtraces). Its fields:
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
        let command = std::env::args_os()
            .map(|a| a.to_string_lossy().into_owned())
            .collect::<alloc::vec::Vec<_>>()
            .join(" ");
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
        out.write_str(
            "{\"dhatFileVersion\":2,\"mode\":\"rust-heap\",\"verb\":\"Allocated\",\"bklt\":true,\
             \"bkacc\":false,\"tu\":\"ops\",\"Mtu\":\"Mops\",",
        )?;
        write!(out, "\"tuth\":{SHORT_LIVED},\"cmd\":")?;
        write_json_str(out, command)?;
        write!(
            out,
            ",\"pid\":{pid},\"tg\":{},\"te\":{},\"pps\":[{{",
            self.peak_time, self.operations
        )?;
        write!(
            out,
            "\"tb\":{},\"tbk\":{},\"tl\":{},\"mb\":{peak},\"mbk\":{peak_blocks},\
             \"gb\":{peak},\"gbk\":{peak_blocks},\"eb\":{},\"ebk\":{},\"fs\":[]",
            self.total_bytes,
            self.allocations,
            self.total_lifetimes,
            self.current_bytes,
            self.current_blocks,
            peak = self.peak_bytes,
            peak_blocks = self.peak_blocks,
        )?;
        out.write_str("}],\"ftbl\":[\"[root]\"]}\n")
    }
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
        for field in [
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
        ] {
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
