//! Linux auditd parsing: reproduces msticpy 3.0.2's `msticpy.transform.auditdextract`
//! (`read_from_file`, `extract_events_to_df`, `unpack_auditd`) in pure Rust.
//!
//! Three inputs, one output ([`AuditTable`], one row per event, columns as msticpy's
//! DataFrame has them before the facade adds `EventType`, other input columns and
//! `TimeGenerated`):
//! - [`FileParser`]: a raw `audit.log` streamed from any reader in bounded memory
//!   (`read_from_file`): lines grouped by message time key within a re-ordering window,
//!   events in msticpy's order (sorted by key);
//! - [`parse_line_rows`]: one raw line per row (`extract_events_to_df` on strings);
//! - [`parse_record_rows`]: rows of already-split records (the Log Analytics
//!   list-of-dicts form).
//!
//! The rules (line splitting, time key, hex decoding of exactly msticpy's fields,
//! `SYSCALL_EXECVE` assembly with msticpy's three-argument `cmdline`, typed fields,
//! column order and dtypes) are documented in the sub-modules.
//!
//! # Deliberate differences from msticpy (statuses, never exceptions or panics)
//! Everything msticpy raises on for the whole call is skipped and counted in
//! [`Counters`] instead: lines without a message id, a type or a body, events with no
//! record, unparsable integers (the record's typed fields stop there), unusable
//! timestamps (NaT), lines over `audit_max_line_bytes`, invalid UTF-8 (read lossily).
//! Nothing is printed. Records out of order are re-assembled with their event while
//! fewer than `audit_max_pending_events` other events have started since it did; a
//! message id that returns after its event left that window forms a second event
//! (counted `late_records`, with the window that would have held it, `window_needed`). Integers outside `i64` or
//! written with non-ASCII digits count as unparsable. A `cmdline` padded for a huge
//! `argc` is capped at `audit_max_line_bytes`.
//!
//! # Beyond msticpy
//! [`CmdlineMode::Full`] builds `cmdline` from every argument (joined split arguments,
//! several `EXECVE` records).

mod event;
mod fields;
mod group;
mod hex;
mod line;
mod pytext;
mod reader;
mod record;
mod schema;
mod status;
mod table;
#[cfg(test)]
mod tests;
mod time;

use std::io::{self, BufRead};

pub use event::{CmdlineMode, Event};
pub use fields::{Fields, TextRef, Value};
pub use hex::decode_hex_utf8;
pub use line::{parse_line, LineProblem, ParsedLine};
pub use record::{unpack_records, Record, Tokens, UnpackedRecord};
pub use status::Counters;
pub use table::{AuditTable, Cell, CellView, Column, ColumnData};
pub use time::{key_to_ns, seconds_to_ns};

use event::{assemble, AssembleOptions};
use group::Grouper;
use reader::{LineRead, LineReader};
use table::{build_table, Row};

use crate::Limits;

/// Options for one parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditOptions {
    /// Budgets; `audit_max_line_bytes` and `audit_max_pending_events` apply.
    pub limits: Limits,
    /// How `cmdline` is built (msticpy's three arguments by default).
    pub cmdline: CmdlineMode,
    /// Keep only events of this type (msticpy's `event_type`).
    pub event_type: Option<String>,
}

impl Default for AuditOptions {
    fn default() -> Self {
        AuditOptions {
            limits: Limits::DEFAULT,
            cmdline: CmdlineMode::Msticpy,
            event_type: None,
        }
    }
}

impl AuditOptions {
    fn assemble(&self) -> AssembleOptions {
        AssembleOptions {
            cmdline: self.cmdline,
            max_cmdline_bytes: self.limits.audit_max_line_bytes,
        }
    }

    fn wanted(&self, event: &Event) -> bool {
        self.event_type
            .as_deref()
            .is_none_or(|t| t == &*event.event_type)
    }
}

/// `read_from_file` over a stream: feed it with [`FileParser::step`] (so a caller can
/// show progress between steps), then take the table with [`FileParser::finish`].
#[derive(Debug)]
pub struct FileParser<R> {
    reader: LineReader<R>,
    grouper: Grouper,
    counters: Counters,
    done: bool,
}

impl<R: BufRead> FileParser<R> {
    /// A parser reading `input`.
    pub fn new(input: R, opts: &AuditOptions) -> Self {
        FileParser {
            reader: LineReader::new(input, opts.limits.audit_max_line_bytes),
            grouper: Grouper::new(
                opts.limits.audit_max_pending_events,
                opts.assemble(),
                opts.event_type.as_deref(),
            ),
            counters: Counters::default(),
            done: false,
        }
    }

    /// Bytes read so far.
    pub fn bytes_read(&self) -> u64 {
        self.reader.bytes_read()
    }

    /// Read about `budget` more bytes (whole lines); `Ok(true)` at end of input.
    pub fn step(&mut self, budget: u64) -> io::Result<bool> {
        let stop = self.reader.bytes_read().saturating_add(budget);
        while !self.done && self.reader.bytes_read() < stop {
            match self.reader.next_line()? {
                LineRead::Eof => self.done = true,
                LineRead::TooLong => {
                    self.counters.lines += 1;
                    self.counters.too_long += 1;
                }
                LineRead::Line => {
                    self.counters.lines += 1;
                    let (text, lossy) = self.reader.line();
                    if lossy {
                        self.counters.invalid_utf8 += 1;
                    }
                    add_line(&text, &mut self.grouper, &mut self.counters);
                }
            }
        }
        Ok(self.done)
    }

