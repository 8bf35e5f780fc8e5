"""A built page and the search plugin's index → the index with paragraph entries, Chinese sub-words, a query table.

Six changes to what mkdocs-material's search plugin indexes (SearchData holds what one build's
pages tell; plugin.py calls its `page_content` and `post_build` from MkDocs's events):

1. Apparatus is not indexed. On the build's article pages the admonitions are the build's own
   apparatus ("本节术语 Terms in this section", "相关章节 Related sections"): lists of glossary
   terms with their English renderings. Indexed, they made every section match the English of
   every term it uses (`rule of law` found 德法并举 before the glossary's 法治). The build script
   writes them with `data-search-exclude="apparatus"` (templates/section.md.j2), so that Zensical,
   which runs no hook, leaves them out too; material's search plugin honours it and then strips
   it, so the page itself carries no marker.
2. Paragraph entries (`post_build`). The theme indexes one entry per heading section, so a
   result could only open a section at its top. Each anchored paragraph becomes an entry of its
   own, `page.html#s2-p3`, with its section's title; the section entry keeps what is left (its
   English title, dateline). Results then open the paragraph where the match is. Paragraph
   entries carry material's per-entry `boost` (PARAGRAPH_BOOST).
3. Sub-words (`post_build`): a hidden `subwords` field (see `subwords()`).
4. Glossary entries are titled `headword · pinyin · English` (`page_content`, `post_build`). The
   glossary template gives each entry `data-search-title="rule of law · fǎzhì"`; with the entry's
   heading (its Chinese term) before it, that becomes the entry's index title. Titles weigh a
   thousand times the text, so the headword there is shown, not searched (WORD_JOINER, as for
   article names): a Chinese term in a title put the glossary before the sections where the term
   is used. The headword is searched in a field of its own (HEADWORDS) with the entry's other names
   the text uses (its aliases, the phrase it heads), cut into words as jieba cut the text: a Chinese
   query brings the passages first and, among the glossary's entries, the term's own entry first,
   whether the reader typed the headword, an alias, its Traditional form or an `also` name (the
   query table rewrites the last two, query.py). An English or pinyin query brings the entry
   first. The title is written as HTML, escaped as the search plugin escapes headings: the theme
   renders result titles as markup.
   The entry's text then loses what its title holds, and its see-also line; it weighs less than a
   paragraph (ENTRY_BOOST). The glossary's list by category stays out of the index.
5. On a site of several articles every entry of a section page is titled `article · section`
   (`page_content`, `post_build`; see `name_articles()`), so that two sections of the same
   title (each article's 导语) are told apart in the results.
6. The query table: Traditional characters and a term's other names, which the build script
   writes into docs/ (pages/query.py), put into the index's configuration for the worker to
   rewrite queries with (`add_query_table`).
7. Traditional text (`post_build`; see `add_folds()`): an entry whose text holds Traditional
   characters (an edition kept in them, `script: hant`) is cut into words where jieba cuts its
   Simplified fold (書記|習近平, not 書記習|近平), and carries that fold in a hidden `fold` field.
   The worker folds every query to Simplified (pages/query.py), so either script finds both.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from ..core.names import PARAGRAPH_CLASS, QUERY_TABLE, SEARCH_TITLE_ATTR
from ..core.querytable import held_only, read_query_file
from ..text import script

# Material's result list renders only `title`, `text` and `tags`, so this
# field is searched but never shown. The worker patch in theme_patches.py
# (`highlight-han-inside-words`) marks a hit found only here inside the
# shown words; the page itself is highlighted after the click (`?h=`).
FIELD = "subwords"

# Below the `text` field's 1.0, so a page using 正义 as a word of its own
# ranks above one where 正义 only occurs inside 公平正义.
BOOST = 0.5

# Suffixes shorter than this are not indexed: a one-character suffix would
# make every one-character query match half the index.
MIN_SUFFIX = 2

# CJK ideographs (basic block, extension A, compatibility, extensions B-G).
# Plain `re` has no \p{Han}; these ranges cover what jieba segments.
_HAN_WORD = re.compile(f"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]{{{MIN_SUFFIX + 1},}}")
_TAG = re.compile(r"<[^>]*>")

# mkdocs-material's search plugin (plugins/search/plugin.py,
# SearchIndex._segment_chinese) joins jieba's words with U+200B.
_WORD_SEPARATOR = "\u200b"

# Material's search parser (plugins/search/plugin.py, Parser.handle_starttag)
# skips an element carrying this attribute; on_page_context then removes
# every `data-search-*="…"` from the page (the value must not be empty).
_EXCLUDE = 'data-search-exclude="apparatus"'

# Material's per-entry `boost` (what `search: boost:` in front matter sets): the article's own
# paragraphs outrank the copies of their words elsewhere on the site (the home page quotes the
# lede, the about page's errata quote the raw text), which would otherwise tie with them.
PARAGRAPH_BOOST = 2.0

# The search index keeps these tags of a paragraph, `<p>` never nested
# (plugins/search/plugin.py, Parser.keep).
_INDEX_PARAGRAPH = re.compile(r"<p>.*?</p>", re.DOTALL)


def comparable(text: str) -> str:
    """Plain text without whitespace and jieba's U+200B, for comparing a page's text with the index's."""
    return re.sub(r"[\s\u200b]+", "", text)


