//! Event assembly: msticpy's `_extract_event` and `_extract_mssg_value`.
//!
//! With both `SYSCALL` and `EXECVE` records the event is `SYSCALL_EXECVE`: typed fields
//! of `SYSCALL`, `CWD`, `EXECVE`, `PROCTITLE` (other records ignored) and `cmdline`, the
//! space-join of `a0 .. a{argc-1}` where only `a0..a2` were copied, so at most three
//! arguments followed by blank padding (msticpy's behaviour, kept by default;
//! [`CmdlineMode::Full`] opts into the whole command line). Otherwise the event type is
//! the first record's type, typed records give their schema fields and other records
//! merge all their fields. Typed extraction of a record stops at its first missing or
//! empty field; `4294967295` becomes `-1`; a name already present is stored as
//! `{name}_{TYPE}`.
use std::borrow::Cow;

use super::fields::{Fields, Name, TextRef, Value};
use super::hex::decode_hex_bytes;
use super::pytext::py_int;
use super::record::{decode_value, Record};
use super::schema::{field_defs, Conv};
use super::status::Counters;

/// How `cmdline` of a `SYSCALL_EXECVE` event is built.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CmdlineMode {
    /// msticpy's: `a0 a1 a2` then one blank per further argument.
    #[default]
    Msticpy,
    /// Every argument `a0 .. a{argc-1}` of all `EXECVE` records, hex-decoded, with the
    /// kernel's split form (`aN_len`, `aN[0]`, `aN[1]`, ...) joined.
    Full,
}

/// One assembled event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// `SYSCALL_EXECVE` or the first record's type.
    pub event_type: Name,
    /// Its fields in msticpy's order.
    pub fields: Fields,
    /// The text of its text values.
    pub text: String,
}

impl Event {
    /// The text of a value (`None` for integers and `None` values).
    pub fn text_of(&self, value: &Value) -> Option<&str> {
        match value {
            Value::Text(r) => Some(r.get(&self.text)),
            _ => None,
        }
    }
}

/// Assembly settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AssembleOptions {
    /// How `cmdline` is built.
    pub cmdline: CmdlineMode,
    /// The longest `cmdline` built from blank padding (bytes); a huge `argc` is capped.
    pub max_cmdline_bytes: usize,
}

/// Assemble one event from its records (one per type, first-appearance order; for
/// [`CmdlineMode::Full`] earlier `EXECVE` records may be passed in `extra_execve`).
/// `None` when there is no record.
pub fn assemble(
    records: &[Record],
    extra_execve: &[Record],
    opts: &AssembleOptions,
    counters: &mut Counters,
) -> Option<Event> {
    let first = records.first()?;
    let find = |t: &str| records.iter().find(|r| &*r.msg_type == t);
    let mut fields = Fields::with_capacity(24);
    let mut text = String::with_capacity(256);
    if let (Some(_), Some(execve)) = (find("SYSCALL"), find("EXECVE")) {
        for msg_type in ["SYSCALL", "CWD", "EXECVE", "PROCTITLE"] {
            let Some(record) = find(msg_type) else {
                continue;
            };
            extract_typed(record, &mut fields, &mut text, counters);
            if msg_type == "EXECVE" {
                let cmdline = match opts.cmdline {
                    CmdlineMode::Msticpy => msticpy_cmdline(&fields, &text, opts, counters),
                    CmdlineMode::Full => full_cmdline(extra_execve, execve, &fields, counters),
                };
                let value = Value::Text(TextRef::push(&mut text, &cmdline));
                fields.set_static("cmdline", value);
            }
        }
        return Some(Event {
            event_type: Name::Borrowed("SYSCALL_EXECVE"),
            fields,
            text,
        });
    }
    for record in records {
        if field_defs(&record.msg_type).is_some() {
            extract_typed(record, &mut fields, &mut text, counters);
        } else {
            for (key, value) in record.fields() {
                let value = match value {
                    Some(v) => {
                        let decoded = decode_value(&record.msg_type, key, v, counters);
                        Value::Text(TextRef::push(&mut text, &decoded))
                    }
                    None => Value::Null,
                };
                fields.set(key, value);
            }
        }
    }
    Some(Event {
        event_type: first.msg_type.clone(),
        fields,
        text,
    })
}

