"""/events: the timeline, in chronological order, keyset-paged."""
from __future__ import annotations

from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint, abort

from api import db
from api.common import bad_search, event_filter, json_response, query_args
from api.paging import encode, page
from api.schemas import EventDetailSchema, EventPageSchema, EventQuerySchema
from store import queries

blp = Blueprint("events", __name__, description="Dated events, in chronological order")


def event_page(args: dict, **overrides) -> Response:
    """One page of events as the API returns it (shared with /documents/<id>/events)."""
    f = event_filter(args, **overrides)
    try:
        result = queries.list_events(db(), f)
    except queries.EmptySearch as exc:
        bad_search(exc)
    cursor = encode("events", list(result.next_key)) if result.next_key else None
    return json_response(page(result.items, cursor, f.limit))


@blp.route("/events")
class EventList(MethodView):
    @query_args(blp, EventQuerySchema)
    @blp.response(200, EventPageSchema)
    def get(self, args):
        """Events in chronological order.

        Ordered by (date_start, date_end, id), or the reverse with `order=desc`.
        `from`/`to` select events whose interval overlaps [from, to] (or lies
        wholly inside it with `within=true`). Pages hold `limit` events; follow
        `next` (or pass `next_cursor` as `cursor`) for the next page: any page
        costs what the first one costs. Each event carries its dates in both
        calendars, granularity, TIMEX3 value, title, sentence, place and
        provenance (document, source, URL, offsets, rule).
        """
        return event_page(args)


@blp.route("/events/<int:event_id>")
class EventItem(MethodView):
    @blp.response(200, EventDetailSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, event_id: int):
        """One event with every mention of it across documents, and its entities."""
        event = queries.get_event(db(), event_id)
        if event is None:
            abort(404, message=f"No event with id {event_id}.")
        return event
