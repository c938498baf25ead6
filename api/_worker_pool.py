"""The parent side of the query worker processes: start, hand out, kill, replace.

``query_workers`` processes are kept warm; more start only when slow queries hog
them (see :class:`WorkerPool`), up to ``max_workers``. A job that passes its deadline
gets its process killed (SIGKILL) and a replacement is started in the background,
so the work really stops and the next request does not wait for it. Everything
here is blocking and thread-safe: the runner calls it from its own thread pool,
never on the event loop.
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

SLOW_JOB_S = 0.5  # a worker this long on one job counts as hogged: start an extra one
RETIRE_IDLE_S = 30.0  # extra workers idle this long are closed
POLL_S = 0.05  # how often a waiting request re-checks whether the busy workers turned slow


class _Worker:
    """One worker process and the two pipes to it."""

    def __init__(self, store_path: str, memory_mb: int) -> None:
        job_read, job_write = os.pipe()
        reply_read, reply_write = os.pipe()
        command = [sys.executable, "-m", "api._query_worker", store_path, str(memory_mb), str(job_read), str(reply_write)]
        # One malloc arena: glibc's default of one per thread reserves 64 MiB of address space
        # each, which the RLIMIT_AS cap would count (435 MiB at start-up instead of 107 MiB).
        env = os.environ | {"MALLOC_ARENA_MAX": "1"}
        self.process = subprocess.Popen(command, pass_fds=(job_read, reply_write), stdin=subprocess.DEVNULL, env=env)
        os.close(job_read)
        os.close(reply_write)
        self.jobs, self.replies = Connection(job_write, readable=False), Connection(reply_read, writable=False)
        self.since = time.monotonic()  # when it took its job, or went idle

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
        try:
            code = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:  # its pipe broke but it lives on: stop it
            self.process.kill()
            code = self.process.wait()
        self.close()
        if code in (-signal.SIGABRT, -signal.SIGSEGV, -signal.SIGKILL):
            raise QueryMemoryExceeded("the query needed more memory than a query may use, and was stopped")
        raise StoreError(f"the query worker exited unexpectedly (exit code {code})")

    def kill(self) -> None:
        """SIGKILL: the work stops now. Reaping waits for the kernel to tear the process
        down (0.1–0.3 s on a busy machine), so it is left to ``reap``, off the request's path."""
        if self.process.poll() is None:
            self.process.kill()
        self.close()

    def reap(self) -> None:
        """Wait for the killed process to be gone."""
        self.process.wait()

    def close(self) -> None:
        """Close the pipes: an idle worker reads EOF and exits."""
        for connection in (self.jobs, self.replies):
            try:
                connection.close()
            except OSError:
                pass


class WorkerPool:
    """Worker processes over one on-disk store; ``run(job, deadline)`` is blocking.

    ``warm`` workers always exist. A request finding none idle waits for one, unless
    every busy worker has been on its job for ``SLOW_JOB_S`` already (slow queries hog
    them): then an extra worker starts, up to ``max_workers``. So a burst of quick
    queries queues (no more processes than cores can serve) while a quick query never
    waits long behind slow ones. Extra workers retire after ``RETIRE_IDLE_S`` idle.
    """

    def __init__(self, store_path: str, warm: int, max_workers: int, memory_mb: int) -> None:
        self.store_path, self.warm, self.max_workers, self.memory_mb = store_path, warm, max(warm, max_workers), memory_mb
        self._idle: list[_Worker] = []  # most recently used last
        self._busy: set[_Worker] = set()
        self._total = 0  # idle + busy + starting
        self._closed = False
        self._cond = threading.Condition()
        self.stats = {"started": 0, "retired": 0, "killed": 0, "crashed": 0}
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
                worker = self._take_idle()
                if worker is not None:
                    return worker
                if self._total < self.max_workers and (self._total < self.warm or self._hogged()):
                    self._total += 1
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise QueryTimeout("the query reached its time limit while waiting for a free worker")
                self._cond.wait(min(remaining, POLL_S))  # re-check: busy workers may turn slow
        worker = self._start_counted()
        with self._cond:
            self._mark_busy(worker)
        return worker

    def _take_idle(self) -> _Worker | None:
        """A live idle worker, marked busy (the lock is held)."""
        while self._idle:
            worker = self._idle.pop()
            if worker.process.poll() is None:
                self._mark_busy(worker)
                return worker
            self._forget(worker)  # died while idle (killed from outside, failed to start)
        return None

    def _mark_busy(self, worker: _Worker) -> None:
        worker.since = time.monotonic()
        self._busy.add(worker)

    def _hogged(self) -> bool:
        """Every worker is busy and has been on its job for a while (the lock is held)."""
        now = time.monotonic()
        starting = self._total - len(self._busy) - len(self._idle)
        return starting == 0 and all(now - w.since >= SLOW_JOB_S for w in self._busy)

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
            self._busy.discard(worker)
            if self._closed:
                self._total -= 1
                worker.close()
                return
            worker.since = time.monotonic()
            self._idle.append(worker)
            self._retire_idle(worker.since)
            self._cond.notify()

    def _retire_idle(self, now: float) -> None:
        """Close extra workers idle for ``RETIRE_IDLE_S`` (the lock is held; the oldest come first)."""
        while len(self._idle) > self.warm and now - self._idle[0].since >= RETIRE_IDLE_S:
            self._idle.pop(0).close()
            self._total -= 1
            self.stats["retired"] += 1

    def _forget(self, worker: _Worker) -> None:
        """Drop a dead idle worker (the lock is held) and start a replacement."""
        worker.close()
        self._total -= 1
        self.stats["crashed"] += 1
        threading.Thread(target=self._replenish, name="query-worker-replenish", daemon=True).start()

    def _discard(self, worker: _Worker, why: str) -> None:
        worker.kill()
        self.stats[why] += 1
        with self._cond:
            self._busy.discard(worker)
            self._total -= 1
            self._cond.notify()
        threading.Thread(target=self._reap_and_replenish, args=(worker,), name="query-worker-replenish", daemon=True).start()

    def _reap_and_replenish(self, worker: _Worker) -> None:
        worker.reap()
        self._replenish()

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
            with self._cond:
                self._busy.add(worker)  # passes through busy so that release files it as idle
                worker.since = time.monotonic()
            self._release(worker)

    def describe(self) -> dict:
        """Counts for /-/stats."""
        with self._cond:
            self._retire_idle(time.monotonic())
            return {"workers": self._total, "idle": len(self._idle), "busy": len(self._busy), "warm": self.warm,
                    "max": self.max_workers, **self.stats}

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
                worker.reap()
