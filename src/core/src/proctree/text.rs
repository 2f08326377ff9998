//! A column of optional strings stored in one buffer, laid out as Arrow's `large_string`.
//!
//! Building 100k keys or paths as separate `String`s costs one allocation each, and in a
//! fresh process those allocations fault in new pages: that was most of the tree
//! shaping time. One growing buffer plus offsets costs a handful of allocations, and the
//! bindings hand the three buffers (text, `int64` offsets, validity) to Arrow as they are.
//!
//! The column is append-only, so cell `i` always spans `offsets[i]..offsets[i + 1]`.
//! Cells can be appended as text, or as a copy of an earlier cell plus a suffix (a tree
//! path extends its parent's path), which copies inside the buffer without a temporary.

/// Optional strings in one buffer; cell `i` is `data[offsets[i]..offsets[i + 1]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextColumn {
    /// Text of all cells.
    data: String,
    /// `len() + 1` offsets into `data`; a missing cell has an empty span.
    offsets: Vec<i64>,
    /// Per cell: present (`true`) or missing.
    valid: Vec<bool>,
}

impl Default for TextColumn {
    fn default() -> Self {
        Self::with_capacity(0, 0)
    }
}

impl TextColumn {
    /// An empty column with room for `rows` cells of about `bytes_per_row` bytes.
    pub fn with_capacity(rows: usize, bytes_per_row: usize) -> Self {
        let mut offsets = Vec::with_capacity(rows.saturating_add(1));
        offsets.push(0);
        Self {
            data: String::with_capacity(rows.saturating_mul(bytes_per_row)),
            offsets,
            valid: Vec::with_capacity(rows),
        }
    }

    /// Make room for `bytes` more bytes of text.
    pub fn reserve_text(&mut self, bytes: usize) {
        self.data.reserve(bytes);
    }

    /// Number of cells.
    pub fn len(&self) -> usize {
        self.valid.len()
    }

    /// Whether there are no cells.
    pub fn is_empty(&self) -> bool {
        self.valid.is_empty()
    }

    /// Total text bytes.
    pub fn text_bytes(&self) -> usize {
        self.data.len()
    }

    fn span(&self, row: usize) -> Option<(usize, usize)> {
        if !*self.valid.get(row)? {
            return None;
        }
        let start = usize::try_from(*self.offsets.get(row)?).ok()?;
        let end = usize::try_from(*self.offsets.get(row + 1)?).ok()?;
        Some((start, end))
    }

    /// Cell `row` (`None` when missing or out of range).
    pub fn get(&self, row: usize) -> Option<&str> {
        let (start, end) = self.span(row)?;
        self.data.get(start..end)
    }

    /// All cells in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Option<&str>> + '_ {
        (0..self.len()).map(move |row| self.get(row))
    }

    fn close_cell(&mut self, valid: bool) {
        self.offsets
            .push(i64::try_from(self.data.len()).unwrap_or(i64::MAX));
        self.valid.push(valid);
    }

    /// Append a missing cell.
    pub fn push_none(&mut self) {
        self.close_cell(false);
    }

    /// Append a cell.
    pub fn push_str(&mut self, text: &str) {
        self.data.push_str(text);
        self.close_cell(true);
    }

    /// Append `text` lower-cased byte by byte (ASCII rules; other characters unchanged).
    pub fn push_ascii_lowercase(&mut self, text: &str) {
        let start = self.data.len();
        self.data.push_str(text);
        if let Some(cell) = self.data.get_mut(start..) {
            cell.make_ascii_lowercase();
        }
        self.close_cell(true);
    }

    /// Append a cell made of cell `from` (empty if missing) followed by `suffix` parts.
    pub fn push_extended(&mut self, from: usize, suffix: &[&str]) {
        if let Some((start, end)) = self.span(from) {
            self.data.extend_from_within(start..end);
        }
        for part in suffix {
            self.data.push_str(part);
        }
        self.close_cell(true);
    }

    /// The cells at `rows`, in that order (out-of-range rows become missing cells).
    pub fn gather(&self, rows: &[usize]) -> TextColumn {
        let bytes: usize = rows.iter().filter_map(|&r| self.get(r)).map(str::len).sum();
        let mut out = TextColumn::with_capacity(rows.len(), 0);
        out.data.reserve(bytes);
        for &row in rows {
            match self.get(row) {
                Some(text) => out.push_str(text),
                None => out.push_none(),
            }
        }
        out
    }

    /// Decimal text of every integer (what `astype(str)` writes).
    pub fn from_ints(values: &[i64]) -> TextColumn {
        let mut out = TextColumn::with_capacity(values.len(), 8);
        for &value in values {
            // Digits written backwards into a stack buffer (no formatter per value).
            let mut digits = [0u8; 20];
            let mut start = digits.len();
            let mut rest = value.unsigned_abs();
            loop {
                start -= 1;
                digits[start] = b'0' + (rest % 10) as u8;
                rest /= 10;
                if rest == 0 {
                    break;
                }
            }
            if value < 0 {
                out.data.push('-');
            }
            out.push_str(std::str::from_utf8(&digits[start..]).unwrap_or_default());
        }
        out
    }

    /// Cells as borrowed slices (for hashing).
    pub fn cells(&self) -> Vec<Option<&str>> {
        self.iter().collect()
    }

    /// The Arrow buffers, moved out: UTF-8 text, `len() + 1` offsets, per-cell validity.
    pub fn into_parts(self) -> (String, Vec<i64>, Vec<bool>) {
        (self.data, self.offsets, self.valid)
    }

    /// The Arrow buffers: UTF-8 text, `len() + 1` offsets, per-cell validity.
    pub fn buffers(&self) -> (&[u8], &[i64], &[bool]) {
        (self.data.as_bytes(), &self.offsets, &self.valid)
    }
}

impl FromIterator<Option<String>> for TextColumn {
    fn from_iter<I: IntoIterator<Item = Option<String>>>(iter: I) -> Self {
        let mut column = TextColumn::default();
        for cell in iter {
            match cell {
                Some(text) => column.push_str(&text),
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
    fn cells_round_trip_extend_and_gather() {
        let mut col: TextColumn = vec![Some("a".to_string()), None, Some("bc".to_string())]
            .into_iter()
            .collect();
        assert_eq!(col.cells(), vec![Some("a"), None, Some("bc")]);
        col.push_extended(0, &["/", "x"]);
        assert_eq!(col.get(3), Some("a/x"));
        col.push_extended(1, &["/y"]);
        assert_eq!(col.get(4), Some("/y"));
        col.push_str("é");
        assert_eq!(col.get(5), Some("é"));
        assert_eq!(col.len(), 6);
        assert_eq!(col.get(9), None);
        let picked = col.gather(&[5, 1, 3, 99]);
        assert_eq!(picked.cells(), vec![Some("é"), None, Some("a/x"), None]);
        let (data, offsets, valid) = picked.buffers();
        assert_eq!(data, "éa/x".as_bytes());
        assert_eq!(offsets, &[0, 2, 2, 5, 5]);
        assert_eq!(valid, &[true, false, true, false]);
        let mut lowered = TextColumn::default();
        lowered.push_ascii_lowercase("C:\\AbC.EXE");
        assert_eq!(lowered.cells(), vec![Some("c:\\abc.exe")]);
        let ints = TextColumn::from_ints(&[0, -7, 1234, i64::MIN]);
        assert_eq!(
            ints.cells(),
            vec![
                Some("0"),
                Some("-7"),
                Some("1234"),
                Some("-9223372036854775808")
            ]
        );
    }
}
