"""The curated-query registry: header parsing, typed parameters, binding as RDF terms."""

from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.errors import QueryNotFound, QueryParameterError, QuerySyntaxError
from graph.ns import DEFAULT_BASE
from graph.queries import load_query_file, load_registry, parse_query_text, sparql_prologue
from graph.query_params import ParameterBinder, load_scheme_codes
from graph.store import open_store

ROOT = Path(__file__).resolve().parents[2]
QUERIES_DIR = ROOT / "queries"
ONTOLOGY_DIR = ROOT / "ontology"
XSD = "http://www.w3.org/2001/XMLSchema#"
LONGGANG = DEFAULT_BASE + "place/440307"

HEADER = """# title: 各区年度改革数量 | Reforms per district per year
# description: zh: 按区和年份统计。 | en: Reforms per district and year.
# param: district district "District (龙岗区 / 龙岗 or IRI)"
# param: from year "First year"
# param: fact iri required "A fact node"
# tags: reforms, timeline
SELECT ?fact ?district ?year WHERE { ?fact szr:implementedIn ?district ; szr:year ?year .
  FILTER(COALESCE(?year >= ?from, !BOUND(?from))) }
"""


def write_query(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.rq"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def registry():
    return load_registry(QUERIES_DIR, ontology_dir=ONTOLOGY_DIR)


@pytest.fixture(scope="module")
def binder() -> ParameterBinder:
    return ParameterBinder.for_ontology(DEFAULT_BASE, ONTOLOGY_DIR)


def test_header_fields_are_parsed() -> None:
    query = parse_query_text("per_district", HEADER)
    assert (query.title_zh, query.title_en) == ("各区年度改革数量", "Reforms per district per year")
    assert (query.description_zh, query.description_en) == ("按区和年份统计。", "Reforms per district and year.")
    assert [(p.name, p.type, p.required) for p in query.params] == [
        ("district", "district", False), ("from", "year", False), ("fact", "iri", True)]
    assert query.params[0].description == "District (龙岗区 / 龙岗 or IRI)"
    assert query.tags == ("reforms", "timeline")


@pytest.mark.parametrize("change, message", [
    (lambda t: t.replace("# title: 各区年度改革数量 | Reforms per district per year\n", ""), "no '# title:'"),
    (lambda t: t.replace("| Reforms per district per year", ""), "expected 'zh text | en text'"),
    (lambda t: t.replace("from year", "from date"), "unknown type 'date'"),
    (lambda t: t.replace('# param: fact iri required "A fact node"', "# param: fact"), "expected"),
    (lambda t: t.replace("# tags:", "# param: unused string\n# tags:"), "never uses ?unused"),
    (lambda t: t.replace("# tags:", '# param: unused string "e.g. ?unused"\n# tags:'), "never uses ?unused"),
    (lambda t: t.replace("# tags:", '# param: fact iri "again"\n# tags:'), "declared twice"),
])
def test_bad_headers_are_refused_naming_the_file(change, message) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query_text("per_district", change(HEADER))
    assert message in str(caught.value) and "queries/per_district.rq" in str(caught.value)


def test_query_names_must_be_lower_snake_case() -> None:
    with pytest.raises(QuerySyntaxError, match="lower_snake_case"):
        parse_query_text("Per-District", HEADER)


def test_loading_checks_the_sparql_and_reads_form_and_variables(tmp_path: Path) -> None:
    query = load_query_file(write_query(tmp_path, "ok", HEADER))
    assert query.form == "SELECT" and query.variables == ("fact", "district", "year")
    with pytest.raises(QuerySyntaxError, match="queries/broken.rq"):
        load_query_file(write_query(tmp_path, "broken", HEADER.replace("WHERE {", "WHERE")))


def test_a_projected_parameter_tested_with_bound_is_refused(tmp_path: Path) -> None:
    """pyoxigraph substitutes projected variables and then folds BOUND(?them) to false."""
    text = HEADER.replace("SELECT ?fact ?district ?year", "SELECT ?fact ?district ?year ?from")
    with pytest.raises(QuerySyntaxError, match=r"\?from is projected"):
        load_query_file(write_query(tmp_path, "projected", text))


def test_the_optional_filter_idiom_filters_when_bound_and_not_when_unbound() -> None:
    """COALESCE(?year >= ?from, !BOUND(?from)): the convention every curated query uses."""
    store = open_store("memory")
    gyear = ox.NamedNode(XSD + "gYear")
    year = ox.NamedNode(DEFAULT_BASE + "ontology#year")
    for name, value in (("a", "2018"), ("b", "2023")):
        quad = ox.Quad(ox.NamedNode(f"urn:x:{name}"), year, ox.Literal(value, datatype=gyear), ox.NamedNode("urn:g"))
        store.replace_graph(f"urn:g:{name}", [quad])
    text = sparql_prologue() + "SELECT ?r WHERE { ?r szr:year ?y FILTER(COALESCE(?y >= ?from, !BOUND(?from))) }"
    unbound = {s["r"].value for s in store.query(text)}
    bound = {s["r"].value for s in store.query(text, substitutions={"from": ox.Literal("2020", datatype=gyear)})}
    assert unbound == {"urn:x:a", "urn:x:b"} and bound == {"urn:x:b"}


def test_every_shipped_query_loads_with_a_bilingual_header(registry) -> None:
    assert len(registry) >= 16  # at least 15 of ours plus evidence.rq
    for query in registry:
        assert query.title_zh and query.title_en and query.description_zh and query.description_en, query.name
        assert query.form in ("SELECT", "CONSTRUCT", "ASK")


def test_unknown_query_name_is_query_not_found(registry) -> None:
    with pytest.raises(QueryNotFound, match="known: "):
        registry.get("no_such_query")


def test_the_prologue_follows_the_base_iri() -> None:
    other = load_registry(QUERIES_DIR, "http://example.org/kg/", ontology_dir=ONTOLOGY_DIR)
    text = other.sparql("reforms_per_district_year")
    assert "PREFIX szr: <http://example.org/kg/ontology#>" in text and "w3id.org/szreform" not in text.split("# title")[0]
    assert other.bind("reforms_in_domain", {"domain": "economy"})["domain"] == ox.NamedNode(
        "http://example.org/kg/scheme/domain/economy")


@pytest.mark.parametrize("value", ["龙岗", "龙岗区", "Longgang", "longgang district", "440307", LONGGANG])
def test_district_accepts_names_codes_english_and_iris(binder, value) -> None:
    assert binder.convert("district", value) == ox.NamedNode(LONGGANG)


def test_unknown_district_lists_the_valid_values(binder) -> None:
    with pytest.raises(ValueError) as caught:
        binder.convert("district", "火星区")
    assert "火星区" in str(caught.value) and "龙岗区" in str(caught.value) and "440303" in str(caught.value)


@pytest.mark.parametrize("value, expected", [("2018", "2018"), (" 2019 ", "2019"), ("2020年", "2020")])
def test_years_become_gyear_literals(binder, value, expected) -> None:
    assert binder.convert("year", value) == ox.Literal(expected, datatype=ox.NamedNode(XSD + "gYear"))


@pytest.mark.parametrize("value", ["18", "2018-01", "abc", "3000", "2018 OR 1=1", "２０１８x"])
def test_bad_years_are_refused(binder, value) -> None:
    with pytest.raises(ValueError, match="expected a year"):
        binder.convert("year", value)


def test_integers(binder) -> None:
    assert binder.convert("integer", "+3") == ox.Literal("3", datatype=ox.NamedNode(XSD + "integer"))
    with pytest.raises(ValueError, match="whole number"):
        binder.convert("integer", "3.5")


@pytest.mark.parametrize("kind, value, iri", [
    ("level", "national", "scheme/level/national"),
    ("level", "NATIONAL", "scheme/level/national"),
    ("domain", "rule-of-law", "scheme/domain/rule_of_law"),
    ("kind", "media", "scheme/recognition-kind/media"),
    ("kind", DEFAULT_BASE + "scheme/recognition-kind/case", "scheme/recognition-kind/case"),
])
def test_scheme_codes_become_concept_iris(binder, kind, value, iri) -> None:
    assert binder.convert(kind, value) == ox.NamedNode(DEFAULT_BASE + iri)


def test_unknown_code_lists_the_codes(binder) -> None:
    with pytest.raises(ValueError, match="expected one of: .*economy"):
        binder.convert("domain", "economics")
    with pytest.raises(ValueError, match="unknown level"):
        binder.convert("level", DEFAULT_BASE + "scheme/domain/economy")


def test_scheme_codes_come_from_the_ontology() -> None:
    codes = load_scheme_codes(ONTOLOGY_DIR)
    assert {"national", "provincial", "municipal", "district"} <= set(codes["level"])
    assert {"economy", "society", "rule_of_law"} <= set(codes["domain"])
    assert {"award", "case", "promotion", "media", "endorsement"} <= set(codes["recognition-kind"])


@pytest.mark.parametrize("text", ['a"b', "} UNION { ?s ?p ?o }", "x>\n<y", "'''", "\\u0022", "?x . FILTER(true) #"])
def test_strings_stay_exactly_one_literal(binder, text) -> None:
    assert binder.convert("string", text) == ox.Literal(text.strip())


def test_text_collapses_spaces_and_refuses_control_characters(binder) -> None:
    assert binder.convert("text", "  营商   环境\n改革 ") == ox.Literal("营商 环境 改革")
    with pytest.raises(ValueError, match="control characters"):
        binder.convert("text", "a\x00b")
    with pytest.raises(ValueError, match="longer than"):
        binder.convert("text", "长" * 501)


def test_iris_are_checked_and_paths_resolve_under_the_base(binder) -> None:
    assert binder.convert("iri", "/reform/440307/x") == ox.NamedNode(DEFAULT_BASE + "reform/440307/x")
    assert binder.convert("iri", "https://example.org/a") == ox.NamedNode("https://example.org/a")
    for bad in ("http://a/>", "http://a/ b", "http://a/{x}", "javascript:alert(1)", "reform/1", "<http://a>"):
        with pytest.raises(ValueError):
            binder.convert("iri", bad)


def test_bind_reports_every_problem_at_once(registry) -> None:
    with pytest.raises(QueryParameterError) as caught:
        registry.bind("reforms_per_district_year", {"district": "火星", "from": "18", "bogus": "1"})
    locations = sorted(e["loc"][-1] for e in caught.value.errors)
    assert locations == ["bogus", "district", "from"]


def test_bind_requires_required_parameters_and_skips_empty_optional_ones(registry) -> None:
    with pytest.raises(QueryParameterError, match="domain: required"):
        registry.bind("reforms_in_domain", {})
    assert registry.bind("reforms_in_domain", {"domain": "economy", "district": "", "from": None}) == {
        "domain": ox.NamedNode(DEFAULT_BASE + "scheme/domain/economy")}


def test_full_width_digits_are_read_as_ascii(binder) -> None:
    assert binder.convert("year", "２０１８") == ox.Literal("2018", datatype=ox.NamedNode(XSD + "gYear"))
    assert binder.convert("integer", "１２") == ox.Literal("12", datatype=ox.NamedNode(XSD + "integer"))


def test_a_page_fetches_one_row_more_and_fills_the_page_marks(tmp_path) -> None:
    from graph.queries import load_registry as load

    (tmp_path / "paged.rq").write_text(
        "# title: 测试 | Test\n# description: zh: 测试 | en: Test\n"
        "SELECT ?n WHERE {\n  { SELECT ?n WHERE { VALUES ?n { 1 2 3 4 5 } } ORDER BY ?n\n    # page-limit\n  }\n}\nORDER BY ?n\n",
        encoding="utf-8")
    registry = load(tmp_path)
    text = registry.page_sparql("paged", 2, 1)
    assert "LIMIT 4\n" in text and text.endswith("LIMIT 3 OFFSET 1\n")
    assert "# page-limit" in registry.sparql("paged")  # without a page: a comment, every row
    store = open_store("memory")
    assert [int(r["n"].value) for r in store.query(text)] == [2, 3, 4]
    for size, start in ((0, 0), (1, -1), (True, 0), ("2", 0)):
        with pytest.raises(QueryParameterError):
            registry.page_sparql("paged", size, start)


def test_parameters_go_where_the_query_marks_them() -> None:
    from graph._update import bind_values

    text = "SELECT ?x WHERE {\n  { SELECT ?x WHERE {\n    # parameters\n    ?x ?p ?y FILTER(!BOUND(?q)) } }\n}"
    bound = bind_values(text, {"q": ox.Literal('a"} b')})
    assert '# parameters' not in bound and bound.index("VALUES (?q)") > bound.index("{ SELECT")
    assert '"a\\"} b"' in bound
    quoted = 'SELECT ?x WHERE { BIND("""\n# parameters\n""" AS ?x) }'  # inside a string: not a mark
    assert bind_values(quoted, {"q": ox.Literal("a")}).startswith('SELECT ?x WHERE { VALUES (?q) { ("a") }  BIND("""')
