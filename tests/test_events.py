"""Which mentions make events, their sentence, title, place, participants and confidence.

These tests give ``build_events`` hand-made resolutions, so they check the
event rules alone, whatever the tagger does.
"""
from __future__ import annotations

from datetime import date

from ingest.document import (
    BASIS_LEAD,
    BASIS_METADATA,
    BASIS_UNKNOWN,
    AnalysedArticle,
    Anchor,
    Article,
    Mention,
    SourceDocument,
)
from ingest.events import build_events
from ingest.events.titles import TITLE_MAX, keywords, make_title
from ingest.events.sentences import split_sentences
from ingest.temporal.types import Resolution, TemporalExpression


def day(d: date, **kw) -> Resolution:
    return Resolution(d.isoformat(), granularity="day", date_start=d, date_end=d, **kw)


def article(text: str, dated: list[tuple[str, Resolution] | tuple[str, Resolution, dict] | tuple[str, Resolution, dict, str]],
            anchor: Anchor | None = None, headline: bool = True, dateline: str | None = None) -> AnalysedArticle:
    """An article whose expressions are given: (text, resolution[, spec[, type]]), found in order."""
    src = SourceDocument(key="k", text=text)
    first_line = text.split("\n", 1)[0]
    art = Article(src, "k", 0, 0, len(text), headline=first_line if headline else None,
                  headline_span=(0, len(first_line)) if headline else None)
    if dateline:
        at = text.index(dateline)
        art.dateline, art.dateline_span = dateline, (at, at + len(dateline))
    mentions, pos = [], 0
    for item in dated:
        expr_text, res = item[0], item[1]
        spec = item[2] if len(item) > 2 else {}
        typ = item[3] if len(item) > 3 else "DATE"
        at = text.index(expr_text, pos)
        pos = at + len(expr_text)
        mentions.append(Mention(TemporalExpression(at, pos, expr_text, typ, spec), res))
    return AnalysedArticle(art, anchor or Anchor(None, basis=BASIS_UNKNOWN), mentions)


# --- sentences ------------------------------------------------------------------------

def test_sentences_end_at_arabic_stops_and_line_breaks_not_at_commas():
    text = "قال الوزير، في مؤتمر صحفي، إن الحوار مستمر. هل ينجح؟ نعم! بل سيستمر؛ ثم\nسطر جديد"
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "قال الوزير، في مؤتمر صحفي، إن الحوار مستمر.", "هل ينجح؟", "نعم!", "بل سيستمر؛", "ثم", "سطر جديد"]


def test_quotes_are_kept_whole():
    text = "وقال لافروف: “الوضع صعب. لكننا نعمل! وسنواصل”. ثم غادر."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "وقال لافروف: “الوضع صعب. لكننا نعمل! وسنواصل”.", "ثم غادر."]


def test_an_unclosed_quote_does_not_swallow_the_paragraph():
    text = "أكد لافروف مكافحة تنظيم “داعش “وغيره. وقال إن الحوار مستمر."
    assert len(split_sentences(text)) == 2


def test_double_dots_and_decimals_are_not_boundaries():
    text = "وقال لافروف.. “إن النمو بلغ 3.5 بالمئة”. انتهى."
    assert [text[s:e] for s, e in split_sentences(text)] == ["وقال لافروف.. “إن النمو بلغ 3.5 بالمئة”.", "انتهى."]


# --- titles ---------------------------------------------------------------------------

def test_title_is_the_clause_around_the_date_without_the_date_words():
    s = "وبشأن اللقاء الذي تستضيفه باريس الثلاثاء حول التسوية السورية، قال لافروف إنه لا أحد دعا روسيا."
    at = s.index("الثلاثاء")
    assert make_title(s, at, at + len("الثلاثاء")) == "وبشأن اللقاء الذي تستضيفه باريس حول التسوية السورية"


