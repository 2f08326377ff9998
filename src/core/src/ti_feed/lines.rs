//! Line splitting shared by the text formats: byte lines with the line budget applied,
//! a UTF-8 BOM dropped and `\r\n` endings accepted.
use super::budget::Sink;

/// Call `each(line_number, text)` for every line that is within the line budget and is
/// UTF-8; other lines are recorded as skipped. `each` returns `Ok(false)` to stop.
pub fn for_each_line<'d>(
    data: &'d [u8],
    sink: &mut Sink<'_>,
    mut each: impl FnMut(usize, &'d str, &mut Sink<'_>) -> crate::Result<bool>,
) -> crate::Result<()> {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let max = sink.limits.max_line_bytes;
    for (index, raw) in data.split(|&b| b == b'\n').enumerate() {
        let number = index + 1;
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        if raw.len() > max {
            sink.skip(
                || format!("line {number}"),
                "line longer than max_line_bytes",
            );
            continue;
        }
        let Ok(text) = std::str::from_utf8(raw) else {
            sink.skip(|| format!("line {number}"), "line is not UTF-8");
            continue;
        };
        if !each(number, text, sink)? {
            break;
        }
    }
    Ok(())
}
