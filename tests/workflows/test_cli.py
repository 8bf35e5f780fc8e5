"""The command line and the make targets an editor runs, each tried on a temporary copy of the project."""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.paths import FIXTURES, ROOT
from tests.support.projects import build_script, copy_setup_files, make_project

# The environment these tests run in: make is pointed at it (VENV=…) and finds it installed.
VENV = Path(sys.prefix)
STAMP = VENV / ".installed"
EDITOR_TARGETS = ("check", "build", "import", "suggest-terms", "pre-commit", "help")
LATIN = FIXTURES / "raw" / "lowercase-latin.txt"
SECOND_RAW = FIXTURES / "new-article" / "002_7d41c0b98e25f3a6.txt"
ARTICLE = next(p for p in (ROOT / "source" / "articles").glob("*.md") if "." not in p.stem).name
# An article with notes beside its edition (an article an editor adds may have none yet).
ANNOTATED = min(p.name.removesuffix(".notes.yaml") for p in (ROOT / "source" / "articles").glob("*.notes.yaml"))


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Path]:
    """A copy of the project with what make and pre-commit read, whose requirements are older than
    the environment's stamp, as after `make`: no target installs anything."""
    if not STAMP.is_file():
        pytest.skip(f"{VENV} was not set up by make (no {STAMP.name}): make would install into it")
    dest = make_project(tmp_path / "project")
    for name in ("Makefile", ".pre-commit-config.yaml"):
        shutil.copy(ROOT / name, dest / name)
    copy_setup_files(dest)
    installed = STAMP.stat().st_mtime_ns
    yield dest
    assert STAMP.stat().st_mtime_ns == installed, "a make target reinstalled the environment"


