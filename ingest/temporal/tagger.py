"""Find Arabic temporal expressions and say what they mean, without an anchor.

``tag(text)`` folds the text (``ingest.normalize``), runs a small set of
patterns built once from ``lexicon`` tables, keeps the longest non-overlapping
matches, and maps every span back to exact offsets in the original text.

Each expression carries a ``spec`` (JSON-serialisable) that ``resolve`` turns
into a value for any anchor, without the text. Spec kinds:

- ``date``: a calendar date or month. ``calendar`` ("gregorian"/"hijri"),
  ``year`` (int or None), ``month``, ``day`` (None for a month),
  ``day_end`` (last day of a range in the same month), ``year_offset`` (من العام
  الماضي -1: the year relative to the anchor), ``weekday`` (0=Monday,
  when the text names it), ``month_offset`` (الجاري 0 / الماضي -1 / المقبل +1
  when the month is qualified instead of given a year), ``mod``
  (START/MID/END for مطلع/منتصف/نهاية), ``repaired_from`` (a written year whose
  digits were reversed), ``pod`` (part of day: MO MI AF EV NI, as in TIMEX3
  ``TMO``), ``since`` (منذ: open interval).
  ``paired_hijri`` holds the Hijri half of a date written in both calendars;
  ``direction`` (past/future) the tense around a date given without a year.
- ``year``: ``year``, ``calendar``, ``year_end`` (ranges), ``since``, ``mod``,
  ``quarter`` (Q1-Q4, H1, H2), ``repaired_from``.
- ``deictic``: ``days`` from the anchor (أمس -1), ``weekday`` when the text
  adds one (يوم غد الأربعاء), ``pod``.
- ``weekday``: ``weekday``; ``offset`` (-1 الماضي, +1 المقبل, ±2 قبل الماضي/بعد
  المقبل) or ``direction`` read from the verbs around a bare weekday: "past",
  "future", "present" (the anchor day when it is that weekday, else the next)
  or "unknown"; ``cue`` is the word that decided; ``pod``.
- ``relative``: ``unit`` (week, month, year, decade, century), ``offset``,
  ``mod``, ``quarter``.
- ``day_of_month``: ``day``, ``day_end``, ``month_offset`` (الـ 20 من الشهر الجاري).
- ``offset``: ``direction`` (before/after), ``amount``, ``unit`` (D W M Y DE CE H MIN),
  ``approx``: a date that far from the anchor.
- ``duration``: ``amount`` (None for عدة), ``amount_max``, ``unit``.
- ``vague``: ``value`` (PRESENT_REF, PAST_REF, FUTURE_REF), ``generic`` for اليوم "nowadays".
- ``holiday``: ``name``, ``calendar``, ``month``, ``day``, ``day_end`` (0: month end),
  ``year`` (when written), ``offset`` (-1 الماضي: the last one before the anchor, +1 المقبل).
- ``season``: ``season`` (SP SU FA WI), ``offset`` or ``year`` or ``year_offset``.
- ``range``: ``from`` and ``to``, two ``date`` or two ``year`` specs (من 28 شباط إلى 3
  آذار، بين أيار وتموز 2016): value is the start, end_value the end.
- ``clock``: ``hour``, ``minute`` (24-hour clock, day half already applied) and
  ``day``, the spec of the day it is on (من صباح اليوم، مساء الخميس), or none: the anchor day.
- ``set``: a recurrence, ``weekday`` (كل يوم جمعة) or ``month`` + ``day`` (3 أيار من كل عام).
- ``decade``: ``decade`` (199 for التسعينيات). ``century``: ``century`` (19 for
  القرن العشرين) or ``offset`` (القرن الماضي -1).

Every spec also has ``rule``: the name of the pattern that matched.

Types: DATE, TIME (a part of day or a clock time), DURATION, SET.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Iterable

from ingest.normalize import Normalized, fold as _fold, normalize

# Folding lexicon words and matched snippets happens often: cache it.
fold = lru_cache(maxsize=8192)(_fold)
from ingest.temporal import lexicon as L
from ingest.temporal.types import TemporalExpression

# ---------------------------------------------------------------------------
# Alternations built from the lexicon, once.

# A word starts at a non-word character, optionally after one or two clitic
# letters (و، ف، ب، ل، ك، وب، ول ...). The clitics are consumed in group "cl" and
# cut off the span afterwards: a lookbehind at every position costs 3x more.
# Lazy, so that a lexicon word starting with such a letter (لمدة) wins whole.
B = r"(?<!\w)(?P<cl>[وف]??[بلك]??)"
E = r"(?!\w)"


def _pattern(word: str) -> str:
    """Regex for one folded lexicon entry: spaces match any run of spaces."""
    parts = [re.escape(p) for p in fold(word).split()]
    return r"\s+".join(parts)


def _alt(words: Iterable[str]) -> str:
    uniq = sorted({fold(w) for w in words if w.strip()}, key=len, reverse=True)
    return "(?:" + "|".join(_pattern(w) for w in uniq) + ")"


def _lookup(table: dict[Any, list[str]]) -> dict[str, Any]:
    """Folded spelling -> key, with runs of spaces collapsed."""
    out: dict[str, Any] = {}
    for key, words in table.items():
        for w in words:
            out[" ".join(fold(w).split())] = key
    return out


def _key(s: str) -> str:
    return " ".join(s.split())


def _two_word_variants(words: list[str]) -> list[str]:
    """تشرين الثاني -> also تشرين ثاني (the article dropped)."""
    out = list(words)
    for w in words:
        parts = w.split()
        if len(parts) == 2 and fold(parts[1]).startswith("ال"):
            out.append(parts[0] + " " + fold(parts[1])[2:])
    return out


_GMONTHS = {k: _two_word_variants(v) for k, v in L.GREGORIAN_MONTHS.items()}
_HMONTHS = {k: _two_word_variants(v) for k, v in L.HIJRI_MONTHS.items()}
GMONTH_OF = _lookup(_GMONTHS)
HMONTH_OF = _lookup(_HMONTHS)
_AMBIG = {fold(w) for w in L.AMBIGUOUS_MONTHS}
GMONTH = _alt(w for ws in _GMONTHS.values() for w in ws)
GMONTH_UNAMBIG = _alt(w for ws in _GMONTHS.values() for w in ws if fold(w) not in _AMBIG)
HMONTH = _alt(w for ws in _HMONTHS.values() for w in ws)
# Paired month names: أكتوبر/تشرين الأول, تشرين الأول (أكتوبر), أكتوبر - تشرين الأول,
# and the wire-agency style with a bare space (20 يونيو حزيران).
GMONTH_PAIR = rf"(?:{GMONTH}(?:\s*(?:/|\\|-|–)\s*{GMONTH}|\s*\(\s*{GMONTH}\s*\)|\s+{GMONTH}{E})?)"

WEEKDAY_OF = _lookup(L.WEEKDAYS)
WD = _alt(w for ws in L.WEEKDAYS.values() for w in ws)
QUAL_OF = _lookup(L.PERIOD_QUALIFIERS)
QUAL_OF.update({_key(fold(w)): -2 for w in L.BEFORE_LAST})
QUAL_OF.update({_key(fold(w)): 2 for w in L.AFTER_NEXT})
QUAL_PREV_NEXT = _alt([w for k in (-1, 1) for w in L.PERIOD_QUALIFIERS[k] if fold(w) not in ("الاخير", "الاخيره")]
                      + L.BEFORE_LAST + L.AFTER_NEXT)
QUAL_ALL = _alt([w for ws in L.PERIOD_QUALIFIERS.values() for w in ws if fold(w) not in ("هذا", "هذه")]
                + L.BEFORE_LAST + L.AFTER_NEXT)
QUAL_MONTH = _alt([w for ws in L.PERIOD_QUALIFIERS.values() for w in ws
                   if fold(w) not in ("هذا", "هذه", "الاخير", "الاخيره", "السابق", "السابقه")])
POS_OF = _lookup(L.PERIOD_POSITIONS)
POS = _alt(w for ws in L.PERIOD_POSITIONS.values() for w in ws)
QUARTER_OF = _lookup(L.QUARTERS)
QUARTER = _alt(w for ws in L.QUARTERS.values() for w in ws)
SEASON_OF = _lookup(L.SEASONS)
SEASON = _alt(w for ws in L.SEASONS.values() for w in ws)
DECADE_OF = {fold(w)[2:] if fold(w).startswith("ال") else fold(w): k for k, ws in L.DECADES.items() for w in ws}
DECADE = _alt(DECADE_OF)
CENTURY_OF = {**_lookup(L.ORDINAL_DAYS), **_lookup(L.CENTURY_ORDINALS)}
CENTURY_ORD = _alt([w for ws in L.CENTURY_ORDINALS.values() for w in ws]
                   + [w for k, ws in L.ORDINAL_DAYS.items() if k <= 21 for w in ws])
PERIOD_UNIT_OF = {fold(w): k for k, ws in L.PERIOD_NOUNS.items() for w in ws}
PERIOD_DEF = _alt(w for ws in L.PERIOD_NOUNS.values() for w in ws if fold(w).startswith("ال"))
DEICTIC_OF = _lookup(L.DEICTIC_DAYS)
DEICTIC = _alt(w for ws in L.DEICTIC_DAYS.values() for w in ws)
POD_OF = _lookup(L.PARTS_OF_DAY)
POD = _alt(w for ws in L.PARTS_OF_DAY.values() for w in ws if not fold(w).endswith("ا"))
TONIGHT = _alt(L.TONIGHT)
NUMBER_OF = _lookup(L.NUMBER_WORDS)
NUMWORD = _alt(w for ws in L.NUMBER_WORDS.values() for w in ws)
VAGUE_COUNT = _alt(L.VAGUE_COUNTS)
APPROX = _alt(L.APPROX)
UNIT_OF = {fold(w): (u, n) for u, ws in L.UNITS.items() for (w, n) in ws}
UNIT = _alt(UNIT_OF)
OFFSET_PREP_OF = _lookup(L.OFFSET_PREPOSITIONS)
OFFSET_PREP = _alt(w for ws in L.OFFSET_PREPOSITIONS.values() for w in ws)
VAGUE_OF = _lookup(L.VAGUE)
VAGUE = _alt(w for ws in L.VAGUE.values() for w in ws)
PLURAL_PERIOD = _alt(L.PLURAL_PERIODS)
HMARK = _alt(L.HIJRI_MARKERS)
GMARK = _alt(L.GREGORIAN_MARKERS)
CORRESP = _alt(L.CORRESPONDING)
HOLIDAY_OF: dict[str, tuple[str, str, tuple]] = {}
for _name, (_when, _words) in L.HIJRI_HOLIDAYS.items():
    for _w in _words:
        HOLIDAY_OF[_key(fold(_w))] = (_name, "hijri", _when)
for _name, (_when, _words) in L.GREGORIAN_HOLIDAYS.items():
    for _w in _words:
        HOLIDAY_OF[_key(fold(_w))] = (_name, "gregorian", _when)
HOLIDAY = _alt(HOLIDAY_OF)

_PLURAL_FUTURE = {fold(w) for w in L.PLURAL_FUTURE}
_VAGUE_COUNTS = {fold(w) for w in L.VAGUE_COUNTS}
_PLURAL_UNITS = {fold(w) for w in L.PLURAL_UNITS}
_SINGULAR_UNITS = {fold(w) for u in L.UNITS.values() for (w, n) in u[:1]}
_PAST = set()
for _v in L.PAST_VERBS:
    _f = fold(_v)
    _PAST.update({_f, _f + "ت", _f + "وا", _f + "ا", _f + "تا"})
    if _f.endswith("ي"):  # انتهى -> انتهت، انتهوا
        _PAST.update({_f[:-1] + "ت", _f[:-1] + "وا"})
_PRESENT = {fold(v) for v in L.PRESENT_VERBS}
_FUTURE = {_key(fold(v)) for v in L.FUTURE_CUES}
_FUTURE_STOP = {fold(v) for v in L.FUTURE_PREFIX_STOPLIST}
_STATIVE = {_key(fold(v)) for v in L.STATIVE_VERBS}
_TODAY_NOUN_AFTER = {fold(v) for v in L.TODAY_NOUN_FOLLOWERS}
_TODAY_NOUN_BEFORE = {fold(v) for v in L.TODAY_NOUN_PRECEDERS}
_GENERIC_TODAY = {fold(v) for v in L.GENERIC_TODAY_CONTEXT}

# Day of month written as a number, optionally with the article (الـ 15), or غرة/مستهل (the first).
ORDINAL_DAY_OF = _lookup(L.ORDINAL_DAYS)
ORDINAL_DAY = _alt(w for ws in L.ORDINAL_DAYS.values() for w in ws)
DAY = rf"(?:(?:ال\s*)?(?<![\d.,/])(?:[0-3]?\d)(?![\d/]|\.\d|,\d)|غره|مستهل|{ORDINAL_DAY}(?=\s+من\s))"
YEAR4 = r"(?<![\d.,/])\d{4}(?![\d/]|\.\d|,\d)"
YEAR_CUE = r"(?:عام|العام|سنه|السنه|لعام|لسنه)"
RANGE_SEP = r"(?:و|-|–|—|الي|حتي|ل|او)"


# ---------------------------------------------------------------------------
# Patterns. Named groups carry the parts; handlers build the spec.

def _c(p: str) -> re.Pattern[str]:
    return re.compile(p, re.VERBOSE)


_WD_PREFIX = rf"(?:(?:يوم\s+)?(?P<wd>{WD})\s*[،,]?\s*(?:(?:ال)?موافق\s+(?:ل\s*)?)?)"
_YEAR_TAIL = (rf"(?:\s*[،,]?\s*(?:من\s+)?(?:{YEAR_CUE}\s*)?(?P<year>{YEAR4})"
              rf"(?:\s*(?P<gmark>{GMARK}){E})?)")
# "أيلول من العام الماضي", "15 آذار من هذا العام": the year relative to the anchor.
_REL_YEAR_TAIL = (rf"(?:\s*[،,]?\s*(?:من\s+)?(?:(?:العام|السنه)\s+(?P<yqual>{QUAL_ALL})"
                  rf"|(?P<ythis>هذا\s+العام|هذه\s+السنه)){E})")

P_GDATE = _c(rf"""
    {B}(?:(?P<since>منذ|مذ)\s+)?(?:(?P<pod>{POD})\s+(?:يوم\s+)?)?(?:{_WD_PREFIX})?
    (?:(?P<yawm>يوم|يومي)\s+)?
    (?P<d1>{DAY})(?:\s*{RANGE_SEP}\s*(?P<d2>{DAY}))?
    \s*(?:من\s+)?(?:شهر\s+)?
    (?P<mon>{GMONTH_PAIR}){E}
    (?:{_YEAR_TAIL}|{_REL_YEAR_TAIL}|\s+(?P<qual>{QUAL_MONTH}){E}|\s+(?P<every>من\s+كل\s+(?:عام|سنه)|كل\s+(?:عام|سنه)){E})?
