"""Evidence rows and the events made of them: loading and saving, no rules.

Which rows tell the same happening, and what an event shows, is decided in
``ingest.events`` (``same`` and ``grouping``); this module only reads the
rows it asks for and writes the events it hands back, with their entities.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable, Sequence

from sqlalchemy import and_, bindparam, delete, insert, or_, select, text, update
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from store.bulk import chunks, hold_write_lock, insert_rows
from store.models import Document, Entity, Event, EventEntity, EventMention

_EM = EventMention.__table__
_EVENTS = Event.__table__
_EE = EventEntity.__table__
# An arbitrary 64-bit constant naming "grouping evidence into events" among advisory locks.
GROUPING_LOCK_KEY = 0x6D65_7267_6520_6576 & 0x7FFF_FFFF_FFFF_FFFF

# The columns of every evidence row loaded here, in this order.
COLUMNS = ("id", "event_id", "document_id", "doc_key", "source", "page_key", "kind", "sentence_start",
           "sentence_end", "mention_id", "date_start", "date_end", "granularity", "confidence", "place",
           "place_key", "place_named", "entities", "keywords", "title", "text", "value", "end_value",
           "calendar", "rule", "explanation", "happening")


def _select():
    return select(
        _EM.c.id, _EM.c.event_id, _EM.c.document_id, Document.key, Document.source, Document.page_key,
        _EM.c.kind, _EM.c.sentence_start, _EM.c.sentence_end, _EM.c.mention_id, _EM.c.date_start, _EM.c.date_end,
        _EM.c.granularity, _EM.c.confidence, _EM.c.place, _EM.c.place_key, _EM.c.place_named, _EM.c.entities,
        _EM.c.keywords, _EM.c.title, _EM.c.text, _EM.c.value, _EM.c.end_value, _EM.c.calendar, _EM.c.rule,
        _EM.c.explanation, _EM.c.happening,
    ).join(Document, Document.id == _EM.c.document_id)


def _load(session: Session, *conditions) -> list[Row]:
    return list(session.execute(_select().where(*conditions)))


def serialize(session: Session) -> None:
    """Take the grouping lock for this transaction: two writers grouping the same
    pending rows at once would each make events of them."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": GROUPING_LOCK_KEY})
    else:
        hold_write_lock(session, _EVENTS)


# --- reading ------------------------------------------------------------------------------------

def pending_dates(session: Session, document_ids: Sequence[int] | None = None
                  ) -> Iterable[tuple[int, date, date, str, int, int | None]]:
    """(id, date_start, date_end, granularity, document_id, happening) of the
    pending rows (of these documents, or all)."""
    stmt = select(_EM.c.id, _EM.c.date_start, _EM.c.date_end, _EM.c.granularity, _EM.c.document_id,
                  _EM.c.happening).where(_EM.c.event_id.is_(None))
    for ids in ([document_ids] if document_ids is None else chunks(list(document_ids))):
        query = stmt if ids is None else stmt.where(_EM.c.document_id.in_(ids))
        yield from session.execute(query)


def pending_rows(session: Session, ids: Sequence[int]) -> list[Row]:
    """The rows with these ids that are still pending."""
    out: list[Row] = []
    for part in chunks(list(ids)):
        out += _load(session, _EM.c.id.in_(part), _EM.c.event_id.is_(None))
    return out


def rows_of_events_overlapping(session: Session, spans: Sequence[tuple[date, date]],
                               granularities: Sequence[str]) -> list[Row]:
    """The rows of the events of these granularities whose dates overlap any of ``spans``."""
    conditions = [and_(_EVENTS.c.date_start <= hi, _EVENTS.c.date_end >= lo,
                       _EVENTS.c.granularity.in_(granularities)) for lo, hi in spans]
    return _rows_of_events_where(session, conditions)


def rows_of_events_on(session: Session, start: date, end: date, not_granularities: Sequence[str]) -> list[Row]:
    """The rows of the events dated exactly [start, end] at a granularity not among ``not_granularities``."""
    return _rows_of_events_where(session, [and_(_EVENTS.c.date_start == start, _EVENTS.c.date_end == end,
                                                _EVENTS.c.granularity.not_in(not_granularities))])


def _rows_of_events_where(session: Session, conditions: list) -> list[Row]:
    found: dict[int, Row] = {}  # by id: an event may answer two conditions
    for part in chunks(conditions, 50):
        nearby = select(_EVENTS.c.id).where(or_(*part))
        found.update((r[0], r) for r in _load(session, _EM.c.event_id.in_(nearby)))
    return list(found.values())


def rows_of_events(session: Session, event_ids: Sequence[int]) -> list[Row]:
    out: list[Row] = []
    for part in chunks(list(event_ids)):
        out += _load(session, _EM.c.event_id.in_(part))
    return out


def all_rows(session: Session) -> list[Row]:
    return _load(session)


def event_ids(session: Session) -> set[int]:
    return set(session.scalars(select(_EVENTS.c.id)))


# --- writing ------------------------------------------------------------------------------------

@dataclass
class EventWrite:
    """One event to write: its fields, its rows, the role of each entity its rows name.

    ``event_id`` is None for a new event (set once written); ``stored`` holds a
    stored event's fields as they were, so that only what changed is written.
    """

    event_id: int | None
    fields: dict[str, Any]
    rows: list[tuple[int, int | None]]                  # (row id, its event id now)
    roles: dict[tuple[str, str], tuple[str, dict]]      # (kind, key) → (role, entity as a row gave it)
    stored: dict[str, Any] | None = None


def save_events(session: Session, events: list[EventWrite], cache: dict) -> None:
    """Write events: their fields, their rows' event ids, their entities. New events get their ids.

    ``cache`` maps (kind, key) to entity ids and lives as long as the caller likes."""
    if not events:
        return
    new = [e for e in events if e.event_id is None]
    is_new = {id(e) for e in new}
    for e, event_id in zip(new, insert_rows(session, _EVENTS, [e.fields for e in new])):
        e.event_id = event_id
    # one statement per set of changed columns
    changes: dict[tuple[str, ...], list[dict]] = defaultdict(list)
    for e in events:
        if id(e) in is_new:
            continue
        diff = e.fields if e.stored is None else {k: v for k, v in e.fields.items() if e.stored.get(k) != v}
        if diff:
            changes[tuple(sorted(diff))].append({"b_id": e.event_id, **diff})
    for params in changes.values():
        session.execute(update(_EVENTS).where(_EVENTS.c.id == bindparam("b_id")), params)
    moves = [{"b_id": row_id, "b_event": e.event_id} for e in events for row_id, now in e.rows if now != e.event_id]
    if moves:
        session.execute(update(_EM).where(_EM.c.id == bindparam("b_id")).values(event_id=bindparam("b_event")),
                        moves)
    _link_entities(session, events, {e.event_id for e in new}, cache)


def delete_events(session: Session, ids: Iterable[int]) -> None:
    for part in chunks(sorted(ids)):
        session.execute(delete(_EVENTS).where(_EVENTS.c.id.in_(part)))


def _entity_ids(session: Session, wanted: dict[tuple[str, str], dict], cache: dict) -> dict[tuple[str, str], int]:
    """Entity ids by (kind, folded key), created where missing."""
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


def _link_entities(session: Session, events: list[EventWrite], new_ids: set[int], cache: dict) -> None:
    """event_entities from the events' roles, touching only what changed."""
    roles = {e.event_id: e.roles for e in events}
    wanted = {k: ent for r in roles.values() for k, (_role, ent) in r.items()}
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
