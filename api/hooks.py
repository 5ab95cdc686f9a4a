"""Cross-cutting HTTP behaviour: bearer-token auth, CORS, ETag / If-None-Match, Link, and
query strings sent as raw UTF-8."""
from __future__ import annotations

import hmac
import re
import urllib.parse

from flask import Flask, Response, request

from api.errors import problem
from config import Settings

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Always public: the service description, its health, and the timeline page
# (which holds no events: it asks the API for them, with the reader's token).
PUBLIC_ENDPOINTS = frozenset({"api-docs.openapi_json", "health.Health", "static", "pages.timeline"})


def token_ok(settings: Settings) -> bool:
    """Does the request carry the server's API token?"""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not settings.api_token:
        return False
    return hmac.compare_digest(token.strip().encode(), settings.api_token.encode())


def _unauthorized(detail: str) -> Response:
    return problem(401, detail, headers={"WWW-Authenticate": 'Bearer realm="timeline"'})


_NON_ASCII = re.compile(rb"[\x80-\xff]+")


def _percent_encode(match: re.Match) -> bytes:
    return urllib.parse.quote_from_bytes(match.group(0)).encode("ascii")


def raw_query_as_utf8(query: str) -> str:
    """QUERY_STRING with raw (not percent-encoded) UTF-8 bytes percent-encoded.

    ``curl '.../events?q=جنيف'`` sends the bytes as they are. A WSGI server
    hands them on as Latin-1 characters; Werkzeug's development server even
    encodes those once more as UTF-8. Either way the app would search for
    mojibake: the bytes are taken back and percent-encoded, as the client
    should have sent them. Clients should percent-encode
    (``curl -G --data-urlencode 'q=جنيف'``); some servers (gunicorn) refuse
    raw bytes before the app sees them.
    """
    try:
        raw = query.encode("latin-1")
    except UnicodeEncodeError:
        return query
    if not _NON_ASCII.search(raw):
        return query
    try:
        once = raw.decode("utf-8")
        # Werkzeug's server: the bytes were read as Latin-1 and encoded again as UTF-8
        undone = once.encode("latin-1")
        undone.decode("utf-8")
        raw = undone
    except (UnicodeDecodeError, UnicodeEncodeError):
        pass
    return _NON_ASCII.sub(_percent_encode, raw).decode("ascii")


class RawQueryMiddleware:
    """WSGI middleware applying raw_query_as_utf8 before Flask parses the query."""

    def __init__(self, app) -> None:
        self.app = app

    def __call__(self, environ, start_response):
        query = environ.get("QUERY_STRING")
        if query:
            environ["QUERY_STRING"] = raw_query_as_utf8(query)
        return self.app(environ, start_response)


def register_hooks(app: Flask, settings: Settings) -> None:
    origins = set(settings.cors_origins)
    app.wsgi_app = RawQueryMiddleware(app.wsgi_app)

    @app.before_request
    def _authorize():
        # Unmatched routes fall through to their 404/405; preflights carry no token.
        if request.url_rule is None or request.method == "OPTIONS":
            return None
        if request.method in WRITE_METHODS:
            if not settings.api_token:
                return _unauthorized("Writes are disabled: the server has no TIMELINE_API_TOKEN.")
            if not token_ok(settings):
                return _unauthorized("Writes need `Authorization: Bearer <token>` with the server's API token.")
        elif settings.read_token_required and request.endpoint not in PUBLIC_ENDPOINTS:
            if not token_ok(settings):
                return _unauthorized("Reads need `Authorization: Bearer <token>` on this server.")
        return None

    @app.after_request
    def _finish(response: Response) -> Response:
        link = request.environ.get("timeline.next_link")
        if link:
            response.headers["Link"] = f'<{link}>; rel="next"'
        origin = request.headers.get("Origin")
        if origin and ("*" in origins or origin in origins):
            response.headers["Access-Control-Allow-Origin"] = "*" if "*" in origins else origin
            response.vary.add("Origin")
            response.headers["Access-Control-Expose-Headers"] = "ETag, Link, Content-Disposition"
            if request.method == "OPTIONS":
                response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, POST, PATCH, DELETE, OPTIONS"
                response.headers["Access-Control-Allow-Headers"] = "Authorization, Content-Type, If-None-Match"
                response.headers["Access-Control-Max-Age"] = "600"
        # Strong ETag from the body for finished GET responses (streams have no
        # body yet); werkzeug turns a matching If-None-Match into a 304.
        if (request.method in ("GET", "HEAD") and response.status_code == 200
                and not response.is_streamed and "ETag" not in response.headers):
            response.add_etag()
            response.make_conditional(request)
        return response
