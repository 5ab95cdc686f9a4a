"""Arabic date labels: what a reader sees for each precision, in both calendars and the three month-name styles."""
from __future__ import annotations

from datetime import date

import pytest

from api import display


def ev(start: str, end: str | None = None, granularity: str = "day", value: str | None = None, **kw) -> dict:
    return {"date_start": date.fromisoformat(start), "date_end": date.fromisoformat(end or start),
            "granularity": granularity, "value": value or start, **kw}


@pytest.mark.parametrize("event,label", [
    (ev("2016-10-03"), "يوم الإثنين 3 تشرين الأول 2016"),
    (ev("2016-10-03", granularity="time", value="2016-10-03T14:30"), "يوم الإثنين 3 تشرين الأول 2016 الساعة 14:30"),
    (ev("2017-01-23", "2017-01-24", end_value="2017-01-24"), "23-24 كانون الثاني 2017"),
    (ev("2017-01-30", "2017-02-02"), "30 كانون الثاني - 2 شباط 2017"),
    (ev("2016-12-30", "2017-01-02"), "30 كانون الأول 2016 - 2 كانون الثاني 2017"),
    (ev("2017-02-13", "2017-02-19", "week", "2017-W07"), "أسبوع 13-19 شباط 2017"),
    (ev("2016-09-01", "2016-09-30", "month", "2016-09"), "أيلول 2016"),
    (ev("2016-02-01", "2016-04-30", "month", "2016-02"), "شباط - نيسان 2016"),
    (ev("2016-11-01", "2017-01-31", "month", "2016-11"), "تشرين الثاني 2016 - كانون الثاني 2017"),
    (ev("2016-09-01", "2016-11-30", "season", "2016-FA"), "خريف 2016"),
    (ev("2016-12-01", "2017-02-28", "season", "2016-WI"), "شتاء 2016-2017"),
    # the end of autumn (أواخر الخريف): the months it covers, not all of autumn
    (ev("2016-11-01", "2016-11-30", "season", "2016-FA"), "تشرين الثاني 2016"),
    (ev("2016-04-01", "2016-06-30", "quarter", "2016-Q2"), "الربع الثاني 2016"),
    (ev("2015-01-01", "2015-12-31", "year", "2015"), "عام 2015"),
    (ev("2015-01-01", "2016-12-31", "year", "2015"), "2015-2016"),
    (ev("2010-01-01", "2019-12-31", "decade", "201"), "العقد 2010-2019"),
    (ev("2000-01-01", "2099-12-31", "century", "20"), "القرن 21"),
    # a Hijri month seen in the Gregorian calendar: the days it covers
    (ev("2016-06-06", "2016-07-05", "month", "1437-09", calendar="hijri"), "6 حزيران - 5 تموز 2016"),
])
def test_gregorian_labels_say_no_more_than_the_precision(event, label):
    assert display.gregorian_display(event) == label


@pytest.mark.parametrize("style,label", [
    ("levant", "أيلول 2016"), ("egypt", "سبتمبر 2016"), ("maghreb", "سبتمبر 2016"),
])
def test_month_name_styles(style, label):
    assert display.gregorian_display(ev("2016-09-01", "2016-09-30", "month", "2016-09"), style) == label
    assert display.gregorian_display(ev("2016-06-08"), style, weekday=False) == \
        {"levant": "8 حزيران 2016", "egypt": "8 يونيو 2016", "maghreb": "8 جوان 2016"}[style]


def test_unknown_month_style_is_a_clear_error():
    with pytest.raises(ValueError, match="levant, egypt, maghreb"):
        display.gregorian_display(ev("2016-06-08"), "martian")


@pytest.mark.parametrize("event,label", [
    (ev("2016-10-03", hijri_start="1438-01-02", hijri_end="1438-01-02"), "2 محرم 1438 هـ"),
    (ev("2017-01-23", "2017-01-24", hijri_start="1438-04-25", hijri_end="1438-04-26"), "25-26 ربيع الآخر 1438 هـ"),
    (ev("2016-09-01", "2016-09-30", "month", "2016-09", hijri_start="1437-11-29", hijri_end="1437-12-29"),
     "29 ذو القعدة - 29 ذو الحجة 1437 هـ"),
    (ev("2016-09-01", "2016-11-30", "season", "2016-FA", hijri_start="1437-11-29", hijri_end="1438-03-01"),
     "29 ذو القعدة 1437 - 1 ربيع الأول 1438 هـ"),
    (ev("2015-01-01", "2015-12-31", "year", "2015", hijri_start="1436-03-10", hijri_end="1437-03-20"), "1436-1437 هـ"),
    (ev("2016-06-06", "2016-07-05", "month", "1437-09", calendar="hijri", hijri_start="1437-09-01",
        hijri_end="1437-09-30"), "رمضان 1437 هـ"),
    (ev("2016-10-03"), None),
])
def test_hijri_equivalents(event, label):
    assert display.hijri_display(event) == label


def test_hijri_first_names_the_weekday():
    assert display.hijri_display(ev("2016-10-03", hijri_start="1438-01-02"), weekday=True) == "يوم الإثنين 2 محرم 1438 هـ"


def test_event_display_puts_the_hijri_equivalent_beside():
    assert display.event_display(ev("2016-10-03", hijri_start="1438-01-02"), "egypt") == \
        "يوم الإثنين 3 أكتوبر 2016 (2 محرم 1438 هـ)"


@pytest.mark.parametrize("confidence,quality", [(0.95, None), (0.85, None), (0.75, "inferred"), (0.698, "inferred"),
                                                (0.558, "approximate"), (0.42, "approximate"), (None, None)])
def test_date_quality_from_confidence(confidence, quality):
    assert display.date_quality({"confidence": confidence}) == quality


def test_explanations_are_arabic_never_the_english_rule():
    assert display.explanation_text({"explanation": "تاريخ نشر المقال", "rule": "the article's date"}) == "تاريخ نشر المقال"
    assert display.explanation_text({"rule": "deictic: the anchor day", "provenance": {"mention_text": "أمس"}}) == \
        "حُدِّد التاريخ من عبارة «أمس» في المقال."
    assert display.explanation_text({"rule": "the article's date", "provenance": {}}) == "حُدِّد التاريخ من تاريخ المقال."


def test_phrase_spans_find_every_occurrence_in_the_sentence():
    assert display.phrase_spans("قال اليوم إن اجتماع اليوم انتهى", "اليوم") == [(4, 9), (20, 25)]
    assert display.phrase_spans("نص", None) == [] and display.phrase_spans("نص", "غائب") == []


@pytest.mark.parametrize("n,label", [(1, "مقال واحد"), (2, "مقالان"), (3, "3 مقالات"), (10, "10 مقالات"),
                                     (11, "11 مقالا"), (99, "99 مقالا"), (100, "100 مقال"),
                                     (102, "102 مقال"), (103, "103 مقالات"), (111, "111 مقالا")])
def test_article_counts_follow_arabic_number_agreement(n, label):
    assert display.article_count(n) == label


def test_page_data_is_json_ready_and_complete():
    import json

    data = json.loads(json.dumps(display.page_data(), ensure_ascii=False))
    assert set(data["month_styles"]) == {"levant", "egypt", "maghreb"}
    assert all(len(s["months"]) == 12 for s in data["month_styles"].values())
    assert len(data["hijri_months"]) == 12 and len(data["weekdays"]) == 7
