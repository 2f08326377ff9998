//! Python `re` syntax to `regex`-crate syntax, for msticpy's
//! `IoCExtract.add_ioc_type(ioc_type, ioc_regex, ...)`.
//!
//! msticpy compiles user patterns with `re.IGNORECASE | re.VERBOSE | re.MULTILINE`;
//! the caller adds the flags and this module rewrites the pattern itself. It follows
//! the parser of CPython 3.11 (`re._parser`): the same tokens are literals, the same
//! mistakes are errors, and every construct the linear-time engine cannot run
//! (look-around, backreferences, conditionals, atomic groups, possessive quantifiers)
//! is rejected with a reason that names it.
//!
//! The output never relies on the `(?x)` flag: the `regex` crate's verbose mode also
//! ignores whitespace inside classes, which Python does not, so verbose whitespace and
//! comments are removed here and literal whitespace is written as `\x{..}`.
//!
//! Deliberate differences from Python (the output is as close as the engine allows):
//! * `\w`, `\W`, `\s` and `\S` become explicit classes (`[\p{L}\p{N}_]`,
//!   `[\s\x1C-\x1F]`) because the crate's own `\w` and `\s` differ from Python's; they
//!   then agree for every code point assigned in Python's Unicode database. `\b` and
//!   `\B` cannot be redefined without look-around, so they keep the crate's idea of a
//!   word character (it counts combining marks, not `²`), and `\B` also matches in an
//!   empty string, where Python's never does.
//! * Under the ASCII flag (`(?a)`), `\d \w \s` become ASCII classes and `\b \B` become
//!   `(?-u:\b)`, but case-insensitive matching stays Unicode-aware (Python's `(?ai)é`
//!   does not match `É`, nor `(?ai)k` the Kelvin sign; the crate's do).
//! * Python's IGNORECASE also matches `İ` and `ı` for `i`; the crate does not.
//! * `\N{NAME}`, lone surrogates and the TEMPLATE flag `(?t)` are rejected, and group
//!   names are limited to letters, digits and `_` (the crate's rule).

use std::collections::HashSet;
use std::fmt;

/// Why a Python pattern cannot be run by the linear-time engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranslateError {
    /// The Python pattern as given.
    pub pattern: String,
    /// What is wrong or unsupported, naming the construct.
    pub reason: String,
}

impl fmt::Display for TranslateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "pattern '{}' cannot be used: {}",
            self.pattern, self.reason
        )
    }
}

impl std::error::Error for TranslateError {}

/// Translate a Python `re` pattern to `regex`-crate syntax.
///
/// `verbose` applies Python's `re.VERBOSE` rules. Flags are not added: the caller
/// prepends `(?im)` or whatever it needs. An empty result is a valid pattern.
pub fn translate_python_regex(pattern: &str, verbose: bool) -> Result<String, TranslateError> {
    Translator::new(pattern, verbose)
        .run()
        .map_err(|reason| TranslateError {
            pattern: pattern.to_string(),
            reason,
        })
}

/// The advice shared by the four look-around forms.
const LOOK_AROUND: &str = "rewrite it without look-around";
/// The advice shared by both kinds of backreference.
const BACKREF: &str = "match the text again explicitly";
/// Python's `\w` for `str` patterns: letters, numbers (`str.isalnum`) and `_`.
const PY_WORD: &str = r"\p{L}\p{N}_";
/// Python's `\s`: Unicode White_Space plus the four ASCII separators U+001C..U+001F.
const PY_SPACE: &str = r"\s\x1C-\x1F";
const ASCII_WORD: &str = "0-9A-Za-z_";
const ASCII_SPACE: &str = r"\t\n\x0B\x0C\r\x20";
/// Python's `re.VERBOSE` ignores exactly these characters.
const VERBOSE_SPACE: &str = " \t\n\r\x0B\x0C";
/// Characters that are special somewhere in `regex` syntax, in or out of classes.
const RUST_META: &str = "\\.+*?()|[]{}^$#&-~";
/// Python's inline flag letters.
const FLAGS: &str = "aiLmsxut";

/// What the current sequence ends with, which decides whether a quantifier is legal
/// (Python: "nothing to repeat", "multiple repeat").
#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
    Nothing,
    Assertion,
    Atom,
    Repeated,
}

/// Flags that change how this module reads or writes the pattern.
#[derive(Clone, Copy)]
struct Scope {
    verbose: bool,
    ascii: bool,
}

/// One element of a character class; code points are `u32` so that Python's
/// surrogate escapes can be reported (or clamped out of ranges) instead of lost.
#[derive(Clone, Copy)]
enum Item {
    Lit(u32),
    Range(u32, u32),
    /// A class escape letter: one of `dDsSwW`.
    Set(char),
}

struct Translator {
    chars: Vec<char>,
    pos: usize,
    out: String,
    scope: Scope,
    /// The scope outside each open group and where the group started. An explicit
    /// stack, so deep nesting cannot overflow the call stack.
    open: Vec<(Scope, usize)>,
    last: Last,
    /// Whether a `|` has been seen at the top level (global flags must come first).
    top_alternation: bool,
    /// The global type flag seen so far (`a` or `u`), which Python forbids mixing.
    global_type: Option<char>,
    names: HashSet<String>,
}

