"""Argument errors name the argument and the problem (issue 16): extract_df, read_from_file."""

from __future__ import annotations

import errno
import pathlib

import pandas as pd
import pyarrow as pa
import pytest

from msticpy.transform._audit_path import os_errors_name
from msticpy.transform.auditdextract import read_from_file
from msticpy.transform.iocextract import IoCExtract

DUPLICATE_MESSAGE = (
    "extract_df: the DataFrame has more than one column named 'c' (2 times); a column to "
    "scan must be unique: rename the duplicates first (for example data.columns = [...])"
)


def test_extract_df_names_a_duplicated_column() -> None:
    frame = pd.DataFrame([["1.2.3.4", "x", "9.9.9.9"]], columns=["c", "c", "d"])
    with pytest.raises(ValueError) as info:
        IoCExtract().extract_df(frame, columns=["c", "d"])
    assert str(info.value) == DUPLICATE_MESSAGE


def test_extract_df_names_a_duplicated_column_of_an_arrow_table() -> None:
    table = pa.table([pa.array(["1.2.3.4"]), pa.array(["x"])], names=["c", "c"])
    with pytest.raises(ValueError, match="more than one column named 'c' \\(2 times\\)"):
        IoCExtract().extract_df(table, columns="c")


def test_extract_df_ignores_duplicates_it_does_not_read() -> None:
    frame = pd.DataFrame([["1.2.3.4", "x", "9.9.9.9"]], columns=["c", "c", "d"])
    result = IoCExtract().extract_df(frame, columns=["d"])
    assert result["Observable"].tolist() == ["9.9.9.9"]


def test_read_from_file_missing_names_the_path(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "missing" / "audit.log"
    for argument in (str(path), path):
        with pytest.raises(FileNotFoundError) as info:
            read_from_file(argument)
        assert str(info.value) == f"[Errno 2] No such file or directory: '{path}'"
        assert info.value.filename == str(path)


def test_read_from_file_directory_names_the_path(tmp_path: pathlib.Path) -> None:
    with pytest.raises(IsADirectoryError, match=str(tmp_path)):
        read_from_file(tmp_path)


@pytest.mark.parametrize(
    ("argument", "kind"), [(123, "int"), (None, "NoneType"), (b"/var/log/audit.log", "bytes")]
)
def test_read_from_file_wrong_type_is_a_type_error(argument: object, kind: str) -> None:
    with pytest.raises(TypeError) as info:
        read_from_file(argument)  # type: ignore[arg-type]
    assert str(info.value) == (
        f"read_from_file: filepath must be a path (str or os.PathLike), not {kind}"
    )


def test_native_os_errors_gain_the_path() -> None:
    # The native reader's errors carry only "(os error N)": the wrapper restores errno
    # and the path (a permission error cannot be provoked as root, so it is raised here).
    with pytest.raises(PermissionError) as info, os_errors_name("/x/audit.log"):
        raise PermissionError("Permission denied (os error 13)")
    assert info.value.errno == errno.EACCES
    assert str(info.value) == "[Errno 13] Permission denied: '/x/audit.log'"


def test_read_from_file_still_reads(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "audit.log"
    path.write_text(
        "type=SYSCALL msg=audit(1600000000.000:1): arch=c000003e syscall=59 success=yes "
        'exit=0 a0=1 ppid=1 pid=2 auid=0 uid=0 comm="ls" exe="/bin/ls"\n'
        "type=EOE msg=audit(1600000000.000:1): \n",
        encoding="utf-8",
    )
    frame = read_from_file(str(path))
    assert len(frame) == 1
