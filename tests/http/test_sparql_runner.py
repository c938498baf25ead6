"""QueryRunner, the API the other routes code against: bindings, caps, outcomes, freshness, backends."""

import asyncio
import time

import pyoxigraph as ox
import pytest

from api.app import create_app
from api.config import Settings
from api.query_runner import QueryOutcome
from graph._oxigraph import OxigraphStore
from graph.errors import QuerySyntaxError, QueryTimeout, TooManyQueries, UpdateForbidden
from tests.http.conftest import CROSS_PRODUCT
from tests.http.sparql_fixture import BASE, DOCS, REFORMS, all_quads, doc_graph

LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
REFORM = ox.NamedNode(f"{BASE}reform/440303/doc_a-3")


@pytest.fixture(scope="module")
def runner(make_sparql_client):
    return make_sparql_client(max_heavy_queries=1).app.state.query_runner


def run(runner, sparql: str, **options) -> QueryOutcome:
    return asyncio.run(runner.run(sparql, **options))


def test_substitutions_bind_a_projected_variable(runner):
    outcome = run(runner, f"SELECT ?r ?label WHERE {{ ?r <{LABEL}> ?label }}", substitutions={"r": REFORM})
    assert outcome.form == "SELECT" and outcome.variables == ["r", "label"]
    assert outcome.rows == [{"r": REFORM, "label": ox.Literal("改革 doc_a 3", language="zh")}]


def test_substitutions_bind_a_variable_that_is_not_projected(runner):
    outcome = run(runner, f"SELECT ?label WHERE {{ ?r <{LABEL}> ?label }}", substitutions={"r": REFORM})
    assert [row["label"].value for row in outcome.rows] == ["改革 doc_a 3"]


def test_unbound_variables_are_absent_from_rows(runner):
    outcome = run(runner, f"SELECT ?r ?nothing WHERE {{ ?r <{LABEL}> ?l OPTIONAL {{ ?r <urn:x:none> ?nothing }} }} LIMIT 2")
    assert outcome.variables == ["r", "nothing"] and all(set(row) == {"r"} for row in outcome.rows)


def test_max_rows_caps_and_reports(runner):
    outcome = run(runner, "SELECT * WHERE { ?s ?p ?o }", max_rows=7)
    assert len(outcome.rows) == 7 and outcome.truncated and outcome.row_cap == 7
    assert outcome.to_json()["szkg"] == {"truncated": True, "row_cap": 7, "elapsed_ms": round(outcome.elapsed_ms, 1)}


def test_ask_and_construct_outcomes(runner):
    ask = run(runner, "ASK { ?s ?p ?o }")
    assert (ask.form, ask.boolean) == ("ASK", True)
    assert ask.to_json()["boolean"] is True and ask.to_json()["head"] == {}
    construct = run(runner, f"CONSTRUCT {{ ?r <{LABEL}> ?l }} WHERE {{ ?r <{LABEL}> ?l }}", substitutions={"r": REFORM})
    assert construct.form == "CONSTRUCT" and construct.triples == [ox.Triple(REFORM, ox.NamedNode(LABEL), ox.Literal("改革 doc_a 3", language="zh"))]
    triple = construct.to_json()["triples"][0]
    assert triple["subject"] == {"type": "uri", "value": REFORM.value} and triple["object"]["xml:lang"] == "zh"


def test_select_to_json_is_sparql_json(runner):
    body = run(runner, f"SELECT ?l WHERE {{ <{REFORM.value}> <{LABEL}> ?l }}").to_json()
    assert body["head"] == {"vars": ["l"]}
    assert body["results"]["bindings"] == [{"l": {"type": "literal", "value": "改革 doc_a 3", "xml:lang": "zh"}}]


