"""Merging the same happening across sentences, articles and sources.

The pure rules (interval compatibility, scoring, grouping) are tested on
hand-made rows; the store side on the made-up articles in fixtures/merge/,
ingested into SQLite and PostgreSQL:

- a: agency, 2017-03-14: Lavrov meets Tillerson "اليوم" in Geneva
- b: daily, 2017-03-15: the same meeting "أمس"
- c: radio, 2017-03-13: the meeting announced for "غدا"
- d: daily, 2017-03-14: Putin receives Erdogan in Moscow the same day
- e: agency, 2017-03-14: a donors' conference in Geneva the same day
"""
from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from ingest.events import grouping
from ingest.events.same import Evidence, cluster, compatible
from ingest.pipeline import IngestOptions, ingest
from ingest.sources import read_paths
from store import writes
from store.db import transaction
from store.models import Document, Entity, Event, EventEntity, EventMention
from tests.helpers import write_article

FIXTURES = Path(__file__).parent / "fixtures" / "merge"
MEETING = date(2017, 3, 14)
# the donors conference as its lead tells it (who did what), the title it takes
DONORS = "افتتح الأمين العام للأمم المتحدة أنطونيو غوتيريش في جنيف مؤتمر المانحين لدعم اليمن بمشاركة عشرات الدول"


# --- pure rules ---------------------------------------------------------------------------

def ev(i: int, start: date, end: date | None = None, gran: str = "day", *, doc: int = 1, sentence: int = 0,
       place: str | None = None, named: bool = False, people=(), places=(), kw=(), conf: float = 0.7) -> Evidence:
    return Evidence(
        id=i, event_id=None, document_id=doc, doc_key=f"doc{doc}", source_key=f"src{doc}", kind="mention",
        sentence_start=sentence, sentence_end=sentence + 10, mention_id=None, date_start=start,
        date_end=end or start, granularity=gran, confidence=conf, place=place, place_key=place,
        place_named=named, people=frozenset(people), participants=frozenset(people), places=frozenset(places),
        keywords=frozenset(kw),
    )


def test_intervals_merge_when_equal_or_one_holds_the_other_at_a_coarser_granularity():
    d = date
    assert compatible(d(2017, 1, 23), d(2017, 1, 24), "day", d(2017, 1, 23), d(2017, 1, 24), "day") == "same"
    assert compatible(d(2017, 1, 23), d(2017, 1, 24), "day", d(2017, 1, 1), d(2017, 1, 31), "month") == "contained"
    # the first day of a two-day meeting
    assert compatible(d(2017, 2, 15), d(2017, 2, 15), "day", d(2017, 2, 15), d(2017, 2, 16), "day") == "contained"
    assert compatible(d(2017, 2, 15), d(2017, 2, 15), "day", d(2017, 2, 16), d(2017, 2, 16), "day") is None
    assert compatible(d(2017, 2, 15), d(2017, 2, 16), "day", d(2017, 2, 16), d(2017, 2, 17), "day") is None
    # a year holds too much to say which happening a day belongs to
    assert compatible(d(2015, 10, 27), d(2015, 10, 27), "day", d(2015, 1, 1), d(2015, 12, 31), "year") is None
    assert compatible(d(2015, 1, 1), d(2015, 12, 31), "year", d(2015, 1, 1), d(2015, 12, 31), "year") == "same"


def test_shared_place_and_words_merge_but_a_different_named_place_never_does():
    a = ev(1, MEETING, place="جنيف", named=True, kw={"اجتماع", "هدن"}, doc=1)
    b = ev(2, MEETING, place="جنيف", named=True, kw={"اجتماع"}, doc=2)
    c = ev(3, MEETING, place="موسكو", named=True, kw={"اجتماع", "هدن"}, doc=3)
    groups = cluster([a, b, c])
    assert sorted(sorted(m.id for m in g.members) for g in groups) == [[1, 2], [3]]


