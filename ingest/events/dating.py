"""Which date expressions date a happening, which only support one, which neither.

A resolved DATE or TIME expression *dates* a happening (it can make an event)
unless a rule below says otherwise. Some only *support* one: they may be told
as further evidence of a happening the article dates the same way, but never
make an event of their own. The rest make nothing.

Makes nothing:

- durations, sets, vague references, unresolved expressions, decades and
  centuries; a generic "nowadays" اليوم;
- a clock time with no day of its own ("في التاسعة مساء"): its day is told by
  another expression, or not at all;
- page furniture: a byline, a stamp, a line that is a date and a few words
  ("العدد 5305 - الخميس 16 مارس 2017", "تحديث: 12 مايو"), a site or agency
  name that holds a date word ("بغداد اليوم" in quotes);
- a Hijri month or year that names the calendar ("هلال شهر رمضان لعام
  1446 هـ"), a span of several years ("العام الدراسي 2025 - 2026");
- a date inside a name, without a year of its own ("ثورة 23 يوليو").

Only supports:

- a date in a condition ("في حال ثبوت الرؤية بأن الأربعاء هو أول العيد"):
  one of the outcomes, not what happened;
- a date that identifies a document ("القرار رقم 28 وتاريخ 29 رمضان");
- a holiday named by its name ("عطلة عيد الفطر"): the occasion, whose days
  are told elsewhere;
- the current year ("لهذا العام"), a year naming a period ("الموسم الرياضي 2016").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ingest.document import Mention
from ingest.events import cues
from ingest.events.entities import default_lexicon as places_lexicon, normalize
from ingest.events.prose import ARABIC_WORD, LATIN, Prose

DATES, SUPPORTS, NOTHING = "dates", "supports", "nothing"

# Granularities too coarse to date a happening on a timeline.
_TOO_COARSE = {"decade", "century"}
# A plural or dual present-tense verb right before a bare اليوم ("يمثلون اليوم")
# describes a state of affairs "nowadays", not something that happened today.
_STATE_VERB = re.compile(r"^[يتن][\u0621-\u064A]{2,}(?:ون|ان|ين)$")
_TOKEN = re.compile(r"[\u0621-\u064A\u0640\u064B-\u0652A-Za-z0-9]+")
_YEAR_DIGITS = re.compile(r"(?<![0-9٠-٩])[0-9٠-٩]{4}(?![0-9٠-٩])")
_QUOTES = {"“": "”", "«": "»", '"': '"', "„": "“"}
_CLOSERS = "”»"
# Furniture lines are short: a longer line is prose, whatever it holds.
FURNITURE_MAX_CHARS = 200
# How far back (characters) a conditional may open the part of a sentence holding a date.
CONDITION_REACH = 600
# How far back a cue may stand from the expression it qualifies, in words.
_REFERENCE_REACH, _DOCUMENT_REACH = 2, 8


@dataclass(frozen=True)
class Judgement:
    role: str      # DATES, SUPPORTS or NOTHING
    reason: str    # which rule decided, for developers

    @property
    def dates(self) -> bool:
        return self.role == DATES


def is_generic_today(text: str, start: int, end: int) -> bool:
    """A bare اليوم used as "nowadays" (the tagger should say so; this is a backstop)."""
    if normalize(text[start:end]).strip() != "اليوم":
        return False
    before = _TOKEN.findall(text[max(0, start - 40):start])
    return bool(before) and bool(_STATE_VERB.match(normalize(before[-1])))


def resolves_to_a_date(mention: Mention, text: str, start: int, end: int) -> bool:
    """A resolved DATE or TIME that could date something on a timeline."""
    res = mention.resolution
    if mention.expression.type not in ("DATE", "TIME") or not res.is_dated:
        return False
    if (res.granularity or "day") in _TOO_COARSE:
        return False
    return not is_generic_today(text, start, end)


def judge(mention: Mention, start: int, end: int, prose: Prose, today: date | None = None) -> Judgement:
    """What the expression at [start, end) of ``prose`` does for the timeline
    (``today``: the article's own date, when known)."""
    text = prose.text
    res = mention.resolution
    if not resolves_to_a_date(mention, text, start, end):
        return Judgement(NOTHING, "not a date of the timeline")
    gran = res.granularity or "day"
    if gran == "time":
        return Judgement(NOTHING, "a clock time without a day")
    if is_furniture_line(prose, start):
        return Judgement(NOTHING, "page furniture")
    if in_short_quote(text, start, end) or is_site_name(prose, start, end):
        return Judgement(NOTHING, "inside a name")
    if res.calendar == "hijri" and gran in ("month", "year"):
        return Judgement(NOTHING, "a Hijri month or year naming the calendar")
    if gran == "year" and (res.date_end - res.date_start).days > 366:
        return Judgement(NOTHING, "a span of years")
    # the words before the expression, in its sentence: most rules read a few of them
    before = prose.words_before(start, _DOCUMENT_REACH)
    if names_something(mention, start, prose, before):
        return Judgement(NOTHING, "part of a name")
    if _repeated_noun(mention, start, prose, before):
        return Judgement(NOTHING, "an idiom (يوما بعد يوم)")
    if _REPLACED.search(text, max(0, start - 40), start):
        return Judgement(NOTHING, "a date replaced by another")
    if in_condition(prose, start):
        return Judgement(SUPPORTS, "in a condition")
    if identifies_a_document(prose, start, before):
        return Judgement(SUPPORTS, "the date of a document")
    if compared_against(prose, start):
        return Judgement(SUPPORTS, "a date compared against")
    if is_holiday_name(mention):
        return Judgement(SUPPORTS, "a holiday named by its name")
    if gran in ("week", "month", "year") and _is_current(mention):
        return Judgement(SUPPORTS, "the current period")
    if gran in ("month", "year") and _names_a_period(prose, start, before):
        return Judgement(SUPPORTS, "a month or year naming a period")
    if gran == "year" and (_for_the_year(mention, prose, start, before)
                           or (_bare_year(mention, prose, start, before) and today is not None
                               and res.date_end >= today)):
        return Judgement(SUPPORTS, "a year framing a period")
    return Judgement(DATES, "dates a happening")


# --- the rules ------------------------------------------------------------------------------------

def is_furniture_line(prose: Prose, at: int) -> bool:
    """The line holding ``at`` is page furniture: a byline, fewer than
    ``PROSE_MIN_WORDS`` words besides its dates, stamp words and Latin, or a
    masthead (two dates and a few words)."""
    s, e = prose.line(at)
    found = prose.line_memo.get(s)
    if found is None:
        found = prose.line_memo[s] = _furniture(prose, s, e)
    return found


def _furniture(prose: Prose, s: int, e: int) -> bool:
    if e - s > FURNITURE_MAX_CHARS:
        # a paragraph, not a stamp, unless a byline opens it
        first = ARABIC_WORD.search(prose.text, s, min(e, s + 40))
        return first is not None and first.start() - s < 5 and cues.in_set(first.group(), cues.BYLINE_OPENERS)
    rest = prose.without_dates(s, e)
    first = rest.split()[:1]
    if first and first[0].lower().strip(":") in cues.LATIN_BYLINE_OPENERS:
        return True
    words = ARABIC_WORD.findall(rest)
    if words and cues.in_set(words[0], cues.BYLINE_OPENERS):
        return True
    # count prose words only as far as the rules need
    count = 0
    for w in words:
        if len(w) > 1 and not cues.in_set(w, cues.STAMP_WORDS):
            count += 1
            if count >= cues.MASTHEAD_MIN_WORDS:
                return False
    if count < cues.PROSE_MIN_WORDS:
        return True
    return len(prose.dates_within(s, e)) >= 2


def in_short_quote(text: str, start: int, end: int) -> bool:
    """The expression sits in a quotation of at most three words on one line
    ("بغداد اليوم" quoted): the name of a site or a paper, not a date."""
    lo = max(0, start - 30)
    for i in range(start - 1, lo - 1, -1):
        ch = text[i]
        if ch == "\n" or ch in _CLOSERS:
            return False
        closer = _QUOTES.get(ch)
        if closer is None:
            continue
        j = text.find(closer, end, end + 30)
        if j == -1 or "\n" in text[end:j]:
            return False
        return len(text[i + 1:j].split()) <= 3
    return False


_NAME_END = re.compile(r"\s*(?:[-–—ـ|”»\"]|$)")


def is_site_name(prose: Prose, start: int, end: int) -> bool:
    """A bare اليوم after a place's name and before a dash, a closing quote or
    the end of its line ("بغداد اليوم - بغداد"): a site or a paper."""
    if end - start > 8 or normalize(prose.text[start:end]).strip() != "اليوم":
        return False
    before = prose.words_before(start, 1)
    if not before or not places_lexicon().find_places(before[-1]):
        return False
    line_end = prose.line(start)[1]
    return bool(_NAME_END.match(prose.text, end, line_end))


def names_something(mention: Mention, start: int, prose: Prose, before: list[str] | None = None) -> bool:
    """A date right after a name's head word: a place named after a date
    ("ملعب 8 ماي 1945"), or a happening recalled by its date without a year of
    its own ("ثورة 23 يوليو")."""
    before = prose.words_before(start, 1) if before is None else before
    if not before:
        return False
    if cues.in_set(before[-1], cues.PLACE_NAME_HEADS):
        return True
    return not _YEAR_DIGITS.search(mention.expression.text) and cues.in_set(before[-1], cues.NAME_HEADS)


def _repeated_noun(mention: Mention, start: int, prose: Prose, before: list[str] | None = None) -> bool:
    """"يوماً بعد يوم", "عاما بعد عام": the noun before the expression is the one it
    ends on; the phrase means "steadily", not a day."""
    before = prose.words_before(start, 1) if before is None else before
    words = normalize(mention.expression.text).split()
    if not before or len(words) < 2:
        return False
    noun = normalize(before[-1]).rstrip("ا")
    return bool(noun) and words[-1] in (noun, "ال" + noun)


_COMPARISON_CUE = cues.raw_pattern(cues.COMPARISON_WORDS)


def compared_against(prose: Prose, at: int) -> bool:
    """"مقابل 40.3% في مايو", "مقارنة بـ1.2% في يونيو": a comparison cue shortly
    before the date, in its clause."""
    if not _COMPARISON_CUE.search(prose.text, max(0, at - 120), at):
        return False
    floor = prose.clause_start(at)
    words = prose.words_before(at, cues.COMPARISON_REACH, floor)
    for i, w in enumerate(words):
        if cues.in_set(w, cues.COMPARISON):
            # what is compared is a figure ("مقابل 40.3%") or the date itself;
            # "الدولار مقابل الجنيه" compares currencies, not days
            between = [x for x in words[i + 1:] if len(x) > 1 or x.isdigit()]
            if not between or any(ch.isdigit() for x in between[:2] for ch in x):
                return True
    return False


_CONDITIONAL = cues.raw_pattern(cues.CONDITIONAL_PHRASES)
# "بدلا من" right before the date (a word such as "يوم" may stand between).
_REPLACED = re.compile(cues.raw_pattern(cues.REPLACED_PHRASES).pattern + r"\s*(?:\S+\s*)?$")


def in_condition(prose: Prose, at: int) -> bool:
    """A conditional ("في حال", "إذا") opens the sentence's part before ``at``:
    the condition and what follows from it are one outcome among others."""
    s, _e = prose.sentence(at, at + 1)
    return bool(_CONDITIONAL.search(prose.text, max(s, at - CONDITION_REACH), at))


def identifies_a_document(prose: Prose, at: int, before: list[str] | None = None) -> bool:
    """"القرار رقم 28 وتاريخ ...", "المرسوم الصادر في ...": a reference marker right
    before the date and a document named shortly before it."""
    words = (prose.words_before(at, _DOCUMENT_REACH) if before is None else before)[-_DOCUMENT_REACH:]
    near = words[-_REFERENCE_REACH:]
    marker = next((i for i in range(len(near) - 1, -1, -1) if cues.in_set(near[i], cues.REFERENCE_MARKERS)), None)
    if marker is None:
        return False
    upto = len(words) - len(near) + marker
    return any(cues.in_set(w, cues.DOCUMENT_NOUNS) for w in words[:upto])


def is_holiday_name(mention: Mention) -> bool:
    """A holiday or anniversary named by its name, with no day number: "عيد الفطر"."""
    spec = mention.expression.spec or {}
    text = mention.expression.text
    if any(ch.isdigit() for ch in text):
        return False
    if spec.get("kind") == "holiday":
        return True
    words = normalize(text).split()
    return bool(words) and cues.in_set(words[0], cues.HOLIDAY_HEADS)


def names_an_occasion(mention: Mention) -> bool:
    """Whether an expression names an occasion, alone or as a day of it ("عيد الفطر",
    "أول أيام شهر رمضان لسنة 1433"): what happens on the day, not only when."""
    spec = mention.expression.spec or {}
    if spec.get("kind") == "nth":
        spec = spec.get("of") or {}
    return spec.get("kind") == "holiday"


def _is_current(mention: Mention) -> bool:
    """The current week, month or year named bare ("هذا الشهر", "لهذا العام"), not a
    part of it ("أواخر الشهر الجاري")."""
    words = mention.expression.text.split()
    return (any(cues.in_set(w, cues.CURRENT_PERIOD) for w in words)
            and not any(cues.in_set(w, cues.PERIOD_PART) for w in words))


def _bare_year(mention: Mention, prose: Prose, at: int, before: list[str] | None = None) -> bool:
    """A year in digits told without "عام"/"سنة": "في 2026", "خلال 2025" (a year not
    over yet, told so, frames plans and totals; "عام 2016" dates a happening)."""
    text = mention.expression.text
    if not _YEAR_DIGITS.search(text) or any(cues.in_set(w, cues.YEAR_NOUNS) for w in text.split()):
        return False
    before = prose.words_before(at, 1) if before is None else before
    return not (before and cues.in_set(before[-1], cues.YEAR_NOUNS))


_FOR_YEAR = re.compile(r"^(?:ل|لل)(?:عام|سنه)")


def _for_the_year(mention: Mention, prose: Prose, at: int, before: list[str] | None = None) -> bool:
    """"لعام 2025", "للعام 2024": a year something is for, not when it happened."""
    first = normalize(mention.expression.text).split()[:1]
    before = prose.words_before(at, 1) if before is None else before
    return bool(first and _FOR_YEAR.match(first[0])) or bool(before and _FOR_YEAR.match(normalize(before[-1])))


def _names_a_period(prose: Prose, at: int, before: list[str] | None = None) -> bool:
    before = prose.words_before(at, 2) if before is None else before
    return any(cues.in_set(w, cues.PERIOD_NOUNS) for w in before[-2:])


# س + the prefix of a present-tense verb + its stem: "سيوافق", "وستعقد", "سنواصل".
_FUTURE_VERB = re.compile(r"^(?:و|ف)?س[يتن][\u0621-\u064A]{3,6}$")


def tells_the_future(clause: str) -> bool:
    """A future verb in the clause: "سيوافق", "وستعقد", "سوف"."""
    for w in ARABIC_WORD.findall(clause):
        n = cues.norm(w)
        if n in cues.FUTURE_WORDS or cues.bare(n) in cues.FUTURE_WORDS:
            return True
        if _FUTURE_VERB.match(n) and not any(cues.bare(n).startswith(p) or n.startswith(p)
                                              for p in cues.NOT_FUTURE_PREFIXES):
            return True
    return False


def is_latin(text: str) -> bool:
    """Mostly Latin letters: never a title on an Arabic timeline."""
    latin = len(LATIN.findall(text))
    arabic = sum(len(w) for w in ARABIC_WORD.findall(text))
    return latin > 0 and latin >= arabic
