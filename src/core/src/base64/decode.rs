//! Decoding one candidate into records and markup: reproduces msticpy's
//! `_decode_and_format_b64_string`, `_decode_b64_binary` and
//! `_unpack_and_hash_b64_binary`, plus the opt-in layers of [`layers`] and [`nested`].
//!
//! Deliberate differences: a decoded blob over `decode_max_item_bytes` (or over what is
//! left of `decode_max_total_bytes`) is left undecoded in the text but still gets a record
//! with its hashes, no bytes and the limit's status, so nothing disappears silently; an
//! archive that cannot be read within budget, or that Python would fail on, falls back to
//! msticpy's "not an archive" record (the raw decoded bytes, `file_name` `unknown`)
//! carrying the archive's status, where msticpy would raise. What each record keeps (its
//! bytes, text, printable hex and markup) is counted against `decode_max_output_bytes`; a
//! record that does not fit keeps only its name, type and hashes, with a status.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use super::archive::ArchiveBudget;
use super::candidates::{python_b64decode, DecodeError};
use super::encoding::{byte_encoding, EncodingType};
use super::filetype::known_b64_type;
use super::hashes::{get_hashes, printable_bytes};
use super::layers::{self, SourceEncoding};
use super::markup;
use super::nested::{self, read_archive, KindedMember};
use super::{BinaryRecord, Status, UnpackOptions};

/// What became of one candidate.
pub(crate) enum Outcome {
    /// Left as it is (msticpy adds it to its undecodable set); maybe with a status and
    /// a record saying why (a blob over a budget).
    NotDecoded(Status, Option<BinaryRecord>),
    /// Replaced by `display`; `records` in msticpy's row order.
    Decoded {
        display: String,
        records: Vec<BinaryRecord>,
    },
    /// The total budget is spent: stop the whole call (with the record of the blob
    /// that did not fit).
    Abort(Status, Option<BinaryRecord>),
}

/// Each decoded byte is kept about six times or more: the bytes, their printable hex
/// (three characters), and the text (twice, in the record and the markup) or the hex
/// again in the markup.
const MIN_KEPT_PER_BYTE: usize = 6;

/// Running totals for one `unpack_string` call.
pub(crate) struct Budget<'c> {
    /// Bytes decoded (`decode_max_total_bytes`), failed archive reads included.
    pub(crate) used: usize,
    /// Bytes the result holds (`decode_max_output_bytes`).
    pub(crate) output: usize,
    /// Archive member bytes read but not yet made into records.
    pub(crate) pending: usize,
    /// What archive contents hold across the whole column call, shared by its inputs.
    pub(crate) call: Option<&'c AtomicUsize>,
}

