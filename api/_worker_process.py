"""One query worker process (:mod:`api._query_worker`) and the two pipes to it.

Jobs go out pickled; replies come back pickled, written with
``multiprocessing.connection.Connection.send_bytes``: a 4-byte big-endian signed length
(``-1`` then an 8-byte length for replies over 2 GiB) and the bytes. A request either
waits for its reply in a thread (``exchange``) or on the event loop (``exchange_async``,
:func:`read_message` collecting the bytes as the pipe becomes readable: no thread,
no thread switch, no GIL hand-over). The reply pipe is enlarged so that a typical
reply fits whole and the worker is free as soon as it has written it.
"""

import asyncio
import fcntl
import os
import pickle
import signal
import struct
import subprocess
import sys
import time
from multiprocessing.connection import Connection

from graph.errors import QueryMemoryExceeded, QueryTimeout, StoreError

_CHUNK = 1 << 20
REPLY_PIPE_BYTES = 1 << 20  # Linux's default pipe-max-size


class _MessageReader:
    """Accumulates one length-prefixed message from a pipe, then resolves ``future``."""

    def __init__(self, fd: int, future: asyncio.Future) -> None:
        self.fd, self.future = fd, future
        self.buffer = bytearray()

    def on_readable(self) -> None:
        """Read what the pipe holds; finish when the whole message is in."""
        if self.future.done():
            return
        try:
            chunk = os.read(self.fd, _CHUNK)
        except BlockingIOError:
            return
        except OSError as exc:
            self.future.set_exception(exc)
            return
        if not chunk:
            self.future.set_exception(EOFError("the worker closed its pipe"))
            return
        self.buffer += chunk
        message = self._complete()
        if message is not None:
            self.future.set_result(message)

    def _complete(self) -> bytes | None:
        if len(self.buffer) < 4:
            return None
        (size,) = struct.unpack("!i", self.buffer[:4])
        start = 4
        if size == -1:
            if len(self.buffer) < 12:
                return None
            (size,) = struct.unpack("!Q", self.buffer[4:12])
            start = 12
        if len(self.buffer) < start + size:
            return None
        return bytes(memoryview(self.buffer)[start : start + size])


async def read_message(fd: int, timeout_s: float) -> bytes:
    """One message from ``fd``; ``TimeoutError`` after ``timeout_s``, ``EOFError``/``OSError`` if the pipe broke."""
    loop = asyncio.get_running_loop()
    future = loop.create_future()
    reader = _MessageReader(fd, future)
    loop.add_reader(fd, reader.on_readable)
    try:
        return await asyncio.wait_for(future, max(0.0, timeout_s))
    finally:
        loop.remove_reader(fd)


class Worker:
    """One worker process and the two pipes to it."""

    def __init__(self, store_path: str, memory_mb: int) -> None:
        job_read, job_write = os.pipe()
        reply_read, reply_write = os.pipe()
        _enlarge(reply_read)
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

    async def exchange_async(self, job: dict, deadline: float) -> tuple:
        """``exchange`` waiting for the reply on the event loop instead of in a thread."""
        try:
            self.jobs.send_bytes(pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL))
            reply = await read_message(self.replies.fileno(), deadline - time.monotonic())
        except TimeoutError:  # before OSError, which it derives from
            self.kill()
            raise QueryTimeout("the query reached its time limit and was stopped") from None
        except (EOFError, OSError):
            await asyncio.to_thread(self._raise_crash)
            raise  # not reached: _raise_crash always raises
        return pickle.loads(reply)

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


def _enlarge(pipe_fd: int) -> None:
    """Give the reply pipe room for a whole typical reply (64 KiB by default); best effort."""
    try:
        fcntl.fcntl(pipe_fd, fcntl.F_SETPIPE_SZ, REPLY_PIPE_BYTES)
    except (OSError, AttributeError):  # over the system's pipe-max-size, or not Linux
        pass
