//! Fuzz every IoC entry point with arbitrary text (bytes decoded lossily, as the
//! bindings do for lone surrogates). Asserts no panic, and that every `matches` row
//! points at text that exists in the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mstic_core::ioc::matches::find_matches;
use mstic_core::ioc::registry::Tables;
use mstic_core::ioc::scan::{scan_text, ScanOptions};
use mstic_core::ioc::{psl, validate};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let tables = Tables::with_builtins();
    for (defanged, extended) in [(true, false), (false, true)] {
        let opts = ScanOptions {
            types: None,
            defanged,
            ignore_tlds: false,
            max_matches: 10_000,
            threads: 1,
            extended,
            deadline: None,
        };
        let found = scan_text(&tables, &text, &opts);
        for (_, values) in &found.groups {
            for value in values {
                let _ = value.as_str(&text);
            }
        }
        let (rows, _) = find_matches(&tables, &text, &opts);
        let chars: Vec<char> = text.chars().collect();
        for row in rows {
            assert!(row.start <= row.end && row.end <= chars.len());
            let raw: String = chars[row.start..row.end].iter().collect();
            assert_eq!(raw, row.raw);
        }
    }
    let _ = psl::validate_tld(&text);
    for ioc_type in ["ipv4", "ipv6", "dns", "url", "email", "md5_hash", "windows_path"] {
        let _ = validate::validate(&tables, &text, ioc_type, true, false);
    }
});
