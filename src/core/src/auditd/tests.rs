//! End-to-end tests of the auditd parser on small logs whose expected values were
//! checked against msticpy 3.0.2 (`read_from_file`).
use std::io::Cursor;

use super::*;

const EXEC: &str = concat!(
    "type=SYSCALL msg=audit(1700000000.123:10): arch=c000003e syscall=59 success=yes exit=0 ",
    "a0=55d items=2 ppid=10 pid=11 auid=4294967295 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 ",
    "sgid=0 fsgid=0 tty=pts0 ses=4294967295 comm=\"ls\" exe=\"/bin/ls\" key=(null)\n",
    "type=EXECVE msg=audit(1700000000.123:10): argc=5 a0=\"ls\" a1=2D6C61 a2=\"x y\" a3=41\n",
    "type=CWD msg=audit(1700000000.123:10): cwd=\"/root\"\n",
    "type=PROCTITLE msg=audit(1700000000.123:10): proctitle=6C73002D6C61\n",
    "type=USER_ACCT msg=audit(1700000001.5:11): pid=1 uid=0 auid=4294967295 ses=4294967295 ",
    "msg='op=PAM:accounting grantors=pam_unix acct=\"root\" exe=\"/usr/sbin/cron\" hostname=? ",
    "addr=? terminal=cron res=success'\n",
    "type=USER_START msg=audit(1700000002.5:12): pid=1 uid=0 auid=4294967295 ",
    "ses=4294967295 msg='op=PAM:session_open acct=\"root\" res=success'\n",
);

fn parse(text: &str, opts: &AuditOptions) -> AuditTable {
    match FileParser::new(Cursor::new(text.as_bytes().to_vec()), opts).run() {
        Ok(table) => table,
        Err(e) => unreachable!("in-memory read failed: {e}"),
    }
}

fn column<'a>(table: &'a AuditTable, name: &str) -> &'a ColumnData {
    match table.columns.iter().find(|c| &*c.name == name) {
        Some(c) => &c.data,
        None => unreachable!("no column {name}"),
    }
}

fn txt(s: &str) -> CellView<'_> {
    CellView::Text(s)
}

/// The cells of an object column (and the same view for other columns).
fn cells<'a>(table: &'a AuditTable, name: &str) -> Vec<CellView<'a>> {
    column(table, name).views()
}

#[test]
fn msticpy_reference_sample() {
    let t = parse(EXEC, &AuditOptions::default());
    let names: Vec<&str> = t.columns.iter().map(|c| &*c.name).collect();
    assert_eq!(
        names,
        [
            "a0",
            "a1",
            "a2",
            "acct",
            "addr",
            "argc",
            "auid",
            "cmdline",
            "cwd",
            "egid",
            "euid",
            "exe",
            "gid",
            "hostname",
            "msg",
            "pid",
            "ppid",
            "proctitle",
            "res",
            "ses",
            "success",
            "terminal",
            "uid"
        ]
    );
    assert_eq!(&*t.event_types[0], "SYSCALL_EXECVE");
    assert_eq!(&*t.event_types[1], "USER_ACCT");
    assert_eq!(&*t.event_types[2], "USER_START");
    assert_eq!(t.labels, [0, 1, 2]);
    assert_eq!(&*t.keys[0], "1700000000.123");
    assert_eq!(t.time_ns[1], Some(1_700_000_001_500_000_000));
    assert_eq!(
        cells(&t, "cmdline"),
        vec![txt("ls -la x  "), CellView::Missing, CellView::Missing]
    );
    assert!(matches!(column(&t, "argc"), ColumnData::Float(_)));
    assert_eq!(
        cells(&t, "argc"),
        vec![CellView::Float(5.0), CellView::Missing, CellView::Missing]
    );
    assert_eq!(
        cells(&t, "proctitle"),
        vec![txt("ls\0-la"), CellView::Missing, CellView::Missing]
    );
    assert_eq!(
        cells(&t, "auid"),
        vec![CellView::Int(-1), CellView::Int(-1), txt("4294967295")]
    );
    assert_eq!(
        cells(&t, "msg"),
        vec![
            CellView::Missing,
            txt("'op=PAM:accounting"),
            txt("'op=PAM:session_open")
        ]
    );
    assert_eq!(t.counters.events, 3);
    assert_eq!(t.counters.lines, 6);
}

fn exec_lines(key: &str, serial: u32, argv: &[&str]) -> String {
    let args: Vec<String> = argv
        .iter()
        .enumerate()
        .map(|(i, a)| format!("a{i}=\"{a}\""))
        .collect();
    format!(
        "type=SYSCALL msg=audit({key}:{serial}): success=yes ppid=1 pid=2 auid=0 uid=0 gid=0 \
         euid=0 egid=0 ses=1 exe=\"/bin/x\"\n\
         type=EXECVE msg=audit({key}:{serial}): argc={} {}\n",
        argv.len(),
        args.join(" ")
    )
}

