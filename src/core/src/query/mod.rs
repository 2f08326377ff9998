//! The query library: msticpy's YAML query files and parameter substitution.
//!
//! * [`definition`]: load and validate query files (errors name the file, query, key).
//! * [`template`]: `{name}` templates, `$<macro>$` macros, rendering.
//! * [`lexer`] and [`escape`]: each value is escaped by the rules of the KQL or SQL
//!   literal it lands in, so a quote in a parameter can never change the query.
//! * [`skeleton`]: a rendered query's structure with literal contents blanked (tests
//!   prove that values never change it).
//! * [`offset`]: relative dates (`-3d@d`) for `datetime` parameters.
pub mod definition;
pub mod escape;
pub mod lexer;
pub mod offset;
pub mod skeleton;
pub mod template;

pub use definition::{load_query_file, load_query_files, load_query_text, MAX_QUERY_FILE_BYTES};
pub use lexer::Language;
pub use offset::{apply_offset, parse_offset, Offset, OffsetTime};
pub use skeleton::{code_skeleton, LexProblem};
pub use template::{ListItem, ParamValue, Template};
