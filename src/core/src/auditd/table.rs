//! The columnar result: one row per event, the field columns in the order and with the
//! dtypes pandas gives msticpy's `apply(lambda x: pd.Series(x.EventData), axis=1)`
//! followed by `infer_objects()` and `dropna(axis=1, how="all")`.
//!
//! Column order: when every event with fields has the same field names in the same
//! order, that order; otherwise the sorted union (pandas' index union). Dtypes: a
//! column of integers only is `int64`; integers with gaps become `float64` with NaN;
//! anything holding text is an object column (text, integers, `None` for a key without
//! a value, missing cells as NaN); all-missing columns are dropped.
use rustc_hash::FxHashMap;

use super::event::Event;
use super::fields::{Name, TextRef, Value};
use super::status::Counters;

/// One cell of an object column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    /// Text: a range of the column's text buffer.
    Text(TextRef),
    /// An integer.
    Int(i64),
    /// Python `None` (a key without a value).
    Null,
    /// No such field in this event (NaN).
    Missing,
}

/// A column's values.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnData {
    /// `int64`.
    Int(Vec<i64>),
    /// `float64`: integers with NaN for missing cells.
    Float(Vec<f64>),
    /// `object`: the cells and the buffer holding their text.
    Object(Vec<Cell>, String),
}

/// A cell as a value, whatever the column's storage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CellView<'a> {
    /// Text.
    Text(&'a str),
    /// An integer (an `int64` column, or an integer in an object column).
    Int(i64),
    /// A float (integers with gaps; NaN shows as [`CellView::Missing`]).
    Float(f64),
    /// Python `None`.
    Null,
    /// NaN.
    Missing,
}

impl ColumnData {
    /// Number of rows.
    pub fn len(&self) -> usize {
        match self {
            ColumnData::Int(v) => v.len(),
            ColumnData::Float(v) => v.len(),
            ColumnData::Object(v, _) => v.len(),
        }
    }

    /// Whether the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The cell in `row` ([`CellView::Missing`] past the end).
    pub fn view(&self, row: usize) -> CellView<'_> {
        match self {
            ColumnData::Int(v) => v.get(row).map_or(CellView::Missing, |&i| CellView::Int(i)),
            ColumnData::Float(v) => match v.get(row) {
                Some(f) if !f.is_nan() => CellView::Float(*f),
                _ => CellView::Missing,
            },
            ColumnData::Object(cells, text) => match cells.get(row) {
                Some(Cell::Text(r)) => CellView::Text(r.get(text)),
                Some(Cell::Int(i)) => CellView::Int(*i),
                Some(Cell::Null) => CellView::Null,
                Some(Cell::Missing) | None => CellView::Missing,
            },
        }
    }

    /// Every cell.
    pub fn views(&self) -> Vec<CellView<'_>> {
        (0..self.len()).map(|row| self.view(row)).collect()
    }
}

/// A named column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The field name.
    pub name: Name,
    /// Its values, one per row.
    pub data: ColumnData,
}

/// The parsed events, column-wise.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AuditTable {
    /// Row labels: the event's position among all events (raw form, msticpy's grouped
    /// frame index) or its input row (frame forms).
    pub labels: Vec<u64>,
    /// The time key of each row (`mssg_id`).
    pub keys: Vec<Box<str>>,
    /// `EventType` of each row.
    pub event_types: Vec<Name>,
    /// `TimeGenerated` in ns since the epoch, `None` for NaT.
    pub time_ns: Vec<Option<i64>>,
    /// Field columns.
    pub columns: Vec<Column>,
    /// What was tolerated.
    pub counters: Counters,
}

/// A row before columns are built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Row label.
    pub label: u64,
    /// Time key.
    pub key: Box<str>,
    /// The event.
    pub event: Event,
}

