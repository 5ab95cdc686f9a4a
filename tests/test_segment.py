"""Segmentation: pages into articles, datelines, furniture."""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest.document import SourceDocument
from ingest.segment import match_dateline, segment

SEEDS = Path(__file__).resolve().parents[1] / "samples"
SHARED_SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def _seed(prefix: str) -> SourceDocument | None:
    for folder in (SEEDS, SHARED_SEEDS):
        for p in sorted(folder.glob(f"{prefix}_*.txt")) if folder.is_dir() else []:
            return SourceDocument(key=p.name, text=p.read_text(encoding="utf-8"), path=str(p))
    return None


def doc(text: str, key: str = "page") -> SourceDocument:
    return SourceDocument(key=key, text=text)


def check_offsets(src: SourceDocument, arts) -> None:
    prev_end = -1
    for n, a in enumerate(arts):
        assert a.position == n
        assert 0 <= a.start < a.end <= len(src.text)
        assert a.start >= prev_end, "articles never overlap and keep page order"
        prev_end = a.end
        assert a.text == src.text[a.start:a.end]
        assert a.text == a.text.strip(), "no surrounding blank space"
        if a.headline_span:
            assert src.text[slice(*a.headline_span)] == a.headline
            assert a.start <= a.headline_span[0] < a.headline_span[1] <= a.end
        if a.dateline_span:
            assert src.text[slice(*a.dateline_span)] == a.dateline
            assert a.start <= a.dateline_span[0] < a.dateline_span[1] <= a.end


# --- a made-up tag-archive page: four agencies, four dateline styles ---------

PAGE = """أرشيف الوسم : الاتحاد الأوروبي

اجتماع وزاري أوروبي لبحث أزمة اللاجئين

بروكسل (رويترز) - عقد وزراء الداخلية في الاتحاد الأوروبي اجتماعا طارئا الخميس 12 تشرين الثاني لبحث أزمة اللاجئين.

وقال مسؤول إن الاجتماع استمر ساعات.

انسخ الرابط https://example.org/a1

أخبار أوروبا

مباحثات فرنسية ألمانية في باريس

باريس - أ ف ب - بحث الرئيس الفرنسي مع المستشارة الألمانية الأزمة في اجتماع مطول.

وأضاف البيان أن الجانبين اتفقا على مواصلة التنسيق.

دمشق تستقبل وفدا برلمانيا

دمشق - سانا

استقبل رئيس مجلس الشعب وفدا برلمانيا زائرا.

المصدر: وكالات

تصريحات جديدة بشأن الأزمة الليبية

القاهرة/

أعلن المتحدث باسم الخارجية أن المشاورات مستمرة.

انظر ايضاً

عنوان مقال آخر لا يخص هذه الصفحة

عمان-بترا قال مسؤول أردني إن …
"""


def test_made_up_archive_page_gives_one_article_per_dateline():
    src = doc(PAGE)
    arts = segment(src)
    check_offsets(src, arts)
    assert [a.headline for a in arts] == [
        "اجتماع وزاري أوروبي لبحث أزمة اللاجئين",
        "مباحثات فرنسية ألمانية في باريس",
        "دمشق تستقبل وفدا برلمانيا",
        "تصريحات جديدة بشأن الأزمة الليبية",
    ]
    assert [a.dateline for a in arts] == ["بروكسل (رويترز) -", "باريس - أ ف ب -", "دمشق - سانا", "القاهرة/"]
    assert [a.key for a in arts] == ["page#0", "page#1", "page#2", "page#3"]


def test_furniture_is_dropped():
    src = doc(PAGE)
    arts = segment(src)
    joined = "\n".join(a.text for a in arts)
    assert "أرشيف الوسم" not in joined
    assert "انظر ايضاً" not in joined
    assert "عنوان مقال آخر" not in joined, "see-also block and what follows it are dropped"
    assert "المصدر: وكالات" not in arts[2].text, "trailing credit is not part of the article"
    assert "https://example.org/a1" not in arts[0].text, "trailing share link is not part of the article"
    assert "أخبار أوروبا" not in arts[0].text and "أخبار أوروبا" not in arts[1].text
    assert arts[0].text.endswith("استمر ساعات.")


