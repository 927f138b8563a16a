"""The worker's and the scheduler's log lines: time, process, level, message.

The level is in every line, so a warning or an error says so in the journal, and `make run`'s
console (devtools/run.py) can make it stand out; RQ's own lines go through the same handler.
"""

from __future__ import annotations

import logging


def configure(process: str) -> None:
    logging.basicConfig(level=logging.INFO, format=f"%(asctime)s {process} %(levelname)s %(message)s")
