//! Which addresses msticpy sends to the database.
//!
//! msticpy's `GeoLiteLookup.lookup_ip` only looks up addresses that
//! `ip_utils.get_ip_type` calls `"Public"`: parseable by Python's `ipaddress`, not
//! multicast and `is_global`. Everything else (private, loopback, link-local,
//! reserved, shared address space, malformed text) is dropped from the results. This
//! module reproduces that test with CPython 3.11.7's special-purpose tables (the
//! interpreter msticpy 3.0.2 was measured on); later CPython releases refined a few
//! IANA sub-ranges (for example `192.0.0.9/32`), see docs/geoip.md.
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Shared address space: not private, but not global either.
const V4_SHARED: &[(u32, u8)] = &[(0x6440_0000, 10)]; // 100.64.0.0/10

/// IPv4 networks CPython 3.11.7 treats as private.
const V4_PRIVATE: &[(u32, u8)] = &[
    (0x0000_0000, 8),  // 0.0.0.0/8
    (0x0A00_0000, 8),  // 10.0.0.0/8
    (0x7F00_0000, 8),  // 127.0.0.0/8
    (0xA9FE_0000, 16), // 169.254.0.0/16
    (0xAC10_0000, 12), // 172.16.0.0/12
    (0xC000_0000, 29), // 192.0.0.0/29
    (0xC000_00AA, 31), // 192.0.0.170/31
    (0xC000_0200, 24), // 192.0.2.0/24
    (0xC0A8_0000, 16), // 192.168.0.0/16
    (0xC612_0000, 15), // 198.18.0.0/15
    (0xC633_6400, 24), // 198.51.100.0/24
    (0xCB00_7100, 24), // 203.0.113.0/24
    (0xF000_0000, 4),  // 240.0.0.0/4
    (0xFFFF_FFFF, 32), // 255.255.255.255/32
];

/// IPv6 networks CPython 3.11.7 treats as private (so not global).
const V6_NOT_GLOBAL: &[(u128, u8)] = &[
    (1, 128),                                        // ::1/128
    (0, 128),                                        // ::/128
    (0xFFFF_0000_0000, 96),                          // ::ffff:0:0/96
    (0x0100_0000_0000_0000_0000_0000_0000_0000, 64), // 100::/64
    (0x2001_0000_0000_0000_0000_0000_0000_0000, 23), // 2001::/23
    (0x2001_0002_0000_0000_0000_0000_0000_0000, 48), // 2001:2::/48
    (0x2001_0db8_0000_0000_0000_0000_0000_0000, 32), // 2001:db8::/32
    (0x2001_0010_0000_0000_0000_0000_0000_0000, 28), // 2001:10::/28
    (0xfc00_0000_0000_0000_0000_0000_0000_0000, 7),  // fc00::/7
    (0xfe80_0000_0000_0000_0000_0000_0000_0000, 10), // fe80::/10
];

fn in_v4(addr: Ipv4Addr, table: &[(u32, u8)]) -> bool {
    let value = u32::from(addr);
    table.iter().any(|&(net, len)| {
        let mask = u32::MAX.checked_shl(32 - u32::from(len)).unwrap_or(0);
        value & mask == net
    })
}

fn in_v6(addr: Ipv6Addr, table: &[(u128, u8)]) -> bool {
    let value = u128::from(addr);
    table.iter().any(|&(net, len)| {
        let mask = u128::MAX.checked_shl(128 - u32::from(len)).unwrap_or(0);
        value & mask == net
    })
}

/// True when msticpy's `get_ip_type` would answer `"Public"` for this address.
///
/// CPython 3.11.7 answers `is_private` of an IPv4-mapped IPv6 address
/// (`::ffff:a.b.c.d`) with the IPv4 address's `is_private`, and `is_global` is then
/// just `not is_private`: so `::ffff:100.64.0.1` and `::ffff:224.0.0.1` are public.
#[must_use]
pub fn is_public(addr: IpAddr) -> bool {
    match addr {
        IpAddr::V4(v4) => !v4.is_multicast() && !in_v4(v4, V4_PRIVATE) && !in_v4(v4, V4_SHARED),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => !in_v4(v4, V4_PRIVATE),
            None => !v6.is_multicast() && !in_v6(v6, V6_NOT_GLOBAL),
        },
    }
}

