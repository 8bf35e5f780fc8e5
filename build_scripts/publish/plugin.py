"""MkDocs's events → this site's work on them: preview, raw HTML, edit links, search, theme patches, lean files.

The plugin `reading-edition` (pyproject.toml's `mkdocs.plugins` entry point; mkdocs.yml lists it
last). It has an on_startup event, so MkDocs keeps one Publish for the whole of `mkdocs serve`
instead of making one per rebuild: what the live preview keeps from one rebuild to the next is
held by its Preview; what one build learns from its pages (edit links, search data) is a Build,
made anew by each build's on_config (`mkdocs serve` loads the configuration again for every rebuild).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from markupsafe import Markup
from mkdocs.config import base
from mkdocs.plugins import BasePlugin, event_priority

from .lean import lean_files
from .pages import SourceLinks
from .raw import RawHtmlExtension
from .search import SearchData
from .serve import Preview
from .theme_patches import check_theme_version, patch_files

if TYPE_CHECKING:
    from collections.abc import Callable

    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext


class Build:
    """What one build learns from its pages, between the events that read it and those that use it."""

    def __init__(self, after: Build | None = None) -> None:
        """`after`: the build this one continues, a preview's rebuild of the pages a save reached (serve.py)."""
        self.source_links = SourceLinks()
        self.search: SearchData = SearchData(after.search if after is not None else None)


class Options(base.Config):  # type: ignore[no-untyped-call]  # MkDocs types no __init_subclass__
    """The plugin takes no options: the site's configuration is mkdocs.yml's and source/'s."""


class Publish(BasePlugin[Options]):  # type: ignore[no-untyped-call]
    """The site's MkDocs events, in the order the work needs."""

    def __init__(self) -> None:
        self.preview = Preview()
        self.build = Build()

    def on_startup(self, command: str, dirty: bool) -> None:
        self.preview.on_startup(command)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        check_theme_version()  # before anything is built: the patches are for one release
        self.build = Build(self.build if self.preview.incremental else None)
        # Python-Markdown's own way in: MkDocs hands the list to markdown.Markdown for every page
        config.markdown_extensions.append(RawHtmlExtension())  # MkDocs types the list as names; Markdown takes both
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        self.preview.on_pre_build(config)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        # the patched scripts first, so that lean_files also strips their source-map comments
        return lean_files(patch_files(files, config), config)

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        self.build.source_links.read(page, config)
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self.build.search.page_content(html, page)

    def on_page_context(
        self, context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        self.build.source_links.context(cast("dict[str, Any]", context), page)
        return context

    def on_env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        # The site's name is HTML already (markup.html_text, in docs/.nav.yml), which the theme prints as
        # it is in the header and escapes once more in the logo's title (`| e`): a name taken from an
        # article's title with `<` or `&` showed "&lt;" in that tooltip. Marked safe, `| e` leaves it.
        # Here, before any page is rendered and after the preview has read the name again (serve.py).
        config.site_name = Markup(config.site_name)
        return self.preview.on_env(env, files)

    # After material's search plugin (priority 0) has written the index and before the offline
    # plugin (priority -100) inlines it into search_index.js.
    @event_priority(-50)
    def on_post_build(self, config: MkDocsConfig) -> None:
        try:
            self.build.search.post_build(config, keep=self.preview.serving)
        finally:
            self.preview.restore_search_dictionary()

    def on_build_error(self, error: Exception) -> None:
        self.preview.on_build_error()
        self.preview.restore_search_dictionary()

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Callable[..., Any]) -> LiveReloadServer:
        return self.preview.on_serve(server, config)

    def on_shutdown(self) -> None:
        self.preview.on_shutdown()
