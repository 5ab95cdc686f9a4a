"""The words event building reads as cues, as data.

Each list is written once in ordinary spelling; matching compares the
normalised forms (``ingest.events.entities.normalize``: hamza forms of
alef, ya/alef maqsura, ta marbuta/ha folded, marks dropped), and a word may
carry one of the clitics و ف ب ل in front. Adding a cue is adding a word.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ingest.datelines import alternation
from ingest.events.entities import normalize


def _words(text: str) -> frozenset[str]:
    return frozenset(normalize(w) for w in text.split())


# --- conditions: a date in a condition is a scenario, not a happening ---------------------------
# "في حال ثبوت الرؤية بأن الأربعاء هو أول العيد فتكون ...": the day is one of two outcomes.
CONDITIONAL_PHRASES = ("في حال", "وفي حال", "في حالة", "وفي حالة", "إذا", "وإذا", "فإذا", "لو", "ولو")

def raw_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """A regex finding any of ``phrases`` as whole words in raw text (spelling
    variants and marks tolerated, see ``ingest.datelines.fuzzy``): no need to
    normalise a passage to look for a cue in it."""
    return re.compile(rf"(?<![\u0621-\u064A]){alternation(phrases)}(?![\u0621-\u064A])")


# --- references: a date that only identifies a document ---------------------------------------
# "القرار رقم 28 وتاريخ 29 رمضان", "المرسوم الصادر في 3 آذار", "كتابه المؤرخ في ...".
REFERENCE_MARKERS = _words("وتاريخ بتاريخ المؤرخ المؤرخة المؤرخين الصادر الصادرة الصادرين المنشور المنشورة")
# Words naming a document: within a few words before the marker.
DOCUMENT_NOUNS = _words("""
قرار القرار مرسوم المرسوم قانون القانون رقم كتاب الكتاب كتابه تعميم التعميم أمر الأمر العدد عدد
بلاغ البلاغ لائحة اللائحة نظام النظام اتفاقية الاتفاقية مذكرة المذكرة رسالة الرسالة خطاب الخطاب
""")

# --- names: a date that is part of a name ------------------------------------------------------
# "ثورة 23 يوليو", "حرب أكتوبر": without a year of its own the date names the
# happening it recalls, it does not date anything told here.
NAME_HEADS = _words("""
ثورة الثورة انتفاضة الانتفاضة حرب الحرب معركة المعركة مجزرة المجزرة أحداث الأحداث هجمات الهجمات
حركة اتفاق اتفاقية تفاهمات جمعة صلاة خطبة
""")
# "ملعب 8 ماي 1945", "شارع 26 يوليو": a place named after a date, year or not.
PLACE_NAME_HEADS = _words("""
ملعب الملعب استاد الاستاد مجمع المجمع جسر الجسر شارع الشارع ميدان الميدان ساحة الساحة مدرسة المدرسة
مستشفى المستشفى جامعة الجامعة حي الحي مدينة قاعة القاعة
""")

# --- comparisons and replacements: a date told only to set another against it ---------------------
# "41% في يونيو مقابل 40.3% في مايو", "بدلا من يوم الأربعاء 23 يوليو".
COMPARISON_WORDS = ("مقابل", "مقارنة", "مقارنةً", "قياسا", "بالمقارنة")
COMPARISON = _words(" ".join(COMPARISON_WORDS))
REPLACED_PHRASES = ("بدلا من", "بدلاً من", "عوضا عن", "عوضاً عن", "بدل")
# How far back a comparison cue may stand, in words ("مقارنة بـ1.2% في يونيو").
COMPARISON_REACH = 5

# --- ranges: "من ... حتى ..." ------------------------------------------------------------------
RANGE_START = _words("""
من اعتبارا اعتباراً ابتداء ابتداءً بدءا بدءاً بداية تنطلق ينطلق انطلقت انطلق ستنطلق سينطلق تبدأ يبدأ بدأت بدأ
ستبدأ سيبدأ
""")
RANGE_END = _words("حتى لغاية إلى الى غاية حدود تنتهي ينتهي انتهت انتهى ستنتهي سينتهي")
# Words that may stand between a range mark and its date ("من صباح يوم الاثنين").
RANGE_FILLER = _words("يوم يومي صباح مساء ظهر تاريخ بتاريخ نهاية مطلع بداية الـ ال")

# Holidays and anniversaries named by their name, not by their date: "عطلة عيد
# الفطر" names the occasion of a holiday, the holiday's own dates are told
# elsewhere ("من الخميس 19 آذار").
HOLIDAY_HEADS = _words("عيد العيد رأس ذكرى الذكرى أربعينية الأربعينية مولد المولد")

# The current period named bare ("هذا الشهر", "العام الجاري"): a frame, not a date of something.
CURRENT_PERIOD = _words("هذا هذه الجاري الجارية الحالي الحالية")
PERIOD_PART = _words("أواخر اواخر أوائل اوائل مطلع منتصف نهاية بداية أول آخر خلال")

# A year not over yet, told bare ("في 2026", "خلال 2025"), frames plans and
# totals; a happening dated by its year is told "عام 2016", "في العام الماضي".
YEAR_NOUNS = _words("عام العام سنة السنة")

# Years (and months) that name a period rather than date a happening: "العام
# الدراسي 2025", "دورة جوان 2023".
PERIOD_NOUNS = _words("""
الدراسي الأكاديمي المالي الجامعي الرياضي الزراعي الموسم موسم الدورة دورة الميزانية موازنة الموازنة
""")

# --- furniture ------------------------------------------------------------------------------------
# Lines a page prints around an article: a byline, a credit, a stamp. Such a
# line names a date to date the page, never a happening.
BYLINE_OPENERS = _words("كتب كتبت كتبها كتبه بقلم متابعة إعداد اعداد تحرير تقرير تصوير حوار ترجمة المحرر المراسل")
# A line opened by one of these Latin words is a byline or a credit ("Written By ...").
LATIN_BYLINE_OPENERS = frozenset("written by posted published updated photo source".split())
STAMP_WORDS = _words("""
العدد عدد تحديث تحديثا آخر نشر نشرت تاريخ بتاريخ الموافق الساعة ص م مـ صباحا مساء محليات سياسة اقتصاد
رياضة منوعات ثقافة عربي دولي الرئيسية عاجل متابعة خاص فيديو صور وكالة الوكالة للأنباء الأنباء صحيفة
جريدة موقع شبكة نيوز الإخباري الاخباري
""")
# A line needs this many words besides its dates and stamp words to be prose;
# a line holding two dates (a masthead: the Hijri and the Gregorian day) needs more.
PROSE_MIN_WORDS = 2
MASTHEAD_MIN_WORDS = 4

# --- tense ---------------------------------------------------------------------------------------
# A clause with a future verb ("سيوافق"، "سوف تعقد") tells what will happen; in a
# sentence that also tells what happened, the two are different happenings.
FUTURE_WORDS = _words("سوف")
# Nouns that look like a future verb (س + ي/ت/ن ...): "سياسة", "سيارة", "سنوات".
NOT_FUTURE_PREFIXES = tuple(normalize(w) for w in """
سياس سيار سيد سيطر سيول سيناء سينما سيرة سير ستين ستة ستار سترات ستاد سنة سنو سنين سنت سند سنغافور سنغال
""".split())

# --- titles --------------------------------------------------------------------------------------
# Words a title must not end on: they open a clause that the cut left empty
# ("الذي انعقد", "موضحا أيضا", "بين لافروف").
DANGLING_END = _words("""
الذي التي الذين اللذين اللتين اللواتي اللاتي أن إن بأن لأن كما حيث بينما فيما وفيما عندما بعدما قبل بعد
أيضا ايضا كذلك موضحا مؤكدا مضيفا مشيرا لافتا معتبرا قائلا بين من في على عن مع إلى الى حتى منذ خلال
و ف ثم أو أم لكن لكنه ل ب ك وذلك ذلك هو هي عند لدى نحو حول ضمن عبر الموافق الموافقة الموافقين يوم يومي
سيكون ستكون يكون تكون
""")

# Words that open a clause of its own after a comma: a date closing the clause
# before them ends what that clause tells ("وصل الوفد أمس، حيث ...").
CLAUSE_OPENERS = _words("""
حيث فيما بينما كما إذ اذ لكن لكنه غير إلا الا مما ما ثم الذي التي الذين على أن إن بعد قبل عقب إثر اثر
مشيرا مؤكدا موضحا مضيفا لافتا قائلا معتبرا معربا منوها داعيا وذلك ذلك هو هي هم أي وفق وفقا بحسب حسب طبقا قد لقد
""")

# Verbs of saying: a complementiser after one opens reported speech; a lead
# opened by one ("وقال لافروف في لقاء ...") tells the saying, not the news.
SAYING = _words("""
قال قالت أكد أكدت أضاف أضافت أوضح أوضحت أعلن أعلنت ذكر ذكرت اعتبر رأى أشار أشارت لفت شدد كشف بين صرح أفاد
تابع أردف مشيرا مؤكدا موضحا لافتا معتبرا مضيفا معربا معلنا مشددا كاشفا
""")

# Words opening a clause that spells out the one before it ("تقام مباراتان، حيث ...").
SPELLING_OUT = _words("حيث")

# Prepositions and adverbs that open a fronted phrase ("خلال مؤتمر صحفي ..."، "وفي مقابلة"):
# a clause opened by one does not yet say who did what.
FRONTED_OPENERS = _words("""
في وفي خلال وخلال مع ومع بعد وبعد قبل وقبل منذ عند وعند لدى على وعلى من إلى الى عن حول أمام وسط إثر اثر عقب بعيد قبيل بحضور برعاية ضمن حين
""")

# Words recur across sentences and articles: their matching forms are cached.
norm = lru_cache(maxsize=32768)(normalize)


@lru_cache(maxsize=32768)
def bare(word: str) -> str:
    """A word's normalised form without one leading clitic و ف ب ل (when what is left is a word)."""
    w = norm(word)
    if len(w) > 3 and w[0] in "وفبل":
        return w[1:]
    return w


def in_set(word: str, words: frozenset[str]) -> bool:
    """Whether ``word`` is one of ``words``, as written or without a leading clitic."""
    w = norm(word)
    return w in words or bare(w) in words
