"""The oxigraph SHACL engine (graph._shacl_checks: the shapes as set-based SPARQL) reports exactly
what pySHACL, the reference implementation, reports: every result field (focus node, shape, path,
value, severity, both messages, article), on every shapes fixture and on the sample data.
"""

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from graph._shacl_checks import compile_shapes
from graph._shacl_compile import UnsupportedShapes
from graph.ns import SH
from graph.ontology import ontology_quads
from graph.validate import engine_name, load_shapes, validate_article, validate_graph, validate_store
from tests.unit.test_shapes import DATA, FIXTURES, ONTOLOGY_DIR, dataset

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def base_quads() -> list[ox.Quad]:
    store = ox.Store()
    store.load(path=str(DATA / "good.trig"), format=ox.RdfFormat.TRIG)
    return [*store, *ontology_quads(ONTOLOGY_DIR)]


def assert_same_reports(data: ox.Store) -> None:
    ours = validate_graph(data, engine="oxigraph")
    reference = validate_graph(data, engine="pyshacl")
    assert ours.engine == "oxigraph"
    assert (ours.conforms, set(ours.results)) == (reference.conforms, set(reference.results)), (
        f"only oxigraph: {set(ours.results) - set(reference.results)}\n"
        f"only pySHACL: {set(reference.results) - set(ours.results)}")


@pytest.mark.parametrize("fixture", [None, *FIXTURES], ids=["good", *(f.name for f in FIXTURES)])
def test_oxigraph_engine_reports_what_pyshacl_reports(base_quads, fixture):
    assert_same_reports(dataset(base_quads, *((fixture.breaks,) if fixture else ())))


def test_reports_agree_on_several_broken_rules_at_once(base_quads):
    """Many results in one report: flags of one query split into their components."""
    broken = [f.breaks for f in FIXTURES if f.name[:2] in {"08", "19", "22", "26", "37", "40", "42", "45"}]
    data = ox.Store()
    data.extend(base_quads)
    for update in broken:
        data.extend(dataset(base_quads, update))
    assert_same_reports(data)


def test_reports_agree_on_the_sample_data():
    data = ox.Store()
    data.load(path=str(ROOT / "tests" / "data" / "sample.trig"), format=ox.RdfFormat.TRIG)
    names = {q.graph_name.value for q in data if isinstance(q.graph_name, ox.NamedNode)}
    data.extend(q for q in ontology_quads(ONTOLOGY_DIR) if q.graph_name.value not in names)
    assert_same_reports(data)


def test_auto_runs_the_shapes_on_oxigraph_and_falls_back_when_they_do_not_compile(tmp_path):
    shapes = load_shapes(ONTOLOGY_DIR / "shapes.ttl")
    assert engine_name("auto", shapes) == "oxigraph"
    assert len(compile_shapes(shapes)) > 50
    exotic = tmp_path / "shapes.ttl"
    exotic.write_text("""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:message "x"@en ;
            sh:xone ( [ sh:class ex:A ] [ sh:class ex:B ] ) .""", encoding="utf-8")
    with pytest.raises(UnsupportedShapes, match="xone"):
        compile_shapes(load_shapes(exotic))
    assert engine_name("auto", load_shapes(exotic)) in {"turbo", "pyshacl"}
    with pytest.raises(ValueError, match="oxigraph SHACL engine cannot run these shapes"):
        validate_graph(rdflib.Graph(), shapes_file=exotic, engine="oxigraph")


def test_report_graph_has_the_standard_shape(base_quads):
    """Turtle output: sh:resultPath of a sequence path is written out, results are sh:ValidationResult."""
    evidence = next(f for f in FIXTURES if "evidence-without-target" in f.name)
    report = validate_graph(dataset(base_quads, evidence.breaks), engine="oxigraph")
    parsed = rdflib.Graph().parse(data=report.to_turtle(), format="turtle")
    assert (None, SH.conforms, rdflib.Literal(False)) in parsed
    results = set(parsed.objects(None, SH.result))
    assert results and all((r, SH.sourceConstraintComponent, None) in parsed for r in results)
    assert "oa:hasTarget/oa:hasSource" in {r.path for r in report.results} or any(
        r.path and "/" in r.path for r in report.results), report.to_text()


def test_store_and_article_paths_use_the_oxigraph_engine(base_quads, tmp_path):
    from graph._oxigraph import OxigraphStore

    store = OxigraphStore(str(tmp_path / "store"))
    store.raw.extend(dataset(base_quads, FIXTURES[0].breaks))
    report = validate_store(store, ontology_dir=ONTOLOGY_DIR)
    assert report.engine == "oxigraph" and not report.conforms
    article = [q for q in base_quads if q.graph_name.value.endswith("fixture_a")]
    assert validate_article(article, ontology_dir=ONTOLOGY_DIR).conforms
    store.close()


def test_sparql_bodies_are_hash_joined_only_when_the_rewrite_keeps_their_meaning():
    from graph._shacl_hash import hash_joined

    chain = "?this ex:a ?x ; ex:b/ex:c ?y , ?z . ?x ex:d ?w . BIND (STRLEN(?w) AS ?n) FILTER (?n > ?y)"
    joined = hash_joined(chain)
    assert joined is not None and joined.count("{ SELECT") == 4
    assert joined.index("ex:d") < joined.index("BIND (STRLEN(?w) AS ?n)") < joined.index("FILTER (?n > ?y)")
    assert "{ SELECT ?this ?y WHERE { ?this ex:b/ex:c ?y } }" in joined
    for body in ("?this ex:a ?x . OPTIONAL { ?x ex:b ?y }",  # a nested group
                 "?this ex:a ?x . FILTER NOT EXISTS { ?x ex:b ?this }",
                 "GRAPH ?g { ?this ex:a ?x } ?x ex:b ?y",
                 "?this ex:a ?x . BIND (1 AS ?y) ?x ex:b ?y",  # a pattern uses the BIND's variable
                 "?this ex:a \"x\"@en . ?this ex:b ?y"):  # a term the tokenizer does not read
        assert hash_joined(body) is None, body
    checks = compile_shapes(load_shapes(ONTOLOGY_DIR / "shapes.ttl"))
    quote = next(c for c in checks if str(c.shape).endswith("#EvidenceQuote"))
    assert "{ SELECT ?position ?start WHERE { ?position oa:start ?start } }" in quote.query
