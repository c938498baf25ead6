"""Content negotiation and serialisation of query results.

SELECT and ASK results come as SPARQL JSON (the default), XML, CSV or TSV;
CONSTRUCT and DESCRIBE as Turtle, N-Triples, JSON-LD, RDF/XML, TriG or N-Quads.
The client chooses with ``Accept`` (q-values and wildcards honoured) or, from a
browser's address bar, ``format=`` (a short name or a media type). What cannot be
produced gets 406. A browser that prefers HTML gets JSON labelled
``application/json`` so that it displays it instead of downloading it.
Everything is written by pyoxigraph's serialisers: by the query worker itself when the
run asked for the negotiated formats (:func:`worker_output`), so that the bytes pass
through this process unchanged.
"""

import functools
import json
from dataclasses import dataclass

import pyoxigraph as ox

from api._query_worker import write_triples
from api.errors import APIError
from api.query_runner import QueryOutcome

R, G = ox.QueryResultsFormat, ox.RdfFormat


@dataclass(frozen=True)
class OutputFormat:
    """One way to write a result: a short name, the media type sent, and the serialiser's format."""

    name: str
    media_type: str
    aliases: tuple[str, ...]  # media types in Accept that select it
    results: ox.QueryResultsFormat | None = None
    rdf: ox.RdfFormat | None = None


# In order of preference: the first is the default.
RESULT_FORMATS = (
    OutputFormat("json", "application/sparql-results+json", ("application/sparql-results+json", "application/json"), results=R.JSON),
    OutputFormat("xml", "application/sparql-results+xml", ("application/sparql-results+xml", "application/xml", "text/xml"), results=R.XML),
    OutputFormat("csv", "text/csv", ("text/csv",), results=R.CSV),
    OutputFormat("tsv", "text/tab-separated-values", ("text/tab-separated-values",), results=R.TSV),
)
GRAPH_FORMATS = (
    OutputFormat("ttl", "text/turtle", ("text/turtle", "application/x-turtle", "application/turtle"), rdf=G.TURTLE),
    OutputFormat("nt", "application/n-triples", ("application/n-triples", "text/plain"), rdf=G.N_TRIPLES),
    OutputFormat("jsonld", "application/ld+json", ("application/ld+json", "application/json"), rdf=G.JSON_LD),
    OutputFormat("rdfxml", "application/rdf+xml", ("application/rdf+xml", "application/xml", "text/xml"), rdf=G.RDF_XML),
    OutputFormat("trig", "application/trig", ("application/trig",), rdf=G.TRIG),
    OutputFormat("nq", "application/n-quads", ("application/n-quads",), rdf=G.N_QUADS),
)
# format= names beyond the short names: the common spellings, per kind of result.
_FORMAT_NAMES = {
    "turtle": "ttl", "ntriples": "nt", "n-triples": "nt", "json-ld": "jsonld", "rdf": "rdfxml", "rdf+xml": "rdfxml",
    "nquads": "nq", "n-quads": "nq", "srj": "json", "srx": "xml",
}
_GRAPH_NAMES_FOR_RESULT_NAMES = {"json": "jsonld", "xml": "rdfxml"}
# What a browser that asked for HTML gets the default format labelled as, so that it shows it.
BROWSER_MEDIA_TYPE = {False: "application/json", True: "text/plain"}


def formats_for(graph: bool) -> tuple[OutputFormat, ...]:
    """The formats of a graph result (CONSTRUCT/DESCRIBE) or of a SELECT/ASK result."""
    return GRAPH_FORMATS if graph else RESULT_FORMATS


def parse_accept(accept: str) -> list[tuple[str, float]]:
    """``Accept`` as (media range, q) pairs in the client's order; malformed q counts as 1."""
    ranges = []
    for part in accept.split(","):
        media, *params = [p.strip() for p in part.split(";")]
        if not media:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(1.0, max(0.0, float(value)))
                except ValueError:
                    q = 1.0
        ranges.append((media.lower(), q))
    return ranges


def _match(media_range: str, media_type: str) -> int:
    """How specifically a range matches a type: 3 exact, 2 type/*, 1 */*, 0 no match."""
    if media_range == media_type:
        return 3
    kind = media_type.split("/")[0]
    if media_range == f"{kind}/*":
        return 2
    return 1 if media_range in ("*/*", "*") else 0


def media_quality(media_type: str, ranges: list[tuple[str, float]]) -> tuple[float, int, int]:
    """(q, specificity, -position): q comes from the most specific range matching the type (RFC 9110)."""
    matches = [(_match(r, media_type), -pos, q) for pos, (r, q) in enumerate(ranges) if _match(r, media_type)]
    if not matches:
        return (0.0, 0, 0)
    specificity, position, q = max(matches)
    return (q, specificity, position)


@dataclass(frozen=True)
class Choice:
    """The outcome of negotiation: the serialiser and the Content-Type to label the body with."""

    format: OutputFormat
    media_type: str
    browser: bool = False  # the client prefers HTML, which no result format is

    @property
    def content_type(self) -> str:
        """The Content-Type header (text types say their charset)."""
        return f"{self.media_type}; charset=utf-8" if self.media_type.startswith("text/") else self.media_type


