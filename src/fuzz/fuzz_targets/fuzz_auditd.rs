//! Fuzz the auditd parser: the input is an audit log (raw lines), parsed streamed with
//! tiny budgets in both `cmdline` modes, then line by line (the frame form), then as
//! pre-split records (the Log Analytics form). Asserts no panic and a consistent table.
#![no_main]

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use mstic_core::auditd::{
    parse_line_rows, parse_record_rows, unpack_records, AuditOptions, AuditTable, CellView,
    CmdlineMode, Counters, FileParser, Record, Tokens,
};
use mstic_core::Limits;

fn check(table: &AuditTable) {
    let n = table.labels.len();
    assert_eq!(table.keys.len(), n);
    assert_eq!(table.event_types.len(), n);
    assert_eq!(table.time_ns.len(), n);
    assert_eq!(table.counters.events, n as u64);
    for column in &table.columns {
        assert_eq!(column.data.len(), n);
    }
}

fuzz_target!(|data: &[u8]| {
    for cmdline in [CmdlineMode::Msticpy, CmdlineMode::Full] {
        let opts = AuditOptions {
            limits: Limits {
                audit_max_line_bytes: 4096,
                audit_max_pending_events: 3,
                ..Limits::DEFAULT
            },
            cmdline,
            event_type: None,
        };
        let mut parser = FileParser::new(Cursor::new(data), &opts);
        while let Ok(false) = parser.step(64) {}
        let table = parser.finish();
        check(&table);
        let padded = table.columns.iter().filter(|c| &*c.name == "cmdline");
        for column in padded.filter(|_| cmdline == CmdlineMode::Msticpy) {
            for cell in column.data.views() {
                if let CellView::Text(t) = cell {
                    // A padded cmdline never outgrows the line budget much.
                    assert!(t.len() <= 4096 * 4, "cmdline of {} bytes", t.len());
                }
            }
        }
    }
    let text = String::from_utf8_lossy(data);
    let lines: Vec<Option<&str>> = text.lines().map(Some).collect();
    check(&parse_line_rows(&lines, &AuditOptions::default()));
    let records: Vec<Option<Vec<Record>>> = lines
        .iter()
        .map(|line| {
            let line = line.unwrap_or("");
            let (msg_type, rest) = line.split_once(' ').unwrap_or((line, ""));
            Some(vec![Record {
                msg_type: msg_type.to_owned().into(),
                tokens: Tokens::List(rest.split(' ').map(str::to_owned).collect()),
            }])
        })
        .collect();
    check(&parse_record_rows(records.clone(), &lines, &AuditOptions::default()));
    let flat: Vec<Record> = records.into_iter().flatten().flatten().collect();
    let _ = unpack_records(&flat, &mut Counters::default());
});
