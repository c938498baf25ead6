"""Load articles into a store: read → extract → map → validate → commit, one article at a time.

Each article's graph is replaced in one transaction, so a bad article (unreadable,
unmappable, failing SHACL) is reported and skipped without touching what is stored,
and reloading an unchanged article (same text, same extractor version) changes nothing.
"""

import glob
import logging
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.errors import StoreError, ValidationFailed
from graph.ns import article_graph, document_iri
from loaders.commit import GraphCommitter
from loaders.errors import DocumentError, LoaderError
from loaders.extraction_source import ArticleExtraction, default_extractor
from loaders.to_rdf import HEX_BINARY, MappingError, extraction_to_quads, stamp, text_sha256

logger = logging.getLogger(__name__)

ARTICLE_SUFFIXES = {".txt", ".html", ".htm", ".md", ".markdown"}
UNCHANGED_QUERY = "ASK {{ GRAPH ?g {{ ?doc {sha} ?sha ; {version} ?version }} }}"


@dataclass
class Problem:
    """One article that was not loaded, and why."""

    path: str
    message: str


@dataclass
class LoadSummary:
    """What a batch did: articles per outcome and the triples it added and removed."""

    loaded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rejected: list[Problem] = field(default_factory=list)
    failed: list[Problem] = field(default_factory=list)
    added: int = 0
    removed: int = 0

    @property
    def ok(self) -> bool:
        """True when every article was loaded or already up to date."""
        return not self.rejected and not self.failed

    def line(self) -> str:
        """One-line summary for logs and non-interactive terminals."""
        return (f"loaded {len(self.loaded)}, unchanged {len(self.unchanged)}, rejected {len(self.rejected)}, "
                f"failed {len(self.failed)}; +{self.added} -{self.removed} triples")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


def expand_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[Problem]]:
    """Files named directly, article files inside folders (recursively), glob matches."""
    files: list[Path] = []
    missing: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
                                and not any(part.startswith(".") for part in p.relative_to(path).parts)))
        elif path.is_file():
            files.append(path)
        elif matches := sorted(glob.glob(str(raw), recursive=True)):
            files.extend(Path(m) for m in matches if Path(m).is_file())
        else:
            missing.append(Problem(str(raw), "no such file, folder or glob match"))
    unique = list(dict.fromkeys(p.resolve() for p in files))
    return unique, missing


def initialise_store(store, ontology_dir: Path, base: str) -> tuple[int, int]:
    """(Re)write the ontology and reference graphs from ``ontology_dir``; (added, removed)."""
    from graph.ontology import ontology_quads

    by_graph: dict[str, list[ox.Quad]] = {}
    for quad in ontology_quads(Path(ontology_dir), base):
        by_graph.setdefault(quad.graph_name.value, []).append(quad)
    added = removed = 0
    for graph, quads in by_graph.items():
        plus, minus = store.replace_graph(graph, quads)
        added, removed = added + plus, removed + minus
    return added, removed


def is_unchanged(store, doc_id: str, base: str, sha: str, version: str) -> bool:
    """True when the stored article has this text hash and this extractor/mapping stamp."""
    szr = base + "ontology#"
    # The predicates are written by pyoxigraph (str of a NamedNode); the values are bound.
    query = UNCHANGED_QUERY.format(sha=ox.NamedNode(szr + "textSha256"), version=ox.NamedNode(szr + "extractorVersion"))
    answer = store.query(
        query,
        substitutions={
            "g": ox.NamedNode(article_graph(doc_id, base)), "doc": ox.NamedNode(document_iri(doc_id, base)),
            "sha": ox.Literal(sha, datatype=HEX_BINARY),
            "version": ox.Literal(version),
        },
    )
    return bool(answer)


def _check_validation(path: Path, quads: list[ox.Quad], validate: Callable | None) -> None:
    """Run the injected SHACL check; raise ValidationFailed on violations."""
    if validate is None:
        return
    try:
        report = validate(quads)
    except ValidationFailed:
        raise
    except Exception as exc:  # a validator bug must not stop the batch: report it per article
        raise LoaderError(str(path), f"SHACL validation could not run: {type(exc).__name__}: {exc}") from exc
    if report is not None and getattr(report, "conforms", True) is False:
        summary = getattr(report, "summary", None)
        text = summary() if callable(summary) else str(summary or report)
        raise ValidationFailed(f"{path.name}: does not conform to the shapes: {text}", report)


