"""What one article tells: its happenings, each with its evidence.

One article yields event candidates (evidence rows), grouped into happenings:

- one ``main`` candidate, the reported statement itself, when the article has
  an anchor: the headline as its title (when it tells the statement), the
  anchor date, the dateline city as its place. The expression the anchor was
  read from (or, for a metadata anchor, the first lead expression naming that
  very day) is its evidence;
- one ``mention`` candidate per resolved expression that dates a happening or
  supports one (``ingest.events.dating`` decides which: page furniture,
  clock times, names, conditions, document dates and calendar names do not
  date anything on their own);
- candidates telling the same happening (``ingest.events.within``) share a
  ``happening`` number and a title; grouping (``ingest.events.same``) keeps
  them in one event, and never puts two happenings of one article in one.

Each candidate keeps its sentence (``ingest.events.sentences``) with offsets
into the article, a title (``ingest.events.titles``), its place, the people,
places and organisations named in the sentence (``ingest.events.entities``),
key words for merging, a confidence from how its date was obtained, and an
explanation of its date for users.
"""
from __future__ import annotations

import bisect
import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from ingest.document import (
    BASIS_INFERRED,
    BASIS_LEAD,
    BASIS_METADATA,
    AnalysedArticle,
    Mention,
)
from ingest.events import cues
from ingest.events.dating import (
    NOTHING,
    SUPPORTS,
    is_furniture_line,
    is_latin,
    judge,
    names_an_occasion,
    resolves_to_a_date,
)
from ingest.events.entities import PLACE, EntityRef, Lexicon, default_lexicon, normalize
from ingest.events.prose import ARABIC_WORD, Prose
from ingest.events.same import Evidence
from ingest.events.sentences import sentence_at, split_sentences
from ingest.events.spans import inside
from ingest.events.titles import TITLE_MAX, keywords, shorten, tidy, title_and_clause
from ingest.events.within import Telling, happenings
from ingest.segment import dateline_parts
from ingest.temporal.hijri import to_hijri_iso
from ingest.temporal.types import UNCERTAIN

# Roles of an entity in an event.
ROLE_PLACE = "place"              # where it happened
ROLE_PARTICIPANT = "participant"  # a person or organisation taking part
ROLE_MENTIONED = "mentioned"      # another place named in its sentence (often the topic)

# How the date was obtained -> confidence in it, best first.
DATE_CONFIDENCE = {
    "explicit": 0.95,        # a full date: day, month and year written out
    "weekday_fixed": 0.85,   # no year, but a weekday fixes it
    "year_inferred": 0.6,    # day and month only: the year placed nearest the anchor
    "relative": 0.75,        # relative to the article's date (أمس، الخميس المقبل)
}
# A relative date is only as good as the date it is relative to.
ANCHOR_FACTOR = {BASIS_METADATA: 1.0, BASIS_LEAD: 0.93, BASIS_INFERRED: 0.7}
MAIN_CONFIDENCE = {BASIS_METADATA: 0.9, BASIS_LEAD: 0.85, BASIS_INFERRED: 0.55}
# What a user reads about an event dated by its article's own date.
ANCHOR_EXPLANATION = {
    BASIS_METADATA: "تاريخ نشر المقال",
    BASIS_LEAD: "التاريخ المذكور في مطلع المقال",
    BASIS_INFERRED: "تاريخ مستنتج من نص المقال، تقريبي",
}


@dataclass(frozen=True)
class EntityMention:
    kind: str           # place, person, organisation
    name: str
    name_en: str | None
    key: str            # normalised name: how entities are matched across articles
    role: str
    subkind: str | None = None


