//! Archive readers: reproduce msticpy's `get_items_from_gzip`, `get_items_from_zip` and
//! `get_items_from_tar`, reading from memory only and within budgets.
//!
//! Deliberate differences from msticpy, all reported as a [`Status`] instead of an
//! exception escaping the whole `unpack` call:
//! - every decompression is bounded with `Read::take` by `decode_max_item_bytes` per
//!   member and by the caller's remaining total budget; `archive_max_members` caps members;
//! - truncated gzip (`EOFError` in Python), bad gzip data, unreadable zip or tar, encrypted
//!   zip members and member read errors give an error status for the whole archive;
//! - zip archives whose members share compressed data (a non-recursive zip bomb) are
//!   refused with [`Status::OverlappingEntries`] while `archive_reject_overlap` is set;
//! - tar symbolic and hard links are never resolved (Python resolves them inside the
//!   archive and raises `KeyError` when the target is missing): the member is kept with
//!   empty bytes and [`Status::LinkMember`].
//!
//! Member names are kept verbatim as data (`../x`, `/abs`); nothing is written to disk.
//! Duplicate names follow Python's dictionary semantics: the first position is kept and
//! the value is that of the last member with the name (Python reads members by name).

use std::io::{Cursor, Read};

use flate2::read::MultiGzDecoder;

use super::Status;

/// One archive member: its name, bytes and a per-member status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveMember {
    /// Member name as Python would report it.
    pub name: String,
    /// Member bytes (`b""` for directories, devices and links).
    pub bytes: Vec<u8>,
    /// `Status::Ok`, or `Status::LinkMember` for tar links.
    pub status: Status,
}

/// Budgets for one archive read.
#[derive(Debug, Clone, Copy)]
pub struct ArchiveBudget {
    /// Maximum bytes of one member.
    pub max_item_bytes: usize,
    /// Maximum bytes of all members together (the caller's remaining total budget).
    pub max_total_bytes: usize,
    /// Maximum number of members.
    pub max_members: usize,
    /// Refuse zip archives whose members share compressed data.
    pub reject_overlap: bool,
}

impl ArchiveBudget {
    /// The budgets from [`crate::Limits`], with the whole total budget available.
    pub fn from_limits(limits: &crate::Limits) -> Self {
        Self {
            max_item_bytes: limits.decode_max_item_bytes,
            max_total_bytes: limits.decode_max_total_bytes,
            max_members: limits.archive_max_members,
            reject_overlap: limits.archive_reject_overlap,
        }
    }
}

/// Reads at most `budget` bytes from `reader`; more data than that is a limit status.
fn read_bounded<R: Read>(reader: R, item_cap: usize, total_left: usize) -> Result<Vec<u8>, Status> {
    let cap = item_cap.min(total_left);
    let mut out = Vec::new();
    let limit = u64::try_from(cap).unwrap_or(u64::MAX).saturating_add(1);
    match reader.take(limit).read_to_end(&mut out) {
        Ok(n) if n > cap => Err(if cap == item_cap {
            Status::LimitItemBytes
        } else {
            Status::LimitTotalBytes
        }),
        Ok(_) => Ok(out),
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Err(Status::Truncated),
        Err(_) => Err(Status::CorruptData),
    }
}

/// Inserts with Python dictionary semantics: first position, last value.
fn insert_member(members: &mut Vec<ArchiveMember>, member: ArchiveMember) {
    if let Some(existing) = members.iter_mut().find(|m| m.name == member.name) {
        *existing = member;
    } else {
        members.push(member);
    }
}

/// msticpy's `get_items_from_gzip`: all gzip members concatenated, named `gzip_file`.
pub fn get_items_from_gzip(
    binary: &[u8],
    budget: &ArchiveBudget,
) -> Result<Vec<ArchiveMember>, Status> {
    let bytes = read_bounded(
        MultiGzDecoder::new(Cursor::new(binary)),
        budget.max_item_bytes,
        budget.max_total_bytes,
    )
    .map_err(|s| match s {
        Status::Truncated => Status::TruncatedGzip,
        Status::CorruptData => Status::CorruptGzip,
        other => other,
    })?;
    Ok(vec![ArchiveMember {
        name: "gzip_file".to_owned(),
        bytes,
        status: Status::Ok,
    }])
}

