"""The entity page's context: labels, types, facts grouped by relation, each with its evidence.

Shape (also served as JSON with ``format=json``)::

    {iri, path, label, label_en, labels: {zh: […], en: […]}, alt_labels, pinyin, type, types: [term],
     facts: [{predicate: {iri, name, labels}, values: [{term, evidence: [evidence]}]}],
     incoming: [same, the values being the subjects], mentions: [evidence],
     derived: [{type, items: [term]}]   (article pages: what the article yields),
     document: {title, published, publisher, authors, identifier, source, text} | None,
     documents: [doc]}                 (every article cited on the page)

    term = {kind: iri|literal|bnode, value, label, labels, path, lang, datatype}
    evidence = {quote, sentence, before, after, start, end, doc: {iri, path, title, published}}
"""

import re
from typing import Any

import pyoxigraph as ox

from graph.search import TYPE_ORDER

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PINYIN = "zh-latn-pinyin"
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
SKIPPED_PREDICATES = (RDF + "type", SKOS + "prefLabel", SKOS + "altLabel")
_FACT_ORDER = ("policyDomain", "year", "implementedIn", "ledBy", "listedIn", "programme", "level", "recognitionKind",
               "pilotType", "recognizes", "conferredBy", "hasOutcome", "quantity", "surfaceForm", "jurisdiction",
               "containedInPlace", "subOrganizationOf", "jobTitle", "reformCount", "divisionCode")
_SENTENCE_END = "。！？!?；;\n"
_MAX_SENTENCE = 240


def local_name(iri: str) -> str:
    """The last segment of an IRI (after '#' or '/')."""
    return re.split(r"[#/]", iri.rstrip("/#"))[-1]


def short_iri(iri: str, prefixes: dict[str, str]) -> str:
    """``prefix:local`` when a prefix covers the IRI, else the IRI."""
    for prefix, namespace in sorted(prefixes.items(), key=lambda p: -len(p[1])):
        if iri.startswith(namespace) and re.fullmatch(r"[\w.-]*", iri[len(namespace):]):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _path(iri: str, base: str) -> str | None:
    return "/" + iri[len(base):] if iri.startswith(base) else None


def term_view(term: Any, labels: dict[str, str] | None, base: str, prefixes: dict[str, str]) -> dict[str, Any]:
    """One RDF term as the page shows it."""
    labels = labels or {}
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        shown = None if datatype in (RDF + "langString", "http://www.w3.org/2001/XMLSchema#string") else short_iri(datatype, prefixes)
        return {"kind": "literal", "value": term.value, "label": term.value, "labels": {}, "path": None,
                "lang": term.language, "datatype": shown}
    kind = "bnode" if isinstance(term, ox.BlankNode) else "iri"
    label = labels.get("zh") or labels.get("") or labels.get("en") or short_iri(term.value, prefixes)
    return {"kind": kind, "value": term.value, "label": label, "labels": labels, "path": _path(term.value, base),
            "lang": None, "datatype": None}


def _labels_of(rows: list[dict[str, Any]], key: str) -> dict[str, dict[str, str]]:
    """IRI → {lang: label} from rows that carry an optional ``label``."""
    found: dict[str, dict[str, str]] = {}
    for row in rows:
        if "label" in row and not isinstance(row[key], ox.Literal):
            lang = (row["label"].language or "").split("-")[0] if (row["label"].language or "").lower() != PINYIN else "pinyin"
            found.setdefault(row[key].value, {}).setdefault(lang, row["label"].value)
    return found


def sentence_around(text: str | None, start: int, end: int, prefix: str = "", suffix: str = "") -> tuple[str, str]:
    """The text before and after a quote, back to the sentence start and on to its end."""
    if text is not None and 0 <= start <= end <= len(text):
        before, after = text[max(0, start - _MAX_SENTENCE):start], text[end:end + _MAX_SENTENCE]
    else:
        before, after = prefix, suffix
    cut = max(before.rfind(c) for c in _SENTENCE_END)
    before = before[cut + 1:] if cut >= 0 else before
    ends = [i for i in (after.find(c) for c in _SENTENCE_END) if i >= 0]
    after = after[: min(ends) + 1] if ends else after
    return before.lstrip(), after.rstrip()


def evidence_view(row: dict[str, Any], texts: dict[str, str], base: str) -> dict[str, Any]:
    """One evidence row (quote, offsets, article) as the page shows it."""
    doc = row["doc"].value
    start, end = int(row["start"].value), int(row["end"].value)
    before, after = sentence_around(texts.get(doc), start, end, _value(row, "prefix"), _value(row, "suffix"))
    quote = row["quote"].value
    return {
        "quote": quote, "before": before, "after": after, "sentence": before + quote + after,
        "start": start, "end": end,
        "doc": {"iri": doc, "path": _path(doc, base), "title": _value(row, "title") or local_name(doc),
                "published": _value(row, "published") or None},
    }


def _value(row: dict[str, Any], key: str) -> str:
    return row[key].value if key in row else ""


def _evidence_by(rows: list[dict[str, Any]], keys: tuple[str, ...], texts: dict[str, str], base: str) -> dict[tuple, list]:
    found: dict[tuple, dict[tuple, dict]] = {}
    for row in rows:
        view = evidence_view(row, texts, base)
        key = tuple(str(row[k]) for k in keys)
        found.setdefault(key, {}).setdefault((view["doc"]["iri"], view["start"], view["end"]), view)
    return {k: sorted(v.values(), key=lambda e: (e["doc"]["iri"], e["start"])) for k, v in found.items()}


