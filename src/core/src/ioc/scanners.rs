//! Hand-written scanners for msticpy's simplest patterns, exact to Python's `finditer`.
//!
//! The hash and IPv4 patterns are so simple that their Python match sequence can be
//! computed in one pass over the bytes, without the regex engine's per-match set-up
//! (which dominated their cost on log-sized inputs). Each scanner states the pattern
//! it reproduces; the regex form is still used for `fullmatch` (`validate`).
use super::matcher::Hit;

fn is_hex(b: u8) -> bool {
    b.is_ascii_hexdigit()
}

/// Length in bytes of the character starting at byte `i` (which is a char boundary).
fn char_len(bytes: &[u8], i: usize) -> usize {
    match bytes.get(i) {
        Some(&b) if b < 0x80 => 1,
        Some(&b) if b >= 0xF0 => 4,
        Some(&b) if b >= 0xE0 => 3,
        Some(_) => 2,
        None => 0,
    }
}

/// `(?:^|[^a-f0-9])(?P<hash>[a-f0-9]{len})(?:$|[^a-f0-9])` with `IGNORECASE | MULTILINE`.
///
/// A match is a maximal run of exactly `len` hex digits. The boundary characters are
/// consumed: the leading one unless `^` holds (start of text or after `\n`), the
/// trailing one unless `$` holds (end of text or before `\n`). A run whose leading
/// boundary was consumed by the previous match is skipped, as Python skips it.
pub fn hex_runs(text: &str, start: usize, len: usize, visit: &mut dyn FnMut(Hit) -> bool) {
    let bytes = text.as_bytes();
    let len = len.max(1);
    let mut consumed_to = start;
    // Any run of `len` or more hex digits covers one of the probe positions, spaced
    // `len` apart, so only those bytes are looked at until a probe lands on hex.
    let mut probe = start + len - 1;
    while let Some(&b) = bytes.get(probe) {
        if !is_hex(b) {
            probe += len;
            continue;
        }
        let before = bytes.get(start..probe).unwrap_or_default();
        let run_start = start
            + before
                .iter()
                .rposition(|&c| !is_hex(c))
                .map_or(0, |p| p + 1);
        let after = bytes.get(probe..).unwrap_or_default();
        let run_end = probe
            + after
                .iter()
                .position(|&c| !is_hex(c))
                .unwrap_or(after.len());
        probe = run_end + len;
        if run_end - run_start != len {
            continue;
        }
        let line_start = run_start == 0 || bytes.get(run_start - 1) == Some(&b'\n');
        let (match_start, ok) = if line_start && run_start >= consumed_to {
            (run_start, true)
        } else if run_start > consumed_to {
            (run_start - prev_char_len(bytes, run_start), true)
        } else {
            (run_start, line_start)
        };
        if !ok || match_start < start {
            continue;
        }
        let at_line_end = run_end == bytes.len() || bytes.get(run_end) == Some(&b'\n');
        let match_end = if at_line_end {
            run_end
        } else {
            run_end + char_len(bytes, run_end)
        };
        let hit = Hit {
            start: match_start,
            end: match_end,
            obs_start: run_start,
            obs_end: run_end,
        };
        if !visit(hit) {
            return;
        }
        consumed_to = match_end;
        probe = probe.max(match_end + len - 1);
    }
}

fn prev_char_len(bytes: &[u8], end: usize) -> usize {
    let mut n = 1;
    while n < 4 && end >= n && bytes.get(end - n).is_some_and(|&b| (b & 0xC0) == 0x80) {
        n += 1;
    }
    n
}

/// Digits of one IPv4 group starting at `i`: the maximal ASCII digit run, which must be
/// 1 to 3 long for a non-final group (a shorter take would leave a digit where the
/// separator must be).
fn digit_run(bytes: &[u8], i: usize) -> usize {
    bytes.get(i..).map_or(0, |rest| {
        rest.iter().take_while(|b| b.is_ascii_digit()).count()
    })
}

