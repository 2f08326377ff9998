//! Reading tests, including hostile files: every one must end in a `Config` error that
//! names the file, never a panic, a stack overflow or unbounded memory.
use serde_json::Value;

use super::{parse_config, parse_config_bytes, MAX_CONFIG_BYTES};
use crate::Error;

const SECRET: &str = "CANARY-5f1d2c9e-secret";

fn parsed(text: &str) -> Value {
    let json = parse_config("cfg.yaml", text).unwrap_or_else(|e| unreachable!("{e}"));
    serde_json::from_str(&json).unwrap_or_else(|e| unreachable!("{e}"))
}

fn failure(text: &str) -> (Option<usize>, String, String, String) {
    match parse_config("cfg.yaml", text) {
        Err(err @ Error::Config { .. }) => {
            let message = err.to_string();
            let Error::Config {
                file,
                line,
                key,
                reason,
            } = err
            else {
                unreachable!()
            };
            assert_eq!(file, "cfg.yaml");
            assert!(message.starts_with("cfg.yaml: "), "{message}");
            assert!(!message.contains(SECRET), "{message}");
            (line, key, reason, message)
        }
        other => unreachable!("expected a config error, got {other:?}"),
    }
}

#[test]
fn valid_file_keeps_types_and_order() {
    let doc = parsed(
        "TIProviders:\n  OTX:\n    Args:\n      AuthKey:\n        EnvironmentVar: OTX_KEY\n    \
         Primary: True\n    Provider: OTX\nmsticpy:\n  http_timeout: 30\n  \
         QueryDefinitions: [a, 'b']\n",
    );
    assert_eq!(doc["TIProviders"]["OTX"]["Primary"], Value::Bool(true));
    assert_eq!(doc["msticpy"]["http_timeout"], 30);
    assert_eq!(doc["msticpy"]["QueryDefinitions"][1], "b");
    assert_eq!(
        doc["TIProviders"]["OTX"]["Args"]["AuthKey"]["EnvironmentVar"],
        "OTX_KEY"
    );
}

#[test]
fn empty_and_comment_only_files_are_empty_settings() {
    assert_eq!(parsed(""), serde_json::json!({}));
    assert_eq!(parsed("# nothing here\n"), serde_json::json!({}));
}

#[test]
fn yaml11_booleans_and_duplicate_keys_last_wins() {
    let doc = parsed("a:\n  flag: yes\n  off_flag: off\nb: 1\nb: 2\n");
    assert_eq!(doc["a"]["flag"], Value::Bool(true));
    assert_eq!(doc["a"]["off_flag"], Value::Bool(false));
    assert_eq!(doc["b"], 2);
}

#[test]
fn anchors_and_merge_keys_expand() {
    let doc = parsed("base: &b\n  Primary: true\nTI:\n  X:\n    <<: *b\n    Provider: X\n");
    assert_eq!(doc["TI"]["X"]["Primary"], Value::Bool(true));
    assert_eq!(doc["TI"]["X"]["Provider"], "X");
}

#[test]
fn top_level_must_be_a_mapping() {
    let (line, key, reason, _) = failure("- a\n- b\n");
    assert_eq!((line, key.as_str()), (Some(1), "(document)"));
    assert!(reason.contains("mapping"), "{reason}");
    let (_, _, reason, _) = failure("just text\n");
    assert!(reason.contains("found text"), "{reason}");
}

#[test]
fn syntax_error_names_line_and_key() {
    let text =
        format!("TIProviders:\n  OTX:\n    Args:\n      AuthKey: \"{SECRET}\n    Primary: true\n");
    let (line, key, _, message) = failure(&text);
    assert!(line.is_some(), "{message}");
    assert!(key.starts_with("TIProviders.OTX"), "{key}");
}

