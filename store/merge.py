"""Cross-article merging: evidence rows that tell the same happening become one event.

Every sentence that dates a happening is stored as an ``event_mentions`` row
with its own date, place, entities and key words. Events are groups of those
rows:

- two rows can tell the same happening only if their intervals agree: equal,
  or one containing the other at a coarser granularity (the month of "الشهر
  الماضي" holds the 23-24 of the meeting; the two days of a meeting hold its
  first day). Intervals coarser than a month merge only when equal;
- and only if they share enough: the place named (a different named place
  rules a merge out), participants, other places, key words (see ``score``);
- two rows from the same sentence never merge.

A row joins the event it scores best with, or starts one (``Grouping.place``).
Rows are taken in a fixed order (finest granularity first, then date, then
document key and offset), so ``cluster`` over a set of rows depends only on
the rows, never on the order documents arrived in; ``recompute_all`` regroups
the whole store that way.

Writes are incremental. A written row starts *pending* (``event_id`` NULL):
``group_pending`` then places each pending row, in the same fixed order, into
the events already stored around its date or into a new one, so its cost
depends on the rows written and their neighbourhood, not on the size of the
store. A bulk ingest leaves its rows pending and groups them in passes, a
month of dates at a time, while it runs and at its end; a single document is
grouped at once.
Rows removed from an event (a changed or deleted article) leave it with the
rest of its rows (``refresh_events``). Grouped incrementally, a happening
reported in several arrival orders can end up grouped slightly differently
from a full regroup; ``recompute_all`` (``timeline events regroup``) makes
the grouping canonical again.
"""
from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Any, Iterable, Sequence

from sqlalchemy import and_, bindparam, delete, insert, or_, select, text, update
from sqlalchemy.orm import Session

from ingest.temporal.hijri import to_hijri_iso
from ingest.temporal.types import GRANULARITIES
from store.bulk import chunks, gc_paused, hold_write_lock, insert_rows
from store.models import Document, Entity, Event, EventEntity, EventMention

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


def _coarse(granularity: str) -> bool:
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


def score(a: Evidence, b: Evidence) -> float | None:
    """How much two rows share; None when they cannot be the same happening."""
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

    def add(self, c: Cluster) -> None:
        c.index = len(self.clusters)
        self.clusters.append(c)
        self._register(c)

    def _register(self, c: Cluster) -> None:
        start, end, gran = c.interval
        if (c.index, start, end) in self._registered:
            return
        self._registered.add((c.index, start, end))
        self._by_span[(start, end)].append(c)
        if not _coarse(gran) and (end - start).days <= MAX_INDEXED_DAYS:
            day = start
            while day <= end:
                self._by_day[day].append(c)
                day += _ONE_DAY

    def candidates(self, ev: Evidence) -> list[Cluster]:
        """Every event whose date could be compatible with the row's, oldest first."""
        if _coarse(ev.granularity) or (ev.date_end - ev.date_start).days > MAX_INDEXED_DAYS:
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
        """Put the row into the event it scores best with (at least the threshold), or a new one."""
        best: tuple[float, Cluster] | None = None
        sentence = ev.sentence
        own_place = ev.place_key if ev.place_named else None
        for c in self.candidates(ev):
            need = _how(ev, c.dating)
            if need is None or sentence in c.sentences:
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
        else:
            target = best[1]
            if target.event_id is not None and target.stored is None:
                target.stored = _event_fields(target)
            target.add(ev)
            self._register(target)
        return target


def cluster(rows: Iterable[Evidence]) -> list[Cluster]:
    """Group rows into events (deterministic: depends only on the rows)."""
    grouping = Grouping()
    for ev in sorted(rows, key=lambda e: e.order):
        grouping.place(ev)
    return grouping.clusters


# --- the store side -----------------------------------------------------------------------------

_EM = EventMention.__table__
_EVENTS = Event.__table__
_EE = EventEntity.__table__
# An arbitrary 64-bit constant naming "grouping evidence into events" among advisory locks.
GROUPING_LOCK_KEY = 0x6D65_7267_6520_6576 & 0x7FFF_FFFF_FFFF_FFFF


