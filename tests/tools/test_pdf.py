"""`python -m build_scripts pdf` on the real site: every article's text, its CJK fonts embedded, a title page."""

from __future__ import annotations

import html
import itertools
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tests.support.paths import ROOT
from tests.support.printed import article_text, english_lines, site_terms, squeezed
from tests.support.projects import build_script
from tests.support.sites import built_site, shared, two_articles

pytestmark = pytest.mark.slow

POPPLER = "pdftotext, pdffonts and pdftohtml (poppler-utils: apt-get install poppler-utils)"


def normalised(text: str) -> str:
    """Text as compared: no whitespace, and no ASCII digits (the PDF adds note and paragraph numbers)."""
    return re.sub(r"[\s0-9]+", "", text)


# the PDF of each language, as `make pdf LANG=…` names it
LANGS = {"zh": "", "en": ".en", "both": ".zh-en"}
_FONT = re.compile(r'<fontspec id="(\d+)" size="(\d+)" family="[^"]*" color="([^"]+)"/>')
_TEXT = re.compile(r'<text top="(\d+)" left="(\d+)" width="\d+" height="\d+" font="(\d+)">(.*?)</text>')
_MARK = re.compile(r"^([a-z]{1,2}|\d{1,2})\.$")  # a footnote's own mark: "1." or "a."
_PAGE = re.compile(r"^\d+ / \d+$")  # a page's number, of the document's count
_CALL = re.compile(r"^([a-z]{1,2}|\d{1,2})$")


@dataclass(frozen=True)
class Run:
    """A run of text of a PDF page as poppler reads it (pdftohtml -xml): its size and colour tell the
    text from its note calls, paragraph numbers and footnotes."""

    page: int
    size: int
    color: str
    text: str
    italic: bool  # a term's mark is italic: a word that ends a line ("it.") is not a mark


@dataclass(frozen=True)
class Printed:
    runs: list[Run]
    bookmarks: list[tuple[int, str]]  # (page, label)

    @property
    def note_size(self) -> int:
        """The size of the footnotes: the commonest of the runs that read as a footnote's mark; in a PDF
        with none (an article with no notes and no glossary term), the page numbers' size, below the text."""
        marks = Counter(r.size for r in self.runs if _MARK.match(r.text.strip())).most_common(1)
        if marks:
            return marks[0][0]
        return min(r.size for r in self.runs if _PAGE.match(r.text.strip()))

    def body(self) -> str:
        """The reading text: headings and paragraphs, without note calls, numbers or footnotes."""
        return "".join(r.text for r in self.runs if r.size > self.note_size)

    def footnotes(self) -> str:
        return "".join(r.text for r in self.runs if r.size == self.note_size)

    def marks(self, page: int) -> list[str]:
        """The marks of a page's footnotes: a note's number, a term's letter (italic: a word that ends
        a line, "it.", is not a mark)."""
        here = [r for r in self.runs if r.page == page and r.size == self.note_size and _MARK.match(r.text.strip())]
        return [r.text.strip().rstrip(".") for r in here if r.italic or r.text.strip()[0].isdigit()]

    def calls(self, page: int) -> list[str]:
        """The note calls of a page: 1, a, or 2,3 for two side by side."""
        small = [
            r.text.strip() for r in self.runs if r.page == page and r.size < self.note_size and r.color == "#000000"
        ]
        runs = [r.split(",") for r in small if r and all(_CALL.match(c) for c in r.split(","))]
        return [call for run in runs for call in run]


def read_pdf(pdf: Path) -> Printed:
    xml = subprocess.run(["pdftohtml", "-xml", "-i", "-stdout", str(pdf)], capture_output=True, text=True).stdout
    fonts = {m.group(1): (int(m.group(2)), m.group(3)) for m in _FONT.finditer(xml)}
    runs: list[Run] = []
    for number, page in enumerate(re.split(r"<page number=", xml)[1:], start=1):
        for m in _TEXT.finditer(page):
            size, color = fonts[m.group(3)]
            text = html.unescape(re.sub(r"<[^>]+>", "", m.group(4)))
            runs.append(Run(number, size, color, text, m.group(4).startswith("<i>")))
    outline = xml.partition("<outline>")[2]
    items = re.findall(r'<item page="(\d+)">(.*?)</item>', outline)
    return Printed(runs, [(int(p), html.unescape(label)) for p, label in items])