def index_text(fragment: str) -> str:
    """The plain text of a search-index HTML fragment (text `<` is escaped there, so tags are tags)."""
    return html.unescape(_TAG.sub("", fragment))


# An article paragraph as the build script writes it (templates/section.md.j2): a raw HTML block
# that Markdown passes through unchanged, never nested.
# An English paragraph beside it (`<p class="para-en" id="s2-p3-en" lang="en">`) is an entry too.
_PARAGRAPH = re.compile(r'<p class="' + PARAGRAPH_CLASS + r'(?:-en)?" id="([^"]+)"(?: lang="en")?>(.*?)</p>', re.DOTALL)


def find_paragraphs(page_html: str) -> list[tuple[str, str]]:
    """(id, comparable text) of every article paragraph of a page."""
    return [(m.group(1), comparable(index_text(m.group(2)))) for m in _PARAGRAPH.finditer(page_html)]


def split_paragraphs(index: dict[str, Any], paragraphs: dict[str, list[tuple[str, str]]]) -> int:
    """Give each known paragraph its own entry after its section's; return the entries added.

    A paragraph is recognised by its text, so the split does not depend on the order or
    number of the section's other blocks. A paragraph of an indexed page that is not found
    stops the build: the search plugin changed how it writes the index.
    """
    unclaimed: dict[str, dict[str, list[str]]] = {}  # page -> comparable text -> anchors, in page order
    for path, found in paragraphs.items():
        for anchor, text in found:
            unclaimed.setdefault(path, {}).setdefault(text, []).append(anchor)
    indexed = {doc["location"].partition("#")[0] for doc in index["docs"]}
    docs: list[dict[str, Any]] = []
    added = 0
    for doc in index["docs"]:
        docs.append(doc)
        path, _, fragment = doc["location"].partition("#")
        by_text = unclaimed.get(path)
        if not fragment or not by_text:
            continue
        kept: list[str] = []
        cursor = 0
        for block in _INDEX_PARAGRAPH.finditer(doc["text"]):
            anchors = by_text.get(comparable(index_text(block.group(0))))
            if not anchors:
                continue
            kept.append(doc["text"][cursor : block.start()])
            cursor = block.end()
            location = f"{path}#{anchors.pop(0)}"
            docs.append({"location": location, "title": doc["title"], "text": block.group(0), "boost": PARAGRAPH_BOOST})
            added += 1
        kept.append(doc["text"][cursor:])
        doc["text"] = " ".join(piece.strip() for piece in kept if piece.strip())
    missing = [
        f"{path}#{anchor}"
        for path, by_text in unclaimed.items()
        if path in indexed
        for anchors in by_text.values()
        for anchor in anchors
    ]
    if missing:
        raise PluginError(f"search: paragraphs not found in the search index: {', '.join(missing[:5])}")
    index["docs"] = docs
    return added


