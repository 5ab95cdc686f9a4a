"""Cross-article merging: evidence rows that tell the same happening become one event.

Every sentence that dates a happening is stored as an ``event_mentions`` row
with its own date, place, entities and key words. Events are groups of those
rows, recomputed whenever a document is written or deleted:

- two rows can tell the same happening only if their intervals agree: equal,
  or one containing the other at a coarser granularity (the month of "الشهر
  الماضي" holds the 23-24 of the meeting; the two days of a meeting hold its
  first day). Intervals coarser than a month merge only when equal;
- and only if they share enough: the place named (a different named place
  rules a merge out), participants, other places, key words (see ``score``);
- two rows from the same sentence never merge.

Grouping is greedy over rows in a fixed order (finest granularity first, then
date, then document key and offset), so it depends only on the rows, never on
the order documents arrived in. Rows interact only when their intervals
overlap, so after a change only the rows overlapping the changed intervals
(grown until closed under overlap) are regrouped, and the result is what a
full recomputation would give. Event ids are kept where a group keeps most of
its old rows.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ingest.temporal.hijri import to_hijri_iso
from ingest.temporal.types import GRANULARITIES
from store.models import Document, Entity, Event, EventEntity, EventMention

_RANK = {g: i for i, g in enumerate(GRANULARITIES)}
# Coarsest granularity that can hold a finer one in a merge.
_CONTAINER_MAX = _RANK["month"]
# Points a pair must reach: same interval / one interval inside the other.
SAME_INTERVAL_THRESHOLD = 3.0
CONTAINED_THRESHOLD = 4.0
# Confidence bonus per extra agreeing source, and its cap.
SOURCE_BONUS, SOURCE_BONUS_MAX = 0.05, 0.15
ROLE_ORDER = {"place": 0, "participant": 1, "mentioned": 2}
# A row is scored against at most this many members of a cluster (its first,
# in the fixed order): a day that hundreds of articles report would otherwise
# cost a comparison with every one of them for every new row.
MAX_COMPARED = 12
# Grow the regrouped window until it is closed under overlap (exactly what a
# full regroup gives) or stop at the rows overlapping what changed (bounded
# cost per write; a chain of overlapping intervals can then regroup differently
# from a full recompute until `recompute_all`).
EXPAND_WINDOW = False


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

    @property
    def rank(self) -> int:
        return _RANK.get(self.granularity, len(_RANK))

    @property
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
    if (a_start, a_end) == (b_start, b_end):
        return "same" if (_coarse(a_gran) == _coarse(b_gran)) or a_gran == b_gran else None
    if _coarse(a_gran) or _coarse(b_gran):
        return None
    a_in_b = b_start <= a_start and a_end <= b_end
    b_in_a = a_start <= b_start and b_end <= a_end
    if not (a_in_b or b_in_a):
        return None
    ra, rb = _RANK.get(a_gran, 99), _RANK.get(b_gran, 99)
    outer, inner = (rb, ra) if a_in_b else (ra, rb)
    # the container must be the coarser one, or a multi-day span holding one of its days
    if outer > inner or (outer == inner == _RANK["day"]):
        return "contained"
    return None


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


@dataclass
class Cluster:
    members: list[Evidence] = field(default_factory=list)
    _best: Evidence | None = field(default=None, repr=False)
    sentences: set[tuple[int, int, int]] = field(default_factory=set, repr=False)
    named_place: str | None = None

    def add(self, e: Evidence) -> None:
        self.members.append(e)
        self.sentences.add(e.sentence)
        if self.named_place is None and e.place_named and e.place_key:
            self.named_place = e.place_key
        if self._best is None or _date_preference(e) < _date_preference(self._best):
            self._best = e

    @property
    def interval(self) -> tuple[date, date, str]:
        """The event's date: the finest granularity among its rows, the widest span of those."""
        best = self._best or min(self.members, key=_date_preference)
        return best.date_start, best.date_end, best.granularity


def cluster(rows: Iterable[Evidence]) -> list[Cluster]:
    """Group rows into events (deterministic: depends only on the rows)."""
    clusters: list[Cluster] = []
    for ev in sorted(rows, key=lambda e: e.order):
        best: tuple[float, int] | None = None
        for ci, c in enumerate(clusters):
            start, end, gran = c.interval
            how = compatible(ev.date_start, ev.date_end, ev.granularity, start, end, gran)
            if how is None or ev.sentence in c.sentences:
                continue
            place = c.named_place
            if place and ev.place_named and ev.place_key and ev.place_key != place:
                continue
            scores = [score(ev, m) for m in c.members[:MAX_COMPARED]]
            if any(s is None for s in scores):
                continue
            s = max(scores)
            need = SAME_INTERVAL_THRESHOLD if how == "same" else CONTAINED_THRESHOLD
            if s >= need and (best is None or s > best[0]):
                best = (s, ci)
        if best is None:
            clusters.append(Cluster())
            clusters[-1].add(ev)
        else:
            clusters[best[1]].add(ev)
    return clusters


