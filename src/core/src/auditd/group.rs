//! Grouping records into events by message time key, in bounded memory.
//!
//! msticpy groups the whole file with `groupby("mssg_id")`; here records are grouped as
//! they stream past. An event stays open while new keys arrive, up to
//! `audit_max_pending_events` open events; past that the oldest is assembled and closed.
//! A record whose key returns after its event closed starts a second event with the
//! same key (counted as `late_records` at the end, with the window that would have held
//! it: `window_needed`). Records out of order within the window are re-assembled
//! exactly: an event's records may arrive in any order and interleaved with any others,
//! as long as fewer than `audit_max_pending_events` other events start in between. Within an event a later record of a
//! type replaces the earlier one in its first position (msticpy's dict overwrite), so
//! an event holds at most one record per type and at most `MAX_TYPES_PER_EVENT` types.
use std::collections::VecDeque;

use rustc_hash::FxHashMap;

use super::event::{assemble, AssembleOptions, CmdlineMode, Event};
use super::record::Record;
use super::status::Counters;

/// Distinct record types kept per event (a real event has fewer than 20).
pub const MAX_TYPES_PER_EVENT: usize = 256;

/// Earlier `EXECVE` records kept per event for the full command line (the kernel splits
/// a long argv over a few records; more than this is not a real event).
pub const MAX_EXTRA_EXECVE: usize = 64;

/// One open event.
#[derive(Debug)]
struct Open {
    key: Box<str>,
    records: Vec<Record>,
    /// Earlier `EXECVE` records, kept only for the full command line.
    extra_execve: Vec<Record>,
}

/// A closed event: its key, the sequence number of its opening (events are numbered
/// in the order they open) and, if it passed the event-type filter, the event.
pub type Closed = (Box<str>, u64, Option<Event>);

/// Streaming grouper.
#[derive(Debug)]
pub struct Grouper {
    open: VecDeque<Open>,
    /// Key -> sequence number of its open event (position = seq - `front_seq`).
    index: FxHashMap<Box<str>, u64>,
    front_seq: u64,
    max_open: usize,
    opts: AssembleOptions,
    event_type: Option<Box<str>>,
    closed: Vec<Closed>,
}

impl Grouper {
    /// A grouper keeping at most `max_open` (at least 1) events open.
    pub fn new(max_open: usize, opts: AssembleOptions, event_type: Option<&str>) -> Self {
        Grouper {
            open: VecDeque::new(),
            index: FxHashMap::default(),
            front_seq: 0,
            max_open: max_open.max(1),
            opts,
            event_type: event_type.map(Into::into),
            closed: Vec::new(),
        }
    }

    /// Add one record under `key`.
    pub fn add(&mut self, key: &str, record: Record, counters: &mut Counters) {
        let at = match self.open.back() {
            Some(last) if &*last.key == key => self.open.len() - 1,
            _ => match self.index.get(key) {
                Some(&seq) => usize::try_from(seq - self.front_seq).unwrap_or(usize::MAX),
                None => {
                    if self.open.len() >= self.max_open {
                        self.close_oldest(counters);
                    }
                    let seq = self.front_seq + self.open.len() as u64;
                    self.index.insert(key.into(), seq);
                    self.open.push_back(Open {
                        key: key.into(),
                        records: Vec::with_capacity(8),
                        extra_execve: Vec::new(),
                    });
                    self.open.len() - 1
                }
            },
        };
        let Some(open) = self.open.get_mut(at) else {
            return;
        };
        let full = self.opts.cmdline == CmdlineMode::Full;
        let slot = open
            .records
            .iter()
            .position(|r| r.msg_type == record.msg_type);
        match slot {
            Some(slot) => {
                let old = std::mem::replace(&mut open.records[slot], record);
                if full && &*old.msg_type == "EXECVE" {
                    if open.extra_execve.len() < MAX_EXTRA_EXECVE {
                        open.extra_execve.push(old);
                    } else {
                        counters.dropped_records += 1;
                    }
                }
            }
            None if open.records.len() >= MAX_TYPES_PER_EVENT => counters.dropped_records += 1,
            None => open.records.push(record),
        }
    }

    fn close_oldest(&mut self, counters: &mut Counters) {
        let Some(open) = self.open.pop_front() else {
            return;
        };
        let seq = self.front_seq;
        self.front_seq += 1;
        self.index.remove(&open.key);
        match assemble(&open.records, &open.extra_execve, &self.opts, counters) {
            None => counters.empty_events += 1,
            Some(event) => {
                let keep = self
                    .event_type
                    .as_deref()
                    .is_none_or(|t| *t == *event.event_type);
                self.closed.push((open.key, seq, keep.then_some(event)));
            }
        }
    }

    /// Close every open event and return all closed events in closing order.
    pub fn finish(mut self, counters: &mut Counters) -> Vec<Closed> {
        while !self.open.is_empty() {
            self.close_oldest(counters);
        }
        self.closed
    }
}
