//! Log template mining (the job Drain does), for command lines and syslog messages.
//!
//! Beyond msticpy: `cluster_templates(data, column)` collapses repetitive lines into one
//! template each, with `<*>` where the lines differ. Lines are split on whitespace;
//! tokens holding a digit are variables up front (`<*>`), as in Drain's preprocessing.
//! Lines are grouped by token count and first token; inside a group a line joins the
//! template with the most equal tokens if at least `similarity` of its tokens match
//! (positions that differ become `<*>`), otherwise it starts a new template. A group
//! holds at most `max_templates_per_group` templates; once full, a line joins its most
//! similar template, which bounds the work per line whatever the input.
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

fn has_digit(token: &str) -> bool {
    token.bytes().any(|b| b.is_ascii_digit())
}

fn tokens(line: &str) -> Vec<Option<&str>> {
    line.split_whitespace()
        .map(|t| if has_digit(t) { None } else { Some(t) })
        .collect()
}

fn equal_tokens(template: &[Option<String>], line: &[Option<&str>]) -> (usize, usize) {
    let mut equal = 0;
    let mut wild = 0;
    for (t, l) in template.iter().zip(line) {
        match (t, l) {
            (None, _) => wild += 1,
            (Some(a), Some(b)) if a == b => equal += 1,
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
    let mut groups: FxHashMap<(usize, Option<&str>), Vec<usize>> = FxHashMap::default();
    let mut drafts: Vec<Draft> = Vec::new();
    for (row, line) in lines.iter().enumerate() {
        let Some(line) = line else { continue };
        let toks = tokens(line);
        let key = (toks.len(), toks.first().copied().flatten());
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
            Some((d, (equal, wild))) => {
                let share = (equal + wild) as f64 / len;
                (share >= params.similarity || members.len() >= cap).then_some(d)
            }
            None => None,
        };
        match joins.and_then(|d| drafts.get_mut(d)) {
            Some(draft) => {
                for (t, l) in draft.tokens.iter_mut().zip(&toks) {
                    if t.as_deref() != *l {
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
                    tokens: toks.iter().map(|t| t.map(str::to_string)).collect(),
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
