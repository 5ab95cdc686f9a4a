"""Resolver: pure function of (spec, context); unknown and coarse anchors; implied anchors."""
from __future__ import annotations

from datetime import date

import pytest

from ingest.temporal import AnchorContext, context_for, implied_anchor, resolve, tag
from ingest.temporal.types import DURATION, RESOLVED, UNCERTAIN, UNRESOLVED, VAGUE, TemporalExpression


def one(text: str, **ctx):
    found = tag(text)
    assert len(found) == 1, [e.text for e in found]
    return found[0], resolve(found[0], AnchorContext(**ctx))


D = date.fromisoformat


@pytest.mark.parametrize("text, symbolic, value", [
    ("قال أمس", "DCT-1D", "XXXX-XX-XX"),
    ("يصل غدا", "DCT+1D", "XXXX-XX-XX"),
    ("عقد مؤتمرا اليوم", "DCT", "XXXX-XX-XX"),
    ("قال الوزير الثلاثاء", "Tuesday on or before DCT", "XXXX-WXX-2"),
    ("سيعقد الثلاثاء", "Tuesday after DCT", "XXXX-WXX-2"),
    ("الثلاثاء الماضي", "Tuesday before DCT", "XXXX-WXX-2"),
    ("الأسبوع المقبل", "DCT week+1", "XXXX-WXX"),
    ("الشهر الماضي", "DCT month-1", "XXXX-XX"),
    ("العام المقبل", "DCT year+1", "XXXX"),
    ("منذ 18 شهرا", "DCT-18M", "XXXX-XX"),
])
def test_without_anchor_relative_expressions_stay_symbolic(text, symbolic, value):
    e, r = one(text)
    assert r.status == UNRESOLVED
    assert r.symbolic == symbolic
    assert r.value == value
    assert r.date_start is None and not r.is_dated


def test_without_anchor_absolute_dates_still_resolve():
    _, r = one("في 3 تشرين الأول 2016")
    assert (r.value, r.status, r.date_start) == ("2016-10-03", RESOLVED, D("2016-10-03"))


def test_supplying_the_anchor_later_resolves_the_same_spec():
    e, r = one("قال لافروف في مؤتمر صحفي اليوم")
    assert r.status == UNRESOLVED
    later = resolve(TemporalExpression(e.start, e.end, e.text, e.type, dict(e.spec)), AnchorContext(dct=D("2015-10-27")))
    assert later.value == "2015-10-27"


def test_month_granularity_anchor():
    ctx = dict(dct=D("2016-09-01"), dct_granularity="month")
    _, r = one("قال أمس", **ctx)
    assert r.status == UNCERTAIN and r.value == "2016-09"
    _, r = one("الشهر الماضي", **ctx)
    assert (r.value, r.status) == ("2016-08", RESOLVED)
    _, r = one("العام الماضي", **ctx)
    assert r.value == "2015"
    _, r = one("انتهى في 19 أيلول الجاري", **ctx)
    assert r.value == "2016-09-19"


def test_reference_places_yearless_dates_at_or_before_it():
    _, r = one("انتهى في 19 أيلول الجاري", reference=D("2016-10-04"))
    assert r.value == "2016-09-19"
    _, r = one("يوم 24 تشرين الثاني", reference=D("2016-10-04"))
    assert r.value == "2015-11-24"
    _, r = one("يوم الأربعاء 25 شباط", reference=D("2016-10-04"))
    assert r.value == "2015-02-25"


def test_yearless_date_nearest_the_anchor():
    assert one("في 9 أيلول", dct=D("2016-10-03"))[1].value == "2016-09-09"
    assert one("يوم 24 تشرين الثاني", dct=D("2016-02-04"))[1].value == "2015-11-24"


def test_weekday_fixes_the_year():
    _, r = one("الاثنين 3 تشرين الأول", reference=D("2016-10-04"))
    assert r.value == "2016-10-03"
    _, r = one("الخميس 4 شباط", dct=D("2016-10-04"))
    assert r.value == "2016-02-04"


def test_equally_near_years_are_uncertain_with_candidates():
    # 1 January falls on a Tuesday in 1991 and 2002, both 2009 days from 2 July 1996
    _, r = one("الثلاثاء 1 كانون الثاني", dct=D("1996-07-02"))
    assert r.status == UNCERTAIN and r.candidates
    assert {r.value, *r.candidates} == {"1991-01-01", "2002-01-01"}


