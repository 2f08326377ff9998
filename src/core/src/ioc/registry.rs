//! The ordered IoC pattern tables behind `IoCExtract.add_ioc_type` / `ioc_types`.
//!
//! msticpy keeps two dictionaries, one used when `defanged=False` and one when
//! `defanged=True`, ordered by first registration; re-registering a name replaces its
//! pattern in place. Scan order is table order, and the first type registered wins
//! priority ties, so order is part of the behaviour and is kept here.
use std::sync::{Arc, OnceLock};

use super::builtin::{builtins, Table};
use super::extended::{compile as compile_extended, extended_types};
use super::matcher::{Kind, Matcher};
use super::translate::translate_python_regex;
use crate::{Error, Limits, Result};

/// One registered pattern.
#[derive(Debug)]
pub struct PatternDef {
    /// IoC type name.
    pub ioc_type: String,
    /// The pattern as Python `re` would read it (user text, or our rendering of a
    /// built-in); shown as `IoCPattern.comp_regex.pattern`.
    pub python_pattern: String,
    /// Lower number wins.
    pub priority: i64,
    /// Named group holding the observable.
    pub group: Option<String>,
    /// The compiled matcher.
    pub matcher: Matcher,
    /// The pattern never matches across a line break, so a text may be scanned in
    /// line-aligned pieces (true for every built-in and extended type; user patterns
    /// are not analysed and are always scanned whole).
    pub line_local: bool,
}

/// The two tables, each ordered and keyed by type name.
#[derive(Debug, Clone, Default)]
pub struct Tables {
    plain: Vec<Arc<PatternDef>>,
    defanged: Vec<Arc<PatternDef>>,
}

fn upsert(table: &mut Vec<Arc<PatternDef>>, def: Arc<PatternDef>) {
    match table.iter_mut().find(|d| d.ioc_type == def.ioc_type) {
        Some(slot) => *slot = def,
        None => table.push(def),
    }
}

fn compiled_builtins() -> &'static [(Table, Arc<PatternDef>)] {
    static BUILTINS: OnceLock<Vec<(Table, Arc<PatternDef>)>> = OnceLock::new();
    BUILTINS.get_or_init(|| {
        builtins()
            .into_iter()
            .filter_map(|b| {
                // The built-in patterns are fixed and covered by tests, so a failure
                // here cannot come from user input; such an entry is simply absent.
                let mut matcher =
                    Matcher::new(&b.pattern, b.group, b.kind, &Limits::DEFAULT).ok()?;
                // Every Windows path holds a backslash and every Linux path a slash.
                match b.ioc_type {
                    "windows_path" => matcher = matcher.with_required_byte(b'\\'),
                    "linux_path" => matcher = matcher.with_required_byte(b'/'),
                    _ => {}
                }
                let def = PatternDef {
                    ioc_type: b.ioc_type.to_string(),
                    python_pattern: b.python,
                    priority: b.priority,
                    group: b.group.map(str::to_string),
                    matcher,
                    line_local: true,
                };
                Some((b.table, Arc::new(def)))
            })
            .collect()
    })
}

/// The opt-in extended types (beyond msticpy), compiled once.
pub fn extended_table() -> &'static [Arc<PatternDef>] {
    static EXTENDED: OnceLock<Vec<Arc<PatternDef>>> = OnceLock::new();
    EXTENDED.get_or_init(|| {
        extended_types()
            .into_iter()
            .filter_map(|t| {
                let matcher = compile_extended(&t, &Limits::DEFAULT).ok()?;
                Some(Arc::new(PatternDef {
                    ioc_type: t.ioc_type.to_string(),
                    python_pattern: t.pattern.to_string(),
                    priority: t.priority,
                    group: t.group.map(str::to_string),
                    matcher,
                    line_local: true,
                }))
            })
            .collect()
    })
}

impl Tables {
    /// Tables holding only the built-in types.
    pub fn with_builtins() -> Self {
        let mut tables = Self::default();
        tables.reset_builtins();
        tables
    }

    /// Register the built-ins again, as every `IoCExtract()` construction does in
    /// msticpy: built-in names get their default patterns back, user types stay.
    pub fn reset_builtins(&mut self) {
        for (table, def) in compiled_builtins() {
            self.insert(*table, Arc::clone(def));
        }
    }

    fn insert(&mut self, table: Table, def: Arc<PatternDef>) {
        if matches!(table, Table::Plain | Table::Both) {
            upsert(&mut self.plain, Arc::clone(&def));
        }
        if matches!(table, Table::Defanged | Table::Both) {
            upsert(&mut self.defanged, def);
        }
    }

    /// `add_ioc_type`: compile a Python-syntax pattern (msticpy compiles with
    /// `IGNORECASE | VERBOSE | MULTILINE`) and register it. `defang_pattern`: `Some(false)`
    /// plain table only, `Some(true)` defanged table only, `None` both.
    pub fn add(
        &mut self,
        ioc_type: &str,
        pattern: &str,
        priority: i64,
        group: Option<&str>,
        defang_pattern: Option<bool>,
        limits: &Limits,
    ) -> Result<()> {
        let invalid = |reason: String| Error::InvalidPattern {
            owner: format!("IoC type '{ioc_type}'"),
            pattern: pattern.chars().take(200).collect(),
            reason,
        };
        if pattern.len() > limits.regex_max_pattern_len {
            return Err(invalid(format!(
                "pattern is {} bytes, over the limit regex_max_pattern_len={}",
                pattern.len(),
                limits.regex_max_pattern_len
            )));
        }
        let rust = translate_python_regex(pattern, true).map_err(|e| invalid(e.reason))?;
        let matcher = Matcher::new(&rust, group, Kind::Plain, limits).map_err(invalid)?;
        let def = Arc::new(PatternDef {
            ioc_type: ioc_type.to_string(),
            python_pattern: pattern.to_string(),
            priority,
            group: group.map(str::to_string),
            matcher,
            line_local: false,
        });
        let table = match defang_pattern {
            Some(false) => Table::Plain,
            Some(true) => Table::Defanged,
            None => Table::Both,
        };
        // msticpy: `if not defang_pattern` registers in the plain table (so `None`
        // goes to both), `if defang_pattern or defang_pattern is None` in the other.
        self.insert(table, def);
        Ok(())
    }

    /// The table used for `defanged` scans.
    pub fn table(&self, defanged: bool) -> &[Arc<PatternDef>] {
        if defanged {
            &self.defanged
        } else {
            &self.plain
        }
    }

    /// Look a type up in one table.
    pub fn get(&self, defanged: bool, ioc_type: &str) -> Option<&Arc<PatternDef>> {
        self.table(defanged).iter().find(|d| d.ioc_type == ioc_type)
    }
}
