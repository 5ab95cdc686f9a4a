"""The REST API on a real database: chronology, filters, errors as JSON."""
from __future__ import annotations

from datetime import date

import pytest

from api import create_app
from ingest.pipeline import IngestOptions, ingest
from ingest.sources import read_paths
from store.db import SchemaNotReady
from tests.helpers import write_article


@pytest.fixture
def client(db_url, factory, tmp_path):
    write_article(tmp_path, "a", published=date(2016, 10, 3))
    write_article(tmp_path, "b", published=date(2015, 2, 25))
    write_article(tmp_path, "c")
    ingest(factory, read_paths([tmp_path]), label="test", options=IngestOptions())
    app = create_app({"database_url": db_url})
    app.testing = True
    return app.test_client()


def _key(e):
    return (e["date_start"], e["date_end"], e["id"])


def test_events_are_chronological(client):
    events = client.get("/api/v1/events").get_json()
    assert len(events) >= 4
    assert [_key(e) for e in events] == sorted(_key(e) for e in events)


def test_from_to_returns_overlapping_events(client):
    events = client.get("/api/v1/events?from=2016-01-01&to=2016-12-31").get_json()
    assert events and all(e["date_start"] <= "2016-12-31" and e["date_end"] >= "2016-01-01" for e in events)
    assert "2016-10-03" in [e["date_start"] for e in events]


def test_q_limit_and_document_filters(client):
    assert len(client.get("/api/v1/events?limit=1").get_json()) == 1
    hits = client.get("/api/v1/events?q=مؤتمر صحفي").get_json()
    assert hits and all("مؤتمر صحفي" in e["text"] for e in hits)
    assert client.get("/api/v1/events?q=لا يوجد هذا النص").get_json() == []
    doc_id = hits[0]["document_id"]
    assert all(e["document_id"] == doc_id for e in client.get(f"/api/v1/events?document={doc_id}").get_json())


def test_arabic_is_utf8_not_escaped(client):
    body = client.get("/api/v1/events?limit=1").get_data()
    assert "لافروف".encode("utf-8") in body or "\\u" not in body.decode("utf-8")
    assert b"\\u06" not in body


@pytest.mark.parametrize("query, parameter", [
    ("from=yesterday", "from"),
    ("to=2016-13-01", "to"),
    ("limit=-1", "limit"),
    ("limit=0", "limit"),
    ("limit=100000", "limit"),
    ("limit=ten", "limit"),
    ("from=2017-01-01&to=2016-01-01", "from"),
    ("document=abc", "document"),
])
def test_bad_parameters_are_400_naming_the_parameter(client, query, parameter):
    response = client.get(f"/api/v1/events?{query}")
    assert response.status_code == 400
    assert response.is_json
    assert f"`{parameter}`" in response.get_json()["detail"]


def test_event_detail_with_evidence(client):
    first = client.get("/api/v1/events?limit=1").get_json()[0]
    detail = client.get(f"/api/v1/events/{first['id']}").get_json()
    assert detail["id"] == first["id"]
    assert detail["evidence"] and detail["evidence"][0]["document_id"] == first["document_id"]


@pytest.mark.parametrize("path", ["/api/v1/events/999999", "/api/v1/documents/999999", "/api/v1/nothing-here", "/nope"])
def test_unknown_is_404_json(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.is_json and "detail" in response.get_json()


def test_wrong_method_is_405_json(client):
    response = client.delete("/api/v1/events")
    assert response.status_code == 405 and response.is_json


def test_documents_show_text_anchor_and_mentions(client):
    docs = client.get("/api/v1/documents").get_json()
    assert len(docs) == 3
    unknown = [d for d in docs if d["published_basis"] == "unknown"]
    assert len(unknown) == 1
    detail = client.get(f"/api/v1/documents/{unknown[0]['id']}").get_json()
    assert "لافروف" in detail["text"]
    assert detail["mentions"] and all(m["resolved"] is False for m in detail["mentions"] if m["text"] == "اليوم")
    for m in detail["mentions"]:
        assert detail["text"][m["start"]:m["end"]] == m["text"]


def test_health(client):
    body = client.get("/api/v1/health").get_json()
    assert body["status"] == "ok" and body["documents"] == 3 and body["schema_revision"]


def test_openapi_document_lists_the_endpoints(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert {"/api/v1/events", "/api/v1/events/{event_id}", "/api/v1/documents",
            "/api/v1/documents/{document_id}", "/api/v1/health"} <= set(spec["paths"])


def test_app_refuses_a_database_without_migrations(tmp_path):
    with pytest.raises(SchemaNotReady, match="timeline db upgrade"):
        create_app({"database_url": f"sqlite:///{tmp_path / 'empty.sqlite3'}"})
