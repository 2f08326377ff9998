//! Base64 and archive unpacking: reproduces msticpy 3.0.2's
//! `msticpy.transform.base64unpack` (`unpack`, `unpack_items` on a string, the standalone
//! `get_items_from_*` and `get_hashes` helpers) in pure Rust, within budgets.
//!
//! [`unpack_string`] returns msticpy's decoded string (same `<decoded ...>` markup, same
//! index and depth numbering, including the quirk that the next level's prefix comes from
//! the parent level's last fragment counter) and the records in msticpy's DataFrame row
//! order. The facade builds the 12-column frame: `file_hashes` from the three digests,
//! `reference` as a 3-tuple, `encoding_type` via [`EncodingType::as_str`].
//! `unpack_df`'s row pre-filter is [`contains_candidate`].
//!
//! # Deliberate differences from msticpy (each a status, never an exception or a panic)
//! - Budgets from [`Limits`]: `b64_max_depth` (msticpy's `max_recursion`),
//!   `b64_max_fragments_per_level`, `decode_max_item_bytes` (a decoded blob over it stays
//!   undecoded; an archive member over it makes the archive fall back to its raw bytes),
//!   `decode_max_total_bytes` (all decoded and decompressed bytes of one call, failed
//!   archive reads included; spending it stops the call with the string as it stands),
//!   `decode_max_output_bytes` (what the result keeps: record bytes, text, printable hex
//!   and markup, per input, and for archive contents across a column call; a record that
//!   does not fit keeps only its name, type and hashes), `archive_max_members`. A run
//!   over `decode_max_item_bytes` stays undecoded in the text but gets a record with its
//!   hashes and the status. msticpy has none (a 1 GiB gzip bomb
//!   needs about 80 GB there).
//! - Where msticpy raises out of the whole call we keep going: truncated gzip
//!   (`EOFError`), bad gzip/zip/tar data, encrypted zip members (`RuntimeError`) give a
//!   record with the raw decoded bytes (`file_name` `unknown`, as msticpy's own fallback
//!   for an archive with no members) and a status; a tar link member is never resolved
//!   (msticpy resolves it inside the archive, or raises `KeyError`): it gets `b""` and
//!   [`Status::LinkMember`]; a candidate holding one of the non-ASCII letters that
//!   Python's case-insensitive class matches (`ValueError` in msticpy) is left undecoded
//!   with [`Status::NonAsciiCandidate`].
//! - msticpy's never-cleared global `_UNDECODABLE_STRINGS` set is per call here (see
//!   [`engine`](self) docs): output equals msticpy's in a fresh process; in a long-lived
//!   msticpy process, fragment numbering can differ on repeated inputs.
//! - `trace` is not reproduced (it only prints). UTF-16 without a BOM is read as
//!   little-endian (Python uses the native order, little-endian on all supported hosts).
//! - Zip member names come from the central directory decoded by the `zip` crate (CP437 or
//!   UTF-8 as flagged, like Python); Python's check that local and central names agree is
//!   not made. Gzip trailing zero padding, which Python strips, may give `corrupt_gzip`.
//!
//! # Beyond msticpy (opt-in, defaults unchanged)
//! [`UnpackOptions`]' `powershell`, `decode_hex`, `decode_base32` and `nested_archives`.
//! Zip archives with overlapping entries are refused while `archive_reject_overlap` is
//! set (the default), with [`Status::OverlappingEntries`].

mod archive;
mod candidates;
mod decode;
mod encoding;
mod engine;
mod filetype;
mod hashes;
mod layers;
mod markup;
mod nested;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_beyond;

use std::borrow::Cow;
use std::sync::atomic::AtomicUsize;
use std::sync::Arc;

use crate::Limits;

pub use archive::{
    get_items_from_gzip, get_items_from_tar, get_items_from_zip, ArchiveBudget, ArchiveMember,
};
pub use encoding::EncodingType;
pub use filetype::known_b64_type;
pub use hashes::{get_hashes, printable_bytes, Hashes};
pub use layers::{sniff_type, SourceEncoding};

/// Options for one unpack call (msticpy's `utf16` flag plus budgets).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UnpackOptions {
    /// Try UTF-16 before UTF-8 when reading decoded bytes as text (msticpy's `utf16`).
    pub utf16: bool,
    /// Budgets; the `b64_*`, `decode_*` and `archive_*` fields apply.
    pub limits: Limits,
    /// Beyond msticpy (off by default): a run that follows a PowerShell encoded-command
    /// flag (`-e`, `-ec`, `-enc`, ..., `-EncodedCommand`, also with `/`) is read as
    /// UTF-16LE first, as PowerShell encodes it.
    pub powershell: bool,
    /// Beyond msticpy (off by default): a candidate that is all hex digits is decoded as
    /// hex when that gives text or a known file type (see [`layers`]).
    pub decode_hex: bool,
    /// Beyond msticpy (off by default): a candidate in the upper-case base32 alphabet is
    /// decoded as base32 when that gives text or a known file type.
    pub decode_base32: bool,
    /// Beyond msticpy (off by default): gzip, zip and tar members of archives are
    /// unpacked in turn (see [`nested`]), and archives are also recognised by their
    /// magic bytes (msticpy's base64-prefix table misses stored zips, for one).
    pub nested_archives: bool,
}

