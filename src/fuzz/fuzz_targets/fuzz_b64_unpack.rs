//! Fuzz base64 unpacking with tiny budgets: the input is used both as text (as the
//! bindings pass it) and, base64-encoded, as a payload, so archive readers see arbitrary
//! bytes. Asserts no panic, depth and size budgets respected.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mstic_core::base64::{
    get_items_from_gzip, get_items_from_tar, get_items_from_zip, unpack_items_string,
    unpack_string, ArchiveBudget, UnpackOptions,
};
use mstic_core::Limits;

const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Plain base64 (standard alphabet, padded), written here to keep the target small.
fn encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        b64_max_depth: 4,
        b64_max_fragments_per_level: 8,
        decode_max_item_bytes: 64 * 1024,
        decode_max_total_bytes: 256 * 1024,
        archive_max_members: 16,
        ..Limits::DEFAULT
    };
    for utf16 in [false, true] {
        let opts = UnpackOptions {
            utf16,
            limits,
            powershell: utf16,
            decode_hex: utf16,
            decode_base32: utf16,
            nested_archives: utf16,
        };
        let text = String::from_utf8_lossy(data);
        let as_text = unpack_string(&text, &opts);
        let as_payload = unpack_items_string(&format!("x {} y", encode(data)), &opts);
        for result in [as_text, as_payload] {
            for record in &result.records {
                assert!(record.input_bytes.len() <= limits.decode_max_item_bytes);
            }
        }
    }
    let budget = ArchiveBudget::from_limits(&limits);
    let _ = get_items_from_gzip(data, &budget);
    let _ = get_items_from_zip(data, &budget);
    let _ = get_items_from_tar(data, &budget);
});
