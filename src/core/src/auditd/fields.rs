//! An insertion-ordered field map with Python `dict` semantics: setting an existing key
//! replaces its value in place, a new key goes to the end. Small events use a linear
//! scan; a hash index is built once an event grows past `INDEX_AFTER` fields, so a
//! hostile record with thousands of keys stays linear.
use std::borrow::Cow;

use rustc_hash::FxHashMap;

const INDEX_AFTER: usize = 24;

/// A field or type name: static for the names msticpy's schema knows (no allocation
/// per event), owned for names read from the input.
pub type Name = Cow<'static, str>;

/// A text value: a byte range of its event's text buffer (one buffer per event instead
/// of one allocation per value).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextRef {
    start: usize,
    end: usize,
}

impl TextRef {
    /// Append `text` to `buf` and return its range.
    pub fn push(buf: &mut String, text: &str) -> TextRef {
        let start = buf.len();
        buf.push_str(text);
        TextRef {
            start,
            end: buf.len(),
        }
    }

    /// The text in `buf` (empty if the range does not fit, which cannot happen for a
    /// range made by [`TextRef::push`] on the same buffer).
    pub fn get<'a>(&self, buf: &'a str) -> &'a str {
        buf.get(self.start..self.end).unwrap_or("")
    }
}

/// A typed field value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Text (in the event's buffer).
    Text(TextRef),
    /// A typed integer field.
    Int(i64),
    /// A key present without `=value` (Python `None`).
    Null,
}

/// Ordered `name -> value` pairs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields {
    items: Vec<(Name, Value)>,
    index: Option<FxHashMap<Name, usize>>,
}

impl Fields {
    /// An empty map with room for a typical event.
    pub fn with_capacity(n: usize) -> Self {
        Fields {
            items: Vec::with_capacity(n),
            index: None,
        }
    }

    /// The pairs in order.
    pub fn items(&self) -> &[(Name, Value)] {
        &self.items
    }

    /// Take the pairs out.
    pub fn into_items(self) -> Vec<(Name, Value)> {
        self.items
    }

    /// Number of fields.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    fn position(&self, key: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(key).copied(),
            None => self.items.iter().position(|(k, _)| &**k == key),
        }
    }

    /// Whether `key` is present.
    pub fn contains(&self, key: &str) -> bool {
        self.position(key).is_some()
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.position(key).map(|at| &self.items[at].1)
    }

    /// `d[key] = value`.
    pub fn set(&mut self, key: &str, value: Value) {
        match self.position(key) {
            Some(at) => self.items[at].1 = value,
            None => self.push(Cow::Owned(key.to_owned()), value),
        }
    }

    /// A typed field: `d[name] = value`, or `d[f"{name}_{msg_type}"] = value` when
    /// `name` is already present (msticpy's rename).
    pub fn insert_typed(&mut self, name: &'static str, msg_type: &str, value: Value) {
        if self.position(name).is_some() {
            self.set(&format!("{name}_{msg_type}"), value);
        } else {
            self.push(Cow::Borrowed(name), value);
        }
    }

    /// `d[name] = value` for a static name.
    pub fn set_static(&mut self, name: &'static str, value: Value) {
        match self.position(name) {
            Some(at) => self.items[at].1 = value,
            None => self.push(Cow::Borrowed(name), value),
        }
    }

    /// Append a key known to be absent.
    fn push(&mut self, key: Name, value: Value) {
        if let Some(index) = &mut self.index {
            index.insert(key.clone(), self.items.len());
        } else if self.items.len() >= INDEX_AFTER {
            let mut index: FxHashMap<Name, usize> = self
                .items
                .iter()
                .enumerate()
                .map(|(i, (k, _))| (k.clone(), i))
                .collect();
            index.insert(key.clone(), self.items.len());
            self.index = Some(index);
        }
        self.items.push((key, value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dict_semantics_past_the_index_threshold() {
        let mut f = Fields::default();
        for i in 0..100 {
            f.set(&format!("k{}", i % 60), Value::Int(i));
        }
        assert_eq!(f.len(), 60);
        assert_eq!(f.items()[0], (Cow::Borrowed("k0"), Value::Int(60)));
        f.insert_typed("k1", "T", Value::Null);
        assert_eq!(f.get("k1_T"), Some(&Value::Null));
        assert_eq!(f.get("k59"), Some(&Value::Int(59)));
        assert!(!f.contains("k60"));
    }
}
