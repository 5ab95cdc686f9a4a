"""The REST API on a real database (SQLite and PostgreSQL): chronology, filters, paging, errors."""
from __future__ import annotations

from datetime import date

import pytest

from api import create_app
from ingest.pipeline import IngestOptions, ingest
from ingest.sources import read_paths
from store.db import SchemaNotReady
from tests.api_fixtures import ORIGIN, TOKEN, add_document, add_entity, add_event, many_days
from tests.helpers import write_article


def make_client(db_url, **settings):
    app = create_app({"database_url": db_url, "api_token": TOKEN, "cors_origins": (ORIGIN,), **settings})
    app.testing = True
    return app.test_client()


@pytest.fixture
def client(db_url, factory, tmp_path):
    write_article(tmp_path, "a", published=date(2016, 10, 3))
    write_article(tmp_path, "b", published=date(2015, 2, 25))
    write_article(tmp_path, "c")
    ingest(factory, read_paths([tmp_path]), label="test", options=IngestOptions())
    return make_client(db_url)


@pytest.fixture
def synthetic(db_url, factory):
    """Known events: 60 consecutive days, a month, a year, a decade, entities, hijri months."""
    with factory() as s:
        doc = add_document(s, "doc:a", source="سانا")
        other = add_document(s, "doc:b", source="روسيا اليوم")
        ids = {}
        for i, d in enumerate(many_days(date(2016, 1, 1), 60)):
            ev = add_event(s, doc if i % 2 else other, d, text=f"حدث رقم {i}", place="موسكو" if i % 3 == 0 else None)
            ids[d] = ev.id
        month = add_event(s, doc, date(2016, 2, 1), date(2016, 2, 29), granularity="month", value="2016-02",
                          text="شهر شباط", hijri=(1437, 4))
        year = add_event(s, doc, date(2015, 1, 1), date(2015, 12, 31), granularity="year", value="2015", text="عام 2015")
        decade = add_event(s, doc, date(2010, 1, 1), date(2019, 12, 31), granularity="decade", value="201", text="العقد")
        ramadan = add_event(s, doc, date(2016, 6, 10), text="في رمضان", hijri=(1437, 9))
        add_entity(s, month, "لافروف", name_en="Lavrov")
        lavrov = add_entity(s, ramadan, "لافروف")
        s.commit()
        info = {"doc": doc.id, "other": other.id, "month": month.id, "year": year.id, "decade": decade.id,
                "ramadan": ramadan.id, "lavrov": lavrov.id, "days": ids}
    return make_client(db_url), info


def _key(e):
    return (e["date_start"], e["date_end"], e["id"])


def items(response):
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["items"]


# --- chronology and filters -------------------------------------------------

def test_events_are_chronological_with_both_calendars_and_provenance(client):
    events = items(client.get("/api/v1/events"))
    assert len(events) >= 4
    assert [_key(e) for e in events] == sorted(_key(e) for e in events)
    e = events[0]
    for name in ("date_start", "date_end", "granularity", "value", "hijri_start", "title", "text", "place"):
        assert name in e
    assert e["hijri_start"] and len(e["hijri_start"]) == 10
    prov = e["provenance"]
    assert prov["document_id"] == e["document_id"] and prov["rule"]
    assert prov["start"] is not None and prov["end"] > prov["start"] and prov["mention_text"]


def test_order_desc_reverses(synthetic):
    client, _ = synthetic
    asc = items(client.get("/api/v1/events?limit=500"))
    desc = items(client.get("/api/v1/events?limit=500&order=desc"))
    assert [e["id"] for e in desc] == [e["id"] for e in reversed(asc)]


def test_from_to_overlap_and_within(synthetic):
    client, info = synthetic
    got = {e["id"] for e in items(client.get("/api/v1/events?from=2016-02-10&to=2016-02-12&limit=500"))}
    days = {info["days"][date(2016, 2, d)] for d in (10, 11, 12)}
    # overlapping: the three days, the month and the decade that contain them
    assert got == days | {info["month"], info["decade"]}
    within = {e["id"] for e in items(client.get("/api/v1/events?from=2016-02-01&to=2016-02-29&within=true&limit=500"))}
    assert info["month"] in within and info["decade"] not in within
    assert within == {info["days"][d] for d in info["days"] if d.month == 2} | {info["month"]}


def test_overlap_finds_long_events_that_started_long_before(synthetic):
    client, info = synthetic
    got = [e["id"] for e in items(client.get("/api/v1/events?from=2018-05-01&to=2018-05-31"))]
    assert got == [info["decade"]]


def test_granularity_and_min_precision(synthetic):
    client, info = synthetic
    assert [e["id"] for e in items(client.get("/api/v1/events?granularity=month"))] == [info["month"]]
    coarse = items(client.get("/api/v1/events?min_precision=year&limit=500"))
    assert {e["granularity"] for e in coarse} == {"day", "month", "year"}
    fine = items(client.get("/api/v1/events?min_precision=day&limit=500"))
    assert {e["granularity"] for e in fine} == {"day"}


