"""MkDocs hook: built search_index.json → same index plus a hidden field of Chinese sub-word suffixes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

# Material's result list renders only `title`, `text` and `tags`, so this
# field is searched but never shown. A hit found only here gets no <mark> in
# the result list; the page itself is highlighted after the click (`?h=`).
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


def add_subwords(index: dict[str, Any]) -> int:
    """Add the `subwords` field to a parsed search index in place; return docs changed."""
    config: dict[str, Any] = index["config"]
    # The field's tokens are joined with a space, so the separator the
    # browser tokenizes with must split on it.
    if not re.match(config["separator"], " "):
        raise PluginError(f"search_hook: search separator {config['separator']!r} does not split on a space")
    config["fields"].setdefault(FIELD, {"boost": BOOST})
    changed = 0
    for doc in index["docs"]:
        words = subwords(doc.get("title", ""), doc.get("text", ""))
        if words:
            doc[FIELD] = " ".join(words)
            changed += 1
    return changed


# After material's search plugin (priority 0) has written the index and
# before the offline plugin (priority -100) inlines it into search_index.js.
@event_priority(-50)
def on_post_build(config: MkDocsConfig) -> None:
    """Rewrite site_dir/search/search_index.json with the `subwords` field added."""
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.is_file():
        raise PluginError(f"search_hook: {path} missing; is the search plugin enabled?")
    index = json.loads(path.read_text(encoding="utf-8"))
    has_han = any(_HAN_WORD.search(d.get("text", "")) for d in index["docs"])
    if has_han and not any(_WORD_SEPARATOR in d.get("text", "") for d in index["docs"]):
        # No U+200B at all means jieba did not run (not installed) or the
        # plugin changed how it marks words; the suffixes would be wrong.
        raise PluginError("search_hook: Chinese text in the index is not jieba-segmented")
    add_subwords(index)
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
