"""The timeline page and the TimelineJS export in a real browser.

Headless Chromium (Debian's ``chromium`` and ``chromium-driver``) driven by
Selenium, against real werkzeug servers over real databases: the ingested
samples, 1,000 generated events, and a server that wants a read token. One
browser serves the whole file.

Without Chromium the tests skip, saying what to install; under ``CI=true``
they fail instead (as the PostgreSQL tests do). The TimelineJS test installs
``@knight-lab/timelinejs@3.9`` from the npm registry into a temporary folder
and skips when npm is missing.

Artifacts (screenshots of the page on a desktop and a phone, and of
TimelineJS) go to ``build/test-artifacts`` or ``$TIMELINE_TEST_ARTIFACTS``;
the README's screenshot (docs/timeline.png) is a copy of ``timeline.png``.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import threading
import time
import urllib.request
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Iterator

import pytest
from sqlalchemy import insert

from api import create_app, display
from ingest.pipeline import IngestOptions, ingest
from ingest.sources import read_paths
from store.db import make_engine, session_factory, upgrade
from store.models import Event
from tests.api_fixtures import add_document, new_sqlite
from tests.conftest import IN_CI, ROOT, SAMPLES

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
INSTALL_HINT = ("install Debian's chromium and chromium-driver (`apt-get install -y chromium chromium-driver`) "
                "and selenium (`pip install -e '.[test]'`)")
# Without the networking flags the browser phones home, and this closed machine refuses it.
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--window-size=1280,1000", "--lang=ar")
TOKEN = "read-token-456"
TIMELINEJS = "@knight-lab/timelinejs@3.9"
# A TIMEX code where a reader expects a date: 2016-FA, 2013-09, 2017-W07, 2016-10-03, FA-2016.
RAW_CODE = re.compile(r"\d{4}-(?:\d{2}(?!\d)|SP|SU|FA|WI|Q\d|W\d{2})|\b(?:SP|SU|FA|WI)-\d{4}")
ARABIC = re.compile(r"[\u0600-\u06FF]")
WAIT = 15


# --- the browser --------------------------------------------------------------------------

def _missing_browser() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed"
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.access(path, os.X_OK):
            return f"{path} is missing"
    return None


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    problem = _missing_browser()
    if problem:
        if IN_CI:
            pytest.fail(f"browser tests must run under CI, but {problem}: {INSTALL_HINT}")
        pytest.skip(f"{problem}: {INSTALL_HINT}")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture
def page(browser):
    """The browser, with its console read before and after: a test fails on any error the page logged."""
    browser.get_log("browser")
    yield browser
    errors = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors


@pytest.fixture(scope="session")
def artifacts() -> Path:
    folder = Path(os.environ.get("TIMELINE_TEST_ARTIFACTS") or ROOT / "build" / "test-artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def wait_for(driver, condition, timeout: float = WAIT, message: str = ""):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(lambda d: condition(d), message)


def cards(driver) -> list[dict]:
    """The event cards on the page, as the page shows them."""
    return driver.execute_script("""
        return [...document.querySelectorAll('article.event')].map(a => ({
            id: Number(a.dataset.eventId), start: a.dataset.dateStart, granularity: a.dataset.granularity,
            title: a.querySelector('.title').textContent, date: a.querySelector('.date-primary').textContent,
            other: (a.querySelector('.date-secondary') || {}).textContent || null,
            mark: [...a.querySelectorAll('mark.date-phrase')].map(m => m.textContent),
            text: a.textContent}));""")


def settled(driver) -> bool:
    """The page has shown what it asked for (no request in flight)."""
    return driver.execute_script("""return ['timeline', 'density'].every(
        id => document.getElementById(id).getAttribute('aria-busy') === 'false')""")


def open_page(driver, url: str) -> list[dict]:
    driver.get(url)
    wait_for(driver, settled, message="the page never finished loading")
    return cards(driver)


def set_filter(driver, name: str, value: str) -> None:
    """Set a filter field as a reader would and let the page reload its events."""
    driver.execute_script("""
        const field = document.getElementById('filters').elements[arguments[0]];
        field.value = arguments[1];
        field.dispatchEvent(new Event('change', {bubbles: true}));""", name, value)


def wait_reloaded(driver, check) -> list[dict]:
    wait_for(driver, lambda d: settled(d) and check(cards(d)), message="the filter did not change the cards")
    return cards(driver)


# --- servers ------------------------------------------------------------------------------

@dataclass
class Server:
    base: str
    url: str  # the database's

    def page(self, query: str = "") -> str:
        return f"{self.base}/{query}"


@contextlib.contextmanager
def serving(url: str, **settings) -> Iterator[Server]:
    """A werkzeug server in a thread (what `timeline serve` runs) over a migrated database."""
    from werkzeug.serving import make_server

    app = create_app({"database_url": url, **settings})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield Server(f"http://127.0.0.1:{server.server_port}", url)
    finally:
        server.shutdown()
        server.server_close()


def ingest_samples(url: str) -> None:
    """The README's first command: migrate, ingest samples/."""
    upgrade(url)
    engine = make_engine(url)
    summary = ingest(session_factory(engine), read_paths([SAMPLES]), label="samples", options=IngestOptions())
    engine.dispose()
    assert summary.failed == 0


