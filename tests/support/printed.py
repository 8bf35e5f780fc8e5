"""The text of an article as a printed edition (PDF, EPUB) must hold it, read from source/."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

_SENTENCE_END = re.compile(r"(?<=[。！？])")


def article_text(source: Path) -> tuple[dict[str, object], list[str], list[str]]:
    """An article's front matter, its section titles and its sentences, from source/articles/<slug>.md."""
    text = source.read_text(encoding="utf-8")
    _, head, body = text.split("---\n", 2)
    meta = yaml.safe_load(head)
    titles: list[str] = []
    sentences: list[str] = []
    for line in body.splitlines():
        if line.startswith("#"):
            titles.append(re.sub(r"\s*\{[^}]*\}\s*$", "", line.lstrip("#").strip()))
        elif line.strip():
            sentences += [s for s in _SENTENCE_END.split(line.strip()) if s.strip()]
    return meta, titles, sentences


def squeezed(text: str) -> str:
    """Text as compared across lines: no whitespace, no hyphen a line break may add."""
    return re.sub(r"[\s\u00ad-]+", "", text)


def english_lines(source: Path) -> tuple[list[str], list[str]]:
    """The translation's sentences and its section titles (the `en=` of each heading of source/)."""
    body = source.with_suffix(".en.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    titles = re.findall(r'^#+ .*\ben="([^"]+)"', source.read_text(encoding="utf-8"), re.M)
    return [line for line in body.splitlines() if line.strip() and not line.startswith("#")], titles


# a term's link on a page of the built site: the entry's id
TERM_LINK = re.compile(r'<a class="term"[^>]*? href="[^"#]*glossary\.html#([^"]+)"')


def site_terms(project: Path, slug: str) -> set[str]:
    """The glossary entries the article's pages of the built site link to, by their id: a printed copy
    or a book has a glossary of these (none, for an article that uses no term)."""
    pages = (project / "site" / slug).glob("*.html")
    return {term for page in pages for term in TERM_LINK.findall(page.read_text(encoding="utf-8"))}
