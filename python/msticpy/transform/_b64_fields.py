"""
``BinaryRecord``, one decoded base64 item, and its fields in msticpy's order.

Kept apart from ``base64unpack`` (which imports pandas and re-exports ``BinaryRecord``
under its msticpy path) so the Spark workers of ``msticpy.scale`` can build their Arrow
schema from the same fields without importing pandas.
"""

from __future__ import annotations

from collections import namedtuple

BinaryRecord = namedtuple(
    "BinaryRecord",
    [
        "reference",
        "original_string",
        "file_name",
        "file_type",
        "input_bytes",
        "decoded_string",
        "encoding_type",
        "file_hashes",
        "md5",
        "sha1",
        "sha256",
        "printable_bytes",
    ],
    # Its msticpy path, where it is re-exported: pickles and reprs name that module.
    module="msticpy.transform.base64unpack",
)

#: ``BinaryRecord``'s field names.
BINARY_RECORD_FIELDS: tuple[str, ...] = BinaryRecord._fields
