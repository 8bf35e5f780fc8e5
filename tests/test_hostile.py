"""No injection: markup in article text, headings, titles and glossary definitions renders as text."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .conftest import FIXTURES, built_site, make_project

pytestmark = pytest.mark.slow

# what the theme itself, and the site's configuration (extra_javascript: the reading switch and the
# print notes), put on a page: anything else of these kinds came from the content
THEME_SCRIPT_SRC = re.compile(
    r"^(\.\./)*(assets/javascripts/|assets/vendor/iframe-worker-shim|assets/edition\.js$|assets/print\.js$)"
)


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def built(tmp_path_factory: pytest.TempPathFactory, fixture: str) -> Path:
    return built_site(make_project(tmp_path_factory.mktemp(fixture), FIXTURES / fixture / "source")) / "site"


# The raw file's name is shown on the about page: a contributor names it (the importer keeps it).
HOSTILE_RAW_NAME = "evil`<img src=x onerror=alert(10)>`{: onclick=alert(11) }.txt"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("hostile"), FIXTURES / "hostile" / "source")
    (root / "source" / "raw" / "evil.txt").rename(root / "source" / "raw" / HOSTILE_RAW_NAME)
    edition = root / "source" / "articles" / "evil.md"
    text = edition.read_text(encoding="utf-8")
    edition.write_text(text.replace("raw: source/raw/evil.txt", f"raw: 'source/raw/{HOSTILE_RAW_NAME}'"), "utf-8")
    return built_site(root) / "site"


# tests/fixtures/probes: markup in every field a contributor writes (see tests/test_hostile_browser.py)
@pytest.fixture(scope="module", params=["hostile", "probes"])
def any_hostile_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if request.param == "hostile":
        site: Path = request.getfixturevalue("hostile_site")
        return site
    return built(tmp_path_factory, request.param)


def pages(site: Path) -> list[Path]:
    return [p for p in sorted(site.rglob("*.html")) if p.name != "404.html"]


def test_no_element_or_attribute_from_the_content_survives(any_hostile_site: Path) -> None:
    hostile_site = any_hostile_site
    for page in pages(hostile_site):
        parser = Elements()
        parser.feed(page.read_text(encoding="utf-8"))
        for tag, attrs in parser.tags:
            where = f"{page.relative_to(hostile_site)}: <{tag} {attrs}>"
            assert tag not in ("img", "iframe", "sup"), where  # sup: a footnote reference
            if tag == "script":
                src = attrs.get("src")
                assert src is None or THEME_SCRIPT_SRC.match(src), where
            assert not any(name.startswith("on") for name in attrs), where
            for value in attrs.values():
                assert not (value or "").strip().lower().startswith("javascript:"), where


def test_no_inline_script_carries_content(any_hostile_site: Path) -> None:
    for page in pages(any_hostile_site):
        html = page.read_text(encoding="utf-8")
        for body in re.findall(r"<script[^>]*>(.*?)</script>", html, flags=re.S):
            assert "alert(" not in body and "__probe" not in body, page


def shown_text(page: Path) -> str:
    """What a reader sees: tags dropped, character references decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))


def test_the_markup_is_shown_literally(hostile_site: Path) -> None:
    intro = shown_text(hostile_site / "evil" / "intro.html")
    for literal in [
        "<img src=x onerror=alert(2)>图片",
        "链接[点我](javascript:alert(3))结束",
        "强调*星号*和_下划线_以及`代码`",
        "井号# 标题",
        "表格|竖线|",
        "脚注[^1]和定义[^1]: 注释",
        '属性{: onclick="alert(4)" }',
    ]:
        assert literal in intro, literal
    s1 = shown_text(hostile_site / "evil" / "s1.html")
    assert '<iframe src="http://example.com"></iframe>内容' in s1
    assert "反斜杠\\\\和&amp;实体&lt;b&gt;" in s1
    assert "Evil <img src=x onerror=alert(5)> heading" in s1
    for page in pages(hostile_site):
        assert "标题<script>alert(1)</script>测试" in shown_text(page), page
    assert HOSTILE_RAW_NAME in shown_text(hostile_site / "about.html")
