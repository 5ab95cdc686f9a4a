"""Find Arabic temporal expressions and say what they mean, without an anchor.

``tag(text)`` folds the text (``ingest.normalize``), cuts it into typed pieces
(``pieces``: lexicon words with their senses, numbers, punctuation), lets the
grammar's rules (``rules``) combine adjacent pieces into temporal values until
nothing new appears (``grammar``), keeps the longest non-overlapping
expressions, reads the tense around the ones that need it, links the ones
that refer to another date of the text, and maps every span back to exact
offsets in the original text. ``docs/grammar.md`` explains the design.

Each expression carries a ``spec`` (JSON-serialisable) that ``resolve`` turns
into a value for any anchor, without the text. Spec kinds:

- ``date``: a calendar date or month. ``calendar`` ("gregorian"/"hijri"),
  ``year`` (int or None), ``month``, ``day`` (None for a month),
  ``day_end`` (last day of a range or list in the same month; ``days`` the
  days of a list that is not a run), ``year_offset`` (من العام الماضي -1:
  the year relative to the anchor), ``weekday`` (0=Monday, when the text
  names it), ``month_offset`` (الجاري 0 / الماضي -1 / المقبل +1 when the
  month is qualified instead of given a year), ``mod`` (START/MID/END for
  مطلع/منتصف/نهاية), ``repaired_from`` (a written year whose digits were
  reversed), ``pod`` (part of day: MO MI AF EV NI, as in TIMEX3 ``TMO``),
  ``since`` (منذ: open interval), ``gyear`` (a Hijri month or day placed by
  a Gregorian year: شوال 2021), ``numeric`` (written in digits).
  ``paired_hijri`` holds the Hijri half of a date written in both calendars;
  ``direction`` (past/future) the tense around a date given without a year.
- ``year``: ``year``, ``calendar`` (a Hijri year is its Gregorian interval),
  ``year_end`` (ranges), ``since``, ``mod``, ``quarter`` (Q1-Q4, H1, H2),
  ``repaired_from``.
- ``deictic``: ``days`` from the anchor (أمس -1), ``weekday`` when the text
  adds one (يوم غد الأربعاء), ``pod``.
- ``weekday``: ``weekday``; ``offset`` (-1 الماضي, +1 المقبل, ±2 قبل الماضي/بعد
  المقبل), ``week`` (the weekday of the week that far from the anchor's:
  السبت من الأسبوع المقبل), or ``direction`` read from the verbs around a
  bare weekday: "past", "future", "present" (the anchor day when it is that
  weekday, else the next) or "unknown"; ``cue`` is the word that decided;
  ``span`` (days after it: يومي الأربعاء والخميس); ``ref`` (a date of the text
  near which the weekday lies); ``pod``.
- ``relative``: ``unit`` (week, month, year, decade, century), ``offset``,
  ``mod``, ``quarter``.
- ``day_of_month``: ``day``, ``day_end``, ``month_offset`` (الـ 20 من الشهر
  الجاري), or ``ref`` (الخامس منه: the month of another date of the text).
- ``offset``: ``direction`` (before/after), ``amount``, ``unit`` (D W M Y DE CE H MIN),
  ``approx``: a date that far from the anchor.
- ``shift``: a date relative to another date, not to the anchor: ``of`` or
  ``ref`` (the other date's spec), and ``days`` or ``amount`` + ``unit``
  (اليوم التالي، بعد يومين من الانتخابات، عشية عيد الفطر); ``period`` (the
  week/month/year that holds the result: الأسبوع الذي يليه).
- ``nth``: ``n`` (1, 2 ... or -1 for the last), ``weekday`` or ``unit``
  ("day", "week") and ``of`` (a month or year spec): ثاني خميس من نيسان،
  آخر يوم من شهر 11، الأسبوع الثاني من حزيران 2018.
- ``anchor_day``: ``year``: the anchor's day and month in that year (في مثل هذا
  اليوم من عام 2001).
- ``duration``: ``amount`` (None for عدة), ``amount_max``, ``unit``.
- ``vague``: ``value`` (PRESENT_REF, PAST_REF, FUTURE_REF), ``generic`` for اليوم "nowadays".
- ``holiday``: ``name``, ``calendar`` ("hijri", "gregorian", "easter", "national"),
  ``month``, ``day``, ``day_end`` (0: month end), ``church`` and
  ``easter_offset`` (Easter-based), ``country`` (national days), ``year``
  (when written, ``year_calendar`` says which), ``offset`` (-1 الماضي: the last
  one before the anchor, +1 المقبل), ``year_offset`` (لهذا العام: the anchor's year).
- ``season``: ``season`` (SP SU FA WI), ``offset`` or ``year`` or ``year_offset``.
- ``range``: ``from`` and ``to``, two ``date`` or two ``year`` specs (من 28 شباط إلى 3
  آذار، بين أيار وتموز 2016): value is the start, end_value the end.
- ``clock``: ``hour``, ``minute`` (24-hour clock, day half already applied) and
  ``day``, the spec of the day it is on (من صباح اليوم، مساء الخميس), or none: the anchor day.
- ``set``: a recurrence, ``weekday`` (كل يوم جمعة), ``month`` + ``day`` (3 أيار من كل عام), ``day``
  alone (الخامس من كل شهر), ``amount`` + ``unit`` and ``times`` (يوميا، كل أسبوعين، مرتين في الأسبوع)
  or ``pod`` (كل صباح).
- ``decade``: ``decade`` (199 for التسعينيات). ``century``: ``century`` (19 for
  القرن العشرين) or ``offset`` (القرن الماضي -1).

Every spec also has ``rule``: the names of the grammar rules that built it.

Types: DATE, TIME (a part of day or a clock time), DURATION, SET.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Any

from ingest.normalize import Normalized, normalize
from ingest.temporal import context as C
from ingest.temporal import lexicon as L
from ingest.temporal import rules as _rules  # noqa: F401 - registers the rules
from ingest.temporal.grammar import Grammar, Item
from ingest.temporal.lexicon_index import SENSES, key
from ingest.temporal.patterns import RULES
from ingest.temporal.pieces import lex
from ingest.temporal.types import TemporalExpression

GRAMMAR = Grammar(RULES)


# Pieces on different lines never combine (a newline is no gap between items), so each run
# of lines is parsed on its own: the chart stays small however long the text.
_BLOCK_PIECES = 400


def _blocks(pieces: list[Item], norm: str) -> list[list[Item]]:
    blocks: list[list[Item]] = []
    cur: list[Item] = []
    for p in pieces:
        if cur and len(cur) >= _BLOCK_PIECES and "\n" in norm[cur[-1].end:p.start]:
            blocks.append(cur)
            cur = []
        cur.append(p)
    if cur:
        blocks.append(cur)
    return blocks


def _select(cands: list[Item]) -> list[Item]:
    """Longest candidates first, then higher priority, then earlier; no overlaps."""
    cands.sort(key=lambda c: (-(c.end - c.start), -c.prio, c.start))
    starts: list[int] = []      # starts of taken spans, sorted; taken spans never overlap
    ends: list[int] = []
    taken: list[Item] = []
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


def _close_bracket(norm: str, it: Item) -> None:
    """A span that opens a bracket (يومي الخميس والجمعة (14 و15 ماي) closes it too."""
    text = norm[it.start:it.end]
    if text.count("(") > text.count(")"):
        m = re.match(r"[^\S\n]*\)", norm[it.end:it.end + 4])
        if m:
            it.end += m.end()
    elif text.count("(") < text.count(")") and it.end > it.start and norm[it.end - 1] == ")":
        it.end -= 1


def _rule_names(it: Item) -> str:
    seen: list[str] = []
    for r in it.rules():
        if r not in seen:
            seen.append(r)
    return "+".join(seen)


_NAMING = {key(w) for w in L.NAMING_NOUNS}


_MEDIA = {key(w) for w in L.MEDIA_NOUNS}
_WORD_BEFORE = re.compile(r"[^\W\d_][^\S\n]*$")


def _strip_clitic(w: str) -> list[str]:
    return [w] + ([w[1:]] if len(w) > 3 and w[0] in "وبل" else [])


def _named_after_date(norm: str, it: Item) -> bool:
    """ملعب 18 فيفري، شارع 8 ماي 1945: a place named after a date; صحيفة 26 سبتمبر، قناة روسيا
    اليوم، برنامج العاشرة مساء: a paper, a channel, a programme."""
    spec = it.val
    if not _WORD_BEFORE.search(norm, max(0, it.start - 3), it.start):
        return False  # a sentence or a line starts here
    before = C.words_before(norm, it.start, 2)
    if not before:
        return False
    if _is_media(before[0]):
        return True
    # قناة روسيا اليوم، موقع الجزائر اليوم: the medium, a name, then اليوم
    if spec.get("kind") == "deictic" and len(before) > 1 and _is_media(before[1]) \
            and not spec.get("weekday") and norm[it.start:it.end].strip() in ("اليوم",):
        return True
    if spec.get("kind") not in ("date", "year"):
        return False
    return _is_naming(before[0])


# asked of the word before every expression found: the answers are kept
@lru_cache(maxsize=4096)
def _is_media(word: str) -> bool:
    """صحيفة، قناة، موقع (a clitic in front or not): a medium's name may follow."""
    return any(w in _MEDIA for w in _strip_clitic(key(word)))


@lru_cache(maxsize=4096)
def _is_naming(word: str) -> bool:
    """ملعب، شارع (a clitic in front or not): a place may be named after the date that follows."""
    return any(w in _NAMING for w in _strip_clitic(key(word)))


def _tense(norm: str, it: Item, spec: dict[str, Any] | None = None) -> None:
    """A bare weekday, a yearless date, a month name: the tense around decides which one."""
    if spec is None:
        spec = it.val
    kind = spec.get("kind")
    for inner in ("day", "of"):
        if isinstance(spec.get(inner), dict):
            _tense(norm, it, spec[inner])
    if kind == "weekday" and spec.get("offset") is None and spec.get("week") is None and not spec.get("cue"):
        direction, cue = C.tense_around(norm, it.start, it.end)
        spec["direction"] = direction
        if cue:
            spec["cue"] = cue
            if direction == "future" and C.is_weak(cue):
                spec["weak"] = True  # a noun says "ahead" (عطلة، خطط): the written days may place it
    elif kind == "holiday" and spec.get("offset") is None and spec.get("year") is None \
            and spec.get("year_offset") is None:
        # احتفل المسلمون بعيد الفطر: the last one; سيحتفل: the next (the resolver keeps both within
        # eleven months, else the nearest)
        direction, cue = C.tense_around(norm, it.start, it.end)
        if direction in ("past", "future"):
            spec["direction"] = direction
            if C.is_rite(cue):
                spec["rite"] = True  # صام المسلمون رمضان: the one kept, within a whole year
    elif kind == "date" and spec.get("calendar") == "gregorian" and spec.get("year") is None \
            and spec.get("month_offset") is None and spec.get("year_offset") is None \
            and spec.get("weekday") is None and spec.get("gyear") is None:
        direction, _ = C.tense_around(norm, it.start, it.end)
        # an imperfect verb with a yearless date speaks of one ahead (يفتتح الجسر في شهر عشرة)
        if direction == "present":
            direction = "future"
        if direction in ("past", "future"):
            spec["direction"] = direction


_LIST_GAP = re.compile(r"\s*(?:[،,]\s*)?(?:و\s*)?(?:في\s+)?")


def _share_year(chosen: list[Item], norm: str) -> None:
    """In a list of dates whose last one has a year (في 3 أيار و5 حزيران 2016، في فيفري وأفريل
    2015), the earlier ones take that year."""
    for i in range(len(chosen) - 1, 0, -1):
        last = chosen[i].val
        if last.get("kind") != "date" or last.get("year") is None or last.get("calendar") != "gregorian":
            continue
        j = i - 1
        while j >= 0:
            sp = chosen[j].val
            if (sp.get("kind") != "date" or sp.get("year") is not None or sp.get("month_offset") is not None
                    or sp.get("year_offset") is not None
                    or sp.get("calendar") != "gregorian" or sp.get("month", 13) > last["month"]
                    or not _LIST_GAP.fullmatch(norm[chosen[j].end:chosen[j + 1].start])):
                break
            sp["year"] = last["year"]
            sp["rule"] = sp.get("rule", "") + "+year-from-list"
            sp.pop("direction", None)
            j -= 1


# Kinds that can serve as the date another expression refers to.
_ANTECEDENT_KINDS = ("date", "deictic", "weekday", "holiday", "day_of_month", "shift", "nth", "range")
# How far back (characters) an antecedent may lie.
_ANTECEDENT_REACH = 1500


def _antecedent(chosen: list[Item], i: int, norm: str, level: str = "day",
                pod: str | None = None) -> tuple[dict[str, Any], Item] | None:
    """The spec of the nearest earlier date of the text, for اليوم التالي and the like.

    ``level``: "day" wants a day (اليوم التالي), "month" a date that names a
    month (الخامس منه), "week"/"year" anything dated (العام نفسه، الشهر التالي).
    With ``pod`` (مساء اليوم المذكور), a day written with that part of the day is
    preferred to a nearer one without it: the evening named is the one meant.
    """
    it = chosen[i]
    if pod is not None:
        for j in range(i - 1, -1, -1):
            prev = chosen[j]
            if it.start - prev.end > _ANTECEDENT_REACH:
                break
            if prev.val.get("pod") == pod and prev.val.get("kind") in ("date", "weekday", "deictic", "holiday"):
                return _copy_ref(prev), prev
    for j in range(i - 1, -1, -1):
        prev = chosen[j]
        if it.start - prev.end > _ANTECEDENT_REACH:
            return None
        s = prev.val
        k = s.get("kind")
        if level in ("day", "month") and k not in _ANTECEDENT_KINDS:
            continue
        if level not in ("day", "month") and k in ("duration", "vague", "set", "clock"):
            continue
        if level == "day" and k == "date" and s.get("day") is None:
            continue
        if level == "day" and k == "holiday" and s.get("day_end") == 0:
            continue
        if level == "month" and k not in ("date", "day_of_month", "range", "nth", "shift", "deictic"):
            continue
        if level == "period" and (k in ("duration", "vague", "set", "clock", "deictic", "weekday", "offset",
                                        "anchor_day") or (k == "date" and s.get("day") is not None
                                                          and not s.get("day_end")) or s.get("same_period")):
            continue  # الفترة نفسها: a stretch of time, not a single day
        return _copy_ref(prev, whole_range=level == "period"), prev
    return None


_SENTENCE_ENDS = re.compile(r"[.!?؟\n]")


def _names_period(s: dict[str, Any], unit: str) -> bool:
    """A Gregorian date that names its ``unit`` (a year written, العام الماضي; a month)."""
    k = s.get("kind")
    if s.get("calendar", "gregorian") != "gregorian" or s.get("since") or s.get("ref") is not None:
        return False
    if k == "relative":
        return s.get("unit") == unit and not s.get("mod")
    if k == "year":
        return unit == "year" and not s.get("year_end") and not s.get("quarter") and not s.get("mod")
    if k != "date":
        return False
    if unit == "week":  # a day names its week (في 12 مارس ... مقارنة بالأسبوع السابق)
        return s.get("day") is not None and not s.get("day_end")
    if unit == "year":
        return s.get("year") is not None and s.get("year_end") is None
    return s.get("month") is not None and not s.get("month_end")


def _before_named(chosen: list[Item], i: int, norm: str) -> None:
    """العام السابق / الشهر السابق / الأسبوع السابق: the one before the year (month, week) the same
    or the previous sentence names (في 2015 ... مقارنة بالعام السابق = 2014), as العام الذي سبقه; with none it
    stays the one before the anchor's."""
    it = chosen[i]
    unit = it.val["unit"]
    del it.val["before_named"]
    for j in range(i - 1, -1, -1):
        prev = chosen[j]
        if len(_SENTENCE_ENDS.findall(norm, prev.end, it.start)) > 1:
            return
        if _names_period(prev.val, unit):
            it.val = {"kind": "shift", "amount": -1, "unit": {"year": "Y", "month": "M", "week": "W"}[unit],
                      "period": unit, "ref": "previous", "ref_level": unit, "rule": it.val.get("rule")}
            return
        if prev.val.get("kind") not in ("duration", "vague", "set", "clock"):
            return  # another date between: العام السابق is not said of the one further back


def _copy_ref(prev: Item, whole_range: bool = False) -> dict[str, Any]:
    """The spec of an antecedent as another spec holds it (no rule names, refs one level deep;
    a range's start, or the whole range with ``whole_range``)."""
    s = prev.val
    out = {x: y for x, y in s.items() if x not in ("rule", "ref")}
    if s.get("kind") == "range" and not whole_range:
        out = dict(out["from"])
    if isinstance(s.get("ref"), dict) and s.get("kind") in ("shift", "day_of_month", "weekday"):
        out["ref"] = {x: y for x, y in s["ref"].items() if x != "ref"}
    return out


_COUNTRY_NAMES = {w: senses["country"] for w, senses in SENSES.items() if "country" in senses}
_COUNTRY_RE = re.compile(r"(?<![^\W\d_])[وفبل]{0,2}(" + "|".join(
    re.escape(w).replace(r"\ ", r"\s+") for w in sorted(_COUNTRY_NAMES, key=len, reverse=True)) + r")(?![^\W\d_])")


def _country_of_text(norm: str) -> str | None:
    """The country the text names most often (its first on a tie)."""
    counts: dict[str, int] = {}
    for m in _COUNTRY_RE.finditer(norm):
        cc = _COUNTRY_NAMES.get(" ".join(m.group(1).split()))
        if cc:
            counts[cc] = counts.get(cc, 0) + 1
    return max(counts, key=lambda c: counts[c]) if counts else None


# Dates a bare weekday may be placed by: written out, not relative to the anchor.
_PLACING_KINDS = ("date", "holiday", "nth", "day_of_month")


def _placing(spec: dict[str, Any]) -> bool:
    """A day the text writes out (12 مايو، الخامس من الشهر الجاري)."""
    k = spec.get("kind")
    if k not in ("date", "day_of_month") or spec.get("calendar", "gregorian") != "gregorian":
        return False
    if k == "date" and spec.get("day") is None:
        return False
    return not isinstance(spec.get("ref"), str)


def _weekday_refs(chosen: list[Item], norm: str) -> None:
    """A bare weekday with no tense around it, in a text that writes out the days ahead
    (اعتبارا من يوم الأربعاء الموافق 12 مايو ... بأن يوم الأربعاء هو المتمم، الأربعاء 19 يوليو
    ... والخميس يوم راحة): the written dates it may lie among, nearest first. The resolver
    uses them only when they lie just after the anchor."""
    for i, it in enumerate(chosen):
        s = it.val
        if s.get("kind") != "weekday" or s.get("offset") is not None or s.get("week") is not None:
            continue
        # coordinated with a date that names its weekday (الأربعاء 17 يوليو والخميس): next to it
        if i > 0 and _placing(chosen[i - 1].val) and chosen[i - 1].val.get("weekday") is not None \
                and _COORDINATED.fullmatch(norm, chosen[i - 1].end, it.start):
            s["next_to"] = {x: y for x, y in chosen[i - 1].val.items() if x not in ("rule", "ref", "refs")}
            continue
        # the same weekday written with its date just after (a headline's مساء الخميس, the body's
        # يوم الخميس الموافق للخامس منه): that date, whatever the tense around the bare one
        for j in range(i + 1, len(chosen)):
            nxt = chosen[j]
            if nxt.start - it.end > _SAME_WEEKDAY_REACH:
                break
            if _placing(nxt.val) and nxt.val.get("weekday") == s.get("weekday"):
                s["same_as"] = {x: y for x, y in nxt.val.items() if x not in ("rule", "refs")}
                break
        if (s.get("direction") not in (None, "unknown") and not s.get("weak")) or "same_as" in s:
            continue
        refs: list[dict[str, Any]] = []
        # an equation later in the sentence (السبت هو أول أيام شوال)
        for j in range(i + 1, min(i + 3, len(chosen))):
            nxt = chosen[j]
            if (_placing(nxt.val) or nxt.val.get("kind") in ("nth", "holiday")) \
                    and _EQUATES.match(norm, it.end, nxt.start):
                refs.append(nxt.val)
                break
        for j in range(i - 1, -1, -1):
            prev = chosen[j]
            if it.start - prev.end > _ANTECEDENT_REACH or len(refs) >= 4:
                break
            if _placing(prev.val):
                refs.append(prev.val)
        if refs:
            s["refs"] = [{x: y for x, y in r.items() if x not in ("rule", "ref", "refs")} for r in refs]


# a weekday made a holiday for an occasion (الأحد عطلة رسمية بمناسبة عيد الاستقلال): the words between
_OCCASION = re.compile(r"[^.!?؟\n]{0,60}?(?<![^\W\d_])[وف]?[بل]مناسبه\s+(?:حلول\s+|الاحتفال\s+ب)?$")


def _weekday_occasions(chosen: list[Item], norm: str) -> None:
    """A bare weekday declared a day off for a holiday named just after it lies next to that
    holiday (``occasion``): the Monday off for a feast that falls on a Sunday."""
    for i, it in enumerate(chosen[:-1]):
        s = it.val
        if s.get("kind") != "weekday" or s.get("offset") is not None or s.get("week") is not None:
            continue
        nxt = chosen[i + 1]
        if nxt.val.get("kind") == "holiday" and _OCCASION.match(norm, it.end, nxt.start) \
                and _OCCASION.match(norm, it.end, nxt.start).end() == nxt.start:
            s["occasion"] = {x: y for x, y in nxt.val.items() if x not in ("rule", "ref", "refs")}


_COORDINATED = re.compile(r"\s*(?:[،,]\s*)?و\s*(?:يوم\s*)?")
# how far after a bare weekday the same weekday written with its date may be (a headline and
# the first lines under it)
_SAME_WEEKDAY_REACH = 300
# a weekday equated with a date after it (السبت هو أول أيام شوال، الخميس سيكون 20 ...)
_EQUATES = re.compile(r"\s*(?:[،,]\s*)?(?:هو|هي|سيكون|ستكون|يكون|تكون|يصادف|يوافق|الموافق)\s+")


def _same_weekday_tense(chosen: list[Item], norm: str) -> None:
    """One text, one Sunday: a bare weekday with no tense cue takes the tense another mention of
    the same weekday in the text has (a headline's الأحد and the body's سيتم ... يوم الأحد), else
    that of the weekday before it in its sentence (ستكون يوم الإثنين ... بينما يوم الثلاثاء)."""
    known: dict[int, tuple[str, bool]] = {}
    for it in chosen:
        s = it.val
        if s.get("kind") == "weekday" and s.get("offset") is None and s.get("week") is None \
                and s.get("direction") in ("past", "future", "present"):
            known.setdefault(int(s["weekday"]), (s["direction"], bool(s.get("weak"))))
    prev: Item | None = None
    for it in chosen:
        s = it.val
        if s.get("kind") == "weekday" and s.get("direction") == "unknown":
            if int(s["weekday"]) in known:
                s["direction"], weak = known[int(s["weekday"])]
                s["cue"] = "same weekday elsewhere in the text"
                if weak:
                    s["weak"] = True
            elif prev is not None and prev.val.get("direction") in ("past", "future", "present") \
                    and not re.search(r"[.!?؟\n]", norm[prev.end:it.start]):
                s["direction"] = prev.val["direction"]
                s["cue"] = "the weekday before it in the sentence"
                if prev.val.get("weak"):
                    s["weak"] = True
        if s.get("kind") == "weekday" and s.get("offset") is None:
            prev = it


_YEAR_REACH = 600


def _year_from_text(chosen: list[Item], norm: str) -> None:
    """A yearless date after a date of the same month with a year (مطلع ديسمبر 2018 ... الثامن من
    ديسمبر؛ 23 يوليو 1952 ... صباح يوم 23 يوليو) is in that year."""
    for i, it in enumerate(chosen):
        s = it.val
        if s.get("kind") != "date" or s.get("calendar") != "gregorian" or s.get("year") is not None \
                or s.get("month_offset") is not None or s.get("year_offset") is not None \
                or s.get("weekday") is not None or s.get("day") is None or s.get("anniversary") \
                or s.get("direction") == "future":
            continue
        for j in range(i - 1, -1, -1):
            prev = chosen[j]
            if it.start - prev.end > _YEAR_REACH:
                break
            p = prev.val
            if re.search(r"\bاليوم\b", norm[it.end:it.end + 30]):
                break  # 22 مايو، والذي يصادف اليوم: this year's
            if p.get("kind") == "date" and p.get("calendar") == "gregorian" and p.get("year") is not None \
                    and p.get("month") == s.get("month"):
                s["year"] = p["year"]
                s["rule"] = s.get("rule", "") + "+year-from-text"
                s.pop("direction", None)
                break
            if p.get("kind") == "date" and p.get("year") is not None:
                break  # a nearer date with its own year: no hint from further back
            if p.get("kind") == "year" and p.get("calendar") == "gregorian" and not p.get("year_end") \
                    and not p.get("since") and "direction" not in s:
                # مواعيد الاجتماعات في 2026: ... يوم 9 يوليو: a hint the resolver takes when the
                # year lies next to the anchor's
                s["year_hint"] = p["year"]
                break


def _link(chosen: list[Item], norm: str, links: list[tuple[dict[str, Any], Item]]) -> list[Item]:
    """Fill in ``ref`` for expressions relative to another date of the text; drop those with none.
    ``links`` receives (the spec holding the ref, the antecedent)."""
    out: list[Item] = []
    country: list[str | None] = []
    for i, it in enumerate(chosen):
        if it.val.get("calendar") == "national" and not it.val.get("country"):
            if not country:
                country.append(_country_of_text(norm))
            if country[0]:
                it.val["country"] = country[0]
        if it.val.get("before_named"):
            _before_named(chosen, i, norm)
        holder = it.val if it.val.get("ref") == "previous" else next(
            (it.val[k] for k in ("of", "after") if isinstance(it.val.get(k), dict)
             and it.val[k].get("ref") == "previous"), None)
        if holder is not None:
            ante = _antecedent(chosen, i, norm, holder.pop("ref_level", "day"),
                               holder.get("pod") if holder.get("days") == 0 else None)
            if ante is None:
                if isinstance(it.val.get("unlinked"), dict):  # الخميس التالي with no day before it
                    it.val = dict(it.val["unlinked"], rule=it.val.get("rule"))
                    out.append(it)
                continue
            it.val.pop("unlinked", None)
            holder["ref"], prev = ante
            links.append((holder, prev))
        out.append(it)
    return out


def tag(text: str) -> list[TemporalExpression]:
    """Temporal expressions in ``text``, sorted, non-overlapping, original offsets."""
    if not isinstance(text, str) or not text:
        return []
    n: Normalized = normalize(text)
    norm = n.text
    C.forget()  # what the context helpers kept of the previous text
    pieces = lex(norm)
    if not pieces:
        return []
    chosen = []
    for block in _blocks(pieces, norm):
        # blocks never share an expression: choose within each, and let the rest of its chart go
        for it in _select(list(GRAMMAR.parse(block, norm).expressions)):
            if _named_after_date(norm, it):
                continue
            _close_bracket(norm, it)
            it.val = dict(it.val)
            it.val["rule"] = _rule_names(it)
            it.parts = ()
            chosen.append(it)
    for it in chosen:
        _tense(norm, it)
    _share_year(chosen, norm)
    _same_weekday_tense(chosen, norm)
    _year_from_text(chosen, norm)
    links: list[tuple[dict[str, Any], Item]] = []
    chosen = _link(chosen, norm, links)
    _weekday_refs(chosen, norm)
    _weekday_occasions(chosen, norm)
    for holder, prev in links:  # an antecedent the weekday pass has just placed: copy it again
        if prev.val.get("kind") == "weekday":
            holder["ref"] = _copy_ref(prev)
    out: list[TemporalExpression] = []
    last_end = 0
    for c in chosen:
        start, end = n.span(c.start, c.end)
        if start < last_end or end <= start:
            continue
        last_end = end
        out.append(TemporalExpression(start, end, text[start:end], c.ttype or "DATE", c.val))
    return out
