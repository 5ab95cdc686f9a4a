"""Writes through the API: token required, nothing changes without it, bad bodies are 400/413."""
from __future__ import annotations

import pytest

from tests.api_fixtures import TOKEN
from tests.helpers import ARTICLE
from tests.test_api import make_client

AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def client(db_url):
    return make_client(db_url, max_content_length=64 * 1024)


def _state(client):
    health = client.get("/api/v1/health").get_json()
    return health["documents"], health["mentions"], health["events"]


def _post(client, body, headers=AUTH, **kw):
    return client.post("/api/v1/documents", json=body, headers=headers, **kw)


def test_post_ingests_a_text_and_returns_its_events(client):
    response = _post(client, {"text": ARTICLE, "published": "2016-10-03", "title": "لافروف", "source": "سانا",
                              "url": "https://example.org/a"})
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert body["status"] == "new" and body["run_id"]
    doc = body["documents"][0]
    assert doc["key"] == "https://example.org/a" and doc["published_basis"] == "metadata"
    assert doc["anchor_date"] == "2016-10-03"
    starts = {e["date_start"] for e in body["events"]}
    assert {"2016-10-03", "2016-10-04"} <= starts  # اليوم، غدا
    assert all(e["provenance"]["source"] == "سانا" for e in body["events"])
    # the same again changes nothing
    again = _post(client, {"text": ARTICLE, "published": "2016-10-03", "title": "لافروف", "source": "سانا",
                           "url": "https://example.org/a"})
    assert again.status_code == 200 and again.get_json()["status"] == "unchanged"
    runs = client.get("/api/v1/ingest-runs").get_json()["items"]
    assert runs[0]["source"].startswith("api") and runs[0]["unchanged"] == 1


def test_patch_published_reanchors(client):
    body = _post(client, {"text": ARTICLE}).get_json()
    doc_id = body["documents"][0]["id"]
    assert body["documents"][0]["published_basis"] == "unknown"
    response = client.patch(f"/api/v1/documents/{doc_id}", json={"published": "2015-02-25"}, headers=AUTH)
    assert response.status_code == 200, response.get_data(as_text=True)
    patched = response.get_json()
    assert patched["document"]["anchor_date"] == "2015-02-25"
    assert patched["document"]["published_basis"] == "metadata"
    assert "2015-02-25" in {e["date_start"] for e in patched["events"]}
    events = client.get(f"/api/v1/documents/{doc_id}/events").get_json()["items"]
    assert "2015-02-25" in {e["date_start"] for e in events}
    cleared = client.patch(f"/api/v1/documents/{doc_id}", json={"published": None}, headers=AUTH).get_json()
    assert cleared["document"]["anchor_date"] is None


def test_delete_removes_the_document_and_its_events(client):
    doc_id = _post(client, {"text": ARTICLE, "published": "2016-10-03"}).get_json()["documents"][0]["id"]
    assert _state(client)[2] > 0
    assert client.delete(f"/api/v1/documents/{doc_id}", headers=AUTH).status_code == 204
    assert _state(client) == (0, 0, 0)
    assert client.get(f"/api/v1/documents/{doc_id}").status_code == 404
    assert client.delete(f"/api/v1/documents/{doc_id}", headers=AUTH).status_code == 404
    assert client.patch(f"/api/v1/documents/{doc_id}", json={"published": None}, headers=AUTH).status_code == 404


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN},
                                     {"Authorization": f"Basic {TOKEN}"}, {"Authorization": "Bearer "}])
def test_writes_without_a_valid_token_are_401_and_change_nothing(client, headers):
    doc_id = _post(client, {"text": ARTICLE, "published": "2016-10-03"}).get_json()["documents"][0]["id"]
    before = _state(client)
    responses = [
        _post(client, {"text": "نص آخر اليوم", "published": "2016-01-01"}, headers=headers),
        client.patch(f"/api/v1/documents/{doc_id}", json={"published": "2015-01-01"}, headers=headers),
        client.delete(f"/api/v1/documents/{doc_id}", headers=headers),
    ]
    for r in responses:
        assert r.status_code == 401 and r.mimetype == "application/problem+json"
        assert r.headers["WWW-Authenticate"].startswith("Bearer")
    assert _state(client) == before
    assert client.get(f"/api/v1/documents/{doc_id}").get_json()["anchor_date"] == "2016-10-03"


def test_writes_are_disabled_without_a_configured_token(db_url):
    client = make_client(db_url, api_token=None)
    response = client.post("/api/v1/documents", json={"text": ARTICLE}, headers=AUTH)
    assert response.status_code == 401 and "TIMELINE_API_TOKEN" in response.get_json()["detail"]


@pytest.mark.parametrize("data, content_type, parameter", [
    ("{not json", "application/json", "json"),
    ('{"text": "x",}', "application/json", "json"),
    ("[1, 2]", "application/json", "_schema"),
    ('{"title": "no text"}', "application/json", "text"),
    ('{"text": ""}', "application/json", "text"),
    ('{"text": 12}', "application/json", "text"),
    ('{"text": "x", "published": "tomorrow"}', "application/json", "published"),
    ('{"text": "x", "colour": "red"}', "application/json", "colour"),
    ('{"text": "a\\u0000b"}', "application/json", "text"),
    ("text=hello", "application/x-www-form-urlencoded", "text"),
])
def test_bad_bodies_are_400_naming_the_problem(client, data, content_type, parameter):
    response = client.post("/api/v1/documents", data=data, content_type=content_type, headers=AUTH)
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    assert parameter in response.get_data(as_text=True)
    assert _state(client) == (0, 0, 0)


def test_bad_patch_bodies_are_400(client):
    doc_id = _post(client, {"text": ARTICLE}).get_json()["documents"][0]["id"]
    for data in ("{", "{}", '{"published": "2016-02-30"}', '{"published": 2016}'):
        response = client.patch(f"/api/v1/documents/{doc_id}", data=data, content_type="application/json", headers=AUTH)
        assert response.status_code == 400, data


def test_oversized_body_is_413(client):
    response = _post(client, {"text": "ا" * 100_000})
    assert response.status_code == 413 and response.mimetype == "application/problem+json"
    assert _state(client) == (0, 0, 0)