/// msticpy's `get_items_from_zip`: every member in central-directory order.
pub fn get_items_from_zip(
    binary: &[u8],
    budget: &ArchiveBudget,
) -> Result<Vec<ArchiveMember>, Status> {
    let mut archive = zip::ZipArchive::new(Cursor::new(binary)).map_err(|_| Status::CorruptZip)?;
    if archive.len() > budget.max_members {
        return Err(Status::LimitMembers);
    }
    // The Fifield bomb: many central-directory entries pointing at one compressed
    // kernel. Rejected like CPython (gh-109858), unzip 6.0 and ClamAV do.
    if budget.reject_overlap && archive.has_overlapping_files().unwrap_or(true) {
        return Err(Status::OverlappingEntries);
    }
    let mut members = Vec::new();
    let mut total = 0usize;
    for index in 0..archive.len() {
        let file = archive.by_index(index).map_err(|e| match e {
            zip::result::ZipError::UnsupportedArchive(_) => Status::UnsupportedZip,
            _ => Status::CorruptZip,
        })?;
        let name = file.name().map_err(|_| Status::CorruptZip)?.into_owned();
        let left = budget.max_total_bytes.saturating_sub(total);
        let bytes = read_bounded(file, budget.max_item_bytes, left).map_err(|s| match s {
            Status::Truncated | Status::CorruptData => Status::CorruptZip,
            other => other,
        })?;
        total = total.saturating_add(bytes.len());
        insert_member(
            &mut members,
            ArchiveMember {
                name,
                bytes,
                status: Status::Ok,
            },
        );
    }
    Ok(members)
}

/// msticpy's `get_items_from_tar`: regular files' bytes, `b""` for everything else.
pub fn get_items_from_tar(
    binary: &[u8],
    budget: &ArchiveBudget,
) -> Result<Vec<ArchiveMember>, Status> {
    let mut archive = tar::Archive::new(Cursor::new(binary));
    let entries = archive.entries().map_err(|_| Status::CorruptTar)?;
    let mut members: Vec<ArchiveMember> = Vec::new();
    let mut total = 0usize;
    let mut count = 0usize;
    for entry in entries {
        // Python's tarfile stops quietly at a bad header after the first member and
        // raises only when the very first header is bad.
        let Ok(entry) = entry else {
            if count == 0 {
                return Err(Status::CorruptTar);
            }
            break;
        };
        count += 1;
        if count > budget.max_members {
            return Err(Status::LimitMembers);
        }
        let kind = entry.header().entry_type();
        let raw_kind = kind.as_byte();
        let mut name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        // Python turns an old-style regular entry with a trailing slash into a directory
        // and strips trailing slashes from directory names.
        let is_dir = kind.is_dir() || (raw_kind == b'\0' && name.ends_with('/'));
        if is_dir {
            while name.len() > 1 && name.ends_with('/') {
                name.pop();
            }
        }
        let is_file = !is_dir && matches!(raw_kind, b'0' | b'\0' | b'7' | b'S');
        let is_link = kind.is_symlink() || kind.is_hard_link();
        let (bytes, status) = if is_file {
            let left = budget.max_total_bytes.saturating_sub(total);
            let bytes = read_bounded(entry, budget.max_item_bytes, left).map_err(|s| match s {
                Status::Truncated | Status::CorruptData => Status::CorruptTar,
                other => other,
            })?;
            (bytes, Status::Ok)
        } else if is_link {
            (Vec::new(), Status::LinkMember)
        } else {
            (Vec::new(), Status::Ok)
        };
        total = total.saturating_add(bytes.len());
        insert_member(
            &mut members,
            ArchiveMember {
                name,
                bytes,
                status,
            },
        );
    }
    Ok(members)
}