/// `_extract_mssg_value` for one typed record.
fn extract_typed(record: &Record, fields: &mut Fields, buf: &mut String, counters: &mut Counters) {
    let Some(defs) = field_defs(&record.msg_type) else {
        return;
    };
    let slots = record.typed_slots(defs);
    for (&(name, conv), slot) in defs.iter().zip(slots) {
        let text = match slot {
            Some(Some(raw)) => decode_value(&record.msg_type, name, raw, counters),
            _ => return,
        };
        if text.is_empty() {
            return;
        }
        let value = match conv {
            Conv::Text => Value::Text(TextRef::push(buf, &text)),
            Conv::Int => match py_int(&text) {
                Some(4_294_967_295) => Value::Int(-1),
                Some(n) => Value::Int(n),
                None => {
                    counters.bad_int += 1;
                    return;
                }
            },
        };
        fields.insert_typed(name, &record.msg_type, value);
    }
}

fn text_of<'a>(fields: &Fields, buf: &'a str, key: &str) -> &'a str {
    match fields.get(key) {
        Some(Value::Text(t)) => t.get(buf),
        _ => "",
    }
}

/// `" ".join(d.get(f"a{i}", "") for i in range(argc))` with only `a0..a2` present.
fn msticpy_cmdline(
    fields: &Fields,
    buf: &str,
    opts: &AssembleOptions,
    counters: &mut Counters,
) -> String {
    let argc = match fields.get("argc") {
        Some(Value::Int(n)) => *n,
        _ => 1,
    };
    let argc = usize::try_from(argc).unwrap_or(0);
    let mut out = String::new();
    for i in 0..argc.min(3) {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(text_of(fields, buf, ["a0", "a1", "a2"][i]));
    }
    if argc > 3 {
        let padding = argc - 3;
        let room = opts.max_cmdline_bytes.saturating_sub(out.len());
        if padding > room {
            counters.capped_cmdlines += 1;
        }
        out.extend(std::iter::repeat_n(' ', padding.min(room)));
    }
    out
}

/// Every argument of the `EXECVE` records, in order.
fn full_cmdline(
    earlier: &[Record],
    last: &Record,
    fields: &Fields,
    counters: &mut Counters,
) -> String {
    let mut args: Vec<(usize, String)> = Vec::new();
    for record in earlier.iter().chain(std::iter::once(last)) {
        collect_args(record, &mut args, counters);
    }
    args.sort_by_key(|(i, _)| *i);
    let argc = match fields.get("argc") {
        Some(Value::Int(n)) => usize::try_from(*n).unwrap_or(0),
        _ => args.last().map_or(0, |(i, _)| i + 1),
    };
    let mut out: Vec<&str> = Vec::new();
    let mut next = args.iter().peekable();
    for i in 0..argc.min(args.last().map_or(0, |(i, _)| i + 1)) {
        let mut text = "";
        while let Some((j, t)) = next.peek() {
            if *j > i {
                break;
            }
            if *j == i {
                text = t;
            }
            next.next();
        }
        out.push(text);
    }
    out.join(" ")
}

/// `aN=value` and the split form `aN[k]=chunk` of one `EXECVE` record.
fn collect_args(record: &Record, args: &mut Vec<(usize, String)>, counters: &mut Counters) {
    let mut pieces: Vec<(usize, usize, Vec<u8>)> = Vec::new();
    for (key, value) in record.fields() {
        let (Some(rest), Some(value)) = (key.strip_prefix('a'), value) else {
            continue;
        };
        let (index, chunk) = match rest.split_once('[') {
            Some((n, k)) => (n.parse::<usize>(), k.strip_suffix(']').map(str::parse)),
            None => (rest.parse::<usize>(), None),
        };
        let Ok(index) = index else { continue };
        let bytes = arg_bytes(value, counters);
        match chunk {
            None => pieces.push((index, 0, bytes)),
            Some(Ok(k)) => pieces.push((index, k, bytes)),
            Some(Err(_)) => {}
        }
    }
    pieces.sort_by_key(|(i, k, _)| (*i, *k));
    let mut current: Option<(usize, Vec<u8>)> = None;
    for (index, _, bytes) in pieces {
        match &mut current {
            Some((i, acc)) if *i == index => acc.extend_from_slice(&bytes),
            _ => {
                if let Some((i, acc)) = current.take() {
                    args.push((i, String::from_utf8_lossy(&acc).into_owned()));
                }
                current = Some((index, bytes));
            }
        }
    }
    if let Some((i, acc)) = current {
        args.push((i, String::from_utf8_lossy(&acc).into_owned()));
    }
}

/// A quoted argument is literal; an unquoted one is hex (raw text if it is not).
fn arg_bytes(value: &str, counters: &mut Counters) -> Vec<u8> {
    if let Some(inner) = value.strip_prefix('"') {
        return Cow::Borrowed(inner.strip_suffix('"').unwrap_or(inner))
            .as_bytes()
            .to_vec();
    }
    decode_hex_bytes(value).unwrap_or_else(|| {
        counters.bad_hex += 1;
        value.as_bytes().to_vec()
    })
}
