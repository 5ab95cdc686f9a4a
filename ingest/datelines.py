"""Datelines and page furniture of Arabic news pages, as data.

Segmentation needs to recognise two kinds of lines: the dateline that opens an
article (``موسكو|``, ``دمشق - سانا``, ``القاهرة (رويترز) -``) and the furniture
a page wraps around articles (archive headers, "see also" blocks, share links,
section labels, source credits). The knowledge lives in the tables below;
``segment.py`` only combines them. Adding a city, an agency or a furniture
phrase is adding a string here.

Spellings are written once; ``fuzzy()`` makes every pattern tolerant of the
usual Arabic spelling variation (hamza forms of alef, ya/alef maqsura,
ta marbuta/ha, tanween, tatweel, diacritics) without normalising the text, so
every match keeps its offsets into the original.
"""
from __future__ import annotations

import re

# Cities that open datelines. Multi-word names are fine ("رام الله").
CITIES: tuple[str, ...] = (
    # Arab capitals and big cities
    "دمشق", "حلب", "حمص", "اللاذقية", "طرطوس", "دير الزور", "الرقة", "ادلب", "درعا", "حماة",
    "بيروت", "طرابلس", "صيدا", "عمان", "القاهرة", "الإسكندرية", "بغداد", "البصرة", "الموصل", "أربيل",
    "الرياض", "جدة", "مكة المكرمة", "الدوحة", "أبوظبي", "أبو ظبي", "دبي", "الشارقة", "الكويت", "المنامة",
    "مسقط", "صنعاء", "عدن", "الخرطوم", "الرباط", "الدار البيضاء", "الجزائر", "تونس", "نواكشوط",
    "القدس", "رام الله", "غزة", "نابلس", "الخليل", "جنيف", "أستانا", "استانا",
    # elsewhere
    "موسكو", "سان بطرسبورغ", "سوتشي", "واشنطن", "نيويورك", "لندن", "باريس", "برلين", "روما",
    "مدريد", "بروكسل", "فيينا", "ميونيخ", "أنقرة", "إسطنبول", "اسطنبول", "طهران", "كابول",
    "إسلام أباد", "بكين", "طوكيو", "نيودلهي", "لوكسمبورغ", "مينسك", "كييف", "الأمم المتحدة",
    "لاهاي", "ستوكهولم", "أوسلو", "وارسو", "أثينا", "نيقوسيا", "باكو", "يريفان", "تبليسي",
)

# News agencies and outlets that follow a city in a dateline.
AGENCIES: tuple[str, ...] = (
    "سانا", "رويترز", "أ ف ب", "أ.ف.ب", "أ. ف. ب", "فرانس برس", "وكالة فرانس برس", "أ ب", "أ.ب",
    "أسوشيتد برس", "د ب أ", "د.ب.أ", "الأناضول", "الاناضول", "وام", "واس", "قنا", "كونا", "بترا",
    "وفا", "معا", "أ ش أ", "بنا", "العمانية", "سبوتنيك", "نوفوستي", "ريا نوفوستي", "إنترفاكس",
    "تاس", "إيتار تاس", "روسيا اليوم", "آر تي", "شينخوا", "يو بي آي", "إرنا", "ارنا", "فارس",
    "الأنباء", "وكالات", "خاص", "RT", "AFP", "AP", "Reuters", "SANA", "DPA", "dpa", "TASS",
)

# Newspapers and channels that sign their own datelines. Many are ordinary
# words (الوطن، الاتحاد، الغد), so they count only in quotes or parentheses:
# "لندن: «الشرق الأوسط»", "بيروت (الحياة) -", never "روسيا - الاتحاد الأوروبي".
OUTLETS: tuple[str, ...] = (
    "الشرق الأوسط", "الحياة", "القدس العربي", "العربي الجديد", "الجزيرة", "الجزيرة نت", "العربية",
    "العربية نت", "سكاي نيوز عربية", "الأهرام", "اليوم السابع", "الوطن", "النهار", "الأخبار",
    "المدن", "عنب بلدي", "الخليج", "البيان", "الرأي", "الغد", "عكاظ", "الرياض", "الاتحاد",
    "بي بي سي", "دويتشه فيله", "فرانس 24", "سبوتنيك عربي", "إرم نيوز", "الميادين", "المنار",
)

# Separators between city and agency, or ending a dateline.
DASHES = "-–—ـ"
PIPES = "|/"