""")

P_HDATE = _c(rf"""
    {B}(?:{_WD_PREFIX})?
    (?:(?P<yawm>يوم|يومي)\s+)?
    (?P<d1>{DAY})(?:\s*{RANGE_SEP}\s*(?P<d2>{DAY}))?
    \s*(?:من\s+)?(?:شهر\s+)?
    (?P<hmon>{HMONTH}){E}
    (?:\s*[،,]?\s*(?:من\s+)?(?:{YEAR_CUE}\s*)?(?P<year>(?<![\d.,/])\d{{3,4}}(?![\d/]))\s*(?P<hmark>{HMARK}{E})?
      |\s+(?P<hmark2>{HMARK}){E})?
""")

P_HMONTH_YEAR = _c(rf"""
    {B}(?:(?P<pos>{POS})\s+)?(?:شهر\s+)?(?P<hmon>{HMONTH})\s*(?:من\s+)?(?:{YEAR_CUE}\s*)?
    (?P<year>(?<![\d.,/])\d{{3,4}}(?![\d/]))\s*(?P<hmark>{HMARK}){E}
""")

# "شهر محرم", "شهر ذي الحجة": a Hijri month of the year around the anchor.
P_HMONTH_BARE = _c(rf"""
    {B}(?:(?P<pos>{POS})\s+)?شهر\s+(?P<hmon>{HMONTH}){E}(?:\s+(?P<qual>{QUAL_PREV_NEXT}){E})?
""")

P_NUMDATE = _c(rf"""
    (?:{B}{_WD_PREFIX})?
    (?:(?<![\w/.\-])|(?<=(?<!\w)[وفبل]))(?:
      (?P<d>[0-3]?\d)(?P<s1>\x20?[/.\-]\x20?)(?P<m>[01]?\d)(?P=s1)(?P<y>\d{{4}})
     |(?P<y2>\d{{4}})(?P<s2>\x20?[/.\-]\x20?)(?P<m2>[01]?\d)(?P=s2)(?P<d2>[0-3]?\d)
    )(?![\d/]|[.\-]\d)
    (?:\s*(?P<hmark>{HMARK}){E}|\s*(?P<gmark>{GMARK}){E})?(?!\w)
""")

P_MONTH_YEAR = _c(rf"""
    {B}(?:(?P<since>منذ|مذ)\s+)?(?:(?P<pos>{POS})\s+)?(?:شهر\s+)?(?P<mon>{GMONTH_PAIR})
    (?:\s*[،,]?\s*(?:من\s+)?(?:{YEAR_CUE}\s*)?(?P<year>{YEAR4})(?:\s*(?P<gmark>{GMARK}){E})?|{_REL_YEAR_TAIL})
""")

P_MONTH_QUAL = _c(rf"""
    {B}(?:(?P<pos>{POS})\s+)?(?:(?P<shahr>شهر)\s+)?(?P<mon>{GMONTH_PAIR})\s+(?P<qual>{QUAL_MONTH}){E}
""")

P_MONTH_BARE = _c(rf"""
    {B}(?:(?P<cue>{_alt(L.MONTH_CUES)})\s+)?(?:(?P<pos>{POS})\s+)?(?P<shahr>شهر\s+)?
    (?P<mon>{GMONTH_PAIR}){E}
""")

P_YEAR = _c(rf"""
    {B}(?:(?P<since>منذ|مذ)\s+)?(?:(?P<pos>{POS})\s+)?(?:(?P<quarter>{QUARTER})\s+(?:من\s+)?)?
    (?:(?P<cue>{YEAR_CUE}|عامي|العامين)\s*(?P<year>{YEAR4})(?:\s*(?P<mark>{GMARK}|{HMARK}){E})?
       (?:\s*{RANGE_SEP}\s*(?:{YEAR_CUE}\s*)?(?P<year_end>{YEAR4}))?
     |(?P<year_m>{YEAR4})\s*(?P<mark_m>{GMARK}|{HMARK}){E})
""")

P_YEAR_PREP = _c(rf"""
    {B}(?P<prep>{_alt(L.YEAR_PREPOSITIONS)})\s+
    (?P<year>(?:19|20)\d\d)(?![\d/]|[.,]\d)
    (?:\s*(?P<sep>و|-|–|الي|حتي)\s*(?P<year_end>(?:19|20)\d\d)(?![\d/]|[.,]\d))?
