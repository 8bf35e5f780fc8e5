"""`python -m build_scripts pdf` on the real site: every article's text, its CJK fonts embedded, a title page."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import build_script

pytestmark = pytest.mark.slow

POPPLER = "pdftotext and pdffonts (poppler-utils: apt-get install poppler-utils)"
_SENTENCE_END = re.compile(r"(?<=[。！？])")


def normalised(text: str) -> str:
    """Text as compared: no whitespace, and no ASCII digits (the PDF adds note and paragraph numbers)."""
    return re.sub(r"[\s0-9]+", "", text)


def article_text(source: Path) -> tuple[dict[str, object], list[str], list[str]]:
    """An article's front matter, its section titles and its sentences, from source/articles/<slug>.md."""
    text = source.read_text(encoding="utf-8")
    _, head, body = text.split("---\n", 2)
    meta = yaml.safe_load(head)
    titles: list[str] = []
    sentences: list[str] = []
    for line in body.splitlines():
        if line.startswith("#"):
            titles.append(re.sub(r"\s*\{[^}]*\}\s*$", "", line.lstrip("#").strip()))
        elif line.strip():
            sentences += [s for s in _SENTENCE_END.split(line.strip()) if s.strip()]
    return meta, titles, sentences


@pytest.fixture(scope="module")
def pdfs(real_site: Path) -> Path:
    if not (shutil.which("pdftotext") and shutil.which("pdffonts")):
        pytest.fail(f"{POPPLER} not found")
    build_script(real_site, "pdf")
    return real_site / "dist"


def test_each_article_prints_all_its_sections(real_site: Path, pdfs: Path) -> None:
    sources = sorted(p for p in (real_site / "source" / "articles").glob("*.md") if "." not in p.stem)
    assert sources
    for source in sources:
        pdf = pdfs / f"{source.stem}.pdf"
        assert pdf.is_file(), f"no {pdf.name}"
        printed = normalised(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout)
        meta, titles, sentences = article_text(source)
        missing = [s for s in sentences if normalised(s) not in printed]
        assert not missing, f"{pdf.name} lacks {len(missing)} of {len(sentences)} sentences, first: {missing[:3]}"
        assert all(normalised(t) in printed for t in titles), titles
        # the title page names the article and its source; the glossary follows as an appendix
        first_page = subprocess.run(["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True, text=True).stdout
        assert normalised(str(meta["title"])) in normalised(first_page)
        assert Path(str(meta["raw"])).name in first_page
        given = meta.get("source")
        known: dict[str, object] = given if isinstance(given, dict) else {}
        for key in ("outlet", "author", "published", "url", "retrieved"):
            if known.get(key):  # what is known of the source is on the title page; what is not, said so
                assert normalised(str(known[key])) in normalised(first_page), key
        if known.get("unknown"):
            assert normalised(str(known["unknown"]))[:40] in normalised(first_page)
        # a printed page is the Chinese reading text: no citation blocks, no English paragraphs
        assert "引用本段" not in printed
        assert normalised("附录：术语表") in printed


def test_cjk_fonts_are_embedded(pdfs: Path) -> None:
    for pdf in pdfs.glob("*.pdf"):
        table = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout.splitlines()[2:]
        cjk = [line for line in table if "CJK" in line]
        assert cjk, f"{pdf.name}: no CJK font:\n" + "\n".join(table)
        for line in cjk:
            assert line.split()[-5] == "yes", f"{pdf.name}: not embedded: {line}"


def test_no_site_says_how_to_build_it(tmp_path: Path) -> None:
    proc = build_script(tmp_path, "pdf", check=False)
    assert proc.returncode == 1
    assert "make site" in proc.stderr and "Traceback" not in proc.stderr
