"""
Base64 unpacking on one Arrow record batch, as ``base64unpack.unpack_df`` does on a frame.

The output has ``unpack_df``'s columns in its order. Two of them hold Python objects in
pandas and become Arrow structs here: ``reference`` (msticpy's ``(prefix, depth,
index)`` tuple) is a struct of those three strings, and ``file_hashes`` (a dict) is a
struct of ``md5``, ``sha1`` and ``sha256``. ``src_index`` is the batch's index column.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..transform._b64_fields import BINARY_RECORD_FIELDS
from ._arrow import arrow_text, column_of, pyarrow


@dataclass(frozen=True)
class B64Spec:
    """
    ``unpack_df``'s options, resolved on the driver.

    Attributes
    ----------
    column : str
        The text column to decode.
    index_column : str
        The column copied to ``src_index``.
    utf16 : bool
        Try UTF-16 before UTF-8.
    limits : tuple
        The decode budgets (``Limits``), as the extension takes them.
    extras : tuple[bool, bool, bool, bool]
        ``powershell, decode_hex, decode_base32, nested_archives``.
    threads : int
        Threads per task.

    """

    column: str
    index_column: str
    utf16: bool = False
    limits: tuple[int, int, int, int, int, bool, int] | None = None
    extras: tuple[bool, bool, bool, bool] = (False, False, False, False)
    threads: int = 1


def make_spec(column: str, index_column: str, utf16: bool = False, threads: int = 1) -> B64Spec:
    """Capture the driver's budgets (``Limits``) with the options."""
    from ..transform.base64unpack import _limit_args

    return B64Spec(column, index_column, utf16, _limit_args(None), threads=threads)


def output_schema(index_type: Any, column: str) -> Any:
    """The Arrow schema of :func:`b64_batch`'s output."""
    pa = pyarrow()
    text = pa.string()
    reference = pa.struct([("prefix", text), ("depth", text), ("index", text)])
    hashes = pa.struct([("md5", text), ("sha1", text), ("sha256", text)])
    types = {name: text for name in BINARY_RECORD_FIELDS}
    types.update({"reference": reference, "input_bytes": pa.binary(), "file_hashes": hashes})
    fields = [(name, types[name]) for name in BINARY_RECORD_FIELDS]
    fields += [("src_index", index_type), (column, text), ("full_decoded_string", text)]
    return pa.schema(fields)


def b64_batch(batch: Any, spec: B64Spec) -> Any:
    """
    Decode the base64 runs of one record batch's text column.

    Parameters
    ----------
    batch : pyarrow.RecordBatch
        Holds ``spec.column`` and ``spec.index_column``.
    spec : B64Spec
        The driver's options.

    Returns
    -------
    pyarrow.RecordBatch
        One row per decoded item, in source-row order, with ``unpack_df``'s columns.

    """
    from .. import _native

    pa = pyarrow()
    source = arrow_text(column_of(batch, spec.column))
    index = column_of(batch, spec.index_column)
    schema = output_schema(index.type, spec.column)
    rows, decoded, _statuses, record_rows, cols = _native.b64_unpack_column(
        source, utf16=spec.utf16, threads=spec.threads, limits=spec.limits, extras=spec.extras
    )
    if not record_rows:
        return pa.RecordBatch.from_pylist([], schema=schema)
    text = pa.string()
    prefix, depth, ref_index, original, name, ftype, data, plain, encoding = cols[:9]
    md5, sha1, sha256, printable = cols[9:13]
    md5_a, sha1_a, sha256_a = (pa.array(v, type=text) for v in (md5, sha1, sha256))
    # Each record points at its source row; the per-row columns are gathered through it.
    position = {row: k for k, row in enumerate(rows)}
    where = pa.array([position[row] for row in record_rows], type=pa.int64())
    source_rows = pa.array(rows, type=pa.int64()).take(where)
    arrays = [
        pa.StructArray.from_arrays(
            [pa.array(v, type=text) for v in (prefix, depth, ref_index)],
            names=["prefix", "depth", "index"],
        ),
        pa.array(original, type=text),
        pa.array(name, type=text),
        pa.array(ftype, type=text),
        pa.array(data, type=pa.binary()),
        pa.array(plain, type=text),
        pa.array(encoding, type=text),
        pa.StructArray.from_arrays([md5_a, sha1_a, sha256_a], names=["md5", "sha1", "sha256"]),
        md5_a,
        sha1_a,
        sha256_a,
        pa.array(printable, type=text),
        index.take(source_rows),
        source.take(source_rows).cast(text),
        pa.array(decoded, type=text).take(where),
    ]
    return pa.RecordBatch.from_arrays(arrays, schema=schema)
