"""Generators for the parts of the docs that would otherwise drift from the code.

Used from cog blocks in docs/*.md (``cog -r docs/*.md`` rewrites them,
``cog --check`` fails when they are stale; a test runs the check).
"""

from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent


def readme_for_site() -> str:
    """README.md with its links made relative to docs/: the site's home page mirrors it."""
    import re

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.sub(r"\]\(docs/", "](", text).rstrip()


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
    """``szkg`` and every command: usage, help text and options, from the commands themselves.

    The same metadata ``szkg COMMAND --help`` prints, as Markdown (no terminal boxes).
    """
    from typer.main import get_command

    from api.cli import app

    group = get_command(app)
    out = [_command_section("szkg", group, _context(group, "szkg"))]
    out.append("| command | what it does |\n|---|---|")
    out += [f"| [`{name}`](#szkg-{name}) | {_first_line(group.commands[name].help)} |" for name in sorted(group.commands)]
    out.append("")
    for name in sorted(group.commands):
        command = group.commands[name]
        out.append(_command_section(f"szkg {name}", command, _context(command, f"szkg {name}")))
    return "\n".join(out)


def _context(command, name: str):
    """A help context as wide as any line, so nothing wraps with the terminal's width."""
    return command.context_class(command, info_name=name, terminal_width=500, max_content_width=500)


def _first_line(text: str | None) -> str:
    return (text or "").strip().split("\n\n")[0].replace("\n", " ")


def _command_section(title: str, command, ctx) -> str:
    out = [f"## `{title}`\n", "```", command.get_usage(ctx).strip(), "```\n", (command.help or "").strip() + "\n"]
    records = [p.get_help_record(ctx) for p in command.params if p.name != "help"]
    rows = [f"| `{_cell(name)}` | {_cell(text)} |" for name, text in filter(None, records)]
    if rows:
        out += ["| argument / option | description |", "|---|---|", *rows, ""]
    return "\n".join(out)


def _cell(text: str) -> str:
    """One table cell: one line, pipes escaped, paths inside the checkout relative (the docs build anywhere)."""
    return " ".join(text.replace(f"{ROOT}/", "").split()).replace("|", "\\|")


def http_reference() -> str:
    """Every operation of the OpenAPI document, grouped by tag, then the web pages outside it."""
    from api.app import create_app
    from api.config import Settings

    spec = create_app(Settings(store="memory")).openapi()
    by_tag: dict[str, list[tuple[str, str, dict]]] = {}
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            by_tag.setdefault((op.get("tags") or ["other"])[0], []).append((path, method, op))
    out = []
    for tag in sorted(by_tag):
        out.append(f"## {tag}\n")
        for path, method, op in sorted(by_tag[tag], key=lambda item: (item[0], item[1])):
            out += _operation(path, method, op)
    return "\n".join(out + _web_pages(Settings(store="memory")))


def _operation(path: str, method: str, op: dict) -> list[str]:
    out = [f"### `{method.upper()} {path}`\n"]
    if op.get("summary"):
        out.append(f"{op['summary']}\n")
    if op.get("description"):
        out.append(op["description"].strip().replace("``", "`") + "\n")
    params = op.get("parameters", [])
    if params:
        out += ["| parameter | in | type | required | description |", "|---|---|---|---|---|"]
        for p in params:
            desc = (p.get("description") or "").replace("\n", " ")
            out.append(f"| `{p['name']}` | {p['in']} | {_schema_type(p.get('schema', {}))} | "
                       f"{'yes' if p.get('required') else 'no'} | {desc} |")
        out.append("")
    body = op.get("requestBody", {}).get("content", {})
    if body:
        out.append("Request body: " + ", ".join(f"`{media}`" for media in body) + ".\n")
    out.append("Responses: " + "; ".join(_response(code, r) for code, r in sorted(op.get("responses", {}).items())) + ".\n")
    return out


def _schema_type(schema: dict) -> str:
    if "enum" in schema:
        return "one of " + ", ".join(f"`{v}`" for v in schema["enum"])
    kinds = [schema["type"]] if "type" in schema else [s.get("type", "?") for s in schema.get("anyOf", [])]
    kinds = [k for k in kinds if k != "null"]
    if kinds == ["array"]:
        return f"list of {schema.get('items', {}).get('type', '?')}"
    return "/".join(kinds) or "any"


def _response(code: str, response: dict) -> str:
    media = [m for m in response.get("content", {}) if m != "application/json" or len(response["content"]) > 1]
    text = f"`{code}` {response.get('description', '').rstrip('.')}"
    return text + (f" ({', '.join(media)})" if media else "")


def _web_pages(settings) -> list[str]:
    """Routes the OpenAPI document leaves out: the web UI pages and the static files."""
    from api.app import ROUTE_MODULES

    out = ["## Web pages (not in the OpenAPI document)\n", "| path | page |", "|---|---|"]
    for path, doc in _hidden_routes(settings, ROUTE_MODULES):
        out.append(f"| `{path}` | {doc} |")
    return out