@dataclass
class EventCandidate:
    """An event as one article tells it; offsets into the article's text."""

    kind: str                      # "mention" or "main"
    mention_index: int | None      # index into the article's mentions
    date_start: date
    date_end: date
    granularity: str
    value: str
    end_value: str | None
    calendar: str
    rule: str
    title: str
    text: str
    sentence_start: int
    sentence_end: int
    title_start: int | None = None  # the span the title was cut from (the clause, or the headline)
    title_end: int | None = None
    place: str | None = None
    place_key: str | None = None   # the place's matching key (ingest.events.entities.normalize)
    place_named: bool = False      # the place is named in the sentence, not taken from the dateline
    confidence: float = 0.5
    date_basis: str = "relative"
    entities: list[EntityMention] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    explanation: str = ""          # how the date was obtained, in Arabic, for users
    # the happening this candidate tells, numbered within its article (the main event's is 0):
    # candidates of one happening are one event
    happening: int | None = None

    @property
    def hijri_start(self) -> str | None:
        return _hijri_iso(self.date_start)

    @property
    def hijri_end(self) -> str | None:
        return _hijri_iso(self.date_end)


# The calendar conversion costs about 10 µs, and an article's events share few dates.
_hijri_iso = lru_cache(maxsize=4096)(to_hijri_iso)


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around [start, end) (see ``ingest.events.sentences``)."""
    return sentence_at(split_sentences(text), start, end)


# --- which mentions make events --------------------------------------------------

def makes_event(mention: Mention, text: str, start: int, end: int) -> bool:
    """Whether a mention (offsets ``start``/``end`` into ``text``) can date a happening
    at all (``ingest.events.dating`` says whether it does in its article)."""
    return resolves_to_a_date(mention, text, start, end)


# A weekday named beside a day and month fixes the year even when the spec does not say so.
_WEEKDAY = re.compile(r"(?:^|\s|ال)(?:اثنين|ثلاثاء|اربعاء|خميس|جمعه|سبت|احد)(?:\s|$|،)")


def date_basis(mention: Mention) -> str:
    """How the mention's date was obtained (a key of DATE_CONFIDENCE)."""
    spec, res = mention.expression.spec or {}, mention.resolution
    if res.symbolic or spec.get("kind") in ("deictic", "relative", "relative_weekday", "weekday", "offset", "ago"):
        return "relative"
    if spec.get("year") not in (None, "") or re.search(r"\d{4}", mention.expression.text):
        return "explicit"
    if spec.get("weekday") is not None or _WEEKDAY.search(normalize(mention.expression.text)):
        return "weekday_fixed"
    if spec.get("day") is not None or spec.get("month") is not None:
        return "year_inferred"
    return "relative"


def date_confidence(mention: Mention, anchor_basis: str) -> float:
    basis = date_basis(mention)
    conf = DATE_CONFIDENCE[basis]
    if basis in ("relative", "year_inferred"):
        conf *= ANCHOR_FACTOR.get(anchor_basis, 0.6)
    if mention.resolution.status == UNCERTAIN:
        conf *= 0.8
    return round(conf, 3)


# --- places and participants -----------------------------------------------------------

# A country counts as the place only close to the date ("في سوريا يوم ...").
_COUNTRY_REACH = 40
# "في سوريا", "في جنوب سوريا", "في منطقة طولكرم": a preposition, and at most one word between.
_IN_BEFORE = re.compile(r"(?:^|\s)(?:في|الى|إلى|بـ?|من)\s*(?:\S+\s+)?$")


def _entities_in(refs: list[EntityRef], start: int, end: int) -> list[EntityRef]:
    """The entities within [start, end); ``refs`` sorted by start, as ``find_all`` gives them."""
    return inside(refs, start, end)


def choose_place(text: str, refs: list[EntityRef], clause: tuple[int, int], focus: int) -> EntityRef | None:
    """Where the dated thing happened: the city nearest the date in its clause, else
    a country the clause puts it in (في سوريا). A city elsewhere in the sentence
    usually belongs to another clause's happening, so it does not count."""
    cities = [r for r in refs if r.kind == PLACE and r.subkind == "city"]
    near = _entities_in(cities, *clause)
    if near:
        return min(near, key=lambda r: (abs(r.start - focus), r.start))
    countries = [r for r in _entities_in(refs, *clause) if r.kind == PLACE and r.subkind in ("country", "region")
                 and abs(r.start - focus) <= _COUNTRY_REACH
                 and _IN_BEFORE.search(normalize(text[max(0, r.start - 20):r.start]))]
    if countries:
        return min(countries, key=lambda r: (abs(r.start - focus), r.start))
    return None


