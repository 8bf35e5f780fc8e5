"""MkDocs hook: move the build script's own front matter keys off `page.meta` once a page is read.

mkdocs-material draws the whole navigation on every page, and for each entry whose `meta` is not
empty it looks up an icon, a subtitle and a status: with hundreds of sections in the navigation,
those lookups are a large part of the build. The keys the build script writes for itself are
moved to attributes of the page, so a section's `meta` is empty:

- `edit_source`, `edit_line` → `page.edit_source`, `page.edit_line` (overrides/partials/actions.html);
- `title`, on a page the navigation already names (MkDocs takes the navigation's title first).

Every other key (`search`, `hide`) stays where the theme and the search plugin read it.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

MOVED = ("edit_source", "edit_line")


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    meta = page.meta
    for key in MOVED:
        setattr(page, key, meta.pop(key, None))
    if "title" in vars(page):  # the navigation gave the title: the front matter's is not read
        meta.pop("title", None)
    return markdown
