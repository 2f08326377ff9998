//! Beyond msticpy: extra IoC types that peers extract and msticpy does not
//! (`reference/peers.md` §1.1): IPv4/IPv6 CIDR ranges, SHA-512, CVE ids, MITRE ATT&CK
//! ids, Windows registry keys, bitcoin addresses, MAC addresses and whole
//! internationalised domain names ([`super::idn`]).
//!
//! They are opt-in (`IoCExtract(extended=True)` or `extract_matches`), so msticpy's
//! defaults stay identical. Each is a linear-time pattern plus, where a pattern alone
//! would accept garbage, a check (octet ranges, IPv6 syntax, Base58Check checksum).
use sha2::{Digest, Sha256};

use super::idn::{is_idn, IDN_PATTERN, IDN_TYPE};
use super::matcher::{Kind, Matcher};
use crate::Limits;

/// One extended type.
pub struct ExtendedType {
    /// IoC type name.
    pub ioc_type: &'static str,
    /// Pattern in `regex` syntax (compiled case-insensitive unless it says `(?-i:`).
    pub pattern: &'static str,
    /// Priority (lower wins). MAC addresses beat IPv6, which also matches `aa:bb:...`.
    pub priority: i64,
    /// Capture group holding the observable.
    pub group: Option<&'static str>,
    /// Extra validation.
    pub check: Option<fn(&str) -> bool>,
}

fn ipv6_cidr_ok(s: &str) -> bool {
    s.split_once('/')
        .is_some_and(|(addr, _)| addr.parse::<std::net::Ipv6Addr>().is_ok())
}

fn base58_value(c: u8) -> Option<u32> {
    const ALPHABET: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
}

/// Base58Check: the last four bytes are the first four of SHA-256(SHA-256(payload)).
fn base58check_ok(s: &str) -> bool {
    if s.starts_with("bc1") {
        return true;
    }
    // Decode into a big-endian byte buffer; inputs are at most 35 characters, so the
    // buffer is small and bounded.
    let mut bytes: Vec<u8> = Vec::with_capacity(32);
    for c in s.bytes() {
        let Some(mut carry) = base58_value(c) else {
            return false;
        };
        for b in bytes.iter_mut().rev() {
            carry += u32::from(*b) * 58;
            *b = (carry & 0xff) as u8;
            carry >>= 8;
        }
        while carry > 0 {
            bytes.insert(0, (carry & 0xff) as u8);
            carry >>= 8;
        }
    }
    let leading = s.bytes().take_while(|&b| b == b'1').count();
    let mut full = vec![0u8; leading];
    full.extend_from_slice(&bytes);
    if full.len() != 25 {
        return false;
    }
    let (payload, checksum) = full.split_at(21);
    let digest = Sha256::digest(Sha256::digest(payload));
    digest.get(..4) == Some(checksum)
}

/// The extended types, in registration order.
pub fn extended_types() -> Vec<ExtendedType> {
    let t = |ioc_type, pattern, priority, group, check| ExtendedType {
        ioc_type,
        pattern,
        priority,
        group,
        check,
    };
    vec![
        t("ipv4_cidr", IPV4_CIDR, 0, None, None),
        t(
            "ipv6_cidr",
            IPV6_CIDR,
            0,
            None,
            Some(ipv6_cidr_ok as fn(&str) -> bool),
        ),
        t("sha512_hash", SHA512, 1, Some("hash"), None),
        t("cve", CVE, 1, None, None),
        t("mitre_attack", ATTACK, 1, None, None),
        t("registry_key", REGISTRY, 2, None, None),
        t(
            "btc_address",
            BTC,
            1,
            None,
            Some(base58check_ok as fn(&str) -> bool),
        ),
        t("mac_address", MAC, -1, None, None),
        t(
            IDN_TYPE,
            IDN_PATTERN,
            1,
            None,
            Some(is_idn as fn(&str) -> bool),
        ),
    ]
}

const IPV4_CIDR: &str = concat!(
    r"\b(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}",
    r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])/(?:3[0-2]|[12]?[0-9])\b"
);
const IPV6_CIDR: &str =
    r"(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}/(?:12[0-8]|1[01][0-9]|[1-9]?[0-9])\b";
