"""extract_rows(): the extract contract, on a toy tagger and on the real one."""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

import ingest.temporal as temporal
from ingest.document import SourceDocument
from ingest.extract import extract_rows
from ingest.temporal.types import TIMEX_TYPES, Resolution, TemporalExpression

REQUIRED = ("file", "start", "end", "text", "type", "value", "end_value", "granularity",
            "date_start", "date_end", "rule", "status", "article", "anchor_basis")


def _toy(monkeypatch):
    def tag(text):
        return [TemporalExpression(m.start(), m.end(), m.group(), "DATE", {"days": 0})
                for m in re.finditer("اليوم", text)]

    def resolve(e, ctx):
        if ctx.dct is None:
            return Resolution(value="XXXX-XX-XX", status="unresolved", symbolic="DCT")
        return Resolution(value=ctx.dct.isoformat(), granularity="day", date_start=ctx.dct, date_end=ctx.dct)
    monkeypatch.setattr(temporal, "tag", tag, raising=False)
    monkeypatch.setattr(temporal, "resolve", resolve, raising=False)
    monkeypatch.setattr(temporal, "implied_anchor", lambda e, c: None, raising=False)
    monkeypatch.delattr(temporal, "context_for", raising=False)


def test_rows_follow_the_contract(monkeypatch):
    _toy(monkeypatch)
    text = "عنوان\n\nموسكو|\n\nقال الوزير اليوم إن اليوم مهم."
    rows = extract_rows(SourceDocument(key="k", text=text, path="dir/a.txt"), dct=date(2016, 1, 2))
    assert len(rows) == 2
    for r in rows:
        assert set(REQUIRED) <= set(r)
        assert r["file"] == "dir/a.txt"
        assert text[r["start"]:r["end"]] == r["text"]
        assert r["value"] == "2016-01-02" and r["date_start"] == "2016-01-02"
        assert r["article"] == 0 and r["anchor_basis"] == "metadata"
        json.dumps(r, ensure_ascii=False)  # serialisable as it stands
    assert rows[0]["start"] < rows[1]["start"]


def test_file_label_and_unknown_anchor(monkeypatch):
    _toy(monkeypatch)
    rows = extract_rows(SourceDocument(key="k", text="اليوم"), file_label="x.txt")
    assert rows[0]["file"] == "x.txt" and rows[0]["status"] == "unresolved"
    assert rows[0]["date_start"] is None and rows[0]["anchor_basis"] == "unknown"


def test_offsets_are_page_offsets_on_multi_article_pages(monkeypatch):
    _toy(monkeypatch)
    text = "أ\n\nموسكو|\n\nنص اليوم.\n\nب\n\nموسكو|\n\nنص آخر اليوم.\n\nانظر ايضاً\n\nاليوم"
    rows = extract_rows(SourceDocument(key="k", text=text), dct=date(2016, 1, 2))
    assert [r["article"] for r in rows] == [0, 1, None]
    assert [r["article_key"] for r in rows] == ["k#0", "k#1", None]
    assert all(text[r["start"]:r["end"]] == r["text"] for r in rows)
    # page date is not an article's anchor on a multi-article page
    assert rows[0]["status"] == "unresolved" and rows[2]["value"] == "2016-01-02"


# --- on the real tagger/resolver --------------------------------------------

def _valid_timex(value) -> bool:
    try:
        from ingest.temporal.timex import is_valid_timex
    except ImportError:
        return True
    return is_valid_timex(value)


def _ready() -> bool:
    return all(hasattr(temporal, n) for n in ("tag", "resolve"))


def _seeds() -> list[Path]:
    root = Path(__file__).resolve().parents[1]
    for folder in (root / "samples", root.parent / "shared" / "seeds"):
        if folder.is_dir() and list(folder.glob("00*.txt")):
            return sorted(folder.glob("00*.txt"))
    return []


@pytest.mark.skipif(not _ready(), reason="temporal package not ready")
@pytest.mark.parametrize("text", [
    "", "\x00\x01", "اليوم" * 3, "أمس\n\nموسكو|\n\n" * 50, "موسكو|", "١٢٣ / ٤٥٦", "انظر ايضاً",
    "عنوان\nموسكو-سانا أكد الوزير اليوم الثلاثاء 27 أكتوبر/تشرين الأول أن الأمر مهم.",
])
def test_real_extract_never_raises_and_keeps_spans(text):
    rows = extract_rows(SourceDocument(key="t", text=text))
    for r in rows:
        assert 0 <= r["start"] < r["end"] <= len(text)
        assert text[r["start"]:r["end"]] == r["text"]
        assert r["type"] in TIMEX_TYPES
    assert rows == extract_rows(SourceDocument(key="t", text=text)), "deterministic"


