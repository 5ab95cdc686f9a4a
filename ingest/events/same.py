"""Whether two pieces of evidence tell the same happening, and what the event shows.

Every sentence that dates a happening is stored as an ``event_mentions`` row
(evidence) with its own date, place, entities and key words. Events are
groups of those rows:

- two rows can tell the same happening only if their intervals agree: equal,
  or one containing the other at a coarser granularity (the month of "الشهر
  الماضي" holds the 23-24 of the meeting; the two days of a meeting hold its
  first day). Intervals coarser than a month merge only when equal;
- and only if they share enough: the place named (a different named place
  rules a merge out), participants, other places, key words (see ``score``);
- two rows from the same sentence never merge;
- rows of one document numbered with a happening (``happening``, given by
  ``ingest.events.within``) follow that number: the document's rows of one
  happening are one event, rows of two of its happenings never are.

A row joins the event it scores best with, or starts one (``Grouping.place``).
Rows are taken in a fixed order (finest granularity first, then date, then
document key and offset), so ``cluster`` over a set of rows depends only on
the rows, never on the order documents arrived in.

This module is pure: no database. ``ingest.events.grouping`` applies it to
the stored evidence, and ``event_fields`` says what the stored event shows.
"""
from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Any, Iterable

from ingest.temporal.hijri import to_hijri_iso
from ingest.temporal.types import GRANULARITIES

_RANK = {g: i for i, g in enumerate(GRANULARITIES)}
_DAY_RANK = _RANK["day"]
# Coarsest granularity that can hold a finer one in a merge.
_CONTAINER_MAX = _RANK["month"]
FINE_GRANULARITIES = tuple(g for g in GRANULARITIES if _RANK[g] <= _CONTAINER_MAX)
# Points a pair must reach: same interval / one interval inside the other.
SAME_INTERVAL_THRESHOLD = 3.0
CONTAINED_THRESHOLD = 4.0
# Confidence bonus per extra agreeing source, and its cap.
SOURCE_BONUS, SOURCE_BONUS_MAX = 0.05, 0.15
ROLE_ORDER = {"place": 0, "participant": 1, "mentioned": 2}
# A row is scored against at most this many members of an event (its first,
# in the fixed order): a day that hundreds of articles report would otherwise
# cost a comparison with every one of them for every new row.
MAX_COMPARED = 12
# Intervals longer than this are found by exact interval only (a "day" span
# of years is not a real date and must not cost a loop over its days).
MAX_INDEXED_DAYS = 400
_ONE_DAY = timedelta(days=1)


@dataclass
class Evidence:
    """One event_mentions row as merging sees it."""

    id: int
    event_id: int | None
    document_id: int
    doc_key: str
    source_key: str
    kind: str
    sentence_start: int
    sentence_end: int
    mention_id: int | None
    date_start: date
    date_end: date
    granularity: str
    confidence: float
    place: str | None
    place_key: str | None
    place_named: bool
    people: frozenset[str] = frozenset()
    participants: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    keywords: frozenset[str] = frozenset()
    title: str = ""
    # what the event takes from the row that tells it best
    text: str = ""
    value: str = ""
    end_value: str | None = None
    calendar: str = "gregorian"
    rule: str | None = None
    entities: tuple[dict, ...] = ()
    explanation: str | None = None
    happening: int | None = None   # the happening it tells, numbered within its document

    @cached_property
    def rank(self) -> int:
        return _RANK.get(self.granularity, len(_RANK))

    @cached_property
    def order(self) -> tuple:
        # everything before the id is content, so that the id (which follows
        # the order documents arrived in) only separates identical rows
        return (self.rank, self.date_start, self.date_end, self.doc_key, self.sentence_start, self.kind,
                self.title, self.place_key or "", tuple(sorted(self.keywords)), self.id)

    @property
    def sentence(self) -> tuple[int, int, int]:
        return (self.document_id, self.sentence_start, self.sentence_end)