def subwords(*fields: str) -> list[str]:
    """Return every suffix (>= MIN_SUFFIX chars) of every jieba word in `fields`.

    lunr matches the query as a prefix of an indexed token, so indexing each
    suffix makes any inner substring findable: 民约 and 规民 both start a
    suffix of 村规民约. The word itself is already in `title`/`text` and is
    left out. Repeats are kept so term frequency still ranks sections.
    """
    found: list[str] = []
    for value in fields:
        for piece in _TAG.sub(_WORD_SEPARATOR, value).split(_WORD_SEPARATOR):
            if _HAN_WORD.fullmatch(piece):
                found.extend(piece[i:] for i in range(1, len(piece) - MIN_SUFFIX + 1))
    return found


# The hidden field holding the Simplified fold of an entry's Traditional text: searched as its text is.
FOLD_FIELD = "fold"
FOLD_BOOST = 1.0
_HAN_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")


def cut_by_fold(value: str, cut: Callable[[str], Iterable[str]]) -> str:
    """An index field (Han runs cut into words with U+200B, as the search plugin writes it), cut again
    where `cut` cuts the Simplified fold of each run: the same characters, the fold's words."""

    def words(m: re.Match[str]) -> str:
        run, out, at = m.group(0), [], 0
        for word in cut(script.fold(run)):
            out.append(run[at : at + len(word)])
            at += len(word)
        return _WORD_SEPARATOR + _WORD_SEPARATOR.join(out) + _WORD_SEPARATOR

    return _HAN_RUN.sub(words, value.replace(_WORD_SEPARATOR, "")).strip(_WORD_SEPARATOR)


def add_folds(index: dict[str, Any], cut: Callable[[str], Iterable[str]]) -> int:
    """Cut each entry holding Traditional characters (in its text or its title) by its fold, and give
    it the hidden FOLD_FIELD, the fold of both: a Simplified query finds words of a Traditional
    section's title too; return the entries changed."""
    changed = 0
    for doc in index["docs"]:
        text, title = doc.get("text", ""), doc.get("title", "")
        if script.search_fold(text, title) is None:
            continue
        doc["text"] = cut_by_fold(text, cut)
        doc["title"] = cut_by_fold(title, cut)
        doc[FOLD_FIELD] = script.search_fold(doc["text"], doc["title"])
        changed += 1
    if changed:
        index["config"]["fields"].setdefault(FOLD_FIELD, {"boost": FOLD_BOOST})
    return changed


def python_jieba_cut(text: str) -> Iterable[str]:
    """Python jieba's cut, as the search plugin cut the index (its dictionary and the site's words,
    which the plugin loaded: nothing of the build script's segmenter is loaded here)."""
    try:
        import jieba
    except ImportError as err:
        raise PluginError("search: Python jieba is missing (the search plugin's `lang: zh` needs it)") from err
    words: Iterable[str] = jieba.cut(text)
    return words


def add_subwords(index: dict[str, Any]) -> int:
    """Add the `subwords` field to a parsed search index in place; return docs changed."""
    config: dict[str, Any] = index["config"]
    # The field's tokens are joined with a space, so the separator the
    # browser tokenizes with must split on it.
    if not re.match(config["separator"], " "):
        raise PluginError(f"search: search separator {config['separator']!r} does not split on a space")
    config["fields"].setdefault(FIELD, {"boost": BOOST})
    changed = 0
    for doc in index["docs"]:
        words = subwords(doc.get("title", ""), doc.get(FOLD_FIELD) or doc.get("text", ""))
        if words:
            doc[FIELD] = " ".join(words)
            changed += 1
    return changed


_ENTRY_TITLE = re.compile(
    r'<h3 id="(?P<id>[^"]+)"[^>]*>.*?</h3>\s*<p [^>]*' + SEARCH_TITLE_ATTR + r'="(?P<title>[^"]*)"', re.S
)
# The glossary's terms by category (templates/glossary.md.j2) repeat every term: navigation, not text.
_CATEGORY_LIST = re.compile(r'(<h2 id="by-category"[^>]*>.*?</h2>\s*)<ul', re.S)


