"""Incremental grouping: pending evidence, the run's final grouping, the full regroup.

The made-up articles of fixtures/merge/ (see test_merge.py) on SQLite and
PostgreSQL; the pure grouping against a plain scan of every event.
"""
from __future__ import annotations

import threading
from datetime import date

from hypothesis import given, settings

from sqlalchemy import func, select

from ingest.cli import main
from ingest.events import grouping, same
from ingest.events.same import CONTAINED_THRESHOLD, SAME_INTERVAL_THRESHOLD, Cluster, cluster, compatible, score
from ingest.pipeline import IngestOptions, ingest, prepare
from ingest.sources import read_paths
from store import writes
from store.db import transaction
from store.models import Document, Event, EventEntity, EventMention
from tests.test_merge import MEETING, _copy_fixtures, _grouping, _ingest, _meeting, _rows, ev


def _pending(factory) -> int:
    with factory() as s:
        return s.scalar(select(func.count()).select_from(EventMention).where(EventMention.event_id.is_(None)))


def _events(factory) -> list[tuple]:
    with factory() as s:
        return s.execute(select(Event.id, Event.date_start, Event.date_end, Event.title, Event.document_count,
                                Event.source_count, Event.confidence).order_by(Event.id)).all()


def _write_pending(factory, folder) -> int:
    """Store the fixtures as the bulk path does, leaving their evidence pending."""
    prepared = [prepare(source, IngestOptions()) for source in read_paths([folder])]
    with transaction(factory) as s:
        return writes.insert_new_documents(s, [a for p in prepared for a in p.articles])


# --- the pure grouping --------------------------------------------------------------------------

def _scan_every_event(rows):
    """The rule as first written: every row compared with every event built so far."""
    clusters: list[Cluster] = []
    for e in sorted(rows, key=lambda r: r.order):
        best = None
        for c in clusters:
            start, end, gran = c.interval
            how = compatible(e.date_start, e.date_end, e.granularity, start, end, gran)
            if how is None or e.sentence in c.sentences:
                continue
            if c.named_place and e.place_named and e.place_key and e.place_key != c.named_place:
                continue
            scores = [score(e, m) for m in c.members[:same.MAX_COMPARED]]
            if any(s is None for s in scores):
                continue
            need = SAME_INTERVAL_THRESHOLD if how == "same" else CONTAINED_THRESHOLD
            if max(scores) >= need and (best is None or max(scores) > best[0]):
                best = (max(scores), c)
        if best is None:
            clusters.append(Cluster())
            clusters[-1].add(e)
        else:
            best[1].add(e)
    return sorted(sorted(m.id for m in c.members) for c in clusters)


@settings(max_examples=300, deadline=None)
@given(_rows())
def test_the_day_index_and_score_bound_find_what_a_scan_of_every_event_finds(rows):
    assert sorted(sorted(m.id for m in c.members) for c in cluster(rows)) == _scan_every_event(rows)


def test_a_row_placed_before_older_members_is_compared_in_the_fixed_order():
    """A stored event gains a row that sorts before its members: it is compared like the others."""
    stored = [ev(i, MEETING, doc=i, place="جنيف", named=True, kw={"اجتماع"}) for i in range(2, 16)]
    c = Cluster(event_id=1)
    for r in stored:
        c.add(r)
    early = ev(99, MEETING, doc=1, place="جنيف", named=True, kw={"اجتماع", "هدن"})
    early.doc_key = "doc0"  # sorts first
    c.add(early)
    assert c.members[0] is early and len(c.compared) == same.MAX_COMPARED
    assert early in c.compared


# --- in the store -------------------------------------------------------------------------------

def test_a_run_leaves_no_evidence_pending(factory, tmp_path):
    _ingest(factory, [_copy_fixtures(tmp_path / "in")])
    assert _pending(factory) == 0
    with factory() as s:
        [meeting] = _meeting(s)
        assert (meeting.document_count, meeting.source_count) == (3, 3)