""")

P_QUARTER_YEAR = _c(rf"""
    {B}(?P<quarter>{QUARTER})\s+(?:من\s+)?(?:{YEAR_CUE}\s*)?(?P<year>(?:1[89]|20)\d\d)(?![\d/]|[.,]\d)
""")

P_YEAR_SPAN = _c(rf"""
    {B}(?P<year>(?:1[89]|20)\d\d)\s*(?:-|–|—|/)\s*(?P<year_end>(?:1[89]|20)\d\d)(?![\d/]|[.,]\d)
""")

P_DAY_REL_MONTH = _c(rf"""
    {B}(?:(?P<yawm>يوم|يومي)\s+)?
    (?P<d1>{DAY})(?:\s*{RANGE_SEP}\s*(?P<d2>{DAY}))?
    \s+من\s+(?:ال)?شهر\s+(?P<qual>{QUAL_MONTH}){E}
""")

P_RELATIVE = _c(rf"""
    {B}(?:(?P<pos>{POS})\s+)?(?:(?P<quarter>{QUARTER})\s+(?:من\s+)?)?
    (?:(?P<this>هذا|هذه)\s+(?P<noun1>{PERIOD_DEF})
      |(?P<noun2>{PERIOD_DEF})\s+(?P<qual>{QUAL_ALL})
      |(?P<noun3>{PERIOD_DEF})\s+(?P<qual3>{_alt(L.BEFORE_LAST + L.AFTER_NEXT)})){E}
""")

# "مطلع العام", "نهاية الشهر" with no qualifier: the current one.
P_POS_PERIOD = _c(rf"""
    {B}(?P<pos>{POS})\s+(?P<noun>{PERIOD_DEF}){E}(?!\s+(?:{QUAL_ALL}|هذا|هذه|ال\s*\d|\d|{YEAR_CUE}|من))
""")

P_QUARTER_THIS = _c(rf"""
    {B}(?P<quarter>{QUARTER})\s+(?:من\s+)?(?P<noun>العام|السنه)(?!\s+\S*(?:ماضي|مقبل|قادم|حالي|جاري|سابق|\d))
""")

P_WEEKDAY = _c(rf"""
    {B}(?:(?P<pod>{POD})\s+)?(?:(?P<yawm>يوم)\s+)?(?P<wd>{WD}){E}
    (?:\s+(?P<qual>{QUAL_PREV_NEXT}){E})?
""")

P_DEICTIC = _c(rf"""
    {B}(?:(?P<pod>{POD})\s+)?(?P<deictic>{DEICTIC}){E}
    (?:\s*[،,]?\s*(?:(?:ال)?موافق\s+)?(?P<wd>{WD}){E}(?!\s*[،,]?\s*(?:(?:ال)?موافق\s+(?:ل\s*)?)?(?:ال\s*)?\d))?
""")

WD_BARE = _alt(fold(w)[2:] for ws in L.WEEKDAYS.values() for w in ws if fold(w).startswith("ال"))
# "كل أحد" is "everyone": a bare weekday name needs "يوم" (كل يوم أحد).
P_SET_WEEKDAY = _c(rf"""{B}(?:كل\s+(?:يوم\s+(?P<wd>{WD}|{WD_BARE})|(?P<wd2>{WD})){E}
                               |(?:يوم\s+)?(?P<wd3>{WD})\s+من\s+كل\s+اسبوع{E})""")

HOUR_OF = _lookup(L.HOUR_WORDS)
MINUTE_OF = _lookup(L.MINUTE_FRACTIONS)
CLOCK_PERIOD_OF = _lookup(L.CLOCK_PERIODS)
P_CLOCK = _c(rf"""
    {B}(?:(?P<sa>{_alt(L.CLOCK_WORDS)})\s+)?
    (?P<h>(?:ال\s*)?(?<![\d.,/:])[0-2]?\d(?::(?P<mi>[0-5]\d))?(?![\d/]|[.,:]\d)|{_alt(w for ws in L.HOUR_WORDS.values() for w in ws)})
    (?:\s+(?P<frac>{_alt(w for ws in L.MINUTE_FRACTIONS.values() for w in ws)}))?
    (?:\s+(?P<per>{_alt(w for ws in L.CLOCK_PERIODS.values() for w in ws if fold(w) != "صباح")}))?{E}
""")

P_TONIGHT = _c(rf"""{B}(?P<tonight>{TONIGHT})(?:\s+(?P<qual>{QUAL_PREV_NEXT}))?{E}""")

_NUM = rf"(?:\d+|{NUMWORD}(?:\s+و\s*{NUMWORD})?)"
FRACTION_OF = {(fold(f), fold(u)): v for (f, u), v in L.FRACTIONS.items()}
FRACTION = _alt({f for f, _ in L.FRACTIONS})
# Digits may touch the unit (48ساعة); a number word must not: ستعقد is "will be
# held", not ست + عقد "six decades".
_GLUE = r"(?:(?<=\d)\s*|\s+)"
P_OFFSET = _c(rf"""
    {B}(?P<prep>{OFFSET_PREP})\s+(?:(?P<approx>{APPROX})\s+)?
    (?:(?P<num>{_NUM}|{VAGUE_COUNT}|ال\s*\d+){_GLUE}(?:(?:-|–|الي|او|و)\s*(?P<num2>\d+|{NUMWORD}){_GLUE})?
      |(?P<frac>{FRACTION})\s+)?
    (?P<unit>{UNIT}){E}
    (?P<fromnow>\s+من\s+(?:الان|اليوم|الزمن){E})?
    (?P<tail>\s+(?:من|علي)(?!\s+(?:الان|الزمن|اليوم)))?
""")

P_DURATION = _c(rf"""
    {B}(?:(?P<approx>{APPROX})\s+)?
    (?:(?P<num>\d+|{NUMWORD}(?:\s+و\s*{NUMWORD})?|{VAGUE_COUNT}){_GLUE}(?:(?:-|–|الي|او|و)\s*(?P<num2>\d+|{NUMWORD}){_GLUE})?(?P<unit>{UNIT})
      |(?P<dual>{_alt(w for u in L.UNITS.values() for (w, n) in u if n == 2)})
      |(?P<frac>{FRACTION})\s+(?P<funit>{UNIT})){E}
""")

P_PLURAL_PERIOD = _c(rf"""
    {B}(?:(?P<prep>{_alt(L.PLURAL_PERIOD_PREPOSITIONS)})\s+)?(?P<pl>{PLURAL_PERIOD})\s+(?:(?:ال\s*)?(?:\d+|{NUMWORD})\s+)?
    (?:القليله\s+)?(?P<dir>{_alt(L.PLURAL_PAST + L.PLURAL_FUTURE)}){E}
""")

P_VAGUE = _c(rf"""{B}(?P<vague>{VAGUE}){E}""")

P_HOLIDAY = _c(rf"""
    {B}(?P<holiday>{HOLIDAY}){E}
    (?:\s*(?:ل|من\s+)?(?:{YEAR_CUE}\s*)?(?P<year>(?<![\d.,/])\d{{4}}(?![\d/]))(?:\s*(?P<mark>{GMARK}|{HMARK}){E})?
      |\s+(?P<qual>{QUAL_PREV_NEXT}){E})?
""")
# رمضان alone is a month name, a holiday, and a man's name: only with a cue.
P_RAMADAN = _c(rf"""
    {B}(?:(?P<cue>{_alt(L.RAMADAN_CUES)})\s+)(?P<holiday>رمضان){E}
    (?:\s*(?:من\s+)?(?:{YEAR_CUE}\s*)?(?P<year>(?<![\d.,/])\d{{4}}(?![\d/]))(?:\s*(?P<mark>{GMARK}|{HMARK}){E})?
      |\s+(?P<qual>{QUAL_PREV_NEXT}){E})?
""")

P_SEASON = _c(rf"""
    {B}(?:(?P<pos>{POS})\s+)?
    (?:(?P<this>هذا|هذه)\s+(?P<season1>{SEASON})
      |(?P<season>{SEASON})\s+(?:(?P<qual>{QUAL_ALL})
                                |(?:من\s+)?(?:{YEAR_CUE}\s*)?(?P<year>{YEAR4})
                                |(?:ال)?(?P<ynoun>عام|سنه)\s+(?P<yqual>{QUAL_ALL})
                                |(?P<ythis>هذا\s+العام|العام\s+الحالي|العام\s+الجاري)))
    {E}
""")

P_DECADE = _c(rf"""
    {B}(?:(?P<pos>{POS})\s+)?(?:(?P<aqd>عقد)\s+)?(?:ال)?(?P<decade>{DECADE}){E}
    (?:\s+(?:من\s+)?(?:ال)?قرن\s+(?:(?P<cqual>{QUAL_ALL})|(?P<cord>{CENTURY_ORD}))
     |\s+(?:من\s+)?(?:ال)?(?:ال)?قرن\s+(?:ال\s*)?(?P<cnum>\d{{1,2}}))?
""")

P_CENTURY = _c(rf"""
    {B}(?:(?P<pos>{POS})\s+)?(?:(?P<this>هذا)\s+القرن{E}
      |(?:ال)?قرن\s+(?:(?P<qual>{QUAL_ALL})|(?P<ord>{CENTURY_ORD})|ال\s*(?P<num>\d{{1,2}})){E})
    (?:\s+(?P<era>{_alt(w for ws in L.CENTURY_ERAS.values() for w in ws)}){E})?
