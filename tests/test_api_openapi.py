"""The OpenAPI document: valid, complete, and true of the app (schemathesis, bounded)."""
from __future__ import annotations

from datetime import date

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api import create_app
from tests.api_fixtures import TOKEN, add_document, add_entity, add_event, new_sqlite
from tests.test_api import make_client

ENDPOINTS = {
    "/api/v1/events", "/api/v1/events/{event_id}", "/api/v1/documents", "/api/v1/documents/{document_id}",
    "/api/v1/documents/{document_id}/events", "/api/v1/ingest-runs", "/api/v1/timeline/histogram",
    "/api/v1/exports/timelinejs", "/api/v1/exports/csv", "/api/v1/exports/ndjson", "/api/v1/exports/ics",
    "/api/v1/health",
}


def test_openapi_document_is_valid_and_lists_every_endpoint(db_url):
    spec = make_client(db_url).get("/api/v1/openapi.json").get_json()
    validate(spec)
    assert ENDPOINTS <= set(spec["paths"])
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            if method in ("get", "post", "patch", "delete"):
                assert op.get("summary") or op.get("description"), f"{method} {path} undocumented"
    params = {p["name"] for p in spec["paths"]["/api/v1/events"]["get"]["parameters"]}
    assert {"from", "to", "within", "granularity", "min_precision", "q", "document", "source", "place",
            "entity", "hijri_year", "hijri_month", "order", "limit", "cursor"} <= params
    post = spec["paths"]["/api/v1/documents"]["post"]
    assert post["security"] == [{"bearerAuth": []}]
    assert "application/problem+json" in spec["components"]["responses"]["DEFAULT_ERROR"]["content"]
    assert "text/csv" in spec["paths"]["/api/v1/exports/csv"]["get"]["responses"]["200"]["content"]


# --- schemathesis: SQLite is enough here; the behaviour tests run on both ------

@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory):
    with new_sqlite(tmp_path_factory.mktemp("fuzz")) as (url, s):
        doc = add_document(s, "doc:fuzz", text="قال لافروف اليوم في موسكو", source="سانا")
        for i in range(30):
            ev = add_event(s, doc, date(2016, 1, 1 + i % 28), text=f"حدث في موسكو رقم {i}", place="موسكو",
                           hijri=(1437, 4))
        add_entity(s, ev, "لافروف")
        s.commit()
    app = create_app({"database_url": url, "api_token": TOKEN})
    app.testing = True
    return app


@pytest.fixture(scope="module")
def api_schema(fuzz_app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", fuzz_app)


OPERATIONS = sorted([("GET", p) for p in ENDPOINTS] + [
    ("POST", "/api/v1/documents"), ("PATCH", "/api/v1/documents/{document_id}"),
    ("DELETE", "/api/v1/documents/{document_id}")])


WRITES = [("POST", "/api/v1/documents"), ("PATCH", "/api/v1/documents/{document_id}"),
          ("DELETE", "/api/v1/documents/{document_id}")]
CASES = [(m, p, False) for m, p in OPERATIONS] + [(m, p, True) for m, p in WRITES]


# schemathesis' own pytest plugin (schema.parametrize / from_fixture) does not run
# under pytest 9, so each operation's hypothesis strategy is driven by hand.
@pytest.mark.parametrize("method, path, with_token", CASES,
                         ids=[f"{m} {p}{' (token)' if t else ''}" for m, p, t in CASES])
def test_api_conforms_to_its_openapi_document(api_schema, method, path, with_token):
    """No 5xx, and every response matches its documented status, content type and schema.

    Writes are fuzzed without the token (they must answer 401) and with it
    (random texts go through the real ingest pipeline).
    """
    headers = {"Authorization": f"Bearer {TOKEN}"} if with_token else None
    operation = api_schema[path][method]

    @given(case=operation.as_strategy())
    @settings(max_examples=20, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case):
        case.call_and_validate(headers=headers, checks=[not_a_server_error, status_code_conformance,
                                       content_type_conformance, response_schema_conformance])

    check()
