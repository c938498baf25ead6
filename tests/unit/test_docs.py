"""The documentation covers the product and is current.

Generated parts (cog blocks in docs/*.md) must equal what their generators print now;
every CLI command, HTTP route, curated query, ontology term and setting must appear in
its reference page; the site must build with warnings as errors; the README's first
screen must be the two commands.
"""

import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, URIRef
from rdflib.namespace import OWL, SKOS

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
SZR = "https://w3id.org/szreform/ontology#"


def _doc(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def missing_from(text: str, names, shown=lambda name: name) -> list[str]:
    """The names whose rendering ``shown(name)`` does not occur in ``text``."""
    return sorted(name for name in names if shown(name) not in text)


def test_missing_from_reports_what_is_absent() -> None:
    # The coverage checks below rely on this; a checker that never reports would pass vacuously.
    assert missing_from("## `szkg load`", ["load", "drop"], lambda n: f"## `szkg {n}`") == ["drop"]


# --- generated parts are current -------------------------------------------------------

def _cogged() -> list[Path]:
    return sorted(p for p in DOCS.glob("*.md") if "[[[cog" in p.read_text(encoding="utf-8"))


def test_every_generated_part_is_current() -> None:
    files = _cogged()
    assert {p.name for p in files} >= {"cli.md", "http-api.md", "queries.md", "configuration.md", "data-model.md", "index.md"}
    result = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", "--diff", *[str(p.relative_to(ROOT)) for p in files]],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, (
        f"docs are out of date; regenerate with: make docs-gen (or .venv/bin/cog -r docs/NAME.md)\n{result.stdout[-4000:]}{result.stderr[-4000:]}"
    )


# --- every public thing appears in its reference page ----------------------------------

def test_every_cli_command_is_in_the_cli_reference() -> None:
    from typer.main import get_command

    from api.cli import app

    commands = get_command(app).commands  # type: ignore[attr-defined]
    assert len(commands) >= 8
    assert missing_from(_doc("cli.md"), commands, lambda name: f"## `szkg {name}`") == []


def _hidden_routes() -> list[str]:
    """Paths of routes the OpenAPI document leaves out (web pages, static files)."""
    from api.app import ROUTE_MODULES
    from api.config import Settings

    paths = []
    for name in ROUTE_MODULES:
        module = importlib.import_module(f"api.routes.{name}")
        router = module.build_router(Settings(store="memory")) if hasattr(module, "build_router") else module.router
        paths += [r.path for r in router.routes if (not getattr(r, "include_in_schema", True) or not hasattr(r, "endpoint"))
                  and getattr(r, "methods", None) != {"HEAD"}]  # HEAD twins of GET routes: documented with them
    return paths


def test_every_http_route_is_in_the_http_reference() -> None:
    from api.app import create_app
    from api.config import Settings

    spec = create_app(Settings(store="memory")).openapi()
    operations = [f"{method.upper()} {path}" for path, ops in spec["paths"].items() for method in ops]
    assert len(operations) >= 30
    text = _doc("http-api.md")
    assert missing_from(text, operations, lambda op: f"### `{op}`") == []
    hidden = _hidden_routes()
    assert "/ui/sparql" in hidden
    assert missing_from(text, hidden, lambda path: f"| `{path}` |") == []


def test_every_curated_query_is_in_the_cookbook() -> None:
    names = [p.stem for p in (ROOT / "queries").glob("*.rq")]
    assert len(names) >= 10
    text = _doc("queries.md")
    assert missing_from(text, names, lambda name: f'<a id="{name}"></a>') == []
    assert missing_from(text, names, lambda name: f"szkg query {name}") == []


def test_every_ontology_term_concept_scheme_and_place_is_in_the_ontology_reference() -> None:
    from graph.ontology import load_ontology_graph
    from graph.reference import load_places

    graph = load_ontology_graph()
    terms = {str(s) for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(SZR)}
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    assert {str(s) for kind in kinds for s in graph.subjects(RDF.type, kind)} & terms
    html = _doc("ontology.html")
    assert missing_from(html, terms, lambda iri: f"szr:{iri[len(SZR):]}") == []
    concepts = {str(c) for c in graph.subjects(RDF.type, SKOS.Concept)}
    schemes = {str(c) for c in graph.subjects(RDF.type, SKOS.ConceptScheme)}
    assert len(concepts) >= 20 and len(schemes) >= 5
    assert missing_from(html, concepts, lambda iri: f'id="{iri}"') == []
    assert missing_from(html, schemes, lambda iri: iri) == []
    places = [place.iri for place in load_places()]
    assert len(places) >= 11
    assert missing_from(html, places, lambda iri: f"<code>{iri}</code>") == []


def test_every_setting_and_its_variable_are_in_the_configuration_page() -> None:
    from api.config import Settings

    text = _doc("configuration.md")
    fields = list(Settings.model_fields)
    assert "store" in fields
    assert missing_from(text, fields, lambda name: f"| `{name}` | `SZKG_{name.upper()}` |") == []


# --- the site builds, the README holds ---------------------------------------------------

def test_the_site_builds_with_warnings_as_errors(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs", reason="mkdocs is not installed (pip install -e '.[dev]')")
    # Not --quiet: mkdocs then stops counting warnings, and --strict passes anyway.
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(tmp_path / "site")],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert (tmp_path / "site" / "queries" / "index.html").is_file()
    assert (tmp_path / "site" / "ontology.html").is_file()


def _first_code_block(text: str) -> list[str]:
    match = re.search(r"```[a-z]*\n(.*?)```", text, re.S)
    assert match, "the README's first screen has no code block"
    return [line.split("#", 1)[0].strip() for line in match.group(1).splitlines() if line.split("#", 1)[0].strip()]


def test_the_readme_first_screen_is_the_two_commands() -> None:
    first_screen = "\n".join((ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:25])
    assert _first_code_block(first_screen) == ["make run", "make test"]


def test_every_readme_link_resolves_to_a_file() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    links = [target.split("#", 1)[0] for target in re.findall(r"\]\(([^)\s]+)\)", text)]
    local = [link for link in links if link and not re.match(r"^[a-z]+:", link)]
    assert len(local) >= 5
    assert sorted(link for link in local if not (ROOT / link).is_file()) == []


def test_the_readme_curated_query_urls_exist() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    names = set(re.findall(r"/queries/([a-z0-9_]+)", text))
    assert names, "the README shows no curated query"
    assert sorted(n for n in names if not (ROOT / "queries" / f"{n}.rq").is_file()) == []