def test_document_source_place_entity_hijri_filters(synthetic):
    client, info = synthetic
    by_doc = items(client.get(f"/api/v1/events?document={info['other']}&limit=500"))
    assert by_doc and all(e["document_id"] == info["other"] for e in by_doc)
    by_source = items(client.get("/api/v1/events?source=روسيا اليوم&limit=500"))
    assert {e["id"] for e in by_source} == {e["id"] for e in by_doc}
    at = items(client.get("/api/v1/events?place=موسكو&limit=500"))
    assert len(at) == 20 and all(e["place"] == "موسكو" for e in at)
    for entity in ("لافروف", "Lavrov", str(info["lavrov"])):
        assert {e["id"] for e in items(client.get(f"/api/v1/events?entity={entity}"))} == {info["month"], info["ramadan"]}
    assert [e["id"] for e in items(client.get("/api/v1/events?hijri_year=1437&hijri_month=9"))] == [info["ramadan"]]
    assert items(client.get("/api/v1/events?entity=nobody")) == []


def test_event_detail_has_all_mentions_and_entities(synthetic):
    client, info = synthetic
    detail = client.get(f"/api/v1/events/{info['ramadan']}").get_json()
    assert detail["id"] == info["ramadan"]
    assert detail["mentions"] and detail["mentions"][0]["document_id"] == info["doc"]
    assert [e["name"] for e in detail["entities"]] == ["لافروف"]


# --- keyset pagination ------------------------------------------------------

