"""A query worker process, and the compact encoding results travel in.

``python -m api._query_worker STORE_PATH MEMORY_MB IN_FD OUT_FD`` opens the on-disk
store read-only and answers jobs (pickled dicts) read from ``IN_FD`` with replies
written to ``OUT_FD``. The parent kills it (SIGKILL) when a query passes its time
limit: pyoxigraph queries cannot be interrupted, so killing the process is the
only way to really stop the work. The address space is capped (``RLIMIT_AS``) so
a runaway query aborts this process instead of exhausting the server's memory.

Freshness: before every job the worker takes a fingerprint of the store folder
(name, size and mtime of each RocksDB file: every committed write appends to the
write-ahead log or adds files) and reopens the store when it changed, since a
read-only handle only sees the data as of when it was opened. This costs ~60 µs a
job; a reopen ~20 ms.

Encoding (measured on 10k rows × 4 terms: 85 ms for this text form against 177 ms
for pickled pyoxigraph terms): SELECT rows as SPARQL TSV lines written with
``str(term)``, graphs as N-Triples lines; the parent parses them back with
pyoxigraph's own parsers. Results are capped here: iteration stops after ``max_rows``
rows or ``MAX_RESULT_CHARS`` characters, so the parent never holds more than that.
"""

import os
import pickle
import resource
import sys
import time
from collections.abc import Iterable
from multiprocessing.connection import Connection

import pyoxigraph as ox

from graph.errors import QuerySyntaxError, QueryTimeout, StoreError, SZKGError

_DEADLINE_EVERY = 256  # rows between deadline checks in the thread backend
_OPEN_ATTEMPTS = 20  # 10 ms, 20 ms, … between them: ~2 s in all
# Besides the row cap, a result stops at this much text (reported as truncated): rows of
# long literals (article texts) would otherwise make a capped result weigh gigabytes.
MAX_RESULT_CHARS = 32 * 1024 * 1024


def term_text(term: object) -> str:
    """A term in N-Triples/TSV syntax, RDF 1.2 triple terms included."""
    if isinstance(term, ox.Triple):
        return f"<<( {term_text(term.subject)} {term_text(term.predicate)} {term_text(term.object)} )>>"
    return str(term)


def _check_deadline(count: int, deadline: float | None) -> None:
    if deadline is not None and count % _DEADLINE_EVERY == 0 and time.monotonic() > deadline:
        raise QueryTimeout("the query reached its time limit while its results were read")


def _capped_lines(items: Iterable, max_rows: int, deadline: float | None, to_line, max_chars: int) -> tuple[list[str], bool]:
    """``to_line`` of at most ``max_rows`` items (and ``max_chars`` characters), and whether more were left out."""
    lines, size = [], 0
    for count, item in enumerate(items):
        if count >= max_rows or size > max_chars:
            return lines, True
        _check_deadline(count, deadline)
        lines.append(line := to_line(item))
        size += len(line)
    return lines, False


def _row_line(row: Iterable[object]) -> str:
    return "\t".join("" if t is None else term_text(t) for t in row)


def _triple_line(triple: ox.Triple) -> str:
    return f"{term_text(triple.subject)} {term_text(triple.predicate)} {term_text(triple.object)} ."


def encode_rows(variables: list[str], rows: Iterable[Iterable[object]], max_rows: int, deadline: float | None = None,
                max_chars: int = MAX_RESULT_CHARS) -> tuple[bytes, bool]:
    """SPARQL TSV of at most ``max_rows`` rows, and whether more rows were left out."""
    lines, truncated = _capped_lines(rows, max_rows, deadline, _row_line, max_chars)
    header = "\t".join("?" + v for v in variables)
    return ("\n".join([header, *lines]) + "\n").encode(), truncated


def encode_triples(triples: Iterable[ox.Triple], max_rows: int, deadline: float | None = None,
                   max_chars: int = MAX_RESULT_CHARS) -> tuple[bytes, bool]:
    """N-Triples of at most ``max_rows`` triples, and whether more were left out."""
    lines, truncated = _capped_lines(triples, max_rows, deadline, _triple_line, max_chars)
    return ("\n".join(lines) + "\n").encode() if lines else b"", truncated


