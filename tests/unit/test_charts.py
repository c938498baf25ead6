"""Charts: drawn in a CJK font, with no missing-glyph boxes, on the fixture and the sample corpus."""

import os
import warnings

import pytest

from graph import charts
from graph.analytics import ANALYSES, analyze
from tests.unit.test_export import store  # noqa: F401  (fixture)

LABEL = "龙岗区改革试点"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module", autouse=True)
def cjk_font() -> str:
    """The CJK font; its absence fails in CI (``.ci/system-deps`` installs it) and skips elsewhere."""
    try:
        return charts.font_path()
    except charts.FontMissing as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(str(exc))


def test_missing_font_is_a_clear_error():
    with pytest.raises(charts.FontMissing, match="fonts-noto-cjk"):
        charts.font_path("No Such Font Family")


def test_font_has_every_glyph_of_the_labels():
    assert charts.missing_glyphs(LABEL + "坪山区罗湖区各区改革、试点与获认可数量（按年份）") == set()
    assert charts.missing_glyphs(LABEL, charts.FALLBACK_FAMILY) == set(LABEL)  # the check can fail


def test_chinese_renders_as_glyphs_not_boxes():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the fallback font warns about every glyph it lacks
        ours, fallback = charts.render_text(LABEL), charts.render_text(LABEL, charts.FALLBACK_FAMILY)
        other_fallback = charts.render_text("坪山罗湖获认可", charts.FALLBACK_FAMILY)
    assert ours != fallback
    # The fallback draws the same box for every character: different words look identical.
    assert fallback == other_fallback
    assert charts.render_text("坪山罗湖获认可") != ours


def _drawn_without_missing_glyphs(name: str, results) -> bytes:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure = charts.analysis_figure(name, results)
        png = charts.figure_png(figure)
    assert not [w for w in caught if "missing from font" in str(w.message)]
    assert charts.missing_glyphs("".join(charts.chart_texts(figure))) == set()
    return png


@pytest.mark.parametrize("name", ANALYSES)
def test_charts_of_the_fixture(store, name):  # noqa: F811
    png = _drawn_without_missing_glyphs(name, analyze(store, name)["results"])
    assert png.startswith(PNG_MAGIC) and len(png) > 10_000


def test_timeline_has_a_panel_per_district(store):  # noqa: F811
    figure = charts.timeline_figure(analyze(store, "timeline")["results"])
    titles = {ax.get_title(loc="left") for ax in figure.axes}
    assert titles == {"龙岗区", "罗湖区", "坪山区"}


def test_charts_of_the_sample_corpus(loaded_store, tmp_path):
    for name in ANALYSES:
        png = _drawn_without_missing_glyphs(name, analyze(loaded_store, name)["results"])
        assert png.startswith(PNG_MAGIC)
