"""Helpers the resource modules share: argument parsing with 400s, filters from arguments."""
from __future__ import annotations

import json
from datetime import date, datetime, timezone
from typing import Any

from flask import Response
from flask_smorest import Blueprint, abort

from api.paging import decode_event_key
from store import queries

WRITE_SECURITY = [{"bearerAuth": []}]


def query_args(blp: Blueprint, schema: Any):
    """Parse query-string arguments; bad input is a 400 (not webargs' 422)."""
    return blp.arguments(schema, location="query", error_status_code=400, as_kwargs=False)


def json_args(blp: Blueprint, schema: Any):
    return blp.arguments(schema, location="json", error_status_code=400, as_kwargs=False)


def event_filter(args: dict[str, Any], **overrides: Any) -> queries.EventFilter:
    """The store's filter from parsed /events-style arguments."""
    values = dict(
        date_from=args.get("date_from"), date_to=args.get("date_to"), within=args.get("within", False),
        granularity=args.get("granularity"), min_precision=args.get("min_precision"), q=args.get("q"),
        document_id=args.get("document"), source=args.get("source"), place=args.get("place"),
        entity=args.get("entity"), hijri_year=args.get("hijri_year"), hijri_month=args.get("hijri_month"),
        order=args.get("order", "asc"), limit=args.get("limit", 50),
        after=decode_event_key(args.get("cursor")),
    )
    values.update(overrides)
    return queries.EventFilter(**values)


def bad_search(exc: Exception) -> None:
    abort(400, message=f"parameter {exc}.")


def _json_default(value: Any) -> str:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def json_response(body: Any, status: int = 200) -> Response:
    """A JSON response written directly, for the hot paths (event pages).

    The body must already have the shape of the documented schema (the
    schemathesis test checks it does); marshmallow's dump of 100 events costs
    more than the query behind them.
    """
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"), default=_json_default)
    return Response(text, status=status, mimetype="application/json")