""")


# ---------------------------------------------------------------------------
# Helpers shared by the handlers.

@dataclass
class _Cand:
    start: int          # folded offsets
    end: int
    type: str
    spec: dict[str, Any]
    priority: int = 0   # breaks ties between equally long candidates


_NONDIGIT = re.compile(r"\D")
_ART_NUMBER = re.compile(r"(?:ال\s*)?\d+")
# A count noun after a year-like number makes it a count ("في 2000 شخص").
_COUNTED_AFTER = re.compile(rf"\s*(?:{UNIT}|{_alt(L.COUNT_NOUNS)})")
_YEAR_AFTER = re.compile(r"\s*\d{4}")
_DECADE_ALONE = re.compile(r"\s*(?:من\s+الزمن|[.،,؛:!?؟)\n]|$)")


def _int(s: str | None) -> int | None:
    if not s:
        return None
    digits = _NONDIGIT.sub("", s)
    return int(digits) if digits else None


def _number(s: str | None) -> int | None:
    """A count written in digits or words (ثلاثة، خمسة وعشرين)."""
    if not s:
        return None
    s = _key(s)
    if _ART_NUMBER.fullmatch(s):
        return int(_NONDIGIT.sub("", s))
    if s in NUMBER_OF:
        return NUMBER_OF[s]
    if " و" in s:
        a, b = s.split(" و", 1)
        x, y = NUMBER_OF.get(_key(a)), NUMBER_OF.get(_key(b.lstrip("و ").strip()) or "")
        if x is not None and y is not None:
            return x + y
    return None


_MAX_DAY = {1: 31, 2: 29, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}


_GMONTH_RE = re.compile(GMONTH)


def _month_names(text: str) -> list[int]:
    """Months named in a (possibly paired) month expression, in order."""
    return [GMONTH_OF[_key(m.group())] for m in _GMONTH_RE.finditer(text) if _key(m.group()) in GMONTH_OF]


def _gmonth(text: str) -> int | None:
    """Month of a (possibly paired) month name; the first name decides."""
    names = _month_names(text)
    return names[0] if names else None


def _paired_ok(text: str) -> bool:
    return len(set(_month_names(text))) <= 1


def _year(s: str | None, hijri: bool = False) -> tuple[int | None, int | None]:
    """(year, written year when its digits were reversed) for a written year.

    A year typed with its digits reversed (3102 for 2013) is repaired only when
    the written year is implausible and its reverse is plausible.
    """
    y = _int(s)
    if y is None:
        return None, None
    lo, hi = (1, 1600) if hijri else (1, 2100)
    if lo <= y <= hi:
        return y, None
    rev = int(str(y)[::-1])
    plo, phi = (1300, 1500) if hijri else (1900, 2100)
    if len(str(y)) == 4 and plo <= rev <= phi:
        return rev, y
    return None, None


def _pos(s: str | None) -> str | None:
    return POS_OF.get(_key(s)) if s else None


def _qual(s: str | None) -> int | None:
    return QUAL_OF.get(_key(s)) if s else None


# ---------------------------------------------------------------------------
# Tense around a bare weekday.

_TOKEN = re.compile(r"[^\W\d_]+|[.!?؟\n]")
_SENT_END = {".", "!", "?", "؟", "\n"}


def _strip_clitic(tok: str) -> list[str]:
    out = [tok]
    if len(tok) > 3 and tok[0] in "وف":
        out.append(tok[1:])
    return out


def _is_future_verb(tok: str) -> bool:
    for t in _strip_clitic(tok):
        if t in _FUTURE_STOP:
            return False
        if len(t) >= 4 and t[0] == "س" and t[1] in "يتن" and t not in _FUTURE_STOP:
            return True
    return False


def _classify(tok: str) -> str | None:
    for t in _strip_clitic(tok):
        if t in _FUTURE:
            return "future"
        if t in _PRESENT or (len(t) > 4 and t[-1] in "ه" and t[:-1] in _PRESENT) or \
                (len(t) > 5 and t.endswith("ها") and t[:-2] in _PRESENT):
            return "present"
        if t in _PAST:
            return "past"
    if _is_future_verb(tok):
        return "future"
    return None


def _tense_around(norm: str, start: int, end: int) -> tuple[str, str]:
    """The tense the verbs nearest a bare weekday give it, and the cue word.

    Looks back up to 12 words and ahead up to 4 within the sentence; the
    nearest cue wins (backward on a tie, since Arabic puts the verb first).
    """
    back_text = norm[max(0, start - 160):start]
    fwd_text = norm[end:end + 80]
    back = _TOKEN.findall(back_text)[::-1]
    fwd = _TOKEN.findall(fwd_text)
    best: tuple[int, str, str] | None = None
    for dist, tok in enumerate(back[:12]):
        if tok in _SENT_END:
            break
        # two-word cues: "من المقرر"
        cls = _classify(tok)
        if cls:
            best = (dist, cls, tok)
            break
    for dist, tok in enumerate(fwd[:4]):
        if tok in _SENT_END:
            break
        cls = _classify(tok)
        if cls:
            if best is None or dist < best[0]:
                best = (dist, cls, tok)
            break
    if best is None:
        return "unknown", ""
    return best[1], best[2]


def _unsuffixed(t: str) -> str:
    """A verb without its object pronoun (تعانيه -> تعاني، يواجهها -> يواجه)."""
    for suf in ("هما", "ها", "هم", "ه"):
        if t.endswith(suf) and len(t) - len(suf) >= 3:
            return t[: -len(suf)]
    return t


def _today_is_generic(norm: str, start: int, end: int) -> bool:
    """True when "اليوم" means "nowadays" rather than the anchor day.

    A present-tense stative predicate in the same clause, just before it (يمثلون
    اليوم، تعد اليوم، يدركون ذلك جيدا اليوم) or right after it (اليوم نعيش), or a
    generic noun before it (عالم اليوم), makes it generic. An event verb or
    noun leaves it deictic.
    """
    back = _TOKEN.findall(norm[max(0, start - 60):start])[::-1]
    fwd = _TOKEN.findall(norm[end:end + 40])
    for i, tok in enumerate(back[:4]):
        if tok in _SENT_END:
            break
        for t in _strip_clitic(tok):
            if t in _STATIVE or t in _GENERIC_TODAY or _unsuffixed(t) in _STATIVE:
                return True
    for tok in fwd[:1]:
        for t in _strip_clitic(tok):
            if t in _STATIVE:
                return True
    return False


# ---------------------------------------------------------------------------
# Handlers: match -> candidate (or None to reject).

def _day(s: str | None) -> int | None:
    if s and s in ("غره", "مستهل"):
        return 1
    if s and _key(s) in ORDINAL_DAY_OF:
        return ORDINAL_DAY_OF[_key(s)]
    return _int(s)


def _year_offset(m: re.Match[str]) -> int | None:
    """The year offset a relative year tail gives (من العام الماضي -1, هذا العام 0)."""
    g = m.groupdict()
    if g.get("ythis"):
        return 0
    if g.get("yqual"):
        return _qual(g["yqual"])
    return None


def _date_spec(m: re.Match[str], calendar: str) -> dict[str, Any] | None:
    d1 = _day(m.group("d1"))
    d2 = _day(m.group("d2"))
    if calendar == "gregorian":
        mon_text = m.group("mon")
        month = _gmonth(mon_text)
        if month is None:
            return None
        maxd = _MAX_DAY[month]
    else:
        month = HMONTH_OF.get(_key(m.group("hmon")))
        if month is None:
            return None
        maxd = 30
    if d1 is None or not (1 <= d1 <= maxd) or (d2 is not None and not (d1 < d2 <= maxd)):
        return None
    spec: dict[str, Any] = {"kind": "date", "calendar": calendar, "month": month, "day": d1}
    if d2 is not None:
        spec["day_end"] = d2
    if m.group("wd"):
        spec["weekday"] = WEEKDAY_OF[_key(m.group("wd"))]
    y = m.groupdict().get("year")
    if y:
        year, rep = _year(y, hijri=(calendar == "hijri"))
        if year is None:
            return None
        spec["year"] = year
        if rep:
            spec["repaired_from"] = rep
    q = m.groupdict().get("qual")
    if q:
        spec["month_offset"] = _qual(q)
    if _year_offset(m) is not None:
        spec["year_offset"] = _year_offset(m)
    if calendar == "gregorian" and not _paired_ok(mon_text):
        spec["pair_mismatch"] = True
    if calendar == "gregorian" and month == 2 and d1 == 29 and spec.get("year"):
        yr = spec["year"]
        if not (yr % 4 == 0 and (yr % 100 != 0 or yr % 400 == 0)):
            return None
    return spec


def h_gdate(m: re.Match[str], norm: str) -> _Cand | None:
    spec = _date_spec(m, "gregorian")
    if spec is None:
        return None
    if m.group("every"):
        return _Cand(m.start(), m.end(), "SET", {"kind": "set", "month": spec["month"], "day": spec["day"],
                                                 "rule": "every-year-on-a-date"}, 5)
    spec["rule"] = "day-month"
    if m.group("since"):
        spec["since"] = True
    if m.group("pod"):
        spec["pod"] = POD_OF[_key(m.group("pod"))]
    if spec.get("year") is None and spec.get("month_offset") is None and spec.get("weekday") is None:
        direction, cue = _tense_around(norm, m.start(), m.end())
        if direction in ("past", "future"):
            spec["direction"] = direction
    return _Cand(m.start(), m.end(), "TIME" if spec.get("pod") else "DATE", spec, 5)


def h_hdate(m: re.Match[str], norm: str) -> _Cand | None:
    hmon = _key(m.group("hmon"))
    has_year = bool(m.group("year"))
    has_mark = bool(m.group("hmark") or m.group("hmark2"))
    # صفر (zero) and رجب (a name) need a year or the هـ marker to be months.
    if hmon in ("صفر", "رجب") and not (has_year or has_mark):
        return None
    if has_year and not has_mark and len(m.group("year")) == 4 and not 1300 <= int(m.group("year")) <= 1600:
        return None
    spec = _date_spec(m, "hijri")
    if spec is None:
        return None
    spec["rule"] = "hijri-day-month"
    return _Cand(m.start(), m.end(), "DATE", spec, 6)


def h_hmonth_year(m: re.Match[str], norm: str) -> _Cand | None:
    month = HMONTH_OF.get(_key(m.group("hmon")))
    year, rep = _year(m.group("year"), hijri=True)
    if month is None or year is None:
        return None
    spec = {"kind": "date", "calendar": "hijri", "year": year, "month": month, "day": None, "rule": "hijri-month-year"}
    if m.group("pos"):
        spec["mod"] = _pos(m.group("pos"))
    return _Cand(m.start(), m.end(), "DATE", spec, 5)


def h_hmonth_bare(m: re.Match[str], norm: str) -> _Cand | None:
    month = HMONTH_OF.get(_key(m.group("hmon")))
    if month is None or month == 9:
        return None  # شهر رمضان is a holiday entry of its own
    spec: dict[str, Any] = {"kind": "holiday", "name": f"hijri_month_{month}", "calendar": "hijri",
                            "month": month, "day": 1, "day_end": 0, "rule": "hijri-month"}
    if m.group("qual"):
        spec["offset"] = _qual(m.group("qual"))
    return _Cand(m.start(), m.end(), "DATE", spec, 3)


def h_numdate(m: re.Match[str], norm: str) -> _Cand | None:
    if m.group("d") is not None:
        d, mo, y = int(m.group("d")), int(m.group("m")), int(m.group("y"))
    else:
        d, mo, y = int(m.group("d2")), int(m.group("m2")), int(m.group("y2"))
    hijri = bool(m.group("hmark")) or (not m.group("gmark") and 1300 <= y <= 1500)
    if not 1 <= mo <= 12:
        return None
    if hijri:
        if not 1 <= d <= 30:
            return None
    else:
        if not 1 <= d <= _MAX_DAY[mo] or not 1000 <= y <= 2200:
            return None
        if mo == 2 and d == 29 and not (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)):
            return None
    spec = {"kind": "date", "calendar": "hijri" if hijri else "gregorian", "year": y, "month": mo, "day": d,
            "rule": "numeric-date"}
    if m.group("wd"):
        spec["weekday"] = WEEKDAY_OF[_key(m.group("wd"))]
    return _Cand(m.start(), m.end(), "DATE", spec, 6)


def h_month_year(m: re.Match[str], norm: str) -> _Cand | None:
    month = _gmonth(m.group("mon"))
    year, rep = _year(m.group("year"))
    year_offset = _year_offset(m)
    if month is None or (year is None and year_offset is None):
        return None
    spec: dict[str, Any] = {"kind": "date", "calendar": "gregorian", "year": year, "month": month, "day": None,
                            "rule": "month-year"}
    if year_offset is not None:
        spec["year_offset"] = year_offset
    if rep:
        spec["repaired_from"] = rep
    if m.group("pos"):
        spec["mod"] = _pos(m.group("pos"))
    if m.group("since"):
        spec["since"] = True
    return _Cand(m.start(), m.end(), "DATE", spec, 4)


def h_month_qual(m: re.Match[str], norm: str) -> _Cand | None:
    month = _gmonth(m.group("mon"))
    if month is None:
        return None
    if _key(m.group("mon")) in _AMBIG and not m.group("shahr"):
        return None
    spec: dict[str, Any] = {"kind": "date", "calendar": "gregorian", "year": None, "month": month, "day": None,
                            "month_offset": _qual(m.group("qual")), "rule": "month-qualified"}
    if m.group("pos"):
        spec["mod"] = _pos(m.group("pos"))
    return _Cand(m.start(), m.end(), "DATE", spec, 4)


_LAST_WORD = re.compile(r"(\w+)[\s،,]*$")


def _after_month(norm: str, m: re.Match[str]) -> bool:
    """True when "وأفريل" follows another month name (في فيفري وأفريل وجوان)."""
    if m.group("cl") != "و":
        return False
    prev = _LAST_WORD.search(norm, max(0, m.start() - 25), m.start())
    return prev is not None and (prev.group(1) in GMONTH_OF or prev.group(1)[1:] in GMONTH_OF)


def h_month_bare(m: re.Match[str], norm: str) -> _Cand | None:
    if not (m.group("cue") or m.group("pos") or m.group("shahr") or _after_month(norm, m)):
        return None
    mon = m.group("mon")
    if _key(mon) in _AMBIG and not m.group("shahr"):
        return None
    month = _gmonth(mon)
    if month is None:
        return None
    spec: dict[str, Any] = {"kind": "date", "calendar": "gregorian", "year": None, "month": month, "day": None,
                            "rule": "month-name"}
    direction, _ = _tense_around(norm, m.start(), m.end())
    if direction in ("past", "future"):
        spec["direction"] = direction
    if m.group("pos"):
        spec["mod"] = _pos(m.group("pos"))
    start = m.start("pos") if m.group("pos") else (m.start("shahr") if m.group("shahr") else m.start("mon"))
    return _Cand(start, m.end(), "DATE", spec, 1)


def h_year(m: re.Match[str], norm: str) -> _Cand | None:
    ytext = m.group("year") or m.group("year_m")
    mark = m.group("mark") or m.group("mark_m") or ""
    hijri = bool(mark) and _key(mark) in {fold(x) for x in L.HIJRI_MARKERS}
    year, rep = _year(ytext, hijri=hijri)
    if year is None:
        return None
    spec: dict[str, Any] = {"kind": "year", "calendar": "hijri" if hijri else "gregorian", "year": year,
                            "rule": "year"}
    if rep:
        spec["repaired_from"] = rep
    if m.group("year_end"):
        ye, _ = _year(m.group("year_end"), hijri=hijri)
        if ye is None or ye <= year:
            return None
        spec["year_end"] = ye
        spec["rule"] = "year-range"
    if m.group("since"):
        spec["since"] = True
    if m.group("pos"):
        spec["mod"] = _pos(m.group("pos"))
    if m.group("quarter"):
        spec["quarter"] = QUARTER_OF[_key(m.group("quarter"))]
    start = m.start() if not m.group("since") else m.start("since")
    return _Cand(start, m.end(), "DATE", spec, 3)


def h_year_prep(m: re.Match[str], norm: str) -> _Cand | None:
    prep = m.group("prep")
    year = int(m.group("year"))
    spec: dict[str, Any] = {"kind": "year", "calendar": "gregorian", "year": year, "rule": "year-after-preposition"}
    start = m.start("year")
    if m.group("year_end"):
        ye = int(m.group("year_end"))
        if ye <= year:
            return None
        spec["year_end"] = ye
        spec["rule"] = "year-range"
        start = m.start("prep") if prep in _YEAR_RANGE_ONLY else start
    elif prep in _YEAR_RANGE_ONLY:
        # "من 2015" alone is too often a count ("أكثر من 2000 شخص").
        return None
    if prep in ("منذ", "مذ"):
        spec["since"] = True
        start = m.start("prep")
    if _pos(prep):
        spec["mod"] = _pos(prep)
        start = m.start("prep")
    # A following unit word means a count: "في 2000 يوم".
    if _COUNTED_AFTER.match(norm, m.end()):
        return None
    return _Cand(start, m.end(), "DATE", spec, 2)


def h_quarter_year(m: re.Match[str], norm: str) -> _Cand | None:
    spec = {"kind": "year", "calendar": "gregorian", "year": int(m.group("year")),
            "quarter": QUARTER_OF[_key(m.group("quarter"))], "rule": "quarter-of-year"}
    return _Cand(m.start(), m.end(), "DATE", spec, 3)


def h_year_span(m: re.Match[str], norm: str) -> _Cand | None:
    y, ye = int(m.group("year")), int(m.group("year_end"))
    if not y < ye <= y + 100:
        return None
    spec = {"kind": "year", "calendar": "gregorian", "year": y, "year_end": ye, "rule": "year-range"}
    return _Cand(m.start(), m.end(), "DATE", spec, 3)


def h_day_rel_month(m: re.Match[str], norm: str) -> _Cand | None:
    d1, d2 = _day(m.group("d1")), _day(m.group("d2"))
    if d1 is None or not 1 <= d1 <= 31 or (d2 is not None and not d1 < d2 <= 31):
        return None
    spec: dict[str, Any] = {"kind": "day_of_month", "day": d1, "month_offset": _qual(m.group("qual")),
                            "rule": "day-of-relative-month"}
    if d2:
        spec["day_end"] = d2
    return _Cand(m.start(), m.end(), "DATE", spec, 5)


def h_relative(m: re.Match[str], norm: str) -> _Cand | None:
    noun = m.group("noun1") or m.group("noun2") or m.group("noun3")
    unit = PERIOD_UNIT_OF.get(fold(noun))
    if unit is None:
        return None
    offset = 0 if m.group("this") else _qual(m.group("qual") or m.group("qual3"))
    if offset is None:
        return None
    # "الشهر الأخير"/"العام الأخير" are "the last (one)": the previous period.
    spec: dict[str, Any] = {"kind": "relative", "unit": unit, "offset": offset, "rule": "relative-period"}
    if m.group("pos"):
        spec["mod"] = _pos(m.group("pos"))
    if m.group("quarter"):
        if unit != "year":
            return None
        spec["quarter"] = QUARTER_OF[_key(m.group("quarter"))]
    return _Cand(m.start(), m.end(), "DATE", spec, 3)


def h_pos_period(m: re.Match[str], norm: str) -> _Cand | None:
    unit = PERIOD_UNIT_OF.get(fold(m.group("noun")))
    if unit is None:
        return None
    spec = {"kind": "relative", "unit": unit, "offset": 0, "mod": _pos(m.group("pos")),
            "rule": "position-in-current-period"}
    return _Cand(m.start(), m.end(), "DATE", spec, 2)


def h_quarter_this(m: re.Match[str], norm: str) -> _Cand | None:
    spec = {"kind": "relative", "unit": "year", "offset": 0, "quarter": QUARTER_OF[_key(m.group("quarter"))],
            "rule": "quarter-of-current-year"}
    return _Cand(m.start(), m.end(), "DATE", spec, 2)


_NOT_MONDAY_BEFORE = re.compile(rf"{_alt(L.NOT_MONDAY_BEFORE)}\s*$")
_TOMORROW_BEFORE = re.compile(rf"{_alt(L.TOMORROW_BEFORE)}\s*$")
_YEAR_RANGE_ONLY = {fold(w) for w in L.YEAR_RANGE_ONLY}


def h_weekday(m: re.Match[str], norm: str) -> _Cand | None:
    wd = WEEKDAY_OF[_key(m.group("wd"))]
    # "الاثنين" is also "the two": not a weekday after كلا/بين/هذين or before a noun of number.
    before = norm[max(0, m.start() - 8):m.start()]
    if wd == 0 and _NOT_MONDAY_BEFORE.search(before) and not m.group("yawm"):
        return None
    spec: dict[str, Any] = {"kind": "weekday", "weekday": wd, "rule": "weekday"}
    if m.group("pod"):
        spec["pod"] = POD_OF[_key(m.group("pod"))]
    if m.group("qual"):
        spec["offset"] = _qual(m.group("qual"))
        spec["rule"] = "weekday-qualified"
    else:
        direction, cue = _tense_around(norm, m.start(), m.end())
        spec["direction"] = direction
        if cue:
            spec["cue"] = cue
        spec["rule"] = "weekday-tense"
    return _Cand(m.start(), m.end(), "TIME" if m.group("pod") else "DATE", spec, 2)


def h_deictic(m: re.Match[str], norm: str) -> _Cand | None:
    word = _key(m.group("deictic"))
    days = DEICTIC_OF[word]
    pod = m.group("pod")
    if word == "اليوم" and not m.group("wd"):
        # "اليوم التالي", "في نفس اليوم", "صباح اليوم نفسه": the noun "the day", not today.
        after = _TOKEN.findall(norm[m.end():m.end() + 30])[:1]
        before = _TOKEN.findall(norm[max(0, m.start("deictic") - 30):m.start()])[-1:]
        if (after and after[0] in _TODAY_NOUN_AFTER) or (not pod and before and before[0] in _TODAY_NOUN_BEFORE):
            return None
        if not pod and _today_is_generic(norm, m.start(), m.end()):
            return _Cand(m.start(), m.end(), "DATE",
                         {"kind": "vague", "value": "PRESENT_REF", "generic": True, "rule": "generic-today"}, 2)
    if word in ("غد", "الغد") and not pod and not m.group("wd"):
        # "الغد" alone is often "the future" (شباب الغد); keep it only after a preposition.
        if not _TOMORROW_BEFORE.search(norm[max(0, m.start() - 8):m.start()]):
            return None
    spec: dict[str, Any] = {"kind": "deictic", "days": days, "rule": "deictic"}
    if m.group("wd"):
        spec["weekday"] = WEEKDAY_OF[_key(m.group("wd"))]
    if pod:
        spec["pod"] = POD_OF[_key(pod)]
    return _Cand(m.start(), m.end(), "TIME" if pod else "DATE", spec, 4)


def h_set_weekday(m: re.Match[str], norm: str) -> _Cand | None:
    w = _key(m.group("wd") or m.group("wd2") or m.group("wd3"))
    wd = WEEKDAY_OF.get(w, WEEKDAY_OF.get("ال" + w))
    if wd is None:
        return None
    return _Cand(m.start(), m.end(), "SET", {"kind": "set", "weekday": wd, "rule": "every-weekday"}, 5)


def h_clock(m: re.Match[str], norm: str) -> _Cand | None:
    if not (m.group("sa") or m.group("per")):
        return None  # "العاشرة" alone is an ordinal, "10:30" alone may be a score
    h_text = m.group("h")
    if h_text and h_text[0].isdigit() or h_text.startswith("ال") and h_text[-1].isdigit():
        hour = _int(h_text.split(":")[0])
    else:
        hour = HOUR_OF.get(_key(h_text))
    minute = int(m.group("mi")) if m.group("mi") else 0
    if hour is None or hour > 24:
        return None
    if m.group("frac"):
        f = MINUTE_OF[_key(m.group("frac"))]
        if f < 0:
            hour, minute = (hour - 1) % 24, 60 + f
        else:
            minute = f
    per = CLOCK_PERIOD_OF.get(_key(m.group("per"))) if m.group("per") else None
    if per == "PM" and hour < 12:
        hour += 12
    elif per == "NIGHT":
        hour = 0 if hour == 12 else (hour + 12 if 6 <= hour < 12 else hour)
    elif per == "NOON" and 1 <= hour <= 5:
        hour += 12
    elif per == "AM" and hour == 12:
        hour = 0
    if hour == 24:
        hour = 0
    spec = {"kind": "clock", "hour": hour, "minute": minute, "rule": "clock-time"}
    if per:
        spec["period"] = per
    return _Cand(m.start(), m.end(), "TIME", spec, 3)


def h_tonight(m: re.Match[str], norm: str) -> _Cand | None:
    days = _qual(m.group("qual")) or 0 if m.group("qual") else 0
    spec = {"kind": "deictic", "days": days, "pod": "NI", "rule": "tonight"}
    return _Cand(m.start(), m.end(), "TIME", spec, 3)


def _unit(s: str) -> tuple[str, int | None]:
    return UNIT_OF[fold(s)]


def h_offset(m: re.Match[str], norm: str) -> _Cand | None:
    prep = OFFSET_PREP_OF[_key(m.group("prep"))]
    unit, implied = _unit(m.group("unit"))
    num_text = m.group("num")
    if m.group("frac"):
        conv = FRACTION_OF.get((fold(m.group("frac")), fold(m.group("unit"))))
        if conv is None:
            return None
        amount, unit = conv
        implied, num_text = None, m.group("frac")
    elif num_text and fold(num_text) in _VAGUE_COUNTS:
        amount = None
    elif num_text:
        amount = _number(num_text)
        if amount is None:
            return None
    else:
        amount = implied if implied is not None else 1
        # a bare plural unit ("منذ أيام", "قبل سنوات") is a vague amount.
        if implied is None and fold(m.group("unit")) in _PLURAL_UNITS:
            amount = None
    if unit == "Y" and num_text is None and _YEAR_AFTER.match(norm, m.end()):
        return None  # "منذ عام 2011" is a year
    if unit in ("DE", "CE") and num_text is None and implied is None and \
            not _DECADE_ALONE.match(norm, m.end("unit")):
        return None  # "بعد عقد الاجتماع": عقد is "holding", not "a decade"
    amount2 = _number(m.group("num2")) if m.group("num2") else None
    approx = bool(m.group("approx"))
    end = m.end("fromnow") if m.group("fromnow") else m.end("unit")
    tail = bool(m.group("tail"))
    is_date = prep in ("before", "after") or (prep == "since" and amount is not None and not approx)
    if tail or amount is None or amount2 is not None or unit in ("H", "MIN") and prep == "since":
        is_date = False
    if prep == "since" and is_date and _continuing(norm, m.start()):
        is_date = False
    if is_date:
        spec = {"kind": "offset", "direction": "after" if prep == "after" else "before", "amount": amount,
                "unit": unit, "approx": approx, "rule": f"offset-{prep}"}
        return _Cand(m.start(), end, "DATE", spec, 3)
    spec = {"kind": "duration", "amount": amount, "unit": unit, "rule": f"duration-{prep}"}
    if amount2 is not None:
        spec["amount_max"] = amount2
    if approx:
        spec["approx"] = True
    return _Cand(m.start(), end, "DURATION", spec, 3)


_CONTINUING = {fold(w) for w in L.CONTINUING_STATES}


def _continuing(norm: str, start: int) -> bool:
    """True when the clause before منذ describes a state still going on (duration)."""
    toks = _TOKEN.findall(norm[max(0, start - 80):start])[::-1]
    for tok in toks[:8]:
        if tok in _SENT_END:
            break
        for t in _strip_clitic(tok):
            if t in _CONTINUING or t in _PRESENT:
                return True
    return False


def h_duration(m: re.Match[str], norm: str) -> _Cand | None:
    if m.group("frac"):
        conv = FRACTION_OF.get((fold(m.group("frac")), fold(m.group("funit"))))
        if conv is None:
            return None
        amount, unit = conv
        amount2 = None
    elif m.group("dual"):
        unit, amount = _unit(m.group("dual"))
        amount2 = None
        if unit == "DE":
            return None  # عقدين alone is as often "two contracts"; after منذ/قبل/خلال it is an offset
        # "يومي" (dual construct) before a day number is a date range, handled elsewhere.
    else:
        unit, implied = _unit(m.group("unit"))
        amount = _number(m.group("num"))
        vague = fold(m.group("num")) in _VAGUE_COUNTS
        if amount is None and not vague:
            return None
        if vague and fold(m.group("unit")) in _SINGULAR_UNITS:
            return None  # "بعض الوقت", "عدة يوم" are not amounts of time
        amount2 = _number(m.group("num2")) if m.group("num2") else None
        if implied == 2 and m.group("num"):
            return None
    if unit == "Y" and _YEAR_AFTER.match(norm, m.end()):
        return None
    if amount == 0:
        return None
    spec: dict[str, Any] = {"kind": "duration", "amount": amount, "unit": unit, "rule": "duration"}
    if amount2 is not None:
        spec["amount_max"] = amount2
    if m.group("approx"):
        spec["approx"] = True
    return _Cand(m.start(), m.end(), "DURATION", spec, 1)


def h_plural_period(m: re.Match[str], norm: str) -> _Cand | None:
    value = "FUTURE_REF" if fold(m.group("dir")) in _PLURAL_FUTURE else "PAST_REF"
    return _Cand(m.start(), m.end(), "DATE", {"kind": "vague", "value": value, "rule": "plural-period"}, 2)


def h_vague(m: re.Match[str], norm: str) -> _Cand | None:
    value = VAGUE_OF[_key(m.group("vague"))]
    return _Cand(m.start(), m.end(), "DATE", {"kind": "vague", "value": value, "rule": "vague"}, 1)


def h_holiday(m: re.Match[str], norm: str) -> _Cand | None:
    if m.groupdict().get("cue") is not None:
        name, calendar, when = "ramadan", "hijri", L.HIJRI_HOLIDAYS["ramadan"][0]
        start = m.start("holiday")
    else:
        name, calendar, when = HOLIDAY_OF[_key(m.group("holiday"))]
        start = m.start()
    spec: dict[str, Any] = {"kind": "holiday", "name": name, "calendar": calendar, "rule": "holiday"}
    if calendar == "hijri":
        spec.update(month=when[0], day=when[1], day_end=when[2])
    else:
        spec.update(month=when[0], day=when[1])
    if m.group("qual"):
        spec["offset"] = _qual(m.group("qual"))
    y = m.groupdict().get("year")
    if y:
        mark = m.group("mark") or ""
        hijri_year = _key(mark) in {fold(x) for x in L.HIJRI_MARKERS} or 1300 <= int(y) <= 1500
        year, _ = _year(y, hijri=hijri_year)
        if year is not None:
            spec["year"] = year
            spec["year_calendar"] = "hijri" if hijri_year else "gregorian"
    return _Cand(start, m.end(), "DATE", spec, 4)


def h_season(m: re.Match[str], norm: str) -> _Cand | None:
    season = SEASON_OF[_key(m.group("season1") or m.group("season"))]
    spec: dict[str, Any] = {"kind": "season", "season": season, "rule": "season"}
    if m.group("this") or m.group("ythis"):
        spec["year_offset"] = 0
    elif m.group("qual"):
        spec["offset"] = _qual(m.group("qual"))
    elif m.group("year"):
        year, rep = _year(m.group("year"))
        if year is None:
            return None
        spec["year"] = year
    elif m.group("yqual"):
        spec["year_offset"] = _qual(m.group("yqual"))
    else:
        return None
    if m.group("pos"):
        spec["mod"] = _pos(m.group("pos"))
    return _Cand(m.start(), m.end(), "DATE", spec, 3)


def h_decade(m: re.Match[str], norm: str) -> _Cand | None:
    digit = DECADE_OF[m.group("decade")]
    century = 19
    if m.group("cqual"):
        century = 20 + (_qual(m.group("cqual")) or 0)
    elif m.group("cord"):
        century = CENTURY_OF[_key(m.group("cord"))] - 1
    elif m.group("cnum"):
        century = int(m.group("cnum")) - 1
    # A plain plural noun after "ال" without "عقد" is still a decade; a bare
    # stem without ال needs "القرن" after it (ثمانينيات القرن الماضي).
    text = m.group(0)
    if not (m.group("aqd") or "ال" + m.group("decade") in text or "قرن" in text):
        return None
    spec: dict[str, Any] = {"kind": "decade", "decade": century * 10 + digit, "rule": "decade"}
    if m.group("pos"):
        spec["mod"] = _pos(m.group("pos"))
    return _Cand(m.start(), m.end(), "DATE", spec, 3)


def h_century(m: re.Match[str], norm: str) -> _Cand | None:
    if m.group("era") and _key(m.group("era")) in {fold(w) for w in L.CENTURY_ERAS["hijri"]}:
        return None  # Hijri centuries are not TIMEX3 centuries
    if m.group("this"):
        spec: dict[str, Any] = {"kind": "century", "offset": 0, "rule": "century-relative"}
    elif m.group("qual"):
        spec = {"kind": "century", "offset": _qual(m.group("qual")) or 0, "rule": "century-relative"}
    elif m.group("ord"):
        spec = {"kind": "century", "century": CENTURY_OF[_key(m.group("ord"))] - 1, "rule": "century"}
    else:
        n = int(m.group("num"))
        if not 1 <= n <= 30:
            return None
        spec = {"kind": "century", "century": n - 1, "rule": "century"}
    if m.group("pos"):
        spec["mod"] = _pos(m.group("pos"))
    return _Cand(m.start(), m.end(), "DATE", spec, 2)


# (pattern, handler, trigger group): a pattern only runs near words of its group.
_RULES: list[tuple[re.Pattern[str], Callable[[re.Match[str], str], _Cand | None], str]] = [
    (P_GDATE, h_gdate, "gmonth"), (P_HDATE, h_hdate, "hmonth"), (P_HMONTH_YEAR, h_hmonth_year, "hmonth"),
    (P_HMONTH_BARE, h_hmonth_bare, "hmonth"), (P_NUMDATE, h_numdate, "digit"), (P_MONTH_YEAR, h_month_year, "gmonth"), (P_MONTH_QUAL, h_month_qual, "gmonth"),
    (P_MONTH_BARE, h_month_bare, "gmonth"), (P_YEAR, h_year, "digit"), (P_YEAR_PREP, h_year_prep, "digit"),
    (P_YEAR_SPAN, h_year_span, "digit"), (P_QUARTER_YEAR, h_quarter_year, "digit"),
    (P_DAY_REL_MONTH, h_day_rel_month, "period"), (P_RELATIVE, h_relative, "period"),
    (P_QUARTER_THIS, h_quarter_this, "period"), (P_POS_PERIOD, h_pos_period, "period"), (P_WEEKDAY, h_weekday, "weekday"),
    (P_SET_WEEKDAY, h_set_weekday, "weekday"),
    (P_DEICTIC, h_deictic, "deictic"), (P_CLOCK, h_clock, "clock"), (P_TONIGHT, h_tonight, "deictic"), (P_OFFSET, h_offset, "unit"),
    (P_DURATION, h_duration, "unit"), (P_PLURAL_PERIOD, h_plural_period, "plural"), (P_VAGUE, h_vague, "vague"),
    (P_HOLIDAY, h_holiday, "holiday"), (P_RAMADAN, h_holiday, "holiday"), (P_SEASON, h_season, "season"),
    (P_DECADE, h_decade, "decade"), (P_CENTURY, h_century, "century"),
]

# A clock time with the day after it (الساعة العاشرة من صباح اليوم): one expression.
_CLOCK_DAY_GAP = re.compile(r"\s*(?:من\s+|[،,]\s*)?")


def _join_adjacent(cands: list[_Cand], norm: str,
                   join: Callable[[_Cand, _Cand, str], _Cand | None]) -> list[_Cand]:
    """Walk neighbouring candidates; where ``join`` makes one expression of a pair, keep that."""
    out: list[_Cand] = []
    i = 0
    while i < len(cands):
        joined = join(cands[i], cands[i + 1], norm) if i + 1 < len(cands) else None
        if joined is not None:
            out.append(joined)
            i += 2
        else:
            out.append(cands[i])
            i += 1
    return out


def _join_clock(c: _Cand, n: _Cand, norm: str) -> _Cand | None:
    if not (c.spec.get("kind") == "clock" and n.spec.get("kind") in ("deictic", "weekday", "date")
            and n.spec.get("day_end") is None and (n.spec.get("kind") != "date" or n.spec.get("day") is not None)
            and _CLOCK_DAY_GAP.fullmatch(norm[c.end:n.start])):
        return None
    spec = dict(c.spec)
    day = dict(n.spec)
    day.pop("rule", None)
    spec["day"] = day
    # "العاشرة من مساء الخميس": the part of the day says which half.
    h, pod = spec["hour"], day.get("pod")
    if "period" not in spec and pod:
        if pod in ("EV", "AF") and h < 12 or pod == "NI" and 6 <= h < 12 or pod == "MI" and 1 <= h <= 5:
            spec["hour"] = h + 12
    return _Cand(c.start, n.end, "TIME", spec, 9)


def _merge_clock(cands: list[_Cand], norm: str) -> list[_Cand]:
    return _join_adjacent(cands, norm, _join_clock)


# A Hijri date "الموافق" a Gregorian one: one expression.
_PAIR_LINK = re.compile(rf"\s*[،,(\-–]?\s*{CORRESP}\s*(?:ل\s*)?[(]?\s*$")
_PAIR_LINK_PAREN = re.compile(r"\s*[(]\s*$")


def _join_pair(c: _Cand, n: _Cand, norm: str) -> _Cand | None:
    gap = norm[c.end:n.start]
    if not (c.spec.get("kind") == "date" and n.spec.get("kind") == "date"
            and c.spec.get("calendar") != n.spec.get("calendar") and c.spec.get("day") and n.spec.get("day")
            and len(gap) < 30 and (_PAIR_LINK.match(gap) or _PAIR_LINK_PAREN.match(gap))):
        return None
    g, h = (c, n) if c.spec["calendar"] == "gregorian" else (n, c)
    spec = dict(g.spec)
    spec["paired_hijri"] = {k: v for k, v in h.spec.items() if k not in ("rule",)}
    spec["rule"] = "paired-hijri-gregorian"
    if "weekday" in h.spec and "weekday" not in spec:
        spec["weekday"] = h.spec["weekday"]
    end = n.end
    if norm[end:end + 3].startswith(")"):
        end += 1
    return _Cand(c.start, end, "DATE", spec, 9)


def _merge_pairs(cands: list[_Cand], norm: str) -> list[_Cand]:
    """Join "HIJRI الموافق GREGORIAN" (or "GREGORIAN الموافق HIJRI") into one expression."""
    return _join_adjacent(cands, norm, _join_pair)


_RANGE_GAP = re.compile(rf"\s*{_alt(L.RANGE_SEPARATORS)}\s*")
_RANGE_OPEN = re.compile(rf"{_alt(L.RANGE_OPENERS)}\s*$")


def _join_range(c: _Cand, n: _Cand, norm: str) -> _Cand | None:
    gap = norm[c.end:n.start]
    ks = (c.spec.get("kind"), n.spec.get("kind"))
    if not (ks in (("date", "date"), ("year", "year")) and "day_end" not in c.spec and "day_end" not in n.spec
            and "year_end" not in c.spec and "year_end" not in n.spec
            and c.spec.get("calendar") == n.spec.get("calendar") and _RANGE_GAP.fullmatch(gap)):
        return None
    sep = gap.strip()
    opener = _RANGE_OPEN.search(norm[max(0, c.start - 20):c.start])
    ok = (sep in ("-", "–", "—") or (opener is not None and (sep != "و" or "بين" in opener.group())))
    same_grain = (c.spec.get("day") is None) == (n.spec.get("day") is None)
    if not (ok and same_grain):
        return None
    a, b = dict(c.spec), dict(n.spec)
    a.pop("rule", None)
    b.pop("rule", None)
    if ks[0] == "date" and a.get("year") is None and b.get("year") is not None:
        a["year"] = b["year"] - (1 if a["month"] > b["month"] else 0)
    # the span stays on the dates: the preposition is not part of the value
    return _Cand(c.start, n.end, "DATE", {"kind": "range", "from": a, "to": b, "rule": "range"}, 8)


def _merge_ranges(cands: list[_Cand], norm: str) -> list[_Cand]:
    """Join "من DATE إلى DATE" / "بين DATE و DATE" / "DATE – DATE" into one interval."""
    return _join_adjacent(cands, norm, _join_range)


_LIST_GAP = re.compile(r"\s*(?:[،,]\s*)?(?:و\s*)?(?:في\s+)?")


def _share_year(cands: list[_Cand], norm: str) -> list[_Cand]:
    """In a list of dates whose last one has a year (في 3 أيار و5 حزيران 2016، في فيفري وأفريل
    2015), the earlier ones take that year."""
    for i in range(len(cands) - 1, 0, -1):
        last = cands[i].spec
        if last.get("kind") != "date" or last.get("year") is None or last.get("calendar") != "gregorian":
            continue
        j = i - 1
        while j >= 0:
            sp = cands[j].spec
            if (sp.get("kind") != "date" or sp.get("year") is not None or sp.get("month_offset") is not None
                    or sp.get("calendar") != "gregorian" or sp.get("month", 13) > last["month"]
                    or not _LIST_GAP.fullmatch(norm[cands[j].end:cands[j + 1].start])):
                break
            sp["year"] = last["year"]
            sp["rule"] = sp.get("rule", "") + "+year-from-list"
            sp.pop("direction", None)
            j -= 1
    return cands


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Longest candidates first, then higher priority, then earlier; no overlaps."""
    cands.sort(key=lambda c: (-(c.end - c.start), -c.priority, c.start))
    starts: list[int] = []      # starts of taken spans, sorted; taken spans never overlap
    ends: list[int] = []
    taken: list[_Cand] = []
    for c in cands:
        if c.end <= c.start:
            continue
        i = bisect.bisect_left(starts, c.end)   # spans starting before c ends
        if i > 0 and ends[i - 1] > c.start:     # the last of them reaches into c
            continue
        starts.insert(i, c.start)
        ends.insert(i, c.end)
        taken.append(c)
    taken.sort(key=lambda c: c.start)
    return taken


