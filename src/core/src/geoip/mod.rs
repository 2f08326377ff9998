//! GeoIP look-ups behind msticpy's `GeoLiteLookup` (`msticpy.context.geoip`).
//!
//! [`reader::GeoDb`] answers from a MaxMind DB (GeoLite2/GeoIP2 City or Country);
//! [`embedded`] answers country level with no database at all (msticpy raises
//! instead). [`iptype`] decides which addresses are looked up at all, as msticpy's
//! `get_ip_type(...) == "Public"` does. See docs/geoip.md.
pub mod countries;
mod country_points;
pub mod embedded;
pub mod iptype;
pub mod reader;
pub mod record;

pub use reader::{Batch, DbBytes, GeoDb, RawBatch, RawRow};
pub use record::GeoRecord;
