"""Where the project, its test fixtures and a test run's output are."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
GOLDEN = ROOT / "tests" / "golden"
SMALL = FIXTURES / "site-small"
# Today's article, raw file and glossary, pinned: the facts of one article (search ranking, headings,
# errata) are tested on this copy, so that an editor's change to source/ cannot make them false.
PINNED = FIXTURES / "search-site" / "source"
OUTPUT = ROOT / "test-output"  # screenshots and reports a test run keeps
VENV = (ROOT / ".venv").absolute()  # the installed environment; `make serve` must not reinstall it
