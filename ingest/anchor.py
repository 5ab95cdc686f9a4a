"""Each article's reference date, and how it was obtained.

Precedence, best first (``Anchor.basis``):

1. metadata: the publication date from a sidecar, feed, JSON Lines row or the
   command line. It dates a single-article source. On a page holding several
   articles it dates only the page (when it was published or read).
2. lead: the date an article gives its own reporting event near its top: a
   date in its dateline or a publication stamp, or a weekday + day + month in
   its first paragraphs ("في موسكو الأربعاء 8 حزيران", "نشرت يوم الاثنين 25
   تموز"), shifted when a deictic word stands beside it ("أمس السبت 4 آذار"),
   skipped when announced as a plan ("سيزور ... الخميس"). A missing year is
   the one in which that weekday matches, nearest at or before the reference;
   an Islamic holiday in the same sentence narrows the years; with nothing to
   place it, every remaining year is kept in ``candidates``.
3. inferred: what other expressions imply ("19 أيلول الجاري" -> that
   September, month precision; "اليوم الأحد 5 آذار" deep in the text; an
   implied weekday that only one day between the neighbours matches).
4. unknown: no date; relative expressions stay symbolic.

Articles on a page run newest first, so each article's date is at or before
the previous dated article's: that bound is the reference for the next one,
and an undated article lies between its dated neighbours.
"""
from __future__ import annotations

import calendar
import inspect
import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any, Iterable, Sequence

from ingest.document import (
    BASIS_INFERRED,
    BASIS_LEAD,
    BASIS_METADATA,
    BASIS_UNKNOWN,
    Anchor,
    Article,
    SourceDocument,
)
from ingest.segment import body_paragraphs, stamp_spans
from ingest.temporal.types import AnchorContext, ImpliedAnchor, Resolution, TemporalExpression

# The lead: the first two body paragraphs, and no further than this many
# characters into the body (text extracted from HTML may have no line breaks).
LEAD_PARAGRAPHS = 2
LEAD_CHARS = 800
# Years searched for a weekday-fixed date when nothing bounds it.
DEFAULT_EARLIEST = date(1990, 1, 1)
# An occasion is celebrated on or within this many days after its holiday
# (receptions "بمناسبة" a feast are held around it).
HOLIDAY_SLACK_DAYS = 10
_SENTENCE_END = re.compile(r"[.!?؟\n]")


# --- access to the temporal package, tolerant of its stage of development ---

def _temporal():
    import ingest.temporal as t
    return t


def resolve_expression(expr: TemporalExpression, ctx: AnchorContext) -> Resolution | None:
    """The temporal package's resolve, or None when it fails or is absent."""
    fn = getattr(_temporal(), "resolve", None)
    if fn is None:
        return None
    try:
        return fn(expr, ctx)
    except Exception:  # a resolver bug must not lose the whole page
        return None


def _implied(expr: TemporalExpression, ctx: AnchorContext) -> ImpliedAnchor | None:
    """What ``expr`` says about its article's date. The temporal package's
    implied_anchor takes either the context or the expression's resolution
    under it; both are accepted."""
    fn = getattr(_temporal(), "implied_anchor", None)
    if fn is None:
        return None
    try:
        params = list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        params = []
    try:
        if len(params) >= 2 and params[1].startswith("res"):
            res = resolve_expression(expr, ctx)
            return fn(expr, res) if res is not None else None
        return fn(expr, ctx)
    except Exception:  # a bug there must not lose the page's other anchors
        return None


def context_for(anchor: Anchor) -> AnchorContext:
    """The resolver context an anchor gives (the temporal package's when it has one)."""
    fn = getattr(_temporal(), "context_for", None)
    if fn is not None:
        try:
            return fn(anchor)
        except Exception:
            pass
    return AnchorContext(
        dct=anchor.date,
        dct_granularity=anchor.granularity if anchor.date else "day",
        reference=anchor.reference,
        earliest=anchor.earliest,
        latest=anchor.latest,
    )