/// Outcome of a decode step, reported instead of raising.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Nothing to report.
    Ok,
    /// More levels were pending when `b64_max_depth` was reached.
    LimitDepth,
    /// More candidates were pending when `b64_max_fragments_per_level` was reached.
    LimitFragments,
    /// A decoded blob or archive member was larger than `decode_max_item_bytes`.
    LimitItemBytes,
    /// `decode_max_total_bytes` was spent; decoding stopped.
    LimitTotalBytes,
    /// What the record would keep did not fit in `decode_max_output_bytes`: the record
    /// has no bytes, text or hex (its name, type and hashes are kept).
    LimitOutputBytes,
    /// An archive had more than `archive_max_members` members.
    LimitMembers,
    /// Gzip data ended early (msticpy: `EOFError`).
    TruncatedGzip,
    /// Gzip data was invalid (bad header, CRC, length or trailing data).
    CorruptGzip,
    /// Zip data could not be read.
    CorruptZip,
    /// Zip members share compressed data (a non-recursive zip bomb); not read.
    OverlappingEntries,
    /// A zip member is encrypted or uses an unsupported method.
    UnsupportedZip,
    /// Tar data could not be read.
    CorruptTar,
    /// A tar symbolic or hard link; its target is not read.
    LinkMember,
    /// A candidate held non-ASCII letters (msticpy: `ValueError`).
    NonAsciiCandidate,
    /// Data ended early (internal; mapped to a format-specific status).
    Truncated,
    /// Data was invalid (internal; mapped to a format-specific status).
    CorruptData,
}

impl Status {
    /// The status as shown in output columns.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::LimitDepth => "limit_exceeded:b64_max_depth",
            Self::LimitFragments => "limit_exceeded:b64_max_fragments_per_level",
            Self::LimitItemBytes => "limit_exceeded:decode_max_item_bytes",
            Self::LimitTotalBytes => "limit_exceeded:decode_max_total_bytes",
            Self::LimitOutputBytes => "limit_exceeded:decode_max_output_bytes",
            Self::LimitMembers => "limit_exceeded:archive_max_members",
            Self::TruncatedGzip => "truncated_gzip",
            Self::CorruptGzip => "corrupt_gzip",
            Self::CorruptZip => "corrupt_zip",
            Self::OverlappingEntries => "overlapping_entries",
            Self::UnsupportedZip => "unsupported_zip_member",
            Self::CorruptTar => "corrupt_tar",
            Self::LinkMember => "link_member",
            Self::NonAsciiCandidate => "non_ascii_candidate",
            Self::Truncated => "truncated",
            Self::CorruptData => "corrupt_data",
        }
    }
}

/// One row of msticpy's output frame (`BinaryRecord`), plus a status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BinaryRecord {
    /// `(item_prefix, "{depth}.", "{fragment_index}")`.
    pub reference: (String, String, String),
    /// The base64 run that was decoded (shared by all members of one archive).
    pub original_string: Arc<str>,
    /// Archive member name, `gzip_file`, or `unknown`.
    pub file_name: String,
    /// Type from the base64 prefix; for members, the archive type.
    pub file_type: Option<String>,
    /// Decoded bytes (member bytes for archives).
    pub input_bytes: Vec<u8>,
    /// Text when the bytes are UTF-8 (or UTF-16 when asked for).
    pub decoded_string: Option<String>,
    /// `utf-8`, `utf-16` or `binary`.
    pub encoding_type: EncodingType,
    /// MD5 of `input_bytes`, lower-case hex.
    pub md5: String,
    /// SHA-1 of `input_bytes`, lower-case hex.
    pub sha1: String,
    /// SHA-256 of `input_bytes`, lower-case hex.
    pub sha256: String,
    /// `input_bytes` as space-separated two-digit hex.
    pub printable_bytes: String,
    /// `Ok`, or why this record is not what msticpy would give (see module docs).
    pub status: Status,
    /// The alphabet the run was decoded from (always base64 unless a layer is enabled).
    pub source_encoding: SourceEncoding,
}

/// The decoded string and records of one input string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnpackResult {
    /// The input with every decoded run replaced by `<decoded ...>` markup.
    pub decoded_string: String,
    /// Records in msticpy's row order.
    pub records: Vec<BinaryRecord>,
    /// The first non-`Ok` status met in the call (records included), else `Ok`.
    pub status: Status,
}

/// msticpy's `unpack(input_string, utf16=...)` for one string.
pub fn unpack_string(input: &str, opts: &UnpackOptions) -> UnpackResult {
    engine::run(input, opts, None)
}

/// [`unpack_string`] for one input of a column call: archive contents also count against
/// `decode_max_output_bytes` in `call_output`, shared by every input of the call.
pub fn unpack_string_in_call(
    input: &str,
    opts: &UnpackOptions,
    call_output: &AtomicUsize,
) -> UnpackResult {
    engine::run(input, opts, Some(call_output))
}

/// msticpy's `unpack_items(input_string=...)`: pads the whole input first.
pub fn unpack_items_string(input: &str, opts: &UnpackOptions) -> UnpackResult {
    engine::run(&b64_string_pad(input), opts, None)
}

/// msticpy's `_b64_string_pad`: when the length in code points is not a multiple of 4,
/// strip trailing `=` and append `A` up to the next multiple of 4 (four when the stripped
/// length already is one).
pub fn b64_string_pad(input: &str) -> Cow<'_, str> {
    if input.chars().count().is_multiple_of(4) {
        return Cow::Borrowed(input);
    }
    let stripped = input.trim_end_matches('=');
    let padding = 4 - stripped.chars().count() % 4;
    let mut out = String::with_capacity(stripped.len() + padding);
    out.push_str(stripped);
    out.extend(std::iter::repeat_n('A', padding));
    Cow::Owned(out)
}

/// `unpack_df`'s row filter: does `text` hold a candidate for the case-sensitive pattern
/// (pandas `str.contains` is called without `re.I`, so only ASCII letters count)?
pub fn contains_candidate(text: &str) -> bool {
    let mut run = 0usize;
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'\n' | b'\r') {
            run += 1;
            if run >= 30 {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}
