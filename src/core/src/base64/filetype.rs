//! Known-type detection by base64 prefix: reproduces msticpy's `_is_known_b64_prefix`.
//!
//! Only the first 160 characters of the candidate are looked at, with CR and LF removed.
//! The fixed prefixes are tried in msticpy's order, then the tar marker is searched
//! anywhere in that window, case-insensitively (msticpy compiles it with `re.I`).

/// Prefixes matched at the start, in msticpy's dictionary order.
const HEADER_TYPES: &[(&str, &str)] = &[
    (
        "TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+AAAAA4fug",
        "exe",
    ),
    (
        "TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA8AAAAA4fug",
        "dll",
    ),
    (
        "TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA6AAAAA4fug",
        "sys",
    ),
    ("UEsDBBQAAAAIA", "zip"),
    ("UEsDBBQAAQAIA", "zip (pwd protected)"),
    ("H4sI", "gz"),
    ("N3q8ryccAAR", "7z"),
    ("UmFyIRoHAM", "rar"),
    ("JVBERi0xLjcNC", "pdf"),
    ("0M8R4KGxGuE", "msi"),
    ("TVNXSU0AAADQ", "wim"),
];

/// The tar header marker (the base64 of a mode field), searched anywhere in the window.
const TAR_MARKER: &str = "DAxMDA3NzcAMDAwMDAwM";

/// Returns msticpy's file type for a base64 candidate, or `None` when unknown.
pub fn known_b64_type(candidate: &str) -> Option<&'static str> {
    let window: String = candidate
        .chars()
        .take(160)
        .filter(|c| *c != '\n' && *c != '\r')
        .collect();
    for (prefix, file_type) in HEADER_TYPES {
        if window.starts_with(prefix) {
            return Some(file_type);
        }
    }
    // The marker is ASCII without the letters whose Unicode case folding reaches outside
    // ASCII (k, s, i), so an ASCII case-insensitive search equals Python's `re.I`.
    let hay = window.as_bytes();
    let needle = TAR_MARKER.as_bytes();
    let found = hay
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle));
    found.then_some("tar")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn detects_prefixes() {
        assert_eq!(known_b64_type("H4sIAAAAAAAA"), Some("gz"));
        assert_eq!(known_b64_type("UEsDBBQAAAAIAxx"), Some("zip"));
        assert_eq!(
            known_b64_type("UEs\r\nDBBQAAQAIA"),
            Some("zip (pwd protected)")
        );
        assert_eq!(known_b64_type("xxdaxmda3nzcamdawmdawmxx"), Some("tar"));
        assert_eq!(known_b64_type("aGVsbG8gd29ybGQ="), None);
    }
}
