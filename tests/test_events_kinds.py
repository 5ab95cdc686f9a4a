"""Events a timeline editor would keep: each kind of noise and each way of
telling one happening twice, on made-up sentences.

The resolutions are given by hand (as in test_events.py), so these tests
check the event rules whatever the tagger does.
"""
from __future__ import annotations

from datetime import date

import pytest

from ingest.document import BASIS_LEAD, BASIS_METADATA, Anchor
from ingest.events import build_events
from ingest.events.dating import NOTHING, SUPPORTS, judge
from ingest.events.prose import Prose
from ingest.temporal.types import Resolution
from tests.test_events import article, day

D = date(2019, 11, 14)  # a Thursday
ANCHOR = Anchor(D, basis=BASIS_METADATA, reference=D)


def month(d: date, **kw) -> Resolution:
    nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return Resolution(d.isoformat()[:7], granularity="month", date_start=d.replace(day=1),
                      date_end=date.fromordinal(nxt.toordinal() - 1), **kw)


def year(y: int, **kw) -> Resolution:
    return Resolution(str(y), granularity="year", date_start=date(y, 1, 1), date_end=date(y, 12, 31), **kw)


def happenings(events) -> dict[int, list]:
    out: dict[int, list] = {}
    for e in events:
        out.setdefault(e.happening, []).append(e)
    return out


def role(text: str, expr: str, res: Resolution, spec: dict | None = None, typ: str = "DATE") -> str:
    """What ``dating.judge`` makes of the expression ``expr`` in ``text``."""
    item = article(text, [(expr, res, spec or {}, typ)], headline=False)
    m = item.mentions[0]
    return judge(m, m.expression.start, m.expression.end, Prose(text, [(m.expression.start, m.expression.end)])).role


# --- page furniture -------------------------------------------------------------------------

def test_stamps_bylines_and_mastheads_make_no_event():
    text = ("تحديث: 14 نوفمبر 2019\n"
            "كتبت سلمى الراشد بتاريخ 2019/11/14\n"
            "العدد 4410 - الخميس 14 نوفمبر 2019 الموافق 17 ربيع الأول 1441\n"
            "افتتح وزير الثقافة معرض الكتاب في المدينة يوم الخميس 14 نوفمبر 2019 بحضور جمهور كبير.")
    item = article(text, [
        ("14 نوفمبر 2019", day(D)),
        ("2019/11/14", day(D)),
        ("الخميس 14 نوفمبر 2019", day(D)),
        ("17 ربيع الأول 1441", day(D, calendar="hijri")),
        ("يوم الخميس 14 نوفمبر 2019", day(D)),
    ], headline=False)
    events = build_events(item)
    assert [e.text for e in events] == [text.splitlines()[-1]]


def test_a_site_name_holding_today_is_no_date():
    text = ("الرباط اليوم - الرباط\n"
            "وقال المتحدث في بيان تلقته \"الرباط اليوم\" إن الحكومة ستجتمع الأحد المقبل.")
    item = article(text, [("اليوم", day(D)), ("اليوم", day(D)), ("الأحد المقبل", day(date(2019, 11, 17)))],
                   headline=False)
    assert [e.date_start for e in build_events(item)] == [date(2019, 11, 17)]


def test_an_english_line_is_never_a_title():
    text = ("Daily Courier 14/11/2019\n"
            "وأعلنت البلدية اليوم افتتاح الجسر الجديد أمام السيارات.")
    item = article(text, [("14/11/2019", day(D)), ("اليوم", day(D))], anchor=ANCHOR)
    [main] = build_events(item)
    assert main.kind == "main" and "Courier" not in main.title and "الجسر" in main.title


# --- one happening told several ways ------------------------------------------------------

