"""Run SPARQL off the event loop, with a time limit that really stops the work.

Every query of the API goes through :class:`QueryRunner` (``app.state.query_runner``):

* the text is classified first (:mod:`api.sparql_text`): updates and SERVICE get 403;
* ``oxigraph:PATH`` stores run queries in worker processes (:mod:`api._worker_pool`)
  that are killed at the deadline, since pyoxigraph cannot interrupt a query;
* ``memory`` stores run in a thread: the deadline is checked between result rows,
  so a query that computes for long before its first row (ORDER BY, aggregates)
  keeps its thread busy after the request got its 503 (best effort; tests only);
* ``sparql:`` stores forward the query from a thread; the request gets its 503 at
  the deadline, the HTTP call ends at the store's own client timeout;
* at most ``max_heavy_queries`` heavy (ad-hoc) queries run at once; beyond that
  ``TooManyQueries`` (429 + Retry-After: when the soonest running one must end);
* results are capped at ``max_rows`` rows or triples (and 32 MiB of text) and the
  outcome says so; the worker processes' address space is capped (``query_memory_mb``),
  so neither a runaway query nor its result can exhaust the server's memory.
"""

import asyncio
import json
import logging
import math
import os
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pyoxigraph as ox

import graph.errors as graph_errors
from api._query_worker import MAX_RESULT_CHARS, encode_rows, encode_triples, run_job
from api._worker_pool import WorkerPool
from api.plain_values import ROWS_JSON
from api.config import Settings
from api.sparql_text import SparqlShape, classify_sparql, syntax_error
from graph.errors import QueryTimeout, StoreError, SZKGError, TooManyQueries
from graph.store import GraphStore

logger = logging.getLogger(__name__)

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass
class QueryOutcome:
    """The result of one query, capped at ``row_cap`` rows (or triples); ``truncated`` if more existed."""

    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, Term]] = field(default_factory=list)  # unbound variables absent
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)
    truncated: bool = False
    row_cap: int = 0
    elapsed_ms: float = 0.0
    # When the run asked for an output format: the result already written in it by the
    # worker (``body_type`` is its media type), and then rows/triples/boolean stay empty.
    body: bytes | None = field(default=None, repr=False, compare=False)
    body_type: str | None = None
    row_count: int | None = None  # rows in ``body``, when the worker wrote SPARQL JSON with rows (ROWS_JSON)
    # The worker's encoding of rows/triples, reused for serialising while they are the
    # same list of the same length (assign a new list to change them, as filters do).
    _encoded: bytes | None = field(default=None, repr=False, compare=False)
    _encoded_of: tuple[int, int] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self._encoded is not None:
            self._encoded_of = self._identity()

    def _identity(self) -> tuple[int, int]:
        items = self.triples if self.is_graph else self.rows
        return id(items), len(items)

    @property
    def is_graph(self) -> bool:
        """CONSTRUCT or DESCRIBE: the result is triples."""
        return self.form in ("CONSTRUCT", "DESCRIBE")

    def report(self) -> dict:
        """The ``szkg`` member: whether the result was capped, the cap and the time taken."""
        return {"truncated": self.truncated, "row_cap": self.row_cap, "elapsed_ms": round(self.elapsed_ms, 1)}

    def encoded(self) -> bytes:
        """Rows as SPARQL TSV or triples as N-Triples (what pyoxigraph re-serialises from)."""
        if self._encoded is None or self._encoded_of != self._identity():
            self._encoded_of = self._identity()
            if self.is_graph:
                self._encoded = encode_triples(self.triples, len(self.triples) + 1, max_chars=sys.maxsize)[0]
            else:
                rows = ([row.get(v) for v in self.variables] for row in self.rows)
                self._encoded = encode_rows(self.variables, rows, len(self.rows) + 1, max_chars=sys.maxsize)[0]
        return self._encoded

    def to_json(self) -> dict:
        """SPARQL 1.1 JSON results plus ``"szkg": {truncated, row_cap, elapsed_ms}``.

        CONSTRUCT/DESCRIBE give ``{"head": {}, "triples": [{"subject", "predicate", "object"}]}``
        with terms in the SPARQL JSON term encoding.
        """
        if self.form == "ASK":
            body: dict = {"head": {}, "boolean": bool(self.boolean)}
        elif self.is_graph:
            encoded = ox.parse_query_results(self._triples_as_rows(), ox.QueryResultsFormat.TSV)
            bindings = json.loads(encoded.serialize(format=ox.QueryResultsFormat.JSON))["results"]["bindings"]
            body = {"head": {}, "triples": bindings}
        else:
            parsed = ox.parse_query_results(self.encoded(), ox.QueryResultsFormat.TSV)
            body = json.loads(parsed.serialize(format=ox.QueryResultsFormat.JSON))
        body["szkg"] = self.report()
        return body

    def _triples_as_rows(self) -> bytes:
        """Triples as TSV rows of ?subject ?predicate ?object (for the JSON term encoding)."""
        rows = ((t.subject, t.predicate, t.object) for t in self.triples)
        return encode_rows(["subject", "predicate", "object"], rows, len(self.triples) + 1, max_chars=sys.maxsize)[0]


