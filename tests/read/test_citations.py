"""Every citation a page offers → read back by a real BibTeX parser (bibtexparser, LaTeX decoded by
pylatexenc) and as HTML text: each field is the value the front matter holds, or the check refuses it."""

from __future__ import annotations

import datetime as dt
import html
import re
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from bibtexparser.entrypoint import parse_string
from bibtexparser.middlewares import LatexDecodingMiddleware
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from build_scripts.core.model import SourceInfo
from build_scripts.read import cite
from tests.support.paths import FIXTURES, ROOT
from tests.support.projects import build_script, make_project
from tests.support.sites import built_site

PROBES = FIXTURES / "probes" / "source"
# BibTeX field → where its value comes from in the front matter
FROM_FRONT = {
    "title": ("title",),
    "titleaddon": ("title_en",),
    "author": ("source", "author"),
    "howpublished": ("source", "outlet"),
    "date": ("source", "published"),
    "urldate": ("source", "retrieved"),
}
STYLES = [key for _, key, _ in cite.FORMATS]
VERBATIM = {"url", "date", "year", "urldate"}  # read as written (biblatex's \url, ISO dates): no LaTeX


def read_back(entry: str) -> dict[str, str]:
    """The one entry in `entry`, as a BibTeX parser reads it: text fields LaTeX-decoded, URLs and
    dates as written. Fails if the parser finds anything but exactly that one entry."""
    raw = parse_string(entry)
    assert not raw.failed_blocks, f"does not parse: {entry}"
    assert len(raw.entries) == 1 and not raw.comments and not raw.strings, f"more than one entry: {entry}"
    decoded = parse_string(entry, append_middleware=[LatexDecodingMiddleware()])
    fields = {f.key: str(f.value) for f in decoded.entries[0].fields}
    fields |= {f.key: str(f.value) for f in raw.entries[0].fields if f.key in VERBATIM}
    return fields


def expected(front: dict[str, Any]) -> dict[str, str]:
    """The BibTeX fields an edition's front matter gives (besides url and note), as text."""
    out: dict[str, str] = {}
    for field, path in FROM_FRONT.items():
        value: Any = front
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if value:
            out[field] = value.isoformat() if isinstance(value, dt.date) else str(value).strip()
    if "date" in out:
        out["year"] = out["date"][:4]
    return out


def front_matter(edition: Path) -> dict[str, Any]:
    front: dict[str, Any] = yaml.safe_load(edition.read_text(encoding="utf-8").split("---\n", 2)[1])
    return front


class Citations(HTMLParser):
    """The citations of a page: element id → its text, and the tags found inside any of them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: dict[str, str] = {}
        self.inside: list[str] = []
        self.current: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if "cite-text" in (a.get("class") or "").split():
            self.current = a.get("id") or ""
            self.text[self.current] = ""
        elif self.current is not None:
            self.inside.append(f"{self.current}: <{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "pre"):
            self.current = None

    def handle_data(self, data: str) -> None:
        if self.current is not None:
            self.text[self.current] += data


def citations(site: Path) -> dict[str, dict[str, str]]:
    """Every page's citations: page → element id → text (asserting no element inside any)."""
    out = {}
    for page in sorted(site.rglob("*.html")):
        parser = Citations()
        parser.feed(page.read_text(encoding="utf-8"))
        assert not parser.inside, f"{page}: markup inside a citation: {parser.inside[:5]}"
        if parser.text:
            out[page.relative_to(site).as_posix()] = parser.text
    return out


def assert_every_citation_reads_back(root: Path) -> int:
    """Each paragraph's citations on the built site of `root`: the BibTeX entry parses to the
    front matter's values and the paragraph's address; GB/T 7714 and Chicago are text holding
    the values as written. Returns how many entries were read."""
    site = root / "site"
    read = 0
    for page, found in citations(site).items():
        slug = page.split("/", 1)[0]
        front = front_matter(root / "source" / "articles" / f"{slug}.md")
        want = expected(front)
        for cid, text in found.items():
            anchor, _, style = cid.rpartition("-")
            if style != "bibtex":  # GB/T 7714, Chicago: plain text, each value as written
                for field in ("title", "author", "howpublished"):
                    assert field not in want or want[field] in text, f"{page}#{cid}: {want.get(field)!r}"
                continue
            fields = read_back(text)
            where = f"{page}#{anchor}: {text}"
            assert {k: fields[k] for k in want if k in fields} == want, where
            assert set(want) <= set(fields), where
            address = urllib.parse.unquote(fields["url"])
            assert address.endswith(f"{page}#{anchor}"), where
            read += 1
        assert sorted(found) == sorted(f"{a}-{s}" for a in {c.rpartition("-")[0] for c in found} for s in STYLES), page
    return read


