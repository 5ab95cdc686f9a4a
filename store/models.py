"""The schema, in one place. Alembic migrations are generated from these models.

Written for people who query it with plain SQL as much as for the code:
every date is a real DATE column (``date_start``/``date_end`` inclusive), so
``WHERE date_start <= '2016-02-29' AND date_end >= '2016-02-01'`` finds what
overlaps February 2016 on SQLite and PostgreSQL alike. Offsets are named
``start_offset``/``end_offset`` (end exclusive) to stay clear of SQL keywords.
See docs/schema.md for a table-by-table description.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Computed,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import event
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.sql import case, literal_column
from sqlalchemy.sql.functions import FunctionElement

# Deterministic constraint names so that migrations agree across backends.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class _SpanDays(FunctionElement):
    """Days from date_start to date_end, spelled the way each backend can compute it."""

    inherit_cache = True
    name = "span_days"


@compiles(_SpanDays)
def _span_days_default(element, compiler, **kw):
    return "(date_end - date_start)"


@compiles(_SpanDays, "sqlite")
def _span_days_sqlite(element, compiler, **kw):
    return "(julianday(date_end) - julianday(date_start))"


# Upper bound (in days) of each span class; the last class is unbounded. The
# API's overlap query scans each class from (from - bound), so an interval
# query never walks the events that ended long before the window.
SPAN_CLASS_BOUNDS: tuple[int, ...] = (0, 7, 31, 92, 366, 1100, 3660)


def _span_class_expression():
    whens = [(_SpanDays() <= bound, i) for i, bound in enumerate(SPAN_CLASS_BOUNDS)]
    return case(*whens, else_=len(SPAN_CLASS_BOUNDS))


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class IngestRun(Base):
    """One run of ``timeline ingest`` (or an API write): what it saw and did."""

    __tablename__ = "ingest_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    source: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="running")
    seen: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    new: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    changed: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    failed: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    errors: Mapped[list | None] = mapped_column(JSON)
    options: Mapped[dict | None] = mapped_column(JSON)
    # Documents deleted because they vanished from their folder or feed (--prune).
    pruned: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")
    # Who runs it, and when it last showed it was alive: a later run marks a
    # run whose process is gone (or silent too long) ``interrupted``.
    pid: Mapped[int | None] = mapped_column(Integer)
    host: Mapped[str | None] = mapped_column(String(255))
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime)
    # What it reported about inputs it stored: [{input, warning}]
    warnings: Mapped[list | None] = mapped_column(JSON)


class Document(Base):
    """One article. A page holding several articles gives one row per article."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(Text, nullable=False, unique=True)
    page_key: Mapped[str | None] = mapped_column(Text, index=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    page_start: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    page_end: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    url: Mapped[str | None] = mapped_column(Text)
    path: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    headline: Mapped[str | None] = mapped_column(Text)
    dateline: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text, index=True)
    language: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text, nullable=False)
    # content_hash: this article's text and metadata; source_hash: the whole
    # input it came from, so an unchanged page is skipped without analysis.
    content_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    source_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    published: Mapped[date | None] = mapped_column(Date)
    # A publication date the operator supplied (--published, `timeline anchor`,
    # PATCH): a re-ingest without one keeps it.
    operator_published: Mapped[date | None] = mapped_column(Date)
    reference_date: Mapped[date | None] = mapped_column(Date)
    anchor_date: Mapped[date | None] = mapped_column(Date, index=True)
    anchor_granularity: Mapped[str | None] = mapped_column(String(16))
    anchor_value: Mapped[str | None] = mapped_column(String(32))
    published_basis: Mapped[str] = mapped_column(String(16), nullable=False, default="unknown")
    anchor_rule: Mapped[str | None] = mapped_column(Text)
    anchor_candidates: Mapped[list | None] = mapped_column(JSON)
    extra: Mapped[dict | None] = mapped_column(JSON)
    ingested_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("ingest_runs.id", ondelete="SET NULL"))
    # The command-line input it was found through (folder, feed, JSON Lines
    # file, URL) and the kind of reader: `--prune` deletes what vanished from it.
    origin: Mapped[str | None] = mapped_column(Text, index=True)
    source_kind: Mapped[str | None] = mapped_column(String(16))

    mentions: Mapped[list["Mention"]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True,
        order_by="Mention.start_offset",
    )


