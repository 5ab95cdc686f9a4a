"""Exports: TimelineJS precision and RTL, CSV, streamed NDJSON, iCalendar escaping and folding."""
from __future__ import annotations

import codecs
import csv
import html
import io
import json
import re
import tracemalloc
from datetime import date

import pytest

from api import formats
from tests.api_fixtures import add_document, add_event
from tests.test_api import make_client


RAW_CODE = re.compile(r"\d{4}-(?:\d{2}(?!\d)|SP|SU|FA|WI|Q\d|W\d{2})|\b(?:SP|SU|FA|WI)-\d{4}")


@pytest.fixture
def client(db_url, factory):
    with factory() as s:
        doc = add_document(s, "doc:x", source="سانا", url="https://example.org/x", title="مقال")
        day = add_event(s, doc, date(2016, 10, 3), text="قال لافروف، في موسكو; اليوم\nسطر ثان", place="موسكو")
        day.hijri_start = day.hijri_end = "1438-01-02"
        add_event(s, doc, date(2016, 2, 1), date(2016, 2, 29), granularity="month", value="2016-02", text="في شباط")
        add_event(s, doc, date(2015, 1, 1), date(2015, 12, 31), granularity="year", value="2015", text="عام 2015")
        add_event(s, doc, date(2016, 3, 15), date(2016, 3, 16), text="يومي 15 و16 آذار")
        add_event(s, doc, date(2016, 9, 1), date(2016, 11, 30), granularity="season", value="2016-FA",
                  text="في الخريف المقبل")
        s.commit()
    return make_client(db_url)


def _event(**kw):
    base = {"id": 1, "date_start": date(2016, 10, 3), "date_end": date(2016, 10, 3), "granularity": "day",
            "value": "2016-10-03", "end_value": None, "hijri_start": None, "hijri_end": None, "calendar": "gregorian",
            "kind": "mention", "title": "عنوان", "text": "نص", "place": None, "rule": "r", "explanation": None,
            "confidence": 0.5, "document_count": 1, "source_count": 1, "document_id": 1, "mention_id": None,
            "provenance": {"document_title": None, "source": None, "url": None, "start": None, "end": None,
                           "mention_text": None}}
    base.update(kw)
    return base


def _timelinejs(client, query: str = "") -> list[dict]:
    response = client.get(f"/api/v1/exports/timelinejs{query}")
    assert response.status_code == 200 and response.mimetype == "application/json"
    return json.loads(response.get_data(as_text=True))["events"]


def test_timelinejs_dates_are_arabic_labels_and_coarse_dates_are_spans(client):
    events = _timelinejs(client)
    by_text = {e["text"]["text"]: e for e in events}
    assert len(events) == 5
    month = next(e for t, e in by_text.items() if "شباط" in t)
    assert month["display_date"] == "شباط 2016"
    # starts with the month, no invented day; a span to the month's last day
    assert month["start_date"] == {"year": "2016", "month": "2"}
    assert month["end_date"] == {"year": "2016", "month": "2", "day": "29"}
    year = next(e for t, e in by_text.items() if "عام" in t)
    assert year["start_date"] == {"year": "2015"} and year["end_date"] == {"year": "2015", "month": "12", "day": "31"}
    assert year["display_date"] == "عام 2015"
    season = next(e for t, e in by_text.items() if "الخريف" in t)
    assert season["display_date"] == "خريف 2016"
    assert season["start_date"] == {"year": "2016", "month": "9"} and season["end_date"]["month"] == "11"
    span = next(e for t, e in by_text.items() if "يومي" in t)
    assert span["display_date"] == "15-16 آذار 2016"
    assert span["end_date"] == {"year": "2016", "month": "3", "day": "16"}
    day = next(e for t, e in by_text.items() if "لافروف" in t)
    assert day["display_date"] == "يوم الإثنين 3 تشرين الأول 2016 (2 محرم 1438 هـ)"
    assert day["start_date"] == {"year": "2016", "month": "10", "day": "3"} and "end_date" not in day
    assert day["group"] == "موسكو"
    assert all(e["text"]["headline"].startswith('<div dir="rtl" lang="ar">') for e in events)
    # no TIMEX code anywhere a date is shown
    for e in events:
        shown = [e["display_date"], *(e[k].get("display_date", "") for k in ("start_date", "end_date") if k in e)]
        assert not any(RAW_CODE.search(x) for x in shown), e


def test_timelinejs_month_names_follow_the_months_option(client):
    shown = {e["display_date"] for e in _timelinejs(client, "?months=egypt")}
    assert "فبراير 2016" in shown and "يوم الإثنين 3 أكتوبر 2016 (2 محرم 1438 هـ)" in shown
    assert "فيفري 2016" in {e["display_date"] for e in _timelinejs(client, "?months=maghreb")}
    response = client.get("/api/v1/exports/timelinejs?months=martian")
    assert response.status_code == 400 and "months" in response.get_data(as_text=True)


