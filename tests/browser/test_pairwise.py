"""The pairwise runs of the browser tests (tests/support/pairwise.py) hold every pair of values."""

from __future__ import annotations

import itertools

from tests.support.browser import DEVICES, WAYS
from tests.support.pairwise import rows


def test_the_four_runs_hold_every_pair_of_device_way_and_language() -> None:
    runs = rows(("zh", "en"))
    assert len(runs) == 4
    dimensions = (tuple(DEVICES), WAYS, ("zh", "en"))
    for a, b in itertools.combinations(range(3), 2):
        pairs = {(run[a], run[b]) for run in runs}
        assert pairs == set(itertools.product(dimensions[a], dimensions[b])), (a, b, runs)


def test_the_runs_are_the_documented_ones() -> None:
    assert rows(("zh", "en")) == [
        ("phone", "http", "zh"),
        ("phone", "file", "en"),
        ("desktop", "http", "en"),
        ("desktop", "file", "zh"),
    ]
