"""Events: which resolved mentions anchor something happening, and their text."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ingest.document import AnalysedArticle
from ingest.temporal.hijri import to_hijri_iso

_SENTENCE_END = re.compile(r"[.؟?!؛\n]")


@dataclass
class EventCandidate:
    """An event as one article tells it; offsets into the article's text."""

    kind: str                      # "mention" or "main"
    mention_index: int | None      # index into the article's mentions
    date_start: date
    date_end: date
    granularity: str
    value: str
    end_value: str | None
    calendar: str
    rule: str
    title: str
    text: str
    sentence_start: int
    sentence_end: int
    place: str | None = None
    confidence: float = 0.5
    entities: list[tuple[str, str]] = field(default_factory=list)

    @property
    def hijri_start(self) -> str | None:
        return to_hijri_iso(self.date_start)

    @property
    def hijri_end(self) -> str | None:
        return to_hijri_iso(self.date_end)


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around [start, end): from the last boundary before to the next after."""
    left = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        left = m.end()
    m = _SENTENCE_END.search(text, end)
    right = m.end() if m else len(text)
    while left < right and text[left].isspace():
        left += 1
    while right > left and text[right - 1].isspace():
        right -= 1
    return left, right


def build_events(item: AnalysedArticle) -> list[EventCandidate]:
    """One event per dated mention (durations, sets and vague references make none)."""
    article = item.article
    text = article.text
    out: list[EventCandidate] = []
    for index, mention in enumerate(item.mentions):
        res = mention.resolution
        if mention.expression.type not in ("DATE", "TIME") or not res.is_dated:
            continue
        start = mention.expression.start - article.start
        end = mention.expression.end - article.start
        s, e = sentence_bounds(text, start, end)
        sentence = text[s:e]
        out.append(EventCandidate(
            kind="mention", mention_index=index, date_start=res.date_start, date_end=res.date_end or res.date_start,
            granularity=res.granularity or "day", value=res.value, end_value=res.end_value,
            calendar=res.calendar, rule=res.rule, title=sentence[:120], text=sentence,
            sentence_start=s, sentence_end=e, place=article.dateline,
        ))
    return out