#[test]
fn bad_indentation_names_key() {
    let text = format!("A:\n  B:\n    ApiKey: {SECRET}\n   C: x\n");
    let (line, key, _, message) = failure(&text);
    assert_eq!(line, Some(4), "{message}");
    assert!(key.starts_with('A'), "{key}");
}

#[test]
fn tabs_for_indentation_are_an_error() {
    let (line, _, _, message) = failure("A:\n\tB: 1\n");
    assert_eq!(line, Some(2), "{message}");
}

#[test]
fn billion_laughs_fails_fast() {
    let mut text = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
    let mut prev = "a";
    for name in names {
        text.push_str(&format!(
            "{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
        prev = name;
    }
    let started = std::time::Instant::now();
    let (_, _, reason, _) = failure(&text);
    assert!(started.elapsed().as_secs() < 5);
    assert!(reason.contains("alias bomb"), "{reason}");
}

#[test]
fn deep_block_nesting_is_refused() {
    // 50k nested block sequences on one line ("- - - ... x"), then 1k indented mappings.
    let text = format!("a:\n  {}x\n", "- ".repeat(50_000));
    let (_, key, reason, _) = failure(&text);
    assert!(reason.contains("nested deeper than 64"), "{reason}");
    assert_eq!(key, "a");
    let mut text = String::new();
    for depth in 0..1_000 {
        text.push_str(&" ".repeat(depth));
        text.push_str("k:\n");
    }
    failure(&text);
}

#[test]
fn deep_flow_nesting_is_refused() {
    let text = format!("a: {}{}\n", "[".repeat(50_000), "]".repeat(50_000));
    failure(&text);
    let text = format!("a: {}\n", "{x: ".repeat(50_000));
    failure(&text);
}

#[test]
fn huge_file_is_refused_before_parsing() {
    let text = "a: b\n".repeat(MAX_CONFIG_BYTES / 5 + 1);
    let (line, key, reason, _) = failure(&text);
    assert_eq!((line, key.as_str()), (None, "(file)"));
    assert!(reason.contains("larger than"), "{reason}");
}

#[test]
fn non_utf8_bytes_name_the_line() {
    let bytes = b"A:\n  B: ok\n  C: \xff\xfe\n";
    match parse_config_bytes("cfg.yaml", bytes) {
        Err(Error::Config { line, key, .. }) => {
            assert_eq!(line, Some(3));
            assert_eq!(key, "A.C");
        }
        other => unreachable!("{other:?}"),
    }
}

#[test]
fn bom_is_ignored() {
    let json = parse_config_bytes("c", b"\xEF\xBB\xBFa: 1\n").unwrap_or_default();
    assert_eq!(json, "{\"a\":1}");
}

#[test]
fn multiple_documents_are_refused() {
    failure("a: 1\n---\nb: 2\n");
}

#[test]
fn unclosed_quote_with_secret_is_not_echoed() {
    let text = format!("A:\n  Password: '{SECRET}\n");
    failure(&text);
    let text = format!("A:\n  Password: {SECRET}: {SECRET}\n");
    failure(&text);
    let text = format!("A: [{SECRET}\n");
    failure(&text);
}

#[test]
fn yaml11_scalars_like_pyyaml() {
    let doc = parsed("a: 012\nb: 0x1F\nc: 1_000\nd: ~\ne: .inf\nf: !!str 5\ng: 2024-01-01\n");
    assert_eq!(doc["a"], 10);
    assert_eq!(doc["b"], 31);
    assert_eq!(doc["c"], 1000);
    assert_eq!(doc["d"], Value::Null);
    assert_eq!(doc["e"], ".inf");
    assert_eq!(doc["f"], "5");
    assert_eq!(doc["g"], "2024-01-01");
}

#[test]
fn scalar_keys_become_text() {
    let doc = parsed("a:\n  1: x\n  true: w\n  null: z\n");
    assert_eq!(doc["a"]["1"], "x");
    assert_eq!(doc["a"]["true"], "w");
    assert_eq!(doc["a"]["null"], "z");
}

/// Random YAML-ish documents: every one is settings or a `Config` error, never a panic,
/// and validation of whatever loads never panics either.
#[test]
fn random_documents_never_panic() {
    const BITS: &[&str] = &[
        "a",
        "Args",
        "AuthKey",
        ": ",
        "\n",
        "  ",
        "    ",
        "- ",
        "[",
        "]",
        "{",
        "}",
        ",",
        "&x ",
        "*x",
        "<<: *x",
        "'",
        "\"",
        "#",
        "\t",
        "---",
        "? ",
        "|",
        ">",
        "!!str ",
        "1",
        "0x1",
        "012",
        "true",
        "yes",
        "~",
        "null",
        ".inf",
        "\\",
        "\0",
        "é",
        "\u{feff}",
        "%YAML 1.2\n",
    ];
    let schema_json = parse_config(
        "schema",
        include_str!("../../../../../python/msticpy/resources/mpconfig_schema.yaml"),
    )
    .unwrap_or_default();
    let schema =
        crate::config::Schema::from_json(&schema_json).unwrap_or_else(|e| unreachable!("{e}"));
    let env = crate::config::Environment::default();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..5_000 {
        let len = next() % 60;
        let text: String = (0..len)
            .map(|_| BITS[(next() % BITS.len() as u64) as usize])
            .collect();
        match parse_config("cfg.yaml", &text) {
            Ok(json) => {
                let doc: Value = serde_json::from_str(&json).unwrap_or_default();
                assert!(doc.is_object(), "{json}");
                let _ = crate::config::validate_config(&doc, &schema, &env);
            }
            Err(Error::Config { file, .. }) => assert_eq!(file, "cfg.yaml"),
            Err(other) => unreachable!("{other:?}"),
        }
    }
}

#[test]
fn application_tags_are_refused_without_quoting_the_value() {
    let text = format!("Azure:\n  cloud: !!python/object/apply:os.system [\"{SECRET}\"]\n");
    let (line, key, reason, _) = failure(&text);
    assert_eq!(line, Some(2));
    assert_eq!(key, "Azure.cloud");
    assert_eq!(
        reason,
        "an application tag ('!…' other than YAML's standard tags) is not allowed, as \
         yaml.safe_load refuses it"
    );
    // A tag is not quoted: it may carry a secret.
    let (_, _, reason, _) = failure(&format!("Azure:\n  cloud: !vault:{SECRET} x\n"));
    assert!(reason.contains("an application tag"), "{reason}");
}

#[test]
fn standard_tags_are_read() {
    let doc = parsed("A:\n  b: !!str 12\n  c: !!int \"7\"\n");
    assert_eq!(doc["A"]["b"], "12");
    assert_eq!(doc["A"]["c"], 7);
}

#[test]
fn node_budget_grows_with_the_file_and_is_named() {
    // 600,000 values in 3.6 MB (6 bytes each): over the 500,000 floor, within the budget.
    let mut text = String::from("Custom:\n  items: [");
    for _ in 0..600_000 {
        text.push_str("12345,");
    }
    text.push_str("]\n");
    assert_eq!(
        parsed(&text)["Custom"]["items"].as_array().map(Vec::len),
        Some(600_000)
    );
    // Two bytes a value: over the budget, which the message states.
    let dense = format!("Custom:\n  items: [{}]\n", "1,".repeat(1_200_000));
    let (_, _, reason, _) = failure(&dense);
    assert!(
        reason.contains("one value per 4 bytes of file, at least 500000): split the file"),
        "{reason}"
    );
}

#[test]
fn parser_option_advice_is_left_out() {
    let (line, _, reason, _) = failure("Azure:\n  cloud: !!binary /w==\n");
    assert_eq!(line, Some(2));
    assert_eq!(
        reason,
        "invalid YAML: !!binary scalar is not valid UTF-8 so cannot be stored into string"
    );
}