def test_same_date_and_place_alone_is_not_enough():
    a = ev(1, MEETING, place="جنيف", named=True, kw={"محادث", "هدن"}, doc=1)
    b = ev(2, MEETING, place="جنيف", named=True, kw={"مانح", "يمن"}, doc=2)
    assert len(cluster([a, b])) == 2


def test_two_rows_of_one_sentence_never_merge():
    a = ev(1, MEETING, place="جنيف", named=True, kw={"اجتماع", "هدن", "اسر"}, doc=1, sentence=5)
    b = ev(2, MEETING, place="جنيف", named=True, kw={"اجتماع", "هدن", "اسر"}, doc=1, sentence=5)
    assert len(cluster([a, b])) == 2


def test_different_counterparts_mean_different_meetings():
    a = ev(1, MEETING, place="موسكو", named=True, people={"لافروف", "ماكي"}, kw={"موتمر", "صحف"}, doc=1)
    b = ev(2, MEETING, place="موسكو", named=True, people={"لافروف", "الجعفري"}, kw={"موتمر", "صحف"}, doc=2)
    assert len(cluster([a, b])) == 2


def test_a_coarser_mention_joins_the_event_it_holds_and_the_event_keeps_the_finer_date():
    month = ev(1, date(2017, 1, 1), date(2017, 1, 31), "month", place="أستانا", named=True,
               kw={"اجتماع", "اول"}, doc=1, sentence=50)
    days = ev(2, date(2017, 1, 23), date(2017, 1, 24), place="أستانا", named=True, kw={"اجتماع", "اول", "اطراف"},
              doc=1, sentence=10)
    [group] = cluster([month, days])
    assert group.interval == (date(2017, 1, 23), date(2017, 1, 24), "day")


def test_grouping_does_not_depend_on_input_order():
    rows = [
        ev(1, MEETING, place="جنيف", named=True, kw={"اجتماع", "هدن"}, doc=1),
        ev(2, MEETING, place="جنيف", named=True, kw={"اجتماع", "هدن"}, doc=2),
        ev(3, date(2017, 3, 1), date(2017, 3, 31), "month", place="جنيف", named=True, kw={"اجتماع", "هدن"}, doc=3),
        ev(4, MEETING, place="موسكو", named=True, kw={"استقبال"}, doc=4),
    ]
    def groups(rs):
        return sorted(sorted(m.id for m in g.members) for g in cluster(rs))
    assert groups(rows) == groups(list(reversed(rows))) == [[1, 2, 3], [4]]


# --- in the store -----------------------------------------------------------------------------

def _ingest(factory, paths):
    return ingest(factory, read_paths(paths), label="test", options=IngestOptions())


def _copy_fixtures(dest: Path, names: list[str] | None = None) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for p in sorted(FIXTURES.iterdir()):
        if names is None or p.stem in names:
            shutil.copy(p, dest / p.name)
    return dest


def _grouping(factory) -> list[list[tuple[str, str, int]]]:
    """Events as sets of (file, kind, sentence offset), independent of ids."""
    with factory() as s:
        rows = s.execute(select(EventMention.event_id, Document.key, EventMention.kind, EventMention.sentence_start)
                         .join(Document, Document.id == EventMention.document_id)).all()
    by_event: dict[int, list] = {}
    for event_id, key, kind, start in rows:
        by_event.setdefault(event_id, []).append((key.rsplit("/", 1)[-1], kind, start))
    return sorted(sorted(v) for v in by_event.values())


def _meeting(s):
    events = s.scalars(select(Event).where(Event.date_start == MEETING, Event.place == "جنيف")).all()
    return [e for e in events if any("تيلرسون" in ev.text for ev in e.evidence)]


