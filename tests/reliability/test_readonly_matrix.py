"""Read-only against a real server: every update form, in every disguise, by every method → 403,
and the store on disk is unchanged (quad count and a hash of every quad, before and after).

``tests/http/test_sparql_readonly.py`` covers the in-process matrix; this one adds the
disguises (mixed case, comments, prologues before the keyword) on every method, and
checks the store a real ``szkg serve`` holds, read from disk.
"""

import re

import httpx
import pytest

from tests.reliability.conftest import store_fingerprint

DOC_GRAPH = "https://w3id.org/szreform/graph/doc/000_2cfde935c3116cc9"
UPDATES = {
    "insert_data": 'INSERT DATA { GRAPH <urn:x:g> { <urn:x:s> <urn:x:p> "o" } }',
    "insert_where": "INSERT { GRAPH <urn:x:g> { ?s ?p ?o } } WHERE { ?s ?p ?o }",
    "delete_data": 'DELETE DATA { GRAPH <urn:x:g> { <urn:x:s> <urn:x:p> "o" } }',
    "delete_where": f"DELETE WHERE {{ GRAPH <{DOC_GRAPH}> {{ ?s ?p ?o }} }}",
    "with_delete": f"WITH <{DOC_GRAPH}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
    "load": "LOAD <http://127.0.0.1:9/evil.ttl> INTO GRAPH <urn:x:g>",
    "load_silent_file": "LOAD SILENT <file:///etc/passwd>",
    "drop_graph": f"DROP GRAPH <{DOC_GRAPH}>",
    "drop_all": "DROP ALL",
    "clear_default": "CLEAR DEFAULT",
    "clear_graph": f"CLEAR SILENT GRAPH <{DOC_GRAPH}>",
    "create": "CREATE GRAPH <urn:x:new>",
    "copy": f"COPY <{DOC_GRAPH}> TO <urn:x:copy>",
    "move": f"MOVE <{DOC_GRAPH}> TO <urn:x:moved>",
    "add": f"ADD <{DOC_GRAPH}> TO <urn:x:added>",
    "query_then_update": "ASK { ?s ?p ?o } ; DROP ALL",
}
_KEYWORD = re.compile(r"\b(INSERT|DELETE|DATA|WHERE|WITH|LOAD|SILENT|INTO|GRAPH|DROP|ALL|CLEAR|DEFAULT|CREATE|COPY|MOVE"
                      r"|ADD|TO|ASK)\b")


def _mixed_case(text: str) -> str:
    """dRoP aLl: alternate the case of each keyword's letters (IRIs untouched)."""
    return _KEYWORD.sub(lambda m: "".join(c.lower() if i % 2 == 0 else c for i, c in enumerate(m.group(0))), text)


def disguises(update: str) -> dict[str, str]:
    """The same update, as sent by someone who wants it to slip through."""
    return {
        "plain": update,
        "lower_case": _KEYWORD.sub(lambda m: m.group(0).lower(), update),
        "mixed_case": _mixed_case(update),
        "comment_first": "# SELECT * WHERE { ?s ?p ?o }\n" + update,
        "comment_between": re.sub(r"^(\w+)", r"\1 # ASK {}\n ", update, count=1),
        "prologue_first": "PREFIX ex: <urn:x:>\nBASE <urn:x:base/>\nprefix select: <urn:x:select#>\n" + update,
        "everything": "\ufeff  # ASK {}\n\tPrEfIx ex: <urn:x:> # then the update\n\n" + _mixed_case(update),
    }


def requests_for(text: str) -> dict[str, dict]:
    """Every way to send ``text`` to /sparql: (method and httpx arguments) by name."""
    return {
        "GET query=": {"method": "GET", "params": {"query": text}},
        "GET update=": {"method": "GET", "params": {"update": text}},
        "POST form query=": {"method": "POST", "data": {"query": text}},
        "POST form update=": {"method": "POST", "data": {"update": text}},
        "POST sparql-update": {"method": "POST", "content": text.encode(),
                               "headers": {"Content-Type": "application/sparql-update"}},
        "POST sparql-query": {"method": "POST", "content": text.encode(),
                              "headers": {"Content-Type": "application/sparql-query"}},
        "POST sparql-update charset": {"method": "POST", "content": text.encode(),
                                      "headers": {"Content-Type": "Application/SPARQL-Update; charset=UTF-8"}},
        "POST ?update= with a query body": {"method": "POST", "params": {"update": text}, "content": b"ASK {}",
                                            "headers": {"Content-Type": "application/sparql-query"}},
    }


@pytest.fixture(scope="module")
def refused(reliable_server) -> dict:
    """Counts of what was sent, shared by the tests of this module."""
    return {"requests": 0}


@pytest.mark.parametrize("name", list(UPDATES))
def test_every_disguise_of_an_update_by_every_method_is_403_and_changes_nothing(reliable_server, http, refused, name):
    before = store_fingerprint(reliable_server.store_path)
    for disguise, text in disguises(UPDATES[name]).items():
        for route, kwargs in requests_for(text).items():
            response = http.request(url="/sparql", **kwargs)
            assert response.status_code == 403, (disguise, route, text, response.status_code, response.text[:300])
            body = response.json()
            assert body["ok"] is False and body["status"] == 403 and body["detail"], body
            refused["requests"] += 1
    assert store_fingerprint(reliable_server.store_path) == before, f"{name} changed the store"


def test_the_store_still_answers_and_holds_the_same_data(reliable_server, http, refused, figures):
    count, _ = store_fingerprint(reliable_server.store_path)
    # every quad on disk: those of the named graphs, and the default graph (their merge)
    served = http.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } }"})
    assert served.status_code == 200
    assert int(served.json()["results"]["bindings"][0]["n"]["value"]) == count
    figures["readonly"] = {"update_forms": len(UPDATES), "disguises": len(disguises("DROP ALL")),
                           "methods": len(requests_for("")), "requests_refused_403": refused["requests"], "quads": count}


def test_disguises_really_disguise():
    """The matrix is only worth its size if the disguises differ from the plain text."""
    forms = disguises(UPDATES["drop_all"])
    assert len(set(forms.values())) == len(forms)
    assert "dRoP aLl" in forms["mixed_case"] and forms["comment_between"].startswith("DROP # ASK {}")


def test_a_plain_query_still_passes(http):
    """The same methods with a query (not an update) are answered: the 403s are about updates."""
    for route, kwargs in requests_for("ASK { ?s ?p ?o }").items():
        if "update" in route.lower():
            continue
        response = http.request(url="/sparql", **kwargs)
        assert response.status_code == 200 and response.json()["boolean"] is True, (route, response.text[:200])
