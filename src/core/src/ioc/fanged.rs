//! Beyond msticpy: re-fanging text before matching, with offsets back to the original.
//!
//! msticpy recognises one family of defanged forms (`hXXp`, `[.]`, `[at]`) and returns
//! the observable still defanged. Analysts paste threat reports written in many styles
//! (`(.)`, `[dot]`, `[:]`, `hxxps[:]//`, `[@]`, ...). Here the text is first re-fanged
//! into a normalised copy with a map from normalised to original offsets; the plain
//! patterns then run on the copy, so every style is handled the same way and each
//! match knows both its fanged value and the original text it came from.
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// Defang tokens and what they stand for (matched case-insensitively).
const TOKENS: &[(&str, &str)] = &[
    ("[.]", "."),
    ("(.)", "."),
    ("{.}", "."),
    ("[dot]", "."),
    ("(dot)", "."),
    ("{dot}", "."),
    ("[:]", ":"),
    ("[://]", "://"),
    ("[/]", "/"),
    ("[@]", "@"),
    ("[at]", "@"),
    ("(at)", "@"),
    ("{at}", "@"),
    ("hxxp", "http"),
    ("fxp", "ftp"),
];

fn automaton() -> Option<&'static AhoCorasick> {
    static AC: OnceLock<Option<AhoCorasick>> = OnceLock::new();
    AC.get_or_init(|| {
        AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(TOKENS.iter().map(|(t, _)| t))
            .ok()
    })
    .as_ref()
}

/// A re-fanged copy of a text with the offsets needed to map spans back.
#[derive(Debug, Clone)]
pub struct Refanged<'a> {
    original: &'a str,
    /// The normalised text.
    pub text: String,
    /// `(normalised_offset, original_offset)` at the start of each replaced token and
    /// just after it; offsets between two entries move together.
    anchors: Vec<(usize, usize)>,
}

/// Scheme words only count when they start a word and are followed by a scheme end.
fn scheme_token_ok(original: &str, start: usize, end: usize) -> bool {
    let before_ok = original[..start]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric());
    let rest = &original[end..];
    let rest = rest.strip_prefix(['s', 'S']).unwrap_or(rest);
    before_ok && (rest.starts_with(':') || rest.starts_with('['))
}

/// Re-fang `original`.
pub fn refang(original: &str) -> Refanged<'_> {
    let mut text = String::with_capacity(original.len());
    let mut anchors = Vec::new();
    let mut last = 0;
    if let Some(ac) = automaton() {
        for m in ac.find_iter(original) {
            let Some(&(token, replacement)) = TOKENS.get(m.pattern().as_usize()) else {
                continue;
            };
            let is_scheme = token.ends_with('p') && !token.starts_with(['[', '(', '{']);
            if is_scheme && !scheme_token_ok(original, m.start(), m.end()) {
                continue;
            }
            text.push_str(&original[last..m.start()]);
            anchors.push((text.len(), m.start()));
            text.push_str(replacement);
            anchors.push((text.len(), m.end()));
            last = m.end();
        }
    }
    text.push_str(&original[last..]);
    Refanged {
        original,
        text,
        anchors,
    }
}

impl Refanged<'_> {
    /// The original offset of normalised offset `pos`. Positions inside a replacement
    /// map to the start of the original token (for starts) or its end (for ends).
    pub fn to_original(&self, pos: usize, is_end: bool) -> usize {
        // Find the last anchor at or before `pos`.
        let idx = self.anchors.partition_point(|&(norm, _)| norm <= pos);
        if idx == 0 {
            return pos;
        }
        let Some(&(norm, orig)) = self.anchors.get(idx - 1) else {
            return pos;
        };
        // Odd index = the entry after a token (offsets move together from here);
        // even index = the start of a token, so `pos` is inside a replacement.
        if (idx - 1) % 2 == 1 || pos == norm {
            return orig + (pos - norm);
        }
        if is_end {
            self.anchors.get(idx).map_or(orig, |&(_, o)| o)
        } else {
            orig
        }
    }

    /// The original text of a normalised span.
    pub fn original_span(&self, start: usize, end: usize) -> (usize, usize, &str) {
        let s = self.to_original(start, false);
        let e = self.to_original(end, true).max(s);
        (s, e, self.original.get(s..e).unwrap_or(""))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn refangs_many_styles() {
        let r = refang("hxxps[:]//evil(.)com/a and bob[@]x[dot]org 1.2.3[.]4");
        assert_eq!(r.text, "https://evil.com/a and bob@x.org 1.2.3.4");
    }

    #[test]
    fn maps_offsets_back() {
        let src = "see evil[.]com now";
        let r = refang(src);
        let start = r.text.find("evil.com").unwrap();
        let (s, e, raw) = r.original_span(start, start + "evil.com".len());
        assert_eq!(raw, "evil[.]com");
        assert_eq!((s, e), (4, 14));
    }

    #[test]
    fn leaves_words_containing_scheme_letters_alone() {
        assert_eq!(refang("ahxxp: fxpx").text, "ahxxp: fxpx");
        assert_eq!(refang("fxp://host").text, "ftp://host");
    }
}
