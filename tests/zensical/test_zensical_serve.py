"""`make serve ENGINE=zensical`, run as the README says in a copy of the project: a saved sentence is served."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.preview import free_port
from build_scripts.zensical.serve import GENERATION, RELOAD
from tests.support.paths import ROOT, VENV
from tests.support.preview import Preview, an_article_to_edit, replace_line, squeeze, started
from tests.support.projects import copy_setup_files, make_project

pytestmark = pytest.mark.slow


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    project = make_project(tmp_path / "project")
    shutil.copy(ROOT / "Makefile", project / "Makefile")
    if not (VENV / ".installed").is_file():
        pytest.fail(f"{VENV / '.installed'} missing: set up the environment first (make test-fast)")
    copy_setup_files(project)  # older than the environment's stamp, or make would reinstall it
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    command = ["make", "serve", "ENGINE=zensical", f"VENV={VENV}", f"PORT={port}"]
    with started(command, project, env, tmp_path / "serve.log", port, "index.html") as server:
        yield server


def test_make_serve_on_zensical_serves_a_saved_sentence(preview: Preview) -> None:
    project = preview.project
    article, index, sentence = an_article_to_edit(project)
    pages = sorted(p.relative_to(project / "site").as_posix() for p in (project / "site" / article.stem).glob("*.html"))
    edited = sentence.replace("，", "；", 1)  # punctuation: the fidelity check ignores it

    def showing(text: str) -> list[str]:
        return [p for p in pages if squeeze(text) in preview.page(p)[1]]

    [where] = showing(sentence)
    page = preview.get(where)
    assert RELOAD in page  # the open page reloads after a rebuild
    # Zensical's site, with what `make site ENGINE=zensical` does after it: the patched worker
    worker = re.search(r'"search":\s*"([^"]*workers/search\.[0-9a-f]+\.min\.js)"', page)
    assert worker, "no Zensical search worker named in the page"
    assert "self.__fold=" in preview.get(f"{Path(where).parent}/{worker.group(1)}")
    number = preview.get(GENERATION)
    replace_line(article, index, edited)
    preview.until("the edited sentence served", lambda: showing(edited) == [where])
    assert preview.get(GENERATION) != number
    # a wording change without an erratum: the build stops, the last good site stays served
    replace_line(article, index, edited.replace("；", "；平安", 1))
    preview.until("the problem reported", lambda: "wording added in the edition" in preview.output())
    assert showing(edited) == [where] and preview.proc.poll() is None
