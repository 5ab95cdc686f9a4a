"""The API under hostile or odd requests, on SQLite and PostgreSQL: links never built from the
Host header, health counts behind the read token, odd filter values and hostile bodies as 400
problem+json (with no ingest run left behind), a busy SQLite as 503, raw UTF-8 query strings on
real servers (Werkzeug's and gunicorn with the shipped configuration)."""
from __future__ import annotations

import http.client
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

import store.db
from api import create_app
from ingest.document import SourceDocument
from ingest.pipeline import IngestOptions, ingest
from store import writes
from store.db import transaction
from store.models import IngestRun
from tests.api_fixtures import TOKEN, add_document, add_event, many_days
from tests.helpers import ARTICLE
from tests.test_api import make_client

ROOT = Path(__file__).resolve().parent.parent
AUTH = {"Authorization": f"Bearer {TOKEN}"}
FILTERED = ["/api/v1/events", "/api/v1/timeline/histogram", "/api/v1/exports/csv", "/api/v1/exports/ndjson",
            "/api/v1/exports/timelinejs", "/api/v1/exports/ics"]


@pytest.fixture
def days(db_url, factory):
    with factory() as s:
        doc = add_document(s, "doc:a", source="سانا")
        for d in many_days(date(2016, 1, 1), 12):
            add_event(s, doc, d, text=f"حدث في {d}")
        s.commit()
        return doc.id


def run_count(factory) -> int:
    with factory() as s:
        return s.scalar(select(func.count()).select_from(IngestRun))


# --- links are not built from the Host header ---------------------------------------------

def test_next_links_ignore_the_host_header(db_url, days):
    client = make_client(db_url)
    response = client.get("/api/v1/events?limit=5", headers={"Host": "evil.example"})
    body = response.get_json()
    assert body["next"].startswith("/api/v1/events?") and "evil" not in body["next"]
    assert "evil" not in response.headers["Link"]
    assert client.get(body["next"]).status_code == 200


def test_next_links_use_the_configured_public_url(db_url, days):
    client = make_client(db_url, public_url="https://timeline.example.org")
    for path in ("/api/v1/events?limit=5", f"/api/v1/documents/{days}/events?limit=5"):
        response = client.get(path, headers={"Host": "evil.example", "X-Forwarded-Host": "evil.example"})
        link = response.get_json()["next"]
        assert link.startswith("https://timeline.example.org/api/v1/"), link
        assert response.headers["Link"] == f'<{link}>; rel="next"'


def test_a_bad_public_url_setting_is_a_clear_error():
    from config import SettingsError, load_settings

    with pytest.raises(SettingsError, match="TIMELINE_PUBLIC_URL"):
        load_settings({"TIMELINE_PUBLIC_URL": "timeline.example.org"})


# --- /health -------------------------------------------------------------------------------

def test_health_is_public_but_its_counts_follow_the_read_token(db_url, days):
    private = make_client(db_url, read_token_required=True)
    anonymous = private.get("/api/v1/health")
    assert anonymous.status_code == 200 and anonymous.get_json() == {"status": "ok"}
    assert private.get("/api/v1/events").status_code == 401
    with_token = private.get("/api/v1/health", headers=AUTH).get_json()
    assert with_token["status"] == "ok" and with_token["events"] == 12 and with_token["schema_revision"]
    public = make_client(db_url).get("/api/v1/health").get_json()
    assert public["documents"] == 1  # reads are public: so are the counts


# --- odd filter values ------------------------------------------------------------------------

@pytest.mark.parametrize("query, parameter", [
    ("entity=²", "entity"), ("entity=1²", "entity"), ("entity=١٢", "entity"), ("entity=٣", "entity"),
    ("entity=99999999999", "entity"), ("document=٣", "document"), ("document=²", "document"),
    ("hijri_year=١٤٣٧", "hijri_year"), ("hijri_month=²", "hijri_month"),
])
def test_non_ascii_digits_are_a_400_on_every_endpoint_taking_event_filters(db_url, days, query, parameter):
    client = make_client(db_url)
    for path in FILTERED + [f"/api/v1/documents/{days}/events"]:
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400, (path, query, response.get_data(as_text=True)[:200])
        assert response.mimetype == "application/problem+json"
        assert f"`{parameter}`" in response.get_json()["detail"]


