"""Exports: TimelineJS precision and RTL, CSV, streamed NDJSON, iCalendar escaping and folding."""
from __future__ import annotations

import csv
import io
import json
import tracemalloc
from datetime import date

import pytest

from api import formats
from tests.api_fixtures import add_document, add_event
from tests.test_api import make_client


@pytest.fixture
def client(db_url, factory):
    with factory() as s:
        doc = add_document(s, "doc:x", source="سانا", url="https://example.org/x", title="مقال")
        add_event(s, doc, date(2016, 10, 3), text="قال لافروف، في موسكو; اليوم\nسطر ثان", place="موسكو")
        add_event(s, doc, date(2016, 2, 1), date(2016, 2, 29), granularity="month", value="2016-02", text="في شباط")
        add_event(s, doc, date(2015, 1, 1), date(2015, 12, 31), granularity="year", value="2015", text="عام 2015")
        add_event(s, doc, date(2016, 3, 15), date(2016, 3, 16), text="يومي 15 و16 آذار")
        s.commit()
    return make_client(db_url)


def _event(**kw):
    base = {"id": 1, "date_start": date(2016, 10, 3), "date_end": date(2016, 10, 3), "granularity": "day",
            "value": "2016-10-03", "end_value": None, "hijri_start": None, "hijri_end": None, "calendar": "gregorian",
            "kind": "mention", "title": "عنوان", "text": "نص", "place": None, "rule": "r", "confidence": 0.5,
            "document_count": 1, "source_count": 1, "document_id": 1, "mention_id": None,
            "provenance": {"document_title": None, "source": None, "url": None, "start": None, "end": None,
                           "mention_text": None}}
    base.update(kw)
    return base


def test_timelinejs_dates_keep_their_precision_and_text_is_rtl(client):
    response = client.get("/api/v1/exports/timelinejs")
    assert response.status_code == 200 and response.mimetype == "application/json"
    doc = json.loads(response.get_data(as_text=True))
    by_text = {e["text"]["text"]: e for e in doc["events"]}
    assert len(doc["events"]) == 4
    month = next(e for t, e in by_text.items() if "شباط" in t)
    assert month["start_date"] == {"year": "2016", "month": "2", "display_date": "2016-02"}
    assert "end_date" not in month  # the month is the whole interval: no invented days
    year = next(e for t, e in by_text.items() if "عام" in t)
    assert set(year["start_date"]) == {"year", "display_date"}
    span = next(e for t, e in by_text.items() if "يومي" in t)
    assert span["end_date"] == {"year": "2016", "month": "3", "day": "16"}
    day = next(e for t, e in by_text.items() if "لافروف" in t)
    assert day["start_date"]["day"] == "3" and day["group"] == "موسكو"
    assert all(e["text"]["headline"].startswith('<div dir="rtl" lang="ar">') for e in doc["events"])
    assert day["media"]["url"] == "https://example.org/x"


def test_timelinejs_escapes_html():
    slide = formats.timelinejs_event(_event(text="<script>alert(1)</script>"))
    assert "<script>" not in slide["text"]["text"] and "&lt;script&gt;" in slide["text"]["text"]


def test_csv_export(client):
    response = client.get("/api/v1/exports/csv?order=desc")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["date_start"] for r in rows] == ["2016-10-03", "2016-03-15", "2016-02-01", "2015-01-01"]
    assert rows[0]["text"] == "قال لافروف، في موسكو; اليوم\nسطر ثان" and rows[0]["source"] == "سانا"


def test_ndjson_export_streams_with_filters(client):
    response = client.get("/api/v1/exports/ndjson?from=2016-01-01&granularity=day")
    assert response.status_code == 200 and response.mimetype == "application/x-ndjson"
    assert response.is_streamed
    lines = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    assert [e["date_start"] for e in lines] == ["2016-03-15", "2016-10-03"]
    assert "لافروف".encode() in response.get_data()


def test_exports_reject_bad_filters_before_streaming(client):
    for path in ("ndjson?from=x", "csv?q=...", "ics?limit=5&to=2016-99-01", "timelinejs?order=up"):
        response = client.get(f"/api/v1/exports/{path}")
        assert response.status_code == 400 and response.mimetype == "application/problem+json", path


def test_ics_export(client):
    response = client.get("/api/v1/exports/ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    raw = response.get_data()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # folding never splits a character
    unfolded = raw.decode().replace("\r\n ", "")
    assert unfolded.count("BEGIN:VEVENT") == 4
    # all-day, exclusive DTEND: the day after the last day
    assert "DTSTART;VALUE=DATE:20160201\r\nDTEND;VALUE=DATE:20160301" in unfolded
    assert "DTSTART;VALUE=DATE:20161003\r\nDTEND;VALUE=DATE:20161004" in unfolded
    assert "DTSTART;VALUE=DATE:20150101\r\nDTEND;VALUE=DATE:20160101" in unfolded
    assert "قال لافروف، في موسكو\\; اليوم\\nسطر ثان" in unfolded


def test_ics_escaping_and_folding_units():
    assert formats.ics_escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    folded = formats.ics_fold("SUMMARY:" + "م" * 100)
    lines = folded.split("\r\n")[:-1]
    assert all(len(line.encode()) <= 75 for line in lines) and all(line.startswith(" ") for line in lines[1:])
    assert "".join(line[1:] if i else line for i, line in enumerate(lines)) == "SUMMARY:" + "م" * 100
    event = formats.ics_event(_event(date_end=date.max), "20260101T000000Z")
    assert "DTEND" not in event


def test_ndjson_stream_memory_stays_flat():
    """Rendering many events holds one at a time (the database side streams by yield_per)."""
    def events(n):
        for i in range(n):
            yield _event(id=i, text="نص طويل " * 20)

    def peak(n):
        tracemalloc.start()
        for _ in map(formats.ndjson_line, events(n)):
            pass
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    assert peak(20_000) < 2 * peak(2_000) + 100_000


def _bulk_events(factory, n: int) -> None:
    from sqlalchemy import insert

    from store.models import Event

    with factory() as s:
        doc = add_document(s, f"doc:bulk{n}")
        s.execute(insert(Event), [
            {"date_start": date(2000 + i % 30, 1 + i % 12, 1 + i % 28), "date_end": date(2000 + i % 30, 1 + i % 12, 1 + i % 28),
             "granularity": "day", "value": "x", "title": "عنوان", "text": "نص الحدث " * 10, "document_id": doc.id}
            for i in range(n)])
        s.commit()


def test_ndjson_export_streams_from_the_database_in_flat_memory(db_url, factory):
    """Peak memory while streaming 4x more events stays the same: rows come in
    batches of 1000 (yield_per) and are written out one by one, never collected."""
    client = make_client(db_url)

    def peak() -> tuple[int, int]:
        response = client.get("/api/v1/exports/ndjson", buffered=False)
        lines = 0
        tracemalloc.start()
        for chunk in response.response:
            lines += chunk.count(b"\n")
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        response.close()
        return lines, top

    _bulk_events(factory, 3000)
    small_lines, small = peak()
    _bulk_events(factory, 9000)
    big_lines, big = peak()
    assert (small_lines, big_lines) == (3000, 12000)
    assert big < small * 1.3 + 100_000, (small, big)
