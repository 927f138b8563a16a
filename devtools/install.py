"""`pip install -r FILE` for a person watching (`make run`'s and `make test`'s install step).

pip says `Collecting X` while it downloads, then one `Installing collected packages: …` line and
nothing for the minute or more it takes to unpack them. Here each package is said as it lands:
a thread watches site-packages for new `*.dist-info` directories (pip writes one per package
as it unpacks it) and prints `✓ name version (n/total)`. The rest of pip's chatter
is left out; an error is printed whole. Standard library only: it runs in the fresh virtualenv.

    python -m devtools.install requirements.txt     # with the virtualenv's python
"""

from __future__ import annotations

import re
import subprocess
import sys
import sysconfig
import threading
from pathlib import Path

COLLECTING = re.compile(r"^Collecting (\S+)")
COLLECTED = re.compile(r"^Installing collected packages: (.*)")
LOUD = re.compile(r"^(ERROR|error)\b|^\s*(×|╰─>)")
POLL = 0.5  # seconds between looks at site-packages


def _site_dirs() -> list[Path]:
    return sorted({Path(sysconfig.get_paths()[key]) for key in ("purelib", "platlib")})


def _dist_infos(dirs: list[Path]) -> set[str]:
    return {path.name for d in dirs if d.is_dir() for path in d.glob("*.dist-info")}


def _label(dist_info: str) -> str:
    """'boto3-1.44.5.dist-info' → 'boto3 1.44.5'."""
    name, _, version = dist_info.removesuffix(".dist-info").rpartition("-")
    return f"{name} {version}" if name else version


class Progress:
    """The lines a person reads: what pip collects, then each package as it is installed."""

    def __init__(self, out, dirs: list[Path]):
        self.out, self.dirs = out, dirs
        self.seen = _dist_infos(dirs)
        self.total = 0
        self.done = 0
        self.lock = threading.Lock()

    def say(self, text: str) -> None:
        with self.lock:
            self.out.write(f"    {text}\n")
            self.out.flush()

    def pip_line(self, line: str) -> None:
        collecting, collected = COLLECTING.match(line), COLLECTED.match(line)
        if collecting:
            self.say(f"+ {collecting.group(1)}")
        elif collected:
            self.total = len([name for name in collected.group(1).split(",") if name.strip()])
            self.say(f"unpacking {self.total} packages (the longest part; each is named as it lands)…")
        elif LOUD.search(line):
            self.say(line.rstrip())

    def look(self) -> None:
        """Say each package whose dist-info appeared since the last look."""
        now = _dist_infos(self.dirs)
        for name in sorted(now - self.seen):
            self.done += 1
            of = f" ({self.done}/{self.total})" if self.total else ""
            self.say(f"✓ {_label(name)}{of}")
        self.seen = now


def install(requirements: str, out=None, pip: list[str] | None = None, dirs: list[Path] | None = None) -> int:
    """Run pip on `requirements`, saying its progress on `out`; pip's exit status."""
    out = out or sys.stdout
    progress = Progress(out, dirs if dirs is not None else _site_dirs())
    command = pip or [sys.executable, "-m", "pip", "install", "--disable-pip-version-check",
                      "--progress-bar", "off", "-r", requirements]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
    finished = threading.Event()

    def _watch():
        while not finished.wait(POLL):
            progress.look()

    watcher = threading.Thread(target=_watch, daemon=True)
    watcher.start()
    for line in proc.stdout:
        progress.pip_line(line)
    status = proc.wait()
    finished.set()
    watcher.join()
    progress.look()  # what landed since the last look
    if status == 0:
        progress.say("all installed")
    return status


if __name__ == "__main__":
    sys.exit(install(sys.argv[1]))
