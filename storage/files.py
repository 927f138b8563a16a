"""The file store: documents by content (sha256), never by a name a user chose.

One interface, two back ends: a local folder (default: instance/files, outside any web root)
and an S3-compatible bucket (`STORAGE_URL=s3://bucket/prefix`, endpoint `S3_ENDPOINT_URL`,
credentials from the usual `AWS_*` variables) so web and workers on several machines share
files. Writes are atomic (temp file + rename) and idempotent: storing the same bytes twice
stores them once. Besides documents by digest, a store keeps a few named objects that every
host must share (the development signing certificate, the health probe) under `named/`.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from pathlib import Path
from typing import BinaryIO, Protocol
from urllib.parse import urlparse

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
CHUNK = 64 * 1024
# An S3 store's local copies live at most this long unread: a blob deleted by another host (the
# retention sweep, HAPUS DATA) leaves this host's disk within a day (UU 27/2022 Pasal 43–44).
CACHE_MAX_AGE = 24 * 3600.0
CACHE_PRUNE_EVERY = 3600.0  # how often a host looks (piggybacked on its own reads and writes)


class FileTooLarge(ValueError):
    """More bytes than the cap allows."""


def _check_digest(digest: str) -> str:
    if not _SHA256.match(digest):
        raise ValueError("not a sha256 digest")
    return digest


_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,100}$")


def _check_name(name: str) -> str:
    if not _NAME.match(name):
        raise ValueError("not a store object name")
    return name


class FileStore(Protocol):
    def put_stream(self, stream: BinaryIO, max_bytes: int | None = None) -> tuple[str, int]: ...
    def put_bytes(self, data: bytes) -> str: ...
    def get_bytes(self, digest: str) -> bytes: ...
    def exists(self, digest: str) -> bool: ...
    def path_for_reading(self, digest: str) -> Path: ...
    def delete(self, digest: str) -> bool: ...
    def put_named(self, name: str, data: bytes) -> None: ...
    def get_named(self, name: str) -> bytes | None: ...
    def delete_named(self, name: str) -> None: ...


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

    def delete(self, digest: str) -> bool:
        """Remove the blob; True if it was there. The caller checks nothing else still refers to it."""
        try:
            self._path(digest).unlink()
            return True
        except FileNotFoundError:
            return False

    def prune(self, max_age: float, now: float | None = None) -> int:
        """Remove the blobs not written or read for `max_age` seconds (a cache's housekeeping)."""
        cutoff = (now or time.time()) - max_age
        removed = 0
        for path in self.root.glob("??/??/*"):
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:
                continue
        return removed

    def _named(self, name: str) -> Path:
        return self.root / "named" / _check_name(name)

    def put_named(self, name: str, data: bytes) -> None:
        target = self._named(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, 0o640)
        os.replace(tmp, target)

    def get_named(self, name: str) -> bytes | None:
        try:
            return self._named(name).read_bytes()
        except FileNotFoundError:
            return None

    def delete_named(self, name: str) -> None:
        self._named(name).unlink(missing_ok=True)


class S3FileStore:
    """The same contract on an S3-compatible bucket; a local cache serves repeated reads.

    Objects are immutable (named by their sha256), so a cached copy never goes stale; a copy
    read from the bucket is checked against its digest before it is used.
    """

    def __init__(self, bucket: str, prefix: str, cache: Path, endpoint_url: str = ""):
        import boto3
        from botocore.config import Config as BotoConfig

        self.client = boto3.client("s3", endpoint_url=endpoint_url or None,
                                   config=BotoConfig(retries={"max_attempts": 4, "mode": "standard"},
                                                     connect_timeout=5, read_timeout=30))
        self.bucket, self.prefix = bucket, prefix.strip("/")
        self.cache = LocalFileStore(cache)
        self._pruned_at = float("-inf")

    def _key(self, digest: str) -> str:
        return f"{self.prefix}/{_check_digest(digest)}".lstrip("/")

    def _named_key(self, name: str) -> str:
        return f"{self.prefix}/named/{_check_name(name)}".lstrip("/")

    def _missing(self, exc) -> bool:
        code = str(exc.response.get("Error", {}).get("Code", ""))
        return code in ("404", "NoSuchKey", "NotFound")

    def prune_cache(self, force: bool = False) -> int:
        """This host's copies unread for CACHE_MAX_AGE go (at most once per CACHE_PRUNE_EVERY)."""
        now = time.monotonic()
        if not force and now - self._pruned_at < CACHE_PRUNE_EVERY:
            return 0
        self._pruned_at = now
        return self.cache.prune(CACHE_MAX_AGE)

    def put_stream(self, stream: BinaryIO, max_bytes: int | None = None) -> tuple[str, int]:
        self.prune_cache()
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
        except self.client.exceptions.ClientError as exc:
            if self._missing(exc):
                return False
            raise

    def path_for_reading(self, digest: str) -> Path:
        self.prune_cache()
        if not self.cache.exists(digest):
            obj = self.client.get_object(Bucket=self.bucket, Key=self._key(digest))
            got = self.cache.put_stream(obj["Body"])[0]
            if got != digest:
                self.cache.delete(got)
                raise ValueError("stored object does not match its digest")
        path = self.cache.path_for_reading(digest)
        os.utime(path)  # read now: a copy in use is never pruned
        return path

    def delete(self, digest: str) -> bool:
        """Remove the blob from the bucket and this host's cache. Other hosts' copies go with their
        own `prune_cache` (unread for CACHE_MAX_AGE); nothing reads them meanwhile, since no
        document row names the digest any more."""
        there = self.exists(digest)
        self.client.delete_object(Bucket=self.bucket, Key=self._key(digest))
        self.cache.delete(digest)
        return there

    def put_named(self, name: str, data: bytes) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self._named_key(name), Body=data)

    def get_named(self, name: str) -> bytes | None:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._named_key(name))["Body"].read()
        except self.client.exceptions.ClientError as exc:
            if self._missing(exc):
                return None
            raise

    def delete_named(self, name: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._named_key(name))


def open_store(url: str, cache_dir: Path | None = None, endpoint_url: str = "") -> FileStore:
    parsed = urlparse(url)
    if parsed.scheme == "file":
        return LocalFileStore(Path(parsed.path))
    if parsed.scheme == "s3":
        return S3FileStore(parsed.netloc, parsed.path, cache_dir or Path(tempfile.gettempdir()) / "dpmptsp-files",
                           endpoint_url=endpoint_url)
    raise ValueError(f"unsupported STORAGE_URL scheme {parsed.scheme!r}")


PROBE = "health-probe"


def probe(store: FileStore) -> str | None:
    """Write, read back and delete a small named object: None when the store works, else why not."""
    token = os.urandom(16).hex()
    name = f"{PROBE}-{token[:12]}"  # one per probe: hosts probing at once do not meet
    try:
        store.put_named(name, token.encode())
        if store.get_named(name) != token.encode():
            return "the probe read back differs"
        store.delete_named(name)
        return None
    except Exception as exc:  # noqa: BLE001 - health reports any failure as text
        return type(exc).__name__
