//! msticpy's `IoCExtract.validate`: does a whole string match a type's pattern?
use super::psl::validate_tld;
use super::registry::Tables;
use crate::{Error, Result};

/// True when `text` fully matches the pattern of `ioc_type` (from the defanged table when
/// `defanged`), and, for `dns`, ends in a public suffix unless `ignore_tlds`.
///
/// The type must exist in the plain table, as in msticpy; otherwise
/// [`Error::UnknownName`] (a `KeyError` in Python). Mapping `file_hash` and `hostname`
/// to concrete types is the caller's job, as it is in msticpy.
pub fn validate(
    tables: &Tables,
    text: &str,
    ioc_type: &str,
    defanged: bool,
    ignore_tlds: bool,
) -> Result<bool> {
    let unknown = || {
        let names: Vec<&str> = tables
            .table(false)
            .iter()
            .map(|d| d.ioc_type.as_str())
            .collect();
        Error::UnknownName(format!(
            "Unknown type {ioc_type}. Valid types are: {names:?}"
        ))
    };
    tables.get(false, ioc_type).ok_or_else(unknown)?;
    let def = tables.get(defanged, ioc_type).ok_or_else(unknown)?;
    let matched = def.matcher.is_full_match(text);
    let tld_ok = ioc_type != "dns" || ignore_tlds || validate_tld(&text.replace("[.]", "."));
    Ok(matched && tld_ok)
}
