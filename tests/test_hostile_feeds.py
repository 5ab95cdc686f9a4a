"""Hostile feeds: links to local files, to loopback and private addresses, redirects to them,
relative links and plain guids. Nothing outside the open web is read, each refusal is reported
with its entry, the entry keeps its summary, and the rest of the feed goes in.

Real servers on 127.0.0.1 (tests/webserver.py); nothing of the network layer is mocked.
"""
from __future__ import annotations

import ipaddress
import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from ingest.cli import main
from ingest.document import SourceDocument
from ingest.pipeline import IngestOptions, ingest
from ingest.readers import ReaderOptions, read_inputs
from ingest.readers.feed import read_feed_bytes
from ingest.readers.fetch import fetch
from ingest.readers.linkguard import LinkGuard, LinkRefused, address_class
from ingest.sources import InputError
from store.models import Document
from tests.webserver import other_site, site  # noqa: F401  (fixtures)

SUMMARY = "قال المتحدث اليوم إن الوفد سيصل غدا إلى جنيف."
SECRET = "هذا سر لا يجوز أن يخرج من الخادم"


def rss(*items: str, channel_link: str = "") -> str:
    link = f"<link>{channel_link}</link>" if channel_link else ""
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>أخبار</title>'
            f"{link}{''.join(items)}</channel></rss>")


def item(title: str, *, link: str | None = None, guid: str | None = None, permalink: bool | None = None) -> str:
    parts = [f"<title>{title}</title>", f"<description>{SUMMARY}</description>",
             "<pubDate>Mon, 03 Oct 2016 09:30:00 +0300</pubDate>"]
    if link is not None:
        parts.append(f"<link>{link}</link>")
    if guid is not None:
        attr = "" if permalink is None else f' isPermaLink="{str(permalink).lower()}"'
        parts.append(f"<guid{attr}>{guid}</guid>")
    return "<item>" + "".join(parts) + "</item>"


def split(items):
    items = list(items)
    return ([i for i in items if isinstance(i, SourceDocument)], [i for i in items if isinstance(i, InputError)])


@pytest.fixture
def secret_file(tmp_path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


# --- the guard itself ----------------------------------------------------------------

@pytest.mark.parametrize("address, kind", [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("10.1.2.3", "private"), ("192.168.0.1", "private"),
    ("172.16.5.4", "private"), ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
    ("224.0.0.1", "multicast"), ("0.0.0.0", "unspecified"), ("100.64.0.1", "non-public"),
    ("::ffff:127.0.0.1", "loopback"), ("fc00::1", "private"),
])
def test_non_public_addresses_are_classified(address, kind):
    assert address_class(ipaddress.ip_address(address)) == kind


@pytest.mark.parametrize("address", ["240.0.0.1", "192.0.2.7", "198.18.0.1", "2001:db8::1", "2002:7f00:1::"])
def test_reserved_and_documentation_blocks_are_refused_too(address):
    assert address_class(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "8.8.8.8"])
def test_public_addresses_pass(address):
    assert address_class(ipaddress.ip_address(address)) is None
    LinkGuard().check_peer(address, "example.org", 80)


@pytest.mark.parametrize("url, message", [
    ("file:///etc/passwd", "only http and https"),
    ("ftp://example.org/x", "only http and https"),
    ("/news/1.html", "not an absolute"),
    ("http://127.0.0.1/", "loopback"),
    ("http://localhost:8080/admin", "loopback"),
    ("http://[::1]/", "loopback"),
    ("http://169.254.169.254/latest/meta-data/", "link-local"),
    ("http://2130706433/", "loopback"),   # 127.0.0.1 written as one number
    ("http://0x7f.1/", "loopback"),
])
def test_the_guard_refuses_what_is_not_the_open_web(url, message):
    with pytest.raises(LinkRefused, match=message):
        LinkGuard().check_url(url)


def test_the_operator_can_allow_private_addresses_but_never_other_schemes():
    LinkGuard(allow_private=True).check_url("http://127.0.0.1:9/")
    with pytest.raises(LinkRefused):
        LinkGuard(allow_private=True).check_url("file:///etc/passwd")


# --- fetching for real -----------------------------------------------------------------

def test_a_link_to_loopback_is_not_even_requested(site):
    with pytest.raises(InputError, match="loopback.*--allow-private-links"):
        fetch(site.url("article1.html"))
    assert site.hits == []
    page = fetch(site.url("article1.html"), guard=LinkGuard(allow_private=True))
    assert b"<html" in page.data.lower()


def test_a_redirect_to_another_private_host_is_refused(site, other_site):
    """The operator named `site`; it redirects to another loopback server: refused there."""
    site.redirects["/hop"] = other_site.url("article1.html")
    with pytest.raises(InputError, match="redirects to .*loopback"):
        fetch(site.url("hop"), guard=LinkGuard.for_operator_url(site.url("hop")))
    assert other_site.hits == []
    # on the operator's own host a redirect is fine
    site.redirects["/same"] = "/article1.html"
    assert b"<html" in fetch(site.url("same"), guard=LinkGuard.for_operator_url(site.url("same"))).data.lower()


def test_a_redirect_to_a_file_is_refused(site):
    site.redirects["/to-file"] = "file:///etc/passwd"
    with pytest.raises(InputError, match="only http and https"):
        fetch(site.url("to-file"), guard=LinkGuard.for_operator_url(site.url("to-file")))


def test_an_operator_url_redirecting_to_another_private_port_is_refused_on_the_command_line(site, other_site):
    site.redirects["/feed"] = other_site.url("feed.rss")
    _, errors = split(read_inputs([site.url("feed")]))
    assert "loopback" in errors[0].reason and other_site.hits == []


