"""Holidays the resolver computes from kept libraries rather than tables of our own.

- Western and Orthodox Easter, and the days set from them (Good Friday, Palm
  Sunday, Sham el-Nessim), from ``dateutil.easter``.
- National days of Arab countries from the ``holidays`` package's calendars,
  found by the words of ``lexicon.NATIONAL_DAYS`` in the country's Arabic
  holiday names; ``lexicon.NATIONAL_DAYS_OWN`` fills what the package lacks.

Islamic holidays are computed from the Umm al-Qura calendar in ``resolve``
(through ``hijri``), as every other Hijri date.
"""
from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from dateutil.easter import EASTER_ORTHODOX, EASTER_WESTERN, easter

from ingest.normalize import fold
from ingest.temporal import lexicon as L


def easter_based(year: int, church: str, offset: int) -> date:
    """Easter Sunday of ``year`` in the Western or Orthodox reckoning, plus ``offset`` days
    (both given as Gregorian dates)."""
    method = EASTER_ORTHODOX if church == "orthodox" else EASTER_WESTERN
    return easter(year, method) + timedelta(days=offset)


@lru_cache(maxsize=512)
def country_names(country: str, year: int) -> tuple[tuple[date, str], ...]:
    """(date, folded Arabic name) of every holiday of ``country`` in ``year``; () when unknown."""
    try:
        import holidays as hol
        cal = hol.country_holidays(country, years=year)
        langs = [x for x in getattr(cal, "supported_languages", ()) if x.startswith("ar")]
        if langs:
            cal = hol.country_holidays(country, years=year, language=langs[0])
        return tuple(sorted((d, fold(n)) for d, n in cal.items()))
    except Exception:  # noqa: BLE001 - an unknown country or a library change: no date, not a crash
        return ()


def national_day(kind: str, country: str, year: int) -> tuple[date, str] | None:
    """The date of a kind of national day (``lexicon.NATIONAL_DAYS``) in a country and
    year, and where it came from ("holidays" or "lexicon"); None when unknown."""
    own = L.NATIONAL_DAYS_OWN.get((kind, country))
    words = [fold(w) for w in L.NATIONAL_DAYS.get(kind, ((), ()))[1]]
    # the name that is just the words ("اليوم الوطني") or names the country
    # ("اليوم الوطني لقطر") before one that names something else ("اليوم الوطني للرياضة")
    country_words = [fold(w) for w in L.COUNTRIES.get(country, ())]
    found = []
    if kind.startswith("lib:"):
        want = kind[4:]
        for d, name in country_names(country, year):
            if want in name and "تعويضي" not in name:
                return d, "holidays"
        return None
    for d, name in country_names(country, year):
        if any(w in name for w in words) and "تعويضي" not in name:
            rank = 0 if name in words else 1 if any(c in name for c in country_words) else 2
            found.append((rank, d))
    if found:
        return min(found)[1], "holidays"
    if own is not None:
        try:
            return date(year, *own), "lexicon"
        except ValueError:
            return None
    return None
