"""Typed parameters of curated queries: validation and conversion to pyoxigraph terms.

Every value becomes one RDF term (an IRI checked by pyoxigraph, or a typed literal), so
quotes, braces, ``>``, newlines or SPARQL fragments in a value can never change a query:
they end up inside a literal or are rejected with a :class:`QueryParameterError`.
"""

import logging
import re
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from graph.errors import QueryParameterError
from graph.ns import DEFAULT_BASE

if TYPE_CHECKING:
    from graph.queries import CuratedQuery

logger = logging.getLogger(__name__)

PARAM_TYPES = ("iri", "string", "text", "integer", "year", "district", "level", "domain", "kind")
# Parameter type → SKOS scheme whose codes it accepts.
SCHEME_OF_TYPE = {"level": "level", "domain": "domain", "kind": "recognition-kind"}
# The annotation guide's codes; used when ontology/schemes has no file for a scheme.
DEFAULT_CODES: dict[str, tuple[str, ...]] = {
    "level": ("national", "provincial", "municipal", "district", "subdistrict", "community"),
    "domain": ("economy", "rule_of_law", "culture", "society", "ecology", "party_building", "discipline", "government"),
    "recognition-kind": ("award", "title", "case", "promotion", "media", "endorsement"),
}
MAX_TEXT = 500
MAX_IRI = 2000
YEAR_RANGE = (1949, 2100)
XSD = "http://www.w3.org/2001/XMLSchema#"
_YEAR = re.compile(r"^([0-9]{4})\s*年?$")
_INTEGER = re.compile(r"^[+-]?[0-9]{1,12}$")


def dummy_term(kind: str) -> ox.NamedNode | ox.Literal:
    """A well-typed placeholder value of a parameter type (for checking queries)."""
    if kind == "integer":
        return ox.Literal("1", datatype=ox.NamedNode(XSD + "integer"))
    if kind == "year":
        return ox.Literal("2000", datatype=ox.NamedNode(XSD + "gYear"))
    if kind in ("string", "text"):
        return ox.Literal("x")
    return ox.NamedNode("urn:szkg:placeholder")


def load_scheme_codes(ontology_dir: Path | None) -> dict[str, tuple[str, ...]]:
    """Codes of the level, domain and recognition-kind schemes, read from ``ontology/schemes``."""
    found: dict[str, set[str]] = {}
    folder = Path(ontology_dir) / "schemes" if ontology_dir else None
    concept = ox.NamedNode("http://www.w3.org/2004/02/skos/core#Concept")
    for path in sorted(folder.glob("*.ttl")) if folder and folder.is_dir() else ():
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            if quad.object != concept or not isinstance(quad.subject, ox.NamedNode):
                continue
            match = re.search(r"/scheme/([a-z-]+)/([A-Za-z0-9_-]+)$", quad.subject.value)
            if match:
                found.setdefault(match.group(1), set()).add(match.group(2))
    return {s: tuple(sorted(found[s])) if found.get(s) else codes for s, codes in DEFAULT_CODES.items()}


def default_place_resolver(ontology_dir: Path | None, base: str) -> tuple[Callable[[str], str | None], list[str]]:
    """Resolve district names, codes and IRIs through ``graph.reference``; also the valid names."""
    from graph import reference

    def resolve(value: str) -> str | None:
        place = (
            reference.find_place(value, ontology_dir, base)
            or reference.place_by_code(value, ontology_dir, base)
            or reference.place_by_iri(value, ontology_dir, base)
        )
        if place is None:  # English names: "Longgang", "Longgang District"
            wanted = value.casefold().removesuffix(" district").strip()
            place = next((p for p in reference.districts(ontology_dir, base)
                          if wanted in (p.en.casefold(), p.en.casefold().removesuffix(" district"))), None)
        return place.iri if place else None

    names = [f"{p.name} ({p.short_name}, {p.en}, {p.code or p.iri})" for p in reference.districts(ontology_dir, base)]
    return resolve, names


