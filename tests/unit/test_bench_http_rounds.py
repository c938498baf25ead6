"""The interleaved HTTP benchmark's arithmetic: median round, per-round paired ratios."""

from benchmarks.bench_http import compare, median_sample


def _server(rps: list[float], cpu: list[float]) -> dict:
    return {"levels": {"8": {"rounds_rps": rps, "rounds_cpu_ms": cpu}}}


def test_the_median_round_is_kept_with_every_rounds_throughput():
    samples = [{"throughput_rps": r, "p50_ms": r * 10} for r in (30.0, 10.0, 20.0, 40.0)]
    median = median_sample(samples)
    assert median["throughput_rps"] == 20.0 and median["p50_ms"] == 200.0
    assert median["rounds_rps"] == [30.0, 10.0, 20.0, 40.0]


def test_ratios_pair_rounds_so_a_loaded_round_cancels_out():
    # Round 2 ran while the machine was busy: both servers were slow in it.
    servers = {"szkg": _server([80.0, 20.0, 90.0], [12.0, 13.0, 12.0]),
               "bare_fastapi": _server([100.0, 25.0, 100.0], [10.0, 10.0, 9.0])}
    assert compare(servers, (8,)) == {"8": {"bare_fastapi": 0.8}}
    assert compare(servers, (8,), "rounds_cpu_ms", False) == {"8": {"bare_fastapi": 0.77}}


def test_a_peer_not_measured_at_a_level_has_no_ratio():
    servers = {"szkg": _server([80.0], [12.0]), "rdflib_endpoint": {"levels": {}}}
    assert compare(servers, (8,)) == {"8": {"rdflib_endpoint": None}}