def retitle_entries(index: dict[str, Any], titles: dict[str, dict[str, str]], names: dict[str, list[str]]) -> int:
    """Title each glossary entry `headword · pinyin · English`; return how many were retitled.

    The headword (the entry's heading, as the index holds it) is shown, not searched there (each of
    its tokens starts with WORD_JOINER): it is searched in the entry's HEADWORDS field with its
    other forms (`names`, by the heading's comparable text, from headwords()).

    The entry's text then loses what the title already holds: its first paragraph (pinyin ·
    English · category, the line the title is taken from) and the English closing its search-only
    line of toneless pinyin. Indexed twice, they only made the index larger: a title match alone
    already weighs a thousand times the text. Its see-also line goes too (_SEE_ALSO).
    """
    separator = re.compile(index["config"]["separator"])
    changed = 0
    for doc in index["docs"]:
        url, _, anchor = doc["location"].partition("#")
        title = titles.get(url, {}).get(anchor)
        if title is not None:
            heading = doc.get("title", "")
            english, _, pinyin = title.rpartition(" · ")
            searched = _DIGITS.sub(lambda m: WORD_JOINER + m.group(0), f"{pinyin} · {english}" if english else title)
            doc["title"] = f"{shown_only(heading, separator)} · {searched}" if heading else searched
            doc["text"] = _without_title_repeats(doc["text"], title)
            doc["boost"] = ENTRY_BOOST
            forms = names.get(comparable(index_text(heading)), [])
            # a word holding a digit (G20) brings the passages that use it, as in titles (_DIGITS)
            words = [w for form in forms for w in form.split() if not any(c.isdigit() for c in w)]
            if words:
                doc[HEADWORDS] = " ".join(words)
            changed += 1
    if changed:
        index["config"]["fields"].setdefault(HEADWORDS, {"boost": HEADWORDS_BOOST})
    return changed


def shown_only(title: str, separator: re.Pattern[str]) -> str:
    """An index title's words shown but never matched: each token starts with WORD_JOINER."""
    return WORD_JOINER + separator.sub(lambda m: m.group(0) + WORD_JOINER, title)


# A glossary entry's own names, searched: its term, the whole phrase it heads, the aliases the text
# uses. A Traditional form and an `also` name reach them through the query table (query.py), an
# alias with its term (`alias term`), so each form the reader may type matches the entry here.
HEADWORDS = "headwords"
# Short (a few words), so one match outweighs a mention in another entry's definition; not a title,
# so the passages that use the term keep their place before the glossary (ENTRY_BOOST).
HEADWORDS_BOOST = 1.5


# A glossary entry weighs less than an article paragraph (PARAGRAPH_BOOST): a word both use, such
# as a number (2016, 96.43%) or a Latin token of the text, brings the paragraph that says it
# first, and the definition that quotes it after. A Chinese term is in the entry's text only, so
# it ranks its passages first already; English and pinyin match the entry's title, which weighs a
# thousand times the text whatever the entry's boost.
ENTRY_BOOST = 0.5
# A title's tokens holding a digit (G20 in `G20 Hangzhou Summit`) are shown but not searched there
# (WORD_JOINER): typed, they bring the sections that use them, not the entry whose title they start.
_DIGITS = re.compile(r"(?<![^\s·])[^\s·]*\d[^\s·]*")


# An entry's line of links to other entries (templates/glossary_entry.md.j2): navigation, like the
# category list. Indexed, it made a Chinese query match every entry that points to the term.
_SEE_ALSO = comparable("参见 See also:")


def _without_title_repeats(text: str, title: str) -> str:
    text = _INDEX_PARAGRAPH.sub(
        lambda m: "" if comparable(index_text(m.group(0))).startswith(_SEE_ALSO) else m.group(0), text
    )
    text = re.sub(r"  +", " ", text).strip()
    first = _INDEX_PARAGRAPH.match(text)
    if first and all(comparable(part) in comparable(index_text(first.group(0))) for part in title.split(" · ")):
        text = text[first.end() :].lstrip()
    english = title.rpartition(" · ")[0]
    if english:
        text = text.replace(f" · {english}</p>", "</p>")
    # The search-only line gives the toneless pinyin spaced and joined: for a one-word reading the
    # two are the same word, indexed twice.
    return _SAME_TWICE.sub(r"<p>\1</p>", text)


