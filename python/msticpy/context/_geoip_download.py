"""
Download and unpack the MaxMind GeoLite2 City archive (``GeoLiteLookup``'s update).

The flow is msticpy 3.0.2's: basic authentication with the account ID and licence
key, a temporary ``GeoLite2-City.mmdb.<random>.tar.gz`` in the database folder (its
presence tells a second process that a download is under way), every regular file of
the archive moved into the folder itself, the archive removed. The request goes through
:mod:`msticpy.common.http_transport`, so the key is redacted from any error text. Each
file is unpacked under its base name only, written to a temporary name and renamed into
place, so a failed or hostile archive never leaves a half-written database or a file
outside the folder.
"""

from __future__ import annotations

import base64
import os
import secrets
import tarfile
import time
from pathlib import Path

from ..common.http_transport import HttpRequest, fetch

#: The largest archive accepted (the GeoLite2 City archive is about 40 MB).
MAX_ARCHIVE_BYTES = 512 * 2**20
#: The largest single file unpacked from it.
MAX_MEMBER_BYTES = 1024 * 2**20


def download_database(
    url: str, folder: Path, archive_pattern: str, account_id: str, api_key: str
) -> str | None:
    """
    Download the archive at ``url`` and unpack it into ``folder``.

    Parameters
    ----------
    url : str
        The MaxMind download URL (``suffix=tar.gz``).
    folder : Path
        The database folder (created if missing).
    archive_pattern : str
        File name of the temporary archive, with a ``{rand}`` field.
    account_id : str
        MaxMind account ID.
    api_key : str
        MaxMind licence key.

    Returns
    -------
    str | None
        None on success (or when another process is already downloading), otherwise
        what went wrong, without the key.

    """
    folder.mkdir(parents=True, exist_ok=True)
    rand = secrets.choice(range(10000, 99999))
    archive = folder.joinpath(archive_pattern.format(rand=rand))
    # A short random wait so that processes started together do not all download.
    time.sleep(rand / 500000)
    if list(folder.glob(archive_pattern.format(rand="*"))):
        time.sleep(3)
        return None
    token = base64.b64encode(f"{account_id}:{api_key}".encode()).decode("ascii")
    request = HttpRequest(url=url, headers={"Authorization": f"Basic {token}"}, group="GeoIPLite")
    reply = fetch(request, max_bytes=MAX_ARCHIVE_BYTES, secrets=[api_key, token])
    if reply.error or not 200 <= reply.status < 300:
        return (
            "HTTP error occurred trying to download GeoLite DB: "
            f"status {reply.status} {reply.error or ''}".rstrip()
        )
    try:
        archive.write_bytes(reply.body)
        _extract_to_folder(archive, folder)
    except PermissionError as err:
        return (
            f"Cannot overwrite GeoIP DB file in {folder}. The file may be in use or you "
            f"do not have permission to overwrite. - {err}"
        )
    except (OSError, tarfile.TarError, ValueError) as err:
        return f"Error writing GeoIP DB file: {archive} - {err}"
    finally:
        if archive.is_file():
            archive.unlink()
    return None


def _extract_to_folder(archive: Path, folder: Path) -> None:
    """Move every regular file of the archive into ``folder`` under its base name."""
    with tarfile.open(archive, mode="r:gz") as tar:
        for member in tar.getmembers():
            if not member.isreg():
                continue
            name = Path(member.name).name
            if not name or name in {".", ".."}:
                continue
            if member.size > MAX_MEMBER_BYTES:
                raise ValueError(f"archive member {name!r} is larger than {MAX_MEMBER_BYTES}")
            source = tar.extractfile(member)
            if source is None:
                continue
            partial = folder.joinpath(f".{name}.{os.getpid()}.partial")
            with source, partial.open("wb") as target:
                while chunk := source.read(1 << 20):
                    target.write(chunk)
            partial.replace(folder.joinpath(name))