/// The address as Python's `str(ipaddress.ip_address(...))` writes it: IPv6 always
/// in hex groups (`::ffff:5102:458e`, where Rust writes `::ffff:81.2.69.142`), the
/// first longest run of two or more zero groups compressed.
#[must_use]
pub fn python_str(addr: IpAddr) -> String {
    let IpAddr::V6(v6) = addr else {
        return addr.to_string();
    };
    let groups = v6.segments();
    // (start, length) of the first longest run of zero groups, if two or longer.
    let mut best: Option<(usize, usize)> = None;
    let mut run: Option<(usize, usize)> = None;
    for (i, group) in groups.iter().enumerate() {
        run = if *group == 0 {
            Some(run.map_or((i, 1), |(start, len)| (start, len + 1)))
        } else {
            None
        };
        if let Some((start, len)) = run {
            if len >= 2 && best.is_none_or(|(_, best_len)| len > best_len) {
                best = Some((start, len));
            }
        }
    }
    let hex = |part: &[u16]| {
        part.iter()
            .map(|g| format!("{g:x}"))
            .collect::<Vec<_>>()
            .join(":")
    };
    match best {
        Some((start, len)) => {
            let head = groups.get(..start).map(hex).unwrap_or_default();
            let tail = groups.get(start + len..).map(hex).unwrap_or_default();
            format!("{head}::{tail}")
        }
        None => hex(&groups),
    }
}

/// Parse address text the way Python's `ipaddress.ip_address` does for the forms
/// that matter here (dotted quad without leading zeros, RFC 4291 IPv6). A scope id
/// (`fe80::1%eth0`) is refused: such addresses are never public anyway.
#[must_use]
pub fn parse(text: &str) -> Option<IpAddr> {
    text.parse::<IpAddr>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn public(text: &str) -> bool {
        parse(text).is_some_and(is_public)
    }

    #[test]
    fn python_text() {
        for (given, python) in [
            ("::ffff:81.2.69.142", "::ffff:5102:458e"),
            ("2001:218:0:0:0:0:0:1", "2001:218::1"),
            ("1:0:0:2:0:0:0:3", "1:0:0:2::3"),
            ("1:0:0:2:0:0:3:4", "1::2:0:0:3:4"),
            ("1:0:2:3:4:5:6:7", "1:0:2:3:4:5:6:7"),
            ("::", "::"),
            ("::1", "::1"),
            ("1::", "1::"),
            ("8.8.8.8", "8.8.8.8"),
        ] {
            assert_eq!(
                parse(given).map(python_str).as_deref(),
                Some(python),
                "{given}"
            );
        }
    }

    #[test]
    fn mapped_follow_ipv4_private() {
        assert!(public("::ffff:81.2.69.142"));
        assert!(public("::ffff:100.64.0.1"));
        assert!(!public("::ffff:10.0.0.1"));
    }

    #[test]
    fn public_and_not() {
        for text in [
            "81.2.69.142",
            "8.8.8.8",
            "2001:218::1",
            "2a02:cf40::1",
            "100.128.0.1",
        ] {
            assert!(public(text), "{text}");
        }
        for text in [
            "10.1.2.3",
            "127.0.0.1",
            "169.254.1.1",
            "172.31.0.1",
            "192.168.1.1",
            "100.64.0.1",
            "224.0.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "240.0.0.1",
            "192.0.2.1",
            "::1",
            "::",
            "fe80::1",
            "fd00::1",
            "ff02::1",
            "2001:db8::1",
            "::ffff:127.0.0.1",
            "x",
            "",
            "01.2.3.4",
            "1.2.3",
        ] {
            assert!(!public(text), "{text}");
        }
    }
}
