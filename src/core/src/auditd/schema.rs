//! msticpy 3.0.2's tables: which fields are hex-encoded per record type
//! (`_ENCODED_PARAMS`) and the typed field schema per record type (`_FIELD_DEFS`).
//!
//! `USER_START` is absent on purpose: msticpy lists it under the misspelt key
//! `_USER_START`, so its records take the raw path (every field, as text).

/// How a typed field is converted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conv {
    /// Kept as text.
    Text,
    /// `int(value)`, with `4294967295` (unset id) turned into `-1`.
    Int,
}

use Conv::{Int, Text};

/// A typed field: its name and conversion.
pub type FieldDef = (&'static str, Conv);

const USER_START: &[FieldDef] = &[
    ("pid", Int),
    ("uid", Int),
    ("auid", Int),
    ("ses", Int),
    ("msg", Text),
    ("acct", Text),
    ("exe", Text),
    ("hostname", Text),
    ("addr", Text),
    ("terminal", Text),
    ("res", Text),
];

const SYSCALL: &[FieldDef] = &[
    ("success", Text),
    ("ppid", Int),
    ("pid", Int),
    ("auid", Int),
    ("uid", Int),
    ("gid", Int),
    ("euid", Int),
    ("egid", Int),
    ("ses", Int),
    ("exe", Text),
    ("com", Text),
];

const LOGIN: &[FieldDef] = &[
    ("pid", Int),
    ("uid", Int),
    ("tty", Text),
    ("old-ses", Int),
    ("ses", Int),
    ("res", Text),
];

const USER_CMD: &[FieldDef] = &[
    ("pid", Int),
    ("uid", Int),
    ("auid", Int),
    ("ses", Int),
    ("msg", Text),
    ("cmd", Text),
    ("terminal", Text),
    ("res", Text),
];

/// The typed schema of a record type, if msticpy has one.
pub fn field_defs(msg_type: &str) -> Option<&'static [FieldDef]> {
    Some(match msg_type {
        "SYSCALL" => SYSCALL,
        "CWD" => &[("cwd", Text)],
        "PROCTITLE" => &[("proctitle", Text)],
        "LOGIN" => LOGIN,
        "EXECVE" => &[("argc", Int), ("a0", Text), ("a1", Text), ("a2", Text)],
        "USER_END" | "CRED_DISP" | "USER_ACCT" | "CRED_ACQ" => USER_START,
        "USER_CMD" => USER_CMD,
        _ => return None,
    })
}

/// Whether msticpy hex-decodes `field` of `msg_type` (when the value is not quoted).
pub fn is_encoded(msg_type: &str, field: &str) -> bool {
    match msg_type {
        "EXECVE" => matches!(field, "a0" | "a1" | "a2" | "a3" | "arch"),
        "PROCTITLE" => field == "proctitle",
        "USER_CMD" => field == "cmd",
        _ => false,
    }
}