def _evidence_select():
    return select(
        _EM.c.id, _EM.c.event_id, _EM.c.document_id, Document.key, Document.source, Document.page_key,
        _EM.c.kind, _EM.c.sentence_start, _EM.c.sentence_end, _EM.c.mention_id, _EM.c.date_start, _EM.c.date_end,
        _EM.c.granularity, _EM.c.confidence, _EM.c.place, _EM.c.place_key, _EM.c.place_named, _EM.c.entities,
        _EM.c.keywords, _EM.c.title, _EM.c.text, _EM.c.value, _EM.c.end_value, _EM.c.calendar, _EM.c.rule,
        _EM.c.explanation,
    ).join(Document, Document.id == _EM.c.document_id)


def _evidence(r: Any) -> Evidence:
    # the columns of _evidence_select, passed to Evidence in the order of its fields
    (row_id, event_id, document_id, key, source, page_key, kind, sentence_start, sentence_end, mention_id,
     date_start, date_end, granularity, confidence, place, place_key, place_named, entities, keywords,
     title, text_, value, end_value, calendar, rule, explanation) = r
    ents = tuple(entities or ())
    people, orgs, places = set(), set(), set()
    for e in ents:
        found = _ENTITY_SETS.get(e.get("kind"))
        if found is not None:
            (people, orgs, places)[found].add(e["key"])
    people_ = frozenset(people)
    return Evidence(
        row_id, event_id, document_id, key, source or page_key or key, kind, sentence_start, sentence_end,
        mention_id, date_start, date_end, granularity, confidence, place, place_key, bool(place_named),
        people_, people_ | orgs, frozenset(places), frozenset(keywords or ()), title, text_, value, end_value,
        calendar, rule, ents, explanation,
    )


_ENTITY_SETS = {"person": 0, "organisation": 1, "place": 2}


def _load(session: Session, *conditions) -> list[Evidence]:
    return [_evidence(r) for r in session.execute(_evidence_select().where(*conditions))]


def _clusters_of(rows: Iterable[Evidence]) -> list[Cluster]:
    """Stored events as clusters, in the fixed order of their first rows."""
    by_event: dict[int, list[Evidence]] = defaultdict(list)
    for r in rows:
        by_event[r.event_id].append(r)
    clusters = []
    for event_id, members in by_event.items():
        c = Cluster(event_id=event_id)
        for m in sorted(members, key=lambda m: m.order):
            c.add(m)
        clusters.append(c)
    clusters.sort(key=lambda c: c.members[0].order)
    return clusters


