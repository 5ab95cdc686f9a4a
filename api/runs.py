"""/ingest-runs: what each ingest run (command line or API write) saw and did."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from api import db
from api.common import query_args
from api.paging import decode_id, encode, page
from api.schemas import RunPageSchema, RunQuerySchema
from store import queries

blp = Blueprint("ingest_runs", __name__, description="Ingest runs")


@blp.route("/ingest-runs")
class RunList(MethodView):
    @query_args(blp, RunQuerySchema)
    @blp.response(200, RunPageSchema)
    def get(self, args):
        """Ingest runs, newest first: counts of inputs seen, new, changed, unchanged, failed, the errors and the warnings."""
        limit = args["limit"]
        runs = queries.list_runs(db(), limit + 1, before=decode_id("ingest-runs", args.get("cursor")),
                                 status=args.get("status"))
        more = len(runs) > limit
        runs = runs[:limit]
        return page(runs, encode("ingest-runs", [runs[-1].id]) if more else None, limit)
