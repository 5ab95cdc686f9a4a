"""Which of one article's dated expressions tell the same happening.

An article often names one happening several times: a Hijri date and the
Gregorian date "الموافق" to it, "يوم الجمعة، 26 شباط" and "اليوم" further on,
the lead and a later paragraph. Each telling stays a piece of evidence, and
the tellings of one happening make one event. Expressions tell the same
happening when:

- they stand in apposition: side by side, or joined by "الموافق", "الذي
  يوافقه", a bracket ("اليوم الثلاثاء (26 أيلول 2023)");
- they are one coordinated list of days ("أيام الخميس والجمعة والسبت"),
  which dates one happening over those days;
- they date the same interval, unless each names a different place for it
  (two different named places are two happenings);
- one interval holds the other (a month and a day in it) and their sentences
  share enough to be the same happening by the cross-article rules
  (``ingest.events.same``).

An expression that only *supports* a happening (``ingest.events.dating``)
joins the happening it is linked to, and is dropped when there is none.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, Sequence

from ingest.events import cues
from ingest.events.dating import tells_the_future
from ingest.events.prose import Prose
from ingest.events.same import CONTAINED_THRESHOLD, compatible, score

# What may stand between two expressions in apposition: nothing but spaces,
# commas, dashes and brackets, or a word that equates two dates.
_APPOSITION = re.compile(
    r"[\s،,\-–—ـ(\[]*(?:(?:ال)?موافق(?:ة|ين|ان)?(?:\s*لـ?\s*|\s+)?|(?:الذي|التي)\s+يوافق(?:ه|ها)?\s*|يوافق(?:ه|ها)?\s*|أي\s+)?[\s(\[]*",
)
# Between the items of a coordinated list of days: "و", a comma, "يوم"/"يومي"/"أيام".
_LIST = re.compile(r"[\s،,]*و?\s*(?:(?:ال)?(?:يوم|يومي|أيام)\s+)?")


# How many tellings one is compared with (its neighbours in text order for the
# contained rule, the first of a group for one interval): enough for one
# passage, and linear in a long document.
NEIGHBOURS = 12


@dataclass
class Telling:
    """One expression (or the article's own date, for the main event) as a
    candidate for the happening it tells."""

    key: int                          # position in the caller's list
    start: int                        # the expression's span in the article (main without one: -1)
    end: int
    date_start: object
    date_end: object
    granularity: str
    supports_only: bool = False       # may join a happening, never make one
    place: tuple | None = None        # (kind, key) of a place its clause names, if any
    # how much its date is to be trusted against another telling of the same
    # happening, lower better (an explicit Gregorian date over a converted one)
    trust: tuple = ()
    clause: str = ""                  # what its clause says (its title)
    sentence: tuple[int, int] | None = None
    # makes the ingest.events.same.Evidence the contained rule compares (seldom needed)
    make_evidence: Callable[[], object] | None = field(default=None, repr=False)

    @cached_property
    def evidence(self):
        return self.make_evidence() if self.make_evidence is not None else None

    @cached_property
    def future(self) -> bool:
        """Its clause tells what will happen ("سيوافق")."""
        return tells_the_future(self.clause)


def _gap(prose: Prose, a: Telling, b: Telling) -> str | None:
    """The text between ``a`` and ``b`` when ``a`` ends shortly before ``b``."""
    if a.start < 0 or b.start < 0 or b.start < a.end:
        return None
    gap = prose.between(a.end, b.start)
    return gap if len(gap) <= 40 else None


def _in_apposition(prose: Prose, a: Telling, b: Telling) -> bool:
    gap = _gap(prose, a, b)
    return gap is not None and bool(_APPOSITION.fullmatch(gap))


def _listed(prose: Prose, a: Telling, b: Telling) -> bool:
    """``b`` follows ``a`` in a list of consecutive days ("الخميس والجمعة"): days
    that are not consecutive ("الثلاثاء والجمعة") are separate happenings."""
    gap = _gap(prose, a, b)
    return (gap is not None and bool(_LIST.fullmatch(gap)) and a.granularity == b.granularity == "day"
            and (b.date_start - a.date_end).days == 1)


def _range(prose: Prose, a: Telling, b: Telling) -> bool:
    """``a`` and ``b`` are the two ends of one span: "من ``a`` حتى ``b``"."""
    if a.start < 0 or b.start < a.end or a.sentence != b.sentence or b.start - a.end > 80:
        return False
    before_a = _skip_fillers(prose.words_before(a.start, 4))
    before_b = _skip_fillers(prose.words_before(b.start, 4, floor=a.end))
    return (bool(before_a) and cues.in_set(before_a[-1], cues.RANGE_START)
            and bool(before_b) and cues.in_set(before_b[-1], cues.RANGE_END))


def _skip_fillers(words: list[str]) -> list[str]:
    while words and cues.in_set(words[-1], cues.RANGE_FILLER):
        words = words[:-1]
    return words


@dataclass
class Happenings:
    groups: list[list[int]]            # keys of the tellings of each happening
    spans: dict[int, int]              # a span's start → its end ("من ... حتى ..."), by key


def happenings(tellings: Sequence[Telling], prose: Prose) -> Happenings:
    """Groups of ``Telling.key``s that tell one happening, each group in the
    order given (groups holding only supporting tellings are left out), and
    the spans told by their two ends."""
    links: list[tuple[int, int]] = []
    list_links: list[tuple[int, int]] = []
    dropped: set[int] = set()
    spans: dict[int, int] = {}
    in_text = sorted((t for t in tellings if t.start >= 0), key=lambda t: (t.start, t.end))
    for a, b in zip(in_text, in_text[1:]):
        if _in_apposition(prose, a, b):
            if compatible(a.date_start, a.date_end, a.granularity, b.date_start, b.date_end, b.granularity):
                links.append((a.key, b.key))
            else:
                # two readings of one date that disagree: the one less to be trusted goes
                dropped.add(max(a, b, key=lambda t: (t.trust, t.key)).key)
        elif _listed(prose, a, b):
            list_links.append((a.key, b.key))
    for i, a in enumerate(in_text):
        if a.supports_only or a.granularity != "day":
            continue
        for b in in_text[i + 1:i + 4]:
            if b.granularity != "day" or not _range(prose, a, b):
                continue
            if b.date_start > a.date_end:
                links.append((a.key, b.key))
                spans[a.key] = b.key
            else:
                dropped.add(b.key)  # a span's end read before its start: the end is misread
            break
    # a list one of whose days was dropped as a misreading goes with it: the
    # dates it was dropped for restate the list ("يومي الثلاثاء والأربعاء الموافقين ...")
    grown = True
    while grown:
        grown = False
        for a, b in list_links:
            if (a in dropped) != (b in dropped):
                dropped.update((a, b))
                grown = True
    links += list_links
    tellings = [t for t in tellings if t.key not in dropped]
    parent = {t.key: t.key for t in tellings}

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for a_key, b_key in links:
        if a_key not in dropped and b_key not in dropped:
            union(a_key, b_key)
    by_interval: dict[tuple, list[Telling]] = {}
    for t in tellings:
        by_interval.setdefault((t.date_start, t.date_end), []).append(t)
    for same in by_interval.values():
        _join_same_interval(same, union)
    _join_contained(tellings, union)
    groups: dict[int, list[int]] = {}
    for t in tellings:
        groups.setdefault(find(t.key), []).append(t.key)
    strong = {t.key for t in tellings if not t.supports_only}
    kept = [g for g in groups.values() if any(k in strong for k in g)]
    return Happenings(kept, {a: b for a, b in spans.items() if a not in dropped and b not in dropped})


def _join_same_interval(same: list[Telling], union) -> None:
    """Tellings of one interval are one happening, except that tellings naming
    different places are two happenings, and so, within one sentence, are what
    happened and what will ("عقب الاجتماع المنعقد يوم الجمعة، 26 شباط:
    ”سيوافق عليه مجلس الأمن اليوم”")."""
    groups: list[list[Telling]] = []
    for t in same:
        for g in groups:
            if not any(_apart(t, m) for m in g[:NEIGHBOURS]):
                g.append(t)
                union(g[0].key, t.key)
                break
        else:
            groups.append([t])


def _apart(a: Telling, b: Telling) -> bool:
    # a city and a country can both be where one thing happened; two cities cannot
    if a.place and b.place and a.place[0] == b.place[0] and a.place[1] != b.place[1]:
        return True
    return a.sentence is not None and a.sentence == b.sentence and a.future != b.future


def _join_contained(tellings: Sequence[Telling], union) -> None:
    """A day inside a month (or a multi-day span) told by sentences that share
    enough: one happening, as across articles."""
    dated = [t for t in tellings if t.make_evidence is not None]
    dated.sort(key=lambda t: (t.start, t.end))
    for i, a in enumerate(dated):
        for b in dated[i + 1:i + 1 + NEIGHBOURS]:
            if (a.date_start, a.date_end) == (b.date_start, b.date_end):
                continue
            if compatible(a.date_start, a.date_end, a.granularity, b.date_start, b.date_end, b.granularity) is None:
                continue
            points = score(a.evidence, b.evidence)
            if points is not None and points >= CONTAINED_THRESHOLD:
                union(a.key, b.key)
