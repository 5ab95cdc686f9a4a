"""The grammar's rules: patterns over typed pieces and what they build.

Each rule is a pattern (see ``patterns``) and a production. Productions build
either an intermediate item (a day number ``dayn``, a run of days ``days``, a
month ``month``, a number written in words ``number`` ...) or a temporal
expression (kind "T") whose value is its *spec*: the JSON-serialisable
meaning the resolver turns into dates (the spec kinds are listed in
``ingest.temporal.tagger``). Rules compose: "الاثنين الأول من آذار 2019" is
built by month+year, then weekday+ordinal of a month, with no rule of its own.

The rules are grouped by the operations the issue names: pieces to values
(numbers, days, months, years), intersect (a day and a month, a date and a
year, a weekday and a date), nth-of and last-of, offset, interval, part-of
and list. Productions may look at the words around a match (tense, a name
before a date) through ``ingest.temporal.context``; they never resolve.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ingest.temporal import context as C
from ingest.temporal import lexicon as L
from ingest.temporal.grammar import Item, Match, set_shape
from ingest.temporal.lexicon_index import SENSES, key
from ingest.temporal.patterns import matcher, rule

MAX_DAY = {1: 31, 2: 29, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}
SENSE_NAMES = sorted({s for d in SENSES.values() for s in d})
for _s in SENSE_NAMES:
    matcher(_s, {_s})


# ---------------------------------------------------------------------------
# Reading pieces

def nval(it: Item) -> int | None:
    """The number an item stands for: digits, a number word, a composed number."""
    if it.kind == "num":
        return it.val
    if it.kind in ("number", "dayn"):
        return it.val
    if "numword" in it.senses:
        return it.senses["numword"]
    return None


def digits(it: Item) -> int:
    return it.senses.get("digits", 0) if it.kind == "num" else 0


def year_of(it: Item, hijri: bool = False) -> tuple[int | None, int | None]:
    """(year, written year when its digits were reversed) for a written year.

    A year typed with its digits reversed (3102 for 2013) is repaired only when
    the written year is implausible and its reverse is plausible.
    """
    if it.kind == "number":
        return it.val, None
    if it.kind == "w":
        return it.senses.get("numword"), None
    if it.kind == "num":  # digits: asked by several patterns of every number, the answer is kept
        return _written_year(it.val, it.senses.get("digits", 0), hijri)
    y = nval(it)
    if y is None:
        return None, None
    return _written_year(y, digits(it), hijri)


@lru_cache(maxsize=4096, typed=True)
def _written_year(y: int, ndigits: int, hijri: bool) -> tuple[int | None, int | None]:
    """``year_of`` for a number ``y`` written with ``ndigits`` digits (0: not in digits)."""
    lo, hi = (1, 1600) if hijri else (1, 2100)
    if lo <= y <= hi:
        return y, None
    rev = int(str(y)[::-1])
    plo, phi = (1300, 1500) if hijri else (1900, 2100)
    if ndigits == 4 and plo <= rev <= phi:
        return rev, y
    return None, None


def gmonth(it: Item) -> int:
    return it.val["m"] if it.kind == "month" else it.senses["gmonth"]


def hmonth(it: Item) -> int:
    return it.val["m"] if it.kind == "hmonthx" else it.senses["hmonth"]


def spec_of(it: Item) -> dict[str, Any]:
    """A copy of a T item's spec, safe to change."""
    return dict(it.val)


def ttype(spec: dict[str, Any]) -> str:
    k = spec.get("kind")
    if k == "duration":
        return "DURATION"
    if k == "set":
        return "SET"
    if k == "clock" or spec.get("pod") or k == "range" and spec["from"].get("kind") == "clock":
        return "TIME"
    return "DATE"


def T(m: Match, spec: dict[str, Any], prio: int, start: int | None = None, end: int | None = None) -> Item:
    """A temporal expression over the match (or the given span)."""
    # positional (senses, rule, prio, ttype): keyword arguments cost a third more per item
    return Item(m.start if start is None else start, m.end if end is None else end, "T", spec, None, "", prio,
                ttype(spec))


def D(m: Match, kind: str, val: Any, prio: int = 0, **senses: Any) -> Item:
    """An intermediate item over the match."""
    return Item(m.start, m.end, kind, val, senses, "", prio)


# --- matchers for what rules build ------------------------------------------------

def _is_day_num(it: Item) -> bool:
    if it.kind == "num":
        return 1 <= it.val <= 31 and digits(it) <= 2
    return it.kind == "dayn" and 1 <= it.val <= 31


matcher("num", {"num"})
matcher("dayn", {"num", "dayn"}, _is_day_num)
matcher("dayo", {"ordinal"}, lambda it: it.senses["ordinal"] <= 31)
matcher("number", {"num", "numword", "number"},
        lambda it: it.kind != "num" or digits(it) <= 6)
matcher("year4", {"num", "number", "numword"},
        lambda it: (it.kind == "num" and digits(it) == 4 and year_of(it)[0] is not None)
        or (it.kind == "number" and 1000 <= it.val <= 2100)
        or (it.kind == "w" and 1000 <= it.senses.get("numword", 0) <= 2100))
matcher("year19", {"num"}, lambda it: digits(it) == 4 and (1900 <= it.val <= 2099))
matcher("yearany", {"num"}, lambda it: digits(it) == 4 and 1800 <= it.val <= 2099)
matcher("hyear", {"num"}, lambda it: 3 <= digits(it) <= 4 and year_of(it, hijri=True)[0] is not None)
matcher("gm", {"gmonth", "month"})
matcher("hm", {"hmonth", "hmonthx"})
matcher("days", {"days"})
matcher("dlist", {"days"}, lambda it: it.val.get("list", False))
matcher("T", {"T"})
matcher("yearcue", {"=عام", "=العام", "=سنه", "=السنه", "=عامي", "=العامين"})
matcher("pnoun_def", {"pnoun"}, lambda it: it.val.startswith("ال"))
matcher("hmark_any", {"hmark"})
matcher("sep", {"sep", "=-", "=–", "=—"})
matcher("dash", {"=-", "=–", "=—"})
matcher("slash", {"=/", "=\\"})
matcher("numsep", {"=/", "=-", "=."})
matcher("comma", {"=،", "=,"})
matcher("pipe", {"=|"})
matcher("yawm", {"=يوم", "=يومي", "=ايام", "=يومى", "=نهار"})


def _spec_test(**want: Any):
    def test(it: Item) -> bool:
        s = it.val
        for k, v in want.items():
            if k == "kinds":
                if s.get("kind") not in v:
                    return False
            elif callable(v):
                if not v(s.get(k)):
                    return False
            elif s.get(k) != v:
                return False
        return True
    return test


def shape(spec: dict[str, Any]) -> str:
    """A date's shape as a key: T:date:{g,h}:{d day, m month}:{s since, y year, o relative, f free}."""
    kind = spec.get("kind")
    if kind != "date":
        key = _KIND_SHAPES.get(kind)
        return key if key is not None else f"T:{kind}"
    cal = "h" if spec.get("calendar") == "hijri" else "g"
    grain = "d" if spec.get("day") is not None else "m"
    if spec.get("since"):
        rel = "s"
    elif spec.get("year") is not None:
        rel = "y"
    elif spec.get("year_offset") is not None or spec.get("month_offset") is not None or spec.get("gyear") is not None:
        rel = "o"
    else:
        rel = "f"
    return _DATE_SHAPES[cal, grain, rel]


# the keys written out once: every expression the rules build asks for its own
_DATE_SHAPES = {(c, g, r): f"T:date:{c}:{g}:{r}" for c in "gh" for g in "dm" for r in "syof"}
_KIND_SHAPES = {k: f"T:{k}" for k in ("deictic", "weekday", "relative", "day_of_month", "offset", "shift", "nth",
                                      "anchor_day", "duration", "vague", "holiday", "season", "range", "clock",
                                      "set", "decade", "century", "year")}


set_shape(shape)


def _dates(cal: str, grain: str, rels: str = "syof") -> set[str]:
    return {f"T:date:{c}:{g}:{r}" for c in cal for g in grain for r in rels}


_none = lambda v: v is None  # noqa: E731
_some = lambda v: v is not None  # noqa: E731
# a date with a day, Gregorian, no year yet
# dates by shape: a key each, no test to run
matcher("gday", _dates("g", "d", "f"))
matcher("gdate", _dates("g", "d"))
matcher("hday", _dates("h", "d", "sof"))
matcher("hdate", _dates("h", "d"))
matcher("anydate", _dates("gh", "d"))
matcher("gmonthT", _dates("g", "m"))
# a day-level expression a clock time or a part of the day can sit on
matcher("dayT", {"T:date", "T:deictic", "T:weekday", "T:holiday", "T:day_of_month"},
        lambda it: (it.val.get("kind") != "date" or (it.val.get("day") is not None and not it.val.get("day_end")))
        and (it.val.get("kind") != "holiday" or it.val.get("day_end", it.val.get("day")) == it.val.get("day")
             or it.val.get("calendar") != "hijri"))
# what a position (مطلع، منتصف، نهاية) can narrow
matcher("periodT", {"T:date", "T:year", "T:relative", "T:season", "T:holiday", "T:decade", "T:century", "T:shift"},
        lambda it: not it.val.get("mod") and (it.val.get("kind") != "date" or it.val.get("day") is None)
        and not it.val.get("day_end") and not it.val.get("since")
        and (it.val.get("kind") != "shift" or it.val.get("period") in ("month", "year")))
# a month or year of the text named again (الشهر ذاته، الشهر التالي)
matcher("monthAna", {"T:shift"}, lambda it: it.val.get("period") == "month" and not it.val.get("mod"))
# a month-level expression (a named month, a month relative to the anchor)
matcher("monthT", {"T:date", "T:relative", "T:holiday"},
        lambda it: (it.val.get("kind") == "date" and it.val.get("day") is None)
        or (it.val.get("kind") == "relative" and it.val.get("unit") == "month")
        or (it.val.get("kind") == "holiday" and it.val.get("day_end") == 0))
matcher("yearT", {"T:year", "T:relative"},
        lambda it: (it.val.get("kind") == "year" and not it.val.get("year_end") and not it.val.get("quarter")
                    and not it.val.get("since") and not it.val.get("mod"))
        or (it.val.get("kind") == "relative" and it.val.get("unit") == "year" and not it.val.get("mod")
            and not it.val.get("quarter")))
matcher("weekT", {"T:relative"}, _spec_test(unit="week", mod=_none))
matcher("weekdayT", {"T:weekday"}, _spec_test(offset=_none, pod=_none, week=_none))
matcher("holT", {"T:holiday"})
matcher("wdlistT", {"T:weekday"}, lambda it: bool(it.val.get("span")))
matcher("clockT", {"T:clock"})
matcher("mark", {"gmark", "hmark"})
matcher("epithet", {"epithet"})


# ---------------------------------------------------------------------------
# Numbers, days, months, years: pieces to values

def _compose(a: int, b: int) -> int | None:
    """ثلاثة وعشرين = 3 + 20; ألفين وخمسة = 2000 + 5; تسعمائة وتسعين = 900 + 90."""
    if 1 <= a <= 9 and b in (20, 30, 40, 50, 60, 70, 80, 90):
        return a + b
    if a >= 1000 and a % 1000 == 0 and b < 1000:
        return a + b
    if 100 <= a < 1000 and a % 100 == 0 and b < 100:
        return a + b
    return None


@rule("number-words", "number:a و number:b")
def _number_words(m: Match) -> Item | None:
    a, b = m["a"], m["b"]
    if a.kind == "num" or b.kind == "num":
        return None
    n = _compose(nval(a), nval(b))  # type: ignore[arg-type]
    return D(m, "number", n) if n is not None else None


@rule("day-article", "ال num")
def _day_article(m: Match) -> Item | None:
    n = m["num"].val
    return D(m, "dayn", n) if 1 <= n <= 31 and digits(m["num"]) <= 2 else None


_RANGE_WORDS = {"-", "–", "—", "الي", "حتي", "لغايه", "ولغايه", "وحتي", "ل", "او"}


@rule("day-range", ["dayn:a sep:s dayn:b", "dayn:a sep:s ال? dayn:b", "dayo:a sep:s من? dayo:b",
                    "dayn:a او dayn:b", "dayn:a ل dayn:b"])
def _day_range(m: Match) -> Item | None:
    a = nval(m["a"]) if m["a"].kind != "w" else m["a"].senses["ordinal"]
    b = nval(m["b"]) if m["b"].kind != "w" else m["b"].senses["ordinal"]
    if a is None or b is None or not (1 <= a < b <= 31):
        return None
    s = m.get("s")
    is_list = s is not None and s.val == "و"
    if s is not None and s.kind == "w" and s.val not in _RANGE_WORDS and not is_list:
        return None
    days = list(range(a, b + 1)) if not is_list else [a, b]
    return D(m, "days", {"days": days, "list": is_list, "ord": m["a"].kind == "w"})


@rule("day-list", ["dlist و ال? dayn", "dlist ، و? dayn"])
def _day_list(m: Match) -> Item | None:
    d = m["dayn"].val if m["dayn"].kind != "num" else m["dayn"].val
    days = m["dlist"].val["days"]
    if d <= days[-1]:
        return None
    return D(m, "days", {"days": days + [d], "list": True, "ord": False})


@rule("month-pair", ["gm:a slash gm:b", "gm:a gm:b", "gm:a dash gm:b"])
def _month_pair(m: Match) -> Item | None:
    a, b = m["a"], m["b"]
    ma, mb = gmonth(a), gmonth(b)
    if m.has("dash") and ma != mb:
        return None  # أيار - حزيران: a range, not one month in two calendars
    if not m.has("slash") and not m.has("dash") and ma != mb:
        # two names side by side: the same month in two naming systems (20 يونيو حزيران),
        # or brackets (أكتوبر (تشرين الأول)); different months are two things
        return None
    va = a.val if a.kind == "month" else {"m": ma}
    return D(m, "month", {"m": ma, "shahr": va.get("shahr", False), "ambig": False, "mismatch": ma != mb})


@rule("month-noun", "month_noun gm")
def _month_noun(m: Match) -> Item | None:
    g = m["gm"]
    if g.kind == "month" and g.val.get("shahr"):
        return None
    v = dict(g.val) if g.kind == "month" else {"m": gmonth(g), "ambig": "ambig_month" in g.senses,
                                                "mismatch": False}
    v["shahr"] = True
    v["ambig"] = False
    return D(m, "month", v)


_ONE_WORDS = {key(w) for w in L.ONE_WORDS}


@rule("month-by-number", ["month_noun number", "month_noun ordinal"])
def _month_by_number(m: Match) -> Item | None:
    it = m.get("number") or m["ordinal"]
    n = nval(it) if it.kind != "w" or "numword" in it.senses else it.senses.get("ordinal")
    if n is None or not 1 <= n <= 12 or (it.kind == "num" and digits(it) > 2):
        return None
    if it.kind == "w" and it.val in _ONE_WORDS:
        return None  # قبل شهر واحد: one month, not January (which is الشهر الأول)
    if it.kind == "w" and "ordinal" in it.senses and not m["month_noun"].val.startswith("ال"):
        return None  # "شهر الأول": not "the first month"
    # "منذ شهر 5 سنوات", "شهر 3 أيام": a count of something, not a month
    after = C.words_after(m.norm, m.end, 1)
    if after and key(after[0]) in _UNIT_WORDS and not re.match(r"\s*\S+\s+\d{4}", m.norm[m.end:m.end + 20]):
        return None
    return D(m, "month", {"m": n, "shahr": True, "ambig": False, "mismatch": False, "by_number": True})


@rule("hmonth-noun", "month_noun hmonth")
def _hmonth_noun(m: Match) -> Item | None:
    return D(m, "hmonthx", {"m": m["hmonth"].senses["hmonth"], "shahr": True})


# ---------------------------------------------------------------------------
# Intersect: a day and a month, a date and a year, a weekday and a date

_UNIT_WORDS = {key(w) for u in L.UNITS.values() for (w, _) in u} | {key(w) for w in L.COUNT_NOUNS}


# "the first" of a month: غرة شوال، فاتح ماي، مستهل رمضان; Egyptian أول أكتوبر
_FIRST_DAY = {"غره", "مستهل", "فاتح", "الفاتح", "اول"}