@pytest.mark.parametrize("path", ["/api/v1/events?limit=٥", "/api/v1/documents?limit=²", "/api/v1/ingest-runs?limit=١"])
def test_paging_limits_with_other_digits_are_a_400(db_url, days, path):
    response = make_client(db_url).get(path)
    assert response.status_code == 400 and "`limit`" in response.get_json()["detail"]


def test_entity_names_with_digits_still_filter(db_url, days):
    client = make_client(db_url)
    for name in ("مجموعة ٥+١", "G20", "لافروف"):
        assert client.get("/api/v1/events", query_string={"entity": name}).status_code == 200


def test_interrupted_runs_can_be_listed(db_url, factory):
    with transaction(factory) as s:
        run = writes.start_run(s, "killed", {})
        run.status = "interrupted"
    body = make_client(db_url).get("/api/v1/ingest-runs?status=interrupted").get_json()
    assert [r["status"] for r in body["items"]] == ["interrupted"]


# --- hostile bodies -------------------------------------------------------------------------

HOSTILE_BODIES = {
    "nested 100,000 deep": '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}",
    "nested object": '{"text": "x", "m": ' + '{"a":' * 100_000 + "1" + "}" * 100_000 + "}",
    "lone surrogate in the text": '{"text": "قال \\ud800 اليوم"}',
    "lone surrogate in the title": '{"text": "قال اليوم", "title": "\\udfff"}',
    "lone surrogate in the key": '{"text": "قال اليوم", "key": "k\\ud83d"}',
    "NUL in the text": '{"text": "قال\\u0000 اليوم"}',
    "whitespace only": '{"text": " \\n\\t\\u00a0 "}',
    "empty text": '{"text": ""}',
    "a 5000-digit number": '{"text": "قال اليوم", "n": ' + "9" * 5000 + "}",
    "not JSON": "{text: 1",
    "not UTF-8": b'{"text": "\xff\xfe"}',
}


@pytest.mark.parametrize("name", list(HOSTILE_BODIES))
def test_hostile_bodies_are_400_problems_and_leave_no_run(db_url, factory, name):
    client = make_client(db_url)
    response = client.post("/api/v1/documents", data=HOSTILE_BODIES[name],
                           headers={**AUTH, "Content-Type": "application/json"})
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/problem+json" and response.get_json()["detail"]
    assert run_count(factory) == 0


def test_a_surrogate_pair_written_as_two_escapes_is_one_character(db_url):
    client = make_client(db_url)
    response = client.post("/api/v1/documents", headers=AUTH, data='{"text": "قال اليوم \\ud83d\\ude00 في موسكو"}',
                           content_type="application/json")
    assert response.status_code == 201
    doc_id = response.get_json()["documents"][0]["id"]
    assert "😀" in client.get(f"/api/v1/documents/{doc_id}").get_json()["text"]


# --- a busy SQLite database ---------------------------------------------------------------------

def test_a_write_while_sqlite_is_locked_is_a_503_with_retry_after(sqlite_url, monkeypatch):
    store.db.upgrade(sqlite_url)
    monkeypatch.setattr(store.db, "SQLITE_BUSY_TIMEOUT_MS", 300)
    client = make_client(sqlite_url)
    path = make_url(sqlite_url).database
    holder = sqlite3.connect(path, timeout=0)
    holder.execute("BEGIN IMMEDIATE")  # what a long `timeline events regroup` holds
    try:
        response = client.post("/api/v1/documents", json={"text": ARTICLE}, headers=AUTH)
        assert response.status_code == 503, response.get_data(as_text=True)
        assert response.mimetype == "application/problem+json" and response.headers["Retry-After"].isdigit()
        assert client.get("/api/v1/events").status_code == 200  # reads go on (WAL)
    finally:
        holder.rollback()
        holder.close()
    assert client.post("/api/v1/documents", json={"text": ARTICLE}, headers=AUTH).status_code == 201


