"""msticpy.scale.spark on a local[2] Spark session equals the pandas functions."""

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

pytestmark = pytest.mark.filterwarnings("ignore::FutureWarning", "ignore::DeprecationWarning")


def _spark_frame(spark: Any, frame: pd.DataFrame, partitions: int = 3) -> Any:
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    fields = [
        StructField(name, LongType() if name == "id" else StringType()) for name in frame.columns
    ]
    rows = [tuple(None if pd.isna(v) else v for v in row) for row in frame.itertuples(False)]
    return spark.createDataFrame(rows, StructType(fields)).repartition(partitions, "id")


def _ordered(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    """Rows by source row, keeping each row's own order (Spark's partitions interleave)."""
    return frame.sort_values(key, kind="stable", ignore_index=True)


def test_extract_iocs_equals_extract_df(spark: Any, own_ioc_tables: None) -> None:
    from msticpy.scale.spark import extract_iocs

    frame = command_lines(400)
    frame["Other"] = frame["CommandLine"].str.upper()
    IoCExtract().add_ioc_type("ticket", r"TKT-\d{4}", priority=0)
    frame.loc[3, "Other"] = "see TKT-1234 and 10.0.0.1"
    expected = IoCExtract().extract_df(frame, ["CommandLine", "Other"], include_paths=True)
    result = extract_iocs(
        _spark_frame(spark, frame), ["CommandLine", "Other"], "id", include_paths=True
    ).toPandas()
    assert list(result.columns) == ["IoCType", "Observable", "SourceIndex", "Input"]
    assert len(expected) > 400 and "ticket" in set(result["IoCType"])
    pd.testing.assert_frame_equal(
        _ordered(result, "SourceIndex"), expected, check_dtype=False, check_index_type=False
    )


def test_extract_iocs_without_an_index_column_and_with_options(spark: Any) -> None:
    from msticpy.scale.spark import extract_iocs

    frame = command_lines(60)
    expected = IoCExtract().extract_df(frame, "CommandLine", ioc_types=["url", "dns"])
    sdf = _spark_frame(spark, frame).drop("id")
    result = extract_iocs(sdf, "CommandLine", ioc_types=["url", "dns"]).toPandas()
    assert result["SourceIndex"].is_unique is False
    assert sorted(zip(result["IoCType"], result["Observable"])) == sorted(
        zip(expected["IoCType"], expected["Observable"])
    )
    with pytest.raises(ValueError, match="Nope"):
        extract_iocs(sdf, ["Nope"])


def test_unpack_base64_equals_unpack_df(spark: Any) -> None:
    from msticpy.scale.spark import unpack_base64

    frame = command_lines(120)
    expected = unpack_df(frame, "CommandLine")
    result = _ordered(
        unpack_base64(_spark_frame(spark, frame), "CommandLine", "id").toPandas(), "src_index"
    )
    assert list(result.columns) == list(expected.columns) and len(expected) > 5
    # Arrow structs come back as dicts / Rows: compare as msticpy's tuple and dict.
    result["reference"] = [
        tuple(r.values()) if isinstance(r, dict) else tuple(r) for r in result["reference"]
    ]
    result["file_hashes"] = [
        dict(h) if isinstance(h, dict) else h.asDict() for h in result["file_hashes"]
    ]
    expected = expected.astype(object).where(expected.notna(), None)
    result = result.astype(object).where(result.notna(), None)
    pd.testing.assert_frame_equal(result, expected, check_dtype=False)


def test_add_process_features_equals_pandas(spark: Any) -> None:
    from msticpy.scale.spark import add_process_features as spark_features

    frame = command_lines(200)
    frame["NewProcessName"] = [
        None if i % 17 == 0 else f"C:\\Windows\\System32\\tool{i % 5}.exe" for i in range(200)
    ]
    frame["SubjectLogonId"] = ["0x3e7" if i % 4 == 0 else "0x1234" for i in range(200)]
    expected = add_process_features(frame)
    result = _ordered(spark_features(_spark_frame(spark, frame)).toPandas(), "id")
    assert list(result.columns) == list(expected.columns)
    pd.testing.assert_frame_equal(result, expected, check_dtype=False)


@pytest.mark.parametrize("with_db", [True, False])
def test_lookup_ips_equals_lookup_ips(spark: Any, tmp_path: Path, with_db: bool) -> None:
    from msticpy.context.geoip import GeoLiteLookup
    from msticpy.scale.spark import lookup_ips

    folder = geo_folder(tmp_path) if with_db else str(tmp_path / "none")
    frame = pd.DataFrame({"id": range(len(ADDRESSES)), "ip": list(ADDRESSES)})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = GeoLiteLookup(db_folder=folder, auto_update=False).lookup_ips(frame, "ip")
        result = lookup_ips(_spark_frame(spark, frame, 2), "ip", "id", db_folder=folder)
        result = _ordered(result.toPandas(), "id")
    assert result["id"].tolist() == [
        i for i, ip in enumerate(ADDRESSES) if ip and (ip.strip() in set(expected["IpAddress"]))
    ]
    same_locations(result.drop(columns="id"), expected)


@pytest.mark.parametrize("event_type", [None, "PATH"])
def test_extract_events_to_df_equals_pandas(spark: Any, event_type: str | None) -> None:
    from msticpy.scale.spark import extract_events_to_df as spark_extract

    frame = audit_frame()
    expected = extract_events_to_df(frame, event_type=event_type)
    sdf = _spark_frame(spark, frame, 3)
    result = _ordered(spark_extract(sdf, event_type=event_type).toPandas(), "id")
    same_audit_events(result, expected)


def test_build_process_trees_per_host(spark: Any) -> None:
    from msticpy.scale.spark import build_process_trees

    events = process_events()
    events["row"] = [f"r{i}" for i in range(len(events))]
    events = events.set_index("row", drop=False)
    expected = trees_by_host(events)
    sdf = spark.createDataFrame(events)
    result = build_process_trees(sdf, index_column="row").toPandas()
    assert set(result["Computer"]) == set(expected)
    for host, want in expected.items():
        got = result[result["Computer"] == host].set_index("proc_key").sort_index()
        want = want.sort_index()
        assert got.index.tolist() == want.index.tolist()
        for name in ("path", "parent_key", "IsRoot", "IsLeaf", "source_index", "parent_index"):
            assert got[name].fillna("").tolist() == want[name].fillna("").tolist(), name


def test_features_then_clustering_on_the_driver(spark: Any) -> None:
    from msticpy.analysis.eventcluster import dbcluster_events
    from msticpy.scale.spark import add_process_features as spark_features
    from msticpy.scale.spark import dbcluster_events as spark_cluster

    events = process_events(200)
    cols = ["commandlineTokensFull", "pathScore", "isSystemSession"]
    expected, _, _ = dbcluster_events(
        add_process_features(events), cols, time_column="TimeGenerated"
    )
    sdf = spark.createDataFrame(events)
    clustered, _, _ = spark_cluster(spark_features(sdf), cols, time_column="TimeGenerated")
    assert cluster_sizes(clustered) == cluster_sizes(expected)
    with pytest.raises(ValueError, match="max_rows=10"):
        spark_cluster(spark_features(sdf), cols, time_column="TimeGenerated", max_rows=10)


def test_bad_arguments_fail_on_the_driver(spark: Any) -> None:
    from msticpy.scale import spark as mps

    sdf = spark.createDataFrame([(1, "a")], "id long, CommandLine string")
    with pytest.raises(TypeError, match=r"id \(bigint\)"):
        mps.extract_iocs(sdf, "id")
    with pytest.raises(TypeError, match=r"pyspark\.sql\.DataFrame, not DataFrame"):
        mps.unpack_base64(pd.DataFrame({"c": ["x"]}), "c")
    with pytest.raises(ValueError, match="Nope"):
        mps.lookup_ips(sdf, "Nope")
