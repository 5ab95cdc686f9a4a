"""Read queries the API and the command line share.

Events come out in chronological order (date_start, date_end, id), paged by
keyset: a page asks for rows after the last key of the previous one, so page
1000 costs what page 1 costs. An overlap query (``from``) is split by
``span_class`` (see store.models.SPAN_CLASS_BOUNDS): each class is scanned
from ``from - its longest span`` only, then the parts are merged.

A page is two statements: the ids (bounded index scans), then the rows with
their provenance (document, mention) by primary key, as plain dicts. Statements
are built once per filter shape and reused with bound values.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Iterator

from sqlalchemy import ColumnElement, Date, Integer, Select, bindparam, func, or_, select, tuple_, union_all
from sqlalchemy.orm import Session, selectinload

from store import search
from store.models import (
    SPAN_CLASS_BOUNDS,
    Document,
    Entity,
    Event,
    EventEntity,
    EventMention,
    IngestRun,
    Mention,
)

# Finest first: min_precision=day keeps time and day.
PRECISIONS = ("time", "day", "week", "month", "quarter", "season", "year", "decade", "century")
# Largest id an INTEGER column holds; larger ids cannot exist (and PostgreSQL would raise).
MAX_ID = 2**31 - 1

EventKey = tuple[date, date, int]


@dataclass(frozen=True)
class EventFilter:
    date_from: date | None = None
    date_to: date | None = None
    within: bool = False
    granularity: str | None = None
    min_precision: str | None = None
    q: str | None = None
    document_id: int | None = None
    source: str | None = None
    place: str | None = None
    entity: str | None = None
    hijri_year: int | None = None
    hijri_month: int | None = None
    order: str = "asc"
    limit: int = 50
    after: EventKey | None = None  # keyset: the last key of the previous page

    @property
    def descending(self) -> bool:
        return self.order == "desc"


class EmptySearch(ValueError):
    """``q`` holds no letter or digit to search for."""


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _order(desc: bool) -> list:
    cols = (Event.date_start, Event.date_end, Event.id)
    return [c.desc() for c in cols] if desc else list(cols)


def _shape(dialect: str, f: EventFilter) -> tuple:
    """What decides a statement's SQL (values are bound parameters): its cache key."""
    entity_kind = None if f.entity is None else ("id" if _entity_id(f.entity) else "name")
    return (dialect, f.date_from is not None, f.date_to is not None, f.within, f.granularity is not None,
            f.min_precision, f.q is not None, f.document_id is not None, f.source is not None,
            f.place is not None, entity_kind, f.hijri_year is not None, f.hijri_month is not None,
            f.after is not None, f.descending)


def _entity_id(entity: str) -> int | None:
    # isdigit() is true of other scripts' digits and of "²", which int() refuses
    return int(entity) if entity.isascii() and entity.isdigit() and int(entity) <= MAX_ID else None


def _params(dialect: str, f: EventFilter) -> dict[str, Any]:
    """The bound values for a filter (names as in ``_conditions``)."""
    params: dict[str, Any] = {
        "date_from": f.date_from, "date_to": f.date_to, "granularity": f.granularity,
        "document_id": f.document_id, "source": f.source, "place": f.place,
        "hijri_year": f.hijri_year, "hijri_month": f.hijri_month,
    }
    if f.q is not None:
        words = search.terms(f.q)
        if not words:
            raise EmptySearch("`q` holds no letter or digit to search for")
        params["q_terms"] = search.query_text(dialect, words)
    if f.entity is not None:
        ident = _entity_id(f.entity)
        params["entity"] = ident if ident is not None else f.entity
    if f.after is not None:
        params["after_start"], params["after_end"], params["after_id"] = f.after
    if f.date_from is not None:
        for cls, days in enumerate(SPAN_CLASS_BOUNDS):
            params[f"lower_{cls}"] = _days_before(f.date_from, days)
    return params


