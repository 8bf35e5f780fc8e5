"""A page's front matter for the build script → its edit link (`page.edit_url`) and view link; `page.meta` emptied.

Edit links point at the file an editor changes under source/, never at the generated Markdown in
docs/: the build script names it in each page's front matter (names.EDIT_SOURCE_KEY, and
names.EDIT_LINE_KEY for a section's first line). MkDocs computes `page.edit_url` from the page's
path under docs/ before it reads the page; once the front matter is read, `read()` sets it again,
with MkDocs's own rule (repo_url, edit_uri), for the source file instead; a page that names none
gets no edit link. The view link (the file on the repository's site, at the line) and the source's
path for the buttons' titles go to the page's template as `source_link` (overrides/partials/actions.html).

mkdocs-material draws the whole navigation on every page, and for each entry whose `meta` is not
empty it looks up an icon, a subtitle and a status: with hundreds of sections in the navigation,
those lookups are a large part of the build. So the build script's keys leave `page.meta` once
read, and so does `title` on a page the navigation already names (MkDocs takes the navigation's
title first), so that a section's `meta` is empty. Every other key (`search`, `hide`) stays where
the theme and the search plugin read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from ..core.names import EDIT_LINE_KEY, EDIT_SOURCE_KEY


@dataclass(frozen=True)
class SourceLink:
    """The source file an editor changes for a page, as the page's buttons show it."""

    path: str  # relative to the project's root: source/articles/x.md
    line: int | None  # the page's first line in it, if the page is part of the file
    view_url: str  # the file on the repository's site, at the line


def source_link(config: MkDocsConfig, path: str, line: int | None) -> tuple[str, SourceLink] | None:
    """The edit URL of `path` (as MkDocs makes a page's: repo_url, then edit_uri) and its view link."""
    if not config.repo_url or not config.edit_uri:
        return None
    base = config.repo_url.rstrip("/") + "/"
    view = urljoin(base, config.edit_uri.replace("edit/", "blob/") + path) + (f"#L{line}" if line else "")
    return urljoin(base, config.edit_uri + path), SourceLink(path, line, view)


class SourceLinks:
    """One build's pages → their source links, read in on_page_markdown, given to templates in on_page_context."""

    def __init__(self) -> None:
        self.by_page: dict[str, SourceLink] = {}  # page's path under docs/ → its link

    def read(self, page: Page, config: MkDocsConfig) -> None:
        meta = page.meta
        path, line = meta.pop(EDIT_SOURCE_KEY, None), meta.pop(EDIT_LINE_KEY, None)
        # MkDocs keeps a title the navigation gives as the page's own attribute, which comes before
        # the front matter's (Page.title): the front matter's is then never read
        if "title" in vars(page):
            meta.pop("title", None)
        found = source_link(config, str(path), line if isinstance(line, int) else None) if path else None
        if found is None:
            page.edit_url = None  # MkDocs's would open the generated page under docs/
            self.by_page.pop(page.file.src_uri, None)
            return
        page.edit_url, self.by_page[page.file.src_uri] = found

    def context(self, context: dict[str, Any], page: Page) -> None:
        context["source_link"] = self.by_page.get(page.file.src_uri)
