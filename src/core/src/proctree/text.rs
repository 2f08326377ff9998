//! A column of optional strings stored in one buffer.
//!
//! Building 100k keys or paths as separate `String`s costs one allocation each, and in a
//! fresh process those allocations fault in new pages: that was most of the tree
//! shaping time. One growing buffer plus spans costs a handful of allocations, and the
//! bindings copy it straight into Arrow buffers.
use std::ops::Range;

/// Optional strings in one buffer; cell `i` is `data[spans[i]]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextColumn {
    data: String,
    spans: Vec<Option<Range<usize>>>,
}

impl TextColumn {
    /// An empty column with room for `rows` cells of about `bytes_per_row` bytes.
    pub fn with_capacity(rows: usize, bytes_per_row: usize) -> Self {
        Self {
            data: String::with_capacity(rows.saturating_mul(bytes_per_row)),
            spans: Vec::with_capacity(rows),
        }
    }

    /// Number of cells.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether there are no cells.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Total text bytes.
    pub fn text_bytes(&self) -> usize {
        self.data.len()
    }

    /// Cell `row` (`None` when missing or out of range).
    pub fn get(&self, row: usize) -> Option<&str> {
        let span = self.spans.get(row)?.clone()?;
        self.data.get(span)
    }

    /// All cells in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Option<&str>> + '_ {
        (0..self.spans.len()).map(move |row| self.get(row))
    }

    /// Append a missing cell.
    pub fn push_none(&mut self) {
        self.spans.push(None);
    }

    /// Append a cell written by `write` (which appends to the buffer).
    pub fn push_with(&mut self, write: impl FnOnce(&mut String)) {
        let start = self.data.len();
        write(&mut self.data);
        self.spans.push(Some(start..self.data.len()));
    }

    /// Make cell `row` the text of cell `from` (empty if missing) followed by `suffix`,
    /// written at the end of the buffer (the old text of `row` stays, unused).
    pub fn set_extended(&mut self, row: usize, from: usize, suffix: &str) {
        // A short-lived copy of the prefix: freed at once, so its memory is reused.
        let prefix = self.get(from).map(str::to_owned).unwrap_or_default();
        let start = self.data.len();
        self.data.push_str(&prefix);
        self.data.push_str(suffix);
        if let Some(slot) = self.spans.get_mut(row) {
            *slot = Some(start..self.data.len());
        }
    }

    /// Cells as borrowed slices (for hashing).
    pub fn cells(&self) -> Vec<Option<&str>> {
        self.iter().collect()
    }
}

impl FromIterator<Option<String>> for TextColumn {
    fn from_iter<I: IntoIterator<Item = Option<String>>>(iter: I) -> Self {
        let mut column = TextColumn::default();
        for cell in iter {
            match cell {
                Some(text) => column.push_with(|buf| buf.push_str(&text)),
                None => column.push_none(),
            }
        }
        column
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_round_trip_and_extend() {
        let mut col: TextColumn = vec![Some("a".to_string()), None, Some("bc".to_string())]
            .into_iter()
            .collect();
        assert_eq!(col.cells(), vec![Some("a"), None, Some("bc")]);
        col.set_extended(2, 0, "/x");
        assert_eq!(col.get(2), Some("a/x"));
        col.set_extended(1, 2, "/y");
        assert_eq!(col.get(1), Some("a/x/y"));
        assert_eq!(col.len(), 3);
        assert_eq!(col.get(9), None);
    }
}
