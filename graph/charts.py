"""PNG charts of the analytics, with Chinese labels drawn in a CJK font.

Figures are built with matplotlib's object API (no pyplot state, safe in a server) in
``Noto Sans CJK SC`` from Debian's ``fonts-noto-cjk``. Without it, matplotlib would
draw every Chinese character as an empty box, so a missing font is an error, never a
silent fallback. ``missing_glyphs`` checks a text against the font's character map.
"""

import io
import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache

import matplotlib
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from graph.errors import SZKGError

logger = logging.getLogger(__name__)

CJK_FAMILY = "Noto Sans CJK SC"
FALLBACK_FAMILY = "DejaVu Sans"
# rc_context changes process-wide settings: one chart at a time.
_DRAWING = threading.Lock()
TIMELINE_SERIES = (("reforms", "改革", "#1f77b4"), ("pilots", "试点", "#ff7f0e"), ("recognitions", "获认可", "#2ca02c"))


class FontMissing(SZKGError):
    """The CJK font the charts need is not installed."""


@lru_cache(maxsize=4)
def font_path(family: str = CJK_FAMILY) -> str:
    """The file of an installed font family, or FontMissing naming the package to install."""
    for attempt in range(2):
        for entry in font_manager.fontManager.ttflist:
            if entry.name == family:
                return entry.fname
        if attempt == 0:
            _register_new_fonts(family)
    raise FontMissing(
        f"font {family!r} is not installed: install Debian's fonts-noto-cjk (`bash .ci/system-deps`), "
        "then remove matplotlib's font cache (~/.cache/matplotlib) so it is found"
    )


def _register_new_fonts(family: str) -> None:
    """Add system fonts installed after matplotlib cached its font list (its cache is not refreshed)."""
    known = {entry.fname for entry in font_manager.fontManager.ttflist}
    compact = family.replace(" ", "")
    stem = compact[: compact.find("CJK") + 3] if "CJK" in compact else compact  # NotoSansCJK: the file's name
    for path in font_manager.findSystemFonts():
        if path not in known and stem.lower() in path.replace(" ", "").lower():
            logger.info("registering font file %s with matplotlib", path)
            font_manager.fontManager.addfont(path)


def font_number(path: str, family: str = CJK_FAMILY) -> int:
    """Index of ``family`` inside a font collection (.ttc); 0 for a single font file."""
    from fontTools.ttLib import TTCollection

    if not path.lower().endswith((".ttc", ".otc")):
        return 0
    for index, font in enumerate(TTCollection(path).fonts):
        if font["name"].getDebugName(1) == family:
            return index
    return 0


@lru_cache(maxsize=4)
def _code_points(family: str) -> frozenset[int]:
    """Code points the font maps to a glyph (read once: the CJK collection is large)."""
    from fontTools.ttLib import TTFont

    path = font_path(family)
    with TTFont(path, fontNumber=font_number(path, family), lazy=True) as font:
        return frozenset(font.getBestCmap())


def missing_glyphs(text: str, family: str = CJK_FAMILY) -> set[str]:
    """Characters of ``text`` the font has no glyph for (whitespace ignored)."""
    mapped = _code_points(family)
    return {ch for ch in text if not ch.isspace() and ord(ch) not in mapped}


@contextmanager
def cjk_style(family: str = CJK_FAMILY) -> Iterator[None]:
    """matplotlib settings for charts with Chinese labels (errors out when the font is absent)."""
    font_path(family)
    with matplotlib.rc_context({
        "font.family": "sans-serif", "font.sans-serif": [family, FALLBACK_FAMILY],
        "axes.unicode_minus": False, "axes.spines.top": False, "axes.spines.right": False,
    }):
        yield


def render_text(text: str, family: str = CJK_FAMILY, size: float = 24) -> bytes:
    """RGBA pixels of ``text`` drawn alone in ``family`` (for glyph checks)."""
    with _DRAWING, matplotlib.rc_context({"font.family": "sans-serif", "font.sans-serif": [family]}):
        figure = Figure(figsize=(4, 1), dpi=100)
        canvas = FigureCanvasAgg(figure)
        figure.text(0.02, 0.3, text, fontsize=size)
        canvas.draw()
        return bytes(canvas.buffer_rgba())


