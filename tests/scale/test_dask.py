"""msticpy.scale.dask on a two-worker LocalCluster equals the pandas functions."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from msticpy.analysis.eventcluster import add_process_features
from msticpy.transform.auditdextract import extract_events_to_df
from msticpy.transform.base64unpack import unpack_df
from msticpy.transform.iocextract import IoCExtract

from .data import (
    ADDRESSES,
    audit_frame,
    cluster_sizes,
    command_lines,
    geo_folder,
    process_events,
    same_audit_events,
    same_locations,
    trees_by_host,
)


def _dask_frame(frame: pd.DataFrame, partitions: int = 3) -> Any:
    import dask.dataframe as dd

    return dd.from_pandas(frame, npartitions=partitions, sort=True)


def test_extract_iocs_equals_extract_df(dask_client: Any, own_ioc_tables: None) -> None:
    from msticpy.scale.dask import extract_iocs

    frame = command_lines(400).set_index("id")
    frame.index = frame.index * 10  # index labels, not positions, reach SourceIndex
    frame["Other"] = frame["CommandLine"].str.upper()
    IoCExtract().add_ioc_type("ticket", r"TKT-\d{4}", priority=0)
    frame.loc[30, "Other"] = "see TKT-1234 and 10.0.0.1"
    expected = IoCExtract().extract_df(frame, ["CommandLine", "Other"])
    result = extract_iocs(_dask_frame(frame), ["CommandLine", "Other"]).compute()
    assert "ticket" in set(result["IoCType"]) and len(expected) > 300
    pd.testing.assert_frame_equal(
        result.reset_index(drop=True), expected, check_dtype=False, check_index_type=False
    )


def test_unpack_base64_equals_unpack_df(dask_client: Any) -> None:
    from msticpy.scale.dask import unpack_base64

    frame = command_lines(120)
    expected = unpack_df(frame, "CommandLine")
    result = unpack_base64(_dask_frame(frame), "CommandLine").compute().reset_index(drop=True)
    assert len(expected) > 5
    pd.testing.assert_frame_equal(result, expected.astype(object), check_dtype=False)


def test_add_process_features_equals_pandas(dask_client: Any) -> None:
    from msticpy.scale.dask import add_process_features as dask_features

    frame = command_lines(200)
    frame["NewProcessName"] = [None if i % 17 == 0 else f"/usr/bin/tool{i % 5}" for i in range(200)]
    frame["SubjectLogonId"] = ["-1" if i % 4 == 0 else "1000" for i in range(200)]
    expected = add_process_features(frame)
    result = dask_features(_dask_frame(frame)).compute()
    pd.testing.assert_frame_equal(result, expected, check_dtype=False)
    with pytest.raises(ValueError, match="Nope"):
        from msticpy.scale.dask import extract_iocs

        extract_iocs(_dask_frame(frame), "Nope")


@pytest.mark.parametrize("with_db", [True, False])
def test_lookup_ips_equals_lookup_ips(dask_client: Any, tmp_path: Path, with_db: bool) -> None:
    from msticpy.context.geoip import GeoLiteLookup
    from msticpy.scale.dask import lookup_ips

    folder = geo_folder(tmp_path) if with_db else str(tmp_path / "none")
    frame = pd.DataFrame({"ip": list(ADDRESSES)})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = GeoLiteLookup(db_folder=folder, auto_update=False).lookup_ips(frame, "ip")
        result = lookup_ips(_dask_frame(frame), "ip", db_folder=folder).compute()
    same_locations(result, expected)


@pytest.mark.parametrize("event_type", [None, "PATH"])
def test_extract_events_to_df_equals_pandas(dask_client: Any, event_type: str | None) -> None:
    from msticpy.scale.dask import extract_events_to_df as dask_extract

    frame = audit_frame()
    expected = extract_events_to_df(frame, event_type=event_type)
    result = dask_extract(_dask_frame(frame), event_type=event_type).compute()
    assert result.index.tolist() == expected.index.tolist()
    same_audit_events(result, expected)


def test_build_process_trees_per_host(dask_client: Any) -> None:
    from msticpy.scale.dask import build_process_trees

    events = process_events()
    expected = trees_by_host(events)
    result = build_process_trees(_dask_frame(events)).compute()
    assert set(result["Computer"]) == set(expected)
    for host, want in expected.items():
        got = result[result["Computer"] == host].sort_index()
        pd.testing.assert_frame_equal(got, want.sort_index(), check_dtype=False)


def test_features_then_clustering_on_the_driver(dask_client: Any) -> None:
    from msticpy.analysis.eventcluster import dbcluster_events
    from msticpy.scale.dask import add_process_features as dask_features
    from msticpy.scale.dask import dbcluster_events as dask_cluster

    events = process_events(200)
    cols = ["commandlineTokensFull", "pathScore", "isSystemSession"]
    expected, _, _ = dbcluster_events(
        add_process_features(events), cols, time_column="TimeGenerated"
    )
    clustered, _, _ = dask_cluster(
        dask_features(_dask_frame(events)), cols, time_column="TimeGenerated"
    )
    assert cluster_sizes(clustered) == cluster_sizes(expected)
    with pytest.raises(ValueError, match="max_rows=10"):
        dask_cluster(dask_features(_dask_frame(events)), cols, max_rows=10)


def test_extract_iocs_on_the_local_threaded_scheduler() -> None:
    """Without a distributed client the partitions share one process (and the options)."""
    pytest.importorskip("dask.dataframe", reason="dask is not installed (msticpy[dask])")
    from msticpy.scale.dask import extract_iocs

    frame = command_lines(90)
    expected = IoCExtract().extract_df(frame, "CommandLine", defanged=False)
    result = extract_iocs(_dask_frame(frame), "CommandLine", defanged=False)
    computed = result.compute(scheduler="threads").reset_index(drop=True)
    pd.testing.assert_frame_equal(computed, expected, check_dtype=False)


def test_a_pandas_frame_is_refused_with_a_pointer() -> None:
    from msticpy.scale import dask as mpd

    with pytest.raises(TypeError, match=r"dask\.dataframe\.DataFrame, not DataFrame"):
        mpd.add_process_features(pd.DataFrame({"CommandLine": ["x"]}))
