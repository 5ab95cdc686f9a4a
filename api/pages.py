"""The timeline page at / and /timeline: a template, a script and a stylesheet of our own.

The page holds no events: its script reads them from the public API like any
front-end (with a read token when the server asks for one), so the page shows
nothing the API would not. It is public for that reason (see api.hooks).
"""
from __future__ import annotations

from flask import Blueprint, Response, render_template, request

from api.display import page_data

blp = Blueprint("pages", __name__)

PAGE_SIZE = 50

# Everything the page loads is its own; the API may live elsewhere (connect-src).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src *; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
)


@blp.route("/")
@blp.route("/timeline")
def timeline() -> Response:
    from api import API_PREFIX

    config = {"api": request.script_root + API_PREFIX, "page_size": PAGE_SIZE, "display": page_data()}
    response = Response(render_template("timeline.html", config=config, display=config["display"]),
                        mimetype="text/html")
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
