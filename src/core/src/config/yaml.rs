//! The bounded, safe YAML reading shared by msticpyconfig.yaml and query definition files.
//!
//! msticpy reads both with PyYAML's `safe_load`: no size, depth or alias limits, and an
//! explicit tag it has no constructor for (`!!python/object/apply:os.system`, `!secret`)
//! is an error. Here the same tags are refused, and the parser's budgets are set so that
//! a real file never meets them while an alias bomb or a pathological file fails fast:
//! the node and event budgets grow with the file's size (a generated query file with
//! 50,000 queries loads, as it does in msticpy), the nesting depth and alias use are
//! fixed. Every message is in plain words, names the budget and how to get under it, and
//! never quotes a value (a configuration line may hold a secret; configuration messages
//! do not quote tags either).
use serde_saphyr::{
    budget::{Budget, BudgetBreach},
    options::AliasLimits,
    DuplicateKeyPolicy, Error as YamlError, Options,
};

/// Deepest nesting of mappings and sequences accepted. Real files nest 6 levels at most.
pub const MAX_YAML_DEPTH: usize = 64;

/// Most alias uses (`*name`) in one file; real files use a handful.
pub const MAX_YAML_ALIASES: usize = 10_000;

/// Most parser events replayed from aliases in total: bounds what expansion can produce.
pub const MAX_YAML_REPLAYED_EVENTS: usize = 200_000;

/// The node budget allows one value (scalar, mapping or sequence) per this many bytes of
/// the file. Real query and configuration files spend 10 to 20 bytes per value (a
/// generated file of 50,000 queries: 14), so only machine-made filler reaches it.
pub const YAML_BYTES_PER_NODE: usize = 4;

/// How one kind of file is read.
#[derive(Clone, Copy, Debug)]
pub struct YamlRules {
    /// Fewest nodes allowed whatever the file's size.
    pub min_nodes: usize,
    /// Whether a repeated mapping key is an error (`false`: the last value wins, as in
    /// PyYAML).
    pub reject_duplicate_keys: bool,
    /// Whether a refused tag is quoted in the message. A tag is free text next to a
    /// value (`!vault:<secret>`), so configuration files do not quote it.
    pub quote_tags: bool,
}

impl YamlRules {
    /// The node budget for a file of `bytes` bytes.
    #[must_use]
    pub fn max_nodes(&self, bytes: usize) -> usize {
        self.min_nodes.max(bytes / YAML_BYTES_PER_NODE)
    }

    /// Parser options for a file of `bytes` bytes.
    #[must_use]
    pub fn options(&self, bytes: usize) -> Options {
        let max_nodes = self.max_nodes(bytes);
        let mut budget = Budget::default();
        budget.max_depth = MAX_YAML_DEPTH;
        budget.max_aliases = MAX_YAML_ALIASES;
        budget.max_anchors = MAX_YAML_ALIASES;
        budget.max_nodes = max_nodes;
        // A node is at most two events (start and end), plus stream and document events.
        budget.max_events = budget.max_events.max(max_nodes.saturating_mul(2) + 16);
        budget.max_documents = 1;
        let mut limits = AliasLimits::default();
        limits.max_total_replayed_events = MAX_YAML_REPLAYED_EVENTS;
        let mut options = Options::default();
        options.budget = Some(budget);
        options.alias_limits = limits;
        options.duplicate_keys = if self.reject_duplicate_keys {
            DuplicateKeyPolicy::Error
        } else {
            DuplicateKeyPolicy::LastWins
        };
        // PyYAML's safe loader has no constructor for application tags: refuse them too.
        options.reject_unsupported_tags = true;
        // Snippets quote the input around the error, which may hold a secret.
        options.with_snippet = false;
        options
    }

