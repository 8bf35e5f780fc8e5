"""Articles + glossary + matches → Pages (Markdown text), through the Jinja2 templates in templates/."""

from __future__ import annotations

import functools
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import jinja2

from ..core import names
from ..core.markup import html_text, is_html_text, title_text
from ..core.model import (
    CATEGORIES,
    Article,
    Collection,
    Match,
    Page,
    Paragraph,
    Section,
    Term,
    landing_path,
    named_after,
    section_path,
)
from ..core.model import uses as as_uses
from ..text.pinyin import search_forms
from . import scholarly

TEMPLATES = Path(__file__).parent / "templates"
GLOSSARY_SOURCE = names.GLOSSARY_FILE
# ASCII characters that Markdown or one of our extensions could read as syntax anywhere in a line;
# they become numeric character references, which every Markdown parser passes through as text.
MD_INLINE = re.compile(r"[\\`*_{}\[\]<>&!|~=^$:\"]")
# At the start of a line these open a block (heading, list, quote, table, code fence).
MD_LINE_START = re.compile(r"^(\s*)([#>+\-=|]|\d+(?=[.)]))", re.MULTILINE)
KWIC = 15  # characters of context on each side of a concordance line
# Uses of a term listed in the glossary; a term used more often also gets a page of every use
# (concordance/<id>.md), so the glossary stays readable when it covers many articles.
CONCORDANCE_SHOWN = 20


def escape_md(text: str) -> str:
    """Plain text → Markdown that renders as exactly that text, never as markup or HTML."""
    if "\n" not in text and not MD_INLINE.search(text) and not MD_LINE_START.match(text):
        return text  # nothing to escape (most Chinese text): what the substitutions below would return
    text = MD_INLINE.sub(lambda m: f"&#{ord(m.group(0))};", text)
    text = MD_LINE_START.sub(lambda m: m.group(1) + "".join(f"&#{ord(c)};" for c in m.group(2)), text)
    return text.replace("\n", " ")


def citations(articles: list[Article]) -> re.Pattern[str] | None:
    """How definitions name the site's articles: 《title》 in Chinese, "English title" in English."""
    names = {f"《{a.title}》" for a in articles} | {f'"{a.title_en}"' for a in articles if a.title_en}
    return re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True)))) if names else None


def cite_md(text: str, cited: re.Pattern[str] | None) -> str:
    """escape_md(), each article named in `text` marked as the title of a work and kept out of the
    search index: named in many definitions, its words would otherwise find all of them."""
    if cited is None:
        return escape_md(text)
    out, pos = [], 0
    for m in cited.finditer(text):
        out.append(escape_md(text[pos : m.start()]))
        out.append(f'<cite class="article" data-search-exclude="article">{escape_md(m.group(0))}</cite>')
        pos = m.end()
    out.append(escape_md(text[pos:]))
    return "".join(out)


# Contributor text → HTML (raw HTML blocks, attributes, front-matter titles): markup.html_text, the
# one escape for HTML (see markup.py); the templates call it `html`.
escape_html = html_text
is_html = is_html_text


class Spot(NamedTuple):
    """A paragraph with uses of terms, as concordance lines show it (made once per paragraph)."""

    href: str  # the paragraph's address from the site's root
    head: str  # HTML of its place and number, up to the end of the link to it
    text: str
    clean: bool  # no character that HTML escapes: the text's slices are their own HTML
    section: int  # the section's position among the site's sections


class Occurrence(NamedTuple):  # one per use of a term: many, so a tuple (cheap to create)
    spot: Spot
    match: Match


@lru_cache(maxsize=65536)
def rel(from_page: str, to_page: str) -> str:
    """The address of `to_page` from page `from_page`, both docs/ paths of files (no `.` or `..`
    parts), as posixpath.relpath gives it: by their folders alone (relpath asks for the working
    directory at every call, a system call per link)."""
    here, there = from_page.split("/")[:-1], to_page.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


@lru_cache(maxsize=65536)
def url(from_page: str, to_page: str) -> str:
    """The address of page `to_page` (a docs/ path, `x.md`) in raw HTML written on page `from_page`.

    MkDocs turns `x.md` links into `x.html` only in Markdown; raw HTML must name the HTML file
    (mkdocs.yml sets use_directory_urls: false, so `x.md` is published as `x.html`).
    """
    return rel(from_page, to_page).removesuffix(".md") + ".html"


