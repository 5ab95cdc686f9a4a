"""analyse(): one tagging pass, expressions shared out by offset, per-article resolution."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

import ingest.temporal as temporal
from ingest.analyse import analyse, resolve_mentions, split_by_article
from ingest.document import BASIS_METADATA, BASIS_UNKNOWN, Anchor
from ingest.temporal.types import RESOLVED, UNRESOLVED, Resolution, TemporalExpression

# A toy tagger/resolver: "أمس" is the day before the anchor, "الأربعاء 25 شباط"
# a weekday date. Enough to watch analyse route expressions and anchors.
_TOY = re.compile(r"أمس|الأربعاء 25 شباط|الخميس 4 شباط")


def toy_tag(text):
    out = []
    for m in _TOY.finditer(text):
        spec = {"kind": "deictic", "days": -1} if m.group() == "أمس" else {
            "kind": "date", "day": int(re.search(r"\d+", m.group()).group()), "month": 2,
            "weekday": 2 if "الأربعاء" in m.group() else 3}
        out.append(TemporalExpression(m.start(), m.end(), m.group(), "DATE", spec))
    return out


def toy_resolve(e, ctx):
    if e.spec["kind"] == "deictic":
        if ctx.dct is None:
            return Resolution(value="XXXX-XX-XX", status=UNRESOLVED, symbolic="DCT-1D", rule="day before DCT")
        d = ctx.dct + timedelta(days=-1)
        return Resolution(value=d.isoformat(), granularity="day", date_start=d, date_end=d, rule="day before DCT")
    y = ctx.dct.year if ctx.dct else 2000
    d = date(y, 2, e.spec["day"])
    return Resolution(value=d.isoformat(), granularity="day", date_start=d, date_end=d, status=RESOLVED)


@pytest.fixture
def toy(monkeypatch):
    monkeypatch.setattr(temporal, "tag", toy_tag, raising=False)
    monkeypatch.setattr(temporal, "resolve", toy_resolve, raising=False)
    monkeypatch.setattr(temporal, "implied_anchor", lambda e, ctx: None, raising=False)
    monkeypatch.delattr(temporal, "context_for", raising=False)


PAGE = """أرشيف الوسم : أمس

أ

موسكو|

قال الوزير في موسكو يوم الأربعاء 25 شباط إن ما جرى أمس مهم.

ب

موسكو|

قال الوزير إن ما جرى أمس مهم.

انظر ايضاً

