//! The `<decoded ...>` markup written into the output string: reproduces msticpy's
//! `_format_single_record` and the multi-member header of `_decode_and_format_b64_string`.
//!
//! The spelling is kept byte for byte (single quotes, two spaces after
//! `value='binary'`, `type='None'` for unknown types) because notebooks parse it.

use super::encoding::EncodingType;

/// Markup for one record: text inline for strings, printable hex for binaries.
#[allow(clippy::too_many_arguments)]
pub(crate) fn single_record(
    name: &str,
    encoding: EncodingType,
    decoded_string: Option<&str>,
    file_type: Option<&str>,
    printable_bytes: &str,
    index: &str,
    depth: usize,
) -> String {
    match encoding {
        EncodingType::Utf8 | EncodingType::Utf16 => format!(
            "<decoded type='string' name='{name}' index='{index}' depth='{depth}'>{}</decoded>",
            decoded_string.unwrap_or_default()
        ),
        EncodingType::Binary => format!(
            "<decoded value='binary'  name='{name}' type='{}' index='{index}' depth='{depth}'>{printable_bytes}</decoded>",
            file_type.unwrap_or("None")
        ),
    }
}

/// Opening tag of a multi-member archive; children follow, then `</decoded>`.
pub(crate) fn multiple_header(index: &str, depth: usize) -> String {
    format!("<decoded value='multiple binary' type='multiple' index='{index}' depth='{depth}'>")
}

/// Closing tag of a multi-member archive.
pub(crate) const CLOSE: &str = "</decoded>";

/// msticpy's display name: `[zip] Filename: x` for members, `[gz]` or `[None]` otherwise.
pub(crate) fn display_name(
    archive_type: Option<&str>,
    member: Option<&str>,
    file_type: Option<&str>,
) -> String {
    match (archive_type, member) {
        (Some(kind), Some(name)) => format!("[{kind}] Filename: {name}"),
        _ => format!("[{}]", file_type.unwrap_or("None")),
    }
}
