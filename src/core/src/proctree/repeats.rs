//! Candidate duplicate rows for `DataFrame.drop_duplicates` (msticpy drops exact duplicate
//! events before building a tree).
//!
//! Rows that are equal in every column are equal in the key columns (time, PID, process
//! name), so only rows whose key occurs more than once need the full-row comparison. The
//! key of each row is hashed; a row is a candidate when another row has the same hash.
//! Hash collisions only add candidates (the facade's full comparison then rejects them),
//! so the result is always a superset of the true duplicates.
use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashMap, FxHasher};

use crate::error::{Error, Result};

/// Per row: whether another row may share all of its key values.
///
/// # Errors
/// `InvalidArgument` when the key columns differ in length.
pub fn repeated_keys(ints: &[&[i64]], texts: &[&[Option<&str>]]) -> Result<Vec<bool>> {
    let n = ints
        .first()
        .map(|c| c.len())
        .or_else(|| texts.first().map(|c| c.len()))
        .unwrap_or(0);
    if ints.iter().any(|c| c.len() != n) || texts.iter().any(|c| c.len() != n) {
        return Err(Error::InvalidArgument(
            "key columns must all have the same length".to_string(),
        ));
    }
    let hashes: Vec<u64> = (0..n)
        .map(|row| {
            let mut hasher = FxHasher::default();
            for col in ints {
                col[row].hash(&mut hasher);
            }
            for col in texts {
                col[row].hash(&mut hasher);
            }
            hasher.finish()
        })
        .collect();
    let mut counts: FxHashMap<u64, u32> = FxHashMap::default();
    counts.reserve(n);
    for &h in &hashes {
        *counts.entry(h).or_insert(0) += 1;
    }
    Ok(hashes
        .iter()
        .map(|h| counts.get(h).is_some_and(|&c| c > 1))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_rows_sharing_every_key() -> Result<()> {
        let time = [1, 1, 1, 2];
        let pid = [Some("a"), Some("a"), Some("b"), Some("a")];
        let name = [None, None, None, None];
        let marks = repeated_keys(&[&time], &[&pid, &name])?;
        assert_eq!(marks, vec![true, true, false, false]);
        assert!(repeated_keys(&[&time[..2]], &[&pid]).is_err());
        assert!(repeated_keys(&[], &[])?.is_empty());
        Ok(())
    }
}
