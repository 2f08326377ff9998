"""
Process trees from Microsoft Defender (MDE) process events (msticpy's ``proc_tree_build_mde``).

Defender rows describe a created process (``Created*`` columns in the internal schema,
``FileName``/``ProcessId``/... in the ``DeviceProcessEvents`` schema), its initiating
process (``Initiating*``) and that one's parent (``InitiatingProcessParent*``). The tree
is assembled as msticpy 3.0.2 assembles it, so the frame (columns, order, dtypes and
values) is msticpy's:

1. ``DeviceProcessEvents`` columns are renamed to the internal schema (missing creation
   times become 1970-01-01, empty parent names "unknown", the initiating folder path
   loses its file name);
2. every process gets ``proc_key`` and ``parent_key`` (``name|pid|time``, lower case,
   time rounded to 10 µs; built in the native core);
3. initiating processes that are not themselves in the data become rows of their own
   (their ``Initiating*`` columns renamed to ``Created*``), one per distinct key;
4. their parents, where also missing, become rows too (name, PID and time only);
5. flags, paths and order come from the native tree walk over the keys.

Differences: the caller's frame is not modified (msticpy adds columns to it), and
``debug`` logs counts instead of printing them.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import numpy as np
import pandas as pd

from .. import _native
from ._proc_tree_frames import time_order
from .proc_tree_schema import ColNames as Col
from .proc_tree_schema import ProcSchema

_LOGGER = logging.getLogger(__name__)

#: ``Initiating*`` columns whose ``Created*`` counterpart does not share their stem.
_NON_STANDARD_PARENT_COLUMNS = {
    "InitiatingProcessImageCreationTimeUtc": "CreatedProcessFileCreationTime",
    "InitiatingProcessImageMd5": "CreatedProcessFileMd5",
    "InitiatingProcessImageFilePath": "CreatedProcessFilePath",
    "InitiatingProcessImageSha1": "CreatedProcessFileSha1",
    "InitiatingProcessImageSha256": "CreatedProcessFileSha256",
    "InitiatingProcessImageFileSizeInBytes": "CreatedProcessFileSize",
    "InitiatingProcessParentProcessId": "CreatedProcessParentId",
    "InitiatingProcessParentProcessName": "CreatedProcessParentName",
    "InitiatingProcessParentCreationTime": "CreatedProcessParentCreationTimeUtc",
}
_TIME_COLUMNS = [
    "CreatedProcessCreationTime",
    "InitiatingProcessCreationTime",
    "CreatedProcessParentCreationTimeUtc",
    "InitiatingProcessParentCreationTime",
]
#: ``DeviceProcessEvents`` (Sentinel / Defender XDR) names -> internal MDE names.
SENTINEL_TO_INTERNAL = {
    "AccountDomain": "CreatedProcessAccountDomainName",
    "AccountName": "CreatedProcessAccountName",
    "AccountSid": "CreatedProcessAccountSid",
    "DeviceId": "MachineId",
    "DeviceName": "ComputerDnsName",
    "FileName": "CreatedProcessName",
    "FolderPath": "CreatedProcessFilePath",
    "InitiatingProcessAccountDomain": "InitiatingProcessAccountDomainName",
    "InitiatingProcessCommandLine": "Process_CommandLine",
    "InitiatingProcessFileName": "InitiatingProcessName",
    "InitiatingProcessFolderPath": "InitiatingProcessImageFilePath",
    "InitiatingProcessMD5": "InitiatingProcessImageMd5",
    "InitiatingProcessParentFileName": "InitiatingProcessParentProcessName",
    "InitiatingProcessParentId": "InitiatingProcessParentProcessId",
    "InitiatingProcessSHA1": "InitiatingProcessImageSha1",
    "InitiatingProcessSHA256": "InitiatingProcessImageSha256",
    "InitiatingProcessTokenElevation": "InitiatingProcessTokenElevationType",
    "MD5": "CreatedProcessFileMd5",
    "ProcessCommandLine": "CreatedProcessCommandLine",
    "ProcessCreationTime": "CreatedProcessCreationTime",
    "ProcessId": "CreatedProcessId",
    "ProcessIntegrityLevel": "CreatedProcessIntegrityLevel",
    "ProcessTokenElevation": "CreatedProcessTokenElevationType",
    "SHA1": "CreatedProcessFileSha1",
    "SHA256": "CreatedProcessFileSha256",
}
_UNKNOWN_TIME = pd.Timestamp("1970-01-01", tz="UTC")
_INITIATING = re.compile("Initiating")


def convert_to_internal(
    data: pd.DataFrame, schema: ProcSchema, plot_args: dict[str, Any] | None = None
) -> pd.DataFrame:
    """Step 1: ``DeviceProcessEvents`` rows in the internal MDE schema (a new frame)."""
    data = data.copy()
    data["ProcessCreationTime"] = data[schema.time_stamp].fillna(_UNKNOWN_TIME)
    for col in ("InitiatingProcessCreationTime", "InitiatingProcessParentCreationTime"):
        data[col] = data[col].fillna(_UNKNOWN_TIME)
    data["CreatedProcessParentId"] = data[schema.parent_id]
    if schema.parent_name:
        no_name = data[schema.parent_name] == ""
        if no_name.any():
            data.loc[no_name, schema.parent_name] = "unknown"
    folders = data["InitiatingProcessFolderPath"]
    data["InitiatingProcessFolderPath"] = folders.where(
        folders.isna(), folders.astype(str).str.rsplit("\\", n=1).str[0]
    )
    if plot_args:
        # Column names passed for the plot follow the rename (msticpy does this too).
        for name, value in list(plot_args.items()):
            if isinstance(value, str):
                plot_args[name] = SENTINEL_TO_INTERNAL.get(value, value)
            elif isinstance(value, list):
                plot_args[name] = [SENTINEL_TO_INTERNAL.get(v, v) for v in value]
    return data.rename(columns=SENTINEL_TO_INTERNAL)


def _wall_ns(series: pd.Series) -> np.ndarray:
    """Wall-clock int64 nanoseconds of a datetime column in its own time zone."""
    if getattr(series.dt, "tz", None) is not None:
        series = series.dt.tz_localize(None)
    return np.asarray(series.to_numpy(dtype="datetime64[ns]")).view(np.int64)


def _text(series: pd.Series) -> list[Any]:
    """A column's cells as ``str`` (missing cells as None) for the native key builder."""
    return [None if value is None or value is np.nan else value for value in series.tolist()]