/// Build the table from rows in output order; `time_of` gives each row's time.
pub fn build_table(
    rows: Vec<Row>,
    time_of: impl Fn(&Row) -> Option<i64>,
    mut counters: Counters,
) -> AuditTable {
    let (names, uniform) = column_order(&rows);
    let position: FxHashMap<&str, usize> =
        names.iter().enumerate().map(|(i, n)| (&**n, i)).collect();
    let n = rows.len();
    // With one field layout for every event, field i is column i; otherwise look names
    // up. Cells are counted first so that every column is allocated once.
    let column_of = |i: usize, name: &str| -> Option<usize> {
        if uniform {
            Some(i)
        } else {
            position.get(name).copied()
        }
    };
    // Count cells and text bytes first so that every column is allocated once.
    let mut counts = vec![(0usize, 0usize); names.len()];
    for row in &rows {
        for (i, (name, value)) in row.event.fields.items().iter().enumerate() {
            if let Some(col) = column_of(i, name) {
                counts[col].0 += 1;
                counts[col].1 += row.event.text_of(value).map_or(0, str::len);
            }
        }
    }
    let mut cells: Vec<Vec<(usize, Value)>> =
        counts.iter().map(|&(c, _)| Vec::with_capacity(c)).collect();
    let mut texts: Vec<String> = counts
        .iter()
        .map(|&(_, b)| String::with_capacity(b))
        .collect();
    let mut table = AuditTable {
        labels: Vec::with_capacity(n),
        keys: Vec::with_capacity(n),
        event_types: Vec::with_capacity(n),
        time_ns: Vec::with_capacity(n),
        ..AuditTable::default()
    };
    for (row_index, row) in rows.into_iter().enumerate() {
        let time = time_of(&row);
        if time.is_none() {
            counters.bad_timestamp += 1;
        }
        table.time_ns.push(time);
        table.labels.push(row.label);
        table.keys.push(row.key);
        let event = row.event;
        for (i, (name, value)) in event.fields.items().iter().enumerate() {
            if let Some(col) = column_of(i, name) {
                // Text moves from the event's buffer to the column's.
                let value = match value {
                    Value::Text(r) => {
                        Value::Text(TextRef::push(&mut texts[col], r.get(&event.text)))
                    }
                    other => other.clone(),
                };
                cells[col].push((row_index, value));
            }
        }
        table.event_types.push(event.event_type);
    }
    for ((name, column), text) in names.iter().zip(cells).zip(texts) {
        if let Some(data) = densify(column, text, n) {
            table.columns.push(Column {
                name: name.clone(),
                data,
            });
        }
    }
    counters.events = n as u64;
    table.counters = counters;
    table
}

/// pandas' union of the per-row field indexes, and whether every event with fields
/// has exactly that layout.
fn column_order(rows: &[Row]) -> (Vec<Name>, bool) {
    let mut non_empty = rows.iter().filter(|r| !r.event.fields.is_empty());
    let Some(first) = non_empty.next() else {
        return (Vec::new(), true);
    };
    let reference = first.event.fields.items();
    let same = non_empty.clone().all(|r| {
        let items = r.event.fields.items();
        items.len() == reference.len() && items.iter().zip(reference).all(|((a, _), (b, _))| a == b)
    });
    if same {
        return (reference.iter().map(|(k, _)| k.clone()).collect(), true);
    }
    let mut seen: FxHashMap<&str, ()> = FxHashMap::default();
    let mut names: Vec<Name> = Vec::new();
    for row in std::iter::once(first).chain(non_empty) {
        for (k, _) in row.event.fields.items() {
            if seen.insert(k, ()).is_none() {
                names.push(k.clone());
            }
        }
    }
    names.sort_unstable();
    (names, false)
}

/// One column's dense values, `None` when every cell is missing or `None`.
fn densify(cells: Vec<(usize, Value)>, text_buf: String, n: usize) -> Option<ColumnData> {
    let (mut text, mut int, mut null) = (false, false, false);
    for (_, v) in &cells {
        match v {
            Value::Text(_) => text = true,
            Value::Int(_) => int = true,
            Value::Null => null = true,
        }
    }
    if !text && !int {
        return None;
    }
    if !text {
        if cells.len() == n && !null {
            let mut out = vec![0i64; n];
            for (row, v) in cells {
                if let Value::Int(i) = v {
                    out[row] = i;
                }
            }
            return Some(ColumnData::Int(out));
        }
        let mut out = vec![f64::NAN; n];
        for (row, v) in cells {
            if let Value::Int(i) = v {
                #[allow(clippy::cast_precision_loss)]
                let f = i as f64;
                out[row] = f;
            }
        }
        return Some(ColumnData::Float(out));
    }
    let mut out = vec![Cell::Missing; n];
    for (row, v) in cells {
        out[row] = match v {
            Value::Text(t) => Cell::Text(t),
            Value::Int(i) => Cell::Int(i),
            Value::Null => Cell::Null,
        };
    }
    Some(ColumnData::Object(out, text_buf))
}
