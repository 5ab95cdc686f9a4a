"""An article's text as event building reads it: lines, sentences, words, and
where its date expressions stand. Offsets are into the article's text."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property

from ingest.events.sentences import sentence_at, split_sentences
from ingest.events.spans import overlapping

WORD = re.compile(r"[\u0621-\u064A\u0640\u064B-\u0652\u0670A-Za-z0-9]+")
ARABIC_WORD = re.compile(r"[\u0621-\u064A][\u0621-\u064A\u0640\u064B-\u0652\u0670]*")
LATIN = re.compile(r"[A-Za-z]")
# How far back a clause's start is looked for: a cue reaches a few words, and a
# run-on "sentence" of a long document must not cost a scan per expression.
CLAUSE_REACH = 400
# Marks that end a clause inside a sentence.
CLAUSE_BREAK = re.compile(r"[،,:;؛\(\)\[\]]|\.\.")


@dataclass
class Prose:
    text: str
    # (start, end) of every date expression of the article, in text order
    dates: list[tuple[int, int]] = field(default_factory=list)
    # what rules found about a line, by the line's start (each line is judged once)
    line_memo: dict[int, bool] = field(default_factory=dict)
    leads: dict[int, list[tuple[int, int]]] = field(default_factory=dict)

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        return split_sentences(self.text)

    @cached_property
    def lines(self) -> list[tuple[int, int]]:
        out, pos = [], 0
        for line in self.text.split("\n"):
            out.append((pos, pos + len(line)))
            pos += len(line) + 1
        return out

    @cached_property
    def _date_starts(self) -> list[int]:
        return [s for s, _ in self.dates]

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        return sentence_at(self.sentences, start, end)

    def line(self, at: int) -> tuple[int, int]:
        return self.lines[max(0, bisect.bisect_right(self.lines, at, key=lambda s: s[0]) - 1)]

    def dates_within(self, start: int, end: int) -> list[tuple[int, int]]:
        """The date expressions lying within [start, end)."""
        i = bisect.bisect_left(self._date_starts, start)
        out = []
        while i < len(self.dates) and self.dates[i][0] < end:
            if self.dates[i][1] <= end:
                out.append(self.dates[i])
            i += 1
        return out

    def without_dates(self, start: int, end: int) -> str:
        """The text of [start, end) with its date expressions blanked out."""
        parts, pos = [], start
        for s, e in self.dates_within(start, end):
            parts.append(self.text[pos:s])
            parts.append(" ")
            pos = e
        parts.append(self.text[pos:end])
        return "".join(parts)

    def words_before(self, at: int, limit: int, floor: int | None = None) -> list[str]:
        """Up to ``limit`` words before ``at`` (nearest last), not before ``floor``
        (default: the sentence's start)."""
        if floor is None:
            floor = self.sentence(at, at + 1)[0] if at < len(self.text) else 0
        lo = max(floor, at - 20 * limit)
        return WORD.findall(self.text, lo, at)[-limit:]

    def words_after(self, at: int, limit: int) -> list[str]:
        return WORD.findall(self.text, at, min(len(self.text), at + 20 * limit))[:limit]

    def clause_start(self, at: int) -> int:
        """Where the clause holding ``at`` starts (a clause break, or its sentence's
        start; looked for at most ``CLAUSE_REACH`` characters back)."""
        s, _e = self.sentence(at, at + 1)
        last = lo = max(s, at - CLAUSE_REACH)
        for m in CLAUSE_BREAK.finditer(self.text, lo, at):
            last = m.end()
        return last

    def between(self, a_end: int, b_start: int) -> str:
        return self.text[a_end:b_start] if 0 <= b_start - a_end <= 40 else "\n" * 41

    def sentences_meeting(self, start: int, end: int) -> list[tuple[int, int]]:
        return overlapping(self.sentences, start, end)