def test_dateline_opening_the_first_body_line():
    src = doc("عنوان الخبر الأول\n\nموسكو-سانا جدد الوزير دعمه.\n\nعنوان الخبر الثاني\n\nحلب - سانا أكد المحافظ أن العمل مستمر.\n")
    arts = segment(src)
    check_offsets(src, arts)
    assert [a.dateline for a in arts] == ["موسكو-سانا", "حلب - سانا"]
    assert [a.headline for a in arts] == ["عنوان الخبر الأول", "عنوان الخبر الثاني"]


def test_rule_lines_separate_articles_without_datelines():
    src = doc("العنوان الأول\nنص الخبر الأول هنا.\n\n* * *\n\nالعنوان الثاني\nنص الخبر الثاني هنا.\n-----\nالعنوان الثالث\nنص الخبر الثالث.")
    arts = segment(src)
    check_offsets(src, arts)
    assert [a.headline for a in arts] == ["العنوان الأول", "العنوان الثاني", "العنوان الثالث"]
    assert all(a.dateline is None for a in arts)


def test_rule_and_dateline_together_do_not_double_count():
    src = doc("العنوان الأول\nبيروت|\nنص الأول.\n____\nالعنوان الثاني\nبيروت|\nنص الثاني.")
    arts = segment(src)
    assert len(arts) == 2
    assert [a.headline for a in arts] == ["العنوان الأول", "العنوان الثاني"]


def test_single_article_keeps_source_key():
    src = doc("عنوان قصير\n\nموسكو|\n\nقال الوزير إن المحادثات كانت مثمرة.\n\nوأضاف أن اللقاء المقبل قريب.", key="k1")
    arts = segment(src)
    assert len(arts) == 1
    assert arts[0].key == "k1" and arts[0].position == 0
    assert arts[0].headline == "عنوان قصير" and arts[0].dateline == "موسكو|"
    check_offsets(src, arts)


def test_subheadings_without_datelines_stay_in_one_article():
    src = doc("العنوان\n\nأكد الوزير أن الحوار مستمر.\n\nعنوان فرعي داخل الخبر\n\nوأضاف أن الاجتماع المقبل قريب.\n\nعنوان فرعي آخر\n\nوختم بالقول إن الأمل قائم.")
    arts = segment(src)
    assert len(arts) == 1
    assert arts[0].headline == "العنوان"
    assert arts[0].text.endswith("الأمل قائم.")


def test_headline_like_colon_city_is_not_a_dateline():
    assert match_dateline("موسكو: لن ننسى أبدا مساعدة النظام التركي") is None
    assert match_dateline("موسكو تواصل الجهود لإقامة اتصالات") is None
    assert match_dateline("روسيا / أمريكا: توتر جديد") is None
    assert match_dateline("وقال الوزير إن موسكو|") is None
    assert match_dateline("واشنطن: «لا حل عسكري في سوريا»") is None
    assert match_dateline("الرياض: الجزيرة تستضيف القمة") is None
    assert match_dateline("روسيا - الاتحاد الأوروبي: أزمة مفتعلة") is None
    assert match_dateline("موسكو - الاتحاد الأوروبي: أزمة مفتعلة") is None
    assert match_dateline("موسكو | لافروف يحذر من انهيار الاتفاقات") is None


