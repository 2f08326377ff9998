//! Property test: no input makes the IoC engine panic.
//!
//! Random strings over an alphabet weighted towards the characters IoC patterns care
//! about (dots, colons, brackets, hex, `@`, `%`, slashes) plus multi-byte characters,
//! run through every entry point. A panic here would reach Python as
//! `PanicException`, which the project treats as a crash.
use mstic_core::ioc::matches::find_matches;
use mstic_core::ioc::registry::Tables;
use mstic_core::ioc::scan::{scan_text, ScanOptions};
use mstic_core::ioc::{psl, unquote, validate};

const ALPHABET: &[&str] = &[
    "a",
    "f",
    "x",
    "z",
    "0",
    "9",
    ".",
    ":",
    "[",
    "]",
    "(",
    ")",
    "@",
    "%",
    "/",
    "\\",
    "-",
    "_",
    " ",
    "\n",
    "[.]",
    "[at]",
    "hxxp",
    "://",
    "http",
    "é",
    "文",
    "ı",
    "K",
    "\u{200b}",
    "\u{10FFFF}",
    "xn--",
    "%C3",
    "%2F",
    "com",
    "=",
    "?",
    "#",
    "'",
    "\"",
    "\0",
];

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn random_text(rng: &mut XorShift) -> String {
    let len = (rng.next() % 40) as usize;
    (0..len)
        .map(|_| ALPHABET[(rng.next() % ALPHABET.len() as u64) as usize])
        .collect()
}

#[test]
fn random_inputs_never_panic() {
    let tables = Tables::with_builtins();
    let types: Vec<String> = tables
        .table(false)
        .iter()
        .map(|d| d.ioc_type.clone())
        .collect();
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    for i in 0..20_000 {
        let text = random_text(&mut rng);
        let defanged = i % 2 == 0;
        let opts = ScanOptions {
            types: None,
            defanged,
            ignore_tlds: i % 3 == 0,
            max_matches: 1000,
            threads: 1,
            extended: i % 5 == 0,
            deadline: None,
        };
        let _ = scan_text(&tables, &text, &opts);
        let _ = find_matches(&tables, &text, &opts);
        let _ = psl::validate_tld(&text);
        let _ = unquote::unquote(&text);
        for t in &types {
            let _ = validate::validate(&tables, &text, t, defanged, false);
        }
    }
}