def test_one_happening_told_three_ways_is_one_event_with_three_tellings():
    text = ("أعلنت لجنة الأهلة أن يوم الأحد 12 ربيع الأول 1441 هـ الموافق 10 نوفمبر 2019 هو يوم المولد. "
            "وأكدت اللجنة في بيانها أن الاحتفال الرسمي سيقام يوم الأحد في القاعة الكبرى. "
            "وستغلق المدارس أبوابها في العاشر من نوفمبر بمناسبة الاحتفال.")
    d = date(2019, 11, 10)
    item = article(text, [
        ("يوم الأحد 12 ربيع الأول 1441 هـ", day(d, calendar="hijri"), {"day": 12, "month": 3, "year": 1441}),
        ("10 نوفمبر 2019", day(d), {"day": 10, "month": 11, "year": 2019}),
        ("يوم الأحد", day(d), {"kind": "weekday"}),
        ("العاشر من نوفمبر", day(d), {"day": 10, "month": 11}),
    ], headline=False)
    events = build_events(item)
    assert len(events) == 4
    [told] = happenings(events).values()
    assert len({e.title for e in told}) == 1


def test_today_and_the_full_date_in_one_sentence_tell_one_session():
    text = "عقد البرلمان يوم الخميس، 14 تشرين الثاني، جلسة استثنائية ناقش خلالها النواب اليوم قانون الموازنة."
    item = article(text, [("يوم الخميس، 14 تشرين الثاني", day(D)), ("اليوم", day(D))], headline=False)
    assert len(happenings(build_events(item))) == 1


def test_what_happened_and_what_will_happen_on_one_day_stay_apart():
    text = ("وقال الوزير عقب الاجتماع المنعقد يوم الخميس، 14 تشرين الثاني: "
            "”إن الاتفاق الذي تم التوصل إليه سيصادق عليه البرلمان اليوم”.")
    item = article(text, [("يوم الخميس، 14 تشرين الثاني", day(D)), ("اليوم", day(D))], headline=False)
    assert len(happenings(build_events(item))) == 2


def test_different_places_on_one_day_stay_apart():
    text = ("وصل الوفد إلى القاهرة يوم الخميس. "
            "وفي جنيف عقدت اللجنة اجتماعها الخميس أيضا.")
    item = article(text, [("يوم الخميس", day(D)), ("الخميس", day(D))], headline=False)
    assert len(happenings(build_events(item))) == 2


def test_a_list_of_consecutive_days_is_one_happening_and_separate_days_are_not():
    holiday = "تعطل الدوائر الرسمية أيام الخميس والجمعة والسبت بمناسبة العيد."
    item = article(holiday, [("الخميس", day(D)), ("الجمعة", day(date(2019, 11, 15))),
                             ("السبت", day(date(2019, 11, 16)))], headline=False)
    events = build_events(item)
    assert len(happenings(events)) == 1 and len(events) == 3
    protest = "ودعت النقابات إلى الإضراب يومي الخميس والاثنين احتجاجا على القرار."
    item = article(protest, [("الخميس", day(D)), ("الاثنين", day(date(2019, 11, 18)))], headline=False)
    assert len(happenings(build_events(item))) == 2


def test_a_span_from_one_day_to_another_is_one_event_over_the_span():
    text = "تقام الدورة اعتبارا من يوم الأحد 17 نوفمبر وحتى يوم الخميس 21 نوفمبر في المركز الوطني."
    item = article(text, [("يوم الأحد 17 نوفمبر", day(date(2019, 11, 17))),
                          ("يوم الخميس 21 نوفمبر", day(date(2019, 11, 21)))], headline=False)
    events = build_events(item)
    [told] = happenings(events).values()
    first = min(told, key=lambda e: e.sentence_start + (e.title_start or 0))
    assert (min(e.date_start for e in told), max(e.date_end for e in told)) == (date(2019, 11, 17), date(2019, 11, 21))
    assert any(e.date_end == date(2019, 11, 21) and e.date_start == date(2019, 11, 17) for e in told)
    assert all(e.explanation for e in told if e.date_start != e.date_end) and first


# --- titles -------------------------------------------------------------------------------------

def test_a_title_whose_date_sits_mid_clause_reads_as_a_clause():
    text = "وافتتح رئيس البلدية يوم الخميس الماضي الجسر المعلق فوق النهر بعد ثلاث سنوات من العمل."
    item = article(text, [("يوم الخميس الماضي", day(date(2019, 11, 7)))], headline=False)
    [ev] = build_events(item)
    assert ev.title.startswith("وافتتح رئيس البلدية الجسر المعلق")
    assert "الخميس" not in ev.title


