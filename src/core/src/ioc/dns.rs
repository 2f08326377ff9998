//! msticpy's DNS pattern, `((?=[a-z0-9-]{1,63}\.)[a-z0-9]+(-[a-z0-9]+)*\.){1,126}[a-z]{2,63}`
//! (`IGNORECASE`; the defanged form allows `[.`, `.]` and `[.]` separators), matched
//! exactly as Python's backtracking `finditer` does, in linear time and without the
//! look-ahead the `regex` crate lacks.
//!
//! Why it can be done directly: a label is a whole run of `[a-z0-9-]` characters ending
//! at a separator (the look-ahead limits it to 63 characters; `--` or an edge hyphen
//! make it invalid), so from a given start the chain of labels is fixed and the only
//! choice backtracking makes is how many labels to keep before the 2-63 letter
//! top-level part. The scanner walks label chains once, as a sliding window: when a
//! start fails, the next possible start is the next label of the same chain, whose
//! top-level attempts were already made.
use std::collections::VecDeque;

use super::pychar::{is_caseless_alnum, is_caseless_letter};

const MAX_LABELS: usize = 126;
const MAX_LABEL_CHARS: usize = 63;
const TLD_MIN_CHARS: usize = 2;
const TLD_MAX_CHARS: usize = 63;

/// If a label allowed by msticpy's look-ahead starts at `pos`, the offset just past its
/// separator.
pub(crate) fn label_at(text: &str, pos: usize, defanged: bool) -> Option<usize> {
    let rest = text.get(pos..)?;
    let mut chars = 0usize;
    let mut prev_hyphen = false;
    let mut end = rest.len();
    for (i, c) in rest.char_indices() {
        if is_caseless_alnum(c) {
            prev_hyphen = false;
        } else if c == '-' {
            if chars == 0 || prev_hyphen {
                return None;
            }
            prev_hyphen = true;
        } else {
            end = i;
            break;
        }
        chars += 1;
        if chars > MAX_LABEL_CHARS {
            return None;
        }
    }
    if chars == 0 || prev_hyphen {
        return None;
    }
    let mut after = &rest[end..];
    if defanged {
        after = after.strip_prefix('[').unwrap_or(after);
    }
    after = after.strip_prefix('.')?;
    if defanged {
        after = after.strip_prefix(']').unwrap_or(after);
    }
    Some(pos + (rest.len() - after.len()))
}

/// Number of bytes taken by the top-level domain part (`[a-z]{2,63}`, greedy) at `pos`.
pub(crate) fn tld_len(text: &str, pos: usize) -> Option<usize> {
    let rest = text.get(pos..)?;
    let mut count = 0usize;
    let mut bytes = 0usize;
    for c in rest.chars() {
        if !is_caseless_letter(c) || count == TLD_MAX_CHARS {
            break;
        }
        count += 1;
        bytes += c.len_utf8();
    }
    (count >= TLD_MIN_CHARS).then_some(bytes)
}

/// Python's match of the DNS pattern anchored at `start` (end offset), emulating its
/// backtracking: labels are deterministic, so only the label count is searched.
pub fn dns_match_at(text: &str, start: usize, defanged: bool) -> Option<usize> {
    let mut ends = Vec::new();
    let mut pos = start;
    while ends.len() < MAX_LABELS {
        match label_at(text, pos, defanged) {
            Some(next) => {
                ends.push(next);
                pos = next;
            }
            None => break,
        }
    }
    ends.iter()
        .rev()
        .find_map(|&t| tld_len(text, t).map(|len| t + len))
}

pub fn dns_full_match(text: &str, defanged: bool) -> bool {
    let mut pos = 0;
    for _ in 0..MAX_LABELS {
        match label_at(text, pos, defanged) {
            Some(next) => pos = next,
            None => return false,
        }
        if tld_len(text, pos).is_some_and(|len| pos + len == text.len()) {
            return true;
        }
    }
    false
}

fn is_label_char(c: char) -> bool {
    is_caseless_alnum(c) || c == '-'
}

/// The start of the run of label characters that ends at `end`, not before `floor`.
fn label_run_start(text: &str, floor: usize, end: usize) -> usize {
    let Some(before) = text.get(floor..end) else {
        return end;
    };
    let mut start = end;
    for (i, c) in before.char_indices().rev() {
        if !is_label_char(c) {
            break;
        }
        start = floor + i;
    }
    start
}

/// The next non-empty run of label characters followed by a separator (`.`, or when
/// defanged `[.`), at or after `from`.
fn next_run_before_separator(text: &str, from: usize, defanged: bool) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut i = from;
    loop {
        let rest = bytes.get(i..)?;
        let offset = if defanged {
            memchr::memchr2(b'.', b'[', rest)?
        } else {
            memchr::memchr(b'.', rest)?
        };
        let sep = i + offset;
        i = sep + 1;
        if bytes.get(sep) == Some(&b'[') && bytes.get(sep + 1) != Some(&b'.') {
            continue;
        }
        let run_start = label_run_start(text, from, sep);
        if run_start < sep {
            return Some((run_start, sep));
        }
    }
}