_SAME_TWICE = re.compile(r"<p>([^<·]+) · \1</p>")


def headwords(forms: Mapping[str, list[str]], cut: Callable[[str], Iterable[str]]) -> dict[str, list[str]]:
    """An entry's heading (phrase or term, comparable) → the words of its searched names.

    `forms` is the query table's `headwords` (pages/query.py: an entry's heading → its term, phrase
    and aliases, as the glossary gives them). Each name's Han runs are cut by `cut` (Python jieba,
    as the search plugin cut the text), so that the entry holds the same words as the passages: a
    query cut into the index's words matches both.
    """
    found: dict[str, list[str]] = {}
    for heading, names in forms.items():
        words: list[str] = []
        for form in names:
            for run in _SCRIPT_RUN.findall(form):
                words.extend(w for w in (cut(run) if _HAN_START.match(run) else [run]) if w.strip())
        found[comparable(heading)] = list(dict.fromkeys(words))
    return found


# Han runs and the runs of anything else but spaces and punctuation, each searched as its words.
_HAN_START = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SCRIPT_RUN = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[^\s\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff·・、，,]+"
)


# A section page names its article when the site has several (templates/section.md.j2).
_ARTICLE = re.compile(r'<p class="en-title"[^>]*? data-search-article="([^"]*)"')
# Invisible, and neither a separator nor a word character for lunr: a token that starts with it
# matches no query.
WORD_JOINER = "\u2060"


def name_articles(index: dict[str, Any], articles: dict[str, str]) -> int:
    """Title each entry of an article's page `article · section`; return how many were retitled.

    The article's title is shown, not searched: each of its tokens starts with WORD_JOINER. Searched,
    it would give every paragraph of an article a title match (titles weigh a thousand times the
    text) for any word of the article's title, and bury the paragraphs that use the word.
    """
    separator = re.compile(index["config"]["separator"])
    changed = 0
    for doc in index["docs"]:
        article = articles.get(doc["location"].partition("#")[0])
        if article is not None:
            shown = WORD_JOINER + separator.sub(lambda m: m.group(0) + WORD_JOINER, article)
            # U+200B before the section's title keeps its words whole for subwords()
            doc["title"] = f"{shown} · {_WORD_SEPARATOR}{doc['title']}"
            changed += 1
    return changed


def merge_entries(before: list[dict[str, Any]], now: list[dict[str, Any]], rendered: set[str]) -> list[dict[str, Any]]:
    """The search plugin's entries of a build of every page, from those of the last build and those
    of the pages rendered since (`now`): each page's entries in the place the last build gave them,
    pages new since then after them, in the order they were rendered."""

    def page(entry: dict[str, Any]) -> str:
        return str(entry["location"]).partition("#")[0]

    fresh: dict[str, list[dict[str, Any]]] = {}
    for entry in now:
        fresh.setdefault(page(entry), []).append(entry)
    merged: list[dict[str, Any]] = []
    placed: set[str] = set()
    for entry in before:
        url = page(entry)
        if url not in rendered:
            merged.append(entry)
        elif url not in placed:
            placed.add(url)
            merged += fresh.get(url, [])
    merged += [entry for url, entries in fresh.items() if url not in placed for entry in entries]
    return merged


