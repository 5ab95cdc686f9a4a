"""Done-when for issue 7: the timeline of the shipped samples (ingested with their sidecars).

Each happening is looked up by its date and by what its evidence says, so
the assertions hold whichever row was chosen to title the event.
"""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from ingest.pipeline import IngestOptions, ingest
from ingest.sources import read_paths
from store.db import make_engine, session_factory
from store.models import Document, Entity, Event, EventEntity, EventMention, Mention
from tests.conftest import _clear


@pytest.fixture
def timeline(migrated_url, samples_dir):
    """The samples' timeline. Ingested once per backend: later tests find the
    samples stored and unchanged (ingest skips them), unless another test has
    left other rows, which are cleared first."""
    engine = make_engine(migrated_url)
    factory = session_factory(engine)
    prefix = samples_dir.resolve().as_uri()
    with factory() as s:
        keys = s.scalars(select(Document.key)).all()
    if any(not k.startswith(prefix) for k in keys):
        _clear(engine)
    summary = ingest(factory, read_paths([samples_dir]), label="samples", options=IngestOptions())
    assert summary.failed == 0
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(Document)) >= 5
        yield s
    engine.dispose()


def _events(s, start: date, end: date | None = None) -> list[Event]:
    return list(s.scalars(select(Event).where(Event.date_start == start, Event.date_end == (end or start))))


def _telling(s, start: date, end: date | None, *words: str) -> list[Event]:
    """Events on exactly that interval whose evidence holds every word
    ("title:..." for words of the title, where one sentence tells two events)."""
    def holds(e: Event, ev: EventMention, w: str) -> bool:
        return w[6:] in e.title if w.startswith("title:") else w in ev.text
    return [e for e in _events(s, start, end)
            if any(all(holds(e, ev, w) for w in words) for ev in e.evidence)]


def _names(s, event: Event) -> dict[str, str]:
    return dict(s.execute(select(Entity.name, EventEntity.role).join(EventEntity)
                          .where(EventEntity.event_id == event.id)).all())


@pytest.mark.parametrize("start,end,words,place", [
    (date(2015, 10, 27), None, ("تستضيفه باريس",), "باريس"),                 # the Paris meeting
    (date(2015, 10, 30), None, ("المحادثات حول سوريا",), None),              # the talks on Syria (Vienna)
    (date(2015, 11, 24), None, ("سو-24",), None),                            # the Su-24 downing
    (date(2016, 2, 11), None, ("ميونيخ",), "ميونيخ"),                         # the Munich meeting
    (date(2016, 2, 26), None, ("title:سيوافق عليه مجلس الأمن",), None),       # Security Council approval
    (date(2016, 6, 3), None, ("اجتماع باريس",), "باريس"),                     # the Paris meeting of June
    (date(2016, 6, 7), None, ("نتنياهو", "بوتين"), None),                    # Netanyahu's talks with Putin
    (date(2016, 9, 9), None, ("الاتفاقات", "جنيف"), "جنيف"),                  # the Geneva agreements
    (date(2016, 10, 3), None, ("حفل استقبال", "رأس السنة الهجرية"), None),     # Hijri New Year reception
    (date(2017, 1, 23), date(2017, 1, 24), ("الاجتماع الأول",), "أستانا"),    # first Astana meeting
    (date(2017, 2, 15), date(2017, 2, 16), ("أستانا",), "أستانا"),            # second Astana meeting
    (date(2017, 2, 20), None, ("جولة محادثات في جنيف",), "جنيف"),             # the Geneva round
])
def test_the_timeline_holds_each_happening_once(timeline, start, end, words, place):
    found = _telling(timeline, start, end, *words)
    assert len(found) == 1, [e.title for e in _events(timeline, start, end)]
    event = found[0]
    if place:
        assert event.place == place
        assert _names(timeline, event)[place] == "place"
    assert event.title and len(event.title) <= 125
    assert 0 < event.confidence < 1


def test_several_sentences_about_one_happening_are_one_event(timeline):
    vienna = _telling(timeline, date(2015, 10, 30), None, "المحادثات حول سوريا")[0]
    assert len(vienna.evidence) == 2
    paris = _telling(timeline, date(2016, 6, 3), None, "اجتماع باريس")[0]
    assert len(paris.evidence) == 2
    # "the first meeting ... last month" joins the meeting of the 23rd and 24th
    first = _telling(timeline, date(2017, 1, 23), date(2017, 1, 24), "الاجتماع الأول")[0]
    assert {(ev.date_start, ev.date_end) for ev in first.evidence} >= {
        (date(2017, 1, 23), date(2017, 1, 24)), (date(2017, 1, 1), date(2017, 1, 31))}
    assert not timeline.scalars(select(Event).where(Event.granularity == "month", Event.place == "أستانا")).all()
    # "the day after tomorrow" is the first day of the second meeting
    second = _telling(timeline, date(2017, 2, 15), date(2017, 2, 16), "أستانا")[0]
    assert any(ev.date_end == date(2017, 2, 15) and "بعد غد" in ev.text for ev in second.evidence)
    assert not [e for e in _events(timeline, date(2017, 2, 15)) if e.place == "أستانا"]


def test_different_happenings_of_one_day_stay_apart(timeline):
    # the Moscow press conference and the Paris meeting, both on 27 October 2015
    places = sorted(e.place for e in _events(timeline, date(2015, 10, 27)))
    assert places == ["باريس", "موسكو"]
    # the meeting of 26 February and the Council's approval share a sentence: two events
    assert len(_events(timeline, date(2016, 2, 26))) == 2


def test_netanyahu_and_putin_take_part_in_their_talks(timeline):
    talks = _telling(timeline, date(2016, 6, 7), None, "نتنياهو")[0]
    names = _names(timeline, talks)
    assert names["فلاديمير بوتين"] == "participant" and names["بنيامين نتنياهو"] == "participant"


def test_every_anchored_article_has_its_main_event(timeline):
    mains = timeline.scalars(select(Event).where(Event.kind == "main")).all()
    titles = {e.title for e in mains}
    assert "لافروف: سنبذل كل ما بوسعنا للقضاء على الخطر الإرهابي" in titles
    assert "لافروف يحذر من خطورة انهيار الاتفاقات مع واشنطن حول سوريا" in titles
    reception = next(e for e in mains if e.title.startswith("لافروف يحذر"))
    assert (reception.date_start, reception.place) == (date(2016, 10, 3), "موسكو")


@pytest.mark.parametrize("text,context", [
    ("3 – 4 أيام", None),
    ("48 و72 ساعة", None),
    ("اليوم", "يمثلون اليوم أساس القدرات"),
])
def test_no_event_for_durations_or_generic_today(timeline, text, context):
    rows = timeline.execute(select(Mention, EventMention).join(EventMention, EventMention.mention_id == Mention.id)).all()
    hits = [(m, ev) for m, ev in rows if text in m.text and (context is None or context in ev.text)]
    assert hits == []
    # the expression itself was found, so "no event" is a decision, not a miss
    assert any(text in m.text for m in timeline.scalars(select(Mention)))