@pytest.mark.parametrize("line,expected", [
    ("موسكو|", "موسكو|"),
    ("موسكو/", "موسكو/"),
    ("موسكو-سانا", "موسكو-سانا"),
    ("دمشق - سانا", "دمشق - سانا"),
    ("القاهرة (رويترز) - قال مسؤول", "القاهرة (رويترز) -"),
    ("واشنطن، 5 مارس (أ ف ب) - أعلن البيت الأبيض", "واشنطن، 5 مارس (أ ف ب) -"),
    ("رام الله - وفا - قال الرئيس", "رام الله - وفا -"),
    ("تسخينفالي|", "تسخينفالي|"),          # unknown place, alone before a pipe
    ("كراكاس - رويترز أعلن", "كراكاس - رويترز"),  # unknown place with a known agency
    ("موسكو ـ سبوتنيك", "موسكو ـ سبوتنيك"),
    ("لندن: «الشرق الأوسط» أعلن المتحدث", "لندن: «الشرق الأوسط»"),
    ("موسكو| أعلن وزير الخارجية الروسي أن المحادثات مستمرة.", "موسكو|"),
    ("تسخينفالي -", "تسخينفالي -"),
    ("بيروت - «الحياة» - قال النائب", "بيروت - «الحياة» -"),
    ("(رويترز) - قال مسؤول", "(رويترز) -"),
    ("الرباط (الأخبار) - أعلنت الحكومة", "الرباط (الأخبار) -"),
    ("موسكو - الجزيرة نت", "موسكو - الجزيرة نت"),
    ("موسكو 3 أكتوبر/تشرين الأول (سانا) - أكد الوزير", "موسكو 3 أكتوبر/تشرين الأول (سانا) -"),
])
def test_dateline_forms(line, expected):
    m = match_dateline(line)
    assert m is not None
    assert line[:m.end()].rstrip() == expected


@pytest.mark.parametrize("text", ["", "   \n\n\t", "\u00a0\u200f", "أرشيف الوسم : لافروف\n\nانظر ايضاً\n\nشيء"])
def test_empty_or_furniture_only_gives_no_article(text):
    assert segment(doc(text)) == []


def test_text_without_headline():
    src = doc("قال الوزير إن المحادثات كانت مثمرة وإن اللقاء المقبل سيعقد قريبا.")
    arts = segment(src)
    assert len(arts) == 1 and arts[0].headline is None and arts[0].dateline is None
    assert arts[0].text == src.text


def test_one_line_text_is_not_its_own_headline():
    arts = segment(doc("خبر قصير"))
    assert len(arts) == 1 and arts[0].headline is None


def test_crlf_and_odd_whitespace():
    src = doc("\ufeffالعنوان الأول\r\n\r\nموسكو|\r\n\r\nنص الأول.\r\n\r\nالعنوان الثاني\r\n\u00a0موسكو|\r\nنص الثاني.\r\n")
    arts = segment(src)
    check_offsets(src, arts)
    assert [a.headline for a in arts] == ["العنوان الأول", "العنوان الثاني"]


def test_very_long_page_is_fast_and_complete():
    block = "عنوان رقم {n}\n\nموسكو|\n\n" + ("قال الوزير إن المحادثات كانت مثمرة. " * 30) + "\n\n"
    text = "".join(block.format(n=n) for n in range(400))
    arts = segment(doc(text))
    assert len(arts) == 400
    assert arts[399].headline == "عنوان رقم 399"


def test_long_paragraph_is_not_a_headline():
    long_line = "قال الوزير " * 40
    src = doc(long_line + "\n\nموسكو|\n\nنص.\n\nعنوان ثان\n\nموسكو|\n\nنص آخر.")
    arts = segment(src)
    assert arts[-1].headline == "عنوان ثان"
    assert all(a.headline != long_line.strip() for a in arts)


# --- the seeds ---------------------------------------------------------------

@pytest.mark.parametrize("prefix", ["000", "001", "002", "003"])
def test_single_article_seeds_give_one_article(prefix):
    src = _seed(prefix)
    if src is None:
        pytest.skip("seed files not available")
    arts = segment(src)
    assert len(arts) == 1
    assert arts[0].key == src.key
    assert arts[0].headline and arts[0].headline.startswith("لافروف")
    check_offsets(src, arts)
    assert "انظر ايضاً" not in arts[0].text and "المصدر: وكالات" not in arts[0].text