def _keys(frame: pd.DataFrame, name_col: str, id_col: str, time_col: str) -> list[Any]:
    """``name|id|time`` keys (lower case; NaN names/times give NaN, NaN IDs "nan")."""
    names = frame[name_col]
    names = names.where(names.map(lambda v: isinstance(v, str)), None)
    ids = frame[id_col].astype(str)
    keys = _native.proctree_keys(
        _text(names.astype(object)), ids.tolist(), _wall_ns(frame[time_col]).tobytes()
    )
    return [np.nan if key is None else key for key in keys]


def _ensure_utc_times(data: pd.DataFrame) -> pd.DataFrame:
    """The creation-time columns as UTC datetimes (as msticpy's ``ensure_df_datetimes``)."""
    converted = {}
    for col in _TIME_COLUMNS:
        if col not in data.columns:
            continue
        series = data[col]
        if not pd.api.types.is_datetime64_any_dtype(series):
            try:
                series = series.astype("datetime64[ns, UTC]")
            except (TypeError, ValueError):
                continue
        if getattr(series.dt, "tz", None) is None:
            series = series.dt.tz_localize("UTC", ambiguous="infer", nonexistent="shift_forward")
        converted[col] = series
    return data.assign(**converted) if converted else data


def _parent_column_map(data: pd.DataFrame) -> dict[str, str]:
    """``Initiating<stem>`` -> ``Created<stem>`` for stems both have, plus the odd ones."""
    created = {
        col[len("Created") :]: col
        for col in data.columns
        if isinstance(col, str) and col.startswith("Created")
    }
    mapping = {
        col: created[col[len("Initiating") :]]
        for col in data.columns
        if isinstance(col, str)
        and col.startswith("Initiating")
        and col[len("Initiating") :] in created
    }
    return {**mapping, **_NON_STANDARD_PARENT_COLUMNS}


def _missing_parents(data: pd.DataFrame, mapping: dict[str, str]) -> pd.DataFrame:
    """Step 3: initiating processes absent from the created processes, as process rows."""
    parent_part = [
        col
        for col in data.columns
        if _INITIATING.search(str(col)) or col in (Col.parent_key, "src_index")
    ]
    child_part = [
        col for col in data.columns if not _INITIATING.search(str(col)) and col != "src_index"
    ]
    # A left merge on parent_key == proc_key leaves these rows unmatched (pandas joins
    # NaN keys to NaN keys, as ``isin`` does).
    found = data[Col.parent_key].isin(data[Col.proc_key])
    missing = data.loc[~found.to_numpy(), parent_part].copy()
    overlap = set(parent_part) & set(child_part)
    missing = missing.rename(columns={col: f"{col}_child" for col in overlap})
    missing = missing.reset_index(drop=True)
    missing = missing.dropna(axis=1, how="all")
    missing = missing.rename(columns=mapping).rename(columns={"parent_key_child": Col.proc_key})
    missing = missing.drop(columns=["InitiatingProcessFileName"], errors="ignore")
    missing["CreatedProcessFilePath"] = (
        missing["CreatedProcessFilePath"] + "\\" + missing["CreatedProcessName"]
    )
    order = time_order(missing["CreatedProcessCreationTime"])
    return missing.take(order).reset_index(drop=True)


