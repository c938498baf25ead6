"""Map one article's extraction JSON to the quads of its named graph (docs/architecture.md).

The graph holds the document node (metadata and the NFC text every offset refers
to), one node per fact with ``prov:wasDerivedFrom`` the document, a statement node per
edge, and a Web Annotation per evidence span. Reference places are only pointed at.
"""

import hashlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from loaders.iri import IriMinter
from loaders.rdf_terms import Vocabulary, integer, zh
from loaders.to_rdf_facts import FactMapper, MappingError

logger = logging.getLogger(__name__)

MAPPING_VERSION = "1"
HEX_BINARY = ox.NamedNode("http://www.w3.org/2001/XMLSchema#hexBinary")
CONTEXT = 32  # characters of prefix and suffix in a quote selector


def article_district(entities: list[dict], text: str, places: Callable) -> str | None:
    """Division code of the District entity the text mentions most (ties: the first listed)."""
    best: tuple[int, str] | None = None
    for entity in entities:
        place = places(entity.get("name", "")) if entity.get("type") == "District" else None
        if place is None or not place.code:
            continue
        names = {entity["name"], place.name, place.short_name}
        mentions = max(text.count(n) for n in names if n)
        if best is None or mentions > best[0]:
            best = (mentions, place.code)
    return best[1] if best else None


def extraction_to_quads(
    extraction: dict[str, Any], text: str, base: str, places: Callable, *, version: str | None = None
) -> list[ox.Quad]:
    """Quads of one article's named graph.

    ``places(name)`` returns a reference place (``graph.reference.find_place``) or None;
    ``version`` stamps the extractor on the document node (reloads of the same text and
    version change nothing). Raises :class:`MappingError` on inconsistent input.
    """
    document = extraction.get("document") or ""
    doc_id = Path(document).stem
    if not doc_id:
        raise MappingError(document or "?", "the extraction names no document")
    minter = IriMinter(base, doc_id)
    vocab = Vocabulary(base)
    triples: set[tuple] = set()
    _document_node(triples, vocab, minter, extraction, text, version)
    district = article_district(extraction.get("entities", []), text, places)
    facts = FactMapper(vocab, minter, places, district, document)
    for subject, predicate, obj in facts.map(extraction.get("entities", []), extraction.get("relations", [])):
        triples.add((subject, predicate, obj))
    for body, motivation, spans in facts.evidence:
        for span in spans:
            _evidence(triples, vocab, minter, text, body, motivation, span, document)
    graph = ox.NamedNode(minter.graph())
    return [ox.Quad(s, p, o, graph) for s, p, o in triples]


def stamp(extractor_version: str | None) -> str:
    """The version recorded on the document node: extractor and mapping together."""
    return f"{extractor_version or 'unknown'}+map{MAPPING_VERSION}"


def text_sha256(text: str) -> str:
    """Hex SHA-256 of the UTF-8 text (the stored NFC text)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _document_node(triples: set, vocab: Vocabulary, minter: IriMinter, extraction: dict, text: str, version: str | None) -> None:
    doc = ox.NamedNode(minter.doc())
    sha = text_sha256(text)
    given = extraction.get("text_sha256")
    if given and given != sha:
        raise MappingError(extraction["document"], f"text_sha256 {given} does not match the text ({sha})")
    add = lambda p, o: triples.add((doc, p, o))  # noqa: E731
    add(vocab.RDF_TYPE, vocab.szr("SourceDocument"))
    add(vocab.DCT("identifier"), ox.Literal(minter.doc_id))
    add(vocab.DCT("source"), ox.Literal(extraction["document"]))
    add(vocab.DCT("language"), ox.Literal("zh"))
    add(vocab.szr("textSha256"), ox.Literal(sha, datatype=HEX_BINARY))
    add(vocab.szr("content"), ox.Literal(text))
    add(vocab.szr("extractorVersion"), ox.Literal(stamp(version or extraction.get("extractor_version"))))
    if extraction.get("title"):
        add(vocab.DCT("title"), zh(extraction["title"]))
    if extraction.get("publisher"):
        add(vocab.DCT("publisher"), zh(extraction["publisher"]))
    for byline in extraction.get("bylines") or []:
        label = " ".join(x for x in (byline.get("role"), byline.get("name")) if x)
        add(vocab.SCHEMA("author"), zh(label))
    published = extraction.get("published")
    if published and len(published) == 10:
        add(vocab.SCHEMA("datePublished"), ox.Literal(published, datatype=vocab.XSD("date")))
    elif published and len(published) == 7:
        add(vocab.SCHEMA("datePublished"), ox.Literal(published, datatype=vocab.XSD("gYearMonth")))
    elif extraction.get("published_month_day"):
        add(vocab.szr("publishedMonthDay"), ox.Literal(extraction["published_month_day"], datatype=vocab.XSD("gMonthDay")))


def _evidence(triples: set, vocab: Vocabulary, minter: IriMinter, text: str, body: ox.NamedNode,
              motivation: str, span: dict, document: str) -> None:
    """One ``szr:Evidence`` annotation with position and quote selectors."""
    start, end = span.get("start"), span.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        raise MappingError(document, f"evidence offsets {start}-{end} are outside the text (length {len(text)})")
    exact = text[start:end]
    if span.get("quote") is not None and span["quote"] != exact:
        raise MappingError(document, f"evidence {start}-{end}: quote {span['quote']!r} is not the text there ({exact!r})")
    iri = minter.evidence(start, end)
    ev, target = ox.NamedNode(iri), ox.NamedNode(iri + "#target")
    position, quote = ox.NamedNode(iri + "#position"), ox.NamedNode(iri + "#quote")
    doc, oa = ox.NamedNode(minter.doc()), vocab.OA
    triples.update({
        (ev, vocab.RDF_TYPE, vocab.szr("Evidence")), (ev, vocab.RDF_TYPE, oa("Annotation")),
        (ev, oa("motivatedBy"), oa(motivation)), (ev, oa("hasBody"), body), (ev, oa("hasTarget"), target),
        (ev, vocab.PROV("wasDerivedFrom"), doc),
        (target, vocab.RDF_TYPE, oa("SpecificResource")), (target, oa("hasSource"), doc),
        (target, oa("hasSelector"), position), (target, oa("hasSelector"), quote),
        (position, vocab.RDF_TYPE, oa("TextPositionSelector")),
        (position, oa("start"), integer(start)), (position, oa("end"), integer(end)),
        (quote, vocab.RDF_TYPE, oa("TextQuoteSelector")), (quote, oa("exact"), ox.Literal(exact)),
    })
    prefix, suffix = text[max(0, start - CONTEXT):start], text[end:end + CONTEXT]
    if prefix:
        triples.add((quote, oa("prefix"), ox.Literal(prefix)))
    if suffix:
        triples.add((quote, oa("suffix"), ox.Literal(suffix)))


__all__ = ["MappingError", "article_district", "extraction_to_quads", "stamp", "text_sha256"]
