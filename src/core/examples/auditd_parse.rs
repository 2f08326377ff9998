//! The Rust half of `benchmarks/bench_auditd.py`: parse an `audit.log` with the core
//! alone (no Python), to show the binding and DataFrame overhead.
//!
//!     cargo run --release -p mstic-core --example auditd_parse -- audit.log
use std::time::Instant;

use mstic_core::auditd::{AuditOptions, FileParser};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: auditd_parse <audit.log>");
        return;
    };
    let file = match std::fs::File::open(&path) {
        Ok(file) => file,
        Err(e) => {
            eprintln!("{path}: {e}");
            return;
        }
    };
    let start = Instant::now();
    let mut parser = FileParser::new(
        std::io::BufReader::with_capacity(1 << 20, file),
        &AuditOptions::default(),
    );
    loop {
        match parser.step(u64::MAX) {
            Ok(true) => break,
            Ok(false) => {}
            Err(e) => {
                eprintln!("{path}: {e}");
                return;
            }
        }
    }
    let parsed = start.elapsed();
    let table = parser.finish();
    let total = start.elapsed();
    let lines = table.counters.lines;
    println!(
        "{lines} lines, {} events: parse {parsed:.2?}, table {:.2?}, total {total:.2?} \
         ({:.0} lines/s)",
        table.labels.len(),
        total - parsed,
        lines as f64 / total.as_secs_f64()
    );
}