def _unique_parents(missing: pd.DataFrame) -> pd.DataFrame:
    """Step 3 (end): one row per missing parent, with its own parent's key."""
    unique = missing.drop(columns="src_index", errors="ignore").drop_duplicates().copy()
    names = unique["CreatedProcessParentName"]
    unique["InitiatingProcessName"] = names.astype(str).str.split("\\").str[-1]
    unique[Col.parent_key] = _keys(
        unique,
        "InitiatingProcessName",
        "CreatedProcessParentId",
        "CreatedProcessParentCreationTimeUtc",
    )
    return unique


def _missing_grandparents(procs: pd.DataFrame) -> pd.DataFrame:
    """Step 4: parents of inferred parents that are not in the data either."""
    absent = ~procs[Col.parent_key].isin(procs[Col.proc_key])
    columns = [col for col in procs.columns if "Parent" in str(col)]
    grand = procs.loc[absent.to_numpy(), columns].drop_duplicates()
    paths = grand["CreatedProcessParentName"]
    parts = paths.astype(object).map(
        lambda path: path.rpartition("\\") if isinstance(path, str) else (np.nan, "", np.nan)
    )
    grand = grand.assign(CreatedProcessName=[part[2] for part in parts])
    grand = grand.drop(
        columns=[
            "InitiatingProcessParentCreationTime",
            "InitiatingProcessParentProcessId",
            "InitiatingProcessParentProcessName",
        ],
        errors="ignore",
    ).rename(
        columns={
            "CreatedProcessParentCreationTimeUtc": "CreatedProcessCreationTime",
            "CreatedProcessParentName": "CreatedProcessFilePath",
            "CreatedProcessParentId": "CreatedProcessId",
        }
    )
    name_last = [col for col in grand.columns if col != "CreatedProcessName"]
    grand = grand[[*name_last, "CreatedProcessName"]]
    grand[Col.proc_key] = _keys(
        grand, "CreatedProcessName", "CreatedProcessId", "CreatedProcessCreationTime"
    )
    return grand


def extract_process_tree(data: pd.DataFrame, debug: bool = False) -> pd.DataFrame:
    """Steps 2-4: the created processes plus inferred parents and grandparents."""
    data = _ensure_utc_times(data.copy())
    mapping = _parent_column_map(data)
    data["src_index"] = data.index
    data[Col.proc_key] = _keys(
        data, "CreatedProcessName", "CreatedProcessId", "CreatedProcessCreationTime"
    )
    data["InitiatingProcessFileName"] = (
        data["InitiatingProcessImageFilePath"] + "\\" + data["InitiatingProcessName"]
    )
    data[Col.parent_key] = _keys(
        data, "InitiatingProcessName", "InitiatingProcessId", "InitiatingProcessCreationTime"
    )
    missing = _missing_parents(data, mapping)
    unique = _unique_parents(missing)
    with_parents = pd.concat([data, unique], ignore_index=True)
    grand = _missing_grandparents(with_parents)
    if debug:
        _LOGGER.info(
            "processes: %d, missing parents: %d (unique %d), missing grandparents: %d",
            len(data),
            len(missing),
            len(unique),
            len(grand),
        )
    return pd.concat([with_parents, grand], ignore_index=True, axis=0)


def shape_keyed_tree(frame: pd.DataFrame, max_path_bytes: int) -> pd.DataFrame:
    """Step 5: flags, ``source_index``, paths, order; indexed by ``proc_key``."""
    keys = frame[Col.proc_key]
    parents = frame[Col.parent_key]
    is_root, is_leaf, is_branch, path, parent_bytes, order_bytes = _native.proctree_shape_keys(
        _text(keys.astype(object)), _text(parents.astype(object)), max_path_bytes
    )
    n_rows = len(frame)
    source_index = np.array([f"{i:05d}" for i in range(n_rows)], dtype=object)
    parent_node = np.frombuffer(parent_bytes, dtype=np.int64)
    order = np.frombuffer(order_bytes, dtype=np.int64)
    tree = frame.drop(columns=[Col.proc_key]).assign(
        IsRoot=np.frombuffer(is_root, dtype=np.bool_),
        IsLeaf=np.frombuffer(is_leaf, dtype=np.bool_),
        IsBranch=np.frombuffer(is_branch, dtype=np.bool_),
    )
    tree[Col.source_index] = source_index
    # Paths come in output order; a placeholder keeps the column where msticpy has it.
    tree["path"] = ""
    if (parent_node >= 0).any():
        parent_index = np.full(n_rows, np.nan, dtype=object)
        reached = parent_node >= 0
        parent_index[reached] = source_index[parent_node[reached]]
        tree["parent_index"] = parent_index
    tree = tree.take(order)
    tree["path"] = np.array(path, dtype=object)
    tree.index = pd.Index(keys.to_numpy(dtype=object)[order], name=Col.proc_key)
    return tree