خبر أمس
"""


def test_each_article_resolves_against_its_own_anchor(toy):
    from ingest.document import SourceDocument
    src = SourceDocument(key="p", text=PAGE)
    res = analyse(src, dct=date(2015, 3, 1))
    assert len(res.articles) == 2
    a1, a2 = res.articles
    assert a1.anchor.date == date(2015, 2, 25)
    assert [m.resolution.value for m in a1.mentions] == ["2015-02-25", "2015-02-24"]
    assert a2.anchor.basis == BASIS_UNKNOWN
    assert [m.resolution.status for m in a2.mentions] == [UNRESOLVED]
    assert a2.mentions[0].resolution.symbolic == "DCT-1D"
    # furniture mentions are kept, resolved against the page date
    assert [(m.expression.text, m.resolution.value) for m in res.outside] == [("أمس", "2015-02-28"), ("أمس", "2015-02-28")]
    assert res.page_anchor.basis == BASIS_METADATA
    # every mention keeps page offsets
    for _, m in res.mentions():
        assert PAGE[m.expression.start:m.expression.end] == m.expression.text
    assert [m.expression.start for _, m in res.mentions()] == sorted(m.expression.start for _, m in res.mentions())


def test_reanchoring_without_parsing(toy):
    e = TemporalExpression(0, 3, "أمس", "DATE", {"kind": "deictic", "days": -1})
    before = resolve_mentions([e], Anchor(date=None))
    assert before[0].resolution.status == UNRESOLVED
    after = resolve_mentions([e], Anchor(date=date(2015, 11, 24), basis=BASIS_METADATA))
    assert after[0].resolution.value == "2015-11-23"


def test_resolver_failure_keeps_the_mention(monkeypatch):
    def boom(e, ctx):
        raise RuntimeError("bug")
    monkeypatch.setattr(temporal, "resolve", boom, raising=False)
    e = TemporalExpression(0, 3, "أمس", "DATE", {})
    [m] = resolve_mentions([e], Anchor(date=date(2016, 1, 1)))
    assert m.resolution.status == UNRESOLVED and "RuntimeError" in m.resolution.rule


def test_tagger_failure_gives_no_mentions_not_an_error(monkeypatch):
    def boom(text):
        raise ValueError("bug")
    monkeypatch.setattr(temporal, "tag", boom, raising=False)
    from ingest.document import SourceDocument
    res = analyse(SourceDocument(key="x", text="عنوان\n\nنص."))
    assert len(res.articles) == 1 and res.articles[0].mentions == [] and res.outside == []


@pytest.mark.parametrize("text", ["", " ", "\n\n", "؟", "a" * 10000])
def test_odd_text(toy, text):
    from ingest.document import SourceDocument
    res = analyse(SourceDocument(key="x", text=text))
    assert res.outside == [] and all(a.mentions == [] for a in res.articles)


def test_split_by_article():
    es = [TemporalExpression(s, s + 1, "x", "DATE") for s in (0, 5, 10, 15, 25)]
    per, outside = split_by_article(es, [(4, 12), (14, 20)])
    assert [[e.start for e in p] for p in per] == [[5, 10], [15]]
    assert [e.start for e in outside] == [0, 25]


def test_uncertain_anchor_year_makes_dependent_values_uncertain(toy):
    e = TemporalExpression(0, 3, "أمس", "DATE", {"kind": "deictic", "days": -1})
    fixed = TemporalExpression(4, 20, "الأربعاء 25 شباط", "DATE", {"kind": "date", "day": 25, "month": 2, "weekday": 2})
    anchor = Anchor(date=date(2015, 3, 1), basis="lead", candidates=("2009-03-01",))
    dep, _ = resolve_mentions([e, fixed], anchor)
    assert dep.resolution.status == "uncertain" and dep.resolution.candidates == ("2009-02-28",)
    assert dep.resolution.value == "2015-02-28"
    # without candidates nothing is marked
    [m] = resolve_mentions([e], Anchor(date=date(2015, 3, 1), basis="lead"))
    assert m.resolution.status == RESOLVED


def _real_ready() -> bool:
    return all(hasattr(temporal, n) for n in ("tag", "resolve"))


def _seed_text(prefix: str):
    from pathlib import Path
    root = Path(__file__).resolve().parents[1]
    for folder in (root / "samples", root.parent / "shared" / "seeds"):
        if folder.is_dir():
            for p in sorted(folder.glob(f"{prefix}_*.txt")):
                return p.name, p.read_text(encoding="utf-8")
    return None, None


@pytest.mark.skipif(not _real_ready(), reason="temporal package not ready")
def test_supplying_a_date_later_dates_seed_000s_press_conference():
    from ingest.anchor import with_published
    from ingest.document import SourceDocument
    name, text = _seed_text("000")
    if text is None:
        pytest.skip("seed files not available")
    res = analyse(SourceDocument(key=name, text=text))
    [art] = res.articles
    assert art.anchor.basis == BASIS_UNKNOWN
    today = [m for m in art.mentions if m.expression.text == "اليوم"]
    assert today and all(m.resolution.status == UNRESOLVED for m in today)
    # the store keeps the expressions; a date arrives; no parsing again
    again = resolve_mentions([m.expression for m in art.mentions], with_published(art.anchor, date(2015, 11, 24)))
    first = [m for m in again if m.expression.text == "اليوم"][0]
    assert first.resolution.value == "2015-11-24"
    assert first.resolution.date_start == date(2015, 11, 24)


def test_dates_may_come_as_datetimes_or_strings(toy):
    from datetime import datetime
    from ingest.document import SourceDocument
    a = analyse(SourceDocument(key="x", text="قال أمس.", published=datetime(2015, 3, 1, 12, 30)))
    assert a.articles[0].anchor.date == date(2015, 3, 1)
    b = analyse(SourceDocument(key="x", text=PAGE), dct="2015-03-01")
    assert b.articles[0].anchor.date == date(2015, 2, 25)
    c = analyse(SourceDocument(key="x", text=PAGE), dct="not a date")
    assert c.page_anchor.basis == BASIS_UNKNOWN


@pytest.mark.skipif(not _real_ready(), reason="temporal package not ready")
def test_long_archive_page_stays_fast():
    import time
    from ingest.document import SourceDocument
    block = ("عنوان الخبر\n\nموسكو|\n\nقال الوزير إن المحادثات مستمرة. وأضاف في مؤتمر صحفي الاثنين 3 تشرين الأول "
             "أن الاجتماع المقبل سيعقد يوم الخميس المقبل.\n\n" + "وتابع أن الأمر مهم جدا. " * 40 + "\n\n")
    text = block * 300   # ~400 000 characters, 300 articles
    t0 = time.perf_counter()
    res = analyse(SourceDocument(key="big", text=text), dct=date(2016, 10, 4))
    assert len(res.articles) == 300
    assert time.perf_counter() - t0 < 20, "anchoring must stay linear in the page length"
