"""Hypothesis: a quick profile where a contributor runs the tests, the thorough one in CI (CI=true) or
when asked for (HYPOTHESIS_PROFILE=thorough). A test states its thorough number of examples through
examples(); the quick profile runs a fifth of it. conftest.py loads the profile."""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("thorough", deadline=None, print_blob=True)
settings.register_profile("quick", deadline=None, max_examples=20)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or ("thorough" if os.environ.get("CI") else "quick")


def load() -> None:
    settings.load_profile(PROFILE)


def examples(thorough: int) -> int:
    """How many examples a property test runs under the loaded profile."""
    return thorough if PROFILE == "thorough" else max(10, thorough // 5)