# --- feeds --------------------------------------------------------------------------

def test_feed_links_to_files_and_private_hosts_are_refused_per_entry(tmp_path, site, secret_file):
    feed = tmp_path / "hostile.rss"
    feed.write_text(rss(
        item("ملف", link=secret_file.as_uri()),
        item("ملف على المضيف", link=f"file://localhost{secret_file}"),
        item("حلقة", link=site.url("article1.html")),
        item("بيانات السحابة", link="http://169.254.169.254/latest/meta-data/"),
        item("عادي", guid="news-1", permalink=False),
    ), encoding="utf-8")
    docs, errors = split(read_inputs([str(feed)]))
    assert not errors and len(docs) == 5
    assert all(SECRET not in d.text for d in docs)
    assert all(SUMMARY in d.text for d in docs)  # each entry keeps its own text
    reasons = [d.metadata.get("full_text", "") for d in docs]
    assert "only http and https" in reasons[0] and "only http and https" in reasons[1]
    assert "loopback" in reasons[2] and "link-local" in reasons[3]
    assert [len(d.warnings) for d in docs] == [1, 1, 1, 1, 0]
    assert "--allow-private-links" in docs[2].warnings[0]
    assert site.hits == []


def test_a_feed_link_redirecting_to_loopback_is_refused_after_the_redirect(tmp_path, site, other_site):
    """The first hop is allowed (here: trusted by the guard), the redirect's target is not."""
    site.redirects["/story"] = other_site.url("article1.html")
    data = rss(item("تحويل", link=site.url("story"), guid="r-1", permalink=False)).encode()
    guard = LinkGuard.for_operator_url(site.url("story"))
    docs = list(read_feed_bytes(data, feed_key="feed", label="feed", origin="feed",
                                fetcher=lambda url: fetch(url, guard=guard)))
    assert site.hits == ["/story"] and other_site.hits == []
    assert "redirects to" in docs[0].metadata["full_text"] and SUMMARY in docs[0].text


def test_relative_links_resolve_against_the_feed_url_and_plain_guids_are_not_links(site):
    (site.root / "hostile.rss").write_text(rss(
        item("نسبي", link="article1.html"),
        item("معرف فقط", guid="1001"),
        item("معرف رابط", guid=site.url("article2.html")),
    ), encoding="utf-8")
    docs, errors = split(read_inputs([site.url("hostile.rss")], ReaderOptions(allow_private_links=True)))
    assert not errors and len(docs) == 3
    relative, plain, permalink = docs
    assert relative.url == site.url("article1.html") and relative.metadata["full_text"] == "linked page"
    assert relative.key == site.url("article1.html")
    assert plain.url is None and plain.key == site.url("hostile.rss") + "#id=1001" and SUMMARY in plain.text
    assert "full_text" not in plain.metadata and not plain.warnings
    assert permalink.url == site.url("article2.html") and permalink.metadata["full_text"] == "linked page"
    assert "/1001" not in site.hits


def test_a_relative_link_in_a_feed_file_without_a_web_address_keeps_its_summary(tmp_path):
    feed = tmp_path / "local.rss"
    feed.write_text(rss(item("نسبي", link="/news/2.html")), encoding="utf-8")
    docs, errors = split(read_inputs([str(feed)]))
    assert not errors and SUMMARY in docs[0].text and docs[0].url is None
    assert "relative" in docs[0].warnings[0]
    assert docs[0].key.endswith("local.rss#link=/news/2.html")


def test_a_feed_file_resolves_relative_links_against_its_channel_link(tmp_path):
    feed = tmp_path / "local.rss"
    feed.write_text(rss(item("نسبي", link="/news/2.html"), channel_link="https://news.example/"), encoding="utf-8")
    docs, _ = split(read_inputs([str(feed)], ReaderOptions(full_text="never")))
    assert docs[0].url == "https://news.example/news/2.html"


def test_hostile_feed_through_the_command_line_stores_summaries_and_reports_refusals(
        db_url, factory, tmp_path, site, secret_file, capsys):
    feed = tmp_path / "hostile.rss"
    feed.write_text(rss(
        item("ملف", link=secret_file.as_uri()),
        item("حلقة", link=site.url("article1.html")),
        item("معرف فقط", guid="2002"),
        item("نسبي", link="../x.html"),
    ), encoding="utf-8")
    assert main(["--database-url", db_url, "ingest", "--json", str(feed)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["new"], out["failed"]) == (4, 0)
    warned = {w["input"].split(" entry ")[1][0] for w in out["warnings"]}
    assert warned == {"1", "2", "4"}
    with factory() as s:
        texts = list(s.scalars(select(Document.text)))
    assert len(texts) == 4 and not any(SECRET in t for t in texts) and site.hits == []
    # The operator allows private links: the page on 127.0.0.1 is fetched; the file never is.
    assert main(["--database-url", db_url, "ingest", "--json", "--allow-private-links", str(feed)]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["changed"] == 1 and site.hits == ["/article1.html"]
    with factory() as s:
        assert not any(SECRET in t for t in s.scalars(select(Document.text)))


def test_ingest_of_a_feed_with_a_plain_guid_and_a_relative_link_does_not_fail_the_run(factory, tmp_path):
    feed = tmp_path / "odd.rss"
    feed.write_text(rss(item("أ", guid="1001"), item("ب", link="news/2.html"),
                        item("ج", link="https://news.example/3", guid="c", permalink=False)), encoding="utf-8")
    summary = ingest(factory, read_inputs([str(feed)], ReaderOptions(full_text="never")), label="t",
                     options=IngestOptions(published=date(2016, 10, 3)))
    assert (summary.new, summary.failed, summary.status) == (3, 0, "ok")
