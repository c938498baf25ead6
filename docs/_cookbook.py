"""The query cookbook (docs/queries.md): every curated query run on the sample corpus.

The sample store is the five articles of ``data/corpus`` loaded by the real loader
(``loaders.load.load_paths``: mapping, SHACL validation, commit) into a temporary
on-disk Oxigraph store, with the **gold facts** of ``tests/gold`` standing in for the
extractor (``tests/corpus_store.load_corpus``). So the example outputs come from
running the queries, and they move when a query, the mapping or the gold facts change,
not every time the extraction rules improve.
"""

import atexit
import shutil
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `tests` is not installed; cog runs from anywhere
    sys.path.insert(0, str(ROOT))

SHOWN_ROWS = 5
CELL_CHARS = 60
EXAMPLE_REFORM = "/reform/440307/yi-bei-ka-fei-ban-cheng-shi-fu-wu-mo-shi"
# Parameter values of the examples: every required parameter needs one here.
EXAMPLES: dict[str, dict[str, str]] = {
    "article_facts": {"doc": "/doc/001_6d26e2f88aad0c34"},
    "district_timeline": {"district": "龙岗区"},
    "evidence": {"fact": EXAMPLE_REFORM},
    "organisation_activity": {"org": "国务院"},
    "pilots_by_level": {"level": "national"},
    "reform_profile": {"reform": EXAMPLE_REFORM},
    "reforms_by_keyword": {"q": "营商"},
    "reforms_in_domain": {"domain": "economy"},
    "recognitions_by_kind": {"district": "龙岗"},
}


@lru_cache(maxsize=1)
def sample_store():
    """The sample corpus (gold facts) in a temporary on-disk store, loaded once per process."""
    from graph.store import open_store
    from tests.corpus_store import load_corpus

    folder = tempfile.mkdtemp(prefix="szkg-docs-")
    store = open_store(f"oxigraph:{folder}")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    atexit.register(store.close)
    load_corpus(store)
    return store


@lru_cache(maxsize=1)
def registry():
    """The curated queries, bound to the default base IRI."""
    from graph.queries import load_registry

    return load_registry(ROOT / "queries", ontology_dir=ROOT / "ontology")


def queries_cookbook() -> str:
    """Index, prologue and one section per curated query with its example result."""
    from graph.queries import sparql_prologue

    reg = registry()
    out = ["| query | 问题 | question | tags |", "|---|---|---|---|"]
    for query in reg:
        out.append(f"| [`{query.name}`](#{query.name}) | {query.title_zh} | {query.title_en} | {', '.join(query.tags)} |")
    out += ["", "Every query runs after this prologue (the app adds it; you never type it):", "",
            "```sparql", sparql_prologue().rstrip(), "```", ""]
    for query in reg:
        out.append(query_section(query))
    return "\n".join(out)


def query_section(query) -> str:
    """One query: titles, descriptions, parameters, text, example call and first rows."""
    values = example_values(query)
    lines = [f'<a id="{query.name}"></a>', "", f"## {query.title_zh} · {query.title_en}", "",
             f"`{query.name}` · tags: {', '.join(query.tags) or '—'}", "",
             f"{query.description_zh}", "", f"*{query.description_en}*", ""]
    lines += _param_table(query, values)
    lines += ["```sparql", _body(query.body), "```", "", "Run it:", "", "```bash",
              _http_call(query, values), _cli_call(query, values), "```", "",
              f"Web form: `/ui/queries/{query.name}`.", ""]
    lines += _result(query, values)
    return "\n".join(lines)


def provenance_example(name: str, shown: int = 3) -> str:
    """A curated query's text, its call and its first rows: for the data-model guide."""
    query = registry().get(name)
    values = example_values(query)
    lines = ["```sparql", _body(query.body), "```", "", "```bash", _http_call(query, values), "```", ""]
    return "\n".join(lines + _result(query, values, shown))


