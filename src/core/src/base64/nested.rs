//! Opt-in nested archives: a gzip, zip or tar member inside an archive is unpacked too.
//!
//! msticpy hashes such a member and leaves it as bytes. With `nested_archives` set, the
//! member keeps its own record and its contents follow it as further members named
//! `outer/inner` (`payload.gz/gzip_file` for gzip), typed with the inner archive's kind.
//! Nesting stops after `b64_max_depth` archive levels; every member counts against the
//! call's total budget and each archive against `archive_max_members`. A nested archive
//! that cannot be read leaves its status on the outer member, which is kept; a read that
//! ran out of budget still counts what it decompressed, so a 42.zip-style bomb spends
//! the decode budget after a few members instead of being decompressed member after
//! member. Reads are also capped by what the output budget can still keep. With the
//! option on, a decoded blob is also typed by its magic bytes when msticpy's base64-prefix
//! table does not know it (a stored, not deflated, zip), so it is unpacked as well.

use super::archive::{self, ArchiveBudget, ArchiveMember};
use super::decode::Budget;
use super::layers::archive_kind;
use super::Status;
use crate::Limits;

/// Reads one archive of a known kind within `budget`.
pub(crate) fn read_archive(
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

/// A member with the kind of the archive it came from.
pub(crate) struct KindedMember {
    pub(crate) kind: &'static str,
    pub(crate) member: ArchiveMember,
}

/// Expands members that are themselves archives, depth first, keeping every outer member.
/// `budget` holds the call's running totals.
pub(crate) fn expand(
    kind: &'static str,
    members: Vec<ArchiveMember>,
    limits: &Limits,
    budget: &mut Budget<'_>,
) -> Vec<KindedMember> {
    let max_levels = limits.b64_max_depth;
    let mut out = Vec::with_capacity(members.len());
    // An explicit stack instead of recursion: (kind, member, nesting level).
    let mut stack: Vec<(&'static str, ArchiveMember, usize)> =
        members.into_iter().rev().map(|m| (kind, m, 1)).collect();
    while let Some((kind, mut member, level)) = stack.pop() {
        let inner_kind = (member.status == Status::Ok && level <= max_levels)
            .then(|| archive_kind(&member.bytes))
            .flatten();
        let mut children = Vec::new();
        if let Some(inner_kind) = inner_kind {
            let cap = budget.archive_cap(limits);
            let inner_budget = ArchiveBudget {
                max_total_bytes: cap.0,
                ..ArchiveBudget::from_limits(limits)
            };
            match read_archive(inner_kind, &member.bytes, &inner_budget) {
                Ok(inner) => {
                    for child in inner {
                        budget.used = budget.used.saturating_add(child.bytes.len());
                        budget.pending = budget.pending.saturating_add(child.bytes.len());
                        let name = format!("{}/{}", member.name, child.name);
                        children.push((inner_kind, ArchiveMember { name, ..child }, level + 1));
                    }
                }
                Err(status) => member.status = budget.charge_failed_read(status, cap, limits),
            }
        }
        out.push(KindedMember { kind, member });
        stack.extend(children.into_iter().rev());
    }
    out
}
