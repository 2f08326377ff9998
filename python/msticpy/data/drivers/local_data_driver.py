"""
Local data files as a data source (msticpy's ``LocalDataDriver``).

A LocalData "query" is a file name: the driver indexes the files under its data paths
by lower-cased name and returns the named file as a DataFrame. Always connected, no
account needed.

Where the files come from (msticpy 3.0.2's order):

1. the ``data_paths`` argument (a list of folders; a single string is one folder);
2. else the msticpy config, ``DataProviders.LocalData.data_paths`` (the documented key)
   or a top-level ``LocalData.data_paths`` (the key msticpy 3.0.2 actually reads);
3. else the current folder.

Each folder is searched recursively; a later folder's file wins over an earlier one
of the same name. A folder that does not exist contributes nothing (no error), as in
msticpy. The bundled sample tables (``msticpy/resources/localdata``) are always
indexed first, so the bundled query file works out of the box; any data folder's file
of the same name wins over them.

Formats: ``.csv`` (``TimeGenerated`` parsed as dates, as msticpy), ``.parquet``,
``.json``/``.jsonl`` (records), and ``.pkl`` pickles, the msticpy format. Loading a
pickle runs code from the file, so pickles are read only from folders the user named
(argument or config), never from the bundled samples or the implicit current folder.
When the named file is missing, a file with the same stem in another indexed format
is used (``alerts_list.pkl`` -> ``alerts_list.csv``), so msticpy's query file names
reach the bundled CSV samples; otherwise ``FileNotFoundError`` (msticpy's message).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from .driver_base import DriverBase

__all__ = ["SAMPLE_DATA_PATH", "LocalDataDriver"]

logger = logging.getLogger(__name__)

#: The bundled sample tables.
SAMPLE_DATA_PATH = Path(__file__).resolve().parents[2] / "resources" / "localdata"
_SAFE_SUFFIXES = (".csv", ".parquet", ".json", ".jsonl")
_PICKLE_SUFFIX = ".pkl"
_CONFIG_KEYS = ("DataProviders.LocalData.data_paths", "LocalData.data_paths")


class LocalDataDriver(DriverBase):
    """
    Query local data files.

    Parameters
    ----------
    connection_str : str, optional
        Not used.
    data_paths : list[str], optional
        Folders to index (recursively). Without it, the config's
        ``DataProviders.LocalData.data_paths``, else the current folder.
        Pickles (``*.pkl``) are read only from folders named here or in the config.
    debug : bool, optional
        Not used (msticpy compatibility).

    """

    def __init__(self, connection_str: str | None = None, **kwargs: Any):
        """Index the data files."""
        del connection_str
        self._debug = kwargs.get("debug", False)
        super().__init__(**kwargs)
        self._paths, self._user_named = _data_paths(kwargs.get("data_paths"))
        self.data_files: dict[str, str] = self._get_data_paths()
        self._schema: dict[str, Any] = {}
        self._loaded = True
        self._connected = True
        self.current_connection = "; ".join(self._paths)

    def _get_data_paths(self) -> dict[str, str]:
        """Lower-cased file name -> path; later folders win, the samples lose to all."""
        files = _index(SAMPLE_DATA_PATH, _SAFE_SUFFIXES)
        suffixes = (*_SAFE_SUFFIXES, _PICKLE_SUFFIX) if self._user_named else _SAFE_SUFFIXES
        for folder in self._paths:
            files.update(_index(Path(folder), suffixes))
        return files

    def connect(self, connection_str: str | None = None, **kwargs: Any) -> None:
        """Connect (always succeeds; nothing to connect to)."""
        del connection_str, kwargs
        self._connected = True

    @property
    def schema(self) -> dict[str, dict]:
        """File name -> {column: dtype name} of every data file."""
        if self._schema:
            return self._schema
        for name in self.data_files:
            # A folder beside a notebook holds other files of these kinds too (Sentinel's
            # config.json above all): one that is not a table is left out, as msticpy
            # leaves out pickles that hold something else, instead of failing the schema.
            try:
                frame = self.query(name)
            except (ValueError, OSError) as err:
                logger.info("LocalData schema: %s is not a readable table (%s)", name, err)
                continue
            if hasattr(frame, "dtypes"):
                self._schema[name] = {k: v.name for k, v in frame.dtypes.to_dict().items()}
        return self._schema

    def _find(self, query: str) -> str | None:
        """Path of the file named ``query``, or of the same stem in another format."""
        name = query.strip().casefold()
        if name in self.data_files:
            return self.data_files[name]
        stem, suffix = os.path.splitext(name)
        if not suffix:
            return None
        for other in (*_SAFE_SUFFIXES, _PICKLE_SUFFIX):
            if other != suffix and f"{stem}{other}" in self.data_files:
                return self.data_files[f"{stem}{other}"]
        return None

    def query(self, query: str, query_source: Any = None, **kwargs: Any) -> Any:
        """
        Return the data file named by ``query``.

        Returns
        -------
        pd.DataFrame | str
            The table; for a pickle that does not hold a DataFrame, a message.

        Raises
        ------
        FileNotFoundError
            If no data file has that name (or that stem).

        """
        del kwargs
        import pandas as pd

        query_name = query_source.name if query_source else query
        file_path = self._find(query)
        if not file_path:
            raise FileNotFoundError(f"Data file ({query}) for query {query_name} not found.")
        suffix = Path(file_path).suffix.casefold()
        if suffix == ".csv":
            try:
                return pd.read_csv(file_path, parse_dates=["TimeGenerated"])
            except ValueError:
                return pd.read_csv(file_path)
        if suffix == ".parquet":
            return pd.read_parquet(file_path)
        if suffix in (".json", ".jsonl"):
            return pd.read_json(file_path, lines=suffix == ".jsonl")
        data = pd.read_pickle(file_path)  # nosec: only from folders the user named
        if isinstance(data, pd.DataFrame):
            return data
        return f"{query} is not a DataFrame ({file_path})."

    def query_with_results(self, query: str, **kwargs: Any) -> tuple[Any, Any]:
        """Return ``(DataFrame, "OK")``."""
        return self.query(query, **kwargs), "OK"


def _data_paths(data_paths: Any) -> tuple[list[str], bool]:
    """The folders to index and whether the user named them (argument or config)."""
    if isinstance(data_paths, (str, os.PathLike)):
        data_paths = [data_paths]
    if data_paths:
        return [str(path).strip() for path in data_paths], True
    from ...common.pkg_config import get_config

    for key in _CONFIG_KEYS:
        configured = get_config(key, None)
        if isinstance(configured, str):
            configured = [configured]
        if isinstance(configured, list) and configured:
            return [str(path).strip() for path in configured], True
    return ["."], False


def _index(folder: Path, suffixes: tuple[str, ...]) -> dict[str, str]:
    """Lower-cased name -> path of the files under ``folder`` with one of ``suffixes``."""
    root = folder.expanduser().resolve()
    if not root.is_dir():
        return {}
    found: dict[str, str] = {}
    # os.walk ignores folders that vanish or cannot be read while it runs.
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            if os.path.splitext(name)[1].casefold() in suffixes:
                path = os.path.join(dirpath, name)
                if os.path.isfile(path):
                    found[name.casefold()] = path
    return found
