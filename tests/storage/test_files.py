"""The content-addressed file store."""

from __future__ import annotations

import hashlib
import io

import pytest

from storage.files import FileTooLarge, LocalFileStore, open_store


def test_store_by_content_and_dedupe(tmp_path):
    store = LocalFileStore(tmp_path)
    data = b"%PDF-1.4 hello"
    digest = store.put_bytes(data)
    assert digest == hashlib.sha256(data).hexdigest()
    assert store.put_bytes(data) == digest
    assert store.get_bytes(digest) == data
    assert len([p for p in tmp_path.rglob("*") if p.is_file()]) == 1


def test_size_cap_stops_the_stream_and_leaves_nothing(tmp_path):
    store = LocalFileStore(tmp_path)
    with pytest.raises(FileTooLarge):
        store.put_stream(io.BytesIO(b"x" * 5000), max_bytes=4096)
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


@pytest.mark.parametrize("bad", ["../../etc/passwd", "abc", "A" * 64, ""])
def test_no_user_chosen_paths(tmp_path, bad):
    store = LocalFileStore(tmp_path)
    with pytest.raises(ValueError):
        store.get_bytes(bad)


def test_open_store_by_url(tmp_path):
    assert isinstance(open_store(f"file://{tmp_path}"), LocalFileStore)
    with pytest.raises(ValueError):
        open_store("ftp://x/y")