#[test]
fn interleaved_ids_group_within_the_window() {
    let a = exec_lines("100.001", 1, &["a", "b"]);
    let b = exec_lines("100.002", 2, &["c"]);
    let (a1, a2) = a.split_once('\n').unwrap_or_default();
    let (b1, b2) = b.split_once('\n').unwrap_or_default();
    let text = format!("{b1}\n{a1}\n{b2}{a2}");
    let t = parse(&text, &AuditOptions::default());
    assert_eq!(t.event_types.len(), 2);
    assert!(t.event_types.iter().all(|e| &**e == "SYSCALL_EXECVE"));
    // Sorted by key like `groupby`, whatever the arrival order.
    assert_eq!(&*t.keys[0], "100.001");
    assert_eq!(cells(&t, "cmdline"), vec![txt("a b"), txt("c")]);
    assert_eq!(t.counters.late_records, 0);
}

#[test]
fn a_window_of_one_splits_returning_ids_and_counts_them() {
    let a = exec_lines("100.001", 1, &["a"]);
    let b = exec_lines("100.002", 2, &["c"]);
    let (a1, a2) = a.split_once('\n').unwrap_or_default();
    let text = format!("{a1}\n{b}{a2}");
    let mut opts = AuditOptions::default();
    opts.limits.audit_max_pending_events = 1;
    let t = parse(&text, &opts);
    assert_eq!(t.event_types.len(), 3);
    assert_eq!(t.counters.late_records, 1);
    // Events a (0), b (1), then a again (2): a window of two would have held it.
    assert_eq!(t.counters.window_needed, 2);
    opts.limits.audit_max_pending_events = 2;
    let held = parse(&text, &opts);
    assert_eq!(held.counters.late_records, 0);
    assert_eq!(held.counters.window_needed, 0);
    let whole = parse(&text, &AuditOptions::default());
    assert_eq!(whole.event_types.len(), 2);
}

#[test]
fn window_needed_is_enough_for_a_reversed_log() {
    // Every event's records at both ends of the log: the first half of each event,
    // then all second halves in reverse order.
    let events: Vec<String> = (0..40)
        .map(|i| exec_lines(&format!("200.{i:03}"), i, &["x"]))
        .collect();
    let halves: Vec<(&str, &str)> = events
        .iter()
        .map(|e| e.split_once('\n').unwrap_or_default())
        .collect();
    let mut text = String::new();
    for (first, _) in &halves {
        text.push_str(first);
        text.push('\n');
    }
    for (_, rest) in halves.iter().rev() {
        text.push_str(rest);
    }
    let mut opts = AuditOptions::default();
    opts.limits.audit_max_pending_events = 5;
    let small = parse(&text, &opts);
    assert!(small.counters.late_records > 0);
    let needed = small.counters.window_needed;
    assert!(needed > 5);
    opts.limits.audit_max_pending_events = usize::try_from(needed).unwrap_or(usize::MAX);
    let exact = parse(&text, &opts);
    assert_eq!(exact.counters.late_records, 0);
    assert_eq!(exact.event_types.len(), 40);
}

#[test]
fn hostile_lines_are_skipped_and_counted() {
    let long = format!("type=SYSCALL msg=audit(5.5:1): x={}\n", "A".repeat(1 << 20));
    let text = format!(
        "garbage\n\n   \ntype=X no body msg=audit(1.0:1)\nnode=h type=Y msg=audit(1.0:2): a=b\n\
         type=Z msg=audit(abc:3): k=v\n{long}type=EXECVE msg=audit(2.0:4): argc=1 a0=ZZ\n\
         type=PROCTITLE msg=audit(2.0:4): proctitle=414\n\
         type=SYSCALL msg=audit(2.0:4): success=yes ppid=notanumber pid=3\n\
         \u{fe}\u{ff}type=\u{0}\n"
    );
    let mut bytes = text.into_bytes();
    bytes.extend_from_slice(b"type=W msg=audit(3.0:1): bad=\xff\xfe\n");
    let t = match FileParser::new(Cursor::new(bytes), &AuditOptions::default()).run() {
        Ok(t) => t,
        Err(e) => unreachable!("{e}"),
    };
    let c = t.counters;
    assert_eq!(c.blank_lines, 2);
    assert_eq!(c.no_msg_id, 2); // "garbage" and the junk line cut at its NUL
    assert_eq!(c.no_body, 1);
    assert_eq!(c.no_type, 1);
    assert_eq!(c.too_long, 1);
    assert_eq!(c.invalid_utf8, 1);
    assert_eq!(c.bad_hex, 2);
    assert_eq!(c.bad_int, 1);
    assert_eq!(c.bad_timestamp, 1);
    // Sorted by key: 2.0 (SYSCALL_EXECVE), 3.0, abc.
    assert_eq!(t.event_types.len(), 3);
    assert_eq!(t.time_ns[2], None);
    let exec = t
        .event_types
        .iter()
        .position(|e| &**e == "SYSCALL_EXECVE")
        .unwrap_or(usize::MAX);
    assert_eq!(exec, 0);
    // Typed SYSCALL fields stopped at the bad ppid; EXECVE's a0 kept raw.
    assert!(t.columns.iter().all(|c| &*c.name != "ppid"));
    assert_eq!(cells(&t, "a0")[0], txt("ZZ"));
}

