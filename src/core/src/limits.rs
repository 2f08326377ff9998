//! Resource budgets shared by every capability (`reference/reliability.md` §3).
//!
//! One plain value, cheap to copy, passed per call or taken from the process default.
//! Reaching a limit is a status in the output (tolerant mode) or `Error::LimitExceeded`
//! in strict mode. Later capabilities (base64, auditd, HTTP, ...) add their fields here.

/// Budgets for amplifying operations. Defaults copy trusted tools (see the reference doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Maximum compiled size of one regular expression (bytes of the NFA program).
    pub regex_size_limit: usize,
    /// Maximum lazy-DFA cache per regular expression (bytes).
    pub regex_dfa_size_limit: usize,
    /// Maximum nesting depth of a user pattern.
    pub regex_nest_limit: u32,
    /// Maximum length of a user pattern (bytes).
    pub regex_max_pattern_len: usize,
    /// Maximum number of raw matches recorded for one input cell (all types together);
    /// reaching it truncates the cell's results and sets a truncation flag.
    pub ioc_max_matches_per_cell: usize,
    /// Time the user patterns (`add_ioc_type`) may spend on one input cell; `None` for
    /// no limit. Some patterns make match iteration quadratic on the linear-time engine
    /// (`.*[^A-Z]|[A-Z]` over a long run of letters); the scan then stops, truncated.
    pub ioc_scan_deadline: Option<std::time::Duration>,
    /// Maximum number of re-scan levels in base64 unpacking after the first one
    /// (msticpy's `max_recursion=20`, so depth numbers run up to this value plus one).
    pub b64_max_depth: usize,
    /// Base64 fragments processed per level before the level stops; the scan breaks once
    /// the counter exceeds this (msticpy's `fragment_index > 50`, i.e. 51 fragments).
    pub b64_max_fragments_per_level: usize,
    /// Maximum size of one decoded blob or one decompressed archive member (bytes).
    pub decode_max_item_bytes: usize,
    /// Maximum bytes decoded from one input string across all levels (bytes), failed
    /// archive reads included (they count the bytes they decompressed).
    pub decode_max_total_bytes: usize,
    /// Maximum bytes the result of one input may hold: every record's bytes, text and
    /// printable hex plus the markup added to the decoded string. Archive contents also
    /// count against it across all inputs of one column call. A record that does not
    /// fit is kept without its bytes and with `limit_exceeded:decode_max_output_bytes`.
    pub decode_max_output_bytes: usize,
    /// Maximum number of members read from one archive.
    pub archive_max_members: usize,
    /// Reject zip archives whose members share compressed data (the overlapping-entry
    /// bomb): the archive gets a status instead of being read.
    pub archive_reject_overlap: bool,
    /// Longest audit log line read (bytes); longer lines are skipped and counted. The
    /// kernel's own record limit is 8,970 bytes (`MAX_AUDIT_MESSAGE_LENGTH`).
    pub audit_max_line_bytes: usize,
    /// Audit events kept open while grouping records by message id: the re-ordering
    /// window. A record is re-assembled with its event while fewer events than this
    /// have started since that event did (a fully shuffled log of this many events is
    /// read exactly); about 600 bytes per open event.
    pub audit_max_pending_events: usize,
}

impl Limits {
    /// The documented defaults.
    pub const DEFAULT: Limits = Limits {
        regex_size_limit: 10 * 1024 * 1024,
        regex_dfa_size_limit: 2 * 1024 * 1024,
        regex_nest_limit: 250,
        regex_max_pattern_len: 64 * 1024,
        ioc_max_matches_per_cell: 100_000,
        ioc_scan_deadline: Some(std::time::Duration::from_secs(5)),
        b64_max_depth: 20,
        b64_max_fragments_per_level: 50,
        decode_max_item_bytes: 25 * 1024 * 1024,
        decode_max_total_bytes: 100 * 1024 * 1024,
        decode_max_output_bytes: 48 * 1024 * 1024,
        archive_max_members: 10_000,
        archive_reject_overlap: true,
        audit_max_line_bytes: 64 * 1024,
        audit_max_pending_events: 50_000,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}
