//! One audit record (a type and its `key=value` tokens) and msticpy's value rules
//! (`unpack_auditd`): a token without `=` is a key with no value; a later duplicate key
//! overwrites the earlier value; encoded fields are hex-decoded when unquoted and valid;
//! every other value loses its surrounding `"`.
use std::borrow::Cow;

use super::hex::decode_hex_utf8;
use super::pytext::strip_quotes;
use super::schema::is_encoded;
use super::status::Counters;

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
    pub msg_type: Box<str>,
    /// Its tokens.
    pub tokens: Tokens,
}

impl Record {
    /// A record from a raw line's type and body.
    pub fn from_body(msg_type: &str, body: &str) -> Self {
        Record {
            msg_type: msg_type.into(),
            tokens: Tokens::Body(body.into()),
        }
    }

    /// The raw `(key, value)` slices in token order (value `None` without `=`).
    pub fn raw_fields(&self) -> Vec<(&str, Option<&str>)> {
        match &self.tokens {
            Tokens::Body(body) => body.split(' ').map(split).collect(),
            Tokens::List(items) => items.iter().map(|t| split(t)).collect(),
        }
    }
}

fn split(token: &str) -> (&str, Option<&str>) {
    match token.split_once('=') {
        Some((k, v)) => (k, Some(v)),
        None => (token, None),
    }
}

impl Record {
    /// The value msticpy keeps for `key` (its last occurrence), decoded.
    /// `None`: the key is absent; `Some(None)`: present without a value.
    pub fn lookup<'a>(
        &self,
        raw: &[(&str, Option<&'a str>)],
        key: &str,
        counters: &mut Counters,
    ) -> Option<Option<Cow<'a, str>>> {
        raw.iter()
            .rev()
            .find(|(k, _)| *k == key)
            .map(|(k, v)| v.map(|v| decode_value(&self.msg_type, k, v, counters)))
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
        let raw = record.raw_fields();
        for (key, value) in &raw {
            let value =
                value.map(|v| decode_value(&record.msg_type, key, v, counters).into_owned());
            match index.get(key) {
                Some(&at) => fields[at].1 = value,
                None => {
                    index.insert(key, fields.len());
                    fields.push(((*key).to_owned(), value));
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
