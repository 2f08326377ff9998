//! Fuzz `add_ioc_type`: an arbitrary Python-syntax pattern (first line of the input)
//! is translated and compiled under the default limits, then run over the rest of the
//! input. Errors are fine; panics and hangs are not.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mstic_core::ioc::registry::Tables;
use mstic_core::ioc::scan::{scan_text, ScanOptions};
use mstic_core::Limits;

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let (pattern, haystack) = input.split_once('\n').unwrap_or((&input, ""));
    let mut tables = Tables::with_builtins();
    if tables
        .add("fuzz", pattern, 0, None, None, &Limits::DEFAULT)
        .is_ok()
    {
        let types = ["fuzz".to_string()];
        let opts = ScanOptions {
            types: Some(&types),
            defanged: true,
            ignore_tlds: true,
            max_matches: 1_000,
            threads: 1,
            extended: false,
            deadline: None,
        };
        let _ = scan_text(&tables, haystack, &opts);
    }
});
