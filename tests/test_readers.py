"""Readers: JSON Lines, HTML pages, RSS/Atom feeds, URLs, stdin, folders with globs.

Everything web-shaped is served by a local server on 127.0.0.1 (tests/webserver.py).
"""
from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

import ingest.sources as sources
from ingest.document import SourceDocument
from ingest.readers import ReaderOptions, read_inputs, sniff_kind
from ingest.readers.html import fragment_text
from ingest.sources import InputError
from tests.webserver import site  # noqa: F401  (fixture)

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARABIC = "قال وزير الخارجية الروسي سيرغي لافروف اليوم في موسكو إن المحادثات ستجري غدا في جنيف."


def split(items):
    items = list(items)
    return ([i for i in items if isinstance(i, SourceDocument)], [i for i in items if isinstance(i, InputError)])


# --- JSON Lines ----------------------------------------------------------------

def test_jsonl_rows_become_documents_and_bad_lines_are_reported_with_their_number():
    docs, errors = split(read_inputs([str(FIXTURES / "articles.jsonl")]))
    assert [d.text[:10] for d in docs] == ["قال وزير ا", "أعلن الكرم", "بلا معرف: "]
    first = docs[0]
    assert (first.published, first.title, first.source, first.kind) == (date(2016, 10, 3), "لافروف والمحادثات", "سانا", "jsonl")
    assert first.metadata == {"section": "world", "id": "a1"}
    assert first.key.endswith("articles.jsonl#id=a1")
    assert docs[1].key == "https://example.org/news/2?utm=1" and docs[1].url.endswith("#top")
    assert docs[2].key.endswith("#line=8") and docs[2].language == "ar"
    by_line = {e.where.rsplit(":", 1)[1]: e.reason for e in errors}
    assert set(by_line) == {"3", "4", "5", "6"}
    assert "2016-10-03" in by_line["3"]           # bad date
    assert "`text`" in by_line["4"]               # blank text
    assert "not valid JSON" in by_line["5"]       # truncated object
    assert "JSON object" in by_line["6"]          # an array
    assert errors[0].key.endswith("#id=a3") and errors[2].key is None  # known identity vs unreadable line


def test_jsonl_by_format_option_and_with_bom(tmp_path):
    path = tmp_path / "rows.data"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"id": 1, "text": ARABIC}, ensure_ascii=False).encode() + b"\n")
    docs, errors = split(read_inputs([str(path)], ReaderOptions(format="jsonl")))
    assert not errors and docs[0].text == ARABIC
    # Without --format the same file is plain text.
    docs, _ = split(read_inputs([str(path)]))
    assert docs[0].kind == "text"


def test_jsonl_that_is_not_utf8_is_reported_per_line(tmp_path):
    path = tmp_path / "legacy.jsonl"
    path.write_bytes(json.dumps({"text": ARABIC}, ensure_ascii=False).encode("cp1256") + b"\n"
                     + json.dumps({"text": ARABIC}, ensure_ascii=False).encode() + b"\n")
    docs, errors = split(read_inputs([str(path)]))
    assert len(docs) == 1 and "UTF-8" in errors[0].reason and errors[0].where.endswith(":1")


def test_a_huge_jsonl_file_streams(tmp_path):
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(20_000):
            out.write(json.dumps({"id": i, "text": ARABIC}, ensure_ascii=False) + "\n")
    stream = read_inputs([str(path)])
    assert next(stream).key.endswith("#id=0")  # the first row comes before the file is read in full
    assert sum(1 for _ in stream) == 19_999


# --- HTML ------------------------------------------------------------------------

def test_html_file_main_text_title_and_json_ld_date():
    docs, errors = split(read_inputs([str(FIXTURES / "web" / "article1.html")]))
    assert not errors
    doc = docs[0]
    assert doc.published == date(2016, 10, 3)
    assert "لافروف" in doc.title and doc.kind == "html"
    assert "ستستأنف غدا في جنيف" in doc.text
    assert "الرئيسية" not in doc.text and "جميع الحقوق" not in doc.text  # navigation and footer dropped


