"""Generators for the parts of the docs that would otherwise drift from the code.

Used from cog blocks in docs/*.md (``cog -r docs/*.md`` rewrites them,
``cog --check`` fails when they are stale; a test runs the check).
"""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def settings_reference() -> str:
    """A Markdown table of every setting, its environment variable and default."""
    from api.config import Settings

    lines = ["| setting | environment variable | default | what it does |", "|---|---|---|---|"]
    for name, field in Settings.model_fields.items():
        default = field.default if field.default_factory is None else field.default_factory()
        if isinstance(default, Path):
            default = _relative(default)
        lines.append(f"| `{name}` | `SZKG_{name.upper()}` | `{default}` | {field.description or ''} |")
    return "\n".join(lines)


def cli_reference() -> str:
    """``--help`` of ``szkg`` and of every command, as Markdown sections."""
    from typer.main import get_command
    from typer.testing import CliRunner

    from api.cli import app

    runner = CliRunner()
    group = get_command(app)
    out = [_help_block("szkg", runner.invoke(app, ["--help"], prog_name="szkg", env={"COLUMNS": "100", "TERM": "dumb"}).output)]
    for name in sorted(group.commands):  # type: ignore[attr-defined]
        result = runner.invoke(app, [name, "--help"], prog_name="szkg", env={"COLUMNS": "100", "TERM": "dumb"})
        out.append(_help_block(f"szkg {name}", result.output))
    return "\n".join(out)


def _help_block(title: str, text: str) -> str:
    return f"## `{title}`\n\n```\n{text.rstrip()}\n```\n"


def http_reference() -> str:
    """Every HTTP operation of the OpenAPI document with its parameters."""
    from api.app import create_app
    from api.config import Settings

    app = create_app(Settings(store="memory"))
    spec = app.openapi()
    out = []
    for path, ops in sorted(spec["paths"].items()):
        for method, op in ops.items():
            out.append(f"### `{method.upper()} {path}`\n")
            if op.get("summary"):
                out.append(f"{op['summary']}\n")
            if op.get("description"):
                out.append(f"{op['description'].strip()}\n")
            params = op.get("parameters", [])
            if params:
                out.append("| parameter | in | type | required | description |")
                out.append("|---|---|---|---|---|")
                for p in params:
                    schema = p.get("schema", {})
                    kind = schema.get("type") or "/".join(s.get("type", "?") for s in schema.get("anyOf", []))
                    desc = (p.get("description") or "").replace("\n", " ")
                    out.append(f"| `{p['name']}` | {p['in']} | {kind} | {'yes' if p.get('required') else 'no'} | {desc} |")
                out.append("")
    return "\n".join(out)


def openapi_json() -> str:
    """The OpenAPI document, pretty-printed."""
    from api.app import create_app
    from api.config import Settings

    return json.dumps(create_app(Settings(store="memory")).openapi(), ensure_ascii=False, indent=1)


def _relative(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


EXAMPLE_ARTICLE = ROOT / "data" / "corpus" / "001_6d26e2f88aad0c34.txt"


def worked_example(article: Path = EXAMPLE_ARTICLE) -> str:
    """The triples of one sample recognition, the reform it recognises, and their evidence.

    Runs the real pipeline (read → extract → map), so the example cannot drift.
    """
    from rdflib import Dataset, URIRef

    from graph.ns import DEFAULT_BASE
    from graph.reference import find_place
    from loaders.documents import read_document
    from loaders.extract import extract_document
    from loaders.to_rdf import extraction_to_quads

    doc = read_document(article)
    extraction = extract_document(doc).to_json()
    quads = extraction_to_quads(extraction, doc.text, DEFAULT_BASE, find_place, version="docs")
    dataset = Dataset()
    dataset.parse(data="\n".join(f"{q} ." for q in quads), format="nquads")
    graph = next(g for g in dataset.graphs() if str(g.identifier).endswith(doc.doc_id))
    recognition = _first_recognition_with_target(graph)
    keep = _neighbourhood(graph, recognition)
    out = type(graph)()
    for prefix, ns in _prefixes().items():
        out.bind(prefix, ns)
    for triple in graph:
        if triple[0] in keep:
            out.add(triple)
    text = out.serialize(format="turtle")
    return "```turtle\n" + text.strip() + "\n```"


def _prefixes() -> dict[str, str]:
    from graph.ns import DEFAULT_BASE, PREFIXES

    out = dict(PREFIXES)
    for name in ("reform", "recognition", "evidence", "statement", "doc", "place", "org"):
        out[name] = f"{DEFAULT_BASE}{name}/"
    return out


def _first_recognition_with_target(graph):
    from rdflib import URIRef

    from graph.ns import SZR

    for rec in sorted(graph.subjects(URIRef(str(SZR) + "recognizes"), None)):
        return rec
    raise LookupError("no recognition with a target in the example article")


def _neighbourhood(graph, recognition) -> set:
    """The recognition, what it recognises, the statement of that edge and their evidence."""
    from rdflib import RDF, URIRef

    oa = "http://www.w3.org/ns/oa#"
    nodes = {recognition, *graph.objects(recognition, URIRef("https://w3id.org/szreform/ontology#recognizes"))}
    nodes |= set(graph.subjects(RDF.subject, recognition))
    # One evidence span per node (the shortest) keeps the example readable.
    evidence = set()
    for node in list(nodes):
        spans = sorted(graph.subjects(URIRef(oa + "hasBody"), node), key=lambda ev: _span_length(str(ev)))
        evidence.update(spans[:1])
    parts = {p for ev in evidence for p in graph.objects(ev, URIRef(oa + "hasTarget"))}
    selectors = {s for t in parts for s in graph.objects(t, URIRef(oa + "hasSelector"))}
    return nodes | evidence | parts | selectors


def _span_length(evidence_iri: str) -> int:
    start, _, end = evidence_iri.rsplit("/", 1)[-1].partition("-")
    return int(end) - int(start)
