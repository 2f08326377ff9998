//! One shared MaxMind DB reader per database file, and batch look-ups on it.
//!
//! Reproduces the database side of msticpy's `GeoLiteLookup` (which opens a
//! `geoip2.database.Reader` per instance). Deliberate differences:
//! * The file is read into memory once per process and shared by every lookup object
//!   that names the same file (unchanged size and modification time). The core
//!   forbids `unsafe`, and `maxminddb`'s memory map is an `unsafe fn`, so no mmap.
//! * The database is verified when opened, so a corrupt, truncated or wrong-format
//!   file is an error at open rather than a failure on some later address.
//! * After `fork` the child opens its own copy (the cache is keyed by process id), so
//!   a Spark or Jupyter worker never shares a lock with its parent.
use std::collections::HashMap;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

use maxminddb::Reader;
use serde_json::{Map, Value};

use super::iptype;
use super::record::{CitySubset, GeoRecord};
use crate::{Error, Result};

/// An open MaxMind DB.
pub struct GeoDb {
    reader: Reader<Vec<u8>>,
    path: PathBuf,
}

/// Results of a batch look-up: one entry per input address, pointing into a table
/// of distinct records (many addresses share one database record).
#[derive(Debug, Default)]
pub struct Batch {
    /// For each input: the index into `records`, or `None` when msticpy would return
    /// nothing for it (not a public address, or not in the database).
    pub rows: Vec<Option<u32>>,
    /// Distinct records, in first-use order.
    pub records: Vec<GeoRecord>,
    /// Inputs the database could not answer because of a data error (index, reason).
    pub errors: Vec<(usize, String)>,
}

type CacheKey = (u32, PathBuf, u64, Option<SystemTime>);

fn cache() -> &'static Mutex<HashMap<CacheKey, Arc<GeoDb>>> {
    static CACHE: OnceLock<Mutex<HashMap<CacheKey, Arc<GeoDb>>>> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

fn db_error(path: &Path, reason: impl std::fmt::Display) -> Error {
    Error::InvalidArgument(format!(
        "GeoIP database '{}' cannot be used: {reason}",
        path.display()
    ))
}

impl GeoDb {
    /// Open (or reuse) the database at `path`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the file when it cannot be read, is not a
    /// MaxMind DB, or fails verification (corrupt or truncated).
    pub fn open(path: &Path) -> Result<Arc<Self>> {
        let meta = std::fs::metadata(path).map_err(|e| db_error(path, e))?;
        let key: CacheKey = (
            std::process::id(),
            path.to_path_buf(),
            meta.len(),
            meta.modified().ok(),
        );
        // A poisoned lock only means another thread panicked mid-insert; the map
        // itself is still consistent, so keep using it.
        let mut map = cache()
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let pid = std::process::id();
        // Entries from a parent process (before fork) are dropped, not reused.
        map.retain(|k, _| k.0 == pid);
        if let Some(db) = map.get(&key) {
            return Ok(Arc::clone(db));
        }
        let db = Arc::new(Self::open_uncached(path)?);
        map.insert(key, Arc::clone(&db));
        Ok(db)
    }

    fn open_uncached(path: &Path) -> Result<Self> {
        let reader = Reader::open_readfile(path).map_err(|e| db_error(path, e))?;
        reader.verify().map_err(|e| db_error(path, e))?;
        Ok(Self {
            reader,
            path: path.to_path_buf(),
        })
    }

    /// The file this database was read from.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// `database_type` from the metadata (e.g. `GeoIP2-City`).
    #[must_use]
    pub fn database_type(&self) -> &str {
        &self.reader.metadata().database_type
    }

    /// `build_epoch` from the metadata (seconds since 1970, UTC).
    #[must_use]
    pub fn build_epoch(&self) -> u64 {
        self.reader.metadata().build_epoch
    }

    /// Look up many addresses; only public addresses found in the database answer.
    #[must_use]
    pub fn lookup_batch<S: AsRef<str>>(&self, addresses: &[S]) -> Batch {
        let mut batch = Batch {
            rows: Vec::with_capacity(addresses.len()),
            ..Batch::default()
        };
        let mut by_offset: HashMap<usize, u32> = HashMap::new();
        for (idx, text) in addresses.iter().enumerate() {
            let row = match iptype::parse(text.as_ref()).filter(|a| iptype::is_public(*a)) {
                None => None,
                Some(addr) => match self.record_for(addr, &mut by_offset, &mut batch.records) {
                    Ok(row) => row,
                    Err(reason) => {
                        batch.errors.push((idx, reason));
                        None
                    }
                },
            };
            batch.rows.push(row);
        }
        batch
    }