def test_timelinejs_attribution_is_a_media_block_with_the_article_and_outlet(client):
    day = next(e for e in _timelinejs(client) if "لافروف" in e["text"]["text"])
    media = day["media"]
    assert media["url"] == '<blockquote dir="rtl" lang="ar"><a href="https://example.org/x">مقال</a></blockquote>'
    assert media["caption"] == '<div dir="rtl" lang="ar">سانا · مقال واحد</div>' and "credit" not in media


def test_timelinejs_media_never_looks_like_another_media_type():
    """TimelineJS matches "pdf", "spotify"... anywhere in a media url before
    "blockquote": the link keeps working (the browser decodes the reference)."""
    url = "https://example.org/statements/google-spotify.pdf?x=1&y=2"
    media = formats.timelinejs_media(_event(provenance={"url": url, "document_title": "بيان <b>", "source": None}))
    assert not re.search(r"pdf|spotify|google", media["url"], re.IGNORECASE)
    href = re.search(r'href="([^"]*)"', media["url"])[1]
    assert html.unescape(href) == url
    assert "بيان &lt;b&gt;" in media["url"] and media["caption"] == '<div dir="rtl" lang="ar">مقال واحد</div>'
    # a link that is not a web address is not linked
    media = formats.timelinejs_media(_event(provenance={"url": "javascript:alert(1)", "document_title": "م",
                                                        "source": "س"}))
    assert "href" not in media["url"] and "javascript" not in media["url"]
    assert formats.timelinejs_media(_event()) is None


def test_timelinejs_marks_the_date_phrase_and_explains_in_arabic():
    slide = formats.timelinejs_event(_event(
        text="قال <لافروف> اليوم إن اجتماع اليوم انتهى", rule="deictic: the anchor day",
        provenance={"mention_text": "اليوم", "url": None, "document_title": None, "source": None}))
    text = slide["text"]["text"]
    assert text.count("<mark>اليوم</mark>") == 2 and "&lt;لافروف&gt;" in text
    assert "حُدِّد التاريخ من عبارة «اليوم» في المقال." in text
    assert "deictic" not in json.dumps(slide, ensure_ascii=False)
    slide = formats.timelinejs_event(_event(explanation="أمس: اليوم السابق لتاريخ النشر 2016-10-04"))
    assert "أمس: اليوم السابق لتاريخ النشر 2016-10-04" in slide["text"]["text"]


def test_timelinejs_escapes_html():
    slide = formats.timelinejs_event(_event(text="<script>alert(1)</script>", title="<img src=x onerror=alert(1)>"))
    assert "<script>" not in slide["text"]["text"] and "&lt;script&gt;" in slide["text"]["text"]
    assert "<img" not in slide["text"]["headline"]


def test_csv_export_opens_in_excel_and_speaks_arabic(client):
    response = client.get("/api/v1/exports/csv?order=desc")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment")
    raw = response.get_data()
    assert raw.startswith(codecs.BOM_UTF8)  # Excel reads UTF-8 only after a byte-order mark
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["date_start"] for r in rows] == ["2016-10-03", "2016-09-01", "2016-03-15", "2016-02-01", "2015-01-01"]
    assert rows[0]["text"] == "قال لافروف، في موسكو; اليوم\nسطر ثان" and rows[0]["source"] == "سانا"
    assert rows[0]["display_date"] == "يوم الإثنين 3 تشرين الأول 2016 (2 محرم 1438 هـ)"
    assert rows[1]["display_date"] == "خريف 2016"
    # no English rule strings for users: an Arabic explanation instead
    assert "rule" not in rows[0] and all(r["explanation"] == "حُدِّد التاريخ من تاريخ المقال." for r in rows)
    assert b"test rule" not in raw


def test_csv_export_without_bom_and_with_other_month_names(client):
    raw = client.get("/api/v1/exports/csv?bom=false&months=maghreb").get_data()
    assert raw.startswith(b"id,date_start,")
    assert "فيفري 2016" in raw.decode()
    assert client.get("/api/v1/exports/csv?bom=maybe").status_code == 400


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
    response = client.get("/api/v1/exports/ics?months=egypt")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    raw = response.get_data()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # folding never splits a character
    unfolded = raw.decode().replace("\r\n ", "")
    assert unfolded.count("BEGIN:VEVENT") == 5
    # all-day, exclusive DTEND: the day after the last day
    assert "DTSTART;VALUE=DATE:20160201\r\nDTEND;VALUE=DATE:20160301" in unfolded
    assert "DTSTART;VALUE=DATE:20161003\r\nDTEND;VALUE=DATE:20161004" in unfolded
    assert "DTSTART;VALUE=DATE:20150101\r\nDTEND;VALUE=DATE:20160101" in unfolded
    assert "قال لافروف، في موسكو\\; اليوم\\nسطر ثان" in unfolded
    # the description says the date in Arabic and how it was worked out, in Arabic
    assert "يوم الإثنين 3 أكتوبر 2016 (2 محرم 1438 هـ)\\nسانا — مقال — https://example.org/x" in unfolded
    assert "حُدِّد التاريخ من تاريخ المقال." in unfolded and "test rule" not in unfolded
    assert "CATEGORIES;LANGUAGE=ar:شهر" in unfolded and "CATEGORIES;LANGUAGE=ar:فصل" in unfolded


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
