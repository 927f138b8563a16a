"""The file store: documents by content (sha256), never by a name a user chose.

One interface, two back ends: a local folder (default: instance/files, outside any web root)
and an S3-compatible bucket (`STORAGE_URL=s3://bucket/prefix`) so web and workers on several
machines share files. Writes are atomic (temp file + rename) and idempotent: storing the same
bytes twice stores them once.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import BinaryIO, Protocol
from urllib.parse import urlparse

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
CHUNK = 64 * 1024


class FileTooLarge(ValueError):
    """More bytes than the cap allows."""


def _check_digest(digest: str) -> str:
    if not _SHA256.match(digest):
        raise ValueError("not a sha256 digest")
    return digest


class FileStore(Protocol):
    def put_stream(self, stream: BinaryIO, max_bytes: int | None = None) -> tuple[str, int]: ...
    def put_bytes(self, data: bytes) -> str: ...
    def get_bytes(self, digest: str) -> bytes: ...
    def exists(self, digest: str) -> bool: ...
    def path_for_reading(self, digest: str) -> Path: ...


class LocalFileStore:
    def __init__(self, root: Path):
        self.root = Path(root)

    def _path(self, digest: str) -> Path:
        digest = _check_digest(digest)
        return self.root / digest[:2] / digest[2:4] / digest

    def put_stream(self, stream: BinaryIO, max_bytes: int | None = None) -> tuple[str, int]:
        """Copy `stream` in, hashing as it goes; stop with FileTooLarge past `max_bytes`."""
        self.root.mkdir(parents=True, exist_ok=True)
        hasher, size = hashlib.sha256(), 0
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := stream.read(CHUNK):
                    size += len(chunk)
                    if max_bytes is not None and size > max_bytes:
                        raise FileTooLarge(f"more than {max_bytes} bytes")
                    hasher.update(chunk)
                    out.write(chunk)
            digest = hasher.hexdigest()
            target = self._path(digest)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, target)
            os.chmod(target, 0o640)
            return digest, size
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)

    def put_bytes(self, data: bytes) -> str:
        import io

        return self.put_stream(io.BytesIO(data))[0]

    def get_bytes(self, digest: str) -> bytes:
        return self._path(digest).read_bytes()

    def exists(self, digest: str) -> bool:
        try:
            return self._path(digest).exists()
        except ValueError:  # not a sha256: no file can have that name
            return False

    def path_for_reading(self, digest: str) -> Path:
        return self._path(digest)


class S3FileStore:  # pragma: no cover - needs an S3 endpoint; same contract as LocalFileStore
    def __init__(self, bucket: str, prefix: str, cache: Path):
        import boto3

        self.client = boto3.client("s3", endpoint_url=os.environ.get("S3_ENDPOINT_URL") or None)
        self.bucket, self.prefix = bucket, prefix.strip("/")
        self.cache = LocalFileStore(cache)

    def _key(self, digest: str) -> str:
        return f"{self.prefix}/{_check_digest(digest)}".lstrip("/")

    def put_stream(self, stream: BinaryIO, max_bytes: int | None = None) -> tuple[str, int]:
        digest, size = self.cache.put_stream(stream, max_bytes)
        if not self.exists(digest):
            with self.cache.path_for_reading(digest).open("rb") as fh:
                self.client.upload_fileobj(fh, self.bucket, self._key(digest))
        return digest, size

    def put_bytes(self, data: bytes) -> str:
        import io

        return self.put_stream(io.BytesIO(data))[0]

    def get_bytes(self, digest: str) -> bytes:
        return self.path_for_reading(digest).read_bytes()

    def exists(self, digest: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(digest))
            return True
        except self.client.exceptions.ClientError:
            return False

    def path_for_reading(self, digest: str) -> Path:
        if not self.cache.exists(digest):
            obj = self.client.get_object(Bucket=self.bucket, Key=self._key(digest))
            got = self.cache.put_stream(obj["Body"])[0]
            if got != digest:
                raise ValueError("stored object does not match its digest")
        return self.cache.path_for_reading(digest)


def open_store(url: str, cache_dir: Path | None = None) -> FileStore:
    parsed = urlparse(url)
    if parsed.scheme == "file":
        return LocalFileStore(Path(parsed.path))
    if parsed.scheme == "s3":
        return S3FileStore(parsed.netloc, parsed.path, cache_dir or Path(tempfile.gettempdir()) / "dpmptsp-files")
    raise ValueError(f"unsupported STORAGE_URL scheme {parsed.scheme!r}")
