"""eventcluster facade: scorers, add_process_features, dbcluster_events, plot_cluster."""

from __future__ import annotations

import math
import re
import subprocess
import sys
import textwrap
from binascii import crc32

import numpy as np
import pandas as pd
import pytest

from msticpy.analysis import eventcluster as ec
from msticpy.analysis.dbscan import DBSCAN
from msticpy.common.exceptions import MsticpyImportExtraError, MsticpyUserError

FOX = "The quick & sly (as all foxes might be/or not) fox, jumped over a frog."
DELIMS = r'[\s\-\\/\.,"\'|&:;%$()]'
SAMPLES = [FOX, "", "a\u001cb\u00a0c", 'C:\\Windows\\cmd.exe /c "echo ü → ✓"', "x|y&z;%$()"]


def test_golden_values() -> None:
    assert ec.token_count(FOX) == 15
    assert ec.char_ord_score(FOX) == 6199
    assert ec.delim_count(FOX) == 20
    assert ec.crc32_hash(FOX) == 2011081507
    assert ec.delim_hash(FOX) == 2337396062
    assert ec.char_ord_score(FOX, scale=7) == math.floor(6199 / 7)
    assert hasattr(ec.delim_count, "cache_info")  # lru_cache, as msticpy


@pytest.mark.parametrize("value", SAMPLES)
def test_scorers_equal_python_formulas(value: str) -> None:
    assert ec.delim_count(value) == len(re.findall(DELIMS, value))
    assert ec.delim_hash(value) == crc32("".join(re.findall(DELIMS, value)).encode())
    assert ec.char_ord_score(value) == sum(ord(c) for c in value)
    assert ec.token_count(value, "\\") == len(value.split("\\"))
    assert ec.crc32_hash(value) == crc32(value.encode())
    assert ec.delim_count(value, r"[a-c]") == len(re.findall(r"[a-c]", value))


def test_df_scorers() -> None:
    frame = pd.DataFrame({"c": [*SAMPLES, None]}, index=[10, 11, 12, 13, 14, 15])
    counts = ec.delim_count_df(frame, "c")
    assert counts.iloc[:5].tolist() == [len(re.findall(DELIMS, v)) for v in SAMPLES]
    assert math.isnan(counts.iloc[5])  # as Series.str.count
    assert counts.index.tolist() == frame.index.tolist()
    valid = frame.iloc[:5]
    assert ec.char_ord_score_df(valid, "c", scale=2).tolist() == [
        sum(map(ord, v)) / 2 for v in SAMPLES
    ]
    assert ec.token_count_df(valid, "c").tolist() == [len(v.split(" ")) for v in SAMPLES]
    assert ec.crc32_hash_df(valid, "c").tolist() == [crc32(v.encode()) for v in SAMPLES]
    with pytest.raises(ZeroDivisionError):
        ec.char_ord_score_df(valid, "c", scale=0)


def _events(rows: int = 200) -> pd.DataFrame:
    rng = np.random.RandomState(0)
    exes = ["C:\\Windows\\System32\\cmd.exe", "C:\\Tools\\x.exe", "C:\\Windows\\notepad.exe"]
    return pd.DataFrame(
        {
            "TimeCreatedUtc": pd.Timestamp("2024-01-01", tz="UTC")
            + pd.to_timedelta(rng.randint(0, 10_000, rows), unit="s"),
            "NewProcessName": [exes[i % 3] for i in range(rows)],
            "CommandLine": [f"{exes[i % 3]} /c job {i % 5}" for i in range(rows)],
            "SubjectLogonId": ["0x3e7" if i % 4 else "0x1" for i in range(rows)],
        }
    )


def test_add_process_features_columns_and_rules() -> None:
    frame = _events(20)
    out = ec.add_process_features(frame)
    assert list(out.columns[4:]) == [
        "processName",
        "pathScore",
        "pathLogScore",
        "pathHash",
        "commandlineLen",
        "commandlineLogLen",
        "commandlineTokensFull",
        "commandlineScore",
        "commandlineTokensHash",
        "isSystemSession",
    ]
    assert out["processName"].iloc[0] == "cmd.exe"
    assert out["pathLogScore"].iloc[0] == math.log10(out["pathScore"].iloc[0])
    assert "processName" not in frame  # a copy
    # Existing columns are kept unless force; log features follow the existing column.
    seeded = frame.assign(pathScore=100)
    kept = ec.add_process_features(seeded)
    assert (kept["pathScore"] == 100).all() and (kept["pathLogScore"] == 2.0).all()
    assert (ec.add_process_features(seeded, force=True)["pathScore"] != 100).all()
    linux = pd.DataFrame({"NewProcessName": ["/usr/bin/ls"], "CommandLine": ["ls -la"]})
    assert ec.add_process_features(linux)["processName"].tolist() == ["ls"]
    with pytest.raises(KeyError):
        ec.add_process_features(pd.DataFrame({"CommandLine": ["x"]}))


