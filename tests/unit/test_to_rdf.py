"""The extraction → RDF mapping: IRIs, labels, quantities, evidence, document node."""

import json
from decimal import Decimal

import pyoxigraph as ox
import pytest

from graph.ns import DEFAULT_BASE, PREFIXES
from graph.reference import find_place
from loaders.iri import drop_leading_verb, org_scope, slug
from loaders.quantity import normalise
from loaders.to_rdf import MappingError, extraction_to_quads, text_sha256

B = DEFAULT_BASE
SZR = B + "ontology#"
TEXT = "龙岗区深化优化营商环境改革，涉企纠纷212宗、涉及金额6635万元，累计解决各类问题2.1万余处，增长517%。区发改局牵头。"


def places(name):
    return find_place(name)


def extraction(**overrides) -> dict:
    def ent(id_, type_, name, **attrs):
        start = TEXT.find(name)
        return {"id": id_, "type": type_, "name": name, **attrs,
                "evidence": [{"start": start, "end": start + len(name), "quote": name}]}

    data = {
        "document": "009_abc.txt", "title": "标题", "published": "2018-09-26", "publisher": "读特",
        "bylines": [{"role": "编辑", "name": "程思玮"}],
        "entities": [
            ent("d1", "District", "龙岗区"),
            ent("r1", "Reform", "深化优化营商环境改革", domain="economy", year=2018),
            ent("m1", "Metric", "涉及金额6635万元", value=6635, unit="万元"),
            ent("m2", "Metric", "累计解决各类问题2.1万余处", value=2.1, unit="万处"),
            ent("m3", "Metric", "增长517%", value=517, unit="%"),
            ent("o1", "Organization", "区发改局", level="district"),
        ],
        "relations": [
            {"head": "r1", "type": "implementedIn", "tail": "d1",
             "evidence": [{"start": 0, "end": 13, "quote": TEXT[0:13]}]},
            {"head": "r1", "type": "hasOutcome", "tail": "m1"},
            {"head": "r1", "type": "ledBy", "tail": "o1"},
        ],
    }
    data.update(overrides)
    return data


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    s.extend(extraction_to_quads(extraction(), TEXT, B, places, version="t1"))
    return s


def select(store, body: str) -> list:
    prologue = "".join(f"PREFIX {p}: <{i}>\n" for p, i in PREFIXES.items())
    return list(store.query(prologue + body, use_default_graph_as_union=True))


def test_everything_lives_in_the_article_graph(store) -> None:
    assert {q.graph_name.value for q in store} == {B + "graph/doc/009_abc"}


def test_reform_iri_label_and_alt_labels(store) -> None:
    iri = f"{B}reform/440307/you-hua-ying-shang-huan-jing-gai-ge"
    labels = {(r["l"].value, r["l"].language) for r in select(store, f"SELECT ?l WHERE {{ <{iri}> skos:prefLabel|skos:altLabel ?l }}")}
    assert ("优化营商环境改革", "zh") in labels and ("深化优化营商环境改革", "zh") in labels
    assert ("you hua ying shang huan jing gai ge", "zh-latn-pinyin") in labels


def test_reference_place_is_linked_not_described(store) -> None:
    district = ox.NamedNode(B + "place/440307")
    assert not list(store.quads_for_pattern(district, None, None))
    assert list(store.quads_for_pattern(None, ox.NamedNode(SZR + "implementedIn"), district))


@pytest.mark.parametrize(("value", "unit", "span", "expected", "code", "surface"), [
    (6635, "万元", "涉及金额6635万元", Decimal(66350000), "CNY", "6635万元"),
    (2.1, "万处", "累计解决各类问题2.1万余处", Decimal(21000), "处", "2.1万余处"),
    (517, "%", "增长517%", Decimal(517), "P1", "517%"),
    (3, "亿元", "投资3亿元", Decimal(300000000), "CNY", "3亿元"),
    (212, "宗", "涉企纠纷212宗", Decimal(212), "宗", "212宗"),
])
def test_quantities_are_normalised(value, unit, span, expected, code, surface) -> None:
    quantity = normalise(value, unit, span)
    assert (quantity.value, quantity.unit_code, quantity.surface) == (expected, code, surface)


def test_outcome_quantity_in_rdf(store) -> None:
    rows = select(store, "SELECT ?v ?c ?t WHERE { ?o szr:surfaceForm \"6635万元\"@zh ; szr:quantity ?q . "
                  "?q a schema:MonetaryAmount ; schema:value ?v ; schema:currency ?c ; schema:unitText ?t }")
    assert [(r["v"].value, r["c"].value, r["t"].value) for r in rows] == [("66350000", "CNY", "万元")]


def test_every_fact_node_is_derived_from_the_document(store) -> None:
    doc = f"<{B}doc/009_abc>"
    missing = select(store, f"""SELECT ?n WHERE {{ ?n a ?c FILTER(?c IN (szr:Reform, szr:Outcome, org:Organization, rdf:Statement))
        FILTER NOT EXISTS {{ ?n prov:wasDerivedFrom {doc} }} }}""")
    assert missing == []
    assert len(select(store, "SELECT ?s WHERE { ?s a rdf:Statement }")) == 3