def notes_by_section(source: Path) -> Counter[str]:
    """How many notes each section has (the section of `at:`, the dateline's the first)."""
    path = source.with_suffix(".notes.yaml")
    notes = yaml.safe_load(path.read_text(encoding="utf-8"))["notes"] if path.is_file() else []
    return Counter("intro" if n["at"] == "dateline" else str(n["at"]).split("-")[0] for n in notes)


@pytest.fixture(scope="module")
def pdfs(real_site: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Built projects after `python -m build_scripts pdf --lang …` in each language: the real article
    (translated, with notes), and site-small with a second article (two articles, no translation)."""
    if not (shutil.which("pdftotext") and shutil.which("pdffonts") and shutil.which("pdftohtml")):
        pytest.fail(f"{POPPLER} not found")
    small = shared(tmp_path_factory, "pdf-two-articles", lambda d: built_site(two_articles(d / "two")))
    for project in (real_site, small):
        for lang in LANGS:
            build_script(project, "pdf", "--lang", lang)
    return [real_site, small]


def articles(projects: list[Path]) -> list[tuple[Path, Path]]:
    """Each article's source file and the folder its PDFs are in."""
    found = [
        (source, project / "dist")
        for project in projects
        for source in sorted((project / "source" / "articles").glob("*.md"))
        if "." not in source.stem
    ]
    assert len(found) >= 3
    return found


def test_each_article_prints_all_its_sections(pdfs: list[Path]) -> None:
    """zh: every sentence and heading of source/ in the text (calls and footnotes apart); the title page
    says what is known of the source and names no file of the project; no ↩; clean bookmarks."""
    for source, dist in articles(pdfs):
        pdf = dist / f"{source.stem}.pdf"
        assert pdf.is_file(), f"no {pdf.name}"
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        printed = normalised(text)
        meta, titles, sentences = article_text(source)
        read = read_pdf(pdf)
        body = squeezed(read.body())
        missing = [s for s in sentences if squeezed(s) not in body]
        assert not missing, f"{pdf.name} lacks {len(missing)} of {len(sentences)} sentences, first: {missing[:3]}"
        assert all(squeezed(t) in body for t in titles), titles
        # the title page names the article and its source; the glossary follows as an appendix
        first_page = subprocess.run(["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True, text=True).stdout
        assert normalised(str(meta["title"])) in normalised(first_page)
        given = meta.get("source")
        known: dict[str, object] = given if isinstance(given, dict) else {}
        for key in ("outlet", "author", "published", "url", "retrieved"):
            if known.get(key):  # what is known of the source is on the title page; what is not, said so
                assert normalised(str(known[key])) in normalised(first_page), key
        if known.get("unknown"):
            assert normalised(str(known["unknown"]))[:40] in normalised(first_page)
        # no name of a file of the project (the raw text's, a page's), no way back (↩): print has none
        assert Path(str(meta["raw"])).name not in text and "source/" not in text and ".html" not in text
        assert "↩" not in text
        # a printed page is the Chinese reading text: no citation blocks, no English paragraphs
        assert "引用本段" not in printed
        # the glossary's appendix holds the terms the article's pages link: an article that uses none has none
        appendix = bool(site_terms(dist.parent, source.stem))
        assert (normalised("附录：术语表") in printed) == appendix, source.stem
        # bookmarks: the title, each section by its heading's own words (no note number), the appendix
        bookmarks = [label for _, label in read.bookmarks]
        assert bookmarks[0] == meta["title"] and bookmarks[-1].startswith("附录：术语表") == appendix, bookmarks
        assert bookmarks[len(bookmarks) - appendix - len(titles) : len(bookmarks) - appendix] == titles, bookmarks
        assert not any(label[-1].isdigit() for label in bookmarks), bookmarks


def test_cjk_fonts_are_embedded(pdfs: list[Path]) -> None:
    for pdf in [pdf for project in pdfs for pdf in (project / "dist").glob("*.pdf")]:
        table = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout.splitlines()[2:]
        cjk = [line for line in table if "CJK" in line]
        assert cjk, f"{pdf.name}: no CJK font:\n" + "\n".join(table)
        for line in cjk:
            assert line.split()[-5] == "yes", f"{pdf.name}: not embedded: {line}"


def test_no_site_says_how_to_build_it(tmp_path: Path) -> None:
    proc = build_script(tmp_path, "pdf", check=False)
    assert proc.returncode == 1
    assert "make site" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("lang", LANGS)
def test_notes_are_one_numbered_series_and_each_footnote_is_on_the_page_of_its_call(
    pdfs: list[Path], lang: str
) -> None:
    """A section's notes are numbered 1…n once (n from its notes.yaml), its terms' definitions lettered
    a, b, c…: two series that cannot be read as one; each footnote on the page that calls it."""
    for source, dist in articles(pdfs):
        printed = read_pdf(dist / f"{source.stem}{LANGS[lang]}.pdf")
        expected = notes_by_section(source)
        starts = [page for page, _ in printed.bookmarks[1:]]  # each section, then the glossary
        if not site_terms(dist.parent, source.stem):  # no glossary: the last section ends with the document
            starts.append(max(r.page for r in printed.runs) + 1)
        for index, (start, end) in enumerate(itertools.pairwise(starts)):
            marks: list[str] = []
            for page in range(start, end):
                on_page = printed.marks(page)
                calls = printed.calls(page)
                assert set(on_page) <= set(calls), f"{lang} p.{page}: footnotes {on_page}, calls {calls}"
                late = set(calls) - set(on_page) - set(marks)  # a note called again has no new footnote
                assert not late, f"{lang} p.{page}: {sorted(late)} called here, printed elsewhere"
                marks += on_page
            numbers = [m for m in marks if m.isdigit()]
            letters = [m for m in marks if not m.isdigit()]
            section = "intro" if index == 0 else f"s{index}"
            assert numbers == [str(n) for n in range(1, expected[section] + 1)], (lang, section, numbers)
            assert letters == [chr(ord("a") + i) for i in range(len(letters))][:26], (lang, section, letters)


@pytest.mark.parametrize("lang", ["en", "both"])
def test_the_translation_prints_with_its_notes(pdfs: list[Path], lang: str) -> None:
    """en: the English text and notes, headed by the English titles; both: each Chinese paragraph with its
    English one. Everything from source/: the .en.md's lines, the notes' `en`, the headings' `en=`."""
    for source, dist in articles(pdfs):
        pdf = dist / f"{source.stem}{LANGS[lang]}.pdf"
        printed = read_pdf(pdf)
        body = squeezed(printed.body())
        if not source.with_suffix(".en.md").is_file():  # no translation: the Chinese text, all of it
            _, _, sentences = article_text(source)
            assert not [s for s in sentences if squeezed(s) not in body], pdf.name
            continue
        lines, titles = english_lines(source)
        missing = [line for line in lines if squeezed(line) not in body]
        assert not missing, f"{pdf.name} lacks {len(missing)} of {len(lines)} English sentences: {missing[:2]}"
        _, zh_titles, sentences = article_text(source)
        chinese = [s for s in sentences if squeezed(s) in body]
        notes = yaml.safe_load(source.with_suffix(".notes.yaml").read_text(encoding="utf-8"))["notes"]
        footnotes = squeezed(printed.footnotes())
        assert all(squeezed(str(n["en"]))[:60] in footnotes for n in notes)
        bookmarks = [label for _, label in printed.bookmarks]
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "↩" not in text
        appendix = bool(site_terms(dist.parent, source.stem))
        if lang == "en":
            assert bookmarks[len(bookmarks) - appendix - len(titles) : len(bookmarks) - appendix] == titles, bookmarks
            assert not [s for s in sentences if len(s) > 12 and squeezed(s) in body][:1], "Chinese text in English"
            assert not any(squeezed(str(n["zh"]))[:30] in footnotes for n in notes)
        else:
            assert len(chinese) == len(sentences), "a Chinese sentence is missing beside its translation"
            assert bookmarks[len(bookmarks) - appendix - len(zh_titles) : len(bookmarks) - appendix] == zh_titles


def test_make_pdf_passes_the_language_and_help_lists_it() -> None:
    """`make pdf LANG=en` prints the English (LANG from the environment, a locale, is not a choice)."""
    root = ROOT
    for lang in LANGS:
        dry = subprocess.run(
            ["make", "-n", "-W", "site", "pdf", f"LANG={lang}"], cwd=root, capture_output=True, text=True
        )
        assert f"pdf --lang {lang}" in dry.stdout, dry.stdout + dry.stderr
    dry = subprocess.run(
        ["make", "-n", "pdf"],
        cwd=root,
        capture_output=True,
        text=True,
        env={"LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"},
    )
    assert "pdf --lang zh" in dry.stdout
    helped = subprocess.run(["make", "help"], cwd=root, capture_output=True, text=True).stdout
    assert "make pdf" in helped and "LANG=en" in helped
