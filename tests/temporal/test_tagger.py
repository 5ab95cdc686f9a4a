"""Tagger: each class of expression found (positive) and look-alikes left alone (negative)."""
from __future__ import annotations

import pytest

from ingest.temporal import tag


def texts(sentence: str) -> list[str]:
    return [e.text for e in tag(sentence)]


def kinds(sentence: str) -> list[str]:
    return [e.spec["kind"] for e in tag(sentence)]


@pytest.mark.parametrize("sentence, expected", [
    # deictic days, with parts of day and an added weekday
    ("عاد الوفد أمس إلى دمشق", ["أمس"]),
    ("وصل بالأمس إلى الرياض", ["الأمس"]),
    ("عقد مؤتمرا صحفيا أول أمس", ["أول أمس"]),
    ("ويصل المبعوث غدا إلى جنيف", ["غدا"]),
    ("تبدأ المحادثات بعد غد", ["بعد غد"]),
    ("شهدت المدينة مساء أمس انفجارا", ["مساء أمس"]),
    ("يلتقي الرئيس صباح الغد نظيره", ["صباح الغد"]),
    ("كان من المقرر أن يزورها يوم غد الأربعاء", ["يوم غد الأربعاء"]),
    ("واليوم أعلنت الحكومة استقالتها", ["اليوم"]),
    # weekdays
    ("قال الوزير الخميس إن", ["الخميس"]),
    ("التقى الوزيران يوم الأحد الماضي", ["يوم الأحد الماضي"]),
    ("تبدأ الجولة الاثنين المقبل", ["الاثنين المقبل"]),
    ("وقع الانفجار ليلة السبت", ["ليلة السبت"]),
    ("والثلاثاء الماضي عقدت الجلسة", ["الثلاثاء الماضي"]),
    # months, dates
    ("في 27 أكتوبر/تشرين الأول", ["27 أكتوبر/تشرين الأول"]),
    ("في تشرين الأول/أكتوبر الماضي", ["تشرين الأول/أكتوبر الماضي"]),
    ("في 3 كانون الثاني 2016", ["3 كانون الثاني 2016"]),
    ("منذ 12 ديسمبر 2015", ["منذ 12 ديسمبر 2015"]),
    ("في 1 جوان 2015 وفي 2 ماي 2016", ["1 جوان 2015", "2 ماي 2016"]),
    ("بتاريخ 3/10/2016", ["3/10/2016"]),
    ("بتاريخ ٣/١٠/٢٠١٦", ["٣/١٠/٢٠١٦"]),
    ("في عام 2015", ["عام 2015"]),
    ("خلال العام 2014", ["العام 2014"]),
    ("تأسس عام 1945م", ["عام 1945م"]),
    # relative periods
    ("خلال هذا الأسبوع", ["هذا الأسبوع"]),
    ("في الشهر الماضي", ["الشهر الماضي"]),
    ("في نهاية العام الماضي", ["نهاية العام الماضي"]),
    ("في الـ 20 من الشهر الجاري", ["الـ 20 من الشهر الجاري"]),
    ("في الخريف المقبل", ["الخريف المقبل"]),
    ("في التسعينيات", ["التسعينيات"]),
    ("في القرن الماضي", ["القرن الماضي"]),
    ("للعام الثاني، وللعام المقبل", ["لعام المقبل"]),
    # offsets and durations
    ("منذ 18 شهرا", ["منذ 18 شهرا"]),
    ("قبل ثلاثة أيام", ["قبل ثلاثة أيام"]),
    ("بعد أسبوعين", ["بعد أسبوعين"]),
    ("لمدة 48 ساعة", ["لمدة 48 ساعة"]),
    # intervals
    ("يومي 15 و16 شباط", ["يومي 15 و16 شباط"]),
    ("من 3 إلى 5 آذار", ["3 إلى 5 آذار"]),
    ("بين 2014 و2016", ["بين 2014 و2016"]),
    # Hijri and holidays
    ("في 1 محرم 1438 هـ", ["1 محرم 1438 هـ"]),
    ("في 15 رمضان 1437", ["15 رمضان 1437"]),
    ("في غرة شوال 1437 هـ", ["غرة شوال 1437 هـ"]),
    ("بمناسبة عيد الأضحى", ["عيد الأضحى"]),
    ("خلال شهر رمضان", ["شهر رمضان"]),
    ("في رمضان الماضي", ["رمضان الماضي"]),
    # vague
    ("حتى الآن", ["حتى الآن"]),
    ("يعمل حاليا", ["حاليا"]),
])
def test_positive(sentence, expected):
    assert texts(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "الأمين العام للأمم المتحدة",
    "الرأي العام الدولي",
    "بشكل عام",
    "القرار رقم 2254",
    "القرارات 2170 و2177 و2199 و2249",
    "أكثر من 2000 شخص",
    "مجموعة 5 زائد 1",
    "الرئيس رجب طيب أردوغان",
    "الوزير رمضان عبد الله",
    "مارس الضغوط على الحكومة",
    "في اليوم التالي",
    "في ذلك اليوم",
    "اليوم العالمي لحرية الصحافة",
    "بين الاثنين",
    "في سنوات مكافحة النازية",
    "الربيع العربي",
    "صفقة القرن",
    "سيرغي لافروف",
    "سيادة سورية ووحدة أراضيها",
    "الجمعية العامة",
    "كل مرة",
    "في أقرب وقت",
    "في البداية",
    "31 شباط",
    "13/13/2016",
    "الدقيقة 90 من المباراة",
])
def test_negative(sentence):
    assert texts(sentence) == []


