//! How the command's memory is laid out: glibc's malloc, with each
//! worker thread's heap in huge pages where the kernel allows them.
//!
//! A fresh run spends much of its time on its first touch of memory: the
//! lazy DFAs learn their states into transition tables that grow to tens
//! of megabytes (a 0.97 MB batch made 11,300 page faults, 44 MB in 4 KB
//! pages, and 1,100 `mprotect` calls growing its worker's heap a few pages
//! at a time; perf put 17% of the run in the kernel's fault path). Each
//! worker thread's heap is therefore made whole at once ([`pad_growth`])
//! and advised to the kernel as huge-page memory when the thread starts
//! ([`advise_this_thread`], called by the batch's workers and, through
//! [`pool_builder`], the rayon pools' threads): the same batch makes about
//! 1,400 faults and 11 `mprotect` calls. Peak memory grows by about a sixth (pages come 2 MB
//! at a time); with transparent huge pages off (`never`) the advice does
//! nothing. Where the kernel must first compact memory to find a huge page
//! (`defrag` set to `madvise`, on a machine long up), a fault can take
//! longer; on the machines measured it found one ready every time
//! (`compact_stall` stayed at 0 in `/proc/vmstat`).
//!
//! glibc's own `glibc.malloc.hugetlb=1` tunable does the like, but only
//! from the environment before the process starts. `BLOTTER_NO_HUGE_PAGES=1`
//! turns the advice off (the heaps are still made whole).

pub use sys::{advise_this_thread, pad_growth};

/// A rayon pool builder whose threads advise their heaps when they start
/// ([`advise_this_thread`]): for the global pool and any other.
pub fn pool_builder() -> rayon::ThreadPoolBuilder {
    rayon::ThreadPoolBuilder::new().start_handler(|_| {
        advise_this_thread();
    })
}

/// Whether the threads' heaps are advised as huge-page memory, given the
/// value of `BLOTTER_NO_HUGE_PAGES`: yes unless it is set to something
/// other than empty or `0` (as `BLOTTER_NO_FOLD`).
#[cfg_attr(not(all(target_os = "linux", target_env = "gnu")), allow(dead_code))]
fn wanted(no_huge_pages: Option<&std::ffi::OsStr>) -> bool {
    no_huge_pages.is_none_or(|v| v.is_empty() || v == "0")
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod sys {
    /// glibc's heap of a thread other than the main one: this size, at an
    /// address aligned to it (`HEAP_MAX_SIZE` on 64-bit targets).
    const THREAD_HEAP: usize = 64 << 20;

    /// Makes glibc map a new thread heap whole (read-write) when it
    /// creates it, and grow the main heap 64 MB at a time: address space
    /// only, a page costs memory once written. A heap grown as it fills
    /// makes one `mprotect` call every few pages, and pages of a huge page
    /// it has not mapped yet come 4 KB at a time. Call it first in `main`,
    /// before other threads start.
    pub fn pad_growth() {
        // SAFETY: `mallopt` only sets one of malloc's parameters, called
        // before the process has a second thread or has allocated much.
        unsafe {
            libc::mallopt(libc::M_TOP_PAD, THREAD_HEAP as libc::c_int);
        }
    }

    /// Advises the kernel to back the calling thread's glibc heap with
    /// huge pages: call it when a thread starts. The main thread's heap
    /// is left alone (it is not a thread heap). Returns whether the
    /// advice was taken.
    pub fn advise_this_thread() -> bool {
        static WANTED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
        if !*WANTED
            .get_or_init(|| super::wanted(std::env::var_os("BLOTTER_NO_HUGE_PAGES").as_deref()))
        {
            return false;
        }
        // A block from the thread's own heap (well below the size malloc
        // maps on its own), which the first allocation creates if need be.
        let probe = std::hint::black_box(Box::new([0u8; 64]));
        advise_thread_heap(probe.as_ptr() as usize)
    }

    /// Whether address `at` lies in the main heap (below the program
    /// break), which is not a thread heap.
    pub(super) fn in_main_heap(at: usize) -> bool {
        // SAFETY: `sbrk(0)` only reads the current break.
        at < unsafe { libc::sbrk(0) } as usize
    }

    /// Advises the kernel to back the glibc thread heap holding address
    /// `at` with huge pages; one in the main heap (the main thread's first
    /// allocations) is left alone. Returns whether the advice was taken.
    fn advise_thread_heap(at: usize) -> bool {
        if in_main_heap(at) {
            return false;
        }
        let base = at & !(THREAD_HEAP - 1);
        // SAFETY: advice only, on a range of the process's own heap; a
        // range the kernel cannot advise is refused, not harmed.
        unsafe { libc::madvise(base as *mut libc::c_void, THREAD_HEAP, libc::MADV_HUGEPAGE) == 0 }
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
mod sys {
    /// Nothing to set outside glibc.
    pub fn pad_growth() {}

    /// Nothing to advise outside glibc.
    pub fn advise_this_thread() -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `BLOTTER_NO_HUGE_PAGES` turns the advice off when set to anything
    /// but empty or `0`.
    #[test]
    fn no_huge_pages_turns_the_advice_off() {
        use std::ffi::OsStr;
        assert!(wanted(None));
        assert!(wanted(Some(OsStr::new(""))));
        assert!(wanted(Some(OsStr::new("0"))));
        assert!(!wanted(Some(OsStr::new("1"))));
        assert!(!wanted(Some(OsStr::new("yes"))));
    }

    /// A worker thread's heap is advised as huge-page memory: the kernel
    /// lists the advice (`hg`) among the flags of the mapping that holds
    /// the thread's first block. (With many test threads glibc may hand
    /// this one the main heap, which is not advised.)
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[test]
    fn a_thread_heap_is_advised_huge() {
        let (advised, at) = std::thread::spawn(|| {
            // A block of this thread's heap, below malloc's mmap threshold.
            let block = vec![1u8; 4096];
            (advise_this_thread(), block.as_ptr() as usize)
        })
        .join()
        .expect("the worker runs");
        if sys::in_main_heap(at) {
            assert!(!advised, "the main heap is left alone");
            return;
        }
        assert!(advised, "madvise accepted the thread heap");
        let smaps = std::fs::read_to_string("/proc/self/smaps").expect("smaps reads");
        let mut holds = false;
        let mut flags = None;
        for line in smaps.lines() {
            let head = line.split_whitespace().next().unwrap_or("");
            if let Some((a, b)) = head.split_once('-') {
                if let (Ok(a), Ok(b)) = (usize::from_str_radix(a, 16), usize::from_str_radix(b, 16))
                {
                    holds = a <= at && at < b;
                    continue;
                }
            }
            if holds {
                if let Some(f) = line.strip_prefix("VmFlags:") {
                    flags = Some(f.to_string());
                }
            }
        }
        let flags = flags.expect("the block's mapping is listed");
        assert!(
            flags.split_whitespace().any(|f| f == "hg"),
            "flags of the heap: {flags}"
        );
    }
}
