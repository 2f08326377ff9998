//! One shared MaxMind DB reader per database file, and batch look-ups on it.
//!
//! Reproduces the database side of msticpy's `GeoLiteLookup` (which opens a
//! `geoip2.database.Reader` per instance). Deliberate differences:
//! * One reader per file per process, shared by every lookup object that names the
//!   same file (unchanged size and modification time). The reader is generic over its
//!   byte source ([`DbBytes`]): [`GeoDb::open`] reads the whole file into memory, and
//!   [`GeoDb::open_with`] takes the caller's loader, which is how the Python bindings
//!   memory-map it (the core forbids `unsafe`, and mapping a file is `unsafe`).
//! * The database is verified when opened, so a corrupt, truncated or wrong-format
//!   file is an error at open rather than a failure on some later address.
//! * After `fork` the child opens its own reader (the cache is keyed by process id),
//!   so a Spark or Jupyter worker never shares state with its parent.
use std::collections::HashMap;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

use maxminddb::Reader;
use serde_json::Value;

use super::iptype;
use super::record::{CitySubset, GeoRecord};
use crate::{Error, Result};

/// The bytes of a database file, from whatever source the opener chose (a `Vec`
/// read from the file, or a memory map made outside the core).
pub struct DbBytes(Box<dyn AsRef<[u8]> + Send + Sync>);

impl DbBytes {
    /// Wrap any byte source that can be shared between threads.
    pub fn new<S: AsRef<[u8]> + Send + Sync + 'static>(source: S) -> Self {
        Self(Box::new(source))
    }
}

impl AsRef<[u8]> for DbBytes {
    fn as_ref(&self) -> &[u8] {
        (*self.0).as_ref()
    }
}

