"""Every curated query parses, runs on the sample corpus, and answers what the corpus says.

The store is the five sample articles loaded by the real loader from the gold
annotations (``loaded_store`` in tests/conftest.py), so the expected figures below
are those of the gold files.
"""

from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from graph.ns import DEFAULT_BASE
from graph.queries import QueryRegistry, load_registry

ROOT = Path(__file__).resolve().parents[2]
REFORM = DEFAULT_BASE + "reform/"
PLACE = DEFAULT_BASE + "place/"
DOC = DEFAULT_BASE + "doc/"
BUSINESS = "/reform/440307/ying-shang-huan-jing-gai-ge"  # 营商环境改革, Longgang 2023

# name → parameters for a run that must return rows on the sample corpus
SAMPLE_RUNS: dict[str, dict[str, str]] = {
    "reforms_per_district_year": {},
    "reforms_in_domain": {"domain": "culture"},
    "national_recognitions": {},
    "pilots_by_level": {"level": "national"},
    "lead_organisations": {},
    "reforms_promoted_nationwide": {},
    "reform_outcomes": {"reform": BUSINESS},
    "evidence": {"fact": BUSINESS},
    "article_facts": {"doc": "/doc/004_faf4bff2d0afeaab"},
    "multi_article_reforms": {},
    "district_pilots_compared": {},
    "district_timeline": {"district": "罗湖"},
    "reforms_by_keyword": {"q": "营商"},
    "organisation_activity": {"org": "国务院"},
    "reform_plans": {},
    "media_coverage": {},
    "recognitions_by_kind": {},
    "reform_profile": {"reform": BUSINESS},
    "articles": {},
    "persons_leading_reforms": {},
}


@pytest.fixture(scope="module")
def registry() -> QueryRegistry:
    return load_registry(ROOT / "queries", ontology_dir=ROOT / "ontology")


@pytest.fixture(scope="module")
def run(registry, loaded_store):
    """``run(name, **params)`` → list of {variable: value string} (or triples for CONSTRUCT)."""

    def execute(name: str, **params: str):
        result = loaded_store.query(registry.sparql(name), substitutions=registry.bind(name, params))
        if isinstance(result, ox.QueryTriples):
            return list(result)
        return [{v.value: s[v].value for v in result.variables if s[v] is not None} for s in result]

    return execute


def test_every_query_file_has_a_sample_run(registry) -> None:
    assert set(SAMPLE_RUNS) == {q.name for q in registry}


@pytest.mark.parametrize("name", sorted(SAMPLE_RUNS))
def test_each_query_returns_rows_on_the_sample_corpus(run, name) -> None:
    assert len(run(name, **SAMPLE_RUNS[name])) >= 1


def test_reforms_per_district_year_counts_and_filters(run) -> None:
    counts = {(r["districtLabel"], r.get("year")): int(r["reforms"]) for r in run("reforms_per_district_year")}
    assert counts[("坪山区", "2019")] == 17 and counts[("罗湖区", "2020")] == 32 and counts[("龙岗区", "2018")] == 9
    longgang = run("reforms_per_district_year", district="龙岗", **{"from": "2019"})
    assert [(r["districtLabel"], r["year"]) for r in longgang] == [("龙岗区", "2023")]
    to_2019 = {r.get("year") for r in run("reforms_per_district_year", to="2019")}
    assert to_2019 == {"2018", "2019"}
    economy = {(r["districtLabel"], r.get("year")): int(r["reforms"]) for r in run("reforms_per_district_year", domain="economy")}
    assert all(economy[key] <= counts[key] for key in economy) and economy != counts


def test_reforms_in_domain_lists_only_that_domain(run) -> None:
    rows = run("reforms_in_domain", domain="culture")
    assert {r["reformLabel"] for r in rows} == {"公共文化机构法人治理结构改革", "“文物保护+文化服务/文创空间”模式",
                                                "文化和旅游融合发展改革", "文化馆总分馆制改革"}
    assert {r["districtLabel"] for r in run("reforms_in_domain", domain="culture", district="罗湖区")} == {"罗湖区"}


def test_national_recognitions_and_their_kind_and_district_filters(run) -> None:
    rows = run("national_recognitions")
    assert all(r["recognitionLabel"] for r in rows) and "《焦点访谈》专题报道" in {r["recognitionLabel"] for r in rows}
    media = run("national_recognitions", kind="media", district="坪山")
    assert media and all(r["recognitionKind"].endswith("/media") for r in media)
    assert {r["recognition"] for r in media} < {r["recognition"] for r in rows}


def test_pilots_by_level_filter(run) -> None:
    national = run("pilots_by_level", level="national")
    assert len({r["pilot"] for r in national}) == 9
    assert {r["pilotLabel"] for r in run("pilots_by_level", level="national", district="罗湖")} == {"综合授权改革试点"}
    granted = [r for r in national if r["pilotLabel"] == "综合授权改革试点"]
    assert set(granted[0]["grantedBy"].split("; ")) == {"中共中央", "国务院"}