def test_title_drops_the_glue_before_the_date():
    s = "وأكد أن تنفيذ الاتفاقات التي تم التوصل إليها في جنيف في 9 أيلول، قد يساعد على التنسيق."
    at = s.index("9 أيلول")
    assert make_title(s, at, at + len("9 أيلول")) == "تنفيذ الاتفاقات التي تم التوصل إليها في جنيف"


def test_a_date_alone_between_commas_takes_its_neighbouring_clauses():
    s = "وأوضح أن نتنياهو أثناء محادثاته مع الرئيس بوتين، يوم الثلاثاء، ذكر مبادرة السلام العربية."
    at = s.index("يوم الثلاثاء")
    title = make_title(s, at, at + len("يوم الثلاثاء"))
    assert "نتنياهو" in title and "ذكر مبادرة السلام" in title and "الثلاثاء" not in title


def test_titles_are_at_most_about_120_characters():
    s = ("وقال لافروف في كلمة ألقاها في حفل استقبال أقيم في مبنى وزارة الخارجية الروسية بمناسبة عيد رأس السنة "
         "الهجرية وبحضور سفراء الدول الإسلامية المعتمدين في موسكو وممثلي المنظمات الدينية الاثنين 3 تشرين الأول "
         "إن تنفيذ الاتفاقات قد يساعد.")
    at = s.index("الاثنين 3 تشرين الأول")
    title = make_title(s, at, at + len("الاثنين 3 تشرين الأول"))
    assert len(title) <= TITLE_MAX + 2 and "تشرين" not in title and "السفراء" not in title


# --- which mentions make events ---------------------------------------------------------

ANCHOR = Anchor(date(2016, 6, 8), basis=BASIS_METADATA, reference=date(2016, 6, 8))


def test_durations_sets_vague_and_unresolved_make_no_event():
    text = ("عنوان الخبر عن الهدنة في سوريا\n"
            "أعلنت روسيا هدنة لمدة 3 – 4 أيام في حلب. وتتكرر الاجتماعات كل أسبوع. "
            "وقال إن الوضع الآن أفضل. وسيعقد اجتماع يوم الاثنين المقبل.")
    item = article(text, [
        ("3 – 4 أيام", Resolution("P3D", status="duration"), {}, "DURATION"),
        ("كل أسبوع", Resolution("XXXX-WXX", status="set"), {}, "SET"),
        ("الآن", Resolution("PRESENT_REF", status="vague")),
        ("يوم الاثنين المقبل", Resolution("XXXX-XX-XX", status="unresolved", symbolic="next Monday")),
    ])
    assert build_events(item) == []


def test_generic_today_makes_no_event_but_a_dated_today_does():
    text = ("عنوان\n"
            "وذكر لافروف أن ضباطا سابقين يمثلون اليوم أساس القدرات العسكرية للتنظيم. "
            "وقال لافروف في مؤتمر صحفي في موسكو اليوم إن الحوار مستمر.")
    first = text.index("اليوم")
    item = article(text, [("اليوم", day(date(2016, 7, 25))), ("اليوم", day(date(2016, 7, 25)))])
    events = build_events(item)
    assert len(events) == 1
    assert events[0].sentence_start > first and "مؤتمر صحفي" in events[0].text


def test_a_resolved_date_makes_one_event_with_its_sentence_offsets_place_and_people():
    text = ("لافروف يبحث التسوية\n"
            "موسكو-سانا\n"
            "قال وزير الخارجية الروسي سيرغي لافروف إن الاجتماع سيعقد في أستانا يوم 15 شباط. وأضاف أنه متفائل.")
    item = article(text, [("يوم 15 شباط", day(date(2017, 2, 15)), {"day": 15, "month": 2})], dateline="موسكو-سانا")
    [ev] = build_events(item)
    assert (ev.kind, ev.date_start, ev.date_end) == ("mention", date(2017, 2, 15), date(2017, 2, 15))
    assert text[ev.sentence_start:ev.sentence_end] == ev.text
    assert ev.text.startswith("قال وزير الخارجية") and ev.text.endswith("15 شباط.")
    assert ev.place == "أستانا" and ev.place_named
    assert "شباط" not in ev.title and "أستانا" in ev.title
    people = {e.name for e in ev.entities if e.kind == "person"}
    assert people == {"سيرغي لافروف"}
    roles = {e.name: e.role for e in ev.entities}
    assert roles["أستانا"] == "place"


