"""IoCExtract behaviour, including msticpy's own documented expectations."""

from __future__ import annotations

import re
import warnings

import pandas as pd
import pytest

from msticpy.common.exceptions import InvalidPatternError, MsticpyLimitWarning
from msticpy.common.limits import Limits
from msticpy.transform.iocextract import IoCExtract, IoCPattern, IoCType

PROBE = (
    r"c:\windows\system32\cmd.exe /c curl http://evil.example.com/a?x=1 8.8.8.8 "
    "d41d8cd98f00b204e9800998ecf8427e"
)


@pytest.fixture()
def extractor() -> IoCExtract:
    return IoCExtract()


def test_string_mode_scans_every_type_including_paths(extractor: IoCExtract) -> None:
    result = extractor.extract(src=PROBE)
    assert result["ipv4"] == {"8.8.8.8"}
    assert result["dns"] == {"evil.example.com"}
    assert result["url"] == {"http://evil.example.com/a?x=1"}
    assert result["windows_path"] == {r"c:\windows\system32\cmd.exe"}
    assert result["linux_path"] == {"//evil.example.com/a?x=1", "/c"}
    assert result["md5_hash"] == {"d41d8cd98f00b204e9800998ecf8427e"}


def test_dataframe_mode_drops_paths_by_default(extractor: IoCExtract) -> None:
    frame = pd.DataFrame({"cmd": [PROBE]})
    result = extractor.extract(data=frame, columns=["cmd"])
    assert list(result.columns) == ["IoCType", "Observable", "SourceIndex", "Input"]
    assert sorted(result["IoCType"]) == ["dns", "ipv4", "md5_hash", "url"]
    assert set(result["SourceIndex"]) == {0}
    assert set(result["Input"]) == {PROBE}
    with_paths = extractor.extract(data=frame, columns=["cmd"], include_paths=True)
    assert "windows_path" in set(with_paths["IoCType"])
    assert "linux_path" not in set(with_paths["IoCType"])


def test_url_host_and_ip_in_url(extractor: IoCExtract) -> None:
    src = "curl 'https://www.virustotal.com/en/ip-address/90.156.201.27/information/'"
    result = extractor.extract(src=src, include_paths=True)
    assert len(result["url"]) == 1
    assert result["dns"] == {"www.virustotal.com"}
    assert result["ipv4"] == {"90.156.201.27"}


@pytest.mark.parametrize(
    ("text", "count"),
    [("domain.like.uk", 1), ("domain.like.iandom", 0), ("microsoft.com", 1)],
)
def test_dns_needs_a_public_suffix(extractor: IoCExtract, text: str, count: int) -> None:
    assert len(extractor.extract(src=text).get("dns", set())) == count
    assert len(extractor.extract(src=text, ignore_tlds=True).get("dns", set())) == 1


def test_percent_encoded_url_is_decoded_and_rescanned(extractor: IoCExtract) -> None:
    src = "see http://a.com/x?u=http%3A%2F%2Fevil.ru%2Fp and http://b.org/%41 end"
    result = extractor.extract(src=src)
    assert "http://a.com/x?u=http://evil.ru/p" in result["url"]
    # msticpy re-scans each decoded URL from where the previous URL match ended, so the
    # second URL's decoded form is not found: kept for parity.
    assert "http://b.org/A" not in result["url"]


def test_defanged_forms_and_refang(extractor: IoCExtract) -> None:
    src = "hxxp://evil[.]com/a bob[at]evil[.]com 1.2.3[.]4"
    defanged = extractor.extract(src=src)
    assert defanged["ipv4"] == {"1.2.3[.]4"}
    assert defanged["email"] == {"bob[at]evil[.]com"}
    plain = extractor.extract(src="hxxp://evil[.]com/a 1.2.3.4", defanged=False)
    assert "url" not in plain
    assert plain["ipv4"] == {"1.2.3.4"}


def test_hashes_priorities_and_ipv6(extractor: IoCExtract) -> None:
    src = (
        "fe80::1%eth0 2001:0db8:85a3:0000:0000:8a2e:0370:7334 "
        + "a" * 40
        + " "
        + "b" * 64
        + " 10:22:33 1::2::3"
    )
    result = extractor.extract(src=src)
    # msticpy's IPv6 pattern also takes times and malformed "1::2::3"; kept for parity.
    assert result["ipv6"] == {
        "fe80::1",
        "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
        "10:22:33",
        "1::2::3",
    }
    assert result["sha1_hash"] == {"a" * 40}
    assert result["sha256_hash"] == {"b" * 64}


