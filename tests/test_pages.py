"""The timeline page as HTTP: served at / and /timeline, public, Arabic first, its own script and stylesheet only.

What it shows is tested in a browser (tests/test_browser.py).
"""
from __future__ import annotations

import json
import re

import pytest

from api import display
from tests.api_fixtures import TOKEN
from tests.test_api import make_client


@pytest.fixture
def client(db_url):
    return make_client(db_url)


@pytest.mark.parametrize("path", ["/", "/timeline"])
def test_page_is_served_arabic_first(client, path):
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    assert 'name="viewport"' in html
    # no CDN, no framework: every script and stylesheet is the app's own
    sources = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html)
    assert sources == ["/static/timeline.css", "/static/timeline.js"]
    for source in sources:
        assert client.get(source).status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_page_carries_the_display_names_as_data(client):
    html = client.get("/").get_data(as_text=True)
    config = json.loads(re.search(r'<script type="application/json" id="timeline-config">(.*?)</script>', html, re.S)[1])
    assert config["api"] == "/api/v1" and config["page_size"] > 0
    assert config["display"] == json.loads(json.dumps(display.page_data()))
    # the month-name switch offers the three styles
    assert re.findall(r'<option value="(\w+)">', html) == ["levant", "egypt", "maghreb"]


def test_page_is_public_when_reads_need_a_token(db_url):
    client = make_client(db_url, read_token_required=True)
    assert client.get("/").status_code == 200
    assert client.get("/static/timeline.js").status_code == 200
    assert client.get("/api/v1/events").status_code == 401
    assert client.get("/api/v1/events", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_page_follows_the_script_root(client):
    """Mounted under a prefix (SCRIPT_NAME), the page asks the API under it too."""
    html = client.get("/", environ_overrides={"SCRIPT_NAME": "/news"}).get_data(as_text=True)
    assert '"api": "/news/api/v1"' in html and 'src="/news/static/timeline.js"' in html