def test_evidence_left_pending_by_a_killed_run_is_grouped_by_the_next(factory, tmp_path):
    folder = _copy_fixtures(tmp_path / "in")
    assert _write_pending(factory, folder) == 5
    assert _pending(factory) > 0 and _events(factory) == []
    # the next run has nothing new to store, yet it groups what was left
    summary = _ingest(factory, [folder])
    assert summary.unchanged == 5 and _pending(factory) == 0
    with factory() as s:
        [meeting] = _meeting(s)
        assert meeting.document_count == 3


def test_grouping_again_changes_nothing(factory, tmp_path):
    _ingest(factory, [_copy_fixtures(tmp_path / "in")])
    before = _events(factory)
    with transaction(factory) as s:
        assert grouping.group_pending(s) == 0
    assert _events(factory) == before


def test_one_grouping_writer_waits_for_the_other(factory, tmp_path):
    """Two sessions grouping the same pending rows at once make each event once."""
    _write_pending(factory, _copy_fixtures(tmp_path / "in"))
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def group() -> None:
        try:
            barrier.wait()
            with transaction(factory) as s:
                grouping.group_pending(s)
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=group) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    assert _pending(factory) == 0
    with factory() as s:
        [meeting] = _meeting(s)
        assert meeting.document_count == 3
        # no event without evidence: the loser of the race made none
        empty = s.scalar(select(func.count()).select_from(Event).where(
            ~Event.id.in_(select(EventMention.event_id).where(EventMention.event_id.is_not(None)))))
        assert empty == 0


def test_incremental_and_full_grouping_agree_on_the_fixtures_in_either_order(factory, tmp_path):
    folder = _copy_fixtures(tmp_path / "in")
    for name in sorted((p.name for p in folder.glob("*.txt")), reverse=True):
        _ingest(factory, [folder / name])  # one document at a time: grouped as each arrives
    incremental = _grouping(factory)
    with transaction(factory) as s:
        grouping.recompute_all(s)
    assert _grouping(factory) == incremental


def test_the_regroup_command_keeps_ids_and_counts(db_url, factory, tmp_path, capsys):
    _ingest(factory, [_copy_fixtures(tmp_path / "in")])
    before = _events(factory)
    with factory() as s:
        links = s.scalar(select(func.count()).select_from(EventEntity))
    assert main(["--database-url", db_url, "events", "regroup"]) == 0
    out = capsys.readouterr().out
    assert f"into {len(before)} events (there were {len(before)})" in out
    assert _events(factory) == before
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(EventEntity)) == links


def test_regrouping_after_a_rule_change_moves_rows_and_drops_emptied_events(factory, tmp_path, monkeypatch):
    _ingest(factory, [_copy_fixtures(tmp_path / "in")])
    with factory() as s:
        [meeting] = _meeting(s)
        meeting_id = meeting.id
    # a stricter rule: nothing merges any more
    monkeypatch.setattr(same, "SAME_INTERVAL_THRESHOLD", 99.0)
    monkeypatch.setattr(same, "CONTAINED_THRESHOLD", 99.0)
    with transaction(factory) as s:
        grouping.recompute_all(s)
    with factory() as s:
        rows = s.scalar(select(func.count()).select_from(EventMention))
        assert s.scalar(select(func.count()).select_from(Event)) == rows
        assert all(e.document_count == 1 for e in s.scalars(select(Event)))
        # the old meeting's id went to the group holding most of its rows
        assert s.get(Event, meeting_id) is not None
    monkeypatch.undo()
    with transaction(factory) as s:
        grouping.recompute_all(s)
    with factory() as s:
        [meeting] = _meeting(s)
        assert meeting.document_count == 3


def test_a_deleted_article_takes_its_events_only_where_it_was_the_only_teller(factory, tmp_path):
    _ingest(factory, [_copy_fixtures(tmp_path / "in")])
    with transaction(factory) as s:
        donors = s.scalars(select(Document).where(Document.key.like("%e_agency_donors.txt"))).one()
        writes.delete_document(s, donors, regroup=grouping)
    with factory() as s:
        titles = set(s.scalars(select(Event.title)))
        assert "مؤتمر للمانحين في جنيف" not in titles
        [meeting] = _meeting(s)
        assert meeting.document_count == 3
        assert s.scalar(select(func.count()).select_from(Event).where(Event.date_start == date(2017, 3, 14))) >= 2
