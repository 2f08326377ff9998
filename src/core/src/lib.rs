//! `mstic-core`: the pure-Rust engine behind the `msticpy` replacement.
//!
//! Every CPU-bound, data-shaped job lives here and is tested with plain `cargo test`;
//! the PyO3 crate (`src/py`) only translates arguments and errors. Each capability has
//! its own module; this issue lands IoC extraction ([`ioc`]) plus the shared error type
//! ([`error`]) and resource budgets ([`limits`]) that later capabilities extend.
#![forbid(unsafe_code)]

pub mod auditd;
pub mod base64;
pub mod error;
pub mod ioc;
pub mod limits;
pub mod parallel;

pub use error::{Error, Result};
pub use limits::Limits;