def _trim(norm: str, c: _Cand) -> _Cand:
    """Drop trailing spaces and punctuation a pattern may have taken."""
    s, e = c.start, c.end
    while e > s and norm[e - 1] in " \t\r\n،,(":
        e -= 1
    while s < e and norm[s] in " \t\r\n،,":
        s += 1
    c.start, c.end = s, e
    return c


# Trigger words: a pattern is only tried in the stretch of text around a word
# of its group (a month name for the date patterns, a unit for offsets ...),
# which is what makes the tagger fast on long texts. Prepositions, qualifiers
# and number words only ever occur next to one of these.
_TRIGGER_STOP = {fold(w) for w in ["في", "من", "على", "الى", "حتى", "عن", "هذا", "هذه", "ما", "لا", "ال", "الموافق",
                                   "يزيد", "يقرب", "حد", "اول", "وقت", "ذكرى", "قبل", "بعد", "الفترة", "هذه"]}


def _words_of(groups: Iterable[Iterable[str]]) -> set[str]:
    """The most telling word of each entry: the longest (the last on a tie), e.g.
    تشرين for تشرين الأول, غد for بعد غد; common words such as الأول never trigger."""
    out: set[str] = set()
    for ws in groups:
        for w in ws:
            words = [x for x in fold(w).split() if x not in _TRIGGER_STOP]
            if words:
                out.add(max(reversed(words), key=len))
    return out