def _date(month: int, days: list[int] | int, calendar: str = "gregorian") -> dict[str, Any] | None:
    if isinstance(days, int):
        days = [days]
    maxd = MAX_DAY[month] if calendar == "gregorian" else 30
    if not all(1 <= d <= maxd for d in days):
        return None
    spec: dict[str, Any] = {"kind": "date", "calendar": calendar, "month": month, "day": days[0]}
    if len(days) > 1:
        spec["day_end"] = days[-1]
        if days != list(range(days[0], days[-1] + 1)):
            spec["days"] = days
    return spec


@rule("day-month", ["dayn من? gm", "dayo من gm", "days من? gm", "first_of من? gm", "ord_before:first_of gm"])
def _day_month(m: Match) -> Item | None:
    g = m["gm"]
    if m.has("days"):
        v = m["days"].val
        if v["ord"] and not m.has("من"):
            return None
        days = v["days"]
    elif m.has("dayo"):
        days = [m["dayo"].senses["ordinal"]]
    elif m.has("first_of"):
        if m["first_of"].val not in _FIRST_DAY:
            return None
        days = [1]
    else:
        days = [nval(m["dayn"])]
    spec = _date(gmonth(g), days)
    if spec is None:
        return None
    if g.kind == "month" and g.val.get("mismatch"):
        spec["pair_mismatch"] = True
    if g.kind == "month" and g.val.get("by_number") and not g.val.get("shahr"):
        return None
    return T(m, spec, 5)


@rule("month-day", ["gm dayn", "gm days"])
def _month_day(m: Match) -> Item | None:
    """English order, month first: مايو 20، آب 4 الى 6."""
    g = m["gm"]
    if g.kind == "w" and "ambig_month" in g.senses and not m.has("days"):
        return None  # آب 4: "father 4"; آب 4 الى 6 is August
    if m.has("dayn"):
        it = m["dayn"]
        if it.kind != "num":
            return None
        days = [it.val]
    else:
        if m["days"].val["ord"]:
            return None
        days = m["days"].val["days"]
    after = C.words_after(m.norm, m.end, 1)
    if after and key(after[0]) in _UNIT_WORDS:
        return None  # "في أيلول 15 قتيلا"
    if re.match(r"\s*[/.:\-]?\s*\d", m.norm[m.end:m.end + 3]):
        return None
    spec = _date(gmonth(g), days)
    return T(m, spec, 4) if spec else None


@rule("hijri-day-month", ["dayn من? hm", "dayo من hm", "days من? hm", "first_of من? hm", "ord_before:first_of hm"])
def _hijri_day_month(m: Match) -> Item | None:
    h = m["hm"]
    if m.has("days"):
        v = m["days"].val
        if v["ord"] and not m.has("من"):
            return None
        days = v["days"]
    elif m.has("dayo"):
        days = [m["dayo"].senses["ordinal"]]
    elif m.has("first_of"):
        if m["first_of"].val not in _FIRST_DAY:
            return None
        days = [1]
    else:
        days = [nval(m["dayn"])]
    month = hmonth(h)
    # صفر (zero) and رجب (a name) are months only with a year or the هـ marker after them
    if h.kind == "w" and key(h.val) in ("صفر", "رجب") and not re.match(r"\s*[،,]?\s*(?:من\s+)?(?:\S+\s+)?\d|\s*ه",
                                                                        m.norm[m.end:m.end + 30]):
        return None
    spec = _date(month, days, "hijri")
    return T(m, spec, 6) if spec else None


def _with_year(spec: dict[str, Any], y: Item, hijri: bool) -> dict[str, Any] | None:
    """``spec`` with the year ``y`` is written as (None for 29 February of a common year)."""
    year, rep = year_of(y, hijri=hijri)
    if year is None:
        return None
    spec["year"] = year
    if rep:
        spec["repaired_from"] = rep
    if spec.get("calendar", "gregorian") == "gregorian" and spec.get("month") == 2 and spec.get("day") == 29:
        if not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
            return None
    return spec


@rule("year-tail", ["comma? من? yearcue? year4 gmark?", "comma? من? ل? yearcue year4 gmark?"])
def _year_tail(m: Match) -> Item | None:
    """The year written after a day and month (، من عام 2016م): a piece of a date to come. A bare
    year is not one (date-year takes it directly): fewer items to match."""
    if len(m.items) - m.items.count(None) == 1:
        return None
    return D(m, "ytail", {"y": m["year4"], "cue": m.has("yearcue")})


@rule("hijri-year-tail", ["comma? من? ل? yearcue? hyear ل? hmark_any?", "ل? هذا|هذه yearcue hyear ل? hmark_any?",
                          "corresp? calnote ل? yearcue? hyear hmark_any?"])
def _hijri_year_tail(m: Match) -> Item | None:
    """The Hijri year after a Hijri day or month (لعام 1436 هـ، لهذا العام 1432ه)."""
    y = m["hyear"]
    mark = m.has("hmark_any")
    cue = m.has("yearcue") or m.has("calnote")
    if not mark and not (1300 <= y.val <= 1600 and (digits(y) == 4 or cue)):
        return None  # a number with no هـ is a Hijri year only when it looks like one
    year, _ = year_of(y, hijri=True)
    if year is None:
        return None
    return D(m, "hytail", {"y": year, "mark": mark, "cue": m.has("yearcue") or m.has("calnote")})


matcher("ytail", {"ytail"})
matcher("hytail", {"hytail"})


@rule("date-year", ["gday ytail", "gday year4"])
def _date_year(m: Match) -> Item | None:
    y = m["ytail"].val["y"] if m.has("ytail") else m["year4"]
    spec = _with_year(spec_of(m["gday"]), y, False)
    if spec is None:
        return None
    spec.pop("direction", None)
    return T(m, spec, 5)


@rule("month-year", ["gm ytail", "gm year4"])
def _month_year(m: Match) -> Item | None:
    g = m["gm"]
    cue = m.has("ytail") and m["ytail"].val["cue"]
    if g.kind == "month" and g.val.get("by_number") and not cue and not g.val.get("shahr"):
        return None
    spec: dict[str, Any] = {"kind": "date", "calendar": "gregorian", "month": gmonth(g), "day": None}
    if g.kind == "month" and g.val.get("mismatch"):
        spec["pair_mismatch"] = True
    spec = _with_year(spec, m["ytail"].val["y"] if m.has("ytail") else m["year4"], False)
    return T(m, spec, 4) if spec else None


@rule("hijri-date-year", ["hday hytail"])
def _hijri_date_year(m: Match) -> Item | None:
    spec = spec_of(m["hday"])
    spec["year"] = m["hytail"].val["y"]
    return T(m, spec, 6)


@rule("hijri-date-mark", "hday hmark_any")
def _hijri_date_mark(m: Match) -> Item | None:
    return T(m, spec_of(m["hday"]), 6)


@rule("hijri-month-year", ["hm hytail"])
def _hijri_month_year(m: Match) -> Item | None:
    t = m["hytail"].val
    if not (t["mark"] or t["cue"] or 1300 <= t["y"] <= 1600):
        return None
    spec = {"kind": "date", "calendar": "hijri", "year": t["y"], "month": hmonth(m["hm"]), "day": None}
    return T(m, spec, 5)


@rule("hijri-month-gregorian-year", ["hm comma? من? ل? yearcue? year19 gmark?"])
def _hijri_month_gyear(m: Match) -> Item | None:
    """شوال 2021، رمضان عام 2022: the Hijri month that falls in that Gregorian year."""
    h = m["hm"]
    if h.kind == "w" and key(h.val) in ("صفر", "رجب", "رمضان") and not m.has("yearcue") \
            and not _RAMADAN_CUE(m):
        return None
    spec = {"kind": "date", "calendar": "hijri", "month": hmonth(h), "day": None, "gyear": m["year19"].val}
    return T(m, spec, 4)


@rule("hijri-first-of-month-gregorian-year", "first_of hm comma? من? ل? yearcue? year19 gmark?")
def _hijri_first_gyear(m: Match) -> Item | None:
    if m["first_of"].val not in ("غره", "مستهل", "فاتح"):
        return None
    spec = {"kind": "date", "calendar": "hijri", "month": hmonth(m["hm"]), "day": 1, "gyear": m["year19"].val}
    return T(m, spec, 5)


def _RAMADAN_CUE(m: Match) -> bool:
    before = C.words_before(m.norm, m.start, 1)
    return bool(before) and key(before[0]) in {key(w) for w in L.RAMADAN_CUES}


@rule("weekday-prefix", ["weekday comma? corresp? ل?", "weekday qual comma? corresp ل?"])
def _weekday_prefix(m: Match) -> Item | None:
    """الثلاثاء،، الأحد الموافق، السبت المقبل الموافق لـ: a weekday put before its date (a bare
    weekday is not one: weekday-date takes it directly)."""
    if not (m.has("comma") or m.has("corresp") or m.has("ل")):
        return None
    return D(m, "wdpre", m["weekday"].senses["weekday"])


matcher("wdpre", {"wdpre"})


@rule("weekday-date", ["yawm? wdpre anydate", "yawm? wdpre dayT", "yawm? weekday anydate", "yawm? weekday dayT"])
def _weekday_date(m: Match) -> Item | None:
    d = m.get("anydate") or m["dayT"]
    spec = spec_of(d)
    if spec.get("kind") not in ("date", "day_of_month") or spec.get("weekday") is not None:
        return None
    spec["weekday"] = m["wdpre"].val if m.has("wdpre") else m["weekday"].senses["weekday"]
    spec.pop("direction", None)
    return T(m, spec, 5)


@rule("day-prefix", "yawm anydate")
def _day_prefix(m: Match) -> Item | None:
    spec = spec_of(m["anydate"])
    if spec.get("kind") != "date":
        return None
    if m["yawm"].val in ("ايام", "يومي", "يومى") and not spec.get("day_end"):
        return None  # أيام/يومي announce two days or more
    return T(m, spec, 5)


@rule("date-qualified", ["gday qual", "monthT:g qual"])
def _date_qualified(m: Match) -> Item | None:
    d = m.get("gday") or m["g"]
    spec = spec_of(d)
    if spec.get("kind") != "date" or spec.get("calendar") != "gregorian" or spec.get("year") is not None \
            or spec.get("month_offset") is not None or spec.get("year_offset") is not None:
        return None
    q = m["qual"]
    if q.val in ("هذا", "هذه", "الاخير", "الاخيره", "السابق", "السابقه"):
        return None
    spec["month_offset"] = q.senses["qual"]
    spec.pop("direction", None)
    return T(m, spec, 5 if spec.get("day") else 4)


@rule("month-qualified", ["gm qual"])
def _month_qualified(m: Match) -> Item | None:
    """أيار المقبل، آب الماضي: a qualifier makes even a month name that is also a word a month."""
    g = m["gm"]
    q = m["qual"]
    if q.val in ("هذا", "هذه", "الاخير", "الاخيره", "السابق", "السابقه"):
        return None
    spec = {"kind": "date", "calendar": "gregorian", "year": None, "month": gmonth(g), "day": None,
            "month_offset": q.senses["qual"]}
    return T(m, spec, 4)


@rule("date-relative-year", ["gday comma? من? العام|السنه qual", "gday comma? من? هذا|هذه العام|السنه",
                             "gm comma? من? العام|السنه qual", "gm comma? من? هذا|هذه العام|السنه"])
def _date_relative_year(m: Match) -> Item | None:
    if m.has("gday"):
        spec = spec_of(m["gday"])
    else:
        spec = {"kind": "date", "calendar": "gregorian", "year": None, "month": gmonth(m["gm"]), "day": None}
    q = m.get("qual")
    if q is not None:
        if q.val in ("هذا", "هذه"):
            return None
        spec["year_offset"] = q.senses["qual"]
    else:
        spec["year_offset"] = 0
    spec.pop("direction", None)
    return T(m, spec, 5 if spec.get("day") else 4)


@rule("month-named", ["gm"])
def _month_named(m: Match) -> Item | None:
    """A month name alone is a month only after a cue (في أيلول، منذ آذار), with شهر,
    or after another month in a list (في فيفري وأفريل)."""
    g = m["gm"]
    shahr = g.kind == "month" and g.val.get("shahr")
    before = C.words_before(m.norm, m.start, 2)
    b = _unclitic(key(before[0])) if before else ""
    if g.kind == "w" and "ambig_month" in g.senses and b not in _STRONG_MONTH_CUES:
        return None  # مارس "practised", آب "father": a month after في، مطلع، أواخر ... only
    cue = b in _MONTH_CUES
    if not (shahr or cue or _after_month(m)):
        return None
    spec = {"kind": "date", "calendar": "gregorian", "year": None, "month": gmonth(g), "day": None}
    if g.kind == "month" and g.val.get("by_number") and not cue:
        return None
    return T(m, spec, 1)


_POSITION_WORDS = {key(w) for ws in L.PERIOD_POSITIONS.values() for w in ws}
_MONTH_CUES = {key(w) for w in L.MONTH_CUES} | _POSITION_WORDS
_STRONG_MONTH_CUES = {key(w) for w in L.MONTH_CUES_STRONG} | _POSITION_WORDS


def _unclitic(w: str) -> str:
    """A cue word without a leading و/ف (وفي، فمنذ): the lexicon has it bare."""
    return w[1:] if len(w) > 2 and w[0] in "وف" and w[1:] in _MONTH_CUES else w


def _after_month(m: Match) -> bool:
    """True when "وأفريل" follows another month name (في فيفري وأفريل وجوان)."""
    if m.start < 1 or m.norm[m.start - 1] != "و":
        return False
    prev = C.words_before(m.norm, m.start - 1, 1)
    if not prev:
        return False
    w = key(prev[0])
    return "gmonth" in SENSES.get(w, {}) or "gmonth" in SENSES.get(w[1:], {})


@rule("crescent-of-month", ["crescent month_noun? hmonth"])
def _crescent(m: Match) -> Item | None:
    """هلال شوال: the month whose crescent is sought (spanned on the month's name)."""
    month = m["hmonth"].senses["hmonth"]
    spec = {"kind": "holiday", "name": f"hijri_month_{month}" if month != 9 else "ramadan", "calendar": "hijri",
            "month": month, "day": 1, "day_end": 0}
    start = m["month_noun"].start if m.has("month_noun") else m["hmonth"].start
    return T(m, spec, 3, start=start)


@rule("hijri-month-named", ["month_noun hmonth qual?"])
def _hijri_month_named(m: Match) -> Item | None:
    month = m["hmonth"].senses["hmonth"]
    if month == 9:
        return None  # شهر رمضان is a holiday entry of its own
    spec: dict[str, Any] = {"kind": "holiday", "name": f"hijri_month_{month}", "calendar": "hijri",
                            "month": month, "day": 1, "day_end": 0}
    if m.has("qual"):
        spec["offset"] = m["qual"].senses["qual"]
    return T(m, spec, 3)


@rule("hijri-month-qualified", ["hmonth qual"])
def _hijri_month_qualified(m: Match) -> Item | None:
    """شعبان الماضي، ذي الحجة المقبل، محرم القادم: a Hijri month named with الماضي / المقبل needs no
    شهر before it (the qualifier makes the name, صفر or رجب, a month); رمضان has a rule of its own."""
    month = m["hmonth"].senses["hmonth"]
    q = m["qual"]
    if month == 9 or q.senses["qual"] == 0 or q.val in ("الاخير", "الاخيره", "السابق", "السابقه"):
        return None
    return T(m, {"kind": "holiday", "name": f"hijri_month_{month}", "calendar": "hijri", "month": month, "day": 1,
                 "day_end": 0, "offset": q.senses["qual"]}, 3)


# --- numeric dates -----------------------------------------------------------------

def _clean_edges(m: Match) -> bool:
    """Not inside a longer run of numbers written with the same separators (1/2/3/4)."""
    b = m.norm[max(0, m.start - 1):m.start]
    a = m.norm[m.end:m.end + 2]
    seps = {it.val for it in m.items if it is not None and it.kind == "p"}
    if b and (b.isdigit() or (b in "/.-" and (b in seps or re.search(r"\d$", m.norm[max(0, m.start - 2):m.start - 1])))):
        return False
    if re.match(r"[/\-]\d|[.]\d|\d", a):
        return False
    return True