def test_the_lead_titles_the_main_event_when_it_says_who_did_what():
    text = ("البلدية تفتتح الجسر المعلق\n"
            "افتتحت البلدية اليوم الجسر المعلق فوق النهر بحضور المحافظ.")
    item = article(text, [("اليوم", day(D))], anchor=ANCHOR)
    [main] = build_events(item)
    assert main.title == "افتتحت البلدية الجسر المعلق فوق النهر بحضور المحافظ"


def test_a_lead_opening_on_the_outlet_s_credit_is_titled_without_it():
    text = ("أخبار المدينة\n"
            "صحيفة المدينة - افتتحت البلدية اليوم الجسر المعلق فوق النهر بحضور المحافظ.")
    [main] = build_events(article(text, [("اليوم", day(D))], anchor=ANCHOR))
    assert main.title == "افتتحت البلدية الجسر المعلق فوق النهر بحضور المحافظ"


def test_the_headline_titles_the_main_event_when_the_lead_tells_only_the_setting():
    for lead in ("وقال رئيس البلدية اليوم في حفل أقيم قرب النهر إن الجسر المعلق افتتح.",
                 "خلال حفل أقيم اليوم قرب النهر بحضور المحافظ افتتح الجسر المعلق."):
        text = "البلدية تفتتح الجسر المعلق فوق النهر\n" + lead
        [main] = build_events(article(text, [("اليوم", day(D))], anchor=ANCHOR))
        assert main.title == "البلدية تفتتح الجسر المعلق فوق النهر", lead
    other = ("أخبار المدينة\n"
             "افتتحت البلدية اليوم الجسر المعلق فوق النهر بحضور المحافظ.")
    [main] = build_events(article(other, [("اليوم", day(D))], anchor=ANCHOR))
    assert "الجسر المعلق" in main.title


def _title(text: str, expr: str, res: Resolution | None = None, spec: dict | None = None) -> str:
    [ev] = build_events(article(text, [(expr, res or day(date(2019, 11, 7)), spec or {})], headline=False))
    return ev.title


LAST_THURSDAY = "يوم الخميس الماضي"


@pytest.mark.parametrize("sentence, expr, expected", [
    pytest.param("نشرت وزارة الزراعة يوم الخميس الماضي، جدول مواسم الحصاد في المحافظات الشمالية.", LAST_THURSDAY,
                 "نشرت وزارة الزراعة جدول مواسم الحصاد في المحافظات الشمالية",
                 id="a date closing its clause lets the clause go on after the comma"),
    pytest.param("وصل وفد الوزارة إلى المدينة يوم الخميس الماضي، فيما غادر وفد النقابة إلى العاصمة.", LAST_THURSDAY,
                 "وصل وفد الوزارة إلى المدينة", id="but not into a clause of its own"),
    pytest.param("وحول الاجتماع المقرر في جنيف يوم الخميس الماضي، بيّن الوزير أن جدول الأعمال لم يكتمل.", LAST_THURSDAY,
                 "وحول الاجتماع المقرر في جنيف", id="nor into the main clause a verb of saying opens"),
    pytest.param("قال الوزير ان اجتماع اللجنة الوزارية المشتركة سيعقد في جنيف يوم الخميس الماضي.", LAST_THURSDAY,
                 "اجتماع اللجنة الوزارية المشتركة سيعقد في جنيف",
                 id="reported speech opened by a complementiser written without its hamza"),
    pytest.param("ويحيي آلاف الزوار، في يوم الخميس الماضي من كل عام، ذكرى المولد في المدينة.", LAST_THURSDAY,
                 "ويحيي آلاف الزوار من كل عام ذكرى المولد في المدينة",
                 id="a clause counts the words it keeps, not the glue that leaves with the date"),
    pytest.param("وفي يوم الخميس الماضي تقام أربع مباريات على ملاعب العاصمة والمحافظات.", LAST_THURSDAY,
                 "تقام أربع مباريات على ملاعب العاصمة والمحافظات", id="glue with its conjunction goes with the date"),
    pytest.param("تقام يوم الخميس (7 نوفمبر 2019) مباريات الدور نصف النهائي من كأس الأندية للناشئين.",
                 "يوم الخميس (7 نوفمبر 2019)", "تقام مباريات الدور نصف النهائي من كأس الأندية للناشئين",
                 id="a bracketed date is one piece of its clause"),
    pytest.param("وأضافت المصادر، أن عودة المسافرين العالقين إلى بلادهم، ستبدأ يوم الخميس الماضي على دفعات.",
                 LAST_THURSDAY, "عودة المسافرين العالقين إلى بلادهم ستبدأ على دفعات",
                 id="a subject opened by a complementiser stays with its verb"),
    pytest.param("وتقام مباراتان يوم الخميس الماضي، حيث يلتقي النادي الأهلي ضيفه نادي الشرطة.", LAST_THURSDAY,
                 "وتقام مباراتان حيث يلتقي النادي الأهلي ضيفه نادي الشرطة",
                 id="a short clause takes in the clause that spells it out"),
])
def test_a_title_is_a_whole_clause_without_its_date(sentence, expr, expected):
    assert _title(sentence, expr) == expected


