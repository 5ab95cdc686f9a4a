"""Resolution.explanation: a short Arabic sentence for readers, for every kind of resolution."""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from ingest.temporal import AnchorContext, resolve, tag
from ingest.temporal.types import TemporalExpression

ARABIC = re.compile(r"[\u0600-\u06ff]")
D = date.fromisoformat


def explain(text: str, dct: str | None = None, expr: str | None = None) -> str:
    found = [e for e in tag(text) if expr is None or e.text == expr]
    assert found, text
    return resolve(found[0], AnchorContext(dct=D(dct) if dct else None)).explanation


@pytest.mark.parametrize("text, dct, expr, expected", [
    ("قال الوزير أمس إن المحادثات مستمرة", "2016-10-05", "أمس", "أمس: اليوم السابق لتاريخ النشر 2016-10-05"),
    ("زار الوزير الرياض الثلاثاء الماضي", "2016-10-05", None, "يوم الثلاثاء السابق لتاريخ النشر 2016-10-05"),
    ("بدأ الصيام في 15 رمضان 1437 هـ", None, None, "15 رمضان 1437 هـ بتقويم أم القرى"),
    ("ستجري الانتخابات في 27 آذار", "2016-10-05", None,
     "السنة غير مذكورة: أول «27 آذار» بعد تاريخ النشر 2016-10-05 (سياق المستقبل)"),
    ("عقد الاجتماع في 27 آذار", "2016-10-05", None,
     "السنة غير مذكورة: آخر «27 آذار» قبل تاريخ النشر 2016-10-05 (سياق الماضي)"),
    ("وقع الحادث قبل ثلاثة أيام", "2016-10-05", None, "قبل 3 أيام من تاريخ النشر 2016-10-05"),
    ("افتتح المعرض في 4 تشرين الأول 2018 وزاره الوزير في اليوم التالي", "2018-10-20", "اليوم التالي",
     "اليوم التالي: اليوم التالي للتاريخ المذكور قبله في النص (2018-10-04)"),
    ("ويلتقي المنتخبان غدا السبت", "2014-03-13", None,
     "غدا السبت: اليوم التالي لتاريخ النشر 2014-03-13؛ اليوم المكتوب في النص (السبت) هو المعتمد، "
     "فالخبر منشور على الأرجح بفارق يوم"),
])
def test_explanations_say_how_the_date_was_read(text, dct, expr, expected):
    assert explain(text, dct, expr) == expected


def test_no_date_says_why():
    assert "تاريخ نشر النص غير معروف" in explain("قال الوزير أمس")
    assert "مدة زمنية" in explain("استمرت المعارك لمدة ثلاثة أيام", "2016-10-05")
    assert "الحاضر" in explain("تغيرت الأمور الآن", "2016-10-05")
    assert "تكرار" in explain("يتظاهرون كل يوم جمعة", "2016-10-05")


def test_broken_or_old_specs_are_explained_not_raised():
    for spec in ({}, {"kind": "nonsense"}, {"kind": "date", "month": 13, "day": 40, "year": 2016}):
        r = resolve(TemporalExpression(0, 1, "x", "DATE", spec), AnchorContext(dct=D("2016-01-01")))
        assert r.explanation and ARABIC.search(r.explanation)


def test_every_corpus_resolution_has_an_arabic_explanation():
    corpus = Path(__file__).resolve().parent.parent / "corpus"
    n = 0
    for path in sorted(corpus.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            case = json.loads(line)
            ctx = AnchorContext(dct=D(case["dct"]) if case.get("dct") else None)
            for e in tag(case["text"]):
                r = resolve(e, ctx)
                assert r.explanation and ARABIC.search(r.explanation), (e.text, r)
                n += 1
    assert n > 500