@rule("numeric-date", ["num:a numsep:s1 num:b numsep:s2 num:c"])
def _numeric_date(m: Match) -> Item | None:
    s1, s2 = m["s1"].val, m["s2"].val
    if s1 != s2 or not _clean_edges(m):
        return None
    a, b, c = m["a"], m["b"], m["c"]
    if digits(c) == 4 and digits(a) <= 2 and digits(b) <= 2:
        d, mo, y = a.val, b.val, c.val
    elif digits(a) == 4 and digits(b) <= 2 and digits(c) <= 2:
        y, mo, d = a.val, b.val, c.val
    elif digits(c) == 2 and digits(a) <= 2 and digits(b) <= 2 and (s1 == "/" or _numeric_cue(m)):
        d, mo, y = a.val, b.val, c.val
        y += 2000 if y <= 40 else 1900  # 17/9/19، في 1-7-19
    else:
        return None
    if not 1 <= mo <= 12:
        return None
    spec = {"kind": "date", "calendar": "gregorian", "year": y, "month": mo, "day": d, "numeric": True}
    if 1300 <= y <= 1500:
        spec["calendar"] = "hijri"
        if not 1 <= d <= 30:
            return None
    elif not (1 <= d <= MAX_DAY[mo] and 1000 <= y <= 2200) or \
            (mo == 2 and d == 29 and not (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0))):
        return None
    return T(m, spec, 6)


@rule("numeric-date-marked", ["anydate hmark_any", "anydate gmark"])
def _numeric_marked(m: Match) -> Item | None:
    spec = spec_of(m["anydate"])
    if not spec.get("numeric"):
        return None
    if m.has("hmark_any"):
        if spec["calendar"] != "hijri" and not (1 <= spec["day"] <= 30 and spec["year"] < 1600):
            return None
        spec["calendar"] = "hijri"
    else:
        if spec["calendar"] == "hijri":
            if not (1 <= spec["day"] <= MAX_DAY[spec["month"]]):
                return None
            spec["calendar"] = "gregorian"
    return T(m, spec, 6)


@rule("numeric-date-month-name", ["dayn numsep:s1 gm numsep:s2 year4"])
def _numeric_month_name(m: Match) -> Item | None:
    """14/فبراير/2019: a byline's date with the month's name between slashes."""
    if m["s1"].val != m["s2"].val:
        return None
    spec = _date(gmonth(m["gm"]), [nval(m["dayn"])])
    if spec is None:
        return None
    spec = _with_year(spec, m["year4"], False)
    return T(m, spec, 6) if spec else None


@rule("byline-clock", ["anydate:d sep? num:h : num:mi clockper?", "anydate:d sep? pipe num:h : num:mi clockper?"])
def _byline_clock(m: Match) -> Item | None:
    """السبت 2 مارس 2024 - 08:15، 13 مايو 2017 - 9:46 م: the time of the byline's day, spanned alone."""
    h, mi = m["h"], m["mi"]
    if digits(h) > 2 or digits(mi) != 2 or h.val > 23 or mi.val > 59:
        return None
    if m.has("sep") and m["sep"].val not in ("-", "–", "—"):
        return None
    hour = h.val
    per = m["clockper"].senses["clockper"] if m.has("clockper") else None
    if per in ("PM", "NIGHT") and hour < 12:
        hour += 12
    elif per == "AM" and hour == 12:
        hour = 0
    day = _strip(m["d"].val)
    spec: dict[str, Any] = {"kind": "clock", "hour": hour, "minute": mi.val, "day": day}
    if per:
        spec["period"] = per
    return T(m, spec, 3, start=h.start)


@rule("numeric-day-month", ["num:a slash num:b"])
def _numeric_day_month(m: Match) -> Item | None:
    """17/9 or 9/17 with no year: a date only where the words before ask for one."""
    a, b = m["a"], m["b"]
    if not _clean_edges(m) or digits(a) > 2 or digits(b) > 2:
        return None
    before = C.words_before(m.norm, m.start, 1)
    if not before or not (key(before[0]) in _NUMERIC_CUES or "weekday" in SENSES.get(key(before[0]), {})):
        return None
    d, mo = a.val, b.val
    if mo > 12 and d <= 12:
        d, mo = mo, d
    if not (1 <= mo <= 12 and 1 <= d <= MAX_DAY[mo]):
        return None
    return T(m, {"kind": "date", "calendar": "gregorian", "month": mo, "day": d, "numeric": True}, 5)


def _numeric_cue(m: Match) -> bool:
    before = C.words_before(m.norm, m.start, 1)
    return bool(before) and (key(before[0]) in _NUMERIC_CUES or "weekday" in SENSES.get(key(before[0]), {}))


_NUMERIC_CUES = {key(w) for w in ["يوم", "في", "بتاريخ", "تاريخ", "منذ", "حتى", "الموافق", "يومي", "ليوم",
                                  "وتاريخ", "بتأريخ", "التاريخ"]}


@rule("numeric-month-year", ["num:a slash num:b"])
def _numeric_month_year(m: Match) -> Item | None:
    """6/2018 or 2018/6: a month."""
    a, b = m["a"], m["b"]
    if not _clean_edges(m):
        return None
    if digits(a) <= 2 and digits(b) == 4:
        mo, y = a.val, b.val
    elif digits(a) == 4 and digits(b) <= 2:
        y, mo = a.val, b.val
    else:
        return None
    if not (1 <= mo <= 12 and 1900 <= y <= 2100):
        return None
    return T(m, {"kind": "date", "calendar": "gregorian", "year": y, "month": mo, "day": None, "numeric": True}, 4)


@rule("numeric-day-range", ["dayn dash anydate", "dayn و anydate"])
def _numeric_day_range(m: Match) -> Item | None:
    """4- 5/9/1445هـ: the first day written alone before a full date."""
    spec = spec_of(m["anydate"])
    d0 = nval(m["dayn"])
    if not spec.get("numeric") or spec.get("day_end") or d0 is None or not d0 < spec["day"]:
        return None
    spec["day_end"] = spec["day"]
    spec["day"] = d0
    return T(m, spec, 6)


# --- years --------------------------------------------------------------------------

@rule("year", ["yearcue year4 ل? gmark?", "yearcue year4 ل? hmark_any", "yearcue hyear ل? hmark_any",
               "year4 gmark", "hyear hmark_any", "yearcue hmark_any hyear", "yearcue gmark year4"])
def _year(m: Match) -> Item | None:
    y = m.get("year4") or m["hyear"]
    hij = m.has("hmark_any")
    year, rep = year_of(y, hijri=hij)
    if year is None:
        return None
    if not m.has("yearcue") and y.kind == "num" and digits(y) < 4 and not hij:
        return None
    spec: dict[str, Any] = {"kind": "year", "calendar": "hijri" if hij else "gregorian", "year": year}
    if rep:
        spec["repaired_from"] = rep
    return T(m, spec, 3)


@rule("year-two-digits", ["yearcue num:y"])
def _year_two_digits(m: Match) -> Item | None:
    """عام 48، حرب عام 67، العام 73، سنة 90: a year of the last century by its last two digits
    (HeidelTime's "the year 91"). Below 30 they could as well be this century's: left out."""
    y = m["y"]
    if digits(y) != 2 or not 30 <= y.val <= 99 or m["yearcue"].val in ("عامي", "العامين"):
        return None
    after = C.words_after(m.norm, m.end, 1)
    if after and (key(after[0]) in _UNIT_WORDS or key(after[0]) in _COUNTS_AFTER):
        return None  # عام 50 ألفا، سنة 40 يوما
    if re.match(r"\s*(?:[%٪/:.,،]\s*\d|%|٪)", m.norm[m.end:m.end + 4]):
        return None  # العام 73%، سنة 90/91
    return T(m, {"kind": "year", "calendar": "gregorian", "year": 1900 + y.val}, 3)


_COUNTS_AFTER = {key(w) for w in L.COUNTED_AFTER_TWO_DIGITS}


@rule("year-range", ["yearcue year4:a sep:s yearcue? year4:b", "year19:a dash year19:b", "year19:a slash year19:b"])
def _year_range(m: Match) -> Item | None:
    a, b = m["a"], m["b"]
    s = m.get("s")
    if s is not None and s.kind == "w" and s.val not in ("و", "الي", "حتي", "-", "لغايه"):
        return None
    ya, _ = year_of(a)
    yb, _ = year_of(b)
    if ya is None or yb is None or not ya < yb <= ya + 100:
        return None
    if not m.has("yearcue") and not _clean_edges(m):
        return None
    return T(m, {"kind": "year", "calendar": "gregorian", "year": ya, "year_end": yb}, 3)


@rule("year-after-preposition", ["ycue year19", "ycue year19:a sep:s year19:b", "pos:ycue year19",
                                 "year_noun:ycue year19"])
def _year_prep(m: Match) -> Item | None:
    prep = key(m["ycue"].val)
    y = m.get("year19") or m["a"]
    if re.match(r"[\d/]|[.,]\d", m.norm[m.end:m.end + 2]):
        return None
    spec: dict[str, Any] = {"kind": "year", "calendar": "gregorian", "year": y.val}
    start = y.start
    if m.has("b"):
        s = m["s"]
        if s.kind == "w" and s.val not in ("و", "الي", "حتي", "-"):
            return None
        if m["b"].val <= y.val:
            return None
        spec["year_end"] = m["b"].val
        if prep == "بين":
            start = m.start
    elif prep in ("بين", "من"):
        return None  # "من 2015" alone is too often a count ("أكثر من 2000 شخص")
    if prep in ("منذ", "مذ"):
        spec["since"] = True
        start = m.start
    pos = SENSES.get(prep, {}).get("pos")
    if pos:
        spec["mod"] = pos
        start = m.start
    after = C.words_after(m.norm, m.end, 1)
    if after and key(after[0]) in _UNIT_WORDS:
        return None  # "في 2000 يوم"
    if re.match(r"\s*(?:[%٪]|\d)", m.norm[m.end:m.end + 3]):
        return None
    return T(m, spec, 2, start=start)


@rule("quarter-of-year", ["quarter من? yearcue? year19", "quarter من? yearT"])
def _quarter_year(m: Match) -> Item | None:
    q = m["quarter"].senses["quarter"]
    if m.has("year19"):
        return T(m, {"kind": "year", "calendar": "gregorian", "year": m["year19"].val, "quarter": q}, 3)
    spec = spec_of(m["yearT"])
    if spec.get("calendar") == "hijri":
        return None
    spec["quarter"] = q
    return T(m, spec, 3)


@rule("quarter-of-this-year", "quarter من? العام|السنه")
def _quarter_this(m: Match) -> Item | None:
    after = C.words_after(m.norm, m.end, 1)
    if after and ("qual" in SENSES.get(key(after[0]), {})):
        return None
    if re.match(r"\s*\d", m.norm[m.end:m.end + 3]):
        return None
    return T(m, {"kind": "relative", "unit": "year", "offset": 0, "quarter": m["quarter"].senses["quarter"]}, 2)


# ---------------------------------------------------------------------------
# Relative periods, weekdays, deictic days

@rule("relative-period", ["pnoun_def qual", "هذا|هذه pnoun_def"])
def _relative(m: Match) -> Item | None:
    unit = m["pnoun_def"].senses["pnoun"]
    q = m.get("qual")
    if q is not None:
        if q.val in ("هذا", "هذه"):
            return None
        off = q.senses["qual"]
    else:
        off = 0
    if m.has("هذا") and m["هذا"].val == "هذه" and unit not in ("year",):
        if m["pnoun_def"].val not in ("السنه",):
            return None
    spec: dict[str, Any] = {"kind": "relative", "unit": unit, "offset": off}
    if q is not None and q.val in ("السابق", "السابقه") and unit in ("year", "month", "week"):
        # في 2015 ... مقارنة بالعام السابق: the one before the period just named (the tagger looks for
        # it in the same or the previous sentence); with none, the one before the anchor's
        spec["before_named"] = True
    return T(m, spec, 3)


@rule("position-in-current-period", "pos pnoun_def")
def _pos_period(m: Match) -> Item | None:
    after = m.norm[m.end:m.end + 20]
    w = C.words_after(m.norm, m.end, 1)
    if w and (key(w[0]) in ("هذا", "هذه", "من") or {"qual", "anaqual"} & set(SENSES.get(key(w[0]), {}))
              or key(w[0]) in ("عام", "العام", "سنه", "لعام")):
        return None
    if re.match(r"\s*(?:ال\s*)?\d", after):
        return None
    return T(m, {"kind": "relative", "unit": m["pnoun_def"].senses["pnoun"], "offset": 0,
                 "mod": m["pos"].senses["pos"]}, 2)


@rule("part-of-season", ["pos season"])
def _part_of_season(m: Match) -> Item | None:
    """أواخر الخريف: of this year's season."""
    return T(m, {"kind": "season", "season": m["season"].senses["season"], "offset": 0,
                 "mod": m["pos"].senses["pos"]}, 3)


@rule("part-of-month", ["month_part من? monthT", "month_part من? hm qual?", "month_part من? T:h"])
def _part_of_month(m: Match) -> Item | None:
    """الثلث الأول من شهر مارس 2014، النصف الثاني من أيار، العشر الأواخر من رمضان 1444 هـ: those days."""
    first, last = m["month_part"].senses["month_part"]
    if m.has("monthT"):
        of = _strip(m["monthT"].val)
    elif m.has("h"):
        of = _strip(m["h"].val)
        if not (of.get("kind") == "date" and of.get("day") is None) and not (
                of.get("kind") == "holiday" and of.get("day_end") == 0):
            return None
    else:
        month = hmonth(m["hm"])
        of = {"kind": "holiday", "name": f"hijri_month_{month}", "calendar": "hijri", "month": month, "day": 1,
              "day_end": 0}
        if m.has("qual"):
            if m["qual"].senses["qual"] == 0:
                return None
            of["offset"] = m["qual"].senses["qual"]
    return T(m, {"kind": "nth", "unit": "days", "first": first, "last": last, "of": of}, 6)


@rule("part-of", ["pos periodT", "pos من? periodT"])
def _part_of(m: Match) -> Item | None:
    """مطلع/منتصف/نهاية + a period: its first, middle or last third."""
    spec = spec_of(m["periodT"])
    if m.has("من") and spec.get("kind") not in ("relative", "year", "date"):
        return None
    spec["mod"] = m["pos"].senses["pos"]
    return T(m, spec, 4)


# how fine a plural period is, and how fine a period it can be a part of
_PLURAL_RANK = {key(w): r for r, ws in enumerate(L.PLURAL_PERIODS_BY_RANK) for w in ws}
_RELATIVE_RANK = {"week": 2, "month": 3, "year": 4, "decade": 5, "century": 6}


def _period_rank(spec: dict[str, Any]) -> float | None:
    k = spec.get("kind")
    if k == "date":
        return 3
    if k in ("year", "decade", "century"):
        return {"year": 4, "decade": 5, "century": 6}[k]
    if k in ("relative", "shift"):
        return _RELATIVE_RANK.get(spec.get("unit") or spec.get("period"))
    if k == "season":
        return 3.5
    if k == "holiday" and spec.get("day_end") is not None and spec.get("day_end") != spec.get("day"):
        return 3
    return None


@rule("plural-part-of", ["plural الأولى|الأخيرة:o من periodT", "plural الأولى|الأخيرة:o من dayT"])
def _plural_part_of(m: Match) -> Item | None:
    """الأيام الأولى من الشهر الجاري، الأشهر الأخيرة من عام 2023، الساعات الأولى من صباح اليوم:
    the first or last stretch of a period, valued as the period (like مطلع / أواخر)."""
    rank = _PLURAL_RANK.get(m["plural"].val)
    if rank is None:
        return None
    if m.has("dayT"):
        if rank != 0:
            return None  # الأيام الأولى من الخميس is no part of a day
        return T(m, spec_of(m["dayT"]), 4)
    spec = spec_of(m["periodT"])
    prank = _period_rank(spec)
    if prank is None or rank >= prank:
        return None  # الأشهر الأولى من الأسبوع
    spec["mod"] = "START" if m["o"].val == key("الأولى") else "END"
    return T(m, spec, 4)


@rule("day-of-current-month", ["yawm? dayn qual", "yawm? days qual", "yawm? dayo من? qual"])
def _day_of_current_month(m: Match) -> Item | None:
    """18 و19 الجاري، الخامس من الشهر... in short: الـ 15 الجاري, 20 الماضي: a day of that month."""
    q = m["qual"]
    if q.val not in ("الجاري", "الحالي", "المنصرم", "الماضي", "المقبل", "القادم"):
        return None
    if m.has("days"):
        days = m["days"].val["days"]
    elif m.has("dayo"):
        days = [m["dayo"].senses["ordinal"]]
    else:
        days = [nval(m["dayn"])]
        if m["dayn"].kind == "num" and not m.has("yawm"):
            before = C.words_before(m.norm, m.start, 1)
            if not before or key(before[0]) not in ("في", "منذ", "حتي", "يوم", "بتاريخ", "قبل", "بعد", "الي"):
                return None  # "قتل 20 الماضي" is not a date
    spec: dict[str, Any] = {"kind": "day_of_month", "day": days[0], "month_offset": q.senses["qual"]}
    if len(days) > 1:
        spec["day_end"] = days[-1]
    return T(m, spec, 5)