def encode_result(result: object, max_rows: int, deadline: float | None = None,
                  max_chars: int = MAX_RESULT_CHARS) -> tuple[str, object, bool]:
    """(kind, payload, truncated) for a pyoxigraph result: kind is rows, boolean or triples."""
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        payload, truncated = encode_rows(variables, result, max_rows, deadline, max_chars)
        return "rows", payload, truncated
    if isinstance(result, ox.QueryBoolean):
        return "boolean", bool(result), False
    payload, truncated = encode_triples(result, max_rows, deadline, max_chars)
    return "triples", payload, truncated


def run_job(store, job: dict, deadline: float | None = None) -> tuple:
    """Run one job on ``store`` (a GraphStore); the reply tuple the parent expects."""
    try:
        result = store.query(
            job["sparql"],
            substitutions=job["substitutions"],
            union_default_graph=job["union_default_graph"],
            default_graphs=job["default_graphs"],
            named_graphs=job["named_graphs"],
        )
        return ("ok", *encode_result(result, job["max_rows"], deadline, job.get("max_chars", MAX_RESULT_CHARS)))
    except QuerySyntaxError as exc:
        return ("syntax", str(exc))
    except SyntaxError as exc:  # raised while iterating, by pyoxigraph itself
        return ("syntax", str(exc))
    except SZKGError as exc:
        return ("error", type(exc).__name__, str(exc))
    except Exception as exc:  # evaluation errors surface while iterating
        return ("error", "StoreError", f"query failed: {type(exc).__name__}: {exc}")


def _fingerprint(path: str) -> tuple:
    """Name, size and mtime of every file of the store: changes with every committed write."""
    entries = []
    for entry in os.scandir(path):
        stat = entry.stat()
        entries.append((entry.name, stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(entries))


class _FreshStore:
    """A read-only store reopened whenever the folder's fingerprint changes.

    Opening can fail while a writer compacts (a file listed in the manifest is gone
    by the time it is opened): retry with a fresh fingerprint for up to ~2 s.
    """

    def __init__(self, path: str) -> None:
        self.path, self.stamp, self.store = path, None, None

    def get(self, force: bool = False):
        from graph._oxigraph import OxigraphStore

        failure: Exception | None = None
        for attempt in range(_OPEN_ATTEMPTS):
            stamp = _fingerprint(self.path)
            if stamp == self.stamp and self.store is not None and not force:
                return self.store
            try:
                store = OxigraphStore.read_only(self.path)  # the fingerprint was taken first: never staler
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException as exc:  # noqa: BLE001 - a pyo3 panic mid-compaction derives from BaseException
                failure = exc
                time.sleep(0.01 * (attempt + 1))
                continue
            self.store, self.stamp = store, stamp
            return store
        raise StoreError(f"cannot open the store at {self.path} for reading: {failure}")


def _answer(fresh: _FreshStore, job: dict) -> tuple:
    """Run a job; once more on a reopened store if a writer removed a file under it."""
    try:
        reply = run_job(fresh.get(), job)
        if reply[0] == "error" and "No such file" in reply[-1]:
            reply = run_job(fresh.get(force=True), job)
    except SZKGError as exc:  # the store could not be opened
        reply = ("error", type(exc).__name__, str(exc))
    return reply


def _limit_memory(memory_mb: int) -> None:
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def main(argv: list[str]) -> None:
    """Serve jobs until the parent closes the pipe."""
    path, memory_mb, in_fd, out_fd = argv[0], int(argv[1]), int(argv[2]), int(argv[3])
    os.dup2(2, 1)  # stray prints go to stderr, never into the reply pipe
    if memory_mb > 0:
        _limit_memory(memory_mb)
    inbox, outbox = Connection(in_fd, writable=False), Connection(out_fd, readable=False)
    fresh = _FreshStore(path)
    try:
        fresh.get()  # open now, not on the first job
    except SZKGError:
        pass  # reported with the first job's reply
    while True:
        try:
            job = pickle.loads(inbox.recv_bytes())
        except EOFError:
            return
        reply = _answer(fresh, job)
        outbox.send_bytes(pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL))


if __name__ == "__main__":
    main(sys.argv[1:])
