"""Writes: documents with their mentions and events, replaced as a unit.

Every function here works inside the caller's session; the caller owns the
transaction, so a document's rows change all together or not at all.

Writes that change a document's evidence take a *regrouper* (``Regrouper``:
``ingest.events.grouping`` is the one the product uses), which puts the new
evidence into events and rewrites the events that lost some: the rules for
that belong to event building, not to the store.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any, Callable, Iterable, Protocol, Sequence

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from store.bulk import gc_paused, insert_rows
from store.models import Document, Event, EventMention, IngestRun, Mention

NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"


class Regrouper(Protocol):
    """What a write needs to keep events in step with the evidence it changed."""

    def refresh_events(self, session: Session, event_ids: Iterable[int]) -> None:
        """Rewrite events that lost rows from the rows they have left (delete those left empty)."""

    def group_pending(self, session: Session, document_ids: Sequence[int] | None = None) -> int:
        """Group the pending rows of these documents into events."""


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


@dataclass
class MentionRow:
    """A mention as the store needs it; offsets into the document's own text."""

    start_offset: int
    end_offset: int
    text: str
    timex_type: str
    value: str
    end_value: str | None
    granularity: str | None
    date_start: date | None
    date_end: date | None
    hijri_start: str | None
    hijri_end: str | None
    calendar: str
    status: str
    rule: str | None
    symbolic: str | None
    candidates: list[str] | None
    spec: dict[str, Any]
    explanation: str | None = None


@dataclass
class EventRow:
    """An event as one document tells it; sentence offsets into the document's text."""

    kind: str
    mention_index: int | None
    date_start: date
    date_end: date
    granularity: str
    value: str
    end_value: str | None
    hijri_start: str | None
    hijri_end: str | None
    calendar: str
    title: str
    text: str
    sentence_start: int
    sentence_end: int
    place: str | None
    rule: str | None
    confidence: float
    # What grouping compares (see ingest.events.same): how the date was obtained, the
    # place's matching key and whether the sentence names it (not the
    # dateline), the entities as dicts {kind, name, name_en, key, role,
    # subkind}, and key-word stems.
    date_basis: str | None = None
    title_start: int | None = None
    title_end: int | None = None
    place_key: str | None = None
    place_named: bool = False
    explanation: str | None = None
    entities: list[dict] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    happening: int | None = None     # the happening it tells, numbered within its document


@dataclass
class DocumentRow:
    """Everything stored about one article except its mentions and events."""

    key: str
    text: str
    content_hash: str
    source_hash: str
    page_key: str | None
    position: int
    page_start: int
    page_end: int
    url: str | None
    path: str | None
    title: str | None
    headline: str | None
    dateline: str | None
    source: str | None
    language: str | None
    published: date | None
    reference_date: date | None
    anchor_date: date | None
    anchor_granularity: str | None
    anchor_value: str | None
    published_basis: str
    anchor_rule: str | None
    anchor_candidates: list[str] | None
    extra: dict | None
    origin: str | None = None
    source_kind: str | None = None
    operator_published: date | None = None


def documents_of_source(session: Session, source_key: str) -> list[Document]:
    """The stored articles that came from one input (a file, a page, a feed entry)."""
    stmt = select(Document).where((Document.key == source_key) | (Document.page_key == source_key))
    return list(session.scalars(stmt))


def source_unchanged(session: Session, source_key: str, source_hash: str) -> bool:
    """True when the input was stored before with exactly this content and options."""
    docs = documents_of_source(session, source_key)
    return bool(docs) and all(d.source_hash == source_hash for d in docs)


def _apply_document_fields(doc: Document, row: DocumentRow) -> None:
    for name, value in vars(row).items():
        setattr(doc, name, value)


def replace_analysis(session: Session, doc: Document, mentions: Sequence[MentionRow], events: Sequence[EventRow],
                     *, regroup: Regrouper) -> None:
    """Replace a document's mentions and its evidence, then group the new evidence into events.

    Evidence that reads the same as before stays in its event, so unchanged
    happenings keep their event ids; events left without evidence disappear.
    """
    old = session.execute(
        select(EventMention.event_id, EventMention.kind, EventMention.text, EventMention.value)
        .where(EventMention.document_id == doc.id)
    ).all()
    # a row is "the same as before" by what it says, not where: text added
    # above it shifts its offsets but must not cost its event the id
    previous = {(o.kind, o.text, o.value): o.event_id for o in old}
    session.execute(delete(EventMention).where(EventMention.document_id == doc.id))
    session.execute(delete(Mention).where(Mention.document_id == doc.id))
    session.flush()
    mention_ids = insert_rows(session, Mention.__table__, [{"document_id": doc.id, **vars(m)} for m in mentions])
    rows = []
    for ev in events:
        values = evidence_values(ev, doc.id, mention_ids[ev.mention_index] if ev.mention_index is not None else None)
        values["event_id"] = previous.get((ev.kind, ev.text, ev.value))
        rows.append(values)
    insert_rows(session, EventMention.__table__, rows, want_ids=False)
    regroup.refresh_events(session, [o.event_id for o in old if o.event_id is not None])
    regroup.group_pending(session, [doc.id])


