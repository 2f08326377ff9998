//! msticpy's configuration file (`msticpyconfig.yaml`): reading and validation.
//!
//! Reproduces `msticpy.common.pkg_config._read_config_file` (YAML text to a settings
//! mapping) and `pkg_config.validate_config` (the report of missing sections, bad
//! workspace and provider settings), plus checks msticpy does not make: keys that are
//! not in the schema (with the closest known spelling) and values of the wrong type.
//!
//! Deliberate differences from msticpy: reading is bounded (file size, nesting depth,
//! alias expansion: see [`parse`]), every error names the file, the line and the key
//! and never quotes a value (so a secret in a malformed line stays out of the message),
//! and YAML is read with the YAML 1.2 core schema plus YAML 1.1 booleans, so dates stay
//! text rather than becoming `datetime.date` objects.
mod locate;
mod parse;
mod schema;
mod validate;
mod yaml;

pub use parse::{parse_config, parse_config_bytes, MAX_CONFIG_BYTES, MAX_CONFIG_DEPTH};
pub use schema::Schema;
pub use validate::{validate_config, validate_config_json, Environment, ValidationReport};
pub use yaml::{
    YamlRules, MAX_YAML_ALIASES, MAX_YAML_DEPTH, MAX_YAML_REPLAYED_EVENTS, YAML_BYTES_PER_NODE,
};
