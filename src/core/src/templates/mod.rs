//! Log template mining (the job Drain does), for command lines and syslog messages.
//!
//! Beyond msticpy: `cluster_templates(data, column)` collapses repetitive lines into one
//! template each, with `<*>` where the lines differ. Lines are split on whitespace and
//! obvious variables are masked up front, as Drain's preprocessing does: a token that
//! starts with a digit (numbers, IPs, timestamps), a GUID or a long hex string becomes
//! `<*>`, and so does a `key=value` token's value when it starts with a digit.
//! Lines are grouped by token count and first token; inside a group a line joins the
//! template with the most equal tokens if at least `similarity` of its tokens match
//! (masked tokens match masked positions; positions that differ become `<*>`),
//! otherwise it starts a new template. A group
//! holds at most `max_templates_per_group` templates; once full, a line joins its most
//! similar template, which bounds the work per line whatever the input.
use std::borrow::Cow;

use rustc_hash::FxHashMap;

use crate::{Error, Result};

/// The wildcard token.
pub const WILDCARD: &str = "<*>";

/// Mining parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TemplateParams {
    /// Share of equal tokens (0..=1) for a line to join a template (Drain's `sim_th`).
    pub similarity: f64,
    /// Example row numbers kept per template.
    pub max_examples: usize,
    /// Cap on templates per (length, first token) group.
    pub max_templates_per_group: usize,
}

impl Default for TemplateParams {
    fn default() -> Self {
        TemplateParams {
            similarity: 0.4,
            max_examples: 3,
            max_templates_per_group: 256,
        }
    }
}

/// One mined template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// Tokens joined by single spaces, `<*>` for variables.
    pub text: String,
    /// Lines that joined it.
    pub count: usize,
    /// The first rows (input positions) that joined it.
    pub examples: Vec<usize>,
}

struct Draft {
    tokens: Vec<Option<String>>,
    count: usize,
    examples: Vec<usize>,
    first_row: usize,
}

fn starts_with_digit(token: &str) -> bool {
    token.bytes().next().is_some_and(|b| b.is_ascii_digit())
}

/// Hex strings of 8+ characters with a digit (hashes, addresses) and GUIDs.
fn is_hexish(token: &str) -> bool {
    let body = token
        .trim_start_matches("0x")
        .trim_matches(|c| c == '{' || c == '}');
    body.len() >= 8
        && body.bytes().any(|b| b.is_ascii_digit())
        && body.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')
}

/// A line's tokens: `None` for a masked variable.
fn tokens(line: &str) -> Vec<Option<Cow<'_, str>>> {
    line.split_whitespace()
        .map(|t| {
            if starts_with_digit(t) || is_hexish(t) {
                return None;
            }
            match t.split_once('=') {
                Some((key, value)) if starts_with_digit(value) || is_hexish(value) => {
                    Some(Cow::Owned(format!("{key}={WILDCARD}")))
                }
                _ => Some(Cow::Borrowed(t)),
            }
        })
        .collect()
}