def tooltip(term: Term) -> str:
    """short_def, escaped for a title attribute."""
    return _tooltip(term.term, term.pinyin, term.en, term.def_zh)


@lru_cache(maxsize=16384)
def _tooltip(term: str, pinyin: str, en: str, def_zh: str) -> str:
    return html_text(_short_def(term, pinyin, en, def_zh))


def short_def(term: Term) -> str:
    """First sentence of the Chinese definition, for a tooltip."""
    return _short_def(term.term, term.pinyin, term.en, term.def_zh)


@lru_cache(maxsize=16384)
def _short_def(term: str, pinyin: str, en: str, def_zh: str) -> str:
    m = re.match(r".+?[。！？](?=.|$)", def_zh)
    first = m.group(0) if m else def_zh
    return f"{term}（{pinyin}，{en}）：{first}"


def annotate(text: str, matches: list[Match], terms: dict[str, Term], link_from: str, linked: set[str]) -> str:
    """HTML for a paragraph's text; the first match of each term not yet in `linked` becomes a link.

    The paragraph is written as a raw HTML block, which Markdown passes through untouched: the
    build script has already escaped every character, and MkDocs need not parse the links again.
    """
    glossary = url(link_from, "glossary.md")
    return linked_text(text, matches, {m.term: link_open(terms[m.term], glossary) for m in matches}, linked)


def link_open(term: Term, glossary: str) -> str:
    """The opening tag of a link to the term's entry in the glossary at `glossary`, its short
    definition as the tooltip: the same on every page at one depth (TermHtml.link)."""
    return f'<a class="term" href="{glossary}#{term.id}" title="{tooltip(term)}">'


def linked_text(text: str, matches: list[Match], links: dict[str, str], linked: set[str]) -> str:
    """annotate(), given the opening tag of each matched term's link (`links`: by term)."""
    out: list[str] = []
    pos = 0
    clean = is_html(text)  # then so is every piece of it
    for start, end, form, term in matches:  # unpacked: faster than by name, per match
        before = text[pos:start]
        if not clean:
            before, form = escape_html(before), escape_html(form)
        if term in linked:
            out += (before, form)
        else:
            linked.add(term)
            out += (before, links[term], form, "</a>")
        pos = end
    out.append(text[pos:] if clean else escape_html(text[pos:]))
    return "".join(out)


class EnglishTerms(NamedTuple):
    """How the English paragraphs find glossary terms: by each term's `en` rendering, and by the
    marks a translator writes (`[[平安浙江|Safe Zhejiang]]`, names.TERM_MARK)."""

    pattern: re.Pattern[str] | None  # every `en`, longest first, whole words, any case
    by_form: dict[str, Term]  # casefolded `en` → its term (the first term of the glossary that has it)
    by_ref: dict[str, Term]  # a term and its id → the term


TERM_MARK_RE = re.compile(names.TERM_MARK)


def english_terms(terms: list[Term]) -> EnglishTerms:
    by_form: dict[str, Term] = {}
    for t in terms:
        if t.en.strip():
            by_form.setdefault(t.en.strip().casefold(), t)
    # Longest first: at any position the alternation takes the longest rendering that fits there
    # ("social security" before "social"); \w boundaries keep "law" out of "lawful".
    forms = sorted(by_form, key=lambda f: (-len(f), f))
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, forms)) + r")(?!\w)", re.IGNORECASE) if forms else None
    by_ref = {t.term: t for t in terms} | {t.id: t for t in terms}
    return EnglishTerms(pattern, by_form, by_ref)


def annotate_en(sentence: str, found: EnglishTerms, glossary: str, linked: dict[str, Term]) -> str:
    """HTML of an English sentence: escaped, the first use in the section (`linked`, updated) of each
    glossary term linked to its entry, as in the Chinese text (annotate). A translator's mark
    `[[term|words]]` becomes `words`, linked the same way; elsewhere a term is found by its `en`."""

    def term_link(term: Term, text: str) -> str:
        if term.term in linked:
            return escape_html(text)
        linked[term.term] = term
        return f'<a class="term" href="{glossary}#{term.id}" title="{tooltip(term)}">{escape_html(text)}</a>'

    def plain(text: str) -> str:
        if found.pattern is None:
            return escape_html(text)
        out, pos = [], 0
        for m in found.pattern.finditer(text):
            out.append(escape_html(text[pos : m.start()]))
            out.append(term_link(found.by_form[m.group(0).casefold()], m.group(0)))
            pos = m.end()
        out.append(escape_html(text[pos:]))
        return "".join(out)

    out, pos = [], 0
    for m in TERM_MARK_RE.finditer(sentence):
        out.append(plain(sentence[pos : m.start()]))
        term = found.by_ref.get(m.group("ref").strip())  # an unknown one is a Problem of the match stage
        out.append(term_link(term, m.group("text")) if term else escape_html(m.group("text")))
        pos = m.end()
    out.append(plain(sentence[pos:]))
    return "".join(out)


