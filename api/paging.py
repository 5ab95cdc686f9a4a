"""Opaque keyset cursors and ``next`` links.

A cursor is the last key of the previous page, base64url-encoded JSON tagged
with what it pages over, so a cursor for /documents is refused by /events.
Clients must treat it as opaque; the server never trusts it: a forged or
truncated cursor is a 400 naming `cursor`, never a 500.
"""
from __future__ import annotations

import base64
import binascii
import json
from datetime import date
from typing import Any, NoReturn

from flask import current_app, request, url_for
from flask_smorest import abort

from store.queries import MAX_ID, EventKey


def encode(kind: str, key: list[Any]) -> str:
    raw = json.dumps([kind, *key], separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(kind: str, cursor: str) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        data = None
    if not isinstance(data, list) or not data or data[0] != kind:
        abort(400, message="parameter `cursor`: not a cursor this endpoint issued; "
                           "pass the `next_cursor` of the previous page unchanged.")
    return data[1:]


def _bad_cursor() -> NoReturn:
    abort(400, message="parameter `cursor`: malformed cursor; pass the `next_cursor` of the previous page unchanged.")
    raise AssertionError("abort raises")


def decode_event_key(cursor: str | None) -> EventKey | None:
    if cursor is None:
        return None
    key = _decode("events", cursor)
    try:
        start, end, ident = key
        if isinstance(ident, int) and not isinstance(ident, bool) and 0 < ident <= MAX_ID:
            return date.fromisoformat(start), date.fromisoformat(end), ident
    except (TypeError, ValueError):
        pass
    _bad_cursor()


def decode_id(kind: str, cursor: str | None) -> int | None:
    if cursor is None:
        return None
    key = _decode(kind, cursor)
    if len(key) != 1 or not isinstance(key[0], int) or isinstance(key[0], bool) or not 0 < key[0] <= MAX_ID:
        _bad_cursor()
    return key[0]


def next_link(cursor: str | None) -> str | None:
    """This request's URL with ``cursor`` replaced: the next page.

    Relative (``/api/v1/events?...``), or absolute under the configured
    TIMELINE_PUBLIC_URL; never built from the request's Host header, which a
    client (or anyone in front of a cache) chooses.
    """
    if cursor is None:
        return None
    args = request.args.to_dict(flat=False)
    args["cursor"] = [cursor]
    path = url_for(request.endpoint, _external=False, **(request.view_args or {}), **args)
    base = current_app.config["TIMELINE_SETTINGS"].public_url
    return f"{base}{path}" if base else path


def page(items: list, cursor: str | None, limit: int) -> dict[str, Any]:
    """A page envelope; the ``next`` link also goes out as a Link header (see api.hooks)."""
    link = next_link(cursor)
    if link:
        request.environ["timeline.next_link"] = link
    return {"items": items, "limit": limit, "next_cursor": cursor, "next": link}
