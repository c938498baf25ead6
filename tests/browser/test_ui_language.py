"""The zh/en switch: every interface string changes, the choice sticks across pages."""

import pytest

pytestmark = pytest.mark.browser


def test_switch_language_and_keep_it(page, shoot):
    page.goto("/ui/queries")
    assert page.get_attribute("html", "lang") == "zh-CN"
    assert "常用查询" in page.inner_text("h1")
    page.click("#lang-switch")
    page.wait_for_url("**lang=en**")
    assert page.get_attribute("html", "lang") == "en"
    assert page.inner_text("h1").strip() == "Curated queries"
    assert "Queries" in page.inner_text(".site-nav")
    shoot("queries-gallery-en")

    page.goto("/")  # no ?lang=: the cookie keeps English
    assert page.get_attribute("html", "lang") == "en"
    assert "Shenzhen Reform KG" in page.inner_text("h1")
    assert page.inner_text("#lang-switch").strip() == "中文"

    page.click("#lang-switch")
    assert page.get_attribute("html", "lang") == "zh-CN"
    assert "深圳改革知识图谱" in page.inner_text("h1")


def test_data_labels_follow_the_language(page, busiest_district):
    page.goto(f"/ui/district/{busiest_district}?lang=en")
    assert "District" in page.inner_text("h1")
    page.goto(f"/ui/district/{busiest_district}?lang=zh")
    assert "区" in page.inner_text("h1")


def test_script_strings_follow_the_language(page, busiest_district):
    page.goto(f"/ui/district/{busiest_district}?lang=en")
    page.wait_for_selector("#timeline[data-state=done]")
    assert "Reforms" in page.inner_text("#timeline")
    assert "改革" not in page.inner_text("#timeline-table thead")
