"""Entities and relations of one extraction → fact nodes, statement nodes and their evidence."""

import logging
from collections.abc import Callable, Iterator

import pyoxigraph as ox

from loaders.errors import ExtractionError
from loaders.iri import IriMinter, drop_leading_verb, normalise_name, org_scope, pinyin_label
from loaders.quantity import decimal_text, normalise
from loaders.rdf_terms import Vocabulary, decimal, gyear, integer, pinyin, zh

logger = logging.getLogger(__name__)

PLACE_TYPES = {"District", "Subdistrict", "Community"}
# Mapped after places (they need their place), recognitions last (their key holds what they recognise).
ORDER = ["District", "Subdistrict", "Community", "Organization", "MediaOutlet", "Person",
         "ReformPlan", "Reform", "Pilot", "Metric", "Recognition"]
RECOGNITION_CLASSES = {"award": "AwardOrTitle", "title": "AwardOrTitle", "case": "TypicalCaseSelection",
                       "promotion": "OfficialPromotion", "media": "MediaCoverage", "endorsement": "LeaderEndorsement"}
PILOT_TYPES = (("试点城区", "pilot-district"), ("示范基地", "demonstration-base"), ("示范社区", "demonstration-community"),
               ("示范校", "demonstration-school"), ("示范县", "demonstration-county"), ("示范地区", "demonstration-area"),
               ("示范区", "demonstration-zone"), ("实践区", "practice-zone"), ("试验区", "experimental-zone"), ("实验区", "experimental-zone"),
               ("试点", "pilot"))
MAX_ALT_LABEL = 40  # longer evidence quotes are sentences, not names
SIMPLE_PREDICATES = {"implementedIn": "implementedIn", "ledBy": "ledBy", "recognizes": "recognizes",
                     "conferredBy": "conferredBy", "hasOutcome": "hasOutcome"}


class MappingError(ExtractionError):
    """The extraction cannot be mapped: bad offsets, unknown ids, a text that does not match."""


def pilot_type(name: str) -> str | None:
    """Pilot-type concept code from the designation's name (…示范区 → demonstration-zone)."""
    return next((code for suffix, code in PILOT_TYPES if suffix in name), None)


def community_key(name: str) -> str:
    """上木古社区 → 上木古 (the slug of a community drops the 社区 suffix)."""
    name = normalise_name(name)
    return name[:-2] if name.endswith("社区") and len(name) > 3 else name