def test_both_ends_of_a_span_and_the_clock_time_stay_out_of_the_title():
    text = "تستقبل الحديقة الزوار مجانا بدءا من يوم الخميس 7 نوفمبر وحتى يوم الأحد 10 نوفمبر من الساعة 9:00."
    item = article(text, [("يوم الخميس 7 نوفمبر", day(date(2019, 11, 7))),
                          ("يوم الأحد 10 نوفمبر", day(date(2019, 11, 10))),
                          ("الساعة 9:00", Resolution("2019-11-07T09:00", granularity="time"),
                           {"kind": "clock", "hour": 9}, "TIME")],
                   headline=False)
    titles = {e.title for e in build_events(item)}
    assert titles == {"تستقبل الحديقة الزوار مجانا"}


def _with_six_days(text: str):
    """The one event of ``text``, whose "يوم الخميس الماضي" is followed somewhere by "ستة أيام"."""
    item = article(text, [("يوم الخميس الماضي", day(date(2019, 11, 7))),
                          ("ستة أيام", Resolution("P6D"), {"kind": "duration"}, "DURATION")], headline=False)
    [ev] = build_events(item)
    return ev


def test_a_length_of_time_beside_a_date_stays_in_the_title():
    ev = _with_six_days("أغلقت السلطات المعبر الحدودي، يوم الخميس الماضي، لمدة ستة أيام متتالية بسبب العاصفة.")
    assert ev.title == "أغلقت السلطات المعبر الحدودي لمدة ستة أيام متتالية بسبب العاصفة"
    # ... and makes the happening last that long from the day
    assert (ev.date_start, ev.date_end) == (date(2019, 11, 7), date(2019, 11, 12))
    assert "6" in ev.explanation


def test_a_length_of_time_told_apart_from_the_day_does_not_stretch_it():
    ev = _with_six_days("قال الوزير يوم الخميس الماضي إن الحظر سيستمر لمدة ستة أيام أخرى على الأقل.")
    assert ev.date_start == ev.date_end == date(2019, 11, 7)


def test_a_title_keeps_the_name_of_an_occasion():
    holiday = {"kind": "holiday", "name": "eid_al_fitr", "calendar": "hijri", "month": 10, "day": 1}
    text = "أعلن الديوان في بيان أصدره مساء الأربعاء، أن الخميس أول أيام عيد الفطر المبارك."
    item = article(text, [("الخميس", day(date(2019, 11, 7)), {"kind": "weekday"}),
                          ("أول أيام عيد الفطر المبارك", day(date(2019, 11, 7)), holiday)], headline=False)
    assert {e.title for e in build_events(item)} == {"أول أيام عيد الفطر المبارك"}


def test_every_event_explains_its_date_to_users():
    text = ("البلدية تفتتح الجسر المعلق\n"
            "افتتحت البلدية اليوم الجسر المعلق، على أن تفتتح النفق الجديد في 20 نوفمبر.")
    item = article(text, [("اليوم", day(D)), ("20 نوفمبر", day(date(2019, 11, 20), explanation="20 نوفمبر من عام النشر"))],
                   anchor=ANCHOR)
    events = build_events(item)
    assert len(events) == 2 and all(e.explanation for e in events)


# --- dates that date no happening of their own --------------------------------------------

