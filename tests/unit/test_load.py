"""load_paths: the corpus loads, reloads change nothing, bad articles are reported and skipped."""

from pathlib import Path

import pyoxigraph as ox
import pytest

from graph._oxigraph import OxigraphStore
from graph.ns import DEFAULT_BASE, article_graph
from loaders.load import drop_article, expand_paths, load_paths
from tests.corpus_store import GOLD_DIR, ONTOLOGY_DIR, load_corpus
from tests.gold_extraction import gold_extractor

DOC = "000_2cfde935c3116cc9"


def _load(store, paths, extract=None, validate=None):
    return load_paths(store, paths, ontology_dir=ONTOLOGY_DIR, base=DEFAULT_BASE, validate=validate,
                      max_bytes=5_000_000, extract=extract or gold_extractor(GOLD_DIR))


def test_loaded_store_fixture_holds_the_corpus(loaded_store) -> None:
    graphs = loaded_store.graphs()
    assert sum(g.startswith(DEFAULT_BASE + "graph/doc/") for g in graphs) == 5
    assert DEFAULT_BASE + "graph/reference" in graphs
    assert loaded_store.count() > 10_000


def test_reloading_the_corpus_changes_nothing(corpus_dir) -> None:
    store = OxigraphStore()
    first = load_corpus(store, validate=False)
    before = store.count()
    again = _load(store, [corpus_dir])
    assert len(first.loaded) == 5 and first.added == before
    assert again.unchanged and len(again.unchanged) == 5 and not again.loaded
    assert (again.added, again.removed, store.count()) == (0, 0, before)


def test_changed_article_replaces_its_graph(tmp_path, corpus_dir) -> None:
    store = OxigraphStore()
    article = tmp_path / f"{DOC}.txt"
    text = (corpus_dir / f"{DOC}.txt").read_text(encoding="utf-8")
    article.write_text(text, encoding="utf-8")
    _load(store, [article])
    before = store.count(article_graph(DOC))
    article.write_text(text + "\n补充一句。", encoding="utf-8")
    summary = _load(store, [article])
    assert summary.loaded == [str(article.resolve())]
    assert summary.added > 0 and summary.removed > 0
    assert store.count(article_graph(DOC)) == before  # same facts, new text and hash


def test_bad_articles_are_reported_and_the_batch_goes_on(tmp_path, corpus_dir) -> None:
    store = OxigraphStore()
    _load(store, [corpus_dir / f"{DOC}.txt"])
    before = store.count()
    binary = tmp_path / "001_6d26e2f88aad0c34.txt"
    binary.write_bytes(b"\xff\xfe\x00garbage\x00" * 10)
    good = corpus_dir / "003_005059f0c2a5b684.txt"
    summary = _load(store, [binary, good, tmp_path / "missing*.txt"])
    assert [Path(p).name for p in summary.loaded] == [good.name]
    assert sorted(Path(p.path).name for p in summary.failed) == [binary.name, "missing*.txt"]
    assert store.count() > before
    assert store.count(article_graph(DOC)) > 0


def test_rejected_article_leaves_the_stored_graph_alone(corpus_dir) -> None:
    store = OxigraphStore()
    _load(store, [corpus_dir / f"{DOC}.txt"])
    before = store.count(article_graph(DOC))

    def refuse(quads):
        from graph.errors import ValidationFailed
        raise ValidationFailed("Reform without a label")

    def changed(path, max_bytes):
        article = gold_extractor(GOLD_DIR, version="v2")(path, max_bytes)
        return article

    summary = _load(store, [corpus_dir / f"{DOC}.txt"], extract=changed, validate=refuse)
    assert summary.rejected and "Reform without a label" in summary.rejected[0].message
    assert store.count(article_graph(DOC)) == before


def test_unmappable_extraction_is_rejected(corpus_dir) -> None:
    def broken(path, max_bytes):
        article = gold_extractor(GOLD_DIR)(path, max_bytes)
        article.extraction["entities"][0]["evidence"] = [{"start": 5, "end": 9, "quote": "not there"}]
        return article

    summary = _load(OxigraphStore(), [corpus_dir / f"{DOC}.txt"], extract=broken)
    assert summary.rejected and "quote" in summary.rejected[0].message


def test_expand_paths_takes_files_folders_and_globs(corpus_dir) -> None:
    files, missing = expand_paths([corpus_dir, str(corpus_dir / "00[01]*.txt"), corpus_dir / f"{DOC}.txt"])
    assert len(files) == 5 and not missing