@pytest.mark.slow
def test_every_citation_of_the_real_articles_reads_back(real_site: Path) -> None:
    assert assert_every_citation_reads_back(real_site) > 0


@pytest.mark.slow
def test_every_citation_of_the_probes_fixture_reads_back(tmp_path: Path) -> None:
    """The fixture's author and outlet hold markup and what looks like the end of a field
    (`},title={x}`, `"},note={x"}`): the entry keeps them inside their own field."""
    root = built_site(make_project(tmp_path, PROBES), strict=False)  # its translation is markup
    assert assert_every_citation_reads_back(root) > 0
    source = front_matter(PROBES / "articles" / "probes.md")["source"]
    assert "},title={" in source["author"] and "},note={" in source["outlet"]


# --- hostile values, one at a time ---------------------------------------------------------------

HOSTILE = [
    "作者 {\\textbf{x}},title={伪造的题名}",  # what looks like the end of the field, its braces paired
    '{"x"}, title = {"Forged"}',  # a quoted field's look, its braces paired
    "王@misc{forged, title={伪造}}",
    "50% & $5 #1 under_score ^caret ~tilde \\backslash \\{ \\}",
    "平安--浙江---建设 ``引号'' ?` !` <<书名>> ,,",
    "\\input{/etc/passwd} \\def\\x{y} \\end{document}",
    "a\nb\tc  d",
    "{}",
    "作者 % 这之后 LaTeX 当作注释",
    'title = "x" # "y"',
]


def cited(text: str, url: str = "https://example.com/pingan-zhejiang/s2.html#s2-p3") -> cite.Cited:
    source = SourceInfo(outlet=text, author=text, published="2017-06-23", url=None, retrieved="2020-01-02")
    return cite.Cited(title=text, title_en=text, source=source, url=url, key="k-s2-p3", section=2, paragraph=3)


def assert_reads_back(text: str) -> None:
    fields = read_back(cite.bibtex(cited(text)))
    assert {k: fields[k] for k in ("title", "titleaddon", "author", "howpublished")} == dict.fromkeys(
        ("title", "titleaddon", "author", "howpublished"), text
    ), cite.bibtex(cited(text))
    assert (fields["date"], fields["year"], fields["urldate"]) == ("2017-06-23", "2017", "2020-01-02")
    assert fields["note"] == "第2节第3段 (sec. 2, par. 3)"


@pytest.mark.parametrize("text", HOSTILE)
def test_a_hostile_value_with_paired_braces_reads_back_as_written(text: str) -> None:
    assert cite.unpaired_brace(text) == ""
    assert_reads_back(text)


@pytest.mark.parametrize(
    "url",
    ["https://example.com/a{b}/c\\d.html#s1-p1", "https://example.com/a}/x.html#s1-p1", "https://例子.中国/页 面#p"],
)
def test_a_paragraph_address_reads_back_as_the_same_address(url: str) -> None:
    """The site's address comes from mkdocs.yml: a brace in it is percent-encoded, as a browser sends it."""
    fields = read_back(cite.bibtex(cited("平安浙江", url)))
    assert urllib.parse.unquote(fields["url"]) == url


# Text a contributor might write: Han, Latin, digits, and every character BibTeX or LaTeX reads
# as other than itself, most often.
SPECIAL = "\\{}&%$#_^~-`'?!<>,\"@= \n\t"
TEXT = st.text(
    st.one_of(st.sampled_from(SPECIAL), st.sampled_from("平安浙江建设aZ0"), st.characters(codec="utf-8")),
    max_size=40,
).map(str.strip)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_any_value_is_refused_or_reads_back_as_written(text: str) -> None:
    """Whatever the text: the check refuses it (its braces do not pair up), or every field of the
    entry reads back as the text."""
    assume(text and not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]", text))
    depth = 0
    paired = True
    for ch in text:
        depth += (ch == "{") - (ch == "}")
        paired = paired and depth >= 0
    paired = paired and depth == 0
    assert (cite.unpaired_brace(text) == "") == paired, text
    if paired:
        assert_reads_back(text)


# --- what the check refuses ----------------------------------------------------------------------

FORGED = [
    ("author", 'Real Author}}, title = "Forged Title", note = "x"', "closes no `{`"),
    ("author", "作者}}},title={x", "closes no `{`"),  # the probes fixture's value before it was paired
    ("outlet", "浙江日报 {: onclick=__probe=1 }},note={x", "closes no `{`"),
    ("outlet", "浙江日报{", "is never closed"),
]


@pytest.mark.parametrize(("key", "value", "why"), FORGED)
def test_a_value_bibtex_cannot_hold_is_refused_by_the_check(tmp_path: Path, key: str, value: str, why: str) -> None:
    """Before the check refused these, the copy button gave an entry whose reader sees a forged title
    (or no entry at all)."""
    root = make_project(tmp_path, PROBES)
    edition = root / "source" / "articles" / "probes.md"
    text = edition.read_text(encoding="utf-8")
    line = re.search(rf"^  {key}: .*$", text, re.M)
    assert line
    number = text[: line.start()].count("\n") + 1
    edition.write_text(text.replace(line.group(0), f"  {key}: {yaml.safe_dump(value).splitlines()[0]}"), "utf-8")
    result = build_script(root, "check", "--strict", check=False)
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert f"source/articles/probes.md:{number}: source.{key}: `" in out and why in out, out
    assert "BibTeX" in out and "fix: pair every `{`" in out and "Traceback" not in out, out


def test_a_title_bibtex_cannot_hold_is_refused_at_its_line() -> None:
    front = {"title": "平安浙江}, note={伪造", "title_en": "Safe {Zhejiang", "source": {"author": "王{}"}}
    marks = {"title": 2, "title_en": 3, "source": 4, "source.author": 5}
    found = cite.citable(front, marks, "source/articles/x.md")
    assert [(p.line, p.key) for p in found] == [(2, "title"), (3, "title_en")]
    assert "closes no `{`" in found[0].message and "is never closed" in found[1].message


# --- GB/T 7714 and Chicago: text, with the source's address in full --------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)//https://example.com",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.com/a",
        "//example.com/a",
        "https://example.com/a b",
        'https://example.com/"onmouseover="x',
        "https://example.com/<script>",
        " javascript:alert(1)",
    ],
)
def test_a_source_url_is_http_or_refused(url: str) -> None:
    info, problems = cite.read_source({"url": url}, {"source": 6, "source.url": 9}, "source/articles/x.md")
    assert info is None and [(p.line, p.key) for p in problems] == [(9, "source.url")]
    assert "is not an http(s) address" in problems[0].message


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("https://evil.example\\@www.gov.cn/zhejiang/2017/0623.html", "backslash"),
        ("https://www.gov.cn@evil.example/2017/0623.html", "before `@`"),
        ("https://www.gov.cn:443@evil.example/", "before `@`"),
        ("https://%65vil.example/a", "encodes characters of its host"),
    ],
)
def test_an_address_that_would_open_another_host_than_it_shows_is_refused(url: str, why: str) -> None:
    """A reader (and the change report) must see the host a browser opens: Python's parser and the
    browser's disagree on a backslash, and a user name before `@` hides the real host."""
    info, problems = cite.read_source({"url": url}, {"source": 6, "source.url": 9}, "source/articles/x.md")
    assert info is None and [(p.line, p.key) for p in problems] == [(9, "source.url")]
    assert why in problems[0].message


def test_an_address_with_at_in_its_path_is_fair() -> None:
    info, problems = cite.read_source(
        {"url": "https://www.gov.cn/a@b/c.html"}, {"source": 6, "source.url": 9}, "source/articles/x.md"
    )
    assert problems == [] and info is not None


def test_the_source_url_is_shown_in_full_as_text(tmp_path: Path) -> None:
    """The about page prints a long address whole, as text (never a link that
    would show less than it leads to)."""
    root = make_project(tmp_path, PROBES)
    edition = root / "source" / "articles" / "probes.md"
    text = edition.read_text(encoding="utf-8")
    long = "https://example.com/" + "平安浙江/" * 40 + "?q=平安&amp;x=[a](b)&y=%E5%B9%B3#frag"
    edition.write_text(re.sub(r"^  url: .+$", f"  url: '{long}'", text, count=1, flags=re.M), "utf-8")
    site = built_site(root, strict=False) / "site"  # the probes' translation is markup
    for page in ("about.html",):  # a collection also prints it on the article's landing page
        shown = html.unescape(re.sub(r"<[^>]+>", "", (site / page).read_text(encoding="utf-8")))
        assert long in shown, page
        assert f'href="{html.escape(long)}"' not in (site / page).read_text(encoding="utf-8"), page


def test_the_real_mkdocs_site_url_reads_back() -> None:
    site = cite.site_url((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    url = cite.paragraph_url(site, "pingan-zhejiang/s1.md", "s1-p1")
    assert urllib.parse.unquote(read_back(cite.bibtex(cited("平安浙江", url)))["url"]) == url
