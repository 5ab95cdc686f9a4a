"""Dates as an Arabic reader says them: "يوم الإثنين 3 تشرين الأول 2016", "أيلول 2016",
"خريف 2016", "23-24 كانون الثاني 2017", "2 محرم 1438 هـ".

The names (three Gregorian month-name styles, Hijri months, weekdays,
seasons, quarters) live here and only here: the exports use these functions,
and the timeline page receives ``page_data()`` as JSON and applies the same
rules in its script (api/static/timeline.js; a browser test compares the two).

A label says no more than the event's precision: a month-precise event shows a
month, never an invented day. When an interval is not the whole unit its
value names (the end of autumn, a Hijri month seen in the Gregorian calendar),
the label falls back to the months or days it really covers.
"""
from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Any, Mapping

# --- names -------------------------------------------------------------------------------

MONTH_STYLES: dict[str, dict[str, Any]] = {
    "levant": {
        "label": "المشرق",
        "months": ("كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران",
                   "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"),
    },
    "egypt": {
        "label": "مصر والخليج",
        "months": ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
                   "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"),
    },
    "maghreb": {
        "label": "المغرب العربي",
        "months": ("جانفي", "فيفري", "مارس", "أفريل", "ماي", "جوان",
                   "جويلية", "أوت", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"),
    },
}
DEFAULT_STYLE = "levant"

HIJRI_MONTHS = ("محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة",
                "رجب", "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة")
HIJRI_SUFFIX = "هـ"

# Monday first, as date.weekday() counts.
WEEKDAYS = ("الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")

SEASONS = {"SP": "ربيع", "SU": "صيف", "FA": "خريف", "WI": "شتاء"}
# First and last month of each season (winter runs into the next year).
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}
QUARTERS = {"Q1": "الربع الأول", "Q2": "الربع الثاني", "Q3": "الربع الثالث", "Q4": "الربع الرابع"}

GRANULARITY_NAMES = {
    "time": "ساعة", "day": "يوم", "week": "أسبوع", "month": "شهر", "quarter": "ربع سنة",
    "season": "فصل", "year": "سنة", "decade": "عقد", "century": "قرن",
}

WORDS = {
    "day": "يوم",          # before a weekday: "يوم الإثنين"
    "at": "الساعة",        # before a time of day
    "week": "أسبوع",
    "year": "عام",
    "decade": "العقد",
    "century": "القرن",
}

# How sure the date is, from the event's confidence (ingest/events.py): a date
# worked out from the article's own date (أمس، الخميس المقبل) is "inferred"; one
# whose year was guessed, or whose article date was itself guessed, "approximate".
QUALITY_THRESHOLDS = (("approximate", 0.6), ("inferred", 0.8))
QUALITY_LABELS = {"approximate": "تاريخ تقريبي", "inferred": "تاريخ مستنتج"}
EXPLANATION_FALLBACK = {
    "phrase": "حُدِّد التاريخ من عبارة «{phrase}» في المقال.",
    "article": "حُدِّد التاريخ من تاريخ المقال.",
}

# Arabic counts, by the CLDR plural classes one, two, few (n % 100 in 3-10),
# many (n % 100 in 11-99), other: مقال واحد، مقالان، 3 مقالات، 11 مقالا، 100 مقال.
ARTICLE_COUNT = ("مقال واحد", "مقالان", "{n} مقالات", "{n} مقالا", "{n} مقال")
EVENT_COUNT = ("حدث واحد", "حدثان", "{n} أحداث", "{n} حدثا", "{n} حدث")


# --- Gregorian ---------------------------------------------------------------------------

def month_names(style: str = DEFAULT_STYLE) -> tuple[str, ...]:
    try:
        return MONTH_STYLES[style]["months"]
    except KeyError:
        raise ValueError(f"unknown month-name style {style!r}; use one of {', '.join(MONTH_STYLES)}") from None


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _day_range(a: tuple[int, int, int], b: tuple[int, int, int], months: tuple[str, ...], suffix: str = "") -> str:
    """Two (year, month, day) triples as one label, sharing what they share."""
    (y1, m1, d1), (y2, m2, d2) = a, b
    tail = f" {suffix}" if suffix else ""
    if (y1, m1, d1) == (y2, m2, d2):
        return f"{d1} {months[m1 - 1]} {y1}{tail}"
    if (y1, m1) == (y2, m2):
        return f"{d1}-{d2} {months[m1 - 1]} {y1}{tail}"
    if y1 == y2:
        return f"{d1} {months[m1 - 1]} - {d2} {months[m2 - 1]} {y1}{tail}"
    return f"{d1} {months[m1 - 1]} {y1} - {d2} {months[m2 - 1]} {y2}{tail}"


