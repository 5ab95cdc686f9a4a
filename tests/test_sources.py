"""Reading inputs: encodings, sidecars and bad files."""
from __future__ import annotations

import json
from datetime import date

import pytest

from ingest.sources import InputError, decode_bytes, read_paths, read_text_file

ARABIC = "أكد وزير الخارجية الروسي سيرغي لافروف اليوم في موسكو ضرورة توحيد الجهود الدولية."


def test_utf8_with_and_without_bom():
    assert decode_bytes(ARABIC.encode("utf-8")).text == ARABIC
    decoded = decode_bytes(b"\xef\xbb\xbf" + ARABIC.encode("utf-8"))
    assert decoded.text == ARABIC and decoded.encoding == "utf-8-sig"


def test_utf16():
    assert decode_bytes(ARABIC.encode("utf-16")).text == ARABIC


@pytest.mark.parametrize("encoding", ["cp1256", "iso8859_6"])
def test_legacy_arabic_encodings_are_detected(encoding):
    text = "قال لافروف في مؤتمر صحفي عقده في موسكو إن الاجتماع سيعقد في جنيف"
    assert decode_bytes(text.encode(encoding)).text == text


def test_empty_file_is_a_clear_error(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        read_text_file(path)


def test_whitespace_only_file_is_empty(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_bytes(b"  \n\n\t ")
    with pytest.raises(InputError, match="empty"):
        read_text_file(path)


def test_binary_file_is_skipped_with_a_message(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(InputError, match="binary"):
        read_text_file(path)


def test_sidecar_metadata(tmp_path):
    (tmp_path / "a.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps({"published": "2016-10-03", "title": "t", "source": "سانا",
                                                 "url": "https://example.org/a", "section": "world"}), encoding="utf-8")
    doc = read_text_file(tmp_path / "a.txt")
    assert doc.published == date(2016, 10, 3)
    assert (doc.title, doc.source, doc.url) == ("t", "سانا", "https://example.org/a")
    assert doc.metadata == {"section": "world"}


def test_command_line_date_overrides_sidecar(tmp_path):
    (tmp_path / "a.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "a.json").write_text('{"published": "2016-10-03"}', encoding="utf-8")
    assert read_text_file(tmp_path / "a.txt", published=date(2017, 1, 1)).published == date(2017, 1, 1)


@pytest.mark.parametrize("content, message", [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "JSON object"),
    ('{"published": "yesterday"}', "2016-10-03"),
    ('{"published": "2016-02-31"}', "2016-10-03"),
])
def test_bad_sidecar_is_a_clear_error(tmp_path, content, message):
    (tmp_path / "a.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "a.json").write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_text_file(tmp_path / "a.txt")


def test_folder_is_read_recursively_and_errors_are_values(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "a.txt").write_bytes(ARABIC.encode("cp1256"))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    items = list(read_paths([tmp_path, tmp_path / "missing.txt"]))
    docs = [i for i in items if not isinstance(i, InputError)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert sorted(d.text for d in docs) == [ARABIC, ARABIC]
    assert {e.reason.split(";")[0] for e in errors} == {"the file is empty", "no such file or folder"}


def test_same_file_has_the_same_key_however_it_is_named(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(ARABIC, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert read_text_file(tmp_path / "a.txt").key == read_text_file(tmp_path / "." / "a.txt").key