def place(article: Article, section: Section, several: bool) -> str:
    """Where a use is, as a reader names it: the section's title, after the article's on a site of several."""
    return f"{article.title} · {section.title}" if several else section.title


def place_en(article: Article, section: Section, several: bool) -> str:
    """place() in English, as far as the edition gives English titles."""
    return f"{article.title_en} · {section.title_en}" if several and article.title_en else section.title_en


def spot(article: Article, section: Section, paragraph: Paragraph, several: bool, position: int) -> Spot:
    """The paragraph as its concordance lines show it; `position`: its section's among the site's."""
    number = paragraph.anchor.rsplit("-p", 1)[1]
    href = f"{section_path(article, section).removesuffix('.md')}.html#{paragraph.anchor}"
    text = paragraph.text
    return Spot(
        href,
        f"{escape_html(place(article, section, several))} ¶{number}</a>：",
        text,
        is_html(text),
        position,
    )


def uses_html(occurrences: list[Occurrence]) -> list[tuple[str, str]]:
    """Concordance lines as HTML, one per use: (the paragraph's address from the site's root, the rest
    of the line: the paragraph's place, then the use in KWIC characters of context on each side).

    The address is relative to the root, where the glossary is; a page one folder down prefixes `../`.
    One loop for a term's uses, not a call per use: a large corpus has hundreds of thousands.
    """
    out = []
    for (href, head, text, clean, _), (start, end, hit, _) in occurrences:  # unpacked: faster than by name
        left, right = text[start - KWIC if start > KWIC else 0 : start], text[end : end + KWIC]
        if not clean:
            left, hit, right = escape_html(left), escape_html(hit), escape_html(right)
        more_left = "…" if start > KWIC else ""
        more_right = "…" if end + KWIC < len(text) else ""
        out.append((href, f"{head}{more_left}{left}<strong>{hit}</strong>{right}{more_right}"))
    return out


def concordance_page(term: Term) -> str:
    return f"concordance/{term.id}.md"


def pinyin_key(term: Term) -> tuple[str, str]:
    return (" ".join(term.syllables).lower(), term.term)


def shared(mine: list[str], sections_with: dict[str, int], me: int, top: int = 3) -> list[tuple[int, int]]:
    """(number of terms shared, position) of the `top` sections sharing most of `mine`, ties in order.

    `sections_with` maps a term to the sections that use it, as bits of an int (bit j: section j);
    `me` is the position of the section itself. Instead of comparing every pair of sections, the
    per-section counts of shared terms are added up bit-sliced: planes[b] holds bit b of every
    section's count, so each term costs a few operations on ints of one bit per section.
    """
    planes: list[int] = []
    for t in mine:
        carry = sections_with[t]
        for b in range(len(planes)):
            planes[b], carry = planes[b] ^ carry, planes[b] & carry
            if not carry:
                break
        if carry:
            planes.append(carry)
    keep = ~(1 << me)
    planes = [p & keep for p in planes]
    left = 0  # sections sharing at least one term
    for p in planes:
        left |= p
    found: list[tuple[int, int]] = []
    while left and len(found) < top:
        group = left  # the sections with the highest count left: narrowed plane by plane, highest first
        count = 0
        for b in range(len(planes) - 1, -1, -1):
            if group & planes[b]:
                group &= planes[b]
                count |= 1 << b
        left &= ~group
        while group and len(found) < top:
            low = group & -group  # the earliest section of the group
            found.append((count, low.bit_length() - 1))
            group ^= low
    return found


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        # the output is Markdown: every piece of content goes through |md (Markdown text) or |html
        # (HTML: raw HTML blocks, attributes, and the front matter's title, which the theme prints as HTML)
        autoescape=False,
    )
    env.filters["md"] = escape_md
    env.filters["rel"] = rel
    env.filters["url"] = url
    env.filters["title"] = title_text
    env.filters["html"] = escape_html
    env.globals["source_rows"] = scholarly.source_rows
    env.globals["search_forms"] = search_forms
    env.globals["source_line"] = scholarly.source_line
    env.globals["script_toggle"] = scholarly.script_toggle
    env.filters["yaml"] = lambda value: json.dumps(str(value), ensure_ascii=False)  # a JSON string is YAML
    env.globals["names"] = names  # the literals the templates share with the MkDocs side
    return env


