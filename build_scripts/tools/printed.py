"""A built page's article body → the reading text of one language, as a tree, for the PDF and the EPUB.

The site's pages carry what only a screen uses (edit buttons, permalinks, citation blocks, the language
switch, the related-sections box, the hidden term definitions the popovers show): a printed or
e-book edition keeps the text, its headings, its notes and its terms. Which text: `zh` the Chinese
paragraphs, `en` the English translation (each section headed by its English title), `both` each
Chinese paragraph followed by its English one. The pages are parsed as a browser parses them
(tinyhtml5, WeasyPrint's own parser) into xml.etree elements without a namespace.
"""

from __future__ import annotations

import copy
import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal, cast
from xml.etree import ElementTree as ET

import tinyhtml5  # type: ignore[import-untyped]

Lang = Literal["zh", "en", "both"]
LANGS: tuple[Lang, ...] = ("zh", "en", "both")

# what a page shows only on screen
_SCREEN_ONLY = re.compile(
    r"\b(md-content__button|headerlink|para-link|cite|lang-toggle|admonition|term-defs|cite-copy|search-aliases"
    r"|concordance|letter-jumps)\b"
)


def parse(body: str) -> ET.Element:
    """An article body (HTML) as the children of one <div>."""
    return cast(ET.Element, tinyhtml5.parse(body, container="div", namespace_html_elements=False))


def classes(el: ET.Element) -> set[str]:
    return set((el.get("class") or "").split())


def text_of(el: ET.Element) -> str:
    return "".join(el.itertext())


def parents(root: ET.Element) -> dict[ET.Element, ET.Element]:
    return {child: parent for parent in root.iter() for child in parent}