/// Separator after an IPv4 group: `\.` or, defanged, `\[?\.\]?`.
fn separator(bytes: &[u8], i: usize, defanged: bool) -> Option<usize> {
    let mut j = i;
    if defanged && bytes.get(j) == Some(&b'[') {
        j += 1;
    }
    if bytes.get(j) != Some(&b'.') {
        return None;
    }
    j += 1;
    if defanged && bytes.get(j) == Some(&b']') {
        j += 1;
    }
    Some(j)
}

/// Python's match of `(?:[0-9]{1,3}\.){3}[0-9]{1,3}` (or the defanged separator form)
/// anchored at `p`, as an end offset.
fn ipv4_at(bytes: &[u8], p: usize, defanged: bool) -> Option<usize> {
    let mut i = p;
    for _ in 0..3 {
        let run = digit_run(bytes, i);
        if run == 0 || run > 3 {
            return None;
        }
        i = separator(bytes, i + run, defanged)?;
    }
    let last = digit_run(bytes, i);
    (last > 0).then_some(i + last.min(3))
}

/// `(?:[0-9]{1,3}\.){3}[0-9]{1,3}` (msticpy's IPv4; `defanged`: `\[?\.\]?` separators).
pub fn ipv4(text: &str, start: usize, defanged: bool, visit: &mut dyn FnMut(Hit) -> bool) {
    // Every match holds a dot right after its first digit group, so the scan jumps from
    // dot to dot. For the digit run just before a dot, the leftmost start that can pass
    // the first group is its last three digits (not before `cursor`); later starts in
    // the same run meet the same dot and rest, so one attempt per dot decides.
    let bytes = text.as_bytes();
    let mut cursor = start;
    let mut search = start;
    while let Some(offset) = bytes.get(search..).and_then(|r| memchr::memchr(b'.', r)) {
        let dot = search + offset;
        search = dot + 1;
        let group_end = if defanged && dot > cursor && bytes.get(dot - 1) == Some(&b'[') {
            dot - 1
        } else {
            dot
        };
        let before = bytes.get(cursor..group_end).unwrap_or_default();
        let digits = before
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits == 0 {
            continue;
        }
        let p = group_end - digits.min(3);
        if let Some(end) = ipv4_at(bytes, p, defanged) {
            let hit = Hit {
                start: p,
                end,
                obs_start: p,
                obs_end: end,
            };
            if !visit(hit) {
                return;
            }
            cursor = end;
            search = search.max(end);
        }
    }
}

fn is_ipv6_run_byte(b: u8) -> bool {
    b == b':' || is_hex(b)
}