class SearchData:
    """What one build's pages tell the index, by page URL (as in the index's `location`).

    Filled as pages are rendered. The preview's rebuild of only the pages a save reached
    (serve.py) continues the last build's (`after`): the entries of the pages it did not render are
    that build's, and the index is rewritten as a whole, as it would be by a build of every page.
    """

    def __init__(self, after: SearchData | None = None) -> None:
        self.paragraphs: dict[str, list[tuple[str, str]]] = {}  # its paragraphs: (id, text as compared)
        self.entry_titles: dict[str, dict[str, str]] = {}  # {heading id: index title}
        self.articles: dict[str, str] = {}  # its article's title, as index HTML (escaped text)
        self.rendered: set[str] = set()  # pages this build rendered
        self.entries: str | None = None  # the search plugin's entries of every page, as JSON (kept: `keep`)
        self.previous: str | None = None  # those of the build this one continues
        if after is not None:
            self.paragraphs, self.entry_titles, self.articles = after.paragraphs, after.entry_titles, after.articles
            self.previous = after.entries

    def page_content(self, page_html: str, page: Page) -> str:
        """Remember the page's anchored paragraphs and entry titles.

        Runs before the search plugin reads the page (its `on_page_context`).
        """
        self.rendered.add(page.url)
        # An index title is HTML: the theme shows result titles as markup, and the search plugin writes
        # a heading's text escaped (plugins/search/plugin.py, Parser.handle_data). The attribute's value
        # is read as text, then written as HTML the same way, so `<` in an English title stays a `<`.
        entries = {
            m["id"]: html.escape(html.unescape(m["title"]), quote=False) for m in _ENTRY_TITLE.finditer(page_html)
        }
        if entries:
            self.entry_titles[page.url] = entries
        else:
            self.entry_titles.pop(page.url, None)
        if article := _ARTICLE.search(page_html):
            # written into index titles, which are HTML (see above): escaped the same way
            self.articles[page.url] = html.escape(html.unescape(article.group(1)), quote=False)
        else:
            self.articles.pop(page.url, None)
        if entries:
            page_html = _CATEGORY_LIST.sub(lambda m: m.group(1) + f"<ul {_EXCLUDE}", page_html, count=1)
        found = find_paragraphs(page_html)
        if not found:
            self.paragraphs.pop(page.url, None)
            return page_html
        self.paragraphs[page.url] = found
        return page_html

    def post_build(self, config: MkDocsConfig, keep: bool = False) -> None:
        """Rewrite site_dir/search/search_index.json: paragraph entries, the `subwords` field, then the
        query table of Traditional characters and other names (from docs/, add_query_table).

        After material's search plugin has written the index, before the offline plugin inlines it
        into search_index.js (plugin.py gives the event its priority).
        """
        path = Path(config.site_dir) / "search" / "search_index.json"
        if not path.is_file():
            raise PluginError(f"search: {path} missing; is the search plugin enabled?")
        index = json.loads(path.read_text(encoding="utf-8"))
        if self.previous is not None:
            index["docs"] = merge_entries(json.loads(self.previous), index["docs"], self.rendered)
        if keep:  # for a rebuild that continues this one
            self.entries = json.dumps(index["docs"], ensure_ascii=False)
        has_han = any(_HAN_WORD.search(d.get("text", "")) for d in index["docs"])
        if has_han and not any(_WORD_SEPARATOR in d.get("text", "") for d in index["docs"]):
            # No U+200B at all means jieba did not run (not installed) or the
            # plugin changed how it marks words; the suffixes would be wrong.
            raise PluginError("search: Chinese text in the index is not jieba-segmented")
        split_paragraphs(index, self.paragraphs)
        table = query_table(Path(config.docs_dir))
        retitle_entries(index, self.entry_titles, headwords(table.get("headwords", {}), python_jieba_cut))
        name_articles(index, self.articles)
        add_folds(index, python_jieba_cut)
        add_subwords(index)
        add_query_table(index, table)
        path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


_HAN_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def query_table(docs: Path) -> dict[str, Any]:
    """The query table the build script wrote into docs/ (pages/query.py)."""
    path = docs / QUERY_TABLE
    try:
        return read_query_file(path.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise PluginError(f"search: {path} is missing; build docs/ first: python -m build_scripts build") from err
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise PluginError(f"search: {path}: {err}; build docs/ again: python -m build_scripts build") from err


def add_query_table(index: dict[str, Any], table: Mapping[str, Any]) -> None:
    """Put the query table into a parsed index's configuration, its Traditional characters narrowed
    to those whose Simplified fold the index holds (core/querytable.held_only)."""
    # a Traditional page's hidden Simplified fold (add_folds) is held too: its characters are searched
    text = "".join(
        _TAG.sub("", f"{doc.get('title', '')} {doc.get('text', '')} {doc.get('fold', '')}") for doc in index["docs"]
    )
    index["config"]["query"] = held_only(table, set(_HAN_CHAR.findall(text.replace(_WORD_SEPARATOR, ""))))