def test_a_decree_date_only_identifies_the_decree():
    text = "ونص المرسوم رقم 112 الصادر بتاريخ 3 مارس 2019 على إنشاء هيئة للرقابة."
    assert role(text, "3 مارس 2019", day(date(2019, 3, 3))) == SUPPORTS
    text = "وأصدرت المحكمة القرار رقم 45 وتاريخ 2 آذار 2019 برد الطعن."
    assert role(text, "2 آذار 2019", day(date(2019, 3, 2))) == SUPPORTS
    # with nothing else dating that day, a decree's date makes no event
    item = article("ونص المرسوم رقم 112 الصادر بتاريخ 3 مارس 2019 على إنشاء هيئة للرقابة.",
                   [("3 مارس 2019", day(date(2019, 3, 3)))], headline=False)
    assert build_events(item) == []


def test_a_date_in_a_condition_is_an_outcome_not_a_happening():
    text = "وفي حال ثبوت رؤية الهلال مساء الأربعاء فإن يوم الخميس 14 نوفمبر يكون أول أيام الشهر."
    assert role(text, "يوم الخميس 14 نوفمبر", day(D)) == SUPPORTS
    assert role("وإذا تأخر الوفد فستعقد الجلسة يوم الأحد المقبل.", "يوم الأحد المقبل", day(date(2019, 11, 17))) == SUPPORTS


def test_a_hijri_month_or_year_naming_the_calendar_is_no_event():
    text = "ودعت المحكمة إلى تحري هلال شهر رجب لعام 1441 هـ."
    assert role(text, "شهر رجب لعام 1441 هـ", month(date(2020, 2, 25), calendar="hijri")) == NOTHING
    assert role("وتنتهي السنة المالية 1441 هـ.", "1441 هـ", year(2019, calendar="hijri")) == NOTHING


def test_a_holiday_named_by_its_name_only_supports_its_days():
    text = "وأعلنت الحكومة عطلة عيد الفطر للقطاع العام."
    assert role(text, "عيد الفطر", day(date(2020, 5, 24), calendar="hijri"), {"kind": "holiday"}) == SUPPORTS


def test_dates_inside_names_are_no_dates():
    assert role("واحتشد الآلاف في ميدان 30 يونيو للاحتفال.", "30 يونيو", day(date(2019, 6, 30))) == NOTHING
    assert role("وتقام المباراة على ملعب 5 جويلية 1962 بالعاصمة.", "5 جويلية 1962",
                day(date(1962, 7, 5))) == NOTHING
    assert role("وأحيا المواطنون ذكرى ثورة 14 تموز في الساحات.", "14 تموز", day(date(2019, 7, 14))) == NOTHING
    # a revolution dated with its year is a happening told
    assert role("وقامت ثورة 14 تموز 1958 بإسقاط النظام الملكي.", "14 تموز 1958", day(date(1958, 7, 14))) != NOTHING


def test_compared_and_replaced_dates_date_nothing_of_their_own():
    text = "وبلغ معدل البطالة 9.1% في أكتوبر مقابل 9.4% في سبتمبر."
    assert role(text, "سبتمبر", month(date(2019, 9, 1))) == SUPPORTS
    assert role(text, "أكتوبر", month(date(2019, 10, 1))) != SUPPORTS
    text = "وتكون العطلة يوم الخميس بدلا من يوم الأربعاء 13 نوفمبر."
    assert role(text, "يوم الأربعاء 13 نوفمبر", day(date(2019, 11, 13))) == NOTHING


def test_clock_times_and_spans_of_years_make_no_event():
    clock = Resolution("2019-11-14T21:00", granularity="time", date_start=D, date_end=D)
    assert role("وتنطلق المباراة في التاسعة مساء.", "التاسعة مساء", clock, {"kind": "clock"}, "TIME") == NOTHING
    years = Resolution("2019", granularity="year", date_start=date(2019, 1, 1), date_end=date(2020, 12, 31))
    assert role("ويبدأ العام الدراسي 2019 - 2020 في أيلول.", "2019 - 2020", years) == NOTHING
    assert role("وأطلقت الحكومة البرنامج عام 2016 لتنويع الاقتصاد.", "عام 2016", year(2016)) == "dates"


def test_the_current_period_named_bare_only_supports():
    assert role("ولن تكون العطلة طويلة هذا العام.", "هذا العام", year(2019), {"kind": "relative"}) == SUPPORTS
    assert role("وتعقد القمة أواخر الشهر الجاري في العاصمة.", "أواخر الشهر الجاري", month(D)) != SUPPORTS