def coarse(granularity: str) -> bool:
    return _RANK.get(granularity, len(_RANK)) > _CONTAINER_MAX


def compatible(a_start: date, a_end: date, a_gran: str, b_start: date, b_end: date, b_gran: str) -> str | None:
    """"same", "contained" or None: whether two intervals can date one happening."""
    return _relation(a_start, a_end, _RANK.get(a_gran, len(_RANK)), b_start, b_end, _RANK.get(b_gran, len(_RANK)))


def _relation(a_start: date, a_end: date, ra: int, b_start: date, b_end: date, rb: int) -> str | None:
    if a_start == b_start and a_end == b_end:
        return "same" if (ra > _CONTAINER_MAX) == (rb > _CONTAINER_MAX) or ra == rb else None
    if ra > _CONTAINER_MAX or rb > _CONTAINER_MAX:
        return None
    if b_start <= a_start and a_end <= b_end:
        outer, inner = rb, ra
    elif a_start <= b_start and b_end <= a_end:
        outer, inner = ra, rb
    else:
        return None
    # the container must be the coarser one, or a multi-day span holding one of its days
    return "contained" if outer > inner or outer == inner == _DAY_RANK else None


# What two rows of one document telling one happening score: more than anything else.
SAME_HAPPENING = 100.0


def score(a: Evidence, b: Evidence) -> float | None:
    """How much two rows share; None when they cannot be the same happening."""
    if a.document_id == b.document_id and a.happening is not None and b.happening is not None:
        return SAME_HAPPENING if a.happening == b.happening else None
    if a.sentence == b.sentence:
        return None
    points = 0.0
    if a.place_key and b.place_key:
        if a.place_key == b.place_key:
            points += 2.0 if (a.place_named and b.place_named) else 1.0
        elif a.place_named and b.place_named:
            return None
    points += min(2.0, len(a.participants & b.participants))
    # each side names someone the other does not: two different meetings
    if len(a.people) >= 2 and len(b.people) >= 2 and (a.people - b.people) and (b.people - a.people):
        points -= 3.0
    points += min(1.0, 0.5 * len(a.places & b.places))
    points += min(3.0, len(a.keywords & b.keywords))
    return points


def _date_preference(e: Evidence) -> tuple:
    return (e.rank, -(e.date_end - e.date_start).days, e.order)


@dataclass(eq=False)
class Cluster:
    """The rows of one event; ``event_id`` once it is stored."""

    members: list[Evidence] = field(default_factory=list)
    event_id: int | None = None
    changed: bool = False
    # a stored event's fields before this grouping added to it: only what
    # differs is written (the full-text index is rebuilt only for new text)
    stored: dict[str, Any] | None = field(default=None, repr=False)
    index: int = -1  # place in its Grouping: ties go to the older event
    _best: Evidence | None = field(default=None, repr=False)
    sentences: set[tuple[int, int, int]] = field(default_factory=set, repr=False)
    # the happenings of each document among its rows (document id → numbers)
    happenings: dict[int, set[int]] = field(default_factory=dict, repr=False)
    named_place: str | None = None
    # union of what the compared members share with others: a cheap bound on any score
    _features: tuple[set, set, set, set] | None = field(default=None, repr=False)

    def add(self, e: Evidence) -> None:
        if not self.members or e.order >= self.members[-1].order:
            self.members.append(e)
        else:
            bisect.insort(self.members, e, key=lambda m: m.order)
            self._features = None
            self.named_place = None
            for m in self.members:  # the first named place in the fixed order
                if m.place_named and m.place_key:
                    self.named_place = m.place_key
                    break
        self.sentences.add(e.sentence)
        if e.happening is not None:
            self.happenings.setdefault(e.document_id, set()).add(e.happening)
        if self.named_place is None and e.place_named and e.place_key:
            self.named_place = e.place_key
        if self._best is None or _date_preference(e) < _date_preference(self._best):
            self._best = e
        if self._features is not None and len(self.members) <= MAX_COMPARED:
            self._grow_features(e)

    @property
    def compared(self) -> list[Evidence]:
        return self.members[:MAX_COMPARED]

    @property
    def features(self) -> tuple[set, set, set, set]:
        if self._features is None:
            self._features = (set(), set(), set(), set())
            for m in self.compared:
                self._grow_features(m)
        return self._features

    def _grow_features(self, m: Evidence) -> None:
        place_keys, participants, places, keywords = self._features
        if m.place_key:
            place_keys.add(m.place_key)
        participants |= m.participants
        places |= m.places
        keywords |= m.keywords

    @property
    def dating(self) -> Evidence:
        """The row giving the event's date: the finest granularity, the widest span of those."""
        return self._best or min(self.members, key=_date_preference)

    @property
    def interval(self) -> tuple[date, date, str]:
        best = self.dating
        return best.date_start, best.date_end, best.granularity


