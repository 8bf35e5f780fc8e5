"""The one rule for contributor text that reaches HTML: escaped once, where it is written out.

Every string an editor writes (titles, headings, terms, definitions, notes, the translation, the
source, the collection's name) is plain text. Wherever the build writes it into something a browser
reads as HTML, directly (the raw HTML blocks of the pages, the attributes of links) or through the
theme (front-matter `title`, the navigation file, `site_name`, `site_description`, which the theme
prints as they are: in the header, the sidebar, the footer's previous/next links, `<meta>`), it goes
through html_text() and nothing else, exactly once. Markdown text goes through render.escape_md()
instead, which makes Markdown of it (numeric character references), again once.
"""

from __future__ import annotations

# What html_text() replaces, and with what: `&` first. Every attribute the build writes, and every
# one of the theme's, is double-quoted, so `'` stays itself: the collection file refuses exactly
# these characters (collection.MARKUP), so a site name passes through html_text() unchanged.
SPECIAL = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"))


def html_text(text: str) -> str:
    """Plain text → HTML that shows exactly that text, as an element's content or in a double-quoted attribute."""
    if is_html_text(text):
        return text
    for char, reference in SPECIAL:
        text = text.replace(char, reference)
    return text


def title_text(text: str) -> str:
    """A page's front-matter title: HTML that shows exactly `text` (the theme prints the title as
    HTML), with its brackets as references too, because Zensical also reads a title as Markdown when
    it checks links (`[a](#b)` would be a link to check, and a broken one stops its build)."""
    return html_text(text).replace("[", "&#91;").replace("]", "&#93;")


def is_html_text(text: str) -> bool:
    """Whether `text` is its own HTML: none of the characters html_text() replaces (most Chinese text)."""
    return not ("&" in text or "<" in text or ">" in text or '"' in text)
