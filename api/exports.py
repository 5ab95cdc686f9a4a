"""/exports/*: the events matching the /events filters, as files, streamed.

Each export reads rows from a database cursor as it writes them (a session of
its own, closed when the stream ends or the client goes away), so a million
events cost no more memory than ten.
"""
from __future__ import annotations

from typing import Callable, Iterable, Iterator

from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields, validate

from api import new_session
from api.common import bad_search, event_filter, query_args
from api.display import DEFAULT_STYLE, MONTH_STYLES
from api.formats import csv_lines, ics_chunks, ndjson_line, timelinejs_chunks
from api.schemas import EventFilterSchema
from store import queries

blp = Blueprint("exports", __name__, description="The timeline as files: TimelineJS, CSV, NDJSON, iCalendar")


class ExportQuerySchema(EventFilterSchema):
    order = fields.String(load_default="asc", validate=validate.OneOf(("asc", "desc")),
                          metadata={"description": "`asc`: oldest first; `desc`: newest first."})


class DisplayQuerySchema(ExportQuerySchema):
    months = fields.String(
        load_default=DEFAULT_STYLE, validate=validate.OneOf(tuple(MONTH_STYLES)),
        metadata={"description": "Month names of the Arabic date labels: " + "; ".join(
            f"`{key}` ({style['label']}: {style['months'][0]})" for key, style in MONTH_STYLES.items()) + "."})


class CSVQuerySchema(DisplayQuerySchema):
    bom = fields.Boolean(load_default=True, metadata={
        "description": "Start with a UTF-8 byte-order mark, so that Excel opens the file right "
                       "by double-click; `false` leaves it out."})


TIMELINEJS_SCHEMA = {
    "type": "object",
    "description": "TimelineJS JSON: https://timeline.knightlab.com/docs/json-format.html",
    "properties": {
        "title": {"type": "object"},
        "scale": {"type": "string"},
        "events": {"type": "array", "items": {"type": "object", "properties": {
            "unique_id": {"type": "string"},
            "start_date": {"type": "object"}, "end_date": {"type": "object"},
            "text": {"type": "object"}, "group": {"type": "string"}, "media": {"type": "object"}}}},
    },
}


def _doc(content_type: str, description: str, schema: dict | None = None) -> dict:
    return {"responses": {"200": {"description": description,
                                  "content": {content_type: {"schema": schema or {"type": "string"}}}}}}


def _export(args: dict, render: Callable[[Iterable[dict]], Iterator[str]], mimetype: str,
            filename: str) -> Response:
    session = new_session()
    try:
        events = queries.iter_events(session, event_filter(args, limit=0))
    except queries.EmptySearch as exc:
        session.close()
        bad_search(exc)
    except BaseException:
        session.close()
        raise

    def generate() -> Iterator[bytes]:
        try:
            for chunk in render(events):
                yield chunk.encode("utf-8")
        finally:
            session.close()

    response = Response(generate(), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@blp.route("/exports/timelinejs")
class TimelineJS(MethodView):
    @query_args(blp, DisplayQuerySchema)
    @blp.doc(**_doc("application/json", "A TimelineJS document (JSON).", TIMELINEJS_SCHEMA))
    def get(self, args):
        """The matching events as a TimelineJS document.

        Each slide's `display_date` is the date as an Arabic reader says it,
        with its Hijri equivalent ("أيلول 2016 (29 ذو القعدة - 29 ذو الحجة 1437 هـ)");
        `start_date`/`end_date` keep the real precision (a month-precise event
        starts with year and month, no day) and a month, season or year is a
        span to its last day. The article (linked) and its outlet are the
        slide's media block. Text is HTML-escaped and right-to-left; render
        with TimelineJS's `language: 'ar'` option.
        """
        return _export(args, lambda evs: timelinejs_chunks(evs, "الخط الزمني", args["months"]),
                       "application/json", "timeline.json")


@blp.route("/exports/csv")
class CSVExport(MethodView):
    @query_args(blp, CSVQuerySchema)
    @blp.doc(**_doc("text/csv", "One row per event, with a header row (UTF-8 with a byte-order mark, RFC 4180)."))
    def get(self, args):
        """The matching events as CSV (UTF-8 with a byte-order mark unless `bom=false`, header row, CRLF line ends).

        `display_date` is the date in Arabic with its Hijri equivalent;
        `explanation` says in Arabic how the date was worked out.
        """
        return _export(args, lambda evs: csv_lines(evs, bom=args["bom"], style=args["months"]),
                       "text/csv", "timeline.csv")


@blp.route("/exports/ndjson")
class NDJSONExport(MethodView):
    @query_args(blp, ExportQuerySchema)
    @blp.doc(**_doc("application/x-ndjson", "One JSON event per line, streamed."))
    def get(self, args):
        """The matching events as newline-delimited JSON, streamed in constant memory."""
        return _export(args, lambda evs: map(ndjson_line, evs), "application/x-ndjson", "timeline.ndjson")


@blp.route("/exports/ics")
class ICSExport(MethodView):
    @query_args(blp, DisplayQuerySchema)
    @blp.doc(**_doc("text/calendar", "An iCalendar file of all-day events."))
    def get(self, args):
        """The matching events as iCalendar all-day events (DTEND is the day after the last day).

        Each description holds the sentence, the date in Arabic with its Hijri
        equivalent, the article and how the date was worked out (in Arabic).
        """
        return _export(args, lambda evs: ics_chunks(evs, "الخط الزمني", args["months"]), "text/calendar",
                       "timeline.ics")