def test_seed_004_gives_ten_articles():
    src = _seed("004")
    if src is None:
        pytest.skip("seed files not available")
    arts = segment(src)
    check_offsets(src, arts)
    assert len(arts) == 10
    assert all(a.dateline in ("موسكو|", "موسكو/") for a in arts)
    heads = [a.headline for a in arts]
    assert heads[0].startswith("لافروف يحذر من خطورة انهيار")
    assert heads[5].startswith("موسكو: لن ننسى أبدا")
    assert heads[9].startswith("لافروف: أزمة العلاقات بين روسيا والاتحاد الأوروبي")
    assert "أرشيف الوسم" not in arts[0].text
    # the headline-less paragraphs after "... ضد داعش" belong to the Italian-magazine interview
    sixth = arts[5].text
    assert "مركز بغداد المعلوماتي" in sixth and "يوم الخميس المقبل في ميونيخ" in sixth


def test_standfirst_between_headline_and_dateline_stays_in_the_article():
    src = doc("لافروف يلتقي نظيره المصري\n\nبحث الجانبان العلاقات الثنائية والأزمة السورية.\n\n"
              "القاهرة (رويترز) - التقى الوزير نظيره.\n\nوأضاف أن اللقاء مثمر.")
    arts = segment(src)
    assert len(arts) == 1
    assert arts[0].headline == "لافروف يلتقي نظيره المصري" and arts[0].start == 0
    assert arts[0].dateline == "القاهرة (رويترز) -"


def test_byline_and_stamp_lines_do_not_hide_the_headline():
    src = doc("العنوان الأول\nبقلم: فلان الفلاني\n2016/10/03\nموسكو|\nنص الأول.\n\n"
              "العنوان الثاني\nنشر في: 02.10.2016\nموسكو|\nنص الثاني.")
    arts = segment(src)
    check_offsets(src, arts)
    assert [a.headline for a in arts] == ["العنوان الأول", "العنوان الثاني"]
    assert "2016/10/03" in arts[0].text


def test_page_intro_above_the_first_headline_is_left_out():
    src = doc("أرشيف الوسم : سوريا\nكل ما نشر عن سوريا.\n\nالعنوان الأول\nدمشق-سانا\nنص الأول.\n\n"
              "العنوان الثاني\nدمشق-سانا\nنص الثاني.")
    arts = segment(src)
    assert [a.headline for a in arts] == ["العنوان الأول", "العنوان الثاني"]
    assert "كل ما نشر" not in arts[0].text


def test_datelines_without_headlines_each_open_an_article():
    src = doc("موسكو-سانا أكد الوزير أن الحوار مستمر.\n\nدمشق - سانا أعلنت الوزارة أن الطريق مفتوح.\n\n"
              "بيروت (أ ف ب) - قال مسؤول إن المحادثات مستمرة.")
    arts = segment(src)
    check_offsets(src, arts)
    assert [a.dateline for a in arts] == ["موسكو-سانا", "دمشق - سانا", "بيروت (أ ف ب) -"]
    assert all(a.headline is None for a in arts)


def test_sentence_opening_with_share_word_is_not_furniture():
    src = doc("عنوان\n\nموسكو|\n\nشارك وزير الخارجية في اجتماع مطول مع نظرائه الأوروبيين في بروكسل لبحث الأزمة.")
    arts = segment(src)
    assert arts[0].text.endswith("لبحث الأزمة.")


def test_headline_opening_with_a_writer_is_not_a_byline():
    src = doc("أ\n\nموسكو|\n\nنص طويل بما يكفي لفقرة.\n\nكتب لافروف مقالا عن الأزمة\n\nموسكو|\n\nنص.")
    arts = segment(src)
    assert [a.headline for a in arts] == ["أ", "كتب لافروف مقالا عن الأزمة"]


from hypothesis import given, settings, strategies as st  # noqa: E402