def test_the_same_meeting_from_three_sources_is_one_event(factory, tmp_path):
    _ingest(factory, [_copy_fixtures(tmp_path / "in")])
    with factory() as s:
        [meeting] = _meeting(s)
        assert (meeting.date_start, meeting.date_end, meeting.granularity) == (MEETING, MEETING, "day")
        assert (meeting.document_count, meeting.source_count) == (3, 3)
        files = sorted(ev.document.key.rsplit("/", 1)[-1] for ev in meeting.evidence)
        assert files == ["a_agency_geneva.txt", "b_daily_geneva.txt", "c_radio_preview.txt"]
        # the agency's own report of the meeting gives the title: its lead, which says who did what
        assert meeting.title.startswith("التقى وزير الخارجية الروسي سيرغي لافروف في جنيف نظيره الأمريكي")
        names = dict(s.execute(select(Entity.name, EventEntity.role).join(EventEntity)
                               .where(EventEntity.event_id == meeting.id)).all())
        assert names["جنيف"] == "place"
        assert names["سيرغي لافروف"] == "participant" and names["ريكس تيلرسون"] == "participant"
        # agreement of sources raises confidence above any single report
        single = s.scalar(select(func.max(EventMention.confidence)).where(EventMention.event_id == meeting.id))
        assert meeting.confidence > single


def test_other_happenings_of_that_day_stay_apart(factory, tmp_path):
    _ingest(factory, [_copy_fixtures(tmp_path / "in")])
    with factory() as s:
        day = s.scalars(select(Event).where(Event.date_start == MEETING)).all()
        titles = {e.title for e in day}
        assert any(t.startswith("استقبل الرئيس الروسي فلاديمير بوتين في موسكو الرئيس التركي") for t in titles)
        assert DONORS in titles
        donors = next(e for e in day if e.title == DONORS)
        assert donors.document_count == 1 and donors.place == "جنيف"
        # every article stays one document; its publication-day statement is its own event
        assert s.scalar(select(func.count()).select_from(Event).where(Event.kind == "main")) >= 4


def test_merging_does_not_depend_on_ingest_order(factory, tmp_path, engine):
    forward = tmp_path / "forward"
    _copy_fixtures(forward)
    for name in sorted(p.name for p in forward.glob("*.txt")):
        _ingest(factory, [forward / name])
    first = _grouping(factory)
    # again, from scratch, newest file first; paths must be the same for keys to compare
    with transaction(factory) as s:
        for d in s.scalars(select(Document)).all():
            writes.delete_document(s, d, regroup=grouping)
    assert s is not None
    for name in sorted((p.name for p in forward.glob("*.txt")), reverse=True):
        _ingest(factory, [forward / name])
    assert _grouping(factory) == first
    # and a full recomputation agrees with the incremental one
    with transaction(factory) as s:
        grouping.recompute_all(s)
    assert _grouping(factory) == first


def test_a_changed_article_leaves_no_stale_evidence_and_the_event_keeps_its_id(factory, tmp_path):
    folder = _copy_fixtures(tmp_path / "in")
    _ingest(factory, [folder])
    with factory() as s:
        [meeting] = _meeting(s)
        meeting_id = meeting.id
    # the daily rewrites its story: no date for the meeting any more
    b = folder / "b_daily_geneva.txt"
    b.write_text(b.read_text(encoding="utf-8").replace(" أمس", ""), encoding="utf-8")
    _ingest(factory, [folder])
    with factory() as s:
        [meeting] = _meeting(s)
        assert meeting.id == meeting_id
        assert (meeting.document_count, meeting.source_count) == (2, 2)
        files = sorted(ev.document.key.rsplit("/", 1)[-1] for ev in meeting.evidence)
        assert files == ["a_agency_geneva.txt", "c_radio_preview.txt"]
        assert s.scalar(select(func.count()).select_from(EventMention).where(EventMention.event_id.is_(None))) == 0


def test_deleting_the_article_an_event_was_told_by_keeps_the_event_from_the_others(factory, tmp_path):
    _ingest(factory, [_copy_fixtures(tmp_path / "in")])
    with transaction(factory) as s:
        [meeting] = _meeting(s)
        meeting_id = meeting.id
        a = s.scalars(select(Document).where(Document.key.like("%a_agency_geneva.txt"))).one()
        writes.delete_document(s, a, regroup=grouping)
    with factory() as s:
        [meeting] = _meeting(s)
        assert meeting.id == meeting_id
        assert (meeting.document_count, meeting.source_count) == (2, 2)
        assert s.get(Document, meeting.document_id).key.endswith(("b_daily_geneva.txt", "c_radio_preview.txt"))
        # no event is left without evidence, none points at the deleted article
        orphans = s.scalar(select(func.count()).select_from(Event)
                           .where(~Event.id.in_(select(EventMention.event_id).where(EventMention.event_id.is_not(None)))))
        assert orphans == 0


