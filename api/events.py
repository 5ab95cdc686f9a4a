"""/events: the timeline, in chronological order."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint, abort

from api import db
from api.schemas import EventDetailSchema, EventQuerySchema, EventSchema
from store import queries

blp = Blueprint("events", __name__, description="Dated events, in chronological order")


@blp.route("/events")
class EventList(MethodView):
    @blp.arguments(EventQuerySchema, location="query", error_status_code=400)
    @blp.response(200, EventSchema(many=True))
    def get(self, args):
        """Events overlapping [from, to], ordered by date_start, date_end, id."""
        return queries.list_events(db(), queries.EventFilter(
            date_from=args.get("date_from"), date_to=args.get("date_to"), q=args.get("q"),
            document_id=args.get("document"), limit=args["limit"]))


@blp.route("/events/<int:event_id>")
class EventItem(MethodView):
    @blp.response(200, EventDetailSchema)
    def get(self, event_id: int):
        """One event with every piece of evidence for it."""
        event = queries.get_event(db(), event_id)
        if event is None:
            abort(404, message=f"No event with id {event_id}.")
        return event