# Lines that head an archive or search page: dropped.
ARCHIVE_HEADERS: tuple[str, ...] = (
    "أرشيف الوسم", "أرشيف الكاتب", "أرشيف التصنيف", "أرشيف القسم", "أرشيف الكلمة", "أرشيف",
    "الوسم", "نتائج البحث عن", "نتائج البحث", "مقالات بوسم", "الأخبار الموسومة",
)

# A line that starts a related-links block: it and everything after it are dropped.
SEE_ALSO: tuple[str, ...] = (
    "انظر أيضا", "انظر ايضا", "اقرأ أيضا", "إقرأ أيضا", "اقرا ايضا", "شاهد أيضا",
    "مواضيع ذات صلة", "أخبار ذات صلة", "اخبار ذات صلة", "مقالات ذات صلة", "ذات صلة",
    "الأكثر قراءة", "المزيد من الأخبار",
)

# Share and navigation links: a short line (or one carrying a URL) that starts
# with one is dropped. Short only, because "شارك" also opens real sentences.
SHARE: tuple[str, ...] = (
    "انسخ الرابط", "نسخ الرابط", "شارك", "مشاركة", "شارك على", "تويتر", "فيسبوك", "واتساب",
    "تلغرام", "طباعة", "أرسل لصديق", "الرابط المختصر", "رابط مختصر", "تابعونا على",
    "اقرأ المزيد", "المزيد", "التفاصيل",
)

# Section labels that pages print above or below an article: dropped when a
# line consists of nothing else. "أخبار X" (one or two words) is handled by
# SECTION_PREFIXES.
SECTIONS: tuple[str, ...] = (
    "سياسة", "اقتصاد", "رياضة", "منوعات", "ثقافة", "محليات", "عربي ودولي", "عربي", "دولي",
    "العالم", "الشرق الأوسط", "تقارير", "حوارات", "آراء", "مقالات", "فيديو", "صور",
    "الرئيسية", "آخر الأخبار", "عاجل",
)
SECTION_PREFIXES: tuple[str, ...] = ("أخبار", "اخبار")

# Source credits ("المصدر: وكالات") closing an article: dropped.
CREDITS: tuple[str, ...] = ("المصدر", "المصادر", "مصدر", "تحرير", "إعداد", "ترجمة", "المحرر")

# Words that open a publication stamp ("نشر في: 03/10/2016") or a byline
# ("بقلم: ..."): such lines may sit between a headline and its dateline.
STAMP_PREFIXES: tuple[str, ...] = ("نشر في", "نشر بتاريخ", "تاريخ النشر", "آخر تحديث", "بتاريخ", "تم النشر")
# Shorter words that open a stamp only before a colon or a digit ("نشر: 3/10"),
# since they also open headlines ("نشر الوزير مقالا").
SHORT_STAMP_PREFIXES: tuple[str, ...] = ("نشر", "تحديث")
BYLINE_PREFIXES: tuple[str, ...] = ("بقلم", "كتب", "كتبت", "إعداد", "تقرير")

# Separator lines between articles: a line made only of these characters.
SEPARATOR_CHARS = "-–—_=*•·~ـ#+"


_VARIANTS = {
    "ا": "[اأإآٱ]", "أ": "[اأإآٱ]", "إ": "[اأإآٱ]", "آ": "[اأإآٱ]",
    "ي": "[يى]", "ى": "[يى]", "ة": "[ةه]", "ه": "[هة]",
}
_NOISE = "[\u0640\u064B-\u0652\u0670]*"  # tatweel, tanween and harakat may follow any letter


def fuzzy(phrase: str) -> str:
    """A regex for ``phrase`` tolerant of alef/ya/ta-marbuta variants,
    tanween, diacritics and tatweel, with any run of spaces between words."""
    out = []
    for ch in phrase:
        if ch.isspace():
            out.append(r"[\s\u00a0]+")
        elif ch in _VARIANTS:
            out.append(_VARIANTS[ch] + _NOISE)
        else:
            out.append(re.escape(ch) + (_NOISE if "\u0600" <= ch <= "\u06ff" else ""))
    return "".join(out)


def alternation(phrases: tuple[str, ...]) -> str:
    """Longest first, so that "ريا نوفوستي" wins over "نوفوستي"."""
    return "(?:" + "|".join(fuzzy(p) for p in sorted(set(phrases), key=len, reverse=True)) + ")"