    fn record_for(
        &self,
        addr: IpAddr,
        by_offset: &mut HashMap<usize, u32>,
        records: &mut Vec<GeoRecord>,
    ) -> std::result::Result<Option<u32>, String> {
        let found = self.reader.lookup(addr).map_err(|e| e.to_string())?;
        let Some(offset) = found.offset() else {
            return Ok(None);
        };
        if let Some(&row) = by_offset.get(&offset) {
            return Ok(Some(row));
        }
        let subset: CitySubset<'_> = found
            .decode()
            .map_err(|e| e.to_string())?
            .unwrap_or_default();
        let row = u32::try_from(records.len()).map_err(|e| e.to_string())?;
        records.push(GeoRecord::from(subset));
        by_offset.insert(offset, row);
        Ok(Some(row))
    }

    /// The whole record for each public address found, as msticpy's raw result:
    /// the database record with `traits.ip_address` and `traits.network` added and
    /// `false` flags left out (geoip2 5's `to_dict` omits them). Returns one JSON
    /// array (an element per answered address) and the input index of each element.
    ///
    /// Each distinct record is decoded and serialised once (addresses of one network
    /// share a record); rows then splice their own `traits` in front of that text.
    #[must_use]
    pub fn lookup_raw<S: AsRef<str>>(
        &self,
        addresses: &[S],
    ) -> (String, Vec<usize>, Vec<(usize, String)>) {
        let mut out = String::from("[");
        let mut indexes = Vec::new();
        let mut errors = Vec::new();
        let mut by_offset: HashMap<usize, Option<String>> = HashMap::new();
        for (idx, text) in addresses.iter().enumerate() {
            let Some(addr) = iptype::parse(text.as_ref()).filter(|a| iptype::is_public(*a)) else {
                continue;
            };
            match self.raw_row(addr, &mut by_offset) {
                Ok(Some(row)) => {
                    if !indexes.is_empty() {
                        out.push(',');
                    }
                    out.push_str(&row);
                    indexes.push(idx);
                }
                Ok(None) => {}
                Err(reason) => errors.push((idx, reason)),
            }
        }
        out.push(']');
        (out, indexes, errors)
    }

    /// One row's JSON object text, or `None` when the address is not in the database.
    fn raw_row(
        &self,
        addr: IpAddr,
        by_offset: &mut HashMap<usize, Option<String>>,
    ) -> std::result::Result<Option<String>, String> {
        let found = self.reader.lookup(addr).map_err(|e| e.to_string())?;
        let Some(offset) = found.offset() else {
            return Ok(None);
        };
        let network = found.network().map_err(|e| e.to_string())?;
        let ip_text = iptype::python_str(addr);
        let net_text = format!("{}/{}", iptype::python_str(network.ip()), network.prefix());
        if let std::collections::hash_map::Entry::Vacant(slot) = by_offset.entry(offset) {
            let value = found.decode::<Value>().map_err(|e| e.to_string())?;
            slot.insert(value.and_then(record_body));
        }
        if let Some(Some(body)) = by_offset.get(&offset) {
            // Address text is hex digits, dots and colons: nothing to escape.
            let traits =
                format!(r#"{{"traits":{{"ip_address":"{ip_text}","network":"{net_text}"}}"#);
            let sep = if body == "}" { "" } else { "," };
            return Ok(Some(format!("{traits}{sep}{body}")));
        }
        // A record with traits of its own (or not a map): merge them properly.
        let Some(mut value) = found.decode::<Value>().map_err(|e| e.to_string())? else {
            return Ok(None);
        };
        drop_false(&mut value);
        if let Value::Object(map) = &mut value {
            let traits = map
                .entry("traits")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(traits) = traits {
                traits.insert("ip_address".into(), Value::String(ip_text));
                traits.insert("network".into(), Value::String(net_text));
            }
        }
        Ok(Some(value.to_string()))
    }
}

/// The JSON text of a record map after its opening brace (`"a":1}`), with `false`
/// flags dropped; `None` when the record has its own `traits` or is not a map.
fn record_body(mut value: Value) -> Option<String> {
    drop_false(&mut value);
    let map = value.as_object()?;
    if map.contains_key("traits") {
        return None;
    }
    let text = value.to_string();
    text.strip_prefix('{').map(str::to_owned)
}

/// Remove `false` booleans, and maps left empty, the way geoip2's `to_dict` does.
/// Iterative so that a hostile, deeply nested record cannot exhaust the stack.
fn drop_false(root: &mut Value) {
    let mut stack: Vec<&mut Value> = vec![root];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(map) => {
                map.retain(|_, v| !matches!(v, Value::Bool(false)));
                stack.extend(map.values_mut());
            }
            Value::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
}