impl Budget<'_> {
    /// Reserves `cost` bytes of output: false, and nothing reserved, when they do not fit
    /// in what is left for this input (and, for archive contents, for the whole call).
    fn reserve(&mut self, cost: usize, from_archive: bool, cap: usize) -> bool {
        if cost > cap.saturating_sub(self.output) {
            return false;
        }
        if let (true, Some(call)) = (from_archive, self.call) {
            let fits = call
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |spent| {
                    spent.checked_add(cost).filter(|total| *total <= cap)
                })
                .is_ok();
            if !fits {
                return false;
            }
        }
        self.output += cost;
        true
    }

    /// Decoded bytes an archive read may still produce, and the status to give when it
    /// needs more: the decode budget, or the output budget (each decoded byte, pending
    /// ones included, is kept at least [`MIN_KEPT_PER_BYTE`] times), whichever is
    /// tighter. While any output budget is left, one item (`decode_max_item_bytes`) may
    /// always be read, so an oversized member is reported as such; members that are read
    /// but do not fit become records without bytes. Once the output budget is taken,
    /// archives are no longer read.
    pub(crate) fn archive_cap(&self, limits: &crate::Limits) -> (usize, Status) {
        let decode_left = limits.decode_max_total_bytes.saturating_sub(self.used);
        let promised = self.pending.saturating_mul(MIN_KEPT_PER_BYTE);
        let cap = limits.decode_max_output_bytes;
        let mut output_left = cap.saturating_sub(self.output).saturating_sub(promised);
        if let Some(call) = self.call {
            let call_left = cap
                .saturating_sub(call.load(Ordering::Relaxed))
                .saturating_sub(promised);
            output_left = output_left.min(call_left);
        }
        let output_left = if output_left == 0 {
            0
        } else {
            (output_left / MIN_KEPT_PER_BYTE).max(limits.decode_max_item_bytes)
        };
        if output_left < decode_left {
            (output_left, Status::LimitOutputBytes)
        } else {
            (decode_left, Status::LimitTotalBytes)
        }
    }

    /// Counts a failed archive read: it decompressed up to its cap before stopping, so a
    /// bomb of many members spends the decode budget instead of being retried forever.
    /// Returns the status to report.
    pub(crate) fn charge_failed_read(
        &mut self,
        status: Status,
        cap: (usize, Status),
        limits: &crate::Limits,
    ) -> Status {
        let spent = match status {
            Status::LimitItemBytes => limits.decode_max_item_bytes.min(cap.0),
            Status::LimitTotalBytes => cap.0,
            _ => 0,
        };
        self.used = self.used.saturating_add(spent.max(1));
        match status {
            Status::LimitTotalBytes => cap.1,
            other => other,
        }
    }
}

/// Where the candidate sits: msticpy's `item_prefix`, fragment index and depth.
pub(crate) struct Position<'a> {
    pub(crate) prefix: &'a str,
    pub(crate) index: usize,
    pub(crate) depth: usize,
}

impl Position<'_> {
    /// msticpy's `reference` triple: (prefix, "depth.", index).
    fn reference(&self) -> (String, String, String) {
        (
            self.prefix.to_owned(),
            format!("{}.", self.depth),
            self.index.to_string(),
        )
    }
}

/// One decoded item before markup: display name, record.
type Item = (String, BinaryRecord);

/// Length of [`printable_bytes`] for `n` bytes (`"xx xx"`).
fn printable_len(n: usize) -> usize {
    n.saturating_mul(3).saturating_sub(1)
}

/// A record that keeps no bytes (a blob over a budget): its hashes and a status.
fn bare_record(
    bytes: &[u8],
    file_name: String,
    file_type: Option<&str>,
    status: Status,
    original: &Arc<str>,
    pos: &Position<'_>,
) -> BinaryRecord {
    let hashes = get_hashes(bytes);
    BinaryRecord {
        reference: pos.reference(),
        original_string: Arc::clone(original),
        file_name,
        file_type: file_type.map(str::to_owned),
        printable_bytes: String::new(),
        input_bytes: Vec::new(),
        decoded_string: None,
        encoding_type: EncodingType::Binary,
        md5: hashes.md5,
        sha1: hashes.sha1,
        sha256: hashes.sha256,
        status,
        source_encoding: SourceEncoding::Base64,
    }
}

/// What a record is made in: its position, source run and the output budget.
struct RecordContext<'a, 'b, 'c> {
    original: &'a Arc<str>,
    pos: &'a Position<'a>,
    utf16: bool,
    source: SourceEncoding,
    cap: usize,
    budget: &'b mut Budget<'c>,
}

