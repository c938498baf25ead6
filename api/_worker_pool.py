"""The parent side of the query worker processes: start, hand out, kill, replace.

``query_workers`` processes are kept warm; when all are busy the pool starts more,
up to ``max_workers``, and retires the extra ones when they come back idle. A job
that passes its deadline gets its process killed (SIGKILL) and a replacement is
started in the background, so the work really stops and the next request does not
wait for it. Everything here is blocking and thread-safe: the runner calls it from
its own thread pool, never on the event loop.
"""

import logging
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection

from graph.errors import QueryMemoryExceeded, QueryTimeout, StoreError

logger = logging.getLogger(__name__)


class _Worker:
    """One worker process and the two pipes to it."""

    def __init__(self, store_path: str, memory_mb: int) -> None:
        job_read, job_write = os.pipe()
        reply_read, reply_write = os.pipe()
        command = [sys.executable, "-m", "api._query_worker", store_path, str(memory_mb), str(job_read), str(reply_write)]
        self.process = subprocess.Popen(command, pass_fds=(job_read, reply_write), stdin=subprocess.DEVNULL)
        os.close(job_read)
        os.close(reply_write)
        self.jobs, self.replies = Connection(job_write, readable=False), Connection(reply_read, writable=False)

    @property
    def pid(self) -> int:
        return self.process.pid

    def exchange(self, job: dict, deadline: float) -> tuple:
        """Send one job and wait for its reply until ``deadline``; kill the process past it."""
        try:
            self.jobs.send_bytes(pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL))
            if self.replies.poll(max(0.0, deadline - time.monotonic())):
                return pickle.loads(self.replies.recv_bytes())
        except (EOFError, OSError, BrokenPipeError):
            self._raise_crash()
        self.kill()
        raise QueryTimeout("the query reached its time limit and was stopped")

    def _raise_crash(self) -> None:
        code = self.process.wait(timeout=5)
        self.close()
        if code in (-signal.SIGABRT, -signal.SIGSEGV, -signal.SIGKILL):
            raise QueryMemoryExceeded("the query needed more memory than a query may use, and was stopped")
        raise StoreError(f"the query worker exited unexpectedly (exit code {code})")

    def kill(self) -> None:
        """Stop the process now (the work stops with it) and reap it."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.close()

    def close(self) -> None:
        """Close the pipes: an idle worker reads EOF and exits."""
        for connection in (self.jobs, self.replies):
            try:
                connection.close()
            except OSError:
                pass


class WorkerPool:
    """Worker processes over one on-disk store; ``run(job, deadline)`` is blocking."""

    def __init__(self, store_path: str, warm: int, max_workers: int, memory_mb: int) -> None:
        self.store_path, self.warm, self.max_workers, self.memory_mb = store_path, warm, max(warm, max_workers), memory_mb
        self._idle: list[_Worker] = []
        self._total = 0
        self._closed = False
        self._cond = threading.Condition()
        self.stats = {"started": 0, "killed": 0, "crashed": 0}
        self._replenish()

    def run(self, job: dict, deadline: float) -> tuple:
        """Run ``job`` on a free worker; raise QueryTimeout if none is free or it runs past ``deadline``."""
        worker = self._acquire(deadline)
        try:
            reply = worker.exchange(job, deadline)
        except QueryTimeout:
            self._discard(worker, "killed")
            raise
        except BaseException:  # crashed, out of memory, or a broken pipe: never reuse it
            self._discard(worker, "crashed")
            raise
        self._release(worker)
        return reply

    def _acquire(self, deadline: float) -> _Worker:
        with self._cond:
            while True:
                if self._closed:
                    raise StoreError("the query service is shutting down")
                if self._idle:
                    return self._idle.pop()
                if self._total < self.max_workers:
                    self._total += 1
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not self._cond.wait(remaining):
                    raise QueryTimeout("the query reached its time limit while waiting for a free worker")
        return self._start_counted()

    def _start_counted(self) -> _Worker:
        """Start a worker whose slot is already counted in ``_total``."""
        try:
            worker = _Worker(self.store_path, self.memory_mb)
        except OSError as exc:
            with self._cond:
                self._total -= 1
                self._cond.notify()
            raise StoreError(f"cannot start a query worker: {exc}") from exc
        self.stats["started"] += 1
        return worker

    def _release(self, worker: _Worker) -> None:
        with self._cond:
            if self._closed or len(self._idle) >= self.warm:
                self._total -= 1
                worker.close()
            else:
                self._idle.append(worker)
            self._cond.notify()

    def _discard(self, worker: _Worker, why: str) -> None:
        worker.kill()
        self.stats[why] += 1
        with self._cond:
            self._total -= 1
            self._cond.notify()
        threading.Thread(target=self._replenish, name="query-worker-replenish", daemon=True).start()

    def _replenish(self) -> None:
        """Start workers until ``warm`` of them exist (after a kill, and at start-up)."""
        while True:
            with self._cond:
                if self._closed or self._total >= self.warm:
                    return
                self._total += 1
            try:
                worker = self._start_counted()
            except StoreError:
                logger.exception("cannot start a query worker")
                return
            self._release(worker)

    def describe(self) -> dict:
        """Counts for /-/stats."""
        with self._cond:
            return {"workers": self._total, "idle": len(self._idle), "warm": self.warm, "max": self.max_workers, **self.stats}

    def close(self) -> None:
        """Stop every idle worker; busy ones are stopped when their job comes back."""
        with self._cond:
            self._closed = True
            idle, self._idle = self._idle, []
            self._cond.notify_all()
        for worker in idle:
            worker.close()
            try:
                worker.process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                worker.kill()
