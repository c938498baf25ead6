"""The SHACL shapes catch what a careful editor would (ontology/shapes.ttl, graph/validate.py).

``tests/data/shapes/good.trig`` holds two small articles that conform. Each
``tests/data/shapes/broken/NN-*.ru`` is a SPARQL Update that breaks one rule of
``good.trig`` (``#### break``) and a second one that repairs it another way (``#### fix``);
its header names the shape(s) that must fire, a focus node and a fragment of the message.
Both engines (pySHACL and pyshacl-turbo) run on every broken graph and must agree.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from graph.ns import DEFAULT_BASE, SH, sparql_prefixes
from graph.ontology import ontology_quads
from graph.validate import engine_name, load_shapes, validate_article, validate_graph
from graph.validation_report import CJK

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "shapes"
ONTOLOGY_DIR = ROOT / "ontology"
SZSH = DEFAULT_BASE + "shapes#"
PROLOGUE = sparql_prefixes() + f"PREFIX szsh: <{SZSH}>\nBASE <{DEFAULT_BASE}>\n"


@dataclass(frozen=True)
class Fixture:
    """One broken graph: what breaks it, what fixes it, and what the report must say."""

    name: str
    shapes: frozenset[str]
    focus: str
    message: str
    breaks: str
    fixes: str


def read_fixture(path: Path) -> Fixture:
    """Parse a ``broken/*.ru`` file (header comments, then ``#### break`` and ``#### fix`` parts)."""
    text = path.read_text(encoding="utf-8")
    header = dict(re.findall(r"^# (shape|focus|message): (.+)$", text, re.MULTILINE))
    _, breaks, fixes = re.split(r"^#### (?:break|fix)$", text, flags=re.MULTILINE)
    shapes = frozenset(s.replace("szsh:", SZSH) for s in header["shape"].split())
    return Fixture(path.stem, shapes, DEFAULT_BASE + header["focus"], header["message"], breaks, fixes)


FIXTURES = [read_fixture(p) for p in sorted((DATA / "broken").glob("*.ru"))]


@pytest.fixture(scope="module")
def base_quads() -> list[ox.Quad]:
    """good.trig with the ontology and reference graphs."""
    store = ox.Store()
    store.load(path=str(DATA / "good.trig"), format=ox.RdfFormat.TRIG)
    return [*store, *ontology_quads(ONTOLOGY_DIR)]


def dataset(base_quads: list[ox.Quad], *updates: str) -> ox.Store:
    """A fresh store with ``base_quads`` and the updates applied in order."""
    store = ox.Store()
    store.extend(base_quads)
    for update in updates:
        store.update(PROLOGUE + update)
    return store


def pairs(report) -> set[tuple[str, str]]:
    """(focus node, source shape) of every result."""
    return {(r.focus_node, r.shape) for r in report.results}


def test_there_is_a_broken_graph_per_rule():
    shapes = load_shapes(ONTOLOGY_DIR / "shapes.ttl")
    rules = {str(s) for s in shapes.subjects(SH.message, None) if isinstance(s, rdflib.URIRef)}
    rules |= {str(s) for s, c in shapes.subject_objects(SH.sparql)}
    covered = set().union(*(f.shapes for f in FIXTURES))
    assert len(FIXTURES) >= 20
    assert rules - covered == set(), "rules without a broken graph"
    assert covered - rules == set(), "fixtures naming shapes that do not exist"


def test_every_shape_has_a_message_in_zh_and_en():
    shapes = load_shapes(ONTOLOGY_DIR / "shapes.ttl")
    for holder in set(shapes.subjects(SH.message, None)):
        messages = {m.language: str(m) for m in shapes.objects(holder, SH.message)}
        assert sorted(messages) == ["en", "zh"], holder
        # the report tells untagged (filled-in) messages apart by their first character
        assert CJK.match(messages["zh"]) and not CJK.match(messages["en"]), holder


@pytest.mark.parametrize("engine", ["pyshacl", "turbo"])
def test_good_graph_conforms(base_quads, engine):
    report = validate_graph(dataset(base_quads), engine=engine)
    assert report.conforms, report.to_text()
    assert report.engine == engine


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.name for f in FIXTURES])
def test_broken_graph_fails_with_its_rule_and_passes_once_fixed(base_quads, fixture):
    broken = validate_graph(dataset(base_quads, fixture.breaks), engine="turbo")
    assert not broken.conforms
    assert {r.shape for r in broken.results} == fixture.shapes, broken.to_text()
    assert fixture.focus in {r.focus_node for r in broken.results}
    assert any(fixture.message in r.message_en for r in broken.results), broken.to_text()
    assert all(CJK.search(r.message_zh) and r.message_zh != r.message_en for r in broken.results)
    assert all(r.graph and r.graph.startswith(DEFAULT_BASE + "graph/doc/fixture_") for r in broken.results)
    reference = validate_graph(dataset(base_quads, fixture.breaks), engine="pyshacl")
    assert (reference.conforms, pairs(reference)) == (broken.conforms, pairs(broken)), "engines disagree"
    fixed = validate_graph(dataset(base_quads, fixture.breaks, fixture.fixes), engine="turbo")
    assert fixed.conforms, fixed.to_text()


def test_validate_article_sees_other_articles_through_the_store(base_quads):
    """The two-districts rule at load time: article B is checked against article A in the store."""
    from graph._oxigraph import OxigraphStore

    store = OxigraphStore()
    store.raw.extend(q for q in base_quads if not q.graph_name.value.endswith("fixture_b"))
    broken = dataset(base_quads, read_fixture(DATA / "broken" / "31-reform-in-two-districts.ru").breaks)
    article_b = [q for q in broken if q.graph_name.value.endswith("fixture_b")]
    alone = validate_article(article_b, ontology_dir=ONTOLOGY_DIR)
    assert alone.conforms, alone.to_text()
    with_store = validate_article(article_b, ontology_dir=ONTOLOGY_DIR, store=store)
    assert {r.shape for r in with_store.results} == {SZSH + "ReformTwoDistricts"}
    assert {r.graph for r in with_store.results} == {DEFAULT_BASE + "graph/doc/fixture_b"}


def test_validate_article_ignores_problems_of_other_articles(base_quads):
    broken = dataset(base_quads, read_fixture(DATA / "broken" / "09-year-out-of-range.ru").breaks)
    article_b = [q for q in broken if q.graph_name.value.endswith("fixture_b")]
    context = [q for q in broken if q.graph_name.value.endswith("fixture_a")]
    report = validate_article(article_b, ontology_dir=ONTOLOGY_DIR, context_quads=context)
    assert report.conforms, report.to_text()


def test_other_base_rewrites_the_shapes():
    shapes = load_shapes(ONTOLOGY_DIR / "shapes.ttl", "https://example.org/kg/")
    text = shapes.serialize(format="nt")
    assert "https://example.org/kg/shapes#Reform" in text
    assert DEFAULT_BASE not in text


def test_report_renders_as_text_json_and_turtle(base_quads):
    report = validate_graph(dataset(base_quads, FIXTURES[0].breaks), engine="turbo")
    assert "Labelled-zh" in report.to_text() and "缺少中文名称" in report.to_text()
    assert '"conforms": false' in report.to_json()
    assert report.summary().startswith("[szsh:Labelled-zh] ×1: <https://w3id.org/szreform/graph/doc/fixture_")
    parsed = rdflib.Graph().parse(data=report.to_turtle(), format="turtle")
    assert (None, SH.conforms, rdflib.Literal(False)) in parsed


def test_engine_names():
    assert engine_name("pyshacl") == "pyshacl"
    assert engine_name("auto") in {"turbo", "pyshacl"}
    with pytest.raises(ValueError, match="unknown SHACL engine"):
        engine_name("jena")


def test_unreadable_shapes_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "shapes.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(ValueError, match="cannot parse the shapes file"):
        validate_graph(rdflib.Graph(), shapes_file=bad)
    with pytest.raises(ValueError, match="cannot read the shapes file"):
        validate_graph(rdflib.Graph(), shapes_file=tmp_path / "missing.ttl")


# -- szkg validate -------------------------------------------------------------------------

def _disk_store(path: Path, quads: list[ox.Quad]) -> str:
    """An on-disk Oxigraph store holding ``quads``; returns its SZKG_STORE value."""
    from graph._oxigraph import OxigraphStore

    store = OxigraphStore(str(path))
    store.raw.extend(quads)
    store.flush()
    store.close()
    return f"oxigraph:{path}"


def _szkg_validate(store: str, *args: str):
    from typer.testing import CliRunner

    from api.cli import app

    return CliRunner().invoke(app, ["validate", *args], env={"SZKG_STORE": store})


@pytest.fixture(scope="module")
def cli_stores(base_quads, tmp_path_factory) -> dict[str, str]:
    """SZKG_STORE values of a conforming and a violating on-disk store."""
    root = tmp_path_factory.mktemp("validate-cli")
    broken = list(dataset(base_quads, FIXTURES[0].breaks))
    return {"good": _disk_store(root / "good", base_quads), "broken": _disk_store(root / "broken", broken)}


@pytest.mark.parametrize("fmt", ["text", "json", "turtle"])
def test_cli_exit_0_when_the_store_conforms(cli_stores, fmt):
    result = _szkg_validate(cli_stores["good"], "--format", fmt)
    assert result.exit_code == 0, result.output
    assert {"text": "Conforms", "json": '"conforms": true', "turtle": "sh:conforms true"}[fmt] in result.output


def test_cli_exit_1_on_violations(cli_stores):
    result = _szkg_validate(cli_stores["broken"], "--format", "json", "--engine", "pyshacl")
    assert result.exit_code == 1, result.output
    assert '"engine": "pyshacl"' in result.output and "Labelled-zh" in result.output


def test_cli_exit_2_on_errors(cli_stores, tmp_path):
    missing = _szkg_validate(f"oxigraph:{tmp_path / 'nowhere'}")
    assert missing.exit_code == 2 and "no store at" in missing.output
    assert not (tmp_path / "nowhere").exists(), "validate must not create a store"
    bad = tmp_path / "shapes.ttl"
    bad.write_text("not turtle", encoding="utf-8")
    unreadable = _szkg_validate(cli_stores["good"], "--shapes", str(bad))
    assert unreadable.exit_code == 2 and "cannot parse the shapes file" in unreadable.output
    assert _szkg_validate(cli_stores["good"], "--format", "xml").exit_code == 2
    assert _szkg_validate(cli_stores["good"], "--engine", "jena").exit_code == 2
