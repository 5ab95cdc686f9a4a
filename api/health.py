"""/health: is the service up and its database reachable."""
from __future__ import annotations

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from api import db
from api.schemas import HealthSchema
from store import queries
from store.db import current_revision

blp = Blueprint("health", __name__, description="Service health")


@blp.route("/health")
class Health(MethodView):
    @blp.response(200, HealthSchema)
    def get(self):
        """Service status, database kind, schema revision and row counts."""
        engine = current_app.extensions["timeline_engine"]
        return {"status": "ok", "database": engine.dialect.name,
                "schema_revision": current_revision(engine), **queries.counts(db())}
