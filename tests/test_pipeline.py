"""Ingest into a real database: idempotent, replaces changed documents, keeps stored rows on failure."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from ingest.pipeline import IngestOptions, ingest, reanchor
from ingest.sources import read_paths
from store.db import transaction
from store.models import Document, Event, EventMention, IngestRun, Mention
from tests.helpers import ARTICLE, write_article


def _counts(factory):
    with factory() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) for t in (Document, Mention, Event, EventMention))


def _snapshot(factory):
    with factory() as s:
        docs = s.execute(select(Document.key, Document.content_hash, Document.anchor_date)).all()
        mentions = s.execute(select(Mention.document_id, Mention.start_offset, Mention.value).order_by(Mention.id)).all()
        events = s.execute(select(Event.date_start, Event.text).order_by(Event.id)).all()
    return sorted(docs), mentions, events


def _ingest(factory, paths, **kw):
    return ingest(factory, read_paths(paths), label="test", options=IngestOptions(**kw))


def test_ingesting_twice_changes_nothing(factory, samples_dir):
    first = _ingest(factory, [samples_dir])
    assert first.new == 5 and first.failed == 0
    before = _snapshot(factory)
    second = _ingest(factory, [samples_dir])
    assert (second.new, second.changed, second.unchanged) == (0, 0, 5)
    assert _snapshot(factory) == before


def test_every_run_is_recorded(factory, tmp_path):
    write_article(tmp_path, "a", published=date(2016, 10, 3))
    (tmp_path / "empty.txt").write_bytes(b"")
    summary = _ingest(factory, [tmp_path])
    with factory() as s:
        run = s.get(IngestRun, summary.run_id)
        assert (run.status, run.seen, run.new, run.failed) == ("partial", 2, 1, 1)
        assert run.finished_at is not None
        assert "empty" in run.errors[0]["error"]


def test_resolved_dates_become_events_with_their_sentence(factory, tmp_path):
    write_article(tmp_path, "a", published=date(2016, 10, 3))
    _ingest(factory, [tmp_path])
    with factory() as s:
        events = s.scalars(select(Event).order_by(Event.date_start)).all()
        assert [e.date_start for e in events][:1] == [date(2016, 10, 3)]
        assert "مؤتمر صحفي" in events[0].text
        assert all(e.hijri_start for e in events)


def test_changed_article_replaces_its_own_rows(factory, tmp_path):
    a = write_article(tmp_path, "a", published=date(2016, 10, 3))
    write_article(tmp_path, "b", published=date(2017, 2, 13))
    _ingest(factory, [tmp_path])
    with factory() as s:
        b_rows = s.execute(select(Mention.id, Mention.value).join(Document).where(Document.key.like("%b.txt"))).all()
    a.write_text(ARTICLE.replace("غدا", "أمس"), encoding="utf-8")
    summary = _ingest(factory, [tmp_path])
    assert (summary.changed, summary.unchanged) == (1, 1)
    with factory() as s:
        assert s.execute(select(Mention.id, Mention.value).join(Document).where(Document.key.like("%b.txt"))).all() == b_rows
        a_values = s.scalars(select(Mention.value).join(Document).where(Document.key.like("%a.txt"))).all()
        assert "2016-10-02" in a_values and "2016-10-04" not in a_values
        assert s.scalar(select(func.count()).select_from(Document)) == 2


def test_a_failing_document_leaves_stored_rows_intact(factory, tmp_path, monkeypatch):
    write_article(tmp_path, "a", published=date(2016, 10, 3))
    _ingest(factory, [tmp_path])
    before = _snapshot(factory)
    (tmp_path / "a.txt").write_text(ARTICLE + "\nجملة جديدة.", encoding="utf-8")

    import ingest.pipeline as pipeline

    def explode(*_a, **_k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(pipeline.writes, "replace_analysis", explode)
    summary = _ingest(factory, [tmp_path])
    assert (summary.failed, summary.status) == (1, "failed")
    assert "disk full" in summary.errors[0]["error"]
    assert _snapshot(factory) == before


def test_unknown_anchor_keeps_relative_dates_unresolved_until_supplied(factory, tmp_path):
    write_article(tmp_path, "a")
    _ingest(factory, [tmp_path])
    with factory() as s:
        doc = s.scalars(select(Document)).one()
        assert doc.published_basis == "unknown"
        today = [m for m in doc.mentions if m.text == "اليوم"][0]
        assert today.status == "unresolved" and today.date_start is None and today.symbolic
        assert s.scalar(select(func.count()).select_from(Event).where(Event.date_start == date(2016, 10, 3))) == 0
        doc_id = doc.id
    with transaction(factory) as s:
        reanchor(s, doc_id, date(2016, 10, 3))
    first = _snapshot(factory)
    with factory() as s:
        today = s.scalars(select(Mention).where(Mention.text == "اليوم")).one()
        assert (today.status, today.date_start) == ("resolved", date(2016, 10, 3))
        assert s.scalar(select(func.count()).select_from(Event).where(Event.date_start == date(2016, 10, 3))) >= 1
    with transaction(factory) as s:
        reanchor(s, doc_id, date(2016, 10, 3))
    assert _snapshot(factory) == first


def test_reanchoring_touches_only_that_document(factory, tmp_path):
    write_article(tmp_path, "a")
    write_article(tmp_path, "b")
    _ingest(factory, [tmp_path])
    with factory() as s:
        a_id, b_id = [d.id for d in s.scalars(select(Document).order_by(Document.key))]
        b_before = s.execute(select(Mention.id, Mention.status, Mention.value).where(Mention.document_id == b_id)).all()
    with transaction(factory) as s:
        reanchor(s, a_id, date(2016, 10, 3))
    with factory() as s:
        assert s.execute(select(Mention.id, Mention.status, Mention.value).where(Mention.document_id == b_id)).all() == b_before