def _upper_bound(ev: Evidence, c: Cluster) -> float:
    """No member of ``c`` can score more than this with ``ev`` (penalties ignored)."""
    place_keys, participants, places, keywords = c.features
    points = 2.0 if ev.place_key and ev.place_key in place_keys else 0.0
    if ev.participants:
        shared = len(ev.participants & participants)
        points += 2.0 if shared >= 2 else shared
    if ev.places and not ev.places.isdisjoint(places):
        points += 1.0 if len(ev.places & places) >= 2 else 0.5
    shared = len(ev.keywords & keywords)
    return points + (3.0 if shared >= 3 else shared)


def _how(ev: Evidence, best: Evidence) -> float | None:
    """The points a row must reach with an event dated by ``best`` (None: their dates disagree)."""
    relation = _relation(ev.date_start, ev.date_end, ev.rank, best.date_start, best.date_end, best.rank)
    if relation is None:
        return None
    return SAME_INTERVAL_THRESHOLD if relation == "same" else CONTAINED_THRESHOLD


class Grouping:
    """Events being built, indexed by the days their dates cover."""

    def __init__(self) -> None:
        self.clusters: list[Cluster] = []
        self._by_day: dict[date, list[Cluster]] = defaultdict(list)
        self._by_span: dict[tuple[date, date], list[Cluster]] = defaultdict(list)
        self._registered: set[tuple[int, date, date]] = set()
        self._by_happening: dict[tuple[int, int], Cluster] = {}

    def add(self, c: Cluster) -> None:
        c.index = len(self.clusters)
        self.clusters.append(c)
        self._register(c)

    def _register(self, c: Cluster) -> None:
        for document_id, numbers in c.happenings.items():
            for n in numbers:
                self._by_happening.setdefault((document_id, n), c)
        start, end, gran = c.interval
        if (c.index, start, end) in self._registered:
            return
        self._registered.add((c.index, start, end))
        self._by_span[(start, end)].append(c)
        if not coarse(gran) and (end - start).days <= MAX_INDEXED_DAYS:
            day = start
            while day <= end:
                self._by_day[day].append(c)
                day += _ONE_DAY

    def candidates(self, ev: Evidence) -> list[Cluster]:
        """Every event whose date could be compatible with the row's, oldest first."""
        if coarse(ev.granularity) or (ev.date_end - ev.date_start).days > MAX_INDEXED_DAYS:
            found = {c.index: c for c in self._by_span.get((ev.date_start, ev.date_end), ())}
        else:
            found = {}
            day = ev.date_start
            while day <= ev.date_end:
                for c in self._by_day.get(day, ()):
                    found[c.index] = c
                day += _ONE_DAY
        return [found[i] for i in sorted(found)]

    def place(self, ev: Evidence) -> Cluster:
        """Put the row into the event it scores best with (at least the threshold), or a new one.

        A row whose document has put another row of the same happening in an
        event joins that event; it never joins one holding another happening
        of its document."""
        best: tuple[float, Cluster] | None = None
        if ev.happening is not None:
            told = self._by_happening.get((ev.document_id, ev.happening))
            if told is not None:
                return self._join(told, ev)
        sentence = ev.sentence
        own_place = ev.place_key if ev.place_named else None
        for c in self.candidates(ev):
            need = _how(ev, c.dating)
            if need is None or sentence in c.sentences:
                continue
            if ev.happening is not None and ev.document_id in c.happenings:
                continue
            if own_place and c.named_place and own_place != c.named_place:
                continue
            bound = _upper_bound(ev, c)
            if bound < need or (best is not None and bound <= best[0]):
                continue
            top = None
            for m in c.compared:
                s = score(ev, m)
                if s is None:
                    break
                if top is None or s > top:
                    top = s
            else:
                if top is not None and top >= need and (best is None or top > best[0]):
                    best = (top, c)
        if best is None:
            target = Cluster()
            target.add(ev)
            self.add(target)
            return target
        return self._join(best[1], ev)

    def _join(self, target: Cluster, ev: Evidence) -> Cluster:
        if target.event_id is not None and target.stored is None:
            target.stored = event_fields(target)
        target.add(ev)
        self._register(target)
        return target


