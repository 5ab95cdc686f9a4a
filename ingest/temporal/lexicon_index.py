"""The lexicon as the lexer reads it: every folded spelling with its senses.

``SENSES["تشرين الاول"] == {"gmonth": 10}``; a spelling with several
meanings has several senses (``SENSES["الاثنين"]`` is a weekday and the
number two, ``SENSES["اول"]`` an ordinal and a position in a period). The
grammar's patterns name senses; which one holds is for the rules to decide.
Built once, at import, from the tables of ``ingest.temporal.lexicon``.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterable

from ingest.normalize import fold
from ingest.temporal import lexicon as L

SENSES: dict[str, dict[str, Any]] = {}


@lru_cache(maxsize=16384)
def key(word: str) -> str:
    """A lexicon spelling as the lexer sees it: folded, single spaces."""
    return " ".join(fold(word).split())


def add(words: Iterable[str], sense: str, value: Any = True, *, keep: bool = True) -> None:
    """Give each spelling ``sense`` with ``value``; with ``keep`` an earlier value of the same sense stays."""
    for w in words:
        k = key(w)
        if not k:
            continue
        d = SENSES.setdefault(k, {})
        if keep and sense in d:
            continue
        d[sense] = value


def add_table(table: dict[Any, Iterable[str]], sense: str) -> None:
    for value, words in table.items():
        add(words, sense, value)


def _without_article(words: Iterable[str]) -> list[str]:
    """تشرين الثاني -> also تشرين ثاني (the article dropped)."""
    out = list(words)
    for w in words:
        parts = key(w).split()
        if len(parts) == 2 and parts[1].startswith("ال"):
            out.append(parts[0] + " " + parts[1][2:])
    return out


# --- calendars ---
for _m, _ws in L.GREGORIAN_MONTHS.items():
    add(_without_article(_ws), "gmonth", _m)
add(L.AMBIGUOUS_MONTHS, "ambig_month")
for _m, _ws in L.HIJRI_MONTHS.items():
    add(_without_article(_ws), "hmonth", _m)
add(L.HIJRI_MARKERS, "hmark")
add(L.GREGORIAN_MARKERS, "gmark")
add(L.CORRESPONDING, "corresp")
add_table(L.WEEKDAYS, "weekday")
# bare weekday names (كل يوم جمعة، خميس الأسبوع الماضي)
for _wd, _ws in L.WEEKDAYS.items():
    add([key(w)[2:] for w in _ws if key(w).startswith("ال")], "wdbare", _wd)

# --- numbers ---
add_table(L.NUMBER_WORDS, "numword")
# الأيام الثلاثة المقبلة: number words take the article after a definite noun
for _n, _ws in L.NUMBER_WORDS.items():
    add(["ال" + w for w in _ws if " " not in w and _n <= 10], "numword", _n)
add_table(L.BIG_NUMBER_WORDS, "numword")
add_table(L.ORDINAL_DAYS, "ordinal")
add_table(L.ORDINALS_AFTER, "ord_after")
add_table(L.ORDINALS_BEFORE, "ord_before")
add(L.VAGUE_COUNTS, "vcount")
add(L.APPROX, "approx")
add(L.FIRST_OF_MONTH, "first_of")
for _f, _u in L.FRACTIONS:
    add([_f], "frac", key(_f))

# --- units and periods ---
for _u, _forms in L.UNITS.items():
    for _w, _n in _forms:
        add([_w], "unit", (_u, _n))
add(L.PLURAL_UNITS, "plural_unit")
add_table(L.OFFSET_PREPOSITIONS, "prep")
add_table(L.DEICTIC_DAYS, "deictic")
add(L.TONIGHT, "tonight")
add_table(L.PARTS_OF_TODAY, "pod_today")
add_table(L.PARTS_OF_DAY, "pod")
add_table(L.HOUR_WORDS, "hourw")
add_table(L.MINUTE_FRACTIONS, "minfrac")
add_table(L.CLOCK_PERIODS, "clockper")
add(L.CLOCK_WORDS, "clockw")
add_table(L.SET_ADVERBS, "setadv")
add_table(L.TIMES_WORDS, "times")
add(L.WHOLE_UNIT, "whole")
add_table(L.PART_OF_DAY_ADVERBS, "podadv")
add_table(L.PERIOD_QUALIFIERS, "qual")
add(L.BEFORE_LAST, "qual", -2)
add(L.AFTER_NEXT, "qual", 2)
add_table(L.PERIOD_NOUNS, "pnoun")
add_table(L.PERIOD_POSITIONS, "pos")
add_table(L.QUARTERS, "quarter")
add_table(L.SEASONS, "season")
for _d, _ws in L.DECADES.items():
    add(_ws, "decade", _d)
    add([key(w)[2:] for w in _ws if key(w).startswith("ال")], "decade", _d)
add_table(L.CENTURY_ORDINALS, "cord")
add_table(L.CENTURY_ERAS, "era")
add(L.MONTH_NOUN, "month_noun")
add_table(L.ANAPHORIC_DAYS, "anaphor")
add_table(L.ANAPHORIC_PERIODS, "anaqual")
add(L.EVE, "eve")
add(L.SAME_BEFORE, "same")
add(L.PERIOD_ANAPHORS, "period_ana")
add(L.MONTHS_PLURAL, "months_pl")
add(L.FROM_NOW_ON, "from_on")

# --- holidays ---
for _name, (_when, _ws) in L.HIJRI_HOLIDAYS.items():
    add(_ws, "hol", (_name, "hijri", _when))
for _name, (_when, _ws) in L.GREGORIAN_HOLIDAYS.items():
    add(_ws, "hol", (_name, "gregorian", _when))
for _name, (_when, _ws) in L.NTH_WEEKDAY_HOLIDAYS.items():
    add(_ws, "hol", (_name, "nth_weekday", _when), keep=False)
for _name, (_cal, _off, _ws) in L.EASTER_HOLIDAYS.items():
    add(_ws, "hol", (_name, "easter", (_cal, _off)), keep=False)
add(L.ORTHODOX_CHRISTMAS, "hol", ("orthodox_christmas", "gregorian", (1, 7)), keep=False)
for _kind, (_ws, _) in L.NATIONAL_DAYS.items():
    add(_ws, "national", _kind)
add(L.ANNIVERSARY_NOUNS, "anniv")
add_table(L.ANNIVERSARY_ORDINALS, "anniv_ord")
add(L.INDEPENDENCE_WORDS, "indep")
for _cc, _ws in L.COUNTRIES.items():
    add(_ws, "country", _cc)


# a package name is taken when it starts as a holiday does (not "الثورة السورية")
_HOLIDAY_HEADS = {key(w) for w in ["عيد", "يوم", "اليوم", "ذكرى", "رأس", "ليلة"]}


def _package_holidays() -> dict[str, list[str]]:
    """The holidays package's Arabic holiday names for the countries of ``lexicon.COUNTRIES``:
    folded name -> countries keeping it (dates are looked up again when resolving)."""
    import re

    from ingest.temporal.holidays import country_names
    skip = [key(w) for w in L.PACKAGE_HOLIDAYS_SKIP]
    out: dict[str, list[str]] = {}
    for cc in L.COUNTRIES:
        for _, name in country_names(cc, 2024):
            name = re.sub(r"\(.*?\)|^عطله\s+", "", name).strip()
            if not name or re.search(r"\d", name) or any(w in name for w in skip) or len(name.split()) < 2 \
                    or name.split()[0] not in _HOLIDAY_HEADS:
                continue
            out.setdefault(" ".join(name.split()), [])
            if cc not in out[" ".join(name.split())]:
                out[" ".join(name.split())].append(cc)
    return out


for _name, _ccs in _package_holidays().items():
    if "national" not in SENSES.get(_name, {}) and "hol" not in SENSES.get(_name, {}):
        add([_name], "national", "lib:" + _name)
        if len(_ccs) == 1:
            add([_name], "holiday_country", _ccs[0])
for _alias, _name in L.HOLIDAY_ALIASES.items():
    add([_alias], "national", "lib:" + key(_name))

# --- vague and plural periods ---
add_table(L.VAGUE, "vague")
add(L.PLURAL_PERIODS, "plural")
add(L.PLURAL_PAST, "pldir", "PAST_REF")
add(L.PLURAL_FUTURE, "pldir", "FUTURE_REF")
add(L.PLURAL_PERIOD_PREPOSITIONS, "plprep")

# --- cues and connectors ---
add(L.MONTH_CUES, "mcue")
add(L.YEAR_PREPOSITIONS, "ycue")
add(L.RAMADAN_CUES, "rcue")
add(L.RANGE_SEPARATORS, "sep")
add(L.RANGE_OPENERS, "opener")
add(L.FUNCTION_WORDS, "fw")
add(L.DEADLINE_BEFORE, "deadline")
add(L.YEAR_NOUNS, "year_noun")
add(L.CRESCENT, "crescent")
add(L.CALENDAR_NOTES, "calnote")
add_table(L.DUAL_POSITIONS, "pos2")
add(L.MEDIA_NOUNS, "media")
add_table(L.MONTH_PARTS, "month_part")
add_table(L.WEEKDAYS_AFTER_DAY_NOUN, "wd_after_noun")
add(L.DAY_NOUNS, "day_noun")
for _m, _ws in L.ENGLISH_MONTHS.items():
    add(_ws + [w.lower() for w in _ws] + [w.upper() for w in _ws], "gmonth", _m)
for _wd, _ws in L.ENGLISH_WEEKDAYS.items():
    add(_ws + [w.lower() for w in _ws] + [w.upper() for w in _ws], "weekday", _wd)
add(L.EPITHETS, "epithet")
add(L.NAMING_NOUNS, "naming")
