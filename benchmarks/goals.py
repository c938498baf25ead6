"""The issue's goals, checked against the figures of one run: pass, FAIL or not measured."""

import math

from benchmarks.workload import parse_size

GOAL_SIZE_QUERY_SPEEDUP = 100_000
GOAL_SIZE_QUERY_P50 = 1_000_000
GOAL_SIZE_HTTP = 100_000


def _goal(goal: str, target: str, measured: str, passed: bool | None, value=None) -> dict:
    verdict = "not measured" if passed is None else "pass" if passed else "FAIL"
    return {"goal": goal, "target": target, "measured": measured, "verdict": verdict, "value": value}


def _entry_at(section: dict, size: int) -> dict | None:
    for label, entry in section.get("sizes", {}).items():
        if (entry.get("triples") or parse_size(label)) == size:
            return entry
    return None


def _curated(entry: dict) -> dict:
    return {name: q for name, q in entry.get("queries", {}).items() if not name.startswith("adhoc_")}


def _page_note(section: dict) -> str:
    """Runs that time a SELECT's first page (as the API serves it) say so."""
    return f" (SELECTs: first page of {section['page_size']} rows)" if section.get("page_size") else ""


def query_speedup_goal(section: dict) -> dict:
    """Every curated query at least 20× faster than rdflib at 100k triples."""
    goal, target = "curated queries vs rdflib at 100k triples", "≥ 20× each (p50)"
    entry = _entry_at(section, GOAL_SIZE_QUERY_SPEEDUP)
    if not entry:
        return _goal(goal, target, "100k not measured", None)
    compared = {n: q for n, q in _curated(entry).items() if q.get("speedup_p50")}
    failed = sorted(n for n, q in _curated(entry).items() if q["rdflib"].get("status") == "error")
    not_run = sorted(n for n, q in _curated(entry).items() if q["rdflib"].get("status") in ("budget", "skipped"))
    if not compared:
        return _goal(goal, target, "rdflib answered none", None)
    worst = min(compared, key=lambda n: compared[n]["speedup_p50"])
    below = sorted(n + (" (a lower bound: rdflib stopped at its limit)" if q.get("bound") == "at least" else "")
                   for n, q in compared.items() if q["speedup_p50"] < 20)
    geomean = math.exp(sum(math.log(q["speedup_p50"]) for q in compared.values()) / len(compared))
    measured = (f"min {compared[worst]['speedup_p50']:,.1f}× ({worst}), geometric mean {geomean:,.0f}×; "
                f"{len(below)} of {len(compared)} below 20×{': ' + ', '.join(below) if below else ''}")
    if failed:
        measured += f"; rdflib failed on {', '.join(failed)}"
    if not_run:
        measured += f"; not run on rdflib (budget): {', '.join(not_run)}"
    measured += _page_note(section)
    return _goal(goal, target, measured, not below, compared[worst]["speedup_p50"])


def query_p50_goal(section: dict) -> dict:
    """Every curated query's p50 under 50 ms at 1M triples."""
    goal, target = "curated query p50 at 1M triples", "< 50 ms each"
    entry = _entry_at(section, GOAL_SIZE_QUERY_P50)
    if not entry:
        return _goal(goal, target, "1M not measured", None)
    p50 = {n: q["ours"]["p50_ms"] for n, q in _curated(entry).items() if q["ours"].get("p50_ms") is not None}
    slow = sorted((n for n in p50 if p50[n] >= 50), key=lambda n: -p50[n])
    worst = max(p50, key=p50.get)
    measured = (f"max {p50[worst]:,.0f} ms ({worst}); {len(p50) - len(slow)} of {len(p50)} under 50 ms"
                + (f"; over: {', '.join(f'{n} {p50[n]:,.0f}' for n in slow)}" if slow else "") + _page_note(section))
    return _goal(goal, target, measured, not slow, p50[worst])


def http_goals(section: dict) -> list[dict]:
    """Throughput at 8 clients against rdflib-endpoint, the bare FastAPI route and oxigraph serve."""
    targets = {"rdflib_endpoint": 15.0, "bare_fastapi": 0.8, "oxigraph": 0.5}
    entry = _entry_at(section, GOAL_SIZE_HTTP)
    where = "100k"
    if entry is None and section.get("sizes"):  # smoke/partial runs: the largest size measured
        label, entry = list(section["sizes"].items())[-1]
        where = label
    goals = []
    for peer, minimum in targets.items():
        goal, target = f"HTTP throughput at 8 clients, szkg ÷ {peer}", f"≥ {minimum:g}×"
        level = (entry or {}).get("ratios", {}).get("8", {})
        value = level.get(peer)
        if value is None:
            goals.append(_goal(goal, target, "not measured", None))
            continue
        servers = entry["servers"]
        rates = f"{_rate(servers, 'szkg')} vs {_rate(servers, peer)} req/s"
        goals.append(_goal(goal, target, f"{value:.2f}× at {where} ({rates})", value >= minimum, value))
    return goals