def mentioned_place(refs: list[EntityRef]) -> EntityRef | None:
    """The first place a sentence names anywhere: where its happening most likely
    was when neither its clause nor the dateline says (a weaker hint: it does
    not keep the event apart from others told elsewhere)."""
    return next((r for r in refs if r.kind == PLACE), None)


def _entity_mentions(refs: list[EntityRef], place: EntityRef | None) -> list[EntityMention]:
    seen: dict[tuple[str, str], EntityMention] = {}
    for r in refs:
        if r.kind == PLACE:
            role = ROLE_PLACE if place is not None and r.key == place.key else ROLE_MENTIONED
        else:
            role = ROLE_PARTICIPANT
        k = (r.kind, r.key)
        if k not in seen or (role == ROLE_PLACE and seen[k].role != ROLE_PLACE):
            seen[k] = EntityMention(r.kind, r.name, r.name_en, r.key, role, r.subkind)
    return sorted(seen.values(), key=lambda e: (e.kind, e.key))


def _dateline_place(item: AnalysedArticle, lexicon: Lexicon) -> EntityRef | None:
    """The dateline's city: as the gazetteer knows it, else as the dateline spells it."""
    dl = item.article.dateline
    if not dl:
        return None
    places = lexicon.find_places(dl)
    if places:
        return places[0]
    city = dateline_parts(item.article).get("place")
    if not city:
        return None
    known = lexicon.find_places(city)
    if known:
        return known[0]
    return EntityRef(PLACE, city, None, normalize(city), 0, 0, "city")


# --- building ----------------------------------------------------------------------------

def _end_of(part: str | None, span: tuple[int, int] | None, off: int, text: str) -> int:
    """Where a headline or a dateline ends in the article's text (a re-anchored
    document knows them but not where they stood: they are looked for)."""
    if span:
        return span[1] - off
    at = text.find(part.strip()) if part and part.strip() else -1
    return at + len(part.strip()) if at >= 0 else 0


def _lead(prose: Prose, body_start: int) -> list[tuple[int, int]]:
    """The first three body sentences that read as prose: page furniture (stamps,
    bylines, section labels, share links) left in an article is skipped."""
    found = prose.leads.get(body_start)
    if found is None:
        found = prose.leads[body_start] = _find_lead(prose, body_start)
    return found


def _find_lead(prose: Prose, body_start: int) -> list[tuple[int, int]]:
    out = []
    for s, e in prose.sentences:
        if s < body_start or len(ARABIC_WORD.findall(prose.text, s, e)) < 5 or is_furniture_line(prose, s):
            continue
        out.append((s, e))
        if len(out) == 3:
            break
    return out


def _main_mention(item: AnalysedArticle, body_start: int, prose: Prose, told: dict[int, str]) -> int | None:
    """The expression that dates the article's own reporting event, if any: the
    one the anchor was read from, or the first of the lead naming the anchor's
    day; never one that tells nothing (page furniture)."""
    anchor = item.anchor
    if anchor.date is None:
        return None
    if anchor.mention_index is not None and anchor.basis in (BASIS_LEAD, BASIS_INFERRED):
        i = anchor.mention_index
        usable = (anchor.basis == BASIS_LEAD and 0 <= i < len(item.mentions)
                  and item.mentions[i].resolution.is_dated and told.get(i, NOTHING) != NOTHING)
        return i if usable else None
    # a metadata date: the first expression of the lead (first three body sentences) naming that day
    lead = _lead(prose, body_start)
    if not lead:
        return None
    lead_end = lead[-1][1]
    off = item.article.start
    for i, m in enumerate(item.mentions):
        r = m.resolution
        s = m.expression.start - off
        if (body_start <= s < lead_end and r.is_dated and r.date_start == anchor.date
                and r.date_end in (None, anchor.date) and told.get(i, NOTHING) != NOTHING):
            return i
    return None


