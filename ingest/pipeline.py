"""The ingest run: read, skip what is unchanged, analyse, store; and re-anchoring.

Inputs are written in batches, one transaction per batch: a kill leaves every
committed batch complete and the one in flight untouched (the next run picks
it up); a batch that fails is retried input by input, so one bad input never
costs the others.
"""
from __future__ import annotations

import concurrent.futures
import contextlib
import gc
import hashlib
import json
import logging
import multiprocessing as mp
import os
import signal
import sys
import threading
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Callable, Iterable, Iterator

from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ingest.analyse import analyse, resolve_mentions
from ingest.anchor import with_published
from ingest.document import (
    AnalysedArticle,
    Anchor,
    Article,
    BASIS_METADATA,
    Mention,
    SourceDocument,
)
from ingest.events import EventCandidate, build_events
from ingest.sanitize import sanitize
from ingest.sources import InputError, Unchanged
from ingest.temporal.hijri import to_hijri_iso
from ingest.temporal.types import TemporalExpression
from ingest.events import grouping
from store import writes
from store.bulk import gc_paused
from store.db import DatabaseBusy, is_busy, transaction
from store.locks import process_alive, process_start, this_host
from store.models import Document, EventMention

log = logging.getLogger(__name__)

# Part of every content hash: bump it when extraction changes, so that the
# next re-ingest recomputes stored documents instead of skipping them.
PIPELINE_VERSION = "2"


MAX_STORED_ERRORS = 1000  # a run over a broken corpus must not write a huge errors column


@dataclass
class RunSummary:
    run_id: int | None = None
    seen: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    pruned: int = 0
    articles: int = 0       # article rows written (a page holding several gives several)
    bytes: int = 0          # UTF-8 size of every input's text, for MB/s
    seconds: float = 0.0
    errors: list[dict] = field(default_factory=list)
    # what the user should know about inputs that were stored (see SourceDocument.warnings)
    warnings: list[dict] = field(default_factory=list)

    @property
    def status(self) -> str:
        return "ok" if not self.failed else ("failed" if self.failed == self.seen else "partial")

    def add_error(self, where: str, reason: str) -> None:
        self.failed += 1
        if len(self.errors) < MAX_STORED_ERRORS:
            self.errors.append({"input": where, "error": reason})
        elif len(self.errors) == MAX_STORED_ERRORS:
            self.errors.append({"input": "...", "error": "more failures not listed"})

    def add_warning(self, where: str, message: str) -> None:
        if len(self.warnings) < MAX_STORED_ERRORS:
            self.warnings.append({"input": where, "warning": message})
        elif len(self.warnings) == MAX_STORED_ERRORS:
            self.warnings.append({"input": "...", "warning": "more warnings not listed"})

    def as_dict(self) -> dict:
        return {"run_id": self.run_id, "status": self.status, "seen": self.seen, "new": self.new,
                "changed": self.changed, "unchanged": self.unchanged, "failed": self.failed,
                "pruned": self.pruned, "articles": self.articles, "bytes": self.bytes,
                "seconds": round(self.seconds, 3), "errors": self.errors, "warnings": self.warnings}


@dataclass(frozen=True)
class IngestOptions:
    """Command-line choices that change what is stored, so they enter the hash.

    ``published`` is a date the operator supplies for every input; it is
    recorded (documents.operator_published) and a later run without one keeps
    it, unless ``forget_published`` (``--published none``) says to drop it.
    """

    published: date | None = None
    earliest: date | None = None
    latest: date | None = None
    forget_published: bool = False

    def fingerprint(self) -> dict:
        # only what changes the analysis: a new field here would make every stored input stale
        return {k: (v.isoformat() if v else None)
                for k, v in (("published", self.published), ("earliest", self.earliest), ("latest", self.latest))}


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
            explanation=r.explanation or None, symbolic=r.symbolic, candidates=list(r.candidates) or None, spec=e.spec,
        ))
    return rows


