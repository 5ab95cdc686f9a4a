"""Builders for the API tests: an app over a real database with known rows."""
from __future__ import annotations

import contextlib
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Iterator

from sqlalchemy.orm import Session

from store.db import make_engine, session_factory, upgrade
from store.models import Document, Entity, Event, EventEntity, EventMention

TOKEN = "test-token-123"
ORIGIN = "https://timeline.example"


@contextlib.contextmanager
def new_sqlite(folder: Path) -> Iterator[tuple[str, Session]]:
    """A fresh SQLite database in ``folder`` with every migration applied: its URL and a
    session on it (the caller commits); the engine is disposed of afterwards."""
    url = f"sqlite:///{folder / 'timeline.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    try:
        with session_factory(engine)() as session:
            yield url, session
    finally:
        engine.dispose()


def add_document(session, key: str, text: str = "نص", source: str | None = None, **kw) -> Document:
    now = datetime(2026, 1, 1)
    doc = Document(key=key, text=text, content_hash="x", source_hash="x", published_basis="metadata",
                   ingested_at=now, updated_at=now, source=source, position=0, page_start=0,
                   page_end=len(text), **kw)
    session.add(doc)
    session.flush()
    return doc


def add_event(session, doc: Document, start: date, end: date | None = None, *, granularity: str = "day",
              text: str = "حدث", title: str | None = None, place: str | None = None,
              hijri: tuple[int, int] | None = None, value: str | None = None) -> Event:
    end = end or start
    ev = Event(date_start=start, date_end=end, granularity=granularity, value=value or start.isoformat(),
               title=title or text[:40], text=text, place=place, document_id=doc.id, rule="test rule",
               hijri_year=hijri[0] if hijri else None, hijri_month=hijri[1] if hijri else None,
               hijri_start=f"{hijri[0]:04d}-{hijri[1]:02d}-01" if hijri else None)
    ev.evidence.append(EventMention(document_id=doc.id, sentence_start=0, sentence_end=len(text),
                                    text=text, title=ev.title, place=place))
    session.add(ev)
    session.flush()
    return ev


def add_entity(session, event: Event, name: str, kind: str = "person", name_en: str | None = None) -> Entity:
    ent = session.query(Entity).filter_by(kind=kind, name=name).one_or_none()
    if ent is None:
        ent = Entity(kind=kind, name=name, name_en=name_en)
        session.add(ent)
        session.flush()
    session.add(EventEntity(event_id=event.id, entity_id=ent.id, role="participant"))
    session.flush()
    return ent


def many_days(first: date, count: int) -> list[date]:
    return [first + timedelta(days=i) for i in range(count)]
