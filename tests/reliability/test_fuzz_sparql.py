"""Grammar-aware SPARQL fuzzing against a real server: mutations of every curated query.

Each curated query (its full text, prologue included, as ``/queries`` lists it) is
tokenised and mutated ``MUTANTS`` times, one to three operators each
(``tests/reliability/sparql_mutations.py``), seeded so every run sends the same cases.
Each case goes to ``/sparql`` (GET and POST in turn) with ``timeout=CASE_LIMIT_S``.
A case passes when it is answered within its limit plus ``MARGIN_S`` with 200 (a
well-formed result), 400 (malformed SPARQL, with a position when the parser gave
one), 403 (SERVICE) or 503 (its time or memory limit): never 500/502, never a hang.
"""

import random
import time
from collections import Counter

import httpx
import pytest

from tests.reliability.sparql_mutations import mutate, render, tokenize

SEED = 20261122
MUTANTS = 20
CASE_LIMIT_S = 0.5
MARGIN_S = 2.0  # kill, reap and answer on a loaded 2-core machine
ANSWERS = {200, 400, 403, 503}
STOPPED = {"Query time limit reached", "Query memory limit reached"}


@pytest.fixture(scope="module")
def curated(reliable_server) -> dict[str, str]:
    """Every curated query's full text, by name."""
    entries = httpx.get(f"{reliable_server.url}/queries", timeout=30).json()["queries"]
    return {entry["name"]: entry["sparql"] for entry in entries}


def mutants(name: str, sparql: str) -> list[tuple[str, str]]:
    """(operators applied, mutated text) for one curated query; the same every run."""
    rng = random.Random(f"{SEED}:{name}")
    cases = []
    for _ in range(MUTANTS):
        tokens, applied = tokenize(sparql), []
        for _ in range(rng.choice((1, 1, 2, 3))):
            operator, tokens = mutate(tokens, rng)
            applied.append(operator)
        cases.append(("+".join(applied), render(tokens)))
    return cases


def _send(client: httpx.Client, sparql: str, use_post: bool) -> tuple[httpx.Response, float]:
    params = {"query": sparql, "timeout": str(CASE_LIMIT_S)}
    started = time.monotonic()
    response = client.post("/sparql", data=params) if use_post else client.get("/sparql", params=params)
    return response, time.monotonic() - started


def _check_answer(response: httpx.Response, seconds: float, sparql: str) -> None:
    where = f"{response.status_code} after {seconds:.2f} s for: {sparql[-400:]}\n{response.text[:300]}"
    assert response.status_code in ANSWERS, where
    assert seconds <= CASE_LIMIT_S + MARGIN_S, where
    if response.status_code == 200:
        assert response.content, where
        if response.headers["content-type"].startswith("application/sparql-results+json"):
            response.json()
        return
    body = response.json()
    assert body["ok"] is False and body["status"] == response.status_code and body["detail"], where
    if response.status_code == 503:
        assert body["error"] in STOPPED, where


def test_the_tokenizer_round_trips_every_curated_query(reliable_server, curated):
    """Re-rendered from its tokens, every curated query gives the same answer: the fuzzer speaks SPARQL."""
    with httpx.Client(base_url=reliable_server.url, timeout=60) as client:
        for name, sparql in curated.items():
            original = client.get("/sparql", params={"query": sparql})
            rendered = client.get("/sparql", params={"query": render(tokenize(sparql))})
            assert original.status_code == rendered.status_code == 200, (name, rendered.text[:300])
            assert _result(original) == _result(rendered), name


def _result(response: httpx.Response) -> object:
    """What a query answered, without the timing it reports."""
    if response.headers["content-type"].startswith("application/sparql-results+json"):
        return {key: value for key, value in response.json().items() if key != "szkg"}
    return response.content


def test_mutated_curated_queries_never_get_a_server_error_or_hang(reliable_server, curated, figures):
    statuses: Counter = Counter()
    operators: Counter = Counter()
    slowest = 0.0
    with httpx.Client(base_url=reliable_server.url, timeout=60) as client:
        for name, sparql in sorted(curated.items()):
            for number, (applied, mutant) in enumerate(mutants(name, sparql)):
                response, seconds = _send(client, mutant, use_post=number % 2 == 1)
                _check_answer(response, seconds, mutant)
                statuses[response.status_code] += 1
                operators.update(applied.split("+"))
                slowest = max(slowest, seconds)
    assert sum(statuses.values()) == MUTANTS * len(curated) >= 300
    assert statuses[200] >= 30 and statuses[400] >= 30, statuses  # the mutants are neither all valid nor all broken
    assert httpx.get(f"{reliable_server.url}/-/health", timeout=30).status_code == 200
    figures["fuzz_sparql"] = {"cases": sum(statuses.values()), "statuses": dict(sorted(statuses.items())),
                              "operators": dict(sorted(operators.items())), "slowest_seconds": round(slowest, 2),
                              "seed": SEED}


def test_mutants_are_seeded_and_varied(curated):
    name, sparql = next(iter(sorted(curated.items())))
    first, second = mutants(name, sparql), mutants(name, sparql)
    assert first == second
    assert len({text for _, text in first}) >= MUTANTS - 2 and all(text != render(tokenize(sparql)) for _, text in first[:3])