def _conditions(dialect: str, f: EventFilter) -> list[ColumnElement]:
    """Every filter except the date lower bound on overlap (handled per span class)."""
    where: list[ColumnElement] = []
    if f.date_to is not None:
        where.append(Event.date_start <= bindparam("date_to", type_=Date))
        if f.within:
            where.append(Event.date_end <= bindparam("date_to", type_=Date))
    if f.date_from is not None:
        where.append(Event.date_start >= bindparam("date_from", type_=Date) if f.within
                     else Event.date_end >= bindparam("date_from", type_=Date))
    if f.granularity:
        where.append(Event.granularity == bindparam("granularity"))
    if f.min_precision:
        where.append(Event.granularity.in_(PRECISIONS[:PRECISIONS.index(f.min_precision) + 1]))
    if f.q is not None:
        where.append(search.matching_condition(dialect, bindparam("q_terms")))
    if f.document_id is not None:
        where.append(Event.id.in_(
            select(EventMention.event_id).where(EventMention.document_id == bindparam("document_id"))))
    if f.source is not None:
        where.append(Event.id.in_(
            select(EventMention.event_id).join(Document, Document.id == EventMention.document_id)
            .where(Document.source == bindparam("source"))))
    if f.place is not None:
        where.append(Event.place == bindparam("place"))
    if f.entity is not None:
        named = (Entity.id == bindparam("entity", type_=Integer)) if _entity_id(f.entity) is not None else \
            or_(Entity.name == bindparam("entity"), Entity.name_en == bindparam("entity"))
        where.append(Event.id.in_(
            select(EventEntity.event_id).join(Entity, Entity.id == EventEntity.entity_id).where(named)))
    if f.hijri_year is not None:
        where.append(Event.hijri_year == bindparam("hijri_year"))
    if f.hijri_month is not None:
        where.append(Event.hijri_month == bindparam("hijri_month"))
    if f.after is not None:
        key = tuple_(Event.date_start, Event.date_end, Event.id)
        after = tuple_(bindparam("after_start", type_=Date), bindparam("after_end", type_=Date),
                       bindparam("after_id", type_=Integer))
        where.append(key < after if f.descending else key > after)
    return where


def _days_before(day: date, days: int) -> date:
    try:
        return day - timedelta(days=days)
    except OverflowError:
        return date.min


# Statements by shape: building a union of eight parts costs more than running it.
_PAGE_CACHE: dict[tuple, Select] = {}


def _page_ids(dialect: str, f: EventFilter) -> Select:
    """A SELECT of the ids of the next ``:n`` matching events, in order (values bound later)."""
    key = _shape(dialect, f)
    stmt = _PAGE_CACHE.get(key)
    if stmt is None:
        stmt = _PAGE_CACHE[key] = _build_page_ids(dialect, f)
    return stmt


def _build_page_ids(dialect: str, f: EventFilter) -> Select:
    where = _conditions(dialect, f)
    order = _order(f.descending)
    n = bindparam("n", type_=Integer)
    # With q, the full-text match set drives the query: computed once, it beats
    # eight span-class scans that would each recompute it.
    if f.date_from is None or f.within or f.q is not None:
        return select(Event.id).where(*where).order_by(*order).limit(n)
    # Overlap with a lower bound: one bounded index range per span class.
    parts = []
    for cls in range(len(SPAN_CLASS_BOUNDS) + 1):
        bound = [Event.date_start >= bindparam(f"lower_{cls}", type_=Date)] \
            if cls < len(SPAN_CLASS_BOUNDS) else []
        part = (select(Event.id, Event.date_start, Event.date_end)
                .where(Event.span_class == cls, *bound, *where).order_by(*order).limit(n))
        parts.append(select(part.subquery()))
    merged = union_all(*parts).subquery()
    cols = (merged.c.date_start, merged.c.date_end, merged.c.id)
    return select(merged.c.id).order_by(*[c.desc() for c in cols] if f.descending else cols).limit(n)


