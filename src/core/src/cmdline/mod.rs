//! Command-line analysis: msticpy's `cmd_line.risky_cmd_line` rule matching.
//!
//! The detection rules are Python `re` patterns applied with `re.match` (anchored at the
//! start, not the end). They are translated to the linear-time engine by
//! [`crate::ioc::translate`] and run as one set, so a long command line is scanned once
//! whatever the number of rules, and no rule can backtrack catastrophically.

mod rules;

pub use rules::RuleSet;
