"""Synthetic timelines for the benchmark: plausible events over 1990-2030, mixed precision.

Deterministic for a given seed. Rows are plain tuples in ``EVENT_COLUMNS``
order so loaders can hand them to executemany or COPY unchanged.
"""
from __future__ import annotations

import functools
import random
from datetime import date, datetime, timedelta
from typing import Iterator

from hijridate import Gregorian

FIRST, LAST = date(1990, 1, 1), date(2030, 12, 31)

EVENT_COLUMNS = (
    "id", "date_start", "date_end", "granularity", "value", "end_value", "hijri_start", "hijri_end",
    "hijri_year", "hijri_month", "calendar", "kind", "title", "text", "place", "rule", "confidence",
    "document_count", "source_count", "document_id",
)
DOCUMENT_COLUMNS = (
    "id", "key", "position", "page_start", "page_end", "title", "source", "language", "text",
    "content_hash", "source_hash", "published", "anchor_date", "anchor_granularity", "anchor_value",
    "published_basis", "ingested_at", "updated_at",
)

# (granularity, share): mostly single days, as in news; a few long spans.
MIX = (("day", 0.66), ("days", 0.06), ("week", 0.03), ("month", 0.13), ("season", 0.02),
       ("year", 0.08), ("decade", 0.0195), ("century", 0.0005))

SUBJECTS = ("وزير الخارجية الروسي", "لافروف", "الرئيس", "مجلس الأمن", "الأمم المتحدة", "وفد المعارضة",
            "الحكومة السورية", "المبعوث الدولي", "وزير الدفاع", "البرلمان")
VERBS = ("قال", "أعلن", "أكد", "بحث", "وصل إلى", "التقى", "دعا", "اتهم", "رحب", "انتقد")
OBJECTS = ("المحادثات في جنيف", "الأزمة في سوريا", "مكافحة الإرهاب", "الاتفاق النووي", "الهدنة",
           "العلاقات الثنائية", "المؤتمر الصحفي", "العقوبات الاقتصادية", "المساعدات الإنسانية", "الانتخابات")
PLACES = ("موسكو", "دمشق", "جنيف", "القاهرة", "بيروت", "نيويورك", "أستانا", "الرياض", "طهران", "أنقرة", None, None)
SOURCES = ("سانا", "روسيا اليوم", "الأهرام", "الجزيرة", "العربية", "وكالة الأنباء الأردنية")


@functools.lru_cache(maxsize=None)
def hijri(day: date) -> tuple[str | None, int | None, int | None]:
    try:
        h = Gregorian(day.year, day.month, day.day).to_hijri()
    except (OverflowError, ValueError):
        return None, None, None
    return f"{h.year:04d}-{h.month:02d}-{h.day:02d}", h.year, h.month


def _interval(rng: random.Random, kind: str) -> tuple[date, date, str, str, str | None]:
    span = (LAST - FIRST).days
    day = FIRST + timedelta(days=rng.randrange(span))
    if kind == "day":
        return day, day, "day", day.isoformat(), None
    if kind == "days":
        end = day + timedelta(days=rng.randint(1, 6))
        return day, end, "day", day.isoformat(), end.isoformat()
    if kind == "week":
        start = day - timedelta(days=day.weekday())
        y, w, _ = start.isocalendar()
        return start, start + timedelta(days=6), "week", f"{y}-W{w:02d}", None
    if kind == "month":
        start = day.replace(day=1)
        end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return start, end, "month", start.isoformat()[:7], None
    if kind == "season":
        m = (day.month - 1) // 3 * 3 + 1
        start = date(day.year, m, 1)
        end = (date(day.year + (m == 10), (m + 2) % 12 + 1, 1)) - timedelta(days=1)
        return start, end, "season", f"{day.year}-{('WI', 'SP', 'SU', 'FA')[(m - 1) // 3]}", None
    if kind == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31), "year", str(day.year), None
    if kind == "decade":
        y = day.year // 10 * 10
        return date(y, 1, 1), date(y + 9, 12, 31), "decade", str(y // 10), None
    return date(1901, 1, 1), date(2000, 12, 31), "century", "19", None


def events(n: int, documents: int, seed: int = 1) -> Iterator[tuple]:
    rng = random.Random(seed)
    kinds = [k for k, _ in MIX]
    weights = [w for _, w in MIX]
    for i in range(1, n + 1):
        start, end, gran, value, end_value = _interval(rng, rng.choices(kinds, weights)[0])
        h_start, h_year, h_month = hijri(start)
        h_end = hijri(end)[0]
        place = rng.choice(PLACES)
        text = f"{rng.choice(VERBS)} {rng.choice(SUBJECTS)} إن {rng.choice(OBJECTS)} " \
               f"{'في ' + place if place else ''} ستتواصل بحسب ما نقلت المصادر رقم {i}."
        yield (i, start, end, gran, value, end_value, h_start, h_end, h_year, h_month, "gregorian", "mention",
               text[:60], text, place, "synthetic", 0.5, 1, 1, rng.randint(1, documents))


def documents(n: int, seed: int = 2) -> Iterator[tuple]:
    rng = random.Random(seed)
    now = datetime(2026, 1, 1)
    for i in range(1, n + 1):
        published = FIRST + timedelta(days=rng.randrange((LAST - FIRST).days))
        text = f"مقال رقم {i}"
        yield (i, f"bench:{i}", 0, 0, len(text), text, rng.choice(SOURCES), "ar", text, "x" * 64, "x" * 64,
               published, published, "day", published.isoformat(), "metadata", now, now)
