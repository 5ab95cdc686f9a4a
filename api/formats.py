"""Export formats, one event at a time (so exports stream in constant memory).

Pure functions over the event dicts of store.queries: no HTTP, no SQL.
"""
from __future__ import annotations

import csv
import html
import io
import json
import re
from datetime import date, datetime, timedelta, timezone
from typing import Any, Iterable, Iterator

from api.display import (DEFAULT_STYLE, GRANULARITY_NAMES, article_count, event_display, explanation_text,
                         phrase_spans)

# --- NDJSON --------------------------------------------------------------------


def ndjson_line(event: dict[str, Any]) -> str:
    return json.dumps(event, ensure_ascii=False, default=_iso) + "\n"


def _iso(value: Any) -> str:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


# --- CSV -----------------------------------------------------------------------

CSV_COLUMNS = (
    "id", "date_start", "date_end", "display_date", "granularity", "value", "end_value", "hijri_start",
    "hijri_end", "calendar", "kind", "title", "text", "place", "explanation", "confidence", "document_count",
    "source_count", "document_id", "document_title", "source", "url", "mention_start", "mention_end",
    "mention_text",
)
# Excel reads a CSV without a byte-order mark in the machine's ANSI code page:
# Arabic becomes mojibake. With it, a double-click opens the file right.
BOM = "\ufeff"


