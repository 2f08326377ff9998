//! Per-pattern timing of IoC extraction over a text file (development aid).
//!
//! `cargo run --release -p mstic-core --example ioc_profile -- scratch/corpus/corpus.txt`
use std::time::Instant;

use mstic_core::ioc::registry::Tables;
use mstic_core::ioc::scan::{scan_text, ScanOptions};

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "scratch/corpus/corpus.txt".into());
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let tables = Tables::with_builtins();
    for def in tables.table(true) {
        let started = Instant::now();
        let mut hits = 0usize;
        def.matcher.for_each(&text, 0, |_| {
            hits += 1;
            true
        });
        let regex_s = started.elapsed().as_secs_f64();
        let types = [def.ioc_type.clone()];
        let opts = ScanOptions {
            types: Some(&types),
            defanged: true,
            ignore_tlds: false,
            max_matches: 10_000_000,
            threads: 1,
            extended: false,
            deadline: None,
        };
        let started = Instant::now();
        let found = scan_text(&tables, &text, &opts).len();
        let scan_s = started.elapsed().as_secs_f64();
        println!(
            "{:<14} regex {:.3}s ({hits} hits)  scan {:.3}s ({found} distinct)",
            def.ioc_type, regex_s, scan_s
        );
    }
    for threads in [1, 2] {
        let opts = ScanOptions {
            types: None,
            defanged: true,
            ignore_tlds: false,
            max_matches: 10_000_000,
            threads,
            extended: false,
            deadline: None,
        };
        let started = Instant::now();
        let found = scan_text(&tables, &text, &opts).len();
        println!(
            "all types, {threads} thread(s): {:.3}s ({found} distinct)",
            started.elapsed().as_secs_f64()
        );
    }
}