def test_validate_and_types(extractor: IoCExtract) -> None:
    assert extractor.validate("microsoft.com", "dns")
    assert not extractor.validate("microsoft.iandom", "dns")
    assert extractor.validate("microsoft.iandom", "dns", ignore_tlds=True)
    assert extractor.validate("evil[.]com", "hostname")
    assert not extractor.validate("evil[.]com", "dns", defanged=False)
    assert extractor.validate("d41d8cd98f00b204e9800998ecf8427e", "file_hash")
    assert extractor.validate("1.2.3.4", "ipv4")
    with pytest.raises(KeyError):
        extractor.validate("x", "no_such_type")
    assert IoCExtract.file_hash_type("a" * 40) is IoCType.sha1_hash
    assert IoCExtract.file_hash_type("abc") is IoCType.unknown
    assert IoCType.parse("DNS") is IoCType.dns
    assert IoCType.parse("nope") is IoCType.unknown
    assert extractor.get_ioc_type("8.8.8.8") == "ipv4"
    assert extractor.get_ioc_type("/usr/bin/ls") == "linux_path"
    assert extractor.get_ioc_type("no ioc here") == "unknown"


def test_ioc_types_table(extractor: IoCExtract) -> None:
    types = extractor.ioc_types
    assert list(types)[:5] == ["ipv4", "ipv6", "dns", "url", "email"]
    assert isinstance(types["ipv4"], IoCPattern)
    assert types["ipv4"].group == "ipaddress"
    assert types["dns"].priority == 2
    assert isinstance(types["md5_hash"].comp_regex, re.Pattern)


def test_user_types_are_shared_between_instances() -> None:
    IoCExtract().add_ioc_type("ticket", r"TKT-\d{5}", priority=0)
    assert IoCExtract().extract(src="see TKT-12345")["ticket"] == {"TKT-12345"}
    frame = pd.DataFrame({"t": ["see TKT-12345"]})
    assert "ticket" in set(frame.mp.ioc_extract(columns=["t"])["IoCType"])


def test_user_pattern_with_group_and_verbose_syntax() -> None:
    extractor = IoCExtract()
    extractor.add_ioc_type(
        "case_id",
        r"""case \s* \# \s* (?P<num>[0-9]+)   # a verbose comment""",
        group="num",
    )
    assert extractor.extract(src="Case #42 opened")["case_id"] == {"42"}


@pytest.mark.parametrize(
    "pattern",
    ["(unclosed", r"(?<=x)abc", r"(a)\1", r"foo(?=bar)", r"(?P<x>a)(?P=x)", "a{99999999999}"],
)
def test_invalid_or_unsupported_user_patterns_raise(pattern: str) -> None:
    with pytest.raises(InvalidPatternError) as info:
        IoCExtract().add_ioc_type("bad", pattern)
    assert isinstance(info.value, re.error)
    assert isinstance(info.value, ValueError)


def test_argument_errors(extractor: IoCExtract) -> None:
    with pytest.raises(ValueError, match="No source data"):
        extractor.extract(src=None)
    with pytest.raises(ValueError, match="No source data"):
        extractor.extract(src="   ")
    with pytest.raises(ValueError, match="columns"):
        extractor.extract(data=pd.DataFrame({"a": ["x"]}))
    with pytest.raises(TypeError):
        extractor.extract(src=b"1.2.3.4")  # type: ignore[arg-type]
    with pytest.raises(NameError):
        extractor.extract(src="1.2.3.4", ioc_type=["ipv4"])
    frame = pd.DataFrame({"a": ["1.2.3.4"]})
    with pytest.raises(ValueError, match="not found"):
        extractor.extract(data=frame, columns=["a", "b"])
    with pytest.raises(LookupError, match="not found"):
        extractor.extract_df(frame, columns=["a", "b"])
    with pytest.raises(KeyError):
        extractor.extract_df(frame, columns=["b"])


def test_non_text_cells_are_skipped_not_fatal(extractor: IoCExtract) -> None:
    frame = pd.DataFrame(
        {"t": ["1.2.3.4", None, float("nan"), 5, b"8.8.8.8", "evil.com"]}, index=list("abcdef")
    )
    result = extractor.extract_df(frame, "t")
    assert list(zip(result["SourceIndex"], result["Observable"])) == [
        ("a", "1.2.3.4"),
        ("f", "evil.com"),
    ]


def test_empty_frame_has_the_result_columns(extractor: IoCExtract) -> None:
    result = extractor.extract_df(pd.DataFrame({"t": pd.Series([], dtype=object)}), ["t"])
    assert list(result.columns) == ["IoCType", "Observable", "SourceIndex", "Input"]
    assert result.empty