def test_the_dateline_city_is_the_place_when_the_clause_names_none():
    text = "عنوان الخبر\nموسكو-سانا\nأكد لافروف في مقابلة صحفية أمس أن الوضع في جنيف مختلف."
    item = article(text, [("أمس", day(date(2017, 2, 12), symbolic="DCT-1D"), {"kind": "deictic", "days": -1})],
                   anchor=Anchor(date(2017, 2, 13), basis=BASIS_METADATA), dateline="موسكو-سانا")
    events = [e for e in build_events(item) if e.kind == "mention"]
    assert events[0].place == "موسكو" and not events[0].place_named


def test_every_anchored_article_yields_its_main_event_from_the_headline_and_dateline():
    text = ("لافروف: لا داع لإدخال أي تعديلات على مبادرة السلام العربية\n"
            "موسكو|\n"
            "قال وزير الخارجية الروسي سيرغي لافروف إن نتنياهو أبدى استعدادا لقبول المبادرة.\n"
            "وأوضح لافروف خلال مؤتمر صحفي في موسكو الأربعاء 8 حزيران أن المبادرة مقبولة.")
    item = article(text, [("الأربعاء 8 حزيران", day(date(2016, 6, 8)), {"weekday": 2, "day": 8, "month": 6})],
                   anchor=Anchor(date(2016, 6, 8), basis=BASIS_LEAD, mention_index=0), dateline="موسكو|")
    events = build_events(item)
    # the expression that dates the article is the main event's evidence, not a second event
    assert [e.kind for e in events] == ["main"]
    main = events[0]
    assert main.title == "لافروف: لا داع لإدخال أي تعديلات على مبادرة السلام العربية"
    assert main.date_start == date(2016, 6, 8) and main.place == "موسكو"
    assert "مؤتمر صحفي" in main.text


def test_an_article_without_anchor_has_no_main_event():
    text = "عنوان الخبر\nقال لافروف إن الاجتماع عقد عام 2015 في جنيف."
    item = article(text, [("عام 2015", Resolution("2015", granularity="year", date_start=date(2015, 1, 1),
                                                  date_end=date(2015, 12, 31)), {"year": 2015})])
    assert [e.kind for e in build_events(item)] == ["mention"]


def test_a_holiday_beside_a_date_makes_one_event_not_two():
    text = ("عنوان\nوقال لافروف في حفل استقبال بمناسبة عيد رأس السنة الهجرية الاثنين 3 تشرين الأول "
            "إن الاتفاقات مهمة.")
    item = article(text, [
        ("عيد رأس السنة الهجرية", day(date(2016, 10, 2)), {"kind": "holiday"}),
        ("الاثنين 3 تشرين الأول", day(date(2016, 10, 3)), {"weekday": 0, "day": 3, "month": 10}),
    ])
    [ev] = build_events(item)
    assert ev.date_start == date(2016, 10, 3)


# --- confidence -------------------------------------------------------------------------

def test_confidence_follows_how_the_date_was_obtained():
    text = "عنوان\nجملة أولى عن 27 تشرين الأول 2015 هنا. جملة ثانية عن الثلاثاء 27 تشرين الأول هنا. جملة ثالثة عن أمس هنا. جملة رابعة عن 27 تشرين الأول هنا."
    d = date(2015, 10, 27)
    item = article(text, [
        ("27 تشرين الأول 2015", day(d), {"day": 27, "month": 10, "year": 2015}),
        ("الثلاثاء 27 تشرين الأول", day(d), {"weekday": 1, "day": 27, "month": 10}),
        ("أمس", day(d, symbolic="DCT-1D"), {"kind": "deictic", "days": -1}),
        ("27 تشرين الأول", day(d), {"day": 27, "month": 10}),
    ], anchor=Anchor(date(2015, 10, 28), basis=BASIS_LEAD))
    conf = [e.confidence for e in build_events(item) if e.kind == "mention"]
    assert conf[0] > conf[1] > conf[2] > conf[3]