def evidence_values(ev: EventRow, document_id: int, mention_id: int | None) -> dict[str, Any]:
    """The event_mentions row for one EventRow, not yet assigned to an event.

    A row is written pending (no event); the regrouper's ``group_pending`` then puts it
    into an event, at once (one document) or at the end of an ingest run.
    """
    return dict(
        event_id=None, document_id=document_id, mention_id=mention_id,
        sentence_start=ev.sentence_start, sentence_end=ev.sentence_end,
        title_start=ev.title_start, title_end=ev.title_end,
        text=ev.text, title=ev.title, place=ev.place, kind=ev.kind,
        date_start=ev.date_start, date_end=ev.date_end, granularity=ev.granularity,
        value=ev.value, end_value=ev.end_value, calendar=ev.calendar, rule=ev.rule,
        explanation=ev.explanation, confidence=ev.confidence, date_basis=ev.date_basis, place_key=ev.place_key,
        place_named=ev.place_named, entities=list(ev.entities), keywords=list(ev.keywords),
        happening=ev.happening,
    )


def save_document(session: Session, row: DocumentRow, mentions: Sequence[MentionRow],
                  events: Sequence[EventRow], run_id: int | None = None, *, regroup: Regrouper) -> str:
    """Insert or replace one article; returns "new", "changed" or "unchanged"."""
    now = utcnow()
    doc = session.scalar(select(Document).where(Document.key == row.key))
    if doc is not None and doc.content_hash == row.content_hash:
        if doc.source_hash != row.source_hash:
            doc.source_hash = row.source_hash
        return UNCHANGED
    status = CHANGED if doc is not None else NEW
    if doc is None:
        doc = Document(ingested_at=now)
        session.add(doc)
    _apply_document_fields(doc, row)
    doc.updated_at = now
    doc.run_id = run_id
    session.flush()
    replace_analysis(session, doc, mentions, events, regroup=regroup)
    return status


def prune_source(session: Session, source_key: str, keep_keys: Iterable[str], *, regroup: Regrouper) -> int:
    """Delete articles of a source that its new version no longer holds."""
    keep = set(keep_keys)
    gone = [d for d in documents_of_source(session, source_key) if d.key not in keep]
    for doc in gone:
        delete_document(session, doc, regroup=regroup)
    return len(gone)


def delete_document(session: Session, doc: Document, *, regroup: Regrouper) -> None:
    """A document and everything derived from it; events it shared with other
    documents stay, regrouped and recounted without it."""
    old = session.scalars(select(EventMention.event_id).where(EventMention.document_id == doc.id)).all()
    session.execute(delete(EventMention).where(EventMention.document_id == doc.id))
    session.flush()
    regroup.refresh_events(session, [o for o in old if o is not None])
    # events still pointing at the document for their text take another row's
    session.execute(delete(Event).where(Event.document_id == doc.id))
    session.delete(doc)
    session.flush()


def start_run(session: Session, source: str, options: dict | None = None, *, pid: int | None = None,
              host: str | None = None) -> IngestRun:
    now = utcnow()
    run = IngestRun(started_at=now, source=source, status="running", options=options or {}, errors=[],
                    pid=pid, host=host, heartbeat_at=now)
    session.add(run)
    session.flush()
    return run


def heartbeat(session: Session, run_id: int | None) -> None:
    """The run is alive (see mark_dead_runs)."""
    if run_id is not None:
        session.execute(update(IngestRun).where(IngestRun.id == run_id).values(heartbeat_at=utcnow()))


def finish_run(session: Session, run: IngestRun, *, seen: int, new: int, changed: int,
               unchanged: int, failed: int, errors: list[dict], status: str,
               warnings: list[dict] | None = None) -> None:
    run.finished_at = utcnow()
    run.seen, run.new, run.changed, run.unchanged, run.failed = seen, new, changed, unchanged, failed
    run.errors = errors
    run.warnings = warnings or None
    run.status = status


# --- ingest runs at scale: cheap unchanged checks, pruning, stale runs -------

def stored_source_hashes(session: Session, source_keys: Sequence[str]) -> dict[str, list[str]]:
    """For each input key, the source hashes of the articles stored from it (one query, no text loaded)."""
    found: dict[str, list[str]] = {}
    if not source_keys:
        return found
    keys = list(dict.fromkeys(source_keys))
    stmt = select(Document.key, Document.page_key, Document.source_hash).where(
        Document.key.in_(keys) | Document.page_key.in_(keys))
    for key, page_key, source_hash in session.execute(stmt):
        found.setdefault(page_key or key, []).append(source_hash)
    return found


def stored_operator_dates(session: Session, source_keys: Sequence[str]) -> dict[str, date]:
    """For each input key, the publication date the operator gave it, where one was given."""
    found: dict[str, date] = {}
    if not source_keys:
        return found
    keys = list(dict.fromkeys(source_keys))
    stmt = select(Document.key, Document.page_key, Document.operator_published).where(
        (Document.key.in_(keys) | Document.page_key.in_(keys)) & Document.operator_published.is_not(None))
    for key, page_key, day in session.execute(stmt):
        found[page_key or key] = day
    return found


