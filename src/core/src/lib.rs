//! `mstic-core`: the pure-Rust engine behind the `msticpy` replacement.
//!
//! Every CPU-bound, data-shaped job lives here and is tested with plain `cargo test`;
//! the PyO3 crate (`src/py`) only translates arguments and errors. Each capability has
//! its own module ([`ioc`], [`base64`], [`cmdline`], [`syslog`], ...), sharing one error
//! type ([`error`]) and one set of resource budgets ([`limits`]).
#![forbid(unsafe_code)]

pub mod auditd;
pub mod base64;
pub mod civil_date;
pub mod cluster;
pub mod cmdline;
pub mod config;
pub mod dns;
pub mod error;
pub mod geoip;
pub mod http;
pub mod ioc;
pub mod limits;
pub mod outliers;
pub mod parallel;
pub mod proctree;
pub mod query;
pub mod syslog;
pub mod templates;
pub mod ti_feed;
pub mod timeline;

pub use error::{Error, Result};
pub use limits::Limits;
