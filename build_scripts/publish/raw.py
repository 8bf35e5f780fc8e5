"""A Markdown extension: a generated page's raw HTML after names.RAW_MARKER → Markdown's HTML stash, unparsed.

Python-Markdown passes raw HTML blocks through unchanged, but it reads every tag of them first to
find where each block ends (its HtmlBlockPreprocessor, and MkDocs's own pass over the page for
anchor ids): on a section page, full of term links, that was most of the cost of converting the
page. The build script writes RAW_MARKER before the raw part of a page (paragraphs, term lists,
concordance lines; no Markdown after it). RawHtmlPreprocessor stores the marker and all that
follows it in the converter's HtmlStash as one block, the way Markdown stores any raw HTML block,
and leaves its placeholder on a line of its own; Markdown's RawHtmlPostprocessor puts the block
back where the placeholder's paragraph is. What Markdown writes is then what it would have written
had it parsed the part: tests/publish/test_site.py builds the site both ways and compares every page.
"""

from __future__ import annotations

import markdown  # type: ignore[import-untyped]
from markdown.extensions import Extension  # type: ignore[import-untyped]
from markdown.preprocessors import Preprocessor  # type: ignore[import-untyped]
from mkdocs.exceptions import PluginError

from ..core.names import RAW_MARKER

# After NormalizeWhitespace (30: the raw part gets the same line endings, tabs and blank lines as
# the rest of the page), before MkDocs's anchor-id pass (mkdocs_raw_html, 21) and Markdown's
# HtmlBlockPreprocessor (html_block, 20), which would otherwise read every tag of the raw part.
PRIORITY = 25


class RawHtmlPreprocessor(Preprocessor):  # type: ignore[misc]  # Python-Markdown has no types
    """The page's lines from the first RAW_MARKER on → one stashed block and its placeholder."""

    def run(self, lines: list[str]) -> list[str]:
        number = next((i for i, line in enumerate(lines) if RAW_MARKER in line), None)
        if number is None:
            return lines
        line = lines[number]
        head, marker, rest = line.partition(RAW_MARKER)
        # Markdown reads a raw HTML block only where a block starts: after a blank line, at a line start
        if head.strip() or (number and lines[number - 1].strip()):
            raise PluginError(f"the raw HTML marker must start a line after a blank line: {line[:80]!r}")
        block = "\n".join([marker + rest, *lines[number + 1 :]])
        return [*lines[:number], self.md.htmlStash.store(block)]


class RawHtmlExtension(Extension):  # type: ignore[misc]
    """Registers RawHtmlPreprocessor; MkDocs gets it from on_config (config.markdown_extensions)."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.register(RawHtmlPreprocessor(md), "raw_html_after_marker", PRIORITY)