def test_weekday_disagreeing_with_written_date_is_uncertain():
    _, r = one("الأحد 3 تشرين الأول 2016")   # 3 Oct 2016 is a Monday
    assert r.status == UNCERTAIN and "Monday" in r.rule


@pytest.mark.parametrize("text, dct, value", [
    ("الثلاثاء الماضي", "2016-03-15", "2016-03-08"),   # on a Tuesday: a week ago
    ("الثلاثاء المقبل", "2016-03-15", "2016-03-22"),
    ("الخميس الماضي", "2016-03-15", "2016-03-10"),
    ("الخميس المقبل", "2016-03-15", "2016-03-17"),
    ("الخميس قبل الماضي", "2016-03-15", "2016-03-03"),
    ("قال الوزير الخميس", "2016-03-15", "2016-03-10"),
    ("سيعقد الخميس", "2016-03-15", "2016-03-17"),
    ("أعلن الثلاثاء", "2016-03-15", "2016-03-15"),      # wire style: the publication day
    ("الأحد", "2016-03-15", "2016-03-13"),               # no cue: the nearest
])
def test_weekdays(text, dct, value):
    assert one(text, dct=D(dct))[1].value == value


def test_durations_and_vague_make_no_interval():
    _, r = one("لمدة ثلاثة أيام", dct=D("2016-03-15"))
    assert (r.value, r.status, r.date_start) == ("P3D", DURATION, None)
    _, r = one("حاليا", dct=D("2016-03-15"))
    assert (r.value, r.status, r.is_dated) == ("PRESENT_REF", VAGUE, False)


def test_holiday_in_the_hijri_year_around_the_anchor():
    _, r = one("بمناسبة عيد رأس السنة الهجرية", dct=D("2016-10-03"))
    assert r.value == "2016-10-02" and r.calendar == "hijri" and "Umm al-Qura" in r.rule
    _, r = one("بمناسبة عيد رأس السنة الهجرية")
    assert r.status == UNRESOLVED


def test_hijri_outside_umm_al_qura_is_flagged():
    _, r = one("في 1 محرم 1300 هـ")
    assert r.date_start is not None and "tabular" in r.rule


def test_paired_dates_disagreeing_are_reported():
    _, r = one("الأحد 1 محرم 1438هـ الموافق 5 أكتوبر 2016م")
    assert r.value == "2016-10-05" and "off" in r.rule


def test_resolve_never_raises_on_broken_specs():
    for spec in ({}, {"kind": "date"}, {"kind": "date", "month": 13, "day": 40, "year": 2016},
                 {"kind": "weekday", "weekday": "x"}, {"kind": "offset", "unit": "Q", "amount": 3},
                 {"kind": "holiday", "name": "x", "calendar": "hijri", "month": 1, "day": 31}):
        r = resolve(TemporalExpression(0, 1, "x", "DATE", spec), AnchorContext(dct=D("2016-01-01")))
        assert isinstance(r.value, str)


def test_impossible_range_end():
    r = resolve(TemporalExpression(0, 1, "x", "DATE", {"kind": "day_of_month", "day": 30, "day_end": 31,
                                                       "month_offset": 0}), AnchorContext(dct=D("2016-02-10")))
    assert r.status == UNRESOLVED


def test_implied_anchor_from_current_month_and_deictic_weekday():
    e, r = one("انتهى في 19 أيلول الجاري", reference=D("2016-10-04"))
    ia = implied_anchor(e, r)
    assert ia is not None and ia.granularity == "month" and ia.date == D("2016-09-01")
    e, r = one("كان من المزمع أن يقوم بها يوم غد الأربعاء")
    ia = implied_anchor(e, r)
    assert ia is not None and ia.weekday == 1 and ia.date is None   # written on a Tuesday
    e, r = one("في 3 تشرين الأول 2016")
    assert implied_anchor(e, r) is None


def test_context_for_maps_an_anchor():
    from ingest.document import Anchor
    a = Anchor(date=D("2016-09-01"), granularity="month", reference=D("2016-10-04"),
               earliest=D("2014-01-01"), latest=D("2017-12-31"))
    ctx = context_for(a)
    assert (ctx.dct, ctx.dct_granularity, ctx.reference, ctx.earliest, ctx.latest) == (
        D("2016-09-01"), "month", D("2016-10-04"), D("2014-01-01"), D("2017-12-31"))


def test_since_a_date_after_the_anchor_is_no_backward_interval():
    _, r = one("مذ 2001", dct=D("1999-01-01"))
    assert r.status == UNCERTAIN and r.date_start <= r.date_end and r.end_value is None