_ALPHABET = st.sampled_from(list("موسكو|/-–() \n\nسانا رويترز أرشيف الوسم : انظر ايضاً ١٢3.،*_") + ["\u00a0", "\r\n"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=200).map("".join))
def test_segment_never_raises_and_spans_are_sane(text):
    src = doc(text)
    arts = segment(src)
    check_offsets(src, arts)
    assert segment(src) == arts


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_segment_on_any_text(text):
    src = doc(text)
    check_offsets(src, segment(src))


def test_archive_listing_of_headline_date_teaser():
    src = doc("أرشيف الوسم : لافروف\n\nلافروف يلتقي كيري في جنيف\n2016/09/09\nالتقى الوزيران لبحث الهدنة.\n\n"
              "لافروف: الهدنة صامدة\n٠٣.١٠.٢٠١٦ 14:20\nقال الوزير إن الهدنة صامدة.\n\n"
              "لافروف في أنقرة\nنشر في: 1-12-2015\nوصل الوزير إلى أنقرة.")
    arts = segment(src)
    check_offsets(src, arts)
    assert [a.headline for a in arts] == ["لافروف يلتقي كيري في جنيف", "لافروف: الهدنة صامدة", "لافروف في أنقرة"]
    assert arts[0].text.endswith("لبحث الهدنة.")


def test_one_article_with_a_date_line_stays_one():
    src = doc("لافروف يلتقي كيري\n2016/09/09\nموسكو|\nالتقى الوزيران.\n\nوأضاف أن اللقاء مثمر.")
    arts = segment(src)
    assert len(arts) == 1 and arts[0].dateline == "موسكو|" and arts[0].headline == "لافروف يلتقي كيري"


def test_numbers_in_body_do_not_open_articles():
    src = doc("العنوان\n\nقال الوزير إن القرار مهم.\n\nالقرار 2254\n\n2254\n\nوأضاف أن التطبيق ضروري.")
    assert len(segment(src)) == 1


def test_date_stamp_above_the_headline():
    src = doc("2016/10/03 10:30\nلافروف يحذر من انهيار الاتفاقات\nموسكو|\nقال الوزير إن الأمر مهم.")
    arts = segment(src)
    assert len(arts) == 1 and arts[0].headline == "لافروف يحذر من انهيار الاتفاقات"
    src = doc("2016/10/03\nلافروف يحذر من انهيار الاتفاقات\nقال الوزير إن الأمر مهم.")
    arts = segment(src)
    assert len(arts) == 1 and arts[0].headline == "لافروف يحذر من انهيار الاتفاقات"
    assert arts[0].start == 0, "the stamp stays in the article"


RT_STYLE = """لافروف: سنبذل كل ما بوسعنا
أخبار روسيا
انسخ الرابطhttps://example.org/a
أكد الوزير أن موسكو ستبذل كل ما بوسعها.
عنوان فرعي داخل الخبر
وتابع الوزير أن الجهود مستمرة.
المصدر: وكالات
لافروف يلتقي نظيره البيلاروسي
أخبار روسيا
انسخ الرابطhttps://example.org/b
التقى الوزير نظيره في موسكو.
المصدر: وكالات
بوتين يستقبل العاهل الأردني
انسخ الرابطhttps://example.org/c
استقبل الرئيس العاهل الأردني.
"""


def test_pages_without_datelines_split_on_credits_and_share_bars():
    src = doc(RT_STYLE)
    arts = segment(src)
    check_offsets(src, arts)
    assert [a.headline for a in arts] == [
        "لافروف: سنبذل كل ما بوسعنا", "لافروف يلتقي نظيره البيلاروسي", "بوتين يستقبل العاهل الأردني"]
    assert "عنوان فرعي داخل الخبر" in arts[0].text, "a subheading stays in its article"
    assert all("المصدر: وكالات" not in a.text for a in arts)


def test_trailing_credit_does_not_open_an_article():
    src = doc("العنوان\n\nنص الخبر.\n\nالمصدر: وكالات\n")
    arts = segment(src)
    assert len(arts) == 1 and arts[0].text.endswith("نص الخبر.")