class ParameterBinder:
    """Turns request values into typed terms for one base IRI."""

    def __init__(
        self,
        base: str = DEFAULT_BASE,
        *,
        resolve_place: Callable[[str], str | None],
        place_names: list[str],
        scheme_codes: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        self.base = base
        self.resolve_place = resolve_place
        self.place_names = place_names
        self.scheme_codes = dict(scheme_codes or DEFAULT_CODES)

    @classmethod
    def for_ontology(
        cls,
        base: str,
        ontology_dir: Path | None,
        *,
        resolve_place: Callable[[str], str | None] | None = None,
        place_names: list[str] | None = None,
    ) -> "ParameterBinder":
        """A binder using the reference places and schemes of ``ontology_dir``."""
        if resolve_place is None:
            resolve_place, place_names = default_place_resolver(ontology_dir, base)
        return cls(base, resolve_place=resolve_place, place_names=place_names or [],
                   scheme_codes=load_scheme_codes(ontology_dir))

    def bind(self, query: "CuratedQuery", values: Mapping[str, str | None]) -> dict[str, ox.NamedNode | ox.Literal]:
        """Validate ``values`` against the query's parameters; raise one error listing every problem."""
        errors: list[dict[str, Any]] = []
        bound: dict[str, ox.NamedNode | ox.Literal] = {}
        for name in values:
            if query.param(name) is None:
                known = ", ".join(p.name for p in query.params) or "none"
                errors.append(_error(name, f"unknown parameter; this query takes: {known}", "unknown"))
        for param in query.params:
            raw = values.get(param.name)
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                if param.required:
                    errors.append(_error(param.name, f"required ({param.type}): {param.description}", "missing"))
                continue
            try:
                bound[param.name] = self.convert(param.type, str(raw))
            except ValueError as exc:
                errors.append(_error(param.name, str(exc), param.type))
        if errors:
            detail = "; ".join(f"{e['loc'][-1]}: {e['msg']}" for e in errors)
            raise QueryParameterError(f"query {query.name!r}: {detail}", errors=errors)
        return bound

    def convert(self, kind: str, value: str) -> ox.NamedNode | ox.Literal:
        """One value → one term; raises ValueError saying what is wrong."""
        value = unicodedata.normalize("NFC", value).strip()
        if kind in ("string", "text"):
            return _text(value, collapse=kind == "text")
        if kind in ("integer", "year"):  # full-width digits (２０１８) are digits too
            value = unicodedata.normalize("NFKC", value)
        if kind == "integer":
            if not _INTEGER.match(value):
                raise ValueError(f"expected a whole number, got {_shown(value)}")
            return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))
        if kind == "year":
            return _year(value)
        if kind == "iri":
            return self._iri(value)
        if kind == "district":
            iri = self.resolve_place(value)
            if iri is None:
                raise ValueError(f"unknown district {_shown(value)}; expected one of: {'; '.join(self.place_names)}")
            return ox.NamedNode(iri)
        if kind in SCHEME_OF_TYPE:
            return self._concept(SCHEME_OF_TYPE[kind], value)
        raise ValueError(f"unknown parameter type {kind!r}")

    def _iri(self, value: str) -> ox.NamedNode:
        if len(value) > MAX_IRI:
            raise ValueError(f"IRI longer than {MAX_IRI} characters")
        if value.startswith("/"):  # a path under the base, as the entity pages show it
            value = self.base + value.lstrip("/")
        if not re.match(r"^(https?|urn):", value, re.IGNORECASE):
            raise ValueError(f"expected an absolute http(s) IRI or a /path under {self.base}, got {_shown(value)}")
        try:
            return ox.NamedNode(value)
        except ValueError as exc:
            raise ValueError(f"invalid IRI {_shown(value)}: {exc}") from None

    def _concept(self, scheme: str, value: str) -> ox.NamedNode:
        prefix = f"{self.base}scheme/{scheme}/"
        wanted = _code_key(value[len(prefix):] if value.startswith(prefix) else value)
        codes = self.scheme_codes.get(scheme, ())
        code = next((c for c in codes if _code_key(c) == wanted), None)
        if code is None:
            raise ValueError(f"unknown {scheme} {_shown(value)}; expected one of: {', '.join(codes)}")
        return ox.NamedNode(prefix + code)


def _code_key(code: str) -> str:
    """Codes compare case-insensitively, with '-' and '_' alike (rule_of_law = rule-of-law)."""
    return code.casefold().replace("-", "_")


def _text(value: str, *, collapse: bool) -> ox.Literal:
    if collapse:
        value = " ".join(value.split())
    if len(value) > MAX_TEXT:
        raise ValueError(f"longer than {MAX_TEXT} characters")
    if any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in value):
        raise ValueError("contains control characters")
    return ox.Literal(value)


def _year(value: str) -> ox.Literal:
    match = _YEAR.match(value)
    if not match or not YEAR_RANGE[0] <= int(match.group(1)) <= YEAR_RANGE[1]:
        raise ValueError(f"expected a year {YEAR_RANGE[0]}–{YEAR_RANGE[1]} such as 2018, got {_shown(value)}")
    return ox.Literal(match.group(1), datatype=ox.NamedNode(XSD + "gYear"))


def _shown(value: str) -> str:
    """A value quoted for an error message, shortened."""
    return repr(value if len(value) <= 60 else value[:57] + "…")


def _error(name: str, message: str, kind: str) -> dict[str, Any]:
    return {"loc": ["query", name], "msg": message, "type": kind}
