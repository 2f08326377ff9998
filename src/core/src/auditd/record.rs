//! One audit record (a type and its `key=value` tokens) and msticpy's value rules
//! (`unpack_auditd`): a token without `=` is a key with no value; a later duplicate key
//! overwrites the earlier value; encoded fields are hex-decoded when unquoted and valid;
//! every other value loses its surrounding `"`.
use std::borrow::Cow;

use super::fields::Name;
use super::hex::decode_hex_utf8;
use super::pytext::strip_quotes;
use super::schema::{is_encoded, FieldDef};
use super::status::Counters;

/// Record types common enough to share one static name.
const KNOWN_TYPES: &[&str] = &[
    "SYSCALL",
    "EXECVE",
    "CWD",
    "PATH",
    "PROCTITLE",
    "SOCKADDR",
    "LOGIN",
    "USER_START",
    "USER_END",
    "CRED_DISP",
    "USER_ACCT",
    "CRED_ACQ",
    "CRED_REFR",
    "USER_CMD",
    "USER_AUTH",
    "USER_LOGIN",
    "CONFIG_CHANGE",
    "SERVICE_START",
    "SERVICE_STOP",
    "AVC",
    "ANOM_ABEND",
    "BPRM_FCAPS",
    "NETFILTER_CFG",
    "USER_ERR",
    "EOE",
];

/// The record type as a [`Name`] (static for common types).
pub fn type_name(msg_type: &str) -> Name {
    match KNOWN_TYPES.iter().find(|t| **t == msg_type) {
        Some(t) => Cow::Borrowed(t),
        None => Cow::Owned(msg_type.to_owned()),
    }
}

/// The most typed fields any record type has in msticpy's schema, rounded up.
pub const MAX_TYPED: usize = 16;

/// Where a record's tokens come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tokens {
    /// A raw line's body, split on single spaces (empty tokens included, as Python's
    /// `str.split(" ")`).
    Body(Box<str>),
    /// Tokens already split (the Log Analytics list-of-dicts form).
    List(Vec<String>),
}

/// One record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The record type (`SYSCALL`, `EXECVE`, ...).
    pub msg_type: Name,
    /// Its tokens.
    pub tokens: Tokens,
}

impl Record {
    /// A record from a raw line's type and body.
    pub fn from_body(msg_type: &str, body: &str) -> Self {
        Record {
            msg_type: type_name(msg_type),
            tokens: Tokens::Body(body.into()),
        }
    }

    /// The raw `(key, value)` slices in token order (value `None` without `=`).
    pub fn fields(&self) -> FieldIter<'_> {
        match &self.tokens {
            Tokens::Body(body) => FieldIter {
                body: Some(SpaceSplit { rest: Some(body) }),
                list: [].iter(),
            },
            Tokens::List(items) => FieldIter {
                body: None,
                list: items.iter(),
            },
        }
    }

    /// For each typed field of `defs`, the raw value of its last occurrence (`None`:
    /// absent; `Some(None)`: present without a value), in one pass and no allocation.
    pub fn typed_slots(&self, defs: &[FieldDef]) -> [Option<Option<&str>>; MAX_TYPED] {
        let mut slots = [None; MAX_TYPED];
        for (key, value) in self.fields() {
            if let Some(i) = defs.iter().position(|(name, _)| *name == key) {
                if let Some(slot) = slots.get_mut(i) {
                    *slot = Some(value);
                }
            }
        }
        slots
    }
}

/// `str.split(" ")` over bytes (tokens are short: a plain loop beats a searcher).
#[derive(Debug, Clone)]
struct SpaceSplit<'a> {
    rest: Option<&'a str>,
}

impl<'a> Iterator for SpaceSplit<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        match rest.bytes().position(|b| b == b' ') {
            Some(at) => {
                self.rest = Some(&rest[at + 1..]);
                Some(&rest[..at])
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

/// Iterator over a record's `(key, value)` slices.
#[derive(Debug, Clone)]
pub struct FieldIter<'a> {
    body: Option<SpaceSplit<'a>>,
    list: std::slice::Iter<'a, String>,
}

impl<'a> Iterator for FieldIter<'a> {
    type Item = (&'a str, Option<&'a str>);

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.body {
            Some(body) => body.next().map(split),
            None => self.list.next().map(|t| split(t)),
        }
    }
}

fn split(token: &str) -> (&str, Option<&str>) {
    match token.bytes().position(|b| b == b'=') {
        Some(at) => (&token[..at], Some(&token[at + 1..])),
        None => (token, None),
    }
}

/// msticpy's value rule for `key=value` in a record of type `msg_type`.
pub fn decode_value<'a>(
    msg_type: &str,
    key: &str,
    value: &'a str,
    counters: &mut Counters,
) -> Cow<'a, str> {
    if is_encoded(msg_type, key) && !value.starts_with('"') {
        match decode_hex_utf8(value) {
            Some(text) => Cow::Owned(text),
            None => {
                counters.bad_hex += 1;
                Cow::Borrowed(value)
            }
        }
    } else {
        Cow::Borrowed(strip_quotes(value))
    }
}

/// One type's fields as `unpack_auditd` returns them: `(key, value or None)` in order.
pub type UnpackedRecord = (String, Vec<(String, Option<String>)>);

/// `unpack_auditd` on a list of records: per type (first-appearance order, a later
/// record of the same type replacing the earlier one) its fields in first-occurrence
/// order with the last value.
pub fn unpack_records(records: &[Record], counters: &mut Counters) -> Vec<UnpackedRecord> {
    let mut out: Vec<UnpackedRecord> = Vec::new();
    for record in records {
        let mut fields: Vec<(String, Option<String>)> = Vec::new();
        let mut index: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
        for (key, value) in record.fields() {
            let value =
                value.map(|v| decode_value(&record.msg_type, key, v, counters).into_owned());
            match index.get(key) {
                Some(&at) => fields[at].1 = value,
                None => {
                    index.insert(key, fields.len());
                    fields.push((key.to_owned(), value));
                }
            }
        }
        match out.iter_mut().find(|(t, _)| **t == *record.msg_type) {
            Some(slot) => slot.1 = fields,
            None => out.push((record.msg_type.to_string(), fields)),
        }
    }
    out
}
