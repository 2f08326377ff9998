//! The code skeleton of a rendered query: its text with the content of every string
//! literal blanked out.
//!
//! Two renderings of one template that differ only in the values of string and list
//! parameters must have the same skeleton: a value that ended its literal early, opened
//! a comment or added an operator would show up as a difference. Tests use this as the
//! proof that parameter values cannot change a query's structure, and that every query
//! of the library lexes: literals closed, brackets balanced.

use super::lexer::{step, Context, Item, Language};

/// Why a query does not lex as a self-contained query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LexProblem {
    /// A string literal, quoted identifier or block comment is still open at the end.
    Unterminated,
    /// A closing bracket with no matching opener, or the wrong kind, at this char offset.
    UnbalancedBracket(usize),
    /// An opening bracket never closed.
    UnclosedBracket,
}

impl std::fmt::Display for LexProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LexProblem::Unterminated => {
                write!(f, "a string literal or comment is still open at the end")
            }
            LexProblem::UnbalancedBracket(at) => {
                write!(
                    f,
                    "closing bracket without a matching opener at character {at}"
                )
            }
            LexProblem::UnclosedBracket => write!(f, "an opening bracket is never closed"),
        }
    }
}

fn in_literal(state: Context) -> bool {
    !matches!(
        state,
        Context::Code | Context::LineComment | Context::BlockComment
    )
}

/// Return the skeleton of `text`: code and comments kept, every literal's content
/// replaced by `…` (its delimiters kept), after checking that literals close and that
/// `()`, `[]` and `{}` balance in code.
pub fn code_skeleton(lang: Language, text: &str) -> Result<String, LexProblem> {
    let items: Vec<Item> = text.chars().map(Item::Char).collect();
    let mut out = String::with_capacity(text.len());
    let mut brackets: Vec<char> = Vec::new();
    let mut state = Context::Code;
    let mut i = 0;
    while i < items.len() {
        let (next, used) = step(lang, state, &items, i);
        let consumed: String = items[i..(i + used).min(items.len())]
            .iter()
            .filter_map(|item| match item {
                Item::Char(c) => Some(*c),
                Item::Hole(_) => None,
            })
            .collect();
        if state == Context::Code && next == Context::Code {
            for c in consumed.chars() {
                match c {
                    '(' | '[' | '{' => brackets.push(c),
                    ')' | ']' | '}' => {
                        let opener = match c {
                            ')' => '(',
                            ']' => '[',
                            _ => '{',
                        };
                        if brackets.pop() != Some(opener) {
                            return Err(LexProblem::UnbalancedBracket(i));
                        }
                    }
                    _ => {}
                }
            }
            out.push_str(&consumed);
        } else if in_literal(state) && in_literal(next) {
            // Literal content: one marker per literal, written when it opened.
        } else if in_literal(next) {
            out.push_str(&consumed);
            out.push('…');
        } else {
            out.push_str(&consumed);
        }
        state = next;
        i += used;
    }
    if state != Context::Code && state != Context::LineComment {
        return Err(LexProblem::Unterminated);
    }
    if !brackets.is_empty() {
        return Err(LexProblem::UnclosedBracket);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_content_is_blanked_and_delimiters_kept() {
        let a = code_skeleton(
            Language::Kql,
            r#"T | where A == 'x\'y' and B has "q" | take 1"#,
        );
        assert_eq!(
            a,
            Ok(r#"T | where A == '…' and B has "…" | take 1"#.to_string())
        );
        let verbatim = code_skeleton(Language::Kql, "T | where P == @'c:\\a''b'");
        assert_eq!(verbatim, Ok("T | where P == @'…'".to_string()));
    }

    #[test]
    fn same_structure_same_skeleton() {
        let benign = code_skeleton(Language::Kql, "T | where A in ('a', 'b')");
        let hostile = code_skeleton(Language::Kql, r"T | where A in ('a\' or 1==1 //', 'b')");
        assert!(benign.is_ok());
        assert_eq!(benign, hostile);
    }

    #[test]
    fn problems_are_reported() {
        assert_eq!(
            code_skeleton(Language::Kql, "T | where A == 'open"),
            Err(LexProblem::Unterminated)
        );
        assert_eq!(
            code_skeleton(Language::Kql, "T | where (A == 1"),
            Err(LexProblem::UnclosedBracket)
        );
        assert!(matches!(
            code_skeleton(Language::Kql, "T | where A == 1)"),
            Err(LexProblem::UnbalancedBracket(_))
        ));
        // Brackets inside literals and comments do not count.
        assert!(code_skeleton(Language::Kql, "T | where A == '(' // ]\n| take 1").is_ok());
        assert!(code_skeleton(Language::Sql, "SELECT ')' FROM t /* ( */").is_ok());
    }
}
