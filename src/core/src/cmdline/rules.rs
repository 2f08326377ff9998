//! A set of Python-syntax detection rules matched like `re.match`.

use regex::{RegexSet, RegexSetBuilder};

use crate::ioc::translate::translate_python_regex;
use crate::parallel::par_map;
use crate::{Error, Limits, Result};

/// Compiled rules; [`RuleSet::first_match`] gives the lowest index of a matching rule.
#[derive(Debug, Clone)]
pub struct RuleSet {
    set: RegexSet,
}

impl RuleSet {
    /// Compiles `patterns` (Python `re` syntax, no flags), each anchored at the start of
    /// the text as `re.match` anchors it.
    ///
    /// # Errors
    /// [`Error::InvalidPattern`] naming the rule that Python would reject or that the
    /// linear-time engine cannot run (look-around, backreferences), or that exceeds the
    /// regex budgets of `limits`.
    pub fn new(patterns: &[String], limits: &Limits) -> Result<Self> {
        let mut anchored = Vec::with_capacity(patterns.len());
        for (index, pattern) in patterns.iter().enumerate() {
            if pattern.len() > limits.regex_max_pattern_len {
                return Err(Error::LimitExceeded {
                    limit: "regex_max_pattern_len",
                    detail: format!("a detection rule is {} bytes long", pattern.len()),
                });
            }
            let translated =
                translate_python_regex(pattern, false).map_err(|e| Error::InvalidPattern {
                    owner: format!("detection rule {index}"),
                    pattern: pattern.clone(),
                    reason: e.reason,
                })?;
            anchored.push(format!(r"\A(?:{translated})"));
        }
        let set = RegexSetBuilder::new(&anchored)
            .size_limit(limits.regex_size_limit)
            .dfa_size_limit(limits.regex_dfa_size_limit)
            .nest_limit(limits.regex_nest_limit)
            .build()
            .map_err(|e| Error::InvalidPattern {
                owner: "the detection rules".to_owned(),
                pattern: patterns.join(" | ").chars().take(200).collect(),
                reason: e.to_string(),
            })?;
        Ok(Self { set })
    }

    /// The number of rules.
    pub fn len(&self) -> usize {
        self.set.len()
    }

    /// True when there are no rules.
    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }

    /// The lowest index of a rule that matches at the start of `text`.
    pub fn first_match(&self, text: &str) -> Option<usize> {
        self.set.matches(text).iter().next()
    }

    /// [`RuleSet::first_match`] for every cell (`None` cells give `None`), in parallel.
    pub fn match_cells(&self, cells: &[Option<&str>], threads: usize) -> Vec<Option<usize>> {
        par_map(cells, threads, 256, |cell| {
            cell.and_then(|t| self.first_match(t))
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn rules(patterns: &[&str]) -> RuleSet {
        let owned: Vec<String> = patterns.iter().map(|p| (*p).to_owned()).collect();
        RuleSet::new(&owned, &Limits::default()).unwrap()
    }

    #[test]
    fn anchored_at_start_like_re_match() {
        let set = rules(&["curl", r".*/bin/bash", r".*(wget|curl).*\|?.*sh"]);
        assert_eq!(set.first_match("curl x | sh"), Some(0));
        assert_eq!(set.first_match("sudo curl x | sh"), Some(2));
        assert_eq!(set.first_match("exec /bin/bash -i"), Some(1));
        assert_eq!(set.first_match("echo hi"), None);
        // `.` stops at a newline, as in Python without DOTALL.
        assert_eq!(set.first_match("echo\n/bin/bash"), None);
        assert_eq!(set.len(), 3);
    }

    #[test]
    fn unsupported_and_invalid_rules_are_errors() {
        let bad = vec![r"(?<=a)b".to_owned()];
        assert!(matches!(
            RuleSet::new(&bad, &Limits::default()),
            Err(Error::InvalidPattern { .. })
        ));
        let broken = vec!["(".to_owned()];
        assert!(RuleSet::new(&broken, &Limits::default()).is_err());
    }

    #[test]
    fn cells_in_parallel_keep_order() {
        let set = rules(&[".*authorized_keys"]);
        let cells = [Some("cat ~/.ssh/authorized_keys"), None, Some("ls")];
        assert_eq!(set.match_cells(&cells, 2), [Some(0), None, None]);
    }
}
