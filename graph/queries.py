"""Curated SPARQL queries: parse ``queries/*.rq`` headers, validate and bind typed parameters.

A curated query file starts with a comment header::

    # title: 各区年度改革数量 | Reforms per district per year
    # description: zh: …中文说明… | en: …English description…
    # param: district district "District (name like 龙岗区 / 龙岗 or IRI)"
    # param: from year "First year"
    # param: reform iri required "The reform"
    # tags: reforms, timeline

``# param: NAME TYPE [required] ["description"]`` with TYPE one of :data:`PARAM_TYPES`.
The query uses ``?NAME``; :meth:`QueryRegistry.bind` turns request values into
pyoxigraph terms for ``substitutions`` (never into query text). An optional parameter
left out is simply unbound, so the queries write optional filters as
``FILTER(COALESCE(?year >= ?from, !BOUND(?from)))``: true when ``?from`` is unbound,
the comparison when it is bound, false when it is bound but the row has no year.

pyoxigraph substitutes only variables a SELECT projects, and then folds
``BOUND(?param)`` to false as if the variable were never bound; the store binds
unprojected parameters with a ``VALUES`` block instead (``graph._update.bind_values``),
where ``BOUND`` works. So the queries do not project a parameter they test with
``BOUND()``, and :func:`load_query_file` refuses one that does. A query whose
parameters must filter inside a subquery (out of reach of an outer binding) marks each
place with a ``# parameters`` comment line: the store then binds every parameter by a
``VALUES`` block there (``graph._update.bind_values``), never by ``substitutions``.

Pages: :meth:`QueryRegistry.page_sparql` appends ``LIMIT size+1 OFFSET start`` (validated
integers, never request text) to a SELECT; the extra row tells whether a next page
exists. A query can select its page of primary entities first, in a subquery, and then
decorate them: a line ``# page-limit`` inside that subquery becomes
``LIMIT start+size+1``. That is correct when each selected entity yields at least one
outer row and the outer ORDER BY starts with the subquery's (total) order, so the first
``start+size+1`` rows come from the first ``start+size+1`` entities. Without a page the
marker is a comment and the query returns every row.
"""

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.errors import QueryNotFound, QueryParameterError, QuerySyntaxError, SZKGError
from graph.ns import DEFAULT_BASE, PREFIXES
from graph.query_params import ParameterBinder, PARAM_TYPES, dummy_term

logger = logging.getLogger(__name__)

