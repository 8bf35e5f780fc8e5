"""`make serve`, run as the README says in a copy of the project: edits to source/ → the served pages."""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.preview import BEGIN, END, free_port, replace_section, with_section
from tests.support.paths import ROOT, VENV
from tests.support.preview import STARTED, Preview, an_article_to_edit, replace_line, squeeze, started
from tests.support.projects import build_script, copy_setup_files, make_project

BUILDING = "Building documentation..."  # what MkDocs logs as each (re)build starts


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    project = make_project(tmp_path / "project")
    shutil.copy(ROOT / "Makefile", project / "Makefile")
    stamp = VENV / ".installed"
    if not stamp.is_file():
        pytest.fail(f"{stamp} missing: set up the environment first (make test-fast)")
    copy_setup_files(project)  # older than the environment's stamp, or make would reinstall it
    port = free_port()
    command = ["make", "serve", f"VENV={VENV}", f"PORT={port}"]
    dry = subprocess.run([*command, "-n"], cwd=project, capture_output=True, text=True, check=True)
    assert "pip" not in dry.stdout, f"make serve would reinstall the environment:\n{dry.stdout}"
    # the project's own code only: nothing on PYTHONPATH hides an import the preview cannot make
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    (tmp_path / "tmp").mkdir()
    env["TMPDIR"] = str(tmp_path / "tmp")  # where MkDocs's preview writes the site it serves (served_site)
    with started(command, project, env, tmp_path / "serve.log", port, "") as server:
        yield server


def served_site(preview: Preview) -> Path:
    """The folder MkDocs's preview serves (a temporary folder of its own, under the fixture's TMPDIR)."""
    [site] = (preview.log.parent / "tmp").glob("mkdocs_*")
    return site


def times(folder: Path, pattern: str) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob(pattern)}


def is_served(preview: Preview, path: str) -> bool:
    try:
        preview.get(path)
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return False
        raise
    return True


def title(preview: Preview, path: str) -> str:
    found = re.search(r"<title>(.*?)</title>", preview.get(path), flags=re.S)
    return html.unescape(found.group(1)).strip() if found else ""


@pytest.mark.slow
def test_a_saved_sentence_renders_only_the_pages_it_reaches(preview: Preview) -> None:
    """The build script rewrites the pages a one-sentence edit reaches (its section, the concordance
    lines quoting it); the preview renders those again and leaves every other page as it was: the
    other sections of the article, the home page, the about page."""
    project = preview.project
    article, index, sentence = an_article_to_edit(project)
    edited = sentence.replace("，", "；", 1)
    site, docs = served_site(preview), project / "docs"
    sections = sorted(p.relative_to(site).as_posix() for p in (site / article.stem).glob("*.html"))
    [where] = [p for p in sections if squeeze(sentence) in preview.page(p)[1]]
    preview.quiet()
    pages, sources = times(site, "*.html"), times(docs, "*.md")
    replace_line(article, index, edited)
    preview.until("the edited sentence served", lambda: squeeze(edited) in preview.page(where)[1])
    preview.quiet()
    rewritten = {p for p, t in times(site, "*.html").items() if pages.get(p) != t}
    changed = {p for p, t in times(docs, "*.md").items() if sources.get(p) != t}
    assert where.removesuffix(".html") + ".md" in changed
    # the pages the build script rewrote, and MkDocs's own 404 page, which it renders on every build
    assert rewritten - {"404.html"} == {p.removesuffix(".md") + ".html" for p in changed}, preview.output()
    others = [p for p in sections if p != where]
    assert others and not rewritten & {*others, "index.html", "about.html"}, preview.output()
    for page in others:
        assert squeeze(edited) not in preview.page(page)[1]


