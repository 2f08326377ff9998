"""The cleaned view of ``msticpy triage`` (msticpy.cli.triage_clean) on generated values."""

from __future__ import annotations

import pytest

from msticpy.cli.triage_clean import (
    address_scope,
    clean_observable,
    file_like_host,
    split_key_prefix,
    strip_escape_tail,
    trim_url,
)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("http://45.133.1.20/a.ps1')", "http://45.133.1.20/a.ps1"),
        ("http://stage2.evil-cdn.net/p.ps1');", "http://stage2.evil-cdn.net/p.ps1"),
        ('http://x.example.com/a",', "http://x.example.com/a"),
        ("https://en.wikipedia.org/wiki/Foo_(bar)", "https://en.wikipedia.org/wiki/Foo_(bar)"),
        ("https://en.wikipedia.org/wiki/Foo_(bar))", "https://en.wikipedia.org/wiki/Foo_(bar)"),
        ("http://h.example.com/[a]]", "http://h.example.com/[a]"),
        ("http://h.example.com/q?a=1.", "http://h.example.com/q?a=1"),
        ("http://h.example.com/", "http://h.example.com/"),
    ],
)
def test_trim_url(raw: str, clean: str) -> None:
    assert trim_url(raw) == clean


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("FROM=billing@contoso-secure.xyz", "billing@contoso-secure.xyz"),
        ("x-sender=a.b@example.com", "a.b@example.com"),
        ("plain@example.com", "plain@example.com"),
        ("a=b=c@example.com", "a=b=c@example.com"),
    ],
)
def test_split_key_prefix(raw: str, clean: str) -> None:
    assert split_key_prefix(raw) == clean


def test_strip_escape_tail() -> None:
    assert strip_escape_tail("2Fportal.contoso-secure.xyz", "%") == "portal.contoso-secure.xyz"
    assert strip_escape_tail("2Fportal.contoso-secure.xyz", "/") == "2Fportal.contoso-secure.xyz"
    assert strip_escape_tail("3Acom", "%") == "3Acom"  # nothing host-like would remain


@pytest.mark.parametrize(
    ("value", "after", "expected"),
    [
        ("x.sh", " -o", True),
        ("a.ps", "1')", True),
        ("invoice.zip", " sha1", True),
        ("report.pdf", "", True),
        ("evil.zip", "/path", True),
        ("login.micros0ft-support.com", "/", False),
        ("example.com", "", False),
        ("contoso.pl", "", False),
        ("cdn.example.zip", "", False),
        ("a.psx", "", False),
    ],
)
def test_file_like_host(value: str, after: str, expected: bool) -> None:
    assert file_like_host(value, after) is expected


def test_url_hosts_stay_hosts() -> None:
    text = "see http://invoice.zip/x and invoice.zip"
    first = text.index("invoice.zip")
    second = text.rindex("invoice.zip")
    assert clean_observable("dns", "invoice.zip", text, first, first + 11) == (
        "dns",
        "invoice.zip",
    )
    assert clean_observable("dns", "invoice.zip", text, second, second + 11) == (
        "file_name",
        "invoice.zip",
    )


def test_cidr_base_is_dropped() -> None:
    text = "range 45.133.1.0/24 and http://45.133.1.0/24"
    assert clean_observable("ipv4", "45.133.1.0", text, 6, 16) is None
    url_at = text.rindex("45.133.1.0")
    assert clean_observable("ipv4", "45.133.1.0", text, url_at, url_at + 10) == (
        "ipv4",
        "45.133.1.0",
    )


@pytest.mark.parametrize(
    ("address", "scope"),
    [
        ("45.133.1.20", "public"),
        ("8.8.8.8", "public"),
        ("10.20.4.17", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("169.254.1.1", "link-local"),
        ("fe80::1", "link-local"),
        ("192.0.2.5", "documentation"),
        ("198.51.100.23", "documentation"),
        ("203.0.113.77", "documentation"),
        ("2001:db8:85a3::8a2e:370:7334", "documentation"),
        ("fd00::1", "private"),
        ("2606:4700::1111", "public"),
        ("100.64.0.1", "private"),
        ("240.0.0.1", "reserved"),
        ("224.0.0.251", "reserved"),
        ("0.0.0.0", "reserved"),
        ("not an address", "public"),
    ],
)
def test_address_scope(address: str, scope: str) -> None:
    assert address_scope(address) == scope


def test_paths() -> None:
    text = "GET http://h.example.com/a/b then ran '/tmp/.x.sh'; copy C:\\Program Files (x86)"
    at = text.index("//h.example")
    assert clean_observable("linux_path", "//h.example.com/a/b", text, at, at + 19) is None
    at = text.index("/tmp")
    assert clean_observable("linux_path", "/tmp/.x.sh';", text, at, at + 12) == (
        "linux_path",
        "/tmp/.x.sh",
    )
    at = text.index("C:")
    value = "C:\\Program Files (x86)"
    assert clean_observable("windows_path", value, text, at, at + len(value)) == (
        "windows_path",
        value,
    )