def test_dbcluster_events_shape_and_model() -> None:
    feats = ec.add_process_features(_events())
    cols = ["commandlineTokensFull", "pathScore", "isSystemSession"]
    out, model, x_norm = ec.dbcluster_events(feats, cols, max_cluster_distance=0.0001)
    assert isinstance(model, DBSCAN)
    assert model.eps == 0.0001 and model.min_samples == 2
    assert len(model.labels_) == len(feats) and x_norm.shape == (len(feats), 3)
    assert np.allclose(np.linalg.norm(x_norm, axis=1), 1.0)
    assert out["ClusterSize"].sum() == len(feats)
    assert list(out.columns[-6:]) == [
        "Clustered",
        "ClusterId",
        "ClusterSize",
        "TimeGenerated",
        "FirstEventTime",
        "LastEventTime",
    ]
    assert str(out["FirstEventTime"].dtype) == "datetime64[ns, UTC]"
    assert (out["FirstEventTime"] <= out["LastEventTime"]).all()
    assert model.components_.shape == (len(model.core_sample_indices_), 3)
    # Options that only change speed in scikit-learn give the same labels.
    _, same, _ = ec.dbcluster_events(
        feats, cols, max_cluster_distance=0.0001, algorithm="kd_tree", n_jobs=1, leaf_size=5
    )
    assert same.labels_.tolist() == model.labels_.tolist()


def test_dbcluster_events_errors() -> None:
    feats = ec.add_process_features(_events(30))
    cols = ["pathScore", "commandlineLen"]
    with pytest.raises(ValueError, match="metric 'cosine' is not supported"):
        ec.dbcluster_events(feats, cols, metric="cosine")
    with pytest.raises(MsticpyUserError):
        ec.dbcluster_events(feats, cols, p=1)
    with pytest.raises(TypeError):
        ec.dbcluster_events(feats, cols, bogus=1)
    with pytest.raises(ValueError, match="must hold datetimes"):
        ec.dbcluster_events(feats.assign(TimeCreatedUtc="x"), cols)
    with pytest.raises(ValueError, match="NaN"):
        ec.dbcluster_events(feats.assign(pathScore=np.nan), cols)
    with pytest.raises(ValueError, match="numeric"):
        ec.dbcluster_events(feats, ["processName"])
    with pytest.raises(ValueError, match="at least one row"):
        ec.dbcluster_events(feats.iloc[:0], cols)
    with pytest.raises(ValueError):
        ec.dbcluster_events([[1, 2]], cols)


def test_dbcluster_events_ndarray_input() -> None:
    x = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    out, model, _ = ec.dbcluster_events(x)
    assert model.labels_.tolist() == [0, 0, -1]
    assert out["ClusterSize"].tolist() == [1, 2]
    assert out.index.tolist() == [2, 0]


def test_import_does_not_load_matplotlib_or_sklearn() -> None:
    code = (
        "import sys, msticpy.sectools.eventcluster, msticpy.sectools.outliers\n"
        "bad = [m for m in ('matplotlib', 'sklearn', 'scipy') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_plot_cluster_with_agg() -> None:
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    feats = ec.add_process_features(_events())
    cols = ["commandlineTokensFull", "pathScore", "isSystemSession"]
    _, model, x_norm = ec.dbcluster_events(feats, cols, max_cluster_distance=0.0001)
    plt = ec.plot_cluster(model, feats, x_norm, plot_label="processName", plot_features=(0, 1))
    assert plt.gca().get_title().startswith("Estimated number of clusters")
    plt.close("all")
    with pytest.raises(ValueError, match="2 different values"):
        ec.plot_cluster(model, feats, x_norm, plot_features=(1, 1))
    with pytest.raises(ValueError, match="plot_features\\[1\\]"):
        ec.plot_cluster(model, feats, x_norm, plot_features=(0, 9))


def test_plot_without_matplotlib_names_the_package() -> None:
    code = textwrap.dedent(
        """
        import sys
        sys.modules["matplotlib"] = None
        sys.modules["matplotlib.pyplot"] = None
        import numpy as np
        from msticpy.analysis import eventcluster as ec
        from msticpy.common.exceptions import MsticpyImportExtraError
        _, model, x = ec.dbcluster_events(np.array([[1.0, 0.0], [1.0, 0.0]]))
        try:
            ec.plot_cluster(model, None, x)
        except MsticpyImportExtraError as err:
            assert isinstance(err, ImportError) and "matplotlib" in str(err)
            print("ok")
        """
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.stdout.strip() == "ok", proc.stderr
    assert issubclass(MsticpyImportExtraError, ImportError)


def test_dense_duplicates_cluster_in_linear_memory() -> None:
    """200k rows in two groups of identical rows: scikit-learn would store 2e10 neighbour
    indexes (160 GB); the native DBSCAN merges duplicates and stays small."""
    from peak_memory import PEAK_RSS_SOURCE

    code = PEAK_RSS_SOURCE + textwrap.dedent(
        """
        import numpy as np
        from msticpy.analysis.dbscan import DBSCAN
        x = np.repeat(np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]), 100_000, axis=0)
        x[::1000] += 1e-7  # a few near-duplicates too
        model = DBSCAN(eps=0.001, min_samples=2).fit(x)
        assert sorted(set(model.labels_.tolist())) == [0, 1]
        assert len(model.core_sample_indices_) == len(x)
        print(peak_rss_mb())
        """
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert float(proc.stdout.strip()) < 400