/// The leftmost position in `[from, run_end)` where a valid label ending at `run_end`
/// can start: at most 63 characters, no `--`, not starting with `-`.
fn first_label_start(text: &str, from: usize, run_end: usize) -> Option<usize> {
    let run = text.get(from..run_end)?;
    if run.ends_with('-') {
        return None;
    }
    // Walk back from the end while the suffix stays a valid label.
    let mut best = None;
    let mut chars = 0usize;
    let mut prev_hyphen = false;
    for (i, c) in run.char_indices().rev() {
        chars += 1;
        if chars > MAX_LABEL_CHARS {
            break;
        }
        if c == '-' {
            if prev_hyphen {
                break;
            }
            prev_hyphen = true;
        } else {
            prev_hyphen = false;
            best = Some(from + i);
        }
    }
    best
}

/// Visit Python's `finditer` matches of the DNS pattern from `pos`, as
/// `(start, end)` byte offsets; the visitor returns `false` to stop.
pub fn scan(text: &str, pos: usize, defanged: bool, visit: &mut dyn FnMut(usize, usize) -> bool) {
    // Label ends (offsets just past each separator) of the chain from `start`.
    let mut chain: VecDeque<usize> = VecDeque::new();
    // Every top-level attempt at a chain offset below this already failed.
    let mut tld_failed_below = 0usize;
    let mut cursor = pos;
    while cursor < text.len() {
        // A label ends at a separator: jump from separator to separator (`memchr`)
        // and take the run of label characters just before each one.
        let Some((run_start, run_end)) = next_run_before_separator(text, cursor, defanged) else {
            return;
        };
        if chain.back().is_some_and(|&end| end < run_start) {
            chain.clear();
        }
        let start = first_label_start(text, run_start, run_end)
            .filter(|&s| label_at(text, s, defanged).is_some());
        let Some(start) = start else {
            cursor = run_end + 1;
            chain.clear();
            continue;
        };
        // Slide the window: drop labels before `start`, extend up to 126 labels.
        while chain.front().is_some_and(|&end| end <= start) {
            chain.pop_front();
        }
        if chain.is_empty() {
            tld_failed_below = 0;
        }
        let mut last = chain.back().copied().unwrap_or(start);
        while chain.len() < MAX_LABELS {
            match label_at(text, last, defanged) {
                Some(next) => {
                    chain.push_back(next);
                    last = next;
                }
                None => break,
            }
        }
        // Greedy: the most labels whose following top-level part matches.
        let found = chain
            .iter()
            .rev()
            .take_while(|&&t| t >= tld_failed_below)
            .find_map(|&t| tld_len(text, t).map(|len| t + len));
        match found {
            Some(end) => {
                if !visit(start, end) {
                    return;
                }
                chain.clear();
                tld_failed_below = 0;
                cursor = end;
            }
            None => {
                tld_failed_below = last + 1;
                // The next start is the next label of this chain (or past it).
                cursor = chain.front().copied().unwrap_or(run_end);
                chain.pop_front();
            }
        }
    }
}
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Reference: try every start position with the exact anchored emulation.
    fn brute_force(text: &str, defanged: bool) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut p = 0;
        while p < text.len() {
            if !text.is_char_boundary(p) {
                p += 1;
                continue;
            }
            match dns_match_at(text, p, defanged) {
                Some(e) => {
                    out.push((p, e));
                    p = e;
                }
                None => p += 1,
            }
        }
        out
    }

    fn scanned(text: &str, defanged: bool) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        scan(text, 0, defanged, &mut |s, e| {
            out.push((s, e));
            true
        });
        out
    }

    #[test]
    fn scanner_equals_brute_force_on_random_text() {
        static ALPHABET: &[&str] = &[
            "a", "b", "1", "-", ".", "[", "]", "[.]", " ", "ſ", "é", "co", "com", "x--y",
        ];
        for text in super::super::random_texts(ALPHABET, 30_000, 40, 0x2545_F491_4F6C_DD1Du64) {
            for defanged in [false, true] {
                assert_eq!(
                    scanned(&text, defanged),
                    brute_force(&text, defanged),
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn long_chains_are_linear_and_capped() {
        let text = "a.".repeat(200_000) + "1";
        assert!(scanned(&text, false).is_empty());
        let text = "ab.".repeat(130) + "com";
        let found = scanned(&text, false);
        assert_eq!(found.len(), 2);
    }

    #[test]
    fn dns_emulation_truncates_long_labels_like_python() {
        let text = format!("{}.com", "a".repeat(70));
        let end = dns_match_at(&text, 7, false).unwrap();
        assert_eq!(&text[7..end], format!("{}.com", "a".repeat(63)));
        assert_eq!(dns_match_at(&text, 0, false), None);
    }

    #[test]
    fn dns_backtracks_to_fewer_labels() {
        let text = "foo.bar.1";
        assert_eq!(dns_match_at(text, 0, false), Some(7));
    }

    #[test]
    fn dns_full_match_cases() {
        assert!(dns_full_match("microsoft.com", false));
        assert!(!dns_full_match("microsoft.com.", false));
        assert!(dns_full_match("evil[.]com", true));
        assert!(!dns_full_match("evil[.]com", false));
        assert!(!dns_full_match("a--b.com", false));
    }
}
