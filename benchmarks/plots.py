"""PNG plots of latency and memory against corpus size (matplotlib, no display)."""

import statistics
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)

from benchmarks.workload import parse_size, size_label  # noqa: E402


def _sizes(section: dict) -> list[tuple[int, dict]]:
    pairs = [(entry.get("triples") or parse_size(label), entry) for label, entry in section.get("sizes", {}).items()]
    return sorted(pairs, key=lambda pair: pair[0])


def _axes(title: str, ylabel: str):
    figure, axes = plt.subplots(figsize=(8, 5), dpi=110)
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("corpus size (triples)")
    axes.set_ylabel(ylabel)
    axes.set_title(title)
    axes.grid(True, which="both", alpha=0.3)
    return figure, axes


def _finish(figure, axes, sizes: list[int], path: Path) -> Path:
    axes.set_xticks(sizes, [size_label(n) for n in sizes])
    axes.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
    return path


def plot_latency(sections: dict, path: Path) -> Path | None:
    """p50 per query against size: ours (each curated query, their median) and rdflib (median)."""
    pairs = _sizes(sections.get("query", {}))
    if not pairs:
        return None
    figure, axes = _axes("Query latency (p50) against corpus size", "p50 latency (ms)")
    sizes = [n for n, _ in pairs]
    names = list(pairs[-1][1].get("queries", {}))
    for name in names:
        points = [(n, e["queries"][name]["ours"].get("p50_ms")) for n, e in pairs if name in e.get("queries", {})]
        style = {"color": "tab:orange", "lw": 1.5, "ls": "--"} if name.startswith("adhoc_") else {"color": "0.75", "lw": 0.8}
        axes.plot([n for n, _ in points], [v for _, v in points], **style)
    for label, side, color in (("ours: median of curated queries", "ours", "tab:blue"),
                               ("rdflib: median of queries it answered", "rdflib", "tab:red")):
        medians = []
        for n, entry in pairs:
            values = [q[side]["p50_ms"] for name, q in entry.get("queries", {}).items()
                      if not name.startswith("adhoc_") and q[side].get("p50_ms")]
            if values:
                medians.append((n, statistics.median(values)))
        axes.plot([n for n, _ in medians], [v for _, v in medians], marker="o", lw=2.5, color=color, label=label)
    axes.plot([], [], color="0.75", lw=0.8, label="ours: each curated query")
    axes.plot([], [], color="tab:orange", ls="--", label="ours: ad-hoc shapes")
    axes.axhline(50, color="k", lw=0.8, ls=":", label="goal at 1M: 50 ms")
    return _finish(figure, axes, sizes, path)


def plot_memory(sections: dict, path: Path) -> Path | None:
    """Peak RSS and on-disk size against corpus size."""
    pairs = _sizes(sections.get("query", {}))
    if not pairs:
        return None
    figure, axes = _axes("Memory and disk against corpus size", "MB")
    series = {
        "ours: peak RSS of the query process": "ours_peak_rss_mb",
        "rdflib: peak RSS (parse + queries)": "rdflib_peak_rss_mb",
        "ours: store on disk": "store_disk_mb",
        "N-Quads file": "nquads_mb",
    }
    for label, key in series.items():
        points = [(n, e.get(key)) for n, e in pairs if e.get(key)]
        if points:
            axes.plot([n for n, _ in points], [v for _, v in points], marker="o", label=label)
    for server, figures in _server_rss(sections.get("http", {})).items():
        axes.plot([n for n, _ in figures], [v for _, v in figures], marker="s", ls="--", lw=1, label=f"{server} server RSS (8 clients)")
    return _finish(figure, axes, [n for n, _ in pairs], path)


def _server_rss(section: dict) -> dict[str, list[tuple[int, float]]]:
    found: dict[str, list[tuple[int, float]]] = {}
    for n, entry in _sizes(section):
        for server, figures in entry.get("servers", {}).items():
            rss = figures.get("levels", {}).get("8", {}).get("server_rss_mb")
            if rss:
                found.setdefault(server, []).append((n, rss))
    return found