def _month_range(a: date, b: date, months: tuple[str, ...]) -> str:
    if (a.year, a.month) == (b.year, b.month):
        return f"{months[a.month - 1]} {a.year}"
    if a.year == b.year:
        return f"{months[a.month - 1]} - {months[b.month - 1]} {a.year}"
    return f"{months[a.month - 1]} {a.year} - {months[b.month - 1]} {b.year}"


def _named_unit(gran: str, value: str, start: date, end: date) -> str | None:
    """The label of a season, quarter, decade or century when the interval is all of it."""
    m = re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value)
    if gran == "season" and m:
        y, s = int(m[1]), m[2]
        m1, m2 = SEASON_MONTHS[s]
        y2 = y + 1 if s == "WI" else y
        if start == date(y, m1, 1) and end == _month_end(date(y2, m2, 1)):
            return f"{SEASONS[s]} {y}-{y2}" if y2 != y else f"{SEASONS[s]} {y}"
    m = re.fullmatch(r"(\d{4})-(Q[1-4])", value)
    if gran == "quarter" and m:
        y, q = int(m[1]), int(m[2][1])
        if start == date(y, 3 * q - 2, 1) and end == _month_end(date(y, 3 * q, 1)):
            return f"{QUARTERS[m[2]]} {y}"
    whole_years = (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
    if gran == "decade" and re.fullmatch(r"\d{3}", value) and whole_years:
        return f"{WORDS['decade']} {start.year}-{end.year}"
    if gran == "century" and re.fullmatch(r"\d{2}", value) and whole_years:
        return f"{WORDS['century']} {int(value) + 1}"
    return None


def gregorian_display(ev: Mapping[str, Any], style: str = DEFAULT_STYLE, weekday: bool = True) -> str:
    """The event's date in the Gregorian calendar, at its own precision.

    ``weekday``: name the weekday of a single day ("يوم الإثنين 3 تشرين الأول 2016"),
    as the label a reader sees first; without it, the bare date.
    """
    months = month_names(style)
    start, end = _as_date(ev["date_start"]), _as_date(ev["date_end"])
    gran, value = ev.get("granularity") or "day", ev.get("value") or ""
    named = _named_unit(gran, value, start, end)
    if named:
        return named
    if gran in ("year", "decade", "century") and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return f"{WORDS['year']} {start.year}" if start.year == end.year else f"{start.year}-{end.year}"
    if gran in ("month", "quarter", "season", "year", "decade", "century") and start.day == 1 and end == _month_end(end):
        return _month_range(start, end, months)
    label = _day_range((start.year, start.month, start.day), (end.year, end.month, end.day), months)
    if gran == "week":
        return f"{WORDS['week']} {label}"
    if start == end and weekday:
        label = f"{WORDS['day']} {WEEKDAYS[start.weekday()]} {label}"
    clock = re.search(r"T(\d{2}:\d{2})", value)
    if gran == "time" and clock:
        label += f" {WORDS['at']} {clock[1]}"
    return label


# --- Hijri -------------------------------------------------------------------------------

def _hijri_parts(value: str | None) -> tuple[int, int, int] | None:
    m = re.fullmatch(r"(\d{1,4})-(\d{2})-(\d{2})", value or "")
    return (int(m[1]), int(m[2]), int(m[3])) if m else None


def hijri_display(ev: Mapping[str, Any], weekday: bool = False) -> str | None:
    """The Umm al-Qura equivalent (from ``hijri_start``/``hijri_end``), or None when unknown.

    A Gregorian year shows its Hijri years ("1436-1437 هـ"); a month written in
    the Hijri calendar its month ("رمضان 1437 هـ"); anything else the Hijri days
    it covers.
    """
    a = _hijri_parts(ev.get("hijri_start"))
    if a is None:
        return None
    b = _hijri_parts(ev.get("hijri_end")) or a
    gran = ev.get("granularity") or "day"
    if gran in ("year", "decade", "century"):
        return f"{a[0]} {HIJRI_SUFFIX}" if a[0] == b[0] else f"{a[0]}-{b[0]} {HIJRI_SUFFIX}"
    if ev.get("calendar") == "hijri" and gran == "month" and a[2] == 1 and a[:2] == b[:2]:
        return f"{HIJRI_MONTHS[a[1] - 1]} {a[0]} {HIJRI_SUFFIX}"
    label = _day_range(a, b, HIJRI_MONTHS, HIJRI_SUFFIX)
    if a == b and weekday:
        label = f"{WORDS['day']} {WEEKDAYS[_as_date(ev['date_start']).weekday()]} {label}"
    return label


# --- how sure, and how it was worked out ---------------------------------------------------

def date_quality(ev: Mapping[str, Any]) -> str | None:
    """``approximate``, ``inferred``, or None for a date written out in full."""
    confidence = ev.get("confidence")
    if confidence is None:
        return None
    for quality, below in QUALITY_THRESHOLDS:
        if confidence < below:
            return quality
    return None


def explanation_text(ev: Mapping[str, Any]) -> str:
    """The Arabic account of how the date was resolved; never the developers' English ``rule``."""
    if ev.get("explanation"):
        return ev["explanation"]
    phrase = (ev.get("provenance") or {}).get("mention_text")
    if phrase:
        return EXPLANATION_FALLBACK["phrase"].format(phrase=phrase)
    return EXPLANATION_FALLBACK["article"]


def phrase_spans(text: str, phrase: str | None) -> list[tuple[int, int]]:
    """Where the date phrase stands in the event's sentence.

    The provenance offsets count from the start of the *document*, and the
    event carries only its sentence, so the phrase is found in the sentence by
    its text; where it stands more than once, each occurrence is marked.
    """
    spans: list[tuple[int, int]] = []
    if not phrase:
        return spans
    i = text.find(phrase)
    while i >= 0:
        spans.append((i, i + len(phrase)))
        i = text.find(phrase, i + len(phrase))
    return spans


def count_label(n: int, forms: tuple[str, ...]) -> str:
    """``n`` things in Arabic, from forms (one, two, few, many, other) such as ARTICLE_COUNT."""
    one, two, few, many, other = forms
    r = n % 100
    form = one if n == 1 else two if n == 2 else few if 3 <= r <= 10 else many if r >= 11 else other
    return form.format(n=n)


def article_count(n: int) -> str:
    return count_label(n, ARTICLE_COUNT)


def event_display(ev: Mapping[str, Any], style: str = DEFAULT_STYLE) -> str:
    """Gregorian label with its Hijri equivalent: "يوم الإثنين 3 تشرين الأول 2016 (2 محرم 1438 هـ)"."""
    hijri = hijri_display(ev)
    label = gregorian_display(ev, style)
    return f"{label} ({hijri})" if hijri else label


# --- for the page --------------------------------------------------------------------------

def page_data() -> dict[str, Any]:
    """Every name and threshold the page's script needs, as JSON-ready data."""
    return {
        "month_styles": {k: {"label": v["label"], "months": list(v["months"])} for k, v in MONTH_STYLES.items()},
        "default_style": DEFAULT_STYLE,
        "hijri_months": list(HIJRI_MONTHS),
        "hijri_suffix": HIJRI_SUFFIX,
        "weekdays": list(WEEKDAYS),
        "seasons": SEASONS,
        "season_months": {k: list(v) for k, v in SEASON_MONTHS.items()},
        "quarters": QUARTERS,
        "granularity_names": GRANULARITY_NAMES,
        "words": WORDS,
        "quality_thresholds": [list(t) for t in QUALITY_THRESHOLDS],
        "quality_labels": QUALITY_LABELS,
        "explanation_fallback": EXPLANATION_FALLBACK,
        "article_count": list(ARTICLE_COUNT),
        "event_count": list(EVENT_COUNT),
    }
