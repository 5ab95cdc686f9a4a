"""The whole path for one input: analyse, build events, store; and re-anchoring.

Each input is stored in its own transaction: a failure or a kill leaves the
inputs before it complete and the one it was working on untouched.
"""
from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Iterable

from sqlalchemy.orm import Session, sessionmaker

from ingest.analyse import analyse, resolve_mentions
from ingest.document import (
    AnalysedArticle,
    Anchor,
    Article,
    BASIS_METADATA,
    Mention,
    SourceDocument,
)
from ingest.events import EventCandidate, build_events
from ingest.sources import InputError
from ingest.temporal.hijri import to_hijri_iso
from ingest.temporal.types import TemporalExpression
from store import writes
from store.db import transaction
from store.models import Document

log = logging.getLogger(__name__)

# Part of every content hash: bump it when extraction changes, so that the
# next re-ingest recomputes stored documents instead of skipping them.
PIPELINE_VERSION = "1"


@dataclass
class RunSummary:
    run_id: int | None = None
    seen: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: list[dict] = field(default_factory=list)

    @property
    def status(self) -> str:
        return "ok" if not self.failed else ("failed" if self.failed == self.seen else "partial")

    def as_dict(self) -> dict:
        return {"run_id": self.run_id, "status": self.status, "seen": self.seen, "new": self.new,
                "changed": self.changed, "unchanged": self.unchanged, "failed": self.failed,
                "errors": self.errors}


@dataclass(frozen=True)
class IngestOptions:
    """Command-line choices that change what is stored, so they enter the hash."""

    published: date | None = None
    earliest: date | None = None
    latest: date | None = None

    def fingerprint(self) -> dict:
        return {k: (v.isoformat() if v else None) for k, v in vars(self).items()}


def _sha(*parts: object) -> str:
    payload = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def source_hash(source: SourceDocument, options: IngestOptions) -> str:
    meta = {"title": source.title, "url": source.url, "published": source.published,
            "source": source.source, "language": source.language, "metadata": source.metadata}
    return _sha(PIPELINE_VERSION, source.text, meta, options.fingerprint())


def _hijri(day: date | None) -> str | None:
    return to_hijri_iso(day) if day else None


def mention_rows(article: Article, mentions: list[Mention]) -> list[writes.MentionRow]:
    rows = []
    for m in mentions:
        e, r = m.expression, m.resolution
        rows.append(writes.MentionRow(
            start_offset=e.start - article.start, end_offset=e.end - article.start, text=e.text,
            timex_type=e.type, value=r.value, end_value=r.end_value, granularity=r.granularity,
            date_start=r.date_start, date_end=r.date_end, hijri_start=_hijri(r.date_start),
            hijri_end=_hijri(r.date_end), calendar=r.calendar, status=r.status, rule=r.rule,
            symbolic=r.symbolic, candidates=list(r.candidates) or None, spec=e.spec,
        ))
    return rows


def event_rows(events: list[EventCandidate]) -> list[writes.EventRow]:
    return [writes.EventRow(
        kind=c.kind, mention_index=c.mention_index, date_start=c.date_start, date_end=c.date_end,
        granularity=c.granularity, value=c.value, end_value=c.end_value, hijri_start=c.hijri_start,
        hijri_end=c.hijri_end, calendar=c.calendar, title=c.title, text=c.text,
        sentence_start=c.sentence_start, sentence_end=c.sentence_end, place=c.place, rule=c.rule,
        confidence=c.confidence,
    ) for c in events]


def document_row(item: AnalysedArticle, src_hash: str, whole_page: bool) -> writes.DocumentRow:
    article, anchor, source = item.article, item.anchor, item.article.source
    content = _sha(PIPELINE_VERSION, article.text, src_hash if whole_page else None,
                   anchor.date, anchor.basis, source.title, source.url, source.source)
    return writes.DocumentRow(
        key=article.key, text=article.text, content_hash=content, source_hash=src_hash,
        page_key=None if whole_page else source.key, position=article.position,
        page_start=article.start, page_end=article.end, url=source.url, path=source.path,
        title=source.title if whole_page else (article.headline or source.title),
        headline=article.headline, dateline=article.dateline, source=source.source,
        language=source.language, published=source.published if whole_page else None,
        reference_date=anchor.reference, anchor_date=anchor.date,
        anchor_granularity=anchor.granularity if anchor.date else None,
        anchor_value=_anchor_value(anchor), published_basis=anchor.basis, anchor_rule=anchor.rule,
        anchor_candidates=list(anchor.candidates) or None,
        extra=source.metadata or None,
    )