QUERY_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_HEADER_LINE = re.compile(r"^#\s*(title|description|param|tags)\s*:\s*(.*)$")
_PARAM = re.compile(r'^([A-Za-z_][A-Za-z0-9_]*)\s+([a-z]+)(\s+required)?(?:\s+"(.*)")?\s*$')
_DESCRIPTION = re.compile(r"^zh:\s*(.*?)\s*\|\s*en:\s*(.*)$")
PAGE_MARK = re.compile(r"^[ \t]*#[ \t]*page-limit[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class QueryParam:
    """One typed parameter of a curated query."""

    name: str
    type: str
    required: bool = False
    description: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Metadata for listings and OpenAPI."""
        return {"name": self.name, "type": self.type, "required": self.required, "description": self.description}


@dataclass(frozen=True)
class CuratedQuery:
    """A named SPARQL query with its header metadata."""

    name: str
    title_zh: str
    title_en: str
    description_zh: str
    description_en: str
    params: tuple[QueryParam, ...]
    tags: tuple[str, ...]
    body: str
    form: str = "SELECT"
    variables: tuple[str, ...] = field(default_factory=tuple)

    def param(self, name: str) -> QueryParam | None:
        """The parameter called ``name``, if the query has one."""
        return next((p for p in self.params if p.name == name), None)

    def to_dict(self) -> dict[str, Any]:
        """Metadata for listings (no query text)."""
        return {
            "name": self.name,
            "title": {"zh": self.title_zh, "en": self.title_en},
            "description": {"zh": self.description_zh, "en": self.description_en},
            "params": [p.to_dict() for p in self.params],
            "tags": list(self.tags),
            "form": self.form,
            "variables": list(self.variables),
        }


def _split_pair(text: str, where: str) -> tuple[str, str]:
    """'中文 | English' → ('中文', 'English')."""
    zh, sep, en = text.partition("|")
    if not sep or not zh.strip() or not en.strip():
        raise QuerySyntaxError(f"{where}: expected 'zh text | en text', got {text!r}")
    return zh.strip(), en.strip()


def _parse_param(text: str, where: str) -> QueryParam:
    match = _PARAM.match(text.strip())
    if not match:
        raise QuerySyntaxError(f'{where}: expected "# param: NAME TYPE [required] [\\"description\\"]", got {text!r}')
    name, kind, required, description = match.groups()
    if kind not in PARAM_TYPES:
        raise QuerySyntaxError(f"{where}: parameter {name!r} has unknown type {kind!r}; expected one of {', '.join(PARAM_TYPES)}")
    return QueryParam(name, kind, bool(required), description or "")


def _header_fields(text: str, where: str) -> dict[str, Any]:
    """The header's fields: title, description, params, tags (raises on a malformed line)."""
    fields: dict[str, Any] = {"params": [], "tags": ()}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        match = _HEADER_LINE.match(line)
        if not match:
            continue
        key, value = match.groups()
        at = f"{where}:{number}"
        if key == "title":
            fields["title"] = _split_pair(value, at)
        elif key == "description":
            described = _DESCRIPTION.match(value.strip())
            if not described:
                raise QuerySyntaxError(f"{at}: expected 'zh: … | en: …'")
            fields["description"] = described.groups()
        elif key == "param":
            fields["params"].append(_parse_param(value, at))
        else:
            fields["tags"] = tuple(t.strip() for t in value.split(",") if t.strip())
    for key in ("title", "description"):
        if key not in fields:
            raise QuerySyntaxError(f"{where}: the header has no '# {key}:' line")
    return fields


def _check_params(params: list[QueryParam], text: str, where: str) -> None:
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise QuerySyntaxError(f"{where}: a parameter is declared twice")
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    for param in params:
        if not re.search(rf"\?{param.name}\b", code):
            raise QuerySyntaxError(f"{where}: parameter {param.name!r} is declared but the query never uses ?{param.name}")


def parse_query_text(name: str, text: str) -> CuratedQuery:
    """Parse a curated query's header; raises :class:`QuerySyntaxError` naming the file and line."""
    where = f"queries/{name}.rq"
    if not QUERY_NAME.match(name):
        raise QuerySyntaxError(f"{where}: query names are lower_snake_case ASCII")
    fields = _header_fields(text, where)
    _check_params(fields["params"], text, where)
    (title_zh, title_en), (description_zh, description_en) = fields["title"], fields["description"]
    return CuratedQuery(name=name, title_zh=title_zh, title_en=title_en, description_zh=description_zh,
                        description_en=description_en, params=tuple(fields["params"]), tags=fields["tags"], body=text)


def prologue_prefixes(base: str = DEFAULT_BASE) -> dict[str, str]:
    """The prefixes of :func:`sparql_prologue`: the standard ones plus place:, level:, domain:, kind:, doc:."""
    return {
        **PREFIXES,
        "szr": base + "ontology#",
        "place": base + "place/",
        "level": base + "scheme/level/",
        "domain": base + "scheme/domain/",
        "kind": base + "scheme/recognition-kind/",
        "doc": base + "doc/",
    }


def sparql_prologue(base: str = DEFAULT_BASE) -> str:
    """PREFIX lines for ``base`` (see :func:`prologue_prefixes`), prepended to every curated query."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in prologue_prefixes(base).items())


def _check_runs(query: CuratedQuery, prologue: str) -> CuratedQuery:
    """Run the query on an empty store with every parameter bound: syntax and projection check."""
    from graph.store import open_store

    substitutions = {p.name: dummy_term(p.type) for p in query.params}
    store = open_store("memory")
    try:
        result = store.query(prologue + query.body, substitutions=substitutions)
    except (SZKGError, SyntaxError, RuntimeError) as exc:
        raise QuerySyntaxError(f"queries/{query.name}.rq: {exc}") from exc
    finally:
        store.close()
    if isinstance(result, ox.QuerySolutions):
        variables = tuple(v.value for v in result.variables)
        _check_bound_params(query, variables)
        return replace(query, form="SELECT", variables=variables)
    return replace(query, form="ASK" if isinstance(result, ox.QueryBoolean) else "CONSTRUCT")


def _check_bound_params(query: CuratedQuery, variables: tuple[str, ...]) -> None:
    """A projected parameter is substituted by pyoxigraph, which folds BOUND(?it) to false."""
    for param in query.params:
        if param.name in variables and re.search(rf"BOUND\s*\(\s*\?{param.name}\s*\)", query.body, re.IGNORECASE):
            raise QuerySyntaxError(
                f"queries/{query.name}.rq: ?{param.name} is projected and tested with BOUND(); "
                "pyoxigraph would ignore that test once the parameter is bound"
            )


class QueryRegistry:
    """The curated queries of one folder, bound to a base IRI and a parameter binder."""

    def __init__(self, queries: Mapping[str, CuratedQuery], binder: ParameterBinder, base: str = DEFAULT_BASE) -> None:
        self.queries = dict(sorted(queries.items()))
        self.binder = binder
        self.base = base
        self.prologue = sparql_prologue(base)

    def __iter__(self):
        return iter(self.queries.values())

    def __len__(self) -> int:
        return len(self.queries)

    def get(self, name: str) -> CuratedQuery:
        """The query called ``name``; raises :class:`QueryNotFound`."""
        try:
            return self.queries[name]
        except KeyError:
            raise QueryNotFound(f"no curated query {name!r}; known: {', '.join(self.queries)}") from None

    def sparql(self, name: str) -> str:
        """The full query text (prologue for this base + the .rq file)."""
        return self.prologue + self.get(name).body

    def page_sparql(self, name: str, size: int, start: int = 0) -> str:
        """The query text for one page of a SELECT: ``size + 1`` rows from row ``start``.

        The extra row only says whether a next page exists. Other forms are returned whole.
        """
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise QueryParameterError(f"page size must be a positive whole number, got {size!r}")
        if isinstance(start, bool) or not isinstance(start, int) or start < 0:
            raise QueryParameterError(f"page offset must be a whole number >= 0, got {start!r}")
        query = self.get(name)
        if query.form != "SELECT":
            return self.sparql(name)
        body = PAGE_MARK.sub(f"LIMIT {start + size + 1}", query.body.rstrip())
        return f"{self.prologue}{body}\nLIMIT {size + 1} OFFSET {start}\n"

    def bind(self, name: str, values: Mapping[str, str | None]) -> dict[str, ox.NamedNode | ox.Literal]:
        """Validate request values and return ``substitutions`` (variable name → term)."""
        return self.binder.bind(self.get(name), values)


def load_query_file(path: Path, base: str = DEFAULT_BASE) -> CuratedQuery:
    """Parse and check one ``.rq`` file."""
    query = parse_query_text(path.stem, path.read_text(encoding="utf-8"))
    return _check_runs(query, sparql_prologue(base))


def load_registry(
    queries_dir: Path,
    base: str = DEFAULT_BASE,
    *,
    ontology_dir: Path | None = None,
    resolve_place: Callable[[str], str | None] | None = None,
    place_names: list[str] | None = None,
) -> QueryRegistry:
    """Load every ``*.rq`` in ``queries_dir``; raises :class:`QuerySyntaxError` on a bad file."""
    queries = {p.stem: load_query_file(p, base) for p in sorted(Path(queries_dir).glob("*.rq"))}
    binder = ParameterBinder.for_ontology(base, ontology_dir, resolve_place=resolve_place, place_names=place_names)
    logger.info("loaded %d curated queries from %s", len(queries), queries_dir)
    return QueryRegistry(queries, binder, base)


__all__ = [
    "CuratedQuery",
    "QueryParam",
    "QueryRegistry",
    "QueryParameterError",
    "load_query_file",
    "load_registry",
    "parse_query_text",
    "prologue_prefixes",
    "sparql_prologue",
]