@pytest.mark.skipif(not _ready(), reason="temporal package not ready")
def test_seed_004_extract_reports_mentions_of_every_article():
    seeds = [p for p in _seeds() if p.name.startswith("004_")]
    if not seeds:
        pytest.skip("seed files not available")
    p = seeds[0]
    text = p.read_text(encoding="utf-8")
    rows = extract_rows(SourceDocument(key=p.name, text=text, path=str(p)), dct=date(2016, 10, 4), file_label=p.name)
    assert all(text[r["start"]:r["end"]] == r["text"] for r in rows)
    by_text = {(r["start"], r["text"]): r for r in rows}
    assert by_text[(379, "الاثنين 3 تشرين الأول")]["value"] == "2016-10-03"
    assert {r["article"] for r in rows} >= set(range(10)) - {6}
    assert [r["start"] for r in rows] == sorted(r["start"] for r in rows)


from hypothesis import given, settings, strategies as st  # noqa: E402

_PIECES = st.sampled_from([
    "موسكو|", "\n\n", "دمشق - سانا ", "أرشيف الوسم : س\n", "انظر ايضاً\n", "اليوم ", "أمس ", "الاثنين 3 تشرين الأول ",
    "19 أيلول الجاري ", "يوم الخميس المقبل ", "عام 2015 ", "٢٠١٦ ", "منذ 18 شهرا ", "الخريف المقبل ", "قال الوزير ",
    "عنوان ", ". ", "\u00a0", "\r\n", "ـ", "* * *\n", "رأس السنة الهجرية ", "1 محرم 1438 هـ ", "x",
])


@pytest.mark.skipif(not _ready(), reason="temporal package not ready")
@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join), st.sampled_from([None, date(2016, 10, 4)]))
def test_extract_property(text, dct):
    rows = extract_rows(SourceDocument(key="h", text=text), dct=dct)
    prev = -1
    for r in rows:
        assert 0 <= r["start"] < r["end"] <= len(text)
        assert text[r["start"]:r["end"]] == r["text"]
        assert r["start"] >= prev
        prev = r["start"]
        assert r["anchor_basis"] in ("metadata", "lead", "inferred", "unknown")
        assert _valid_timex(r["value"]), r
        json.dumps(r, ensure_ascii=False)
    assert rows == extract_rows(SourceDocument(key="h", text=text), dct=dct)


def _gold_dir() -> Path | None:
    root = Path(__file__).resolve().parents[1]
    for folder in (root / "samples" / "gold", root.parent / "shared" / "gold"):
        if (folder / "seeds_timex.jsonl").is_file() and (folder / "seeds_manifest.jsonl").is_file():
            return folder
    return None


@pytest.mark.skipif(not _ready(), reason="temporal package not ready")
def test_seed_gold_every_mention_reported_with_page_offsets_and_values_right():
    gold_dir, seeds = _gold_dir(), {p.name: p for p in _seeds()}
    if gold_dir is None or not seeds:
        pytest.skip("seed gold not available")
    manifest = [json.loads(l) for l in (gold_dir / "seeds_manifest.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
    gold = [json.loads(l) for l in (gold_dir / "seeds_timex.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
    scored = right = 0
    for m in manifest:
        p = seeds[m["file"]]
        text = p.read_text(encoding="utf-8")
        dct = date.fromisoformat(m["dct"]) if m["dct"] else None
        rows = extract_rows(SourceDocument(key=p.name, text=text, path=str(p)), dct=dct, file_label=p.name)
        for g in (g for g in gold if g["file"] == m["file"] and not g.get("optional")):
            hits = [r for r in rows if min(r["end"], g["end"]) > max(r["start"], g["start"])]
            assert hits, f"{g['file']}:{g['start']} {g['text']} not reported"
            if not g.get("needs_dct"):
                scored += 1
                right += hits[0]["value"] == g["value"] and hits[0].get("end_value") == g.get("end_value")
    assert scored and right / scored >= 0.97
