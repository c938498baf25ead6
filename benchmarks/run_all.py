"""Run every benchmark, then write ``<date>.json``, ``<date>.md`` and the plots.

``python -m benchmarks.run_all [--quick | --smoke] [--sizes 10k 100k] [--out DIR]``

Each section (``benchmarks/bench_<name>.py`` exposing ``run(quick) -> dict``) runs in
its own process, so one that crashes or is missing is reported as such and the rest
still run. ``--smoke`` is the CI check that everything still runs (tiny corpus, one
client level, a second a measurement); ``--quick`` is 10k and 100k triples.
"""

import argparse
import inspect
import json
import logging
import os
import platform
import subprocess
import sys
import tempfile
import time
import traceback
from datetime import date
from importlib import import_module, metadata
from pathlib import Path

from benchmarks import workload

logger = logging.getLogger(__name__)

SECTIONS = ("query", "http", "load", "extract", "shacl", "export", "profile")
# Sections whose growth with size is a goal get at least two sizes, whatever their own default.
GROWTH_SIZES = {name: {"quick": [10_000, 100_000], "full": [10_000, 100_000, 1_000_000]} for name in ("load", "export")}


def machine() -> dict:
    """What the figures were measured on."""
    import psutil

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else platform.processor()
    versions = {}
    for package in ("pyoxigraph", "oxigraph", "rdflib", "rdflib-endpoint", "pyshacl", "pyshacl-turbo", "networkx", "jieba", "fastapi", "uvicorn"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=workload.ROOT).stdout.strip()
    return {"nproc": os.cpu_count(), "ram_gb": round(psutil.virtual_memory().total / 2**30, 1), "cpu": cpu,
            "os": platform.platform(), "python": platform.python_version(), "versions": versions, "commit": commit or None,
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}


def call_section(name: str, quick: bool, smoke: bool, sizes: list[int] | None) -> dict:
    """Import ``benchmarks.bench_<name>`` and call its ``run`` with what it accepts."""
    module = import_module(f"benchmarks.bench_{name}")
    accepted = inspect.signature(module.run).parameters
    kwargs = {"quick": quick or smoke}
    if "smoke" in accepted:
        kwargs["smoke"] = smoke
    if smoke and "write" in accepted:  # a smoke run must not overwrite the committed figures
        kwargs["write"] = False
    sizes = sizes or (None if smoke else GROWTH_SIZES.get(name, {}).get("quick" if quick else "full"))
    if sizes and "sizes" in accepted:
        kwargs["sizes"] = sizes
    return module.run(**kwargs)


def run_section(name: str, args: argparse.Namespace, env: dict) -> dict:
    """Run one section in a child process; its figures, or why there are none."""
    if not (workload.ROOT / "benchmarks" / f"bench_{name}.py").exists():
        return {"status": "missing", "detail": f"benchmarks/bench_{name}.py is not written yet"}
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        target = Path(out.name)
    command = [sys.executable, "-m", "benchmarks.run_all", "--section", name, "--section-out", str(target)]
    command += ["--smoke"] if args.smoke else ["--quick"] if args.quick else []
    command += ["--sizes", *args.sizes] if args.sizes else []
    started = time.perf_counter()
    logger.info("section %s: starting", name)
    code = subprocess.run(command, cwd=workload.ROOT, env=env).returncode
    took = round(time.perf_counter() - started, 1)
    try:
        figures = json.loads(target.read_text()) if target.stat().st_size else {}
    finally:
        target.unlink(missing_ok=True)
    figures.setdefault("status", "ok" if code == 0 else "error")
    figures["section_wall_s"] = took
    figures["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    logger.info("section %s: %s in %.0f s", name, figures["status"], took)
    return figures


def section_child(name: str, args: argparse.Namespace) -> int:
    """(inside the child) Run the section and write its JSON to ``--section-out``."""
    sizes = [workload.parse_size(s) for s in args.sizes] if args.sizes else None
    try:
        figures = call_section(name, args.quick, args.smoke, sizes)
        code = 0
    except Exception as exc:  # reported in the results, not hidden
        figures = {"status": "error", "error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc()[-4000:]}
        code = 1
    Path(args.section_out).write_text(json.dumps(figures, ensure_ascii=False, default=str))
    return code


def merged_sections(ran: dict, out: Path) -> dict:
    """``ran`` plus, for every other section, its newest saved figures (marked with the file they came from)."""
    sections = {}
    for name in SECTIONS:
        if name in ran:
            sections[name] = ran[name]
            continue
        saved = sorted(out.glob(f"{name}-????-??-??.json"))
        if saved:
            figures = json.loads(saved[-1].read_text(encoding="utf-8"))
            sections[name] = {**figures, "status": figures.get("status", "ok"), "from": saved[-1].name}
    return sections


def main(argv: list[str] | None = None) -> int:
    """Run the sections, then write the combined JSON, the Markdown table and the plots."""
    parser = argparse.ArgumentParser(description="Run every benchmark and write the report.")
    parser.add_argument("--quick", action="store_true", help="10k and 100k triples only (a few minutes)")
    parser.add_argument("--smoke", action="store_true", help="tiny corpus, 1 s a measurement: proves it runs")
    parser.add_argument("--sizes", nargs="*", help="corpus sizes, e.g. 10k 100k 1M 10M")
    parser.add_argument("--sections", nargs="*", default=list(SECTIONS), choices=SECTIONS)
    parser.add_argument("--out", type=Path, default=workload.RESULTS, help="folder for <date>.json, .md and plots")
    parser.add_argument("--merge", action="store_true",
                        help="fill the sections not run from their newest <section>-<date>.json in --out")
    parser.add_argument("--section", help=argparse.SUPPRESS)
    parser.add_argument("--section-out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    if args.section:
        return section_child(args.section, args)
    from benchmarks.report import write_report

    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "SZKG_BENCH_RESULTS": str(out)}
    mode = "smoke" if args.smoke else "quick" if args.quick else "full"
    started = time.perf_counter()
    result = {"date": date.today().isoformat(), "mode": mode, "machine": machine(), "sections": {}}
    for name in args.sections:
        result["sections"][name] = run_section(name, args, env)
    result["wall_s"] = round(time.perf_counter() - started, 1)
    if args.merge:
        result["sections"] = merged_sections(result["sections"], out)
    paths = write_report(result, out)
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