fn invalid(msg: &str, pos: usize) -> String {
    format!("invalid Python regular expression: {msg} at position {pos}")
}

fn unsupported(what: &str, advice: &str) -> String {
    format!("{what} is not supported by the linear-time engine ({advice})")
}

fn surrogate(what: &str) -> String {
    format!("{what} names only surrogate code points, which cannot occur in Rust strings")
}

/// Write one literal character so that the crate reads it as itself in or out of a
/// class: meta characters are escaped and whitespace or controls become `\x{..}`.
/// `<` and `>` stay bare because the crate reads `\<` and `\>` as word boundaries.
fn push_literal(out: &mut String, c: char) {
    if c.is_whitespace() || c.is_control() {
        out.push_str(&format!("\\x{{{:X}}}", u32::from(c)));
    } else {
        if RUST_META.contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
}

/// The crate's syntax for a Python class escape (`\d \D \s \S \w \W`), inside or
/// outside a class.
fn class_escape(e: char, ascii: bool, in_class: bool) -> String {
    let body = match (e.to_ascii_lowercase(), ascii) {
        ('d', false) => return format!("\\{e}"),
        ('d', true) => "0-9",
        ('w', false) => PY_WORD,
        ('w', true) => ASCII_WORD,
        (_, false) => PY_SPACE,
        (_, true) => ASCII_SPACE,
    };
    match (e.is_ascii_uppercase(), in_class) {
        (true, _) => format!("[^{body}]"),
        (false, true) => body.to_string(),
        (false, false) => format!("[{body}]"),
    }
}

impl Translator {
    fn new(pattern: &str, verbose: bool) -> Self {
        Self {
            chars: pattern.chars().collect(),
            pos: 0,
            out: String::with_capacity(pattern.len() + 16),
            scope: Scope {
                verbose,
                ascii: false,
            },
            open: Vec::new(),
            last: Last::Nothing,
            top_alternation: false,
            global_type: None,
            names: HashSet::new(),
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        Some(c)
    }

    fn eat(&mut self, c: char) -> bool {
        let hit = self.peek() == Some(c);
        self.pos += usize::from(hit);
        hit
    }

    fn text(&self, from: usize) -> String {
        let end = self.pos.min(self.chars.len());
        self.chars
            .get(from..end)
            .unwrap_or_default()
            .iter()
            .collect()
    }

    fn emit(&mut self, s: &str, last: Last) {
        self.out.push_str(s);
        self.last = last;
    }

    fn literal(&mut self, c: char) {
        push_literal(&mut self.out, c);
        self.last = Last::Atom;
    }

    /// Skip to just past `end`, stepping over escape pairs as Python's tokenizer does;
    /// `false` if the pattern ends first.
    fn skip_past(&mut self, end: char) -> bool {
        while let Some(c) = self.bump() {
            if c == end {
                return true;
            }
            if c == '\\' {
                self.pos += 1;
            }
        }
        false
    }

    fn run(mut self) -> Result<String, String> {
        // Python's tokenizer pairs every backslash with the next character, so a lone
        // trailing backslash is an error wherever it appears (even in a comment).
        let trailing = self.chars.iter().rev().take_while(|&&c| c == '\\').count();
        if trailing % 2 == 1 {
            return Err(invalid("bad escape (end of pattern)", self.chars.len() - 1));
        }
        while let Some(c) = self.bump() {
            let start = self.pos - 1;
            if self.scope.verbose && VERBOSE_SPACE.contains(c) {
                continue;
            }
            if self.scope.verbose && c == '#' {
                self.skip_past('\n');
                continue;
            }
            match c {
                '\\' => self.escape(start)?,
                '[' => self.class(start)?,
                '(' => self.open_group(start)?,
                ')' => {
                    let unbalanced = || invalid("unbalanced parenthesis", start);
                    (self.scope, _) = self.open.pop().ok_or_else(unbalanced)?;
                    self.emit(")", Last::Atom);
                }
                '|' => {
                    self.top_alternation |= self.open.is_empty();
                    self.emit("|", Last::Nothing);
                }
                '*' | '+' | '?' => self.quantifier(start, c.to_string())?,
                '{' => match self.counted_repeat(start)? {
                    Some(q) => self.quantifier(start, q)?,
                    None => self.literal('{'),
                },
                '.' => self.emit(".", Last::Atom),
                '^' => self.emit("^", Last::Assertion),
                '$' => self.emit("$", Last::Assertion),
                _ => self.literal(c),
            }
        }
        match self.open.last() {
            Some(&(_, at)) => Err(invalid("missing ), unterminated subpattern", at)),
            None => Ok(self.out),
        }
    }

    /// `{m}`, `{m,}`, `{,n}`, `{m,n}` or `{,}` right after the `{`, in the crate's
    /// syntax; `None` (position unchanged) when Python reads a literal `{` instead.
    fn counted_repeat(&mut self, start: usize) -> Result<Option<String>, String> {
        let here = self.pos;
        let digits = |t: &mut Self| {
            let from = t.pos;
            while t.peek().is_some_and(|c| c.is_ascii_digit()) {
                t.pos += 1;
            }
            t.text(from)
        };
        let lo = digits(self);
        let comma = self.eat(',');
        let hi = if comma { digits(self) } else { lo.clone() };
        if (lo.is_empty() && !comma) || !self.eat('}') {
            self.pos = here;
            return Ok(None);
        }
        // Python's limit is MAXREPEAT (2**32 - 1), exclusive.
        let number = |s: &str| match s.parse::<u64>() {
            Ok(n) if n < u64::from(u32::MAX) => Ok(n),
            _ => Err(invalid("the repetition number is too large", start)),
        };
        let min = if lo.is_empty() { 0 } else { number(&lo)? };
        if hi.is_empty() {
            return Ok(Some(format!("{{{min},}}")));
        }
        let max = number(&hi)?;
        if max < min {
            return Err(invalid("min repeat greater than max repeat", start));
        }
        Ok(Some(if comma {
            format!("{{{min},{max}}}")
        } else {
            format!("{{{min}}}")
        }))
    }

    fn quantifier(&mut self, start: usize, q: String) -> Result<(), String> {
        match self.last {
            Last::Nothing | Last::Assertion => return Err(invalid("nothing to repeat", start)),
            Last::Repeated => return Err(invalid("multiple repeat", start)),
            Last::Atom => self.emit(&q, Last::Repeated),
        }
        // Lazy and possessive suffixes must follow at once: with verbose whitespace
        // between, Python reads a second quantifier ("multiple repeat").
        if self.eat('?') {
            self.out.push('?');
        } else if self.peek() == Some('+') {
            let what = format!("possessive quantifier '{q}+'");
            return Err(unsupported(&what, &format!("use the greedy form '{q}'")));
        }
        Ok(())
    }

    /// Exactly `n` hex digits after `\x`, `\u` or `\U`.
    fn hex(&mut self, n: usize, start: usize) -> Result<u32, String> {
        let from = self.pos;
        while self.pos - from < n && self.peek().is_some_and(|c| c.is_ascii_hexdigit()) {
            self.pos += 1;
        }
        let value = u32::from_str_radix(&self.text(from), 16).ok();
        match value.filter(|_| self.pos - from == n) {
            None => Err(invalid(
                &format!("incomplete escape {}", self.text(start)),
                start,
            )),
            Some(v) if v > 0x10_FFFF => {
                Err(invalid(&format!("bad escape {}", self.text(start)), start))
            }
            Some(v) => Ok(v),
        }
    }

    /// An octal escape: `first` and up to two more octal digits, at most 0o377.
    fn octal(&mut self, first: char, start: usize) -> Result<u32, String> {
        let mut value = first.to_digit(8).unwrap_or(0);
        for _ in 0..2 {
            let Some(d) = self.peek().and_then(|c| c.to_digit(8)) else {
                break;
            };
            value = value * 8 + d;
            self.pos += 1;
        }
        if value > 0o377 {
            let msg = format!(
                "octal escape value {} outside of range 0-0o377",
                self.text(start)
            );
            return Err(invalid(&msg, start));
        }
        Ok(value)
    }

    /// The escapes that mean the same inside and outside classes; `None` for the rest.
    fn common_escape(&mut self, e: char, start: usize) -> Result<Option<u32>, String> {
        Ok(Some(match e {
            'a' => 0x07,
            'f' => 0x0C,
            'n' => 0x0A,
            'r' => 0x0D,
            't' => 0x09,
            'v' => 0x0B,
            'x' => self.hex(2, start)?,
            'u' => self.hex(4, start)?,
            'U' => self.hex(8, start)?,
            'N' => {
                let advice = r"write the character itself or \uXXXX";
                return Err(unsupported(r"the named Unicode escape \N{...}", advice));
            }
            _ => return Ok(None),
        }))
    }

    fn escape(&mut self, start: usize) -> Result<(), String> {
        let e = self
            .bump()
            .ok_or_else(|| invalid("bad escape (end of pattern)", start))?;
        if let Some(cp) = self.common_escape(e, start)? {
            let c = char::from_u32(cp)
                .ok_or_else(|| surrogate(&format!("the escape {}", self.text(start))))?;
            self.literal(c);
            return Ok(());
        }
        let ascii = self.scope.ascii;
        match e {
            'A' => self.emit(r"\A", Last::Assertion),
            'Z' => self.emit(r"\z", Last::Assertion),
            'b' | 'B' if ascii => self.emit(&format!(r"(?-u:\{e})"), Last::Assertion),
            'b' | 'B' => self.emit(&format!(r"\{e}"), Last::Assertion),
            'd' | 'D' | 's' | 'S' | 'w' | 'W' => {
                self.emit(&class_escape(e, ascii, false), Last::Atom);
            }
            '0'..='9' => {
                // Python: `\0` and three octal digits are octal escapes; otherwise one or
                // two digits are a group reference.
                let octal = e == '0'
                    || self.chars.get(self.pos..self.pos + 2).is_some_and(|next| {
                        e <= '7' && next.iter().all(|c| ('0'..='7').contains(c))
                    });
                if !octal {
                    self.pos += usize::from(self.peek().is_some_and(|c| c.is_ascii_digit()));
                    let what = format!("the backreference {}", self.text(start));
                    return Err(unsupported(&what, BACKREF));
                }
                let cp = self.octal(e, start)?;
                self.literal(char::from_u32(cp).unwrap_or_default());
            }
            c if c.is_ascii_alphabetic() => {
                return Err(invalid(&format!("bad escape \\{c}"), start))
            }
            c => self.literal(c),
        }
        Ok(())
    }

    /// The next class element; `(c, true)` for the character after a backslash.
    fn class_token(&mut self) -> Option<(char, bool)> {
        match self.bump()? {
            '\\' => self.bump().map(|c| (c, true)),
            c => Some((c, false)),
        }
    }

    fn class_item(&mut self, (c, escaped): (char, bool), start: usize) -> Result<Item, String> {
        if !escaped {
            return Ok(Item::Lit(u32::from(c)));
        }
        if let Some(cp) = self.common_escape(c, start)? {
            return Ok(Item::Lit(cp));
        }
        match c {
            'b' => Ok(Item::Lit(0x08)),
            'd' | 'D' | 's' | 'S' | 'w' | 'W' => Ok(Item::Set(c)),
            '0'..='7' => Ok(Item::Lit(self.octal(c, start)?)),
            c if c.is_ascii_alphanumeric() => Err(invalid(&format!("bad escape \\{c}"), start)),
            c => Ok(Item::Lit(u32::from(c))),
        }
    }

    /// A class, read by Python's rules (a leading `]` is literal, `[` and doubled
    /// `&&`, `--`, `~~` are literals) and written with every special character escaped.
    fn class(&mut self, start: usize) -> Result<(), String> {
        let unterminated = || invalid("unterminated character set", start);
        let negate = self.eat('^');
        let mut items: Vec<Item> = Vec::new();
        loop {
            let at = self.pos;
            let tok = self.class_token().ok_or_else(unterminated)?;
            if tok == (']', false) && !items.is_empty() {
                break;
            }
            let first = self.class_item(tok, at)?;
            if !self.eat('-') {
                items.push(first);
                continue;
            }
            let at2 = self.pos;
            let tok2 = self.class_token().ok_or_else(unterminated)?;
            if tok2 == (']', false) {
                items.extend([first, Item::Lit(u32::from('-'))]);
                break;
            }
            match (first, self.class_item(tok2, at2)?) {
                (Item::Lit(lo), Item::Lit(hi)) if lo <= hi => items.push(Item::Range(lo, hi)),
                _ => {
                    return Err(invalid(
                        &format!("bad character range {}", self.text(at)),
                        at,
                    ))
                }
            }
        }
        let mut out = String::from(if negate { "[^" } else { "[" });
        for item in items {
            match item {
                Item::Lit(cp) => {
                    let c = char::from_u32(cp)
                        .ok_or_else(|| surrogate(&format!("the escape \\u{cp:04X}")))?;
                    push_literal(&mut out, c);
                }
                Item::Range(lo, hi) => {
                    // Surrogates cannot occur in Rust strings, so a range keeps only its
                    // scalar values.
                    let skip = |cp, to| {
                        if (0xD800..0xE000).contains(&cp) {
                            to
                        } else {
                            cp
                        }
                    };
                    let bounds =
                        char::from_u32(skip(lo, 0xE000)).zip(char::from_u32(skip(hi, 0xD7FF)));
                    let Some((lo, hi)) = bounds.filter(|(lo, hi)| lo <= hi) else {
                        return Err(surrogate(&format!("the range in {}", self.text(start))));
                    };
                    push_literal(&mut out, lo);
                    out.push('-');
                    push_literal(&mut out, hi);
                }
                Item::Set(e) => out.push_str(&class_escape(e, self.scope.ascii, true)),
            }
        }
        out.push(']');
        self.emit(&out, Last::Atom);
        Ok(())
    }

    fn open_group(&mut self, start: usize) -> Result<(), String> {
        if !self.eat('?') {
            self.enter("(", self.scope, start);
            return Ok(());
        }
        let end = || invalid("unexpected end of pattern", start);
        match self.bump().ok_or_else(end)? {
            ':' => self.enter("(?:", self.scope, start),
            'P' => match self.bump().ok_or_else(end)? {
                '<' => return self.named_group(start),
                '=' => return Err(unsupported("the named backreference (?P=name)", BACKREF)),
                o => return Err(invalid(&format!("unknown extension ?P{o}"), start)),
            },
            '#' => {
                if !self.skip_past(')') {
                    return Err(invalid("missing ), unterminated comment", start));
                }
            }
            '=' | '!' => return Err(unsupported("look-ahead", LOOK_AROUND)),
            '<' => match self.bump().ok_or_else(end)? {
                '=' | '!' => return Err(unsupported("look-behind", LOOK_AROUND)),
                o => return Err(invalid(&format!("unknown extension ?<{o}"), start)),
            },
            '(' => {
                let what = "the conditional group (?(...)...)";
                return Err(unsupported(what, "use an alternation instead"));
            }
            '>' => {
                let what = "the atomic group (?>...)";
                return Err(unsupported(what, "use a non-capturing group (?:...)"));
            }
            c if c == '-' || FLAGS.contains(c) => return self.flags(c, start),
            o => return Err(invalid(&format!("unknown extension ?{o}"), start)),
        }
        Ok(())
    }

    fn enter(&mut self, open: &str, inner: Scope, start: usize) {
        self.open.push((self.scope, start));
        self.scope = inner;
        self.emit(open, Last::Nothing);
    }

    fn named_group(&mut self, start: usize) -> Result<(), String> {
        let from = self.pos;
        let closed = self.skip_past('>');
        let name: String = self.text(from).trim_end_matches('>').to_string();
        let mut chars = name.chars();
        let valid = chars.next().is_some_and(|c| c == '_' || c.is_alphabetic())
            && chars.all(|c| c == '_' || c.is_alphanumeric());
        let msg = match (name.is_empty(), closed, valid) {
            (true, _, _) => "missing group name".to_string(),
            (_, false, _) => "missing >, unterminated name".to_string(),
            (_, _, false) => format!("bad character in group name '{name}'"),
            _ if self.names.contains(&name) => format!("redefinition of group name '{name}'"),
            _ => {
                self.enter(&format!("(?P<{name}>"), self.scope, start);
                self.names.insert(name);
                return Ok(());
            }
        };
        Err(invalid(&msg, start))
    }

    /// Inline flags after `(?`, with Python's checks; `first` is a flag letter or `-`.
    fn flags(&mut self, first: char, start: usize) -> Result<(), String> {
        let mut c = Some(first);
        let take = |t: &mut Self, c: &mut Option<char>| {
            let mut letters = String::new();
            while let Some(f) = c.filter(|f| FLAGS.contains(*f)) {
                letters.push(f);
                *c = t.bump();
            }
            letters
        };
        let on = take(self, &mut c);
        let mut off = String::new();
        let dash = c == Some('-');
        if dash {
            c = self.bump();
            off = take(self, &mut c);
        }
        let both = |s: &str, t: &str| s.chars().any(|f| t.contains(f));
        let problem = match c {
            _ if on.contains('L') => "bad inline flags: cannot use 'L' flag with a str pattern",
            _ if on.contains('a') && on.contains('u') => {
                "bad inline flags: flags 'a', 'u' and 'L' are incompatible"
            }
            _ if both("aLu", &off) => "bad inline flags: cannot turn off flags 'a', 'u' and 'L'",
            _ if both(&on, &off) => "bad inline flags: flag turned on and off",
            Some(':') if !dash || !off.is_empty() => "",
            Some(')') if !dash => "",
            _ => "unknown flag, or missing flag, -, : or )",
        };
        if !problem.is_empty() {
            return Err(invalid(problem, start));
        }
        if on.contains('t') || off.contains('t') {
            return Err(unsupported("the TEMPLATE flag (?t)", "remove it"));
        }
        let keep = |s: &str| s.chars().filter(|c| "ims".contains(*c)).collect::<String>();
        if c == Some(')') {
            return self.global_flags(&on, &keep(&on), start);
        }
        let mut open = format!("(?{}", keep(&on));
        if !keep(&off).is_empty() {
            open = format!("{open}-{}", keep(&off));
        }
        let inner = Scope {
            verbose: (self.scope.verbose || on.contains('x')) && !off.contains('x'),
            ascii: on.contains('a') || (self.scope.ascii && !on.contains('u')),
        };
        self.enter(&format!("{open}:"), inner, start);
        Ok(())
    }

    fn global_flags(&mut self, on: &str, rust: &str, start: usize) -> Result<(), String> {
        if !self.open.is_empty() || self.top_alternation || self.last != Last::Nothing {
            let msg = "global flags not at the start of the expression";
            return Err(invalid(msg, start));
        }
        for t in ['a', 'u'].into_iter().filter(|t| on.contains(*t)) {
            if self.global_type.is_some_and(|g| g != t) {
                return Err(invalid("ASCII and UNICODE flags are incompatible", start));
            }
            self.global_type = Some(t);
            self.scope.ascii = t == 'a';
        }
        self.scope.verbose |= on.contains('x');
        if !rust.is_empty() {
            self.out.push_str(&format!("(?{rust})"));
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::translate_python_regex;
    use regex::Regex;

    /// Compile like msticpy's `add_ioc_type` (`re.IGNORECASE | re.VERBOSE | re.MULTILINE`).
    fn compile(pattern: &str) -> Regex {
        let rust = translate_python_regex(pattern, true).unwrap();
        Regex::new(&format!("(?im){rust}")).unwrap()
    }

    type Case = (
        &'static str,
        Option<&'static str>,
        &'static [&'static str],
        &'static [&'static str],
    );

    /// (Python pattern, expected translation when pinned, texts in which Python's
    /// `re.search` finds a match, texts in which it does not). Every row was checked
    /// against CPython 3.11 with `re.I | re.X | re.M`.
    #[rustfmt::skip]
    const CASES: &[Case] = &[
        (r"a b  # comment here", Some(r"ab"), &["ab"], &["a b"]),
        (r"a\ b\#c", None, &["a b#c"], &["ab#c"]),
        (r"[ #]x", None, &[" x", "#x"], &["x"]),
        ("a # one \\\n b\nc", None, &["ac"], &["abc", "ab"]),
        (r"a(?#no)b", Some(r"ab"), &["ab"], &["a"]),
        (r"a(?#c\)c)b", Some(r"ab"), &["ab"], &[]),
        (r"(?P<n>ab)(?:c)(d)", Some(r"(?P<n>ab)(?:c)(d)"), &["abcd"], &["abd"]),
        (r"(?s)a.b", Some(r"(?s)a.b"), &["a\nb"], &[]),
        (r"(?-i:a)b", Some(r"(?-i:a)b"), &["aB"], &["AB"]),
        (r"(?x: a b )", Some(r"(?:ab)"), &["ab"], &[]),
        (r"(?-x:a b)", Some(r"(?:a\x{20}b)"), &["a b"], &["ab"]),
        (r"(?a)\w+\b", Some(r"[0-9A-Za-z_]+(?-u:\b)"), &["abc"], &["\u{e9}"]),
        (r"(?a:\d)", Some(r"(?:[0-9])"), &["5"], &["\u{665}"]),
        (r"\d", Some(r"\d"), &["\u{665}"], &["a"]),
        (r"\w", None, &["\u{e9}", "_", "\u{b2}"], &["\u{301}", "-"]),
        (r"\s", None, &["\u{1c}", "\u{a0}"], &["a"]),
        (r"[\W]", Some(r"[[^\p{L}\p{N}_]]"), &["-", "\u{301}"], &["a"]),
        (r"[\S]", None, &["a"], &[" ", "\u{1f}"]),
        (r#"\'\"\-\#\ \/\@\%\!\,\;\=\~\&\<\>\:"#, None, &["'\"-# /@%!,;=~&<>:"], &[]),
        (r"\Aab\Z", Some(r"\Aab\z"), &["ab"], &["ab\n", "xab"]),
        (r"\x41\u00e9\U0001F600", None, &["A\u{e9}\u{1f600}"], &[]),
        (r"\0\012\101", Some(r"\x{0}\x{A}A"), &["\0\nA"], &[]),
        (r"\t\n\r\f\v\a\\", None, &["\t\n\r\u{c}\u{b}\u{7}\\"], &[]),
        (r"\é", None, &["\u{e9}"], &[]),
        (r"ü[ä-ö]", Some(r"ü[ä-ö]"), &["ÜÄ"], &["ua"]),
        (r"^[\ud700-\ue000]$", None, &["\u{d7ff}", "\u{e000}"], &["a"]),
        (r"[a-z0-9-._~]+", None, &["a-._~"], &["!"]),
        (r"^[-a]$", None, &["-", "a"], &["b"]),
        (r"^[a-]$", None, &["-", "a"], &["b"]),
        (r"^[]a]$", Some(r"^[\]a]$"), &["]", "a"], &["b"]),
        (r"^[^]a]$", None, &["b"], &["]", "a"]),
        (r"^[\]]$", None, &["]"], &[r"\"]),
        (r"^[[]$", Some(r"^[\[]$"), &["["], &["]"]),
        (r"^[&&]$", Some(r"^[\&\&]$"), &["&"], &["a"]),
        (r"^[%--]$", Some(r"^[%-\-]$"), &["%", "-", "+"], &["a"]),
        (r"^[a\-z]$", None, &["-", "a", "z"], &["b"]),
        (r"^[~~]$", None, &["~"], &["a"]),
        (r"^[\'\#\-\.]+$", None, &["'#-."], &["a"]),
        (r"^[\^a]$", None, &["^"], &["b"]),
        (r"^[a^]$", None, &["^"], &["b"]),
        (r"^[ a]$", Some(r"^[\x{20}a]$"), &[" ", "a"], &["b"]),
        (r"^[\b]$", None, &["\u{8}"], &["b"]),
        (r"^[\1\12]$", None, &["\u{1}", "\n"], &["1"]),
        (r"^[\x41-\x43]$", None, &["b"], &["d"]),
        (r"^[--/]$", None, &["-", ".", "/"], &["a"]),
        (r"^[\w-]+$", None, &["a-b"], &["."]),
        (r"^a{,2}$", Some(r"^a{0,2}$"), &["", "aa"], &["aaa"]),
        (r"^a{2}$", Some(r"^a{2}$"), &["aa"], &["a"]),
        (r"^a{2,}$", Some(r"^a{2,}$"), &["aaa"], &["a"]),
        (r"^a{,}$", Some(r"^a{0,}$"), &["aaaa"], &["b"]),
        (r"^a{1,2}?$", Some(r"^a{1,2}?$"), &["aa"], &[]),
        (r"a{b", Some(r"a\{b"), &["a{b"], &[]),
        (r"{foo}", Some(r"\{foo\}"), &["{foo}"], &[]),
        (r"a{}", Some(r"a\{\}"), &["a{}"], &[]),
        (r"a{1,x}", None, &["a{1,x}"], &[]),
        (r"x{ 2}", None, &["x{2}"], &["xx"]),
        (r"a*?b+?c??", Some(r"a*?b+?c??"), &["bc"], &[]),
        (r"a *", Some(r"a*"), &["b"], &[]),
        (r"a(?#c)*b", Some(r"a*b"), &["b"], &[]),
        (r"(?i)(?m)^a|b", Some(r"(?i)(?m)^a|b"), &["A"], &["c"]),
        (r"a||b", Some(r"a||b"), &["c"], &[]),
        (r"]", Some(r"\]"), &["]"], &[]),
        (r"\.$", None, &["a."], &["ab"]),
        (r"h\u00e9llo", None, &["H\u{c9}LLO"], &[]),
        (r"", Some(r""), &[""], &[]),
        (r"   # only a comment", Some(r""), &["x"], &[]),
    ];

    #[test]
    fn translations_match_like_python() {
        for &(pattern, expected, hits, misses) in CASES {
            if let Some(expected) = expected {
                let got = translate_python_regex(pattern, true).unwrap();
                assert_eq!(got, expected, "{pattern:?}");
            }
            let re = compile(pattern);
            for text in hits {
                assert!(re.is_match(text), "{pattern:?} should match {text:?}");
            }
            for text in misses {
                assert!(!re.is_match(text), "{pattern:?} should not match {text:?}");
            }
        }
    }

    /// (Python pattern, a word the reason must contain).
    #[rustfmt::skip]
    const ERRORS: &[(&str, &str)] = &[
        (r"(?=x)", r"look-ahead"), (r"(?!x)", r"look-ahead"), (r"(?<=x)abc", r"look-behind"),
        (r"(?<!x)", r"look-behind"), (r"(a)\1", r"backreference"), (r"(a)\12", r"backreference"),
        (r"(?P<n>a)(?P=n)", r"named backreference"), (r"(a)(?(1)b|c)", r"conditional"),
        (r"(?>a)", r"atomic"), (r"a*+", r"possessive"), (r"a++", r"possessive"),
        (r"a?+", r"possessive"), (r"a{1,2}+", r"possessive"), (r"(a", r"missing )"),
        (r"a)", r"unbalanced"), (r"((a)", r"missing )"), (r"\q", r"bad escape"),
        (r"[\A]", r"bad escape"), (r"[\8]", r"bad escape"), (r"ab\", r"end of pattern"),
        (r"\x4", r"incomplete escape"), (r"\u12", r"incomplete escape"),
        (r"\U00110000", r"bad escape"), (r"\400", r"octal"), (r"\N{EM DASH}", r"\N{"),
        (r"\ud800", r"surrogate"), (r"[z-a]", r"bad character range"),
        (r"[a--]", r"bad character range"), (r"[\w-.]", r"bad character range"),
        (r"[a-\d]", r"bad character range"), (r"[abc", r"unterminated character set"),
        (r"[]", r"unterminated character set"), (r"*a", r"nothing to repeat"),
        (r"^*", r"nothing to repeat"), (r"\b+", r"nothing to repeat"),
        (r"(?i)*", r"nothing to repeat"), (r"a|*", r"nothing to repeat"),
        (r"a**", r"multiple repeat"), (r"a* ?", r"multiple repeat"),
        (r"a{2}{3}", r"multiple repeat"), (r"a{3,2}", r"min repeat greater"),
        (r"a{4294967295}", r"too large"), (r"a(?i)b", r"global flags"),
        (r"((?i)a)", r"global flags"), (r"a|(?i)b", r"global flags"), (r"(?L)a", r"'L'"),
        (r"(?au)a", r"incompatible"), (r"(?a)(?u)a", r"incompatible"), (r"(?-a:a)", r"turn off"),
        (r"(?i-i:a)", r"turned on and off"), (r"(?-i)a", r"missing"), (r"(?t)a", r"TEMPLATE"),
        (r"(?z)", r"unknown extension"), (r"(?<n>a)", r"unknown extension"),
        (r"(?P>n)", r"unknown extension"), (r"(?", r"unexpected end"),
        (r"(?P<1a>x)", r"bad character in group name"), (r"(?P<>x)", r"missing group name"),
        (r"(?P<a", r"unterminated name"), (r"(?P<a>x)(?P<a>y)", r"redefinition"),
        (r"(?#abc", r"unterminated comment"), (r"(?i-)a", r"missing"),
        (r"[\ud800-\udfff]", r"surrogate"),
    ];

    #[test]
    fn rejected_constructs_are_named() {
        for &(pattern, word) in ERRORS {
            let err = translate_python_regex(pattern, true).unwrap_err();
            assert_eq!(err.pattern, pattern);
            assert!(err.reason.contains(word), "{pattern:?}: {}", err.reason);
        }
    }

    #[test]
    fn display_names_pattern_and_reason() {
        let err = translate_python_regex("(?<=x)abc", true).unwrap_err();
        let expected = "pattern '(?<=x)abc' cannot be used: look-behind is not supported by \
                        the linear-time engine (rewrite it without look-around)";
        assert_eq!(err.to_string(), expected);
    }

    #[test]
    fn verbose_flag_and_inline_x() {
        assert_eq!(
            translate_python_regex("a b#c", false).unwrap(),
            r"a\x{20}b\#c"
        );
        assert_eq!(translate_python_regex("(?x) a b # c", false).unwrap(), "ab");
        assert_eq!(
            translate_python_regex("a (?x: b c ) d", false).unwrap(),
            r"a\x{20}(?:bc)\x{20}d"
        );
    }

    #[test]
    fn msticpy_windows_path_groups() {
        let re = compile(
            r#"(?P<root>[a-z]:|\\\\[a-z0-9_.$-]+||[.]+)
            (?P<folder>\\(?:[^\/:*?"\'<>|\r\n]+\\)*)
            (?P<file>[^\\/*?""<>|\r\n ]+)"#,
        );
        let cases = [
            (
                r"C:\Windows\System32\cmd.exe",
                ["C:", r"\Windows\System32\", "cmd.exe"],
            ),
            (r"\\server\share\f.txt", [r"\\server", r"\share\", "f.txt"]),
            (r"..\x\y.dll", ["..", r"\x\", "y.dll"]),
        ];
        for (text, [root, folder, file]) in cases {
            let caps = re.captures(text).unwrap();
            assert_eq!(caps.get(0).unwrap().as_str(), text);
            assert_eq!(
                [&caps["root"], &caps["folder"], &caps["file"]],
                [root, folder, file]
            );
        }
        assert!(!re.is_match("nothing here"));
    }

    #[test]
    fn msticpy_url_groups() {
        let re = compile(
            r#"(?P<protocol>(https?|ftp|telnet|ldap|file)://)
            (?P<userinfo>([a-z0-9-._~!$&\'()*+,;=:]|%[0-9A-F]{2})*@)?
            (?P<host>([a-z0-9-._~!$&\'()*+,;=]|%[0-9A-F]{2})*)
            (:(?P<port>\d*))?
            (/(?P<path>([^?\#"<>\s]|%[0-9A-F]{2})*/?))?
            (\?(?P<query>([a-z0-9-._~!$&'()*+,;=:/?@]|%[0-9A-F]{2})*))?
            (\#(?P<fragment>([a-z0-9-._~!$&'()*+,;=:/?@]|%[0-9A-F]{2})*))?\b"#,
        );
        let caps = re
            .captures("see https://user:pw@example.com:8080/a/b?q=1#frag")
            .unwrap();
        let names = [
            "protocol", "userinfo", "host", "port", "path", "query", "fragment",
        ];
        let got: Vec<&str> = names
            .iter()
            .map(|n| caps.name(n).unwrap().as_str())
            .collect();
        let want = [
            "https://",
            "user:pw@",
            "example.com",
            "8080",
            "a/b",
            "q=1",
            "frag",
        ];
        assert_eq!(got, want);
        // Python's match is "ftp://x.org": the final `\b` cannot follow the `/`.
        let caps = re.captures("ftp://x.org/").unwrap();
        assert_eq!((&caps[0], caps.name("path")), ("ftp://x.org", None));
        assert!(!re.is_match("example.com"));
    }

    #[test]
    fn never_panics_and_output_always_compiles() {
        let alphabet: Vec<char> = r"()[]{}\?*+|^$.-a0#P<=!:".chars().collect();
        let mut patterns = vec![String::new()];
        let mut layer = vec![String::new()];
        for _ in 0..3 {
            layer = layer
                .iter()
                .flat_map(|p| alphabet.iter().map(move |c| format!("{p}{c}")))
                .collect();
            patterns.extend(layer.iter().cloned());
        }
        for pattern in &patterns {
            if let Ok(rust) = translate_python_regex(pattern, true) {
                assert!(Regex::new(&rust).is_ok(), "{pattern:?} -> {rust:?}");
            }
        }
    }

    #[test]
    fn deep_nesting_does_not_recurse() {
        let open = "(".repeat(10_000);
        let err = translate_python_regex(&open, true).unwrap_err();
        assert!(err.reason.contains("missing )"));
        let nested = format!("{open}a{}", ")".repeat(10_000));
        assert_eq!(translate_python_regex(&nested, true).unwrap(), nested);
        assert!(translate_python_regex(&"[".repeat(10_000), true).is_err());
    }
}