def cluster(rows: Iterable[Evidence]) -> list[Cluster]:
    """Group rows into events (deterministic: depends only on the rows)."""
    grouping = Grouping()
    for ev in sorted(rows, key=lambda e: e.order):
        grouping.place(ev)
    return grouping.clusters


# --- what an event shows ---------------------------------------------------------------------

def representative(c: Cluster) -> Evidence:
    """The row the event's text comes from: one dating it exactly, the article's
    own statement first, then the surest date, then the fixed order."""
    start, end, _gran = c.interval
    return min(c.members, key=lambda m: ((m.date_start, m.date_end) != (start, end), m.kind != "main",
                                         -m.confidence, m.order))


def event_fields(c: Cluster) -> dict[str, Any]:
    """The columns of the ``events`` row a cluster makes: its dating row's interval,
    its representative row's text, title and place, counts and confidence."""
    start, end, gran = c.interval
    rep = representative(c)
    exact = rep if (rep.date_start, rep.date_end) == (start, end) else \
        next(m for m in c.members if (m.date_start, m.date_end) == (start, end))
    hijri_start, hijri_end = to_hijri_iso(start), to_hijri_iso(end)
    documents = {m.document_id for m in c.members}
    sources = {m.source_key for m in c.members}
    bonus = min(SOURCE_BONUS_MAX, SOURCE_BONUS * (len(sources) - 1))
    place = rep.place or next((m.place for m in c.members if m.place_named and m.place), None) \
        or next((m.place for m in c.members if m.place), None)
    return dict(
        date_start=start, date_end=end, granularity=gran, value=exact.value, end_value=exact.end_value,
        hijri_start=hijri_start, hijri_end=hijri_end,
        hijri_year=int(hijri_start[:4]) if hijri_start else None,
        hijri_month=int(hijri_start[5:7]) if hijri_start else None,
        calendar=rep.calendar, kind=rep.kind, title=rep.title, text=rep.text, place=place, rule=rep.rule,
        explanation=rep.explanation,
        document_id=rep.document_id, mention_id=rep.mention_id,
        document_count=len(documents), source_count=len(sources),
        confidence=round(min(0.99, max(m.confidence for m in c.members) + bonus), 3),
    )



def entity_roles(c: Cluster, place: str | None) -> dict[tuple[str, str], tuple[str, dict]]:
    """(kind, key) → (role, entity as a row gave it); one place: the event's."""
    roles: dict[tuple[str, str], tuple[str, dict]] = {}
    place_key = next((m.place_key for m in c.members if m.place == place and m.place_key), None)
    for m in c.members:
        for e in m.entities:
            role = e.get("role", "participant")
            if e["kind"] == "place":
                role = "place" if e["key"] == place_key else "mentioned"
            k = (e["kind"], e["key"])
            if k not in roles or ROLE_ORDER[role] < ROLE_ORDER[roles[k][0]]:
                roles[k] = (role, e)
    return roles

