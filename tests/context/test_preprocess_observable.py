"""preprocess_observable: the checks each observable type gets before a look-up."""

from __future__ import annotations

import pytest

from msticpy.context.preprocess_observable import (
    PreProcessor,
    SanitizedObservable,
    get_schema_and_host,
    preprocess_observable,
)


@pytest.mark.parametrize(
    ("obs", "typ", "expected"),
    [
        ("8.8.8.8", "ipv4", ("8.8.8.8", "ok")),
        ("10.1.2.3", "ipv4", (None, "IP address is not global")),
        ("2001:4860:4860::8888", "ipv6", ("2001:4860:4860::8888", "ok")),
        ("microsoft.com", "dns", ("microsoft.com", "ok")),
        ("http://10.1.1.1/x", "url", (None, "Host part of URL is a private IP address")),
        ("http://www.contoso.com/a?b=1", "url", ("http://www.contoso.com/a?b=1", "ok")),
        (
            "d41d8cd98f00b204e9800998ecf8427e",
            "md5_hash",
            ("d41d8cd98f00b204e9800998ecf8427e", "ok"),
        ),
        ("notanip", "ipv4", (None, "Observable does not match expected pattern for ipv4")),
        ("anything at all", "email_address_typo", ("anything at all", "ok")),
    ],
)
def test_checks(obs: str, typ: str, expected: tuple[str | None, str]) -> None:
    assert preprocess_observable(obs, typ) == SanitizedObservable(*expected)


def test_low_entropy_hash_rejected() -> None:
    result = PreProcessor().check("ab" * 16, "md5_hash")
    assert result == (None, "String has too low an entropy to be a hash")


def test_url_encoding_on_request() -> None:
    result = preprocess_observable("http://www.contoso.com/a?b=1", "url", require_url_encoding=True)
    assert result.observable == "http%3A%2F%2Fwww.contoso.com%2Fa%3Fb%3D1"


def test_bad_port_falls_back_to_cleaned_url() -> None:
    assert get_schema_and_host("http://example.com:99999/x") == (None, None, None)
    assert get_schema_and_host("https://a.example.com/p?q") == (
        "https://a.example.com/p?q",
        "https",
        "a.example.com",
    )


def test_add_check_is_per_instance() -> None:
    proc = PreProcessor()
    proc.add_check("ipv4", lambda value: SanitizedObservable(None, "blocked"))
    assert proc.check("8.8.8.8", "ipv4") == (None, "blocked")
    assert PreProcessor().check("8.8.8.8", "ipv4") == ("8.8.8.8", "ok")


def test_non_string_is_type_error() -> None:
    with pytest.raises(TypeError, match="must be a str"):
        preprocess_observable(12345, "ipv4")  # type: ignore[arg-type]
