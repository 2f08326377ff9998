//! Beyond msticpy: internationalised (IDN) and look-alike domain names.
//!
//! msticpy's ASCII-only `dns` pattern reports fragments of such names (`cher.de` out
//! of `bücher.de`) and our default mode drops the fragments, so in extended mode the
//! whole name is found here instead: written in Unicode (`bücher.de`), as punycode
//! (`xn--bcher-kva.de`) or defanged (`bücher[.]de`). Each name is converted with
//! UTS #46 (the `idna` crate, strict STD3 rules and DNS lengths) and described:
//!
//! * its Unicode and ASCII (punycode) forms;
//! * the scripts of its labels and whether one label mixes scripts (UTS #39 resolved
//!   script set, `unicode-security`);
//! * its UTS #39 confusable skeleton, and the brand of [`BRANDS`] whose skeleton a
//!   label shares (`аpple` with a Cyrillic `а` imitates `apple`);
//! * a `confusable` flag: mixed script, an imitated brand, or a non-ASCII label whose
//!   skeleton is plain ASCII (the label reads as an ASCII name it is not).
//!
//! A name whose UTS #46 form is plain ASCII (fullwidth `ｇｏｏｇｌｅ.com` maps to
//! `google.com`) is not an IDN and is left to the `dns` type.
use std::sync::OnceLock;

use unicode_script::{Script, UnicodeScript};
use unicode_security::confusable_detection::skeleton;
use unicode_security::MixedScript;

use super::psl::{suffix_index, validate_tld};
use super::scan::{Extraction, Observable};

/// IoC type of a whole internationalised domain name (Unicode form).
pub const IDN_TYPE: &str = "idn_domain";
/// Derived type: the same names in ASCII (punycode) form.
pub const PUNYCODE_TYPE: &str = "idn_punycode";
/// Derived type: the names flagged as confusable (Unicode form).
pub const CONFUSABLE_TYPE: &str = "idn_confusable";

/// Brands often imitated by look-alike domains, compared by skeleton with each label
/// of a name. Our own short list of widely phished services; documented in
/// `docs/ioc_extraction.md`.
pub const BRANDS: &[&str] = &[
    "adobe",
    "airbnb",
    "alibaba",
    "amazon",
    "americanexpress",
    "apple",
    "binance",
    "bankofamerica",
    "booking",
    "chase",
    "citibank",
    "coinbase",
    "dhl",
    "docusign",
    "dropbox",
    "ebay",
    "facebook",
    "fedex",
    "github",
    "gmail",
    "google",
    "hsbc",
    "icloud",
    "instagram",
    "linkedin",
    "mastercard",
    "microsoft",
    "netflix",
    "office",
    "office365",
    "onedrive",
    "outlook",
    "paypal",
    "sharepoint",
    "skype",
    "spotify",
    "steam",
    "telegram",
    "twitter",
    "ups",
    "visa",
    "wellsfargo",
    "whatsapp",
    "yahoo",
    "youtube",
    "zoom",
];

/// What is known about one internationalised name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdnInfo {
    /// Unicode form (UTS #46 mapped: lower case, NFC).
    pub unicode: String,
    /// ASCII form, with `xn--` labels.
    pub punycode: String,
    /// Scripts used by the labels below the public suffix (Common and Inherited left
    /// out), in first-use order, by their Unicode full names (`Latin`, `Cyrillic`, ...).
    pub scripts: Vec<&'static str>,
    /// True when one label mixes scripts (UTS #39: its resolved script set is empty).
    pub mixed_script: bool,
    /// True when the name is likely made to look like another one (see module docs).
    pub confusable: bool,
    /// UTS #39 skeleton of the Unicode form.
    pub skeleton: String,
    /// The brand of [`BRANDS`] that one label imitates, if any.
    pub imitates: Option<&'static str>,
}

