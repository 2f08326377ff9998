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
}

impl Limits {
    /// The documented defaults.
    pub const DEFAULT: Limits = Limits {
        regex_size_limit: 10 * 1024 * 1024,
        regex_dfa_size_limit: 2 * 1024 * 1024,
        regex_nest_limit: 250,
        regex_max_pattern_len: 64 * 1024,
        ioc_max_matches_per_cell: 100_000,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}
