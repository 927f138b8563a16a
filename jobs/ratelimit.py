"""A per-sender send rate shared by every worker on every machine, kept in Redis (GCRA).

Each send asks `acquire()`; the script spaces sends `1/rate` seconds apart on Redis's own
clock (so workers on several machines agree) and allows a burst of `rate/10` at most. A
worker whose turn has not come sleeps the few milliseconds it is told.
"""

from __future__ import annotations

import time

_SCRIPT = """
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local wait = tat - tolerance - now
if wait > 0 then return wait end
local new_tat = tat + interval
redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', math.ceil((new_tat - now) / 1000) + 1000)
return 0
"""


class RateLimiter:
    def __init__(self, connection, sender: str, per_second: float, burst: int | None = None):
        self.connection = connection
        self.key = f"ratelimit:{sender}"
        self.interval_us = int(1_000_000 / per_second)
        burst = burst if burst is not None else max(1, int(per_second // 10))
        self.tolerance_us = self.interval_us * (burst - 1)
        self._script = connection.register_script(_SCRIPT)

    def try_acquire(self) -> float:
        """0 when a send may go now (and it is counted), else the seconds to wait first."""
        wait_us = int(self._script(keys=[self.key], args=[self.interval_us, self.tolerance_us]))
        return wait_us / 1_000_000

    def acquire(self, sleep=time.sleep) -> None:
        while (wait := self.try_acquire()) > 0:
            sleep(wait)
