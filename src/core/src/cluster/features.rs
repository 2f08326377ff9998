//! Scalar feature scorers of msticpy's `eventcluster` module, with its exact values.
//!
//! Reproduces `delim_count`, `delim_hash`, `char_ord_score` (the sum before scaling),
//! `token_count` and `crc32_hash` for their default arguments. A caller-supplied
//! delimiter *regex* stays in Python (`re` semantics); only the default character class
//! `[\s\-\\/\.,"\'|&:;%$()]` is implemented here, as a character predicate.

/// True for the characters of msticpy's default delimiter class.
///
/// `\s` is Python's `str.isspace()` set: Unicode `White_Space` plus the four ASCII
/// information separators U+001C..U+001F, which Python counts as whitespace too.
pub fn is_default_delimiter(c: char) -> bool {
    matches!(
        c,
        '-' | '\\' | '/' | '.' | ',' | '"' | '\'' | '|' | '&' | ':' | ';' | '%' | '$' | '(' | ')'
    ) || c.is_whitespace()
        || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Number of default delimiter characters in `value` (`delim_count`).
pub fn delim_count(value: &str) -> u64 {
    value.chars().filter(|c| is_default_delimiter(*c)).count() as u64
}

/// CRC32 of the UTF-8 of the delimiter characters, concatenated (`delim_hash`).
pub fn delim_hash(value: &str) -> u32 {
    let mut hasher = crc32fast::Hasher::new();
    let mut buf = [0u8; 4];
    for c in value.chars().filter(|c| is_default_delimiter(*c)) {
        hasher.update(c.encode_utf8(&mut buf).as_bytes());
    }
    hasher.finalize()
}

/// Sum of the code points of `value` (`char_ord_score` before `floor(sum / scale)`).
pub fn char_ord_sum(value: &str) -> u64 {
    value.chars().map(|c| u64::from(u32::from(c))).sum()
}

/// `len(value.split(delimiter))`: non-overlapping occurrences plus one.
///
/// An empty delimiter is rejected by the caller (Python raises `ValueError`).
pub fn token_count(value: &str, delimiter: &str) -> u64 {
    if delimiter.is_empty() {
        return 1;
    }
    value.matches(delimiter).count() as u64 + 1
}

/// Unsigned CRC32 of the UTF-8 bytes of `value` (`crc32_hash`).
pub fn crc32_hash(value: &str) -> u32 {
    crc32fast::hash(value.as_bytes())
}

/// `len(value)` in Python: the number of code points.
pub fn char_len(value: &str) -> u64 {
    value.chars().count() as u64
}

/// `log10(x) if x else 0`, as msticpy's `pathLogScore` / `commandlineLogLen`.
pub fn log10_or_zero(x: u64) -> f64 {
    if x == 0 {
        0.0
    } else {
        (x as f64).log10()
    }
}

/// The last element of `value.split(separator)` (msticpy's `processName`).
pub fn last_path_element<'a>(value: &'a str, separator: &str) -> &'a str {
    if separator.is_empty() {
        return value;
    }
    value.rsplit(separator).next().unwrap_or(value)
}