def event_rows(events: list[EventCandidate]) -> list[writes.EventRow]:
    return [writes.EventRow(
        kind=c.kind, mention_index=c.mention_index, date_start=c.date_start, date_end=c.date_end,
        granularity=c.granularity, value=c.value, end_value=c.end_value, hijri_start=c.hijri_start,
        hijri_end=c.hijri_end, calendar=c.calendar, title=c.title, text=c.text,
        sentence_start=c.sentence_start, sentence_end=c.sentence_end, place=c.place, rule=c.rule,
        explanation=c.explanation or None, confidence=c.confidence, date_basis=c.date_basis, title_start=c.title_start, title_end=c.title_end,
        place_key=c.place_key, place_named=c.place_named,
        entities=[vars(e).copy() for e in c.entities], keywords=list(c.keywords), happening=c.happening,
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


@dataclass
class Prepared:
    """One input analysed and turned into rows, ready for the writer (picklable: it
    comes back from a worker process)."""

    key: str
    where: str
    source_hash: str
    origin: str | None
    existed: bool  # stored before: articles that vanished from the page must go
    articles: list[tuple[writes.DocumentRow, list[writes.MentionRow], list[writes.EventRow]]]
    size: int  # characters of row data, to bound a batch


@dataclass
class Failure:
    """An input that could not be analysed; the run goes on without it."""

    key: str | None
    where: str
    reason: str


def prepare(source: SourceDocument, options: IngestOptions, src_hash: str | None = None,
            existed: bool = True) -> Prepared:
    """SourceDocument → rows: parse, tag, anchor, build events. Pure (no database), so
    it runs in a worker process."""
    src_hash = src_hash or source_hash(source, options)
    # A long document makes objects faster than the cyclic collector's thresholds,
    # and each collection walks all that is alive: analysis of 1 MB took 13x that
    # of 100 KB with the collector on, 10x with it paused (bench/bench_analysis.py).
    with gc_paused():
        analysis = analyse(source, dct=options.published, earliest=options.earliest, latest=options.latest)
        whole = len(analysis.articles) == 1
        articles, size = [], 0
        for item in analysis.articles:
            row = document_row(item, src_hash, whole)
            row.origin, row.source_kind = source.origin, source.kind
            row.operator_published = options.published
            mentions = mention_rows(item.article, item.mentions)
            events = event_rows(build_events(item))
            articles.append((row, mentions, events))
            size += len(row.text) + 200 * (len(mentions) + len(events))
    return Prepared(key=source.key, where=source.path or source.url or source.key, source_hash=src_hash,
                    origin=source.origin, existed=existed, articles=articles, size=size)


def _prepare_safe(source: SourceDocument, options: IngestOptions, src_hash: str, existed: bool) -> Prepared | Failure:
    try:
        return prepare(source, options, src_hash, existed)
    except InputError as exc:
        return Failure(source.key, exc.where, exc.reason)
    except Exception as exc:  # a bug in analysis must cost one input, not the run
        log.debug("analysis of %s failed", source.key, exc_info=True)
        return Failure(source.key, source.path or source.url or source.key,
                       f"analysis failed ({type(exc).__name__}: {exc})")


WORKER_GC_THRESHOLD = 20_000


def _worker_init() -> None:
    """In each worker: Ctrl-C is the main process's business, and a worker must not
    outlive a main process killed with SIGKILL (it would wait for work forever)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # the parent's handler (which stops a run) was inherited by the fork: a worker just ends
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # What the worker inherited (lexicons, compiled patterns) lives as long as
    # it does: the cyclic collector need not walk it on every collection, and
    # analysis makes short-lived objects fast enough to trigger many.
    gc.freeze()
    gc.set_threshold(WORKER_GC_THRESHOLD, 20, 20)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            PR_SET_PDEATHSIG = 1
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass


def _prepare_many(batch: list[tuple[SourceDocument, str, bool, IngestOptions]]) -> list[Prepared | Failure]:
    return [_prepare_safe(source, options, h, existed) for source, h, existed, options in batch]


class _Pool:
    """The analysis processes: started on first use, replaced when one dies, killed (not
    waited for) when the run stops."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.executor: ProcessPoolExecutor | None = None
        self.context = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
        self.generation = 0  # which executor a future came from: a broken one is replaced once

    def submit(self, todos: list[_Todo]) -> Future:
        if self.executor is None:  # only now: a run with nothing to analyse never starts processes
            self.executor = ProcessPoolExecutor(max_workers=self.workers, mp_context=self.context,
                                                initializer=_worker_init)
            self.generation += 1
        future = self.executor.submit(_prepare_many, [(t.source, t.source_hash, t.existed, t.options) for t in todos])
        future.generation = self.generation
        return future

    def close(self) -> None:
        """The run is done: let the processes finish and go."""
        executor, self.executor = self.executor, None
        if executor is not None:
            executor.shutdown(wait=True)

    def kill(self) -> None:
        """Stop the processes now, whatever they are doing (interrupt, or one died)."""
        executor, self.executor = self.executor, None
        if executor is None:
            return
        # (shutdown drops these references: take them first)
        writer = getattr(getattr(executor, "_result_queue", None), "_writer", None)
        thread = getattr(executor, "_executor_manager_thread", None)
        try:
            kill = getattr(executor, "kill_workers", None)  # Python 3.14+
            if kill is not None:
                kill()
            else:
                # a copy in one step: the executor's own thread may change the dict meanwhile
                for process in list((getattr(executor, "_processes", None) or {}).copy().values()):
                    with contextlib.suppress(Exception):
                        process.kill()
        except Exception:
            log.debug("could not kill the analysis processes", exc_info=True)
        finally:
            with contextlib.suppress(Exception):
                executor.shutdown(wait=False, cancel_futures=True)
            # A worker killed while sending its result leaves half a message in the result
            # pipe, and the executor's thread would wait for the rest for ever (holding up
            # this process's exit). With the workers gone, closing this process's own end of
            # the pipe gives that thread an end-of-file instead: it sees a broken pool, cleans
            # up and stops, which it is given a moment to do.
            if writer is not None:
                with contextlib.suppress(Exception):
                    writer.close()
            if thread is not None:
                thread.join(timeout=5)



def store_prepared(session: Session, prepared: Prepared, run_id: int | None, prune_page: bool = True) -> str:
    """Write one analysed input (caller commits); returns its outcome: new, changed or unchanged."""
    outcomes = [writes.save_document(session, row, mentions, events, run_id=run_id, regroup=grouping)
                for row, mentions, events in prepared.articles]
    removed = 0
    if prune_page and prepared.existed:
        # A changed page that now holds fewer (or differently cut) articles.
        removed = writes.prune_source(session, prepared.key, [row.key for row, _m, _e in prepared.articles],
                                      regroup=grouping)
    if outcomes and all(o == writes.NEW for o in outcomes) and not removed:
        return writes.NEW
    if writes.NEW in outcomes or writes.CHANGED in outcomes or removed:
        return writes.CHANGED
    return writes.UNCHANGED


def _store_batch(session: Session, batch: list[Prepared], run_id: int | None) -> list[str]:
    """Store a batch in the caller's transaction: inputs never stored before in bulk,
    the others (which may need comparing and replacing) through save_document."""
    fresh = [p for p in batch if not p.existed] if writes.BULK_NEW_DOCUMENTS else []
    writes.insert_new_documents(session, [a for p in fresh for a in p.articles], run_id=run_id)
    fresh_ids = {id(p) for p in fresh}
    return [writes.NEW if id(p) in fresh_ids else store_prepared(session, p, run_id) for p in batch]


def _count(summary: RunSummary, outcome: str) -> None:
    if outcome == writes.NEW:
        summary.new += 1
    elif outcome == writes.CHANGED:
        summary.changed += 1
    else:
        summary.unchanged += 1


def store_source(session: Session, source: SourceDocument, options: IngestOptions,
                 run_id: int | None, summary: RunSummary, prune: bool = True) -> None:
    """Analyse one input and store its articles (caller commits)."""
    src_hash = source_hash(source, options)
    if writes.source_unchanged(session, source.key, src_hash):
        summary.unchanged += 1
        return
    prepared = prepare(source, options, src_hash)
    _count(summary, store_prepared(session, prepared, run_id, prune_page=prune))
    summary.articles += len(prepared.articles)


# --- the run: read → skip unchanged → analyse (pool) → write in batches -------

TRIAGE_CHUNK = 256   # inputs looked up in the database at once
WORK_CHUNK = 8       # inputs sent to a worker process at once
MAX_BATCH_CHARS = 4_000_000
# Evidence written in bulk is grouped into events when this much is pending:
# at least GROUP_MIN_ROWS, and at least GROUP_RATIO of what is grouped already.
# Grouping loads the stored events around the pending dates, so growing the
# step with the store keeps a long run's total work proportional to its size.
# A pass is done while the main process would otherwise wait for the workers,
# and in slices of GROUP_SLICE_SECONDS between batches, so the workers never
# wait long for the main process to take their results.
# A running run records a heartbeat at least this often while it waits (see writes.STALE_AFTER).
HEARTBEAT_SECONDS = 30.0
GROUP_MIN_ROWS = 2000
GROUP_RATIO = 1.0
GROUP_SLICE_SECONDS = 0.05


@dataclass
class _Todo:
    source: SourceDocument
    source_hash: str
    existed: bool
    options: IngestOptions  # the run's, or with the publication date the operator gave it before


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class _Run:
    """The state of one run: counts, keys seen per origin (for --prune), the pending batch."""

    def __init__(self, factory: sessionmaker[Session], options: IngestOptions, summary: RunSummary,
                 batch_size: int, on_progress: Callable | None) -> None:
        self.factory, self.options, self.summary = factory, options, summary
        self.batch_size = max(1, batch_size)
        self.on_progress = on_progress
        self.seen_keys: dict[str | None, set[str]] = {}
        self.incomplete: set[str | None] = set()  # origins we could not read in full: never pruned
        self.pending: list[Prepared] = []
        self.pending_chars = 0
        self.ungrouped = 0   # evidence rows written since the last grouping pass began
        self.grouped = 0     # evidence rows already in events
        self.units: list[grouping.Unit] = []  # what is left of the grouping pass under way
        self.entity_ids: dict = {}         # entity ids by (kind, key), for grouping
        self.pool: _Pool | None = None
        self.last_beat = time.monotonic()
        self.stop = _Stop()

    # -- accounting ----------------------------------------------------------
    def _seen(self, key: str | None, origin: str | None) -> None:
        if key is None:
            self.incomplete.add(origin)
        else:
            self.seen_keys.setdefault(origin, set()).add(key)

    def _done(self, item: object) -> None:
        self.summary.seen += 1
        if self.on_progress:
            self.on_progress(item)

    def error(self, exc: InputError) -> None:
        self._seen(exc.key, exc.origin)
        self.summary.add_error(exc.where, exc.reason)
        log.info("%s", exc)  # the summary lists failures; a warning would say it twice
        self._done(exc)

    def unchanged(self, source: SourceDocument) -> None:
        self._seen(source.key, source.origin)
        self.summary.unchanged += 1
        self._done(source)

    # -- stages --------------------------------------------------------------
    def triage(self, items: Iterable[SourceDocument | InputError]) -> Iterator[_Todo]:
        """Skip unchanged inputs cheaply (one query per chunk, before any analysis).

        Every input is sanitised first (ingest.sanitize), and whatever goes
        wrong with one input here costs only that input.
        """
        for chunk in _chunks(items, TRIAGE_CHUNK):
            chunk = [self._sanitized(item) for item in chunk]
            docs = [i for i in chunk if isinstance(i, SourceDocument)]
            stored: dict[str, list[str]] = {}
            operator_dates: dict[str, date] = {}
            if docs:
                with self.factory() as session:
                    keys = [d.key for d in docs]
                    stored = writes.stored_source_hashes(session, keys)
                    if self.options.published is None:
                        operator_dates = writes.stored_operator_dates(session, keys)
            for item in chunk:
                self.stop.check()
                if isinstance(item, InputError):
                    self.error(item)
                    continue
                if isinstance(item, Unchanged):
                    self._seen(item.key, item.origin)
                    self.summary.unchanged += 1
                    self._done(item)
                    continue
                try:
                    todo = self._triage_one(item, stored.get(item.key), operator_dates.get(item.key))
                except InputError as exc:
                    self.error(exc)
                    continue
                except Exception as exc:  # a bug must cost one input, not the run
                    log.debug("triage of %s failed", item.key, exc_info=True)
                    self.error(InputError(_where(item), f"could not be read ({type(exc).__name__}: {_short(exc)})",
                                          key=item.key, origin=item.origin))
                    continue
                if todo is not None:
                    yield todo

    def _sanitized(self, item: SourceDocument | InputError | Unchanged) -> SourceDocument | InputError | Unchanged:
        if not isinstance(item, SourceDocument):
            return item
        try:
            return sanitize(item)
        except InputError as exc:
            return exc
        except Exception as exc:
            return InputError(_where(item), f"could not be read ({type(exc).__name__}: {_short(exc)})",
                              key=item.key, origin=item.origin)

    def _triage_one(self, item: SourceDocument, hashes: list[str] | None, operator_date: date | None) -> _Todo | None:
        self.summary.bytes += len(item.text.encode("utf-8"))
        options, note = self._options_for(item, operator_date)
        h = source_hash(item, options)
        if hashes and all(x == h for x in hashes) and not (operator_date and options.forget_published):
            self._warn(item)
            self.unchanged(item)
            return None
        if hashes and "\ufffd" in item.text:
            self._refuse_worse_decoding(item)
        if note:
            item.warnings.append(note)
        self._warn(item)
        return _Todo(item, h, bool(hashes), options)

    def _options_for(self, item: SourceDocument, operator_date: date | None) -> tuple[IngestOptions, str | None]:
        """The options an input is analysed with: a publication date the operator gave it in an
        earlier run stays, unless this run gives another or forgets it (``--published none``)."""
        if operator_date is None or self.options.published is not None:
            return self.options, None
        if self.options.forget_published:
            return self.options, (f"the publication date {operator_date} given by an earlier run was dropped "
                                  "(--published none)")
        item.published = operator_date
        return (replace(self.options, published=operator_date),
                f"kept the publication date {operator_date} given by an earlier run (--published none drops it)")

    def _warn(self, item: SourceDocument) -> None:
        for warning in item.warnings:
            self.summary.add_warning(_where(item), warning)

    def _refuse_worse_decoding(self, item: SourceDocument) -> None:
        """A new version with more undecodable characters than the stored one does not replace it."""
        with self.factory() as session:
            texts = writes.stored_texts(session, item.key)
        before, now = sum(t.count("\ufffd") for t in texts), item.text.count("\ufffd")
        if now > before:
            detail = "; ".join(item.warnings)
            raise InputError(
                _where(item),
                f"kept the stored copy: this version decodes worse ({now} character{'s' if now > 1 else ''} "
                f"could not be decoded, the stored copy has {before}{': ' + detail if detail else ''}); "
                "fix the input, or delete the stored document to store it as it is",
                key=item.key, origin=item.origin)

    def analysed(self, todos: Iterator[_Todo], workers: int) -> Iterator[Prepared | Failure]:
        """Analyse what triage let through: inline (workers=0) or in a pool of processes
        while this process goes on reading and writing."""
        if workers <= 0:
            for t in todos:
                self._seen(t.source.key, t.source.origin)
                self._beat()
                with self.stop.at_once_within():
                    result = _prepare_safe(t.source, t.options, t.source_hash, t.existed)
                yield result
            return
        # A bounded window of chunks in flight: Pool.imap would read the whole
        # input ahead of the workers, and memory must stay flat. The window is
        # deep enough that workers keep busy while a batch is being written
        # and a slice of grouping done.
        window = 32 + 2 * workers
        self.pool = pool = _Pool(workers)
        inflight: deque[tuple[Future, list[_Todo]]] = deque()
        for chunk in _chunks(todos, WORK_CHUNK):
            self.stop.check()
            for t in chunk:
                self._seen(t.source.key, t.source.origin)
            inflight.append((pool.submit(chunk), chunk))
            while len(inflight) > window:
                yield from self._result(*inflight.popleft())
        while inflight:
            yield from self._result(*inflight.popleft())
        pool.close()

    def _result(self, future: Future, chunk: list[_Todo]) -> list[Prepared | Failure]:
        # rather than wait for the workers, group pending evidence meanwhile
        self.stop.wait(future, lambda: self._group_some(0.0))
        self._beat()
        try:
            return future.result()
        except BrokenProcessPool:
            # A worker died (killed, out of memory, a crash in C code): every chunk in
            # flight fails with it. Find the input it died on: one at a time, afresh.
            if getattr(future, "generation", None) == self.pool.generation:
                self.pool.kill()
        except Exception:
            # The chunk could not be sent to a worker (an input that cannot be pickled).
            pass
        return [self._analyse_alone(t) for t in chunk]

    def _analyse_alone(self, todo: _Todo) -> Prepared | Failure:
        where = _where(todo.source)
        try:
            future = self.pool.submit([todo])
            self.stop.wait(future)
            return future.result()[0]
        except BrokenProcessPool:
            self.pool.kill()
            return Failure(todo.source.key, where, "the analysis process stopped while analysing this input "
                                                   "(killed, or out of memory); the run went on without it")
        except Exception as exc:
            return Failure(todo.source.key, where, f"could not be sent to an analysis process "
                                                   f"({type(exc).__name__}: {_short(exc)})")

    def stop_workers(self) -> None:
        if self.pool is not None:
            self.pool.kill()

    def _beat(self, force: bool = False) -> None:
        """Tell later runs this one is alive (writes.mark_dead_runs); a missed beat is no failure."""
        now = time.monotonic()
        if not force and now - self.last_beat < HEARTBEAT_SECONDS:
            return
        self.last_beat = now
        try:
            with transaction(self.factory) as session:
                writes.heartbeat(session, self.summary.run_id)
        except Exception:
            log.debug("could not record the run's heartbeat", exc_info=True)

    # -- the writer ----------------------------------------------------------
    def write(self, results: Iterator[Prepared | Failure], run_id: int | None) -> None:
        for result in results:
            self.stop.check()
            if isinstance(result, Failure):
                self.summary.add_error(result.where, result.reason)
                log.info("%s: %s", result.where, result.reason)
                self._done(result)
                continue
            self.pending.append(result)
            self.pending_chars += result.size
            if len(self.pending) >= self.batch_size or self.pending_chars >= MAX_BATCH_CHARS:
                self.flush(run_id)
        self.flush(run_id)

    def flush(self, run_id: int | None) -> None:
        self.stop.check()
        batch, self.pending, self.pending_chars = self.pending, [], 0
        if not batch:
            return
        try:
            with transaction(self.factory) as session:
                outcomes = _store_batch(session, batch, run_id)
                writes.heartbeat(session, run_id)
            self.last_beat = time.monotonic()
        except Exception as exc:
            # Something in the batch failed and the whole batch rolled back:
            # store its inputs one by one, so only the culprit is lost.
            self._raise_if_database_gone(exc)
            self._raise_if_busy(exc)
            log.info("a batch of %d failed (%s); storing its inputs one by one", len(batch), exc)
            outcomes = [self._store_one(p, run_id) for p in batch]
        for prepared, outcome in zip(batch, outcomes):
            if outcome is None:
                continue
            _count(self.summary, outcome)
            self.summary.articles += len(prepared.articles)
            self.ungrouped += sum(len(events) for _row, _mentions, events in prepared.articles)
            self._done(prepared)
        self._group_some(GROUP_SLICE_SECONDS)

    def _store_one(self, prepared: Prepared, run_id: int | None, attempts: int = 3) -> str | None:
        for attempt in range(attempts):
            try:
                with transaction(self.factory) as session:
                    return store_prepared(session, prepared, run_id)
            except (IntegrityError, OperationalError) as exc:
                # Another process stored the same key first, or a deadlock:
                # the next attempt sees its rows and compares hashes.
                self._raise_if_database_gone(exc)
                last = exc
                time.sleep(0.05 * (attempt + 1))
            except Exception as exc:
                self._raise_if_database_gone(exc)
                last = exc
                break
        self._raise_if_busy(last)
        log.debug("storing %s failed", prepared.key, exc_info=last)
        self.summary.add_error(prepared.where, f"could not be stored ({type(last).__name__}: {_short(last)})")
        self._done(prepared)
        return None

    def _raise_if_busy(self, exc: BaseException) -> None:
        """The database stayed locked by another process (a long `timeline events regroup`
        on SQLite) for all of the busy timeout: no input is at fault, the run is."""
        if is_busy(exc):
            raise DatabaseBusy(f"the database stayed locked by another process ({_short(exc)}); "
                               "try again when it has finished") from exc

    def _raise_if_database_gone(self, exc: BaseException) -> None:
        if not isinstance(exc, DBAPIError):
            return
        try:
            with self.factory() as session:
                session.execute(text("SELECT 1"))
        except Exception:
            raise exc from None

    # -- events --------------------------------------------------------------
    def group(self) -> None:
        """Group all evidence left pending (this run's bulk writes, or a killed run's):
        one pass over all of it, rather than finishing the pass under way and then
        loading the same months again for what was written since it began."""
        self.units = []
        self._start_pass()
        self._group_for(None)

    def _start_pass(self) -> None:
        with self.factory() as session:
            if not self.grouped:
                self.grouped = session.scalar(select(func.count()).select_from(EventMention)
                                              .where(EventMention.event_id.is_not(None))) or 0
            self.units = grouping.pending_units(session)
        self.ungrouped = 0
        if self.units:
            log.info("grouping the evidence of %d month(s) into events", len(self.units))

    def _group_some(self, seconds: float) -> bool:
        """A slice of grouping: start a pass when enough is pending, then group
        for about ``seconds`` (at least one unit). False when there was nothing to do."""
        if not self.units and self.ungrouped >= max(GROUP_MIN_ROWS, GROUP_RATIO * self.grouped):
            self._start_pass()
        if not self.units:
            return False
        self._group_for(seconds)
        return True

    def _group_for(self, seconds: float | None) -> None:
        """Group units of the pass under way for about this long (at least one; None:
        all of them), in one transaction: a kill keeps what was grouped, the next run
        does the rest."""
        if not self.units:
            return
        deadline = None if seconds is None else time.monotonic() + seconds
        try:
            with transaction(self.factory) as session:
                while self.units:
                    self.stop.check()
                    self.grouped += grouping.group_unit(session, self.units.pop(0), self.entity_ids)
                    if deadline is not None and time.monotonic() >= deadline:
                        break
        except BaseException:
            self.entity_ids.clear()  # ids of entities made in the rolled-back transaction
            raise

    # -- pruning -------------------------------------------------------------
    def prune(self, origins: Iterable[str]) -> None:
        for origin in origins:
            if origin in self.incomplete:
                log.warning("not pruning %s: it could not be read in full this time", origin)
                continue
            seen = self.seen_keys.get(origin, set())
            with transaction(self.factory) as session:
                ids = writes.vanished_documents(session, origin, seen)
                self.summary.pruned += writes.delete_documents(session, ids, regroup=grouping)


def _where(source: SourceDocument) -> str:
    return source.path or source.url or source.key


def _short(exc: BaseException) -> str:
    text_ = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return text_[0][:300] if text_ else type(exc).__name__


def feed_options_salt(options: IngestOptions) -> str:
    """What, besides the feed's own data, makes a stored feed entry stale."""
    return json.dumps([PIPELINE_VERSION, options.fingerprint()], sort_keys=True)


def known_entry_check(factory: sessionmaker[Session]) -> Callable[[str, str], bool]:
    """For feed readers: is this entry stored from the same feed data, with the text of
    its linked page? Then the page need not be fetched again on every cron run."""
    def known(key: str, fingerprint: str) -> bool:
        with factory() as session:
            extras = writes.stored_extras(session, key)
        return bool(extras) and all((e or {}).get("entry_fingerprint") == fingerprint
                                    and (e or {}).get("full_text") == "linked page" for e in extras)
    return known


class RunInterrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM stopped the run (a KeyboardInterrupt, so that callers treat both alike)."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(f"stopped by {signal.Signals(signum).name}")


class _Stop:
    """SIGINT and SIGTERM (what cron, systemd and Ctrl-C send) as a request to stop the run.

    An exception raised at any instruction could land inside a database
    driver or the process pool's bookkeeping and leave them stuck, so the
    run stops at safe points: between inputs, between batches, between
    grouping steps, and every fraction of a second while it waits for the
    workers. Where nothing can be left half-done (analysing a text in this
    process) it stops at once. Then transactions roll back, workers are
    killed and the run is marked interrupted. Only the first signal counts.
    """

    POLL_SECONDS = 0.2

    def __init__(self) -> None:
        self.signum: int | None = None
        self.raised = False
        self.at_once = False

    def handle(self, signum, _frame) -> None:
        if self.signum is not None:
            return
        self.signum = signum
        if self.at_once:
            self.check()

    def check(self) -> None:
        if self.signum is not None and not self.raised:
            self.raised = True
            raise RunInterrupted(self.signum)

    @contextlib.contextmanager
    def at_once_within(self) -> Iterator[None]:
        """A stretch of pure computation: a signal stops it where it is."""
        self.check()
        self.at_once = True
        try:
            yield
        finally:
            self.at_once = False

    def wait(self, future: Future, meanwhile: Callable[[], bool] = lambda: False) -> None:
        """Wait for a worker's result, doing ``meanwhile`` (while it returns True) and
        stopping within a moment of a signal."""
        while not future.done():
            if not meanwhile():
                concurrent.futures.wait([future], timeout=self.POLL_SECONDS)
            self.check()

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        """Handle the signals for the duration of the run (only the main thread can: the
        API calls ingest from others, where a run simply is not stopped by signals)."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        previous = {sig: signal.signal(sig, self.handle) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def ingest(factory: sessionmaker[Session], items: Iterable[SourceDocument | InputError | Unchanged], *,
           label: str, options: IngestOptions | None = None,
           on_progress: Callable[[object], None] | None = None, workers: int = 0, batch_size: int = 50,
           prune_origins: Iterable[str] = (), locked: bool = False,
           summary: RunSummary | None = None) -> RunSummary:
    """Store every input and record the run in ingest_runs.

    Unchanged inputs are skipped before analysis; the rest are analysed (in
    ``workers`` processes, or in this one when 0) and written ``batch_size`` inputs per
    transaction. A kill at any point leaves every committed batch complete and
    nothing half-written; the next run picks up the rest. SIGINT and SIGTERM
    stop it within moments, marked ``interrupted``. Runs left ``running`` by a
    process that is gone are marked ``interrupted`` first. ``prune_origins``:
    delete documents that vanished from these inputs. ``locked``: the caller
    holds the run lock. ``summary``: filled in as the run goes, so a caller
    knows the run's id even when it fails.
    """
    options = options or IngestOptions()
    summary = summary if summary is not None else RunSummary()
    began = time.monotonic()
    pid = os.getpid()
    with transaction(factory) as session:
        host = this_host()
        writes.mark_dead_runs(session, host=host, alive=process_alive, lock_held=locked)
        run = writes.start_run(session, label, {"options": options.fingerprint(), "workers": workers,
                                                "batch_size": batch_size, "locked": locked,
                                                "prune": bool(prune_origins), "pid": pid,
                                                "process_start": process_start(pid)},
                               pid=pid, host=host)
        summary.run_id = run.id
    state = _Run(factory, options, summary, batch_size, on_progress)
    # What exists now (modules, lexicons, the engine) outlives the run: the
    # cyclic collector need not walk it again and again while the run makes
    # and drops rows by the thousand. Unfrozen at the end, so that a caller
    # running many ingests keeps a normal collector.
    gc.freeze()
    try:
        with state.stop.installed():
            try:
                state.write(state.analysed(state.triage(items), workers), summary.run_id)
                if prune_origins:
                    state.prune(prune_origins)
                state.group()
                summary.seconds = time.monotonic() - began
                _close_run(factory, summary, summary.status)
            except BaseException as exc:
                state.stop_workers()
                summary.seconds = time.monotonic() - began
                _close_run(factory, summary, "interrupted" if isinstance(exc, KeyboardInterrupt) else "failed",
                           f"{type(exc).__name__}: {_short(exc)}")
                raise
    finally:
        gc.unfreeze()
    return summary


def _close_run(factory: sessionmaker[Session], summary: RunSummary, status: str, problem: str | None = None) -> None:
    errors = summary.errors + ([{"input": "(run)", "error": problem}] if problem else [])
    try:
        with transaction(factory) as session:
            run = session.get(writes.IngestRun, summary.run_id)
            writes.finish_run(session, run, seen=summary.seen, new=summary.new, changed=summary.changed,
                              unchanged=summary.unchanged, failed=summary.failed, errors=errors, status=status,
                              warnings=summary.warnings)
            run.pruned = summary.pruned
    except Exception:
        if problem is None:
            raise
        log.warning("could not record the end of run %s", summary.run_id)  # the database is what failed


class DocumentNotFound(LookupError):
    pass


def reanchor(session: Session, document_id: int, published: date | None) -> Document:
    """Give a stored document a publication date (or take it away) and re-resolve it.

    Works from the stored specs: the text is not parsed again. Only this
    document's rows change; running it twice with the same date changes nothing.
    The date is recorded as the operator's (documents.operator_published).
    """
    doc = session.get(Document, document_id)
    if doc is None:
        raise DocumentNotFound(f"no document with id {document_id}")
    # the operator's date: a later re-ingest without --published keeps it
    doc.operator_published = published
    if published is not None and doc.published == published and doc.published_basis == BASIS_METADATA:
        return doc
    source = SourceDocument(key=doc.key, text=doc.text, path=doc.path, url=doc.url, title=doc.title,
                            published=published, source=doc.source)
    article = Article(source=source, key=doc.key, position=doc.position, start=0, end=len(doc.text),
                      headline=doc.headline, dateline=doc.dateline)
    expressions = [TemporalExpression(m.start_offset, m.end_offset, m.text, m.timex_type, dict(m.spec))
                   for m in doc.mentions]
    anchor = Anchor(None, reference=doc.reference_date)
    if published is not None:
        anchor = with_published(anchor, published)
    item = AnalysedArticle(article, anchor, resolve_mentions(expressions, anchor))
    doc.published = published
    doc.anchor_date, doc.anchor_granularity = anchor.date, ("day" if anchor.date else None)
    doc.anchor_value, doc.published_basis, doc.anchor_rule = _anchor_value(anchor), anchor.basis, anchor.rule
    doc.anchor_candidates = None
    doc.updated_at = writes.utcnow()
    doc.content_hash = _sha(doc.content_hash, "reanchored", published)
    writes.replace_analysis(session, doc, mention_rows(article, item.mentions), event_rows(build_events(item)),
                            regroup=grouping)
    session.refresh(doc)
    return doc
