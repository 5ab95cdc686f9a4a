"""/health: is the service up and its database reachable."""
from __future__ import annotations

import logging

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint, abort

from api import db, settings
from api.hooks import token_ok
from api.schemas import HealthSchema
from store import queries
from store.db import current_revision

log = logging.getLogger(__name__)

blp = Blueprint("health", __name__, description="Service health")


@blp.route("/health")
class Health(MethodView):
    @blp.response(200, HealthSchema)
    @blp.alt_response(503, response="SERVICE_UNAVAILABLE")
    def get(self):
        """Liveness: `status` is public. The database kind, schema revision and row counts
        are shown to whoever may read the timeline (with the token, when reads need one)."""
        engine = current_app.extensions["timeline_engine"]
        try:
            revision = current_revision(engine)
        except Exception:
            log.warning("health: the database does not answer", exc_info=True)
            abort(503, message="The database does not answer.")
        body = {"status": "ok"}
        config = settings()
        if not config.read_token_required or token_ok(config):
            body.update({"database": engine.dialect.name, "schema_revision": revision, **queries.counts(db())})
        return body