#[test]
fn event_type_filter_keeps_msticpy_row_labels() {
    let opts = AuditOptions {
        event_type: Some("USER_ACCT".into()),
        ..AuditOptions::default()
    };
    let t = parse(EXEC, &opts);
    assert_eq!(t.labels, [1]);
    assert_eq!(&*t.event_types[0], "USER_ACCT");
    // Columns come from the kept rows only, in the record's order.
    let names: Vec<&str> = t.columns.iter().map(|c| &*c.name).collect();
    assert_eq!(
        names,
        [
            "pid", "uid", "auid", "ses", "msg", "acct", "exe", "hostname", "addr", "terminal",
            "res"
        ]
    );
    assert!(matches!(column(&t, "pid"), ColumnData::Int(v) if v == &[1]));
}

#[test]
fn huge_argc_padding_is_capped() {
    let text = exec_lines("9.0", 1, &["a"]).replace("argc=1", "argc=999999999999");
    let t = parse(&text, &AuditOptions::default());
    match cells(&t, "cmdline")[0] {
        CellView::Text(s) => assert_eq!(s.len(), Limits::DEFAULT.audit_max_line_bytes),
        other => unreachable!("{other:?}"),
    }
    assert_eq!(t.counters.capped_cmdlines, 1);
}

#[test]
fn full_cmdline_joins_every_argument() {
    let text = concat!(
        "type=SYSCALL msg=audit(9.0:1): success=yes ppid=1 pid=2 auid=0 uid=0 gid=0 euid=0 ",
        "egid=0 ses=1 exe=\"/sbin/iptables\"\n",
        "type=EXECVE msg=audit(9.0:1): argc=6 a0=\"iptables\" a1=\"-w\" a2=\"-t\" a3=\"nat\"\n",
        "type=EXECVE msg=audit(9.0:1): a4_len=8 a4[0]=68656C6C a4[1]=6F20776F a5=\"end\"\n",
    );
    let msticpy = parse(text, &AuditOptions::default());
    // msticpy keeps the last EXECVE record only: it has no argc, so nothing typed.
    assert_eq!(cells(&msticpy, "cmdline"), vec![txt("")]);
    let full = parse(
        text,
        &AuditOptions {
            cmdline: CmdlineMode::Full,
            ..AuditOptions::default()
        },
    );
    assert_eq!(
        cells(&full, "cmdline"),
        vec![txt("iptables -w -t nat hello wo end")]
    );
}

#[test]
fn frame_forms() {
    let lines: Vec<Option<&str>> = EXEC.lines().map(Some).chain([None]).collect();
    let t = parse_line_rows(&lines, &AuditOptions::default());
    // One event per row, no grouping: SYSCALL, EXECVE, CWD, PROCTITLE, USER_ACCT, USER_START.
    assert_eq!(t.event_types.len(), 6);
    assert_eq!(&*t.event_types[1], "EXECVE");
    assert_eq!(t.counters.no_msg_id, 1);
    let rows = vec![
        Some(vec![
            Record {
                msg_type: "SYSCALL".into(),
                tokens: Tokens::List(vec!["success=yes".into(), "ppid=4".into()]),
            },
            Record {
                msg_type: "EXECVE".into(),
                tokens: Tokens::List(vec!["argc=1".into(), "a0=6C73".into()]),
            },
        ]),
        Some(Vec::new()),
        None,
    ];
    let ids = [Some("17.5:3"), Some("18:1"), None];
    let t = parse_record_rows(rows, &ids, &AuditOptions::default());
    assert_eq!(t.labels, [0]);
    assert_eq!(t.time_ns, [Some(17_500_000_000)]);
    assert_eq!(t.counters.empty_events, 2);
    assert_eq!(cells(&t, "cmdline"), vec![txt("ls")]);
}

#[test]
fn unpack_records_overwrites_like_a_dict() {
    let mut c = Counters::default();
    let recs = [
        Record::from_body("EXECVE", "argc=1 a0=6C73 a0=\"x\" flag"),
        Record::from_body("CWD", "cwd=\"/\""),
        Record::from_body("EXECVE", "argc=2 a0=4142"),
    ];
    let out = unpack_records(&recs, &mut c);
    assert_eq!(out[0].0, "EXECVE");
    assert_eq!(
        out[0].1,
        [
            ("argc".to_string(), Some("2".to_string())),
            ("a0".to_string(), Some("AB".to_string()))
        ]
    );
    let first = unpack_records(&recs[..1], &mut c);
    assert_eq!(first[0].1[1], ("a0".to_string(), Some("x".to_string())));
    assert_eq!(first[0].1[2], ("flag".to_string(), None));
}
