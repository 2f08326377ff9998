"""Package version (kept in step with the Rust crates' version)."""

VERSION = "0.1.0"