class QueryRunner:
    """Runs queries for the API with time limits, row caps and a heavy-query cap."""

    def __init__(self, store: GraphStore, settings: Settings) -> None:
        self.store = store
        self.default_timeout_s = settings.query_timeout_s
        self.max_rows = settings.max_rows
        self.max_heavy = settings.max_heavy_queries
        max_workers = settings.query_workers + settings.max_heavy_queries
        self._pool: WorkerPool | None = None
        if store.kind == "oxigraph":
            path = os.path.abspath(store.path)  # type: ignore[attr-defined]
            self._pool = WorkerPool(path, settings.query_workers, max_workers, settings.query_memory_mb)
        # Threads only wait on workers (or run memory/remote queries); twice the workers plus slack.
        self._executor = ThreadPoolExecutor(max_workers=2 * max_workers + 4, thread_name_prefix="szkg-query")
        self._heavy: dict[object, float] = {}
        self._lock = threading.Lock()
        self.counts = {"queries": 0, "timeouts": 0, "rejected": 0, "errors": 0}

    def time_limit(self, timeout_s: float | None) -> float:
        """The limit a request gets: the default, or lower if it asked for less."""
        if timeout_s is None or timeout_s <= 0:
            return self.default_timeout_s
        return min(timeout_s, self.default_timeout_s)

    async def run(
        self,
        sparql: str,
        *,
        substitutions: Mapping[str, Term] | None = None,
        timeout_s: float | None = None,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
        max_rows: int | None = None,
        heavy: bool = True,
        output: Mapping[str, object] | None = None,
        shape: SparqlShape | None = None,
    ) -> QueryOutcome:
        """Run a read-only query; raise a ``graph.errors`` error (syntax, update, timeout, 429).

        ``output`` (``{"results": media type, "graph": media type, "prefixes": {…}}``, each
        optional) has the result written in that format by pyoxigraph where it runs: the
        outcome's ``body`` then holds the bytes to send, and no rows are decoded here.
        ``shape`` is ``classify_sparql(sparql)`` when the caller has it already.
        """
        started = time.monotonic()
        shape = shape or classify_sparql(sparql)
        deadline = started + self.time_limit(timeout_s)
        cap = max_rows if max_rows and max_rows > 0 else self.max_rows
        job = _job(sparql, shape, substitutions, default_graphs, named_graphs, cap, output)
        token = self._enter_heavy(deadline) if heavy else None
        try:
            outcome = await self._execute(job, deadline, shape)
        except QueryTimeout as exc:
            self.counts["timeouts"] += 1
            limit = deadline - started
            logger.warning("query stopped at its time limit (%.3g s, %.3f s past it): %.200s",
                           limit, time.monotonic() - deadline, sparql)
            raise QueryTimeout(f"{exc} (time limit {limit:.3g} s)") from None
        except SZKGError:
            self.counts["errors"] += 1
            raise
        finally:
            if token is not None:
                with self._lock:
                    self._heavy.pop(token, None)
        self.counts["queries"] += 1
        outcome.elapsed_ms = (time.monotonic() - started) * 1000
        return outcome

    def _enter_heavy(self, deadline: float) -> object:
        with self._lock:
            if len(self._heavy) >= self.max_heavy:
                self.counts["rejected"] += 1
                wait = max(1, math.ceil(min(self._heavy.values()) - time.monotonic()))
                raise TooManyQueries(
                    f"{len(self._heavy)} SPARQL queries are running, the most this server runs at once; "
                    f"retry in {wait} s",
                    retry_after=wait,
                )
            token = object()
            self._heavy[token] = deadline
            return token

    async def _execute(self, job: dict, deadline: float, shape: SparqlShape) -> QueryOutcome:
        """Run and decode off the event loop."""
        loop = asyncio.get_running_loop()
        if self._pool is not None:
            # The pool enforces the deadline itself: it kills the worker.
            worker = await self._pool.acquire_async(deadline) if job["output"] else None
            if worker is not None:
                # A reply written in the wanted format needs no decoding: wait on the event loop, no
                # thread. Shielded: a cancelled request still lets its worker finish and return to the pool.
                reply = await asyncio.shield(self._pool.run_async(worker, job, deadline))
                return _outcome(reply, shape, job["max_rows"])
            return await loop.run_in_executor(self._executor, self._run_in_worker, job, deadline, shape)
        future = loop.run_in_executor(self._executor, self._run_in_thread, job, deadline, shape)
        try:
            return await asyncio.wait_for(future, max(0.0, deadline - time.monotonic()))
        except TimeoutError:
            raise QueryTimeout("the query reached its time limit") from None

    def _run_in_worker(self, job: dict, deadline: float, shape: SparqlShape) -> QueryOutcome:
        return _outcome(self._pool.run(job, deadline), shape, job["max_rows"])  # type: ignore[union-attr]

    def _run_in_thread(self, job: dict, deadline: float, shape: SparqlShape) -> QueryOutcome:
        return _outcome(run_job(self.store, job, deadline), shape, job["max_rows"])

    def describe(self) -> dict:
        """Counters and worker state for /-/stats."""
        with self._lock:
            running = len(self._heavy)
        info = {"heavy_running": running, "max_heavy_queries": self.max_heavy, "time_limit_s": self.default_timeout_s,
                "max_rows": self.max_rows, **self.counts}
        if self._pool is not None:
            info["workers"] = self._pool.describe()
        return info

    def close(self) -> None:
        """Stop the worker processes and the threads."""
        if self._pool is not None:
            self._pool.close()
        self._executor.shutdown(wait=False, cancel_futures=True)


