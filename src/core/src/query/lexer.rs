//! Where a placeholder sits, lexically: in code, inside a string literal, or in a comment.
//!
//! msticpy substitutes parameters with `str.format`, so the template decides whether a
//! value lands inside quotes; a quote in the value then ends the literal early (query
//! injection). We track the lexical context of every placeholder so each value can be
//! escaped by the rules of the literal it lands in ([`super::escape`]). The lexers are
//! deliberately small: they know only the tokens that open and close literals and
//! comments in KQL and ANSI SQL.

/// The target query language of a driver.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    /// Kusto Query Language (Log Analytics, Sentinel, Defender, Data Explorer).
    Kql,
    /// ANSI SQL (single quotes doubled, `"identifiers"`, `[identifiers]`).
    Sql,
    /// No escaping: msticpy's plain substitution, for drivers whose "query" is not a
    /// query language (file names for local data, JSON bodies with their own handler).
    Raw,
}

impl Language {
    /// Parse a language name (`kql`, `sql`, `raw`; case-insensitive).
    pub fn parse(name: &str) -> Option<Language> {
        match name.to_ascii_lowercase().as_str() {
            "kql" | "kusto" => Some(Language::Kql),
            "sql" => Some(Language::Sql),
            "raw" | "none" => Some(Language::Raw),
            _ => None,
        }
    }
}

/// Lexical context of a position in a query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    /// Query code (outside literals and comments).
    Code,
    /// Inside `'...'` (KQL: backslash escapes; SQL: `''` escapes).
    Single,
    /// Inside `"..."` (KQL: a string with backslash escapes; SQL: a quoted identifier).
    Double,
    /// Inside KQL verbatim `@'...'` (only `''` escapes).
    VerbatimSingle,
    /// Inside KQL verbatim `@"..."` (only `""` escapes).
    VerbatimDouble,
    /// Inside a KQL multi-line literal delimited by the given fence (```` ``` ```` or `~~~`).
    Fenced(char),
    /// Inside a SQL `[identifier]`.
    Bracket,
    /// Inside a comment that runs to the end of the line.
    LineComment,
    /// Inside a SQL `/* ... */` comment.
    BlockComment,
}

/// One item of a template as the lexer sees it: a character, or a placeholder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Item {
    /// A literal character of the template.
    Char(char),
    /// A placeholder (its index among the template's placeholders).
    Hole(usize),
}

fn char_at(items: &[Item], i: usize) -> Option<char> {
    match items.get(i) {
        Some(Item::Char(c)) => Some(*c),
        _ => None,
    }
}

fn fence_at(items: &[Item], i: usize, c: char) -> bool {
    (0..3).all(|k| char_at(items, i + k) == Some(c))
}

/// Advance one step from `state` at `items[i]`; returns the new state and how many
/// items were consumed (at least one).
pub fn step(lang: Language, state: Context, items: &[Item], i: usize) -> (Context, usize) {
    let Some(Item::Char(c)) = items.get(i).copied() else {
        return (state, 1);
    };
    let next = char_at(items, i + 1);
    match (lang, state) {
        (Language::Raw, _) => (Context::Code, 1),
        (Language::Kql, Context::Code) => match (c, next) {
            ('\'', _) => (Context::Single, 1),
            ('"', _) => (Context::Double, 1),
            ('@', Some('\'')) => (Context::VerbatimSingle, 2),
            ('@', Some('"')) => (Context::VerbatimDouble, 2),
            ('/', Some('/')) => (Context::LineComment, 2),
            ('`' | '~', _) if fence_at(items, i, c) => (Context::Fenced(c), 3),
            _ => (Context::Code, 1),
        },
        (Language::Sql, Context::Code) => match (c, next) {
            ('\'', _) => (Context::Single, 1),
            ('"', _) => (Context::Double, 1),
            ('[', _) => (Context::Bracket, 1),
            ('-', Some('-')) => (Context::LineComment, 2),
            ('/', Some('*')) => (Context::BlockComment, 2),
            _ => (Context::Code, 1),
        },
        (Language::Kql, Context::Single | Context::Double) => {
            let quote = if state == Context::Single { '\'' } else { '"' };
            match c {
                '\\' if next.is_some() => (state, 2),
                _ if c == quote => (Context::Code, 1),
                _ => (state, 1),
            }
        }
        (Language::Sql, Context::Single | Context::Double | Context::Bracket)
        | (Language::Kql, Context::VerbatimSingle | Context::VerbatimDouble) => {
            let close = match state {
                Context::Single | Context::VerbatimSingle => '\'',
                Context::Bracket => ']',
                _ => '"',
            };
            match (c, next) {
                _ if c == close && next == Some(close) => (state, 2),
                _ if c == close => (Context::Code, 1),
                _ => (state, 1),
            }
        }
        (_, Context::Fenced(fence)) => {
            if fence_at(items, i, fence) {
                (Context::Code, 3)
            } else {
                (state, 1)
            }
        }
        (_, Context::LineComment) => {
            if c == '\n' {
                (Context::Code, 1)
            } else {
                (state, 1)
            }
        }
        (_, Context::BlockComment) => match (c, next) {
            ('*', Some('/')) => (Context::Code, 2),
            _ => (state, 1),
        },
        // States a language never enters (e.g. SQL has no verbatim strings).
        _ => (Context::Code, 1),
    }
}

