"""Schemathesis against the OpenAPI document, every operation, sent to a real server: no 5xx.

The schema is the app's own ``/openapi.json`` (built in-process at import, since
schemathesis' lazy fixture loader does not run under pytest 9); each generated case
is sent to the ``reliable_server`` process. Generation is Hypothesis' fuzzing phase,
valid and invalid inputs alike, derandomised (same cases every run), bounded to keep
CI time down: ``CHEAP_EXAMPLES`` per operation, ``COSTLY_EXAMPLES`` for the operations
that run SHACL or draw charts.

One 5xx is a correct answer: 503 "Query time limit reached" when the request itself
lowered its time limit (``timeout=``) below what the query needs (Hypothesis likes
``timeout=5e-324``). Those are counted and reported, never hidden: any other 5xx fails.
"""

import collections
import warnings

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings

from api.app import create_app
from api.config import Settings

CHEAP_EXAMPLES, COSTLY_EXAMPLES = 8, 3
COSTLY = r"^/(validate|analytics/)"
OWN_LIMIT_S = 0.05  # below this, a request's own time limit may end its query: 503 is the honest answer
REQUEST_TIMEOUT_S = 60

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    _schema = schemathesis.openapi.from_dict(create_app(Settings(store="memory")).openapi())
schemathesis.serializer.alias("application/sparql-query", "text/plain")  # POST /sparql's raw-query body, fuzzed too
_schema.config.phases.coverage.enabled = False  # its boundary cases run to ~2000; fuzzing covers both modes
SEEN: collections.Counter = collections.Counter()
OWN_LIMIT_503: collections.Counter = collections.Counter()
_FUZZ = {"derandomize": True, "deadline": None, "database": None, "phases": [Phase.explicit, Phase.generate],
         "suppress_health_check": list(HealthCheck)}


def _lowered_its_own_limit(case) -> bool:
    try:
        return float((case.query or {}).get("timeout")) < OWN_LIMIT_S
    except (TypeError, ValueError):
        return False


def check_case(case, base_url: str) -> None:
    """Send one case; fail on any 5xx that is not a request's own too-short time limit."""
    response = case.call(base_url=base_url, timeout=REQUEST_TIMEOUT_S)
    SEEN[case.operation.label] += 1
    if response.status_code == 503 and _lowered_its_own_limit(case):
        assert response.json()["error"] == "Query time limit reached", response.text[:300]
        OWN_LIMIT_503[case.operation.label] += 1
        return
    assert response.status_code < 500, (
        f"{case.operation.label} answered {response.status_code}: {response.text[:300]}\n"
        f"path {case.path_parameters} query {case.query} headers {case.headers} body {str(case.body)[:200]}")


@_schema.exclude(path_regex=COSTLY).parametrize()
@settings(max_examples=CHEAP_EXAMPLES, **_FUZZ)
def test_no_operation_answers_5xx(case, reliable_server):
    check_case(case, reliable_server.url)


@_schema.include(path_regex=COSTLY).parametrize()
@settings(max_examples=COSTLY_EXAMPLES, **_FUZZ)
def test_no_costly_operation_answers_5xx(case, reliable_server):
    check_case(case, reliable_server.url)


def test_every_operation_was_fuzzed(reliable_server, figures):
    if not SEEN:
        pytest.skip("run together with the fuzz tests above")
    operations = {f"{op.ok().method.upper()} {op.ok().path}" for op in _schema.get_all_operations()}
    assert set(SEEN) == operations, f"never fuzzed: {sorted(operations - set(SEEN))}"
    assert sum(SEEN.values()) >= 300
    assert reliable_server.process.poll() is None  # and the server is still up
    figures["fuzz_openapi"] = {"operations": len(SEEN), "cases": sum(SEEN.values()),
                               "own_time_limit_503": sum(OWN_LIMIT_503.values()), "other_5xx": 0}