def _job(sparql: str, shape: SparqlShape, substitutions, default_graphs, named_graphs, cap: int, output) -> dict:
    """The job a worker runs; the dataset follows the SPARQL 1.1 Protocol.

    Graphs named by the request define the dataset (only those); otherwise the
    query's own FROM/FROM NAMED do; otherwise the default graph is the union of all graphs.
    """
    named_by_request = bool(default_graphs) or bool(named_graphs)
    return {
        "sparql": sparql,
        "substitutions": dict(substitutions) if substitutions else None,
        "union_default_graph": not named_by_request and not shape.has_dataset,
        "default_graphs": list(default_graphs),
        "named_graphs": list(named_graphs) if named_by_request else None,
        "max_rows": cap,
        "max_chars": MAX_RESULT_CHARS,
        "output": dict(output) if output else None,
    }


def _outcome(reply: tuple, shape: SparqlShape, cap: int) -> QueryOutcome:
    """Decode a worker's reply, or raise the error it reports."""
    status = reply[0]
    if status == "syntax":
        raise syntax_error(reply[1])
    if status == "error":
        error_class = getattr(graph_errors, reply[1], StoreError)
        if not (isinstance(error_class, type) and issubclass(error_class, graph_errors.SZKGError)):
            error_class = StoreError
        raise error_class(reply[2])
    _, kind, payload, truncated, body_type = reply
    if body_type is not None:
        form = "ASK" if kind == "boolean" else "SELECT" if kind == "rows" else _graph_form(shape)
        payload, rows = payload if body_type == ROWS_JSON else (payload, None)
        return QueryOutcome(form=form, truncated=truncated, row_cap=cap, body=payload, body_type=body_type, row_count=rows)
    if kind == "boolean":
        return QueryOutcome(form="ASK", boolean=payload, row_cap=cap)
    if kind == "triples":
        triples = [quad.triple for quad in ox.parse(payload, ox.RdfFormat.N_TRIPLES)] if payload else []
        return QueryOutcome(form=_graph_form(shape), triples=triples, truncated=truncated, row_cap=cap, _encoded=payload)
    parsed = ox.parse_query_results(payload, ox.QueryResultsFormat.TSV)
    variables = [v.value for v in parsed.variables]
    rows = [{name: term for name, term in zip(variables, solution) if term is not None} for solution in parsed]
    return QueryOutcome(form="SELECT", variables=variables, rows=rows, truncated=truncated, row_cap=cap, _encoded=payload)


def _graph_form(shape: SparqlShape) -> str:
    return shape.form if shape.form in ("CONSTRUCT", "DESCRIBE") else "CONSTRUCT"
