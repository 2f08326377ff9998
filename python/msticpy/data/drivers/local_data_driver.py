"""
Local data files as a data source (msticpy's ``LocalDataDriver``).

A LocalData "query" is a file name: the driver indexes the files under its data paths
by lower-cased name and returns the named file as a DataFrame. Always connected, no
account needed.

Formats: ``.csv`` (``TimeGenerated`` parsed as dates, as msticpy), ``.parquet``,
``.json``/``.jsonl`` (records), and ``.pkl`` pickles, the msticpy format. Loading a
pickle runs code from the file, so pickles are read only from folders the user names
in ``data_paths`` (as msticpy does, since the user chose them), never from the bundled
sample folder or an implicit default. The bundled sample tables
(``msticpy/resources/localdata``) are always indexed, after the user's folders, so the
bundled query file works out of the box.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .driver_base import DriverBase

__all__ = ["SAMPLE_DATA_PATH", "LocalDataDriver"]

#: The bundled sample tables.
SAMPLE_DATA_PATH = Path(__file__).resolve().parents[2] / "resources" / "localdata"
_SAFE_PATTERNS = ("**/*.csv", "**/*.parquet", "**/*.json", "**/*.jsonl")


class LocalDataDriver(DriverBase):
    """
    Query local data files.

    Parameters
    ----------
    connection_str : str, optional
        Not used.
    data_paths : list[str], optional
        Folders to index (recursively). Pickles (``*.pkl``) are read only from these.
    debug : bool, optional
        Not used (msticpy compatibility).

    """

    def __init__(self, connection_str: str | None = None, **kwargs: Any):
        """Index the data files."""
        del connection_str
        self._debug = kwargs.get("debug", False)
        super().__init__(**kwargs)
        data_paths = kwargs.get("data_paths")
        self._paths: list[str] = [path.strip() for path in data_paths] if data_paths else []
        self.data_files: dict[str, str] = self._get_data_paths()
        self._schema: dict[str, Any] = {}
        self._loaded = True
        self._connected = True
        self.current_connection = "; ".join(self._paths or [str(SAMPLE_DATA_PATH)])

    def _get_data_paths(self) -> dict[str, str]:
        """Lower-cased file name -> path; user folders win over the samples."""
        files: dict[str, str] = {}
        for pattern in _SAFE_PATTERNS:
            files.update(_index(SAMPLE_DATA_PATH, pattern))
        for folder in self._paths:
            for pattern in (*_SAFE_PATTERNS, "**/*.pkl"):
                files.update(_index(Path(folder), pattern))
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
            frame = self.query(name)
            if hasattr(frame, "dtypes"):
                self._schema[name] = {k: v.name for k, v in frame.dtypes.to_dict().items()}
        return self._schema

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
            If no data file has that name.

        """
        del kwargs
        import pandas as pd

        query_name = query_source.name if query_source else query
        file_path = self.data_files.get(query.strip().casefold())
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


def _index(folder: Path, pattern: str) -> dict[str, str]:
    if not folder.is_dir():
        return {}
    return {
        path.name.casefold(): str(path) for path in folder.resolve().glob(pattern) if path.is_file()
    }