/// Loads a database file's bytes and names how (`"read"`, `"mmap"`).
pub type Loader = fn(&Path) -> std::io::Result<(DbBytes, &'static str)>;

/// The default loader: the whole file read into memory.
///
/// # Errors
/// The file cannot be read.
pub fn read_file(path: &Path) -> std::io::Result<(DbBytes, &'static str)> {
    Ok((DbBytes::new(std::fs::read(path)?), "read"))
}

/// An open MaxMind DB.
pub struct GeoDb {
    reader: Reader<DbBytes>,
    path: PathBuf,
    source: &'static str,
    pid: u32,
}

/// One answered address of [`GeoDb::lookup_records`].
#[derive(Debug, Clone, PartialEq)]
pub struct RawRow {
    /// Index of the address in the input.
    pub index: usize,
    /// Index into [`RawBatch::records`].
    pub record: u32,
    /// The address as Python's `ipaddress` writes it (msticpy's `traits.ip_address`).
    pub ip_address: String,
    /// The database network holding it (`traits.network`); `None` for the embedded data.
    pub network: Option<String>,
}

/// Whole records for a batch of addresses: each distinct database record decoded once
/// (`false` flags dropped, as geoip2 5's `to_dict` omits them), and one row per answered
/// address. The caller adds `traits.ip_address` / `traits.network` per row.
#[derive(Debug, Default)]
pub struct RawBatch {
    /// Distinct records (JSON maps), in first-use order.
    pub records: Vec<Value>,
    /// Answered addresses, in input order.
    pub rows: Vec<RawRow>,
    /// Inputs the database could not answer because of a data error (index, reason).
    pub errors: Vec<(usize, String)>,
}

/// Deeper records than this are refused (a hostile file must not exhaust the stack of
/// whoever walks the record recursively).
pub const MAX_RECORD_DEPTH: usize = 32;

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

/// Process, file, size, modification time, and the loader's mode name.
type CacheKey = (u32, PathBuf, u64, Option<SystemTime>, &'static str);

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
    /// Open (or reuse) the database at `path`, reading the whole file into memory.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the file when it cannot be read, is not a
    /// MaxMind DB, or fails verification (corrupt or truncated).
    pub fn open(path: &Path) -> Result<Arc<Self>> {
        Self::open_with(path, "read", read_file)
    }

    /// Open (or reuse) the database at `path`; a new reader gets its bytes from `load`.
    /// A reader already open for the unchanged file in this process with the same
    /// `mode` (the loader's name, e.g. `"read"` or `"mmap"`) is shared.
    ///
    /// # Errors
    /// As [`GeoDb::open`].
    pub fn open_with(path: &Path, mode: &'static str, load: Loader) -> Result<Arc<Self>> {
        let meta = std::fs::metadata(path).map_err(|e| db_error(path, e))?;
        let key: CacheKey = (
            std::process::id(),
            path.to_path_buf(),
            meta.len(),
            meta.modified().ok(),
            mode,
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
        let db = Arc::new(Self::open_uncached(path, load)?);
        map.insert(key, Arc::clone(&db));
        Ok(db)
    }

    fn open_uncached(path: &Path, load: Loader) -> Result<Self> {
        let (bytes, source) = load(path).map_err(|e| db_error(path, e))?;
        let reader = Reader::from_source(bytes).map_err(|e| db_error(path, e))?;
        reader.verify().map_err(|e| db_error(path, e))?;
        Ok(Self {
            reader,
            path: path.to_path_buf(),
            source,
            pid: std::process::id(),
        })
    }

    /// How the bytes were loaded (`"read"`, or the custom loader's name, e.g. `"mmap"`).
    #[must_use]
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// The process that opened this reader (a forked child opens its own).
    #[must_use]
    pub fn pid(&self) -> u32 {
        self.pid
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

    /// The whole record of each public address found, as msticpy's raw results need
    /// it: see [`RawBatch`]. Each distinct record is decoded once (the addresses of one
    /// network share a record). Records that are not maps answer nothing.
    #[must_use]
    pub fn lookup_records<S: AsRef<str>>(&self, addresses: &[S]) -> RawBatch {
        let mut out = RawBatch::default();
        let mut by_offset: HashMap<usize, Option<u32>> = HashMap::new();
        for (index, text) in addresses.iter().enumerate() {
            let Some(addr) = iptype::parse(text.as_ref()).filter(|a| iptype::is_public(*a)) else {
                continue;
            };
            match self.record_row(addr, &mut by_offset, &mut out.records) {
                Ok(Some((record, network))) => out.rows.push(RawRow {
                    index,
                    record,
                    ip_address: iptype::python_str(addr),
                    network: Some(network),
                }),
                Ok(None) => {}
                Err(reason) => out.errors.push((index, reason)),
            }
        }
        out
    }

    /// The record index and network text of one address, or `None` when the address
    /// is not in the database.
    fn record_row(
        &self,
        addr: IpAddr,
        by_offset: &mut HashMap<usize, Option<u32>>,
        records: &mut Vec<Value>,
    ) -> std::result::Result<Option<(u32, String)>, String> {
        let found = self.reader.lookup(addr).map_err(|e| e.to_string())?;
        let Some(offset) = found.offset() else {
            return Ok(None);
        };
        let slot = match by_offset.get(&offset) {
            Some(slot) => *slot,
            None => {
                let slot = match found.decode::<Value>().map_err(|e| e.to_string())? {
                    Some(mut value) if value.is_object() => {
                        if depth(&value) > MAX_RECORD_DEPTH {
                            return Err("record nested too deeply".to_owned());
                        }
                        drop_false(&mut value);
                        let row = u32::try_from(records.len()).map_err(|e| e.to_string())?;
                        records.push(value);
                        Some(row)
                    }
                    _ => None,
                };
                by_offset.insert(offset, slot);
                slot
            }
        };
        let Some(record) = slot else {
            return Ok(None);
        };
        let network = found.network().map_err(|e| e.to_string())?;
        let net_text = format!("{}/{}", iptype::python_str(network.ip()), network.prefix());
        Ok(Some((record, net_text)))
    }
}

/// Nesting depth of a JSON value (a scalar is 0), without recursion.
fn depth(root: &Value) -> usize {
    let mut deepest = 0;
    let mut stack: Vec<(&Value, usize)> = vec![(root, 0)];
    while let Some((value, level)) = stack.pop() {
        deepest = deepest.max(level);
        match value {
            Value::Object(map) => stack.extend(map.values().map(|v| (v, level + 1))),
            Value::Array(items) => stack.extend(items.iter().map(|v| (v, level + 1))),
            _ => {}
        }
    }
    deepest
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