@pytest.mark.parametrize("sentence", ["32 أيار 2016", "0 أيار 2016", "29 شباط 2015", "31 نيسان 2016"])
def test_impossible_day_is_not_a_day(sentence):
    # the month and year may still be read; never a day that does not exist
    assert all(e.spec.get("day") is None for e in tag(sentence))


def test_offsets_map_to_original_text_with_marks_and_tatweel():
    s = "أعلن الجيش اليـــوم غداً ٢٠١٦"
    for e in tag(s):
        assert s[e.start:e.end] == e.text
    assert texts(s) == ["اليـــوم", "غداً"]


def test_bare_weekday_reads_tense():
    past = tag("وكان الوزير قد أكد الأربعاء أن")[0].spec
    future = tag("سيعقد المجلس جلسة الأربعاء")[0].spec
    plan = tag("الاجتماع المقرر الأربعاء")[0].spec
    present = tag("القمة التي تستضيفها الدوحة الأربعاء")[0].spec
    unknown = tag("الأربعاء")[0].spec
    assert (past["direction"], future["direction"], plan["direction"], present["direction"],
            unknown["direction"]) == ("past", "future", "future", "present", "unknown")


def test_future_prefix_does_not_fire_on_names():
    assert tag("وقال سيرغي لافروف الخميس")[0].spec["direction"] == "past"


def test_generic_today_vs_deictic_today():
    assert tag("يمثلون اليوم أساس القدرات")[0].spec["kind"] == "vague"
    assert tag("والجميع يدركون ذلك جيدا اليوم")[0].spec["kind"] == "vague"
    assert tag("تعد اليوم وثيقة يقبلها الجميع")[0].spec["kind"] == "vague"
    assert tag("في مؤتمر صحفي عقده اليوم في موسكو")[0].spec["kind"] == "deictic"
    assert tag("وسيوافق عليه مجلس الأمن اليوم")[0].spec["kind"] == "deictic"
    assert tag("علينا أن نشدد اليوم على المخاطر")[0].spec["kind"] == "deictic"


def test_since_a_count_is_a_date_vague_count_a_duration():
    # منذ + a number is an offset date whatever the verb (the project's convention)
    assert kinds("انعقد في جنيف منذ 18 شهرا") == ["offset"]
    assert kinds("ثابت منذ أكثر من عامين") == ["offset"]
    assert kinds("لا يزال محاصرا منذ ثلاث سنوات") == ["offset"]
    assert kinds("يعمل المركز منذ عدة أشهر") == ["duration"]
    assert kinds("استمرت المعارك لمدة ثلاث سنوات") == ["duration"]


def test_reversed_year_is_repaired_only_when_implausible():
    assert tag("في أيلول العام 3102")[0].spec["year"] == 2013
    assert tag("في أيلول العام 3102")[0].spec["repaired_from"] == 3102
    assert "repaired_from" not in tag("في أيلول العام 2013")[0].spec
    assert tag("في أيلول العام 9999") == [] or tag("في أيلول العام 9999")[0].spec.get("kind") != "date" \
        or tag("في أيلول العام 9999")[0].spec.get("year") is None


def test_paired_hijri_gregorian_is_one_expression():
    found = tag("الأحد 1 محرم 1438هـ الموافق 2 أكتوبر 2016م")
    assert len(found) == 1
    assert found[0].spec["paired_hijri"]["month"] == 1


def test_spec_is_enough_to_resolve_without_text():
    import json
    for e in tag("قال أمس إن الاجتماع المقرر الأربعاء المقبل في 3 أيار سيبحث ما جرى منذ 18 شهرا"):
        assert json.loads(json.dumps(e.spec)) == e.spec
        assert "rule" in e.spec and "kind" in e.spec
