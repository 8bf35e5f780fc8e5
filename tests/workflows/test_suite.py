"""The test suite is laid out as the code is (CONTRIBUTING.md, "Developing"): a folder per package of
build_scripts and per role, every test file in one of them, and what several test files need in
tests/support/, never imported from another test module (imports parsed with ast)."""

from __future__ import annotations

import ast
import os
import subprocess
from pathlib import Path

from tests.support.paths import ROOT

TESTS = ROOT / "tests"
# Folders of tests by role rather than by package.
ROLES = {"browser", "workflows", "bench"}
# Not tests: what the tests share, and what they read.
SHARED = {"support", "fixtures", "golden", "__pycache__"}


def folders() -> set[str]:
    return {p.name for p in TESTS.iterdir() if p.is_dir() and not p.name.startswith(".")} - SHARED


def test_a_folder_for_each_package_and_role() -> None:
    packages = {p.parent.name for p in (ROOT / "build_scripts").glob("*/__init__.py")}
    assert packages, "no package under build_scripts/"
    assert folders() == packages | ROLES, "a test folder for each package of build_scripts/ and each role"
    # a package each: the same file name in two folders does not clash
    assert all((TESTS / name / "__init__.py").is_file() for name in folders())


def test_every_test_file_is_in_a_folder() -> None:
    loose = sorted(p.name for p in TESTS.glob("test_*.py"))
    assert loose == [], f"test files at the top of tests/: move each into the folder of what it tests: {loose}"
    assert all(p.parent.name in folders() for p in TESTS.rglob("test_*.py") if "fixtures" not in p.parts)


def imported(path: Path, root: Path = ROOT) -> set[str]:
    """The modules and names `path` (a file under `root`) imports from the tests package, relative
    imports resolved."""
    package = path.relative_to(root).with_suffix("").parts[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else ()
            module = ".".join([*base, *([node.module] if node.module else [])])
            if node.module is None:  # from . import x: x is a module of the package
                found |= {f"{module}.{a.name}" for a in node.names if module.startswith("tests")}
            elif module.startswith("tests."):
                found.add(module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("tests.")}
    return found


def test_test_modules_import_helpers_only_from_support() -> None:
    wrong = sorted(
        f"{path.relative_to(ROOT)}: {module}"
        for path in sorted(TESTS.rglob("*.py"))
        if "fixtures" not in path.parts
        for module in imported(path)
        if not module.startswith("tests.support")
    )
    assert wrong == [], "import helpers from tests/support/, never from conftest.py or a test module"


def test_the_import_check_sees_an_import_from_another_test_module(tmp_path: Path) -> None:
    probe = tmp_path / "tests" / "read" / "test_probe.py"
    probe.parent.mkdir(parents=True)
    for line, module in [
        ("from tests.read.test_edition import PINNED", "tests.read.test_edition"),
        ("from ..conftest import real_site", "tests.conftest"),
        ("from . import test_glossary", "tests.read.test_glossary"),
        ("from ..support.paths import ROOT", "tests.support.paths"),
    ]:
        probe.write_text(line + "\n", encoding="utf-8")
        assert imported(probe, tmp_path) == {module}, line


def pytest_command(*args: str) -> str:
    """The pytest line that `make ARGS` runs (make -n: printed, not run)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "MAKE"))}
    out = subprocess.run(["make", "-n", *args], cwd=ROOT, env=env, text=True, capture_output=True, check=True)
    return next(line for line in out.stdout.splitlines() if " -m pytest " in line)


def test_make_test_runs_a_worker_more_than_cpus_and_pytest_jobs_sets_both_tiers() -> None:
    """`make test` keeps the CPUs busy while its browser tests wait on Chromium: one worker more than
    CPUs; `make test-fast` one per CPU; PYTEST_JOBS=N sets either."""
    cpus = int(subprocess.run(["nproc"], text=True, capture_output=True, check=True).stdout)
    assert pytest_command("test").endswith(f" -n {cpus + 1}")
    assert " -n auto -m " in pytest_command("test-fast")
    assert pytest_command("test", "PYTEST_JOBS=1").endswith(" -n 1")
    assert " -n 1 -m " in pytest_command("test-fast", "PYTEST_JOBS=1")