def _event_columns() -> list:
    return [
        *Event.__table__.c,
        Document.title.label("document_title"), Document.url.label("document_url"),
        Document.source.label("document_source"), Document.key.label("document_key"),
        Mention.start_offset.label("mention_start"), Mention.end_offset.label("mention_end"),
        Mention.text.label("mention_text"),
    ]


def _joined() -> Select:
    return (select(*_event_columns())
            .join(Document, Document.id == Event.document_id)
            .outerjoin(Mention, Mention.id == Event.mention_id))


_EVENT_FIELDS = tuple(c.name for c in Event.__table__.c if c.name != "span_class")


def event_dict(row: Any) -> dict[str, Any]:
    """An event row (from ``_joined``) as the API shows it: dates, text and provenance."""
    m = row._mapping
    out = {name: m[name] for name in _EVENT_FIELDS}
    out["provenance"] = {
        "document_id": m["document_id"], "document_title": m["document_title"],
        "source": m["document_source"], "url": m["document_url"], "document_key": m["document_key"],
        "mention_id": m["mention_id"], "start": m["mention_start"], "end": m["mention_end"],
        "mention_text": m["mention_text"], "rule": m["rule"],
        "explanation": m["explanation"],
    }
    return out


@dataclass
class EventPage:
    items: list[dict[str, Any]]
    next_key: EventKey | None


def list_events(session: Session, f: EventFilter) -> EventPage:
    """One page of events matching ``f`` and the key to continue after, if any."""
    # Two statements on purpose: the ids come from the bounded index scans, then
    # the rows by primary key; one joined statement leaves the planner free to
    # walk the whole table instead.
    dialect = _dialect(session)
    params = _params(dialect, f)
    conn = session.connection()  # Core, not the ORM: these are plain rows, and it halves the overhead
    ids = list(conn.execute(_page_ids(dialect, f), {**params, "n": f.limit + 1}).scalars())
    if not ids:
        return EventPage([], None)
    stmt = _joined().where(Event.id.in_(ids)).order_by(*_order(f.descending))
    rows = [event_dict(r) for r in conn.execute(stmt)]
    more = len(rows) > f.limit
    rows = rows[:f.limit]
    last = rows[-1] if rows and more else None
    return EventPage(rows, (last["date_start"], last["date_end"], last["id"]) if last else None)


def iter_events(session: Session, f: EventFilter, batch: int = 1000) -> Iterator[dict[str, Any]]:
    """Every event matching ``f`` (no limit), streamed: a server-side cursor on
    PostgreSQL, SQLite's own row-by-row cursor; memory stays flat.

    The query is built now (bad filters raise here, before anything is sent);
    rows are fetched as the returned iterator is consumed.
    """
    dialect = _dialect(session)
    params = _params(dialect, f)
    stmt = _joined().where(*_conditions(dialect, f)).order_by(*_order(f.descending))
    return _stream(session, stmt.execution_options(yield_per=batch, stream_results=True), params)


def _stream(session: Session, stmt: Select, params: dict[str, Any]) -> Iterator[dict[str, Any]]:
    result = session.execute(stmt, params)
    try:
        for row in result:
            yield event_dict(row)
    finally:
        result.close()


def get_event(session: Session, event_id: int) -> dict[str, Any] | None:
    """One event with every piece of evidence (all documents) and its entities."""
    if not 0 < event_id <= MAX_ID:
        return None
    row = session.execute(_joined().where(Event.id == event_id)).first()
    if row is None:
        return None
    out = event_dict(row)
    evidence = session.execute(
        select(EventMention, Document.title, Document.url, Document.source,
               Mention.start_offset, Mention.end_offset, Mention.text, Mention.value, Mention.rule,
               EventMention.explanation)
        .join(Document, Document.id == EventMention.document_id)
        .outerjoin(Mention, Mention.id == EventMention.mention_id)
        .where(EventMention.event_id == event_id).order_by(EventMention.id))
    out["mentions"] = [{
        "document_id": em.document_id, "mention_id": em.mention_id,
        "sentence_start": em.sentence_start, "sentence_end": em.sentence_end,
        "text": em.text, "title": em.title, "place": em.place,
        "document_title": title, "url": url, "source": source,
        "start": start, "end": end, "mention_text": mtext, "value": value, "rule": rule,
        "explanation": explanation,
    } for em, title, url, source, start, end, mtext, value, rule, explanation in evidence]
    out["entities"] = [
        {"id": e.id, "kind": e.kind, "name": e.name, "name_en": e.name_en, "role": role}
        for e, role in session.execute(
            select(Entity, EventEntity.role).join(EventEntity, EventEntity.entity_id == Entity.id)
            .where(EventEntity.event_id == event_id).order_by(Entity.id))]
    return out