class Slot(NamedTuple):
    """Where a page goes, known before it is rendered (what write.plan() checks)."""

    path: str
    sources: tuple[str, ...]  # what an editor changes instead of the page


def ordered_terms(terms: list[Term]) -> list[Term]:
    """The glossary's order: by pinyin (tone numbers), then by the term."""
    keys = {t.term: pinyin_key(t) for t in terms}
    return sorted(terms, key=lambda t: keys[t.term])


def home_sources(articles: list[Article], collection: Collection) -> tuple[str, ...]:
    """What an editor changes instead of the home page: the collection file, if any, and the articles."""
    everyone = tuple(a.source for a in articles)
    return (collection.source, *everyone) if collection.source else everyone


def layout(
    articles: list[Article],
    terms: list[Term],
    matches: dict[str, list[Match]],
    collection: Collection | None = None,
) -> list[Slot]:
    """Every page render_site() makes, in its order, without rendering any."""
    slots = [Slot(section_path(a, s), (a.source,)) for a in articles for s in a.sections]
    everyone = tuple(a.source for a in articles)
    slots.append(Slot("index.md", home_sources(articles, collection or named_after(articles[0]))))
    if len(articles) > 1:
        slots += [Slot(landing_path(a), (a.source,)) for a in articles]
    slots.append(Slot("about.md", everyone))
    if terms:
        texts = {f"{a.slug}/{p.anchor}": p.text for a in articles for s in a.sections for p in s.paragraphs}
        uses = Counter(m.term for key, ms in matches.items() for m in as_uses(texts.get(key, ""), ms))
        slots.append(Slot("glossary.md", (GLOSSARY_SOURCE,)))
        slots += [
            Slot(concordance_page(t), (GLOSSARY_SOURCE,))
            for t in ordered_terms(terms)
            if uses[t.term] > CONCORDANCE_SHOWN
        ]
    return slots


@dataclass(frozen=True)
class Site:
    """What rendering any page needs, worked out once (prepare()): the templates, the uses of each
    term, each section's terms and related sections, the glossary's order.

    The pages are rendered in shares (section_pages, glossary_entries) so that the build may render
    a large corpus in several processes, and write each page where it is made; render_site() renders
    them all here, in order."""

    env: jinja2.Environment
    articles: list[Article]
    terms: list[Term]
    matches: dict[str, list[Match]]
    collection: Collection
    repo_url: str
    by_term: dict[str, Term]
    occurrences: dict[str, list[Occurrence]]
    everywhere: list[tuple[Article, Section]]  # every section in order
    section_terms: list[list[str]]  # each section's terms, in order
    sections_with: dict[str, int]  # for each term the set of sections (by position) that use it
    ordered: list[Term]  # the glossary's order
    english: EnglishTerms  # how the English paragraphs find terms
    # each term's markup on a section page, by glossary address, then term: term_html()
    markup: dict[str, dict[str, TermHtml]] = field(default_factory=dict)

    @property
    def several(self) -> bool:
        return len(self.articles) > 1


