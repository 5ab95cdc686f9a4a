"""Arabic sentence boundaries, with offsets.

A sentence ends at ``.`` ``؟`` ``?`` ``!`` ``؛`` ``;`` or a line break. The
Arabic comma ``،`` joins clauses inside a sentence and never ends one. A
quotation (“...”, «...», "...") is kept whole even when it holds several
sentences, but only when it closes on the same line: news text often opens a
quote it never closes, and that must not swallow the rest of the paragraph.
Dot runs ("وقال.. “...”"), decimal points (3.5) and dotted abbreviations
(أ.ف.ب) are not boundaries.
"""
from __future__ import annotations

import re

from ingest.events.spans import overlapping

_ENDERS = set(".؟?!؛;")
_OPENERS = {"“": "”", "«": "»", '"': '"', "„": "“"}
_SPACE = " \t\u00a0\u200b\u200e\u200f\ufeff"
# Candidates found by the regex engine rather than a loop over every character.
_ENDER = re.compile("[" + re.escape("".join(sorted(_ENDERS))) + "]")
_OPENER = re.compile("[" + re.escape("".join(_OPENERS)) + "]")
_CLOSING = "\"”»’)]"  # closing quotes and brackets that stay with the sentence before them
_WORD = re.compile(r"\w")


def _quote_spans(line: str) -> list[tuple[int, int]]:
    """Spans of quotations that open and close within ``line``."""
    spans: list[tuple[int, int]] = []
    m = _OPENER.search(line)
    while m:
        i = m.start()
        j = line.find(_OPENERS[line[i]], i + 1)
        if j == -1:
            m = _OPENER.search(line, i + 1)
            continue
        spans.append((i, j + 1))
        m = _OPENER.search(line, j + 1)
    return spans


def _is_boundary(line: str, i: int) -> bool:
    ch = line[i]
    if ch not in _ENDERS:
        return False
    if ch == ".":
        before = line[i - 1] if i > 0 else ""
        after = line[i + 1] if i + 1 < len(line) else ""
        if after == "." or before == ".":
            return False  # ".." is SANA's colon, "..." an ellipsis
        if before.isdigit() and after.isdigit():
            return False
        if after and not after.isspace() and after not in _CLOSING and i + 2 < len(line) and line[i + 2] == ".":
            return False  # أ.ف.ب
    return True


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans (start, end) of the non-empty sentences of ``text``, trimmed of spaces."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        quotes = _quote_spans(line)
        start = 0
        q = 0
        # Only a stop outside every quotation can end a sentence. The stops
        # come in text order, and none lies before ``start`` (closers are no stops).
        for m in _ENDER.finditer(line):
            i = m.start()
            while q < len(quotes) and quotes[q][1] <= i:
                q += 1
            if (q < len(quotes) and quotes[q][0] <= i) or not _is_boundary(line, i):
                continue
            end = i + 1
            # closing quotes and brackets right after the stop belong to this sentence
            while end < len(line) and line[end] in _CLOSING:
                end += 1
            _add(spans, line, pos, start, end)
            start = end
        _add(spans, line, pos, start, len(line))
        pos += len(line) + 1
    return spans


def _add(spans: list[tuple[int, int]], line: str, pos: int, start: int, end: int) -> None:
    while start < end and line[start] in _SPACE:
        start += 1
    while end > start and line[end - 1] in _SPACE:
        end -= 1
    if end > start and _WORD.search(line, start, end):
        spans.append((pos + start, pos + end))


def sentence_at(spans: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """The sentence holding [start, end); a span crossing a boundary widens to both.
    ``spans`` as ``split_sentences`` gives them (in text order, none overlapping)."""
    hit = overlapping(spans, start, end)
    if not hit:
        return start, end
    return hit[0][0], hit[-1][1]