class FactMapper:
    """Mints and describes the fact nodes of one article; collects evidence to annotate."""

    def __init__(self, vocab: Vocabulary, minter: IriMinter, places: Callable, district: str | None, document: str) -> None:
        self.v, self.m, self.places = vocab, minter, places
        self.district = district
        self.document = document
        self.doc = ox.NamedNode(minter.doc())
        self.iris: dict[str, ox.NamedNode] = {}
        self.types: dict[str, str] = {}
        self.reference: set[str] = set()  # ids of reference places: linked, never described
        self.evidence: list[tuple[ox.NamedNode, str, list[dict]]] = []

    def map(self, entities: list[dict], relations: list[dict]) -> Iterator[tuple]:
        """Every triple of the facts (document node and annotations excluded)."""
        by_id = {}
        for entity in entities:
            if entity.get("id") in by_id or not entity.get("name") or entity.get("type") not in ORDER:
                raise MappingError(self.document, f"entity {entity.get('id')!r}: duplicate id, no name or unknown type {entity.get('type')!r}")
            by_id[entity["id"]] = entity
        for rel in relations:
            for end in ("head", "tail"):
                if rel.get(end) not in by_id:
                    raise MappingError(self.document, f"relation {rel.get('type')} refers to unknown entity {rel.get(end)!r}")
        self.relations = relations
        self.by_id = by_id
        for entity in sorted(entities, key=lambda e: ORDER.index(e["type"])):
            self.types[entity["id"]] = entity["type"]
            yield from self._entity(entity)
        for rel in relations:
            yield from self._relation(rel)

    # -- entities -----------------------------------------------------------------
    def _tails(self, head: str, rel_type: str) -> list[str]:
        return [r["tail"] for r in self.relations if r["head"] == head and r.get("type") == rel_type]

    def _place_code_of(self, entity_id: str) -> str:
        """Division code of where a reform/plan/pilot is carried out (else the article's district)."""
        for tail in self._tails(entity_id, "implementedIn"):
            if tail in self.iris:
                return self.m.place_code(self.iris[tail].value)
        return self.district or "440300"

    def _entity(self, e: dict) -> Iterator[tuple]:
        iri = self._mint(e)
        node = ox.NamedNode(iri)
        self.iris[e["id"]] = node
        if e.get("evidence"):
            self.evidence.append((node, "identifying", e["evidence"]))
        if e["id"] in self.reference:
            return
        yield node, self.v.PROV("wasDerivedFrom"), self.doc
        yield from getattr(self, "_describe_" + e["type"].lower())(node, e)

    def _mint(self, e: dict) -> str:
        kind, name, m = e["type"], normalise_name(e["name"]), self.m
        if kind in PLACE_TYPES:
            return self._place_iri(e)
        if kind == "Organization":
            return m.org(*org_scope(name, e.get("level"), self.district, self._district_prefix(name)))
        if kind == "MediaOutlet":
            return m.media(name)
        if kind == "Person":
            return m.person(name, self.district or "440300")
        if kind == "ReformPlan":
            return m.plan(self._place_code_of(e["id"]), name)
        if kind == "Reform":
            return m.reform(self._place_code_of(e["id"]), name)
        if kind == "Pilot":
            return m.pilot(self._place_code_of(e["id"]), name)
        if kind == "Metric":
            return m.outcome((e.get("evidence") or [{}])[0].get("start"), name)
        recognised = sorted(self.iris[t].value for t in self._tails(e["id"], "recognizes") if t in self.iris)
        return m.recognition(name, recognised)

    def _district_prefix(self, name: str) -> tuple[str, str] | None:
        """(龙岗区, 440307) when an organisation's name starts with a district's full name."""
        for end in range(len(name) - 1, 1, -1):
            if name[end - 1] == "区":
                place = self.places(name[:end])
                if place is not None and place.code and place.kind in {"District", "FunctionalZone"}:
                    return name[:end], place.code
        return None

    def _place_iri(self, e: dict) -> str:
        place = self._reference_place(e)
        if place is not None:
            self.reference.add(e["id"])
            return place.iri
        district = self.district or "440300"
        if e["type"] == "District":
            return self.m.place(self.m.slug_of(e["name"]))
        if e["type"] == "Subdistrict":
            return self.m.place(district, self.m.slug_of(e["name"].removesuffix("街道")))
        parent = next((self.iris[t].value for t in self._tails(e["id"], "partOf") if t in self.iris), None)
        key = self.m.slug_of(community_key(e["name"]))
        if parent and self.types.get(self._parent_id(e["id"])) == "Subdistrict":
            return f"{parent}/{key}"
        code = self.m.place_code(parent) if parent else district
        return self.m.place(code, "community", key)

    def _reference_place(self, e: dict):
        """The reference place an entity names, if its kind fits (communities are never reference)."""
        kinds = {"District": {"District", "FunctionalZone", "Municipality"}, "Subdistrict": {"Subdistrict"}}
        wanted = kinds.get(e["type"], set())
        names = [e["name"], e["name"] + "街道"] if e["type"] == "Subdistrict" else [e["name"]]
        for name in names:
            place = self.places(name)
            if place is not None and place.kind in wanted:
                return place
        return None

    def _parent_id(self, entity_id: str) -> str | None:
        return next(iter(self._tails(entity_id, "partOf")), None)

    def _labelled(self, node: ox.NamedNode, cls: ox.NamedNode, label: str) -> Iterator[tuple]:
        yield node, self.v.RDF_TYPE, cls
        yield node, self.v.SKOS("prefLabel"), zh(label)

    def _printed_names(self, node: ox.NamedNode, e: dict, label: str) -> Iterator[tuple]:
        """``skos:altLabel``@zh for each other way the article prints the name (mentions, not sentences)."""
        names = {normalise_name(e["name"])} | {normalise_name(ev.get("quote") or "") for ev in e.get("evidence") or []}
        for name in sorted(names - {label, ""}):
            if len(name) <= MAX_ALT_LABEL:
                yield node, self.v.SKOS("altLabel"), zh(name)

    def _concept(self, node: ox.NamedNode, predicate: str, scheme: str, code: str | None) -> Iterator[tuple]:
        if code:
            yield node, self.v.szr(predicate), ox.NamedNode(self.m.scheme(scheme, code))

    def _year(self, node: ox.NamedNode, e: dict) -> Iterator[tuple]:
        if isinstance(e.get("year"), int) or str(e.get("year", "")).isdigit():
            yield node, self.v.szr("year"), gyear(e["year"])

    def _describe_district(self, node, e):
        yield from self._labelled(node, self.v.szr("District"), normalise_name(e["name"]))

    def _describe_subdistrict(self, node, e):
        yield from self._labelled(node, self.v.szr("Subdistrict"), normalise_name(e["name"]))
        yield node, self.v.SCHEMA("containedInPlace"), ox.NamedNode(self.m.place(self.district or "440300"))

    def _describe_community(self, node, e):
        yield from self._labelled(node, self.v.szr("Community"), normalise_name(e["name"]))
        parent = self._parent_id(e["id"])
        container = self.iris.get(parent) if parent else ox.NamedNode(self.m.place(self.district or "440300"))
        if container is not None:
            yield node, self.v.SCHEMA("containedInPlace"), container

    def _describe_organization(self, node, e):
        yield from self._labelled(node, self.v.ORG("Organization"), normalise_name(e["name"]))
        yield from self._printed_names(node, e, normalise_name(e["name"]))
        yield node, self.v.SKOS("altLabel"), pinyin(pinyin_label(e["name"]))
        yield from self._concept(node, "level", "level", e.get("level"))

    def _describe_mediaoutlet(self, node, e):
        yield from self._labelled(node, self.v.szr("MediaOutlet"), normalise_name(e["name"]))

    def _describe_person(self, node, e):
        yield from self._labelled(node, self.v.SCHEMA("Person"), normalise_name(e["name"]))
        if e.get("role"):
            yield node, self.v.SCHEMA("jobTitle"), zh(e["role"])

    def _describe_reformplan(self, node, e):
        yield from self._labelled(node, self.v.szr("ReformPlan"), normalise_name(e["name"]))
        yield from self._year(node, e)
        if isinstance(e.get("count"), int):
            yield node, self.v.szr("reformCount"), integer(e["count"])

    def _describe_reform(self, node, e):
        printed = normalise_name(e["name"])
        label = drop_leading_verb(printed)
        yield from self._labelled(node, self.v.szr("Reform"), label)
        yield from self._printed_names(node, e, label)
        yield node, self.v.SKOS("altLabel"), pinyin(pinyin_label(label))
        yield from self._concept(node, "policyDomain", "domain", e.get("domain"))
        yield from self._year(node, e)

    def _describe_pilot(self, node, e):
        name = normalise_name(e["name"])
        programme = ox.NamedNode(self.m.programme(name))
        yield from self._labelled(node, self.v.szr("PilotDesignation"), name)
        yield node, self.v.szr("programme"), programme
        yield from self._labelled(programme, self.v.szr("PilotProgramme"), name)
        yield programme, self.v.PROV("wasDerivedFrom"), self.doc
        yield from self._concept(node, "level", "level", e.get("level"))
        yield from self._concept(node, "pilotType", "pilot-type", pilot_type(name))
        yield from self._year(node, e)

    def _describe_recognition(self, node, e):
        kind = e.get("kind")
        yield from self._labelled(node, self.v.szr("Recognition"), normalise_name(e["name"]))
        if kind in RECOGNITION_CLASSES:
            yield node, self.v.RDF_TYPE, self.v.szr(RECOGNITION_CLASSES[kind])
        yield from self._concept(node, "recognitionKind", "recognition-kind", kind)
        yield from self._concept(node, "level", "level", e.get("level"))
        yield from self._year(node, e)

    def _describe_metric(self, node, e):
        name = normalise_name(e["name"])
        yield from self._labelled(node, self.v.szr("Outcome"), name)
        quantity = normalise(e.get("value"), e.get("unit"), name)
        if quantity is None:
            return
        q, s = ox.NamedNode(node.value + "#quantity"), self.v.SCHEMA
        yield node, self.v.szr("surfaceForm"), zh(quantity.surface)
        yield node, self.v.szr("quantity"), q
        yield q, self.v.RDF_TYPE, s("MonetaryAmount" if quantity.monetary else "QuantitativeValue")
        yield q, s("value"), decimal(decimal_text(quantity.value))
        yield q, self.v.szr("printedValue"), decimal(decimal_text(quantity.printed_value))
        yield q, s("unitText"), zh(quantity.unit_text)
        yield q, s("unitCode"), ox.Literal(quantity.unit_code)
        if quantity.monetary:
            yield q, s("currency"), ox.Literal("CNY")

    # -- relations ----------------------------------------------------------------
    def _predicate(self, rel: dict) -> ox.NamedNode | None:
        kind, head, tail = rel.get("type"), self.types[rel["head"]], self.types[rel["tail"]]
        if kind in SIMPLE_PREDICATES:
            return self.v.szr(SIMPLE_PREDICATES[kind])
        if kind != "partOf":
            return None
        if head in {"Subdistrict", "Community"}:
            return self.v.SCHEMA("containedInPlace")
        if head == "Organization":
            return self.v.ORG("subOrganizationOf") if tail == "Organization" else self.v.szr("jurisdiction")
        return self.v.szr("listedIn") if tail == "ReformPlan" else None

    def _relation(self, rel: dict) -> Iterator[tuple]:
        predicate = self._predicate(rel)
        if predicate is None:
            raise MappingError(self.document, f"no predicate for {rel.get('type')} from {self.types[rel['head']]} to {self.types[rel['tail']]}")
        s, o = self.iris[rel["head"]], self.iris[rel["tail"]]
        if rel["head"] not in self.reference:  # reference places are never re-described
            yield s, predicate, o
        statement = ox.NamedNode(self.m.statement(s.value, predicate.value, o.value))
        rdf = self.v.RDF
        yield statement, self.v.RDF_TYPE, rdf("Statement")
        yield statement, rdf("subject"), s
        yield statement, rdf("predicate"), predicate
        yield statement, rdf("object"), o
        yield statement, self.v.PROV("wasDerivedFrom"), self.doc
        if rel.get("evidence"):
            self.evidence.append((statement, "describing", rel["evidence"]))
