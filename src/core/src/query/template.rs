//! Query templates: `{name}` placeholders, `{{`/`}}` literal braces, `$<macro>$` macros.
//!
//! msticpy fills templates with Python's `str.format`, which also accepts attribute and
//! index access (`{x.__class__}`), positional fields and conversions. Only plain
//! `{name}` fields are supported here; the others are refused when the file is loaded.
//! Braces that open no field (JSON bodies of drivers with their own parameter handler)
//! are kept as text, and refused only if such a template is rendered by us.
use std::collections::HashMap;

use super::escape::{escape_for, quote_item};
use super::lexer::{hole_contexts, Item, Language};
use crate::{Error, Result};

/// A parameter value ready for substitution.
#[derive(Clone, Debug, PartialEq)]
pub enum ParamValue {
    /// Text (strings, formatted datetimes, numbers as text).
    Text(String),
    /// A list: formatted like msticpy's default (`'a', 'b', 3`), strings escaped.
    List(Vec<ListItem>),
}

/// One list element.
#[derive(Clone, Debug, PartialEq)]
pub enum ListItem {
    /// A string: written as a quoted, escaped literal.
    Str(String),
    /// Any other value, already as text (numbers, booleans): written as is.
    Other(String),
}

/// A parsed template.
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    items: Vec<Item>,
    names: Vec<String>,
    loose_brace: bool,
}

fn is_name_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_name_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

impl Template {
    /// Parse `text`; `Err` gives the reason (an unsupported field such as `{0}`,
    /// `{x.attr}`, `{x[0]}`, `{x!r}` or `{x:>5}`).
    pub fn parse(text: &str) -> std::result::Result<Template, String> {
        let chars: Vec<char> = text.chars().collect();
        let mut items = Vec::with_capacity(chars.len());
        let mut names: Vec<String> = Vec::new();
        let mut loose_brace = false;
        let mut i = 0;
        while let Some(&c) = chars.get(i) {
            let next = chars.get(i + 1).copied();
            if (c == '{' && next == Some('{')) || (c == '}' && next == Some('}')) {
                items.push(Item::Char(c));
                i += 2;
                continue;
            }
            if c == '}' {
                loose_brace = true;
                items.push(Item::Char(c));
                i += 1;
                continue;
            }
            if c != '{' {
                items.push(Item::Char(c));
                i += 1;
                continue;
            }
            // A field: read the name-like run after the brace.
            let mut end = i + 1;
            while chars.get(end).is_some_and(|&ch| is_name_char(ch)) {
                end += 1;
            }
            let name: String = chars.get(i + 1..end).unwrap_or_default().iter().collect();
            let after = chars.get(end).copied();
            let starts_like_field = name.chars().next().is_some_and(is_name_start);
            match after {
                Some('}') if starts_like_field => {
                    items.push(Item::Hole(names.len()));
                    names.push(name);
                    i = end + 1;
                }
                Some('}') => {
                    return Err(format!(
                        "'{{{name}}}' is a positional field; use a named parameter"
                    ))
                }
                Some('.' | '[' | '!' | ':') if starts_like_field || name.is_empty() => {
                    let shown: String = chars
                        .get(i..(end + 12).min(chars.len()))
                        .unwrap_or_default()
                        .iter()
                        .collect();
                    return Err(format!(
                        "unsupported field '{shown}...': only {{name}} placeholders are allowed"
                    ));
                }
                _ => {
                    loose_brace = true;
                    items.push(Item::Char(c));
                    i += 1;
                }
            }
        }
        Ok(Template {
            items,
            names,
            loose_brace,
        })
    }

    /// The placeholder names, in order of appearance (with repeats).
    pub fn placeholders(&self) -> &[String] {
        &self.names
    }

    /// Fill the template: each value escaped for where it lands (see [`super::escape`]),
    /// then runs of blank lines collapsed as msticpy does.
    pub fn render(&self, values: &HashMap<String, ParamValue>, lang: Language) -> Result<String> {
        if self.loose_brace {
            return Err(Error::InvalidArgument(
                "the query template has a single '{' or '}' (double it to write a brace)".into(),
            ));
        }
        let contexts = hole_contexts(lang, &self.items);
        // Characters of values placed inside literals are protected from the blank-line
        // collapse below (it must not change a literal's value).
        let mut out: Vec<(char, bool)> = Vec::with_capacity(self.items.len() + 64);
        let mut hole = 0usize;
        for item in &self.items {
            match item {
                Item::Char(c) => out.push((*c, false)),
                Item::Hole(index) => {
                    let name = self
                        .names
                        .get(*index)
                        .map(String::as_str)
                        .unwrap_or_default();
                    let value = values.get(name).ok_or_else(|| Error::QueryParameter {
                        parameter: name.to_owned(),
                        reason: "no value was supplied".into(),
                    })?;
                    let text = match value {
                        ParamValue::Text(text) => text.clone(),
                        ParamValue::List(list) => format_list(lang, list),
                    };
                    let context = contexts
                        .get(hole)
                        .copied()
                        .unwrap_or(super::lexer::Context::Code);
                    hole += 1;
                    let escaped = escape_for(lang, context, &text).map_err(|reason| {
                        Error::QueryParameter {
                            parameter: name.to_owned(),
                            reason,
                        }
                    })?;
                    let protect = context != super::lexer::Context::Code;
                    out.extend(escaped.chars().map(|c| (c, protect)));
                }
            }
        }
        Ok(collapse_marked(&out))
    }
}

fn format_list(lang: Language, list: &[ListItem]) -> String {
    let parts: Vec<String> = list
        .iter()
        .map(|item| match item {
            ListItem::Str(text) => quote_item(lang, text),
            ListItem::Other(text) => text.clone(),
        })
        .collect();
    parts.join(", ")
}

fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// Python's `re.sub(r"\n\s*\n", "\n", text)`: from a newline, the run of whitespace up
/// to its last newline becomes one newline.
pub fn collapse_blank_lines(text: &str) -> String {
    let marked: Vec<(char, bool)> = text.chars().map(|c| (c, false)).collect();
    collapse_marked(&marked)
}

/// [`collapse_blank_lines`] where protected characters count as non-blank.
fn collapse_marked(chars: &[(char, bool)]) -> String {
    let mut out = String::with_capacity(chars.len());
    let mut i = 0;
    while let Some(&(c, protected)) = chars.get(i) {
        if c != '\n' || protected {
            out.push(c);
            i += 1;
            continue;
        }
        let mut last_newline = i;
        let mut j = i + 1;
        while let Some(&(w, protected)) = chars.get(j) {
            if protected || !is_py_space(w) {
                break;
            }
            if w == '\n' {
                last_newline = j;
            }
            j += 1;
        }
        out.push('\n');
        i = last_newline + 1;
    }
    out
}

/// Replace `$<name>$` macros (msticpy's `query_macros`; unknown names become empty),
/// then collapse runs of newlines, as msticpy does at load time. Text without a
/// `$<` reference is returned unchanged.
pub fn expand_macros(query: &str, macros: &HashMap<String, String>) -> String {
    let mut keys: Vec<String> = Vec::new();
    let mut rest = query;
    while let Some(start) = rest.find("$<") {
        let after = rest.get(start + 2..).unwrap_or_default();
        match after.find('>') {
            Some(end) if end > 0 => {
                keys.push(after.get(..end).unwrap_or_default().to_owned());
                rest = after.get(end + 1..).unwrap_or_default();
            }
            _ => rest = after,
        }
    }
    if keys.is_empty() {
        return query.to_owned();
    }
    let mut out = query.to_owned();
    for key in keys {
        let value = macros.get(&key).map(String::as_str).unwrap_or_default();
        out = out.replace(&format!("$<{key}>$"), value);
    }
    let mut collapsed = String::with_capacity(out.len());
    let mut previous_newline = false;
    for c in out.chars() {
        if c == '\n' && previous_newline {
            continue;
        }
        previous_newline = c == '\n';
        collapsed.push(c);
    }
    collapsed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(pairs: &[(&str, &str)]) -> HashMap<String, ParamValue> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), ParamValue::Text((*v).to_owned())))
            .collect()
    }

    #[test]
    fn parses_fields_and_escaped_braces() {
        let t = Template::parse("T | where A == '{a}' | extend x = dynamic({{}}) | {b}")
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(t.placeholders(), ["a", "b"]);
        let got = t.render(&text(&[("a", "x'y"), ("b", "take 1")]), Language::Kql);
        assert_eq!(
            got.ok().as_deref(),
            Some("T | where A == 'x\\'y' | extend x = dynamic({}) | take 1")
        );
    }

    #[test]
    fn refuses_format_features() {
        for bad in ["{x.__class__}", "{0}", "{}", "{x!r}", "{x:>5}", "{x[0]}"] {
            assert!(Template::parse(bad).is_err(), "{bad}");
        }
        let loose = Template::parse("{\n \"a\": \"{x}\" }").unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(loose.placeholders(), ["x"]);
        assert!(loose.render(&text(&[("x", "1")]), Language::Kql).is_err());
    }

    #[test]
    fn missing_value_names_the_parameter() {
        let t = Template::parse("{a}").unwrap_or_else(|e| unreachable!("{e}"));
        let err = t.render(&HashMap::new(), Language::Kql).err();
        assert!(matches!(err, Some(Error::QueryParameter { parameter, .. }) if parameter == "a"));
    }

    #[test]
    fn lists_are_quoted_and_escaped() {
        let t = Template::parse("where A in ({l})").unwrap_or_else(|e| unreachable!("{e}"));
        let mut values = HashMap::new();
        values.insert(
            "l".to_owned(),
            ParamValue::List(vec![
                ListItem::Str("a'b".into()),
                ListItem::Other("3".into()),
            ]),
        );
        assert_eq!(
            t.render(&values, Language::Kql).ok().as_deref(),
            Some("where A in ('a\\'b', 3)")
        );
        assert_eq!(
            t.render(&values, Language::Sql).ok().as_deref(),
            Some("where A in ('a''b', 3)")
        );
    }

    #[test]
    fn blank_lines_collapse_like_python() {
        assert_eq!(collapse_blank_lines("a\n  \n\t\nb\n\nc\n"), "a\nb\nc\n");
        assert_eq!(collapse_blank_lines("a\n b"), "a\n b");
    }

    #[test]
    fn blank_lines_inside_literal_values_survive() {
        let t =
            Template::parse("SELECT '{v}'\n\n{w}\nFROM t").unwrap_or_else(|e| unreachable!("{e}"));
        let got = t.render(&text(&[("v", "a\n\nb"), ("w", "")]), Language::Sql);
        assert_eq!(got.ok().as_deref(), Some("SELECT 'a\n\nb'\nFROM t"));
    }

    #[test]
    fn macros_expand() {
        let mut macros = HashMap::new();
        macros.insert("m".to_owned(), "| where X == {x}".to_owned());
        assert_eq!(
            expand_macros("T\n$<m>$\n\n$<gone>$\nend", &macros),
            "T\n| where X == {x}\nend"
        );
        assert_eq!(expand_macros("T\n\n", &macros), "T\n\n");
    }
}