def prepare(
    articles: list[Article],
    terms: list[Term],
    matches: dict[str, list[Match]],
    collection: Collection | None = None,
    repo_url: str = "",
) -> Site:
    """Everything the pages share. `matches` maps a paragraph key (`slug/anchor`) to its matches;
    `collection` names the site (default: after the first article); on a site of several articles
    the home page presents the collection, and each article gets a landing page of its own."""
    occurrences: dict[str, list[Occurrence]] = defaultdict(list)
    section_terms: list[list[str]] = []
    several = len(articles) > 1
    everywhere = [(a, s) for a in articles for s in a.sections]
    for j, (a, s) in enumerate(everywhere):
        seen: dict[str, None] = {}
        for p in s.paragraphs:
            found = matches.get(f"{a.slug}/{p.anchor}")
            if found:
                where = spot(a, s, p, several, j)
                for m in as_uses(p.text, found):  # a slogan's halves, side by side, are one use
                    occurrences[m.term].append(Occurrence(where, m))
                    seen[m.term] = None
        section_terms.append(list(seen))
    sections_with: dict[str, int] = defaultdict(int)
    for j, mine in enumerate(section_terms):
        for used in mine:
            sections_with[used] |= 1 << j
    return Site(
        env=environment(),
        articles=articles,
        terms=terms,
        matches=matches,
        collection=collection or named_after(articles[0]),
        repo_url=repo_url,
        by_term={t.term: t for t in terms},
        occurrences=occurrences,
        everywhere=everywhere,
        section_terms=section_terms,
        sections_with=sections_with,
        ordered=ordered_terms(terms) if terms else [],
        # the pattern of every term's English takes a large glossary a while to compile: only for a translation
        english=english_terms(terms if any(a.english for a in articles) else []),
    )


class TermHtml(NamedTuple):
    """A term's markup on a section page: the same on every page whose glossary is at one address,
    so made once per process and address (term_html), not once per page or per use."""

    link: str  # the opening tag of the link to its entry from its first use (link_open)
    box: str  # its line in the list of the section's terms (term_box.html.j2)
    definition: str  # its hidden definition, for the reader's popover (definition.html.j2)


def term_html(site: Site, glossary: str) -> Callable[[str], TermHtml]:
    """A term → its markup on a section page whose glossary is at `glossary`, made the first time
    a page of this process asks for it."""
    known = site.markup.setdefault(glossary, {})
    box = site.env.get_template("term_box.html.j2")
    definition = site.env.get_template("definition.html.j2")

    def of(term: str) -> TermHtml:
        found = known.get(term)
        if found is None:
            t = site.by_term[term]
            found = known[term] = TermHtml(
                link_open(t, glossary),
                box.render(t=t, glossary=glossary).strip("\n"),
                definition.render(t=t, glossary=glossary, definition_prefix=names.DEFINITION_PREFIX).strip("\n"),
            )
        return found

    return of


def section_pages(site: Site, span: range) -> list[Page]:
    """The pages of the sections at positions `span` (of site.everywhere)."""
    section_page = site.env.get_template("section.md.j2")
    several, everywhere, matches = site.several, site.everywhere, site.matches
    out = []
    for j in span:
        a, s = everywhere[j]
        path = section_path(a, s)
        glossary = url(path, "glossary.md")
        of = term_html(site, glossary)
        mine = site.section_terms[j]
        markup = [of(t) for t in mine]
        links = {t: m.link for t, m in zip(mine, markup, strict=True)}  # every term of the text: its uses
        linked: set[str] = set()
        paras = [
            (
                p,
                scholarly.conjectures_shown(
                    p.text, linked_text(p.text, matches.get(f"{a.slug}/{p.anchor}", []), links, linked)
                ),
            )
            for p in s.paragraphs
        ]
        linked_en: dict[str, Term] = {}
        translated = a.english.paragraphs if a.english else {}
        english = {
            p.anchor: tuple(
                None if sentence is None else annotate_en(sentence, site.english, glossary, linked_en)
                for sentence in translated[p.anchor]
            )
            for p in s.paragraphs  # in reading order: the first use in the section is linked
            if p.anchor in translated
        }
        paras, extras = scholarly.section_page(a, s, paras, path, escape_md, english)
        # every term linked on the page, in Chinese or in English, has its definition in the page
        markup += [of(t) for t in linked_en if t not in links]
        related = [(n, *everywhere[k]) for n, k in shared(mine, site.sections_with, j)]
        text = section_page.render(
            article=a,
            section=s,
            paragraphs=paras,
            path=path,
            terms="\n".join(m.box for m in markup[: len(mine)]),
            related=[
                (n, place(oa, os_, several), place_en(oa, os_, several), section_path(oa, os_))
                for n, oa, os_ in related
            ],
            several=several,
            definitions="\n".join(m.definition for m in markup),
            section_path=section_path,
            source=a.source,
            **extras,
        )
        out.append(Page(path, text, (a.source,)))
    return out


