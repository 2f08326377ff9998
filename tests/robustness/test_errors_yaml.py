"""
YAML budgets and messages through Python (issue 16), each file loaded in a child.

A large generated query file loads (msticpy loads it; a fixed parser budget used to
refuse it), application tags are refused as ``yaml.safe_load`` refuses them, and every
message names the file and says what is wrong in plain words.
"""

from __future__ import annotations

from pathlib import Path

from robustness.catalogue import assert_raised, run_case

_READ = """
def case():
    from msticpy.data.core.data_query_reader import read_query_def_file
    sources, defaults, metadata = read_query_def_file({path!r})
    return [len(sources), sorted(metadata)]
"""

HEADER = "metadata:\n  data_environments: [LogAnalytics]\n  data_families: [Big]\nsources:\n"


def _generated(count: int) -> str:
    parts = [HEADER]
    for i in range(count):
        parts.append(
            f"  query_{i}:\n    description: Query number {i}\n    args:\n"
            f"      query: 'SecurityEvent | where EventID == {i} | take 10'\n"
            "    parameters: {}\n"
        )
    return "".join(parts)


def test_fifty_thousand_queries_load(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(_generated(50_000), encoding="utf-8")
    assert path.stat().st_size > 5_000_000
    outcome = run_case(_READ.format(path=str(path)), tmp_path)
    assert outcome.get("value") == [50_000, ["data_environments", "data_families"]], outcome
    # msticpy 3.0.2 takes about 70 s on this file (PyYAML).
    assert outcome["seconds"] < 30, outcome
    assert outcome["peak_mib"] < 1024, outcome


def test_value_budget_message_names_the_rule(tmp_path: Path) -> None:
    path = tmp_path / "filler.yaml"
    path.write_text(
        HEADER + "  q: {description: d, args: {query: T}}\nx: [" + "1," * 400_000 + "]\n"
    )
    outcome = run_case(_READ.format(path=str(path)), tmp_path)
    message = assert_raised(
        outcome,
        "QueryDefinitionError",
        f"{path}: key '(yaml)': more than ",
        "(the budget is one value per 4 bytes of file, at least 250000): split the file",
    )
    assert "budget breached" not in message


def test_python_tag_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "tagged.yaml"
    path.write_text(
        HEADER + "  q:\n    description: d\n    args:\n"
        '      query: !!python/object/apply:os.system ["echo hi"]\n'
    )
    outcome = run_case(_READ.format(path=str(path)), tmp_path)
    assert_raised(
        outcome,
        "QueryDefinitionError",
        f"{path}: key '(yaml)': the tag '!!python/object/apply:os.system' is not allowed "
        "(only YAML's standard tags are read, as yaml.safe_load does) (line 8)",
    )


def test_duplicate_key_names_key_and_line(tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    query = "  q:\n    description: d\n    args: {query: T}\n"
    path.write_text(HEADER + query + query)
    outcome = run_case(_READ.format(path=str(path)), tmp_path)
    message = assert_raised(
        outcome, "QueryDefinitionError", f"{path}: key '(yaml)': duplicate key 'q' at line 8"
    )
    assert "DuplicateKeyPolicy" not in message