    /// Read everything and build the table.
    pub fn run(mut self) -> io::Result<AuditTable> {
        while !self.step(u64::MAX)? {}
        Ok(self.finish())
    }

    /// Close all events and build the table (rows sorted by key, as `groupby` does).
    pub fn finish(self) -> AuditTable {
        let mut counters = self.counters;
        let mut closed = self.grouper.finish(&mut counters);
        // Stable: events of one key stay in opening order.
        closed.sort_by(|a, b| a.0.cmp(&b.0));
        let mut rows = Vec::new();
        let mut previous: Option<(Box<str>, u64)> = None;
        for (label, (key, seq, event)) in closed.into_iter().enumerate() {
            match &previous {
                Some((prev, first_seq)) if *prev == key => {
                    counters.late_records += 1;
                    // The key's first event closed when the window overflowed; one
                    // holding it and every event opened after it, up to the one this
                    // record opened, would have kept the record with its event.
                    counters.window_needed =
                        counters.window_needed.max(seq.saturating_sub(*first_seq));
                }
                _ => previous = Some((key.clone(), seq)),
            }
            if let Some(event) = event {
                rows.push(Row {
                    label: label as u64,
                    key: key.clone(),
                    event,
                });
            }
        }
        build_table(rows, |row| key_to_ns(&row.key), counters)
    }
}

fn add_line(text: &str, grouper: &mut Grouper, counters: &mut Counters) {
    if text.trim_matches(pytext::is_py_space).is_empty() {
        counters.blank_lines += 1;
        return;
    }
    let parsed = parse_line(text);
    let key = match parsed.key {
        Some(key) if !key.is_empty() => key,
        _ => {
            counters.no_msg_id += 1;
            return;
        }
    };
    match parsed.record {
        Ok((msg_type, body)) => grouper.add(key, Record::from_body(msg_type, body), counters),
        Err(LineProblem::NoType) => counters.no_type += 1,
        Err(LineProblem::NoBody) => counters.no_body += 1,
    }
}

/// `extract_events_to_df` on raw strings: each row is one event (no grouping), its time
/// key from its own `msg=audit(...)`. Rows that give no record are skipped and counted.
pub fn parse_line_rows(cells: &[Option<&str>], opts: &AuditOptions) -> AuditTable {
    let mut counters = Counters::default();
    let assemble_opts = opts.assemble();
    let mut rows = Vec::new();
    for (label, cell) in cells.iter().enumerate() {
        counters.lines += 1;
        let Some(text) = cell else {
            counters.no_msg_id += 1;
            continue;
        };
        if text.len() > opts.limits.audit_max_line_bytes {
            counters.too_long += 1;
            continue;
        }
        let parsed = parse_line(text);
        let record = match parsed.record {
            Ok((msg_type, body)) => Record::from_body(msg_type, body),
            Err(LineProblem::NoType) => {
                counters.no_type += 1;
                continue;
            }
            Err(LineProblem::NoBody) => {
                counters.no_body += 1;
                continue;
            }
        };
        let key = parsed.key.unwrap_or("");
        if let Some(event) = assemble(&[record], &[], &assemble_opts, &mut counters) {
            if opts.wanted(&event) {
                rows.push(Row {
                    label: label as u64,
                    key: key.into(),
                    event,
                });
            }
        }
    }
    build_table(rows, |row| key_to_ns(&row.key), counters)
}

/// `extract_events_to_df` on the list-of-dicts form: each row's records (`None` for a
/// cell that is not a list of `{type: [tokens]}` dicts) and its `mssg_id` text.
pub fn parse_record_rows(
    rows_in: Vec<Option<Vec<Record>>>,
    mssg_ids: &[Option<&str>],
    opts: &AuditOptions,
) -> AuditTable {
    let mut counters = Counters::default();
    let assemble_opts = opts.assemble();
    let mut rows = Vec::new();
    for (label, records) in rows_in.into_iter().enumerate() {
        counters.lines += 1;
        let merged = merge_by_type(records.unwrap_or_default(), &assemble_opts);
        match assemble(&merged.0, &merged.1, &assemble_opts, &mut counters) {
            None => counters.empty_events += 1,
            Some(event) if opts.wanted(&event) => {
                let id = mssg_ids.get(label).copied().flatten().unwrap_or("");
                let key = id.split(':').next().unwrap_or("");
                rows.push(Row {
                    label: label as u64,
                    key: key.into(),
                    event,
                });
            }
            Some(_) => {}
        }
    }
    build_table(rows, |row| key_to_ns(&row.key), counters)
}

/// One record per type (a later one replaces an earlier one in its first position);
/// replaced `EXECVE` records are returned apart for the full command line.
fn merge_by_type(records: Vec<Record>, opts: &AssembleOptions) -> (Vec<Record>, Vec<Record>) {
    let mut out: Vec<Record> = Vec::new();
    let mut extra = Vec::new();
    for record in records {
        match out.iter_mut().find(|r| r.msg_type == record.msg_type) {
            Some(slot) => {
                let old = std::mem::replace(slot, record);
                if opts.cmdline == CmdlineMode::Full
                    && &*old.msg_type == "EXECVE"
                    && extra.len() < group::MAX_EXTRA_EXECVE
                {
                    extra.push(old);
                }
            }
            None => out.push(record),
        }
    }
    (out, extra)
}