def build_events(item: AnalysedArticle, lexicon: Lexicon | None = None) -> list[EventCandidate]:
    """The evidence one article tells, in text order (the main event first), each
    candidate numbered with the happening it tells."""
    lexicon = lexicon or default_lexicon()
    article = item.article
    text = article.text
    off = article.start
    spans = [(m.expression.start - off, m.expression.end - off) for m in item.mentions]
    prose = Prose(text, sorted(sp for sp in spans if 0 <= sp[0] < sp[1] <= len(text)))
    refs = lexicon.find_all(text)
    dateline = _dateline_place(item, lexicon)
    body_start = max(_end_of(article.headline, article.headline_span, off, text),
                     _end_of(article.dateline, article.dateline_span, off, text))

    told: dict[int, str] = {}
    for index, mention in enumerate(item.mentions):
        start, end = spans[index]
        if 0 <= start < end <= len(text):
            told[index] = judge(mention, start, end, prose, item.anchor.date).role
    main_index = _main_mention(item, body_start, prose, told)
    marks = TitleMarks(
        occasions={spans[i] for i, m in enumerate(item.mentions) if names_an_occasion(m)},
        clocks={spans[i] for i, m in enumerate(item.mentions) if (m.expression.spec or {}).get("kind") == "clock"},
        lengths={spans[i] for i, m in enumerate(item.mentions) if m.expression.type in ("DURATION", "SET")})
    main = _main_event(item, main_index, prose, refs, dateline, body_start, marks)
    lengths = Lengths(item, spans, prose)
    if main is not None and main_index is not None:
        lengths.apply(main, spans[main_index][1])
    candidates: list[EventCandidate] = []
    tellings: list[Telling] = []
    if main is not None:
        ms, me = spans[main_index] if main_index is not None else (-1, -1)
        candidates.append(main)
        tellings.append(_telling(0, main, ms, me, False))
    # a headline sums up its body: a date told only there is a misreading or
    # background, and joins the body's happening or nothing
    head_end = article.headline_span[1] - off if article.headline_span is not None else 0
    supports = {i for i, role in told.items() if role == SUPPORTS or (role != NOTHING and spans[i][0] < head_end)}
    joinable = _joinable(item, spans, told, supports, main)
    for index, role in told.items():
        if index == main_index or role == NOTHING or (index in supports and index not in joinable):
            continue
        start, end = spans[index]
        cand = _mention_event(item, index, item.mentions[index], prose, refs, dateline, start, end, marks)
        lengths.apply(cand, end)
        tellings.append(_telling(len(candidates), cand, start, end, index in supports))
        candidates.append(cand)
    told_together = happenings(tellings, prose)
    tellings_by_key = {t.key: t for t in tellings}
    for start_key, end_key in told_together.spans.items():
        _span_to(candidates[start_key], candidates[end_key])
    groups = told_together.groups
    if main is not None and main_index is None and item.anchor.basis != BASIS_LEAD:
        # a day the article was published (not one its text names) is a happening
        # only when the article tells something on it, or its lead tells something
        # without a date of its own (what a report tells undated, happened on its day)
        lead_dated = any(told.get(i) != NOTHING and main.sentence_start <= spans[i][0] < main.sentence_end
                         for i in told)
        if lead_dated:
            groups = [g for g in groups if g != [0]]
    # the main event's happening first, then in text order
    groups.sort(key=lambda g: (0 not in g or main is None, min(candidates[k].sentence_start for k in g)))
    out: list[EventCandidate] = []
    lead = _lead(prose, body_start)
    for number, group in enumerate(groups):
        members = [candidates[k] for k in group]
        # a happening is titled by a telling that dates it or by the headline, not by
        # one that only supports it in the body
        dating = [candidates[k] for k in group
                  if not tellings_by_key[k].supports_only or candidates[k].sentence_start < body_start] or members
        title_from = _title_of(dating, body_start)
        title = title_from.title
        if lead and title_from.title_start == lead[0][0]:
            # the lead opens on the outlet's credit ("طقس العرب - أصدر ..."): not the news
            title = _LEADING_CREDIT.sub("", title, count=1) or title
        for c in members:
            c.happening = number
            c.title, c.title_start, c.title_end = title, title_from.title_start, title_from.title_end
        out.extend(members)
    out.sort(key=lambda c: (c.kind != "main", c.sentence_start, c.title_start or 0))
    return out


