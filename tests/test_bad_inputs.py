"""Adversarial inputs: bad rows and bad encodings cost only themselves and nothing is stored as garbage.

Each case runs through the real readers and the real pipeline, on SQLite and PostgreSQL.
"""
from __future__ import annotations

import json
import random
from datetime import date

import pytest
from sqlalchemy import select

from ingest.decoding import decode_bytes, NotText
from ingest.pipeline import IngestOptions, ingest
from ingest.readers import ReaderOptions, read_inputs
from store.models import Document

ARTICLE = ("قال وزير الخارجية الروسي سيرغي لافروف في مؤتمر صحفي عقده اليوم في موسكو إن المحادثات "
           "بشأن الأزمة ستجري غدا في جنيف بمشاركة ممثلين عن الأطراف المعنية.\n")


def run(factory, specs, workers=0, options=None, reader=None):
    return ingest(factory, read_inputs([str(s) for s in specs], reader or ReaderOptions()), label="test",
                  options=options or IngestOptions(), workers=workers)


def stored_texts(factory) -> dict[str, str]:
    with factory() as s:
        return {k: t for k, t in s.execute(select(Document.key, Document.text))}


def row(i, text=ARTICLE, **extra) -> str:
    return json.dumps({"id": i, "text": f"{i}: {text}", "published": "2016-10-03", **extra}, ensure_ascii=False)


# --- decoding ---------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_detected(encoding):
    decoded = decode_bytes(ARTICLE.encode(encoding))
    assert decoded.text == ARTICLE and not decoded.warnings


def test_a_short_utf16_text_without_a_bom_is_not_read_as_control_characters():
    assert decode_bytes("اليوم في موسكو".encode("utf-16-le")).text == "اليوم في موسكو"


def test_utf8_with_a_stray_byte_is_utf8_with_a_warning_naming_the_offset():
    head = ARTICLE[:20].encode()
    broken = head + b"\xff" + ARTICLE[20:].encode()
    decoded = decode_bytes(broken)
    assert decoded.encoding == "utf-8"
    assert decoded.text == ARTICLE[:20] + "\ufffd" + ARTICLE[20:]
    assert decoded.warnings == (f"not valid UTF-8 at byte offset {len(head)}; it was read as U+FFFD",)


def test_utf8_cut_in_the_middle_of_a_character_is_utf8_with_a_warning():
    data = (ARTICLE + "جنيف").encode()[:-1]
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8" and decoded.text == ARTICLE + "جني\ufffd"
    assert "ends in the middle of a character" in decoded.warnings[0] and str(len(data) - 1) in decoded.warnings[0]


@pytest.mark.parametrize("text", ["اليوم", "غدا في جنيف", ARTICLE])
def test_one_stray_byte_anywhere_never_makes_utf8_mojibake(text):
    for cut in range(len(text) + 1):
        head, tail = text[:cut].encode(), text[cut:].encode()
        for stray in (b"\xff", b"\x80", b"\xd8"):
            decoded = decode_bytes(head + stray + tail)
            assert decoded.encoding == "utf-8" and decoded.text.replace("\ufffd", "") == text
            assert decoded.warnings


def test_windows_1256_is_still_detected():
    assert decode_bytes(ARTICLE.encode("cp1256")) .text == ARTICLE


@pytest.mark.parametrize("seed", range(5))
def test_random_high_bytes_without_nul_are_not_text(seed):
    rng = random.Random(seed)
    with pytest.raises(NotText, match="not text"):
        decode_bytes(bytes(rng.randrange(0x80, 0x100) for _ in range(3000)))
    with pytest.raises(NotText):
        decode_bytes(bytes(rng.randrange(1, 0x100) for _ in range(3000)))


# --- bad rows: one row costs only itself -----------------------------------------------------

def _deep(levels: int) -> str:
    return '{"a":' * levels + "1" + "}" * levels


