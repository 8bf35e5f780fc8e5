"""MkDocs hook: the raw HTML the build script writes after MARKER reaches the page as it is,
without Markdown parsing it first.

Python-Markdown passes raw HTML blocks through unchanged, but it reads every tag of them first to
find where each block ends: on a section page, full of term links, that was most of the cost of
converting the page. The build script writes MARKER before the raw part of a page (paragraphs,
term lists, concordance lines; no Markdown after it). on_page_markdown sets that part aside and
on_page_content puts it back after the marker, where Markdown would have written it:
tests/test_site.py checks that the site is byte for byte what Markdown makes of the whole page.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

MARKER = "<!-- raw HTML from here to the end: published as it is (build_scripts/raw_hook.py) -->"
RAW: dict[str, str] = {}  # page path → its raw part, between the two events


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    head, marker, raw = markdown.partition(MARKER)
    if not marker:
        return markdown
    RAW[page.file.src_uri] = raw
    return head + MARKER + "\n"


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    raw = RAW.pop(page.file.src_uri, None)
    if raw is None:
        return html
    if not html.endswith(MARKER):
        raise PluginError(f"raw_hook: {page.file.src_uri}: the converted page does not end with the marker")
    # Markdown passes raw HTML through with its blank lines, and drops the page's last newline
    return html + raw.rstrip("\n")