_TRIGGER_GROUPS: dict[str, set[str]] = {
    "gmonth": _words_of(_GMONTHS.values()),
    "hmonth": _words_of(_HMONTHS.values()),
    # bare stems for كل يوم جمعة; not احد/اثنين, which are everyday words ("one", "two")
    "weekday": _words_of(L.WEEKDAYS.values()) | {fold(w)[2:] for k, ws in L.WEEKDAYS.items() if k not in (0, 6)
                                                  for w in ws},
    "deictic": _words_of(list(L.DEICTIC_DAYS.values()) + [L.TONIGHT]),
    "unit": _words_of([[w for u in L.UNITS.values() for (w, _) in u]]),
    "vague": _words_of(L.VAGUE.values()),
    "plural": _words_of([L.PLURAL_PERIODS]),
    "holiday": _words_of([ws for _, ws in L.HIJRI_HOLIDAYS.values()] + [ws for _, ws in L.GREGORIAN_HOLIDAYS.values()]
                         + [["رمضان"]]) - {fold("يوم"), fold("السنة"), fold("عيد"), fold("شهر"), fold("ليلة")},
    "season": _words_of(L.SEASONS.values()),
    "decade": set(DECADE_OF) | {"ال" + k for k in DECADE_OF},
    "century": {"قرن", "القرن"},
    "clock": _words_of([L.CLOCK_WORDS] + list(L.CLOCK_PERIODS.values())),
    "period": _words_of(L.PERIOD_NOUNS.values()),
}
_TRIGGER_OF: dict[str, tuple[str, ...]] = {}
for _g, _ws in _TRIGGER_GROUPS.items():
    for _w in _ws:
        _TRIGGER_OF[_w] = _TRIGGER_OF.get(_w, ()) + (_g,)