def test_evidence_has_position_and_quote_selectors(store) -> None:
    rows = select(store, """SELECT ?exact ?start ?end ?prefix ?suffix WHERE {
        ?ev a szr:Evidence ; oa:hasBody ?s ; oa:hasTarget ?t . ?s a rdf:Statement .
        ?t oa:hasSelector ?p, ?q . ?p oa:start ?start ; oa:end ?end . ?q oa:exact ?exact ; oa:suffix ?suffix
        OPTIONAL { ?q oa:prefix ?prefix } }""")
    assert len(rows) == 1
    row = rows[0]
    assert (int(row["start"].value), int(row["end"].value), row["exact"].value) == (0, 13, TEXT[:13])
    assert row["prefix"] is None and row["suffix"].value == TEXT[13:45]


def test_document_node(store) -> None:
    rows = select(store, "SELECT ?sha ?date ?content ?v WHERE { ?d a szr:SourceDocument ; szr:textSha256 ?sha ; "
                  "schema:datePublished ?date ; szr:content ?content ; szr:extractorVersion ?v }")
    assert rows[0]["sha"].value == text_sha256(TEXT) and rows[0]["content"].value == TEXT
    assert rows[0]["date"].datatype.value.endswith("#date") and rows[0]["v"].value == "t1+map1"


def test_mapping_is_deterministic_and_shares_iris_across_articles() -> None:
    first = extraction_to_quads(extraction(), TEXT, B, places)
    again = extraction_to_quads(json.loads(json.dumps(extraction())), TEXT, B, places)
    other = extraction_to_quads(extraction(document="010_def.txt"), TEXT, B, places)
    assert sorted(map(str, first)) == sorted(map(str, again))
    subjects = lambda quads: {q.subject.value for q in quads if "/reform/" in q.subject.value}  # noqa: E731
    assert subjects(first) == subjects(other)


@pytest.mark.parametrize("broken", [
    {"entities": [{"id": "r1", "type": "Reform", "name": "改革", "evidence": [{"start": 0, "end": 3, "quote": "不对的"}]}], "relations": []},
    {"entities": [{"id": "r1", "type": "Reform", "name": "改革", "evidence": [{"start": 0, "end": 999}]}], "relations": []},
    {"entities": [], "relations": [{"head": "x", "type": "ledBy", "tail": "y"}]},
    {"text_sha256": "0" * 64},
])
def test_inconsistent_extraction_is_refused(broken) -> None:
    with pytest.raises(MappingError):
        extraction_to_quads(extraction(**broken), TEXT, B, places)


@pytest.mark.parametrize(("name", "level", "prefix", "expected"), [
    ("区发改局", "district", None, ("440310", "区发改局")),
    ("龙岗区委", "district", ("龙岗区", "440307"), ("440307", "区委")),
    ("市委政法委", "municipal", None, ("440300", "市委政法委")),
    ("深圳市委", None, None, ("440300", "市委")),
    ("国务院办公厅", "national", None, ("cn", "国务院办公厅")),
    ("住建部", None, None, ("cn", "住建部")),
    ("广东省住建厅", None, None, ("440000", "省住建厅")),
])
def test_organisation_scope(name, level, prefix, expected) -> None:
    assert org_scope(name, level, "440310", prefix) == expected


def test_slug_and_leading_verb() -> None:
    assert slug("区发改局") == "qu-fa-gai-ju"
    assert slug("推进“互联网+政务服务”改革") == "tui-jin-hu-lian-wang-zheng-wu-fu-wu-gai-ge"
    assert drop_leading_verb("推进“互联网+政务服务”改革") == "“互联网+政务服务”改革"
    assert drop_leading_verb("深化改革") == "深化改革"  # the rest would not be a name
    long = slug("改" * 100)
    assert len(long) <= 80 and long.startswith("gai-gai")


def test_other_printed_names_become_alt_labels() -> None:
    text = "龙岗区发展和改革局（区发改局）推进营商环境改革。"
    data = {"document": "011_x.txt", "entities": [
        {"id": "o1", "type": "Organization", "name": "区发改局", "level": "district",
         "evidence": [{"start": 10, "end": 14, "quote": "区发改局"}, {"start": 0, "end": 9, "quote": "龙岗区发展和改革局"}]},
        {"id": "d1", "type": "District", "name": "龙岗区", "evidence": [{"start": 0, "end": 3, "quote": "龙岗区"}]},
    ], "relations": []}
    labels = {(q.predicate.value.rsplit("#", 1)[1], q.object.value) for q in extraction_to_quads(data, text, B, places)
              if q.subject.value == f"{B}org/440307-qu-fa-gai-ju" and "skos" in q.predicate.value}
    assert ("prefLabel", "区发改局") in labels and ("altLabel", "龙岗区发展和改革局") in labels