@rule("day-of-relative-month", ["yawm? dayn من monthT", "yawm? days من monthT", "yawm? dayo من monthT"])
def _day_of_month(m: Match) -> Item | None:
    mt = m["monthT"].val
    if mt.get("kind") != "relative" or mt.get("mod"):
        return None
    if m.has("days"):
        days = m["days"].val["days"]
    elif m.has("dayo"):
        days = [m["dayo"].senses["ordinal"]]
    else:
        days = [nval(m["dayn"])]
    spec: dict[str, Any] = {"kind": "day_of_month", "day": days[0], "month_offset": mt["offset"]}
    if len(days) > 1:
        spec["day_end"] = days[-1]
    return T(m, spec, 5)


@rule("day-of-month-named-before", ["dayo من monthAna", "yawm? dayn من monthAna"])
def _day_of_month_named_before(m: Match) -> Item | None:
    """التاسع عشر من الشهر ذاته، الخامس من الشهر التالي: a day of the month the text named before
    (or of the one after it), linked by the tagger."""
    d = m["dayo"].senses["ordinal"] if m.has("dayo") else nval(m["dayn"])
    if d is None or not 1 <= d <= 31:
        return None
    spec: dict[str, Any] = {"kind": "day_of_month", "day": d, "ref": "previous", "ref_level": "month"}
    shift = int(m["monthAna"].val.get("amount") or 0)
    if shift:
        spec["month_shift"] = shift
    return T(m, spec, 5)


@rule("same-period-of-a-year", ["period_ana anaqual من yearT", "same period_ana من yearT",
                                "period_ana anaqual من العام|السنه", "same period_ana من العام|السنه"])
def _same_period(m: Match) -> Item | None:
    """الفترة نفسها من العام الماضي، نفس الفترة من السنة الماضية: the stretch of time the text named
    last (a quarter, a month, two months), in that year, at its own granularity."""
    if m.has("anaqual") and m["anaqual"].senses["anaqual"] != 0:
        return None
    spec: dict[str, Any] = {"kind": "shift", "unit": "Y", "same_period": True, "ref": "previous",
                            "ref_level": "period"}
    if not _year_of(m, spec):
        return None
    return T(m, spec, 5)


def _year_of(m: Match, spec: dict[str, Any]) -> bool:
    """Put the year a rule's ``yearT`` names into ``spec`` (the anchor's without one):
    a written Gregorian year, or an offset (العام الماضي). False for another calendar's."""
    if not m.has("yearT"):
        spec["year_offset"] = 0
        return True
    y = m["yearT"].val
    if y.get("kind") == "relative":
        spec["year_offset"] = int(y.get("offset") or 0)
    elif y.get("calendar", "gregorian") == "gregorian" and y.get("year") is not None:
        spec["year"] = int(y["year"])
    else:
        return False
    return True


@rule("months-of-a-year", ["months_pl number ord_after من yearT", "months_pl number ord_after من العام|السنه"])
def _months_of_year(m: Match) -> Item | None:
    """الأشهر الخمسة الأولى من السنة، الأشهر الثلاثة الأخيرة من العام الماضي: those months, one interval."""
    n = nval(m["number"])
    first = m["ord_after"].senses["ord_after"]
    if n is None or not 1 <= n <= 11 or first not in (1, -1):
        return None
    fa: dict[str, Any] = {"kind": "date", "calendar": "gregorian", "month": 1 if first == 1 else 13 - n, "day": None}
    if not _year_of(m, fa):
        return None
    fb = dict(fa, month=n if first == 1 else 12)
    return T(m, {"kind": "range", "from": fa, "to": fb}, 6)


@rule("bare-quarter", ["quarter"])
def _bare_quarter(m: Match) -> Item | None:
    """الربع الثالث: of the current year, or of the one the tense gives (a quarter ahead in a
    future sentence said in November is next year's)."""
    q = m["quarter"].senses["quarter"]
    if not q.startswith("Q"):
        return None  # النصف الأول alone is as often half of a month or a match
    if re.match(r"\s*(?:[وف]?من|[0-9])", m.norm[m.end:m.end + 5]):
        return None  # الربع الأول من المباراة; quarters of a year have their own rules
    spec: dict[str, Any] = {"kind": "relative", "unit": "year", "offset": 0, "quarter": q}
    direction, _ = C.tense_around(m.norm, m.start, m.end)
    if direction in ("past", "future"):
        spec["direction"] = direction
    return T(m, spec, 2)


@rule("day-of-named-month", ["dayo من monthT", "dayn من monthT"])
def _day_of_named_month(m: Match) -> Item | None:
    mt = spec_of(m["monthT"])
    if mt.get("kind") != "date" or mt.get("mod") or mt.get("calendar") != "gregorian":
        return None
    d = m["dayo"].senses["ordinal"] if m.has("dayo") else nval(m["dayn"])
    if d is None or not 1 <= d <= MAX_DAY[mt["month"]]:
        return None
    mt["day"] = d
    return T(m, mt, 5)


def _weekday_ok(m: Match, wd_item: Item) -> bool:
    """"الاثنين" is also "the two"; "صلاة الجمعة" is a prayer."""
    before = C.words_before(m.norm, m.start, 1)
    b = key(before[0]) if before else ""
    wd = wd_item.senses.get("weekday", wd_item.senses.get("wdbare"))
    if wd == 0 and b in _NOT_MONDAY and not m.has("yawm"):
        return False
    if wd == 4 and b in _PRAYER and not m.has("yawm"):
        return False
    return True


_NOT_MONDAY = {key(w) for w in L.NOT_MONDAY_BEFORE}
_PRAYER = {key(w) for w in L.PRAYER_BEFORE_WEEKDAY}


@rule("this-weekday", ["هذا|هذه weekday"])
def _this_weekday(m: Match) -> Item | None:
    """هذه الجمعة: the one of this week still to come (or today)."""
    if not _weekday_ok(m, m["weekday"]):
        return None
    return T(m, {"kind": "weekday", "weekday": m["weekday"].senses["weekday"], "direction": "present",
                 "cue": "هذه"}, 3)


@rule("this-day-of-a-year", ["مثل deictic من? yearT", "مثل deictic من? ycue? year19"])
def _this_day_of_year(m: Match) -> Item | None:
    """في مثل هذا اليوم من عام 2001: the anchor's day and month in that year."""
    if m["deictic"].val != "هذا اليوم":
        return None
    if m.has("yearT"):
        y = m["yearT"].val
        if y.get("kind") != "year" or y.get("calendar") != "gregorian":
            return None
        year = y["year"]
    else:
        year = m["year19"].val
    return T(m, {"kind": "anchor_day", "year": year}, 6, start=m["deictic"].start)


@rule("weekday-after-day-noun", ["pod? day_noun wd_after_noun qual?"])
def _weekday_after_noun(m: Match) -> Item | None:
    """نهار الحد الجاي: Maghrebi names of weekdays, after نهار/يوم only."""
    spec: dict[str, Any] = {"kind": "weekday", "weekday": m["wd_after_noun"].senses["wd_after_noun"]}
    if m.has("pod"):
        spec["pod"] = m["pod"].senses["pod"]
    q = m.get("qual")
    if q is not None:
        if q.senses["qual"] not in (-1, 1, -2, 2):
            return None
        spec["offset"] = q.senses["qual"]
    return T(m, spec, 2)


@rule("weekday", ["pod? yawm? weekday qual?"])
def _weekday(m: Match) -> Item | None:
    w = m["weekday"]
    if not _weekday_ok(m, w):
        return None
    spec: dict[str, Any] = {"kind": "weekday", "weekday": w.senses["weekday"]}
    if m.has("pod"):
        spec["pod"] = m["pod"].senses["pod"]
    q = m.get("qual")
    if q is not None:
        if q.val in ("هذا", "هذه", "الاخير", "الاخيره", "الجاري", "الجاريه", "الحالي", "الحاليه", "السابق",
                     "السابقه"):
            return None
        spec["offset"] = q.senses["qual"]
    return T(m, spec, 2)


@rule("weekday-following", ["yawm? weekday anaqual"])
def _weekday_following(m: Match) -> Item | None:
    """الخميس التالي، يوم الأحد الموالي: the first such weekday after the day named before it in the
    text (Duckling's <day-of-week> next, read as news uses it: after the day just told of)."""
    if m["anaqual"].senses["anaqual"] != 1 or not _weekday_ok(m, m["weekday"]):
        return None
    wd = m["weekday"].senses["weekday"]
    # with no day told of before it, the coming one (الخميس التالي as الخميس المقبل)
    return T(m, {"kind": "nth", "n": 1, "weekday": wd, "unlinked": {"kind": "weekday", "weekday": wd, "offset": 1},
                 "after": {"kind": "shift", "amount": 0, "unit": "D", "ref": "previous", "ref_level": "day"}}, 4)


@rule("overnight", ["pod weekday:a sep? weekday:b qual?"])
def _overnight(m: Match) -> Item | None:
    """ليل السبت الأحد، ليل الخميس - الجمعة، ليلة الجمعة إلى السبت: the night from one day into the
    next, as war reports date it: one expression, the night of the first day."""
    a, b = m["a"].senses["weekday"], m["b"].senses["weekday"]
    if m["pod"].senses["pod"] != "NI" or (a + 1) % 7 != b or not _weekday_ok(m, m["a"]):
        return None
    spec: dict[str, Any] = {"kind": "weekday", "weekday": a, "pod": "NI"}
    q = m.get("qual")
    if q is not None:
        if q.senses["qual"] == 0 or q.val in ("الاخير", "الاخيره", "السابق", "السابقه"):
            return None
        spec["offset"] = q.senses["qual"]
    return T(m, spec, 4)


@rule("weekday-of-week", ["weekday من? weekT", "wdbare weekT", "yawm? weekday من weekT", "weekT comma? weekdayT"])
def _weekday_of_week(m: Match) -> Item | None:
    """السبت من الأسبوع المقبل، خميس الأسبوع المنصرم، الأسبوع الماضي الجمعة."""
    w = m.get("weekday") or m.get("wdbare")
    wd = w.senses.get("weekday", w.senses.get("wdbare")) if w is not None else m["weekdayT"].val["weekday"]
    week = m["weekT"].val
    spec = {"kind": "weekday", "weekday": wd, "week": week.get("offset", 0)}
    return T(m, spec, 4)


@rule("deictic", ["pod? deictic", "pod? deictic comma? corresp? weekday"])
def _deictic(m: Match) -> Item | None:
    d = m["deictic"]
    word = d.val
    days = d.senses["deictic"]
    pod = m.get("pod")
    wd = m.get("weekday")
    if wd is not None and re.match(r"\s*[،,]?\s*(?:(?:ال)?موافق\s+(?:ل\s*)?)?(?:ال\s*)?\d", m.norm[m.end:m.end + 30]):
        return None  # اليوم الثلاثاء 27 أكتوبر: the weekday belongs to the date
    if word == "اليوم" and wd is None:
        after = C.words_after(m.norm, m.end, 1)
        before = C.words_before(m.norm, d.start, 1)
        if after and key(after[0]) in _TODAY_NOUN_AFTER:
            return None
        if not pod and before and key(before[0]) in _TODAY_NOUN_BEFORE:
            return None
        if not pod and C.today_is_generic(m.norm, m.start, m.end) and not _today_is_a_day(m.norm, m.end):
            return T(m, {"kind": "vague", "value": "PRESENT_REF", "generic": True}, 2)
        if not pod and before and key(before[0]) in _NAME_BEFORE_TODAY and _paper_name(m.norm, m.start, m.end):
            return None  # "بغداد اليوم"، الجزائر اليوم - : names of papers and programmes
    if word in ("غد", "الغد") and not pod and wd is None:
        before = C.words_before(m.norm, m.start, 1)
        if not (before and key(before[0]) in _TOMORROW_BEFORE):
            return None  # "الغد" alone is often "the future" (شباب الغد)
    spec: dict[str, Any] = {"kind": "deictic", "days": days}
    if wd is not None:
        spec["weekday"] = wd.senses["weekday"]
    if pod is not None:
        spec["pod"] = pod.senses["pod"]
    return T(m, spec, 4)


def _today_is_a_day(norm: str, end: int) -> bool:
    """اليوم هو يوم عيد الفطر، اليوم هو الأحد: today is named as a day."""
    after = C.words_after(norm, end, 2)
    if len(after) < 2 or key(after[0]) not in ("هو", "هي"):
        return False
    w = key(after[1])
    return w in ("يوم", "اول", "اخر", "موعد", "غره") or bool({"weekday", "hol", "ordinal"} & set(SENSES.get(w, {})))


def _paper_name(norm: str, start: int, end: int) -> bool:
    """"بغداد اليوم" in quotes, at the head of a line, before a dash or a colon: a name."""
    head = norm[max(0, start - 40):start]
    w = re.search(r"(\S+)\s*$", head)
    if w is None:
        return False
    lead = head[:w.start(1)]
    quoted = re.search(r"[\"«“'(]\s*$", lead) is not None
    line_start = re.search(r"\n\s*$", lead) is not None or (not lead.strip() and start - len(head) <= 0)
    return quoted or line_start or re.match(r"\s*[-–—|:»\"”')]", norm[end:end + 4]) is not None


_TODAY_NOUN_AFTER = {key(w) for w in L.TODAY_NOUN_FOLLOWERS}
_TODAY_NOUN_BEFORE = {key(w) for w in L.TODAY_NOUN_PRECEDERS}
_NAME_BEFORE_TODAY = {key(w) for w in L.NAME_BEFORE_TODAY}
_TOMORROW_BEFORE = {key(w) for w in L.TOMORROW_BEFORE}


@rule("part-of-today", "pod_today")
def _part_of_today(m: Match) -> Item | None:
    """هذا المساء، هذا الصباح: that part of the anchor day."""
    return T(m, {"kind": "deictic", "days": 0, "pod": m["pod_today"].senses["pod_today"]}, 3)


@rule("deictic-with-its-date", ["pod? deictic comma? anydate"])
def _deictic_dated(m: Match) -> Item | None:
    """غدا السبت (18 آذار 2017)، صباح اليوم الخميس 14 آذار: the written date, one expression; the
    deictic word is kept in the spec (``deictic``), for it says which day the text is written on."""
    spec = spec_of(m["anydate"])
    if spec.get("weekday") is None or spec.get("day_end") or spec.get("since"):
        return None
    spec["deictic"] = m["deictic"].senses["deictic"]
    if m.has("pod"):
        spec["pod"] = m["pod"].senses["pod"]
    return T(m, spec, 7)


@rule("tonight", "tonight qual?")
def _tonight(m: Match) -> Item | None:
    q = m.get("qual")
    days = (q.senses["qual"] or 0) if q is not None else 0
    return T(m, {"kind": "deictic", "days": days, "pod": "NI"}, 3)


@rule("part-of-day", ["pod yawm? dayT"])
def _part_of_day(m: Match) -> Item | None:
    spec = spec_of(m["dayT"])
    if spec.get("kind") == "holiday" and m["pod"].senses["pod"] == "NI":
        return None  # ليلة رأس السنة is the night before it
    if spec.get("pod"):
        return None
    spec["pod"] = m["pod"].senses["pod"]
    return T(m, spec, 5)


@rule("day-then-part-of-day", ["dayT podadv"])
def _day_then_part_of_day(m: Match) -> Item | None:
    """غدا صباحا، أمس مساء، يوم الثلاثاء ليلا: the part of the day written after the day."""
    spec = spec_of(m["dayT"])
    if spec.get("pod") or spec.get("kind") == "holiday":
        return None
    after = C.words_after(m.norm, m.end, 1)
    if after and {"deictic", "weekday", "wdbare"} & set(SENSES.get(key(after[0]), ())):
        return None  # الخميس مساء اليوم: the part of the day belongs to the day after it
    spec["pod"] = m["podadv"].senses["podadv"]
    return T(m, spec, 5)


@rule("since-date", ["منذ|مذ anydate", "منذ|مذ gmonthT"])
def _since(m: Match) -> Item | None:
    spec = spec_of(m.get("anydate") or m["gmonthT"])
    if spec.get("since") or spec.get("day_end"):
        return None
    spec["since"] = True
    spec.pop("direction", None)
    return T(m, spec, 5)


