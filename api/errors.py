"""Errors as RFC 9457 problem details (application/problem+json), whatever raised them.

Never an HTML page, never a trace: a 4xx names the parameter at fault, a 5xx
says only that it was logged.
"""
from __future__ import annotations

import json
import logging
from http import HTTPStatus
from typing import Any

from flask import Flask, Response, request
from marshmallow import Schema, fields
from werkzeug.exceptions import HTTPException

from store.db import is_busy

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
RETRY_AFTER_SECONDS = 10


class ProblemSchema(Schema):
    """RFC 9457 problem details; ``errors`` lists every bad parameter by location."""

    type = fields.String(metadata={"description": "A URI naming the problem type; about:blank for plain HTTP errors."})
    title = fields.String(metadata={"description": "The HTTP status phrase."})
    status = fields.Integer(metadata={"description": "The HTTP status code."})
    detail = fields.String(metadata={"description": "What went wrong, naming the parameter at fault."})
    instance = fields.String(metadata={"description": "The path of the request."})
    errors = fields.Dict(metadata={"description": "Messages per location and parameter (validation errors)."})


def _describe(errors: Any) -> str:
    """One sentence naming each bad parameter, from webargs' nested error dict."""
    parts = []
    for location, fields_ in (errors or {}).items():
        if not isinstance(fields_, dict):
            parts.append(f"{location}: {fields_}")
            continue
        for name, messages in fields_.items():
            if isinstance(messages, dict):  # nested or per-index errors
                messages = [f"{k}: {v}" for k, v in messages.items()]
            text = "; ".join(map(str, messages)) if isinstance(messages, list) else str(messages)
            parts.append(f"parameter `{name}` ({location}): {text}")
    return " ".join(parts) or "Invalid request."


def problem(status: int, detail: str, *, errors: Any = None, headers: dict | None = None) -> Response:
    """A problem+json response (Arabic kept as UTF-8)."""
    body: dict[str, Any] = {"type": "about:blank", "title": HTTPStatus(status).phrase,
                            "status": status, "detail": detail}
    try:
        body["instance"] = request.path
    except RuntimeError:  # outside a request
        pass
    if errors:
        body["errors"] = errors
    response = Response(json.dumps(body, ensure_ascii=False, default=str), status=status,
                        mimetype=PROBLEM_JSON)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        data = getattr(error, "data", None) or {}
        errors = data.get("errors") or data.get("messages")
        detail = data.get("message") or (_describe(errors) if errors else error.description)
        headers = dict(data.get("headers") or {})
        if error.code == 405 and getattr(error, "valid_methods", None):
            headers["Allow"] = ", ".join(error.valid_methods)
        return problem(error.code or 500, detail, errors=errors, headers=headers)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        if is_busy(error):
            # SQLite: a long write elsewhere (`timeline events regroup`, an ingest) holds the lock
            log.warning("database busy: %s", error)
            return problem(503, "The database is busy with a long write (an ingest or a regrouping); "
                                f"try again in {RETRY_AFTER_SECONDS} seconds.",
                           headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
        log.exception("unhandled error")
        return problem(500, "The server hit an unexpected error; it has been logged.")