def test_keywords_skip_stop_words_and_fold_clitics():
    assert keywords("وقال الوزير إن الاجتماع والاجتماعات في المحادثات") == ["اجتماع", "محادث"]


def test_a_dateline_city_missing_from_the_gazetteer_is_still_the_place():
    text = "عنوان الخبر\nنواذيبو-رويترز\nقال الوزير في مؤتمر صحفي اليوم إن الميناء سيفتح."
    item = article(text, [("اليوم", day(date(2017, 2, 13), symbolic="DCT"), {"kind": "deictic"})],
                   anchor=Anchor(date(2017, 2, 13), basis=BASIS_METADATA), dateline="نواذيبو-رويترز")
    [main] = build_events(item)
    assert main.place == "نواذيبو" and main.kind == "main"


def test_title_and_sentence_keep_offsets_into_the_article():
    text = ("لافروف يبحث التسوية\n"
            "قال لافروف إن الاجتماع سيعقد في أستانا يوم 15 شباط، وأضاف أنه متفائل.")
    item = article(text, [("يوم 15 شباط", day(date(2017, 2, 15)), {"day": 15, "month": 2})])
    [ev] = build_events(item)
    clause = text[ev.title_start:ev.title_end]
    assert "يوم 15 شباط" in clause and ev.title in clause.replace(" يوم 15 شباط", "")
    assert text[ev.sentence_start:ev.sentence_end] == ev.text


def test_a_lead_anchor_whose_expression_has_no_interval_still_gives_a_main_event():
    text = "لافروف: الحوار مستمر\nموسكو|\nقال لافروف الأربعاء 8 حزيران إن الحوار مستمر."
    item = article(text, [("الأربعاء 8 حزيران", Resolution("XXXX-06-08", status="unresolved"))],
                   anchor=Anchor(date(2016, 6, 8), basis=BASIS_LEAD, mention_index=0), dateline="موسكو|")
    [main] = build_events(item)
    assert (main.kind, main.date_start, main.title) == ("main", date(2016, 6, 8), "لافروف: الحوار مستمر")


# --- never fails on odd text ---------------------------------------------------------------

from hypothesis import given, settings, strategies as st  # noqa: E402

_ALPHABET = "ابتثجحخدذرسشصضطظعغفقكلمنهويىةءأإآ ،.؟!؛:\n“”\"«»()-–0123456789" + "في يوم موسكو جنيف الرئيس وزير "


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=_ALPHABET, min_size=1, max_size=300), st.lists(st.tuples(st.integers(0, 299), st.integers(1, 15)), max_size=4),
       st.booleans())
def test_odd_text_never_breaks_event_building(text, spans, anchored):
    src = SourceDocument(key="k", text=text)
    art = Article(src, "k", 0, 0, len(text), headline=text.split("\n", 1)[0] or None,
                  headline_span=(0, len(text.split("\n", 1)[0])))
    mentions = []
    for start, length in sorted(spans):
        start = min(start, len(text) - 1)
        end = min(len(text), start + length)
        if mentions and start < mentions[-1].expression.end:
            continue
        mentions.append(Mention(TemporalExpression(start, end, text[start:end], "DATE", {}), day(date(2016, 6, 8))))
    anchor = Anchor(date(2016, 6, 8), basis=BASIS_METADATA) if anchored else Anchor(None)
    for ev in build_events(AnalysedArticle(art, anchor, mentions)):
        assert 0 <= ev.sentence_start <= ev.sentence_end <= len(text)
        assert text[ev.sentence_start:ev.sentence_end] == ev.text
        assert len(ev.title) <= TITLE_MAX + 2
