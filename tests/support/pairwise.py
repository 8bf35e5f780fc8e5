"""Every pair, not every combination: the browser tests' device × way × third dimension.

A reader-facing behaviour is tested on a phone (390 px, touch) and on a desktop, over http and
from the offline copy (file://), and in both reading languages (or both palettes, or two pages).
Crossed in full that is 2 × 2 × 2 = 8 runs of the test, each opening Chromium's page anew. What
goes wrong in practice goes wrong for one value (the phone) or for a pair of values (the phone in
English, the offline copy on a desktop); a fault that shows only for one combination of all
three values is what the pairs can miss, the price of halving the runs. The four runs

    (phone, http, zh)   (phone, file, en)   (desktop, http, en)   (desktop, file, zh)

hold every pair of values of any two dimensions: each device over both ways and in both
languages, each way in both languages. That is a covering array of strength 2 (a Latin square
over the third dimension), half the cost of the full cross. A third dimension of more values (the
kinds of a search's name) takes two runs a value, on alternate diagonals of device × way: again
half of the full cross, every pair held.

`across(name, values)` parametrises a test over those four runs: the `device` and `site` fixtures
(tests/conftest.py) take their value from it (indirect parametrisation), the third dimension is
the test's own argument `name`. The ids read `phone-http-zh`.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from .browser import DEVICES, WAYS

# The two diagonals of device × way: each holds each device once and each way once.
DIAGONALS = tuple(
    tuple((device, way) for i, device in enumerate(DEVICES) for j, way in enumerate(WAYS) if (i + j) % 2 == k)
    for k in (0, 1)
)


def rows(values: Sequence[str]) -> list[tuple[str, str, str]]:
    """The (device, way, value) runs that hold every pair of the three dimensions: each value on one
    diagonal of device × way, the values alternating between the two diagonals, so that both are
    used and every (device, way) pair with them. Two runs a value: four for two values."""
    assert len(values) >= 2, f"pairs need at least two values: {values}"
    return [(device, way, value) for k, value in enumerate(values) for device, way in DIAGONALS[k % 2]]


def across(name: str, values: Sequence[str]) -> pytest.MarkDecorator:
    """Parametrise a test over device × way × `name` pairwise (see the module's docstring)."""
    return pytest.mark.parametrize(
        ("device", "site", name),
        [pytest.param(*row, id="-".join(v.strip() or repr(v) for v in row)) for row in rows(values)],
        indirect=["device", "site"],
    )
