"""The collection of both scripts (tests/fixtures/scripts/): the real project with a Traditional article
and a Simplified one of another shape added, as an editor adds them; which of its articles are
Traditional; the pages a search's results lead to."""

from __future__ import annotations

import shutil
from pathlib import Path

from build_scripts.text import script

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