def test_rows_follow_row_then_column_order(extractor: IoCExtract) -> None:
    frame = pd.DataFrame({"a": ["1.1.1.1", "2.2.2.2"], "b": ["3.3.3.3", "4.4.4.4"]}, index=[10, 20])
    result = extractor.extract_df(frame, ["a", "b"])
    assert list(result["Observable"]) == ["1.1.1.1", "3.3.3.3", "2.2.2.2", "4.4.4.4"]
    assert list(result["SourceIndex"]) == [10, 10, 20, 20]


def test_arrow_and_polars_inputs_match_pandas(extractor: IoCExtract) -> None:
    pa = pytest.importorskip("pyarrow")
    texts = ["1.2.3.4 evil.com", None, "http://x.org/a", "nothing"]
    expected = extractor.extract_df(pd.DataFrame({"t": texts}), ["t"])
    arrow_backed = pd.DataFrame({"t": pd.Series(texts, dtype="string[pyarrow]")})
    pd.testing.assert_frame_equal(
        extractor.extract_df(arrow_backed, ["t"]).astype(object), expected.astype(object)
    )
    table = pa.table({"t": pa.array(texts, type=pa.large_string())})
    from_table = extractor.extract_df(table, ["t"])
    assert list(from_table["Observable"]) == list(expected["Observable"])
    pl = pytest.importorskip("polars")
    from_polars = extractor.extract_df(pl.DataFrame({"t": texts}), ["t"])
    assert list(from_polars["Observable"]) == list(expected["Observable"])
    assert list(from_polars["SourceIndex"]) == list(expected["SourceIndex"])


def test_multi_chunk_arrow_table_matches_pandas(extractor: IoCExtract) -> None:
    # pyarrow < 16 has no __arrow_c_stream__ on a ChunkedArray: its chunks are joined.
    pa = pytest.importorskip("pyarrow")
    texts = ["1.2.3.4 evil.com", None, "http://x.org/a", "nothing", "mail bob@x.org"]
    expected = extractor.extract_df(pd.DataFrame({"t": texts}), ["t"])
    table = pa.concat_tables([pa.table({"t": texts[:2]}), pa.table({"t": texts[2:]})])
    assert table.column("t").num_chunks == 2
    from_table = extractor.extract_df(table, ["t"])
    assert list(from_table["Observable"]) == list(expected["Observable"])
    assert list(from_table["SourceIndex"]) == list(expected["SourceIndex"])


def test_lone_surrogates_do_not_raise(extractor: IoCExtract) -> None:
    result = extractor.extract(src="1.2.3.4 \udcff evil.com")
    assert result["ipv4"] == {"1.2.3.4"}


def test_match_budget_truncates_with_a_warning() -> None:
    extractor = IoCExtract()
    extractor.limits = Limits(ioc_max_matches_per_cell=3)
    text = " ".join(f"10.0.0.{i}" for i in range(10))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = extractor.extract(src=text)
    assert len(result["ipv4"]) == 3
    assert any(issubclass(w.category, MsticpyLimitWarning) for w in caught)
    extractor.limits = Limits(ioc_max_matches_per_cell=3, strict=True)
    from msticpy.common.exceptions import LimitExceededError

    with pytest.raises(LimitExceededError):
        extractor.extract(src=text)


def test_extended_types_and_matches_mode() -> None:
    text = "C2 hxxps[:]//evil(.)com/x at 10[.]1.2.3, CVE-2021-44228 T1059.001 10.0.0.0/8"
    assert "cve" not in IoCExtract().extract(src=text)
    extended = IoCExtract(extended=True).extract(src=text)
    assert extended["cve"] == {"CVE-2021-44228"}
    assert extended["ipv4_cidr"] == {"10.0.0.0/8"}
    matches = IoCExtract().extract_matches(src=text)
    assert list(matches.columns) == ["IoCType", "Observable", "Raw", "Start", "End", "Defanged"]
    url = matches[matches["IoCType"] == "url"].iloc[0]
    assert url["Observable"] == "https://evil.com/x"
    assert text[url["Start"] : url["End"]] == url["Raw"] == "hxxps[:]//evil(.)com/x"
    assert bool(url["Defanged"])
    frame = pd.DataFrame({"t": [text, "1.2.3.4"]}, index=["x", "y"])
    by_frame = IoCExtract().extract_matches(data=frame, columns="t")
    assert set(by_frame["SourceIndex"]) == {"x", "y"}
    assert set(by_frame["Column"]) == {"t"}
