//! Decoding one candidate into records and markup: reproduces msticpy's
//! `_decode_and_format_b64_string`, `_decode_b64_binary` and
//! `_unpack_and_hash_b64_binary`, plus the opt-in layers of [`layers`] and [`nested`].
//!
//! Deliberate differences: a decoded blob over `decode_max_item_bytes` is treated as not
//! decoded (with a status); an archive that cannot be read within budget, or that Python
//! would fail on, falls back to msticpy's "not an archive" record (the raw decoded bytes,
//! `file_name` `unknown`) carrying the archive's status, where msticpy would raise.

use std::sync::Arc;

use super::archive::ArchiveBudget;
use super::candidates::{python_b64decode, DecodeError};
use super::encoding::byte_encoding;
use super::filetype::known_b64_type;
use super::hashes::{get_hashes, printable_bytes};
use super::layers::{self, SourceEncoding};
use super::markup;
use super::nested::{self, read_archive, KindedMember};
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
        source_encoding: SourceEncoding::Base64,
    }
}

/// Decodes `candidate` in the first alphabet that fits: the opt-in hex and base32
/// layers when their reading is meaningful, else msticpy's base64.
fn decode_bytes(
    candidate: &str,
    opts: &UnpackOptions,
) -> Result<(Vec<u8>, Option<&'static str>, SourceEncoding), DecodeError> {
    type Layer = (bool, fn(&str) -> Option<Vec<u8>>, SourceEncoding);
    let layers: [Layer; 2] = [
        (opts.decode_hex, layers::decode_hex, SourceEncoding::Hex),
        (
            opts.decode_base32,
            layers::decode_base32,
            SourceEncoding::Base32,
        ),
    ];
    for (enabled, decode, source) in layers {
        if !enabled {
            continue;
        }
        if let Some(bytes) = decode(candidate).filter(|b| layers::is_meaningful(b, opts.utf16)) {
            let file_type = layers::sniff_type(&bytes).or_else(|| {
                opts.nested_archives
                    .then(|| layers::archive_kind(&bytes))
                    .flatten()
            });
            return Ok((bytes, file_type, source));
        }
    }
    let bytes = python_b64decode(candidate)?;
    let mut file_type = known_b64_type(candidate);
    if file_type.is_none() && opts.nested_archives {
        // msticpy's prefix table only knows deflated zips; the opt-in also goes by magic.
        file_type = layers::archive_kind(&bytes);
    }
    Ok((bytes, file_type, SourceEncoding::Base64))
}

/// Decodes one candidate and builds its records and replacement markup.
pub(crate) fn decode_candidate(
    candidate: &str,
    pos: &Position<'_>,
    opts: &UnpackOptions,
    budget: &mut Budget,
) -> Outcome {
    let limits = &opts.limits;
    let (bytes, file_type, source) = match decode_bytes(candidate, opts) {
        Ok(decoded) => decoded,
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
    let record = |bytes, name, file_type, status| {
        let mut record = make_record(bytes, name, file_type, status, &original, pos, opts.utf16);
        record.source_encoding = source;
        record
    };
    let mut items: Vec<Item> = Vec::new();
    let mut fallback_status = Status::Ok;
    if let Some(kind @ ("zip" | "gz" | "tar")) = file_type {
        let archive_budget = ArchiveBudget {
            max_total_bytes: limits.decode_max_total_bytes.saturating_sub(budget.used),
            ..ArchiveBudget::from_limits(limits)
        };
        match read_archive(kind, &bytes, &archive_budget) {
            Ok(members) => {
                budget.used = budget
                    .used
                    .saturating_add(members.iter().map(|m| m.bytes.len()).sum());
                let members = if opts.nested_archives {
                    nested::expand(
                        kind,
                        members,
                        &ArchiveBudget::from_limits(limits),
                        limits.b64_max_depth,
                        &mut budget.used,
                    )
                } else {
                    members
                        .into_iter()
                        .map(|member| KindedMember { kind, member })
                        .collect()
                };
                for KindedMember { kind, member } in members {
                    let name = markup::display_name(Some(kind), Some(&member.name), None);
                    items.push((
                        name,
                        record(member.bytes, member.name, Some(kind), member.status),
                    ));
                }
            }
            Err(status) => fallback_status = status,
        }
    }
    if items.is_empty() {
        let name = markup::display_name(None, None, file_type);
        items.push((
            name,
            record(bytes, "unknown".to_owned(), file_type, fallback_status),
        ));
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
