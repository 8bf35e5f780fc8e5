"""The collection of both scripts (tests/fixtures/scripts/): the real project with a Traditional article
and a Simplified one of another shape added, as an editor adds them; which of its articles are
Traditional; the pages a search's results lead to."""

from __future__ import annotations

import functools
import re
import shutil
from pathlib import Path

from build_scripts.core.model import Term
from build_scripts.text import script

from .checks import articles, glossary
from .paths import FIXTURES
from .projects import make_project
from .search import Item

SCRIPTS = FIXTURES / "scripts" / "source"


def with_scripts(dest: Path) -> Path:
    """The real project with the fixture's articles (and its collection file) added, as an editor adds them."""
    project = make_project(dest)
    shutil.copytree(SCRIPTS, project / "source", dirs_exist_ok=True)
    return project


def hant_slugs() -> list[str]:
    """The fixture's articles written in Traditional characters, by slug."""
    return [
        p.stem
        for p in sorted((SCRIPTS / "articles").glob("*.md"))
        if "." not in p.stem and script.detect(p.read_text(encoding="utf-8")).script == script.HANT
    ]


def pages(items: list[Item]) -> set[str]:
    """The pages a search's results lead to (their links without the paragraph's anchor)."""
    return {link.partition("#")[0] for item in items for link in item.links}


@functools.cache
def traditional_use(project: Path) -> tuple[str, str, Term]:
    """In `project` (source/ of the collection of both scripts): a Traditional edition's section page,
    a glossary term it writes in Traditional characters, and that term as the page writes it."""
    hant = set(hant_slugs())
    terms = [t for t in glossary(project) if re.fullmatch(r"[\u4e00-\u9fff]{2,}", t.term)]
    for article in articles(project):
        if article.slug not in hant:
            continue
        for s in article.sections:
            text = "".join(p.text for p in s.paragraphs)
            folded = script.fold(text)
            for term in sorted(terms, key=lambda t: -len(t.term)):
                at = folded.find(term.term)
                if at >= 0 and text[at : at + len(term.term)] != term.term:
                    return f"{article.slug}/{s.id}.html", text[at : at + len(term.term)], term
    raise AssertionError(f"no Traditional edition of {project} writes a glossary term in Traditional characters")
