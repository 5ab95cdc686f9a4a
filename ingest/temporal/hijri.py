"""Hijri calendar conversion.

Umm al-Qura through the ``hijridate`` package (1343-1500 AH, 1924-08-01 to
2077-11-16). Outside that range the tabular (arithmetical) Islamic calendar
is used, and every function says so by returning ``exact=False`` so that the
caller can flag it in its ``rule``.
"""
from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from hijridate import Gregorian, Hijri

# Tabular Islamic calendar, "astronomical" (Thursday) epoch: 1 Muharram 1 AH is
# Julian day number 1948439 (15 July 622 Julian); leap years 2, 5, 7, 10, 13,
# 16, 18, 21, 24, 26, 29 of each 30-year cycle. This epoch agrees with Umm
# al-Qura at both ends of hijridate's range (1 Muharram 1343 and 1500), so the
# switch between the two is seamless there.
_ISLAMIC_EPOCH = 1948439
_ORDINAL_OFFSET = 1721425  # julian day number - date.toordinal()


def _tabular_to_jdn(year: int, month: int, day: int) -> int:
    return (day + (29 * (month - 1) + (6 * (month - 1) + 5) // 11) + (year - 1) * 354
            + (3 + 11 * year) // 30 + _ISLAMIC_EPOCH - 1)


def _tabular_month_length(year: int, month: int) -> int:
    if month == 12:
        return 30 if (14 + 11 * year) % 30 < 11 else 29
    return 30 if month % 2 == 1 else 29


def _tabular_from_jdn(jdn: int) -> tuple[int, int, int]:
    year = (30 * (jdn - _ISLAMIC_EPOCH) + 10646) // 10631
    month = min(12, (jdn - (29 + _tabular_to_jdn(year, 1, 1))) // 29 + 1)
    while month > 1 and jdn < _tabular_to_jdn(year, month, 1):
        month -= 1
    while month < 12 and jdn >= _tabular_to_jdn(year, month + 1, 1):
        month += 1
    day = jdn - _tabular_to_jdn(year, month, 1) + 1
    return year, month, day


@lru_cache(maxsize=4096)
def month_length(year: int, month: int) -> tuple[int, bool]:
    """Days in a Hijri month, and whether Umm al-Qura (True) gave it."""
    try:
        return Hijri(year, month, 1).month_length(), True
    except (OverflowError, ValueError):
        return _tabular_month_length(year, month), False


@lru_cache(maxsize=16384)
def to_gregorian(year: int, month: int, day: int) -> tuple[date, bool]:
    """Gregorian date of a Hijri date, and whether Umm al-Qura gave it.

    Raises ValueError for an impossible Hijri date (month 13, day 31, day 30
    of a 29-day month).
    """
    if not (1 <= month <= 12) or not (1 <= day <= 30) or year < 1 or year > 9000:
        raise ValueError(f"invalid Hijri date {year}-{month}-{day}")
    try:
        g = Hijri(year, month, day).to_gregorian()
        return date(g.year, g.month, g.day), True
    except OverflowError:
        pass
    if day > _tabular_month_length(year, month):
        raise ValueError(f"invalid Hijri date {year}-{month}-{day}")
    jdn = _tabular_to_jdn(year, month, day)
    return date.fromordinal(jdn - _ORDINAL_OFFSET), False


@lru_cache(maxsize=16384)
def from_gregorian(d: date) -> tuple[tuple[int, int, int], bool]:
    """(year, month, day) in the Hijri calendar, and whether Umm al-Qura gave it."""
    try:
        h = Gregorian(d.year, d.month, d.day).to_hijri()
        return (h.year, h.month, h.day), True
    except OverflowError:
        return _tabular_from_jdn(d.toordinal() + _ORDINAL_OFFSET), False


def to_hijri_iso(d: date | None) -> str | None:
    """The Hijri date of a Gregorian date as ``YYYY-MM-DD`` (e.g. "1438-01-02");
    None for None (the store calls it on mentions that have no date)."""
    if d is None:
        return None
    (y, m, day), _ = from_gregorian(d)
    return f"{y:04d}-{m:02d}-{day:02d}"


def month_interval(year: int, month: int) -> tuple[date, date, bool]:
    """First and last Gregorian day of a Hijri month, and whether Umm al-Qura gave them."""
    first, exact = to_gregorian(year, month, 1)
    length, exact2 = month_length(year, month)
    return first, first + timedelta(days=length - 1), exact and exact2


def hijri_year_of(d: date) -> int:
    """The Hijri year a Gregorian date falls in."""
    return from_gregorian(d)[0][0]
