"""Reading articles: metadata of the samples, encodings, formats, and clear errors on bad input."""

import hashlib
import unicodedata
from pathlib import Path

import pytest

from loaders.documents import Byline, read_document
from loaders.errors import DocumentError

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "data" / "corpus"
ARTICLES = ROOT / "tests" / "data" / "articles"

SAMPLES = {
    "000_2cfde935c3116cc9": ("龙岗:以督查促项目继续争当改革排头兵", "2018-09-26", "读特", None),
    "001_6d26e2f88aad0c34": (None, None, None, None),
    "002_dfc0eb8523fa337d": ("罗湖13项改革助力城区高质量发展", "2020-04-17", "罗湖社区家园报", None),
    "003_005059f0c2a5b684": ("改革攻坚抢抓“双区驱动”战略机遇,推动创新坪山向更高质量发展", "2019-12-21", "读特", None),
    "004_faf4bff2d0afeaab": ("罗湖区:坚持问题“当下改” 开出发展“长效方”", None, "深圳特区报", "--01-09"),
}


@pytest.mark.parametrize("stem", sorted(SAMPLES))
def test_sample_metadata(stem: str) -> None:
    doc = read_document(CORPUS / f"{stem}.txt")
    title, published, publisher, month_day = SAMPLES[stem]
    assert (doc.title, doc.published, doc.publisher, doc.published_month_day) == (title, published, publisher, month_day)
    assert doc.doc_id == stem and doc.format == "text" and doc.encoding == "utf-8"
    assert doc.sha256 == hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    assert unicodedata.is_normalized("NFC", doc.text)


def test_raw_dates_and_bylines_as_printed() -> None:
    luohu = read_document(CORPUS / "002_dfc0eb8523fa337d.txt")
    assert luohu.published_raw == "2020/04/17 09:42"
    assert Byline("编辑", "李慧") in luohu.bylines and Byline("记者", "张一鎏") in luohu.bylines
    pingshan = read_document(CORPUS / "003_005059f0c2a5b684.txt")
    assert pingshan.bylines.count(Byline("读特记者", "肖雄鹏")) == 1
    longgang = read_document(CORPUS / "001_6d26e2f88aad0c34.txt")
    assert {(b.role, b.name) for b in longgang.bylines} == {("撰文", "陶清清"), ("策划", "凤飞伟")}
    undated = read_document(CORPUS / "004_faf4bff2d0afeaab.txt")
    assert undated.published is None and undated.published_raw == "01-09 19:25"


def test_gbk_and_bom_files_decode_to_the_same_text() -> None:
    utf8 = read_document(ARTICLES / "futian_2021.txt")
    gbk = read_document(ARTICLES / "futian_2021_gbk.txt")
    bom = read_document(ARTICLES / "futian_2021_bom.txt")
    assert gbk.encoding == "gb18030" and gbk.text == utf8.text
    assert bom.text == utf8.text and not bom.text.startswith("\ufeff")


def test_html_main_text_and_page_metadata() -> None:
    doc = read_document(ARTICLES / "nanshan_2020.html")
    assert doc.format == "html"
    assert doc.title == "南山区深化“放管服”改革 政务服务再提速"
    assert doc.published == "2020-11-03" and doc.publisher == "南山新闻网"
    assert "粤海街道在全市率先建立" in doc.text
    assert "版权所有" not in doc.text and "网站地图" not in doc.text and "<p" not in doc.text


def test_markdown_becomes_plain_text() -> None:
    doc = read_document(ARTICLES / "baoan_2022.md")
    assert doc.format == "markdown"
    assert doc.title == "宝安区推出15项改革 激发城区发展新动能"
    assert doc.published == "2022-03-08" and doc.publisher == "宝安日报"
    assert "#" not in doc.text and "**" not in doc.text
    assert {b.name for b in doc.bylines} == {"陈静", "黄海"}


@pytest.mark.parametrize("name, words", [
    ("empty.txt", "empty file"),
    ("binary.txt", "binary file"),
    ("undecodable.txt", "offset 0"),
    ("truncated.html", "no extractable main text"),
])
def test_bad_files_raise_a_clear_error(name: str, words: str) -> None:
    with pytest.raises(DocumentError) as info:
        read_document(ARTICLES / name)
    assert words in str(info.value) and name in str(info.value)
    assert "\n" not in str(info.value)


def test_file_over_the_limit_is_refused() -> None:
    with pytest.raises(DocumentError, match="over the limit of 100 bytes"):
        read_document(ARTICLES / "futian_2021.txt", max_bytes=100)


def test_missing_file_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="nope.txt"):
        read_document(tmp_path / "nope.txt")


def test_year_is_never_invented(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("标题\n03-15 08:00\n\n正文内容,改革。\n", encoding="utf-8")
    doc = read_document(path)
    assert doc.published is None and doc.published_month_day == "--03-15"
