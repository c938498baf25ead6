"""Turn the combined figures into goals (pass/fail), a Markdown report and PNG plots."""

import json
import math
from pathlib import Path

from benchmarks.goals import evaluate_goals
from benchmarks.workload import parse_size

CURATED_EXCLUDE = ("adhoc_",)


def _fmt(value, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, float):
        return f"{value:,.{2 if abs(value) < 10 else digits}f}"
    return str(value)


def _table(header: list[str], rows: list[list]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_fmt(c) if not isinstance(c, str) else c for c in row) + " |" for row in rows]
    return lines + [""]


def machine_lines(info: dict) -> list[str]:
    """The machine paragraph."""
    versions = ", ".join(f"{k} {v}" for k, v in info.get("versions", {}).items() if v)
    return [f"Machine: {info.get('nproc')} cores ({info.get('cpu')}), {info.get('ram_gb')} GB RAM, "
            f"{info.get('os')}, Python {info.get('python')}; {versions}. Commit {info.get('commit')}; "
            f"load average at start {info.get('load_average_at_start')}.", ""]


def _rdflib_cell(theirs: dict) -> str:
    status = theirs.get("status")
    if status == "ok":
        return _fmt(theirs.get("p50_ms"))
    if status == "timeout":
        return f"> {theirs['limit_s']:g} s"
    return status or "–"


def query_lines(section: dict) -> list[str]:
    """One latency table per size."""
    lines = ["## Query latency (ms): ours (Oxigraph on disk) against rdflib's engine", ""]
    for label, entry in section.get("sizes", {}).items():
        lines.append(f"### {label} triples (store {entry.get('store_disk_mb')} MB on disk; rdflib parse "
                     f"{_fmt(entry.get('rdflib_parse_s'))} s)")
        lines.append("")
        rows = []
        for name, q in entry.get("queries", {}).items():
            speedup = q.get("speedup_p50")
            shown = "–" if speedup is None else ("≥ " if q.get("bound") == "at least" else "") + f"{speedup:,.1f}×"
            theirs = q["rdflib"]
            rows.append([name, q["ours"].get("rows"), q["ours"].get("p50_ms"), q["ours"].get("p99_ms"),
                         q["ours"].get("n"), _rdflib_cell(theirs), theirs.get("rows", "–"), shown])
        lines += _table(["query", "rows", "ours p50", "ours p99", "runs", "rdflib p50", "rdflib rows", "speed-up"], rows)
    return lines


def http_lines(section: dict) -> list[str]:
    """Throughput and latency per server and client level, with our ratio to each peer."""
    lines = ["## HTTP: throughput (requests/s) and latency (ms) over loopback", ""]
    for label, entry in section.get("sizes", {}).items():
        lines += [f"### {label} triples", ""]
        rows = []
        for server, figures in entry.get("servers", {}).items():
            if "error" in figures:
                rows.append([server, "–", "failed", "", "", "", "", figures["error"][:120].replace("|", "/")])
                continue
            for clients, level in figures.get("levels", {}).items():
                ours_ratio = entry.get("ratios", {}).get(clients, {}).get(server)
                errors = level["requests"] - level["ok"]
                rows.append([server, clients, level.get("throughput_rps"), level.get("p50_ms"), level.get("p99_ms"),
                             errors, level.get("server_rss_mb"), level.get("server_cpu_ms_per_request", "–"),
                             "" if ours_ratio is None else f"{ours_ratio:.2f}"])
        lines += _table(["server", "clients", "req/s", "p50", "p99", "errors", "server RSS MB", "server CPU ms/req",
                         "szkg ÷ this"], rows)
        calibration = entry.get("servers", {}).get("oxigraph", {}).get("client_calibration")
        if calibration:
            busiest = max((lvl.get("client_cpu_cores") or 0 for s in entry["servers"].values()
                           for lvl in s.get("levels", {}).values()), default=0)
            lines += [f"Load generator: drives {calibration['throughput_rps']:,.0f} req/s (8 clients, `ASK {{}}` on "
                      f"oxigraph) using {calibration['client_cpu_cores']:.2f} cores; in the runs above it used at most "
                      f"{busiest:.2f} cores.", ""]
    return lines