def _predicate_view(iri: str, labels: dict[str, dict[str, str]], prefixes: dict[str, str]) -> dict[str, Any]:
    name = short_iri(iri, prefixes)
    return {"iri": iri, "name": name, "labels": labels.get(iri) or {"en": local_name(iri)}}


def _grouped(rows, other: str, evidence: dict, ctx: dict) -> list[dict[str, Any]]:
    """Rows of (predicate, other end) grouped by predicate, each value with its evidence."""
    labels = _labels_of(rows, other)
    groups: dict[str, dict[str, dict]] = {}
    for row in rows:
        predicate, term = row["p"].value, row[other]
        if predicate in SKIPPED_PREDICATES or predicate.endswith("#content"):
            continue
        values = groups.setdefault(predicate, {})
        if str(term) not in values:
            view = term_view(term, labels.get(term.value), ctx["base"], ctx["prefixes"])
            key = (str(term), str(row["p"])) if other == "x" else (str(row["p"]), str(term))
            values[str(term)] = {"term": view, "evidence": evidence.get(key, [])}
    ordered = sorted(groups, key=lambda p: (p == PROV_DERIVED, _rank(local_name(p)), local_name(p)))
    return [{"predicate": _predicate_view(p, ctx["predicates"], ctx["prefixes"]),
             "values": sorted(groups[p].values(), key=lambda v: v["term"]["label"])} for p in ordered]


def _rank(name: str) -> int:
    return _FACT_ORDER.index(name) if name in _FACT_ORDER else len(_FACT_ORDER)


def _document(data, ctx: dict) -> dict[str, Any] | None:
    if data.iri not in data.texts:
        return None
    fields: dict[str, list[str]] = {}
    for row in data.rows["out"]:
        if isinstance(row["o"], ox.Literal):
            fields.setdefault(local_name(row["p"].value), []).append(row["o"].value)
    first = lambda name: (fields.get(name) or [None])[0]  # noqa: E731
    return {"title": first("title"), "published": first("datePublished") or first("publishedMonthDay"),
            "publisher": first("publisher"), "authors": fields.get("author", []), "identifier": first("identifier"),
            "source": first("source"), "text": data.texts[data.iri]}


def page_view(data, base: str, predicates: dict[str, dict[str, str]], prefixes: dict[str, str]) -> dict[str, Any]:
    """The template context (and JSON) for the entity in ``data``."""
    ctx = {"base": base, "predicates": predicates, "prefixes": prefixes}
    out = data.rows.get("out", [])
    labels: dict[str, list[str]] = {}
    for row in out:
        if row["p"].value in (SKOS + "prefLabel", "http://purl.org/dc/terms/title") and isinstance(row["o"], ox.Literal):
            labels.setdefault((row["o"].language or "").split("-")[0], []).append(row["o"].value)
    alt = [r["o"] for r in out if r["p"].value == SKOS + "altLabel" and isinstance(r["o"], ox.Literal)]
    types = [term_view(r["o"], predicates.get(r["o"].value), base, prefixes) for r in out if r["p"].value == RDF + "type"]
    edges_out = _evidence_by(data.rows.get("edges_out", []), ("p", "o"), data.texts, base)
    edges_in = _evidence_by(data.rows.get("edges_in", []), ("x", "p"), data.texts, base)
    mentions = _evidence_by(data.rows.get("mentions", []), (), data.texts, base).get((), [])
    view = {
        "iri": data.iri, "path": _path(data.iri, base),
        "label": (labels.get("zh") or labels.get("") or labels.get("en") or [local_name(data.iri)])[0],
        "label_en": (labels.get("en") or [None])[0], "labels": labels,
        "alt_labels": [a.value for a in alt if (a.language or "").lower() != PINYIN],
        "pinyin": next((a.value for a in alt if (a.language or "").lower() == PINYIN), None),
        "types": types, "type": types[0]["label"] if types else None,
        "facts": _grouped(out, "o", edges_out, ctx),
        "incoming": _grouped(data.rows.get("in", []), "x", edges_in, ctx),
        "mentions": mentions,
        "derived": _derived(data.rows.get("derived", []), ctx),
        "document": _document(data, ctx),
    }
    cited = {e["doc"]["iri"]: e["doc"] for e in mentions}
    for group in (*view["facts"], *view["incoming"]):
        for value in group["values"]:
            cited.update({e["doc"]["iri"]: e["doc"] for e in value["evidence"]})
    view["documents"] = sorted(cited.values(), key=lambda d: d["iri"])
    return view


def _derived(rows: list[dict[str, Any]], ctx: dict) -> list[dict[str, Any]]:
    """Entities an article yields, grouped by their main type (article pages only)."""
    types: dict[str, set[str]] = {}
    terms: dict[str, dict] = {}
    for row in rows:
        types.setdefault(row["x"].value, set()).add(local_name(row["type"].value))
        terms.setdefault(row["x"].value, term_view(row["x"], {"zh": row["label"].value}, ctx["base"], ctx["prefixes"]))
    by_type: dict[str, list[dict]] = {}
    for iri, kinds in types.items():
        main = min(kinds, key=lambda k: (TYPE_ORDER.index(k) if k in TYPE_ORDER else len(TYPE_ORDER), k))
        by_type.setdefault(main, []).append(terms[iri])
    return [{"type": kind, "items": sorted(items, key=lambda t: t["label"])} for kind, items in sorted(by_type.items())]
