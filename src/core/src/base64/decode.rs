//! Decoding one candidate into records and markup: reproduces msticpy's
//! `_decode_and_format_b64_string`, `_decode_b64_binary` and
//! `_unpack_and_hash_b64_binary`.
//!
//! Deliberate differences: a decoded blob over `decode_max_item_bytes` is treated as not
//! decoded (with a status); an archive that cannot be read within budget, or that Python
//! would fail on, falls back to msticpy's "not an archive" record (the raw decoded bytes,
//! `file_name` `unknown`) carrying the archive's status, where msticpy would raise.

use std::sync::Arc;

use super::archive::{self, ArchiveBudget, ArchiveMember};
use super::candidates::{python_b64decode, DecodeError};
use super::encoding::byte_encoding;
use super::filetype::known_b64_type;
use super::hashes::{get_hashes, printable_bytes};
use super::markup;
use super::{BinaryRecord, Status, UnpackOptions};

/// What became of one candidate.
pub(crate) enum Outcome {
    /// Left as it is (msticpy adds it to its undecodable set); maybe with a status.
    NotDecoded(Status),
    /// Replaced by `display`; `records` in msticpy's row order.
    Decoded {
        display: String,
        records: Vec<BinaryRecord>,
    },
    /// The total budget is spent: stop the whole call.
    Abort(Status),
}

/// Running totals for one `unpack_string` call.
pub(crate) struct Budget {
    pub(crate) used: usize,
}

/// Where the candidate sits: msticpy's `item_prefix`, fragment index and depth.
pub(crate) struct Position<'a> {
    pub(crate) prefix: &'a str,
    pub(crate) index: usize,
    pub(crate) depth: usize,
}

/// One decoded item before markup: display name, record.
type Item = (String, BinaryRecord);

fn make_record(
    bytes: Vec<u8>,
    file_name: String,
    file_type: Option<&str>,
    status: Status,
    original: &Arc<str>,
    pos: &Position<'_>,
    utf16: bool,
) -> BinaryRecord {
    let (decoded_string, encoding) = byte_encoding(&bytes, utf16);
    let hashes = get_hashes(&bytes);
    BinaryRecord {
        reference: (
            pos.prefix.to_owned(),
            format!("{}.", pos.depth),
            pos.index.to_string(),
        ),
        original_string: Arc::clone(original),
        file_name,
        file_type: file_type.map(str::to_owned),
        printable_bytes: printable_bytes(&bytes),
        input_bytes: bytes,
        decoded_string,
        encoding_type: encoding,
        md5: hashes.md5,
        sha1: hashes.sha1,
        sha256: hashes.sha256,
        status,
    }
}

fn read_archive(
    kind: &str,
    bytes: &[u8],
    budget: &ArchiveBudget,
) -> Result<Vec<ArchiveMember>, Status> {
    match kind {
        "zip" => archive::get_items_from_zip(bytes, budget),
        "gz" => archive::get_items_from_gzip(bytes, budget),
        _ => archive::get_items_from_tar(bytes, budget),
    }
}

/// Decodes one candidate and builds its records and replacement markup.
pub(crate) fn decode_candidate(
    candidate: &str,
    pos: &Position<'_>,
    opts: &UnpackOptions,
    budget: &mut Budget,
) -> Outcome {
    let limits = &opts.limits;
    let file_type = known_b64_type(candidate);
    let bytes = match python_b64decode(candidate) {
        Ok(bytes) => bytes,
        Err(DecodeError::Padding) => return Outcome::NotDecoded(Status::Ok),
        Err(DecodeError::NonAscii) => return Outcome::NotDecoded(Status::NonAsciiCandidate),
    };
    if bytes.is_empty() {
        return Outcome::NotDecoded(Status::Ok);
    }
    if bytes.len() > limits.decode_max_item_bytes {
        return Outcome::NotDecoded(Status::LimitItemBytes);
    }
    let left = limits.decode_max_total_bytes.saturating_sub(budget.used);
    if bytes.len() > left {
        return Outcome::Abort(Status::LimitTotalBytes);
    }
    budget.used += bytes.len();

    let original: Arc<str> = Arc::from(candidate);
    let mut items: Vec<Item> = Vec::new();
    let mut fallback_status = Status::Ok;
    if let Some(kind @ ("zip" | "gz" | "tar")) = file_type {
        let archive_budget = ArchiveBudget {
            max_item_bytes: limits.decode_max_item_bytes,
            max_total_bytes: limits.decode_max_total_bytes.saturating_sub(budget.used),
            max_members: limits.archive_max_members,
        };
        match read_archive(kind, &bytes, &archive_budget) {
            Ok(members) => {
                for member in members {
                    budget.used = budget.used.saturating_add(member.bytes.len());
                    let name = markup::display_name(Some(kind), Some(&member.name), None);
                    let record = make_record(
                        member.bytes,
                        member.name,
                        Some(kind),
                        member.status,
                        &original,
                        pos,
                        opts.utf16,
                    );
                    items.push((name, record));
                }
            }
            Err(status) => fallback_status = status,
        }
    }
    if items.is_empty() {
        let name = markup::display_name(None, None, file_type);
        let record = make_record(
            bytes,
            "unknown".to_owned(),
            file_type,
            fallback_status,
            &original,
            pos,
            opts.utf16,
        );
        items.push((name, record));
    }
    let display = format_items(&items, pos);
    Outcome::Decoded {
        display,
        records: items.into_iter().map(|(_, record)| record).collect(),
    }
}

fn record_markup(name: &str, record: &BinaryRecord, index: &str, depth: usize) -> String {
    markup::single_record(
        name,
        record.encoding_type,
        record.decoded_string.as_deref(),
        record.file_type.as_deref(),
        &record.printable_bytes,
        index,
        depth,
    )
}

fn format_items(items: &[Item], pos: &Position<'_>) -> String {
    let index = format!("{}{}", pos.prefix, pos.index);
    if let [(name, record)] = items {
        return record_markup(name, record, &index, pos.depth);
    }
    let mut out = markup::multiple_header(&index, pos.depth);
    for (k, (name, record)) in items.iter().enumerate() {
        // msticpy builds the child index from the prefixed index and then prefixes it
        // again when formatting, so below depth 1 the prefix appears twice
        // (`1.` + `1.1.1` -> `1.1.1.1`). Kept: notebooks parse these indexes.
        let child_index = format!("{}{index}.{}", pos.prefix, k + 1);
        out.push_str(&record_markup(name, record, &child_index, pos.depth + 1));
    }
    out.push_str(markup::CLOSE);
    out
}