def _rate(servers: dict, name: str) -> str:
    rate = servers.get(name, {}).get("levels", {}).get("8", {}).get("throughput_rps")
    return "–" if rate is None else f"{rate:,.1f}"


def growth(points: list[tuple[int, float]]) -> dict | None:
    """Least-squares exponent b of cost ∝ size^b, and seconds per million triples at the largest size."""
    points = [(n, v) for n, v in points if n and v and v > 0]
    if len(points) < 2:
        return None
    xs, ys = [math.log(n) for n, _ in points], [math.log(v) for _, v in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    largest = max(points)
    return {"exponent": round(slope, 2), "per_million": round(largest[1] / largest[0] * 1e6, 3), "points": len(points)}


def growth_goal(name: str, points: list[tuple[int, float]], unit: str = "s") -> dict:
    """Cost grows linearly (or better): exponent ≤ 1.1 over the sizes measured."""
    fit = growth(points)
    goal, target = f"{name}: growth with size", "linear or better (exponent ≤ 1.1)"
    if fit is None:
        return _goal(goal, target, "fewer than two sizes measured", None)
    measured = f"cost ∝ size^{fit['exponent']:.2f}; {fit['per_million']:g} {unit} per million triples at the largest size"
    return _goal(goal, target, measured, fit["exponent"] <= 1.1, fit["exponent"])


def load_goals(section: dict) -> list[dict]:
    """Load keeps at least half of bulk_load's throughput (every size); load time grows linearly."""
    entries = [e for e in section.get("sizes", []) if isinstance(e, dict) and e.get("ratio_ours_to_bulk_load")]
    goal, target = "load throughput, szkg load path ÷ pyoxigraph bulk_load", "≥ 0.5× at every size"
    if not entries:
        ratio_goal = _goal(goal, target, "not measured", None)
    else:
        shown = "; ".join(f"{e['size']}: {e['ratio_ours_to_bulk_load']:.2f}× ({e['ours']['triples_per_s']:,} vs "
                          f"{e['bulk_load']['triples_per_s']:,} triples/s)" for e in entries)
        worst = min(e["ratio_ours_to_bulk_load"] for e in entries)
        ratio_goal = _goal(goal, target, shown, worst >= 0.5, worst)
    points = [(e.get("quads"), e.get("ours", {}).get("seconds")) for e in entries]
    return [ratio_goal, growth_goal("load (our path)", points)]


def export_goals(section: dict) -> list[dict]:
    """Export time grows linearly (each format, our exporter)."""
    formats = {fmt for entry in section.get("sizes", {}).values() for fmt in entry.get("formats", {})} or {"gexf"}
    return [growth_goal(f"export {fmt}", [(entry.get("triples") or parse_size(label),
                                           entry.get("formats", {}).get(fmt, {}).get("ours", {}).get("seconds"))
                                          for label, entry in section.get("sizes", {}).items()])
            for fmt in sorted(formats)]


def extract_goal(section: dict) -> dict:
    """Extraction speed against jieba.lcut (the extraction engineer's goal: ≥ 1/3)."""
    ratio, minimum = section.get("ratio_to_lcut"), section.get("goal_ratio", 1 / 3)
    goal, target = "extraction chars/s ÷ jieba.lcut chars/s", f"≥ {minimum:.2f}×"
    if ratio is None:
        return _goal(goal, target, "not measured", None)
    measured = (f"{ratio:.2f}× ({section['extract_chars_per_s']:,} vs {section['lcut_chars_per_s']:,} chars/s "
                f"over {section.get('text_bytes', 0) / 1e6:.1f} MB)")
    return _goal(goal, target, measured, ratio >= minimum, ratio)


def evaluate_goals(sections: dict) -> list[dict]:
    """Every goal the issue states, in its order."""
    query = sections.get("query", {})
    goals = [query_speedup_goal(query), query_p50_goal(query)]
    goals += http_goals(sections.get("http", {}))
    goals += load_goals(sections.get("load", {}))
    goals.append(extract_goal(sections.get("extract", {})))
    goals += export_goals(sections.get("export", {}))
    return goals