class Mention(Base):
    """Every temporal expression found in a document, resolved or not."""

    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True
    )
    start_offset: Mapped[int] = mapped_column(Integer, nullable=False)
    end_offset: Mapped[int] = mapped_column(Integer, nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    timex_type: Mapped[str] = mapped_column(String(16), nullable=False)
    value: Mapped[str] = mapped_column(String(64), nullable=False)
    end_value: Mapped[str | None] = mapped_column(String(64))
    granularity: Mapped[str | None] = mapped_column(String(16))
    date_start: Mapped[date | None] = mapped_column(Date)
    date_end: Mapped[date | None] = mapped_column(Date)
    hijri_start: Mapped[str | None] = mapped_column(String(10))
    hijri_end: Mapped[str | None] = mapped_column(String(10))
    calendar: Mapped[str] = mapped_column(String(16), nullable=False, default="gregorian")
    status: Mapped[str] = mapped_column(String(16), nullable=False)
    rule: Mapped[str | None] = mapped_column(Text)
    # ``rule`` is for developers (English); ``explanation`` is for users (Arabic)
    explanation: Mapped[str | None] = mapped_column(Text)
    symbolic: Mapped[str | None] = mapped_column(Text)
    candidates: Mapped[list | None] = mapped_column(JSON)
    # What the text says, independent of any anchor: resolving this again
    # against a new anchor needs no parsing of the text.
    spec: Mapped[dict] = mapped_column(JSON, nullable=False)

    document: Mapped[Document] = relationship(back_populates="mentions")

    __table_args__ = (Index("ix_mentions_dates", "date_start", "date_end"),)


class Event(Base):
    """A dated happening on the timeline; its evidence is in ``event_mentions``."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    date_start: Mapped[date] = mapped_column(Date, nullable=False)
    date_end: Mapped[date] = mapped_column(Date, nullable=False)
    granularity: Mapped[str] = mapped_column(String(16), nullable=False)
    value: Mapped[str] = mapped_column(String(64), nullable=False)
    end_value: Mapped[str | None] = mapped_column(String(64))
    hijri_start: Mapped[str | None] = mapped_column(String(10))
    hijri_end: Mapped[str | None] = mapped_column(String(10))
    hijri_year: Mapped[int | None] = mapped_column(Integer)
    hijri_month: Mapped[int | None] = mapped_column(Integer)
    calendar: Mapped[str] = mapped_column(String(16), nullable=False, default="gregorian")
    kind: Mapped[str] = mapped_column(String(16), nullable=False, default="mention")
    title: Mapped[str] = mapped_column(Text, nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    place: Mapped[str | None] = mapped_column(Text, index=True)
    rule: Mapped[str | None] = mapped_column(Text)
    explanation: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float, nullable=False, default=0.5)
    document_count: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    source_count: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    # The document and mention the event's text was taken from.
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True
    )
    mention_id: Mapped[int | None] = mapped_column(ForeignKey("mentions.id", ondelete="SET NULL"))
    # Computed by the database from the dates (see SPAN_CLASS_BOUNDS); never written.
    span_class: Mapped[int | None] = mapped_column(Integer, Computed(_span_class_expression()))

    evidence: Mapped[list["EventMention"]] = relationship(
        back_populates="event", cascade="all, delete-orphan", passive_deletes=True,
        order_by="EventMention.id",
    )

    __table_args__ = (
        Index("ix_events_chronology", "date_start", "date_end", "id"),
        Index("ix_events_date_end", "date_end"),
        Index("ix_events_hijri", "hijri_year", "hijri_month"),
        Index("ix_events_span_chronology", "span_class", "date_start", "date_end", "id"),
    )


class EventMention(Base):
    """One piece of evidence for an event: a sentence of one document.

    Each row is the event as that one sentence tells it (its own date, place,
    entities and key words); ``ingest.events.grouping`` groups rows that tell the same
    happening into one ``events`` row. ``event_id`` is NULL while the row is
    pending: written by an ingest run that groups it at its end.
    """

    __tablename__ = "event_mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True
    )
    mention_id: Mapped[int | None] = mapped_column(
        ForeignKey("mentions.id", ondelete="CASCADE"), index=True
    )
    sentence_start: Mapped[int] = mapped_column(Integer, nullable=False)
    sentence_end: Mapped[int] = mapped_column(Integer, nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    title: Mapped[str] = mapped_column(Text, nullable=False)
    # the span the title was cut from (the clause around the date, or the headline)
    title_start: Mapped[int | None] = mapped_column(Integer)
    title_end: Mapped[int | None] = mapped_column(Integer)
    place: Mapped[str | None] = mapped_column(Text)
    # The event as this sentence dates it, and what merging compares.
    kind: Mapped[str] = mapped_column(String(16), nullable=False, default="mention")
    date_start: Mapped[date] = mapped_column(Date, nullable=False)
    date_end: Mapped[date] = mapped_column(Date, nullable=False)
    granularity: Mapped[str] = mapped_column(String(16), nullable=False)
    value: Mapped[str] = mapped_column(String(64), nullable=False)
    end_value: Mapped[str | None] = mapped_column(String(64))
    calendar: Mapped[str] = mapped_column(String(16), nullable=False, default="gregorian")
    rule: Mapped[str | None] = mapped_column(Text)
    explanation: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float, nullable=False, default=0.5)
    # how the date was obtained: explicit, weekday_fixed, year_inferred, relative, anchor
    date_basis: Mapped[str | None] = mapped_column(String(16))
    place_key: Mapped[str | None] = mapped_column(Text)
    place_named: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # [{kind, name, name_en, key, role, subkind}] and sorted key-word stems
    entities: Mapped[list | None] = mapped_column(JSON)
    keywords: Mapped[list | None] = mapped_column(JSON)
    # the happening this row tells, numbered within its document: a document's
    # rows of one happening are one event, rows of two happenings never are
    happening: Mapped[int | None] = mapped_column(Integer)

    event: Mapped[Event] = relationship(back_populates="evidence")
    document: Mapped[Document] = relationship()

    __table_args__ = (Index("ix_event_mentions_dates", "date_start", "date_end"),)


@event.listens_for(EventMention, "before_insert")
def _evidence_takes_its_events_date(_mapper, _connection, row: EventMention) -> None:
    """Evidence added to an event without a date of its own takes the event's
    (ingest always gives its own; hand-built rows in tools and tests need not)."""
    ev = row.event
    if ev is None:
        return
    for name in ("date_start", "date_end", "granularity", "value", "end_value", "calendar", "rule", "explanation", "kind"):
        if getattr(row, name) is None:
            setattr(row, name, getattr(ev, name))


class Entity(Base):
    """A person, place or organisation named in the articles.

    ``normalized`` is the matching form of the name (hamza, ya and ta marbuta
    variants folded): one entity however the articles spell it.
    """

    __tablename__ = "entities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    name_en: Mapped[str | None] = mapped_column(Text)
    # defaults to the name as given; ingest writes the folded form (ingest.events.entities.normalize)
    normalized: Mapped[str] = mapped_column(
        Text, nullable=False, default=lambda ctx: ctx.get_current_parameters()["name"])
    subkind: Mapped[str | None] = mapped_column(String(16))

    __table_args__ = (UniqueConstraint("kind", "name"), UniqueConstraint("kind", "normalized"))


class EventEntity(Base):
    """Which entities take part in (or are the place of) which events.

    ``role``: ``place`` (where it happened), ``participant`` (a person or
    organisation named in its sentence), ``mentioned`` (another place its
    sentence names, often the topic: "المحادثات حول سوريا").
    """

    __tablename__ = "event_entities"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(16), nullable=False, default="participant")
