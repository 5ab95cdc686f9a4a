"""The REST API: ``create_app`` builds a Flask app serving /api/v1."""
from __future__ import annotations

import logging
from typing import Any, Mapping

from flask import Flask, current_app
from flask_smorest import Api
from sqlalchemy.orm import Session

from api.errors import register_error_handlers
from config import Settings, load_settings
from store.db import check_schema, make_engine, session_factory

API_PREFIX = "/api/v1"


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

    api = Api(app)
    from api import documents, events, health

    for module in (events, documents, health):
        api.register_blueprint(module.blp, url_prefix=API_PREFIX)
    register_error_handlers(app)

    @app.teardown_appcontext
    def _close_session(_exc):
        from flask import g

        session = g.pop("db_session", None)
        if session is not None:
            session.close()

    return app


def db() -> Session:
    """The request's database session."""
    from flask import g

    if "db_session" not in g:
        g.db_session = current_app.extensions["timeline_sessions"]()
    return g.db_session
