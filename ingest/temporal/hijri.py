"""Hijri (Umm al-Qura) conversion through hijridate."""
from __future__ import annotations

from datetime import date

from hijridate import Gregorian


def to_hijri_iso(day: date | None) -> str | None:
    """The Umm al-Qura date as YYYY-MM-DD, or None outside the supported range."""
    if day is None:
        return None
    try:
        h = Gregorian(day.year, day.month, day.day).to_hijri()
    except (ValueError, OverflowError):
        return None
    return f"{h.year:04d}-{h.month:02d}-{h.day:02d}"