# How close another date must stand for a supporting expression to be told with
# it (apposition, a list, the two ends of a span).
_NEIGHBOUR_REACH = 80


def _joinable(item: AnalysedArticle, spans: list[tuple[int, int]], told: dict[int, str], supports: set[int],
              main: EventCandidate | None) -> set[int]:
    """The supporting expressions that may join a happening: those dating an
    interval a dating expression (or the main event) dates, and those standing
    close to another expression. The others are not worth building."""
    intervals = {(item.mentions[i].resolution.date_start, item.mentions[i].resolution.date_end)
                 for i, role in told.items() if role != NOTHING and i not in supports}
    if main is not None:
        intervals.add((main.date_start, main.date_end))
    placed = sorted((spans[i], i) for i in told if told[i] != NOTHING)
    near: set[int] = set()
    for (a, i), (b, j) in zip(placed, placed[1:]):
        if b[0] - a[1] <= _NEIGHBOUR_REACH:
            near.update((i, j))
    return {i for i in supports
            if i in near or (item.mentions[i].resolution.date_start, item.mentions[i].resolution.date_end) in intervals}


def told_explanation(expression: str) -> str:
    """What a user reads about a date the resolver did not explain: where it comes from."""
    return f"التاريخ كما يذكره النص: «{expression.strip()}»"


class Lengths:
    """Lengths of time told right after a day ("أغلقت المعبر الإثنين، لمدة ستة أيام",
    "اعتبارا من الخميس وذلك على مدار خمسة أيام"): the happening starts on that
    day and lasts that long."""

    _GAP = re.compile(r"[\s،,]*(?:و?ذلك\s+)?(?:(?:لمدة|على\s+مدار|على\s+مدى|طيلة|طوال)\s*)?")
    _CUE = re.compile(r"لمدة|مدار|مدى|طيلة|طوال")
    _DAYS = re.compile(r"P(\d+)([DW])")
    MAX_DAYS = 31  # longer is a period of its own, not one happening's length

    def __init__(self, item: AnalysedArticle, spans: list[tuple[int, int]], prose: Prose) -> None:
        self.prose = prose
        self.lengths = sorted((spans[i][0], spans[i][1], m.resolution.value or "")
                              for i, m in enumerate(item.mentions) if m.expression.type == "DURATION")
        self.starts = [s for s, _, _ in self.lengths]

    def days_after(self, end: int) -> int | None:
        """The length in days told right after offset ``end``, if any."""
        i = bisect.bisect_left(self.starts, end)
        if i == len(self.lengths):
            return None
        s, e, value = self.lengths[i]
        text = self.prose.text
        m = self._DAYS.fullmatch(value)
        if m is None or not self._GAP.fullmatch(text, end, s) or not self._CUE.search(text, end, min(e, s + 12)):
            return None
        days = int(m.group(1)) * (7 if m.group(2) == "W" else 1)
        return days if 1 < days <= self.MAX_DAYS else None

    def apply(self, c: EventCandidate, end: int) -> None:
        if c.granularity != "day" or c.date_start != c.date_end:
            return
        days = self.days_after(end)
        if days is None:
            return
        c.date_end = c.date_start + timedelta(days=days - 1)
        c.end_value = c.date_end.isoformat()
        c.rule = f"{c.rule}; lasting P{days}D (a length of time told after the day)"
        c.explanation = (f"فترة من {c.date_start.isoformat()} إلى {c.date_end.isoformat()}: "
                         f"تبدأ في اليوم المذكور وتدوم {days} أيام كما يذكر النص")


def _span_to(first: EventCandidate, last: EventCandidate) -> None:
    """"من ``first`` حتى ``last``": the first telling dates the whole span."""
    first.date_end = last.date_end
    first.end_value = last.end_value or last.value
    first.rule = f"{first.rule}; span to {last.value} (from ... to ... in the text)"
    first.explanation = (f"فترة من {first.date_start.isoformat()} إلى {first.date_end.isoformat()}: "
                         "بدايتها ونهايتها مذكورتان في النص")


