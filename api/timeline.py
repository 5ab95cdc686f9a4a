"""/timeline/histogram: event counts per bucket, for a front-end's overview bar."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from api import db
from api.common import bad_search, event_filter, query_args
from api.schemas import HistogramQuerySchema, HistogramSchema
from store import queries

blp = Blueprint("timeline", __name__, description="Overviews of the timeline")


@blp.route("/timeline/histogram")
class Histogram(MethodView):
    @query_args(blp, HistogramQuerySchema)
    @blp.response(200, HistogramSchema)
    def get(self, args):
        """Counts of matching events per day, month or year of their first day.

        Takes the /events filters; buckets with no event are left out.
        """
        try:
            buckets = queries.histogram(db(), event_filter(args), args["bucket"])
        except queries.EmptySearch as exc:
            bad_search(exc)
        return {"bucket": args["bucket"], "buckets": buckets, "total": sum(b["count"] for b in buckets)}
