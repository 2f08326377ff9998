//! JSON reading for MISP and STIX feeds with the nesting budget checked first, so a
//! hostile document is refused by a linear scan before any tree is built.
use serde_json::Value;

use super::budget::Sink;

/// The deepest nesting of arrays and objects in `data` (strings skipped). Stops early
/// once `limit` is passed.
fn depth(data: &[u8], limit: usize) -> usize {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for &b in data {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > deepest {
                    deepest = depth;
                    if deepest > limit {
                        return deepest;
                    }
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// Parse `data` as JSON within the depth budget. `Ok(None)` (with a warning in the
/// report) when it is too deep or not JSON; `Err` only in strict mode.
pub fn parse(data: &[u8], sink: &mut Sink<'_>) -> crate::Result<Option<Value>> {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let limit = sink.limits.max_json_depth;
    if depth(data, limit) > limit {
        sink.budget_hit(
            "max_json_depth",
            format!("JSON nested deeper than {limit} levels; the feed was not read"),
        )?;
        return Ok(None);
    }
    match serde_json::from_slice(data) {
        Ok(value) => Ok(Some(value)),
        Err(err) => {
            sink.warn(format!("not valid JSON: {err}"));
            Ok(None)
        }
    }
}

/// A string member of an object, if present and a string.
pub fn str_of<'v>(value: &'v Value, key: &str) -> Option<&'v str> {
    value.get(key).and_then(Value::as_str)
}

#[cfg(test)]
mod tests {
    use super::depth;

    #[test]
    fn measures_depth_outside_strings() {
        assert_eq!(depth(br#"{"a":[1,{"b":"[[[["}]}"#, 10), 3);
        assert_eq!(depth(br#""\"[""#, 10), 0);
        assert_eq!(depth(&[b'['; 1000], 5), 6);
    }
}