def _hidden_routes(settings, modules) -> list[tuple[str, str]]:
    import importlib

    found = []
    for name in modules:
        module = importlib.import_module(f"api.routes.{name}")
        router = module.build_router(settings) if hasattr(module, "build_router") else module.router
        for route in router.routes:
            endpoint = getattr(route, "endpoint", None)
            if endpoint is None:  # a mount
                found.append((route.path, "Static files (CSS, JS, the vendored YASGUI, Cytoscape.js and Swagger UI)"))
            elif not getattr(route, "include_in_schema", True) and getattr(route, "methods", None) != {"HEAD"}:
                doc = " ".join((endpoint.__doc__ or "").split("\n\n")[0].split())
                found.append((route.path, doc.replace("``", "`")))
    return sorted(dict(found).items())


def _relative(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


EXAMPLE_DOC = "001_6d26e2f88aad0c34"


def queries_cookbook() -> str:
    """The query cookbook: every curated query with its example result (see ``_cookbook``)."""
    from _cookbook import queries_cookbook as cookbook

    return cookbook()


def provenance_queries() -> str:
    """The three curated queries that follow provenance, with their example results."""
    from _cookbook import provenance_example, registry

    out = []
    for question, name in (("Which sentence says this?", "evidence"),
                           ("Which articles support a fact, and how many?", "multi_article_reforms"),
                           ("What does an article assert?", "article_facts")):
        query = registry().get(name)
        out += [f"### {question}", "", f"[`{name}`](queries.md#{name}): {query.description_en}", "",
                provenance_example(name)]
    return "\n".join(out)


def worked_example(doc_id: str = EXAMPLE_DOC) -> str:
    """One recognition of the example reform, as the loader stored it, with one evidence span per fact.

    Read from the article's named graph in the sample store (``_cookbook.sample_store``:
    the real mapping and loader, gold facts), so the example cannot drift from the code.
    """
    from rdflib import Graph, URIRef

    from _cookbook import EXAMPLE_REFORM, sample_store
    from graph.ns import DEFAULT_BASE, SZR, article_graph

    dump = b"".join(sample_store().dump(ox.RdfFormat.N_TRIPLES, article_graph(doc_id, DEFAULT_BASE)))
    graph = Graph().parse(data=dump.decode("utf-8"), format="nt")
    reform = URIRef(DEFAULT_BASE + EXAMPLE_REFORM.lstrip("/"))
    recognition = min(graph.subjects(URIRef(str(SZR) + "recognizes"), reform))
    statement = _statement(graph, recognition, reform)
    blocks = [("The recognition: an n-ary node with its kind, level and who conferred it", {recognition}),
              ("The reform it recognises", {reform}),
              ("The statement node of the szr:recognizes edge, which its evidence annotates", {statement})]
    blocks += [(f"Evidence for the {what}: annotation, target, position and quote selectors", _evidence(graph, node))
               for what, node in (("recognition", recognition), ("reform", reform), ("statement", statement))]
    return "```turtle\n" + _turtle(graph, blocks) + "\n```"


def _statement(graph, subject, obj):
    from rdflib import RDF

    return next(s for s in sorted(graph.subjects(RDF.subject, subject)) if (s, RDF.object, obj) in graph)


def _evidence(graph, node) -> set:
    """The shortest evidence span whose body is ``node``, with its target and selectors."""
    from rdflib import URIRef

    oa = "http://www.w3.org/ns/oa#"
    spans = sorted(graph.subjects(URIRef(oa + "hasBody"), node), key=lambda ev: (_span_length(str(ev)), str(ev)))
    nodes = set(spans[:1])
    targets = {t for ev in nodes for t in graph.objects(ev, URIRef(oa + "hasTarget"))}
    return nodes | targets | {s for t in targets for s in graph.objects(t, URIRef(oa + "hasSelector"))}


def _turtle(graph, blocks: list[tuple[str, set]]) -> str:
    """Prefixes once, then each block's triples under a comment."""
    from rdflib import Graph

    prefixes = _prefixes()
    out = [f"@prefix {p}: <{ns}> ." for p, ns in sorted(prefixes.items())]
    for comment, nodes in blocks:
        part = Graph()
        for prefix, ns in prefixes.items():
            part.bind(prefix, ns, replace=True)
        for triple in graph.triples((None, None, None)):
            if triple[0] in nodes:
                part.add(triple)
        body = [line for line in part.serialize(format="turtle").splitlines() if not line.startswith("@prefix")]
        out += ["", f"# {comment}", "\n".join(body).strip()]
    return "\n".join(out)


def _prefixes() -> dict[str, str]:
    """The prologue's prefixes the example uses, plus reform:, recognition:, statement:."""
    from graph.ns import DEFAULT_BASE
    from graph.queries import prologue_prefixes

    used = ("oa", "prov", "rdf", "skos", "szr", "xsd", "place", "level", "domain", "kind", "doc")
    out = {p: ns for p, ns in prologue_prefixes().items() if p in used}
    out.update({name: f"{DEFAULT_BASE}{name}/" for name in ("reform", "recognition", "statement")})
    return out


def _span_length(evidence_iri: str) -> int:
    start, _, end = evidence_iri.rsplit("/", 1)[-1].partition("-")
    return int(end) - int(start)
