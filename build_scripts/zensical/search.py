"""Zensical's search index (site/search.json, and search.js from disk) in, the same index retitled and split out.

Zensical indexes one entry per heading, titled with the heading's text, and weighs a title three
times the text (its search worker: `fields: title weight 3, text, path weight 2`). A glossary entry
is headed by its Chinese term, so every Chinese query for a term brought the glossary before the
sections that use it, as it did on MkDocs before build_scripts/publish/search.py. The build script
already gives each entry `data-search-title="English · pinyin"` (templates/glossary_entry.md.j2);
Zensical runs no hook that could read it while indexing, so this module does it after
`zensical build`: an entry whose heading is followed by that attribute gets it as its title (the
Chinese term stays in the entry's text, so a Chinese query still finds it, after the passages).

Each article paragraph (`<p class="para" id="s2-p3">`), and its English translation
(`<p class="para-en" id="s2-p3-en">`), also becomes an entry of its own, as
build_scripts/publish/search.py does on MkDocs: a result opens the paragraph where the match is, and a short
paragraph competes with a short glossary entry on equal terms (the worker's ranking favours short
entries, so a whole section lost to any glossary entry that repeats the query).

Two hidden fields, as on MkDocs: an entry holding Traditional characters carries their Simplified
fold (`fold`, text/script.search_fold, the function MkDocs's index uses), and a glossary entry its
names (`headwords`, from the query table's `headwords`); site.py patches the worker to search them.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from ..core import names
from ..core.querytable import held_only, read_query_file
from ..text import script

INDEX_JSON = "search.json"
# The offline plugin's copy, read by a <script> from disk: `var __index = {...};`
INDEX_JS = "search.js"
_JS_PREFIX = "var __index = "

# A heading with an id, then (attributes of the entry's first paragraph) the search title.
_ENTRY = re.compile(
    r'<h([1-6]) id="([^"]+)"[^>]*>(?:(?!</h\1>).)*</h\1>\s*<p [^>]*?' + names.SEARCH_TITLE_ATTR + r'="([^"]*)"',
    re.DOTALL,
)


# An article paragraph as the build script writes it (templates/section.md.j2), its English beside
# it (`<p class="para-en" id="s2-p3-en" lang="en">`), and as Zensical's index keeps them: `<p>`
# without attributes, markup inside it dropped.
_PARAGRAPH = re.compile(
    r'<p class="(?:'
    + names.PARAGRAPH_CLASS
    + "|"
    + names.ENGLISH_PARAGRAPH_CLASS
    + r')" id="([^"]+)"(?: lang="en")?>(.*?)</p>',
    re.DOTALL,
)
_INDEX_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


def comparable(fragment: str) -> str:
    """The text of an HTML fragment without its tags and whitespace, to compare a page's with the index's."""
    return re.sub(r"\s+", "", html.unescape(_TAG.sub("", fragment)))


def paragraphs(page_html: str) -> dict[str, str]:
    """Comparable text → id of every article paragraph of a page."""
    return {comparable(m.group(2)): m.group(1) for m in _PARAGRAPH.finditer(page_html)}


def split_paragraphs(index: dict[str, Any], site: Path) -> int:
    """Give each article paragraph an entry of its own after its section's; return the entries added."""
    known: dict[str, dict[str, str]] = {}
    items: list[dict[str, Any]] = []
    added = 0
    for item in index.get("items", []):
        items.append(item)
        page, _, fragment = str(item.get("location", "")).partition("#")
        if not fragment or not page.endswith(".html"):
            continue
        if page not in known:
            path = site / page
            known[page] = paragraphs(path.read_text(encoding="utf-8")) if path.is_file() else {}
        if not known[page]:
            continue
        rest: list[str] = []
        last = 0
        text = str(item.get("text", ""))
        for m in _INDEX_PARAGRAPH.finditer(text):
            anchor = known[page].get(comparable(m.group(1)))
            if anchor is None:
                continue
            rest.append(text[last : m.start()])
            last = m.end()
            items.append({**item, "location": f"{page}#{anchor}", "text": m.group(0), "boost": PARAGRAPH_BOOST})
            added += 1
        rest.append(text[last:])
        item["text"] = " ".join(part.strip() for part in rest if part.strip())
    index["items"] = items
    return added


def search_titles(page_html: str) -> dict[str, str]:
    """Heading id → its entry's search title (as HTML: the worker renders titles as markup)."""
    return {m.group(2): html.escape(html.unescape(m.group(3)), quote=False) for m in _ENTRY.finditer(page_html)}


def retitle(index: dict[str, Any], site: Path, forms: dict[str, list[str]] | None = None) -> int:
    """Give each entry of a page with search titles its title, and its names (HEADWORDS, from the
    query table's `headwords`, `forms`, by the entry's heading); return how many entries changed."""
    titles: dict[str, dict[str, str]] = {}
    by_heading = {comparable(html.escape(heading, quote=False)): names for heading, names in (forms or {}).items()}
    changed = 0
    for item in index.get("items", []):
        page, _, fragment = str(item.get("location", "")).partition("#")
        if not fragment or not page.endswith(".html"):
            continue
        if page not in titles:
            path = site / page
            titles[page] = search_titles(path.read_text(encoding="utf-8")) if path.is_file() else {}
        title = titles[page].get(fragment)
        if title is not None and item.get("title") != title:
            words = entry_names(by_heading.get(comparable(str(item.get("title", ""))), []))
            if words:
                item[HEADWORDS] = words
            item["title"] = title
            item["boost"] = ENTRY_BOOST
            changed += 1
    return changed


