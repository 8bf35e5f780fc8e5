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
over the third dimension), half the cost of the full cross.

`across(name, values)` parametrises a test over those four runs: the `device` and `site` fixtures
(tests/conftest.py) take their value from it (indirect parametrisation), the third dimension is
the test's own argument `name`. The ids read `phone-http-zh`.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from .browser import DEVICES, WAYS

# The Latin square: row i of the device, column j of the way → the third dimension's value (i + j) % 2.
SQUARE = tuple((device, way, (i + j) % 2) for i, device in enumerate(DEVICES) for j, way in enumerate(WAYS))


def rows(values: Sequence[str]) -> list[tuple[str, str, str]]:
    """The four (device, way, value) runs that hold every pair of the three dimensions."""
    assert len(values) == 2, f"a pairwise square of 2 × 2 × 2 needs two values: {values}"
    return [(device, way, values[k]) for device, way, k in SQUARE]


def across(name: str, values: Sequence[str]) -> pytest.MarkDecorator:
    """Parametrise a test over device × way × `name` pairwise (see the module's docstring)."""
    return pytest.mark.parametrize(
        ("device", "site", name),
        [pytest.param(*row, id="-".join(v.strip() or repr(v) for v in row)) for row in rows(values)],
        indirect=["device", "site"],
    )
