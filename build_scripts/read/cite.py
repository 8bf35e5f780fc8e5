"""Front matter `source:` → SourceInfo + Problems; a paragraph → its citation (GB/T 7714, Chicago, BibTeX)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from ..core.model import Problem, SourceInfo
from ..core.problems import Collector, problem

SOURCE_KEYS = ("outlet", "author", "published", "url", "retrieved", "unknown", "inferred")
VALUE_KEYS = ("outlet", "author", "published", "url", "retrieved")
# What `inferred` may name: a key above, or `published.year` when only the year of a known month
# and day was worked out (a dateline such as 6月23日讯 gives no year).
INFERRED_KEYS = (*VALUE_KEYS, "published.year")
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
# What makes one address read as two: a backslash (a browser takes it for `/`, Python's parser
# does not) and a user name before `@` (https://gov.cn@evil.example goes to evil.example). An
# address a reader is shown must go where it seems to go.
URL_AUTHORITY = re.compile(r"^https?://([^/?#]*)")


def url_trick(url: str) -> str:
    """The code of the problem that would take a reader of `url` elsewhere than it seems to ("" when none)."""
    if "\\" in url:
        return "source.url-backslash"
    authority = URL_AUTHORITY.match(url)
    if authority and "@" in authority.group(1):
        return "source.url-user"
    if authority and re.search(r"%[0-9a-fA-F]{2}", authority.group(1)):
        return "source.url-encoded-host"
    return ""


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
        return None, [problem("source.not-a-mapping", name, line)]
    found = Collector(name)
    got: dict[str, str | None] = {}
    for key, v in value.items():
        where = f"source.{key}"
        at = marks.get(where, line)
        if key not in SOURCE_KEYS:
            found.add("source.unknown-key", at, name=key, allowed=", ".join(SOURCE_KEYS))
            continue
        if v is None:
            got[key] = None
            continue
        if key == "inferred":
            if not isinstance(v, list) or not all(isinstance(k, str) and k in INFERRED_KEYS for k in v):
                found.add("source.bad-inferred", at, got=repr(str(v)[:60]), keys=", ".join(INFERRED_KEYS))
            continue
        if key in DATE_KEYS:
            date, why = _date(v)
            if date is None:
                found.add(why, at, name=key, date=str(v))
            got[key] = date
            continue
        if not isinstance(v, str) or not v.strip():
            found.add("source.not-text", at, name=key, got=repr(str(v)[:60]))
            continue
        text = v.strip()
        if len(text) > MAX_SOURCE[key]:
            found.add("source.too-long", at, name=key, length=len(text), limit=MAX_SOURCE[key])
        elif key == "url" and (trick := url_trick(text)):
            found.add(trick, at, url=text[:80])
        elif key == "url" and not URL_RE.match(text):
            found.add("source.url-not-http", at, url=text[:80])
        got[key] = text
    inferred = value.get("inferred")
    if not isinstance(inferred, list) or not all(isinstance(k, str) and k in INFERRED_KEYS for k in inferred):
        inferred = []  # said above
    for k in inferred:
        if not got.get(k.split(".")[0]):
            found.add("source.inferred-without-value", marks.get("source.inferred", line), name=k)
    if found:
        return None, found.problems
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
    """(ISO date, "") or (None, the code of why not)."""
    if isinstance(v, dt.datetime):
        return None, "source.date-with-time"
    if isinstance(v, dt.date):
        return v.isoformat(), ""
    if isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v.strip()):
        try:
            return dt.date.fromisoformat(v.strip()).isoformat(), ""
        except ValueError:
            pass
    return None, "source.not-a-date"


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
    published = s.published
    if published and "published" in s.inferred:
        published = f"[{published}]"
    elif published and "published.year" in s.inferred:
        published = f"[{published[:4]}]{published[4:]}"
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
        date = _us_date(s.published)
        if "published" in s.inferred:
            date = f"[{date}]"
        elif "published.year" in s.inferred:
            date = f"{date[:-4]}[{date[-4:]}]"
        parts.append(date)
    parts.append(_en_place(c))
    if s.retrieved:
        parts.append(f"accessed {_us_date(s.retrieved)}")
    parts.append(c.url)
    return ", ".join(parts) + "."


# What LaTeX reads as other than itself in a BibTeX field, each written so that it reads back as
# itself: the ten special characters, and the pairs TeX fonts join into one glyph (`--` is a dash,
# ``` `` ``` and `''` quotes, `,,` `„`, `?`` `¿`, `<<` `«`), split by an empty group. `\^{}` and `\~{}` are
# accents on nothing (LaTeX prints the accent; decoders print nothing): `\string^` and
# `\textasciitilde{}` are the characters.
BIBTEX_SPECIAL = re.compile(r"[\\{}&%$#_^~]|(?<=([-`'<>,]))(?=\1)|(?<=[?!])(?=`)")
BIBTEX_AS = {"\\": r"\textbackslash{}", "^": r"\string^", "~": r"\textasciitilde{}", "": "{}"}
# The fields of a citation written from what a contributor types (front matter key → BibTeX field)
BIBTEX_TEXT_KEYS = ("title", "title_en", "source.author", "source.outlet")


def _bib(text: str) -> str:
    r"""Text → the content of a braced BibTeX field that a parser and LaTeX read back as the text.
    The text's braces must pair up (`unpaired_brace`): BibTeX counts `\{` and `\}` as braces too,
    so a stray one would end the field early and let the rest pose as fields of its own."""
    return BIBTEX_SPECIAL.sub(lambda m: BIBTEX_AS.get(m.group(0), "\\" + m.group(0)), text)


def unpaired_brace(text: str) -> str:
    """The code of the problem that keeps `text` from being a BibTeX field as written ("" when
    none): a `}` closing nothing, or a `{` never closed."""
    return _unpaired(text)[0]


def _unpaired(text: str) -> tuple[str, int]:
    """unpaired_brace()'s code, and the index of the brace it is about."""
    opened: list[int] = []
    for i, ch in enumerate(text):
        if ch == "{":
            opened.append(i)
        elif ch == "}":
            if not opened:
                return "citation.brace-closes-nothing", i
            opened.pop()
    if opened:
        return "citation.brace-never-closed", opened[0]
    return "", 0


