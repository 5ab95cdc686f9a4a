"""Helpers the resource modules share: argument parsing with 400s, filters from arguments."""
from __future__ import annotations

import json
from datetime import date, datetime, timezone
from typing import Any

import flask_smorest
from flask import Response
from flask_smorest import Blueprint, abort
from webargs.flaskparser import FlaskParser

from api.paging import decode_event_key
from store import queries

WRITE_SECURITY = [{"bearerAuth": []}]


class BodyParser(FlaskParser):
    """webargs' parser, with every way a JSON body can fail to load a 400: nesting deep
    enough to exhaust Python's recursion limit, or a number of more digits than int()
    converts, raise errors other than JSONDecodeError."""

    def _raw_load_json(self, req):
        try:
            return super()._raw_load_json(req)
        except RecursionError:
            abort(400, message="body: the JSON is nested too deeply (arrays or objects more than about "
                               "a thousand levels deep).")
        except ValueError as exc:
            if isinstance(exc, json.JSONDecodeError):
                raise  # webargs' own "Invalid JSON body"
            abort(400, message=f"body: the JSON cannot be read ({exc}).")


class BodyBlueprint(flask_smorest.Blueprint):
    """A blueprint whose JSON bodies go through BodyParser (query strings parse as usual)."""

    ARGUMENTS_PARSER = BodyParser()


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