@rule("since-year", ["منذ|مذ yearT"])
def _since_year(m: Match) -> Item | None:
    spec = spec_of(m["yearT"])
    if spec.get("kind") != "year":
        return None
    spec["since"] = True
    return T(m, spec, 4)


@rule("every-year-on-a-date", ["gday من? كل عام|سنه"])
def _every_year(m: Match) -> Item | None:
    s = m["gday"].val
    if s.get("day_end"):
        return None
    return T(m, {"kind": "set", "month": s["month"], "day": s["day"]}, 5)


@rule("every-weekday", ["كل يوم weekday|wdbare", "كل weekday", "yawm? weekday من كل اسبوع"])
def _every_weekday(m: Match) -> Item | None:
    """كل يوم جمعة، كل الثلاثاء، يوم الثلاثاء من كل أسبوع ("كل أحد" alone is "everyone")."""
    w = next(it for it in m.items if it is not None and ("weekday" in it.senses or "wdbare" in it.senses))
    return T(m, {"kind": "set", "weekday": w.senses.get("weekday", w.senses.get("wdbare"))}, 5)


_GREETING = {key(w) for w in L.GREETING_AFTER_EVERY}
_PERIOD_UNIT = {key(w): u for w, u in L.PERIOD_UNIT_WORDS.items()}


def _times(m: Match) -> int | None:
    """The count of مرة / مرتين / ثلاث مرات, or None when it is not a count."""
    if not m.has("t"):
        return None
    t = m["t"].senses["times"]
    if t:
        return None if m.has("n") else t
    return nval(m["n"]) if m.has("n") else None


def _qualified_after(m: Match) -> bool:
    """A word after the period that makes it one period (الأسبوع الماضي، اليوم الأول، اليوم نفسه)."""
    after = C.words_after(m.norm, m.end, 1)
    if not after:
        return False
    w = key(after[0])
    return w.startswith("ال") and w != "الواحد" or w in ("نفسه", "ذاته", "ذلك", "ذاك") \
        or "qual" in SENSES.get(w, ())


@rule("every-unit", ["كل unit", "كل number:n unit", "times:t كل unit", "number:n times:t كل unit",
                     "times:t كل number:n2 unit", "number:n times:t كل number:n2 unit"])
def _every_unit(m: Match) -> Item | None:
    """كل يوم، كل أسبوعين، كل ثلاثة أشهر، مرة كل شهرين: a recurrence at that interval."""
    u = m["unit"]
    unit, implied = u.senses["unit"]
    if unit in ("DE", "CE"):
        return None
    if u.val in _PLURAL_UNITS and not m.has("n2") and not (m.has("n") and not m.has("t")):
        return None  # كل الأيام، كل أيام الأسبوع
    n = m.get("n2") if m.has("t") else m.get("n")
    if n is not None:
        if implied is not None:
            return None
        amount = nval(n)
        if amount is None or not 1 <= amount <= 100 or n.kind == "num" and digits(n) > 3:
            return None
    else:
        amount = implied or 1
    times = _times(m)
    if m.has("t") and times is None:
        return None
    after = C.words_after(m.norm, m.end, 1)
    if after and key(after[0]) in _GREETING:
        return None  # كل عام وأنتم بخير
    if unit in ("M", "Y") and n is None and _NAMED_NEXT(m.norm, m.end):
        return None  # كل شهر رمضان: every Ramadan, not every month
    spec: dict[str, Any] = {"kind": "set", "amount": amount, "unit": unit}
    if times:
        spec["times"] = times
    return T(m, spec, 4)


@rule("set-adverb", ["setadv", "times:t setadv", "number:n times:t setadv"])
def _set_adverb(m: Match) -> Item | None:
    """يوميا، أسبوعيا، مرتين شهريا: once (or so many times) a day, a week, a month, a year."""
    if m.has("t") and _times(m) is None:
        return None
    spec: dict[str, Any] = {"kind": "set", "amount": 1, "unit": m["setadv"].senses["setadv"]}
    if _times(m):
        spec["times"] = _times(m)
    return T(m, spec, 4)


@rule("times-per-period", ["times:t في|ب اليوم|الاسبوع|الشهر|العام|السنه|الساعه:p",
                           "number:n times:t في|ب اليوم|الاسبوع|الشهر|العام|السنه|الساعه:p"])
def _times_per_period(m: Match) -> Item | None:
    """مرتين في الأسبوع، ثلاث مرات في اليوم: so many times in each such period."""
    times = _times(m)
    if times is None or _qualified_after(m):
        return None  # مرتين في الأسبوع الماضي: twice last week, no recurrence
    return T(m, {"kind": "set", "amount": 1, "unit": _PERIOD_UNIT[m["p"].val], "times": times}, 4)


@rule("every-part-of-day", ["كل pod"])
def _every_part_of_day(m: Match) -> Item | None:
    """كل صباح، كل ليلة: that part of every day."""
    return T(m, {"kind": "set", "pod": m["pod"].senses["pod"]}, 4)


@rule("every-day-of-month", ["dayo|dayn من كل شهر"])
def _every_day_of_month(m: Match) -> Item | None:
    """الخامس من كل شهر: that day of every month."""
    d = m["dayo"] if m.has("dayo") else m["dayn"]
    day = d.senses["ordinal"] if "ordinal" in d.senses else d.val
    if not 1 <= day <= 31:
        return None
    return T(m, {"kind": "set", "day": day}, 5)


# --- clock times ----------------------------------------------------------------------

_HOURS = ("num:h minfrac?", "ال? num:h : num:mi", "hourw minfrac?", "ال num:h", "hourw و number:mi دقيقه|دقائق:minw",
          "hourw الا:before number:mi دقيقه|دقائق:minw",
          "num:h و number:mi دقيقه|دقائق:minw", "hourw و نصف|نص|ربع|ثلث:fr", "num:h و نصف|نص|ربع|ثلث:fr")
# a cardinal after the clock word, as people say it (الساعة خمسة، الساعة تسعة ونص الصبح)
_SPOKEN_HOURS = ("numword:hn minfrac?", "numword:hn و نصف|نص|ربع|ثلث:fr")
# an hour in words with its minutes needs no clock word (الثالثة والنصف، العاشرة وخمس دقائق،
# الرابعة إلا ربعا): no ordinal is followed by a fraction of an hour
_BARE_HOURS = ("hourw minfrac", "hourw و number:mi دقيقه|دقائق:minw", "hourw و نصف|نص|ربع|ثلث:fr",
               "hourw الا:before number:mi دقيقه|دقائق:minw")
_HOUR_FRACTION = {key(w): v for w, v in L.HOUR_FRACTION_WORDS.items()}
_SEMI_FINAL = re.compile(r"\s*(?:النهائي|نهائي)(?!\w)")


def _ordinal_not_hour(m: Match) -> bool:
    """An hour word with no clock word before it is an ordinal after a definite noun (للمرة
    الثانية مساء اليوم، الجولة الثالثة والنصف النهائي), or before النهائي (والنصف النهائي)."""
    if m.has("clockw") or not m.has("hourw"):
        return False
    frac = m.get("minfrac") or m.get("fr")
    if frac is not None and _SEMI_FINAL.match(m.norm, frac.end):
        return True
    before = C.words_before(m.norm, m["hourw"].start, 1)
    if not before:
        return False
    w = before[0]
    for cl in ("و", "ف", "ب", "ل", "وب", "ول", "فب", "فل"):
        if w.startswith(cl + "ال") or w.startswith(cl + "ل") and w[len(cl):].startswith("لل"):
            w = w[len(cl):]
            break
    if w.startswith("لل"):
        w = "ال" + w[2:]
    return w.startswith("ال") and w not in _CLOCK_NOUNS


_CLOCK_NOUNS = {key(w) for w in L.CLOCK_WORDS}


def _clock_spec(m: Match) -> dict[str, Any] | None:
    """The clock time of an hour (digits or a word), its minutes and its half of the day."""
    if m.has("h"):
        h = m["h"]
        if digits(h) > 2:
            return None
        hour = h.val
    elif m.has("hn"):
        hour = m["hn"].senses["numword"]
        if not 1 <= hour <= 12:
            return None
    else:
        hour = m["hourw"].senses["hourw"]
    minute = 0
    if m.has("mi"):
        mi = m["mi"]
        minute = nval(mi) if mi.kind != "num" else mi.val
        if minute is None or minute > 59:
            return None
        if mi.kind == "num" and (digits(mi) != 2 if not m.has("minw") else digits(mi) > 2):
            return None  # 10:5 is no time; "و5 دقائق" is
        if m.has("minw") and minute == 0:
            return None
    if hour > 24:
        return None
    if m.has("minfrac"):
        f = m["minfrac"].senses["minfrac"]
        if f < 0:
            hour, minute = (hour - 1) % 24, 60 + f
        else:
            minute = f
    elif m.has("fr"):
        minute = _HOUR_FRACTION[m["fr"].val]
    elif m.has("before"):
        hour, minute = (hour - 1) % 24, 60 - minute  # الثامنة إلا خمس دقائق: 7:55
    per = m["clockper"].senses["clockper"] if m.has("clockper") else None
    if m.has("clockper") and m["clockper"].val == "صباح":
        return None
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
    spec: dict[str, Any] = {"kind": "clock", "hour": hour, "minute": minute}
    if per:
        spec["period"] = per
    return spec


# the clock word or the half of the day must be there: "العاشرة" alone is an ordinal
@rule("clock-time", [f"clockw {h} clockper?" for h in _HOURS] + [f"{h} clockper" for h in _HOURS]
      + list(_BARE_HOURS) + [f"clockw {h} clockper?" for h in _SPOKEN_HOURS])
def _clock(m: Match) -> Item | None:
    if not (m.has("clockw") or m.has("clockper")) and \
            not (m.has("hourw") and (m.has("minfrac") or m.has("fr") or m.has("minw"))):
        return None  # "العاشرة" alone is an ordinal, "10:30" alone may be a score
    if _ordinal_not_hour(m):
        return None
    spec = _clock_spec(m)
    return None if spec is None else T(m, spec, 3)


def _clock_day_impl(m: Match) -> Item | None:
    """الساعة العاشرة من صباح اليوم، مساء الخميس: a clock time on a day."""
    return _clock_on(m, m["clock"].val, m["dayT"])


def _clock_on(m: Match, cs: dict[str, Any], n: Item) -> Item | None:
    if cs.get("kind") != "clock" or cs.get("day"):
        return None
    day = dict(n.val)
    if day.get("kind") == "date" and day.get("day") is None:
        return None
    spec = dict(cs)
    spec["day"] = day
    h, pod = spec["hour"], day.get("pod")
    if "period" not in spec and pod:
        if pod in ("EV", "AF") and h < 12 or pod == "NI" and 6 <= h < 12 or pod == "MI" and 1 <= h <= 5:
            spec["hour"] = h + 12
    return T(m, spec, 9)


rule("clock-on-day", ["clockT:clock من? comma? dayT"])(_clock_day_impl)


@rule("hour-of-part-of-day", ["hourw minfrac? من dayT", "hourw و نصف|نص|ربع|ثلث:fr من dayT",
                              "hourw و number:mi دقيقه|دقائق:minw من dayT"])
def _hour_of_part_of_day(m: Match) -> Item | None:
    """العاشرة من صباح اليوم، التاسعة والنصف من مساء الخميس: an hour in words with no clock word
    is a clock time when a part of a day follows it."""
    day = m["dayT"].val
    if not day.get("pod"):
        return None  # الثالثة من يوم الخميس is as often "the third (session) of Thursday"
    if _ordinal_not_hour(m):
        return None
    spec = _clock_spec(m)
    if spec is None:
        return None
    return _clock_on(m, spec, m["dayT"])


_CLOCK_RANGE_SEPS = {"-", "–", "—", "الي", "حتي", "لغايه", "ولغايه", "وحتي", "و", "لحد", "ولحد"}


@rule("clock-range", ["opener? clockT:a sep:s clockT:b", "opener? clockT:a sep:s clockw? hourw:hb",
                      "opener? clockT:a sep:s clockw? num:nb", "opener num:na sep:s clockT:b"])
def _clock_range(m: Match) -> Item | None:
    """من الساعة الثامنة حتى العاشرة، من التاسعة صباحا إلى الخامسة مساء، بين الساعة 8 و10 صباحا،
    من 8 إلى 10 صباحا: two clock times, one interval; the half of the day said once holds for both."""
    if m.has("na"):
        na = m["na"]
        if digits(na) > 2 or na.val > 24 or not m["b"].val.get("period"):
            return None  # من 8 إلى 10 صباحا: bare digits only before a clock time with its half of the day
        a: dict[str, Any] = {"kind": "clock", "hour": na.val % 24, "minute": 0}
    else:
        a = spec_of(m["a"])
    if a.get("kind") != "clock":
        return None
    sep = m["s"].val
    if sep not in _CLOCK_RANGE_SEPS:
        return None
    opener = m.get("opener")
    if opener is not None:
        op = key(opener.val)
    else:
        before = C.words_before(m.norm, m.start, 1)
        op = key(before[0]) if before and key(before[0]) in _OPENERS else None
    if sep == "و" and op != "بين" or op is None and sep not in ("-", "–", "—"):
        return None  # الساعة الثامنة والعاشرة; a range needs من / بين or a dash
    if m.has("b"):
        b = spec_of(m["b"])
        if b.get("kind") != "clock":
            return None
    else:
        h = m["hb"].senses["hourw"] if m.has("hb") else m["nb"].val
        if m.has("nb") and (digits(m["nb"]) > 2 or h > 24):
            return None
        b = {"kind": "clock", "hour": h % 24, "minute": 0}
        if a.get("period") in ("PM", "NOON", "NIGHT") and a["hour"] >= 12 and b["hour"] < 12 \
                and b["hour"] + 12 > a["hour"]:
            b["hour"] += 12  # من الثالثة عصرا حتى الخامسة: 15:00-17:00
    if "period" not in a and b.get("period") in ("PM", "NOON") and a["hour"] < 12 and a["hour"] + 12 <= b["hour"]:
        a["hour"] += 12  # بين الساعة 3 و5 عصرا: 15:00-17:00
    if a.get("day") and not b.get("day"):
        b["day"] = a["day"]
    elif b.get("day") and not a.get("day"):
        a["day"] = b["day"]  # من السابعة صباحا ولغاية السابعة مساء يوم الأحد: both on Sunday
    if (b["hour"], b.get("minute", 0)) <= (a["hour"], a.get("minute", 0)):
        if a.get("day") or b.get("day"):
            return None
        b["day"] = {"kind": "deictic", "days": 1}  # من السابعة مساء حتى السادسة صباحا: into the next day
    first = m.get("a") or m["na"]
    start = m.start if op == "بين" and opener is not None else first.start
    return T(m, {"kind": "range", "from": a, "to": b}, 8, start=start)


# --- offsets and durations ---------------------------------------------------------

_VAGUE_COUNTS = {key(w) for w in L.VAGUE_COUNTS}
_PLURAL_UNITS = {key(w) for w in L.PLURAL_UNITS}
_SINGULAR_UNITS = {key(w) for u in L.UNITS.values() for (w, n) in u[:1]}
_FRACTION_OF = {(key(f), key(u)): v for (f, u), v in L.FRACTIONS.items()}


def _amount(m: Match) -> tuple[int | None, str | None, bool]:
    """(amount, unit, ok) of a count + unit, or a fraction of a unit, or a dual unit."""
    u = m["unit"]
    unit, implied = u.senses["unit"]
    if m.has("frac"):
        conv = _FRACTION_OF.get((m["frac"].val, u.val))
        if conv is None:
            return None, None, False
        return conv[0], conv[1], True
    if m.has("vcount"):
        if u.val in _SINGULAR_UNITS:
            return None, None, False
        return None, unit, True
    n = m.get("n")
    if n is not None:
        if implied == 2:
            return None, None, False
        v = nval(n)
        if v is None:
            return None, None, False
        if n.kind != "num" and n.start < u.start and n.end == u.start:
            return None, None, False  # ستعقد is not ست + عقد
        return v, unit, True
    if implied is not None:
        return implied, unit, True
    return (None if u.val in _PLURAL_UNITS else 1), unit, True


_YEAR_AFTER = re.compile(r"\s*\d{4}")


def _NAMED_NEXT(norm: str, end: int) -> bool:
    """A month's name or number follows (شهر مارس، شهر 5، شهر رمضان)."""
    after = C.words_after(norm, end, 1)
    if after and {"gmonth", "hmonth"} & set(SENSES.get(key(after[0]), ())):
        return True
    return re.match(r"\s*\d{1,2}(?!\d)", norm[end:end + 4]) is not None