def test_lead_organisations_are_ranked(run) -> None:
    rows = run("lead_organisations")
    counts = [int(r["led"]) for r in rows]
    assert counts == sorted(counts, reverse=True) and rows[0]["organisationLabel"] == "罗湖区委教育工委"


def test_reforms_promoted_nationwide(run) -> None:
    labels = {r["reformLabel"] for r in run("reforms_promoted_nationwide")}
    assert {"二三产业混合用地改革", "“一杯咖啡办成事”服务模式", "民生诉求流程优化改革"} <= labels
    assert run("reforms_promoted_nationwide", district="罗湖") == []


def test_reform_outcomes_carry_values_units_and_quotes(run) -> None:
    rows = run("reform_outcomes", reform=BUSINESS)
    money = next(r for r in rows if r["printed"] == "9385万元")
    assert money["value"] == "93850000" and money["unitCode"] == "CNY" and "9385万元" in money["quote"]
    assert {r["reform"] for r in run("reform_outcomes", q="营商环境")} == {DEFAULT_BASE + BUSINESS[1:]}


def test_article_facts_lists_the_articles_statements_with_quotes(run) -> None:
    rows = run("article_facts", doc="/doc/004_faf4bff2d0afeaab")
    assert ("制度“增、补、调”", "区纪委监委") in {(r.get("subjectLabel"), r.get("objectLabel")) for r in rows}
    assert all(r.get("quote") for r in rows)


def test_multi_article_reforms_and_their_threshold(run) -> None:
    rows = run("multi_article_reforms")
    assert [(r["reformLabel"], r["articles"]) for r in rows] == [("数字政府改革", "2")]
    assert len(run("multi_article_reforms", min="1", district="坪山")) == 17


def test_district_pilots_compared(run) -> None:
    rows = {r["districtLabel"]: r for r in run("district_pilots_compared")}
    assert rows["坪山区"]["nationalPilots"] == "6" and rows["龙岗区"]["pilots"] == "13"


def test_district_timeline_is_in_year_order_with_undated_last(run) -> None:
    rows = run("district_timeline", district="龙岗")
    years = [r.get("year") for r in rows]
    dated = [y for y in years if y]
    assert dated == sorted(dated) and years.index(None) == len(dated)
    assert {r.get("year") for r in run("district_timeline", district="罗湖", **{"from": "2020", "to": "2020"})} == {"2020"}


def test_keyword_search_is_case_insensitive_and_filters_by_district(run) -> None:
    assert len(run("reforms_by_keyword", q="营商")) == 3
    assert {r["reformLabel"] for r in run("reforms_by_keyword", q="营商", district="罗湖")} == {"营商环境改革"}


def test_the_remaining_queries_answer_from_the_corpus(run) -> None:
    assert {r["organisationLabel"] for r in run("organisation_activity", org="国务院")} == {"国务院", "国务院办公厅"}
    assert {r["planLabel"]: r["listedReforms"] for r in run("reform_plans")}["罗湖13项改革"] == "12"
    assert "《焦点访谈》" in {r["outletLabel"] for r in run("media_coverage")}
    assert {r["recognitionLevel"] for r in run("recognitions_by_kind", level="national")} == {DEFAULT_BASE + "scheme/level/national"}
    assert {r["personLabel"] for r in run("persons_leading_reforms")} == {"张勇", "戴斌"}
    assert {r["doc"] for r in run("articles", q="罗湖")} == {DOC + "002_dfc0eb8523fa337d", DOC + "004_faf4bff2d0afeaab"}


def test_reform_profile_is_the_reforms_graph_with_evidence(run) -> None:
    triples = run("reform_profile", reform=BUSINESS)
    subjects = {t.subject.value for t in triples}
    reform = DEFAULT_BASE + BUSINESS[1:]
    assert reform in subjects and any(t.predicate.value.endswith("#exact") for t in triples)
    assert not any(s.startswith(REFORM) and s != reform for s in subjects)


def test_szkg_query_command(loaded_store_path, tmp_path, monkeypatch) -> None:
    import shutil

    from api.cli import app

    store = tmp_path / "store"
    shutil.copytree(loaded_store_path, store)
    monkeypatch.setenv("SZKG_STORE", f"oxigraph:{store}")
    runner = CliRunner()
    listing = runner.invoke(app, ["query", "--list"])
    assert listing.exit_code == 0 and "reforms_per_district_year" in listing.output
    csv = runner.invoke(app, ["query", "reforms_per_district_year", "-p", "district=坪山", "--format", "csv"])
    assert csv.exit_code == 0 and csv.output.splitlines()[1].endswith(",坪山区,2019,17")
    bad = runner.invoke(app, ["query", "reforms_in_domain", "-p", "domain=nope"])
    assert bad.exit_code == 2 and "unknown domain" in bad.output
