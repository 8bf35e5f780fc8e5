"""Two sequences (sentences, lines, characters) → the runs they share and the runs that differ, as
difflib.SequenceMatcher.get_opcodes() gives them, with work that grows with the difference."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Hashable, Sequence
from typing import TypeVar

H = TypeVar("H", bound=Hashable)
Opcode = tuple[str, int, int, int, int]  # as difflib.SequenceMatcher.get_opcodes() gives them
# Work (element comparisons) allowed to the last step of matching a region that has no item
# unique to both sides, per item of the region: a region beyond it is a rewrite.
MYERS_WORK = 40
MAX_DEPTH = 64  # nested regions matched by unique items; deeper, the last step takes over


class Counter:
    """How many element comparisons a matching made (for tests: the work is bounded by the input)."""

    def __init__(self) -> None:
        self.n = 0


def opcodes(a: Sequence[H], b: Sequence[H], counter: Counter | None = None) -> list[Opcode]:
    """Equal, replaced, deleted and inserted runs of a and b, as SequenceMatcher.get_opcodes().

    difflib's SequenceMatcher (autojunk off, as exact pairing needs) compares every occurrence of
    an item with every other: an edition repeating a sentence 32,000 times took minutes. Here: the
    common beginning and end; then the items found once on each side (patience diff), in order,
    with the regions between them matched the same way; a region with no such item, by Myers'
    algorithm, whose work is the region's size times the number of differences, given up beyond
    MYERS_WORK comparisons per item (the region is then one replaced run). Items are compared by
    equality after being numbered (a dict), so a comparison costs the same for any sentence."""
    ids: dict[H, int] = {}
    x = [ids.setdefault(v, len(ids)) for v in a]
    y = [ids.setdefault(v, len(ids)) for v in b]
    count = counter or Counter()
    pairs: list[tuple[int, int]] = []
    _match(x, y, 0, len(x), 0, len(y), pairs, count, 0)
    out: list[Opcode] = []
    i = j = 0
    for pi, pj in [*pairs, (len(x), len(y))]:
        if pi > i or pj > j:
            tag = "replace" if pi > i and pj > j else "delete" if pi > i else "insert"
            out.append((tag, i, pi, j, pj))
        if pi < len(x) and pj < len(y):
            if out and out[-1][0] == "equal" and out[-1][2] == pi:
                out[-1] = ("equal", out[-1][1], pi + 1, out[-1][3], pj + 1)
            else:
                out.append(("equal", pi, pi + 1, pj, pj + 1))
        i, j = pi + 1, pj + 1
    return out


def _match(
    x: list[int],
    y: list[int],
    alo: int,
    ahi: int,
    blo: int,
    bhi: int,
    out: list[tuple[int, int]],
    count: Counter,
    depth: int,
) -> None:
    """Append the matched pairs (i, j) of x[alo:ahi] and y[blo:bhi] to `out`, in order."""
    while alo < ahi and blo < bhi and x[alo] == y[blo]:
        count.n += 1
        out.append((alo, blo))
        alo, blo = alo + 1, blo + 1
    tail: list[tuple[int, int]] = []
    while alo < ahi and blo < bhi and x[ahi - 1] == y[bhi - 1]:
        count.n += 1
        ahi, bhi = ahi - 1, bhi - 1
        tail.append((ahi, bhi))
    if alo < ahi and blo < bhi:
        anchors = _unique_common(x, y, alo, ahi, blo, bhi, count) if depth < MAX_DEPTH else []
        if anchors:
            i0, j0 = alo, blo
            for i, j in anchors:
                _match(x, y, i0, i, j0, j, out, count, depth + 1)
                out.append((i, j))
                i0, j0 = i + 1, j + 1
            _match(x, y, i0, ahi, j0, bhi, out, count, depth + 1)
        else:
            out += _myers(x, y, alo, ahi, blo, bhi, count)
    out += reversed(tail)


def _unique_common(
    x: list[int], y: list[int], alo: int, ahi: int, blo: int, bhi: int, count: Counter
) -> list[tuple[int, int]]:
    """The longest increasing run of pairs of items found once in each region (patience sorting)."""
    seen: dict[int, list[int]] = {}  # item → [times in x, where in x, times in y, where in y]
    for i in range(alo, ahi):
        s = seen.setdefault(x[i], [0, 0, 0, 0])
        s[0] += 1
        s[1] = i
    for j in range(blo, bhi):
        t = seen.get(y[j])
        if t is not None:
            t[2] += 1
            t[3] = j
    count.n += (ahi - alo) + (bhi - blo)
    pairs = sorted((s[1], s[3]) for s in seen.values() if s[0] == 1 and s[2] == 1)
    if not pairs:
        return []
    tops: list[int] = []  # the smallest j ending an increasing run of each length
    ends: list[int] = []  # which pair that is
    back: list[int] = []  # each pair's predecessor in its run
    for k, (_, j) in enumerate(pairs):
        n = bisect_left(tops, j)
        back.append(ends[n - 1] if n else -1)
        if n == len(tops):
            tops.append(j)
            ends.append(k)
        else:
            tops[n], ends[n] = j, k
    run: list[tuple[int, int]] = []
    k = ends[-1]
    while k >= 0:
        run.append(pairs[k])
        k = back[k]
    return run[::-1]


def _myers(x: list[int], y: list[int], alo: int, ahi: int, blo: int, bhi: int, count: Counter) -> list[tuple[int, int]]:
    """The pairs of a shortest edit script (Myers 1986), or none if that takes too much work."""
    n, m = ahi - alo, bhi - blo
    budget = MYERS_WORK * (n + m)
    work = 0
    v = {1: 0}
    trace: list[dict[int, int]] = []
    for d in range(n + m + 1):
        trace.append(dict(v))
        for k in range(-d, d + 1, 2):
            i = v[k + 1] if k == -d or (k != d and v[k - 1] < v[k + 1]) else v[k - 1] + 1
            j = i - k
            while i < n and j < m and x[alo + i] == y[blo + j]:
                i, j = i + 1, j + 1
                work += 1
            work += 1
            v[k] = i
            if i >= n and j >= m:
                count.n += work
                return _backtrack(trace, n, m, alo, blo)
        if work > budget:
            break
    count.n += work
    return []


def _backtrack(trace: list[dict[int, int]], n: int, m: int, alo: int, blo: int) -> list[tuple[int, int]]:
    """The matched pairs of the path Myers' forward pass found, walked back from its end."""
    pairs: list[tuple[int, int]] = []
    i, j = n, m
    for d in range(len(trace) - 1, -1, -1):
        v = trace[d]
        k = i - j
        prev_k = k + 1 if k == -d or (k != d and v[k - 1] < v[k + 1]) else k - 1
        pi = v[prev_k]
        pj = pi - prev_k
        while i > pi and j > pj:
            i, j = i - 1, j - 1
            pairs.append((alo + i, blo + j))
        i, j = pi, pj
    return pairs[::-1]