def _around(text: str, i: int) -> str:
    return repr(text[max(0, i - 12) : i + 13])


def citable(front: dict[str, Any], marks: dict[str, int], name: str) -> list[Problem]:
    """The front matter's text that a BibTeX entry carries (titles, source author and outlet):
    braces must pair up, since BibTeX has no escape for a lone brace. Refused, never altered."""
    found = Collector(name)
    source = front.get("source")
    for key in BIBTEX_TEXT_KEYS:
        holder, _, field = key.rpartition(".")
        values = source if holder else front
        value = values.get(field) if isinstance(values, dict) else None
        if not isinstance(value, str):
            continue
        why, at = _unpaired(value)
        if why:
            line = marks.get(key, marks.get(holder or key))
            found.add(why, line, key=key, at=at + 1, around=_around(value, at))
    return found.problems


# A URL field is read verbatim (biblatex's \url): only braces and the backslash need care, and a URL
# may not hold them as such; percent-encoded, as browsers send them, they are the same address.
URL_UNSAFE = re.compile(r"[{}\\\s]")


def _bib_url(url: str) -> str:
    return URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode()), url)


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
    fields.append(("url", _bib_url(c.url)))
    if s.retrieved:
        fields.append(("urldate", s.retrieved))
    fields.append(("note", _bib(f"{_zh_place(c)} ({_en_place(c)})")))
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
    return f"@misc{{{c.key},\n{body}\n}}"


FORMATS = (("GB/T 7714-2015", "gbt7714", gbt7714), ("Chicago", "chicago", chicago), ("BibTeX", "bibtex", bibtex))