@pytest.mark.parametrize("query", ["", "from=2016-01-20&to=2016-02-20", "order=desc", "from=2016-01-20&order=desc"])
def test_cursor_walk_returns_every_event_once_in_order(synthetic, query):
    client, _ = synthetic
    everything = items(client.get(f"/api/v1/events?limit=500&{query}"))
    seen, url, pages = [], f"/api/v1/events?limit=7&{query}", 0
    while url:
        body = client.get(url).get_json()
        seen += body["items"]
        url = body["next"]
        pages += 1
        assert pages < 100
        if url:
            assert body["next_cursor"] and body["next_cursor"] in url
    assert [e["id"] for e in seen] == [e["id"] for e in everything]
    assert pages == -(-len(everything) // 7) or (len(everything) % 7 == 0 and pages == len(everything) // 7)


def test_next_link_is_also_a_link_header(synthetic):
    client, _ = synthetic
    response = client.get("/api/v1/events?limit=5")
    # relative: never built from the Host header (see tests/test_api_hardening.py)
    assert response.headers["Link"].startswith("</api/v1/events?") and 'rel="next"' in response.headers["Link"]
    assert response.headers["Link"] == f'<{response.get_json()["next"]}>; rel="next"'
    last = client.get("/api/v1/events?limit=500")
    assert last.get_json()["next"] is None and "Link" not in last.headers


@pytest.mark.parametrize("cursor", ["abc", "!!!", "WyJkb2N1bWVudHMiLDFd", "WyJldmVudHMiLCJ4IiwieSIsMV0",
                                    "WyJldmVudHMiLCIyMDE2LTAxLTAxIiwiMjAxNi0wMS0wMSIsIjEiXQ", "e30"])
def test_bad_cursor_is_400_naming_it(client, cursor):
    response = client.get(f"/api/v1/events?cursor={cursor}")
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert "`cursor`" in response.get_json()["detail"]


def test_documents_and_runs_are_paged(client):
    first = client.get("/api/v1/documents?limit=2").get_json()
    assert len(first["items"]) == 2 and first["next"]
    second = client.get(first["next"]).get_json()
    assert len(second["items"]) == 1 and second["next"] is None
    assert client.get("/api/v1/events?cursor=" + first["next_cursor"]).status_code == 400
    runs = client.get("/api/v1/ingest-runs").get_json()["items"]
    assert runs[0]["status"] == "ok" and runs[0]["seen"] == 3 and runs[0]["new"] == 3


# --- histogram --------------------------------------------------------------

def test_histogram_counts_per_bucket(synthetic):
    client, _ = synthetic
    body = client.get("/api/v1/timeline/histogram?bucket=month&from=2016-01-01&to=2016-12-31").get_json()
    counts = {b["bucket"]: b["count"] for b in body["buckets"]}
    # the decade (2010) and year (2015) overlap 2016 too; they count where they start
    assert counts["2016-01"] == 31 and counts["2016-02"] == 30 and counts["2016-06"] == 1
    assert counts["2010-01"] == 1
    feb = next(b for b in body["buckets"] if b["bucket"] == "2016-02")
    assert feb["start"] == "2016-02-01" and feb["end"] == "2016-02-29"
    years = client.get("/api/v1/timeline/histogram?bucket=year").get_json()
    assert {b["bucket"]: b["count"] for b in years["buckets"]} == {"2010": 1, "2015": 1, "2016": 62}
    assert years["total"] == 64
    days = client.get("/api/v1/timeline/histogram?bucket=day&from=2016-01-01&to=2016-01-02&within=true").get_json()
    assert [b["bucket"] for b in days["buckets"]] == ["2016-01-01", "2016-01-02"]
    assert client.get("/api/v1/timeline/histogram?bucket=week").status_code == 400


# --- documents --------------------------------------------------------------

def test_documents_show_text_anchor_and_mentions(client):
    docs = client.get("/api/v1/documents").get_json()["items"]
    assert len(docs) == 3
    unknown = [d for d in docs if d["published_basis"] == "unknown"]
    assert len(unknown) == 1 and unknown[0]["anchor_date"] is None
    known = [d for d in docs if d["published_basis"] == "metadata"]
    assert {d["anchor_date"] for d in known} == {"2016-10-03", "2015-02-25"}
    detail = client.get(f"/api/v1/documents/{unknown[0]['id']}").get_json()
    assert "لافروف" in detail["text"]
    assert detail["mentions"] and all(m["resolved"] is False for m in detail["mentions"] if m["text"] == "اليوم")
    for m in detail["mentions"]:
        assert detail["text"][m["start"]:m["end"]] == m["text"]
    assert client.get("/api/v1/documents?published_basis=unknown").get_json()["items"][0]["id"] == unknown[0]["id"]


def test_document_events(client):
    docs = client.get("/api/v1/documents").get_json()["items"]
    doc = next(d for d in docs if d["anchor_date"] == "2016-10-03")
    events = items(client.get(f"/api/v1/documents/{doc['id']}/events"))
    assert events and all(e["document_id"] == doc["id"] for e in events)
    assert "2016-10-03" in [e["date_start"] for e in events]
    assert client.get("/api/v1/documents/999999/events").status_code == 404


# --- HTTP behaviour ---------------------------------------------------------

def test_arabic_is_utf8_not_escaped(client):
    body = client.get("/api/v1/events?limit=1").get_data()
    assert "لافروف".encode("utf-8") in body
    assert b"\\u06" not in body


def test_etag_and_if_none_match(client):
    first = client.get("/api/v1/events?limit=3")
    etag = first.headers["ETag"]
    assert etag
    again = client.get("/api/v1/events?limit=3", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    other = client.get("/api/v1/events?limit=2", headers={"If-None-Match": etag})
    assert other.status_code == 200


def test_cors_for_configured_origins_only(client):
    allowed = client.get("/api/v1/events?limit=1", headers={"Origin": ORIGIN})
    assert allowed.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "Origin" in allowed.headers["Vary"]
    other = client.get("/api/v1/events?limit=1", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
    preflight = client.options("/api/v1/documents", headers={
        "Origin": ORIGIN, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Authorization, Content-Type"})
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Authorization" in preflight.headers["Access-Control-Allow-Headers"]


def test_reads_can_require_the_token(db_url):
    client = make_client(db_url, read_token_required=True)
    assert client.get("/api/v1/events").status_code == 401
    assert client.get("/api/v1/events", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    assert client.get("/api/v1/openapi.json").status_code == 200


@pytest.mark.parametrize("query, parameter", [
    ("from=yesterday", "from"),
    ("to=2016-13-01", "to"),
    ("limit=-1", "limit"),
    ("limit=0", "limit"),
    ("limit=501", "limit"),
    ("limit=ten", "limit"),
    ("from=2017-01-01&to=2016-01-01", "from"),
    ("document=abc", "document"),
    ("document=99999999999", "document"),
    ("granularity=fortnight", "granularity"),
    ("min_precision=minute", "min_precision"),
    ("order=sideways", "order"),
    ("hijri_month=13", "hijri_month"),
    ("hijri_year=x", "hijri_year"),
    ("within=maybe", "within"),
    ("q=%00", "q"),
    ("q=!!!", "q"),
    ("place=" + "x" * 300, "place"),
])
def test_bad_parameters_are_400_naming_the_parameter(client, query, parameter):
    response = client.get(f"/api/v1/events?{query}")
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == 400 and body["title"] == "Bad Request" and body["type"]
    assert f"`{parameter}`" in body["detail"]


@pytest.mark.parametrize("path", ["/api/v1/events/999999", "/api/v1/events/99999999999", "/api/v1/documents/999999",
                                  "/api/v1/nothing-here", "/nope"])
def test_unknown_is_404_problem(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json" and "detail" in response.get_json()


def test_wrong_method_is_405_problem(client):
    response = client.delete("/api/v1/events")
    assert response.status_code == 405 and response.mimetype == "application/problem+json"
    assert "GET" in response.headers["Allow"]


def test_health(client):
    body = client.get("/api/v1/health").get_json()
    assert body["status"] == "ok" and body["documents"] == 3 and body["schema_revision"]


def test_app_refuses_a_database_without_migrations(tmp_path):
    with pytest.raises(SchemaNotReady, match="timeline db upgrade"):
        create_app({"database_url": f"sqlite:///{tmp_path / 'empty.sqlite3'}"})
