//! Escaping a parameter value for the place it lands in a query.
//!
//! Inside a string literal the value is escaped by that literal's rules, so it can
//! never end the literal: KQL `'...'`/`"..."` use backslash escapes
//! (`\\` `\'` `\"` `\n` `\r` `\t`), KQL verbatim `@'...'` and every SQL quoted form
//! double the closing character. Where no escape exists (a newline in a verbatim
//! literal or comment, a fence inside a fenced literal, `*/` in a block comment) the
//! value is refused. In code the value is a query fragment by design (msticpy's
//! `table`, `add_query_items`, `subscription_filter` ...): it must be lexically
//! self-contained ([`super::lexer::fragment_problem`]).
use super::lexer::{fragment_problem, Context, Language};

/// Escape `value` for `context` in `lang`; `Err` gives the reason it cannot be.
pub fn escape_for(lang: Language, context: Context, value: &str) -> Result<String, String> {
    match (lang, context) {
        (Language::Raw, _) => Ok(value.to_owned()),
        (_, Context::Code) => match fragment_problem(lang, value) {
            None => Ok(value.to_owned()),
            Some(reason) => Err(format!("the value is placed as query text and {reason}")),
        },
        (Language::Kql, Context::Single) => Ok(backslash_escape(value, '\'')),
        (Language::Kql, Context::Double) => Ok(backslash_escape(value, '"')),
        (Language::Kql, Context::VerbatimSingle) => double_close(value, '\'', true),
        (Language::Kql, Context::VerbatimDouble) => double_close(value, '"', true),
        (Language::Sql, Context::Single) => double_close(value, '\'', false),
        (Language::Sql, Context::Double) => double_close(value, '"', false),
        (Language::Sql, Context::Bracket) => double_close(value, ']', false),
        (_, Context::Fenced(fence)) => {
            let closing: String = [fence; 3].iter().collect();
            if value.contains(&closing) {
                Err(format!(
                    "contains '{closing}', which would end the multi-line literal"
                ))
            } else {
                Ok(value.to_owned())
            }
        }
        (_, Context::LineComment) => {
            if value.contains(['\n', '\r']) {
                Err("contains a line break inside a comment".to_owned())
            } else {
                Ok(value.to_owned())
            }
        }
        (_, Context::BlockComment) => {
            if value.contains("*/") {
                Err("contains '*/' inside a comment".to_owned())
            } else {
                Ok(value.to_owned())
            }
        }
        // Contexts the language never produces.
        _ => Err("lands in an unsupported lexical context".to_owned()),
    }
}

fn backslash_escape(value: &str, quote: char) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            _ if c == quote => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

fn double_close(value: &str, close: char, single_line: bool) -> Result<String, String> {
    if single_line && value.contains(['\n', '\r']) {
        return Err("contains a line break inside a single-line verbatim literal".to_owned());
    }
    let mut out = String::with_capacity(value.len() + 2);
    for c in value.chars() {
        out.push(c);
        if c == close {
            out.push(c);
        }
    }
    Ok(out)
}

/// A list item as msticpy's default list formatter writes it: strings quoted, other
/// values (numbers, booleans) as their text. Strings are escaped as literals of `lang`.
pub fn quote_item(lang: Language, item: &str) -> String {
    match lang {
        Language::Kql => format!("'{}'", backslash_escape(item, '\'')),
        Language::Sql => format!("'{}'", item.replace('\'', "''")),
        Language::Raw => format!("'{item}'"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kql_single_quotes() {
        let got = escape_for(Language::Kql, Context::Single, "x' or 1==1 //\n\\");
        assert_eq!(got.as_deref(), Ok("x\\' or 1==1 //\\n\\\\"));
    }

    #[test]
    fn sql_and_verbatim_double_the_quote() {
        assert_eq!(
            escape_for(Language::Sql, Context::Single, "O'Brien").as_deref(),
            Ok("O''Brien")
        );
        assert_eq!(
            escape_for(Language::Sql, Context::Bracket, "a]b").as_deref(),
            Ok("a]]b")
        );
        assert_eq!(
            escape_for(Language::Kql, Context::VerbatimSingle, "c:\\x'y").as_deref(),
            Ok("c:\\x''y")
        );
        assert!(escape_for(Language::Kql, Context::VerbatimSingle, "a\nb").is_err());
    }

    #[test]
    fn code_fragments_must_be_self_contained() {
        assert!(escape_for(Language::Kql, Context::Code, "SecurityEvent").is_ok());
        assert!(escape_for(Language::Kql, Context::Code, "T' | take 1").is_err());
        assert!(escape_for(Language::Kql, Context::LineComment, "a\n| take 1").is_err());
        assert!(escape_for(Language::Sql, Context::BlockComment, "*/ drop").is_err());
        assert_eq!(
            escape_for(Language::Raw, Context::Code, "'").as_deref(),
            Ok("'")
        );
    }

    #[test]
    fn list_items() {
        assert_eq!(quote_item(Language::Kql, "a'b"), "'a\\'b'");
        assert_eq!(quote_item(Language::Sql, "a'b"), "'a''b'");
    }
}
