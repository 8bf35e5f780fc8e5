"""The names the build script, its templates and the MkDocs side share: paths, markers, classes, keys.

Each side reads these constants instead of repeating the literal, so renaming one is a one-line change
that every side follows (the templates see this module as `names`).
"""

from __future__ import annotations

from typing import Final

# Project layout, relative to the project's root.
SOURCE_DIR: Final = "source"
ARTICLES_DIR: Final = "source/articles"
RAW_DIR: Final = "source/raw"
GLOSSARY_FILE: Final = "source/glossary.yaml"
COLLECTION_FILE: Final = "source/collection.yaml"
DOCS_DIR: Final = "docs"

# Files the build script writes into docs/ for MkDocs (dot-files are not published).
NAV_FILE: Final = ".nav.yml"  # read by mkdocs.yml through INHERIT
USER_DICT: Final = ".jieba_user.txt"  # the glossary as jieba's user dictionary, for the search index

# Generated pages: the raw HTML after this marker is published as it is, not parsed by Markdown
# (build_scripts/publish/raw.py). The marker itself is published too: its text stays as it is,
# old file name included, so that the site does not change by a byte.
RAW_MARKER: Final = "<!-- raw HTML from here to the end: published as it is (build_scripts/raw_hook.py) -->"
# A paragraph of an article (`<p class="para" id="s2-p3">`) and its permalink.
PARAGRAPH_CLASS: Final = "para"
PERMALINK_CLASS: Final = "para-link"
# A glossary entry's title in search results (English · pinyin).
SEARCH_TITLE_ATTR: Final = "data-search-title"
# Front matter keys naming the source file and line an edit button opens.
EDIT_SOURCE_KEY: Final = "edit_source"
EDIT_LINE_KEY: Final = "edit_line"

# The scholarly apparatus: files read beside an edition `<slug>.md` (slugs have no dot, so an
# article is a `*.md` whose stem has none), and the English paragraph beside each Chinese one.
NOTES_SUFFIX: Final = ".notes.yaml"
TRANSLATION_SUFFIX: Final = ".en.md"
ENGLISH_PARAGRAPH_CLASS: Final = "para-en"
ENGLISH_ID_SUFFIX: Final = "-en"
# A glossary term marked by hand in a translation's sentence, where the term's `en` rendering is not
# the translation's wording: `[[平安浙江|Safe Zhejiang]]` (the term as the glossary writes it, or its
# id, then the English words). read/translation.py checks the marks; pages/render.py links them.
TERM_MARK: Final = r"\[\[(?P<ref>[^\[\]|\n]+)\|(?P<text>[^\[\]|\n]+)\]\]"
# The hidden definition of a glossary term on a section page (`def-<term id>`), which the reader's
# popover shows (docs/assets/edition.js).
DEFINITION_PREFIX: Final = "def-"