def _trie_regex(words: Iterable[str]) -> str:
    """An alternation of words as a character trie: the regex engine then tests
    one branch per character instead of one per word."""
    root: dict[str, Any] = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = "(?:" + "|".join(alts) + ")" if len(alts) > 1 else alts[0]
        return f"(?:{body})?" if "" in node else body

    return emit(root)


# A trigger word ends a word; it may start inside one (a clitic before it).
_TRIGGER_RE = re.compile(rf"(?P<w>{_trie_regex(_TRIGGER_OF)})(?!\w)|(?P<d>\d+)")
_NONWORD = re.compile(r"\W")
_BEFORE, _AFTER = 60, 80


def _windows(norm: str) -> dict[str, list[tuple[int, int]]]:
    """Per trigger group, stretches of text around its words, merged, ending at word boundaries."""
    wins: dict[str, list[list[int]]] = {}
    trig = _TRIGGER_OF
    for m in _TRIGGER_RE.finditer(norm):
        w = m.group("w")
        groups = trig[w] if w is not None else ("digit",)
        s, e = max(0, m.start() - _BEFORE), m.end() + _AFTER
        for g in groups:
            lst = wins.get(g)
            if lst is None:
                wins[g] = [[s, e]]
            elif s <= lst[-1][1]:
                lst[-1][1] = e
            else:
                lst.append([s, e])
    n = len(norm)
    out: dict[str, list[tuple[int, int]]] = {}
    for g, lst in wins.items():
        res = []
        for s, e in lst:
            if e >= n:
                e = n
            else:
                nw = _NONWORD.search(norm, e)
                e = nw.start() if nw else n
            res.append((s, e))
        out[g] = res
    return out


def tag(text: str) -> list[TemporalExpression]:
    """Temporal expressions in ``text``, sorted, non-overlapping, original offsets."""
    if not isinstance(text, str) or not text:
        return []
    n: Normalized = normalize(text, restore_article=True)
    norm = n.text
    cands: list[_Cand] = []
    windows = _windows(norm)
    for pattern, handler, group in _RULES:
        for ws, we in windows.get(group, ()):
            for m in pattern.finditer(norm, ws, we):
                try:
                    c = handler(m, norm)
                except (KeyError, ValueError, OverflowError):
                    c = None
                if c is None:
                    continue
                cl = m.groupdict().get("cl")
                if cl and c.start == m.start():
                    c.start += len(cl)
                cands.append(_trim(norm, c))
    chosen = _select(cands)
    chosen = _merge_pairs(chosen, norm)
    chosen = _merge_ranges(chosen, norm)
    chosen = _merge_clock(chosen, norm)
    chosen = _share_year(chosen, norm)
    out: list[TemporalExpression] = []
    last_end = 0
    for c in chosen:
        start, end = n.span(c.start, c.end)
        if start < last_end or end <= start:
            continue
        last_end = end
        out.append(TemporalExpression(start, end, text[start:end], c.type, c.spec))
    return out
