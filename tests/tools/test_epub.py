"""`python -m build_scripts epub` on built sites: a valid EPUB 3 per article (EPUBCheck, no error or warning),
its text read back as the PDF's is: every sentence of source/ and of its translation, the notes linked
both ways, the glossary entries its terms link to, well-formed XHTML, no script."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml

from tests.support import checks
from tests.support.printed import article_text, english_lines, site_terms, squeezed
from tests.support.projects import build_script
from tests.support.sites import built_site, shared, two_articles

pytestmark = pytest.mark.slow

EPUBCHECK = Path("/usr/share/java/epubcheck.jar")
X = "{http://www.w3.org/1999/xhtml}"
OPS = "{http://www.idpf.org/2007/ops}"


@pytest.fixture(scope="module")
def books(real_site: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Each built project's dist/ after `python -m build_scripts epub`: the real article, and two others."""
    small = shared(tmp_path_factory, "epub-two-articles", lambda d: built_site(two_articles(d / "two")))
    for project in (real_site, small):
        build_script(project, "epub")
    return [real_site, small]


def sources(project: Path) -> list[Path]:
    found = sorted(p for p in (project / "source" / "articles").glob("*.md") if "." not in p.stem)
    assert found
    return found


def chapters(epub: Path) -> dict[str, ET.Element]:
    """Every XHTML file of the book, parsed as XML (a file that is not well-formed fails here)."""
    with zipfile.ZipFile(epub) as book:
        return {name: ET.fromstring(book.read(name)) for name in book.namelist() if name.endswith(".xhtml")}


def reading_text(el: ET.Element) -> str:
    """An element's text as read, its note calls (the numbers in the text) left out."""
    if "note-call" in (el.get("class") or "").split():
        return el.tail or ""
    return (el.text or "") + "".join(reading_text(child) for child in el) + (el.tail or "")


def test_each_book_passes_epubcheck(books: list[Path]) -> None:
    if not (shutil.which("java") and EPUBCHECK.is_file()):
        pytest.fail("EPUBCheck not found (Debian: apt-get install epubcheck)")
    for project in books:
        for source in sources(project):
            epub = project / "dist" / f"{source.stem}.epub"
            assert epub.is_file(), f"no {epub.name}"
            proc = subprocess.run(["java", "-jar", str(EPUBCHECK), str(epub)], capture_output=True, text=True)
            report = proc.stdout + proc.stderr
            assert proc.returncode == 0 and "0 errors / 0 warnings" in report, report
            with zipfile.ZipFile(epub) as book:
                first = book.infolist()[0]
                assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED


def test_a_book_holds_the_text_its_translation_notes_and_glossary(books: list[Path]) -> None:
    glossaries = 0
    for project in books:
        terms = checks.glossary(project)
        for source in sources(project):
            files = chapters(project / "dist" / f"{source.stem}.epub")
            for name, root in files.items():
                assert not list(root.iter(f"{X}script")), f"{name}: a script"
                assert not any(a.startswith("on") for el in root.iter() for a in el.attrib), name
            text = squeezed("".join(reading_text(root) for root in files.values()))
            meta, titles, sentences = article_text(source)
            missing = [s for s in sentences if squeezed(s) not in text]
            assert not missing, f"{source.stem}.epub lacks {len(missing)} of {len(sentences)}: {missing[:2]}"
            assert all(squeezed(t) in text for t in titles)
            assert squeezed(str(meta["title"])) in squeezed("".join(files["OEBPS/title.xhtml"].itertext()))
            assert Path(str(meta.get("raw", "raw.txt"))).name not in text  # no file of the project
            if source.with_suffix(".en.md").is_file():
                lines, _ = english_lines(source)
                assert not [line for line in lines if squeezed(line) not in text]
            # the terms the book links are those the article's pages link (an article may use none: then
            # the book has no glossary); each leads to its entry in the book's glossary, which defines it
            linked = {
                a.get("href", "").partition("#")[2]
                for root in files.values()
                for a in root.iter(f"{X}a")
                if "term" in (a.get("class") or "").split()
            }
            assert linked == site_terms(project, source.stem), source.stem
            if not linked:
                assert "OEBPS/glossary.xhtml" not in files, f"{source.stem}: a glossary of no term"
                continue
            glossaries += 1
            entries = files["OEBPS/glossary.xhtml"]
            ids = {el.get("id") for el in entries.iter() if el.get("id")}
            assert linked <= ids, linked - ids
            # the entries are the terms the article uses, each with its definitions from glossary.yaml
            assert {h.get("id") for h in entries.iter(f"{X}h3")} == linked
            glossary_text = squeezed(reading_text(entries))
            used = [t for t in terms if t.id in linked]
            assert len(used) == len(linked) and all(squeezed(t.def_zh)[:20] in glossary_text for t in used if t.def_zh)
    assert glossaries, "no book has a glossary: the terms go unchecked"


def test_notes_are_linked_both_ways(books: list[Path]) -> None:
    """Each note call leads to its note, marked for reader apps (epub:type), and the note back to its call."""
    for project in books:
        for source in sources(project):
            notes_file = source.with_suffix(".notes.yaml")
            expected = (
                len(yaml.safe_load(notes_file.read_text(encoding="utf-8"))["notes"]) if notes_file.is_file() else 0
            )
            seen = 0
            for name, root in chapters(project / "dist" / f"{source.stem}.epub").items():
                ids = {el.get("id"): el for el in root.iter() if el.get("id")}
                for call in [a for a in root.iter(f"{X}a") if a.get(f"{OPS}type") == "noteref"]:
                    note = ids.get(call.get("href", "").lstrip("#"))
                    assert note is not None and note.get(f"{OPS}type") == "endnote", f"{name}: {call.get('href')}"
                    backs = [
                        a.get("href", "").lstrip("#") for a in note.iter(f"{X}a") if a.get("role") == "doc-backlink"
                    ]
                    assert backs and all(b in ids for b in backs), f"{name}: {note.get('id')} has no way back"
                seen += sum(1 for el in root.iter(f"{X}li") if el.get(f"{OPS}type") == "endnote")
            assert seen == expected, (source.stem, seen, expected)


def test_two_builds_are_the_same_book(real_site: Path, books: list[Path], tmp_path: Path) -> None:
    build_script(real_site, "epub", "--out", str(tmp_path))
    for epub in (real_site / "dist").glob("*.epub"):
        assert (tmp_path / epub.name).read_bytes() == epub.read_bytes(), epub.name


def test_no_site_says_how_to_build_it(tmp_path: Path) -> None:
    proc = build_script(tmp_path, "epub", check=False)
    assert proc.returncode == 1
    assert "make site" in proc.stderr and "Traceback" not in proc.stderr