/// A record for `bytes`, or, when what it would keep does not fit in the output budget,
/// a record without its bytes and with [`Status::LimitOutputBytes`].
fn make_record(
    ctx: &mut RecordContext<'_, '_, '_>,
    bytes: Vec<u8>,
    file_name: String,
    file_type: Option<&str>,
    status: Status,
    from_archive: bool,
) -> BinaryRecord {
    let (original, pos, utf16) = (ctx.original, ctx.pos, ctx.utf16);
    if from_archive {
        ctx.budget.pending = ctx.budget.pending.saturating_sub(bytes.len());
    }
    let (decoded_string, encoding) = byte_encoding(&bytes, utf16);
    let hex = printable_len(bytes.len());
    let text = decoded_string.as_ref().map_or(0, String::len);
    let markup = if decoded_string.is_some() { text } else { hex };
    let cost = bytes
        .len()
        .saturating_add(hex)
        .saturating_add(text)
        .saturating_add(markup);
    if !ctx.budget.reserve(cost, from_archive, ctx.cap) {
        let mut record = bare_record(
            &bytes,
            file_name,
            file_type,
            Status::LimitOutputBytes,
            original,
            pos,
        );
        record.source_encoding = ctx.source;
        return record;
    }
    let hashes = get_hashes(&bytes);
    BinaryRecord {
        reference: pos.reference(),
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
        source_encoding: ctx.source,
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
    budget: &mut Budget<'_>,
) -> Outcome {
    let limits = &opts.limits;
    let (bytes, file_type, source) = match decode_bytes(candidate, opts) {
        Ok(decoded) => decoded,
        Err(DecodeError::Padding) => return Outcome::NotDecoded(Status::Ok, None),
        Err(DecodeError::NonAscii) => {
            return Outcome::NotDecoded(Status::NonAsciiCandidate, None);
        }
    };
    if bytes.is_empty() {
        return Outcome::NotDecoded(Status::Ok, None);
    }
    let original: Arc<str> = Arc::from(candidate);
    let over = |status| {
        let mut record = bare_record(
            &bytes,
            "unknown".to_owned(),
            file_type,
            status,
            &original,
            pos,
        );
        record.source_encoding = source;
        Some(record)
    };
    if bytes.len() > limits.decode_max_item_bytes {
        return Outcome::NotDecoded(Status::LimitItemBytes, over(Status::LimitItemBytes));
    }
    let left = limits.decode_max_total_bytes.saturating_sub(budget.used);
    if bytes.len() > left {
        return Outcome::Abort(Status::LimitTotalBytes, over(Status::LimitTotalBytes));
    }
    budget.used += bytes.len();

    let mut items: Vec<(String, KindedMember)> = Vec::new();
    let mut fallback_status = Status::Ok;
    if let Some(kind @ ("zip" | "gz" | "tar")) = file_type {
        let cap = budget.archive_cap(limits);
        let archive_budget = ArchiveBudget {
            max_total_bytes: cap.0,
            ..ArchiveBudget::from_limits(limits)
        };
        match read_archive(kind, &bytes, &archive_budget) {
            Ok(members) => {
                let read: usize = members.iter().map(|m| m.bytes.len()).sum();
                budget.used = budget.used.saturating_add(read);
                budget.pending = budget.pending.saturating_add(read);
                let members = if opts.nested_archives {
                    nested::expand(kind, members, limits, budget)
                } else {
                    members
                        .into_iter()
                        .map(|member| KindedMember { kind, member })
                        .collect()
                };
                for kinded in members {
                    let name =
                        markup::display_name(Some(kinded.kind), Some(&kinded.member.name), None);
                    items.push((name, kinded));
                }
            }
            Err(status) => fallback_status = budget.charge_failed_read(status, cap, limits),
        }
    }
    let mut ctx = RecordContext {
        original: &original,
        pos,
        utf16: opts.utf16,
        source,
        cap: limits.decode_max_output_bytes,
        budget,
    };
    let mut records: Vec<(String, BinaryRecord)> = Vec::with_capacity(items.len().max(1));
    for (name, KindedMember { kind, member }) in items {
        let record = make_record(
            &mut ctx,
            member.bytes,
            member.name,
            Some(kind),
            member.status,
            true,
        );
        records.push((name, record));
    }
    if records.is_empty() {
        let name = markup::display_name(None, None, file_type);
        let record = make_record(
            &mut ctx,
            bytes,
            "unknown".to_owned(),
            file_type,
            fallback_status,
            false,
        );
        records.push((name, record));
    }
    let display = format_items(&records, pos);
    Outcome::Decoded {
        display,
        records: records.into_iter().map(|(_, record)| record).collect(),
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