def figure_png(figure: Figure) -> bytes:
    """PNG bytes of a figure, drawn in the CJK style."""
    buffer = io.BytesIO()
    with cjk_style():
        FigureCanvasAgg(figure).print_png(buffer)
    return buffer.getvalue()


def chart_texts(figure: Figure) -> list[str]:
    """Every piece of text a figure draws (titles, tick labels, legend), for glyph checks."""
    return [t.get_text() for t in figure.findobj(matplotlib.text.Text) if t.get_text()]


def timeline_figure(rows: Sequence[dict], title: str = "各区改革、试点与获认可数量（按年份）") -> Figure:
    """Small multiples, one panel per district: grouped bars of reforms, pilots and recognitions by year."""
    districts = sorted({r["district"] for r in rows})
    years = sorted({r["year"] for r in rows if r["year"] is not None})
    with cjk_style():
        figure = Figure(figsize=(8, 1.2 + 2.2 * max(1, len(districts))), dpi=150, layout="constrained")
        axes = figure.subplots(max(1, len(districts)), 1, squeeze=False, sharex=True)[:, 0]
        slots = years + (["未注明"] if any(r["year"] is None for r in rows) else [])
        for ax, district in zip(axes, districts):
            _timeline_panel(ax, [r for r in rows if r["district"] == district], slots)
            ax.set_title(district, loc="left", fontsize=11)
        axes[0].legend(loc="upper right", frameon=False, ncols=3)
        axes[-1].set_xlabel("年份")
        figure.suptitle(title, fontsize=13)
    return figure


def _timeline_panel(ax, rows: list[dict], slots: list) -> None:
    by_slot = {("未注明" if r["year"] is None else r["year"]): r for r in rows}
    width = 0.8 / len(TIMELINE_SERIES)
    for k, (column, label, colour) in enumerate(TIMELINE_SERIES):
        heights = [by_slot.get(slot, {}).get(column, 0) for slot in slots]
        ax.bar([i + (k - 1) * width for i in range(len(slots))], heights, width, label=label, color=colour)
    ax.set_xticks(range(len(slots)), [str(s) for s in slots])
    ax.set_ylabel("数量")
    ax.yaxis.get_major_locator().set_params(integer=True)


def ranking_figure(labels: Sequence[str], values: Sequence[float], title: str, xlabel: str) -> Figure:
    """A horizontal bar chart, largest at the top (centrality, shared reforms, communities)."""
    with cjk_style():
        figure = Figure(figsize=(8, 1.2 + 0.35 * max(1, len(labels))), dpi=150, layout="constrained")
        ax = figure.subplots()
        ax.barh(range(len(labels)), values, color="#1f77b4")
        ax.set_yticks(range(len(labels)), [_shorten(label) for label in labels])
        ax.invert_yaxis()
        ax.set_xlabel(xlabel)
        figure.suptitle(title, fontsize=13)
    return figure


def _shorten(label: str, limit: int = 24) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def analysis_figure(name: str, results: object, top: int = 15) -> Figure:
    """The chart of one analysis result (as ``graph.analytics.analyze`` returns it)."""
    if name == "timeline":
        return timeline_figure(results)  # type: ignore[arg-type]
    if name == "centrality":
        rows = list(results)[:top]  # type: ignore[call-overload]
        labels = [f"{r['label']}（{r['district']}）" if r["district"] else r["label"] for r in rows]
        return ranking_figure(labels, [r["pagerank"] for r in rows], "机构中心性（PageRank）", "PageRank")
    if name == "shared-reforms":
        rows = list(results)[:top]  # type: ignore[call-overload]
        return ranking_figure([r["name"] for r in rows], [len(r["districts"]) for r in rows], "多区共有的改革", "涉及区数")
    if name == "communities":
        rows = results["communities"][:top]  # type: ignore[index]
        return ranking_figure([f"{r['id']}：{r['label']}" for r in rows], [r["size"] for r in rows], "改革—机构—认可网络的社区", "成员数")
    raise ValueError(f"no chart for analysis {name!r}")


def analysis_png(name: str, results: object) -> bytes:
    """PNG bytes of ``analysis_figure``."""
    with _DRAWING:
        return figure_png(analysis_figure(name, results))
