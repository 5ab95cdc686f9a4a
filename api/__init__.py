"""The REST API: ``create_app`` builds a Flask app serving /api/v1."""
from __future__ import annotations

import logging
from typing import Any, Mapping

from flask import Flask, current_app, g
from flask_smorest import Api
from flask_smorest.utils import prepare_response
from sqlalchemy.orm import Session

from api.errors import PROBLEM_JSON, ProblemSchema, register_error_handlers
from api.hooks import register_hooks
from config import Settings, load_settings
from store.db import check_schema, make_engine, session_factory

API_PREFIX = "/api/v1"

DESCRIPTION = """\
Dated events found in Arabic news articles, in chronological order, with both
calendars (Gregorian and Umm al-Qura Hijri), their precision, TIMEX3 value and
provenance. Lists are keyset-paged (`limit`, opaque `cursor`, `next` link).
Errors are RFC 9457 problem details. Writes need `Authorization: Bearer <token>`.
"""


class TimelineApi(Api):
    """flask-smorest's Api, documenting errors as application/problem+json."""

    ERROR_SCHEMA = ProblemSchema

    def _register_responses(self):
        import http

        for status in http.HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_JSON)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Error (problem details)", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_JSON)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)


def create_app(settings: Settings | Mapping[str, Any] | None = None) -> Flask:
    """Build the app. ``settings``: a Settings, a mapping of overrides, or None for the environment."""
    if settings is None:
        settings = load_settings()
    elif not isinstance(settings, Settings):
        settings = load_settings().with_overrides(**dict(settings))
    logging.basicConfig(level=settings.log_level)
    app = Flask(__name__)
    app.config.update(
        API_TITLE="Arabic timeline API",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX=API_PREFIX,
        OPENAPI_JSON_PATH="openapi.json",
        API_SPEC_OPTIONS={
            "info": {"description": DESCRIPTION},
            "components": {"securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer",
                               "description": "The server's TIMELINE_API_TOKEN."}}},
        },
        MAX_CONTENT_LENGTH=settings.max_content_length,
        TIMELINE_SETTINGS=settings,
    )
    # Arabic goes out as UTF-8, not \u escapes.
    app.json.ensure_ascii = False
    app.json.sort_keys = False

    engine = make_engine(settings.database_url)
    check_schema(engine)
    app.extensions["timeline_engine"] = engine
    app.extensions["timeline_sessions"] = session_factory(engine)

    api = TimelineApi(app)
    from api import documents, events, exports, health, runs, timeline

    for module in (events, documents, timeline, exports, runs, health):
        api.register_blueprint(module.blp, url_prefix=API_PREFIX)
    from api import pages

    app.register_blueprint(pages.blp)  # the timeline page at / and /timeline
    register_error_handlers(app)
    register_hooks(app, settings)

    @app.teardown_appcontext
    def _close_session(_exc):
        session = g.pop("db_session", None)
        if session is not None:
            session.close()

    return app


def db() -> Session:
    """The request's database session."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["timeline_sessions"]()
    return g.db_session


def new_session() -> Session:
    """A session of its own, for work that outlives the request (streamed exports)."""
    return current_app.extensions["timeline_sessions"]()


def settings() -> Settings:
    return current_app.config["TIMELINE_SETTINGS"]
