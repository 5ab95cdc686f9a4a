"""Places, people and organisations from data files and title patterns."""
from __future__ import annotations

from ingest.events.entities import (
    ORGANISATION,
    PERSON,
    PLACE,
    default_lexicon,
    find_entities,
    normalize,
)


def _names(text: str, kind: str) -> list[str]:
    return [r.name for r in find_entities(text) if r.kind == kind]


def test_people_from_title_patterns():
    text = ("قال وزير الخارجية الروسي سيرغي لافروف إن الرئيس الروسي فلاديمير بوتين بحث الأمر، "
            "وذلك خلال مؤتمر صحفي مع نظيره البيلاروسي فلاديمير ماكي في موسكو.")
    assert _names(text, PERSON) == ["سيرغي لافروف", "فلاديمير بوتين", "فلاديمير ماكي"]


def test_people_after_commas_links_and_with_name_particles():
    text = ("بمشاركة وزير الخارجية الإماراتي، عبدالله بن زايد آل نهيان، وأمين عام جامعة الدول العربية، نبيل العربي، "
            "ومع نظيره من لوكسمبورغ جان اسيلبورن، ودعوة مبعوث الأمم المتحدة الخاص إلى سورية ستافان دي ميستورا.")
    people = _names(text, PERSON)
    assert "عبدالله بن زايد آل نهيان" in people
    assert "نبيل العربي" in people
    assert "جان اسيلبورن" in people
    assert "ستافان دي ميستورا" in people


def test_no_person_where_a_title_is_followed_by_no_name():
    text = "وقال وزير الخارجية الروسي إن موسكو ستواصل جهودها، وأكد الوزير أن الرئيس قال ذلك."
    assert _names(text, PERSON) == []


def test_surname_alone_refers_to_the_person_introduced_earlier():
    text = "أكد وزير الخارجية الروسي سيرغي لافروف ذلك. وأضاف لافروف أن الحوار مستمر."
    refs = [r for r in find_entities(text) if r.kind == PERSON]
    assert [(r.name, text[r.start:r.end]) for r in refs] == [("سيرغي لافروف", "سيرغي لافروف"), ("سيرغي لافروف", "لافروف")]


def test_places_with_spelling_variants_clitics_and_english_names():
    text = "الوضع في سورية وسوريا، والمحادثات بموسكو وفي أستانة وجنيف."
    refs = [r for r in find_entities(text) if r.kind == PLACE]
    assert [(r.name, r.name_en) for r in refs] == [
        ("سوريا", "Syria"), ("سوريا", "Syria"), ("موسكو", "Moscow"), ("أستانا", "Astana"), ("جنيف", "Geneva")]
    assert [text[r.start:r.end] for r in refs] == ["سورية", "سوريا", "موسكو", "أستانة", "جنيف"]


def test_a_place_inside_a_longer_word_is_not_found():
    # "السورية" is an adjective, not the country; "مصري" not Egypt
    assert _names("الحكومة السورية والجانب المصري", PLACE) == []


def test_organisations_from_the_list():
    text = ("أيد مجلس الأمن الدولي قرار الأمم المتحدة، ورحبت جامعة الدول العربية والاتحاد الأوروبي بمحاربة تنظيم داعش "
            "وللأمم المتحدة دور.")
    orgs = _names(text, ORGANISATION)
    assert orgs == ["مجلس الأمن", "الأمم المتحدة", "جامعة الدول العربية", "الاتحاد الأوروبي", "تنظيم داعش", "الأمم المتحدة"]


def test_offsets_point_into_the_original_text_despite_diacritics():
    text = "وصل الوزيرُ إلى مُوسْكو اليوم"
    ref = [r for r in find_entities(text) if r.kind == PLACE][0]
    assert text[ref.start:ref.end] == "مُوسْكو" and ref.name == "موسكو"


def test_user_gazetteer_extends_the_shipped_one(tmp_path, monkeypatch):
    extra = tmp_path / "extra.tsv"
    extra.write_text("city\tتدمر الجديدة\tNew Palmyra\tتدمر الحديثة\n", encoding="utf-8")
    monkeypatch.setenv("TIMELINE_GAZETTEER", str(extra))
    orgs = tmp_path / "orgs.tsv"
    orgs.write_text("منظمة الخوذ البيضاء\tWhite Helmets\tالخوذ البيضاء\n", encoding="utf-8")
    monkeypatch.setenv("TIMELINE_ORGANISATIONS", str(orgs))
    refs = find_entities("وصل فريق الخوذ البيضاء إلى تدمر الحديثة وموسكو", default_lexicon())
    got = {(r.kind, r.name, r.name_en) for r in refs}
    assert (PLACE, "تدمر الجديدة", "New Palmyra") in got
    assert (ORGANISATION, "منظمة الخوذ البيضاء", "White Helmets") in got
    assert (PLACE, "موسكو", "Moscow") in got  # the shipped data still applies


def test_normalize_folds_spelling_variants():
    assert normalize("أستانة") == normalize("استانه")
    assert normalize("مُوسْكو") == "موسكو"


def test_compound_first_names_count_as_one_name():
    text = "استقبل الرئيس المصري عبد الفتاح السيسي يوم الأحد وزير الخارجية الأمريكي ريكس تيلرسون في القاهرة."
    assert _names(text, PERSON) == ["عبد الفتاح السيسي", "ريكس تيلرسون"]


def test_a_name_may_start_like_a_conjunction_but_a_region_is_not_a_name():
    text = ("التقى وزير الخارجية السوري وليد المعلم الممثل الخاص للرئيس الروسي لشؤون الشرق الأوسط "
            "وبلدان أفريقيا نائب وزير الخارجية ميخائيل بوغدانوف.")
    assert _names(text, PERSON) == ["وليد المعلم", "ميخائيل بوغدانوف"]


def test_user_titles_extend_the_shipped_ones(tmp_path, monkeypatch):
    titles = tmp_path / "titles.txt"
    titles.write_text("# my titles\nقائد الحرس الثوري\n", encoding="utf-8")
    monkeypatch.setenv("TIMELINE_PERSON_TITLES", str(titles))
    refs = find_entities("قال قائد الحرس الثوري محمد جعفري إن الوضع مستقر.", default_lexicon())
    assert [r.name for r in refs if r.kind == PERSON] == ["محمد جعفري"]


def test_a_letter_that_lowers_to_two_keeps_offsets_in_step():
    """"İ" (Turkish dotted capital I) lowers to two characters; with a mark to drop beside it
    the offset map must still give every folded character its place."""
    text = "قالَ وزير الخارجية التركي في İstanbul إن وفدا سيزور مُوسْكو غدا"
    refs = find_entities(text)
    place = [r for r in refs if r.kind == PLACE and r.name == "موسكو"][0]
    assert text[place.start:place.end] == "مُوسْكو"
    assert all(0 <= r.start < r.end <= len(text) for r in refs)


def test_a_place_the_gazetteer_lacks_is_found_after_a_place_noun():
    text = "تظاهر المئات في بلدة كفرنبودة وفي مدينة أم الفحم، وفي منطقة وادي عارة أمس."
    places = {r.name: r.subkind for r in find_entities(text) if r.kind == PLACE}
    assert places == {"كفرنبودة": "city", "أم الفحم": "city", "وادي عارة": "region"}
    # the gazetteer's own name wins, and a noun without a name names nothing
    assert [(r.name, r.subkind) for r in find_entities("في مدينة دمشق") if r.kind == PLACE] == [("دمشق", "city")]
    assert [r for r in find_entities("وعادت الحياة إلى المدينة في المنطقة") if r.kind == PLACE] == []