def _telling(key: int, c: EventCandidate, start: int, end: int, supports_only: bool) -> Telling:
    # the article's own statement first, then an explicit date, then Gregorian before a converted one
    trust = (-1,) if c.kind == "main" else (_BASIS_RANK.get(c.date_basis, 4), c.calendar != "gregorian")
    return Telling(key, start, end, c.date_start, c.date_end, c.granularity, supports_only,
                   _named_place(c), trust, c.title, (c.sentence_start, c.sentence_end), lambda: _as_evidence(c))


_BASIS_RANK = {"explicit": 0, "weekday_fixed": 1, "year_inferred": 2, "relative": 3}


def _named_place(c: EventCandidate) -> tuple[str | None, str] | None:
    """The place the candidate's clause names, with its kind (city, country)."""
    if not c.place_named or not c.place_key:
        return None
    subkind = next((e.subkind for e in c.entities if e.kind == PLACE and e.key == c.place_key), None)
    return (subkind, c.place_key)


def _as_evidence(c: EventCandidate) -> Evidence:
    """The candidate as the cross-article rules see a row (one article: document 0)."""
    people = frozenset(e.key for e in c.entities if e.kind == "person")
    orgs = frozenset(e.key for e in c.entities if e.kind == "organisation")
    places = frozenset(e.key for e in c.entities if e.kind == PLACE)
    return Evidence(0, None, 0, "", "", c.kind, c.sentence_start, c.sentence_end, None, c.date_start, c.date_end,
                    c.granularity, c.confidence, c.place, c.place_key, c.place_named, people, people | orgs,
                    places, frozenset(c.keywords))


def _title_of(members: list[EventCandidate], body_start: int) -> EventCandidate:
    """The member whose title the happening takes: the main event's, else one from
    the body that says who did what, else one that is not broken (cut at its start,
    or opened by a fronted phrase or a verb of saying: a headline is usually whole);
    among equals the one whose title says most (content words), the body's before
    the headline's, the first in the text on a tie."""
    for c in members:
        if c.kind == "main":
            return c

    def rank(c: EventCandidate) -> tuple:
        in_body = c.sentence_start >= body_start
        return (not is_latin(c.title), in_body and _says_who_did_what(c.title), not _broken(c.title),
                min(len(c.keywords), 8), in_body, -c.sentence_start)
    return max(members, key=rank)


@dataclass(frozen=True)
class TitleMarks:
    """Expressions titles treat apart (spans into the article's text): an
    occasion's name tells what happens on its day, so titles keep it ("أول أيام
    عيد الفطر"); a clock time tells nothing a title needs; a length of time or a
    recurrence beside a date ("الإثنين، لمدة ستة أيام") is not another way of
    writing that date, and stays."""
    occasions: set[tuple[int, int]] = field(default_factory=set)
    clocks: set[tuple[int, int]] = field(default_factory=set)
    lengths: set[tuple[int, int]] = field(default_factory=set)


def _mention_event(item: AnalysedArticle, index: int, mention: Mention, prose: Prose,
                   refs: list[EntityRef], dateline: EntityRef | None, start: int, end: int,
                   marks: TitleMarks) -> EventCandidate:
    res = mention.resolution
    text = prose.text
    s, e = prose.sentence(start, end)
    sentence = text[s:e]
    title, (cl, cr) = title_and_clause(sentence, start - s, end - s, _dates_in(prose, s, e, start, end, marks),
                                       keep_focus=(start, end) in marks.occasions)
    in_sentence = _entities_in(refs, s, e)
    place = choose_place(text, in_sentence, (s + cl, s + cr), start)
    # the sentence's clause first, then the dateline, then any place the sentence names
    where = place or dateline or mentioned_place(in_sentence)
    basis = date_basis(mention)
    return EventCandidate(
        kind="mention", mention_index=index, date_start=res.date_start,
        date_end=res.date_end or res.date_start, granularity=res.granularity or "day", value=res.value,
        end_value=res.end_value, calendar=res.calendar, rule=res.rule,
        explanation=res.explanation or told_explanation(mention.expression.text),
        title=title or sentence[:TITLE_MAX],
        text=sentence, sentence_start=s, sentence_end=e, title_start=s + cl, title_end=s + cr,
        place=where.name if where else None, place_key=where.key if where else None, place_named=place is not None,
        confidence=date_confidence(mention, item.anchor.basis), date_basis=basis,
        entities=_entity_mentions(in_sentence + ([dateline] if place is None and dateline else []), where),
        keywords=keywords(title, in_sentence),
    )