def as_date(value: Any) -> date | None:
    """A date from a date, a datetime or an ISO string; None for anything
    else. Feeds give datetimes, and comparing one with a date raises."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


# --- reading specs ------------------------------------------------------------

def _get(spec: dict[str, Any], *names: str) -> Any:
    for n in names:
        v = spec.get(n)
        if v is not None:
            return v
    return None


def _int(v: Any) -> int | None:
    try:
        return int(v)
    except (TypeError, ValueError):
        return None


def date_fields(expr: TemporalExpression) -> tuple[int | None, int | None, int | None, int | None]:
    """(day, month, year, weekday) a Gregorian calendar date expression
    states, each None when absent; all None for anything else."""
    spec = expr.spec or {}
    if spec.get("kind", "date") != "date" or str(_get(spec, "calendar") or "gregorian").lower() != "gregorian":
        return None, None, None, None
    day = _int(_get(spec, "day"))
    month = _int(_get(spec, "month"))
    year = _int(_get(spec, "year"))
    weekday = _int(_get(spec, "weekday", "dow"))
    if month is not None and not 1 <= month <= 12:
        month = None
    if day is not None and not 1 <= day <= 31:
        day = None
    if weekday is not None and not 0 <= weekday <= 6:
        weekday = None
    return day, month, year, weekday


def _is_holiday(expr: TemporalExpression) -> bool:
    spec = expr.spec or {}
    return spec.get("kind") == "holiday" or str(spec.get("calendar", "")).lower() == "hijri"


# --- year inference -------------------------------------------------------------

def candidate_dates(day: int, month: int, weekday: int | None, *, year: int | None = None,
                    earliest: date | None = None, latest: date | None = None) -> list[date]:
    """Every date with that day and month (and weekday, and year when given)
    inside [earliest, latest], most recent first."""
    lo = (earliest or DEFAULT_EARLIEST).year
    hi = (latest or date.today()).year
    years = [year] if year is not None else range(hi, lo - 1, -1)
    out = []
    for y in years:
        try:
            d = date(y, month, day)
        except ValueError:
            continue
        if weekday is not None and d.weekday() != weekday:
            continue
        if year is None and ((earliest and d < earliest) or (latest and d > latest)):
            continue
        out.append(d)
    return out


_SENTENCE_MAX = 1500   # look no further than this for a sentence's ends (keeps long pages linear)


def _sentence_of(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max(0, start - _SENTENCE_MAX)
    left = max((m.end() for m in _SENTENCE_END.finditer(text, lo, start)), default=lo)
    m = _SENTENCE_END.search(text, end, min(len(text), end + _SENTENCE_MAX))
    return left, (m.start() if m else min(len(text), end + _SENTENCE_MAX))


def _narrow_by_holiday(cands: list[date], expr: TemporalExpression,
                       neighbours: Iterable[TemporalExpression], text: str) -> tuple[list[date], str]:
    """Keep the candidates near an Islamic holiday named in the same sentence."""
    s, e = _sentence_of(text, expr.start, expr.end)
    for other in neighbours:
        if other is expr or not (s <= other.start < e) or not _is_holiday(other):
            continue
        kept = []
        for d in cands:
            res = resolve_expression(other, AnchorContext(dct=d, reference=d))
            if res is not None and res.date_start is not None and 0 <= (d - res.date_start).days <= HOLIDAY_SLACK_DAYS:
                kept.append(d)
        if kept:
            return kept, f"; {other.text} narrows the year"
    return cands, ""


_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


# How far before a lead date a future-tense cue makes it a plan, not the report's day.
FUTURE_WINDOW = 50
_FUTURE: tuple[frozenset[str], frozenset[str], Any] | None = None   # loaded once from the lexicon
_FUTURE_VERB = re.compile(r"^[وف]?س[يتن][\u0621-\u064a]{2,}$")      # س + imperfect: سيزور، ستعقد


def _future_cues() -> tuple[frozenset[str], frozenset[str], Any]:
    """Future cue words and non-verbs starting with س, folded, from the
    temporal lexicon (the one place tense knowledge lives)."""
    global _FUTURE
    if _FUTURE is None:
        try:
            from ingest.normalize import fold
            from ingest.temporal import lexicon as L
            cues = frozenset(fold(c) for c in getattr(L, "FUTURE_CUES", ()))
            stop = frozenset(fold(w) for w in getattr(L, "FUTURE_PREFIX_STOPLIST", ()))
            _FUTURE = (cues, stop, fold)
        except Exception:  # no lexicon yet: no tense test
            _FUTURE = (frozenset(), frozenset(), None)
    return _FUTURE


def _planned(expr: TemporalExpression, text: str) -> bool:
    """True when the words just before ``expr`` in its sentence put it in the
    future ("سيزور أنقرة الخميس 4 شباط", "المقرر عقده الأحد 5 آذار"): a plan
    the article announces, not the day it reports."""
    cues, stop, fold = _future_cues()
    if fold is None:
        return False
    s, _ = _sentence_of(text, expr.start, expr.end)
    window = fold(text[max(s, expr.start - FUTURE_WINDOW):expr.start])
    words = re.findall(r"[\u0621-\u064a]+", window)
    joined = " " + " ".join(words) + " "
    if any(f" {c} " in joined for c in cues if c):
        return True
    return any(_FUTURE_VERB.match(w) and w.lstrip("وف") not in stop and w not in stop for w in words)


_ADJACENT_GAP = re.compile(r"[\s\u00a0،,\-–]{0,3}")


def _deictic_before(expr: TemporalExpression, all_exprs: Sequence[TemporalExpression], text: str) -> int | None:
    """Days of a deictic word written right before ``expr`` ("أمس السبت 4
    آذار" -> -1): the date is that many days from the article's own day. The
    tagger makes the word and the date one expression and keeps the word's
    days in its spec (``deictic``); a separate word just before counts too."""
    own = _int((expr.spec or {}).get("deictic"))
    if own is not None and -7 <= own <= 7:
        return own
    for e in all_exprs:
        spec = e.spec or {}
        if e.end <= expr.start and spec.get("kind") == "deictic" and _ADJACENT_GAP.fullmatch(text[e.end:expr.start]):
            days = _int(spec.get("days"))
            if days is not None and -7 <= days <= 7:
                return days
    return None


def _lead_from(expr: TemporalExpression, all_exprs: Sequence[TemporalExpression], text: str,
               reference: date | None, earliest: date | None, latest: date | None,
               in_dateline: bool, index: int) -> Anchor | None:
    day, month, year, weekday = date_fields(expr)
    if day is None or month is None:
        return _hijri_lead(expr, reference, earliest, latest, in_dateline, index)
    # "اليوم/أمس/غدا" written beside the date says outright which day the
    # article is written on
    shift = _deictic_before(expr, all_exprs, text)
    if not in_dateline and shift is None and _planned(expr, text):
        return None
    if weekday is None and not in_dateline and shift is None:
        # a bare "9 أيلول (2016)" in a lead is as often some earlier event as
        # the report's own day; a weekday is how Arabic news dates its own
        return None
    upper = min((d for d in (reference, latest) if d is not None), default=None)
    if upper is not None and shift:
        upper = upper + timedelta(days=shift)  # bounds apply to the article's day, not the named one
    cands = candidate_dates(day, month, weekday, year=year, earliest=earliest, latest=upper)
    # a page date or the article above is a reference: the nearest year before
    # it is the answer; a bare hint range only bounds the search
    referenced = reference is not None
    if year is not None and weekday is not None and not cands:
        cands = candidate_dates(day, month, None, year=year)  # the text's year wins over a wrong weekday
    if not cands:
        return None
    note = ""
    if len(cands) > 1:
        cands, note = _narrow_by_holiday(cands, expr, all_exprs, text)
    if shift:
        cands = [d - timedelta(days=shift) for d in cands]
        note += f"; the text calls it {'+' if shift > 0 else ''}{shift} day(s) from the article's day"
    chosen = cands[0]  # most recent at or before the bound: news runs newest first
    wd = f"{_WEEKDAYS_EN[weekday]} " if weekday is not None else ""
    where = "dateline or stamp" if in_dateline else "lead"
    if year is not None:
        why = f"the article's own date in its {where}: {expr.text}{note}"
        others: tuple[str, ...] = ()
    elif referenced:
        why = (f"{wd}{day} {calendar.month_name[month]} nearest at or before {reference.isoformat()}"
               f" ({where}: {expr.text}){note}")
        others = ()
    else:
        # nothing bounds the year: keep every candidate and say the pick is uncertain
        others = tuple(d.isoformat() for d in cands[1:])
        why = (f"{wd}{day} {calendar.month_name[month]}: year {'uncertain' if others else 'fixed'}"
               f" between {(earliest or DEFAULT_EARLIEST).year} and {(upper or date.today()).year}{note}")
    return Anchor(date=chosen, granularity="day", basis=BASIS_LEAD, rule=why, reference=reference,
                  earliest=earliest, latest=latest, candidates=others, mention_index=index)


def _hijri_lead(expr: TemporalExpression, reference: date | None, earliest: date | None,
                latest: date | None, in_dateline: bool, index: int) -> Anchor | None:
    """A Hijri day with its year ("الأحد 1 محرم 1438 هـ") dates the article
    through the resolver's Umm al-Qura conversion."""
    spec = expr.spec or {}
    if spec.get("kind") != "date" or str(spec.get("calendar")).lower() != "hijri":
        return None
    if spec.get("day") is None or spec.get("year") is None or (spec.get("weekday") is None and not in_dateline):
        return None
    res = resolve_expression(expr, AnchorContext(reference=reference, earliest=earliest, latest=latest))
    if res is None or not res.is_dated or res.granularity != "day" or res.candidates:
        return None
    where = "dateline or stamp" if in_dateline else "lead"
    return Anchor(date=res.date_start, granularity="day", basis=BASIS_LEAD,
                  rule=f"the article's own Hijri date in its {where}: {expr.text} ({res.rule})",
                  reference=reference, earliest=earliest, latest=latest, mention_index=index)


def _lead_expressions(article: Article, exprs: Sequence[TemporalExpression],
                      types: tuple[str, ...] = ("DATE",)) -> list[tuple[int, int, TemporalExpression]]:
    """(0 in the dateline or a stamp / 1 in the lead, index, expression), in that order."""
    # the dateline and any publication stamp under the headline date the
    # article itself; the first paragraphs usually date its reporting event
    own = list(stamp_spans(article))
    stamps = {s for s, _ in own}
    if article.dateline_span:
        own.append(article.dateline_span)
    paragraphs = [p for p in body_paragraphs(article) if p[0] not in stamps][:LEAD_PARAGRAPHS]
    if paragraphs:
        limit = paragraphs[0][0] + LEAD_CHARS
        paragraphs = [(s, min(t, limit)) for s, t in paragraphs if s < limit]
    ordered: list[tuple[int, int, TemporalExpression]] = []
    for i, e in enumerate(exprs):
        if e.type not in types:
            continue
        in_dateline = any(s <= e.start < t for s, t in own)
        in_lead = any(s <= e.start < t for s, t in paragraphs)
        if in_dateline or in_lead:
            ordered.append((0 if in_dateline else 1, i, e))
    return sorted(ordered, key=lambda r: (r[0], r[2].start))


def _lead_anchor(article: Article, exprs: Sequence[TemporalExpression], reference: date | None,
                 earliest: date | None, latest: date | None) -> Anchor | None:
    text = article.source.text or ""
    for rank, i, e in _lead_expressions(article, exprs):
        a = _lead_from(e, exprs, text, reference, earliest, latest, rank == 0, i)
        if a is not None:
            return a
    return None


_NO_DAY = date.min   # a weekday beside a deictic word that fits no day near the page's


def _day_written(expr: TemporalExpression, page_date: date) -> date | None:
    """The day an expression of the lead says the article is written on, when it names a
    weekday beside a deictic word: "أمس الخميس" (the day after a Thursday), "غدا السبت (18
    آذار 2017)" (the day before 18 March); ``_NO_DAY`` when that day is not within a day of
    ``page_date``; None for any other expression."""
    spec = expr.spec or {}
    days = _int(spec.get("days") if spec.get("kind") == "deictic" else spec.get("deictic"))
    wd = _int(spec.get("weekday"))
    if days is None or wd is None or not 0 <= wd <= 6:
        return None
    if spec.get("kind") == "deictic":
        named = page_date + timedelta(days=days)
        for shift in (0, -1, 1):
            if (named + timedelta(days=shift)).weekday() == wd:
                return page_date + timedelta(days=shift)
        return _NO_DAY
    res = resolve_expression(expr, AnchorContext(dct=page_date, reference=page_date))
    if res is None or res.date_start is None or res.granularity not in ("day", "time") \
            or res.date_start.weekday() != wd:
        return None
    d = res.date_start - timedelta(days=days)
    return d if abs((d - page_date).days) <= 1 else _NO_DAY


def _shifted_by_lead(article: Article, exprs: Sequence[TemporalExpression], page_date: date,
                     anchor: Anchor) -> Anchor:
    """A page dated a day late (or early): "غدا السبت" in the lead puts the article on the day
    before that Saturday, whatever the metadata says. Every expression of the article is then
    resolved against that day, its bare اليوم and أمس included. Only a shift of one day, and
    only when the lead's weekdays agree on it."""
    days: list[tuple[date, int, TemporalExpression]] = []
    # the top of the article, short lines (headline, place, stamps) or not
    paragraphs = body_paragraphs(article)
    limit = (paragraphs[0][0] if paragraphs else article.start) + LEAD_CHARS
    for i, e in enumerate(exprs):
        if e.start >= limit:
            break
        d = _day_written(e, page_date)
        if d is not None:
            days.append((d, i, e))
    if not days or len({d for d, _, _ in days}) > 1 or abs((days[0][0] - page_date).days) != 1:
        return anchor
    d, i, e = days[0]
    return replace(anchor, date=d, basis=BASIS_LEAD, mention_index=i,
                   rule=f"publication date {page_date.isoformat()} from metadata, but the lead's "
                        f"«{e.text}» is written on {d.isoformat()}")


def _inferred_anchor(exprs: Sequence[TemporalExpression], text: str, reference: date | None,
                     earliest: date | None, latest: date | None) -> Anchor | None:
    # "اليوم الأحد 5 آذار" deep in the article still says which day it is written
    for i, e in enumerate(exprs):
        if e.type == "DATE" and _deictic_before(e, exprs, text) is not None:
            a = _lead_from(e, exprs, text, reference, earliest, latest, False, i)
            if a is not None and a.date is not None:
                return replace(a, basis=BASIS_INFERRED, rule=a.rule.replace("(lead: ", "(", 1))
    ctx = AnchorContext(dct=None, reference=reference, earliest=earliest, latest=latest)
    for i, e in enumerate(exprs):
        imp = _implied(e, ctx)
        if imp is None or imp.date is None:
            continue
        if reference is not None and imp.date > reference:
            continue  # cannot be newer than the article above it
        gran = imp.granularity if imp.granularity in ("day", "month") else "month"
        d = imp.date if gran == "day" else imp.date.replace(day=1)
        return Anchor(date=d, granularity=gran, basis=BASIS_INFERRED,
                      rule=f"implied by {e.text!r}" + (f": {imp.reason}" if imp.reason else ""),
                      reference=reference, earliest=earliest, latest=latest, mention_index=i)
    return None


def _last_day(anchor: Anchor) -> date | None:
    if anchor.date is None:
        return None
    if anchor.granularity == "month":
        return anchor.date.replace(day=calendar.monthrange(anchor.date.year, anchor.date.month)[1])
    return anchor.date


def anchor_articles(source: SourceDocument, articles: Sequence[Article],
                    expressions_by_article: Sequence[Sequence[TemporalExpression]], *,
                    dct: date | None = None, earliest: date | None = None,
                    latest: date | None = None) -> list[Anchor]:
    """One Anchor per article (see the module doc for the precedence).
    ``mention_index`` points into that article's expression list."""
    dct, earliest, latest = as_date(dct), as_date(earliest), as_date(latest)
    page_date = dct or as_date(source.published)
    single = len(articles) == 1 and articles[0].key == source.key
    anchors: list[Anchor] = []
    weekdays: dict[int, tuple[int, int, str] | None] = {}
    bound = page_date   # every later article is at or before this (a reference, unlike a hint range)
    for n, art in enumerate(articles):
        exprs = list(expressions_by_article[n]) if n < len(expressions_by_article) else []
        if single and page_date is not None:
            a = Anchor(date=page_date, granularity="day", basis=BASIS_METADATA,
                       rule="publication date from metadata", reference=page_date,
                       earliest=earliest, latest=latest)
            try:
                a = _shifted_by_lead(art, exprs, page_date, a)
            except Exception:  # odd text keeps the metadata's date
                pass
            anchors.append(a)
            continue
        try:
            a = (_lead_anchor(art, exprs, bound, earliest, latest)
                 or _inferred_anchor(exprs, art.source.text or "", bound, earliest, latest))
        except Exception:  # odd text must never cost the page its other anchors
            a = None
        if a is None:
            up = min((d for d in (bound, latest) if d is not None), default=None)
            a = Anchor(date=None, basis=BASIS_UNKNOWN,
                       rule="no date of its own" + (f"; at or before {bound.isoformat()}" if bound else ""),
                       reference=bound, earliest=earliest, latest=up)
            weekdays[n] = _implied_weekday(exprs, AnchorContext(reference=bound, earliest=earliest, latest=up))
        anchors.append(a)
        last = _last_day(a)
        if last is not None and not a.candidates:
            bound = min(bound, last) if bound is not None else last
    return _lower_bounds(anchors, earliest, weekdays)


def _implied_weekday(exprs: Sequence[TemporalExpression], ctx: AnchorContext) -> tuple[int, int, str] | None:
    """(weekday, expression index, text) of the first expression that says
    on which weekday the article is written ("يوم غد الأربعاء" -> Tuesday)."""
    for i, e in enumerate(exprs):
        imp = _implied(e, ctx)
        if imp is not None and imp.date is None and imp.weekday is not None and 0 <= imp.weekday <= 6:
            return imp.weekday, i, e.text
    return None


def _lower_bounds(anchors: list[Anchor], earliest: date | None,
                  weekdays: dict[int, tuple[int, int, str] | None] | None = None) -> list[Anchor]:
    """An undated article sits between the dated ones around it: newer than
    the next dated article below it on the page. When that window holds a
    single day of the weekday the article implies, that day is its date."""
    weekdays = weekdays or {}
    below = earliest
    out = list(anchors)
    for n in range(len(out) - 1, -1, -1):
        a = out[n]
        if a.date is None:
            if below is not None and (a.latest is None or below <= a.latest):
                a = out[n] = replace(a, earliest=below, rule=a.rule + f"; at or after {below.isoformat()}")
            hint = weekdays.get(n)
            if hint and a.earliest and a.latest and (a.latest - a.earliest).days < 14:
                days = [a.earliest + timedelta(days=k) for k in range((a.latest - a.earliest).days + 1)]
                fits = [d for d in days if d.weekday() == hint[0]]
                if len(fits) == 1:
                    out[n] = replace(a, date=fits[0], granularity="day", basis=BASIS_INFERRED, mention_index=hint[1],
                                     rule=f"{hint[2]!r} puts it on a {_WEEKDAYS_EN[hint[0]]}, the only one between "
                                          f"{a.earliest.isoformat()} and {a.latest.isoformat()}")
        elif not a.candidates:
            below = max(a.date, earliest) if earliest else a.date
    return out


def with_published(anchor: Anchor, published: date) -> Anchor:
    """The anchor a user-supplied publication date gives (re-anchoring)."""
    return replace(anchor, date=as_date(published), granularity="day", basis=BASIS_METADATA,
                   rule="publication date supplied", candidates=(), reference=as_date(published))
