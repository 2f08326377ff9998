//! Column kernels for `add_process_features` and the `*_df` scorers.
//!
//! Missing cells score as the empty string (msticpy fills NaN with "" when both
//! `NewProcessName` and `CommandLine` exist, and fails otherwise).
use super::features::{
    char_len, char_ord_sum, crc32_hash, delim_count, delim_hash, last_path_element, log10_or_zero,
    token_count,
};
use crate::parallel::par_map;

/// One scalar scorer applied to a whole column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scorer<'a> {
    /// `delim_count` with the default delimiter class.
    DelimCount,
    /// `delim_hash` with the default delimiter class.
    DelimHash,
    /// Sum of code points (`char_ord_score` before scaling).
    CharOrdSum,
    /// `len(value.split(delimiter))`.
    TokenCount(&'a str),
    /// `crc32_hash`.
    Crc32,
    /// Python `len`.
    CharLen,
}

impl Scorer<'_> {
    /// Score one value.
    pub fn score(&self, value: &str) -> u64 {
        match self {
            Scorer::DelimCount => delim_count(value),
            Scorer::DelimHash => u64::from(delim_hash(value)),
            Scorer::CharOrdSum => char_ord_sum(value),
            Scorer::TokenCount(delim) => token_count(value, delim),
            Scorer::Crc32 => u64::from(crc32_hash(value)),
            Scorer::CharLen => char_len(value),
        }
    }
}

/// Score every cell (missing cells as "").
pub fn score_column(cells: &[Option<&str>], scorer: Scorer<'_>, threads: usize) -> Vec<u64> {
    par_map(cells, threads, 2048, |c| scorer.score(c.unwrap_or("")))
}

/// Features derived from `NewProcessName`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PathFeatures {
    /// `processName`: the last element of the path.
    pub process_name: Vec<String>,
    /// `pathScore`: sum of code points.
    pub score: Vec<u64>,
    /// `pathLogScore`: `log10(pathScore)` or 0.
    pub log_score: Vec<f64>,
    /// `pathHash`: CRC32 of the path.
    pub hash: Vec<u32>,
}

/// Compute the path features of a column.
pub fn path_features(cells: &[Option<&str>], separator: &str, threads: usize) -> PathFeatures {
    let rows = par_map(cells, threads, 2048, |c| {
        let v = c.unwrap_or("");
        let score = char_ord_sum(v);
        (
            last_path_element(v, separator).to_string(),
            score,
            log10_or_zero(score),
            crc32_hash(v),
        )
    });
    let mut out = PathFeatures::default();
    for (name, score, log, hash) in rows {
        out.process_name.push(name);
        out.score.push(score);
        out.log_score.push(log);
        out.hash.push(hash);
    }
    out
}

/// Features derived from `CommandLine`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CommandLineFeatures {
    /// `commandlineLen`.
    pub len: Vec<u64>,
    /// `commandlineLogLen`.
    pub log_len: Vec<f64>,
    /// `commandlineTokensFull`: delimiter count.
    pub tokens_full: Vec<u64>,
    /// `commandlineScore`: sum of code points.
    pub score: Vec<u64>,
    /// `commandlineTokensHash`: CRC32 of the delimiters.
    pub tokens_hash: Vec<u32>,
}

/// Compute the command-line features of a column.
pub fn commandline_features(cells: &[Option<&str>], threads: usize) -> CommandLineFeatures {
    let rows = par_map(cells, threads, 2048, |c| {
        let v = c.unwrap_or("");
        let len = char_len(v);
        (
            len,
            log10_or_zero(len),
            delim_count(v),
            char_ord_sum(v),
            delim_hash(v),
        )
    });
    let mut out = CommandLineFeatures::default();
    for (len, log_len, tokens, score, hash) in rows {
        out.len.push(len);
        out.log_len.push(log_len);
        out.tokens_full.push(tokens);
        out.score.push(score);
        out.tokens_hash.push(hash);
    }
    out
}