def _headline(article, prose: Prose) -> tuple[str, tuple[int, int] | None]:
    """The article's headline and its span in the source, when it reads as a
    headline (Arabic words, not a stamp or a byline)."""
    headline = (article.headline or "").strip()
    text = prose.text
    # a re-anchored document knows its headline but not where it stood: look for it
    span = article.headline_span or ((article.start + text.find(headline), article.start + text.find(headline) + len(headline))
                                     if headline and headline in text else None)
    if not headline or is_latin(headline) or (span and is_furniture_line(prose, span[0] - article.start)):
        return "", None
    # a dateline or a credit standing where the headline should ("شفق نيوز - بغداد")
    if len([w for w in ARABIC_WORD.findall(headline) if not cues.in_set(w, cues.STAMP_WORDS)]) < HEADLINE_MIN_WORDS:
        return "", None
    return headline, span


# Content words a lead's clause needs to title the main event rather than the headline.
LEAD_TITLE_MIN_KEYWORDS = 4
# Words a headline has besides stamp words (a shorter line is a dateline or a credit).
HEADLINE_MIN_WORDS = 3
# Content words a headline must share with the lead to tell what the lead tells
# (one shared word is often only the topic: "عطلة العيد").
HEADLINE_SHARED_WORDS = 2


# A credit opening a lead ("رام الله مكس- أكد", "كونا -"): a few words before a dash.
_LEADING_CREDIT = re.compile(r"^\s*(?:[^\s\-–—:.،]+\s+){0,3}[^\s\-–—:.،]+\s*[\-–—]\s*")


def _broken(clause: str) -> bool:
    """Whether a clause is cut at its start or opened by what does not yet say who
    did what: a fronted phrase (a preposition or an adverb), a verb of saying (the
    saying, not the news) or a quotation."""
    first = ARABIC_WORD.search(clause)
    if first is None or clause.startswith("…"):
        return True
    word = first.group()
    return (cues.in_set(word, cues.FRONTED_OPENERS) or cues.in_set(word, cues.SAYING)
            or clause.lstrip()[:1] in "\"“«")


def _says_who_did_what(clause: str) -> bool:
    """Whether a clause can title what it tells: whole, and with enough content words."""
    return not _broken(clause) and len(keywords(clause)) >= LEAD_TITLE_MIN_KEYWORDS


def tells_the_same(headline: str, sentence: str) -> bool:
    """Whether a headline tells what a sentence tells: they share content words
    (not those of a credit opening the sentence, which a site's name shares)."""
    sentence = _LEADING_CREDIT.sub("", sentence, count=1)
    return len(set(keywords(headline)) & set(keywords(sentence))) >= HEADLINE_SHARED_WORDS


# what stands between two expressions of one date ("الموافق") or the two ends of
# one span ("وحتى"): a title leaves both out
_BESIDE = re.compile(r"[\s،,\-–—ـ()\[\]/]*(?:(?:ال)?موافق(?:ة|ين|ان)?\s*(?:لـ?)?|(?:الذي|التي)\s+يوافق(?:ه|ها)?|يوافق(?:ه|ها)?"
                     r"|و?(?:حتى|إلى|الى|لغاية|ل?نهاية)(?:\s+(?:يوم|تاريخ))?)?[\s،,()\[\]/]*")