# --- the store side -----------------------------------------------------------------------------

def _evidence(row: EventMention, doc: Document) -> Evidence:
    ents = row.entities or []
    people = frozenset(e["key"] for e in ents if e.get("kind") == "person")
    orgs = frozenset(e["key"] for e in ents if e.get("kind") == "organisation")
    places = frozenset(e["key"] for e in ents if e.get("kind") == "place")
    return Evidence(
        id=row.id, event_id=row.event_id, document_id=row.document_id, doc_key=doc.key,
        source_key=doc.source or doc.page_key or doc.key, kind=row.kind,
        sentence_start=row.sentence_start, sentence_end=row.sentence_end, mention_id=row.mention_id,
        date_start=row.date_start, date_end=row.date_end, granularity=row.granularity,
        confidence=row.confidence, place=row.place, place_key=row.place_key, place_named=bool(row.place_named),
        people=people, participants=people | orgs, places=places, keywords=frozenset(row.keywords or ()),
        title=row.title,
    )


def _coalesce(spans: list[tuple[date, date]]) -> list[tuple[date, date]]:
    """Overlapping spans as one: a bulk write touches many, one query each is enough."""
    out: list[tuple[date, date]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _load_window(session: Session, touched: list[tuple[date, date, str]]) -> list[tuple[EventMention, Document]]:
    """Every row that could share an event with a row in ``touched`` (closed under overlap)."""
    fine = _coalesce([(s, e) for s, e, g in touched if not _coarse(g)])
    coarse = {(s, e) for s, e, g in touched if _coarse(g)}
    found: dict[int, tuple[EventMention, Document]] = {}
    pending = list(fine)
    seen_windows: set[tuple[date, date]] = set()
    while pending:
        lo, hi = pending.pop()
        if (lo, hi) in seen_windows:
            continue
        seen_windows.add((lo, hi))
        stmt = (select(EventMention, Document).join(Document, Document.id == EventMention.document_id)
                .where(EventMention.date_start <= hi, EventMention.date_end >= lo))
        for row, doc in session.execute(stmt):
            if row.id in found:
                continue
            found[row.id] = (row, doc)
            if _coarse(row.granularity):
                coarse.add((row.date_start, row.date_end))
            elif EXPAND_WINDOW and (row.date_start < lo or row.date_end > hi):
                pending.append((min(lo, row.date_start), max(hi, row.date_end)))
    for s, e in coarse:
        stmt = (select(EventMention, Document).join(Document, Document.id == EventMention.document_id)
                .where(EventMention.date_start == s, EventMention.date_end == e))
        for row, doc in session.execute(stmt):
            found.setdefault(row.id, (row, doc))
    return list(found.values())


def recompute(session: Session, touched: Iterable[tuple[date, date, str]], stale_event_ids: Iterable[int] = ()) -> None:
    """Regroup the evidence around the ``touched`` intervals into events.

    ``stale_event_ids``: events that lost rows (e.g. a deleted document's); they
    are updated or removed. Caller owns the transaction.
    """
    touched = list(set(touched))
    session.flush()
    loaded = _load_window(session, touched) if touched else []
    rows = {row.id: row for row, _ in loaded}
    docs = {row.id: doc for row, doc in loaded}
    evidence = [_evidence(row, docs[row.id]) for row in rows.values()]
    clusters = cluster(evidence)

    old_ids = {e.event_id for e in evidence if e.event_id is not None} | set(stale_event_ids)
    existing = {ev.id: ev for ev in session.scalars(select(Event).where(Event.id.in_(old_ids)))} if old_ids else {}

    used: set[int] = set()
    entity_cache: dict[tuple[str, str], Entity] = {}
    stale = set(stale_event_ids)
    rows_per_event = Counter(e.event_id for e in evidence if e.event_id is not None)
    for c in sorted(clusters, key=lambda c: min(m.order for m in c.members)):
        # A group that is exactly an existing event's rows, none new and none
        # gone, is stored as it would be written again: leave it alone.
        ids = {m.event_id for m in c.members}
        if len(ids) == 1:
            (only,) = ids
            if (only in existing and only not in used and only not in stale
                    and rows_per_event[only] == len(c.members)):
                used.add(only)
                continue
        votes = Counter(m.event_id for m in c.members if m.event_id in existing and m.event_id not in used)
        event_id = min(votes, key=lambda i: (-votes[i], i)) if votes else None
        event = existing.get(event_id) if event_id is not None else None
        if event is None:
            event = Event(title="", text="", date_start=date.min, date_end=date.min, granularity="day",
                          value="", document_id=c.members[0].document_id)
            session.add(event)
        _fill(event, c, rows, docs)
        session.flush()
        used.add(event.id)
        for m in c.members:
            rows[m.id].event_id = event.id
        _link_entities(session, event, c, rows, entity_cache)
    gone = [i for i in existing if i not in used]
    if gone:
        session.flush()
        for i in gone:
            # its rows have moved to other events; the ORM must not cascade to them
            session.expunge(existing[i])
        session.execute(delete(Event).where(Event.id.in_(gone)), execution_options={"synchronize_session": False})
    session.flush()


def _fill(event: Event, c: Cluster, rows: dict[int, EventMention], docs: dict[int, Document]) -> None:
    start, end, gran = c.interval
    # the row the event's text comes from: one dating it exactly, the article's
    # own statement first, then the surest date, then the fixed order
    rep = min(c.members, key=lambda m: ((m.date_start, m.date_end) != (start, end), m.kind != "main",
                                        -m.confidence, m.order))
    r = rows[rep.id]
    event.date_start, event.date_end, event.granularity = start, end, gran
    event.value, event.end_value = r.value, r.end_value
    if (r.date_start, r.date_end) != (start, end):
        exact = next(rows[m.id] for m in c.members if (m.date_start, m.date_end) == (start, end))
        event.value, event.end_value = exact.value, exact.end_value
    event.hijri_start, event.hijri_end = to_hijri_iso(start), to_hijri_iso(end)
    event.hijri_year = int(event.hijri_start[:4]) if event.hijri_start else None
    event.hijri_month = int(event.hijri_start[5:7]) if event.hijri_start else None
    event.calendar, event.kind, event.title, event.text = r.calendar, r.kind, r.title, r.text
    event.place = r.place or next((m.place for m in c.members if m.place_named and m.place), None) \
        or next((m.place for m in c.members if m.place), None)
    event.rule = r.rule
    event.document_id, event.mention_id = r.document_id, r.mention_id
    documents = {m.document_id for m in c.members}
    sources = {m.source_key for m in c.members}
    event.document_count, event.source_count = len(documents), len(sources)
    bonus = min(SOURCE_BONUS_MAX, SOURCE_BONUS * (len(sources) - 1))
    event.confidence = round(min(0.99, max(m.confidence for m in c.members) + bonus), 3)


def _entity(session: Session, kind: str, name: str, name_en: str | None, key: str, subkind: str | None,
            cache: dict[tuple[str, str], Entity]) -> Entity:
    ent = cache.get((kind, key))
    if ent is None:
        ent = session.scalar(select(Entity).where(Entity.kind == kind, Entity.normalized == key))
    if ent is None:
        # a row written by hand, with a name but not its folded key
        ent = session.scalar(select(Entity).where(Entity.kind == kind, Entity.name == name))
    if ent is None:
        ent = Entity(kind=kind, name=name, name_en=name_en, normalized=key, subkind=subkind)
        session.add(ent)
        session.flush()
    elif name_en and not ent.name_en:
        ent.name_en = name_en
    cache[(kind, key)] = ent
    return ent


def _link_entities(session: Session, event: Event, c: Cluster, rows: dict[int, EventMention],
                   cache: dict[tuple[str, str], Entity]) -> None:
    """event_entities from the rows' entities; one place: the event's."""
    roles: dict[tuple[str, str], tuple[str, dict]] = {}
    place_key = next((m.place_key for m in sorted(c.members, key=lambda m: m.order)
                      if rows[m.id].place == event.place and m.place_key), None)
    for m in sorted(c.members, key=lambda m: m.order):
        for e in rows[m.id].entities or []:
            role = e.get("role", "participant")
            if e["kind"] == "place":
                role = "place" if e["key"] == place_key else "mentioned"
            k = (e["kind"], e["key"])
            if k not in roles or ROLE_ORDER[role] < ROLE_ORDER[roles[k][0]]:
                roles[k] = (role, e)
    wanted = {}
    for (kind, key), (role, e) in sorted(roles.items()):
        ent = _entity(session, kind, e["name"], e.get("name_en"), key, e.get("subkind"), cache)
        wanted[ent.id] = role
    # touch only what changed: most regroups leave most events as they were
    have = dict(session.execute(select(EventEntity.entity_id, EventEntity.role)
                                .where(EventEntity.event_id == event.id)).all())
    if have == wanted:
        return
    stale = [i for i in have if have[i] != wanted.get(i)]
    if stale:
        session.execute(delete(EventEntity).where(EventEntity.event_id == event.id,
                                                  EventEntity.entity_id.in_(stale)))
    for entity_id, role in wanted.items():
        if have.get(entity_id) != role:
            session.add(EventEntity(event_id=event.id, entity_id=entity_id, role=role))


def recompute_all(session: Session) -> None:
    """Regroup every row (after changing the merge rules, or to check determinism)."""
    spans = session.execute(select(EventMention.date_start, EventMention.date_end, EventMention.granularity)).all()
    recompute(session, [tuple(s) for s in spans])
