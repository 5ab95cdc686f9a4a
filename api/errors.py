"""Errors as JSON, whatever raised them: never an HTML page, never a trace."""
from __future__ import annotations

import logging

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


def _describe(errors: dict) -> str:
    """One sentence naming each bad parameter, from webargs' nested error dict."""
    parts = []
    for location, fields in (errors or {}).items():
        if not isinstance(fields, dict):
            parts.append(f"{location}: {fields}")
            continue
        for name, messages in fields.items():
            text = "; ".join(messages) if isinstance(messages, list) else str(messages)
            parts.append(f"parameter `{name}`: {text}")
    return " ".join(parts) or "Invalid request."


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        data = getattr(error, "data", None) or {}
        errors = data.get("errors") or data.get("messages")
        body = {"status": error.code, "title": error.name,
                "detail": data.get("message") or (_describe(errors) if errors else error.description)}
        if errors:
            body["errors"] = errors
        response = jsonify(body)
        response.status_code = error.code or 500
        for name, value in (data.get("headers") or {}).items():
            response.headers[name] = value
        return response

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        log.exception("unhandled error")
        response = jsonify({"status": 500, "title": "Internal Server Error",
                            "detail": "The server hit an unexpected error; it has been logged."})
        response.status_code = 500
        return response