def _dates_in(prose: Prose, s: int, e: int, start: int, end: int, marks: TitleMarks | None = None
              ) -> list[tuple[int, int]]:
    """What a title leaves out, offsets into the sentence [s, e): the date expression
    at [start, end), those beside it ("الأحد 12 ربيع الأول الموافق 10 نوفمبر") but
    not the names of occasions nor lengths of time, and the sentence's clock times."""
    marks = marks or TitleMarks()
    dates = prose.dates_within(s, e)
    out = [(start, end)]
    i = next((k for k, d in enumerate(dates) if d == (start, end)), None)
    if i is not None:
        lo = i
        while lo > 0 and dates[lo - 1] not in marks.lengths and _BESIDE.fullmatch(prose.text, dates[lo - 1][1], dates[lo][0]):
            lo -= 1
            out.append(dates[lo])
        hi = i
        while (hi + 1 < len(dates) and dates[hi + 1] not in marks.lengths
               and _BESIDE.fullmatch(prose.text, dates[hi][1], dates[hi + 1][0])):
            hi += 1
            out.append(dates[hi])
    out += [d for d in dates if d in marks.clocks and d not in out]
    return [(a - s, b - s) for a, b in out if (a, b) == (start, end) or (a, b) not in marks.occasions]


def _main_event(item: AnalysedArticle, main_index: int | None, prose: Prose, refs: list[EntityRef],
                dateline: EntityRef | None, body_start: int, marks: TitleMarks) -> EventCandidate | None:
    anchor, article = item.anchor, item.article
    if anchor.date is None:
        return None
    text = prose.text
    mention = item.mentions[main_index] if main_index is not None else None
    if mention is not None:
        ms, me = mention.expression.start - article.start, mention.expression.end - article.start
        s, e = prose.sentence(ms, me)
        res = mention.resolution
        d0, d1 = res.date_start, res.date_end or res.date_start
        value, end_value, gran, cal, rule = res.value, res.end_value, res.granularity or "day", res.calendar, res.rule
        # the expression names the article's own day: say so when the resolver does not
        explanation = res.explanation or ANCHOR_EXPLANATION.get(anchor.basis, "")
        confidence = max(MAIN_CONFIDENCE.get(anchor.basis, 0.5), date_confidence(mention, anchor.basis))
        basis = date_basis(mention)
    else:
        lead = _lead(prose, body_start)
        s, e = lead[0] if lead else (prose.sentences[0] if prose.sentences else (0, len(text)))
        ms = me = s
        d0 = anchor.date
        if anchor.granularity == "month":
            d1 = d0.replace(day=calendar.monthrange(d0.year, d0.month)[1])
            value, gran = d0.isoformat()[:7], "month"
        else:
            d1, value, gran = d0, d0.isoformat(), "day"
        end_value, cal, rule = None, "gregorian", anchor.rule or "the article's date"
        explanation = ANCHOR_EXPLANATION.get(anchor.basis, "")
        confidence = MAIN_CONFIDENCE.get(anchor.basis, 0.5)
        basis = "anchor"
    sentence = text[s:e]
    headline, span = _headline(article, prose)
    clause_title, (cl, cr) = title_and_clause(sentence, ms - s, me - s,
                                              _dates_in(prose, s, e, ms, me, marks) if me > ms else [],
                                              keep_focus=(ms, me) in marks.occasions)
    # the lead's own clause says who did what in the editor's words; the headline
    # (a teaser as often as a summary) stands in when that clause says little
    if (headline and span and tells_the_same(headline, sentence)
            and not _says_who_did_what(clause_title)):
        title = shorten(tidy(headline), 0)
        t0, t1 = span[0] - article.start, span[1] - article.start
    else:
        title, t0, t1 = clause_title, s + cl, s + cr
    in_sentence = _entities_in(refs, s, e)
    in_headline = _entities_in(refs, *((span[0] - article.start, span[1] - article.start) if span else (0, 0)))
    named = choose_place(text, in_sentence, (s, e), ms) if mention is not None else None
    place = dateline or named or mentioned_place(in_sentence + in_headline)
    ents = in_sentence + in_headline + ([dateline] if dateline else [])
    return EventCandidate(
        kind="main", mention_index=main_index, date_start=d0, date_end=d1, granularity=gran, value=value,
        end_value=end_value, calendar=cal, rule=rule, explanation=explanation, title=title, text=sentence,
        sentence_start=s,
        sentence_end=e, title_start=t0, title_end=t1, place=place.name if place else None, place_key=place.key if place else None,
        place_named=place is not None and named is not None and place.key == named.key,
        confidence=round(confidence, 3), date_basis=basis,
        entities=_entity_mentions(ents, place), keywords=keywords(headline + " " + sentence, ents),
    )