def test_an_ingest_that_meets_a_locked_sqlite_fails_as_a_run_not_input_by_input(sqlite_url, monkeypatch):
    from store.db import DatabaseBusy, make_engine, session_factory

    store.db.upgrade(sqlite_url)
    monkeypatch.setattr(store.db, "SQLITE_BUSY_TIMEOUT_MS", 300)
    factory = session_factory(make_engine(sqlite_url))
    docs = [SourceDocument(key=f"busy:{i}", text=f"{i} " + ARTICLE, published=date(2016, 10, 3)) for i in range(3)]

    def locked_docs():
        yield docs[0]
        holder.execute("BEGIN IMMEDIATE")
        yield from docs[1:]

    holder = sqlite3.connect(make_url(sqlite_url).database, timeout=0, isolation_level=None)
    try:
        with pytest.raises(DatabaseBusy, match="locked"):
            ingest(factory, locked_docs(), label="t", batch_size=1)
    finally:
        holder.close()


# --- raw UTF-8 in query strings, on real servers ---------------------------------------------------

def _raw_get(port: int, target: bytes) -> tuple[int, bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    if b"chunked" in head.lower():
        out, rest = b"", body
        while rest:
            size_line, _, rest = rest.partition(b"\r\n")
            size = int(size_line, 16)
            if not size:
                break
            out, rest = out + rest[:size], rest[size + 2:]
        body = out
    return status, body


@pytest.fixture
def geneva(db_url, factory):
    ingest(factory, [SourceDocument(key="geneva", text=ARTICLE, published=date(2016, 10, 3))], label="t",
           options=IngestOptions())
    return db_url


def _ids(body: bytes) -> list[int]:
    import json

    return [e["id"] for e in json.loads(body)["items"]]


def test_raw_utf8_query_bytes_are_decoded_on_the_development_server(geneva):
    from werkzeug.serving import make_server

    app = create_app({"database_url": geneva})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_port
        word = "جنيف".encode()
        status, encoded = _raw_get(port, b"/api/v1/events?q=" + urllib.parse.quote(word).encode())
        assert status == 200 and _ids(encoded)
        status, raw = _raw_get(port, b"/api/v1/events?q=" + word)
        assert status == 200 and _ids(raw) == _ids(encoded)
    finally:
        server.shutdown()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_gunicorn_with_the_shipped_configuration(geneva):
    port = _free_port()
    env = {**os.environ, "TIMELINE_DATABASE_URL": geneva, "TIMELINE_BIND": f"127.0.0.1:{port}",
           "TIMELINE_WEB_WORKERS": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "wsgi:app"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.stderr.read().decode()
            try:
                con = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                con.request("GET", "/api/v1/health")
                if con.getresponse().status == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline
            time.sleep(0.2)
        word = "جنيف".encode()
        status, encoded = _raw_get(port, b"/api/v1/events?q=" + urllib.parse.quote(word).encode())
        assert status == 200 and _ids(encoded)
        status, raw = _raw_get(port, b"/api/v1/events?q=" + word)
        if status == 200:  # gunicorn lets raw bytes through: the app reads them as UTF-8
            assert _ids(raw) == _ids(encoded)
        # every filter at its longest, percent-encoded, fits the request line
        longest = urllib.parse.urlencode({"q": "ج" * 200, "source": "س" * 200, "place": "م" * 200,
                                          "entity": "ل" * 200, "cursor": "A" * 500})
        assert len(longest) > 4094  # gunicorn's default limit
        status, body = _raw_get(port, b"/api/v1/events?" + longest.encode())
        assert status == 400 and b"`cursor`" in body  # the app's answer (that cursor is not ours)
        status, body = _raw_get(port, b"/api/v1/events?q=" + b"a" * 9000)
        assert status == 400 and b"Request Line is too large" in body  # gunicorn's, past 8190 bytes
    finally:
        proc.terminate()
        proc.wait(timeout=30)