@pytest.fixture(scope="session")
def sample_server(tmp_path_factory):
    """The samples, served (CORS open, for TimelineJS on another origin)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('samples-db') / 'timeline.sqlite3'}"
    ingest_samples(url)
    with serving(url, cors_origins=("*",)) as server:
        yield server


def _hijri(day: date) -> str:
    from hijridate import Gregorian

    return Gregorian(day.year, day.month, day.day).to_hijri().isoformat()


@pytest.fixture(scope="session")
def thousand_server(tmp_path_factory):
    """1,000 generated events, a day apart, some a whole month."""
    with new_sqlite(tmp_path_factory.mktemp("thousand-db")) as (url, s):
        doc = add_document(s, "doc:generated", source="وكالة الأنباء", title="مقال مولّد",
                           url="https://example.org/generated")
        rows = []
        for i in range(1000):
            start = date(2010, 1, 1) + timedelta(days=3 * i)
            end = start if i % 10 else start.replace(day=28)
            rows.append({
                "date_start": start, "date_end": end, "granularity": "day", "value": start.isoformat(),
                "hijri_start": _hijri(start), "hijri_end": _hijri(end), "title": f"حدث مولّد رقم {i + 1}",
                "text": f"جرى في هذا اليوم الحدث المولّد رقم {i + 1} في موسكو.", "place": "موسكو",
                "confidence": 0.95, "document_id": doc.id, "explanation": "تاريخ نشر المقال"})
        s.execute(insert(Event), rows)
        s.commit()
    with serving(url, cors_origins=("*",)) as server:
        yield server


@pytest.fixture(scope="session")
def token_server(tmp_path_factory):
    """Reads need a token; one event whose texts try to inject markup."""
    with new_sqlite(tmp_path_factory.mktemp("token-db")) as (url, s):
        doc = add_document(s, "doc:hostile", source='<b id="injected-source">وكالة</b>',
                           title="<script>window.__injected = 1</script>", url="javascript:window.__injected=2")
        s.add(Event(date_start=date(2016, 10, 3), date_end=date(2016, 10, 3), granularity="day", value="2016-10-03",
                    title='<img id="injected-title" src=x onerror="window.__injected=3">', place="<i>موسكو</i>",
                    text='قال <img id="injected-text" src=x onerror="window.__injected=4"> اليوم', confidence=0.9,
                    document_id=doc.id))
        s.commit()
    with serving(url, api_token=TOKEN, read_token_required=True) as server:
        yield server


# --- the page over the samples ------------------------------------------------------------

def test_page_shows_the_samples_right_to_left_in_chronological_order(page, sample_server):
    shown = open_page(page, sample_server.page())
    assert page.execute_script("return document.documentElement.dir") == "rtl"
    assert page.execute_script("return document.documentElement.lang") == "ar"
    assert page.title == "الخط الزمني"
    with urllib.request.urlopen(f"{sample_server.base}/api/v1/timeline/histogram", timeout=WAIT) as response:
        total = json.load(response)["total"]
    assert len(shown) == total >= 25
    starts = [c["start"] for c in shown]
    assert starts == sorted(starts)
    assert all(ARABIC.search(c["title"]) for c in shown)
    assert all(c["id"] > 0 and c["date"] for c in shown)
    # the Hijri equivalent beside the date, and years and months as headings
    assert all(c["other"] and c["other"].endswith("هـ") for c in shown)
    headings = page.execute_script("return [...document.querySelectorAll('.year-heading')].map(h => h.textContent)")
    assert headings == sorted(set(headings)) and "2016" in headings
    # the density strip: one bar a month from the first to the last
    bars = page.execute_script("return document.querySelectorAll('#density .bar').length")
    assert bars == (2017 - 2013) * 12 + (2 - 9) + 1
    assert not any(RAW_CODE.search(c["date"]) for c in shown)


def test_cards_say_the_date_as_a_reader_does(page, sample_server):
    shown = {(c["start"], c["granularity"], c["title"]): c for c in open_page(page, sample_server.page())}
    month = next(c for (start, gran, _), c in shown.items() if start == "2016-09-01" and gran == "month")
    assert month["date"] == "أيلول 2016"  # a month, not a day
    season = next(c for (start, gran, _), c in shown.items() if gran == "season")
    assert season["date"] == "خريف 2016"
    span = next(c for (start, _, _), c in shown.items() if start == "2017-01-23")
    assert span["date"] == "23-24 كانون الثاني 2017" and span["other"] == "25-26 ربيع الآخر 1438 هـ"
    day = next(c for (start, _, _), c in shown.items() if start == "2016-10-03")
    assert day["date"] == "يوم الإثنين 3 تشرين الأول 2016" and day["other"] == "2 محرم 1438 هـ"
    # the date phrase is marked in the sentence
    assert day["mark"] == ["الاثنين 3 تشرين الأول"]
    assert "ترويه مقال واحد" in day["text"]


def test_inferred_dates_are_marked_and_explained_in_arabic_on_demand(page, sample_server):
    open_page(page, sample_server.page())
    card = page.find_element("css selector", "article.event-inferred")
    summary = card.find_element("css selector", "details.how summary")
    assert "تاريخ مستنتج" in card.find_element("css selector", ".badge").text
    assert not card.find_element("css selector", "details.how p").is_displayed()
    summary.send_keys(" ")  # keyboard: space opens the details
    explanation = card.find_element("css selector", "details.how p")
    wait_for(page, lambda d: explanation.is_displayed())
    assert ARABIC.search(explanation.text) and not re.search(r"[A-Za-z]", explanation.text)


def test_date_filter_and_search_change_what_is_shown(page, sample_server):
    everything = open_page(page, sample_server.page())
    set_filter(page, "from", "2016-01-01")
    set_filter(page, "to", "2016-06-30")
    shown = wait_reloaded(page, lambda cs: cs and len(cs) < len(everything))
    assert all(c["start"] <= "2016-06-30" for c in shown)
    assert {c["start"][:4] for c in shown} <= {"2015", "2016"}  # overlap: a 2015 span may reach into 2016
    assert "from=2016-01-01" in page.current_url and "to=2016-06-30" in page.current_url
    assert page.find_elements("css selector", "#density .bar.in-range")
    # the search box, as typed: hamza-less "استانا" finds أستانا (the API folds Arabic)
    page.find_element("css selector", "button[type=reset]").click()
    wait_reloaded(page, lambda cs: len(cs) == len(everything))
    page.find_element("id", "f-q").send_keys("استانا")
    shown = wait_reloaded(page, lambda cs: 0 < len(cs) < len(everything))
    assert all("أستانا" in c["text"] for c in shown)
    # place and outlet: exact names, offered from the events seen
    page.find_element("css selector", "button[type=reset]").click()
    wait_reloaded(page, lambda cs: len(cs) == len(everything))
    assert "جنيف" in page.execute_script("return [...document.querySelectorAll('#places option')].map(o => o.value)")
    set_filter(page, "place", "جنيف")
    shown = wait_reloaded(page, lambda cs: 0 < len(cs) < len(everything))
    assert all("المكان: جنيف" in c["text"] for c in shown)
    # a month in the density strip jumps there
    page.find_element("css selector", "button[type=reset]").click()
    wait_reloaded(page, lambda cs: len(cs) == len(everything))
    page.find_element("css selector", '#density .bar[data-from="2017-02-01"]').click()
    shown = wait_reloaded(page, lambda cs: 0 < len(cs) < len(everything))
    assert all(c["start"] >= "2017-01-01" for c in shown)


def test_calendar_and_month_names_switch_and_are_remembered(page, sample_server):
    open_page(page, sample_server.page())
    try:
        page.find_element("css selector", 'input[name="calendar"][value="hijri"]').click()
        from selenium.webdriver.support.ui import Select

        Select(page.find_element("id", "months")).select_by_value("maghreb")
        day = next(c for c in cards(page) if c["start"] == "2016-10-03")
        assert day["date"] == "يوم الإثنين 2 محرم 1438 هـ" and day["other"] == "3 أكتوبر 2016"
        headings = page.execute_script("return [...document.querySelectorAll('.month-heading')].map(h => h.textContent)")
        assert "محرم 1438 هـ" in headings
        shown = open_page(page, sample_server.page())  # a new visit remembers both
        assert page.find_element("css selector", 'input[name="calendar"][value="hijri"]').is_selected()
        month = next(c for c in shown if c["start"] == "2016-09-01" and c["granularity"] == "month")
        assert month["other"] == "سبتمبر 2016"
        page.find_element("css selector", 'input[name="calendar"][value="gregorian"]').click()
        assert next(c for c in cards(page) if c["start"] == "2016-02-04")["date"] == "يوم الخميس 4 فيفري 2016"
    finally:
        page.execute_script("localStorage.clear()")


def test_page_and_python_say_dates_alike(page, sample_server):
    """The script's labels are display.py's, for every precision, style and calendar."""
    open_page(page, sample_server.page())
    cases = []
    for start, end, gran, value, cal in [
        ("2016-10-03", None, "day", None, "gregorian"), ("2016-10-03", None, "time", "2016-10-03T09:05", "gregorian"),
        ("2017-01-30", "2017-02-02", "day", None, "gregorian"), ("2016-12-30", "2017-01-02", "day", None, "gregorian"),
        ("2017-02-13", "2017-02-19", "week", "2017-W07", "gregorian"),
        ("2016-02-01", "2016-02-29", "month", "2016-02", "gregorian"),
        ("2016-11-01", "2017-01-31", "month", "2016-11", "gregorian"),
        ("2016-09-01", "2016-11-30", "season", "2016-FA", "gregorian"),
        ("2016-12-01", "2017-02-28", "season", "2016-WI", "gregorian"),
        ("2016-10-01", "2016-11-30", "season", "2016-FA", "gregorian"),
        ("2016-07-01", "2016-09-30", "quarter", "2016-Q3", "gregorian"),
        ("2015-01-01", "2015-12-31", "year", "2015", "gregorian"), ("2014-01-01", "2015-12-31", "year", "2014", "gregorian"),
        ("1990-01-01", "1999-12-31", "decade", "199", "gregorian"), ("1900-01-01", "1999-12-31", "century", "19", "gregorian"),
        ("2016-06-06", "2016-07-05", "month", "1437-09", "hijri"), ("0640-03-01", "0640-03-01", "day", None, "gregorian"),
    ]:
        end = end or start
        ev = {"date_start": start, "date_end": end, "granularity": gran, "value": value or start, "calendar": cal}
        if "1925" <= start[:4] <= "2076":  # the Umm al-Qura tables
            ev["hijri_start"], ev["hijri_end"] = _hijri(date.fromisoformat(start)), _hijri(date.fromisoformat(end))
        if cal == "hijri":
            ev["hijri_start"], ev["hijri_end"] = "1437-09-01", "1437-09-30"
        cases.append(ev)
    for confidence in (0.95, 0.75, 0.5, None):
        cases.append({"date_start": "2016-10-03", "date_end": "2016-10-03", "value": "2016-10-03",
                      "confidence": confidence, "provenance": {"mention_text": "أمس"} if confidence else {}})
    got = page.execute_script("""
        const D = window.TimelineDates, out = [];
        for (const ev of arguments[0]) for (const style of ['levant', 'egypt', 'maghreb'])
            out.push([D.gregorian(ev, style, true), D.gregorian(ev, style, false), D.hijri(ev, false), D.hijri(ev, true),
                      D.quality(ev), D.explanation(ev)]);
        return out;""", cases)
    expected = []
    for ev in cases:
        py = {**ev, "date_start": date.fromisoformat(ev["date_start"]), "date_end": date.fromisoformat(ev["date_end"])}
        for style in ("levant", "egypt", "maghreb"):
            expected.append([display.gregorian_display(py, style), display.gregorian_display(py, style, weekday=False),
                             display.hijri_display(py), display.hijri_display(py, weekday=True),
                             display.date_quality(py), display.explanation_text(py)])
    assert got == expected
    counts = page.execute_script(
        "return arguments[0].map(n => window.TimelineDates.countLabel(n, arguments[1]))",
        list(range(0, 120)) + [1000, 1003], list(display.ARTICLE_COUNT))
    assert counts == [display.article_count(n) for n in list(range(0, 120)) + [1000, 1003]]


def test_keyboard_reaches_the_filters_and_focus_is_visible(page, sample_server):
    from selenium.webdriver.common.keys import Keys

    open_page(page, sample_server.page())
    body = page.find_element("css selector", "body")
    body.send_keys(Keys.TAB)
    assert page.switch_to.active_element.get_attribute("class") == "skip-link"
    outline = page.execute_script("return getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
    landmarks = page.execute_script(
        "return ['header', 'nav', 'main', 'footer', 'form[role=search]'].map(s => document.querySelectorAll(s).length)")
    assert landmarks == [1, 1, 1, 1, 1]
    unlabeled = page.execute_script("""
        return [...document.querySelectorAll('input, select')].filter(f => f.type !== 'radio' && f.type !== 'hidden'
            && !(f.labels && f.labels.length)).map(f => f.id || f.name);""")
    assert unlabeled == []


def test_screenshot(page, sample_server, artifacts):
    open_page(page, sample_server.page())
    path = artifacts / "timeline.png"
    assert page.save_screenshot(str(path))
    page.set_window_size(390, 844)
    try:
        page.execute_script("window.scrollTo(0, 0)")
        phone = artifacts / "timeline-phone.png"
        assert page.save_screenshot(str(phone))
        # readable on a phone: nothing wider than the screen
        assert page.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        page.set_window_size(1280, 1000)
    print(f"\nscreenshots: {path} {phone}")


def test_page_over_postgresql(page, postgresql_url):
    """The same page over PostgreSQL: the samples in chronological order."""
    from tests.conftest import _clear

    upgrade(postgresql_url)
    engine = make_engine(postgresql_url)
    _clear(engine)
    try:
        ingest_samples(postgresql_url)
        with serving(postgresql_url) as server:
            shown = open_page(page, server.page("timeline"))
        starts = [c["start"] for c in shown]
        assert len(shown) >= 25 and starts == sorted(starts) and all(ARABIC.search(c["title"]) for c in shown)
    finally:
        _clear(engine)
        engine.dispose()


# --- 1,000 events -----------------------------------------------------------------------------

def test_scrolling_loads_the_next_page(page, thousand_server):
    first = open_page(page, thousand_server.page())
    assert len(first) == 50
    page.execute_script("window.scrollTo(0, document.body.scrollHeight)")
    wait_for(page, lambda d: len(cards(d)) >= 100, message="scrolling did not load the next page")
    shown = cards(page)
    assert [c["id"] for c in shown[:50]] == [c["id"] for c in first]
    assert len({c["id"] for c in shown}) == len(shown)
    assert [c["start"] for c in shown] == sorted(c["start"] for c in shown)


def test_first_cards_of_a_thousand_events(page, thousand_server):
    """Printed, not asserted: how long a reader waits for the first cards, and for all 1,000 by scrolling."""
    open_page(page, thousand_server.page())
    first = page.execute_script(
        "return performance.getEntriesByName('timeline:first-cards')[0].startTime")
    began = time.perf_counter()
    while not page.execute_script("return document.getElementById('more').hidden"):
        page.execute_script("window.scrollTo(0, document.body.scrollHeight)")
        time.sleep(0.02)
        assert time.perf_counter() - began < 60
    every = time.perf_counter() - began
    assert len(cards(page)) == 1000
    print(f"\n1,000 events: first cards {first:.0f} ms after navigation; all 1,000 by scrolling in {every:.1f} s")


# --- read tokens, and nothing from the data becomes markup --------------------------------------

def test_read_token_and_no_markup_from_the_data(browser, token_server):
    browser.get_log("browser")
    browser.get(token_server.page())
    wait_for(browser, lambda d: d.find_element("id", "token-form").is_displayed(), message="no token form")
    assert not cards(browser)
    field = browser.find_element("id", "token")
    field.send_keys(TOKEN)
    field.submit()
    wait_for(browser, lambda d: settled(d) and cards(d), message="the token did not open the timeline")
    [card] = cards(browser)
    assert card["title"] == '<img id="injected-title" src=x onerror="window.__injected=3">'
    assert '<img id="injected-text"' in card["text"] and "<i>موسكو</i>" in card["text"]
    assert browser.execute_script("""return document.querySelectorAll(
        '#injected-title, #injected-text, #injected-source, #timeline img, #timeline script, #timeline i').length""") == 0
    assert browser.execute_script("return window.__injected === undefined")
    assert not browser.find_elements("css selector", "article.event a")  # javascript: is not a link
    # the only errors: the 401s that asked for the token
    errors = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert all("401" in e for e in errors), errors
    browser.execute_script("sessionStorage.clear()")


# --- TimelineJS ---------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def timelinejs(tmp_path_factory):
    """TimelineJS 3.9 from the npm registry, in a temporary folder served over HTTP."""
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip(f"npm is missing: install Node.js and npm to render the export in TimelineJS ({TIMELINEJS})")
    folder = tmp_path_factory.mktemp("timelinejs")
    done = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--silent", "--prefix", str(folder), TIMELINEJS],
                          capture_output=True, text=True, timeout=300)
    dist = folder / "node_modules" / "@knight-lab" / "timelinejs" / "dist"
    if done.returncode or not dist.is_dir():
        message = f"`npm install {TIMELINEJS}` failed: {done.stderr.strip()[-500:]}"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield folder, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *_args) -> None:
        pass


def documented_page() -> str:
    """The minimal HTML page docs/api.md gives for rendering the export."""
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    match = re.search(r"```html\n(<!doctype html>.*?)```", text, re.DOTALL)
    assert match, "docs/api.md holds no TimelineJS page"
    return match[1]


def render_timelinejs(page, timelinejs, export_url: str) -> tuple[dict, list[dict]]:
    """Open docs/api.md's page, self-hosted as it says (the npm files, and
    ``script_path`` where they are), on ``export_url``; return the export and the slides drawn."""
    folder, base = timelinejs
    html_page = documented_page()
    assert "language: 'ar'" in html_page
    dist = f"{base}/node_modules/@knight-lab/timelinejs/dist"
    html_page = html_page.replace("https://cdn.knightlab.com/libs/timeline3/latest", dist)
    html_page = html_page.replace("{language: 'ar'}", f"{{language: 'ar', script_path: '{dist}/js/'}}")
    html_page = re.sub(r'var source = "[^"]*"', f'var source = "{export_url}"', html_page)
    name = f"timeline-{len(list(folder.glob('timeline-*.html')))}.html"  # a new page each time, never a cached one
    (folder / name).write_text(html_page, encoding="utf-8")
    (folder / "favicon.ico").write_bytes(b"")
    with urllib.request.urlopen(export_url, timeout=WAIT) as response:
        export = json.load(response)
    page.get(f"{base}/{name}")
    wait_for(page, lambda d: d.execute_script("return document.querySelectorAll('.tl-slide').length")
             == len(export["events"]) + 1, timeout=30, message="TimelineJS did not draw every slide")
    if any("media" in e for e in export["events"][:1]):
        wait_for(page, lambda d: d.find_elements("css selector", ".tl-slide .tl-media-item"),
                 message="TimelineJS drew no media block")
    slides = page.execute_script("""
        return [...document.querySelectorAll('.tl-slide:not(.tl-slide-titleslide)')].map(s => ({
            id: s.id, date: (s.querySelector('.tl-headline-date') || {}).textContent || '',
            media: Boolean(s.querySelector('.tl-media-blockquote')),
            caption: (s.querySelector('.tl-caption') || {}).textContent || '',
            links: [...s.querySelectorAll('.tl-media-blockquote a')].map(a => a.href)}));""")
    return export, slides


def test_timelinejs_renders_the_export(browser, sample_server, thousand_server, timelinejs, artifacts):
    browser.get_log("browser")
    export, slides = render_timelinejs(browser, timelinejs, f"{sample_server.base}/api/v1/exports/timelinejs")
    assert len(slides) == len(export["events"]) >= 25
    assert all(s["date"] for s in slides) and not [s["date"] for s in slides if RAW_CODE.search(s["date"])]
    assert [e["display_date"] for e in export["events"]] == [s["date"] for s in slides]
    assert browser.execute_script(
        "return getComputedStyle(document.querySelector('.tl-slide .tl-text-content')).direction") == "rtl"
    browser.find_element("css selector", ".tl-slidenav-next").click()
    time.sleep(1)  # the slide's animation
    browser.save_screenshot(str(artifacts / "timelinejs.png"))
    # articles with an outlet and a web address: TimelineJS shows both
    url = f"{thousand_server.base}/api/v1/exports/timelinejs?to=2010-03-31&months=egypt"
    export, slides = render_timelinejs(browser, timelinejs, url)
    assert len(slides) == len(export["events"]) == 30
    # TimelineJS draws media as slides come near; the first ones are drawn
    shown = [s for s in slides if s["media"]]
    assert shown and all(s["caption"] == "وكالة الأنباء · مقال واحد" for s in shown)
    assert all(s["links"] == ["https://example.org/generated"] for s in shown)
    assert slides[0]["date"] == "1-28 يناير 2010 (15 محرم - 13 صفر 1431 هـ)"
    assert slides[1]["date"] == "يوم الإثنين 4 يناير 2010 (18 محرم 1431 هـ)"
    # JavaScript errors only; the fonts TimelineJS asks Google for cannot load on a machine offline
    errors = [e["message"] for e in browser.get_log("browser")
              if e["level"] == "SEVERE" and not re.search(r"fonts\.(googleapis|gstatic)\.com", e["message"])]
    assert not errors, errors