def test_drop_article_by_file_name(corpus_dir) -> None:
    store = OxigraphStore()
    _load(store, [corpus_dir / f"{DOC}.txt"])
    assert drop_article(store, f"{DOC}.txt", DEFAULT_BASE) > 0
    assert article_graph(DOC) not in store.graphs()
    with pytest.raises(LookupError):
        drop_article(store, DOC, DEFAULT_BASE)


def test_evidence_query_returns_article_quote_and_offsets(loaded_store) -> None:
    from graph.queries import load_registry

    registry = load_registry(ONTOLOGY_DIR.parent / "queries", DEFAULT_BASE, ontology_dir=ONTOLOGY_DIR)
    fact = DEFAULT_BASE + "reform/440307/you-hua-ying-shang-huan-jing-gai-ge"
    rows = list(loaded_store.query(registry.sparql("evidence"), substitutions=registry.bind("evidence", {"fact": fact})))
    assert rows, "no evidence for a reform of the corpus"
    text = {}
    for row in rows:
        doc = row["doc"].value
        if doc not in text:
            text[doc] = next(iter(loaded_store.query(
                "SELECT ?c WHERE { ?d <https://w3id.org/szreform/ontology#content> ?c }", substitutions={"d": row["doc"]})))["c"].value
        start, end = int(row["start"].value), int(row["end"].value)
        assert text[doc][start:end] == row["quote"].value
    assert any(row["file"].value == f"{DOC}.txt" for row in rows)


def test_read_only_store_refuses_writes(loaded_store) -> None:
    from graph.errors import StoreError

    with pytest.raises(StoreError):
        loaded_store.replace_graph(article_graph(DOC), [])
    assert loaded_store.count(article_graph(DOC)) > 0


def test_cli_load_drop_stats(tmp_path, corpus_dir, monkeypatch) -> None:
    import json

    from typer.testing import CliRunner

    from api.cli import app
    from tests.gold_extraction import with_evidence

    facts = tmp_path / "facts"
    facts.mkdir()
    for article in sorted(corpus_dir.glob("*.txt"))[:2]:
        gold = json.loads((GOLD_DIR / f"{article.stem}.json").read_text(encoding="utf-8"))
        text = article.read_text(encoding="utf-8")
        (facts / f"{article.stem}.json").write_text(json.dumps(with_evidence(gold, text), ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("SZKG_STORE", f"oxigraph:{tmp_path / 'store'}")
    monkeypatch.setenv("SZKG_VALIDATE_ON_LOAD", "false")
    runner = CliRunner()
    first = runner.invoke(app, ["load", str(corpus_dir / "000_*.txt"), str(corpus_dir / "001_*.txt"), "--facts", str(facts)])
    assert first.exit_code == 0, first.output
    assert "loaded 2, unchanged 0" in first.output
    again = runner.invoke(app, ["load", str(corpus_dir), "--facts", str(facts), "--json"])
    assert again.exit_code == 1  # three articles have no extraction file
    summary = json.loads(again.stdout)
    assert len(summary["unchanged"]) == 2 and len(summary["failed"]) == 3
    stats = json.loads(runner.invoke(app, ["stats", "--json"]).stdout)
    assert stats["articles"] == 2 and stats["entities"]["szr:Reform"] > 0
    assert runner.invoke(app, ["drop", f"{DOC}.txt"]).exit_code == 0
    assert runner.invoke(app, ["drop", DOC]).exit_code == 1
    assert json.loads(runner.invoke(app, ["stats", "--json"]).stdout)["articles"] == 1


def test_evidence_query_gives_the_quote_for_a_recognition_of_a_longgang_reform(loaded_store) -> None:
    from graph.queries import load_registry

    registry = load_registry(ONTOLOGY_DIR.parent / "queries", DEFAULT_BASE, ontology_dir=ONTOLOGY_DIR)
    szr = DEFAULT_BASE + "ontology#"
    found = list(loaded_store.query(
        f"SELECT DISTINCT ?rec WHERE {{ ?rec <{szr}recognizes> ?reform . "
        f"?reform a <{szr}Reform> ; <{szr}implementedIn> <{DEFAULT_BASE}place/440307> }} ORDER BY ?rec LIMIT 1"))
    assert found, "the corpus has no recognition of a Longgang reform"
    rows = list(loaded_store.query(registry.sparql("evidence"), substitutions=registry.bind("evidence", {"fact": found[0]["rec"].value})))
    assert rows
    for row in rows:
        content = next(iter(loaded_store.query(
            f"SELECT ?c WHERE {{ ?d <{szr}content> ?c }}", substitutions={"d": row["doc"]})))["c"].value
        assert content[int(row["start"].value):int(row["end"].value)] == row["quote"].value
        assert row["doc"].value.endswith("001_6d26e2f88aad0c34") or row["doc"].value.endswith("000_2cfde935c3116cc9")