# A glossary entry's own names (its term, the phrase it heads, the aliases the text uses), searched
# in a field of their own that the result list never shows, as on MkDocs (publish/search.py,
# HEADWORDS): a Traditional form and an `also` name reach them through the query table. The worker
# cuts them into words as it cuts the text (site.WORKER_FIELDS weighs the field as the text, so the
# passages that use a term keep their place before its entry: ENTRY_BOOST).
HEADWORDS = "headwords"


def entry_names(forms: list[str]) -> str:
    """The HEADWORDS text of an entry's names: their words, without those holding a digit (G20), which
    bring the passages that use them, as on MkDocs."""
    words = [w for form in forms for w in form.split() if not any(c.isdigit() for c in w)]
    return " ".join(dict.fromkeys(words))


# An entry holding Traditional characters (an edition kept in them, `script: hant`) carries their
# Simplified fold (text/script.search_fold, as on MkDocs) in a field the result list does not show:
# the worker folds every query to Simplified (the query table), so either script finds it. Its text
# part has the text's offsets, so the patched bundle (site.BUNDLE_FOLD_MARKS) marks a match found
# there on the text's own characters.
FOLD = "fold"


def add_folds(index: dict[str, Any]) -> int:
    """Give each entry holding Traditional characters its FOLD; return the entries changed."""
    changed = 0
    for item in index.get("items", []):
        folded = script.search_fold(str(item.get("text", "")), str(item.get("title", "")))
        if folded is not None:
            item[FOLD] = folded
            changed += 1
    return changed


# The boosts of MkDocs's index (publish/search.py): an article paragraph weighs more than a section's
# rest, a glossary entry less; a page's front matter `search: boost:` (the about page's 0.001)
# applies to all its entries. Zensical's worker, patched (site.py, WORKER_ORDER), reads `boost`.
PARAGRAPH_BOOST = 2.0
ENTRY_BOOST = 0.5


def page_boosts(index: dict[str, Any], docs: Path) -> int:
    """Give every entry of a page whose Markdown in docs/ sets `search: boost:` that boost (times
    the entry's own); return how many entries changed."""
    boosts: dict[str, float] = {}
    changed = 0
    for item in index.get("items", []):
        page = str(item.get("location", "")).partition("#")[0]
        if not page.endswith(".html"):
            continue
        if page not in boosts:
            boosts[page] = front_matter_boost(docs / (page[: -len(".html")] + ".md"))
        if boosts[page] != 1.0:
            item["boost"] = boosts[page] * float(item.get("boost", 1.0))
            changed += 1
    return changed


def front_matter_boost(path: Path) -> float:
    """`search: boost:` of a Markdown page's front matter (1.0 when it sets none or is not there)."""
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return 1.0
    if not text.startswith("---\n") or (end := text.find("\n---", 4)) < 0:
        return 1.0
    try:
        meta = yaml.safe_load(text[4:end])
    except yaml.YAMLError:
        return 1.0
    search = meta.get("search") if isinstance(meta, dict) else None
    boost = search.get("boost") if isinstance(search, dict) else None
    return float(boost) if isinstance(boost, (int, float)) and boost > 0 else 1.0


_HAN_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def zensical_table(table: dict[str, Any], index: dict[str, Any]) -> dict[str, Any]:
    """The query table for Zensical's worker: Traditional characters the index does not hold, and
    the names to replace. An alias the text uses (`alias term` on MkDocs, where a query's words are
    alternatives) is left as typed: Zensical's worker wants every word of a query, and finds the
    alias itself."""
    # an entry's hidden fold (add_folds) is searched too: the Simplified characters it holds are held
    text = "".join(
        _TAG.sub("", f"{item.get('title', '')} {item.get('text', '')} {item.get(FOLD, '')}")
        for item in index.get("items", [])
    )
    kept = held_only(table, set(_HAN_CHAR.findall(text)))
    kept["names"] = {name: to for name, to in table["names"].items() if not to.startswith(f"{name} ")}
    return kept


def query_table(docs: Path) -> dict[str, Any] | None:
    """The query table the build script wrote into docs/ (pages/query.py); None if docs/ has none."""
    path = docs / names.QUERY_TABLE
    if not path.is_file():
        return None
    try:
        return read_query_file(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise ValueError(f"{path}: {err}; build docs/ again: python -m build_scripts build") from err


def add_query_table(index: dict[str, Any], table: dict[str, Any]) -> None:
    """Put the query table into the index's configuration, where the patched worker reads it
    (site.queries_folded)."""
    index.setdefault("config", {})["query"] = zensical_table(table, index)


def rewrite(index: dict[str, Any], site: Path, docs: Path | None = None) -> int:
    """The changes to one index; the number of entries changed or added."""
    table = query_table(docs) if docs is not None else None
    changed = retitle(index, site, table["headwords"] if table else None) + split_paragraphs(index, site)
    changed += add_folds(index)
    if docs is not None:
        changed += page_boosts(index, docs)
    if table is not None:
        add_query_table(index, table)
    return changed


def rewrite_index(site: Path, docs: Path | None = None) -> int:
    """Rewrite the built site's index, in both files; return the entries changed or added.
    `docs`: where the build script wrote the query table."""
    changed = 0
    path = site / INDEX_JSON
    if path.is_file():
        index = json.loads(path.read_text(encoding="utf-8"))
        changed = rewrite(index, site, docs)
        path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    script = site / INDEX_JS
    if script.is_file():
        text = script.read_text(encoding="utf-8").strip()
        if text.startswith(_JS_PREFIX) and text.endswith(";"):
            index = json.loads(text[len(_JS_PREFIX) : -1])
            changed = max(changed, rewrite(index, site, docs))
            body = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
            script.write_text(f"{_JS_PREFIX}{body};", encoding="utf-8")
    return changed