def example_values(query) -> dict[str, str]:
    """The example's parameter values; fails loudly when a required one has none."""
    values = EXAMPLES.get(query.name, {})
    missing = [p.name for p in query.params if p.required and p.name not in values]
    if missing:
        raise LookupError(f"queries/{query.name}.rq: add an example value for {', '.join(missing)} to docs/_cookbook.py EXAMPLES")
    return values


def _param_table(query, values: dict[str, str]) -> list[str]:
    if not query.params:
        return ["No parameters.", ""]
    rows = ["| parameter | type | required | description | example |", "|---|---|---|---|---|"]
    for p in query.params:
        shown = f"`{values[p.name]}`" if p.name in values else ""
        rows.append(f"| `{p.name}` | {p.type} | {'yes' if p.required else 'no'} | {_cell(p.description, 200)} | {shown} |")
    return rows + [""]


def _body(text: str) -> str:
    """The query without its header comment."""
    lines = text.splitlines()
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    return "\n".join(lines).strip()


def _format(query) -> str:
    """CSV for a table, Turtle for a graph."""
    return "csv" if query.form in ("SELECT", "ASK") else "ttl"


def _http_call(query, values: dict[str, str]) -> str:
    args = "".join(f" --data-urlencode '{k}={v}'" for k, v in values.items())
    return f"curl -sG http://127.0.0.1:8000/queries/{query.name}{args} -d format={_format(query)}"


def _cli_call(query, values: dict[str, str]) -> str:
    args = "".join(f" -p {k}={v}" for k, v in values.items())
    return f"szkg query {query.name}{args} --format {_format(query)}"


def example_url(name: str, values: dict[str, str]) -> str:
    """The GET URL of the example, as typed in a browser's address bar."""
    query = "&".join(f"{k}={v}" for k, v in values.items())
    return f"/queries/{name}" + (f"?{query}" if query else "")


def _result(query, values: dict[str, str], shown: int = SHOWN_ROWS) -> list[str]:
    """The first ``shown`` rows of the example as a Markdown table, in a stable order."""
    reg = registry()
    substitutions = reg.bind(query.name, values)
    result = sample_store().query(reg.sparql(query.name), substitutions=substitutions)
    if isinstance(result, ox.QueryBoolean):
        return [f"On the sample corpus: `{bool(result)}`.", ""]
    if isinstance(result, ox.QueryTriples):
        header = ["subject", "predicate", "object"]
        asked = {_short(term) for term in substitutions.values()}  # the resource asked about comes first
        rows = sorted(([_short(t.subject), _short(t.predicate), _short(t.object)] for t in result),
                      key=lambda row: (row[0] not in asked, row))
    else:
        variables = [v.value for v in result.variables]
        header = [v for v in variables if f"{v}Label" not in variables]
        rows = [[_short(row[v]) for v in header] for row in result]
        if "ORDER BY" not in query.body.upper():
            rows.sort()
    if not rows:
        return ["*No rows on the sample corpus.*", ""]
    unit = "triples" if isinstance(result, ox.QueryTriples) else "rows"
    lines = [f"First {min(len(rows), shown)} of {len(rows)} {unit} on the sample corpus (`{example_url(query.name, values)}`):",
             "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows[:shown]]
    return lines + [""]


@lru_cache(maxsize=1)
def _namespaces() -> list[tuple[str, str]]:
    from graph.queries import prologue_prefixes

    return sorted(prologue_prefixes().items(), key=lambda kv: -len(kv[1]))


def _short(term) -> str:
    """A term as a reader wants it: literal text, a CURIE, or a path under the base IRI."""
    from graph.ns import DEFAULT_BASE

    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return term.value
    value = getattr(term, "value", str(term))
    for prefix, ns in _namespaces():
        local = value[len(ns):]
        if value.startswith(ns) and local and "/" not in local and "#" not in local:
            return f"{prefix}:{local}"
    return "/" + value[len(DEFAULT_BASE):] if value.startswith(DEFAULT_BASE) else value


def _cell(text: str, limit: int = CELL_CHARS) -> str:
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text.replace("|", "\\|")