@pytest.mark.parametrize("workers", [0, 1])
def test_bad_rows_cost_only_themselves(factory, tmp_path, workers):
    path = tmp_path / "rows.jsonl"
    lines = [
        row("good-1"),
        row("surrogate").replace("لافروف", "لافروف \\ud800"),
        '{"id": "deep-text", "text": ' + "[" * 100_000 + "]" * 100_000 + "}",
        row("good-2"),
        row("deep-meta")[:-1] + ', "meta": ' + _deep(500) + "}",
        row("nul").replace("موسكو", "موس\\u0000كو"),
        '{"id": "digits", "text": "x", "n": ' + "9" * 5000 + "}",
        row("good-3"),
        row("meta-nul")[:-1] + ', "note": "a\\u0000b", "k\\ud800": "\\udfff"}',
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = run(factory, [path], workers=workers)
    assert (summary.new, summary.failed) == (7, 2), summary.errors
    failed = {e["input"].rsplit(":", 1)[1]: e["error"] for e in summary.errors}
    assert set(failed) == {"3", "7"} and "nested too deeply" in failed["3"]
    warned = {w["input"].rsplit(":", 1)[1]: w["warning"] for w in summary.warnings}
    assert "lone surrogate" in warned["2"] and "`meta`" in warned["5"] and "NUL" in warned["6"]
    assert "metadata" in warned["9"]
    texts = stored_texts(factory)
    by_id = {k.rsplit("=", 1)[1]: t for k, t in texts.items()}
    assert "لافروف \ufffd" in by_id["surrogate"]
    assert "موسكو" in by_id["nul"] and "\x00" not in by_id["nul"]
    with factory() as s:
        extra = s.scalars(select(Document.extra).where(Document.key.like("%deep-meta"))).one()
    assert "meta" not in (extra or {})
    with factory() as s:
        extra = s.scalars(select(Document.extra).where(Document.key.like("%meta-nul"))).one()
    assert extra["note"] == "ab" and extra["k\ufffd"] == "\ufffd"
    # a second run finds every stored row unchanged and fails the same two, nothing more
    again = run(factory, [path], workers=workers)
    assert (again.new, again.changed, again.unchanged, again.failed) == (0, 0, 7, 2)


def test_a_line_with_a_stray_byte_is_read_with_a_warning(factory, tmp_path):
    path = tmp_path / "rows.jsonl"
    good = row("a").encode()
    cut = good.index("موسكو".encode()) + 2
    path.write_bytes(good[:cut] + b"\xff" + good[cut:] + b"\n" + row("b").encode() + b"\n")
    summary = run(factory, [path])
    assert (summary.new, summary.failed) == (2, 0)
    assert "byte offset in the line" in summary.warnings[0]["warning"] and summary.warnings[0]["input"].endswith(":1")


# --- bad encodings in files: stored right on both backends ------------------------------------

@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_files_without_bom_are_stored_as_text(factory, tmp_path, encoding):
    (tmp_path / "a.txt").write_bytes(ARTICLE.encode(encoding))
    summary = run(factory, [tmp_path / "a.txt"])
    assert (summary.new, summary.failed) == (1, 0)
    assert list(stored_texts(factory).values()) == [ARTICLE.strip()]


def test_nul_bytes_are_removed_with_a_warning_on_every_backend(factory, tmp_path):
    (tmp_path / "a.txt").write_bytes(ARTICLE[:30].encode() + b"\x00" + ARTICLE[30:].encode())
    summary = run(factory, [tmp_path / "a.txt"])
    assert (summary.new, summary.failed) == (1, 0)
    assert "NUL character removed" in summary.warnings[0]["warning"] and "offset 30" in summary.warnings[0]["warning"]
    assert list(stored_texts(factory).values()) == [ARTICLE.strip()]


def test_random_high_bytes_are_refused_not_stored(factory, tmp_path):
    rng = random.Random(7)
    (tmp_path / "noise.txt").write_bytes(bytes(rng.randrange(0x80, 0x100) for _ in range(5000)))
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    summary = run(factory, [tmp_path])
    assert (summary.new, summary.failed) == (1, 1) and "not text" in summary.errors[0]["error"]
    assert list(stored_texts(factory).values()) == [ARTICLE.strip()]


def test_a_damaged_copy_never_silently_replaces_the_good_one(factory, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    assert run(factory, [path]).new == 1
    data = ARTICLE.encode()
    for damaged in (data[:50] + b"\xfe" + data[50:], data + "غدا".encode()[:-1]):
        path.write_bytes(damaged)
        summary = run(factory, [path])
        assert (summary.changed, summary.failed) == (0, 1)
        assert "kept the stored copy" in summary.errors[0]["error"]
        assert "byte offset" in summary.errors[0]["error"]
        assert list(stored_texts(factory).values()) == [ARTICLE.strip()]  # never the damaged text, never mojibake
    # a real change, cleanly encoded, replaces it as always
    path.write_text(ARTICLE.replace("غدا", "بعد غد"), encoding="utf-8")
    assert run(factory, [path]).changed == 1


def test_a_damaged_file_is_stored_when_nothing_better_is(factory, tmp_path):
    path = tmp_path / "a.txt"
    data = ARTICLE.encode()
    path.write_bytes(data[:50] + b"\xfe" + data[50:])
    summary = run(factory, [path], options=IngestOptions(published=date(2016, 10, 3)))
    assert (summary.new, summary.failed) == (1, 0) and "byte offset 50" in summary.warnings[0]["warning"]
    assert "\ufffd" in list(stored_texts(factory).values())[0]
