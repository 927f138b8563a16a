"""`make run`'s install step names each package as it lands, not one silent minute (devtools/install.py).

Real pip installs two small wheels made here (offline, into a scratch directory).
"""

from __future__ import annotations

import base64
import hashlib
import io
import sys
import zipfile
from pathlib import Path

from devtools.install import install


def _wheel(folder: Path, name: str, version: str) -> Path:
    files = {
        f"{name}/__init__.py": b"",
        f"{name}-{version}.dist-info/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n".encode(),
        f"{name}-{version}.dist-info/WHEEL": b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = [f"{path},sha256={base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()},{len(data)}"
              for path, data in files.items()]
    files[f"{name}-{version}.dist-info/RECORD"] = ("\n".join([*record, f"{name}-{version}.dist-info/RECORD,,"]) + "\n").encode()
    path = folder / f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as whl:
        for member, data in files.items():
            whl.writestr(member, data)
    return path


def test_each_package_is_named_as_it_lands_with_a_count(tmp_path):
    wheels = [_wheel(tmp_path, "alpha_pkg", "1.0"), _wheel(tmp_path, "beta_pkg", "2.5")]
    target = tmp_path / "site"
    target.mkdir()
    out = io.StringIO()
    pip = [sys.executable, "-m", "pip", "install", "--no-index", "--no-deps", "--disable-pip-version-check",
           "--progress-bar", "off", "--target", str(target), *map(str, wheels)]
    assert install("unused", out=out, pip=pip, dirs=[target]) == 0
    lines = out.getvalue().splitlines()
    assert "    unpacking 2 packages (the longest part; each is named as it lands)…" in lines
    landed = [line for line in lines if "✓" in line]
    assert sorted(line.split(" (")[0] for line in landed) == ["    ✓ alpha_pkg 1.0", "    ✓ beta_pkg 2.5"]
    assert [line.split(" (")[1] for line in landed] == ["1/2)", "2/2)"]
    assert lines.index("    unpacking 2 packages (the longest part; each is named as it lands)…") < lines.index(landed[0])
    assert lines[-1] == "    all installed"


def test_packages_already_there_are_not_named_again(tmp_path):
    target = tmp_path / "site"
    (target / "old_pkg-3.0.dist-info").mkdir(parents=True)
    out = io.StringIO()
    wheel = _wheel(tmp_path, "new_pkg", "0.1")
    pip = [sys.executable, "-m", "pip", "install", "--no-index", "--no-deps", "--disable-pip-version-check",
           "--target", str(target), str(wheel)]
    assert install("unused", out=out, pip=pip, dirs=[target]) == 0
    assert "old_pkg" not in out.getvalue()
    assert "    ✓ new_pkg 0.1 (1/1)" in out.getvalue().splitlines()


def test_a_failing_install_shows_pips_error_and_its_status(tmp_path):
    out = io.StringIO()
    pip = [sys.executable, "-m", "pip", "install", "--no-index", "--disable-pip-version-check",
           "--target", str(tmp_path / "site"), str(tmp_path / "missing-1.0-py3-none-any.whl")]
    assert install("unused", out=out, pip=pip, dirs=[tmp_path / "site"]) != 0
    text = out.getvalue()
    assert "ERROR" in text and "all installed" not in text
