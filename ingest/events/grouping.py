"""Grouping stored evidence into events, incrementally or from scratch.

The rules live in ``ingest.events.same``; the rows are read and the events
written by ``store.evidence``. A written row starts *pending* (``event_id``
NULL): ``group_pending`` places each pending row, in the fixed order of
``same``, into the events already stored around its date or into a new one,
so its cost depends on the rows written and their neighbourhood, not on the
size of the store. A bulk ingest leaves its rows pending and groups them in
passes, a month of dates at a time (``pending_units``, ``group_unit``), while
it runs and at its end; a single document is grouped at once.

Rows removed from an event (a changed or deleted article) leave it with the
rest of its rows (``refresh_events``). Grouped incrementally, a happening
reported in several arrival orders can end up grouped slightly differently
from a full regroup; ``recompute_all`` (``timeline events regroup``) makes
the grouping canonical again.

The module is what ``store.writes`` calls a regrouper: writes that change a
document's evidence are handed it, so that the store never reaches up into
the pipeline for the rules.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Iterable, Sequence

from sqlalchemy.orm import Session

from ingest.events.same import (
    FINE_GRANULARITIES,
    Cluster,
    Evidence,
    Grouping,
    coarse,
    cluster,
    entity_roles,
    event_fields,
)
from store import evidence as rows_store
from store.bulk import gc_paused

_ENTITY_SETS = {"person": 0, "organisation": 1, "place": 2}


def _evidence(r: Any) -> Evidence:
    # the columns of store.evidence.COLUMNS, passed to Evidence in the order of its fields
    (row_id, event_id, document_id, key, source, page_key, kind, sentence_start, sentence_end, mention_id,
     date_start, date_end, granularity, confidence, place, place_key, place_named, entities, keywords,
     title, text_, value, end_value, calendar, rule, explanation, happening) = r
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
        calendar, rule, ents, explanation, happening,
    )


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


@dataclass
class Unit:
    """Pending rows grouped together: a month of dates (by their last day), or one coarse interval."""

    key: tuple
    ids: list[int]


def pending_units(session: Session, document_ids: Sequence[int] | None = None) -> list[Unit]:
    """The pending rows (of these documents, or all), in the order they are grouped.
    A document's rows of one happening go into one unit (its first's), so that
    they are placed together."""
    rows = []
    first_of: dict[tuple[int, int], tuple] = {}
    for row_id, start, end, gran, document_id, happening in rows_store.pending_dates(session, document_ids):
        key = (1, start, end) if coarse(gran) else (0, end.year, end.month)
        told = (document_id, happening) if happening is not None else None
        if told is not None and (told not in first_of or key < first_of[told]):
            first_of[told] = key
        rows.append((row_id, key, told))
    found: dict[tuple, list[int]] = defaultdict(list)
    for row_id, key, told in rows:
        found[first_of[told] if told is not None else key].append(row_id)
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
    rows_store.serialize(session)
    pending = [_evidence(r) for r in rows_store.pending_rows(session, unit.ids)]
    if not pending:  # grouped meanwhile by another writer
        return 0
    around = []
    fine = [r for r in pending if not coarse(r.granularity)]
    for r in {(r.date_start, r.date_end) for r in pending if coarse(r.granularity)}:
        around += rows_store.rows_of_events_on(session, r[0], r[1], FINE_GRANULARITIES)
    if fine:
        spans = _coalesce([(r.date_start, r.date_end) for r in fine])
        around += rows_store.rows_of_events_overlapping(session, spans, FINE_GRANULARITIES)
    around = list({r[0]: r for r in around}.values())  # an event's rows once
    grouping = Grouping()
    for c in _clusters_of(_evidence(r) for r in around):
        grouping.add(c)
    for ev in sorted(pending, key=lambda e: e.order):
        grouping.place(ev).changed = True
    _save(session, [c for c in grouping.clusters if c.changed], cache)
    return len(pending)


def _coalesce(spans: list[tuple[date, date]]) -> list[tuple[date, date]]:
    """Overlapping spans as one: a unit touches many days, a query per stretch is enough."""
    out: list[tuple[date, date]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1] + timedelta(days=1):
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def refresh_events(session: Session, event_ids: Iterable[int]) -> None:
    """Events that lost rows: rewritten from the rows they have left, deleted when none are left."""
    ids = sorted(set(event_ids))
    if not ids:
        return
    rows_store.serialize(session)  # another writer must not add to them between reading and writing
    clusters = _clusters_of(_evidence(r) for r in rows_store.rows_of_events(session, ids))
    for c in clusters:
        c.changed = True
    _save(session, clusters, {})
    rows_store.delete_events(session, set(ids) - {c.event_id for c in clusters})


def recompute_all(session: Session) -> None:
    """Regroup every row from scratch: the canonical grouping, whatever order
    articles arrived in (after changing the merge rules, or now and then after
    many incremental runs). Events keep their ids where a group keeps most of
    an event's old rows."""
    with gc_paused():
        _recompute_all(session)


def _recompute_all(session: Session) -> None:
    rows_store.serialize(session)
    rows = [_evidence(r) for r in rows_store.all_rows(session)]
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
    _save(session, [c for c in clusters if c.changed], {})
    rows_store.delete_events(session, rows_store.event_ids(session) - {c.event_id for c in clusters})


def _save(session: Session, clusters: list[Cluster], cache: dict) -> None:
    """Write the given clusters as events (new ones get their ids, their rows the event's id)."""
    if not clusters:
        return
    writes = []
    for c in clusters:
        fields = event_fields(c)
        writes.append(rows_store.EventWrite(c.event_id, fields, [(m.id, m.event_id) for m in c.members],
                                            entity_roles(c, fields["place"]), c.stored))
    rows_store.save_events(session, writes, cache)
    for c, w in zip(clusters, writes):
        c.event_id = w.event_id
        for m in c.members:
            m.event_id = w.event_id