def make(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", f"VENV={VENV}", *args],
        cwd=cwd,
        env={k: v for k, v in os.environ.items() if not k.startswith("MAKE")},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def commands() -> list[str]:
    """The subcommands the top-level help lists."""
    listed = build_script(ROOT, "--help").stdout
    return re.findall(r"^    ([a-z][a-z-]*)(?:\s|$)", listed.split("commands:", 1)[1], flags=re.MULTILINE)


# --- python -m build_scripts ------------------------------------------------------------------------------------


def test_no_arguments_prints_the_help_and_exits_2(tmp_path: Path) -> None:
    result = build_script(tmp_path, check=False)
    # nothing was asked, so nothing was done: the usage, and the exit code of any other usage mistake
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == build_script(tmp_path, "--help").stdout
    assert result.stderr.startswith("usage: python -m build_scripts")
    assert "error:" not in result.stderr
    for command, says in [("import", "draft edition"), ("check", "writing nothing"), ("build", "write docs/")]:
        assert re.search(rf"^    {command} +.*{says}", result.stderr, flags=re.MULTILINE), command
    assert ".venv/bin/python -m build_scripts check" in result.stderr
    assert "make import RAW=path/to/file.txt SLUG=my-slug" in result.stderr


def test_version_prints_the_version_and_exits_0() -> None:
    proc = build_script(ROOT, "--version")
    installed = importlib.metadata.version("pingan-reading-edition")
    assert proc.stdout == f"python -m build_scripts {installed}\n" and proc.stderr == ""


@pytest.mark.slow
def test_first_set_up_says_each_step_and_no_warning_a_user_cannot_act_on(tmp_path: Path) -> None:
    """The Makefile's set-up recipe as a fresh clone runs it, on a lock of the two packages the editable
    install needs (the full lock takes a minute and is what CI installs anyway)."""
    dest = tmp_path / "checkout"
    dest.mkdir()
    for name in ("Makefile", "pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, dest / name)
    shutil.copytree(ROOT / "build_scripts", dest / "build_scripts", ignore=shutil.ignore_patterns("__pycache__"))
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    small = re.findall(r"^(?:wheel|packaging)==.*?(?=^\S)", lock, flags=re.M | re.S)
    assert len(small) == 2
    (dest / "small.lock").write_text("".join(small), encoding="utf-8")
    venv = tmp_path / "venv"
    proc = subprocess.run(
        ["make", "--no-print-directory", f"VENV={venv}", "LOCK=small.lock", f"{venv}/.installed"],
        cwd=dest,
        env={k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "PIP_REQUIRE"))},
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    steps = proc.stdout.splitlines()
    assert steps[0].startswith(f"Setting up {venv}") and re.fullmatch(r"Set up in \d+ s\.", steps[-1])
    assert [line.split()[0] for line in steps[1:-1]] == ["1/3", "2/3", "3/3"]
    assert "2" in steps[2]  # how many packages
    # pip's notices about this machine's own package sources are not the project's to silence
    ours = [line for line in proc.stderr.splitlines() if "is ignored: it is neither a file" not in line]
    assert not [line for line in ours if "warn" in line.lower()], proc.stderr
    version = subprocess.run([venv / "bin" / "reading-edition", "--version"], capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.startswith("reading-edition ")


def test_every_command_says_what_it_does_with_an_example(tmp_path: Path) -> None:
    found = commands()
    assert {"import", "build", "check", "site", "suggest-terms", "zip"} <= set(found)
    for command in found:
        result = build_script(tmp_path, command, "--help")
        usage, _, rest = result.stdout.partition("\n\n")
        assert usage.startswith(f"usage: python -m build_scripts {command}")
        description = rest.split("\n\n", 1)[0]
        assert not description.startswith(("options:", "positional arguments:")), f"{command}: no description"
        assert len(description.split()) >= 10, f"{command}: {description!r}"
        assert re.search(rf"^example:\n  python -m build_scripts {command}\b", result.stdout, flags=re.MULTILINE), (
            f"{command}: no example"
        )


def test_a_python_without_the_projects_packages_gets_a_fix_not_a_traceback(tmp_path: Path) -> None:
    dest = make_project(tmp_path / "project")
    # -S: no site-packages, as with a system Python that lacks the project's packages
    result = subprocess.run(
        [sys.executable, "-S", "-m", "build_scripts", "check"],
        cwd=dest,
        env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.search(r"module `\w+` not found: this Python \(.+\) lacks the project's packages", result.stderr)
    assert "fix: run it with .venv/bin/python -m build_scripts check" in result.stderr
    assert "make help" in result.stderr


# --- make targets -----------------------------------------------------------------------------------------------


@pytest.mark.slow  # make in a copy of the project: a workflow, as the editor runs it
def test_make_help_lists_every_editor_target(project: Path) -> None:
    result = make(project, "help")
    assert result.returncode == 0, result.stderr
    for target in EDITOR_TARGETS:
        assert re.search(rf"^  make {target} +\S", result.stdout, flags=re.MULTILINE), target
    described = re.findall(r"^## ([a-z-]+):", (ROOT / "Makefile").read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert set(EDITOR_TARGETS) <= set(described)
    assert [t for t in re.findall(r"^  make ([a-z-]+)", result.stdout, flags=re.MULTILINE)] == described
    assert "make import RAW=path/to/file.txt SLUG=my-slug" in result.stdout
    assert "$(" not in result.stdout


@pytest.mark.slow
def test_make_check_validates_with_the_projects_python_and_writes_nothing(project: Path) -> None:
    result = make(project, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{VENV}/bin/python -m build_scripts check --strict" in result.stdout  # the command it stands for
    assert "no errors" in result.stdout + result.stderr
    assert not (project / "docs" / "index.md").exists()
    article = project / "source" / "articles" / ARTICLE
    article.write_text(article.read_text(encoding="utf-8").replace("。\n", "改。\n", 1), encoding="utf-8")
    broken = make(project, "check")
    assert broken.returncode != 0
    assert re.search(rf"^source/articles/{ARTICLE}:\d+: wording added", broken.stderr, flags=re.MULTILINE)
    assert "fix:" in broken.stderr
    assert "check failed: 1 error(s)" in broken.stderr and "nothing written" in broken.stderr


@pytest.mark.slow
def test_make_build_writes_docs(project: Path) -> None:
    result = make(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{VENV}/bin/python -m build_scripts build" in result.stdout
    assert (project / "docs" / "index.md").is_file()
    assert (project / "docs" / "glossary.md").is_file()


@pytest.mark.slow
def test_make_import_drafts_an_article_from_anywhere(project: Path, tmp_path: Path) -> None:
    given = tmp_path / "inbox" / "new article.txt"
    given.parent.mkdir()
    shutil.copyfile(LATIN, given)
    result = make(project, "import", f"RAW={given}", "SLUG=digital")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "`5g` may be a lowercased acronym or model (5G)" in result.stderr
    assert (project / "source" / "raw" / "new article.txt").read_bytes() == LATIN.read_bytes()
    draft = (project / "source" / "articles" / "digital.md").read_text(encoding="utf-8")
    assert "\nraw: source/raw/new article.txt\n" in draft
    # again, before any edit, with the words that are right in lower case silenced: the warnings
    # again, fewer, and the draft as it was (CONTRIBUTING: an import never overwrites a draft)
    again = make(project, "import", f"RAW={given}", "SLUG=digital", "KEEP_LOWER=5g app")
    assert again.returncode == 0, again.stdout + again.stderr
    spots = re.findall(r"warning: `([^`]+)` may be a lowercased", again.stderr)
    assert spots == ["4g", "ppp", "gdp", "ai", "g20"]
    assert "unchanged, the draft as imported before" in again.stderr
    assert (project / "source" / "articles" / "digital.md").read_text(encoding="utf-8") == draft


@pytest.mark.slow
def test_make_import_hints_never_lead_to_overwriting_an_article(project: Path, tmp_path: Path) -> None:
    """A slug that is not ASCII, then the hint, then an existing article's slug with FORCE=1: every
    hint names a free slug, and no edition, notes or translation is ever overwritten."""
    given = tmp_path / "inbox" / "x.txt"
    given.parent.mkdir()
    shutil.copyfile(SECOND_RAW, given)
    articles = project / "source" / "articles"
    before = {p.name: p.read_bytes() for p in articles.iterdir()}
    existing = {name.split(".")[0] for name in before}
    refused = make(project, "import", f"RAW={given}", "SLUG=新文章")
    assert refused.returncode != 0 and "`新文章` is not a slug" in refused.stderr
    hinted = re.findall(r"--slug ([a-z0-9-]+)", refused.stderr)
    assert hinted and not set(hinted) & existing, refused.stderr
    for slug in sorted(existing):
        for force in ([], ["FORCE=1"]):
            taken = make(project, "import", f"RAW={given}", f"SLUG={slug}", *force)
            assert taken.returncode != 0, taken.stderr
            assert f"`{slug}` is taken" in taken.stderr and "never overwrites" in taken.stderr
            assert not set(re.findall(r"--slug ([a-z0-9-]+)", taken.stderr)) & existing, taken.stderr
    assert {p.name: p.read_bytes() for p in articles.iterdir()} == before
    assert not (project / "source" / "raw" / given.name).exists()  # nothing written
    # the hint works; importing again with no SLUG finds the same draft, not yet edited
    assert make(project, "import", f"RAW={given}", f"SLUG={hinted[0]}").returncode == 0
    again = make(project, "import", f"RAW={given}")
    assert again.returncode == 0 and f"slug: {hinted[0]} (the title in pinyin" in again.stderr, again.stderr
    assert sorted(p.name for p in articles.iterdir()) == sorted([*before, f"{hinted[0]}.md"])
    # an article removed but for its notes: a new article of its slug would adopt them
    (articles / f"{ANNOTATED}.md").unlink()
    left = make(project, "import", f"RAW={given}", f"SLUG={ANNOTATED}")
    assert left.returncode != 0 and "is taken" in left.stderr
    assert {p.name: p.read_bytes() for p in articles.iterdir() if p.name in before} == {
        name: data for name, data in before.items() if name != f"{ANNOTATED}.md"
    }


@pytest.mark.slow
def test_make_import_refuses_a_reserved_slug_and_a_missing_file_name(project: Path) -> None:
    raw = next((project / "source" / "raw").glob("*.txt")).relative_to(project)
    reserved = make(project, "import", f"RAW={raw}", "SLUG=glossary")
    assert reserved.returncode != 0
    assert "`glossary` is reserved" in reserved.stderr
    assert not (project / "source" / "articles" / "glossary.md").exists()
    missing = make(project, "import")
    assert missing.returncode != 0
    assert "make import RAW=path/to/file.txt SLUG=my-slug" in missing.stderr


@pytest.mark.slow
def test_make_suggest_terms_lists_candidates(project: Path) -> None:
    result = make(project, "suggest-terms")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "word or phrase (not yet in source/glossary.yaml)" in result.stdout
    assert len(result.stdout.strip().split("\n")) > 3


# --- pre-commit -------------------------------------------------------------------------------------------------


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.slow
def test_pre_commit_hooks_validate_source_and_run_ruff_and_mypy_offline(project: Path, tmp_path: Path) -> None:
    git(project, "init", "-q")
    git(project, "add", "-A")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "GIT_"))},
        "VENV": str(VENV),
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
    }

    def pre_commit(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", "--files", *files],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )

    article = f"source/articles/{ARTICLE}"
    ok = pre_commit(article)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert re.search(r"^validate source/ \(make check\)\.+Passed$", ok.stdout, flags=re.MULTILINE), ok.stdout
    # a word changed without an erratum: the commit is stopped with the build's message
    path = project / article
    path.write_text(path.read_text(encoding="utf-8").replace("。\n", "改。\n", 1), encoding="utf-8")
    git(project, "add", article)
    stopped = pre_commit(article)
    assert stopped.returncode == 1
    assert re.search(r"^validate source/ \(make check\)\.+Failed$", stopped.stdout, flags=re.MULTILINE)
    assert f"{article}:" in stopped.stdout and "wording added" in stopped.stdout
    # a file outside source/ does not run the validation; a Python file runs ruff
    (project / "build_scripts" / "extra.py").write_text("import os\n", encoding="utf-8")
    git(project, "add", "build_scripts/extra.py")
    linted = pre_commit("build_scripts/extra.py")
    assert linted.returncode == 1
    assert re.search(r"^validate source/ \(make check\)\.+\(no files to check\)Skipped$", linted.stdout, re.M)
    assert re.search(r"^ruff check\.+Failed$", linted.stdout, flags=re.MULTILINE)
    assert "F401" in linted.stdout
    # a type error, lint-clean: mypy stops the commit
    (project / "build_scripts" / "extra.py").write_text('def f() -> int:\n    return "一"\n', encoding="utf-8")
    git(project, "add", "build_scripts/extra.py")
    typed = pre_commit("build_scripts/extra.py")
    assert typed.returncode == 1
    assert re.search(r"^ruff check\.+Passed$", typed.stdout, flags=re.MULTILINE), typed.stdout
    assert re.search(r"^mypy --strict\.+Failed$", typed.stdout, flags=re.MULTILINE), typed.stdout
    assert "Incompatible return value" in typed.stdout
