"""Read queries the API and the command line share."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from store.models import Document, Event, EventMention, IngestRun, Mention


@dataclass(frozen=True)
class EventFilter:
    date_from: date | None = None
    date_to: date | None = None
    q: str | None = None
    document_id: int | None = None
    limit: int = 50


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def list_events(session: Session, f: EventFilter) -> list[Event]:
    """Events in chronological order (date_start, date_end, id) overlapping [from, to]."""
    stmt = select(Event)
    if f.date_from is not None:
        stmt = stmt.where(Event.date_end >= f.date_from)
    if f.date_to is not None:
        stmt = stmt.where(Event.date_start <= f.date_to)
    if f.q:
        stmt = stmt.where(Event.text.like(f"%{_escape_like(f.q)}%", escape="\\"))
    if f.document_id is not None:
        stmt = stmt.where(Event.id.in_(
            select(EventMention.event_id).where(EventMention.document_id == f.document_id)))
    stmt = stmt.order_by(Event.date_start, Event.date_end, Event.id).limit(f.limit)
    return list(session.scalars(stmt))


def get_event(session: Session, event_id: int) -> Event | None:
    stmt = select(Event).where(Event.id == event_id).options(
        selectinload(Event.evidence).selectinload(EventMention.document))
    return session.scalar(stmt)


def list_documents(session: Session, limit: int = 50, offset: int = 0) -> list[Document]:
    stmt = select(Document).order_by(Document.id).limit(limit).offset(offset)
    return list(session.scalars(stmt))


def get_document(session: Session, document_id: int) -> Document | None:
    stmt = select(Document).where(Document.id == document_id).options(selectinload(Document.mentions))
    return session.scalar(stmt)


def counts(session: Session) -> dict[str, int]:
    return {
        "documents": session.scalar(select(func.count()).select_from(Document)) or 0,
        "mentions": session.scalar(select(func.count()).select_from(Mention)) or 0,
        "events": session.scalar(select(func.count()).select_from(Event)) or 0,
    }


def list_runs(session: Session, limit: int = 20) -> list[IngestRun]:
    return list(session.scalars(select(IngestRun).order_by(IngestRun.id.desc()).limit(limit)))
