//! Fuzz the query library: YAML loading and validation, template parsing and rendering
//! in every language, and relative-date parsing. Asserts no panic and, for values placed
//! inside a KQL single-quoted literal, that the rendered literal decodes back to the value.
#![no_main]

use std::collections::HashMap;

use libfuzzer_sys::fuzz_target;
use mstic_core::query::{
    apply_offset, load_query_text, parse_offset, Language, ListItem, ParamValue, Template,
};

/// Decode the body of a KQL `'...'` literal as the core writes it.
fn kql_unescape(body: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push(match chars.next()? {
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                other => other,
            }),
            '\'' => return None,
            _ => out.push(c),
        }
    }
    Some(out)
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Err(err) = load_query_text("fuzz.yaml", &text) {
        // Messages are in plain words: never the parser's internal names or a snippet.
        let message = err.to_string();
        for internal in ["DuplicateKeyPolicy", "budget breached", "Options", "-->"] {
            assert!(!message.contains(internal), "internal wording: {message}");
        }
    }

    let (template_text, value) = text.split_once('\n').unwrap_or((&text, "v"));
    if let Ok(template) = Template::parse(template_text) {
        let mut values = HashMap::new();
        for name in template.placeholders() {
            values.insert(name.clone(), ParamValue::Text(value.to_owned()));
        }
        for lang in [Language::Kql, Language::Sql, Language::Raw] {
            let _ = template.render(&values, lang);
        }
        let mut lists = HashMap::new();
        for name in template.placeholders() {
            lists.insert(
                name.clone(),
                ParamValue::List(vec![ListItem::Str(value.to_owned()), ListItem::Other("1".into())]),
            );
        }
        let _ = template.render(&lists, Language::Kql);
    }

    // The round trip: any value inside a KQL string literal decodes back to itself.
    if let Ok(template) = Template::parse("print x = '{v}'") {
        let mut values = HashMap::new();
        values.insert("v".to_owned(), ParamValue::Text(text.to_string()));
        if let Ok(rendered) = template.render(&values, Language::Kql) {
            let body = rendered
                .strip_prefix("print x = '")
                .and_then(|rest| rest.strip_suffix('\''))
                .unwrap_or_default();
            assert_eq!(kql_unescape(body).as_deref(), Some(text.as_ref()));
        }
    }

    if let Ok(offset) = parse_offset(&text) {
        let _ = apply_offset(&offset, 1_715_953_530_250_000);
    }
});