def test_a_publication_day_the_text_does_not_tell_is_no_happening():
    text = ("حصاد الأسبوع\n"
            "وكان المجلس قد صادق أمس على القانون بأغلبية كبيرة.")
    item = article(text, [("أمس", day(date(2019, 11, 13)))], anchor=ANCHOR)
    events = build_events(item)
    assert [e.kind for e in events] == ["mention"]
    # a day the text names for itself keeps its statement
    item = article(text, [("أمس", day(date(2019, 11, 13)))],
                   anchor=Anchor(D, basis=BASIS_LEAD, reference=D, mention_index=None))
    assert any(e.kind == "main" for e in build_events(item))


# --- stored: one event per happening, with every telling as its evidence -------------------

def _store(factory, item, key: str) -> None:
    from ingest.document import SourceDocument
    from ingest.events import grouping
    from ingest.pipeline import IngestOptions, document_row, event_rows, mention_rows, source_hash
    from store import writes
    from store.db import transaction

    item.article.source.key = item.article.key = key
    row = document_row(item, source_hash(SourceDocument(key=key, text=item.article.text), IngestOptions()), True)
    with transaction(factory) as s:
        writes.save_document(s, row, mention_rows(item.article, item.mentions), event_rows(build_events(item)),
                             regroup=grouping)


def _three_ways():
    text = ("أعلنت لجنة الأهلة أن يوم الأحد 12 ربيع الأول 1441 هـ الموافق 10 نوفمبر 2019 هو يوم المولد. "
            "وأكدت اللجنة في بيانها أن الاحتفال الرسمي سيقام يوم الأحد في القاعة الكبرى.")
    d = date(2019, 11, 10)
    return article(text, [
        ("يوم الأحد 12 ربيع الأول 1441 هـ", day(d, calendar="hijri"), {"day": 12, "month": 3, "year": 1441}),
        ("10 نوفمبر 2019", day(d), {"day": 10, "month": 11, "year": 2019}),
        ("يوم الأحد", day(d), {"kind": "weekday"}),
    ], headline=False)


def test_a_happening_told_three_ways_is_stored_as_one_event_with_three_pieces_of_evidence(factory):
    from sqlalchemy import func, select

    from ingest.events import grouping
    from store.db import transaction
    from store.models import Event, EventMention

    _store(factory, _three_ways(), "three-ways")
    with factory() as s:
        [event] = s.scalars(select(Event)).all()
        assert len(event.evidence) == 3 and {ev.happening for ev in event.evidence} == {0}
        assert event.date_start == date(2019, 11, 10) and event.explanation is not None
    # the full regroup keeps it whole
    with transaction(factory) as s:
        grouping.recompute_all(s)
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(Event)) == 1
        assert s.scalar(select(func.count()).select_from(EventMention)) == 3


def test_two_happenings_of_one_article_never_share_an_event(factory):
    from sqlalchemy import select

    from store.models import Event

    text = ("وصل الوفد إلى القاهرة يوم الخميس لبحث الاتفاق التجاري. "
            "وفي جنيف عقد الوفد اجتماعا لبحث الاتفاق التجاري الخميس أيضا.")
    item = article(text, [("يوم الخميس", day(D)), ("الخميس", day(D))], headline=False)
    _store(factory, item, "two-places")
    with factory() as s:
        events = s.scalars(select(Event)).all()
        assert len(events) == 2 and all(len(e.evidence) == 1 for e in events)


def test_a_date_told_only_in_the_headline_joins_the_body_or_nothing():
    text = ("الوزير يزور العاصمة الأحد\n"
            "يبدأ وزير الخارجية زيارة رسمية إلى العاصمة يوم الأحد 17 نوفمبر تستمر يومين.")
    sunday = day(date(2019, 11, 17))
    item = article(text, [("الأحد", sunday), ("يوم الأحد 17 نوفمبر", sunday)])
    events = build_events(item)
    assert len(happenings(events)) == 1 and len(events) == 2
    # the headline's weekday read as another Sunday than the body's: no event of its own
    item = article(text, [("الأحد", day(date(2019, 11, 10))), ("يوم الأحد 17 نوفمبر", sunday)])
    assert [e.date_start for e in build_events(item)] == [date(2019, 11, 17)]