def front_pages(site: Site) -> list[Page]:
    """The home page, each article's landing page on a site of several, and the about page."""
    articles, collection, env = site.articles, site.collection, site.env
    home = env.get_template("home.md.j2").render(
        articles=articles, collection=collection, landing_path=landing_path, section_path=section_path
    )
    pages = [Page("index.md", home, home_sources(articles, collection))]
    if site.several:
        landing = env.get_template("landing.md.j2")
        pages += [
            Page(
                landing_path(a), landing.render(article=a, path=landing_path(a), section_path=section_path), (a.source,)
            )
            for a in articles
        ]
    about = env.get_template("about.md.j2").render(articles=articles, repo_url=site.repo_url)
    return [*pages, Page("about.md", about, tuple(a.source for a in articles))]


def glossary_entries(site: Site, span: range) -> tuple[list[str], list[Page]]:
    """The glossary entries of the terms at positions `span` (of site.ordered), and the concordance
    pages of those used more than CONCORDANCE_SHOWN times."""
    several = site.several
    places = [place(a, s, several) for a, s in site.everywhere]  # by position
    every_use = site.env.get_template("concordance.md.j2")
    entry = site.env.get_template("glossary_entry.md.j2")
    cited = citations(site.articles)
    texts, pages = [], []
    for t in (site.ordered[i] for i in span):
        uses = site.occurrences.get(t.term, [])
        lines = uses_html(uses)
        sections = [(places[key], n) for key, n in Counter([where.section for where, _ in uses]).items()]
        if len(lines) > CONCORDANCE_SHOWN:
            path = concordance_page(t)
            text = every_use.render(
                term=t,
                uses=use_items(lines, "../" * path.count("/")),
                total=len(lines),
                sections=len(sections),
                path=path,
            )
            pages.append(Page(path, text, (GLOSSARY_SOURCE,)))
        text = entry.render(
            t=t,
            other_forms=other_forms(site, t, uses),
            def_zh=cite_md(t.def_zh, cited),
            def_en=cite_md(t.def_en, cited),
            uses=use_items(lines[:CONCORDANCE_SHOWN]),
            total=len(lines),
            CONCORDANCE_SHOWN=CONCORDANCE_SHOWN,
            where=sections,
            categories=CATEGORIES,
            by_term=site.by_term,
            concordance_page=concordance_page,
        )
        texts.append(text)
    return texts, pages


def use_items(lines: list[tuple[str, str]], up: str = "") -> str:
    """Concordance lines (uses_html()) as the items of a list, one a line, each linked to its paragraph
    from a page `up` folders below the glossary's."""
    return "\n".join([f'<li><a href="{up}{href}">{line}</li>' for href, line in lines])


def other_forms(site: Site, t: Term, uses: list[Occurrence]) -> list[tuple[str, list[str]]]:
    """The forms the texts use that are neither the term nor an alias: the same words in another
    script (習近平 for 习近平, matched on the text's Simplified fold), each with the titles of the
    articles that use it, in the order of their first use."""
    found: dict[str, list[str]] = {}
    forms = t.forms
    for where, (_, _, form, _) in uses:  # unpacked: faster than by name, per use
        if form not in forms:
            titles = found.setdefault(form, [])
            title = site.everywhere[where.section][0].title
            if title not in titles:
                titles.append(title)
    return list(found.items())


def glossary_page(site: Site, entries: list[str]) -> Page:
    """glossary.md, from glossary_entries() of every term, in site.ordered's order."""
    ordered = site.ordered
    letters: dict[str, list[Term]] = defaultdict(list)
    for t in ordered:
        letters[pinyin_key(t)[0][:1].upper()].append(t)
    text = site.env.get_template("glossary.md.j2").render(
        ordered=ordered,
        letters=sorted(letters.items()),
        categories=CATEGORIES,
        by_category={key: [t for t in ordered if t.category == key] for key in CATEGORIES},
        entries=dict(zip((t.term for t in ordered), entries, strict=True)),
    )
    return Page("glossary.md", text, (GLOSSARY_SOURCE,))


def render_site(
    articles: list[Article],
    terms: list[Term],
    matches: dict[str, list[Match]],
    repo_url: str = "",
    collection: Collection | None = None,
) -> list[Page]:
    """Every page of the site, in layout()'s order, rendered in this process."""
    site = prepare(articles, terms, matches, collection, repo_url)
    pages = section_pages(site, range(len(site.everywhere))) + front_pages(site)
    if terms:
        entries, concordances = glossary_entries(site, range(len(site.ordered)))
        pages += [glossary_page(site, entries), *concordances]
    return pages
