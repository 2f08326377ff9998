//! Character predicates that follow Python's `re` semantics where they differ from
//! the `regex` crate's.
//!
//! msticpy compiles its patterns with `re.IGNORECASE` on `str`, so `[a-z]` also matches
//! four non-ASCII letters whose case mappings reach ASCII: `ſ` (U+017F), `K` (U+212A),
//! `ı` (U+0131) and `İ` (U+0130). The `regex` crate's simple case folding covers the
//! first two only, so the built-in patterns add the last two explicitly and the
//! hand-written matchers use the predicates below.

/// Extra characters to add to a `(?i)` class containing `a-z` so that it matches what
/// Python's `[a-z]` matches under `re.IGNORECASE` (the crate already adds `ſ` and `K`).
pub const CASELESS_EXTRA: &str = r"\x{130}\x{131}";

/// `[a-z]` under Python's `re.IGNORECASE`.
pub fn is_caseless_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, '\u{17F}' | '\u{212A}' | '\u{130}' | '\u{131}')
}

/// `[a-z0-9]` under Python's `re.IGNORECASE`.
pub fn is_caseless_alnum(c: char) -> bool {
    c.is_ascii_digit() || is_caseless_letter(c)
}

/// Python's `\w` for `str` patterns: alphanumeric (`str.isalnum`) or underscore. Rust's
/// `is_alphanumeric` is a close approximation (it also counts a few combining marks
/// with the Alphabetic property, which Python does not).
pub fn is_py_word(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// Characters that, next to a domain match, show the match is a fragment of a longer
/// name: non-ASCII letters and digits (IDN labels, homoglyphs) and invisible
/// joiners/spaces that hide inside names.
pub fn is_fragment_boundary(c: char) -> bool {
    (!c.is_ascii() && c.is_alphanumeric())
        || matches!(
            c,
            '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
        )
}
