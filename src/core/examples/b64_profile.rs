//! Single-threaded timing of base64 unpacking over the lines of a file (development aid).
//!
//! `cargo run --release -p mstic-core --example b64_profile -- scratch/corpus/b64rows.tsv`
use std::time::Instant;

use mstic_core::base64::{contains_candidate, unpack_string, UnpackOptions};

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "scratch/corpus/b64rows.tsv".into());
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let opts = UnpackOptions::default();
    for round in 0..5 {
        let started = Instant::now();
        let mut records = 0usize;
        for line in text.lines() {
            if contains_candidate(line) {
                records += unpack_string(line, &opts).records.len();
            }
        }
        println!(
            "round {round}: {records} records in {:.1} ms",
            started.elapsed().as_secs_f64() * 1e3
        );
    }
}
