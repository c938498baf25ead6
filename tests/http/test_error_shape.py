"""Every route answers errors in the one JSON shape: ``{"ok": false, "status", "error", "detail"}``.

The routes are read from the app itself, so a route added later is checked too:
on each one a 405 (a method none of the routes at that path takes), a 422 (required
parameters missing) and a 404-ish request (path parameters naming nothing).
FastAPI ≥ 0.16x keeps included routers as nodes of ``app.routes``; they are flattened
here, and the list is checked against the OpenAPI paths so it can never be empty by mistake.
"""

import re
from collections import defaultdict

import pytest
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute, Mount

METHODS = ("DELETE", "PATCH", "PUT", "POST", "GET")
NOTHING = "no-such-thing-zz9"


@pytest.fixture(scope="module")
def app_client(make_sparql_client):
    return make_sparql_client()


def _flatten(routes) -> list[tuple[str, BaseRoute]]:
    """(full path, route) of every route, included routers opened up."""
    flat: list[tuple[str, BaseRoute]] = []
    for route in routes:
        if hasattr(route, "effective_route_contexts"):  # an included router (FastAPI ≥ 0.16x)
            flat += [(context.path or getattr(context.original_route, "path", ""), context.original_route)
                     for context in route.effective_route_contexts()]
        else:
            flat.append((getattr(route, "path", ""), route))
    return flat


def _api_routes(app) -> list[tuple[str, APIRoute]]:
    return [(path, route) for path, route in _flatten(app.routes) if isinstance(route, APIRoute)]


def _methods_by_path(app) -> dict[str, set[str]]:
    methods: dict[str, set[str]] = defaultdict(set)
    for path, route in _flatten(app.routes):
        methods[path] |= set(getattr(route, "methods", None) or ())
    return methods


def test_the_route_list_covers_the_documented_api(app_client):
    listed = {re.sub(r":\w+\}", "}", path) for path, _ in _api_routes(app_client.app)}  # {rest:path} → {rest}
    documented = set(app_client.app.openapi()["paths"])
    assert documented <= listed and {"/sparql", "/-/health", "/-/version", "/-/stats"} <= listed


def _concrete(path: str) -> str:
    """The route's path with every parameter filled with a value that names nothing."""
    return re.sub(r"\{[^}]+\}", NOTHING, path)


def _unaccepted_method(accepted: set[str]) -> str | None:
    """A method none of the routes at a path takes."""
    return next((method for method in METHODS if method not in accepted), None)


def _shape_problem(response) -> str | None:
    """What is wrong with an error response's body, or None."""
    try:
        body = response.json()
    except ValueError:
        return f"not JSON ({response.headers.get('content-type')}): {response.text[:80]!r}"
    expected = {"ok": False, "status": response.status_code}
    if not isinstance(body, dict) or any(body.get(k) != v for k, v in expected.items()):
        return f"ok/status wrong: {str(body)[:120]}"
    if not isinstance(body.get("error"), str) or not body["error"] or not isinstance(body.get("detail"), str):
        return f"error/detail missing: {str(body)[:120]}"
    return None


def _check(responses: list[tuple[str, object]], expected_status: set[int] | None = None) -> list[str]:
    problems = []
    for label, response in responses:
        if expected_status is not None and response.status_code not in expected_status:
            problems.append(f"{label}: status {response.status_code}, expected {sorted(expected_status)}")
        elif response.status_code >= 400 and (problem := _shape_problem(response)):
            problems.append(f"{label}: {problem}")
    return problems


def test_every_route_answers_405_in_the_error_shape(app_client):
    responses = []
    for path, accepted in _methods_by_path(app_client.app).items():
        method = _unaccepted_method(accepted)
        if method and path:
            responses.append((f"{method} {path}", app_client.request(method, _concrete(path))))
    assert len(responses) >= len(_api_routes(app_client.app)) // 2
    assert _check(responses, {405}) == []


def test_every_route_missing_required_parameters_answers_422_in_the_error_shape(app_client):
    responses = []
    for path, route in _api_routes(app_client.app):
        required = [p for p in route.dependant.query_params if p.field_info.is_required()]
        if route.methods == {"HEAD"}:  # bodiless by definition: test_head_method checks their statuses
            continue
        if required or route.dependant.body_params:
            method = sorted(route.methods)[0]
            body = {"content": b"{}", "headers": {"Content-Type": "application/json"}} if route.dependant.body_params else {}
            responses.append((f"{method} {path}", app_client.request(method, _concrete(path), **body)))
    assert _check(responses, {400, 404, 422}) == []


def test_every_route_with_path_parameters_answers_errors_in_the_error_shape(app_client):
    responses = []
    for path, route in _api_routes(app_client.app):
        if "{" in path and "GET" in route.methods:
            responses.append((f"GET {path}", app_client.get(_concrete(path), headers={"Accept": "application/json"})))
    assert _check(responses) == []


def test_unknown_paths_and_static_files_answer_404_in_the_error_shape(app_client):
    paths = [f"/{NOTHING}", f"/-/{NOTHING}", f"/sparql/{NOTHING}"]
    paths += [f"{path}/{NOTHING}" for path, route in _flatten(app_client.app.routes) if isinstance(route, Mount)]
    assert _check([(path, app_client.get(path, headers={"Accept": "application/json"})) for path in paths], {404}) == []


def test_sparql_errors_carry_the_shape_for_every_kind(app_client):
    cases = {
        400: app_client.get("/sparql", params={"query": "SELECT"}),
        403: app_client.post("/sparql", content=b"DROP ALL", headers={"Content-Type": "application/sparql-update"}),
        406: app_client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "image/png"}),
        415: app_client.post("/sparql", content=b"x", headers={"Content-Type": "text/plain"}),
        503: app_client.get("/sparql", params={"query": "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } ORDER BY ?a", "timeout": "0.2"}),
    }
    assert _check([(str(status), response) for status, response in cases.items()]) == []
    assert {status: response.status_code for status, response in cases.items()} == {s: s for s in cases}
