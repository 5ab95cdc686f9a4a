"""Resolve a tagged expression against an anchor: a pure function of (type, spec, ctx).

``resolve`` never reads the text and never raises: whatever goes wrong gives
an "unresolved" ``Resolution`` with an underspecified value and the reason in
``rule``. Anchor-relative expressions without an anchor come back
"unresolved" with a ``symbolic`` form ("DCT-1D", "Tuesday before DCT") so that
they can be re-resolved the moment a date is supplied.
"""
from __future__ import annotations

import re

import calendar as _cal
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from ingest.temporal import hijri, holidays
from ingest.temporal.explain import explain
from ingest.temporal.lexicon import NATIONAL_DAY_FIRST_YEAR, WEEKDAY_NAMES_EN
from ingest.temporal.types import (DURATION, RESOLVED, SET, UNCERTAIN, UNRESOLVED, VAGUE, AnchorContext,
                                   ImpliedAnchor, Resolution, TemporalExpression)

_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}
_SEASON_ORDER = ("WI", "SP", "SU", "FA")
_QUARTER_MONTHS = {"Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9), "Q4": (10, 12), "H1": (1, 6), "H2": (7, 12)}
_MIN_YEAR, _MAX_YEAR = 1, 9999


class _Unresolvable(Exception):
    """Internal: the spec cannot be resolved under this context."""


# ---------------------------------------------------------------------------
# Calendar helpers

def _fmt_day(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def _month_end(y: int, m: int) -> date:
    return date(y, m, _cal.monthrange(y, m)[1])


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    t = y * 12 + (m - 1) + k
    return t // 12, t % 12 + 1


def _valid(y: int, m: int, d: int) -> bool:
    return _MIN_YEAR <= y <= _MAX_YEAR and 1 <= m <= 12 and 1 <= d <= _cal.monthrange(y, m)[1]


@lru_cache(maxsize=4096)
def _dates_on_weekday(year: int, month: int, day: int, wd: int) -> tuple[date, ...]:
    """The days ``day``/``month`` of the 25 years around ``year`` that fall on weekday ``wd``
    (kept: the same weekday and date are asked again for every article of a week)."""
    return tuple(date(y, month, day) for y in range(year - 12, year + 13)
                 if _valid(y, month, day) and date(y, month, day).weekday() == wd)


def _narrow(start: date, end: date, mod: str | None) -> tuple[date, date]:
    """START/MID/END: the first, middle or last third of an interval."""
    if not mod:
        return start, end
    n = (end - start).days + 1
    third = max(1, n // 3)
    if mod == "START":
        return start, start + timedelta(days=third - 1)
    if mod == "END":
        return end - timedelta(days=third - 1), end
    mid0 = start + timedelta(days=third)
    return mid0, min(end, mid0 + timedelta(days=max(0, n - 2 * third) - 1))


def _day_res(d: date, rule: str, pod: str | None = None, status: str = RESOLVED,
             candidates: tuple[str, ...] = (), calendar: str = "gregorian", symbolic: str | None = None) -> Resolution:
    value = _fmt_day(d) + (f"T{pod}" if pod else "")
    return Resolution(value=value, granularity="day", date_start=d, date_end=d, rule=rule, status=status,
                      candidates=candidates, calendar=calendar, symbolic=symbolic)


def _month_res(y: int, m: int, rule: str, mod: str | None = None, status: str = RESOLVED,
               calendar: str = "gregorian", symbolic: str | None = None) -> Resolution:
    s, e = _narrow(date(y, m, 1), _month_end(y, m), mod)
    return Resolution(value=f"{y:04d}-{m:02d}", granularity="month", date_start=s, date_end=e, rule=rule,
                      status=status, calendar=calendar, symbolic=symbolic)


def _year_res(y: int, rule: str, mod: str | None = None, calendar: str = "gregorian",
              symbolic: str | None = None, status: str = RESOLVED) -> Resolution:
    s, e = _narrow(date(y, 1, 1), date(y, 12, 31), mod)
    return Resolution(value=f"{y:04d}", granularity="year", date_start=s, date_end=e, rule=rule,
                      calendar=calendar, symbolic=symbolic, status=status)


def _week_res(d: date, rule: str, symbolic: str | None = None) -> Resolution:
    iy, iw, _ = d.isocalendar()
    monday = d - timedelta(days=d.weekday())
    return Resolution(value=f"{iy:04d}-W{iw:02d}", granularity="week", date_start=monday,
                      date_end=monday + timedelta(days=6), rule=rule, symbolic=symbolic)


def _quarter_res(y: int, q: str, rule: str, symbolic: str | None = None) -> Resolution:
    m1, m2 = _QUARTER_MONTHS[q]
    return Resolution(value=f"{y:04d}-{q}", granularity="quarter", date_start=date(y, m1, 1),
                      date_end=_month_end(y, m2), rule=rule, symbolic=symbolic)


def _season_interval(y: int, s: str) -> tuple[date, date]:
    m1, m2 = _SEASON_MONTHS[s]
    if s == "WI":
        return date(y, 12, 1), _month_end(y + 1, 2)
    return date(y, m1, 1), _month_end(y, m2)


def _season_res(y: int, s: str, rule: str, mod: str | None = None, symbolic: str | None = None) -> Resolution:
    a, b = _narrow(*_season_interval(y, s), mod)
    return Resolution(value=f"{y:04d}-{s}", granularity="season", date_start=a, date_end=b, rule=rule,
                      symbolic=symbolic)


def _decade_res(dec: int, rule: str, symbolic: str | None = None, mod: str | None = None) -> Resolution:
    a, b = _narrow(date(max(1, dec * 10), 1, 1), date(dec * 10 + 9, 12, 31), mod)
    return Resolution(value=f"{dec:03d}", granularity="decade", date_start=a, date_end=b, rule=rule,
                      symbolic=symbolic)


def _century_res(c: int, rule: str, symbolic: str | None = None, mod: str | None = None) -> Resolution:
    a, b = _narrow(date(max(1, c * 100), 1, 1), date(c * 100 + 99, 12, 31), mod)
    return Resolution(value=f"{c:02d}", granularity="century", date_start=a, date_end=b, rule=rule,
                      symbolic=symbolic)


def _unresolved(value: str, rule: str, symbolic: str | None = None, granularity: str | None = None,
                calendar: str = "gregorian") -> Resolution:
    return Resolution(value=value, granularity=granularity, rule=rule, status=UNRESOLVED, symbolic=symbolic,
                      calendar=calendar)


def _wd_name(wd: int) -> str:
    return WEEKDAY_NAMES_EN[wd % 7]


def _x_weekday(wd: int) -> str:
    return f"XXXX-WXX-{wd % 7 + 1}"


# ---------------------------------------------------------------------------
# Anchors

def _day_anchor(ctx: AnchorContext) -> date | None:
    return ctx.dct if ctx.dct is not None and ctx.dct_granularity == "day" else None


def _month_only(ctx: AnchorContext) -> bool:
    return ctx.dct is not None and ctx.dct_granularity != "day"


def _month_uncertain(ctx: AnchorContext, rule: str, symbolic: str) -> Resolution:
    """A day-relative expression under an anchor known only to the month."""
    assert ctx.dct is not None
    r = _month_res(ctx.dct.year, ctx.dct.month, rule + "; anchor known only to the month", status=UNCERTAIN,
                   symbolic=symbolic)
    return r


def _in_window(d: date, ctx: AnchorContext) -> bool:
    return (ctx.earliest is None or d >= ctx.earliest) and (ctx.latest is None or d <= ctx.latest)


def _choose(cands: list[date], ctx: AnchorContext) -> tuple[date | None, str, tuple[date, ...]]:
    """Pick among candidate dates: nearest the anchor, else at or before the reference.

    Returns (choice, how, tied alternatives).
    """
    cands = [c for c in cands if _in_window(c, ctx)]
    if not cands:
        return None, "", ()
    if ctx.dct is not None:
        base = ctx.dct
        key = lambda c: abs((c - base).days)
        how = f"nearest {base.isoformat()}"
    elif ctx.reference is not None:
        base = ctx.reference
        before = [c for c in cands if c <= base]
        if before:
            cands = before
            how = f"nearest at or before {base.isoformat()}"
        else:
            how = f"nearest {base.isoformat()}"
        key = lambda c: abs((c - base).days)
    else:
        return None, "", ()
    cands = sorted(set(cands), key=lambda c: (key(c), c))
    best = cands[0]
    ties = tuple(c for c in cands[1:] if key(c) == key(best))
    return best, how, ties


def _base(ctx: AnchorContext) -> date | None:
    return ctx.dct if ctx.dct is not None else ctx.reference


# ---------------------------------------------------------------------------
# Resolvers per spec kind

def _res_date(spec: dict[str, Any], ctx: AnchorContext) -> Resolution:
    cal = spec.get("calendar", "gregorian")
    if cal == "hijri":
        return _res_hijri_date(spec, ctx)
    month = int(spec["month"])
    day = spec.get("day")
    day_end = spec.get("day_end")
    year = spec.get("year")
    wd = spec.get("weekday")
    mod = spec.get("mod")
    notes: list[str] = []
    if spec.get("repaired_from"):
        notes.append(f"year written {spec['repaired_from']}, digits reversed: read as {year}")
    if spec.get("pair_mismatch"):
        notes.append("paired month names disagree; first one used")
    paired = spec.get("paired_hijri")
    if year is None and paired and paired.get("year") and paired.get("day"):
        try:
            g, exact = hijri.to_gregorian(int(paired["year"]), int(paired["month"]), int(paired["day"]))
            if g.month == month and g.day == day:
                year = g.year
                notes.append("year from the Hijri half")
        except ValueError:
            pass
    status = RESOLVED
    candidates: tuple[str, ...] = ()
    if year is None and spec.get("year_offset") is not None:
        yo = int(spec["year_offset"])
        if ctx.dct is None:
            v = f"XXXX-{month:02d}" + (f"-{int(day):02d}" if day else "")
            return _unresolved(v, "year relative to the anchor, which is unknown", granularity="day" if day else "month",
                               symbolic=f"{v[5:]} of DCT year{yo:+d}" if yo else f"{v[5:]} of DCT year")
        year = ctx.dct.year + yo
        notes.insert(0, f"year: {_off_word(yo)} year of {ctx.dct.isoformat()}")
    if day is None:
        # A month.
        if year is not None:
            what = "month and year as written" if spec.get("year") is not None else "month as written"
            r = _month_res(int(year), month, "; ".join([what] + notes), mod)
            return _since(r, ctx) if spec.get("since") else r
        off = spec.get("month_offset")
        base = _base(ctx)
        if base is None:
            return _unresolved(f"XXXX-{month:02d}", "month without year and no anchor", granularity="month",
                               symbolic=f"month {month} nearest DCT")
        if off is not None and ctx.dct is not None:
            y = _year_for_month_offset(month, off, ctx.dct)
            return _month_res(y, month, f"month {month} ({_off_word(off)}) relative to {ctx.dct.isoformat()}", mod)
        cands = [date(base.year + k, month, 1) for k in (-1, 0, 1)]
        if ctx.dct is None:
            cands = [c for c in cands if c <= base] or cands
        best = min(cands, key=lambda c: (abs((c - base.replace(day=1)).days), -c.toordinal()))
        how = f"month {month} nearest {base.isoformat()}"
        direction = spec.get("direction")
        if ctx.dct is not None and direction in ("past", "future"):
            this = date(ctx.dct.year, month, 1)
            if direction == "past" and this > ctx.dct.replace(day=1):
                best, how = date(ctx.dct.year - 1, month, 1), f"month {month}, the last one before {ctx.dct} (past tense)"
            elif direction == "future" and this < ctx.dct.replace(day=1):
                best, how = date(ctx.dct.year + 1, month, 1), f"month {month}, the next one after {ctx.dct} (future)"
            elif direction in ("past", "future"):
                best, how = this, f"month {month} of {ctx.dct.year} ({direction} tense)"
        return _month_res(best.year, month, how, mod)
    day = int(day)
    if year is not None:
        year = int(year)
        if not _valid(year, month, day) or (day_end and not _valid(year, month, int(day_end))):
            return _unresolved(f"{year:04d}-{month:02d}", f"impossible date {year}-{month}-{day}",
                               granularity="month")
        d = date(year, month, day)
        rule = "date as written" if spec.get("year") is not None else "day and month as written"
    else:
        off = spec.get("month_offset")
        base = _base(ctx)
        if base is None:
            v = f"XXXX-{month:02d}-{day:02d}"
            sym = f"{day} {month} nearest DCT" if wd is None else f"{_wd_name(wd)} {day}/{month} nearest DCT"
            return _unresolved(v, "day and month without year, and no anchor", symbolic=sym, granularity="day")
        cands: list[date] = []
        if wd is not None:
            try:
                cands = list(_dates_on_weekday(base.year, month, day, wd))
            except TypeError:  # a stored spec's weekday that is no number: no day matches it
                cands = []
            how_wd = f"year in which {day}/{month} is a {_wd_name(wd)}, "
        else:
            for y in (base.year - 1, base.year, base.year + 1):
                if _valid(y, month, day):
                    cands.append(date(y, month, day))
            how_wd = ""
        hint = spec.get("year_hint")
        if off is None and wd is None and hint is not None and ctx.dct is not None \
                and _hint_is_near(int(hint), month, day, ctx.dct) and spec.get("direction") is None:
            d = date(int(hint), month, day)
            rule = f"{day}/{month} in {hint}, the year the text names before it"
        elif off is not None and ctx.dct is not None and wd is None:
            y = _year_for_day_offset(month, day, off, ctx.dct)
            if not _valid(y, month, day):
                return _unresolved(f"{y:04d}-{month:02d}", f"impossible date {y}-{month}-{day}", granularity="month")
            d = date(y, month, day)
            which = {0: "this year's", -1: "the last", 1: "the next"}.get(off, _off_word(off))
            rule = f"{day}/{month} ({which}) relative to {ctx.dct.isoformat()}"
        else:
            d, how, ties = _choose(cands, ctx)
            tensed = _by_tense(cands, spec.get("direction"), ctx) if wd is None else None
            if tensed is not None:
                d, how, ties = tensed, f"the {'last' if tensed < ctx.dct else 'next'} one from " \
                                       f"{ctx.dct.isoformat()} ({spec.get('direction')} tense)", ()  # type: ignore[union-attr]
            if d is None:
                return _unresolved(f"XXXX-{month:02d}-{day:02d}", "no year fits", granularity="day",
                                   symbolic=f"{day}/{month} nearest DCT")
            rule = f"{how_wd}{how}"
            if ties:
                status = UNCERTAIN
                candidates = tuple(_fmt_day(t) for t in ties)
                rule += "; other years equally near"
            elif wd is not None and ctx.dct is None:
                # With only a reference, other years with the same weekday remain possible.
                others = [c for c in cands if c != d and _in_window(c, ctx) and c <= base]
                if others and ctx.earliest is None:
                    candidates = tuple(_fmt_day(c) for c in sorted(others, reverse=True)[:2])
    if wd is not None and d.weekday() != wd:
        notes.append(f"text says {_wd_name(wd)} but {d.isoformat()} is a {_wd_name(d.weekday())}")
        status = UNCERTAIN
    if paired:
        notes.append(_check_pair(d, paired))
    rule = "; ".join([rule] + [n for n in notes if n])
    pod = spec.get("pod")
    if day_end:
        try:
            e = date(d.year, d.month, int(day_end))
        except ValueError:
            return _unresolved(f"{d.year:04d}-{d.month:02d}", "impossible range end", granularity="month")
        return Resolution(value=_fmt_day(d), end_value=_fmt_day(e), granularity="day", date_start=d, date_end=e,
                          rule=rule + "; range", status=status, candidates=candidates)
    if spec.get("since"):
        return _since(_day_res(d, rule), ctx)
    return _day_res(d, rule, pod=pod, status=status, candidates=candidates)


def _hint_is_near(hint: int, month: int, day: int, dct: date) -> bool:
    """A year named elsewhere in the text places a yearless date only when it gives the last
    occurrence before the anchor or the next one after it: never a year further away."""
    if not _valid(hint, month, day) or not _valid(dct.year, month, day):
        return False
    this = date(dct.year, month, day)
    return hint == dct.year or (hint == dct.year + 1 and this < dct) or (hint == dct.year - 1 and this > dct)


def _by_tense(cands: list[date], direction: str | None, ctx: AnchorContext, within: int = 335) -> date | None:
    """A yearless date in a past-tense sentence is the last one before the anchor, in a
    future one the next one after it, when that lies within eleven months (a holiday, which
    comes once a year: within a year)."""
    if ctx.dct is None or direction not in ("past", "future"):
        return None
    a = ctx.dct
    if direction == "past":
        before = [c for c in cands if c <= a and (a - c).days <= within and _in_window(c, ctx)]
        return max(before) if before else None
    after = [c for c in cands if c >= a and (c - a).days <= within and _in_window(c, ctx)]
    return min(after) if after else None


def _check_pair(d: date, h: dict[str, Any]) -> str:
    try:
        if h.get("year"):
            g, exact = hijri.to_gregorian(int(h["year"]), int(h["month"]), int(h["day"]))
            src = "Umm al-Qura" if exact else "tabular Islamic calendar"
            if g == d:
                return f"Hijri half agrees ({src})"
            return f"Hijri half gives {g.isoformat()} ({src}), {abs((g - d).days)} day(s) off; Gregorian half kept"
        (hy, hm, hd), _ = hijri.from_gregorian(d)
        if (hm, hd) == (int(h["month"]), int(h["day"])):
            return "Hijri half agrees"
        return f"Hijri half disagrees (Umm al-Qura gives {hd}/{hm}); Gregorian half kept"
    except (ValueError, KeyError, TypeError):
        return "Hijri half not checkable"


def _off_word(off: int) -> str:
    return {0: "current", -1: "previous", 1: "next", -2: "one before previous", 2: "one after next"}.get(off, str(off))


def _year_for_month_offset(month: int, off: int, dct: date) -> int:
    """Year of a named month qualified current/last/next relative to the anchor."""
    if off == 0:
        return dct.year
    if off < 0:
        y = dct.year if month < dct.month else dct.year - 1
        return y + (off + 1)
    y = dct.year if month > dct.month else dct.year + 1
    return y + (off - 1)


def _year_for_day_offset(month: int, day: int, off: int, dct: date) -> int:
    """Year of "DAY MONTH الماضي/المقبل/الجاري": the last one before, the next one after, or this year's."""
    if off == 0:
        return dct.year
    if off < 0:
        return (dct.year if (month, day) < (dct.month, dct.day) else dct.year - 1) + (off + 1)
    return (dct.year if (month, day) > (dct.month, dct.day) else dct.year + 1) + (off - 1)


def _hijri_year_in(gyear: int, month: int, day: int) -> int:
    """The Hijri year whose month/day falls in Gregorian year ``gyear`` (the first, when two do)."""
    for hy in sorted({hijri.hijri_year_of(date(gyear, 1, 1)), hijri.hijri_year_of(date(gyear, 12, 31))}):
        try:
            if hijri.to_gregorian(hy, month, day)[0].year == gyear:
                return hy
        except ValueError:
            continue
    return hijri.hijri_year_of(date(gyear, 7, 1))


def _res_hijri_date(spec: dict[str, Any], ctx: AnchorContext) -> Resolution:
    month = int(spec["month"])
    day = spec.get("day")
    year = spec.get("year")
    if year is None and spec.get("gyear") is not None:
        year = _hijri_year_in(int(spec["gyear"]), month, int(day or 1))
    if day is None:
        if year is None:
            return _unresolved("XXXX-XX", "Hijri month without year", calendar="hijri", granularity="month")
        s, e, exact = hijri.month_interval(int(year), month)
        s2, e2 = _narrow(s, e, spec.get("mod"))
        src = "Umm al-Qura" if exact else "tabular Islamic calendar (outside Umm al-Qura range)"
        return Resolution(value=_fmt_day(s), end_value=_fmt_day(e), granularity="month", date_start=s2, date_end=e2,
                          calendar="hijri", rule=f"Hijri month {month}/{year} via {src}")
    day = int(day)
    if year is not None:
        d, exact = hijri.to_gregorian(int(year), month, day)
        rule_y = "Hijri date as written"
    else:
        base = _base(ctx)
        if base is None:
            return _unresolved("XXXX-XX-XX", "Hijri day and month without year, and no anchor", calendar="hijri",
                               symbolic=f"Hijri {day}/{month} nearest DCT", granularity="day")
        hy = hijri.hijri_year_of(base)
        cands = []
        for y in (hy - 2, hy - 1, hy, hy + 1, hy + 2):
            try:
                cands.append(hijri.to_gregorian(y, month, day)[0])
            except ValueError:
                pass
        off = spec.get("offset")
        if off and ctx.dct is not None:
            # 15 شعبان المقبل / الماضي: the next one after the anchor, the last one before it
            side = sorted(c for c in cands if (c > ctx.dct if off > 0 else c < ctx.dct))
            k = int(off)
            d = (side[k - 1] if k > 0 else side[k]) if len(side) >= abs(k) else None
            how = f"the {'next' if k > 0 else 'last'} one from {ctx.dct.isoformat()}"
        else:
            d, how, _ = _choose(cands[1:4], ctx)
        if d is None:
            return _unresolved("XXXX-XX-XX", "no Hijri year fits", calendar="hijri", granularity="day")
        exact = True
        rule_y = f"Hijri {day}/{month}, {how}"
    src = "Umm al-Qura" if exact else "tabular Islamic calendar (outside Umm al-Qura range)"
    rule = f"{rule_y} via {src}"
    status = RESOLVED
    wd = spec.get("weekday")
    if wd is not None and d.weekday() != wd:
        rule += f"; text says {_wd_name(wd)} but it is a {_wd_name(d.weekday())}"
        status = UNCERTAIN
    if spec.get("day_end"):
        try:
            e, _ = hijri.to_gregorian(d and (year or hijri.hijri_year_of(d)), month, int(spec["day_end"]))
        except ValueError:
            e = d
        return Resolution(value=_fmt_day(d), end_value=_fmt_day(e), granularity="day", date_start=d, date_end=e,
                          calendar="hijri", rule=rule + "; range", status=status)
    return _day_res(d, rule, pod=spec.get("pod"), status=status, calendar="hijri")


def _since(r: Resolution, ctx: AnchorContext) -> Resolution:
    """منذ + a date: an open interval from it to the anchor (the date alone, uncertain, when the
    anchor lies before it: a wrong anchor or a wrong year)."""
    end = _day_anchor(ctx)
    if end is not None and r.date_start is not None and end < r.date_start:
        return Resolution(value=r.value, granularity=r.granularity, date_start=r.date_start, date_end=r.date_end,
                          calendar=r.calendar, status=UNCERTAIN,
                          rule=r.rule + f"; since it, but the anchor {end.isoformat()} lies before it")
    return Resolution(value=r.value, end_value=_fmt_day(end) if end else None, granularity=r.granularity,
                      date_start=r.date_start, date_end=end or r.date_end, calendar=r.calendar,
                      rule=r.rule + "; open interval from it" + (f" to {end.isoformat()}" if end else ""),
                      status=r.status)


def _res_year(spec: dict[str, Any], ctx: AnchorContext) -> Resolution:
    y = int(spec["year"])
    cal = spec.get("calendar", "gregorian")
    notes = []
    if spec.get("repaired_from"):
        notes.append(f"year written {spec['repaired_from']}, digits reversed: read as {y}")
    if cal == "hijri":
        s, exact = hijri.to_gregorian(y, 1, 1)
        last_len, _ = hijri.month_length(y, 12)
        e, _ = hijri.to_gregorian(y, 12, last_len)
        src = "Umm al-Qura" if exact else "tabular Islamic calendar (outside Umm al-Qura range)"
        return Resolution(value=_fmt_day(s), end_value=_fmt_day(e), granularity="year", date_start=s, date_end=e,
                          calendar="hijri", rule="; ".join([f"Hijri year {y} via {src}"] + notes))
    if spec.get("quarter"):
        r = _quarter_res(y, spec["quarter"], "; ".join([f"{spec['quarter']} of {y}"] + notes))
        return r
    if spec.get("year_end"):
        ye = int(spec["year_end"])
        return Resolution(value=f"{y:04d}", end_value=f"{ye:04d}", granularity="year", date_start=date(y, 1, 1),
                          date_end=date(ye, 12, 31), rule="; ".join([f"years {y} to {ye}"] + notes))
    r = _year_res(y, "; ".join(["year as written"] + notes), spec.get("mod"))
    if spec.get("since"):
        return _since(r, ctx)
    return r


def _res_deictic(spec: dict[str, Any], ctx: AnchorContext) -> Resolution:
    days = int(spec.get("days", 0))
    wd = spec.get("weekday")
    pod = spec.get("pod")
    sym = "DCT" if days == 0 else f"DCT{days:+d}D"
    if pod:
        sym += f" T{pod}"
    a = _day_anchor(ctx)
    if a is None:
        if _month_only(ctx):
            return _month_uncertain(ctx, f"{days:+d} day(s) from the anchor", sym)
        v = _x_weekday(wd) if wd is not None else "XXXX-XX-XX"
        return _unresolved(v, "relative to the anchor, which is unknown", symbolic=sym, granularity="day")
    d = a + timedelta(days=days)
    rule = "the anchor day" if days == 0 else f"{abs(days)} day(s) {'before' if days < 0 else 'after'} {a.isoformat()}"
    status = RESOLVED
    if wd is not None and d.weekday() != wd:
        # news is often dated a day late (or early): the weekday the text writes wins
        back, fwd = (d.weekday() - wd) % 7, (wd - d.weekday()) % 7
        shift = -back if back <= fwd else fwd
        if abs(shift) <= 2:
            rule += f"; text says {_wd_name(wd)}, {d.isoformat()} is a {_wd_name(d.weekday())}: the weekday wins"
            d = d + timedelta(days=shift)
        else:
            rule += f"; text says {_wd_name(wd)} but it is a {_wd_name(d.weekday())}"
            status = UNCERTAIN
    return _day_res(d, rule, pod=pod, status=status, symbolic=sym)


def _res_weekday(spec: dict[str, Any], ctx: AnchorContext) -> Resolution:
    r = _res_weekday_day(spec, ctx)
    span = int(spec.get("span") or 0)
    if span and r.is_dated and r.granularity == "day":
        e = r.date_start + timedelta(days=span)  # type: ignore[operator]
        return Resolution(value=r.value, end_value=_fmt_day(e), granularity="day", date_start=r.date_start,
                          date_end=e, rule=r.rule + f"; and the {span} day(s) after", symbolic=r.symbolic,
                          status=r.status)
    return r


def _res_weekday_day(spec: dict[str, Any], ctx: AnchorContext) -> Resolution:
    wd = int(spec["weekday"])
    if spec.get("week") is not None:
        return _res_weekday_of_week(spec, ctx)
    if isinstance(spec.get("same_as"), dict) and spec.get("offset") is None:
        r = _RESOLVERS.get(spec["same_as"].get("kind"), _res_date)(spec["same_as"], ctx)  # type: ignore[arg-type]
        if r.is_dated and r.date_start is not None and r.date_start.weekday() == wd and r.granularity in ("day", "time"):
            return _day_res(r.date_start, f"{_wd_name(wd)} {r.date_start.isoformat()}, the same weekday the text "
                                          f"writes with its date just after", pod=spec.get("pod"),
                            symbolic=r.symbolic)
    if isinstance(spec.get("occasion"), dict) and spec.get("offset") is None:
        r = _res_weekday_for_occasion(spec, spec["occasion"], ctx)
        if r is not None:
            return r
    if isinstance(spec.get("next_to"), dict) and spec.get("offset") is None:
        r = _res_weekday_next_to(spec, spec["next_to"], ctx)
        if r is not None:
            return r
    refs = spec.get("refs") or ([spec["ref"]] if isinstance(spec.get("ref"), dict) else [])
    if refs and spec.get("offset") is None and (spec.get("direction", "unknown") == "unknown" or spec.get("weak")):
        # a weekday ahead in a text that writes out the days ahead: among them (for a weekday
        # whose own tense is already the future, only within them)
        r = _res_weekday_near_refs(spec, [x for x in refs if isinstance(x, dict)], ctx,
                                   within_only=spec.get("direction", "unknown") != "unknown")
        if r is not None:
            return r
    name = _wd_name(wd)
    off = spec.get("offset")
    direction = spec.get("direction", "unknown")
    pod = spec.get("pod")
    if off is not None:
        sym = {-1: f"{name} before DCT", 1: f"{name} after DCT", -2: f"{name} before last before DCT",
               2: f"{name} after next after DCT", 0: f"{name} of DCT week"}.get(int(off), f"{name} near DCT")
    else:
        sym = {"past": f"{name} on or before DCT", "future": f"{name} after DCT",
               "present": f"{name} on or after DCT", "unknown": f"{name} near DCT"}.get(direction, f"{name} nearest DCT")
    a = _day_anchor(ctx)
    if a is None:
        if _month_only(ctx):
            return _month_uncertain(ctx, f"{name} near the anchor", sym)
        return _unresolved(_x_weekday(wd), f"{name}: relative to the anchor, which is unknown", symbolic=sym,
                           granularity="day")
    back = (a.weekday() - wd) % 7          # days back to the most recent one (0 = the anchor day)
    fwd = (wd - a.weekday()) % 7           # days ahead to the next one (0 = the anchor day)
    if off is not None:
        off = int(off)
        if off < 0:
            d = a - timedelta(days=(back or 7) + 7 * (-off - 1))
            rule = f"{name} before {a.isoformat()}" + (" (one before last)" if off == -2 else "")
        elif off > 0:
            d = a + timedelta(days=(fwd or 7) + 7 * (off - 1))
            rule = f"{name} after {a.isoformat()}" + (" (one after next)" if off == 2 else "")
        else:
            d = a - timedelta(days=a.weekday()) + timedelta(days=wd)
            rule = f"{name} of the week of {a.isoformat()}"
    elif direction == "past":
        d = a - timedelta(days=back)
        rule = f"{name} on or before {a.isoformat()} (past tense: {spec.get('cue', '')})"
    elif direction == "future":
        # ستعقد جلسة مساء يوم الثلاثاء said on a Tuesday: this evening
        d = a + timedelta(days=fwd if fwd == 0 and pod in ("AF", "EV", "NI") else fwd or 7)
        rule = f"{name} after {a.isoformat()} (future: {spec.get('cue', '')})"
    elif direction == "present":
        d = a + timedelta(days=fwd)
        rule = f"{name} on or after {a.isoformat()} (present tense: {spec.get('cue', '')})"
    else:
        # No tense cue: news mostly reports the last few days, so the past one
        # unless it is more than four days back.
        d = a - timedelta(days=back) if back <= 4 else a + timedelta(days=fwd)
        rule = f"{name} near {a.isoformat()} (no tense cue: the past one within four days, else the next)"
    return _day_res(d, rule, pod=pod, symbolic=sym)


# Weeks start on Saturday in most Arab countries: "السبت من الأسبوع المقبل" said on a
# Wednesday is three days on, "الأحد من الأسبوع الماضي" the Sunday ten days back.
WEEK_START = 5


def _res_weekday_of_week(spec: dict[str, Any], ctx: AnchorContext) -> Resolution:
    wd = int(spec["weekday"])
    off = int(spec.get("week") or 0)
    name = _wd_name(wd)
    sym = f"{name} of DCT week{off:+d}" if off else f"{name} of DCT week"
    a = _day_anchor(ctx)
    if a is None:
        return _unresolved(_x_weekday(wd), f"{name} of a week relative to the anchor, which is unknown",
                           symbolic=sym, granularity="day")
    week_start = a - timedelta(days=(a.weekday() - WEEK_START) % 7) + timedelta(weeks=off)
    d = week_start + timedelta(days=(wd - WEEK_START) % 7)
    return _day_res(d, f"{name} of the week (Saturday to Friday) {_off_word(off)} to {a.isoformat()}",
                    pod=spec.get("pod"), symbolic=sym)


def _res_weekday_next_to(spec: dict[str, Any], ref: dict[str, Any], ctx: AnchorContext) -> Resolution | None:
    """الأربعاء 17 يوليو والخميس: the weekday nearest the date it is coordinated with."""
    r = _RESOLVERS.get(ref.get("kind"), _res_date)(ref, ctx)  # type: ignore[arg-type]
    if not r.is_dated or r.date_start is None or r.date_end is None:
        return None
    wd = int(spec["weekday"])
    after = r.date_end + timedelta(days=(wd - r.date_end.weekday()) % 7 or 7)
    before = r.date_start - timedelta(days=(r.date_start.weekday() - wd) % 7 or 7)
    d = before if (r.date_start - before) < (after - r.date_end) else after
    return _day_res(d, f"{_wd_name(wd)} next to {r.date_start.isoformat()}, the date it is coordinated with",
                    pod=spec.get("pod"), symbolic=f"{_wd_name(wd)} next to {r.symbolic or r.value}")


def _res_weekday_for_occasion(spec: dict[str, Any], occasion: dict[str, Any], ctx: AnchorContext
                              ) -> Resolution | None:
    """الأحد عطلة رسمية بمناسبة عيد الاستقلال: the day of that name within two days of the
    holiday (on or after it on a tie), the holiday taken in the weekday's tense."""
    occ = dict(occasion)
    if spec.get("direction") in ("past", "future") and occ.get("offset") is None and occ.get("year") is None:
        occ["direction"] = spec["direction"]
    r = _RESOLVERS.get(occ.get("kind"), _res_date)(occ, ctx)  # type: ignore[arg-type]
    if not r.is_dated or r.date_start is None or r.granularity not in ("day", "time"):
        return None
    wd = int(spec["weekday"])
    d0 = r.date_start
    cands = [d0 + timedelta(days=k) for k in (0, 1, -1, 2, -2) if (d0 + timedelta(days=k)).weekday() == wd]
    if not cands:
        return None
    return _day_res(cands[0], f"{_wd_name(wd)} next to {d0.isoformat()}, the holiday it is a day off for",
                    pod=spec.get("pod"), symbolic=f"{_wd_name(wd)} next to {r.symbolic or r.value}")


def _res_weekday_near_refs(spec: dict[str, Any], refs: list[dict[str, Any]], ctx: AnchorContext,
                           within_only: bool = False) -> Resolution | None:
    """A bare weekday in a text announcing days just ahead (written dates within a month after
    the anchor): the day of that name among them, else the first after them."""
    a = _day_anchor(ctx)
    if a is None:
        return None
    days: list[tuple[date, date]] = []
    for ref in refs:
        r = _RESOLVERS.get(ref.get("kind"), _res_date)(ref, ctx)  # type: ignore[arg-type]
        if r.is_dated and r.granularity in ("day", "time") and r.date_start is not None and r.date_end is not None \
                and 0 < (r.date_start - a).days <= 30:
            days.append((r.date_start, r.date_end))
    if not days:
        return None
    wd = int(spec["weekday"])
    start, end = min(d[0] for d in days), max(d[1] for d in days)
    if (end - start).days > 14:
        start, end = days[0]
    within = [start + timedelta(days=k) for k in range((end - start).days + 1)
              if (start + timedelta(days=k)).weekday() == wd]
    if within:
        d = within[0]
    elif within_only:
        return None
    else:
        after = end + timedelta(days=(wd - end.weekday()) % 7 or 7)
        before = start - timedelta(days=(start.weekday() - wd) % 7 or 7)
        d = before if before > a and (start - before) < (after - end) else after
    return _day_res(d, f"{_wd_name(wd)} among the days ahead the text writes out ({start.isoformat()} to "
                       f"{end.isoformat()})", pod=spec.get("pod"), symbolic=f"{_wd_name(wd)} near dates of the text")


def _res_relative(spec: dict[str, Any], ctx: AnchorContext) -> Resolution:
    unit = spec["unit"]
    off = int(spec.get("offset", 0))
    mod = spec.get("mod")
    sym = f"DCT {unit}{off:+d}" if off else f"DCT {unit}"
    if ctx.dct is None:
        x = {"week": "XXXX-WXX", "month": "XXXX-XX", "year": "XXXX", "decade": "XXX", "century": "XX"}[unit]
        if spec.get("quarter"):
            x = f"XXXX-{spec['quarter']}"
        return _unresolved(x, f"{unit} relative to the anchor, which is unknown", symbolic=sym, granularity=unit)
    a = ctx.dct
    rel = f"{_off_word(off)} {unit} of {a.isoformat()}" + (f", {mod.lower()} of it" if mod else "")
    if unit == "week":
        if _month_only(ctx):
            return _month_uncertain(ctx, rel, sym)
        r = _week_res(a + timedelta(weeks=off), rel, symbolic=sym)
        if mod:
            s, e = _narrow(r.date_start, r.date_end, mod)  # type: ignore[arg-type]
            r = Resolution(value=r.value, granularity="week", date_start=s, date_end=e, rule=rel, symbolic=sym)
        return r
    if unit == "month":
        y, m = _add_months(a.year, a.month, off)
        return _month_res(y, m, rel, mod, symbolic=sym)
    if unit == "year":
        y = a.year + off
        q = spec.get("quarter")
        direction = spec.get("direction")
        if q and direction in ("past", "future") and q in _QUARTER_MONTHS and not off:
            # a bare quarter by tense: the last one begun by the anchor, or the first not yet over
            m1, m2 = _QUARTER_MONTHS[q]
            if direction == "past" and date(y, m1, 1) > a:
                y -= 1
            elif direction == "future" and _month_end(y, m2) < a:
                y += 1
            return _quarter_res(y, q, f"{q}, the {'last' if direction == 'past' else 'next'} one from "
                                      f"{a.isoformat()} ({direction} tense)", symbolic=sym)
        if q:
            return _quarter_res(y, q, f"{q} of the {rel}", symbolic=sym)
        return _year_res(y, rel, mod, symbolic=sym)
    if unit == "decade":
        return _decade_res(a.year // 10 + off, rel, symbolic=sym, mod=mod)
    return _century_res(a.year // 100 + off, rel, symbolic=sym, mod=mod)


def _res_day_of_month(spec: dict[str, Any], ctx: AnchorContext) -> Resolution:
    day = int(spec["day"])
    ref = spec.get("ref")
    if isinstance(ref, dict):
        r = _RESOLVERS.get(ref.get("kind"), _res_date)(ref, ctx)  # type: ignore[arg-type]
        if not r.is_dated or r.date_start is None:
            return _unresolved(f"XXXX-XX-{day:02d}", f"day {day} of the month of a date not known: {r.rule}",
                               symbolic=f"day {day} of {r.symbolic or r.value}", granularity="day")
        y, m = _add_months(r.date_start.year, r.date_start.month, int(spec.get("month_shift") or 0))
        if not _valid(y, m, day):
            return _unresolved(f"{y:04d}-{m:02d}", f"impossible date {y}-{m}-{day}", granularity="month")
        d = date(y, m, day)
        wd = spec.get("weekday")
        status = UNCERTAIN if wd is not None and d.weekday() != int(wd) else RESOLVED
        shift = int(spec.get("month_shift") or 0)
        which = f"the month of {r.date_start.isoformat()}" if not shift else \
            f"{shift:+d} month(s) from that of {r.date_start.isoformat()}"
        return _day_res(d, f"day {day} of {which}", pod=spec.get("pod"), status=status)
    off = int(spec.get("month_offset") or 0)
    sym = f"day {day} of DCT month{off:+d}" if off else f"day {day} of DCT month"
    if ctx.dct is None:
        return _unresolved(f"XXXX-XX-{day:02d}", "day of a month relative to the anchor, which is unknown",
                           symbolic=sym, granularity="day")
    y, m = _add_months(ctx.dct.year, ctx.dct.month, off)
    if not _valid(y, m, day):
        return _unresolved(f"{y:04d}-{m:02d}", f"impossible date {y}-{m}-{day}", granularity="month")
    d = date(y, m, day)
    rule = f"day {day} of the {_off_word(off)} month of {ctx.dct.isoformat()}"
    if spec.get("day_end"):
        de = int(spec["day_end"])
        if not _valid(y, m, de):
            return _unresolved(f"{y:04d}-{m:02d}", "impossible range end", granularity="month")
        e = date(y, m, de)
        return Resolution(value=_fmt_day(d), end_value=_fmt_day(e), granularity="day", date_start=d, date_end=e,
                          rule=rule + "; range", symbolic=sym)
    return _day_res(d, rule, symbolic=sym)


def _res_offset(spec: dict[str, Any], ctx: AnchorContext) -> Resolution:
    unit = spec["unit"]
    n = int(spec["amount"])
    sign = -1 if spec.get("direction") == "before" else 1
    word = "before" if sign < 0 else "after"
    sym = f"DCT{sign * n:+d}{unit}"
    approx = " (approximately)" if spec.get("approx") else ""
    if ctx.dct is None:
        x = {"D": "XXXX-XX-XX", "H": "XXXX-XX-XX", "MIN": "XXXX-XX-XX", "W": "XXXX-WXX", "M": "XXXX-XX",
             "Y": "XXXX", "DE": "XXX", "CE": "XX"}[unit]
        return _unresolved(x, f"{n} {unit} {word} the anchor, which is unknown", symbolic=sym)
    a = ctx.dct
    rule = f"{n} {unit} {word} {a.isoformat()}{approx}"
    if unit in ("D", "H", "MIN", "W") and _month_only(ctx):
        if unit == "W" or n >= 1 and unit == "D":
            return _month_uncertain(ctx, rule, sym)
    if unit == "D":
        return _day_res(a + timedelta(days=sign * n), rule, symbolic=sym)
    if unit in ("H", "MIN"):
        hours = n if unit == "H" else n / 60
        return _day_res(a + timedelta(days=sign * int(hours // 24)), rule, symbolic=sym)
    if unit == "W":
        return _week_res(a + timedelta(weeks=sign * n), rule, symbolic=sym)
    if spec.get("half") and unit in ("Y", "M", "W"):
        # سنة ونصف، شهر ونصف: half a unit more, at the unit's granularity
        days = {"Y": 365.25, "M": 30.44, "W": 7}[unit] * (n + 0.5)
        t = a + timedelta(days=sign * round(days))
        rule += " and a half"
        if unit == "Y":
            return _year_res(t.year, rule, symbolic=sym)
        if unit == "M":
            return _month_res(t.year, t.month, rule, symbolic=sym)
        return _week_res(t, rule, symbolic=sym)
    if unit == "M":
        y, m = _add_months(a.year, a.month, sign * n)
        return _month_res(y, m, rule, symbolic=sym)
    if unit == "Y":
        return _year_res(a.year + sign * n, rule, symbolic=sym)
    if unit == "DE":
        return _decade_res((a.year + sign * 10 * n) // 10, rule, symbolic=sym)
    return _century_res((a.year + sign * 100 * n) // 100, rule, symbolic=sym)


def _res_duration(spec: dict[str, Any], ctx: AnchorContext) -> Resolution:
    unit = spec["unit"]
    n = spec.get("amount")
    amount = "X" if n is None else str(int(n))
    if unit in ("H", "MIN"):
        value = f"PT{amount}{'H' if unit == 'H' else 'M'}"
    else:
        value = f"P{amount}{unit}"
    rule = f"duration of {amount} {unit}"
    if spec.get("amount_max") is not None:
        rule += f" to {spec['amount_max']} (lower bound kept)"
    if spec.get("approx"):
        rule += " (approximate)"
    return Resolution(value=value, rule=rule, status=DURATION)


def _res_vague(spec: dict[str, Any], ctx: AnchorContext) -> Resolution:
    v = spec.get("value", "PRESENT_REF")
    if v not in ("PRESENT_REF", "PAST_REF", "FUTURE_REF"):
        v = "PRESENT_REF"
    rule = "generic 'today' (nowadays)" if spec.get("generic") else "vague reference"
    return Resolution(value=v, rule=rule, status=VAGUE)


def _gregorian_holiday_date(spec: dict[str, Any], y: int) -> date | None:
    """The date of a holiday that falls on a Gregorian date in year ``y``."""
    cal = spec.get("calendar", "gregorian")
    try:
        if cal == "easter":
            return holidays.easter_based(y, str(spec.get("church", "western")), int(spec.get("easter_offset", 0)))
        if cal == "national":
            found = holidays.national_day(str(spec["name"]), str(spec.get("country")), y)
            return found[0] if found else None
        if cal == "nth_weekday":
            first = date(y, int(spec["month"]), 1)
            return first + timedelta(days=(int(spec["nth_wd"]) - first.weekday()) % 7 + 7 * (int(spec["nth"]) - 1)
                                     + int(spec.get("day_offset", 0)))
        return date(y, int(spec["month"]), int(spec["day"]))
    except (ValueError, KeyError, TypeError, OverflowError):
        return None


def _res_gregorian_holiday(spec: dict[str, Any], ctx: AnchorContext) -> Resolution:
    name = spec["name"]
    year = spec.get("year")
    sym = f"{name} nearest DCT"
    x = "XXXX-XX-XX" if spec.get("calendar") in ("easter", "national", "nth_weekday") else \
        f"XXXX-{int(spec['month']):02d}-{int(spec['day']):02d}"
    if spec.get("calendar") == "national" and not spec.get("country"):
        return _unresolved(x, f"{name}: the country is not named", symbolic=sym, granularity="day")
    if year is None and spec.get("year_offset") is not None and ctx.dct is not None:
        year = ctx.dct.year + int(spec["year_offset"])
    how_year = f"in {year}"
    if year is None and spec.get("anniversary_n") and spec.get("calendar") == "national":
        first = NATIONAL_DAY_FIRST_YEAR.get((str(name), str(spec.get("country"))))
        if first is not None:
            year = first + int(spec["anniversary_n"])
            how_year = f"its {spec['anniversary_n']}th return since {first}: {year}"
    if year is not None:
        d = _gregorian_holiday_date(spec, int(year))
        if d is None:
            return _unresolved(x, f"{name}: no date in {year}", symbolic=sym, granularity="day")
        return _day_res(d, f"{name} {how_year}: {d.isoformat()}")
    base = _base(ctx)
    if base is None:
        return _unresolved(x, f"{name}: year unknown", symbolic=sym, granularity="day")
    occ = [d for d in (_gregorian_holiday_date(spec, base.year + k) for k in (-2, -1, 0, 1, 2)) if d is not None]
    if not occ:
        return _unresolved(x, f"{name}: no date known", symbolic=sym, granularity="day")
    off = spec.get("offset")
    direction = spec.get("direction")
    d = None
    if off and ctx.dct is not None:
        cands = sorted(o for o in occ if (o < ctx.dct if off < 0 else o > ctx.dct))
        d = (cands[off] if off < 0 else cands[off - 1]) if len(cands) >= abs(off) else None
        how = f"{'last' if off < 0 else 'next'} one from {ctx.dct.isoformat()}"
    elif direction in ("past", "future") and ctx.dct is not None:
        d = _by_tense(occ, direction, ctx, within=_HOLIDAY_WITHIN if spec.get("rite") else 335)
        how = f"the {'last' if direction == 'past' else 'next'} one from {ctx.dct.isoformat()} ({direction} tense)"
    if d is None:
        d, how, _ = _choose([o for o in occ if abs(o.year - base.year) <= 1], ctx)
    if d is None:
        return _unresolved(x, f"{name}: no year fits", symbolic=sym)
    return _day_res(d, f"{name} ({d.isoformat()}), {how}", symbolic=sym)


def _res_holiday(spec: dict[str, Any], ctx: AnchorContext) -> Resolution:
    name = spec["name"]
    cal = spec.get("calendar", "gregorian")
    if cal != "hijri":
        return _res_gregorian_holiday(spec, ctx)
    month, day = int(spec["month"]), int(spec["day"])
    year = spec.get("year")
    sym = f"{name} nearest DCT"
    day_end = int(spec.get("day_end", day))

    def interval(hy: int) -> tuple[date, date, bool]:
        s, exact = hijri.to_gregorian(hy, month, day)
        if day_end == 0:
            _, e, exact2 = hijri.month_interval(hy, month)
            return s, e, exact and exact2
        if day_end != day:
            e, _ = hijri.to_gregorian(hy, month, day_end)
            return s, e, exact
        return s, s, exact

    if year is None and spec.get("year_offset") is not None and ctx.dct is not None:
        if spec.get("year_calendar") == "gregorian":
            year = ctx.dct.year + int(spec["year_offset"])  # رمضان هذا العام: the one of the anchor's year
        else:
            year = hijri.hijri_year_of(ctx.dct) + int(spec["year_offset"])
    if year is not None:
        y = int(year)
        if spec.get("year_calendar") == "gregorian":
            hys = [hijri.hijri_year_of(date(y, 1, 1)), hijri.hijri_year_of(date(y, 12, 31))]
            opts = [interval(h) for h in sorted(set(hys))]
            opts = [o for o in opts if o[0].year == y] or opts
            s, e, exact = opts[0]
        else:
            s, e, exact = interval(y)
        how = f"in {year}"
    else:
        base = _base(ctx)
        if base is None:
            return _unresolved("XXXX-XX-XX", f"{name}: Hijri year unknown", symbolic=sym, calendar="hijri",
                               granularity="day")
        hy = hijri.hijri_year_of(base)
        opts = {}
        for h in (hy - 2, hy - 1, hy, hy + 1, hy + 2):
            try:
                opts[interval(h)[0]] = h
            except ValueError:
                pass
        off = spec.get("offset")
        direction = spec.get("direction")
        tensed = _by_tense(list(opts), direction, ctx, within=_HOLIDAY_WITHIN if spec.get("rite") else 335) \
            if not off else None
        if off and ctx.dct is not None:
            # الماضي: the last one over before the anchor (رمضان الماضي said in Ramadan is last
            # year's); المقبل: the next one that begins after it
            cands = sorted(d for d in opts if (interval(opts[d])[1] < ctx.dct if off < 0 else d > ctx.dct))
            s0 = (cands[off] if off < 0 else cands[off - 1]) if len(cands) >= abs(off) else None
            how = f"{'last' if off < 0 else 'next'} one {'over before' if off < 0 else 'after'} {ctx.dct.isoformat()}"
        elif tensed is not None:
            s0, how = tensed, f"the {'last' if direction == 'past' else 'next'} one from {ctx.dct} ({direction} tense)"
        else:
            s0, how, _ = _choose([d for d in opts if _near_year(opts[d], hy)], ctx)
        if s0 is None:
            return _unresolved("XXXX-XX-XX", f"{name}: no year fits", symbolic=sym, calendar="hijri")
        s, e, exact = interval(opts[s0])
        how = f"Hijri year {opts[s0]}, {how}"
    src = "Umm al-Qura" if exact else "tabular Islamic calendar (outside Umm al-Qura range)"
    rule = f"{name} ({day}/{month} Hijri), {how}, via {src}"
    if e != s:
        return Resolution(value=_fmt_day(s), end_value=_fmt_day(e), granularity="month" if day_end == 0 else "day",
                          date_start=s, date_end=e, calendar="hijri", rule=rule, symbolic=sym)
    return _day_res(s, rule, calendar="hijri", symbolic=sym)


# a holiday comes once a year: a verb of keeping it (احتفل، صام، سيحتفل) takes the last (next) one
# within a whole year; other verbs within eleven months, as yearless dates
_HOLIDAY_WITHIN = 366


def _near_year(h: int, hy: int) -> bool:
    """Without a qualifier only the Hijri years next to the anchor's are candidates."""
    return abs(h - hy) <= 1


def _res_season(spec: dict[str, Any], ctx: AnchorContext) -> Resolution:
    s = spec["season"]
    mod = spec.get("mod")
    if spec.get("year") is not None:
        y = int(spec["year"])
        return _season_res(y, s, f"{s} of {y}", mod)
    sym = f"{s} {spec.get('offset', spec.get('year_offset', 0)):+d} from DCT"
    if ctx.dct is None:
        return _unresolved(f"XXXX-{s}", "season relative to the anchor, which is unknown", symbolic=sym,
                           granularity="season")
    a = ctx.dct
    if "year_offset" in spec:
        y = a.year + int(spec["year_offset"])
        return _season_res(y, s, f"{s} of {y} ({a.isoformat()})", mod, symbolic=sym)
    off = int(spec.get("offset", 0))
    years = range(a.year - 3, a.year + 4)
    occ = sorted((_season_interval(y, s), y) for y in years)
    direction = spec.get("direction")
    if "offset" not in spec and direction in ("past", "future"):
        # a bare season by tense: past -> the last one begun by the anchor (the current one
        # included), future -> the first one not yet over
        if direction == "past":
            (iv, y) = [(iv, y) for iv, y in occ if iv[0] <= a][-1]
        else:
            (iv, y) = [(iv, y) for iv, y in occ if iv[1] >= a][0]
        return _season_res(y, s, f"{s}, the {'last' if direction == 'past' else 'next'} one from {a.isoformat()} "
                                 f"({direction} tense)", mod, symbolic=f"{s} {direction} of DCT")
    if off > 0:
        nxt = [(iv, y) for iv, y in occ if iv[0] > a]
        (iv, y) = nxt[off - 1]
        return _season_res(y, s, f"next {s} after {a.isoformat()}", mod, symbolic=sym)
    if off < 0:
        prev = [(iv, y) for iv, y in occ if iv[1] < a]
        (iv, y) = prev[off]
        return _season_res(y, s, f"last {s} before {a.isoformat()}", mod, symbolic=sym)
    cur = [(iv, y) for iv, y in occ if iv[0] <= a <= iv[1]]
    y = cur[0][1] if cur else a.year
    return _season_res(y, s, f"{s} of {a.isoformat()}", mod, symbolic=sym)


def _res_decade(spec: dict[str, Any], ctx: AnchorContext) -> Resolution:
    dec = int(spec["decade"])
    mod = spec.get("mod")
    return _decade_res(dec, f"the {dec * 10}s" + (f", {mod.lower()} of it" if mod else ""), mod=mod)


def _res_century(spec: dict[str, Any], ctx: AnchorContext) -> Resolution:
    if spec.get("century") is not None:
        c = int(spec["century"])
        return _century_res(c, f"century {c + 1} ({c * 100}s)", mod=spec.get("mod"))
    off = int(spec.get("offset", 0))
    sym = f"DCT century{off:+d}"
    if ctx.dct is None:
        return _unresolved("XX", "century relative to the anchor, which is unknown", symbolic=sym,
                           granularity="century")
    c = ctx.dct.year // 100 + off
    return _century_res(c, f"{_off_word(off)} century of {ctx.dct.isoformat()}", symbolic=sym,
                        mod=spec.get("mod"))


def _res_range(spec: dict[str, Any], ctx: AnchorContext) -> Resolution:
    a, b = dict(spec["from"]), dict(spec["to"])
    res = _RESOLVERS[a.get("kind", "date")]
    r2 = res(b, ctx)
    if a.pop("year_of_next", False) and r2.is_dated and r2.date_start is not None:
        # شباط وآذار الماضيين: the first month is the one just before the second
        a["year"] = r2.date_start.year - (1 if int(a["month"]) > r2.date_start.month else 0)
    r1 = res(a, ctx)
    if r1.is_dated and r2.is_dated and r2.date_end < r1.date_start and b.get("kind") == "date" \
            and b.get("year") is None:  # a yearless end before its start: the next year's
        b["year"] = r1.date_start.year + 1  # type: ignore[union-attr]
        r2 = res(b, ctx)
    if not (r1.is_dated and r2.is_dated) or r2.date_end < r1.date_start:  # type: ignore[operator]
        return Resolution(value=r1.value, end_value=None, granularity=r1.granularity, rule=f"range: {r1.rule}",
                          status=UNRESOLVED if r1.status == UNRESOLVED else UNCERTAIN,
                          symbolic=f"{r1.symbolic or r1.value} to {r2.symbolic or r2.value}",
                          date_start=r1.date_start, date_end=r1.date_end, calendar=r1.calendar)
    end_value = r2.end_value or r2.value
    status = UNCERTAIN if UNCERTAIN in (r1.status, r2.status) else RESOLVED
    return Resolution(value=r1.value, end_value=end_value, granularity=r1.granularity, date_start=r1.date_start,
                      date_end=r2.date_end, calendar=r1.calendar, status=status,
                      rule=f"range from {r1.value} ({r1.rule}) to {end_value} ({r2.rule})")


def _res_clock(spec: dict[str, Any], ctx: AnchorContext) -> Resolution:
    hh, mm = int(spec["hour"]), int(spec.get("minute", 0))
    clock = f"T{hh:02d}:{mm:02d}"
    day = spec.get("day")
    if day:
        r = _RESOLVERS[day.get("kind", "date")](dict(day, pod=None), ctx)
        sym = f"{r.symbolic} {clock}" if r.symbolic else None
        if not r.is_dated or r.granularity != "day":
            return _unresolved("XXXX-XX-XX" + clock, f"{clock[1:]} on a day not known: {r.rule}", symbolic=sym)
        d = r.date_start
        rule = f"{clock[1:]} on {r.rule}"
        status = r.status
    else:
        a = _day_anchor(ctx)
        sym = f"DCT {clock}"
        if a is None:
            return _unresolved("XXXX-XX-XX" + clock, f"{clock[1:]} on the anchor day, which is unknown", symbolic=sym)
        d, rule, status = a, f"{clock[1:]} on the anchor day {a.isoformat()}", RESOLVED
    return Resolution(value=_fmt_day(d) + clock, granularity="time", date_start=d, date_end=d,  # type: ignore[arg-type]
                      rule=rule, status=status, symbolic=sym)


def _res_set(spec: dict[str, Any], ctx: AnchorContext) -> Resolution:
    if spec.get("weekday") is not None:
        value = _x_weekday(int(spec["weekday"]))
        what = f"every {_wd_name(int(spec['weekday']))}"
    elif spec.get("unit"):
        n, unit = int(spec.get("amount") or 1), str(spec["unit"])
        value = f"PT{n}{'H' if unit == 'H' else 'M'}" if unit in ("H", "MIN") else f"P{n}{unit}"
        what = f"every {n} {unit}" + (f", {int(spec['times'])} times" if spec.get("times") else "")
    elif spec.get("pod"):
        value = f"XXXX-XX-XXT{spec['pod']}"
        what = f"every day's {spec['pod']}"
    elif spec.get("month") is None:
        value = f"XXXX-XX-{int(spec['day']):02d}"
        what = f"day {int(spec['day'])} of every month"
    else:
        value = f"XXXX-{int(spec['month']):02d}-{int(spec['day']):02d}"
        what = f"every {int(spec['day'])}/{int(spec['month'])}"
    return Resolution(value=value, rule=what, status=SET)


def _res_shift(spec: dict[str, Any], ctx: AnchorContext) -> Resolution:
    """A date that far from another date of the text (اليوم التالي، بعد يومين من X، عشية X)."""
    base = spec.get("of") or spec.get("ref")
    if not isinstance(base, dict):
        return _unresolved("XXXX-XX-XX", "relative to another date, which is missing", granularity="day")
    r = _RESOLVERS.get(base.get("kind"), _res_date)(base, ctx)  # type: ignore[arg-type]
    if spec.get("same_period"):
        return _res_same_period(spec, r, ctx)
    days = spec.get("days")
    unit = spec.get("unit", "D")
    amount = int(days if days is not None else spec.get("amount", 0))
    sym = f"{r.symbolic or r.value}{amount:+d}{unit}"
    if not r.is_dated or r.date_start is None or r.date_end is None:
        return _unresolved("XXXX-XX-XX", f"{amount:+d} {unit} from a date not known: {r.rule}", symbolic=sym,
                           granularity="day")
    # forward from the end of an interval, backward from its start; from a part of a period
    # (بعد أسبوع من بداية أبريل، قبل يومين من نهاية الشهر) its start, middle or end
    mod = base.get("mod")
    if mod == "START":
        d0 = r.date_start
    elif mod == "END":
        d0 = r.date_end
    elif mod == "MID":
        d0 = r.date_start + (r.date_end - r.date_start) // 2
    else:
        d0 = r.date_end if amount > 0 else r.date_start
    what = f"{abs(amount)} {unit} {'after' if amount >= 0 else 'before'} {d0.isoformat()} ({r.rule})"
    if unit == "D":
        d = d0 + timedelta(days=amount)
        wd = spec.get("weekday")
        if wd is not None and d.weekday() != int(wd):
            # اليوم التالي (الأحد): the weekday the text writes wins when a day off
            back, fwd = (d.weekday() - int(wd)) % 7, (int(wd) - d.weekday()) % 7
            step = -back if back <= fwd else fwd
            if abs(step) <= 2:
                d += timedelta(days=step)
                what += f"; the text's {_wd_name(int(wd))} wins"
    elif unit == "W":
        return _week_res(d0 + timedelta(weeks=amount), what, symbolic=sym)
    elif unit == "M":
        y, m = _add_months(d0.year, d0.month, amount)
        if spec.get("period") == "month" or not _valid(y, m, d0.day):
            return _month_res(y, m, what, spec.get("mod"), symbolic=sym)
        d = date(y, m, d0.day)
    elif unit == "Y":
        if spec.get("period") == "year" or not _valid(d0.year + amount, d0.month, d0.day):
            return _year_res(d0.year + amount, what, spec.get("mod"), symbolic=sym)
        d = date(d0.year + amount, d0.month, d0.day)
    else:
        return _unresolved("XXXX-XX-XX", f"unit {unit} not supported", granularity="day")
    return _day_res(d, what, pod=spec.get("pod"), symbolic=sym, status=r.status, calendar=r.calendar)


_YEAR_PREFIX = re.compile(r"^(\d{4})(?=$|-)")


def _shift_date_years(d: date, n: int) -> date:
    try:
        return d.replace(year=d.year + n)
    except ValueError:  # 29 February
        return d.replace(year=d.year + n, day=28)


def _res_same_period(spec: dict[str, Any], r: Resolution, ctx: AnchorContext) -> Resolution:
    """الفترة نفسها من العام الماضي: the period the text named last, moved to that year, at its own
    granularity (a quarter stays a quarter, two months stay two months)."""
    if not r.is_dated or r.date_start is None or r.date_end is None or not _YEAR_PREFIX.match(r.value):
        return _unresolved("XXXX", f"the same period of another year, of a period not known: {r.rule}",
                           granularity="year")
    if spec.get("year") is not None:
        target = int(spec["year"])
    elif ctx.dct is not None:
        target = ctx.dct.year + int(spec.get("year_offset") or 0)
    else:
        return _unresolved("XXXX", "the same period of a year relative to the anchor, which is unknown",
                           granularity=r.granularity)
    n = target - r.date_start.year

    def move(v: str | None) -> str | None:
        if not v:
            return v
        m = _YEAR_PREFIX.match(v)
        return f"{int(m.group(1)) + n:04d}{v[4:]}" if m else v

    return Resolution(value=move(r.value) or r.value, end_value=move(r.end_value), granularity=r.granularity,
                      date_start=_shift_date_years(r.date_start, n), date_end=_shift_date_years(r.date_end, n),
                      calendar="gregorian", status=r.status,
                      rule=f"the period last named ({r.value}: {r.rule}) in {target}")


def _res_nth(spec: dict[str, Any], ctx: AnchorContext) -> Resolution:
    """The nth (or last) weekday, day or week of a month or year, or the nth weekday after a date."""
    if isinstance(spec.get("after"), dict):
        return _res_nth_after(spec, ctx)
    of = spec.get("of")
    if not isinstance(of, dict):
        return _unresolved("XXXX-XX-XX", "nth of nothing", granularity="day")
    r = _RESOLVERS.get(of.get("kind"), _res_date)(dict(of, mod=None), ctx)  # type: ignore[arg-type]
    n = int(spec.get("n", 1))
    wd = spec.get("weekday")
    unit = spec.get("unit", "day")
    what = f"{wd is not None and _wd_name(int(wd)) or unit} number {n} of" if n > 0 else \
        f"last {wd is not None and _wd_name(int(wd)) or unit} of"
    sym = f"{what} {r.symbolic or r.value}"
    if not r.is_dated or r.date_start is None or r.date_end is None:
        x = _x_weekday(int(wd)) if wd is not None else "XXXX-XX-XX"
        return _unresolved(x, f"{what} a period not known: {r.rule}", symbolic=sym, granularity="day")
    s, e = r.date_start, r.date_end
    rule = f"{what} {r.value} ({r.rule})"
    if unit == "days":
        # days first..last of a month (0: its last day): الثلث الأول، العشر الأواخر
        first, last = int(spec.get("first", 1)), int(spec.get("last", 0))
        a = s + timedelta(days=first - 1)
        b = e if last == 0 else s + timedelta(days=last - 1)
        if not s <= a <= b <= e:
            return _unresolved(r.value, f"no days {first}-{last} in {r.value}", granularity=r.granularity)
        return Resolution(value=_fmt_day(a), end_value=_fmt_day(b), granularity="day", date_start=a, date_end=b,
                          rule=f"days {first} to {last or 'end'} of {r.value} ({r.rule})", calendar=r.calendar,
                          status=r.status, symbolic=f"days {first}-{last or 'end'} of {r.symbolic}" if r.symbolic else None)
    if wd is not None:
        wd = int(wd)
        if n > 0:
            d = s + timedelta(days=(wd - s.weekday()) % 7 + 7 * (n - 1))
        else:
            d = e - timedelta(days=(e.weekday() - wd) % 7 + 7 * (-n - 1))
    elif unit == "month":
        # the nth (last) month of a Gregorian year: آخر شهر من العام
        if r.granularity != "year" or r.calendar != "gregorian" or not (1 <= n <= 12 or n == -1):
            return _unresolved(r.value, f"no month {n} in {r.value}", granularity=r.granularity)
        return _month_res(s.year, n if n > 0 else 12, rule)
    elif unit == "week":
        first = s + timedelta(days=7 * (n - 1)) if n > 0 else e - timedelta(days=7 * (-n - 1))
        if not s <= first <= e:
            return _unresolved("XXXX-WXX", f"no week {n} in {r.value}", granularity="week")
        return _week_res(first, rule, symbolic=sym if r.symbolic else None)
    else:
        d = s + timedelta(days=n - 1) if n > 0 else e - timedelta(days=-n - 1)
    if not s <= d <= e and not (spec.get("count_from_start") and d >= s):
        return _unresolved(r.value, f"no such day in {r.value}", granularity=r.granularity)
    direction = of.get("direction")
    if ctx.dct is not None and direction in ("past", "future") and of.get("kind") == "date" \
            and of.get("year") is None and of.get("month_offset") is None and of.get("year_offset") is None \
            and ((direction == "future" and d < ctx.dct) or (direction == "past" and d > ctx.dct)):
        # يبدأ يوم الاثنين الأول من سبتمبر said on 20 September: the day is the next one, like any
        # yearless date (and a past one the last)
        moved = dict(spec, of=dict(of, year=s.year + (1 if direction == "future" else -1)))
        moved["of"].pop("direction", None)
        return _res_nth(moved, ctx)
    return _day_res(d, rule, symbolic=sym if r.symbolic else None, status=r.status, calendar=r.calendar)


def _res_nth_after(spec: dict[str, Any], ctx: AnchorContext) -> Resolution:
    after = spec["after"]
    r = _RESOLVERS.get(after.get("kind"), _res_date)(after, ctx)  # type: ignore[arg-type]
    n, wd = int(spec.get("n", 1)), int(spec.get("weekday", 0))
    sym = f"{_wd_name(wd)} number {n} after {r.symbolic or r.value}"
    if not r.is_dated or r.date_end is None:
        return _unresolved(_x_weekday(wd), f"{_wd_name(wd)} after a date not known: {r.rule}", symbolic=sym,
                           granularity="day")
    e = r.date_end
    d = e + timedelta(days=((wd - e.weekday()) % 7 or 7) + 7 * (n - 1))
    return _day_res(d, f"{_wd_name(wd)} number {n} after {e.isoformat()} ({r.rule})",
                    symbolic=sym if r.symbolic else None, status=r.status)


def _res_anchor_day(spec: dict[str, Any], ctx: AnchorContext) -> Resolution:
    """في مثل هذا اليوم من عام 2001: the anchor's day and month in that year."""
    y = int(spec["year"])
    a = _day_anchor(ctx)
    if a is None:
        return _unresolved(f"{y:04d}", "this day of a year: the anchor is unknown", granularity="day",
                           symbolic=f"DCT day and month in {y}")
    if not _valid(y, a.month, a.day):
        return _year_res(y, f"{a.month}/{a.day} does not exist in {y}")
    return _day_res(date(y, a.month, a.day), f"the anchor's day and month ({a.day}/{a.month}) in {y}")


_RESOLVERS = {
    "shift": _res_shift, "nth": _res_nth, "anchor_day": _res_anchor_day,
    "clock": _res_clock,
    "set": _res_set,
    "range": _res_range,
    "date": _res_date, "year": _res_year, "deictic": _res_deictic, "weekday": _res_weekday,
    "relative": _res_relative, "day_of_month": _res_day_of_month, "offset": _res_offset,
    "duration": _res_duration, "vague": _res_vague, "holiday": _res_holiday, "season": _res_season,
    "decade": _res_decade, "century": _res_century,
}


def resolve(expr: TemporalExpression, ctx: AnchorContext) -> Resolution:
    """The expression's value under ``ctx``. Never raises.

    Specs stored by older versions resolve as long as their kind is known; an
    unknown kind or a broken spec gives an "unresolved" resolution saying so.
    """
    spec = expr.spec if isinstance(expr.spec, dict) else {}
    kind = spec.get("kind")
    fn = _RESOLVERS.get(kind)  # type: ignore[arg-type]
    if fn is None:
        r = _unresolved("XXXX-XX-XX", f"unknown spec kind {kind!r}")
    else:
        try:
            r = fn(spec, ctx)
        except Exception as exc:  # noqa: BLE001 - resolve must never raise; the reason goes in rule
            r = _unresolved("XXXX-XX-XX", f"could not resolve ({type(exc).__name__}: {exc})")
        if spec.get("rule") and not r.rule.startswith(str(spec["rule"])):
            r = _with_rule(r, f"{spec['rule']}: {r.rule}")
    # the reader's account, in Arabic (the Resolution was made for this call: set in place)
    object.__setattr__(r, "explanation", explain(str(expr.text), spec, r, ctx))
    return r


def _with_rule(r: Resolution, rule: str) -> Resolution:
    # ``r`` was made for this call and no one else holds it: set the field in place rather than
    # copy the whole frozen record (resolve runs once per expression of every article)
    object.__setattr__(r, "rule", rule)
    return r


# ---------------------------------------------------------------------------

def implied_anchor(expr: TemporalExpression, resolution: Resolution) -> ImpliedAnchor | None:
    """What an expression says about its own document's date, if anything.

    - a day or day range in the "current" month (19 أيلول الجاري، الـ 20 من الشهر
      الجاري), once placed: the document is in that month (month granularity);
    - a deictic day with a weekday (يوم غد الأربعاء، اليوم الاثنين): the document
      is written on the weekday that many days before (weekday only, or the
      exact day when the expression is resolved).
    """
    spec = expr.spec or {}
    kind = spec.get("kind")
    try:
        if kind == "deictic" and spec.get("weekday") is not None:
            wd = (int(spec["weekday"]) - int(spec.get("days", 0))) % 7
            d = None
            if resolution.is_dated and resolution.date_start is not None:
                d = resolution.date_start - timedelta(days=int(spec.get("days", 0)))
            return ImpliedAnchor(date=d, granularity="day", weekday=wd,
                                 reason=f"{expr.text}: the document is written on a {_wd_name(wd)}")
        current_month = (kind == "date" and spec.get("month_offset") == 0 and spec.get("year") is None) or \
                        (kind == "day_of_month" and int(spec.get("month_offset") or 0) == 0) or \
                        (kind == "relative" and spec.get("unit") == "month" and int(spec.get("offset", 1)) == 0)
        if current_month and resolution.is_dated and resolution.date_start is not None:
            d = resolution.date_start.replace(day=1)
            return ImpliedAnchor(date=d, granularity="month", weekday=None,
                                 reason=f"{expr.text}: the document is written in {d.strftime('%Y-%m')}")
    except (TypeError, ValueError, KeyError):
        return None
    return None