/// `(matching positions, wildcard positions)` of a line against a template. A masked
/// line token matches a wildcard; a concrete token under a wildcard does not count as
/// a match (Drain's similarity), only for the tie-break.
fn equal_tokens(template: &[Option<String>], line: &[Option<Cow<'_, str>>]) -> (usize, usize) {
    let mut equal = 0;
    let mut wild = 0;
    for (t, l) in template.iter().zip(line) {
        match (t, l) {
            (None, None) => equal += 1,
            (None, Some(_)) => wild += 1,
            (Some(a), Some(b)) if a.as_str() == b.as_ref() => equal += 1,
            _ => {}
        }
    }
    (equal, wild)
}

/// Mine templates from `lines` (missing lines are skipped). Templates come back by
/// count, most frequent first, ties in order of first appearance.
pub fn mine_templates(lines: &[Option<&str>], params: &TemplateParams) -> Result<Vec<Template>> {
    if !(0.0..=1.0).contains(&params.similarity) {
        return Err(Error::InvalidArgument(format!(
            "similarity must be between 0 and 1, got {}",
            params.similarity
        )));
    }
    let cap = params.max_templates_per_group.max(1);
    let mut groups: FxHashMap<(usize, Option<Cow<'_, str>>), Vec<usize>> = FxHashMap::default();
    let mut drafts: Vec<Draft> = Vec::new();
    for (row, line) in lines.iter().enumerate() {
        let Some(line) = line else { continue };
        let toks = tokens(line);
        let key = (toks.len(), toks.first().cloned().flatten());
        let members = groups.entry(key).or_default();
        // Best template: most equal tokens, then most wildcards (Drain's tie-break).
        let mut best: Option<(usize, (usize, usize))> = None;
        for &d in members.iter() {
            if let Some(draft) = drafts.get(d) {
                let score = equal_tokens(&draft.tokens, &toks);
                if best.is_none_or(|(_, s)| score > s) {
                    best = Some((d, score));
                }
            }
        }
        let len = toks.len().max(1) as f64;
        let joins = match best {
            Some((d, (equal, _))) => {
                let share = if toks.is_empty() {
                    1.0
                } else {
                    equal as f64 / len
                };
                (share >= params.similarity || members.len() >= cap).then_some(d)
            }
            None => None,
        };
        match joins.and_then(|d| drafts.get_mut(d)) {
            Some(draft) => {
                for (t, l) in draft.tokens.iter_mut().zip(&toks) {
                    if t.as_deref() != l.as_deref() {
                        *t = None;
                    }
                }
                draft.count += 1;
                if draft.examples.len() < params.max_examples {
                    draft.examples.push(row);
                }
            }
            None => {
                members.push(drafts.len());
                drafts.push(Draft {
                    tokens: toks
                        .iter()
                        .map(|t| t.as_ref().map(|c| c.to_string()))
                        .collect(),
                    count: 1,
                    examples: if params.max_examples > 0 {
                        vec![row]
                    } else {
                        Vec::new()
                    },
                    first_row: row,
                });
            }
        }
    }
    drafts.sort_by(|a, b| b.count.cmp(&a.count).then(a.first_row.cmp(&b.first_row)));
    Ok(drafts
        .into_iter()
        .map(|d| Template {
            text: d
                .tokens
                .iter()
                .map(|t| t.as_deref().unwrap_or(WILDCARD))
                .collect::<Vec<_>>()
                .join(" "),
            count: d.count,
            examples: d.examples,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn collapses_repetitive_admin_commands() {
        let lines: Vec<String> = (0..50)
            .map(|i| format!("install-update -hostname host{i}.corp -tmp:/tmp/{i:x}/rollback"))
            .chain([
                "net user bob /add".to_string(),
                "net user eve /add".to_string(),
            ])
            .collect();
        let cells: Vec<Option<&str>> = lines.iter().map(|l| Some(l.as_str())).collect();
        let found = mine_templates(&cells, &TemplateParams::default()).unwrap();
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].text, "install-update -hostname <*> <*>");
        assert_eq!(found[0].count, 50);
        assert_eq!(found[0].examples, vec![0, 1, 2]);
        assert_eq!(found[1].text, "net user <*> /add");
        assert_eq!(found[1].examples, vec![50, 51]);
    }

    #[test]
    fn masks_numbers_ips_hashes_and_values() {
        let cells = [
            Some("2024-03-01T10:00:00Z sshd accepted src=10.0.0.1 user=root id 4f3a9c2b7e"),
            Some("2024-03-01T10:05:00Z sshd accepted src=10.0.0.9 user=root id 99aa00bbcc"),
            Some(""),
            Some(""),
        ];
        let found = mine_templates(&cells, &TemplateParams::default()).unwrap();
        assert_eq!(found[0].text, "<*> sshd accepted src=<*> user=root id <*>");
        assert_eq!(found[0].count, 2);
        assert_eq!((found[1].text.as_str(), found[1].count), ("", 2));
    }

    #[test]
    fn dissimilar_lines_stay_apart_and_groups_are_capped() {
        let cells = [Some("a b c d"), Some("a x y z"), None, Some("")];
        let found = mine_templates(&cells, &TemplateParams::default()).unwrap();
        assert_eq!(found.len(), 3);
        let many: Vec<String> = (0..1000).map(|i| format!("cmd w{}", char_of(i))).collect();
        let cells: Vec<Option<&str>> = many.iter().map(|l| Some(l.as_str())).collect();
        let params = TemplateParams {
            similarity: 1.0,
            max_templates_per_group: 10,
            ..TemplateParams::default()
        };
        let found = mine_templates(&cells, &params).unwrap();
        assert_eq!(found.len(), 10);
        assert_eq!(found.iter().map(|t| t.count).sum::<usize>(), 1000);
        assert!(mine_templates(
            &cells,
            &TemplateParams {
                similarity: 2.0,
                ..params
            }
        )
        .is_err());
    }

    fn char_of(i: usize) -> String {
        // Digit-free distinct tokens.
        format!(
            "{}{}",
            (b'a' + (i % 26) as u8) as char,
            (b'a' + (i / 26 % 26) as u8) as char
        )
    }
}