    /// The parser's error in plain words, without the input, and the line it points at.
    ///
    /// `bytes` is the file's size (for the node budget in the message).
    #[must_use]
    pub fn describe(&self, err: &YamlError, bytes: usize) -> (Option<usize>, String) {
        let line = err
            .location()
            .and_then(|loc| usize::try_from(loc.line()).ok())
            .filter(|line| *line > 0);
        let reason = match original(err) {
            YamlError::Budget { breach, .. } => self.budget_reason(breach, bytes),
            YamlError::DuplicateMappingKey { key, .. } => {
                let at = line.map(|n| format!(" at line {n}")).unwrap_or_default();
                match key {
                    Some(key) => format!("duplicate key '{}'{at}", printable(key)),
                    None => format!("duplicate key{at}"),
                }
            }
            YamlError::UnsupportedTag { tag, .. } if self.quote_tags => format!(
                "the tag '{}' is not allowed (only YAML's standard tags are read, as \
                 yaml.safe_load does)",
                printable(tag)
            ),
            YamlError::UnsupportedTag { .. } => "an application tag ('!…' other than YAML's \
                 standard tags) is not allowed, as yaml.safe_load refuses it"
                .to_owned(),
            other => {
                let text = other.to_string();
                let first = text.lines().next().unwrap_or("invalid YAML");
                let first = first.strip_prefix("error: ").unwrap_or(first);
                // Drop "line N column M:" prefixes and " at line N" suffixes: the line is
                // reported separately.
                let first = first.find(" at line ").map_or(first, |pos| &first[..pos]);
                let first = strip_line_prefix(first).trim();
                // Advice about the parser's own options cannot be followed by a user.
                let first = match first.find(". ") {
                    Some(pos) if first[pos..].contains("Options") => &first[..pos],
                    _ => first,
                };
                if first.contains("alias replay limit") {
                    format!(
                        "aliases expand to more than {MAX_YAML_REPLAYED_EVENTS} values \
                         (an alias bomb?)"
                    )
                } else if first.contains("recursion limit") {
                    format!("nested deeper than {MAX_YAML_DEPTH} levels")
                } else {
                    format!("invalid YAML: {}", redact_quoted(first))
                }
            }
        };
        (line, reason)
    }

    fn budget_reason(&self, breach: &BudgetBreach, bytes: usize) -> String {
        match breach {
            BudgetBreach::Depth { .. } => format!("nested deeper than {MAX_YAML_DEPTH} levels"),
            BudgetBreach::Aliases { .. } | BudgetBreach::Anchors { .. } => {
                format!("more than {MAX_YAML_ALIASES} anchors or aliases")
            }
            BudgetBreach::Documents { .. } => {
                "more than one YAML document (a '---' separator)".to_owned()
            }
            BudgetBreach::Nodes { .. } | BudgetBreach::Events { .. } => format!(
                "more than {} values for a file of {bytes} bytes (the budget is one value \
                 per {YAML_BYTES_PER_NODE} bytes of file, at least {}): split the file",
                self.max_nodes(bytes),
                self.min_nodes
            ),
            other => format!("too large to read (parser budget exceeded: {other:?})"),
        }
    }
}

/// The error under alias and snippet wrappers.
fn original(mut err: &YamlError) -> &YamlError {
    while let YamlError::AliasError { error, .. } | YamlError::WithSnippet { error, .. } = err {
        err = error;
    }
    err
}

/// "line 3 column 5: text" -> "text".
fn strip_line_prefix(text: &str) -> &str {
    if let Some(rest) = text.strip_prefix("line ") {
        if let Some(pos) = rest.find(": ") {
            let head = &rest[..pos];
            if head
                .chars()
                .all(|c| c.is_ascii_digit() || c == ' ' || c.is_ascii_alphabetic())
            {
                return &rest[pos + 2..];
            }
        }
    }
    text
}

/// Keys and tags are names, not values, but keep the message one short line.
fn printable(text: &str) -> String {
    const MAX_CHARS: usize = 80;
    let mut out: String = text
        .chars()
        .take(MAX_CHARS)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    if text.chars().nth(MAX_CHARS).is_some() {
        out.push('…');
    }
    out
}

/// Replace quoted fragments (which may be input values) with `"…"`.
pub(crate) fn redact_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut quote: Option<char> = None;
    for ch in text.chars() {
        match quote {
            Some(q) if ch == q => {
                out.push('…');
                out.push(ch);
                quote = None;
            }
            Some(_) => {}
            None if ch == '"' || ch == '`' => {
                out.push(ch);
                quote = Some(ch);
            }
            None => out.push(ch),
        }
    }
    if quote.is_some() {
        out.push('…');
    }
    out
}