def csv_lines(events: Iterable[dict[str, Any]], bom: bool = True, style: str = DEFAULT_STYLE) -> Iterator[str]:
    """A header, then one CSV record per event (RFC 4180 quoting, CRLF), after a BOM unless ``bom`` is false."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")

    def flush() -> str:
        out = buf.getvalue()
        buf.seek(0)
        buf.truncate()
        return out

    writer.writerow(CSV_COLUMNS)
    yield (BOM if bom else "") + flush()
    for ev in events:
        p = ev["provenance"]
        writer.writerow([
            ev["id"], ev["date_start"], ev["date_end"], event_display(ev, style), ev["granularity"], ev["value"],
            ev["end_value"], ev["hijri_start"], ev["hijri_end"], ev["calendar"], ev["kind"], ev["title"],
            ev["text"], ev["place"], explanation_text(ev), ev["confidence"], ev["document_count"],
            ev["source_count"], ev["document_id"], p["document_title"], p["source"], p["url"], p["start"],
            p["end"], p["mention_text"],
        ])
        yield flush()


def _marked_html(text: str, phrase: str | None) -> str:
    out, last = [], 0
    for a, b in phrase_spans(text, phrase):
        out += [html.escape(text[last:a]), "<mark>", html.escape(text[a:b]), "</mark>"]
        last = b
    out.append(html.escape(text[last:]))
    return "".join(out)


# --- TimelineJS ----------------------------------------------------------------

# The finest unit a TimelineJS date shows for each granularity: a month-precise
# event gets no invented day, a year-precise one no invented month.
_UNIT = {"time": "day", "day": "day", "week": "day", "month": "month", "quarter": "month",
         "season": "month", "year": "year", "decade": "year", "century": "year"}

# TimelineJS picks a media type by matching these anywhere in the media "url"
# before it tries "blockquote": an article link holding one (a .pdf press
# release, "google") would be shown as a PDF or map. One letter as a character
# reference hides the word from the match and not from the browser.
_MEDIA_TRIGGERS = re.compile(r"pdf|spotify|iframe|imgur|google|wistia|dai\.ly", re.IGNORECASE)


def _tl_date(day: date, unit: str) -> dict[str, str]:
    out = {"year": str(day.year)}
    if unit in ("month", "day"):
        out["month"] = str(day.month)
    if unit == "day":
        out["day"] = str(day.day)
    return out


def _rtl(inner_html: str) -> str:
    # TimelineJS renders HTML: callers escape the text; mark it right-to-left.
    return f'<div dir="rtl" lang="ar">{inner_html}</div>'


def _defuse(escaped: str) -> str:
    return _MEDIA_TRIGGERS.sub(lambda m: f"&#{ord(m[0][0])};{m[0][1:]}", escaped)


def _web_url(url: str | None) -> str | None:
    return url if url and re.match(r"https?://", url, re.IGNORECASE) else None


def timelinejs_media(ev: dict[str, Any]) -> dict[str, str] | None:
    """The attribution TimelineJS shows beside a slide: the article (linked), its outlet, how many tell it.

    A "blockquote" media item: TimelineJS hides a media block whose URL is not
    media it knows, and an article page is not; a quote holding the link is.
    """
    p = ev["provenance"]
    url, title, source = _web_url(p.get("url")), p.get("document_title"), p.get("source")
    if not (url or title or source):
        return None
    label = _defuse(html.escape(title or source or url or ""))
    inner = f'<a href="{_defuse(html.escape(url))}">{label}</a>' if url else label
    # The outlet goes in the caption, beneath the article: TimelineJS sets a
    # credit apart from it, on the wrong side in a right-to-left slide.
    caption = " · ".join(x for x in (source, article_count(ev.get("document_count") or 1)) if x)
    return {"url": f'<blockquote dir="rtl" lang="ar">{inner}</blockquote>', "caption": _rtl(html.escape(caption))}


def timelinejs_event(ev: dict[str, Any], style: str = DEFAULT_STYLE) -> dict[str, Any]:
    """One slide. Its date is an Arabic label (``display_date``, both calendars)
    that TimelineJS shows as it is; ``start_date``/``end_date`` place it on the
    axis: a month, season or year is a span from its first to its last day."""
    unit = _UNIT.get(ev["granularity"], "day")
    p = ev["provenance"]
    body = f"<p>{_marked_html(ev['text'], p.get('mention_text'))}</p>"
    body += f"<p><small>{html.escape(explanation_text(ev))}</small></p>"
    slide: dict[str, Any] = {
        "unique_id": f"event-{ev['id']}",
        "start_date": _tl_date(ev["date_start"], unit),
        "display_date": event_display(ev, style),
        "text": {"headline": _rtl(html.escape(ev["title"] or "")), "text": _rtl(body)},
    }
    if ev["date_end"] != ev["date_start"] or unit != "day":
        slide["end_date"] = _tl_date(ev["date_end"], "day")
    if ev.get("place"):
        slide["group"] = ev["place"]
    media = timelinejs_media(ev)
    if media:
        slide["media"] = media
    return slide


def timelinejs_chunks(events: Iterable[dict[str, Any]], title: str, style: str = DEFAULT_STYLE) -> Iterator[str]:
    """A TimelineJS document, written piece by piece."""
    # The title slide's id, else TimelineJS makes one of the headline's markup.
    head = {"title": {"unique_id": "timeline-title", "text": {"headline": _rtl(html.escape(title)), "text": ""}},
            "scale": "human"}
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "events": ['
    first = True
    for ev in events:
        yield ("" if first else ",\n") + json.dumps(timelinejs_event(ev, style), ensure_ascii=False)
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


def ics_event(ev: dict[str, Any], stamp: str, style: str = DEFAULT_STYLE) -> str:
    """One all-day VEVENT; its description ends with the date as said in Arabic,
    the article it came from and how the date was worked out (in Arabic)."""
    p = ev["provenance"]
    description = ev["text"]
    origin = " — ".join(x for x in (p.get("source"), p.get("document_title"), p.get("url")) if x)
    description += "\n\n" + event_display(ev, style)
    if origin:
        description += "\n" + origin
    description += "\n" + explanation_text(ev)
    lines = ["BEGIN:VEVENT", f"UID:event-{ev['id']}@arabic-timeline", f"DTSTAMP:{stamp}",
             f"DTSTART;VALUE=DATE:{_ics_date(ev['date_start'])}"]
    # All-day events: DTEND is exclusive, the day after the last day.
    if ev["date_end"] < date.max:
        lines.append(f"DTEND;VALUE=DATE:{_ics_date(ev['date_end'] + timedelta(days=1))}")
    lines += [f"SUMMARY;LANGUAGE=ar:{ics_escape(ev['title'])}",
              f"DESCRIPTION;LANGUAGE=ar:{ics_escape(description)}"]
    if ev.get("place"):
        lines.append(f"LOCATION;LANGUAGE=ar:{ics_escape(ev['place'])}")
    lines.append(f"CATEGORIES;LANGUAGE=ar:{ics_escape(GRANULARITY_NAMES.get(ev['granularity'], ev['granularity']))}")
    lines.append("END:VEVENT")
    return "".join(ics_fold(line) for line in lines)


def ics_chunks(events: Iterable[dict[str, Any]], name: str, style: str = DEFAULT_STYLE) -> Iterator[str]:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//arabic-timeline//timeline API//EN",
            "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{ics_escape(name)}"]
    yield "".join(ics_fold(line) for line in head)
    for ev in events:
        yield ics_event(ev, stamp, style)
    yield ics_fold("END:VCALENDAR")