def histogram(session: Session, f: EventFilter, bucket: str) -> list[dict[str, Any]]:
    """Event counts per day, month or year of date_start, for events matching ``f``."""
    width = {"day": 10, "month": 7, "year": 4}[bucket]
    if _dialect(session) == "postgresql":
        label = func.to_char(Event.date_start, {"day": "YYYY-MM-DD", "month": "YYYY-MM", "year": "YYYY"}[bucket])
    else:  # SQLite keeps dates as ISO text
        label = func.substr(Event.date_start, 1, width)
    label = label.label("bucket")
    f = EventFilter(**{**vars(f), "after": None})
    dialect = _dialect(session)
    params = _params(dialect, f)
    stmt = select(label, func.count().label("count")).where(*_conditions(dialect, f)).group_by(label).order_by(label)
    return [{"bucket": b, "count": c, **_bucket_bounds(b, bucket)} for b, c in session.execute(stmt, params)]


def _bucket_bounds(label: str, bucket: str) -> dict[str, date]:
    y = int(label[:4])
    if bucket == "day":
        d = date.fromisoformat(label)
        return {"start": d, "end": d}
    if bucket == "month":
        m = int(label[5:7])
        start = date(y, m, 1)
        end = date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1) if y < 9999 or m < 12 else date(9999, 12, 31)
        return {"start": start, "end": end}
    return {"start": date(y, 1, 1), "end": date(y, 12, 31)}


# --- documents ---------------------------------------------------------------

def list_documents(session: Session, limit: int = 50, after: int | None = None,
                   source: str | None = None, basis: str | None = None) -> tuple[list[Document], int | None]:
    """Documents in id order, keyset-paged; returns the page and the id to continue after."""
    stmt = select(Document).order_by(Document.id).limit(limit + 1)
    if after is not None:
        stmt = stmt.where(Document.id > after)
    if source is not None:
        stmt = stmt.where(Document.source == source)
    if basis is not None:
        stmt = stmt.where(Document.published_basis == basis)
    docs = list(session.scalars(stmt))
    more = len(docs) > limit
    docs = docs[:limit]
    return docs, (docs[-1].id if more else None)


def get_document(session: Session, document_id: int) -> Document | None:
    if not 0 < document_id <= MAX_ID:
        return None
    stmt = select(Document).where(Document.id == document_id).options(selectinload(Document.mentions))
    return session.scalar(stmt)


def document_exists(session: Session, document_id: int) -> bool:
    return 0 < document_id <= MAX_ID and session.get(Document, document_id) is not None


def counts(session: Session) -> dict[str, int]:
    return {
        "documents": session.scalar(select(func.count()).select_from(Document)) or 0,
        "mentions": session.scalar(select(func.count()).select_from(Mention)) or 0,
        "events": session.scalar(select(func.count()).select_from(Event)) or 0,
    }


def list_runs(session: Session, limit: int = 20, before: int | None = None,
              status: str | None = None) -> list[IngestRun]:
    """Ingest runs, newest first; ``before``: only runs with a smaller id (keyset)."""
    stmt = select(IngestRun).order_by(IngestRun.id.desc()).limit(limit)
    if before is not None:
        stmt = stmt.where(IngestRun.id < before)
    if status is not None:
        stmt = stmt.where(IngestRun.status == status)
    return list(session.scalars(stmt))