def export_lines(section: dict) -> list[str]:
    """Export seconds and peak memory, ours against networkx built from rdflib."""
    rows = []
    for label, entry in section.get("sizes", {}).items():
        for fmt, f in entry.get("formats", {}).items():
            ours, peer = f.get("ours", {}), f.get("rdflib_networkx", {})
            rows.append([label, fmt, ours.get("seconds"), ours.get("peak_rss_mb"), ours.get("peak_rss_above_baseline_mb"),
                         peer.get("seconds"), peer.get("peak_rss_mb"), _times(f.get("speedup")), _times(f.get("memory_ratio"))])
    header = ["size", "format", "ours s", "ours peak RSS MB", "ours above baseline MB", "rdflib+networkx s",
              "rdflib+networkx peak RSS MB", "speed-up", "memory ratio"]
    return ["## Export: GEXF and GraphML, ours against networkx from an rdflib graph", "", *_table(header, rows)]


def load_lines(section: dict) -> list[str]:
    """Load seconds and triples/s: our path, bulk_load, transactions, rdflib."""
    rows = []
    for e in section.get("sizes", []):
        def cell(key: str) -> str:
            f = e.get(key) or {}
            return "–" if not f else f"{f.get('seconds')} s, {f.get('triples_per_s') or 0:,}/s" + (
                f", {f['disk_mb']} MB" if f.get("disk_mb") is not None else "")
        rows.append([e.get("size"), e.get("quads"), cell("ours"), cell("bulk_load"), _times(e.get("ratio_ours_to_bulk_load")),
                     cell("ours_replace_identical") if "ours_replace_identical" in e else cell("ours_reload_unchanged"),
                     cell("transactional_per_graph"), cell("rdflib_dataset_parse")])
    header = ["size", "quads", "ours (our load path)", "pyoxigraph bulk_load", "ours ÷ bulk_load", "ours, same graphs again",
              "one transaction per graph", "rdflib Dataset.parse"]
    mapping = section.get("mapping", {})
    note = [f"Mapping extraction JSON to quads (not in the figures above): {mapping.get('triples_per_s', 0):,} triples/s.", ""]
    return ["## Load: seconds, triples/s and disk", "", *_table(header, rows), *(note if mapping else [])]


def extract_lines(section: dict) -> list[str]:
    """Extraction characters per second against jieba's plain segmentation."""
    row = [section.get("documents"), f"{(section.get('text_bytes') or 0) / 1e6:.1f}", section.get("entities"),
           section.get("extract_chars_per_s"), section.get("lcut_chars_per_s"), _times(section.get("ratio_to_lcut"))]
    header = ["documents", "text MB", "entities found", "ours chars/s", "jieba.lcut chars/s", "ours ÷ jieba"]
    return ["## Extraction: characters per second against jieba segmentation alone", "", *_table(header, [row])]


def shacl_lines(section: dict) -> list[str]:
    """Whole-store validation: ours (validate_store as shipped) against pySHACL."""
    rows = []
    for name, entry in section.get("datasets", {}).items():
        engines = entry.get("engines", {})
        ours, peer = engines.get("ours", engines.get("turbo", {})), engines.get("pyshacl", {})
        def cell(f: dict) -> str:
            return f"{f['wall_s']} s, {f.get('peak_rss_mb')} MB" if f.get("status") == "ok" else f.get("detail") or f.get("status", "–")
        rows.append([name, ours.get("quads") or peer.get("quads"), cell(ours), cell(peer),
                     _times(entry.get("pyshacl_over_ours_wall", entry.get("pyshacl_over_turbo_wall"))),
                     str(entry.get("reports_agree"))])
    header = ["dataset", "quads", "ours (validate_store: auto engine): wall, peak RSS", "pySHACL: wall, peak RSS",
              "speed-up", "same results"]
    return ["## SHACL: validating the whole store", "", *_table(header, rows)]


