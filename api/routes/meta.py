"""Service routes under the reserved ``/-/`` prefix (as in datasette): health, version, stats."""

import platform

import pyoxigraph as ox
from fastapi import APIRouter

from api import __version__
from api.deps import RunnerDep, SettingsDep, StoreDep
from api.query_runner import QueryRunner

router = APIRouter(prefix="/-", tags=["meta"])

_HEALTH_TIMEOUT_S = 5.0


@router.get("/health", summary="Is the service up and its store answering?")
async def health(runner: RunnerDep, store: StoreDep) -> dict:
    """``ok`` when a trivial query answers within 5 s; the error shape (503…) otherwise."""
    outcome = await runner.run("ASK {}", timeout_s=_HEALTH_TIMEOUT_S, heavy=False)
    return {"ok": True, "status": "ok", "store": store.kind, "elapsed_ms": round(outcome.elapsed_ms, 1)}


@router.get("/version", summary="Versions of the service and its engine")
async def version() -> dict:
    """The service's version and the versions that matter to reproduce a result."""
    import fastapi
    import rdflib

    return {
        "ok": True,
        "szkg": __version__,
        "python": platform.python_version(),
        "pyoxigraph": ox.__version__,
        "rdflib": rdflib.__version__,
        "fastapi": fastapi.__version__,
    }


@router.get("/stats", summary="Size of the graph and state of the query service")
async def stats(runner: RunnerDep, settings: SettingsDep) -> dict:
    """Triples, graphs, articles, entities per class, and the query runner's counters."""
    szr = settings.ontology_iri
    totals = await _first_row(runner, "SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?g) AS ?graphs) WHERE { GRAPH ?g { ?s ?p ?o } }")
    articles = await _first_row(runner, f"SELECT (COUNT(DISTINCT ?d) AS ?articles) WHERE {{ ?d a <{szr}SourceDocument> }}")
    classes = await runner.run(
        "SELECT ?class (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?class } GROUP BY ?class ORDER BY DESC(?n) ?class",
        heavy=False,
    )
    entities = {_compact(row["class"].value, szr): int(row["n"].value) for row in classes.rows if "class" in row}
    return {
        "ok": True,
        "triples": totals.get("triples", 0),
        "graphs": totals.get("graphs", 0),
        "articles": articles.get("articles", 0),
        "entities": entities,
        "query_service": runner.describe(),
    }


async def _first_row(runner: QueryRunner, sparql: str) -> dict[str, int]:
    outcome = await runner.run(sparql, heavy=False)
    row = outcome.rows[0] if outcome.rows else {}
    return {name: int(term.value) for name, term in row.items()}


def _compact(iri: str, szr: str) -> str:
    """``szr:Reform`` for the project's classes, the full IRI for others."""
    from graph.ns import PREFIXES

    for prefix, namespace in {**PREFIXES, "szr": szr}.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri
