"""Front matter `source:` → SourceInfo + Problems; a paragraph → its citation (GB/T 7714, Chicago, BibTeX)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from ..core.model import Problem, SourceInfo

SOURCE_KEYS = ("outlet", "author", "published", "url", "retrieved", "unknown", "inferred")
VALUE_KEYS = ("outlet", "author", "published", "url", "retrieved")  # what `inferred` may name
# GB/T 7714-2015 8.1.1: a work whose author is not known is cited as 佚名
NO_AUTHOR = "佚名"
# an online resource is cited with the date it was consulted: the reader's; edition.js writes today's
ACCESSED = "[引用日期]"
DATE_KEYS = ("published", "retrieved")
MAX_SOURCE = {"outlet": 200, "author": 200, "url": 500, "unknown": 1000}
URL_RE = re.compile(r"^https?://[^\s<>\"]+$")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
SITE_URL_RE = re.compile(r"^site_url:\s*['\"]?(?P<url>https?://[^\s'\"#]+)", re.MULTILINE)


@dataclass(frozen=True)
class Cited:
    """One paragraph to cite: the article's titles and source, the paragraph's address and place."""

    title: str
    title_en: str
    source: SourceInfo
    url: str  # the paragraph's address: absolute when the site's address is known, else relative
    key: str  # BibTeX key
    section: int  # 0: the introduction
    paragraph: int


def read_source(value: object, marks: dict[str, int], name: str) -> tuple[SourceInfo | None, list[Problem]]:
    """Validate the front matter's `source:` mapping (None when absent)."""
    if value is None:
        return None, []
    line = marks.get("source")
    if not isinstance(value, dict):
        return None, [
            Problem(
                name,
                line,
                "`source` must be a mapping (outlet:, author:, published:, url:, retrieved:, unknown:)",
                key="source",
                hint="write one `key: value` per line under `source:`, null where not known",
            )
        ]
    problems: list[Problem] = []
    got: dict[str, str | None] = {}
    for key, v in value.items():
        where = f"source.{key}"
        at = marks.get(where, line)
        if key not in SOURCE_KEYS:
            problems.append(
                Problem(name, at, f"unknown key `{key}`", key=where, hint=f"allowed keys: {', '.join(SOURCE_KEYS)}")
            )
            continue
        if v is None:
            got[key] = None
            continue
        if key == "inferred":
            if not isinstance(v, list) or not all(isinstance(k, str) and k in VALUE_KEYS for k in v):
                problems.append(
                    Problem(
                        name,
                        at,
                        f"`inferred` lists the keys whose value you inferred, got {str(v)[:60]!r}",
                        key=where,
                        hint=f"write e.g. inferred: [published] (keys: {', '.join(VALUE_KEYS)})",
                    )
                )
            continue
        if key in DATE_KEYS:
            date, why = _date(v)
            if date is None:
                problems.append(
                    Problem(name, at, why, key=where, hint="write an ISO date, e.g. 2017-06-23, or null if unknown")
                )
            got[key] = date
            continue
        if not isinstance(v, str) or not v.strip():
            problems.append(
                Problem(name, at, f"expected text, got {str(v)[:60]!r}", key=where, hint="quote the value, or null")
            )
            continue
        text = v.strip()
        if len(text) > MAX_SOURCE[key]:
            problems.append(Problem(name, at, f"{len(text):,} characters; at most {MAX_SOURCE[key]:,}", key=where))
        elif key == "url" and not URL_RE.match(text):
            problems.append(
                Problem(
                    name,
                    at,
                    f"`{text[:80]}` is not an http(s) address",
                    key=where,
                    hint="write the address as the browser shows it, starting https:// or http://, or null",
                )
            )
        got[key] = text
    inferred = value.get("inferred")
    if not isinstance(inferred, list) or not all(isinstance(k, str) and k in VALUE_KEYS for k in inferred):
        inferred = []  # said above
    for k in inferred:
        if not got.get(k):
            problems.append(
                Problem(
                    name,
                    marks.get("source.inferred", line),
                    f"`{k}` is listed as inferred but has no value",
                    key="source.inferred",
                    hint=f"give `{k}` the value you inferred, or take it off the list",
                )
            )
    if problems:
        return None, problems
    return SourceInfo(
        outlet=got.get("outlet"),
        author=got.get("author"),
        published=got.get("published"),
        url=got.get("url"),
        retrieved=got.get("retrieved"),
        unknown=got.get("unknown") or "",
        inferred=tuple(str(k) for k in inferred),
    ), []


def _date(v: Any) -> tuple[str | None, str]:
    """(ISO date, "") or (None, why not)."""
    if isinstance(v, dt.datetime):
        return None, f"`{v}` has a time of day; write the date alone"
    if isinstance(v, dt.date):
        return v.isoformat(), ""
    if isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v.strip()):
        try:
            return dt.date.fromisoformat(v.strip()).isoformat(), ""
        except ValueError:
            pass
    return None, f"`{str(v)[:40]}` is not a date of the form YYYY-MM-DD"


def site_url(mkdocs_yml: str) -> str:
    """mkdocs.yml's `site_url`, without a trailing slash ("" when unset)."""
    m = SITE_URL_RE.search(mkdocs_yml)
    return m.group("url").rstrip("/") if m else ""


def paragraph_url(site: str, page: str, anchor: str) -> str:
    """The address of a paragraph: page is the docs/ path of its page (`slug/s2.md`)."""
    path = page.removesuffix(".md") + ".html"
    return f"{site}/{path}#{anchor}" if site else f"{path}#{anchor}"


def _zh_place(c: Cited) -> str:
    return f"导语第{c.paragraph}段" if c.section == 0 else f"第{c.section}节第{c.paragraph}段"


def _en_place(c: Cited) -> str:
    return f"intro., par. {c.paragraph}" if c.section == 0 else f"sec. {c.section}, par. {c.paragraph}"


def gbt7714(c: Cited) -> str:
    """GB/T 7714-2015, an online resource:
    主要责任者. 题名[EB/OL]. 出版者, 出版日期[引用日期]. 获取和访问路径.
    An unknown author is 佚名 (8.1.1); an inferred date stands in square brackets, as an estimated
    year does (8.4.1); 引用日期 is the date the text was retrieved, else a placeholder the page fills
    with the reader's date (edition.js). An unknown outlet is left out."""
    s = c.source
    out = f"{s.author or NO_AUTHOR}. "
    out += f"{c.title}[EB/OL]. "
    published = f"[{s.published}]" if s.published and "published" in s.inferred else s.published
    if s.outlet and published:
        pub = f"{s.outlet}, {published}"
    elif s.outlet:
        pub = s.outlet
    elif published:
        pub = f"({published})"
    else:
        pub = ""
    pub += f"[{s.retrieved}]" if s.retrieved else ACCESSED
    out += f"{pub}. " if pub else ""
    return out + f"{c.url}."


def _us_date(iso: str) -> str:
    d = dt.date.fromisoformat(iso)
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


def chicago(c: Cited) -> str:
    """Chicago notes-bibliography, a note:
    Author, “Title” [English title], Outlet, Month D, YYYY, place, accessed Month D, YYYY, URL."""
    s = c.source
    parts = [s.author] if s.author else []
    title = f"“{c.title}”" + (f" [{c.title_en}]" if c.title_en else "")
    parts.append(title)
    if s.outlet:
        parts.append(s.outlet)
    if s.published:
        parts.append(f"[{_us_date(s.published)}]" if "published" in s.inferred else _us_date(s.published))
    parts.append(_en_place(c))
    if s.retrieved:
        parts.append(f"accessed {_us_date(s.retrieved)}")
    parts.append(c.url)
    return ", ".join(parts) + "."


BIBTEX_SPECIAL = re.compile(r"[\\{}&%$#_^~]")


def _bib(text: str) -> str:
    def one(m: re.Match[str]) -> str:
        ch = m.group(0)
        return {"\\": r"\textbackslash{}", "^": r"\^{}", "~": r"\~{}"}.get(ch, "\\" + ch)

    return BIBTEX_SPECIAL.sub(one, text)


def bibtex(c: Cited) -> str:
    """A BibTeX @misc entry (biblatex reads url and urldate too); unknown fields are left out."""
    s = c.source
    fields: list[tuple[str, str]] = []
    if s.author:
        fields.append(("author", "{" + _bib(s.author) + "}"))  # one name, as written: never split by BibTeX
    fields.append(("title", _bib(c.title)))
    if c.title_en:
        fields.append(("titleaddon", _bib(c.title_en)))
    if s.outlet:
        fields.append(("howpublished", _bib(s.outlet)))
    if s.published:
        fields.append(("date", s.published))
        fields.append(("year", s.published[:4]))
    fields.append(("url", c.url))
    if s.retrieved:
        fields.append(("urldate", s.retrieved))
    fields.append(("note", _bib(f"{_zh_place(c)} ({_en_place(c)})")))
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
    return f"@misc{{{c.key},\n{body}\n}}"


FORMATS = (("GB/T 7714-2015", "gbt7714", gbt7714), ("Chicago", "chicago", chicago), ("BibTeX", "bibtex", bibtex))