def test_html_in_windows_1256_without_a_charset_is_decoded(tmp_path):
    page = (FIXTURES / "web" / "article2.html").read_text(encoding="utf-8").replace('<meta charset="utf-8">', "")
    path = tmp_path / "legacy.html"
    path.write_bytes(page.encode("cp1256"))
    docs, errors = split(read_inputs([str(path)]))
    assert not errors
    assert "حل سياسي" in docs[0].text and docs[0].published == date(2016, 10, 4)


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (bytes(range(256)) * 10, "binary"),
    (b"<html><head><title>t</title></head><body><script>var a = 1;</script></body></html>", "no article text"),
])
def test_bad_html_files_are_clear_errors(tmp_path, content, message):
    path = tmp_path / "bad.html"
    path.write_bytes(content)
    _, errors = split(read_inputs([str(path)]))
    assert message in errors[0].reason and errors[0].key  # the file exists: its key is known


def test_fragment_text_keeps_paragraphs():
    assert fragment_text("<p>أمس</p><p>اليوم <b>غدا</b></p>") == "أمس\nاليوم غدا"
    assert fragment_text("نص بلا وسوم") == "نص بلا وسوم"


# --- URLs and feeds ---------------------------------------------------------------

def test_html_url_is_keyed_by_its_url(site):
    docs, errors = split(read_inputs([site.url("article1.html")]))
    assert not errors
    assert docs[0].key == site.url("article1.html") and docs[0].url == site.url("article1.html")
    assert docs[0].published == date(2016, 10, 3)


def test_url_that_404s_is_a_clear_error(site):
    _, errors = split(read_inputs([site.url("gone.html")]))
    assert "HTTP 404" in errors[0].reason and errors[0].key is None


def test_unreachable_url_is_a_clear_error():
    _, errors = split(read_inputs(["http://127.0.0.1:9/nothing"], ReaderOptions(timeout=2)))
    assert "cannot be fetched" in errors[0].reason


def test_rss_summaries_are_completed_from_the_linked_page(site):
    # the test server is on 127.0.0.1: its pages are fetched only when the operator allows it
    docs, errors = split(read_inputs([site.url("feed.rss")], ReaderOptions(allow_private_links=True)))
    # Bare guids are only unique within their feed: scoped to it.
    assert [d.key for d in docs] == [site.url("feed.rss") + f"#id=news-100{i}" for i in (1, 2, 3)] and not errors
    one, two, three = docs
    assert "بمشاركة ممثلين عن الأطراف المعنية" in one.text  # from the page, not the summary
    assert one.metadata["full_text"] == "linked page"
    assert one.published == date(2016, 10, 3) and one.source == "أخبار العالم" and one.kind == "feed"
    assert two.published == date(2016, 10, 4)  # the publisher's day (01:00 +03:00), not UTC's
    # The linked page is gone: the summary is kept, and the reason recorded.
    assert "سيزور القاهرة" in three.text and "404" in three.metadata["full_text"]
    assert all(d.origin == site.url("feed.rss") for d in docs)


def test_rss_full_text_never_keeps_the_summaries(site):
    docs, _ = split(read_inputs([site.url("feed.rss")], ReaderOptions(full_text="never")))
    assert "ستستأنف غدا" in docs[0].text and "بمشاركة" not in docs[0].text
    assert not any(h.endswith(".html") for h in site.hits)


def test_atom_with_full_content_fetches_nothing(site):
    docs, errors = split(read_inputs([site.url("atom.xml")]))
    assert not errors and len(docs) == 2
    assert docs[0].key == "tag:example.org,2016:entry-1"
    assert docs[0].text.startswith("لافروف يلتقي دي ميستورا") and "دي ميستورا" in docs[0].text
    assert docs[1].published == date(2016, 10, 4)  # 23:30 -05:00 is still the 4th where it was written
    assert site.hits == ["/atom.xml"]


def test_feed_that_is_not_xml_is_a_clear_error(site):
    _, errors = split(read_inputs([site.url("not-a-feed.xml")], ReaderOptions(format="feed")))
    assert "not an RSS or Atom feed" in errors[0].reason


