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

Encoding: pyoxigraph's own (Rust) serialisers write the result, SELECT rows as SPARQL
TSV and graphs as N-Triples (one row or triple a line), into a sink that stops them
past ``max_rows`` lines or ``MAX_RESULT_CHARS`` bytes, so the parent never holds more
than that. When the job names an output format (what the client negotiated), the
worker converts the capped text to it, still in Rust, and the parent sends the bytes
on unchanged; otherwise the parent parses TSV / N-Triples back into terms.
"""

import os
import pickle
import resource
import sys
import time
from collections.abc import Iterable
from multiprocessing.connection import Connection

import pyoxigraph as ox

from api.plain_values import ROWS_JSON, rows_json
from api.store_stamp import StoreStamp
from graph.errors import QuerySyntaxError, QueryTimeout, StoreError, SZKGError
from graph.ns import PREFIXES

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


class _Full(Exception):
    """Raised by the sink to stop a serialiser: the cap is reached."""


class _CappedSink:
    """A file-like sink for pyoxigraph's serialisers that stops them past a line or byte cap.

    Lines are rows (TSV, after ``header`` lines) or triples (N-Triples): both formats
    escape newlines inside literals. The deadline is checked at every chunk (memory stores
    run in a thread, which nothing else could stop).
    """

    def __init__(self, max_rows: int, header: int, max_chars: int, deadline: float | None) -> None:
        self.chunks: list[bytes] = []
        self.lines = self.size = 0
        self.max_lines, self.header, self.max_chars, self.deadline = max_rows + header, header, max_chars, deadline

    def write(self, chunk) -> int:
        """Keep a chunk; stop the serialiser once it is known that more than the cap exists."""
        data = bytes(chunk)
        self.chunks.append(data)
        self.lines += data.count(b"\n")
        self.size += len(data)
        if self.lines > self.max_lines or self.size > self.max_chars:
            raise _Full
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise QueryTimeout("the query reached its time limit while its results were read")
        return len(data)

    def flush(self) -> None:
        """Nothing to flush: the chunks stay in memory."""

    def capped(self) -> bytes:
        """The complete lines within both caps (the header always)."""
        complete = min(self.lines, self.max_lines)
        body = b"".join(line + b"\n" for line in b"".join(self.chunks).split(b"\n", complete)[:complete])
        if len(body) <= self.max_chars:
            return body
        header_end = body.index(b"\n") + 1 if self.header else 0
        return body[: max(header_end, body.rfind(b"\n", 0, self.max_chars) + 1)]


def serialize_capped(result, fmt, max_rows: int, header: int, max_chars: int, deadline: float | None) -> tuple[bytes, bool]:
    """``result`` written by pyoxigraph in ``fmt`` (TSV or N-Triples), capped; and whether it was."""
    sink = _CappedSink(max_rows, header, max_chars, deadline)
    try:
        result.serialize(sink, format=fmt)
    except _Full:
        return sink.capped(), True
    return b"".join(sink.chunks), False


def used_prefixes(triples: list[ox.Triple], prefixes: dict[str, str]) -> dict[str, str]:
    """The prefixes whose namespace some IRI of ``triples`` is in (Turtle without unused lines)."""
    iris = {term.value for t in triples for term in (t.subject, t.predicate, t.object) if isinstance(term, ox.NamedNode)}
    iris |= {t.object.datatype.value for t in triples if isinstance(t.object, ox.Literal)}
    return {prefix: ns for prefix, ns in prefixes.items() if any(iri.startswith(ns) for iri in iris)}


def graph_bytes(ntriples: bytes, fmt: ox.RdfFormat, prefixes: dict[str, str] | None) -> bytes:
    """N-Triples rewritten in ``fmt``."""
    if fmt == ox.RdfFormat.N_TRIPLES:
        return ntriples
    return write_triples([quad.triple for quad in ox.parse(ntriples, ox.RdfFormat.N_TRIPLES)], fmt, prefixes)


def write_triples(triples: list[ox.Triple], fmt: ox.RdfFormat, prefixes: dict[str, str] | None) -> bytes:
    """Triples in ``fmt``; Turtle and TriG declare the prefixes (default: graph.ns's) they use."""
    options = {"prefixes": used_prefixes(triples, prefixes or PREFIXES)} if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else {}
    return ox.serialize(triples, format=fmt, **options)


def encode_result(result: object, max_rows: int, deadline: float | None = None, max_chars: int = MAX_RESULT_CHARS,
                  output: dict | None = None) -> tuple[str, object, bool, str | None]:
    """(kind, payload, truncated, media type) for a pyoxigraph result: kind is rows, boolean or triples.

    ``output`` maps ``results`` / ``graph`` to the media type of the format wanted for that
    kind of result; the payload is then in that format (its media type says so); for
    :data:`~api.plain_values.ROWS_JSON` it is (SPARQL JSON with ``rows``, number of rows). Otherwise
    rows come as TSV, triples as N-Triples, a boolean as itself, and the media type is None.
    """
    output = output or {}
    results_type, graph_type = output.get("results"), output.get("graph")
    if isinstance(result, ox.QueryBoolean):
        results_type = ox.QueryResultsFormat.JSON.media_type if results_type == ROWS_JSON else results_type
        if results_type is None:
            return "boolean", bool(result), False, None
        return "boolean", result.serialize(format=ox.QueryResultsFormat.from_media_type(results_type)), False, results_type
    if isinstance(result, ox.QuerySolutions):
        payload, truncated = serialize_capped(result, ox.QueryResultsFormat.TSV, max_rows, 1, max_chars, deadline)
        if results_type is None:
            return "rows", payload, truncated, None
        if results_type == ROWS_JSON:  # the payload is (bytes, number of rows)
            return "rows", rows_json(payload), truncated, ROWS_JSON
        fmt = ox.QueryResultsFormat.from_media_type(results_type)
        if fmt != ox.QueryResultsFormat.TSV:
            payload = ox.parse_query_results(payload, ox.QueryResultsFormat.TSV).serialize(format=fmt)
        return "rows", payload, truncated, results_type
    payload, truncated = serialize_capped(result, ox.RdfFormat.N_TRIPLES, max_rows, 0, max_chars, deadline)
    if graph_type is None:
        return "triples", payload, truncated, None
    return "triples", graph_bytes(payload, ox.RdfFormat.from_media_type(graph_type), output.get("prefixes")), truncated, graph_type


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
        return ("ok", *encode_result(result, job["max_rows"], deadline, job.get("max_chars", MAX_RESULT_CHARS), job.get("output")))
    except QuerySyntaxError as exc:
        return ("syntax", str(exc))
    except SyntaxError as exc:  # raised while iterating, by pyoxigraph itself
        return ("syntax", str(exc))
    except SZKGError as exc:
        return ("error", type(exc).__name__, str(exc))
    except Exception as exc:  # evaluation errors surface while iterating
        return ("error", "StoreError", f"query failed: {type(exc).__name__}: {exc}")


class FreshStore:
    """A read-only store reopened whenever the folder's fingerprint changes.

    Opening can fail while a writer compacts (a file listed in the manifest is gone
    by the time it is opened): retry with a fresh fingerprint for up to ~2 s.
    """

    def __init__(self, path: str) -> None:
        self.path, self.stamp, self.store = path, None, None
        self._stamper = StoreStamp(path)

    def get(self, force: bool = False):
        from graph._oxigraph import OxigraphStore

        failure: Exception | None = None
        for attempt in range(_OPEN_ATTEMPTS):
            stamp = self._stamper.current()
            if stamp == self.stamp and self.store is not None and not force:
                return self.store
            try:
                store = OxigraphStore.read_only(self.path)  # the fingerprint was taken first: never staler
            except (KeyboardInterrupt, SystemExit, StoreError):
                raise  # read_only has retried past a writer's compaction already
            except BaseException as exc:  # noqa: BLE001 - a pyo3 panic mid-compaction derives from BaseException
                failure = exc
                time.sleep(0.01 * (attempt + 1))
                continue
            self.store, self.stamp = store, stamp
            return store
        raise StoreError(f"cannot open the store at {self.path} for reading: {failure}")


def _answer(fresh: FreshStore, job: dict) -> tuple:
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
    fresh = FreshStore(path)
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
