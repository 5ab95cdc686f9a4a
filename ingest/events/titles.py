"""Titles and key words: the clause around a date expression, cleaned of the date.

A sentence is cut into clauses at ``،`` ``:`` ``؛`` brackets and dashes; the
title is the clause holding the date expression, without the expression and
the words gluing it in (في، يوم، خلال), at most ``TITLE_MAX`` characters. A
clause holding little more than the date takes in its neighbours, and
reported speech ("قال أمس إن ...") is a clause of its own. Key words are the
light stems of a title's content words, for comparing events.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Sequence

from ingest.events import cues
from ingest.events.entities import EntityRef, normalize

TITLE_MAX = 120
_TOKEN = re.compile(r"[\u0621-\u064A\u0640\u064B-\u0652A-Za-z0-9]+")


# Clause boundaries inside a sentence.
# Quotes are not among them: short quoted names ("سو-24") sit inside clauses; nor are
# dashes, which join as often as they part ("اتفاق روسي – أميركي").
_CLAUSE_BREAK = re.compile(r"[،,:;؛\(\)\[\]]|\.\.")
# Words that join a date to its clause and mean nothing without it.
_DATE_GLUE = {normalize(w) for w in """في يوم يومي خلال منذ الـ من حتى وحتى إلى لغاية ولغاية مساء صباح ظهر ليلة عشية عند
اعتبارا بدءا ابتداء بداية تاريخ بتاريخ بعد قبل""".split()}
# Complementisers that open reported speech: the reported part is a clause of its own.
# (many sites drop the hamza: "ان"، "بانه"; some write the shadda: "انّ")
_COMPLEMENTISER_WORD = r"ب?[أإا]ن\u0651?ه?"
_COMPLEMENTISER_OPENING = re.compile(rf"\s*{_COMPLEMENTISER_WORD}\s+")
_COMPLEMENTISER = re.compile(rf"\s{_COMPLEMENTISER_WORD}\s")


def _clauses(sentence: str) -> list[tuple[int, int]]:
    """Spans of the clauses of ``sentence``."""
    out, left = [], 0
    for m in _CLAUSE_BREAK.finditer(sentence):
        out.append((left, m.start()))
        left = m.end()
    out.append((left, len(sentence)))
    return out


# A title needs this many words besides its dates; a clause holding fewer
# ("، يوم الثلاثاء،", "تبدأ بنهاية دوام") takes in its neighbours.
TITLE_MIN_WORDS = 5


# A clause of fewer words takes in the clause that spells it out ("حيث ...").
SPELLED_OUT_BELOW = 7
# A clause of fewer words between commas is an aside ("منذ قليل", "بدوره").
ASIDE_MAX_WORDS = 3


def _words_besides(sentence: str, left: int, right: int, dates: Sequence[tuple[int, int]]) -> int:
    """How many words [left, right) keeps once its dates and the glue before them are out."""
    count, pos = 0, left
    for s, e in sorted(dates):
        if s >= left and e <= right:
            words = _TOKEN.findall(sentence, pos, s)
            while words and _is_glue(words[-1]):
                words.pop()
            count += len(words)
            pos = e
    return count + len(_TOKEN.findall(sentence, pos, right))


def clause_span(sentence: str, start: int, end: int, dates: Sequence[tuple[int, int]] = ()) -> tuple[int, int]:
    """The clause of ``sentence`` around [start, end); a clause holding little
    more than its dates takes in the clauses on either side."""
    dates = list(dates) or [(start, end)]
    parts = _clauses(sentence)
    # every clause the expression touches: a date may hold brackets or a colon itself
    # ("غدا السبت (18 مارس 2017)")
    idx = [i for i, (a, b) in enumerate(parts) if a < max(end, start + 1) and start < b] or [
        min(range(len(parts)), key=lambda i: abs(parts[i][0] - start))]
    lo, hi = idx[0], idx[-1]
    while parts[hi][1] < end and hi + 1 < len(parts):  # a closing bracket ends the expression
        hi += 1
    while _words_besides(sentence, parts[lo][0], parts[hi][1], dates) < TITLE_MIN_WORDS and (lo > 0 or hi < len(parts) - 1):
        lo, hi = max(0, lo - 1), min(len(parts) - 1, hi + 1)
    # an aside of a word or two ("، منذ قليل،") says nothing: what it parts goes on
    while lo > 0 and lo < idx[0] and len(_TOKEN.findall(sentence, *parts[lo])) < ASIDE_MAX_WORDS:
        lo -= 1
    # a subject opened by a complementiser and closed by a comma ("أن عودة الحجاج
    # إلى غزة، ستكون ...") belongs to the verb after it
    if lo > 0 and _COMPLEMENTISER_OPENING.match(sentence, parts[lo - 1][0]) and _continues(sentence, parts[lo]):
        lo -= 1
    # A date closing its clause between commas ("نشرت الوزارة، اليوم، روزنامة"
    # or "نشرت الوزارة اليوم، روزنامة"): what the clause tells goes on after it.
    if hi + 1 < len(parts) and not _TOKEN.search(sentence, end, parts[hi][1]) and _continues(sentence, parts[hi + 1]):
        hi += 1
    # a short clause announcing what the next spells out ("تقام مباراتان، حيث يلتقي ...")
    if (hi + 1 < len(parts) and _words_besides(sentence, parts[lo][0], parts[hi][1], dates) < SPELLED_OUT_BELOW
            and _opens_with(sentence, parts[hi + 1], cues.SPELLING_OUT)):
        hi += 1
    left, right = parts[lo][0], parts[hi][1]
    # Reported speech is a clause of its own: "قال أمس إن ..." dates the saying,
    # "قال إن الاجتماع سيعقد غدا" the meeting. Keep the date's side, if enough is left.
    cuts = [m.start() for m in _COMPLEMENTISER.finditer(sentence, left, right)]
    # before the date, only a complementiser after a verb of saying opens reported
    # speech ("من المقرر أن تعقد" does not)
    before = [c for c in cuts if c < start and _after_saying(sentence, c)]
    after = [c for c in cuts if c >= end]
    if before and _words_besides(sentence, before[-1], right, dates) >= TITLE_MIN_WORDS:
        left = before[-1] + 1
    if after and _words_besides(sentence, left, after[0], dates) >= TITLE_MIN_WORDS:
        right = after[0]
    return left, right


def _continues(sentence: str, clause: tuple[int, int]) -> bool:
    """Whether a clause goes on with the one before it: it opens on neither a
    conjunction (و، ف), a word that opens a clause of its own nor a verb of saying."""
    first = _TOKEN.search(sentence, *clause)
    if first is None:
        return False
    w = cues.norm(first.group())
    # a verb of saying opens the sentence's main clause ("وحول الاجتماع المقرر غدا، بيّن لافروف ...")
    return not (w[:1] in "وف" and len(w) > 2) and w not in cues.CLAUSE_OPENERS and w not in cues.SAYING


def _opens_with(sentence: str, clause: tuple[int, int], words: frozenset[str]) -> bool:
    first = _TOKEN.search(sentence, *clause)
    return first is not None and cues.in_set(first.group(), words)


def _is_glue(word: str) -> bool:
    """A word gluing a date in, with or without its conjunction ("في"، "وفي")."""
    n = normalize(word).strip()
    return n in _DATE_GLUE or (n[:1] in "وف" and n[1:] in _DATE_GLUE)


def _strip_dates(clause: str, spans: Sequence[tuple[int, int]], focus_at: int) -> tuple[str, int]:
    """The clause without its date expressions and the words gluing them in, and
    where the date at ``focus_at`` stood in what is left."""
    pieces: list[str] = []
    pos = 0
    focus = 0
    for s, e in sorted(spans):
        if s < pos:
            continue
        head = clause[pos:s]
        words = head.rstrip().split(" ")
        while words and _is_glue(words[-1]):
            words.pop()
        pieces.append(_CLAUSE_BREAK.sub(" ", " ".join(words)))
        if s == focus_at:
            focus = len(tidy(" ".join(pieces)))
        pos = e
    pieces.append(_CLAUSE_BREAK.sub(" ", clause[pos:]))
    return tidy(" ".join(pieces)), focus


def _drop_dangling(title: str) -> str:
    """A title does not end on a word that opens a clause the cut left empty
    ("الذي انعقد" → "انعقد" stays, "... موضحا" goes)."""
    words = title.split()
    while len(words) > TITLE_MIN_WORDS and cues.in_set(words[-1], cues.DANGLING_END):
        words.pop()
    return " ".join(words)


_QUOTES = "“”\"«»„"
_SPACES = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([،,.:؛])")
_QUOTE_MARK = re.compile(f"[{_QUOTES}]")


def tidy(s: str) -> str:
    s = _SPACES.sub(" ", s).strip()
    s = _SPACE_BEFORE_PUNCT.sub(r"\1", s)
    s = s.strip(" ،,.:؛;-–—" + _QUOTES)
    # a quotation cut open by the clause boundary: drop its marks
    if s.count("“") != s.count("”") or s.count('"') % 2 or s.count("«") != s.count("»"):
        s = _QUOTE_MARK.sub("", s)
    return _SPACES.sub(" ", s).strip()


def shorten(s: str, focus: int, limit: int = TITLE_MAX) -> str:
    """At most ``limit`` characters, cut at word boundaries, around ``focus``."""
    if len(s) <= limit:
        return s
    # more before the date than after: the verb and its subject usually precede it
    lo = max(0, min(focus - (2 * limit) // 3, len(s) - limit))
    hi = lo + limit
    if lo > 0:
        sp = s.find(" ", lo)
        lo = sp + 1 if 0 <= sp < hi else lo
    if hi < len(s):
        sp = s.rfind(" ", lo, hi)
        hi = sp if sp > lo else hi
    return ("…" if lo > 0 else "") + s[lo:hi].strip() + ("…" if hi < len(s) else "")




def _after_saying(sentence: str, at: int) -> bool:
    """Whether the complementiser at ``at`` opens reported speech: إن always
    does (it follows قال); أن when a verb of saying stands within five words
    before it ("وأكد وزير الخارجية الروسي أن")."""
    if normalize(sentence[at:at + 4]).strip().startswith("ان") and sentence[at + 1:at + 2] == "إ":
        return True
    words = _TOKEN.findall(sentence[max(0, at - 80):at])[-5:]
    for w in words:
        n = normalize(w)
        if n in cues.SAYING or (n[:1] in "وف" and n[1:] in cues.SAYING):
            return True
    return False


def make_title(sentence: str, start: int, end: int, dates: Sequence[tuple[int, int]] = ()) -> str:
    """The clause around the date expression at [start, end) of ``sentence``, without
    its dates (``dates``: every date expression of the sentence, offsets into it)."""
    return title_and_clause(sentence, start, end, dates)[0]


def title_and_clause(sentence: str, start: int, end: int, dates: Sequence[tuple[int, int]] = (),
                     keep_focus: bool = False) -> tuple[str, tuple[int, int]]:
    """``make_title`` and the clause it was cut from (``clause_span``), computed once;
    with ``keep_focus`` the expression at [start, end) stays in the title (it names
    an occasion)."""
    dates = set(dates) | {(start, end)} if end > start else set(dates)
    if keep_focus:
        dates.discard((start, end))
    dates = sorted(dates)
    left, right = clause_span(sentence, start, end, dates)
    # an expression holding a colon or a bracket ("الساعة 9:00") is cut out whole
    for s, e in dates:
        if s < right < e:
            right = e
        if s < left < e:
            left = s
    inside = [(s - left, e - left) for s, e in dates if left <= s and e <= right]
    title, focus = _strip_dates(sentence[left:right], inside, start - left)
    m = _COMPLEMENTISER_OPENING.match(title)
    if m and len(title) - m.end() > 10:
        title, focus = title[m.end():], max(0, focus - m.end())
    return _drop_dangling(shorten(title, focus)), (left, right)


# --- key words --------------------------------------------------------------------------

_STOPWORDS = {normalize(w) for w in """
في من إلى الى على عن مع أن إن أنه انه إنه بأن التي الذي الذين اللذين هذا هذه ذلك تلك هناك هنا كما قد لقد
لم لن لا ما ماذا كل بعض أي غير بين عند حول خلال بعد قبل منذ حتى أو ثم كان كانت يكون تكون وكان وكانت
هو هي هم نحن أنا انها إنها أنها عليه عليها فيه فيها له لها لهم به بها يوم يومي اليوم أمس غدا غد الشهر العام
الأسبوع الجاري الماضي المقبل القادم الحالي قال قالت وقال وقالت أكد أكدت وأكد أضاف وأضاف أشار وأشار أوضح وأوضح
لفت ولفت تابع وتابع ذكر وذكر أعلن وأعلن شدد وشدد اعتبر واعتبر أعرب وأعرب مشيرا مؤكدا مضيفا موضحا لافتا
الوزير وزير الخارجية الروسي الروسية الرئيس رئيس قائلا أيضا ايضا كذلك جدا عدة عدد
ومن وفي وعلى وإلى وعن ومع ولا وما ولم ولن وقد وهو وهي وهذا وهذه
""".split()}
# Single-letter clitics other than و are left on: too many words start with ب ل ف.
_CLITICS = ("وال", "بال", "لل", "فال", "كال", "ال", "و")


@lru_cache(maxsize=8192)  # the same words recur across titles and articles
def stem(word: str) -> str:
    """A crude light stem for matching key words: clitics and ال off, ه/ي endings folded."""
    w = normalize(word)
    for pre in _CLITICS:
        if w.startswith(pre) and len(w) - len(pre) >= 3:
            w = w[len(pre):]
            break
    for suf in ("ات", "ين", "ون", "ها", "ه", "ي"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            w = w[: -len(suf)]
            break
    return w


def keywords(text: str, exclude: Iterable[EntityRef] = ()) -> list[str]:
    """Content words of ``text`` as sorted stems (stop words, numbers, short
    words and the words of the entities in ``exclude`` left out: entities are
    compared as entities, and must not count twice)."""
    skip = {stem(w) for r in exclude for w in r.key.split()}
    out = set()
    for tok in _TOKEN.findall(text):
        s = _content_stem(tok)
        if s is None or s in skip or (s[:1] in "بل" and s[1:] in skip):
            continue
        out.add(s)
    return sorted(out)


@lru_cache(maxsize=8192)
def _content_stem(tok: str) -> str | None:
    """The stem of a word of text, or None for a stop word, a number or a short word."""
    n = normalize(tok)
    if n in _STOPWORDS or tok.isdigit() or len(n) < 3:
        return None
    s = stem(n)
    if s in _STOPWORDS or len(s) < 3:
        return None
    return s
