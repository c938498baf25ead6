"""Reference places: Shenzhen, its districts and functional zones, and their subdistricts.

Read once from ``ontology/reference/places.ttl`` and cached. Names are matched in full
(龙岗区, 平湖街道) or short (龙岗, 平湖); a short name shared by a district and one of its
subdistricts (龙岗区 / 龙岗街道) resolves to the district, as the annotation guide reads it.
"""

import logging
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS

from graph.ns import DEFAULT_BASE, SCHEMA
from graph.ontology import DEFAULT_ONTOLOGY_DIR, cached_reference_graph

logger = logging.getLogger(__name__)

KINDS = ("Municipality", "District", "FunctionalZone", "Subdistrict")
PINYIN_TAG = "zh-latn-pinyin"  # rdflib lower-cases language tags
_SUFFIXES = ("特别合作区", "新区", "街道", "区", "市")


@dataclass(frozen=True)
class Place:
    """A reference place; ``iri`` and ``parent`` are IRIs under the chosen base."""

    iri: str
    kind: str
    name: str
    short_name: str
    code: str | None
    parent: str | None
    pinyin: str
    en: str
    alt_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Index:
    places: tuple[Place, ...]
    by_iri: dict[str, Place]
    by_name: dict[str, Place]


def short_name(name: str) -> str:
    """The name without its administrative suffix: 龙岗区 → 龙岗, 平湖街道 → 平湖."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _labels(graph, subject, predicate) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for label in graph.objects(subject, predicate):
        if isinstance(label, Literal):
            found.setdefault((label.language or "").lower(), []).append(str(label))
    return found


def _place(graph, subject: URIRef, kind: str, division_code: URIRef) -> Place:
    pref = _labels(graph, subject, SKOS.prefLabel)
    alt = _labels(graph, subject, SKOS.altLabel)
    hidden = _labels(graph, subject, SKOS.hiddenLabel)
    name = pref["zh"][0]
    short = short_name(name)
    code = next(iter(graph.objects(subject, division_code)), None)
    parent = next(iter(graph.objects(subject, SCHEMA.containedInPlace)), None)
    others = sorted({*alt.get("zh", []), *hidden.get("zh", [])} - {short, name})
    return Place(
        iri=str(subject), kind=kind, name=name, short_name=short,
        code=str(code) if code is not None else None,
        parent=str(parent) if parent is not None else None,
        pinyin=(alt.get(PINYIN_TAG) or [""])[0], en=(pref.get("en") or [""])[0],
        alt_names=tuple(others),
    )


@lru_cache(maxsize=8)
def _index(ontology_dir: str, base: str) -> _Index:
    graph = cached_reference_graph(Path(ontology_dir), base)
    rank = {kind: i for i, kind in enumerate(KINDS)}
    szr = f"{base}ontology#"  # the ontology namespace moves with the base
    places: list[Place] = []
    for kind in KINDS:
        for subject in graph.subjects(RDF.type, URIRef(szr + kind)):
            places.append(_place(graph, subject, kind, URIRef(szr + "divisionCode")))
    places.sort(key=lambda p: (rank[p.kind], p.parent or "", p.iri))
    by_name: dict[str, Place] = {}
    # full names first, then short names, then variants; within each, higher kinds first
    for attribute in ("name", "short_name", "alt_names"):
        for place in places:
            values = getattr(place, attribute)
            for value in values if isinstance(values, tuple) else (values,):
                by_name.setdefault(value, place)
    logger.debug("loaded %d reference places from %s", len(places), ontology_dir)
    return _Index(tuple(places), {p.iri: p for p in places}, by_name)


def _get(ontology_dir: Path | None, base: str) -> _Index:
    return _index(str(Path(ontology_dir or DEFAULT_ONTOLOGY_DIR).resolve()), base)


def load_places(ontology_dir: Path | None = None, base: str = DEFAULT_BASE) -> tuple[Place, ...]:
    """All reference places: the municipality, districts, zones, then subdistricts."""
    return _get(ontology_dir, base).places


def districts(ontology_dir: Path | None = None, base: str = DEFAULT_BASE) -> tuple[Place, ...]:
    """The nine districts and the two functional zones, districts first, by code."""
    return tuple(p for p in load_places(ontology_dir, base) if p.kind in ("District", "FunctionalZone"))


def subdistricts_of(
    district_iri: str, ontology_dir: Path | None = None, base: str = DEFAULT_BASE
) -> tuple[Place, ...]:
    """The subdistricts directly contained in the district or zone ``district_iri``."""
    return tuple(
        p for p in load_places(ontology_dir, base) if p.kind == "Subdistrict" and p.parent == district_iri
    )


def find_place(name: str, ontology_dir: Path | None = None, base: str = DEFAULT_BASE) -> Place | None:
    """The place a full or short name denotes (平湖, 平湖街道 → the same Place; 龙岗 → 龙岗区)."""
    key = unicodedata.normalize("NFC", name).strip()
    return _get(ontology_dir, base).by_name.get(key)


def place_by_iri(iri: str, ontology_dir: Path | None = None, base: str = DEFAULT_BASE) -> Place | None:
    """The reference place with this IRI, if any."""
    return _get(ontology_dir, base).by_iri.get(iri)


def place_by_code(code: str, ontology_dir: Path | None = None, base: str = DEFAULT_BASE) -> Place | None:
    """The municipality or district with this division code (440307), if any."""
    return next((p for p in load_places(ontology_dir, base) if p.code == code), None)