def test_reingesting_unchanged_articles_changes_nothing(factory, tmp_path):
    folder = _copy_fixtures(tmp_path / "in")
    _ingest(factory, [folder])
    with factory() as s:
        before = s.execute(select(Event.id, Event.date_start, Event.title, Event.document_count).order_by(Event.id)).all()
    second = _ingest(factory, [folder])
    assert second.unchanged == 5
    with factory() as s:
        assert s.execute(select(Event.id, Event.date_start, Event.title, Event.document_count)
                         .order_by(Event.id)).all() == before


def test_two_dates_in_one_sentence_stay_two_events(factory, tmp_path):
    text = ("لافروف في جنيف\n\nجنيف-رويترز\n\n"
            "التقى وزير الخارجية الروسي سيرغي لافروف اليوم في جنيف نظيره الأمريكي ريكس تيلرسون وسيلتقيان غدا "
            "في جنيف لمواصلة المحادثات حول وقف إطلاق النار.\n")
    write_article(tmp_path, "one", text=text, published=MEETING)
    _ingest(factory, [tmp_path])
    with factory() as s:
        rows = s.execute(select(EventMention.event_id, EventMention.sentence_start)).all()
        assert len(rows) == 2 and len({r.event_id for r in rows}) == 2 and len({r.sentence_start for r in rows}) == 1


# --- order independence, generally ------------------------------------------------------------

import dataclasses  # noqa: E402

from hypothesis import given, settings, strategies as st  # noqa: E402

_DAYS = [date(2017, 1, d) for d in (1, 2, 3, 15, 16, 31)]
_PLACES = [None, "جنيف", "موسكو"]
_WORDS = ["اجتماع", "هدن", "مانح", "اسر", "قمه"]


@st.composite
def _rows(draw):
    n = draw(st.integers(min_value=1, max_value=9))
    rows = []
    for i in range(n):
        kind = draw(st.sampled_from(["day", "span", "month"]))
        start = draw(st.sampled_from(_DAYS))
        if kind == "month":
            start, end, gran = date(2017, 1, 1), date(2017, 1, 31), "month"
        elif kind == "span":
            end, gran = date(2017, 1, min(31, start.day + 1)), "day"
        else:
            end, gran = start, "day"
        rows.append(ev(i + 1, start, end, gran, doc=draw(st.integers(1, 3)), sentence=draw(st.integers(0, 2)) * 20,
                       place=draw(st.sampled_from(_PLACES)), named=draw(st.booleans()),
                       kw=set(draw(st.lists(st.sampled_from(_WORDS), max_size=3)))))
    return rows


@settings(max_examples=200, deadline=None)
@given(_rows(), st.randoms())
def test_any_order_gives_the_same_events(rows, rnd):
    """Row ids follow the order documents arrived in: grouping must not depend on them."""
    def groups(rs):
        return sorted(sorted((m.doc_key, m.sentence_start, m.date_start, m.date_end, m.place or "",
                              m.place_named, tuple(sorted(m.keywords))) for m in g.members)
                      for g in cluster(rs))
    ids = list(range(1, len(rows) + 1))
    rnd.shuffle(ids)
    renumbered = [dataclasses.replace(r, id=i) for r, i in zip(rows, ids)]
    rnd.shuffle(renumbered)
    assert groups(renumbered) == groups(rows)
    # and no event ever holds two rows of one sentence
    for g in cluster(rows):
        sentences = [m.sentence for m in g.members]
        assert len(sentences) == len(set(sentences))


