"""Offsets looked up among many spans in logarithmic time.

A long document has thousands of sentences, entities and mentions; asking,
for every mention, which sentence holds it or which entities lie in its
sentence must not scan them all (that made analysis quadratic in the
document's length). These helpers keep spans sorted and bisect them.
"""
from __future__ import annotations

import bisect
from itertools import accumulate
from operator import attrgetter
from typing import Iterable, Protocol, Sequence, TypeVar


class HasSpan(Protocol):
    start: int
    end: int


T = TypeVar("T", bound=HasSpan)
_START = attrgetter("start")


class SpanSet:
    """A set of spans (start, end), overlapping or not, answering containment questions."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        # the furthest end among the spans starting at or before each one
        self._reach = list(accumulate((e for _, e in ordered), max))

    def covers(self, start: int, end: int) -> bool:
        """Whether one span holds all of [start, end)."""
        i = bisect.bisect_right(self._starts, start)
        return i > 0 and self._reach[i - 1] >= end

    def holds(self, offset: int) -> bool:
        """Whether one span holds the character at ``offset``."""
        i = bisect.bisect_right(self._starts, offset)
        return i > 0 and self._reach[i - 1] > offset


def inside(refs: Sequence[T], start: int, end: int) -> list[T]:
    """The refs lying within [start, end); ``refs`` sorted by start."""
    out = []
    for k in range(bisect.bisect_left(refs, start, key=_START), len(refs)):
        r = refs[k]
        if r.start > end:
            break
        if r.end <= end:
            out.append(r)
    return out


def overlapping(spans: Sequence[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """The spans meeting [start, end); ``spans`` in text order and not overlapping
    each other (so their ends rise with their starts), as sentences are."""
    out = []
    for k in range(bisect.bisect_right(spans, start, key=lambda s: s[1]), len(spans)):
        s = spans[k]
        if s[0] >= end:
            break
        out.append(s)
    return out
