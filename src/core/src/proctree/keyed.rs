//! Trees whose keys the facade builds from arbitrary columns: msticpy's Microsoft
//! Defender (MDE) builder (`proc_tree_build_mde`, 3.0.2).
//!
//! Defender events name each process's parent exactly (name, PID and creation time), so
//! parents are found by key equality rather than by a time-aware join. msticpy builds
//! those keys as `name.lower() | str(pid).lower() | time` (time rounded to 10 µs); the
//! facade matches them with pandas joins (to keep msticpy's column handling) and the
//! tree shape (flags, duplicate keys, paths, order) is the common [`super::paths`] walk.
use super::keys::KeyTimeFormatter;
use super::paths::{shape_tree, TreeShape};
use super::NAT;
use crate::error::{Error, Result};

/// `name.lower()|id.lower()|time` per row; `None` where the name or time is missing
/// (a missing ID is written `nan`, as `astype(str)` writes NaN).
///
/// # Errors
/// `InvalidArgument` when the columns differ in length.
pub fn lowercase_keys(
    names: &[Option<&str>],
    ids: &[Option<&str>],
    wall_ns: &[i64],
) -> Result<Vec<Option<String>>> {
    if names.len() != ids.len() || names.len() != wall_ns.len() {
        return Err(Error::InvalidArgument(
            "key columns must all have the same length".to_string(),
        ));
    }
    let mut formatter = KeyTimeFormatter::default();
    Ok(names
        .iter()
        .zip(ids)
        .zip(wall_ns)
        .map(|((name, id), &time)| {
            let name = name.as_ref()?;
            if time == NAT {
                return None;
            }
            let id = id.map_or_else(|| "nan".to_string(), str::to_lowercase);
            let time = formatter.format(time);
            let mut key = String::with_capacity(name.len() + id.len() + time.len() + 2);
            key.push_str(&name.to_lowercase());
            key.push('|');
            key.push_str(&id);
            key.push('|');
            key.push_str(&time);
            Some(key)
        })
        .collect())
}

/// Flags, paths and order of nodes given their own and their parents' keys.
///
/// # Errors
/// `InvalidArgument` for columns of different lengths, `LimitExceeded` when the paths
/// exceed `max_path_bytes`.
pub fn shape_keyed(
    proc_key: &[Option<&str>],
    parent_key: &[Option<&str>],
    max_path_bytes: usize,
) -> Result<TreeShape> {
    if proc_key.len() != parent_key.len() {
        return Err(Error::InvalidArgument(
            "key columns must have the same length".to_string(),
        ));
    }
    shape_tree(proc_key, parent_key, max_path_bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_lower_case_with_rounded_time() -> Result<()> {
        let keys = lowercase_keys(
            &[Some("CMD.exe"), None, Some("a")],
            &[Some("0xAB"), Some("1"), None],
            &[15_000, 0, NAT],
        )?;
        assert_eq!(
            keys[0].as_deref(),
            Some("cmd.exe|0xab|1970-01-01 00:00:00.000020")
        );
        assert_eq!(keys[1], None);
        assert_eq!(keys[2], None);
        let missing_id = lowercase_keys(&[Some("a")], &[None], &[0])?;
        assert_eq!(
            missing_id[0].as_deref(),
            Some("a|nan|1970-01-01 00:00:00.000000")
        );
        Ok(())
    }

    #[test]
    fn keyed_shape_finds_roots_and_paths() -> Result<()> {
        let proc_key = [Some("c"), Some("p"), Some("g"), Some("p")];
        let parent_key = [Some("p"), Some("g"), None, Some("g")];
        let shape = shape_keyed(&proc_key, &parent_key, 1 << 20)?;
        assert_eq!(shape.is_root, vec![false, false, true, false]);
        assert_eq!(shape.ordered_path.get(2), Some("00002/00001/00000"));
        assert_eq!(shape.order, vec![2, 1, 0]);
        assert!(shape_keyed(&proc_key, &parent_key[..2], 10).is_err());
        assert!(lowercase_keys(&[None], &[], &[0]).is_err());
        Ok(())
    }
}
