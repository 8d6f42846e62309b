//! How the command's memory is allocated: glibc's malloc, with each
//! thread's heap in huge pages where the kernel allows them.
//!
//! A fresh run spends much of its time on its first touch of memory: the
//! lazy DFAs learn their states into transition tables that grow to tens
//! of megabytes (a 0.97 MB batch made 11,300 page faults, 44 MB in 4 KB
//! pages, and 1,100 `mprotect` calls growing its worker's heap a few pages
//! at a time; perf put 17% of the run in the kernel's fault path). Each
//! worker thread's heap is therefore made whole at once ([`pad_growth`])
//! and advised to the kernel as huge-page memory when the thread first
//! allocates ([`HugePageHeaps`]): the same batch makes 1,450 faults and 11
//! `mprotect` calls. Peak memory grows by about a sixth (pages come 2 MB
//! at a time); with transparent huge pages off (`never`) the advice does
//! nothing. Where the kernel must first compact memory to find a huge page
//! (`defrag` set to `madvise`, on a machine long up), a fault can take
//! longer; on the machines measured it found one ready every time
//! (`compact_stall` stayed at 0 in `/proc/vmstat`).
//!
//! glibc's own `glibc.malloc.hugetlb=1` tunable does the like, but only
//! from the environment before the process starts.

use std::alloc::{GlobalAlloc, Layout, System};

/// The system allocator, which advises each thread's heap as huge-page
/// memory at the thread's first allocation (glibc on Linux; elsewhere the
/// system allocator as it is). Install it in a binary with
/// `#[global_allocator]`.
pub struct HugePageHeaps;

// SAFETY: every call is the system allocator's, with the same arguments;
// the advice only tells the kernel how to back pages already mapped.
unsafe impl GlobalAlloc for HugePageHeaps {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        let p = unsafe { System.alloc(layout) };
        sys::first_of_thread(p, layout.size());
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        let p = unsafe { System.alloc_zeroed(layout) };
        sys::first_of_thread(p, layout.size());
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract, passed on.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

pub use sys::pad_growth;

#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod sys {
    use std::cell::Cell;

    /// glibc's heap of a thread other than the main one: this size, at an
    /// address aligned to it (`HEAP_MAX_SIZE` on 64-bit targets).
    pub(super) const THREAD_HEAP: usize = 64 << 20;

    thread_local! {
        static ADVISED: Cell<bool> = const { Cell::new(false) };
    }

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

    /// Blocks of this size or more may be mapped on their own rather
    /// than carved from the thread's heap (glibc's default mmap
    /// threshold), so they do not tell where the heap is.
    const OWN_MAPPING: usize = 128 << 10;

    /// At a thread's first allocation `p` of `size` bytes from its heap:
    /// advises the heap it lies in.
    #[inline]
    pub(super) fn first_of_thread(p: *mut u8, size: usize) {
        if p.is_null() || size >= OWN_MAPPING {
            return;
        }
        // `try_with`: a thread being torn down still allocates.
        if ADVISED.try_with(|a| !a.replace(true)).unwrap_or(false) {
            advise_thread_heap(p);
        }
    }

    /// Advises the kernel to back the glibc thread heap holding `p` with
    /// huge pages. A pointer of the main heap (below the program break:
    /// the main thread's first allocations) is left alone, as the main
    /// heap is not a thread heap. Returns whether the advice was taken.
    pub(super) fn advise_thread_heap(p: *mut u8) -> bool {
        // SAFETY: `sbrk(0)` only reads the current break.
        let brk = unsafe { libc::sbrk(0) } as usize;
        let at = p as usize;
        if at < brk {
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

    #[inline]
    pub(super) fn first_of_thread(_p: *mut u8, _size: usize) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Memory from the allocator reads and writes as memory should,
    /// across growth, zeroing and threads.
    #[test]
    fn allocates_as_the_system_does() {
        let heap = HugePageHeaps;
        let worker = std::thread::spawn(move || {
            let layout = Layout::from_size_align(1000, 8).expect("a layout");
            // SAFETY: a valid layout; each block is freed with its layout.
            unsafe {
                let z = heap.alloc_zeroed(layout);
                assert!(!z.is_null());
                assert!(std::slice::from_raw_parts(z, 1000).iter().all(|&b| b == 0));
                heap.dealloc(z, layout);
                let p = heap.alloc(layout);
                std::ptr::write_bytes(p, 7, 1000);
                let q = heap.realloc(p, layout, 1 << 20);
                assert!(std::slice::from_raw_parts(q, 1000).iter().all(|&b| b == 7));
                heap.dealloc(q, Layout::from_size_align(1 << 20, 8).expect("a layout"));
            }
        });
        worker.join().expect("the worker allocates");
    }

    /// A worker thread's heap is advised as huge-page memory: the kernel
    /// lists the advice (`hg`) among the flags of the mapping that holds
    /// the thread's first block. (With many test threads glibc may hand
    /// this one the main heap, which is not advised.)
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[test]
    fn a_thread_heap_is_advised_huge() {
        let (advised, at) = std::thread::spawn(|| {
            // The test harness allocates with the system allocator: a
            // block of this thread's arena, below malloc's mmap threshold.
            let block = vec![1u8; 4096];
            let at = block.as_ptr() as usize;
            (sys::advise_thread_heap(block.as_ptr().cast_mut()), at)
        })
        .join()
        .expect("the worker runs");
        // SAFETY: `sbrk(0)` only reads the current break.
        if at < unsafe { libc::sbrk(0) } as usize {
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