@functools.lru_cache(maxsize=256)  # clients repeat their Accept header; a refusal (406) is not cached
def negotiate(accept: str | None, format_name: str | None, graph: bool) -> Choice:
    """The format to write for this ``Accept`` / ``format=``; 406 if nothing fits.

    The body is labelled with the media type the client asked for (``application/json``
    if it asked for that, not ``application/sparql-results+json``). A browser that
    prefers HTML gets the default format labelled so that it displays it.
    """
    candidates = formats_for(graph)
    if format_name:
        fmt = _by_name(format_name, graph)
        return Choice(fmt, fmt.media_type)
    ranges = parse_accept(accept or "")
    if not ranges:
        return Choice(candidates[0], candidates[0].media_type)
    # A format refused by one of its names (q=0 on an exact match) is refused whatever the wildcards say.
    allowed = [fmt for fmt in candidates if not any(media_quality(a, ranges)[:2] == (0.0, 3) for a in fmt.aliases)]
    pairs = [(fmt, alias, -index) for index, fmt in enumerate(allowed) for alias in fmt.aliases] or [(candidates[0], "", 0)]
    quality, _, fmt, alias = max(((media_quality(alias, ranges), rank, fmt, alias) for fmt, alias, rank in pairs), key=lambda x: x[:2])
    html_q = max((q for media, q in ranges if media in ("text/html", "application/xhtml+xml")), default=0.0)
    if html_q > 0 and (html_q > quality[0] or quality[1] < 3):
        return Choice(candidates[0], BROWSER_MEDIA_TYPE[graph], browser=True)
    if quality[0] <= 0:
        raise not_acceptable(accept or "", graph)
    # Matched through a wildcard: label with the canonical type when the client accepts it too.
    canonical_ok = quality[1] < 3 and media_quality(fmt.media_type, ranges)[0] > 0
    return Choice(fmt, fmt.media_type if canonical_ok else alias)


def _by_name(name: str, graph: bool) -> OutputFormat:
    key = name.strip().lower()
    key = _FORMAT_NAMES.get(key, key)
    if graph:
        key = _GRAPH_NAMES_FOR_RESULT_NAMES.get(key, key)
    for fmt in formats_for(graph):
        if key == fmt.name or key in fmt.aliases:
            return fmt
    raise not_acceptable(name, graph, by_name=True)


def not_acceptable(asked: str, graph: bool, by_name: bool = False) -> APIError:
    """406 saying what can be produced instead."""
    kind = "CONSTRUCT/DESCRIBE" if graph else "SELECT/ASK"
    offered = formats_for(graph)
    what = f"format={asked!r}" if by_name else f"Accept: {asked}"
    detail = (
        f"cannot produce {what} for a {kind} query; available: "
        + ", ".join(f"{f.name} ({f.media_type})" for f in offered)
    )
    return APIError(406, "Not Acceptable", detail, available=[f.media_type for f in offered])


def worker_output(accept: str | None, format_name: str | None, choice: Choice, graph: bool,
                  prefixes: dict[str, str] | None = None) -> dict:
    """What ``QueryRunner.run(output=…)`` needs to write the result as negotiated, whatever its form.

    The query text's form decided ``choice``; the other kind gets its format too (if any is
    acceptable) in case the text looked like another form than it is.
    """
    try:
        other = negotiate(accept, format_name, not graph).format
    except APIError:
        other = None
    results, rdf = (other, choice.format) if graph else (choice.format, other)
    return {"results": results.results.media_type if results else None,
            "graph": rdf.rdf.media_type if rdf else None, "prefixes": prefixes}


def serialize_outcome(outcome: QueryOutcome, fmt: OutputFormat, prefixes: dict[str, str] | None = None) -> bytes:
    """The body for ``outcome`` in ``fmt``; SPARQL JSON carries the ``szkg`` report member."""
    if outcome.body is not None:
        return _written_body(outcome, fmt)
    if outcome.is_graph:
        if fmt.rdf is None:
            raise not_acceptable(fmt.media_type, graph=True)
        return write_triples(outcome.triples, fmt.rdf, prefixes)
    if fmt.results is None:
        raise not_acceptable(fmt.media_type, graph=False)
    if outcome.form == "ASK":
        results = ox.parse_query_results(b'{"head":{},"boolean":%s}' % (b"true" if outcome.boolean else b"false"), R.JSON)
    else:
        results = ox.parse_query_results(outcome.encoded(), R.TSV)
    return _with_report(outcome, fmt, results.serialize(format=fmt.results))


def _written_body(outcome: QueryOutcome, fmt: OutputFormat) -> bytes:
    """The bytes the worker wrote, which must be in ``fmt`` (there are no rows to rewrite)."""
    written_as = fmt.rdf if outcome.is_graph else fmt.results
    if written_as is None or outcome.body_type != written_as.media_type:
        raise not_acceptable(fmt.media_type, graph=outcome.is_graph)
    return _with_report(outcome, fmt, outcome.body)


def _with_report(outcome: QueryOutcome, fmt: OutputFormat, body: bytes) -> bytes:
    if fmt.results == R.JSON and not outcome.is_graph:
        # Splice the report in as the first member: no re-parsing of a large body.
        report = json.dumps(outcome.report(), separators=(",", ":")).encode()
        body = b"".join((b'{"szkg":', report, b",", memoryview(body)[1:]))  # one copy of the body
    return body


def report_headers(outcome: QueryOutcome, time_limit_s: float) -> dict[str, str]:
    """Headers that report the row cap and timing whatever the format."""
    return {
        "X-SZKG-Truncated": "true" if outcome.truncated else "false",
        "X-SZKG-Row-Cap": str(outcome.row_cap),
        "X-SZKG-Elapsed-Ms": f"{outcome.elapsed_ms:.1f}",
        "X-SZKG-Time-Limit-S": f"{time_limit_s:g}",
    }
