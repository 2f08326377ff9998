//! The level loop: reproduces msticpy's `_decode_b64_string_recursive` without recursion.
//!
//! Each level scans the whole current string from the start. Quirks kept on purpose
//! because they decide the output: the scan position after a replacement is the *old*
//! position plus the length of the replacement (in code points, not from the match
//! start); every occurrence of the candidate is replaced (`str.replace`); a level only
//! leads to another one when its *last* attempted candidate decoded; the next level's
//! prefix is built from the last fragment counter (`"{n}."`, then `"{prefix}.{n}."`);
//! a level stops after its counter exceeds the fragment limit.
//!
//! msticpy keeps failed candidates in a module-global set that is never cleared, so a
//! candidate that failed in an earlier call is skipped (and not counted) in later calls.
//! Here the set lives for one call only: results equal msticpy's in a fresh process and
//! memory does not grow across calls.

use std::collections::HashSet;
use std::sync::atomic::AtomicUsize;

use super::candidates::{byte_to_char, char_to_byte, find_candidate};
use super::decode::{decode_candidate, Budget, Outcome, Position};
use super::{BinaryRecord, Status, UnpackOptions, UnpackResult};

/// True when `before` ends with a PowerShell `-EncodedCommand` flag (any unambiguous
/// prefix: `-e`, `-en`, ..., plus the `-ec` alias; `/` works as well as `-`), then
/// spaces and an optional quote.
fn follows_encoded_command_flag(before: &str) -> bool {
    let trimmed = before.trim_end_matches(['"', '\'']).trim_end();
    if trimmed.len() == before.len() {
        return false; // the flag must be separated from the value
    }
    let token = trimmed.rsplit(char::is_whitespace).next().unwrap_or("");
    let Some(name) = token.strip_prefix(['-', '/']) else {
        return false;
    };
    let name = name.to_ascii_lowercase();
    !name.is_empty() && (name == "ec" || "encodedcommand".starts_with(&name))
}

/// Base32 pads with up to six `=` where base64 has two: a run in the base32 alphabet
/// takes the rest of its padding (opt-in `decode_base32` only).
fn extend_base32_padding(text: &str, found: &str, end: usize) -> usize {
    if !super::layers::is_base32_body(found) {
        return end;
    }
    let have = found.len() - found.trim_end_matches('=').len();
    let more = text
        .get(end..)
        .unwrap_or("")
        .bytes()
        .take_while(|b| *b == b'=')
        .count();
    end + more.min(6usize.saturating_sub(have))
}

/// Start offsets of the non-overlapping occurrences of `needle`, leftmost first (the
/// ones `str.replace` replaces). Searching for a short prefix and then comparing is
/// cheaper than building a searcher for a needle thousands of bytes long.
fn occurrences_of(text: &str, needle: &str) -> Vec<usize> {
    let (hay, needle) = (text.as_bytes(), needle.as_bytes());
    if needle.is_empty() {
        return Vec::new();
    }
    let key = needle.get(..16).unwrap_or(needle);
    let finder = memchr::memmem::Finder::new(key);
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(hit) = hay.get(from..).and_then(|rest| finder.find(rest)) {
        let start = from + hit;
        if hay.get(start..start + needle.len()) == Some(needle) {
            found.push(start);
            from = start + needle.len();
        } else {
            from = start + 1;
        }
    }
    found
}

/// `str.replace` given the (non-overlapping, ascending) match offsets already found.
fn replace_at(text: &str, starts: &[usize], len: usize, with: &str) -> String {
    let mut out = String::with_capacity(text.len() + starts.len() * with.len().saturating_sub(len));
    let mut last = 0;
    for &start in starts {
        out.push_str(text.get(last..start).unwrap_or(""));
        out.push_str(with);
        last = start + len;
    }
    out.push_str(text.get(last..).unwrap_or(""));
    out
}

struct Call<'a> {
    opts: &'a UnpackOptions,
    undecodable: HashSet<String>,
    budget: Budget<'a>,
    records: Vec<BinaryRecord>,
    status: Status,
    max_output_len: usize,
}

impl Call<'_> {
    fn note(&mut self, status: Status) {
        if self.status == Status::Ok {
            self.status = status;
        }
    }
}

/// How a level ended.
struct LevelEnd {
    last_decoded: bool,
    fragment_index: usize,
    aborted: bool,
}