def test_reanchoring_an_article_gives_it_events_that_merge_with_the_others(factory, tmp_path):
    folder = _copy_fixtures(tmp_path / "in", ["a_agency_geneva", "b_daily_geneva"])
    (folder / "b_daily_geneva.json").unlink()  # no publication date: "أمس" cannot be placed
    _ingest(factory, [folder])
    with factory() as s:
        [meeting] = _meeting(s)
        assert meeting.document_count == 1
        b_id = s.scalars(select(Document.id).where(Document.key.like("%b_daily_geneva.txt"))).one()
    from ingest.pipeline import reanchor
    with transaction(factory) as s:
        reanchor(s, b_id, date(2017, 3, 15))
    with factory() as s:
        [meeting] = _meeting(s)
        assert meeting.document_count == 2
        # the text tells nothing on the day it was published: that day is no happening of its own
        assert not s.scalars(select(Event).where(Event.kind == "main", Event.document_id == b_id)).all()


def test_evidence_written_in_bulk_then_regrouped_once_gives_the_same_events(factory, tmp_path, engine):
    """The contract for any bulk writer: evidence_values rows (pending), then grouping.group_pending."""
    from ingest.analyse import analyse
    from ingest.events import build_events
    from ingest.pipeline import document_row, event_rows, mention_rows, source_hash

    folder = _copy_fixtures(tmp_path / "in")
    _ingest(factory, [folder])
    expected = _grouping(factory)
    with transaction(factory) as s:
        for d in s.scalars(select(Document)).all():
            writes.delete_document(s, d, regroup=grouping)
    with transaction(factory) as s:
        for source in read_paths([folder]):
            for item in analyse(source).articles:
                row = document_row(item, source_hash(source, IngestOptions()), True)
                writes.save_document(s, row, mention_rows(item.article, item.mentions), [], regroup=grouping)
                doc = s.scalars(select(Document).where(Document.key == row.key)).one()
                mention_ids = [m.id for m in sorted(doc.mentions, key=lambda m: (m.start_offset, m.id))]
                for ev in event_rows(build_events(item)):
                    mid = mention_ids[ev.mention_index] if ev.mention_index is not None else None
                    s.add(EventMention(**writes.evidence_values(ev, doc.id, mid)))
        s.flush()
        assert grouping.group_pending(s) > 0
    assert _grouping(factory) == expected


def test_hand_built_rows_without_the_new_columns_still_store(factory):
    """Tools and tests that build events by hand (as before evidence had dates) keep working."""
    from datetime import datetime
    with transaction(factory) as s:
        doc = Document(key="hand", text="نص", content_hash="x", source_hash="x", published_basis="metadata",
                       ingested_at=datetime(2026, 1, 1), updated_at=datetime(2026, 1, 1))
        s.add(doc)
        s.flush()
        ev = Event(date_start=MEETING, date_end=MEETING, granularity="day", value="2017-03-14", title="t",
                   text="نص", document_id=doc.id)
        ev.evidence.append(EventMention(document_id=doc.id, sentence_start=0, sentence_end=2, text="نص", title="t"))
        s.add(ev)
        s.add(Entity(kind="place", name="جنيف"))
    with factory() as s:
        row = s.scalars(select(EventMention)).one()
        assert (row.date_start, row.granularity, row.kind) == (MEETING, "day", "mention")
        assert s.scalars(select(Entity.normalized)).one() == "جنيف"


def test_an_event_told_by_one_article_keeps_its_id_when_text_is_added_above_it(factory, tmp_path):
    folder = _copy_fixtures(tmp_path / "in", ["e_agency_donors"])
    _ingest(factory, [folder])
    with factory() as s:
        before = s.scalars(select(Event.id).where(Event.title == DONORS)).one()
    path = folder / "e_agency_donors.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("جنيف-رويترز\n\n", "جنيف-رويترز\n\nتحديث: أضيفت تفاصيل عن الدول المشاركة.\n\n"),
                    encoding="utf-8")
    _ingest(factory, [folder])
    with factory() as s:
        assert s.scalars(select(Event.id).where(Event.title == DONORS)).one() == before
