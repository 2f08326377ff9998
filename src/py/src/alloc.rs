//! The extension's allocator: mimalloc without transparent huge pages.
//!
//! mimalloc 2 asks the kernel for transparent huge pages on every new segment
//! (`madvise(MADV_HUGEPAGE)`). With the common `defrag=madvise` kernel setting the first
//! touch of such a page may stall on memory compaction, so a fresh process's first large
//! call paid up to twice the native time of its later calls (process trees of 100,000
//! events: `proctree_shape` 0.105-0.236 s first against ~0.1 s warm,
//! `docs/performance.md`). The option is switched off for this allocator only: other
//! allocators of the process (Python, numpy, pyarrow) are not touched, and no
//! process-wide `prctl` is made (mimalloc does that only when the option is off at its
//! start-up).

use std::os::raw::{c_int, c_long};

/// `mi_option_allow_thp` in the `mi_option_e` enum of the vendored mimalloc 2
/// (`libmimalloc-sys` 0.1.49, `c_src/mimalloc/v2/include/mimalloc.h`): the 38th entry.
const MI_OPTION_ALLOW_THP: c_int = 37;

extern "C" {
    fn mi_option_set(option: c_int, value: c_long);
}

/// Stop mimalloc from advising huge pages on the segments it maps from now on.
#[allow(unsafe_code)]
pub(crate) fn disable_huge_pages() {
    // SAFETY: `mi_option_set` takes two integers and stores the value in mimalloc's
    // option table with an atomic write; it reads no memory of ours. The option index is
    // checked against the vendored header (see `MI_OPTION_ALLOW_THP`).
    unsafe { mi_option_set(MI_OPTION_ALLOW_THP, 0) }
}