def drop(parent: ET.Element, child: ET.Element) -> None:
    """Remove `child` from `parent`, keeping the text that follows it."""
    tail = child.tail or ""
    index = list(parent).index(child)
    if index:
        before = parent[index - 1]
        before.tail = (before.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(child)


def drop_all(root: ET.Element, unwanted: Callable[[ET.Element], bool]) -> None:
    """Remove every element below `root` for which `unwanted` is true (and all it holds)."""
    for parent in list(root.iter()):
        for child in list(parent):
            if unwanted(child):
                drop(parent, child)


def replace(parent: ET.Element, old: ET.Element, new: ET.Element) -> None:
    """Put `new` where `old` was, with the text that followed `old`."""
    new.tail = old.tail
    index = list(parent).index(old)
    parent.remove(old)
    parent.insert(index, new)


def insert_after(parent: ET.Element, el: ET.Element, new: ET.Element) -> None:
    new.tail, el.tail = el.tail, None
    parent.insert(list(parent).index(el) + 1, new)


def english(el: ET.Element) -> bool:
    return (el.get("lang") or "").startswith("en")


def strip_screen(root: ET.Element) -> None:
    """Remove what only a screen uses; HTML comments go too."""
    drop_all(
        root,
        lambda el: (
            not isinstance(el.tag, str)
            or el.tag in ("svg", "button", "details", "script", "style")
            or bool(_SCREEN_ONLY.search(el.get("class") or ""))
        ),
    )


@dataclass(frozen=True)
class Note:
    """A note of a section (its <li> in the notes list): its number and its content, in each language."""

    number: str
    zh: ET.Element  # a <span>: the note's kind, text and sources, the English left out
    en: ET.Element  # the same in English: the English kind, text and sources
    both: ET.Element  # the note as the page shows it, without its way back

    def content(self, lang: Lang) -> ET.Element:
        return {"zh": self.zh, "en": self.en, "both": self.both}[lang]


def _copy(el: ET.Element, tag: str = "span") -> ET.Element:
    new = ET.Element(tag, {k: v for k, v in el.attrib.items() if k != "id"})
    new.text = el.text
    new.extend(list(el))
    return new


def notes_of(root: ET.Element) -> dict[str, Note]:
    """The section's notes by their id (s4-n1), taken out of the body."""
    found: dict[str, Note] = {}
    for section in [s for s in root.iter("section") if "notes" in classes(s)]:
        for number, li in enumerate(section.iter("li"), start=1):
            if not li.get("id"):
                continue
            drop_all(li, lambda el: "note-back" in classes(el))
            both = _copy(li)
            both.set("class", li.get("class") or "note")
            zh = copy.deepcopy(both)
            drop_all(zh, english)
            en = ET.Element("span", {"class": both.get("class", ""), "lang": "en"})
            for child in both:
                if "note-kind" in classes(child):
                    kind = ET.SubElement(en, "span", {"class": "note-kind"})
                    kind.text = " ".join(text_of(c) for c in child if english(c)) or text_of(child)
                    kind.tail = " "
                elif english(child) or "note-sources" in classes(child):
                    en.append(copy.deepcopy(child))
                    en[-1].tail = " "
            found[li.get("id", "")] = Note(str(number), zh, en, both)
    parent_of = parents(root)
    for section in [s for s in root.iter("section") if "notes" in classes(s)]:
        drop(parent_of[section], section)
    return found


@dataclass(frozen=True)
class Definition:
    """A term's definition as the page's hidden definitions hold it: head (term, pinyin, English) and texts."""

    head: ET.Element
    zh: ET.Element | None
    en: ET.Element | None

    def content(self, lang: Lang) -> ET.Element:
        span = ET.Element("span", {"class": "term-note"})
        head = _copy(self.head)
        head.set("class", "term-note-head")
        span.append(head)
        head.tail = "："
        texts = {"zh": [self.zh], "en": [self.zh if self.en is None else self.en], "both": [self.zh]}[lang]
        for text in texts:
            if text is not None:
                part = _copy(text)
                part.tail = " "
                span.append(part)
        return span


def definitions_of(root: ET.Element) -> dict[str, Definition]:
    """Each term's definition, by the glossary id its links point to, from the page's hidden definitions."""
    found: dict[str, Definition] = {}
    for div in root.iter("div"):
        if "term-def" not in classes(div) or not (div.get("id") or "").startswith("def-"):
            continue
        paragraphs = [p for p in div if p.tag == "p"]
        head = next((p for p in paragraphs if "term-def-head" in classes(p)), None)
        texts = [p for p in paragraphs if not classes(p) & {"term-def-head", "term-def-more"}]
        if head is None:
            continue
        zh = next((p for p in texts if not english(p)), None)
        en = next((p for p in texts if english(p)), None)
        found[(div.get("id") or "").removeprefix("def-")] = Definition(head, zh, en)
    return found


def term_id(link: ET.Element) -> str:
    return (link.get("href") or "").partition("#")[2]


def terms(root: ET.Element) -> Iterator[tuple[ET.Element, ET.Element]]:
    """Each term link below `root` in reading order, with its parent."""
    parent_of = parents(root)
    for el in list(root.iter("a")):
        if "term" in classes(el) and el in parent_of:
            yield parent_of[el], el


def heading_text(heading: ET.Element) -> str:
    """A heading's own words, without its note calls."""
    words = copy.deepcopy(heading)
    drop_all(words, lambda el: el.tag == "sup")
    return " ".join(text_of(words).split())


def select_language(root: ET.Element, lang: Lang) -> None:
    """Keep the paragraphs of `lang`; in English, each heading is the section's English title (a
    paragraph or a heading without a translation stays as it is)."""
    if lang == "zh":
        drop_all(root, lambda el: "para-en" in classes(el))
        return
    if lang == "both":
        return
    # a paragraph with no translation beside it stays, in Chinese: nothing of the text is left out
    translated = {id(el) for el in root.iter() if any("para-en" in classes(child) for child in el)}
    for parent in [el for el in root.iter() if id(el) in translated]:
        for child in [c for c in parent if "para" in classes(c)]:
            drop(parent, child)
    parent_of = parents(root)
    for title in [p for p in root.iter("p") if "en-title" in classes(p)]:
        parent = parent_of[title]
        heading = next((h for h in parent if h.tag in ("h1", "h2")), None)
        if heading is None:
            continue
        calls = [el for el in heading if el.tag == "sup"]
        for child in list(heading):
            heading.remove(child)
        heading.text = text_of(title)
        heading.set("lang", "en")
        for call in calls:
            call.tail = None
            heading.append(call)
        drop(parent, title)


def serialise(root: ET.Element, method: Literal["html", "xml"] = "html") -> str:
    """The children of `root` (with their text) as HTML, or as XML for an XHTML document."""
    return html.escape(root.text or "", quote=False) + "".join(
        ET.tostring(child, encoding="unicode", method=method) for child in root
    )