def _times(value) -> str:
    return "–" if value is None else f"{value:,.2f}×"


def profile_lines(section: dict) -> list[str]:
    """Where the time goes, by category, per size (py-spy)."""
    lines = ["## Where the time goes (py-spy samples, share of busy samples)", ""]
    for label, entry in section.get("sizes", {}).items():
        for workload_name, title in (("queries", "curated queries in one process (native frames)"),
                                     ("server_8_clients", "szkg serve under 8 clients (Python frames)")):
            figures = entry.get(workload_name, {})
            rows = [[category, f"{share:.0%}"] for category, share in figures.get("categories", {}).items()]
            lines += [f"### {label} triples: {title}, {figures.get('samples', 0)} samples", ""]
            lines += _table(["category", "share"], rows) if rows else [figures.get("error", "no samples"), ""]
    return lines


def generic_lines(name: str, section: dict) -> list[str]:
    """Sections this report has no dedicated table for: their JSON, shortened."""
    text = json.dumps({k: v for k, v in section.items() if k not in ("traceback",)}, ensure_ascii=False, indent=1)
    if len(text) > 4000:
        text = text[:4000] + "\n…"
    return [f"## {name}", "", "```json", text, "```", ""]


def write_markdown(result: dict, path: Path) -> None:
    """The report: goals, machine, then one part per section."""
    lines = [f"# Benchmarks {result['date']} ({result['mode']})", ""]
    lines += machine_lines(result["machine"])
    merged = [f"{name} (`{section['from']}`)" for name, section in result["sections"].items() if section.get("from")]
    if merged:
        lines += [f"Sections measured in an earlier run of the same code line and merged here: {', '.join(merged)}.", ""]
    lines += ["## Goals", ""]
    lines += _table(["goal", "measured", "target", "result"],
                    [[g["goal"], g["measured"], g["target"], g["verdict"]] for g in result["goals"]])
    sections = result["sections"]
    for name, section in sections.items():
        if section.get("status") not in (None, "ok") or "sizes" not in section and name == "profile":
            lines += [f"## {name}: {section.get('status')}", "", section.get("detail") or section.get("error", ""), ""]
        elif name == "query":
            lines += query_lines(section)
        elif name == "http":
            lines += http_lines(section)
        elif name == "export":
            lines += export_lines(section)
        elif name == "load":
            lines += load_lines(section)
        elif name == "extract":
            lines += extract_lines(section)
        elif name == "shacl":
            lines += shacl_lines(section)
        elif name == "profile":
            lines += profile_lines(section)
        else:
            lines += generic_lines(name, section)
    lines += [f"Plots: `latency-vs-size.png`, `memory-vs-size.png`. Whole run: {result['wall_s']} s.", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def write_report(result: dict, out: Path) -> list[Path]:
    """Evaluate the goals, write ``<date>.json`` and ``<date>.md`` and the plots; return the paths."""
    from benchmarks.plots import plot_latency, plot_memory

    result["goals"] = evaluate_goals(result["sections"])
    stem = result["date"] if result["mode"] != "smoke" else f"{result['date']}-smoke"
    json_path, md_path = out / f"{stem}.json", out / f"{stem}.md"
    pngs = [plot_latency(result["sections"], out / f"{stem}-latency-vs-size.png"),
            plot_memory(result["sections"], out / f"{stem}-memory-vs-size.png")]
    json_path.write_text(json.dumps(result, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8")
    write_markdown(result, md_path)
    return [json_path, md_path, *[p for p in pngs if p]]


def sizes_of(section: dict) -> list[tuple[int, dict]]:
    """(triples, entry) per size of a section, smallest first."""
    entries = [(entry.get("triples") or parse_size(label), entry) for label, entry in section.get("sizes", {}).items()]
    return sorted(entries, key=lambda pair: pair[0])
