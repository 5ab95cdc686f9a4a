"""The bulk path for new inputs writes exactly the rows save_document/replace_analysis write.

If the way events are written changes (replace_analysis), this test fails until
store.writes.insert_new_documents follows (or BULK_NEW_DOCUMENTS is turned off).
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ingest.pipeline import IngestOptions, ingest
from ingest.readers import read_inputs
from store import writes
from store.db import transaction
from store.models import Document, Event, EventMention, Mention
from tests.helpers import ARTICLE, write_article

SKIP = {"id", "document_id", "mention_id", "event_id", "ingested_at", "updated_at", "run_id"}


def _columns(obj) -> str:
    # repr: comparable whatever the column types and NULLs are
    return repr(sorted((c.key, getattr(obj, c.key)) for c in obj.__table__.columns if c.key not in SKIP))


def snapshot(factory) -> dict:
    with factory() as s:
        docs = {d.id: d.key for d in s.scalars(select(Document))}
        mentions = {m.id: f"{docs[m.document_id]}@{m.start_offset}" for m in s.scalars(select(Mention))}
        out = {
            "documents": sorted(_columns(d) for d in s.scalars(select(Document))),
            "mentions": sorted((docs[m.document_id], _columns(m)) for m in s.scalars(select(Mention))),
            "events": sorted((docs[e.document_id], str(mentions.get(e.mention_id)), _columns(e))
                             for e in s.scalars(select(Event))),
            "evidence": sorted((docs[em.document_id], str(mentions.get(em.mention_id)), _columns(em.event), _columns(em))
                               for em in s.scalars(select(EventMention))),
        }
    return out


def test_bulk_and_row_by_row_paths_store_the_same_rows(factory, tmp_path, samples_dir, monkeypatch):
    for i in range(4):
        write_article(tmp_path, f"a{i}", text=f"{i}\n" + ARTICLE, published=date(2016, 10, 3 + i))
    write_article(tmp_path, "unanchored")
    specs = [str(tmp_path), str(samples_dir)]
    first = ingest(factory, read_inputs(specs), label="bulk", options=IngestOptions())
    assert first.new == 10 and first.failed == 0
    bulk = snapshot(factory)
    assert bulk["mentions"] and bulk["events"]
    with transaction(factory) as s:
        for doc in s.scalars(select(Document)):
            s.delete(doc)
    monkeypatch.setattr(writes, "BULK_NEW_DOCUMENTS", False)
    second = ingest(factory, read_inputs(specs), label="rows", options=IngestOptions())
    assert second.new == 10
    assert snapshot(factory) == bulk