@pytest.mark.slow
def test_make_serve_shows_edits_errors_and_recovers(preview: Preview) -> None:
    project = preview.project
    article, index, sentence = an_article_to_edit(project)
    slug = article.stem
    rel = article.relative_to(project).as_posix()
    pages = sorted(p.relative_to(project / "site").as_posix() for p in (project / "site" / slug).glob("*.html"))
    # a change of punctuation: free, the fidelity check ignores it
    edited = sentence.replace("，", "；", 1)

    def showing(text: str) -> list[str]:
        return [p for p in pages if squeeze(text) in preview.page(p)[1]]

    [where] = showing(sentence)
    preview.quiet()
    builds = preview.output().count(BUILDING)
    replace_line(article, index, edited)
    preview.until("the edited sentence served", lambda: showing(edited) == [where])
    preview.quiet()
    assert preview.output().count(BUILDING) == builds + 1, "one save, one rebuild:\n" + preview.output()

    # a hand-written file under docs/ still starts a rebuild (one)
    css = project / "docs" / "stylesheets" / "extra.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* 预览 */\n", encoding="utf-8")
    preview.until("the stylesheet served", lambda: "/* 预览 */" in preview.get("stylesheets/extra.css"))
    preview.quiet()
    assert preview.output().count(BUILDING) == builds + 2, "one save, one rebuild:\n" + preview.output()

    # a change of wording without an erratum: the build script stops, the server does not
    broken = edited.replace("；", "；平安", 1)
    replace_line(article, index, broken)
    preview.until("the problem banner", lambda: preview.page(where)[2] != "")
    _, text, shown = preview.page(where)
    assert squeeze(f"{rel}:{index + 1}: wording added in the edition") in shown
    assert squeeze(edited) in text  # the last good build's page, under the banner
    for other in ("index.html", "glossary.html"):
        assert preview.page(other)[2] == shown, f"{other} shows the banner too"
    assert preview.proc.poll() is None

    # a problem quoting markup is shown as text, never run as markup
    glossary = project / "source" / "glossary.yaml"
    kept = glossary.read_text(encoding="utf-8")
    hostile = "<script>alert(1)</script>"
    glossary.write_text(re.sub(r"(?m)^(\s+aliases: ).*$", rf'\1"{hostile}"', kept, count=1), encoding="utf-8")
    preview.until("the glossary's problem", lambda: hostile in preview.page(where)[2])
    assert hostile not in preview.page(where)[0]
    glossary.write_text(kept, encoding="utf-8")

    # fixed: the page recovers, without a banner
    replace_line(article, index, edited)
    preview.until("the banner gone", lambda: preview.page(where)[2] == "")
    assert showing(edited) == [where]

    # an article added, the collection renamed, the article removed: each served after its save (the
    # navigation and the site's name the build script writes are this rebuild's, not the last one's)
    fixture = ROOT / "tests" / "fixtures" / "collection" / "source"
    added = [project / "source" / "raw" / "jieshui.txt", project / "source" / "articles" / "jieshui.md"]
    for path in added:  # the raw file first, as an editor's import does
        shutil.copy(fixture / path.parent.name / path.name, path)
    preview.until("the new article's landing page", lambda: is_served(preview, "jieshui/index.html"))
    collection = project / "source" / "collection.yaml"
    named = collection.read_text(encoding="utf-8")
    collection.write_text(re.sub(r"(?m)^name: .*$", "name: 预览文集", named), encoding="utf-8")
    preview.until("the new name in the pages' titles", lambda: "<title>" in preview.get("jieshui/index.html"))
    preview.until("the new name in every title", lambda: all(title(preview, p).endswith("预览文集") for p in pages))
    for path in reversed(added):
        path.unlink()
    collection.write_text(named, encoding="utf-8")
    preview.until("the article gone", lambda: not is_served(preview, "jieshui/index.html"))
    preview.until("the old name back", lambda: not title(preview, where).endswith("预览文集"))
    assert preview.page(where)[2] == ""

    # back as `make site` built it: after all these rebuilds the preview's search index is the site's
    replace_line(article, index, sentence)
    preview.until("the sentence as it was", lambda: showing(sentence) == [where])
    preview.quiet()
    served = json.loads(preview.get("search/search_index.json"))
    built = json.loads((project / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert served == built
    assert preview.proc.poll() is None


def test_the_preview_figures_survive_make_bench_and_are_replaced_by_make_bench_preview() -> None:
    ours = f"{BEGIN}\n## The live preview\n\n| save → page served | 0.61 s |\n{END}\n"
    kept = with_section("# Benchmarks\n\nnew figures\n", f"# Benchmarks\n\nold figures\n\n{ours}")
    assert kept == f"# Benchmarks\n\nnew figures\n\n{ours}"
    assert with_section("# Benchmarks\n", "# Benchmarks\n\nold\n") == "# Benchmarks\n"
    again = ours.replace("0.61", "0.58")
    assert replace_section(kept, again) == f"# Benchmarks\n\nnew figures\n\n{again}"
    assert replace_section("# Benchmarks\n", ours) == f"# Benchmarks\n\n{ours}"


@pytest.mark.slow
def test_a_plain_mkdocs_build_loads_nothing_of_the_build_script(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    build_script(project, "build")
    # the MkDocs side (build_scripts.publish, with the names it shares, the query table's format and
    # the rules for names that may rewrite a query, which the glossary check applies too, and the
    # Simplified fold of Traditional text, which matching applies too, the problems table those
    # modules report by, and the busy-port message both previews give) is the plugin itself
    code = (
        "import sys\n"
        "from mkdocs.commands.build import build\n"
        "from mkdocs.config import load_config\n"
        "build(load_config(strict=True))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('build_scripts', 'rjieba', 'pypinyin')\n"
        "    and m not in ('build_scripts', 'build_scripts.core', 'build_scripts.core.names',\n"
        "                  'build_scripts.core.querytable', 'build_scripts.core.chars', 'build_scripts.core.model',\n"
        "                  'build_scripts.core.problems', 'build_scripts.core.ports',\n"
        "                  'build_scripts.text', 'build_scripts.text.script',\n"
        "                  'build_scripts.read', 'build_scripts.read.querynames')\n"
        "    and not m.startswith('build_scripts.publish')))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=project, env=env, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


@pytest.mark.slow
def test_bench_preview_writes_its_section(tmp_path: Path) -> None:
    from benchmarks import preview as bench_preview

    out = tmp_path / "BENCHMARKS.md"
    out.write_text("# Benchmarks\n\nfrom make bench\n", encoding="utf-8")
    assert bench_preview.main(["--saves", "2", "--modes", "article", "--out", str(out)]) == 0
    report = out.read_text(encoding="utf-8")
    assert report.startswith("# Benchmarks\n\nfrom make bench\n\n" + BEGIN)
    assert report.endswith(END + "\n")
    assert "2 saves; rebuilds per save: 2×1" in report  # timings unchecked: the machine's load decides them
    assert re.search(r"^\| save → page served \| \d+\.\d\d s \|", report, re.MULTILINE)


# --- a busy port ------------------------------------------------------------------------------------------------

BUSY = re.compile(
    r"cannot serve on 127\.0\.0\.1:(\d+): the port is in use \(another preview\?\);"
    r" stop that or pick another port: make serve PORT=(\d+)"
)


@contextlib.contextmanager
def taken_port() -> Iterator[int]:
    """A port of 127.0.0.1 another program listens on while the block runs."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        yield int(other.getsockname()[1])


def said_once(output: str, port: int) -> None:
    """The output holds the busy line for `port`, naming a free one, and no traceback."""
    assert "Traceback" not in output and "Errno" not in output, output
    [found] = BUSY.findall(output)
    assert int(found[0]) == port and int(found[1]) != port, output
    with socket.socket() as s:
        s.bind(("127.0.0.1", int(found[1])))  # the port it names is free


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_make_serve_on_a_busy_port_says_so_in_one_line_before_building(tmp_path: Path, engine: str) -> None:
    project = make_project(tmp_path / "project")
    shutil.copy(ROOT / "Makefile", project / "Makefile")
    copy_setup_files(project)
    with taken_port() as port:
        proc = subprocess.run(
            ["make", "--no-print-directory", "serve", f"VENV={VENV}", f"PORT={port}", f"ENGINE={engine}"],
            cwd=project,
            env={k: v for k, v in os.environ.items() if not k.startswith("MAKE")},
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert proc.returncode != 0
    said_once(proc.stdout + proc.stderr, port)
    # make's own line aside, the one line; nothing built
    busy = BUSY.search(proc.stderr)
    assert busy and [line for line in proc.stderr.splitlines() if not line.startswith("make:")] == [busy[0]]
    assert not (project / "docs" / "index.md").exists() and not (project / "site").exists()


def test_the_zensical_preview_on_a_port_taken_after_the_check_says_so_in_one_line(tmp_path: Path) -> None:
    """What `make serve ENGINE=zensical` runs after its check (and what an editor may run by hand),
    with the port taken meanwhile: the MkDocs preview's line on stderr, naming the busy address and a
    free PORT=, nothing on stdout, status 1, nothing built."""
    project = make_project(tmp_path / "project")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    with taken_port() as port:
        proc = subprocess.run(
            [sys.executable, "-m", "build_scripts.zensical.serve", f"127.0.0.1:{port}"],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert proc.returncode == 1 and proc.stdout == "", proc
    said_once(proc.stderr, port)
    assert proc.stderr.splitlines() == [BUSY.search(proc.stderr)[0]]  # type: ignore[index]
    assert not (project / "docs" / "index.md").exists() and not (project / "site").exists()


@pytest.mark.slow
def test_the_preview_on_a_port_taken_after_the_check_says_so_in_one_line(tmp_path: Path) -> None:
    """`mkdocs serve` itself (what `make serve` runs after its check, and what an editor may run): the
    port is taken when the preview binds it, after its first build."""
    project = make_project(tmp_path / "project")
    build_script(project, "build")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"NO_MKDOCS_2_WARNING": "1"}
    with taken_port() as port:
        proc = subprocess.run(
            [sys.executable, "-m", "mkdocs", "serve", "--strict", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=STARTED,
        )
    assert proc.returncode == 1, proc.stderr
    said_once(proc.stderr, port)