const SHA512: &str = r"(?:^|[^a-f0-9])(?P<hash>[a-f0-9]{128})(?:$|[^a-f0-9])";
const CVE: &str = r"\bCVE-[0-9]{4}-[0-9]{4,7}\b";
const ATTACK: &str = r"(?-i:\b(?:TA[0-9]{4}|T[0-9]{4}(?:\.[0-9]{3})?|[SGM][0-9]{4})\b)";
const REGISTRY: &str = concat!(
    r"\b(?:HKEY_LOCAL_MACHINE|HKEY_CURRENT_USER|HKEY_CLASSES_ROOT|HKEY_USERS|",
    r"HKEY_CURRENT_CONFIG|HKLM|HKCU|HKCR|HKU|HKCC)(?:\\[^\\\s\x22'<>|]+)+"
);
const BTC: &str = r"(?-i:\b(?:[13][a-km-zA-HJ-NP-Z1-9]{25,34}|bc1[ac-hj-np-z02-9]{11,71})\b)";
const MAC: &str = concat!(
    r"\b(?:[0-9a-f]{2}(?::[0-9a-f]{2}){5}|[0-9a-f]{2}(?:-[0-9a-f]{2}){5}|",
    r"[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4})\b"
);

/// Compile an extended type.
pub fn compile(def: &ExtendedType, limits: &Limits) -> Result<Matcher, String> {
    let kind = if def.ioc_type == "sha512_hash" {
        Kind::HexRun { len: 128 }
    } else {
        Kind::Plain
    };
    let matcher = Matcher::new(def.pattern, def.group, kind, limits)?;
    Ok(match def.check {
        Some(check) => matcher.with_check(check),
        None => matcher,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn find(name: &str, text: &str) -> Vec<String> {
        let def = extended_types()
            .into_iter()
            .find(|d| d.ioc_type == name)
            .unwrap();
        let m = compile(&def, &Limits::DEFAULT).unwrap();
        let mut out = Vec::new();
        m.for_each(text, 0, |h| {
            out.push(text[h.obs_start..h.obs_end].to_string());
            true
        });
        out
    }

    #[test]
    fn each_type_finds_its_values() {
        assert_eq!(
            find("ipv4_cidr", "net 10.0.0.0/8 and 300.1.1.1/8"),
            ["10.0.0.0/8"]
        );
        assert_eq!(find("ipv6_cidr", "2001:db8::/32 x"), ["2001:db8::/32"]);
        assert_eq!(find("cve", "patch CVE-2021-44228 now"), ["CVE-2021-44228"]);
        assert_eq!(
            find("mitre_attack", "T1059.001 and TA0002, t1059"),
            ["T1059.001", "TA0002"]
        );
        assert_eq!(
            find("registry_key", r"reg add HKLM\Software\Microsoft\Run /v x"),
            [r"HKLM\Software\Microsoft\Run"]
        );
        assert_eq!(
            find("mac_address", "mac 00:1A:2b:3c:4D:5e."),
            ["00:1A:2b:3c:4D:5e"]
        );
        assert_eq!(
            find("sha512_hash", &format!("h {} x", "ab".repeat(64))).len(),
            1
        );
    }

    #[test]
    fn bitcoin_addresses_need_a_valid_checksum() {
        // The genesis block address, and the same with one character changed.
        assert_eq!(
            find("btc_address", "pay 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa now"),
            ["1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"]
        );
        assert!(find("btc_address", "pay 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb now").is_empty());
    }

    #[test]
    fn idn_names_are_found_whole() {
        assert_eq!(
            find(
                "idn_domain",
                "see bücher.de, xn--bcher-kva.de and bücher[.]de."
            ),
            ["bücher.de", "xn--bcher-kva.de", "bücher[.]de"]
        );
        // Plain ASCII names, invalid punycode and a name running on are not IDNs.
        assert!(find("idn_domain", "example.com xn--a.com bücher.de2x").is_empty());
    }
}