def vanished_documents(session: Session, origin: str, seen_keys: set[str]) -> list[int]:
    """Ids of documents found through ``origin`` whose input was not seen this time."""
    stmt = select(Document.id, Document.key, Document.page_key).where(Document.origin == origin)
    return [doc_id for doc_id, key, page_key in session.execute(stmt)
            if (page_key or key) not in seen_keys]


def delete_documents(session: Session, ids: Sequence[int], *, regroup: Regrouper) -> int:
    """Delete documents (and everything derived from them) by id."""
    count = 0
    for doc_id in ids:
        doc = session.get(Document, doc_id)
        if doc is not None:
            delete_document(session, doc, regroup=regroup)
            count += 1
    return count


# A run on another host is known dead only by its silence: a live run beats
# at every batch and every HEARTBEAT_SECONDS while it waits (ingest.pipeline).
STALE_AFTER = timedelta(minutes=30)


def mark_dead_runs(session: Session, *, host: str, alive: Callable[[int, str | None], bool],
                   lock_held: bool = False, now: datetime | None = None) -> list[int]:
    """Mark ``interrupted`` every run still ``running`` whose process is gone; returns their ids.

    A run is dead when: the caller holds the run lock and the run took it
    too (nobody else can be running it); or it ran on this host and its
    process is gone (``alive(pid, process_start)``); or its last heartbeat (or
    start, for runs recorded before heartbeats) is older than STALE_AFTER.
    """
    now = now or utcnow()
    dead = []
    for run in session.scalars(select(IngestRun).where(IngestRun.status == "running")):
        options = run.options or {}
        if lock_held and options.get("locked"):
            why = "the process stopped before the run finished (the run lock was free)"
        elif run.host == host and run.pid is not None and not alive(run.pid, options.get("process_start")):
            why = f"the process ({run.pid} on {run.host}) stopped before the run finished"
        elif now - (run.heartbeat_at or run.started_at) > STALE_AFTER:
            why = f"no sign of life since {(run.heartbeat_at or run.started_at):%Y-%m-%d %H:%M:%S} UTC"
        else:
            continue
        run.status = "interrupted"
        run.finished_at = run.finished_at or run.heartbeat_at or now
        run.errors = list(run.errors or []) + [{"input": "(run)", "error": why}]
        dead.append(run.id)
    return dead


# --- the bulk path for inputs never stored before ------------------------------
#
# save_document + replace_analysis cost a dozen ORM statements per article;
# a first ingest of a large corpus spends most of its time there. For articles
# whose key is not stored yet there is nothing to compare or delete, so they
# are inserted with four executemany statements per batch. The rows written
# MUST match replace_analysis's exactly: tests/test_ingest_bulk.py compares the
# two paths, so a change in how events are written shows up there. Set
# BULK_NEW_DOCUMENTS = False to send everything through save_document.

BULK_NEW_DOCUMENTS = True


def insert_new_documents(session: Session,
                         items: Sequence[tuple[DocumentRow, Sequence[MentionRow], Sequence[EventRow]]],
                         run_id: int | None = None) -> int:
    """Insert articles whose keys are not stored yet, in bulk; returns how many.

    A key stored meanwhile (another process) raises IntegrityError: the caller
    rolls back and stores those articles one by one with save_document.
    """
    if not items:
        return 0
    with gc_paused():
        return _insert_new_documents(session, items, run_id)


def _insert_new_documents(session: Session,
                          items: Sequence[tuple[DocumentRow, Sequence[MentionRow], Sequence[EventRow]]],
                          run_id: int | None) -> int:
    now = utcnow()
    doc_ids = insert_rows(session, Document.__table__,
                           [{**vars(row), "ingested_at": now, "updated_at": now, "run_id": run_id}
                            for row, _m, _e in items])
    mention_params = [{"document_id": doc_id, **vars(m)}
                      for doc_id, (_row, mentions, _e) in zip(doc_ids, items) for m in mentions]
    mention_ids = insert_rows(session, Mention.__table__, mention_params)
    # Evidence rows are written pending; the run groups them into events at
    # its end (ingest.events.grouping), a month of dates at a time.
    evidence = []
    cursor = 0
    for doc_id, (_row, mentions, events) in zip(doc_ids, items):
        ids = mention_ids[cursor:cursor + len(mentions)]
        cursor += len(mentions)
        for ev in events:
            mention_id = ids[ev.mention_index] if ev.mention_index is not None else None
            evidence.append(evidence_values(ev, doc_id, mention_id))
    insert_rows(session, EventMention.__table__, evidence, want_ids=False)
    return len(doc_ids)


def stored_texts(session: Session, source_key: str) -> list[str]:
    """The texts of the articles stored from one input."""
    stmt = select(Document.text).where((Document.key == source_key) | (Document.page_key == source_key))
    return list(session.scalars(stmt))


def stored_extras(session: Session, source_key: str) -> list[dict | None]:
    """The metadata of the articles stored from one input (no text loaded)."""
    stmt = select(Document.extra).where((Document.key == source_key) | (Document.page_key == source_key))
    return list(session.scalars(stmt))
