"""A live server for browser tests: the app served by werkzeug from a thread on 127.0.0.1 and a
free port (PUBLIC_BASE_URL set to it, so signatures and media URLs are the real ones), and an RQ
worker thread that runs the queued jobs (real RQ, burst rounds)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from rq import SimpleWorker
from rq.timeouts import TimerDeathPenalty
from werkzeug.serving import make_server

from runtime.queues import QUEUES, queue


class ThreadWorker(SimpleWorker):
    """An RQ worker that can run outside the main thread (signals belong to the main thread)."""

    death_penalty_class = TimerDeathPenalty

    def _install_signal_handlers(self):
        pass


@dataclass
class LiveServer:
    app: object
    url: str = ""
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list = field(default_factory=list)

    @property
    def rt(self):
        return self.app.extensions["runtime"]

    def start(self, port: int) -> LiveServer:
        self._server = make_server("127.0.0.1", port, self.app, threaded=True)
        self.url = f"http://127.0.0.1:{port}"
        self._threads = [threading.Thread(target=self._server.serve_forever, daemon=True),
                         threading.Thread(target=self._work, daemon=True)]
        for thread in self._threads:
            thread.start()
        return self

    def _work(self):
        redis = self.rt.redis
        while not self._stop.is_set():
            queues = [queue(redis, name) for name in QUEUES]
            if any(q.count for q in queues):
                ThreadWorker(queues, connection=redis).work(burst=True)
            else:
                time.sleep(0.1)

    def stop(self):
        self._stop.set()
        self._server.shutdown()
        for thread in self._threads:
            thread.join(10)