/// msticpy's IPv6 pattern `(?<![:.\w])(?:[A-F0-9]{0,4}:){2,7}[A-F0-9]{0,4}(?![:.\w])`.
///
/// The look-around makes a match a whole run of hex digits and colons whose neighbours
/// are not `:`, `.` or word characters, so the scan jumps from colon to colon
/// (`memchr`), takes the run around each and checks its neighbours and shape.
pub fn ipv6(
    text: &str,
    start: usize,
    shape_ok: &dyn Fn(&str) -> bool,
    visit: &mut dyn FnMut(Hit) -> bool,
) {
    let bytes = text.as_bytes();
    let mut pos = start;
    while let Some(offset) = bytes.get(pos..).and_then(|r| memchr::memchr(b':', r)) {
        let colon = pos + offset;
        let before = bytes.get(pos..colon).unwrap_or_default();
        let run_start = pos
            + before
                .iter()
                .rposition(|&c| !is_ipv6_run_byte(c))
                .map_or(0, |p| p + 1);
        let after = bytes.get(colon..).unwrap_or_default();
        let run_end = colon
            + after
                .iter()
                .position(|&c| !is_ipv6_run_byte(c))
                .unwrap_or(after.len());
        pos = run_end;
        let bounded =
            |c: Option<char>| c.is_none_or(|c| !(c == '.' || super::pychar::is_py_word(c)));
        let prev = text.get(..run_start).and_then(|t| t.chars().next_back());
        let next = text.get(run_end..).and_then(|t| t.chars().next());
        let Some(run) = text.get(run_start..run_end) else {
            continue;
        };
        if bounded(prev) && bounded(next) && shape_ok(run) {
            let hit = Hit {
                start: run_start,
                end: run_end,
                obs_start: run_start,
                obs_end: run_end,
            };
            if !visit(hit) {
                return;
            }
        }
        if pos >= bytes.len() {
            return;
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn collect(f: impl Fn(&mut dyn FnMut(Hit) -> bool), text: &str) -> Vec<String> {
        let mut out = Vec::new();
        f(&mut |h: Hit| {
            out.push(text[h.obs_start..h.obs_end].to_string());
            true
        });
        out
    }

    #[test]
    fn hex_runs_consume_boundaries_like_python() {
        let a = "a".repeat(32);
        let b = "b".repeat(32);
        // One separator between two hashes: the first match consumes it.
        let text = format!("{a} {b}");
        assert_eq!(
            collect(|v| hex_runs(&text, 0, 32, v), &text),
            vec![a.clone()]
        );
        // Two separators: both found.
        let text = format!("{a}  {b}");
        assert_eq!(collect(|v| hex_runs(&text, 0, 32, v), &text).len(), 2);
        // A line break before the second run: `^` matches there.
        let text = format!("{a}\n{b}");
        assert_eq!(collect(|v| hex_runs(&text, 0, 32, v), &text).len(), 2);
        let text = format!("x{a}0");
        assert!(collect(|v| hex_runs(&text, 0, 32, v), &text).is_empty());
    }

    /// The regex crate runs these look-around-free patterns exactly as Python does, so
    /// it is the reference for the hand scanners.
    fn reference(pattern: &str) -> regex::Regex {
        regex::RegexBuilder::new(pattern)
            .case_insensitive(true)
            .multi_line(true)
            .build()
            .unwrap()
    }

    fn reference_matches(re: &regex::Regex, text: &str) -> Vec<String> {
        re.captures_iter(text)
            .map(|c| c.name("g").unwrap().as_str().to_string())
            .collect()
    }

    #[test]
    fn scanners_equal_the_regex_on_random_text() {
        static ALPHABET: &[&str] = &[
            "1", "2", "25", "999", ".", "[", "]", "[.]", " ", "\n", "a", "f", "0", "é", "x",
        ];
        let plain = reference(r"(?P<g>(?:[0-9]{1,3}\.){3}[0-9]{1,3})");
        let df = reference(r"(?P<g>(?:[0-9]{1,3}\[?\.\]?){3}[0-9]{1,3})");
        // Short hex runs keep the random strings small.
        let hex = reference(r"(?:^|[^a-f0-9])(?P<g>[a-f0-9]{4})(?:$|[^a-f0-9])");
        for text in super::super::random_texts(ALPHABET, 20_000, 60, 0x9E37_79B9_7F4A_7C15u64) {
            let t = &text;
            assert_eq!(
                collect(|v| ipv4(t, 0, false, v), t),
                reference_matches(&plain, t),
                "{t:?}"
            );
            assert_eq!(
                collect(|v| ipv4(t, 0, true, v), t),
                reference_matches(&df, t),
                "{t:?}"
            );
            assert_eq!(
                collect(|v| hex_runs(t, 0, 4, v), t),
                reference_matches(&hex, t),
                "{t:?}"
            );
        }
    }

    #[test]
    fn ipv4_backtracks_like_python() {
        let text = "1234.1.1.1 and 1.2.3.4.5 and 10.0.0.1234";
        assert_eq!(
            collect(|v| ipv4(text, 0, false, v), text),
            ["234.1.1.1", "1.2.3.4", "10.0.0.123"]
        );
        let text = "1.2.3[.]4 1[.2.3.4";
        assert_eq!(
            collect(|v| ipv4(text, 0, true, v), text),
            ["1.2.3[.]4", "1[.2.3.4"]
        );
    }
}
