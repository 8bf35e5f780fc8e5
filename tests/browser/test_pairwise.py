"""The pairwise runs of the browser tests (tests/support/pairwise.py) hold every pair of values."""

from __future__ import annotations

import itertools

import pytest

from tests.support.browser import DEVICES, WAYS
from tests.support.pairwise import rows


@pytest.mark.parametrize("values", [("zh", "en"), ("headword", "alias", "traditional"), ("a", "b", "c", "d")])
def test_the_runs_hold_every_pair_and_half_the_combinations(values: tuple[str, ...]) -> None:
    runs = rows(values)
    assert len(runs) == len(DEVICES) * len(WAYS) * len(values) // 2 == len(set(runs))
    dimensions = (tuple(DEVICES), WAYS, values)
    for a, b in itertools.combinations(range(3), 2):
        pairs = {(run[a], run[b]) for run in runs}
        assert pairs == set(itertools.product(dimensions[a], dimensions[b])), (a, b, runs)


def test_the_runs_are_the_documented_ones() -> None:
    assert set(rows(("zh", "en"))) == {
        ("phone", "http", "zh"),
        ("phone", "file", "en"),
        ("desktop", "http", "en"),
        ("desktop", "file", "zh"),
    }
