//! Counters for everything tolerated instead of raised: skipped lines, undecodable hex,
//! unparsable numbers and timestamps, budgets hit. Returned with every result.

/// What happened to the input, counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counters {
    /// Lines read (raw file form) or rows read (frame forms).
    pub lines: u64,
    /// Empty or whitespace-only lines (skipped, as `pandas.read_csv` does).
    pub blank_lines: u64,
    /// Lines or rows without a `msg=audit(<time>:<serial>)` id (skipped; msticpy
    /// fails the whole call with `ValueError`).
    pub no_msg_id: u64,
    /// Lines whose header does not start with `type=` (skipped; they add nothing in
    /// msticpy either).
    pub no_type: u64,
    /// Lines with a type but no `": "` before the body (skipped; msticpy raises
    /// `IndexError`).
    pub no_body: u64,
    /// Lines longer than `audit_max_line_bytes` (skipped).
    pub too_long: u64,
    /// Lines that were not valid UTF-8 (read with U+FFFD replacements; msticpy raises
    /// `UnicodeDecodeError` for the whole file).
    pub invalid_utf8: u64,
    /// Events with no usable record (skipped; msticpy raises `IndexError`).
    pub empty_events: u64,
    /// Encoded values that were not hex of UTF-8 text (raw text kept, as msticpy; it
    /// also prints them to stdout).
    pub bad_hex: u64,
    /// Typed integer fields that `int()` cannot read (the record's typed fields stop
    /// there; msticpy raises `ValueError` for the whole call).
    pub bad_int: u64,
    /// Events whose time key is not a usable epoch (`TimeGenerated` is NaT; msticpy
    /// raises).
    pub bad_timestamp: u64,
    /// Records whose message id came back after its event had left the re-ordering
    /// window (`audit_max_pending_events`): they form a second event.
    pub late_records: u64,
    /// The smallest `audit_max_pending_events` that would have kept every late record
    /// with its event (0 when no record was late).
    pub window_needed: u64,
    /// Records dropped because an event already held `MAX_TYPES_PER_EVENT` types.
    pub dropped_records: u64,
    /// `cmdline` values whose blank padding for a huge `argc` was capped.
    pub capped_cmdlines: u64,
    /// Events emitted.
    pub events: u64,
}

impl Counters {
    /// Name and value of every counter, in a fixed order.
    pub fn items(&self) -> [(&'static str, u64); 16] {
        [
            ("lines", self.lines),
            ("events", self.events),
            ("blank_lines", self.blank_lines),
            ("no_msg_id", self.no_msg_id),
            ("no_type", self.no_type),
            ("no_body", self.no_body),
            ("too_long", self.too_long),
            ("invalid_utf8", self.invalid_utf8),
            ("empty_events", self.empty_events),
            ("bad_hex", self.bad_hex),
            ("bad_int", self.bad_int),
            ("bad_timestamp", self.bad_timestamp),
            ("late_records", self.late_records),
            ("window_needed", self.window_needed),
            ("dropped_records", self.dropped_records),
            ("capped_cmdlines", self.capped_cmdlines),
        ]
    }
}