def prepare_article(store, path: Path, *, base: str, validate: Callable | None, max_bytes: int,
                    extract: Callable[[Path, int], ArticleExtraction], places: Callable) -> tuple[str, list[ox.Quad]] | None:
    """Read, extract, map and validate one article: (graph IRI, quads), or None when unchanged."""
    article = extract(path, max_bytes)
    doc_id = path.stem
    if is_unchanged(store, doc_id, base, text_sha256(article.text), stamp(article.version)):
        return None
    extraction = {**article.extraction, "document": path.name}  # the file names the graph, whatever the JSON says
    quads = extraction_to_quads(extraction, article.text, base, places, version=article.version)
    _check_validation(path, quads, validate)
    return article_graph(doc_id, base), quads


def load_paths(store, paths: Iterable[str | Path], *, ontology_dir: Path, base: str, validate: Callable | None,
               max_bytes: int, progress: Callable[[str, str], None] | None = None,
               extract: Callable[[Path, int], ArticleExtraction] | None = None,
               places: Callable | None = None, committed: Callable[[str], None] | None = None) -> LoadSummary:
    """Load files, folders and globs of articles; one bad article never stops the batch.

    ``committed(path)`` is called for each article once its graph is durably in the store
    (a replaced graph at once, new graphs when their batch is written).
    """
    files, missing = expand_paths(paths)
    summary = LoadSummary(failed=missing)
    summary.added, summary.removed = initialise_store(store, ontology_dir, base)
    options = {"base": base, "validate": validate, "max_bytes": max_bytes,
               "extract": extract or default_extractor(), "places": places or _reference_places(ontology_dir, base)}
    committer = GraphCommitter(store, on_flushed=lambda keys, added, error: _flushed(summary, keys, added, error))
    seen: dict[str, Path] = {}
    for path in files:
        done = len(summary.loaded)  # summary.loaded grows only when a write has returned
        outcome = _load_one(store, path, seen, summary, committer, options)
        _report_committed(summary.loaded[done:], committed)
        if progress is not None:
            progress(str(path), outcome)
    done = len(summary.loaded)
    committer.flush()
    _report_committed(summary.loaded[done:], committed)
    logger.info("%s", summary.line())
    return summary


def _report_committed(paths: list[str], committed: Callable[[str], None] | None) -> None:
    if committed is not None:
        for path in paths:
            committed(path)


def _flushed(summary: LoadSummary, keys: list[str], added: int, error: str | None) -> None:
    if error:
        summary.failed.extend(Problem(key, f"could not be written: {error}") for key in keys)
        return
    summary.loaded.extend(keys)
    summary.added += added


def _load_one(store, path: Path, seen: dict, summary: LoadSummary, committer: GraphCommitter, options: dict) -> str:
    """Prepare one file and hand it to the committer; returns the outcome name."""
    if path.stem in seen:
        summary.rejected.append(Problem(str(path), f"same document id as {seen[path.stem]}: rename one of them"))
        return "rejected"
    seen[path.stem] = path
    try:
        prepared = prepare_article(store, path, **options)
        if prepared is None:
            summary.unchanged.append(str(path))
            return "unchanged"
        written = committer.commit(str(path), *prepared)
    except (MappingError, ValidationFailed) as exc:
        summary.rejected.append(Problem(str(path), getattr(exc, "reason", None) or str(exc)))
        return "rejected"
    except (DocumentError, LoaderError, StoreError, OSError, UnicodeError) as exc:
        summary.failed.append(Problem(str(path), getattr(exc, "reason", None) or str(exc)))
        return "failed"
    if written is not None:
        summary.loaded.append(str(path))
        summary.added += written[0]
        summary.removed += written[1]
    return "loaded"


def _reference_places(ontology_dir: Path, base: str) -> Callable:
    from graph.reference import find_place

    return lambda name: find_place(name, ontology_dir, base)


def drop_article(store, article: str, base: str) -> int:
    """Remove one article's graph, named by doc id or file name; returns the triples it held."""
    doc_id = Path(article).stem
    graph = article_graph(doc_id, base)
    if graph not in store.graphs():
        raise LookupError(f"no article {doc_id!r} in the store")
    return store.drop_graph(graph)