def test_a_year_not_over_yet_told_bare_frames_a_period():
    plans = "وتعتزم الوزارة افتتاح عشر مدارس جديدة في 2020 في المناطق الريفية."
    assert role(plans, "2020", year(2020)) == "dates"  # without the article's date nothing says it is ahead
    item = article(plans, [("2020", year(2020))], anchor=ANCHOR, headline=False)
    assert [e.kind for e in build_events(item)] == []
    past = "وتأسست الشركة في 2005 بمدينة حلب."
    item = article(past, [("2005", year(2005))], anchor=ANCHOR, headline=False)
    assert [e.date_start for e in build_events(item) if e.kind == "mention"] == [date(2005, 1, 1)]
    session = "ونشرت الوزارة روزنامة امتحانات دورة جوان 2020 للمترشحين."
    assert role(session, "جوان 2020", month(date(2020, 6, 1))) == SUPPORTS


def test_a_span_told_with_verbs_of_starting_and_ending():
    text = "وقالت الوزارة إن العطلة ستبدأ يوم الأحد 24 نوفمبر وتنتهي يوم الخميس 28 نوفمبر."
    item = article(text, [("يوم الأحد 24 نوفمبر", day(date(2019, 11, 24))),
                          ("يوم الخميس 28 نوفمبر", day(date(2019, 11, 28)))], headline=False)
    events = build_events(item)
    assert len(happenings(events)) == 1
    assert any((e.date_start, e.date_end) == (date(2019, 11, 24), date(2019, 11, 28)) for e in events)
    # an end read before its start is a misreading, and goes
    item = article(text, [("يوم الأحد 24 نوفمبر", day(date(2019, 11, 24))),
                          ("يوم الخميس 28 نوفمبر", day(date(2019, 11, 21)))], headline=False)
    assert [(e.date_start, e.date_end) for e in build_events(item)] == [(date(2019, 11, 24), date(2019, 11, 24))]


# --- places -------------------------------------------------------------------------------------

def test_the_place_comes_from_the_sentence_then_the_dateline():
    text = ("الرباط - رويترز\n"
            "افتتح الوزير يوم الخميس مستشفى جديدا في بلدة تمصلوحت بحضور السكان. "
            "وقال الوزير إن مستشفى آخر سيفتتح يوم الأحد 17 نوفمبر.")
    item = article(text, [("يوم الخميس", day(D)), ("يوم الأحد 17 نوفمبر", day(date(2019, 11, 17)))],
                   headline=False, dateline="الرباط - رويترز")
    places = {e.date_start: (e.place, e.place_named) for e in build_events(item)}
    assert places[D] == ("تمصلوحت", True)                          # named in the sentence, though no gazetteer knows it
    assert places[date(2019, 11, 17)] == ("الرباط", False)         # else the dateline's


def test_a_place_named_elsewhere_in_the_sentence_is_a_weaker_hint():
    text = ("وأعلنت الحكومة يوم الخميس تعطيل الدوائر الرسمية بمناسبة العيد، "
            "وفق ما نقلته وكالة الأنباء عن مصادر رسمية في الأردن.")
    item = article(text, [("يوم الخميس", day(D))], headline=False)
    [ev] = build_events(item)
    assert (ev.place, ev.place_named) == ("الأردن", False)


def test_a_happening_is_titled_by_a_telling_that_dates_it():
    text = "وأعلنت الحكومة أن عطلة عيد الفطر للعاملين في الدولة ستبدأ يوم الأحد 24 مايو."
    sunday = day(date(2020, 5, 24))
    item = article(text, [("عيد الفطر", day(date(2020, 5, 24), calendar="hijri"), {"kind": "holiday"}),
                          ("يوم الأحد 24 مايو", sunday)], headline=False)
    titles = {e.title for e in build_events(item)}
    assert len(titles) == 1 and "عيد الفطر" in titles.pop()


def test_the_friday_of_friday_prayer_is_no_date():
    assert role("وتقرر استئناف صلاة الجمعة في المساجد.", "الجمعة", day(date(2021, 8, 20))) == NOTHING
