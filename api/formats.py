"""Export formats, one event at a time (so exports stream in constant memory).

Pure functions over the event dicts of store.queries: no HTTP, no SQL.
"""
from __future__ import annotations

import csv
import html
import io
import json
from datetime import date, datetime, timedelta, timezone
from typing import Any, Iterable, Iterator

# --- NDJSON --------------------------------------------------------------------


def ndjson_line(event: dict[str, Any]) -> str:
    return json.dumps(event, ensure_ascii=False, default=_iso) + "\n"


def _iso(value: Any) -> str:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


# --- CSV -----------------------------------------------------------------------

CSV_COLUMNS = (
    "id", "date_start", "date_end", "granularity", "value", "end_value", "hijri_start", "hijri_end",
    "calendar", "kind", "title", "text", "place", "rule", "confidence", "document_count", "source_count",
    "document_id", "document_title", "source", "url", "mention_start", "mention_end", "mention_text",
)


def csv_lines(events: Iterable[dict[str, Any]]) -> Iterator[str]:
    """A header, then one CSV record per event (RFC 4180 quoting, CRLF)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")

    def flush() -> str:
        out = buf.getvalue()
        buf.seek(0)
        buf.truncate()
        return out

    writer.writerow(CSV_COLUMNS)
    yield flush()
    for ev in events:
        p = ev["provenance"]
        writer.writerow([
            ev["id"], ev["date_start"], ev["date_end"], ev["granularity"], ev["value"], ev["end_value"],
            ev["hijri_start"], ev["hijri_end"], ev["calendar"], ev["kind"], ev["title"], ev["text"],
            ev["place"], ev["rule"], ev["confidence"], ev["document_count"], ev["source_count"],
            ev["document_id"], p["document_title"], p["source"], p["url"], p["start"], p["end"],
            p["mention_text"],
        ])
        yield flush()


# --- TimelineJS ----------------------------------------------------------------

# The finest unit a TimelineJS date shows for each granularity: a month-precise
# event gets no invented day, a year-precise one no invented month.
_UNIT = {"time": "day", "day": "day", "week": "day", "month": "month", "quarter": "month",
         "season": "month", "year": "year", "decade": "year", "century": "year"}


def _tl_date(day: date, unit: str) -> dict[str, str]:
    out = {"year": str(day.year)}
    if unit in ("month", "day"):
        out["month"] = str(day.month)
    if unit == "day":
        out["day"] = str(day.day)
    return out


def _rtl(text: str | None) -> str:
    # TimelineJS renders HTML: escape the text, and mark it right-to-left.
    return f'<div dir="rtl" lang="ar">{html.escape(text or "")}</div>'


def timelinejs_event(ev: dict[str, Any]) -> dict[str, Any]:
    unit = _UNIT.get(ev["granularity"], "day")
    start, end = _tl_date(ev["date_start"], unit), _tl_date(ev["date_end"], unit)
    p = ev["provenance"]
    source = " · ".join(x for x in (p.get("source"), p.get("document_title")) if x)
    slide: dict[str, Any] = {
        "unique_id": f"event-{ev['id']}",
        "start_date": {**start, "display_date": ev["value"] if unit != "day" else ev["date_start"].isoformat()},
        "text": {"headline": _rtl(ev["title"]), "text": _rtl(ev["text"])},
    }
    if end != start:
        slide["end_date"] = end
    if ev.get("place"):
        slide["group"] = ev["place"]
    if source or p.get("url"):
        slide["media"] = {"url": p.get("url") or "", "caption": _rtl(source), "credit": html.escape(ev.get("rule") or "")}
    return slide


def timelinejs_chunks(events: Iterable[dict[str, Any]], title: str) -> Iterator[str]:
    """A TimelineJS document, written piece by piece."""
    head = {"title": {"text": {"headline": _rtl(title), "text": ""}}, "scale": "human"}
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "events": ['
    first = True
    for ev in events:
        yield ("" if first else ",\n") + json.dumps(timelinejs_event(ev), ensure_ascii=False)
        first = False
    yield "]}\n"


# --- iCalendar (RFC 5545) ------------------------------------------------------


def ics_escape(text: str) -> str:
    """TEXT value escaping: backslash, semicolon, comma, newline."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def ics_fold(line: str) -> str:
    """Fold a content line at 75 octets (never inside a UTF-8 character), CRLF-terminated."""
    out, current, size, limit = [], [], 0, 75
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            out.append("".join(current))
            current, size, limit = [" "], 1, 75
        current.append(ch)
        size += n
    out.append("".join(current))
    return "\r\n".join(out) + "\r\n"


def _ics_date(day: date) -> str:
    return day.strftime("%Y%m%d")


def ics_event(ev: dict[str, Any], stamp: str) -> str:
    p = ev["provenance"]
    description = ev["text"]
    origin = " — ".join(x for x in (p.get("source"), p.get("document_title"), p.get("url")) if x)
    if origin:
        description += "\n\n" + origin
    if ev.get("rule"):
        description += "\n" + ev["rule"]
    lines = ["BEGIN:VEVENT", f"UID:event-{ev['id']}@arabic-timeline", f"DTSTAMP:{stamp}",
             f"DTSTART;VALUE=DATE:{_ics_date(ev['date_start'])}"]
    # All-day events: DTEND is exclusive, the day after the last day.
    if ev["date_end"] < date.max:
        lines.append(f"DTEND;VALUE=DATE:{_ics_date(ev['date_end'] + timedelta(days=1))}")
    lines += [f"SUMMARY;LANGUAGE=ar:{ics_escape(ev['title'])}",
              f"DESCRIPTION;LANGUAGE=ar:{ics_escape(description)}"]
    if ev.get("place"):
        lines.append(f"LOCATION;LANGUAGE=ar:{ics_escape(ev['place'])}")
    lines.append(f"CATEGORIES:{ics_escape(ev['granularity'])}")
    lines.append("END:VEVENT")
    return "".join(ics_fold(line) for line in lines)


def ics_chunks(events: Iterable[dict[str, Any]], name: str) -> Iterator[str]:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//arabic-timeline//timeline API//EN",
            "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{ics_escape(name)}"]
    yield "".join(ics_fold(line) for line in head)
    for ev in events:
        yield ics_event(ev, stamp)
    yield ics_fold("END:VCALENDAR")