fn scan_level(text: &mut String, prefix: &str, depth: usize, call: &mut Call<'_>) -> LevelEnd {
    let mut end = LevelEnd {
        last_decoded: false,
        fragment_index: 0,
        aborted: false,
    };
    let mut pos_chars = 0usize;
    while let Some(found) =
        char_to_byte(text, pos_chars).and_then(|start| find_candidate(text, start))
    {
        let found_text = text.get(found.clone()).unwrap_or("");
        let found_end = if call.opts.decode_base32 {
            extend_base32_padding(text, found_text, found.end)
        } else {
            found.end
        };
        let candidate = text.get(found.start..found_end).unwrap_or("").to_owned();
        if call.undecodable.contains(&candidate) {
            pos_chars = byte_to_char(text, found_end);
            continue;
        }
        end.fragment_index += 1;
        let pos = Position {
            prefix,
            index: end.fragment_index,
            depth,
        };
        // PowerShell encodes the command text itself as UTF-16LE; a recognised archive
        // after the flag (a gzip stager) keeps the normal text decoding of its members.
        let powershell = call.opts.powershell
            && super::known_b64_type(&candidate).is_none()
            && text
                .get(..found.start)
                .is_some_and(follows_encoded_command_flag);
        let opts = UnpackOptions {
            utf16: call.opts.utf16 || powershell,
            ..*call.opts
        };
        match decode_candidate(&candidate, &pos, &opts, &mut call.budget) {
            Outcome::Decoded { display, records } => {
                let occurrences = occurrences_of(text, &candidate);
                let growth = display.len().saturating_sub(candidate.len());
                let new_len = text
                    .len()
                    .saturating_add(growth.saturating_mul(occurrences.len()));
                if new_len > call.max_output_len {
                    call.note(Status::LimitTotalBytes);
                    end.aborted = true;
                    return end;
                }
                for record in records {
                    if record.status != Status::Ok {
                        call.note(record.status);
                    }
                    call.records.push(record);
                }
                *text = replace_at(text, &occurrences, candidate.len(), &display);
                pos_chars = pos_chars.saturating_add(display.chars().count());
                end.last_decoded = true;
            }
            Outcome::NotDecoded(status, record) => {
                if status != Status::Ok {
                    call.note(status);
                }
                call.records.extend(record);
                end.last_decoded = false;
                pos_chars = byte_to_char(text, found_end);
                call.undecodable.insert(candidate);
            }
            Outcome::Abort(status, record) => {
                call.note(status);
                call.records.extend(record);
                end.aborted = true;
                return end;
            }
        }
        if end.fragment_index > call.opts.limits.b64_max_fragments_per_level {
            // msticpy stops silently; a status tells the user more was left.
            let more = char_to_byte(text, pos_chars)
                .and_then(|b| find_candidate(text, b))
                .is_some();
            if more {
                call.note(Status::LimitFragments);
            }
            break;
        }
    }
    end
}

/// Runs every level on `input` and returns the final string and all records.
pub(crate) fn run<'a>(
    input: &str,
    opts: &'a UnpackOptions,
    call_output: Option<&'a AtomicUsize>,
) -> UnpackResult {
    let limits = &opts.limits;
    let mut call = Call {
        opts,
        undecodable: HashSet::new(),
        budget: Budget {
            used: 0,
            output: 0,
            pending: 0,
            call: call_output,
        },
        records: Vec::new(),
        status: Status::Ok,
        // The markup's text and hex are counted in each record's output; this bounds the
        // rest (tags, and copies when a run occurs more than once).
        max_output_len: input.len().saturating_add(limits.decode_max_output_bytes),
    };
    let mut text = input.to_owned();
    let mut prefix = String::new();
    let mut depth = 1usize;
    let mut levels_left = limits.b64_max_depth;
    loop {
        let end = scan_level(&mut text, &prefix, depth, &mut call);
        if end.aborted || !end.last_decoded {
            break;
        }
        if levels_left == 0 {
            call.note(Status::LimitDepth);
            break;
        }
        prefix = if prefix.is_empty() {
            format!("{}.", end.fragment_index)
        } else {
            format!("{prefix}.{}.", end.fragment_index)
        };
        levels_left -= 1;
        depth += 1;
    }
    UnpackResult {
        decoded_string: text,
        records: call.records,
        status: call.status,
    }
}