# a unit and a half, in the next smaller unit: (unit, how many in one)
_HALF_UNIT = {"H": ("MIN", 60), "D": ("H", 24), "M": ("D", 30), "Y": ("M", 12), "DE": ("Y", 10), "CE": ("Y", 100)}
_DECADE_ALONE = re.compile(r"\s*(?:من\s+الزمن|[.،,؛:!?؟)\n]|$)")


@rule("offset", ["prep approx? number:n unit", "prep approx? vcount unit", "prep approx? frac unit",
                 "prep approx? unit whole?", "prep approx? ال number:n unit",
                 "prep approx? number:n sep:s number:n2 unit", "prep approx? unit و:and نصف:half",
                 "prep approx? number:n unit و:and نصف:half"])
def _offset(m: Match) -> Item | None:
    prep = m["prep"].senses["prep"]
    amount, unit, ok = _amount(m)
    if not ok:
        return None
    u = m["unit"]
    if prep == "after" and not m.has("n") and not m.has("approx"):
        before = C.words_before(m.norm, m.start, 1)
        if before and SENSES.get(key(before[0]), {}).get("unit", (None,))[0] == unit:
            return None  # عاما بعد عام، يوما بعد يوم: "year after year", no date
    if unit == "Y" and not m.has("n") and _YEAR_AFTER.match(m.norm, m.end):
        return None  # "منذ عام 2011" is a year
    if unit in ("M", "Y") and not m.has("n") and not m.has("vcount") and _NAMED_NEXT(m.norm, m.end):
        return None  # خلال شهر مارس، خلال شهر 5: the month named, not a month's length
    if unit in ("DE", "CE") and not m.has("n") and u.senses["unit"][1] is None and \
            not _DECADE_ALONE.match(m.norm, m.end):
        return None  # "بعد عقد الاجتماع": عقد is "holding", not "a decade"
    amount2 = nval(m["n2"]) if m.has("n2") else None
    if amount2 is not None and m["s"].val == "و" and m["n"].kind != "num" and _compose(amount, amount2) is not None:
        return None  # خمسة وعشرين is 25, not "5 or 20"
    approx = m.has("approx")
    end = m.end
    fromnow = re.match(r"\s+من\s+(?:الان|اليوم|الزمن)(?!\w)", m.norm[end:end + 20])
    if fromnow:
        end += fromnow.end()
    # قبل عامين من الانتخابات: that far from an event, not from the anchor ("من قبل" is "by")
    tail = re.match(r"\s+(?:من|علي)(?!\w)(?!\s+(?:الان|الزمن|اليوم|قبل)(?!\w))", m.norm[m.end:m.end + 20]) \
        and not fromnow
    # منذ + a number is a date that far back, whatever the verb (منذ سبع سنوات under a 2022
    # anchor is 2015); منذ عدة أشهر, with no number, measures a length of time
    is_date = prep in ("before", "after", "since")
    if tail or amount is None or amount2 is not None or unit in ("H", "MIN") and prep == "since":
        is_date = False
    if is_date:
        spec = {"kind": "offset", "direction": "after" if prep == "after" else "before", "amount": amount,
                "unit": unit, "approx": approx}
        if m.has("half"):
            spec["half"] = True  # سنة ونصف: half a unit more
        return T(m, spec, 3, end=end)
    spec = {"kind": "duration", "amount": amount, "unit": unit}
    if m.has("half"):
        if unit not in _HALF_UNIT:
            return None
        small, per = _HALF_UNIT[unit]
        spec.update(amount=amount * per + per // 2, unit=small)  # لمدة ساعة ونصف: 90 minutes
    if amount2 is not None:
        spec["amount_max"] = amount2
    if approx:
        spec["approx"] = True
    return T(m, spec, 3, end=end)


@rule("duration", ["approx? number:n unit", "approx? vcount unit", "approx? number:n sep:s number:n2 unit",
                   "approx? unit", "frac unit", "approx? number:n unit و:and نصف|نص:half العام|السنه|الساعه|الشهر|اليوم:hu?",
                   "approx? unit و:and نصف|نص:half العام|السنه|الساعه|الشهر|اليوم:hu?", "unit whole", "unit من:of الزمن"])
def _duration(m: Match) -> Item | None:
    u = m["unit"]
    unit0, implied = u.senses["unit"]
    if m.has("half") and (unit0 not in _HALF_UNIT or u.val in _PLURAL_UNITS and not m.has("n")):
        return None  # أسبوع ونصف has no whole number of days; أيام ونصف is no amount
    if (m.has("whole") or m.has("of")) and (m.has("n") or u.val in _PLURAL_UNITS or implied is not None
                                            and not m.has("of")):
        return None  # عاما كاملا، عقدا من الزمن، عقدين من الزمن: a unit (or two) whole
    if not (m.has("n") or m.has("vcount") or m.has("frac") or m.has("half") or m.has("whole") or m.has("of")):
        if implied != 2 or unit0 == "DE":
            return None  # a dual alone is two units (يومين); عقدين is as often "two contracts"
    amount, unit, ok = _amount(m)
    if not ok or amount == 0:
        return None
    if m.has("vcount") and u.val in _SINGULAR_UNITS:
        return None
    if m.has("n") and m["n"].kind == "num" and digits(m["n"]) > 4:
        return None
    if unit == "Y" and _YEAR_AFTER.match(m.norm, m.end):
        return None
    spec: dict[str, Any] = {"kind": "duration", "amount": amount, "unit": unit}
    if m.has("half"):
        small, per = _HALF_UNIT[unit]
        spec.update(amount=amount * per + per // 2, unit=small)  # سنة ونصف: 18 months
    if m.has("n2"):
        if m["s"].val == "و" and m["n"].kind != "num" and _compose(amount, nval(m["n2"])) is not None:
            return None
        spec["amount_max"] = nval(m["n2"])
    if m.has("approx"):
        spec["approx"] = True
    return T(m, spec, 1)


@rule("plural-period", ["plprep? plural pldir", "plprep? plural number pldir", "plprep? plural ال? num pldir",
                        "plprep? plural القليله pldir", "plprep? ال? num unit pldir"])
def _plural_period(m: Match) -> Item | None:
    """خلال الأيام الماضية، الأشهر الثلاثة المقبلة، الـ24 ساعة الماضية: a vague stretch back or ahead."""
    return T(m, {"kind": "vague", "value": m["pldir"].senses["pldir"]}, 2)


@rule("plural-period-tens", ["plprep? plural number:n و ordinal:t pldir", "plprep? number:n و ordinal:t unit pldir",
                             "plprep? month_part:mp", "plprep? اخر:last number:n unit", "plprep? اخر:last unit"])
def _plural_period_tens(m: Match) -> Item | None:
    """الساعات الأربع والعشرين الماضية، الأربع والعشرين ساعة الماضية (the tens read as ordinals
    with the article), الأيام العشرة الأخيرة with no month after it: a vague stretch back."""
    if m.has("last"):
        # آخر ثلاثة أيام، آخر 24 ساعة، آخر يومين: the last so many units up to now
        u = m["unit"]
        implied = u.senses["unit"][1]
        if C.words_after(m.norm, m.end, 1)[:1] == ["من"]:
            return None  # آخر ثلاثة أيام من الشهر: the end of that month
        if m.has("n"):
            n = nval(m["n"])
            if implied is not None or n is None or n < 2 or m["n"].kind == "num" and digits(m["n"]) > 3:
                return None
        elif implied != 2:
            return None  # آخر يوم، آخر أسبوع: one unit, read elsewhere
        return T(m, {"kind": "vague", "value": "PAST_REF"}, 2)
    if m.has("mp"):
        t = m["mp"].val
        if not (t.startswith("الايام") and t.endswith("الاخيره")) or C.words_after(m.norm, m.end, 1)[:1] == ["من"]:
            return None
        return T(m, {"kind": "vague", "value": "PAST_REF"}, 2)
    n, t = nval(m["n"]), m["t"].senses["ordinal"]
    if m["n"].kind == "num" or n is None or not 1 <= n <= 9 or t not in (20, 30, 40, 50, 60, 70, 80, 90):
        return None
    return T(m, {"kind": "vague", "value": m["pldir"].senses["pldir"]}, 2)


@rule("vague", "vague")
def _vague(m: Match) -> Item | None:
    if m["vague"].val.endswith("الايام"):
        after = C.words_after(m.norm, m.end, 1)
        if after and key(after[0]).startswith("ال"):
            return None  # هذه الأيام الثلاثة، هذه الأيام الماضية: those days, not nowadays
    return T(m, {"kind": "vague", "value": m["vague"].senses["vague"]}, 1)


# --- holidays --------------------------------------------------------------------------

_EASTERN = [key(w) for w in L.EASTERN_CHURCH_CUES]
_BOTH_CHURCHES = frozenset(L.EASTER_FEASTS_BOTH_CHURCHES)
_OTHER_NEW_YEARS = {key(w) for w in L.OTHER_NEW_YEARS_AFTER}
_NOT_HOLIDAY_BEFORE = {key(w) for w in L.NOT_HOLIDAY_BEFORE}


def _eastern_church(norm: str, start: int, end: int) -> bool:
    """The sentence names the eastern churches or the Copts."""
    a = max(norm.rfind(".", 0, start), norm.rfind("\n", 0, start), start - 100)
    b = min([x for x in (norm.find(".", end), norm.find("\n", end)) if x >= 0] + [end + 100])
    around = norm[a + 1:b]
    return any(w in around for w in _EASTERN)


def _holiday_spec(h: Item, m: Match | None = None) -> dict[str, Any]:
    name, calendar, when = h.senses["hol"]
    if m is not None and (name in _BOTH_CHURCHES or name == "christmas") \
            and _eastern_church(m.norm, m.start, m.end):
        if name == "christmas":
            name, calendar, when = "orthodox_christmas", "gregorian", (1, 7)
        else:
            name, when = ("orthodox_easter" if name == "easter" else name), ("orthodox", when[1])
    spec: dict[str, Any] = {"kind": "holiday", "name": name, "calendar": calendar}
    if calendar == "hijri":
        spec.update(month=when[0], day=when[1], day_end=when[2])
    elif calendar == "easter":
        spec.update(church=when[0], easter_offset=when[1])
    elif calendar == "nth_weekday":  # عيد الشكر: the fourth Thursday of November
        spec.update(month=when[0], nth_wd=when[1], nth=when[2], day_offset=when[3])
    else:
        spec.update(month=when[0], day=when[1])
    return spec


@rule("holiday", ["hol", "hol qual", "hol comma? ل? yearcue? year4 mark?", "hol comma? ل? yearcue? hyear hmark_any"])
def _holiday(m: Match) -> Item | None:
    spec = _holiday_spec(m["hol"], m)
    if spec["name"] in ("new_year", "new_years_eve"):
        after = C.words_after(m.norm, m["hol"].end, 1)
        if after and key(after[0]) in _OTHER_NEW_YEARS:
            return None  # رأس السنة العبرية، رأس السنة الدراسية: not 1 January
    if spec.get("calendar") != "hijri":
        before = C.words_before(m.norm, m.start, 1)
        if before and key(before[0]) in _NOT_HOLIDAY_BEFORE:
            return None  # شجرة الكريسماس، بطاقات عيد الحب: a thing named after the day
    q = m.get("qual")
    if q is not None:
        if q.senses["qual"] in (0,) or q.val in ("الاخير", "الاخيره", "السابق", "السابقه"):
            return None
        spec["offset"] = q.senses["qual"]
    y = m.get("year4") or m.get("hyear")
    if y is not None:
        mark = m.get("mark") or m.get("hmark_any")
        hijri_year = (mark is not None and "hmark" in mark.senses) or 1300 <= y.val <= 1500
        year, _ = year_of(y, hijri=hijri_year)
        if year is None:
            return None
        spec["year"] = year
        spec["year_calendar"] = "hijri" if hijri_year else "gregorian"
    return T(m, spec, 4)


@rule("ramadan", ["rcue رمضان", "rcue? رمضان qual", "rcue رمضان comma? yearcue? year4 mark?",
                  "rcue رمضان comma? ل? yearcue? hyear hmark_any"])
def _ramadan(m: Match) -> Item | None:
    """رمضان alone is a month name, a holiday, and a man's name: only with a cue."""
    spec: dict[str, Any] = {"kind": "holiday", "name": "ramadan", "calendar": "hijri", "month": 9, "day": 1,
                            "day_end": 0}
    q = m.get("qual")
    if q is not None:
        if q.senses["qual"] == 0 or q.val in ("الاخير", "الاخيره", "السابق", "السابقه") and not m.has("rcue"):
            return None
        spec["offset"] = q.senses["qual"]
    y = m.get("year4") or m.get("hyear")
    if y is not None:
        mark = m.get("mark") or m.get("hmark_any")
        hijri_year = (mark is not None and "hmark" in mark.senses) or 1300 <= y.val <= 1500
        year, _ = year_of(y, hijri=hijri_year)
        if year is None:
            return None
        spec["year"] = year
        spec["year_calendar"] = "hijri" if hijri_year else "gregorian"
    return T(m, spec, 4, start=m["رمضان"].start)


@rule("hijri-date-qualified", ["hday qual"])
def _hijri_date_qualified(m: Match) -> Item | None:
    """15 شعبان المقبل: the next (or last) one from the anchor."""
    q = m["qual"]
    if q.senses["qual"] not in (-1, 1, -2, 2) or q.val in ("الاخير", "الاخيره"):
        return None
    spec = spec_of(m["hday"])
    spec["offset"] = q.senses["qual"]
    return T(m, spec, 6)


@rule("month-noun-numeric", ["month_noun T:x"])
def _month_noun_numeric(m: Match) -> Item | None:
    """شهر 6/2019: the month written in digits after شهر."""
    x = m["x"].val
    if x.get("kind") != "date" or not x.get("numeric") or x.get("day") is not None:
        return None
    return T(m, spec_of(m["x"]), 5)


@rule("holiday-this-year", ["holT:h ل? هذا|هذه العام|السنه", "holT:h comma? ل? من? العام|السنه qual",
                             "رمضان ل? هذا|هذه العام|السنه", "رمضان comma? ل? من? العام|السنه qual"])
def _holiday_this_year(m: Match) -> Item | None:
    """شهر رمضان لهذا العام، رمضان هذا العام، شهر رمضان من العام الجاري: the one in the anchor's
    Gregorian year (or the year the qualifier gives)."""
    if m.has("h"):
        spec = spec_of(m["h"])
    else:
        spec = {"kind": "holiday", "name": "ramadan", "calendar": "hijri", "month": 9, "day": 1, "day_end": 0}
    if spec.get("year") is not None or spec.get("offset") is not None:
        return None
    q = m.get("qual")
    if q is not None and q.val in ("هذا", "هذه", "الاخير", "الاخيره", "السابق", "السابقه"):
        return None
    spec["year_offset"] = q.senses["qual"] if q is not None else 0
    spec["year_calendar"] = "gregorian"
    start = m["رمضان"].start if m.has("رمضان") else m.start
    return T(m, spec, 4, start=start)


@rule("months-with-a-dual-qualifier", ["gm:a و gm:b qual"])
def _months_dual_qualifier(m: Match) -> Item | None:
    """شباط وآذار الماضيين، تموز وآب المقبلين: the two months, one interval, the qualifier for both."""
    q = m["qual"]
    if not q.val.endswith("ين") or q.senses["qual"] not in (-1, 1):
        return None
    ma, mb = gmonth(m["a"]), gmonth(m["b"])
    if ma == mb:
        return None
    fb = {"kind": "date", "calendar": "gregorian", "year": None, "month": mb, "day": None,
          "month_offset": q.senses["qual"]}
    fa = {"kind": "date", "calendar": "gregorian", "year": None, "month": ma, "day": None, "year_of_next": True}
    return T(m, {"kind": "range", "from": fa, "to": fb}, 8)


@rule("holiday-year", ["holT:h ب? country? hytail", "holT:h comma? ل? yearcue year19 gmark?"])
def _holiday_year(m: Match) -> Item | None:
    """شهر رمضان المعظم لعام 1443 هـ، شهر رمضان لهذا العام 1433: the year written after it."""
    spec = spec_of(m["h"])
    if spec.get("year") is not None or spec.get("calendar") != "hijri":
        return None
    if m.has("year19"):
        spec["year"], spec["year_calendar"] = m["year19"].val, "gregorian"
    else:
        t = m["hytail"].val
        if not (t["mark"] or t["cue"]):
            return None
        spec["year"], spec["year_calendar"] = t["y"], "hijri"
    spec.pop("year_offset", None)
    return T(m, spec, 5)


@rule("day-of-hijri-month-holiday", ["dayo من holT", "dayn من holT"])
def _day_of_hijri_holiday(m: Match) -> Item | None:
    """التاسع والعشرين من شهر رمضان: a day of a Hijri month written as the holiday's name."""
    h = m["holT"].val
    if h.get("calendar") != "hijri" or h.get("day_end") != 0 or h.get("offset"):
        return None
    d = m["dayo"].senses["ordinal"] if m.has("dayo") else nval(m["dayn"])
    spec = _date(int(h["month"]), [d], "hijri") if d else None
    if spec is None:
        return None
    if h.get("year") is not None and h.get("year_calendar", "hijri") == "hijri":
        spec["year"] = h["year"]
    return T(m, spec, 6)


@rule("first-day-of-hijri-month", ["first_of holT", "ord_before:first_of ايام? holT"])
def _first_of_holiday_month(m: Match) -> Item | None:
    """فاتح شهر رمضان، غرة شهر شوال: its first day."""
    h = m["holT"].val
    if h.get("calendar") != "hijri" or h.get("day_end") != 0 or m["first_of"].val not in _FIRST_DAY:
        return None
    spec = spec_of(m["holT"])
    spec["day_end"] = spec["day"] = 1
    return T(m, spec, 6)


@rule("holiday-with-its-date", ["holT:h gday"])
def _holiday_with_date(m: Match) -> Item | None:
    """العيد الوطني الـ 33 للجمهورية اليمنية 22 مايو: the holiday and its date, one expression."""
    h = m["h"].val
    if h.get("calendar") not in ("national", "gregorian"):
        return None
    spec = spec_of(m["gday"])
    spec["anniversary"] = True
    return T(m, spec, 6)


@rule("holiday-epithet", ["holT:h epithet", "hday:h epithet"])
def _holiday_epithet(m: Match) -> Item | None:
    return T(m, spec_of(m["h"]), 4)


# --- seasons, decades, centuries ----------------------------------------------------------

@rule("season", ["هذا|هذه season", "season qual", "season من? yearcue? year4", "season من? ال? yearcue qual",
                 "season هذا العام"])
def _season(m: Match) -> Item | None:
    season = m["season"].senses["season"]
    spec: dict[str, Any] = {"kind": "season", "season": season}
    if m.has("هذا") or (m.has("العام") and not m.has("qual")):
        spec["year_offset"] = 0
    elif m.has("year4"):
        year, _ = year_of(m["year4"])
        if year is None:
            return None
        spec["year"] = year
    elif m.has("yearcue") and m.has("qual"):
        if m["qual"].val in ("هذا", "هذه"):
            spec["year_offset"] = 0
        else:
            spec["year_offset"] = m["qual"].senses["qual"]
    elif m.has("qual"):
        if m["qual"].val in ("هذا", "هذه"):
            return None
        spec["offset"] = m["qual"].senses["qual"]
    else:
        return None
    return T(m, spec, 3)


_NOT_SEASON_AFTER = {key(w) for w in L.NOT_SEASON_AFTER}


@rule("season-by-tense", ["season"])
def _season_by_tense(m: Match) -> Item | None:
    """خلال الصيف in a past sentence: the last summer; في الصيف after a plan: the coming one. A
    bare season is taken only where the verbs give a tense (a habit, في الصيف ترتفع الحرارة,
    is no date)."""
    w = m["season"]
    if not w.val.startswith("ال"):
        return None
    after = C.words_after(m.norm, m.end, 1)
    if after and key(after[0]) in _NOT_SEASON_AFTER:
        return None
    direction, cue = C.tense_around(m.norm, m.start, m.end)
    if direction == "present":
        direction = "future"  # تنطلق الحملة في الخريف: a scheduled event ahead
    if direction not in ("past", "future"):
        return None
    return T(m, {"kind": "season", "season": w.senses["season"], "direction": direction, "cue": cue}, 1)


@rule("decade", ["عقد? decade", "عقد? decade من? القرن qual", "عقد? decade من? القرن cord",
                 "عقد? decade من? القرن ال? num"])
def _decade(m: Match) -> Item | None:
    digit = m["decade"].senses["decade"]
    century = 19
    if m.has("qual"):
        century = 20 + (m["qual"].senses["qual"] or 0)
    elif m.has("cord"):
        century = m["cord"].senses["cord"] - 1
    elif m.has("num"):
        century = m["num"].val - 1
    text = m.norm[m.start:m.end]
    if not (m.has("عقد") or m["decade"].val.startswith("ال") or "قرن" in text):
        return None
    return T(m, {"kind": "decade", "decade": century * 10 + digit}, 3)


@rule("century", ["هذا القرن", "القرن qual", "القرن cord era?", "القرن ordinal era?", "القرن ال num era?"])
def _century(m: Match) -> Item | None:
    if m.has("era") and m["era"].senses["era"] == "hijri":
        return None  # Hijri centuries are not TIMEX3 centuries
    after = C.words_after(m.norm, m.end, 1)
    if not m.has("era") and after and SENSES.get(key(after[0]), {}).get("era") == "hijri":
        return None
    if m.has("هذا"):
        spec: dict[str, Any] = {"kind": "century", "offset": 0}
    elif m.has("qual"):
        if m["qual"].val in ("هذا", "هذه"):
            return None
        spec = {"kind": "century", "offset": m["qual"].senses["qual"] or 0}
    elif m.has("cord"):
        spec = {"kind": "century", "century": m["cord"].senses["cord"] - 1}
    elif m.has("ordinal"):
        n = m["ordinal"].senses["ordinal"]
        if n > 21:
            return None
        spec = {"kind": "century", "century": n - 1}
    else:
        n = m["num"].val
        if not 1 <= n <= 30:
            return None
        spec = {"kind": "century", "century": n - 1}
    return T(m, spec, 2)


# ---------------------------------------------------------------------------
# Nth-of and last-of

def _ord(m: Match) -> int:
    o = m.get("ord_before") or m["ord_after"]
    return o.senses.get("ord_before", o.senses.get("ord_after"))


def _wd_of(m: Match) -> int:
    for it in m.items:
        if it is not None and it.kind == "w" and ("weekday" in it.senses or "wdbare" in it.senses):
            return it.senses.get("weekday", it.senses.get("wdbare"))
    raise KeyError("weekday")


def _period_of(m: Match) -> dict[str, Any] | None:
    """The month or year an nth-of counts in: a T, or a bare month or Hijri month name
    (آخر جمعة من آب، أول جمعة من رمضان المقبل)."""
    for name in ("monthT", "yearT"):
        if m.has(name):
            return _strip(m[name].val)
    if m.has("gm"):
        g = m["gm"]
        return {"kind": "date", "calendar": "gregorian", "year": None, "month": gmonth(g), "day": None}
    if m.has("hmonth"):
        spec: dict[str, Any] = {"kind": "holiday", "name": f"hijri_month_{m['hmonth'].senses['hmonth']}",
                                "calendar": "hijri", "month": m["hmonth"].senses["hmonth"], "day": 1, "day_end": 0}
        if m.has("qual"):
            if m["qual"].senses["qual"] == 0:
                return None
            spec["offset"] = m["qual"].senses["qual"]
        return spec
    return None


_PERIODS = ["monthT", "yearT", "gm", "hmonth qual?"]


@rule("nth-weekday-of-period", [f"ord_before weekday|wdbare من? {p}" for p in _PERIODS]
      + [f"yawm? weekday ord_after من {p}" for p in _PERIODS])
def _nth_weekday(m: Match) -> Item | None:
    """ثاني خميس من نيسان، آخر جمعة من الشهر المقبل، الاثنين الأول من آذار 2019، أول أربعاء من العام."""
    of = _period_of(m)
    if of is None:
        return None
    return T(m, {"kind": "nth", "n": _ord(m), "weekday": _wd_of(m), "of": of}, 6)


@rule("nth-weekday-after", ["ord_before weekday|wdbare بعد T:x"])
def _nth_weekday_after(m: Match) -> Item | None:
    """أول جمعة بعد عيد الفطر، ثاني خميس بعد عيد الأضحى."""
    n = _ord(m)
    x = m["x"].val
    if n < 1 or x.get("kind") not in ("holiday", "date", "deictic", "nth", "shift"):
        return None
    return T(m, {"kind": "nth", "n": n, "weekday": _wd_of(m), "after": _strip(x)}, 6)


@rule("nth-day-of-period", ["ord_before يوم من? monthT", "ord_before يوم من? yearT", "اليوم ord_after من monthT",
                            "اليوم ord_after من yearT", "ord_before ايام monthT", "ord_before ايام holT",
                            "اليوم ord_after من holT"])
def _nth_day(m: Match) -> Item | None:
    """آخر يوم من شهر 11، اليوم الأول من العام المقبل، أول أيام شهر رمضان، ثالث أيام عيد الفطر."""
    of = m.get("monthT") or m.get("yearT") or m["holT"]
    spec: dict[str, Any] = {"kind": "nth", "n": _ord(m), "unit": "day", "of": _strip(of.val)}
    if of.val.get("kind") == "holiday" and of.val.get("day_end") != 0:
        if spec["n"] < 1:
            return None
        spec["count_from_start"] = True  # ثالث أيام العيد: the feast lasts beyond its first day
    return T(m, spec, 6)


_RAMADAN = {"kind": "holiday", "name": "ramadan", "calendar": "hijri", "month": 9, "day": 1, "day_end": 0}


@rule("nth-day-of-ramadan", ["ord_before ايام رمضان", "ord_before ايام رمضان qual", "اليوم ord_after من رمضان qual?"])
def _nth_day_of_ramadan(m: Match) -> Item | None:
    """أول أيام رمضان، آخر أيام رمضان الماضي: رمضان after أيام needs no other cue (the ramadan rule
    wants one, رمضان being also a name)."""
    of = dict(_RAMADAN)
    if m.has("qual"):
        q = m["qual"].senses["qual"]
        if q not in (-1, 1):
            return None
        of["offset"] = q
    return T(m, {"kind": "nth", "n": _ord(m), "unit": "day", "of": of}, 6)


@rule("decade-of-century", ["العقد ord_after من T:c", "ord_before عقد من T:c"])
def _decade_of_century(m: Match) -> Item | None:
    """العقد الأول من القرن الحادي والعشرين (the 2000s)، العقد الأخير من القرن العشرين (the 1990s)."""
    c = m["c"].val
    if c.get("kind") != "century" or c.get("century") is None or c.get("mod"):
        return None
    n = _ord(m)
    if not (1 <= n <= 10 or n == -1):
        return None
    return T(m, {"kind": "decade", "decade": int(c["century"]) * 10 + (9 if n == -1 else n - 1)}, 6)


@rule("nth-week-of-month", ["الاسبوع ord_after من monthT", "ord_before اسبوع من monthT"])
def _nth_week(m: Match) -> Item | None:
    """الأسبوع الثاني من حزيران 2018، آخر أسبوع من الشهر."""
    return T(m, {"kind": "nth", "n": _ord(m), "unit": "week", "of": _strip(m["monthT"].val)}, 6)


_THIS_YEAR = {"kind": "relative", "unit": "year", "offset": 0}
_THIS_MONTH = {"kind": "relative", "unit": "month", "offset": 0}
_SAME = {key(w) for w in L.ANAPHORIC_PERIODS[0]}


def _bare_period(m: Match) -> dict[str, Any] | None:
    """العام / السنة / الشهر alone after من (آخر يوم من العام): the anchor's, unless a word follows
    that makes it another (العام الدراسي، الشهر الفضيل، الشهر نفسه)."""
    w = C.words_after(m.norm, m.end, 1)
    if w and (key(w[0]).startswith("ال") or key(w[0]) in _SAME):
        return None
    return dict(_THIS_MONTH) if key(m.norm[m.start:m.end].split()[-1]) == "الشهر" else dict(_THIS_YEAR)


@rule("nth-month-of-year", ["ord_before شهر من yearT", "الشهر ord_after من yearT", "ord_before شهر من العام|السنه",
                            "الشهر ord_after من العام|السنه"])
def _nth_month(m: Match) -> Item | None:
    """آخر شهر من العام، الشهر الأخير من 2023، ثاني شهر من العام المقبل (Duckling's last / nth
    <cycle> of <time>): that month of the year; a bare العام is the anchor's."""
    of = _strip(m["yearT"].val) if m.has("yearT") else _bare_period(m)
    if of is None or of.get("calendar", "gregorian") != "gregorian":
        return None
    return T(m, {"kind": "nth", "n": _ord(m), "unit": "month", "of": of}, 6)


@rule("nth-day-of-this-period", ["ord_before يوم من العام|السنه|الشهر", "اليوم ord_after من العام|السنه|الشهر",
                                 "ord_before اسبوع من الشهر", "الاسبوع ord_after من الشهر"])
def _nth_day_this(m: Match) -> Item | None:
    """آخر يوم من العام، اليوم الأول من الشهر، آخر أسبوع من الشهر: a day (week) of the anchor's year
    or month, named without a qualifier."""
    of = _bare_period(m)
    if of is None:
        return None
    unit = "week" if key(m.norm[m.start:m.end].split()[0]) in ("اسبوع", "الاسبوع") \
        or key(m.norm[m.start:m.end].split()[1]) == "اسبوع" else "day"
    if unit == "week" and of["unit"] != "month":
        return None
    return T(m, {"kind": "nth", "n": _ord(m), "unit": unit, "of": of}, 6)


def _strip(spec: dict[str, Any]) -> dict[str, Any]:
    s = dict(spec)
    s.pop("rule", None)
    s.pop("direction", None)
    return s


# ---------------------------------------------------------------------------
# Intervals and lists

@rule("range", ["opener? T:a sep:s T:b"])
def _range(m: Match) -> Item | None:
    a, b = m["a"].val, m["b"].val
    ks = (a.get("kind"), b.get("kind"))
    if ks == ("weekday", "weekday"):
        return _weekday_range(m, a, b)
    if ks not in (("date", "date"), ("year", "year")):
        return None
    if any(k in x for x in (a, b) for k in ("day_end", "year_end", "since")):
        return None
    if a.get("weekday") is not None and b.get("weekday") is not None:
        return None  # من يوم الخميس الموافق 19 مارس ... ولغاية يوم الأحد الموافق 22 مارس: two dates
    if a.get("calendar") != b.get("calendar"):
        return None
    if (a.get("day") is None) != (b.get("day") is None):
        return None
    s = m["s"]
    sep = s.val
    if sep not in ("-", "–", "—", "الي", "حتي", "لغايه", "ولغايه", "وحتي", "و", "ل"):
        return None
    opener = m.get("opener")
    if opener is None:
        opener_txt = C.words_before(m.norm, m.start, 2)
        op = next((key(w) for w in opener_txt[:1] if key(w) in _OPENERS), None)
    else:
        op = key(opener.val)
    ok = sep in ("-", "–", "—") or (op is not None and (sep != "و" or "بين" in op))
    if not ok:
        return None
    fa, fb = _strip(a), _strip(b)
    if ks[0] == "date" and fa.get("year") is None and fb.get("year") is not None and fa.get("year_offset") is None:
        fa["year"] = fb["year"] - (1 if fa["month"] > fb["month"] else 0)
    # the span stays on the dates: the preposition is not part of the value
    return T(m, {"kind": "range", "from": fa, "to": fb}, 8, start=m["a"].start)


_OPENERS = {key(w) for w in L.RANGE_OPENERS}


def _weekday_range(m: Match, a: dict[str, Any], b: dict[str, Any]) -> Item | None:
    """من الأحد إلى الخميس المقبلين: the qualifier after the last day holds for both."""
    if m["s"].val not in ("-", "–", "الي", "حتي", "لغايه") or any(x.get(k) is not None for x in (a, b)
                                                                 for k in ("week", "span", "pod")):
        return None
    op = m.get("opener")
    if op is None and m["s"].val not in ("-", "–"):
        before = C.words_before(m.norm, m.start, 1)
        if not (before and key(before[0]) in _OPENERS):
            return None
    fa, fb = _strip(a), _strip(b)
    fa.pop("cue", None)
    fb.pop("cue", None)
    if fa.get("offset") is None and fb.get("offset") is not None:
        fa["offset"] = fb["offset"]
    return T(m, {"kind": "range", "from": fa, "to": fb}, 8, start=m["a"].start)


@rule("positions-of-two-months", ["pos2 gm:a و gm:b qual?"])
def _positions_two_months(m: Match) -> Item | None:
    """نهايتي مارس وأبريل القادمين: the end of each, from the first to the second."""
    ma, mb = gmonth(m["a"]), gmonth(m["b"])
    fa: dict[str, Any] = {"kind": "date", "calendar": "gregorian", "year": None, "month": ma, "day": None,
                          "mod": m["pos2"].senses["pos2"]}
    fb = dict(fa, month=mb)
    if m.has("qual"):
        if m["qual"].senses["qual"] not in (-1, 1):
            return None
        fa["month_offset"] = fb["month_offset"] = m["qual"].senses["qual"]
    return T(m, {"kind": "range", "from": fa, "to": fb}, 7)


@rule("months-list", ["شهري gm:a و gm:b comma? yearcue? year4?"])
def _months_list(m: Match) -> Item | None:
    """خلال شهري يوليو وأغسطس 2020: two months, one interval."""
    ma, mb = gmonth(m["a"]), gmonth(m["b"])
    if not ma < mb:
        return None
    fa = {"kind": "date", "calendar": "gregorian", "year": None, "month": ma, "day": None}
    fb = dict(fa, month=mb)
    if m.has("year4"):
        y, _ = year_of(m["year4"])
        if y is None:
            return None
        fa["year"] = fb["year"] = y
    return T(m, {"kind": "range", "from": fa, "to": fb}, 8)


@rule("between", ["بين anydate", "بين T:y"])
def _between(m: Match) -> Item | None:
    """بين 10 و15 تموز، بين عامي 2011 و2013: the interval, with بين in its span."""
    x = m.get("anydate") or m["y"]
    spec = spec_of(x)
    if spec.get("kind") == "date" and spec.get("day_end"):
        spec.pop("days", None)  # بين 10 و15: from the 10th to the 15th
    elif not (spec.get("kind") == "year" and spec.get("year_end")):
        return None
    return T(m, spec, 8)


@rule("day-to-date", ["من? dayn sep:s anydate", "من? dayo sep:s anydate"])
def _day_to_date(m: Match) -> Item | None:
    """من 20 إلى 25 آذار is day-range + month; "20 وحتى 25 آذار" too; here the far end is a full date."""
    spec = spec_of(m["anydate"])
    d0 = nval(m["dayn"]) if m.has("dayn") else m["dayo"].senses["ordinal"]
    s = m["s"].val
    if s not in ("-", "–", "—", "الي", "حتي", "لغايه", "ولغايه", "وحتي"):
        return None
    if spec.get("day_end") or spec.get("calendar") != "gregorian" or d0 is None or not 1 <= d0 < spec["day"]:
        return None
    spec["day_end"] = spec["day"]
    spec["day"] = d0
    spec.pop("weekday", None)
    return T(m, spec, 6, start=m["dayn"].start if m.has("dayn") else m["dayo"].start)


@rule("weekday-list", ["yawm? weekday:a و weekday:b qual?", "yawm weekday:a comma? weekday:b و weekday:c qual?",
                       "yawm? weekday:a و weekday:b و weekday:c qual?"])
def _weekday_list(m: Match) -> Item | None:
    """يومي الأربعاء والخميس، أيام الخميس والجمعة والسبت: consecutive days."""
    wds = [m[n].senses["weekday"] for n in ("a", "b", "c") if m.has(n)]
    if any((wds[i + 1] - wds[i]) % 7 != 1 for i in range(len(wds) - 1)):
        return None
    spec: dict[str, Any] = {"kind": "weekday", "weekday": wds[0], "span": len(wds) - 1}
    q = m.get("qual")
    if q is not None:
        if q.senses["qual"] not in (-1, 1, -2, 2):
            return None
        spec["offset"] = q.senses["qual"]
    return T(m, spec, 5)


@rule("weekdays-with-their-dates", ["wdlistT:w anydate:d", "wdlistT:w gdate:d"])
def _weekdays_dated(m: Match) -> Item | None:
    """يومي الخميس والجمعة المقبلين (14 و15 ماي)، الاثنين والثلاثاء 8 و9 أبريل: the dates, checked
    against the weekdays."""
    w, d = m["w"].val, m["d"].val
    if w.get("kind") != "weekday" or w.get("week") is not None or d.get("weekday") is not None:
        return None
    span = int(w.get("span") or 0)
    dspan = int(d.get("day_end") or d["day"]) - int(d["day"])
    if span != dspan:
        return None
    spec = spec_of(m["d"])
    spec["weekday"] = w["weekday"]
    spec.pop("direction", None)
    return T(m, spec, 6)


@rule("weekdays-each-with-its-day", ["yawm? weekday:a dayn:x و anydate:d", "yawm? weekday:a dayn:x comma و? anydate:d"])
def _weekdays_each_dated(m: Match) -> Item | None:
    """يومي الأحد 27 والاثنين 28 فبراير الجاري: two weekdays, each with its day, one month: one
    interval, checked against the weekdays."""
    d = m["d"].val
    x = nval(m["x"])
    if d.get("weekday") is None or d.get("day_end") or d.get("calendar") != "gregorian" or x is None \
            or not 1 <= x < int(d["day"]):
        return None
    wa = m["a"].senses["weekday"]
    if (int(d["weekday"]) - wa) % 7 != (int(d["day"]) - x) % 7:
        return None
    spec = spec_of(m["d"])
    spec["day_end"] = spec["day"]
    spec["day"] = x
    spec["weekday"] = wa
    spec.pop("direction", None)
    return T(m, spec, 7)


@rule("date-and-day-of-it", ["gdate و dayn منه|منها"])
def _date_and_day_of_it(m: Match) -> Item | None:
    """12 آذار المقبل و13 منه: the two days of one month."""
    spec = spec_of(m["gdate"])
    d = nval(m["dayn"])
    if spec.get("day_end") or d is None or d <= spec["day"] or d > MAX_DAY[spec["month"]]:
        return None
    spec["day_end"] = d
    return T(m, spec, 6)


@rule("day-of-it-after-connector", ["sep dayn منه|منها"])
def _day_of_it_after(m: Match) -> Item | None:
    """حتى 22 منه: a number after حتى / إلى / و and before منه is a day of that month."""
    if m["sep"].val not in ("حتي", "الي", "لغايه", "وحتي", "ولغايه", "و", "-"):
        return None
    d = nval(m["dayn"])
    if d is None or not 1 <= d <= 31:
        return None
    return T(m, {"kind": "day_of_month", "day": d, "ref": "previous", "ref_level": "month"}, 4,
             start=m["dayn"].start)


@rule("day-of-it", ["dayo منه|منها", "yawm dayn منه|منها", "ال dayn منه|منها"])
def _day_of_it(m: Match) -> Item | None:
    """الخامس منه، يوم 13 منه: day N of the month of the date mentioned before (linked by the tagger);
    a bare "12 منها" is "twelve of them"."""
    d = m["dayo"].senses["ordinal"] if m.has("dayo") else nval(m["dayn"])
    if d is None or not 1 <= d <= 31:
        return None
    return T(m, {"kind": "day_of_month", "day": d, "ref": "previous", "ref_level": "month"}, 4)


# ---------------------------------------------------------------------------
# Dates relative to another date in the text (anaphora) and eves

@rule("anaphoric-day", ["pod? anaphor", "pod? anaphor comma? weekday"])
def _anaphoric_day(m: Match) -> Item | None:
    """اليوم التالي، في اليوم نفسه، اليوم التالي (الأحد): relative to the date mentioned before."""
    spec: dict[str, Any] = {"kind": "shift", "days": m["anaphor"].senses["anaphor"], "ref": "previous"}
    if m.has("pod"):
        spec["pod"] = m["pod"].senses["pod"]
    if m.has("weekday"):
        spec["weekday"] = m["weekday"].senses["weekday"]
    return T(m, spec, 4)


@rule("weekday-of-following-week", ["weekday من T:w", "yawm weekday من T:w"])
def _weekday_of_shifted_week(m: Match) -> Item | None:
    """الثلاثاء من الأسبوع الذي يليه: that weekday of the week after another date's."""
    w = m["w"].val
    if w.get("kind") != "shift" or w.get("period") != "week":
        return None
    return T(m, {"kind": "nth", "n": 1, "weekday": m["weekday"].senses["weekday"], "of": _strip(w)}, 5)


@rule("eve-of", ["eve T:x"])
def _eve(m: Match) -> Item | None:
    """عشية الانتخابات is not a date, but عشية عيد الفطر / عشية 9 أيار is the day before."""
    x = m["x"].val
    if x.get("kind") not in ("holiday", "date") or (x.get("kind") == "date" and not x.get("day")) \
            or x.get("day_end") == 0:
        return None
    eve = m["eve"].val
    if eve != "عشيه" and x.get("kind") != "holiday":
        return None  # ليلة 15 آذار is the night of the 15th; ليلة عيد الميلاد is its eve
    pod = "NI" if eve == "ليله" else "EV"
    return T(m, {"kind": "shift", "days": -1, "of": _strip(x), "pod": pod}, 6)


@rule("offset-from-date", ["prep number:n unit من T:x", "prep unit من T:x", "prep unit numword من T:x"])
def _offset_from(m: Match) -> Item | None:
    """بعد يومين من الانتخابات، قبل أسبوع من عيد الفطر: that far from another date."""
    prep = m["prep"].senses["prep"]
    if prep not in ("before", "after"):
        return None
    if m.has("numword") and m["numword"].senses["numword"] != 1:
        return None
    amount, unit, ok = _amount(m)
    x = m["x"].val
    if not ok or amount is None or unit not in ("D", "W", "M", "Y") or x.get("kind") in ("duration", "vague", "set",
                                                                                          "offset"):
        return None
    sign = -1 if prep == "before" else 1
    return T(m, {"kind": "shift", "amount": sign * amount, "unit": unit, "of": _strip(x)}, 6)


@rule("anaphoric-period", ["pnoun_def anaqual"])
def _anaphoric_period(m: Match) -> Item | None:
    """الأسبوع الذي يليه، الشهر التالي، العام نفسه: the period after (or of) the date mentioned before."""
    unit = m["pnoun_def"].senses["pnoun"]
    if unit not in ("week", "month", "year"):
        return None
    return T(m, {"kind": "shift", "amount": m["anaqual"].senses["anaqual"],
                 "unit": {"week": "W", "month": "M", "year": "Y"}[unit], "period": unit, "ref": "previous",
                 "ref_level": unit}, 4)


@rule("offset-from-that", ["prep ذلك|ذاك ب? number:n unit", "prep ذلك|ذاك ب? unit", "prep ذلك|ذاك ب? unit numword"])
def _offset_from_that(m: Match) -> Item | None:
    """بعد ذلك بيومين، قبل ذلك بيوم: that far from the date mentioned before."""
    prep = m["prep"].senses["prep"]
    if prep not in ("before", "after"):
        return None
    if m.has("numword") and m["numword"].senses["numword"] != 1:
        return None
    amount, unit, ok = _amount(m)
    if not ok or amount is None or unit not in ("D", "W", "M", "Y"):
        return None
    sign = -1 if prep == "before" else 1
    return T(m, {"kind": "shift", "amount": sign * amount, "unit": unit, "ref": "previous"}, 5)


@rule("paired-hijri-gregorian", ["hdate:a comma? corresp? ل? gdate:b", "gdate:a comma? corresp? ل? hdate:b",
                                 "hdate:a dash corresp? ل? gdate:b", "gdate:a dash corresp? ل? hdate:b",
                                 "hdate:a slash gdate:b", "gdate:a slash hdate:b"])
def _paired(m: Match) -> Item | None:
    """1 محرم 1438هـ الموافق 2 أكتوبر 2016م: one expression; the Gregorian half is the value."""
    a, b = m["a"], m["b"]
    gap = m.norm[a.end:b.start]
    if len(gap) >= 30 or not (m.has("corresp") or "(" in gap or m.has("slash")):
        return None
    g, h = (a, b) if a.val["calendar"] == "gregorian" else (b, a)
    spec = spec_of(g)
    spec["paired_hijri"] = {k: v for k, v in h.val.items() if k not in ("rule", "direction")}
    if "weekday" in h.val and "weekday" not in spec:
        spec["weekday"] = h.val["weekday"]
    spec.pop("direction", None)
    end = m.end + 1 if m.norm[m.end:m.end + 1] == ")" else m.end
    return T(m, spec, 9, end=end)


# --- national days ------------------------------------------------------------------------

_COUNTRY_WORD = re.compile(r"[^\W\d_]+")


def _country_near(norm: str, start: int, end: int) -> tuple[str | None, int]:
    """A country named just after a national day (العيد الوطني لمملكة البحرين، اليوم الوطني
    السعودي), else just before it in the sentence: (ISO code, end of the span to keep)."""
    for wm in _COUNTRY_WORD.finditer(norm, start, end):
        cc = SENSES.get(key(wm.group()), {}).get("country")
        if cc:
            return cc, end
    for i, wm in enumerate(list(_COUNTRY_WORD.finditer(norm, end, min(len(norm), end + 45)))[:5]):
        if wm.group() in ("في", "وفي", "خلال"):
            # العيد الوطني في المغرب: the country, but not part of the name
            for wm2 in list(_COUNTRY_WORD.finditer(norm, wm.end(), min(len(norm), wm.end() + 30)))[:2]:
                cc = SENSES.get(key(wm2.group()), {}).get("country")
                if cc:
                    return cc, end
            break
        for w in (key(wm.group()), key(wm.group())[1:], key(wm.group())[2:]):
            cc = SENSES.get(w, {}).get("country")
            if cc:
                # two-word names (الجمهورية اليمنية) end at their last word
                tail = re.match(r"\s+([^\W\d_]+)", norm[wm.end():wm.end() + 30])
                e = wm.end()
                if tail and SENSES.get(key(tail.group(1)), {}).get("country") == cc:
                    e = wm.end() + tail.end()
                return cc, e
    for w in C.words_before(norm, start, 10, span=90):
        if w in C.SENT_END:
            break
        for k in (key(w), key(w)[1:]):
            cc = SENSES.get(k, {}).get("country")
            if cc:
                return cc, end
    return None, end


@rule("national-day", ["national"])
def _national_day(m: Match) -> Item | None:
    """اليوم الوطني السعودي، العيد الوطني لمملكة البحرين: a country's day, from its calendar."""
    kind = m["national"].senses["national"]
    cc = m["national"].senses.get("holiday_country")
    end = m.end
    if cc is None:
        cc, end = _country_near(m.norm, m.start, m.end)
    spec: dict[str, Any] = {"kind": "holiday", "name": kind, "calendar": "national"}
    if cc:
        spec["country"] = cc
    return T(m, spec, 4, end=end)


@rule("anniversary-counted", ["anniv anniv_ord ل? indep", "anniv anniv_ord ل? holT", "anniv ال? num ل? holT",
                               "anniv ال? num ل? indep", "holT:h anniv_ord", "holT:h ال num"])
def _anniversary_counted(m: Match) -> Item | None:
    """الذكرى الستين للاستقلال الوطني، الذكرى الحادية والستين للاستقلال، العيد الوطني الـ 52: the n-th
    return of a national day, dated in the year the count gives where the first year is known."""
    n = m["anniv_ord"].senses["anniv_ord"] if m.has("anniv_ord") else m["num"].val
    if not isinstance(n, int) or not 1 <= n <= 300:
        return None
    if m.has("indep"):
        spec: dict[str, Any] = {"kind": "holiday", "name": "independence_day", "calendar": "national"}
        cc, _ = _country_near(m.norm, m.start, m.end)
        if cc:
            spec["country"] = cc
    else:
        spec = spec_of(m.get("holT") or m["h"])
        if spec.get("calendar") != "national" or spec.get("year") is not None:
            return None
    spec["anniversary_n"] = n
    return T(m, spec, 6)


# الذكرى الثالثة والثلاثين لعيد الوحدة: an ordinal between ذكرى and the holiday
_ANNIVERSARY = re.compile(r"(?:ال)?ذكري\s+(?:(?:ال\s*)?\d+\s*|[^\W\d_]+\s+){1,3}(?:ل\s*)?(?:ال\s*)?$")


@rule("anniversary", ["holT"])
def _anniversary(m: Match) -> Item | None:
    """الذكرى الثالثة والثلاثين لعيد الوحدة: this year's day of that holiday."""
    h = m["holT"]
    if h.val.get("calendar") not in ("national", "gregorian"):
        return None
    head = m.norm[max(0, m.start - 60):m.start]
    a = _ANNIVERSARY.search(head)
    if a is None:
        return None
    return T(m, spec_of(h), 5, start=m.start - (len(head) - a.start()))