def test_dataset_arguments(runner):
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?r a <{BASE}ontology#Reform> }}"
    assert run(runner, count).rows[0]["n"].value == str(REFORMS * len(DOCS))
    assert run(runner, count, default_graphs=[doc_graph("doc_b")]).rows[0]["n"].value == str(REFORMS)
    named = run(runner, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", named_graphs=[doc_graph("doc_c")])
    assert [row["g"].value for row in named.rows] == [doc_graph("doc_c")]


def test_errors_are_graph_errors(runner):
    with pytest.raises(QuerySyntaxError) as syntax:
        run(runner, "SELECT * WHERE { ?s ?p }")
    assert syntax.value.position == (1, 25)
    with pytest.raises(UpdateForbidden):
        run(runner, "DROP ALL")
    with pytest.raises(QueryTimeout):
        run(runner, CROSS_PRODUCT, timeout_s=0.2)


def _wait_for_idle_workers(runner, count: int, within_s: float = 60.0) -> None:
    """Let replacements for workers killed by earlier tests start: this test is about the cap, not start-up."""
    give_up = time.monotonic() + within_s
    while runner.describe()["workers"]["idle"] < count and time.monotonic() < give_up:
        time.sleep(0.1)


def test_light_queries_pass_the_heavy_cap_and_heavy_ones_get_429(runner):
    _wait_for_idle_workers(runner, 2)

    async def scenario():
        slow = asyncio.create_task(runner.run(CROSS_PRODUCT))
        await asyncio.sleep(0.3)
        with pytest.raises(TooManyQueries) as rejected:
            await runner.run("ASK {}")
        assert runner.describe()["heavy_running"] == 1
        light = await runner.run("ASK {}", heavy=False)
        with pytest.raises(QueryTimeout):
            await slow
        return light, rejected.value

    light, rejected = asyncio.run(scenario())
    assert light.boolean is True and rejected.retry_after >= 1


def test_workers_see_what_is_written_after_they_started(make_sparql_client):
    app = make_sparql_client().app
    # The app reads its store read-only; a separate writer (as `szkg load` would be) changes it.
    runner, store = app.state.query_runner, OxigraphStore(app.state.store.path)
    new_graph, subject = doc_graph("doc_new"), ox.NamedNode(f"{BASE}doc/doc_new")
    ask = f"ASK {{ <{subject.value}> ?p ?o }}"
    assert run(runner, ask).boolean is False
    store.replace_graph(new_graph, [ox.Quad(subject, ox.NamedNode(LABEL), ox.Literal("新"), ox.NamedNode(new_graph))])
    assert run(runner, ask).boolean is True
    store.drop_graph(new_graph)
    assert run(runner, ask).boolean is False
    assert run(runner, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0]["n"].value == str(len(all_quads()))


def test_the_memory_backend_runs_in_threads_with_a_best_effort_deadline():
    app = create_app(Settings(store="memory", query_timeout_s=1))
    runner, store = app.state.query_runner, app.state.store
    store.replace_graph(doc_graph("doc_a"), all_quads()[:300])
    try:
        assert run(runner, "ASK { ?s ?p ?o }").boolean is True
        # Rows stream, so the deadline checked between rows stops the thread too.
        with pytest.raises(QueryTimeout):
            run(runner, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", max_rows=10**12, timeout_s=0.3)
        assert "workers" not in runner.describe()
    finally:
        runner.close()


def test_a_result_is_also_capped_by_its_size(monkeypatch):
    monkeypatch.setattr("api.query_runner.MAX_RESULT_CHARS", 2000)
    app = create_app(Settings(store="memory"))
    runner, store = app.state.query_runner, app.state.store
    store.replace_graph(doc_graph("doc_a"), all_quads())
    try:
        outcome = run(runner, "SELECT * WHERE { ?s ?p ?o }")
        assert outcome.truncated and 0 < len(outcome.rows) < 100
        assert len(outcome.encoded()) < 2000 + 500
        rebuilt = QueryOutcome(form="SELECT", variables=outcome.variables, rows=outcome.rows * 10)
        assert rebuilt.encoded().count(b"\n") == len(outcome.rows) * 10 + 1  # re-encoding never truncates
    finally:
        runner.close()


def test_changing_the_rows_changes_what_is_serialised(runner):
    outcome = run(runner, f"SELECT ?r WHERE {{ ?r <{LABEL}> ?l }} ORDER BY ?r LIMIT 3")
    outcome.rows = outcome.rows[:1]
    assert len(outcome.to_json()["results"]["bindings"]) == 1
    outcome.rows.append({"r": REFORM})
    assert [b["r"]["value"] for b in outcome.to_json()["results"]["bindings"]][-1] == REFORM.value