def _serialize(session: Session) -> None:
    """Take the grouping lock for this transaction: two writers grouping the same
    pending rows at once would each make events of them."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": GROUPING_LOCK_KEY})
    else:
        hold_write_lock(session, _EVENTS)


@dataclass
class Unit:
    """Pending rows grouped together: a month of dates (by their last day), or one coarse interval."""

    key: tuple
    ids: list[int]


def pending_units(session: Session, document_ids: Sequence[int] | None = None) -> list[Unit]:
    """The pending rows (of these documents, or all), in the order they are grouped."""
    stmt = select(_EM.c.id, _EM.c.date_start, _EM.c.date_end, _EM.c.granularity).where(_EM.c.event_id.is_(None))
    found: dict[tuple, list[int]] = defaultdict(list)
    for ids in ([document_ids] if document_ids is None else chunks(list(document_ids))):
        query = stmt if ids is None else stmt.where(_EM.c.document_id.in_(ids))
        for row_id, start, end, gran in session.execute(query):
            key = (1, start, end) if _coarse(gran) else (0, end.year, end.month)
            found[key].append(row_id)
    return [Unit(key, sorted(found[key])) for key in sorted(found)]


def group_pending(session: Session, document_ids: Sequence[int] | None = None) -> int:
    """Group the pending rows (of these documents, or all) into events; returns how many.

    One transaction (the caller's). An ingest run calls ``group_unit`` per unit
    instead, in transactions of its own, to keep each transaction small.
    """
    return sum(group_unit(session, unit) for unit in pending_units(session, document_ids))


def group_unit(session: Session, unit: Unit, cache: dict | None = None) -> int:
    """Place one unit's pending rows into the stored events around them, or new ones."""
    with gc_paused():
        return _group_unit(session, unit, cache if cache is not None else {})


def _group_unit(session: Session, unit: Unit, cache: dict) -> int:
    _serialize(session)
    pending: list[Evidence] = []
    for ids in chunks(unit.ids):
        pending += _load(session, _EM.c.id.in_(ids), _EM.c.event_id.is_(None))
    if not pending:  # grouped meanwhile by another writer
        return 0
    if unit.key[0] == 1:
        _, start, end = unit.key
        around = [_EVENTS.c.date_start == start, _EVENTS.c.date_end == end,
                  _EVENTS.c.granularity.not_in(FINE_GRANULARITIES)]
        spans_conditions = [and_(*around)]
    else:
        spans = _coalesce([(r.date_start, r.date_end) for r in pending])
        spans_conditions = [and_(_EVENTS.c.date_start <= hi, _EVENTS.c.date_end >= lo,
                                 _EVENTS.c.granularity.in_(FINE_GRANULARITIES)) for lo, hi in spans]
    stored: dict[int, Evidence] = {}  # by id: an event may lie in two stretches
    for conditions in chunks(spans_conditions, 50):
        nearby = select(_EVENTS.c.id).where(or_(*conditions))
        stored.update((r.id, r) for r in _load(session, _EM.c.event_id.in_(nearby)))
    grouping = Grouping()
    for c in _clusters_of(stored.values()):
        grouping.add(c)
    for ev in sorted(pending, key=lambda e: e.order):
        grouping.place(ev).changed = True
    _store(session, [c for c in grouping.clusters if c.changed], cache)
    return len(pending)


def _coalesce(spans: list[tuple[date, date]]) -> list[tuple[date, date]]:
    """Overlapping spans as one: a unit touches many days, a query per stretch is enough."""
    out: list[tuple[date, date]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1] + _ONE_DAY:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def refresh_events(session: Session, event_ids: Iterable[int]) -> None:
    """Events that lost rows: rewritten from the rows they have left, deleted when none are left."""
    ids = sorted(set(event_ids))
    if not ids:
        return
    _serialize(session)  # another writer must not add to them between reading and writing
    rows: list[Evidence] = []
    for part in chunks(ids):
        rows += _load(session, _EM.c.event_id.in_(part))
    clusters = _clusters_of(rows)
    for c in clusters:
        c.changed = True
    _store(session, clusters, {})
    gone = sorted(set(ids) - {c.event_id for c in clusters})
    for part in chunks(gone):
        session.execute(delete(_EVENTS).where(_EVENTS.c.id.in_(part)))


def recompute_all(session: Session) -> None:
    """Regroup every row from scratch: the canonical grouping, whatever order
    articles arrived in (after changing the merge rules, or now and then after
    many incremental runs). Events keep their ids where a group keeps most of
    an event's old rows."""
    with gc_paused():
        _recompute_all(session)


def _recompute_all(session: Session) -> None:
    _serialize(session)
    rows = _load(session)
    clusters = cluster(rows)
    rows_per_event = Counter(r.event_id for r in rows if r.event_id is not None)
    used: set[int] = set()
    for c in sorted(clusters, key=lambda c: c.members[0].order):
        votes = Counter(m.event_id for m in c.members if m.event_id is not None and m.event_id not in used)
        if votes:
            c.event_id = min(votes, key=lambda i: (-votes[i], i))
            used.add(c.event_id)
            # exactly an event's rows, none new and none gone: stored as it would be written again
            c.changed = not (votes[c.event_id] == len(c.members) == rows_per_event[c.event_id])
        else:
            c.changed = True
    # rows whose event is taken by another group move out first: the delete below cascades
    _store(session, [c for c in clusters if c.changed], {})
    existing = set(session.scalars(select(_EVENTS.c.id)))
    gone = sorted(existing - {c.event_id for c in clusters})
    for part in chunks(gone):
        session.execute(delete(_EVENTS).where(_EVENTS.c.id.in_(part)))


# --- writing events ------------------------------------------------------------------------------

def _representative(c: Cluster) -> Evidence:
    """The row the event's text comes from: one dating it exactly, the article's
    own statement first, then the surest date, then the fixed order."""
    start, end, _gran = c.interval
    return min(c.members, key=lambda m: ((m.date_start, m.date_end) != (start, end), m.kind != "main",
                                         -m.confidence, m.order))


def _event_fields(c: Cluster) -> dict[str, Any]:
    start, end, gran = c.interval
    rep = _representative(c)
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


def _store(session: Session, clusters: list[Cluster], cache: dict) -> None:
    """Write the given clusters: their events' fields, their rows' event ids, their entities."""
    if not clusters:
        return
    new = [c for c in clusters if c.event_id is None]
    old = [c for c in clusters if c.event_id is not None]
    fields = {id(c): _event_fields(c) for c in clusters}
    for c, event_id in zip(new, insert_rows(session, _EVENTS, [fields[id(c)] for c in new])):
        c.event_id = event_id
    # one statement per set of changed columns
    changes: dict[tuple[str, ...], list[dict]] = defaultdict(list)
    for c in old:
        now = fields[id(c)]
        diff = now if c.stored is None else {k: v for k, v in now.items() if c.stored.get(k) != v}
        if diff:
            changes[tuple(sorted(diff))].append({"b_id": c.event_id, **diff})
    for params in changes.values():
        session.execute(update(_EVENTS).where(_EVENTS.c.id == bindparam("b_id")), params)
    moves = [{"b_id": m.id, "b_event": c.event_id} for c in clusters for m in c.members if m.event_id != c.event_id]
    if moves:
        session.execute(update(_EM).where(_EM.c.id == bindparam("b_id")).values(event_id=bindparam("b_event")),
                        moves)
    for c in clusters:
        for m in c.members:
            m.event_id = c.event_id
    _link_entities(session, clusters, {c.event_id: fields[id(c)]["place"] for c in clusters},
                   {c.event_id for c in new}, cache)


def _roles(c: Cluster, place: str | None) -> dict[tuple[str, str], tuple[str, dict]]:
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


def _entity_ids(session: Session, wanted: dict[tuple[str, str], dict], cache: dict) -> dict[tuple[str, str], int]:
    """Entity ids by (kind, folded key), created where missing; ``cache`` lives as long as the caller likes."""
    missing = [k for k in wanted if k not in cache]
    by_kind: dict[str, list[str]] = defaultdict(list)
    for kind, key in missing:
        by_kind[kind].append(key)
    need_en: list[dict] = []
    for kind, keys in by_kind.items():
        for part in chunks(keys):
            for ent_id, key, name_en in session.execute(
                    select(Entity.id, Entity.normalized, Entity.name_en)
                    .where(Entity.kind == kind, Entity.normalized.in_(part))):
                cache[(kind, key)] = ent_id
                if not name_en and wanted[(kind, key)].get("name_en"):
                    need_en.append({"b_id": ent_id, "name_en": wanted[(kind, key)]["name_en"]})
    for kind, key in missing:
        if (kind, key) in cache:
            continue
        e = wanted[(kind, key)]
        # a row written by hand, with a name but not its folded key
        ent_id = session.scalar(select(Entity.id).where(Entity.kind == kind, Entity.name == e["name"]))
        if ent_id is None:
            ent_id = session.execute(insert(Entity.__table__).returning(Entity.id).values(
                kind=kind, name=e["name"], name_en=e.get("name_en"), normalized=key,
                subkind=e.get("subkind"))).scalar_one()
        cache[(kind, key)] = ent_id
    if need_en:
        session.execute(update(Entity.__table__).where(Entity.id == bindparam("b_id")), need_en)
    return {k: cache[k] for k in wanted}


def _link_entities(session: Session, clusters: list[Cluster], places: dict[int, str | None], new_ids: set[int],
                   cache: dict) -> None:
    """event_entities from the rows' entities, touching only what changed."""
    roles = {c.event_id: _roles(c, places[c.event_id]) for c in clusters}
    wanted = {k: e for r in roles.values() for k, (_role, e) in r.items()}
    ids = _entity_ids(session, wanted, cache)
    have: dict[int, dict[int, str]] = defaultdict(dict)
    for part in chunks(sorted(set(roles) - new_ids)):
        for event_id, entity_id, role in session.execute(
                select(_EE.c.event_id, _EE.c.entity_id, _EE.c.role).where(_EE.c.event_id.in_(part))):
            have[event_id][entity_id] = role
    inserts, deletes = [], []
    for event_id, r in roles.items():
        want = {ids[k]: role for k, (role, _e) in r.items()}
        had = have.get(event_id, {})
        deletes += [{"b_event": event_id, "b_entity": i} for i, role in had.items() if want.get(i) != role]
        inserts += [{"event_id": event_id, "entity_id": i, "role": role}
                    for i, role in sorted(want.items()) if had.get(i) != role]
    if deletes:
        session.execute(delete(_EE).where(_EE.c.event_id == bindparam("b_event"),
                                          _EE.c.entity_id == bindparam("b_entity")), deletes)
    if inserts:
        session.execute(insert(_EE), inserts)

