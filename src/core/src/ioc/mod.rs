//! IoC extraction: msticpy's `IoCExtract` (`msticpy.transform.iocextract`).
//!
//! * [`builtin`]: the built-in patterns and priorities.
//! * [`matcher`]: compiled patterns with Python `finditer`/`fullmatch` semantics.
//! * [`registry`]: the ordered, shared pattern tables (`add_ioc_type`).
//! * [`scan`]: the extraction algorithm (priorities, TLD check, URL re-scan, refang).
//! * [`psl`]: Public Suffix List checks; [`unquote`]: URL percent-decoding.
//! * [`translate`]: Python `re` syntax to `regex` syntax for user patterns.
//! * [`fanged`]: beyond msticpy: refanging with offsets, more defang styles.
//! * [`extended`]: beyond msticpy: extra IoC types (CIDR, CVE, ATT&CK, ...).
//! * [`idn`]: beyond msticpy: whole internationalised and look-alike domain names.
pub mod builtin;
pub mod dns;
pub mod extended;
pub mod fanged;
pub mod idn;
pub mod matcher;
pub mod matches;
pub mod psl;
pub mod pychar;
pub mod registry;
pub mod scan;
pub mod scanners;
pub mod translate;
pub mod unquote;
pub mod validate;

/// Deterministic random texts over an alphabet of fragments, for differential tests.
#[cfg(test)]
pub(crate) fn random_texts(
    alphabet: &'static [&'static str],
    count: usize,
    max_len: usize,
    seed: u64,
) -> impl Iterator<Item = String> {
    let mut state = seed.max(1);
    (0..count).map(move |i| {
        let len = (i % max_len) + 1;
        (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                alphabet[(state % alphabet.len() as u64) as usize]
            })
            .collect()
    })
}
