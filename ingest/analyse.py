"""A source through segment -> tag -> anchor -> resolve, in one call.

The page is tagged once; expressions are shared out to articles by offset,
each article is anchored, and its expressions are resolved against its own
anchor (never the page's). Expressions in dropped furniture are resolved
against the page and kept in ``outside`` so that extraction still reports
every mention. All offsets stay offsets into ``source.text``.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Iterable, Sequence

from ingest.anchor import anchor_articles, as_date, context_for
from ingest.document import (
    BASIS_METADATA,
    BASIS_UNKNOWN,
    AnalysedArticle,
    Anchor,
    Mention,
    SourceDocument,
)
from ingest.segment import segment
from ingest.temporal.types import RESOLVED, UNCERTAIN, UNRESOLVED, Resolution, TemporalExpression


@dataclass
class Analysis:
    """Every article of a source with its anchor and mentions, plus the
    mentions found in page furniture outside any article."""

    articles: list[AnalysedArticle] = field(default_factory=list)
    outside: list[Mention] = field(default_factory=list)
    page_anchor: Anchor | None = None

    def mentions(self) -> list[tuple[AnalysedArticle | None, Mention]]:
        """All mentions in text order, each with its article (None outside)."""
        rows: list[tuple[AnalysedArticle | None, Mention]] = [
            (a, m) for a in self.articles for m in a.mentions
        ] + [(None, m) for m in self.outside]
        rows.sort(key=lambda r: (r[1].expression.start, r[1].expression.end))
        return rows


def _tag(text: str) -> list[TemporalExpression]:
    import ingest.temporal as t
    fn = getattr(t, "tag", None)
    if fn is None or not text:
        return []
    try:
        found = fn(text)
    except Exception:
        return []
    # only well-formed spans travel on
    return sorted((e for e in found if 0 <= e.start < e.end <= len(text)), key=lambda e: (e.start, e.end))


def _fallback(expr: TemporalExpression, why: str) -> Resolution:
    # an underspecified value that is still valid TIMEX3 for its type
    value = {"DURATION": "PXD", "SET": "XXXX-XX-XX"}.get(expr.type, "XXXX-XX-XX")
    return Resolution(value=value, rule=why, status=UNRESOLVED)


def resolve_mentions(expressions: Iterable[TemporalExpression], anchor: Anchor) -> list[Mention]:
    """Resolve stored expressions against an anchor without reading text again
    (the store calls this when a date is supplied later). Under an anchor
    whose year is uncertain, a value that changes with the other candidate
    years is marked uncertain and lists them."""
    import ingest.temporal as t
    fn = getattr(t, "resolve", None)
    ctx = context_for(anchor)
    alternatives = _alternative_contexts(anchor)
    out = []
    for e in expressions:
        res = _resolve_one(fn, e, ctx)
        if alternatives and res.status == RESOLVED and res.is_dated:
            others = []
            for alt in alternatives:
                v = _resolve_one(fn, e, alt).value
                if v != res.value and v not in others:
                    others.append(v)
            if others:
                res = replace(res, status=UNCERTAIN, candidates=tuple(others),
                              rule=f"{res.rule}; anchor year uncertain")
        out.append(Mention(expression=e, resolution=res))
    return out


def _resolve_one(fn, e: TemporalExpression, ctx) -> Resolution:
    if fn is None:
        return _fallback(e, "no resolver available")
    try:
        return fn(e, ctx)
    except Exception as exc:  # keep the mention, say why it has no value
        return _fallback(e, f"resolver failed: {type(exc).__name__}")


def _alternative_contexts(anchor: Anchor, limit: int = 3) -> list:
    if anchor.date is None or not anchor.candidates:
        return []
    out = []
    for c in anchor.candidates[:limit]:
        try:
            d = date.fromisoformat(c)
        except (TypeError, ValueError):
            continue
        out.append(context_for(replace(anchor, date=d, candidates=())))
    return out


def _page_anchor(source: SourceDocument, dct: date | None, earliest: date | None,
                 latest: date | None) -> Anchor:
    page_date = dct or as_date(source.published)
    if page_date is not None:
        return Anchor(date=page_date, basis=BASIS_METADATA, rule="page date from metadata",
                      reference=page_date, earliest=earliest, latest=latest)
    return Anchor(date=None, basis=BASIS_UNKNOWN, rule="page has no date",
                  earliest=earliest, latest=latest, reference=latest)


def split_by_article(expressions: Sequence[TemporalExpression], spans: Sequence[tuple[int, int]]
                     ) -> tuple[list[list[TemporalExpression]], list[TemporalExpression]]:
    """Expressions per article (by where they start) and those outside every article."""
    starts = [s for s, _ in spans]
    per: list[list[TemporalExpression]] = [[] for _ in spans]
    outside: list[TemporalExpression] = []
    for e in expressions:
        i = bisect.bisect_right(starts, e.start) - 1
        if i >= 0 and spans[i][0] <= e.start < spans[i][1]:
            per[i].append(e)
        else:
            outside.append(e)
    return per, outside


def analyse(source: SourceDocument, *, dct: date | None = None, earliest: date | None = None,
            latest: date | None = None) -> Analysis:
    """Segment, tag once, anchor each article, resolve. Never raises on odd text."""
    dct, earliest, latest = as_date(dct), as_date(earliest), as_date(latest)
    try:
        articles = segment(source)
    except Exception:
        articles = []
    exprs = _tag(source.text or "")
    per, outside = split_by_article(exprs, [(a.start, a.end) for a in articles])
    anchors = anchor_articles(source, articles, per, dct=dct, earliest=earliest, latest=latest)
    page = _page_anchor(source, dct, earliest, latest)
    return Analysis(
        articles=[AnalysedArticle(article=a, anchor=an, mentions=resolve_mentions(es, an))
                  for a, an, es in zip(articles, anchors, per)],
        outside=resolve_mentions(outside, page),
        page_anchor=page,
    )