/// The context of each placeholder (`Item::Hole`) in `items`, in placeholder order.
pub fn hole_contexts(lang: Language, items: &[Item]) -> Vec<Context> {
    let mut contexts = Vec::new();
    let mut state = Context::Code;
    let mut i = 0;
    while i < items.len() {
        if let Some(Item::Hole(_)) = items.get(i) {
            contexts.push(state);
            i += 1;
            continue;
        }
        let (next, used) = step(lang, state, items, i);
        state = next;
        i += used;
    }
    contexts
}

/// Lex `text` from code; report whether it stays self-contained: it ends back in code,
/// never opens a comment, closes every bracket it opens and no other (so it cannot end
/// the template's `(...)` early), and (SQL) has no statement separator outside literals.
pub fn fragment_problem(lang: Language, text: &str) -> Option<&'static str> {
    if lang == Language::Raw {
        return None;
    }
    let items: Vec<Item> = text.chars().map(Item::Char).collect();
    let mut brackets: Vec<char> = Vec::new();
    let mut state = Context::Code;
    let mut i = 0;
    while i < items.len() {
        let c = char_at(&items, i);
        if lang == Language::Sql && state == Context::Code && c == Some(';') {
            return Some("contains ';' outside a literal (a second statement)");
        }
        let (next, used) = step(lang, state, &items, i);
        if matches!(next, Context::LineComment | Context::BlockComment) {
            return Some("opens a comment");
        }
        if state == Context::Code && next == Context::Code {
            match c {
                Some(open @ ('(' | '[' | '{')) => brackets.push(open),
                Some(close @ (')' | ']' | '}')) => {
                    let opener = match close {
                        ')' => '(',
                        ']' => '[',
                        _ => '{',
                    };
                    if brackets.pop() != Some(opener) {
                        return Some("closes a bracket it did not open");
                    }
                }
                _ => {}
            }
        }
        state = next;
        i += used;
    }
    if state != Context::Code {
        Some("leaves a string literal or identifier open (unbalanced quote)")
    } else if !brackets.is_empty() {
        Some("leaves a bracket open")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contexts(lang: Language, template: &str) -> Vec<Context> {
        let items: Vec<Item> = template
            .chars()
            .map(|c| {
                if c == '#' {
                    Item::Hole(0)
                } else {
                    Item::Char(c)
                }
            })
            .collect();
        hole_contexts(lang, &items)
    }

    #[test]
    fn kql_contexts() {
        use Context::*;
        let got = contexts(
            Language::Kql,
            "T | where A == '#' and B has \"#\" and C == @'#' // #\n| where D == #",
        );
        assert_eq!(got, vec![Single, Double, VerbatimSingle, LineComment, Code]);
        assert_eq!(contexts(Language::Kql, "'a\\'#'#"), vec![Single, Code]);
        assert_eq!(
            contexts(Language::Kql, "```x#```#"),
            vec![Fenced('`'), Code]
        );
        assert_eq!(
            contexts(Language::Kql, "@'it''s #'#"),
            vec![VerbatimSingle, Code]
        );
    }

    #[test]
    fn sql_contexts() {
        use Context::*;
        let got = contexts(
            Language::Sql,
            "SELECT * FROM [#] WHERE a = '#' AND \"#\" = 1 -- #\n/* # */ AND b = #",
        );
        assert_eq!(
            got,
            vec![Bracket, Single, Double, LineComment, BlockComment, Code]
        );
        assert_eq!(contexts(Language::Sql, "'it''s #'#"), vec![Single, Code]);
    }

    #[test]
    fn fragments() {
        assert_eq!(fragment_problem(Language::Kql, "Computer =~ 'h'"), None);
        assert_eq!(
            fragment_problem(Language::Kql, "| where X == \"a'b\""),
            None
        );
        assert!(fragment_problem(Language::Kql, "x' or 1==1").is_some());
        assert!(fragment_problem(Language::Kql, "x // rest").is_some());
        assert!(fragment_problem(Language::Sql, "1; DROP TABLE t").is_some());
        assert!(fragment_problem(Language::Sql, "a -- c").is_some());
        assert_eq!(fragment_problem(Language::Sql, "a = 'x;y'"), None);
        assert_eq!(fragment_problem(Language::Raw, "' // ;"), None);
        assert_eq!(fragment_problem(Language::Kql, "| where A in (1, 2)"), None);
        assert_eq!(fragment_problem(Language::Kql, "| where A == ')'"), None);
        assert!(fragment_problem(Language::Kql, "1) or (1==1").is_some());
        assert!(fragment_problem(Language::Kql, "| where (A").is_some());
        assert!(fragment_problem(Language::Kql, "]").is_some());
    }
}
