"""The parent side of the query worker processes: start, hand out, kill, replace.

``query_workers`` processes are kept warm; more start only when slow queries hog
them (see :class:`WorkerPool`), up to ``max_workers``. A job that passes its deadline
gets its process killed (SIGKILL) and a replacement is started in the background,
so the work really stops and the next request does not wait for it. Everything
here is thread-safe; ``run`` blocks (the runner calls it from its own thread pool),
``acquire_async`` and ``run_async`` wait on the event loop without a thread.
"""

import asyncio
import logging
import subprocess
import threading
import time

from api._worker_process import Worker
from graph.errors import QueryTimeout, StoreError

logger = logging.getLogger(__name__)

SLOW_JOB_S = 0.5  # a worker this long on one job counts as hogged: start an extra one
RETIRE_IDLE_S = 30.0  # extra workers idle this long are closed
POLL_S = 0.05  # how often a waiting request re-checks whether the busy workers turned slow


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
        self._idle: list[Worker] = []  # most recently used last
        self._busy: set[Worker] = set()
        self._total = 0  # idle + busy + starting
        self._closed = False
        self._cond = threading.Condition()
        self._async_waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future]] = []
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

    async def acquire_async(self, deadline: float) -> Worker | None:
        """An idle worker, now busy, for ``run_async``, waited for on the event loop.

        None when a worker should start instead (``run`` does that, in a thread).
        """
        loop = asyncio.get_running_loop()
        while True:
            with self._cond:
                claim = self._claim()
                if claim is not False:
                    return None if claim is True else claim
                waiter = (loop, loop.create_future())
                self._async_waiters.append(waiter)
            try:
                await _wait_until(waiter[1], deadline)
            finally:
                with self._cond:
                    if waiter in self._async_waiters:
                        self._async_waiters.remove(waiter)

    def _notify(self) -> None:
        """Wake one thread and one coroutine waiting for a worker (the lock is held)."""
        self._cond.notify()
        while self._async_waiters:
            loop, future = self._async_waiters.pop(0)
            if not future.done():  # else it stopped waiting already: wake the next one
                loop.call_soon_threadsafe(_wake, future)
                return

    async def run_async(self, worker: Worker, job: dict, deadline: float) -> tuple:
        """``run`` on a worker from ``acquire_async``, the reply awaited on the event loop."""
        try:
            reply = await worker.exchange_async(job, deadline)
        except QueryTimeout:
            self._discard(worker, "killed")
            raise
        except BaseException:  # crashed, out of memory, cancelled mid-job: never reuse it
            self._discard(worker, "crashed")
            raise
        self._release(worker)
        return reply

    def _acquire(self, deadline: float) -> Worker:
        with self._cond:
            while True:
                claim = self._claim()
                if isinstance(claim, Worker):
                    return claim
                if claim:
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

    def _claim(self) -> Worker | bool:
        """An idle worker, now busy; else True if one more may start, False to wait (the lock is held)."""
        if self._closed:
            raise StoreError("the query service is shutting down")
        worker = self._take_idle()
        if worker is not None:
            return worker
        return self._total < self.max_workers and (self._total < self.warm or self._hogged())

    def _take_idle(self) -> Worker | None:
        """A live idle worker, marked busy (the lock is held)."""
        while self._idle:
            worker = self._idle.pop()
            if worker.process.poll() is None:
                self._mark_busy(worker)
                return worker
            self._forget(worker)  # died while idle (killed from outside, failed to start)
        return None

    def _mark_busy(self, worker: Worker) -> None:
        worker.since = time.monotonic()
        self._busy.add(worker)

    def _hogged(self) -> bool:
        """Every worker is busy and has been on its job for a while (the lock is held)."""
        now = time.monotonic()
        starting = self._total - len(self._busy) - len(self._idle)
        return starting == 0 and all(now - w.since >= SLOW_JOB_S for w in self._busy)

    def _start_counted(self) -> Worker:
        """Start a worker whose slot is already counted in ``_total``."""
        try:
            worker = Worker(self.store_path, self.memory_mb)
        except OSError as exc:
            with self._cond:
                self._total -= 1
                self._notify()
            raise StoreError(f"cannot start a query worker: {exc}") from exc
        self.stats["started"] += 1
        return worker

    def _release(self, worker: Worker) -> None:
        with self._cond:
            self._busy.discard(worker)
            if self._closed:
                self._total -= 1
                worker.close()
                return
            worker.since = time.monotonic()
            self._idle.append(worker)
            self._retire_idle(worker.since)
            self._notify()

    def _retire_idle(self, now: float) -> None:
        """Close extra workers idle for ``RETIRE_IDLE_S`` (the lock is held; the oldest come first)."""
        while len(self._idle) > self.warm and now - self._idle[0].since >= RETIRE_IDLE_S:
            self._idle.pop(0).close()
            self._total -= 1
            self.stats["retired"] += 1

    def _forget(self, worker: Worker) -> None:
        """Drop a dead idle worker (the lock is held) and start a replacement."""
        worker.close()
        self._total -= 1
        self.stats["crashed"] += 1
        threading.Thread(target=self._replenish, name="query-worker-replenish", daemon=True).start()

    def _discard(self, worker: Worker, why: str) -> None:
        worker.kill()
        self.stats[why] += 1
        with self._cond:
            self._busy.discard(worker)
            self._total -= 1
            self._notify()
        threading.Thread(target=self._reap_and_replenish, args=(worker,), name="query-worker-replenish", daemon=True).start()

    def _reap_and_replenish(self, worker: Worker) -> None:
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
            for loop, future in self._async_waiters:
                loop.call_soon_threadsafe(_wake, future)
        for worker in idle:
            worker.close()
            try:
                worker.process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.reap()


def _wake(future: asyncio.Future) -> None:
    if not future.done():
        future.set_result(None)


async def _wait_until(future: asyncio.Future, deadline: float) -> None:
    """Wait for a released worker, at most ``POLL_S`` (busy workers may turn slow); QueryTimeout past ``deadline``."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise QueryTimeout("the query reached its time limit while waiting for a free worker")
    try:
        await asyncio.wait_for(future, min(remaining, POLL_S))
    except TimeoutError:
        pass

