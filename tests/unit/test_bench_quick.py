"""``szkg bench --smoke`` still runs end to end: every section gives numbers, the files get written.

Not a timed test: it checks that figures exist, never how large they are. The real
``--quick``/full runs are done by hand and their results committed under
``benchmarks/results/``.
"""

import json
import os
import subprocess
import sys
from numbers import Number
from pathlib import Path

import pytest

from benchmarks.goals import growth
from benchmarks.workload import latency_summary, parse_size, percentile, size_label

ROOT = Path(__file__).resolve().parents[2]
SZKG = Path(sys.executable).parent / "szkg"


def _numbers(value) -> list[float]:
    if isinstance(value, bool):
        return []
    if isinstance(value, Number):
        return [float(value)]
    if isinstance(value, dict):
        return [n for v in value.values() for n in _numbers(v)]
    if isinstance(value, list):
        return [n for v in value for n in _numbers(v)]
    return []


@pytest.fixture(scope="module")
def smoke_run(tmp_path_factory) -> tuple[dict, Path]:
    out = tmp_path_factory.mktemp("bench")
    env = {**os.environ, "SZKG_BENCH_WORK": str(out / "work"), "SZKG_BENCH_RESULTS": str(out)}
    completed = subprocess.run([str(SZKG), "bench", "--smoke", "--out", str(out)], cwd=ROOT, env=env,
                               capture_output=True, text=True, timeout=900)
    assert completed.returncode == 0, completed.stderr[-3000:]
    [result_path] = out.glob("*-smoke.json")
    return json.loads(result_path.read_text()), out


@pytest.mark.timeout(900)
def test_files_are_written(smoke_run):
    result, out = smoke_run
    stem = f"{result['date']}-smoke"
    assert (out / f"{stem}.md").read_text().startswith("# Benchmarks")
    for name in ("latency-vs-size", "memory-vs-size"):
        assert (out / f"{stem}-{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert result["machine"]["nproc"] >= 1


def test_query_section_has_latencies_for_both_engines(smoke_run):
    result, _ = smoke_run
    [entry] = result["sections"]["query"]["sizes"].values()
    queries = entry["queries"]
    assert {"adhoc_aggregate", "adhoc_join3", "adhoc_text"} <= set(queries)
    assert len(queries) > 3, "the curated queries are missing"
    assert all(q["ours"]["p50_ms"] > 0 for q in queries.values())
    assert any(q["rdflib"].get("status") == "ok" for q in queries.values())
    assert entry["ours_peak_rss_mb"] > 0 and entry["store_disk_mb"] > 0


def test_http_section_measured_every_server(smoke_run):
    result, _ = smoke_run
    [entry] = result["sections"]["http"]["sizes"].values()
    for server, figures in entry["servers"].items():
        assert "error" not in figures, f"{server}: {figures.get('error')}"
        assert all(level["throughput_rps"] > 0 for level in figures["levels"].values()), server
    # The three Oxigraph-based servers answer alike (rdflib's union graph drops duplicates).
    rows = {server: json.dumps(entry["servers"][server]["rows"], sort_keys=True) for server in ("szkg", "bare_fastapi", "oxigraph")}
    assert len(set(rows.values())) == 1, rows


def test_every_present_section_produced_numbers(smoke_run):
    result, _ = smoke_run
    for name, section in result["sections"].items():
        assert section["status"] in ("ok", "missing", "skipped"), f"{name}: {section.get('error')}"
        if section["status"] == "ok":
            assert _numbers(section.get("sizes", section)), f"{name} gave no figures"
    assert {g["verdict"] for g in result["goals"]} <= {"pass", "FAIL", "not measured"}


def test_sizes_and_statistics():
    assert parse_size("10k") == 10_000 and parse_size("1M") == 1_000_000 and parse_size("2500") == 2500
    assert size_label(10_000_000) == "10M" and size_label(2_000) == "2k"
    with pytest.raises(ValueError):
        parse_size("ten")
    assert percentile([1, 2, 3, 4], 50) == 2.5
    assert latency_summary([0.001, 0.003])["p50_ms"] == 2.0
    assert growth([(10, 1.0), (100, 10.0), (1000, 100.0)])["exponent"] == 1.0