def test_see_also_block_in_the_middle_of_a_page_ends_where_the_next_article_starts():
    text = ("العنوان الأول\n\nموسكو-سانا\n\nأكد الوزير أن الحوار مستمر.\n\nوأضاف أن اللقاء المقبل قريب.\n\n"
            "انظر ايضاً\n\nعنوان مقال قديم\n\nموسكو-سانا جدد الوزير دعمه …\n\n"
            "العنوان الثاني\n\nدمشق-سانا\n\nأعلنت الوزارة أن الطريق مفتوح.\n\nوأوضحت أن العمل مستمر.\n")
    src = doc(text)
    arts = segment(src)
    check_offsets(src, arts)
    assert [a.headline for a in arts] == ["العنوان الأول", "العنوان الثاني"]
    assert all("عنوان مقال قديم" not in a.text and "انظر ايضاً" not in a.text for a in arts)
    assert arts[1].dateline == "دمشق-سانا"


def test_see_also_teasers_truncated_without_ellipsis_are_dropped():
    text = ("العنوان\n\nموسكو-سانا\n\nأكد الوزير أن الحوار مستمر.\n\nانظر ايضاً\n\nبوغدانوف: ضرورة وقف العدوان\n\n"
            "القاهرة-سانا أكد الممثل الخاص للرئيس الروسي لشؤون الشرق الأوسط")
    arts = segment(doc(text))
    assert len(arts) == 1 and arts[0].text.endswith("الحوار مستمر.")


def test_concatenated_seed_pages_give_one_article_each():
    srcs = [_seed(p) for p in ("000", "001", "002", "003")]
    if any(s is None for s in srcs):
        pytest.skip("seed files not available")
    text = "\n\n".join(s.text for s in srcs)
    src = doc(text)
    arts = segment(src)
    check_offsets(src, arts)
    assert [a.headline for a in arts] == [segment(s)[0].headline for s in srcs]
    assert all("انظر ايضاً" not in a.text and "المصدر: وكالات" not in a.text for a in arts)


@pytest.mark.parametrize("line,is_stamp", [
    ("نشر في: 03/10/2016", True), ("نشر في الثلاثاء 4 أكتوبر 2016", True), ("نشر: 3-10-2016", True),
    ("2016/10/03 14:20", True), ("بقلم: فلان", True),
    ("نشر الوزير مقالا عن الأزمة", False), ("كتب لافروف مقالا", False), ("2254 قرار", False),
])
def test_stamp_lines(line, is_stamp):
    from ingest.segment import _STAMP
    assert bool(_STAMP.match(line)) is is_stamp


def test_dateline_parts():
    from ingest.segment import dateline_parts
    src = doc("أ\n\nالقاهرة (رويترز) - نص.\n\nب\n\nواشنطن، 5 مارس (أ ف ب) - نص.\n\nج\n\nموسكو|\n\nنص.\n\nد\n\nنص بلا سطر تاريخ.")
    parts = [dateline_parts(a) for a in segment(src)]
    assert parts[0] == {"place": "القاهرة", "agency": "رويترز", "date": None}
    assert parts[1] == {"place": "واشنطن", "agency": "أ ف ب", "date": "5 مارس"}
    assert parts[2] == {"place": "موسكو", "agency": None, "date": None}


def test_a_site_name_in_latin_letters_over_a_stamp_opens_no_article():
    text = ("الحكومة تعقد جلستها الأولى بعد العطلة اليوم\n\n"
            "Capital News\n"
            "02-01-2026 | 01:00\n"
            "تعقد الحكومة اليوم جلستها الأولى بعد عطلة الأعياد، وعلى جدول أعمالها الموازنة العامة.\n")
    [art] = segment(SourceDocument(key="k", text=text))
    assert art.headline == "الحكومة تعقد جلستها الأولى بعد العطلة اليوم"