/// Replace the defang separators we accept (`[.]`, `(.)`, `{.}`, `[dot]`) with `.`.
fn refang_dots(name: &str) -> String {
    if !name.contains(['[', '(', '{']) {
        return name.to_string();
    }
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while !rest.is_empty() {
        let sep = ["[.]", "(.)", "{.}", "[dot]"].iter().find(|s| {
            rest.get(..s.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(s))
        });
        match sep {
            Some(s) => {
                out.push('.');
                rest = &rest[s.len()..];
            }
            None => {
                let c = rest.chars().next().unwrap_or('.');
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out
}

fn brand_skeletons() -> &'static [(String, &'static str)] {
    static SKELETONS: OnceLock<Vec<(String, &'static str)>> = OnceLock::new();
    SKELETONS.get_or_init(|| BRANDS.iter().map(|b| (skeleton(b).collect(), *b)).collect())
}

/// Cheap test a scan hit must pass before the full conversion: some non-ASCII text or
/// an `xn--` label.
fn may_be_idn(candidate: &str) -> bool {
    let bytes = candidate.as_bytes();
    // Most candidates are plain ASCII names: no allocation on this path.
    !candidate.is_ascii()
        || bytes.windows(4).enumerate().any(|(i, w)| {
            w.eq_ignore_ascii_case(b"xn--")
                && (i == 0 || matches!(bytes.get(i - 1), Some(b'.' | b']' | b')' | b'}')))
        })
}

/// Describe `name` (Unicode, punycode or defanged), or `None` when it is not a valid
/// internationalised domain name: not convertible under UTS #46 (invalid punycode,
/// disallowed characters, a label over 63 bytes), plain ASCII after mapping, or not
/// ending in a public suffix.
pub fn analyse(name: &str) -> Option<IdnInfo> {
    if !may_be_idn(name) || name.len() > 1024 {
        return None;
    }
    let fanged = refang_dots(name);
    let punycode = idna::domain_to_ascii_strict(&fanged).ok()?;
    if !punycode.split('.').any(|l| l.starts_with("xn--")) {
        return None;
    }
    let (unicode, converted) = idna::domain_to_unicode(&punycode);
    converted.ok()?;
    if unicode.is_empty() || unicode.ends_with('.') || !validate_tld(&unicode) {
        return None;
    }
    Some(describe(unicode, punycode))
}

fn describe(unicode: String, punycode: String) -> IdnInfo {
    let labels: Vec<&str> = unicode.split('.').collect();
    // The public suffix is a registry's choice, not the owner's: leave it out of the
    // script and brand tests (a Cyrillic name under `.co.uk` is not mixed script).
    let suffix = suffix_index(&labels).unwrap_or(labels.len().saturating_sub(1));
    let owned = &labels[..suffix.min(labels.len())];
    let mut scripts: Vec<&'static str> = Vec::new();
    for c in owned.iter().flat_map(|l| l.chars()) {
        let script = c.script();
        if !matches!(script, Script::Common | Script::Inherited | Script::Unknown) {
            let name = script.full_name();
            if !scripts.contains(&name) {
                scripts.push(name);
            }
        }
    }
    let mixed_script = owned.iter().any(|l| !l.is_single_script());
    let brands = brand_skeletons();
    let mut imitates = None;
    let mut reads_as_ascii = false;
    for label in owned {
        let label_skeleton: String = skeleton(label).collect();
        if !label.is_ascii() && label_skeleton.is_ascii() {
            reads_as_ascii = true;
        }
        if imitates.is_none() && !BRANDS.contains(label) {
            imitates = brands
                .iter()
                .find(|(s, _)| *s == label_skeleton)
                .map(|(_, b)| *b);
        }
    }
    IdnInfo {
        skeleton: skeleton(&unicode).collect(),
        confusable: mixed_script || imitates.is_some() || reads_as_ascii,
        unicode,
        punycode,
        scripts,
        mixed_script,
        imitates,
    }
}

/// Scan-time check of the `idn_domain` pattern.
pub fn is_idn(candidate: &str) -> bool {
    analyse(candidate).is_some()
}

/// Rewrite an extraction's `idn_domain` group: each name in its Unicode form, followed
/// by the derived `idn_punycode` group and, when any is flagged, `idn_confusable`.
/// Values are de-duplicated (`bücher.de` and `xn--bcher-kva.de` are one name).
pub fn expand(extraction: &mut Extraction, text: &str) {
    let Some(at) = extraction.groups.iter().position(|(t, _)| t == IDN_TYPE) else {
        return;
    };
    let (mut unicode, mut punycode, mut confusable) = (Vec::new(), Vec::new(), Vec::new());
    for value in &extraction.groups[at].1 {
        let Some(info) = analyse(value.as_str(text)) else {
            continue;
        };
        if unicode.contains(&info.unicode) {
            continue;
        }
        if info.confusable {
            confusable.push(info.unicode.clone());
        }
        punycode.push(info.punycode);
        unicode.push(info.unicode);
    }
    let owned = |values: Vec<String>| values.into_iter().map(Observable::Owned).collect();
    let mut derived = vec![(PUNYCODE_TYPE.to_string(), owned(punycode))];
    if !confusable.is_empty() {
        derived.push((CONFUSABLE_TYPE.to_string(), owned(confusable)));
    }
    extraction.groups[at].1 = owned(unicode);
    let tail = extraction.groups.split_off(at + 1);
    extraction.groups.extend(derived);
    extraction.groups.extend(tail);
}

/// The `idn_domain` pattern: dot-separated labels of letters, marks and digits (hyphens
/// inside), with `.`, a defanged dot (`[.]`, `(.)`, `{.}`, `[dot]`) or an ideographic
/// full stop between them. The last label is taken whole (`bücher.de2x` is one
/// candidate, which [`analyse`] rejects for its suffix) so that no capture group or
/// trailing context is needed: a plain search is about 20 times faster.
pub const IDN_PATTERN: &str = concat!(
    r"(?:[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}\-]*[\p{L}\p{M}\p{N}])?",
    r"(?:\.|\[\.\]|\(\.\)|\{\.\}|\[dot\]|\x{3002}|\x{FF0E}|\x{FF61}))+",
    r"[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}\-]*[\p{L}\p{M}\p{N}])?"
);

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn latin_name_round_trips() {
        let info = analyse("bücher.de").unwrap();
        assert_eq!(info.punycode, "xn--bcher-kva.de");
        assert_eq!(info.unicode, "bücher.de");
        assert_eq!(info.scripts, ["Latin"]);
        assert!(!info.mixed_script && !info.confusable);
        assert_eq!(analyse("xn--bcher-kva.de").unwrap().unicode, "bücher.de");
        assert_eq!(analyse("BÜCHER[.]DE").unwrap().unicode, "bücher.de");
    }

    #[test]
    fn cyrillic_a_in_apple_is_flagged() {
        let info = analyse("\u{430}pple.com").unwrap();
        assert!(info.mixed_script && info.confusable);
        assert_eq!(info.imitates, Some("apple"));
        assert_eq!(info.scripts, ["Cyrillic", "Latin"]);
        // Whole-script Cyrillic look-alike: single script, still imitates the brand.
        let whole = analyse("\u{430}\u{440}\u{440}\u{4cf}\u{435}.com").unwrap();
        assert!(!whole.mixed_script);
        assert!(whole.confusable);
        assert_eq!(whole.imitates, Some("apple"));
    }

    #[test]
    fn plain_names_and_bad_punycode_are_not_idns() {
        assert!(analyse("example.com").is_none());
        assert!(analyse("\u{ff47}oogle.com").is_none());
        assert!(analyse("xn--zz-.com").is_none());
        assert!(analyse("xn--a.com").is_none());
        assert!(analyse("bücher.notatld").is_none());
        assert!(analyse("пример.рф").is_some());
        // The public suffix takes no part in the script test.
        assert_eq!(analyse("пример.co.uk").unwrap().scripts, ["Cyrillic"]);
    }

    #[test]
    fn greek_name_is_single_script() {
        let info = analyse("παράδειγμα.ελ").unwrap();
        assert_eq!(info.scripts, ["Greek"]);
        assert!(!info.mixed_script);
        assert!(info.punycode.starts_with("xn--"));
    }
}
