"""The worker writes the negotiated format itself: capping sink, reply framing, the event-loop wait."""

import asyncio
import os
import struct
import time

import pyoxigraph as ox
import pytest

from api._worker_process import read_message
from api._query_worker import encode_result, serialize_capped
from graph.errors import QueryTimeout
from tests.http.conftest import CROSS_PRODUCT, run_concurrently

R = ox.QueryResultsFormat
P = ox.NamedNode("http://example.org/p")


@pytest.fixture(scope="module")
def store() -> ox.Store:
    """50 subjects with a label each; one literal holds a newline and a tab."""
    store = ox.Store()
    for i in range(50):
        text = "line\nbreak\tand tab" if i == 7 else f"label {i:02d}"
        store.add(ox.Quad(ox.NamedNode(f"http://example.org/s{i:02d}"), P, ox.Literal(text)))
    return store


def select(store: ox.Store):
    return store.query("SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s")


def test_the_row_cap_keeps_exactly_the_first_rows(store):
    body, truncated = serialize_capped(select(store), R.TSV, 10, 1, 10**9, None)
    rows = list(ox.parse_query_results(body, R.TSV))
    assert truncated and len(rows) == 10 and rows[-1]["s"].value == "http://example.org/s09"
    assert rows[7]["o"].value == "line\nbreak\tand tab"  # an escaped newline is not a row break


@pytest.mark.parametrize("cap, truncated", [(50, False), (49, True), (51, False)])
def test_truncated_means_more_rows_existed(store, cap, truncated):
    body, was_truncated = serialize_capped(select(store), R.TSV, cap, 1, 10**9, None)
    assert was_truncated is truncated and body.count(b"\n") == min(cap, 50) + 1


def test_the_size_cap_cuts_at_a_row_boundary_and_keeps_the_header(store):
    body, truncated = serialize_capped(select(store), R.TSV, 10**6, 1, 300, None)
    assert truncated and len(body) <= 300 and body.startswith(b"?s\t?o\n") and body.endswith(b"\n")
    assert 0 < len(list(ox.parse_query_results(body, R.TSV))) < 50
    header_only, _ = serialize_capped(select(store), R.TSV, 10**6, 1, 3, None)
    assert header_only == b"?s\t?o\n"


def test_the_deadline_stops_the_serialiser():
    big = ox.Store()
    big.extend(ox.Quad(ox.NamedNode(f"http://example.org/s{i}"), P, ox.Literal("x" * 200)) for i in range(20_000))
    with pytest.raises(QueryTimeout):
        serialize_capped(big.query("SELECT * WHERE { ?s ?p ?o }"), R.TSV, 10**6, 1, 10**9, time.monotonic() - 1)


@pytest.mark.parametrize("fmt", [R.JSON, R.XML, R.CSV, R.TSV])
def test_rows_come_in_the_asked_format_and_capped(store, fmt):
    kind, body, truncated, media_type = encode_result(select(store), 5, output={"results": fmt.media_type})
    assert (kind, truncated, media_type) == ("rows", True, fmt.media_type)
    if fmt == R.CSV:  # lossy: pyoxigraph does not parse it back
        assert body.count(b"\r\n") == 6 and body.startswith(b"s,o\r\n")
    else:
        assert len(list(ox.parse_query_results(body, fmt))) == 5


def test_booleans_and_graphs_in_the_asked_formats(store):
    output = {"results": R.XML.media_type, "graph": ox.RdfFormat.TURTLE.media_type, "prefixes": {"ex": "http://example.org/"}}
    kind, body, _, _ = encode_result(store.query("ASK { ?s ?p ?o }"), 5, output=output)
    assert kind == "boolean" and b"<boolean>true</boolean>" in body
    kind, body, truncated, media_type = encode_result(store.query("CONSTRUCT WHERE { ?s ?p ?o }"), 5, output=output)
    assert (kind, truncated, media_type) == ("triples", True, "text/turtle")
    assert body.startswith(b"@prefix ex: <http://example.org/>") and len(list(ox.parse(body, ox.RdfFormat.TURTLE))) == 5


def test_without_an_output_format_the_payload_is_tsv_or_a_boolean(store):
    assert encode_result(store.query("ASK {}"), 5) == ("boolean", True, False, None)
    kind, body, truncated, media_type = encode_result(select(store), 100)
    assert (kind, truncated, media_type) == ("rows", False, None) and body.count(b"\n") == 51


def test_a_reply_is_read_whole_across_chunks_and_eof_is_reported():
    async def scenario():
        read_fd, write_fd = os.pipe()
        payload = os.urandom(300_000)  # more than a default pipe holds: written while being read
        writer = asyncio.get_running_loop().run_in_executor(None, os.write, write_fd, struct.pack("!i", len(payload)) + payload)
        message = await read_message(read_fd, 10)
        await writer
        os.close(write_fd)
        with pytest.raises(EOFError):
            await read_message(read_fd, 10)
        with pytest.raises(TimeoutError):
            quiet_read, quiet_write = os.pipe()
            await read_message(quiet_read, 0.05)
        return message == payload

    assert asyncio.run(scenario())


def test_requests_beyond_the_workers_wait_on_the_event_loop_and_all_succeed(make_sparql_client):
    client = make_sparql_client(query_workers=1, max_heavy_queries=16)
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    responses = run_concurrently(client.app, *[(0, "/sparql", {"query": query}) for _ in range(12)])
    assert [r.status_code for r in responses] == [200] * 12
    assert len({r.json()["results"]["bindings"][0]["n"]["value"] for r in responses}) == 1
    workers = client.get("/-/stats").json()["query_service"]["workers"]
    assert workers["killed"] == 0 and workers["crashed"] == 0


def test_a_request_that_gave_up_does_not_lose_its_worker(make_sparql_client):
    client = make_sparql_client(query_workers=1)
    runner = client.app.state.query_runner
    output = {"results": R.JSON.media_type}

    async def scenario():
        task = asyncio.create_task(runner.run(CROSS_PRODUCT, timeout_s=0.5, output=output))
        await asyncio.sleep(0.1)
        task.cancel()  # the client went away: the shielded exchange still ends (at the limit) and frees its worker
        await asyncio.sleep(1.0)
        return await runner.run("ASK {}", output=output)

    outcome = asyncio.run(scenario())
    assert outcome.body == b'{"head":{},"boolean":true}' and outcome.body_type == R.JSON.media_type
    assert runner.describe()["workers"]["crashed"] == 0  # stopped at its limit, not torn down mid-job