def test_feed_file_on_disk(site):
    docs, _ = split(read_inputs([str(site.root / "atom.xml")]))
    assert len(docs) == 2 and docs[0].origin.startswith("file://")


def test_sniffing():
    assert sniff_kind(b"<?xml version='1.0'?><rss>") == "feed"
    assert sniff_kind(b"<!DOCTYPE html><html>") == "html"
    assert sniff_kind(b'{"text": "x"}') == "jsonl"
    assert sniff_kind("نص".encode()) == "text"
    assert sniff_kind(b"", "application/atom+xml") == "feed"


# --- stdin -------------------------------------------------------------------------

def test_stdin_text_is_one_document_keyed_by_its_digest():
    docs, _ = split(read_inputs(["-"], stdin=io.BufferedReader(io.BytesIO(ARABIC.encode("cp1256")))))
    assert docs[0].text == ARABIC and docs[0].key.startswith("stdin:sha256:")
    docs, _ = split(read_inputs(["-"], ReaderOptions(stdin_key="daily"), stdin=io.BufferedReader(io.BytesIO(ARABIC.encode()))))
    assert docs[0].key == "stdin:daily"


def test_stdin_jsonl_is_streamed():
    data = "\n".join(json.dumps({"id": i, "text": ARABIC}, ensure_ascii=False) for i in range(3)).encode()
    docs, _ = split(read_inputs(["-"], stdin=io.BufferedReader(io.BytesIO(data))))
    assert [d.key for d in docs] == ["stdin#id=0", "stdin#id=1", "stdin#id=2"]


def test_stdin_binary_is_skipped():
    _, errors = split(read_inputs(["-"], stdin=io.BufferedReader(io.BytesIO(bytes(range(256)) * 4))))
    assert "binary" in errors[0].reason


# --- folders -----------------------------------------------------------------------

def test_folder_mixes_kinds_and_honours_globs(tmp_path):
    (tmp_path / "drafts").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "a.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "drafts" / "b.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / ".git" / "c.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "rows.jsonl").write_text(json.dumps({"id": 1, "text": ARABIC}, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "a.json").write_text('{"published": "2016-10-03"}', encoding="utf-8")  # a sidecar, not an input
    docs, errors = split(read_inputs([str(tmp_path)]))
    assert not errors
    assert sorted(Path(d.path).name for d in docs) == ["a.txt", "b.txt", "rows.jsonl:1"]
    assert all(d.origin == tmp_path.resolve().as_uri() for d in docs)
    docs, _ = split(read_inputs([str(tmp_path)], ReaderOptions(exclude=("drafts/*",))))
    assert sorted(Path(d.path).name for d in docs) == ["a.txt", "rows.jsonl:1"]
    docs, _ = split(read_inputs([str(tmp_path)], ReaderOptions(include=("*.jsonl",))))
    assert [d.kind for d in docs] == ["jsonl"]


def test_missing_input_is_an_error_without_a_key(tmp_path):
    _, errors = split(read_inputs([str(tmp_path / "nope")]))
    assert "no such file" in errors[0].reason and errors[0].key is None


def test_file_over_the_size_limit_is_skipped(tmp_path, monkeypatch):
    import ingest.readers as readers

    monkeypatch.setattr(sources, "MAX_FILE_BYTES", 1024)
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 1024)
    big = tmp_path / "big.txt"
    big.write_text(ARABIC * 100, encoding="utf-8")
    page = tmp_path / "big.html"
    page.write_text("<p>" + ARABIC * 100 + "</p>", encoding="utf-8")
    _, errors = split(read_inputs([str(big), str(page)]))
    assert len(errors) == 2 and all("limit" in e.reason for e in errors)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1256", "iso8859_6"])
def test_text_encodings_in_folders(tmp_path, encoding):
    (tmp_path / "a.txt").write_bytes(ARABIC.encode(encoding))
    docs, errors = split(read_inputs([str(tmp_path)]))
    assert not errors and docs[0].text == ARABIC