def _anchor_value(anchor: Anchor) -> str | None:
    if anchor.date is None:
        return None
    return anchor.date.isoformat()[:7] if anchor.granularity == "month" else anchor.date.isoformat()


def store_source(session: Session, source: SourceDocument, options: IngestOptions,
                 run_id: int | None, summary: RunSummary, prune: bool = True) -> None:
    """Analyse one input and store its articles (caller commits)."""
    src_hash = source_hash(source, options)
    if writes.source_unchanged(session, source.key, src_hash):
        summary.unchanged += 1
        return
    analysis = analyse(source, dct=options.published, earliest=options.earliest, latest=options.latest)
    whole = len(analysis.articles) == 1
    outcomes = []
    for item in analysis.articles:
        row = document_row(item, src_hash, whole)
        outcomes.append(writes.save_document(
            session, row, mention_rows(item.article, item.mentions),
            event_rows(build_events(item)), run_id=run_id,
        ))
    if prune:
        writes.prune_source(session, source.key, [a.article.key for a in analysis.articles])
    if writes.NEW in outcomes and writes.CHANGED not in outcomes and all(o != writes.UNCHANGED for o in outcomes):
        summary.new += 1
    elif writes.NEW in outcomes or writes.CHANGED in outcomes:
        summary.changed += 1
    else:
        summary.unchanged += 1


def ingest(factory: sessionmaker[Session], items: Iterable[SourceDocument | InputError], *,
           label: str, options: IngestOptions | None = None,
           on_progress: Callable[[SourceDocument | InputError], None] | None = None) -> RunSummary:
    """Store every input, one transaction each, and record the run in ingest_runs."""
    options = options or IngestOptions()
    summary = RunSummary()
    with transaction(factory) as session:
        run = writes.start_run(session, label, {"options": options.fingerprint()})
        summary.run_id = run.id
    for item in items:
        summary.seen += 1
        if isinstance(item, InputError):
            summary.failed += 1
            summary.errors.append({"input": item.where, "error": item.reason})
            log.warning("%s", item)
        else:
            try:
                with transaction(factory) as session:
                    store_source(session, item, options, summary.run_id, summary)
            except InputError as exc:
                summary.failed += 1
                summary.errors.append({"input": exc.where, "error": exc.reason})
                log.warning("%s", exc)
        if on_progress:
            on_progress(item)
    with transaction(factory) as session:
        run = session.get(writes.IngestRun, summary.run_id)
        writes.finish_run(session, run, seen=summary.seen, new=summary.new, changed=summary.changed,
                          unchanged=summary.unchanged, failed=summary.failed, errors=summary.errors,
                          status=summary.status)
    return summary


class DocumentNotFound(LookupError):
    pass


def reanchor(session: Session, document_id: int, published: date | None) -> Document:
    """Give a stored document a publication date (or take it away) and re-resolve it.

    Works from the stored specs: the text is not parsed again. Only this
    document's rows change; running it twice with the same date changes nothing.
    """
    doc = session.get(Document, document_id)
    if doc is None:
        raise DocumentNotFound(f"no document with id {document_id}")
    if published is not None and doc.published == published and doc.published_basis == BASIS_METADATA:
        return doc
    source = SourceDocument(key=doc.key, text=doc.text, path=doc.path, url=doc.url, title=doc.title,
                            published=published, source=doc.source)
    article = Article(source=source, key=doc.key, position=doc.position, start=0, end=len(doc.text),
                      headline=doc.headline, dateline=doc.dateline)
    expressions = [TemporalExpression(m.start_offset, m.end_offset, m.text, m.timex_type, dict(m.spec))
                   for m in doc.mentions]
    if published is not None:
        anchor = Anchor(published, "day", BASIS_METADATA, "publication date supplied", reference=published)
    else:
        anchor = Anchor(None, reference=doc.reference_date)
    item = AnalysedArticle(article, anchor, resolve_mentions(expressions, anchor))
    doc.published = published
    doc.anchor_date, doc.anchor_granularity = anchor.date, ("day" if anchor.date else None)
    doc.anchor_value, doc.published_basis, doc.anchor_rule = _anchor_value(anchor), anchor.basis, anchor.rule
    doc.anchor_candidates = None
    doc.updated_at = writes.utcnow()
    doc.content_hash = _sha(doc.content_hash, "reanchored", published)
    writes.replace_analysis(session, doc, mention_rows(article, item.mentions), event_rows(build_events(item)))
    session.refresh(doc)
    return doc
